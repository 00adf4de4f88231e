/**
 * patient_first_kept (each patient's first kept visit, read by the new-patient lag report) is kept
 * by triggers on appointments: after every kind of write — booking, check-in, completion, undoing
 * a check-in, no-show, cancel, reschedule, merge, an import's raw inserts, edits and deletes — it
 * must equal what the patient's visits say, and the migration fills it for visits already there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/core/api';
import { defaultMigrationsFolder, openDatabase, type ClinicDb } from '../../src/core/db/open';
import { fileKeySecretBox, SECRET_KEY_FILE } from '../../src/core/secrets/secretBox';
import { buildTinyClinic, NOW, openTestApi, tempDir, type TestApi } from '../helpers/tinyClinic';

let t: TestApi | undefined;
afterEach(() => t?.close());

const at = (iso: string) => Date.parse(iso);

function start(): { t: TestApi; c: ReturnType<typeof buildTinyClinic> } {
  t = openTestApi();
  return { t, c: buildTinyClinic(t) };
}

/** The table's value for a patient: a number, null (no kept visit yet) or undefined (no row). */
function firstKept(t: TestApi, patientId: number): number | null | undefined {
  const row = t.db.sqlite
    .prepare('SELECT first_kept_ms AS ms FROM patient_first_kept WHERE patient_id = ?')
    .get(patientId) as { ms: number | null } | undefined;
  return row?.ms;
}

/** Every patient's row against their visits, worked out from scratch. */
function expectTableMatchesVisits(t: TestApi) {
  const rows = t.db.sqlite
    .prepare(
      `SELECT p.id,
              (SELECT min(a.start_ms) FROM appointments a
                WHERE a.patient_id = p.id AND a.status IN ('arrived','in_room','completed')) AS expected,
              EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = p.id) AS hasVisits,
              f.patient_id IS NOT NULL AS hasRow, f.first_kept_ms AS actual
         FROM patients p LEFT JOIN patient_first_kept f ON f.patient_id = p.id ORDER BY p.id`,
    )
    .all() as {
    id: number;
    expected: number | null;
    hasVisits: number;
    hasRow: number;
    actual: number | null;
  }[];
  for (const r of rows) {
    expect(r.actual, `patient ${r.id}`).toBe(r.expected);
    if (r.hasVisits) expect(r.hasRow, `patient ${r.id} has visits but no row`).toBe(1);
  }
}

/** The test API over a database opened by the test (openTestApi opens its own). */
function apiOn(db: ClinicDb, dir: string): TestApi {
  const api = createApi();
  const secrets = fileKeySecretBox(path.join(dir, SECRET_KEY_FILE));
  const self: TestApi = {
    db,
    dir,
    secrets,
    registry: api,
    now: NOW,
    call(name, input) {
      const r = api.call(name, input, {
        db,
        now: self.now,
        actor: 'test',
        origin: 'test',
        secrets,
      });
      if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
      return r.data as never;
    },
    raw: (name, input) =>
      api.call(name, input, { db, now: self.now, actor: 'test', origin: 'test', secrets }),
    close: () => db.close(),
  };
  return self;
}

function book(t: TestApi, c: ReturnType<typeof buildTinyClinic>, patientId: number, iso: string) {
  return t.call('appointments/book', {
    patientId,
    providerId: c.providers[0]!.id,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    start: iso,
  });
}

function setStatus(
  t: TestApi,
  appointmentId: number,
  status: 'arrived' | 'confirmed' | 'completed',
) {
  t.call('appointments/setStatus', { appointmentId, status } as never);
}

describe('patient_first_kept follows the visits', () => {
  it('through booking, check-in, completion, undoing a check-in, no-show, cancel and reschedule', () => {
    const { t, c } = start();
    const p = c.patient.id;
    expect(firstKept(t, p)).toBeUndefined();
    const tue = book(t, c, p, '2026-03-03T15:00:00Z');
    const thu = book(t, c, p, '2026-03-05T15:00:00Z');
    // Booked only: a row, no kept visit yet.
    expect(firstKept(t, p)).toBeNull();
    expectTableMatchesVisits(t);

    // Thursday's visit is checked in first (entered out of order): it is the first kept visit…
    t.now = at('2026-03-05T15:05:00Z');
    setStatus(t, thu.id, 'arrived');
    expect(firstKept(t, p)).toBe(at('2026-03-05T15:00:00Z'));
    // …until Tuesday's is checked in, which is earlier; undoing that check-in (a mistake) gives
    // Thursday back, and completing Tuesday's takes it again.
    setStatus(t, tue.id, 'arrived');
    expect(firstKept(t, p)).toBe(at('2026-03-03T15:00:00Z'));
    setStatus(t, tue.id, 'confirmed');
    expect(firstKept(t, p)).toBe(at('2026-03-05T15:00:00Z'));
    setStatus(t, tue.id, 'arrived');
    setStatus(t, tue.id, 'completed');
    expect(firstKept(t, p)).toBe(at('2026-03-03T15:00:00Z'));
    expectTableMatchesVisits(t);

    // …a no-show, a cancellation and a reschedule of booked visits are not kept visits.
    const p2 = c.patient2.id;
    t.now = at('2026-03-02T13:00:00Z');
    const missed = book(t, c, p2, '2026-03-02T16:00:00Z');
    const cancelled = book(t, c, p2, '2026-03-04T16:00:00Z');
    const moved = book(t, c, p2, '2026-03-06T16:00:00Z');
    t.now = at('2026-03-02T17:00:00Z');
    t.call('appointments/setStatus', { appointmentId: missed.id, status: 'no_show' });
    t.call('appointments/cancel', { appointmentId: cancelled.id, reason: 'Feeling better' });
    const r = t.call('appointments/reschedule', {
      appointmentId: moved.id,
      start: '2026-03-09T15:00:00Z',
    });
    expect(firstKept(t, p2)).toBeNull();
    // The rescheduled visit, once kept, counts at its new time.
    t.now = at('2026-03-09T15:05:00Z');
    setStatus(t, r.appointment.id, 'arrived');
    expect(firstKept(t, p2)).toBe(at('2026-03-09T15:00:00Z'));
    expectTableMatchesVisits(t);
  });

  it('through a merge: the kept record takes the earlier first visit, the duplicate has none', () => {
    const { t, c } = start();
    const kept = c.patient.id;
    const dup = t.call('patients/create', {
      firstName: 'María',
      lastName: 'Lopez',
      dateOfBirth: '1980-05-17',
      allowDuplicate: true,
    } as never).id as number;
    const keptVisit = book(t, c, kept, '2026-03-05T15:00:00Z');
    const dupVisit = book(t, c, dup, '2026-03-03T15:00:00Z');
    t.now = at('2026-03-05T15:05:00Z');
    setStatus(t, keptVisit.id, 'arrived');
    setStatus(t, dupVisit.id, 'arrived');
    expect(firstKept(t, kept)).toBe(at('2026-03-05T15:00:00Z'));
    expect(firstKept(t, dup)).toBe(at('2026-03-03T15:00:00Z'));

    const p = t.call('patients/mergePreview', { survivorId: kept, mergedId: dup });
    t.call('patients/merge', {
      survivorId: kept,
      mergedId: dup,
      choices: {},
      expected: { survivorUpdatedMs: p.survivor.updatedMs, mergedUpdatedMs: p.merged.updatedMs },
    });
    expect(firstKept(t, kept)).toBe(at('2026-03-03T15:00:00Z'));
    expect(firstKept(t, dup)).toBeNull();
    expectTableMatchesVisits(t);
  });

  it("through an import's raw inserts, edits and deletes (every path, not only the booking engine)", () => {
    const { t, c } = start();
    const insert = t.db.sqlite.prepare(
      `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id,
         start_ms, end_ms, status, booked_by, booked_from, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, ?, ?, ? + 1800000, ?, 'import', 'import', ?, ?)`,
    );
    const visit = (code: string, patientId: number, iso: string, status: string) =>
      Number(
        insert.run(
          code,
          patientId,
          c.providers[1]!.id,
          c.loc.id,
          c.visit.id,
          at(iso),
          at(iso),
          status,
          t.now,
          t.now,
        ).lastInsertRowid,
      );
    const p = c.patient2.id;
    // A visit history comes in newest first: each older kept visit lowers the value.
    visit('IMP-0001', p, '2025-11-03T15:00:00Z', 'completed');
    visit('IMP-0002', p, '2025-06-02T14:00:00Z', 'no_show');
    const oldest = visit('IMP-0003', p, '2025-02-03T15:00:00Z', 'completed');
    visit('IMP-0004', p, '2025-09-01T14:00:00Z', 'completed');
    expect(firstKept(t, p)).toBe(at('2025-02-03T15:00:00Z'));
    // A corrected date on the oldest visit, then a corrected status, then deleting it.
    t.db.sqlite
      .prepare('UPDATE appointments SET start_ms = ?, end_ms = ? WHERE id = ?')
      .run(at('2025-12-01T15:00:00Z'), at('2025-12-01T15:30:00Z'), oldest);
    expect(firstKept(t, p)).toBe(at('2025-09-01T14:00:00Z'));
    t.db.sqlite
      .prepare("UPDATE appointments SET status = 'no_show' WHERE confirmation_code = 'IMP-0004'")
      .run();
    expect(firstKept(t, p)).toBe(at('2025-11-03T15:00:00Z'));
    t.db.sqlite.prepare("DELETE FROM appointments WHERE confirmation_code = 'IMP-0001'").run();
    expect(firstKept(t, p)).toBe(at('2025-12-01T15:00:00Z'));
    // Visits moved between records by hand (as a merge does).
    t.db.sqlite
      .prepare('UPDATE appointments SET patient_id = ? WHERE patient_id = ?')
      .run(c.patient.id, p);
    expect(firstKept(t, p)).toBeNull();
    expect(firstKept(t, c.patient.id)).toBe(at('2025-12-01T15:00:00Z'));
    expectTableMatchesVisits(t);
  });

  it('is filled by its migration for the visits a clinic already has', () => {
    // A database at the schema just before this table, with kept, missed and booked visits…
    const shipped = defaultMigrationsFolder();
    const before = tempDir('clinicdesk-migrations-');
    fs.cpSync(shipped, before, { recursive: true });
    const journalFile = path.join(before, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as {
      entries: { tag: string }[];
    };
    const cut = journal.entries.findIndex((e) => e.tag.includes('patient_first_kept'));
    expect(cut).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, cut);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const dir = tempDir();
    const file = path.join(dir, 'clinicdesk.db');
    t = apiOn(openDatabase({ file, migrationsFolder: before, durability: 'normal' }), dir);
    const c = buildTinyClinic(t);
    const a = book(t, c, c.patient.id, '2026-03-03T15:00:00Z');
    const b = book(t, c, c.patient.id, '2026-03-05T15:00:00Z');
    book(t, c, c.patient2.id, '2026-03-04T15:00:00Z');
    t.now = at('2026-03-05T15:05:00Z');
    setStatus(t, b.id, 'arrived');
    setStatus(t, a.id, 'arrived');
    expect(
      t.db.sqlite
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'patient_first_kept'")
        .get(),
    ).toEqual({ n: 0 });
    t.close();

    // …opened by this version: every patient with visits has their row.
    t = apiOn(openDatabase({ file, durability: 'normal' }), dir);
    expect(firstKept(t, c.patient.id)).toBe(at('2026-03-03T15:00:00Z'));
    expect(firstKept(t, c.patient2.id)).toBeNull();
    expectTableMatchesVisits(t);
  });
});
