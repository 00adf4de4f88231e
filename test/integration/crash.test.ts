/**
 * Crash safety of the real host process: `cli.ts serve` is started as a child process, a storm of
 * bookings is sent over HTTP, and the process is killed with SIGKILL in the middle of it — several
 * rounds, restarting on the same data folder each time. After every kill the database must pass
 * PRAGMA integrity_check, and every booking the client saw acknowledged (HTTP 200, ok:true) must be
 * there with the same id and confirmation code; bookings whose answer was lost may or may not be
 * there, but never half: an appointment without its audit row (or the reverse) fails the test.
 *
 * How this was checked to fail (each change made in a scratch copy, then undone):
 *  - the registry calling handler.run without a transaction, with a 20 ms busy loop between the
 *    appointment insert and its audit insert: a kill lands between them and the audit check fails
 *    (84 audit rows for 85 appointments);
 *  - the host holding one long transaction and committing every 300 ms ("group commit"): replies
 *    go out before the commit, and acknowledged booking #0 is missing after the first kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { providerOverlaps } from '../helpers/dbState';
import { postApi as rawPostApi } from '../helpers/httpClient';
import { sessionCookieHeader, TEST_ADMIN, TestDesks } from '../helpers/staff';
import { buildTinyClinic, NOW, openTestApi } from '../helpers/tinyClinic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'src', 'core', 'host', 'cli.ts');
const PATIENTS = 40;
/** How many acknowledged bookings each round waits for before it kills the host. */
const KILL_AFTER = [23, 61, 8];

/** The desk the storm comes from, signed in before the host starts (the host's clock is frozen). */
let cookie = '';
const postApi = (...[url, name, input, extra]: Parameters<typeof rawPostApi>) =>
  rawPostApi(url, name, input, { cookie, ...extra });

const hosts = new Set<ChildProcess>();
afterEach(() => {
  for (const h of hosts) h.kill('SIGKILL');
  hosts.clear();
});

/** Starts `cli.ts serve` on a free port with a frozen clock; resolves with its URL. */
function startHost(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      'serve',
      '--data',
      dataDir,
      '--port',
      '0',
      '--now',
      new Date(NOW).toISOString(),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  hosts.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      hosts.delete(child);
      resolve();
    }),
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+) in a browser/.exec(output);
      if (m) resolve({ child, url: m[1]!, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) =>
      reject(new Error(`host exited (${code}) before serving:\n${output}`)),
    );
  });
}

/** The n-th booking of the storm: fresh times on a 30-minute grid, three providers, 40 patients. */
function nthBooking(
  n: number,
  ids: { providers: number[]; patients: number[]; location: number; visit: number },
) {
  const times = [
    '09:00',
    '09:30',
    '10:00',
    '10:30',
    '11:00',
    '11:30',
    '13:00',
    '13:30',
    '14:00',
    '14:30',
    '15:00',
    '15:30',
    '16:00',
    '16:30',
  ];
  const perDay = times.length * ids.providers.length;
  const day = Math.floor(n / perDay);
  const within = n % perDay;
  // Weekdays from Tuesday 2026-03-03 on (EST until the 8th, EDT after: the zone decides, not us).
  const date = new Date(Date.UTC(2026, 2, 3));
  for (let d = 0; d < day;) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) d++;
  }
  const localDate = date.toISOString().slice(0, 10);
  const offset = localDate < '2026-03-08' ? '-05:00' : '-04:00';
  return {
    patientId: ids.patients[n % PATIENTS]!,
    providerId: ids.providers[within % ids.providers.length]!,
    locationId: ids.location,
    visitTypeId: ids.visit,
    start: `${localDate}T${times[Math.floor(within / ids.providers.length)]}:00${offset}`,
  };
}

interface Ack {
  n: number;
  id: number;
  confirmationCode: string;
  start: string;
  providerId: number;
}

describe('the host killed with SIGKILL in the middle of a booking storm', () => {
  it('restarts on an intact database holding every acknowledged booking', async () => {
    const t = openTestApi();
    const c = buildTinyClinic(t);
    const patients = [c.patient.id, c.patient2.id];
    for (let i = patients.length; i < PATIENTS; i++) {
      patients.push(
        t.call('patients/create', {
          firstName: `Storm${i}`,
          lastName: 'Crash',
          dateOfBirth: '1970-01-01',
        }).id,
      );
    }
    cookie = sessionCookieHeader(await new TestDesks(t.db).signIn(TEST_ADMIN, NOW));
    t.close();
    const dataDir = t.dir;
    const file = path.join(dataDir, 'clinicdesk.db');
    const ids = {
      providers: c.providers.map((p) => p.id),
      patients,
      location: c.loc.id,
      visit: c.visit.id,
    };

    const acked: Ack[] = [];
    let next = 0;
    for (const [round, killAfter] of KILL_AFTER.entries()) {
      const host = await startHost(dataDir);
      // The restarted host serves what the killed one acknowledged.
      if (acked.length) {
        const listed = await postApi(host.url, 'appointments/list', {
          from: '2026-03-02T00:00:00Z',
          to: '2026-06-01T00:00:00Z',
        });
        expect(listed.ok).toBe(true);
        const seen = new Map(
          (listed.ok ? (listed.data as { id: number; confirmationCode: string }[]) : []).map(
            (a) => [a.id, a.confirmationCode],
          ),
        );
        for (const a of acked)
          expect(seen.get(a.id), `round ${round}: booking #${a.n}`).toBe(a.confirmationCode);
      }

      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const refused: string[] = [];
      let ackedThisRound = 0;
      let killed = false;
      const lane = async () => {
        while (!killed) {
          const n = next++;
          const input = nthBooking(n, ids);
          let reply;
          try {
            reply = await postApi(host.url, 'appointments/book', input, {
              agent,
              timeoutMs: 5_000,
            });
          } catch {
            return; // the host died with this request in flight: its fate is unknown
          }
          if (!reply.ok) {
            refused.push(`#${n}: ${reply.error.code} ${reply.error.message}`);
            if (refused.length > 20) return; // reported below; do not storm forever
            continue;
          }
          const appt = reply.data as {
            id: number;
            confirmationCode: string;
            start: string;
            providerId: number;
          };
          acked.push({
            n,
            id: appt.id,
            confirmationCode: appt.confirmationCode,
            start: appt.start,
            providerId: appt.providerId,
          });
          if (++ackedThisRound >= killAfter && !killed) {
            killed = true;
            host.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
      const stormEndedFirst = !killed; // every request failed before the kill: something else broke
      if (stormEndedFirst) host.child.kill('SIGKILL');
      await host.exited;
      agent.destroy();
      expect(refused, `round ${round}`).toEqual([]);
      expect(stormEndedFirst, `round ${round}: the storm ended before the kill`).toBe(false);
      expect(host.child.signalCode).toBe('SIGKILL');

      // What the next start will find: a consistent file with every acknowledged booking in it.
      const db = new Database(file);
      try {
        expect(db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const rows = db
          .prepare(
            'SELECT id, confirmation_code AS code, start_ms AS start, provider_id AS providerId, status FROM appointments',
          )
          .all() as {
          id: number;
          code: string;
          start: number;
          providerId: number;
          status: string;
        }[];
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const a of acked) {
          expect(
            byId.get(a.id),
            `round ${round}: acknowledged booking #${a.n} (id ${a.id})`,
          ).toEqual({
            id: a.id,
            code: a.confirmationCode,
            start: Date.parse(a.start),
            providerId: a.providerId,
            status: 'booked',
          });
        }
        // At most the requests sent, at least the ones acknowledged; never half a booking.
        expect(rows.length).toBeGreaterThanOrEqual(acked.length);
        expect(rows.length).toBeLessThanOrEqual(next);
        const audited = db
          .prepare(
            `SELECT entity_id AS id FROM audit_log WHERE action = 'appointment.booked' ORDER BY entity_id`,
          )
          .all() as { id: number }[];
        expect(audited.map((r) => r.id)).toEqual(rows.map((r) => r.id).sort((x, y) => x - y));
        expect(providerOverlaps(db)).toEqual([]);
      } finally {
        db.close();
      }
    }
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER.reduce((s, k) => s + k, 0));
    // The kills landed mid-storm: requests were in flight, their answers lost.
    expect(next - acked.length).toBeGreaterThanOrEqual(KILL_AFTER.length);

    // A last restart: the host comes up and books on the same file.
    const host = await startHost(dataDir);
    const more = await postApi(host.url, 'appointments/book', nthBooking(next, ids));
    expect(more).toMatchObject({ status: 200, ok: true });
    host.child.kill('SIGTERM');
    await host.exited;
  });
});
