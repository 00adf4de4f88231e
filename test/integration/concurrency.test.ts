/**
 * Several OS processes on one database file, as when two or three front-desk PCs share the
 * clinic's folder: they book overlapping times at the same instant (a start barrier), and exactly
 * one wins each time; the others get CONFLICT, never BUSY, never a crash. And below the service:
 * the database's own trigger refuses an overlapping row written with raw SQL.
 *
 * How this was checked to fail (each change made in a scratch copy, then undone): with the registry
 * running writers in a DEFERRED transaction (`tx.deferred()` for every call in api/registry.ts)
 * workers get BUSY — a WAL read snapshot cannot be upgraded once another process has committed —
 * and the first test fails (it did not with 12 contested times; hence 36); with the conflict check
 * in checkFits (scheduling/slots.ts) removed *and* the insert trigger dropped, times get several
 * winners; dropping the insert or the update trigger, or shortening its look-back to 12 hours,
 * fails the raw-SQL tests.
 */
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase } from '../../src/core/db/open';
import type {
  AttemptResult,
  BookingAttempt,
  WorkerMessage,
  WorkerTask,
} from '../helpers/bookingWorker';
import { providerOverlaps } from '../helpers/dbState';
import { buildTinyClinic, NOW, openTestApi, tempDir, type TestApi } from '../helpers/tinyClinic';

/** How many schema changes this build ships. */
const SHIPPED = readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() }).length;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = path.join(ROOT, 'test', 'helpers', 'bookingWorker.ts');

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const c of running) c.kill('SIGKILL');
  running.clear();
});

/** Starts one process per task, releases them all at the same instant, collects what each did. */
async function runWorkers(
  tasks: WorkerTask[],
): Promise<{ results: AttemptResult[]; migrations: number }[]> {
  const children = tasks.map((task) => {
    const child = fork(WORKER, [JSON.stringify(task)], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    running.add(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    type Done = Extract<WorkerMessage, { type: 'done' }>;
    const got: { done?: Done } = {};
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') resolve();
        if (m.type === 'done') got.done = m;
      });
      child.on('exit', (code) =>
        reject(new Error(`worker exited (${code}) before ready:\n${output}`)),
      );
    });
    const finished = new Promise<Done>((resolve, reject) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        if (code === 0 && got.done) resolve(got.done);
        else reject(new Error(`worker crashed (code ${code}, signal ${signal}):\n${output}`));
      });
    });
    return { child, ready, finished };
  });
  await Promise.all(children.map((c) => c.ready));
  // Far enough ahead that every process has the message before the instant comes.
  const at = Date.now() + 250;
  for (const c of children) c.child.send({ type: 'go', at });
  return Promise.all(children.map((c) => c.finished));
}

describe('several processes booking the same times at the same moment', () => {
  it('lets exactly one win each time; the others get CONFLICT, never BUSY or a crash', async () => {
    const WORKERS = 4;
    const t = openTestApi();
    const c = buildTinyClinic(t);
    const patients = Array.from({ length: WORKERS }, (_, w) =>
      t.call('patients/create', {
        firstName: `Worker${String.fromCharCode(65 + w)}`,
        lastName: 'Race',
        dateOfBirth: '1985-06-15',
      }),
    );
    t.close();
    const file = path.join(t.dir, 'clinicdesk.db');

    // 36 contested times, an hour or more apart (so no patient collides with themselves),
    // spread over the three providers; that many, because a race lost to a DEFERRED
    // transaction shows in only some of them. Worker w starts 10·(w mod 3) minutes in: every attempt
    // at one time overlaps every other, but they are not all the same row.
    const times = ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00'];
    const dates = [
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-09',
      '2026-03-10',
    ];
    const slots = dates.flatMap((date, d) =>
      times.map((time, i) => ({
        providerId: c.providers[(i + d) % 3]!.id,
        // New York is on EST until Sunday 03-08, EDT after.
        start: Date.parse(`${date}T${time}:00${date < '2026-03-08' ? '-05:00' : '-04:00'}`),
      })),
    );
    const tasks: WorkerTask[] = patients.map((p, w) => ({
      file,
      now: NOW,
      mode: 'book',
      attempts: slots.map((s, slot): BookingAttempt => ({
        slot,
        input: {
          patientId: p.id,
          providerId: s.providerId,
          locationId: c.loc.id,
          visitTypeId: c.visit.id,
          start: new Date(s.start + (w % 3) * 10 * 60_000).toISOString(),
        },
      })),
    }));

    const outcome = await runWorkers(tasks);
    const all = outcome.flatMap((o) => o.results);
    expect(all).toHaveLength(WORKERS * slots.length);
    // Nothing but wins and conflicts: no BUSY, no INTERNAL.
    expect(
      all.filter((r) => !r.ok && r.code !== 'CONFLICT').map((r) => `${r.code}: ${r.message}`),
    ).toEqual([]);
    for (let slot = 0; slot < slots.length; slot++) {
      const winners = all.filter((r) => r.slot === slot && r.ok);
      expect(winners, `slot ${slot}`).toHaveLength(1);
    }

    const db = openDatabase({ file });
    try {
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(providerOverlaps(db.sqlite)).toEqual([]);
      const rows = db.sqlite
        .prepare('SELECT id, confirmation_code AS code FROM appointments ORDER BY id')
        .all() as { id: number; code: string }[];
      const won = all
        .filter((r) => r.ok)
        .map((r) => ({ id: r.appointmentId!, code: r.confirmationCode! }))
        .sort((a, b) => a.id - b.id);
      expect(rows).toEqual(won);
      expect(
        db.sqlite
          .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'appointment.booked'`)
          .get(),
      ).toEqual({ n: slots.length });
    } finally {
      db.close();
    }
  });

  it('opening a brand-new file from several processes at once applies the migrations once', async () => {
    const file = path.join(tempDir(), 'clinicdesk.db');
    const outcome = await runWorkers(
      Array.from({ length: 4 }, () => ({ file, now: NOW, mode: 'open' as const, attempts: [] })),
    );
    expect(outcome.map((o) => o.migrations)).toEqual([SHIPPED, SHIPPED, SHIPPED, SHIPPED]);
    const db = openDatabase({ file });
    try {
      expect(db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({
        n: SHIPPED,
      });
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});

describe('the overlap trigger, bypassing the service', () => {
  let t: TestApi;
  afterEach(() => t?.close());

  const H = 3_600_000;
  const T = Date.parse('2026-03-03T15:00:00Z');

  function setup() {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const insert = t.db.sqlite.prepare(
      `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id,
         start_ms, end_ms, status, overbook, overbook_reason, booked_by, booked_from, created_ms, updated_ms)
       VALUES (@code, @patient, @provider, ${c.loc.id}, ${c.visit.id}, @start, @end, @status, @overbook, @reason,
         'raw sql', 'test', 0, 0)`,
    );
    let n = 0;
    const raw = (
      over: Partial<{
        provider: number;
        start: number;
        end: number;
        status: string;
        overbook: number;
        reason: string | null;
      }>,
    ) =>
      Number(
        insert.run({
          code: `RAW-${String(n++).padStart(3, '0')}`,
          patient: c.patient.id,
          provider: c.providers[0]!.id,
          start: T,
          end: T + H / 2,
          status: 'booked',
          overbook: 0,
          reason: null,
          ...over,
        }).lastInsertRowid,
      );
    return { c, raw };
  }

  it('refuses a raw INSERT that overlaps an appointment holding the time', () => {
    const { c, raw } = setup();
    raw({});
    const count = () => t.db.sqlite.prepare('SELECT count(*) AS n FROM appointments').get();
    expect(count()).toEqual({ n: 1 });
    for (const [start, end] of [
      [T, T + H / 2], // the same time
      [T + H / 4, T + H], // starts inside
      [T - H / 4, T + H / 4], // ends inside
      [T - H, T + H], // around it
    ] as const) {
      expect(() => raw({ start, end }), `${start}-${end}`).toThrow(
        'CLINICDESK_OVERLAP: provider already has an appointment at that time',
      );
    }
    expect(() => raw({ start: T, end: T + H / 2, status: 'confirmed' })).toThrow(
      'CLINICDESK_OVERLAP',
    );
    expect(count()).toEqual({ n: 1 });

    // What it lets through: back to back, another provider, a row that does not hold time, an
    // overbook with a reason.
    raw({ start: T + H / 2, end: T + H });
    raw({ provider: c.providers[1]!.id });
    raw({ status: 'cancelled' });
    raw({ overbook: 1, reason: 'Urgent' });
    expect(() => raw({ overbook: 1, reason: '  ' })).toThrow(/CHECK constraint failed/);
    expect(count()).toEqual({ n: 5 });
    expect(providerOverlaps(t.db.sqlite)).toEqual([]);
  });

  it('looks back far enough to catch an appointment that started up to a day earlier', () => {
    const { raw } = setup();
    raw({ start: T - 23 * H, end: T + H }); // 24 hours long, the most a CHECK allows
    expect(() => raw({ start: T, end: T + H / 2 })).toThrow('CLINICDESK_OVERLAP');
    // Longer than a day would defeat the look-back: a CHECK refuses it.
    expect(() => raw({ start: T + 48 * H, end: T + 73 * H })).toThrow(/CHECK constraint failed/);
  });

  it('refuses a raw UPDATE that moves or revives an appointment onto a taken time', () => {
    const { raw } = setup();
    raw({});
    const later = raw({ start: T + H, end: T + H + H / 2 });
    const cancelled = raw({ status: 'cancelled' });
    expect(() =>
      t.db.sqlite
        .prepare('UPDATE appointments SET start_ms = ?, end_ms = ? WHERE id = ?')
        .run(T, T + H / 2, later),
    ).toThrow('CLINICDESK_OVERLAP');
    expect(() =>
      t.db.sqlite.prepare(`UPDATE appointments SET status = 'booked' WHERE id = ?`).run(cancelled),
    ).toThrow('CLINICDESK_OVERLAP');
    expect(() =>
      t.db.sqlite.prepare(`UPDATE appointments SET overbook = 0 WHERE id = ?`).run(later),
    ).not.toThrow();
    expect(providerOverlaps(t.db.sqlite)).toEqual([]);
  });
});
