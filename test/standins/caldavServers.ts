/**
 * The CalDAV servers the calendar-sync suite runs against, behind one small interface:
 * - Radicale (Debian's python3-radicale), see ./radicale.ts;
 * - "first instance only": Radicale behind a proxy that answers calendar-query time-range filters
 *   the way some servers do, matching a recurring event only when its FIRST instance is in the
 *   range (xandikos 0.2.8 behaves like this). Everything else passes through unchanged;
 * - xandikos (Debian's `xandikos`, a second, independent implementation; no authentication, it
 *   ignores the Basic header our adapter sends). It also lists sync-collection in a form tsdav
 *   does not read, so against it the adapter falls back to ctag + ETag.
 * Each is started on a free port of 127.0.0.1 and stopped by the PID this file started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { busyIntervals, parseCalendar } from '../../src/core/calsync/ical';
import { RadicaleServer, radicaleUnavailable, type RadicaleUser } from './radicale';

export const XANDIKOS = '/usr/bin/xandikos';

export interface CalDavTestServer {
  /** "radicale", "first-instance stand-in", "xandikos". */
  readonly name: string;
  /** What a provider types as the server address. */
  readonly url: string;
  readonly user: RadicaleUser;
  /** The path of one of the user's calendars ("/apatel/work/"). */
  calendarPath(name: string): string;
  makeCalendar(name: string, displayName: string): Promise<string>;
  /** A request as another calendar app would send it (the provider's phone). */
  request(input: {
    method: string;
    path: string;
    body?: string;
    headers?: Record<string, string>;
  }): Promise<Response>;
  stop(): Promise<void>;
}

export function xandikosUnavailable(): string | null {
  if (!fs.existsSync(XANDIKOS)) return `${XANDIKOS} is not installed (apt-get install xandikos)`;
  return null;
}

export { radicaleUnavailable };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log()}`);
    try {
      await fetch(url, { method: 'OPTIONS' });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`server did not answer at ${url}:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function mkcalendarBody(displayName: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">' +
    `<D:set><D:prop><D:displayname>${displayName}</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`
  );
}

export async function startRadicale(user: RadicaleUser): Promise<CalDavTestServer> {
  const server = await RadicaleServer.start([user]);
  return {
    name: 'radicale',
    url: server.url,
    user,
    calendarPath: (name) => `/${user.username}/${name}/`,
    makeCalendar: (name, displayName) => server.makeCalendar(user, name, displayName),
    request: (input) => server.request({ user, ...input }),
    stop: () => server.stop(),
  };
}

/** Radicale behind a proxy whose time-range filter only looks at a series' first instance. */
export async function startFirstInstanceStandin(user: RadicaleUser): Promise<CalDavTestServer> {
  const inner = await startRadicale(user);
  const upstream = new URL(inner.url);
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        }
        const target = new URL(req.url ?? '/', upstream);
        const answer = await fetch(target, {
          method: req.method ?? 'GET',
          headers,
          ...(body.length ? { body } : {}),
          redirect: 'manual',
        });
        let text = Buffer.from(await answer.arrayBuffer());
        const xml = body.toString('utf8');
        const range = /time-range[^>]*start="(\d{8}T\d{6}Z)"[^>]*end="(\d{8}T\d{6}Z)"/.exec(xml);
        if (
          req.method === 'REPORT' &&
          /calendar-query/.test(xml) &&
          range &&
          answer.status === 207
        ) {
          text = Buffer.from(
            await firstInstanceOnly({
              multistatus: text.toString('utf8'),
              startMs: basicToMs(range[1]!),
              endMs: basicToMs(range[2]!),
              get: (href) =>
                fetch(new URL(href, upstream), {
                  headers: { authorization: headers.authorization ?? '' },
                }),
            }),
          );
        }
        const out: Record<string, string> = {};
        answer.headers.forEach((v, k) => {
          if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'content-encoding')
            out[k] = v;
        });
        res.writeHead(answer.status, out);
        res.end(text);
      })().catch((e: unknown) => {
        res.writeHead(502);
        res.end(String(e));
      });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${port}/`;
  return {
    ...inner,
    name: 'first-instance stand-in',
    url,
    stop: async () => {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await inner.stop();
    },
  };
}

function basicToMs(s: string): number {
  return Date.parse(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`,
  );
}

/** Drops every response whose event's first instance is outside [startMs, endMs). */
async function firstInstanceOnly(p: {
  multistatus: string;
  startMs: number;
  endMs: number;
  get: (href: string) => Promise<Response>;
}): Promise<string> {
  const blocks = /<([\w-]+:)?response\b[^>]*>[\s\S]*?<\/\1?response>/g;
  const found = [...p.multistatus.matchAll(blocks)];
  const keep = new Map<string, boolean>();
  for (const m of found) {
    const href = /<(?:[\w-]+:)?href>([^<]+)<\/(?:[\w-]+:)?href>/.exec(m[0])?.[1];
    if (!href) continue;
    const res = await p.get(href);
    if (res.status !== 200) {
      keep.set(m[0], true);
      continue;
    }
    const parsed = parseCalendar(await res.text());
    // The master's first instance: the earliest one the expander finds up to the range's end.
    const first = busyIntervals({
      parsed,
      windowStartMs: 0,
      windowEndMs: p.endMs,
      defaultZone: 'UTC',
    }).items.sort((a, b) => a.startMs - b.startMs)[0];
    keep.set(m[0], first !== undefined && first.endMs > p.startMs);
  }
  return p.multistatus.replace(blocks, (block) => (keep.get(block) === false ? '' : block));
}

export async function startXandikos(user: RadicaleUser): Promise<CalDavTestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-xandikos-'));
  const port = await freePort();
  const logFile = path.join(dir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    XANDIKOS,
    [
      '-d',
      path.join(dir, 'data'),
      '-l',
      '127.0.0.1',
      '-p',
      String(port),
      '--defaults',
      '--current-user-principal',
      `/${user.username}/`,
    ],
    { stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}/`;
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  try {
    await waitForHttp(url, child, log);
  } catch (e) {
    if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    throw e;
  }
  const calendarPath = (name: string) => `/${user.username}/calendars/${name}/`;
  const request: CalDavTestServer['request'] = (input) =>
    fetch(new URL(input.path, url), {
      method: input.method,
      headers: { ...input.headers },
      ...(input.body !== undefined ? { body: input.body } : {}),
    });
  return {
    name: 'xandikos',
    url,
    user,
    calendarPath,
    request,
    makeCalendar: async (name, displayName) => {
      const p = calendarPath(name);
      const res = await request({
        method: 'MKCALENDAR',
        path: p,
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body: mkcalendarBody(displayName),
      });
      if (res.status !== 201) throw new Error(`MKCALENDAR ${p} returned ${res.status}: ${log()}`);
      return p;
    },
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        process.kill(child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
