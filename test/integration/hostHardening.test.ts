/**
 * The HTTP host as a hostile page would try it: an <img src="http://127.0.0.1:5190/%"> on any web
 * page the receptionist opens, a malformed header, a request line Node cannot parse. Each is a
 * 400 on that request only; the host (which also runs reminders and calendar sync) keeps serving.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import { httpRequest } from '../helpers/httpClient';
import { openTestApi, type TestApi } from '../helpers/tinyClinic';
import { sessionCookieHeader, TEST_ADMIN, TestDesks } from '../helpers/staff';

let t: TestApi;
let host: HttpHost;
let hostHeader: string;

beforeAll(async () => {
  t = openTestApi();
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ClinicDesk</title>');
  host = await startHttpHost({ db: t.db, registry: t.registry, staticDir, clock: () => t.now });
  hostHeader = `127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
  t.close();
});

async function healthy(): Promise<void> {
  const r = await httpRequest(host.url, { path: '/api/health', method: 'GET' });
  expect(r.status).toBe(200);
}

/** Sends bytes as they are (no client library would send these) and reads the status line. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(host.port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
  });
}

describe('malformed addresses, paths and headers', () => {
  it.each(['/%', '/%E0%A4%A', '/assets/%', '/%00', '/a%2'])(
    'GET %s is a 400 and the host keeps serving',
    async (p) => {
      const line = await raw(
        `GET ${p} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`,
      );
      expect(line).toBe('HTTP/1.1 400 Bad Request');
      await healthy();
    },
  );

  it('answers a request line Node cannot parse with a 400 on that socket only', async () => {
    expect(await raw('GET /\u0001 HTTP/1.1\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    expect(await raw('BREW\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    await healthy();
  });

  it.each([
    ['%E0%A4%A', /X-ClinicDesk-Actor header is not valid/],
    ['%', /X-ClinicDesk-Actor header is not valid/],
    ['Dana%00', /control characters/],
    ['Dana%0ASmith', /control characters/],
  ])('refuses the desk name header %s with a 400 naming it', async (value, message) => {
    const r = await httpRequest(host.url, {
      path: '/api/providers/list',
      body: '{}',
      headers: { 'content-type': 'application/json', 'x-clinicdesk-actor': value },
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((r.json as { error: { message: string } }).error.message).toMatch(message);
    await healthy();
  });

  it('still takes a well-formed desk name', async () => {
    const token = await new TestDesks(t.db).signIn(TEST_ADMIN, t.now);
    const r = await httpRequest(host.url, {
      path: '/api/providers/list',
      body: '{}',
      headers: {
        'content-type': 'application/json',
        cookie: sessionCookieHeader(token),
        'x-clinicdesk-actor': encodeURIComponent('Zoë at desk 2'),
      },
    });
    expect(r.status).toBe(200);
  });
});
