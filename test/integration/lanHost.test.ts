/**
 * The host serving the office network, in-process on loopback (the real network boundary is
 * test/e2e/secondDesk.test.ts): HTTPS with the data folder's certificate, Secure cookies, plain
 * HTTP refused on the same port, /api refused through a proxy, feeds and webhooks answering only
 * their own authentication.
 */
import http from 'node:http';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import { ensureLanCertificate, type LanCertificate } from '../../src/core/host/lan';
import { icsFeedRoute } from '../../src/core/host/routes/icsFeed';
import { reminderWebhookRoutes } from '../../src/core/host/routes/twilioWebhooks';
import { seedStaff, TEST_ADMIN, TEST_PASSWORD } from '../helpers/staff';
import { buildTinyClinic, NOW, openTestApi, type TestApi } from '../helpers/tinyClinic';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string },
): Promise<Reply> {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      { method: options.method ?? 'POST', headers: options.headers ?? {}, ca: options.ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const LIST = JSON.stringify({ from: '2026-03-02T05:00:00Z', to: '2026-03-03T05:00:00Z' });

describe('the host on the office network', () => {
  let t: TestApi;
  let cert: LanCertificate;
  let host: HttpHost;
  let proxied: HttpHost;
  let cookie: string;

  beforeAll(async () => {
    t = openTestApi({ now: NOW });
    buildTinyClinic(t);
    await seedStaff(t.db, TEST_ADMIN, NOW);
    cert = await ensureLanCertificate({ dataDir: t.dir, address: '127.0.0.1', now: Date.now() });
    const common = {
      db: t.db,
      registry: t.registry,
      clock: () => t.now,
      secrets: t.secrets,
      tls: { cert: cert.certPem, key: cert.keyPem },
      routes: [
        icsFeedRoute({ db: t.db, clock: () => t.now }),
        ...reminderWebhookRoutes({
          db: t.db,
          secrets: t.secrets,
          clock: () => t.now,
          publish: (e) => t.registry.publish(e),
        }),
      ],
    };
    host = await startHttpHost({ ...common, port: 0 });
    proxied = await startHttpHost({ ...common, port: 0, trustProxy: true });
    const signIn = await request(`${host.url}/api/auth/signIn`, {
      ca: cert.certPem,
      headers: JSON_TYPE,
      body: JSON.stringify({ username: TEST_ADMIN.username, password: TEST_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers['set-cookie']![0]!;
    expect(setCookie.split('; ').slice(1).sort()).toEqual(
      ['HttpOnly', 'Path=/api', 'SameSite=Strict', 'Secure'].sort(),
    );
    cookie = setCookie.split(';')[0]!;
  });

  afterAll(async () => {
    await host?.close();
    await proxied?.close();
    t?.close();
  });

  it('will not serve a network card in clear', async () => {
    await expect(
      startHttpHost({ db: t.db, registry: t.registry, host: '10.1.2.3' }),
    ).rejects.toThrow(
      'ClinicDesk serves 10.1.2.3 only over HTTPS: sign-in passwords and patient records never cross the office network in clear',
    );
  });

  it('answers HTTPS with a session, 401 without, and refuses plain HTTP on the same port', async () => {
    expect(host.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const signedIn = await request(`${host.url}/api/appointments/list`, {
      ca: cert.certPem,
      headers: { ...JSON_TYPE, cookie },
      body: LIST,
    });
    expect(signedIn.status).toBe(200);
    const anonymous = await request(`${host.url}/api/appointments/list`, {
      ca: cert.certPem,
      headers: JSON_TYPE,
      body: LIST,
    });
    expect(anonymous.status).toBe(401);

    const clear = await request(`${host.url.replace('https:', 'http:')}/api/appointments/list`, {
      headers: { ...JSON_TYPE, cookie },
      body: LIST,
    });
    expect(clear.status).toBe(400);
    expect(clear.text).toBe(
      `ClinicDesk answers only over HTTPS on this address: open ${host.url}/\n`,
    );
    expect(clear.headers['set-cookie']).toBeUndefined();
  });

  it('refuses /api through a proxy, even with a session, unless configured', async () => {
    const proxyHeaders: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9;proto=https' },
      { via: '1.1 squid' },
      { 'x-real-ip': '203.0.113.9' },
    ];
    for (const header of proxyHeaders) {
      const r = await request(`${host.url}/api/appointments/list`, {
        ca: cert.certPem,
        headers: { ...JSON_TYPE, cookie, ...header },
        body: LIST,
      });
      expect(r.status, JSON.stringify(header)).toBe(403);
      expect(JSON.parse(r.text)).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'ClinicDesk does not answer through a proxy: open this PC’s address directly.',
        },
      });
    }
    const events = await request(`${host.url}/api/events`, {
      method: 'GET',
      ca: cert.certPem,
      headers: { cookie, via: '1.1 proxy' },
    });
    expect(events.status).toBe(403);

    const viaTrusted = await request(`${proxied.url}/api/appointments/list`, {
      ca: cert.certPem,
      headers: { ...JSON_TYPE, cookie, 'x-forwarded-for': '203.0.113.9' },
      body: LIST,
    });
    expect(viaTrusted.status).toBe(200);
  });

  it('feeds and webhooks answer only their own authentication, never a desk session', async () => {
    const feed = await request(`${host.url}/ics/not-a-real-feed-token.ics`, {
      method: 'GET',
      ca: cert.certPem,
      headers: { cookie },
    });
    expect(feed.status).toBe(404);
    expect(feed.text).not.toMatch(/BEGIN:VCALENDAR/);
    const hook = await request(`${host.url}/twilio/sms`, {
      ca: cert.certPem,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'From=%2B15125550134&Body=C',
    });
    expect(hook.status).toBeGreaterThanOrEqual(400);
    expect(hook.status).toBeLessThan(500);
  });
});
