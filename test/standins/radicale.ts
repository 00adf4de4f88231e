/**
 * A real Radicale CalDAV server for tests: Debian's `python3-radicale` (3.1.8) run with
 * /usr/bin/python3 (the pyenv python on PATH does not see the apt package), in a temporary folder,
 * with plain htpasswd users, owner-only rights and filesystem storage (see
 * ../shared/data/SOURCES.md §7). Started on a free port of 127.0.0.1 and stopped by its PID.
 *
 * Radicale 3.1.8 does not expand recurrences server-side (`<C:expand>` returns the master), so the
 * adapter expands them itself; a real server still proves discovery, ETags, If-Match/If-None-Match
 * and sync-collection as a client meets them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const RADICALE_PYTHON = '/usr/bin/python3';

/** Null when Radicale can be started here; otherwise why not, in words. */
export function radicaleUnavailable(): string | null {
  if (!fs.existsSync(RADICALE_PYTHON)) return `${RADICALE_PYTHON} is not installed`;
  const r = spawnSync(RADICALE_PYTHON, ['-c', 'import radicale'], { encoding: 'utf8' });
  if (r.status !== 0) {
    return `${RADICALE_PYTHON} cannot import radicale (apt-get install python3-radicale): ${(r.stderr || '').trim().split('\n').pop() ?? ''}`;
  }
  return null;
}

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

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`Radicale exited with code ${child.exitCode}:\n${log()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Radicale did not open port ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RadicaleUser {
  username: string;
  password: string;
}

export class RadicaleServer {
  private constructor(
    readonly url: string,
    readonly dir: string,
    private readonly child: ChildProcess,
    private readonly logFile: string,
  ) {}

  static async start(users: RadicaleUser[]): Promise<RadicaleServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-radicale-'));
    const port = await freePort();
    fs.mkdirSync(path.join(dir, 'collections'));
    fs.writeFileSync(
      path.join(dir, 'users'),
      users.map((u) => `${u.username}:${u.password}`).join('\n') + '\n',
    );
    fs.writeFileSync(
      path.join(dir, 'config'),
      [
        '[server]',
        `hosts = 127.0.0.1:${port}`,
        '[auth]',
        'type = htpasswd',
        `htpasswd_filename = ${path.join(dir, 'users')}`,
        'htpasswd_encryption = plain',
        // No delay after a wrong password: the tests send one on purpose.
        'delay = 0',
        '[rights]',
        'type = owner_only',
        '[storage]',
        `filesystem_folder = ${path.join(dir, 'collections')}`,
        '[logging]',
        'level = warning',
        '',
      ].join('\n'),
    );
    const logFile = path.join(dir, 'server.log');
    const out = fs.openSync(logFile, 'a');
    const child = spawn(RADICALE_PYTHON, ['-m', 'radicale', '--config', path.join(dir, 'config')], {
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
    try {
      await waitForPort(port, child, log);
    } catch (e) {
      if (child.pid && child.exitCode === null) child.kill('SIGTERM');
      throw e;
    }
    return new RadicaleServer(`http://127.0.0.1:${port}/`, dir, child, logFile);
  }

  log(): string {
    return fs.readFileSync(this.logFile, 'utf8');
  }

  /** A request as another calendar app would send it (the provider's phone, Thunderbird …). */
  async request(input: {
    user: RadicaleUser;
    method: string;
    path: string;
    body?: string;
    headers?: Record<string, string>;
  }): Promise<Response> {
    const auth = Buffer.from(`${input.user.username}:${input.user.password}`).toString('base64');
    return fetch(new URL(input.path, this.url), {
      method: input.method,
      headers: { authorization: `Basic ${auth}`, ...input.headers },
      ...(input.body !== undefined ? { body: input.body } : {}),
    });
  }

  /** MKCALENDAR /<user>/<name>/ with a display name. */
  async makeCalendar(user: RadicaleUser, name: string, displayName: string): Promise<string> {
    const p = `/${user.username}/${name}/`;
    const res = await this.request({
      user,
      method: 'MKCALENDAR',
      path: p,
      headers: { 'content-type': 'application/xml; charset=utf-8' },
      body:
        '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">' +
        `<D:set><D:prop><D:displayname>${displayName}</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`,
    });
    if (res.status !== 201) throw new Error(`MKCALENDAR ${p} returned ${res.status}`);
    return p;
  }

  /** Stops exactly the server this object started. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
