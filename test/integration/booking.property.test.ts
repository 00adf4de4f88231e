/**
 * Property: whatever sequence of book / reschedule / cancel calls the front desk makes (random
 * providers and patients, starts on and off the 15-minute grid, in the past, at night, across the
 * DST change of 2026-03-08, custom lengths, now and then an overbook with or without a reason),
 *  - no two appointments of one provider that hold time overlap unless one is an overbook
 *    (the rule of migration 0001's trigger, checked with a SQL self-join after every call),
 *  - nor two of one patient, and buffers between a provider's appointments are kept,
 *  - every appointment that is not an overbook lies inside the provider's hours, computed here
 *    independently with Luxon from the schedule this test set up,
 *  - each call succeeds exactly when a small model of the booking rules says it should, with the
 *    error code the model expects,
 *  - a refused call writes nothing (every table, audit log included, fingerprinted), and an
 *    accepted one writes exactly its rows and one audit row.
 *
 * How this was checked to fail (each change made in a scratch copy, then undone): removing the
 * conflict check in checkFits (scheduling/slots.ts) and dropping the insert trigger fails the
 * self-join ("provider double-booked") even with the model comparison switched off; removing only
 * the conflict check fails the model comparison (the trigger still refuses overlaps, but with no
 * field, and lets buffer violations through); checkPlacement skipping the hours check for
 * off-grid starts fails the hours check; skipping the patient-overlap check fails too; and the
 * registry running handlers without a transaction while bookAppointment writes an audit row
 * before its checks fails the nothing-written check.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/core/api';
import { openDatabase, type ClinicDb } from '../../src/core/db/open';
import {
  ACTIVE_STATUSES,
  bufferViolations,
  patientOverlaps,
  providerOverlaps,
  rowCounts,
  snapshot,
} from '../helpers/dbState';
import { buildTinyClinic, NOW, openTestApi, tempDir } from '../helpers/tinyClinic';

const ZONE = 'America/New_York';
const MINUTE = 60_000;
const RUNS = Number(process.env.CLINICDESK_PROPERTY_RUNS ?? 30);

// ---- The clinic as this test set it up, written down independently of the engine ----------

interface Span {
  start: number;
  end: number;
}
const at = (date: string, hhmm: string) =>
  DateTime.fromISO(`${date}T${hhmm}`, { zone: ZONE }).toMillis();
const localDate = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISODate()!;

/** provider index → family medicine can see New patient visits, cardiology cannot. */
const PROVIDERS = [{ family: true }, { family: true }, { family: false }];
/** visit index → 0 Follow-up (30 min, any specialty), 1 New patient (60 min + 10 after, family). */
const VISITS = [
  { minutes: 30, before: 0, after: 0, familyOnly: false },
  { minutes: 60, before: 0, after: 10, familyOnly: true },
];
const PATIENTS = 5;
/** Ana has Wednesday 13:00–15:00 off; Ben works only 10–12 on Thursday; Carla opens Saturday 9–12. */
const TIME_OFF = [
  { provider: 0, start: at('2026-03-04', '13:00'), end: at('2026-03-04', '15:00') },
];
const OVERRIDES: Record<string, [string, string][]> = {
  '1 2026-03-05': [['10:00', '12:00']],
  '2 2026-03-07': [['09:00', '12:00']],
};

function openWindows(provider: number, date: string): Span[] {
  const weekday = DateTime.fromISO(date, { zone: ZONE }).weekday;
  const spans: [string, string][] =
    OVERRIDES[`${provider} ${date}`] ??
    (weekday <= 5
      ? [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ]
      : []);
  let out = spans.map(([a, b]) => ({ start: at(date, a), end: at(date, b) }));
  for (const off of TIME_OFF.filter((o) => o.provider === provider)) {
    out = out.flatMap((w) =>
      [
        { start: w.start, end: Math.min(w.end, off.start) },
        { start: Math.max(w.start, off.end), end: w.end },
      ].filter((x) => x.end > x.start),
    );
  }
  return out;
}

const insideHours = (provider: number, s: Span) =>
  openWindows(provider, localDate(s.start)).some((w) => w.start <= s.start && s.end <= w.end);

// ---- Generated calls -----------------------------------------------------------------------

interface When {
  /** Aim at an appointment already there (its start moved by some minutes), to collide. */
  near: { row: number; shiftMinutes: number } | null;
  day: number;
  minute: number;
  seconds: number;
  /** null: the default length (the visit type's, or the old one's on a reschedule). */
  lengthMinutes: number | null;
  withOffset: boolean;
}
type Overbook = { reason: string } | undefined;
type Op =
  | {
      kind: 'book';
      provider: number;
      patient: number;
      visit: number;
      when: When;
      overbook: Overbook;
    }
  | {
      kind: 'reschedule';
      target: number;
      provider: number | null;
      visit: number | null;
      when: When;
      overbook: Overbook;
    }
  | { kind: 'cancel'; target: number; requestedBy: 'patient' | 'clinic' | 'provider' };

const whenArb: fc.Arbitrary<When> = fc.record({
  near: fc.option(fc.record({ row: fc.nat(), shiftMinutes: fc.integer({ min: -40, max: 40 }) }), {
    freq: 2,
  }),
  // 2026-03-01 (Sunday, in the past) … 2026-03-11; the clocks go forward on Sunday 03-08.
  // Mostly Monday and Tuesday, so that calls collide.
  day: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 1 }) },
    { weight: 2, arbitrary: fc.integer({ min: -1, max: 9 }) },
  ),
  minute: fc.oneof(
    // A few popular times (09:00, 09:15, 09:30, 10:00, 10:15, 13:00, 14:00, 14:15) …
    { weight: 6, arbitrary: fc.constantFrom(540, 555, 570, 600, 615, 780, 840, 855) },
    // … the 15-minute grid from 08:00 to 17:45, any minute of the working day, any minute at all.
    { weight: 3, arbitrary: fc.integer({ min: 32, max: 71 }).map((q) => q * 15) },
    { weight: 3, arbitrary: fc.integer({ min: 8 * 60, max: 18 * 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 1439 }) },
  ),
  seconds: fc.oneof(
    { weight: 40, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.constant(30) },
  ),
  lengthMinutes: fc.option(
    fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min: 5, max: 120 }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -15, 13 * 60) },
    ),
    { freq: 3 },
  ),
  withOffset: fc.boolean(),
});
const overbookArb: fc.Arbitrary<Overbook> = fc.oneof(
  { weight: 14, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constant({ reason: 'Urgent add-on' }) },
  { weight: 1, arbitrary: fc.constant({ reason: '   ' }) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('book' as const),
      provider: fc.nat(PROVIDERS.length - 1),
      patient: fc.nat(PATIENTS - 1),
      visit: fc.nat(VISITS.length - 1),
      when: whenArb,
      overbook: overbookArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reschedule' as const),
      target: fc.nat(),
      provider: fc.option(fc.nat(PROVIDERS.length - 1), { freq: 3 }),
      visit: fc.option(fc.nat(VISITS.length - 1), { freq: 4 }),
      when: whenArb,
      overbook: overbookArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('cancel' as const),
      target: fc.nat(),
      requestedBy: fc.constantFrom('patient' as const, 'clinic' as const, 'provider' as const),
    }),
  },
);

function startOf(w: When, rows: Row[]): number {
  const holding = rows.filter(active);
  const near = w.near && holding.length ? holding[w.near.row % holding.length] : undefined;
  if (near) return near.start + w.near!.shiftMinutes * MINUTE + w.seconds * 1000;
  const date = DateTime.fromISO('2026-03-02', { zone: ZONE }).plus({ days: w.day });
  return date
    .set({ hour: Math.floor(w.minute / 60), minute: w.minute % 60, second: w.seconds })
    .toMillis();
}
const iso = (ms: number, withOffset: boolean) =>
  withOffset
    ? DateTime.fromMillis(ms, { zone: ZONE }).toISO()!
    : DateTime.fromMillis(ms, { zone: 'utc' }).toISO()!;

// ---- The model: what the booking rules say should happen ------------------------------------

interface Row {
  id: number;
  patientId: number;
  providerId: number;
  visitTypeId: number;
  start: number;
  end: number;
  status: string;
  overbook: number;
}

interface Ids {
  providers: number[];
  visits: number[];
  patients: number[];
  location: number;
}

type Expect = { ok: true } | { ok: false; code: string; field?: string };
const refuse = (code: string, field?: string): Expect =>
  field ? { ok: false, code, field } : { ok: false, code };
const active = (r: Row) => (ACTIVE_STATUSES as readonly string[]).includes(r.status);
const overlap = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

function expectPlacement(
  ids: Ids,
  rows: Row[],
  p: { patientId: number; provider: number; visit: number; start: number; end: number },
  overbook: Overbook,
  exceptId: number | null,
): Expect {
  if (overbook && overbook.reason.trim() === '') return refuse('VALIDATION');
  const visit = VISITS[p.visit]!;
  // The times are checked as input first; who the provider sees is a rule about valid times.
  if (p.start % MINUTE !== 0 || p.end % MINUTE !== 0) return refuse('VALIDATION');
  if (p.end <= p.start || p.end - p.start > 12 * 60 * MINUTE) return refuse('VALIDATION');
  if (visit.familyOnly && !PROVIDERS[p.provider]!.family) return refuse('RULE');
  if (p.start < NOW - 15 * MINUTE) return refuse('RULE');
  const others = rows.filter((r) => active(r) && r.id !== exceptId);
  // An overbook bends the provider's schedule, never the patient's: one person, one room.
  if (others.some((r) => r.patientId === p.patientId && overlap(r, p)))
    return refuse('CONFLICT', 'patientId');
  if (overbook) return { ok: true };
  if (!insideHours(p.provider, p)) return refuse('OUTSIDE_HOURS', 'start');
  const providerId = ids.providers[p.provider]!;
  for (const r of others.filter((x) => x.providerId === providerId)) {
    const rv = VISITS[ids.visits.indexOf(r.visitTypeId)]!;
    const blocked = {
      start: r.start - rv.before * MINUTE - visit.after * MINUTE,
      end: r.end + rv.after * MINUTE + visit.before * MINUTE,
    };
    // The service's own check answers, naming the field; the trigger's answer would not.
    if (overlap(blocked, p)) return refuse('CONFLICT', 'start');
  }
  return { ok: true };
}

// ---- The test -------------------------------------------------------------------------------

let template: string;
let ids: Ids;

beforeAll(() => {
  const t = openTestApi();
  const c = buildTinyClinic(t);
  const more = ['Ada', 'Bo', 'Cy'].map(
    (firstName) =>
      t.call('patients/create', { firstName, lastName: 'Prop', dateOfBirth: '1991-02-03' }).id,
  );
  const [ana, ben, carla] = c.providers.map((p): number => p.id) as [number, number, number];
  t.call('schedules/addTimeOff', {
    providerId: ana,
    start: iso(TIME_OFF[0]!.start, true),
    end: iso(TIME_OFF[0]!.end, true),
  });
  t.call('schedules/setOverride', {
    providerId: ben,
    locationId: c.loc.id,
    date: '2026-03-05',
    hours: [{ start: '10:00', end: '12:00' }],
  });
  t.call('schedules/setOverride', {
    providerId: carla,
    locationId: c.loc.id,
    date: '2026-03-07',
    hours: [{ start: '09:00', end: '12:00' }],
  });
  t.close();
  template = path.join(t.dir, 'clinicdesk.db');
  expect(fs.existsSync(`${template}-wal`)).toBe(false);
  ids = {
    providers: [ana, ben, carla],
    visits: [c.visit.id, c.newVisit.id],
    patients: [c.patient.id, c.patient2.id, ...more],
    location: c.loc.id,
  };
  expect(ids.patients).toHaveLength(PATIENTS);
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function freshCopy(): ClinicDb {
  const dir = tempDir('clinicdesk-prop-');
  dirs.push(dir);
  const file = path.join(dir, 'clinicdesk.db');
  fs.copyFileSync(template, file);
  return openDatabase({ file, durability: 'normal' });
}

const api = createApi();

function readRows(db: ClinicDb): Row[] {
  return db.sqlite
    .prepare(
      `SELECT id, patient_id AS patientId, provider_id AS providerId, visit_type_id AS visitTypeId,
              start_ms AS start, end_ms AS end, status, overbook FROM appointments ORDER BY id`,
    )
    .all() as Row[];
}

/** Runs one call against the database and checks it against the model and the invariants. */
function step(db: ClinicDb, op: Op): string {
  const rows = readRows(db);
  // Three times in four an appointment that can still move; else any, cancelled ones included.
  const target = (n: number) => {
    const movable = rows.filter((r) => r.status === 'booked');
    const pool = n % 4 === 3 || movable.length === 0 ? rows : movable;
    return pool.length ? pool[Math.floor(n / 4) % pool.length]! : null;
  };
  let name: string;
  let input: Record<string, unknown>;
  let expected: Expect;
  let placed: { provider: number; start: number; end: number; overbook: boolean } | null = null;

  if (op.kind === 'book') {
    const start = startOf(op.when, rows);
    const visit = VISITS[op.visit]!;
    const end = start + (op.when.lengthMinutes ?? visit.minutes) * MINUTE;
    name = 'appointments/book';
    input = {
      patientId: ids.patients[op.patient],
      providerId: ids.providers[op.provider],
      locationId: ids.location,
      visitTypeId: ids.visits[op.visit],
      start: iso(start, op.when.withOffset),
      ...(op.when.lengthMinutes === null ? {} : { end: iso(end, op.when.withOffset) }),
      ...(op.overbook ? { overbook: op.overbook } : {}),
    };
    expected = expectPlacement(
      ids,
      rows,
      { patientId: ids.patients[op.patient]!, provider: op.provider, visit: op.visit, start, end },
      op.overbook,
      null,
    );
    placed = { provider: op.provider, start, end, overbook: Boolean(op.overbook) };
  } else if (op.kind === 'reschedule') {
    const old = target(op.target);
    const start = startOf(op.when, rows);
    name = 'appointments/reschedule';
    input = {
      appointmentId: old?.id ?? 999_999,
      start: iso(start, op.when.withOffset),
      ...(op.provider === null ? {} : { providerId: ids.providers[op.provider] }),
      ...(op.visit === null ? {} : { visitTypeId: ids.visits[op.visit] }),
      ...(op.overbook ? { overbook: op.overbook } : {}),
    };
    if (op.overbook && op.overbook.reason.trim() === '') {
      expected = refuse('VALIDATION'); // the input is checked before anything is looked up
    } else if (!old) {
      expected = refuse('NOT_FOUND');
    } else {
      const provider = op.provider ?? ids.providers.indexOf(old.providerId);
      const visit = op.visit ?? ids.visits.indexOf(old.visitTypeId);
      const length =
        op.when.lengthMinutes ??
        (op.visit === null ? (old.end - old.start) / MINUTE : VISITS[visit]!.minutes);
      const end = start + length * MINUTE;
      if (op.when.lengthMinutes !== null) input.end = iso(end, op.when.withOffset);
      expected =
        old.status !== 'booked' && old.status !== 'confirmed'
          ? refuse('INVALID_STATE')
          : expectPlacement(
              ids,
              rows,
              { patientId: old.patientId, provider, visit, start, end },
              op.overbook,
              old.id,
            );
      placed = { provider, start, end, overbook: Boolean(op.overbook) };
    }
  } else {
    const row = target(op.target);
    name = 'appointments/cancel';
    input = {
      appointmentId: row?.id ?? 999_999,
      reason: 'Patient called',
      requestedBy: op.requestedBy,
    };
    expected = !row
      ? refuse('NOT_FOUND')
      : row.status === 'booked' || row.status === 'confirmed'
        ? { ok: true }
        : refuse('INVALID_STATE');
  }

  // The full fingerprint only where a refusal is expected (an unexpected outcome fails first).
  const look = () => (expected.ok ? { counts: rowCounts(db.sqlite) } : snapshot(db.sqlite));
  const before = look();
  const result = api.call(name, input, { db, now: NOW, actor: 'prop', origin: 'test' });
  const label = `${name} ${JSON.stringify(input)}`;
  if (expected.ok) {
    expect(result, label).toMatchObject({ ok: true });
  } else {
    const { code, field } = expected;
    expect(result, label).toMatchObject({ ok: false, error: field ? { code, field } : { code } });
  }
  const after = look();

  if (!result.ok) {
    expect(after, `${label} was refused but wrote something`).toEqual(before);
  } else {
    const grew = (table: string) => after.counts[table]! - before.counts[table]!;
    expect(grew('audit_log'), label).toBe(1);
    expect(grew('appointments'), label).toBe(op.kind === 'cancel' ? 0 : 1);
    // The reminder outbox is written in the same transaction by design (reminders/outbox.ts);
    // patient_first_kept is derived, kept by triggers: a patient's first visit adds their row.
    expect(grew('patient_first_kept'), label).toBeLessThanOrEqual(op.kind === 'cancel' ? 0 : 1);
    for (const table of Object.keys(after.counts).filter(
      (k) =>
        k !== 'appointments' &&
        k !== 'audit_log' &&
        k !== 'reminders' &&
        k !== 'patient_first_kept',
    ))
      expect(grew(table), `${label} touched ${table}`).toBe(0);
    if (placed) {
      const appt = (
        op.kind === 'book' ? result.data : (result.data as { appointment: unknown }).appointment
      ) as { id: number; start: string; end: string; overbook: boolean; status: string };
      expect(appt, label).toMatchObject({
        start: new Date(placed.start).toISOString(),
        end: new Date(placed.end).toISOString(),
        overbook: placed.overbook,
        status: 'booked',
      });
      if (!placed.overbook) expect(insideHours(placed.provider, placed), label).toBe(true);
      if (op.kind === 'reschedule') {
        const old = db.sqlite
          .prepare('SELECT status, rescheduled_to_id AS toId FROM appointments WHERE id = ?')
          .get(input.appointmentId);
        expect(old, label).toEqual({ status: 'rescheduled', toId: appt.id });
      }
    } else {
      expect((result.data as { status: string }).status).toBe('cancelled');
    }
  }

  // The invariants, over the whole table.
  expect(providerOverlaps(db.sqlite), `after ${label}: provider double-booked`).toEqual([]);
  expect(patientOverlaps(db.sqlite), `after ${label}: patient double-booked`).toEqual([]);
  expect(bufferViolations(db.sqlite), `after ${label}: buffer broken`).toEqual([]);
  for (const r of readRows(db).filter((x) => active(x) && !x.overbook)) {
    expect(
      insideHours(ids.providers.indexOf(r.providerId), r),
      `appointment ${r.id} outside hours`,
    ).toBe(true);
  }
  if (!result.ok) return `${op.kind} ${result.error.code}`;
  return `${op.kind} ok${placed?.overbook ? ' (overbook)' : ''}`;
}

/** Runs calls on a fresh copy of the clinic; returns what became of each. */
function run(ops: Op[]): string[] {
  const db = freshCopy();
  try {
    return ops.map((op) => step(db, op));
  } finally {
    db.close();
  }
}

const at10 = (over: Partial<When> = {}): When => ({
  near: null,
  day: 0,
  minute: 600,
  seconds: 0,
  lengthMinutes: null,
  withOffset: true,
  ...over,
});
const bookOp = (patient: number, when: When, overbook?: Overbook): Op => ({
  kind: 'book',
  provider: 0,
  patient,
  visit: 0,
  when,
  overbook,
});
const moveOp = (
  target: number,
  when: When,
  over: { provider?: number; visit?: number; overbook?: Overbook } = {},
): Op => ({
  kind: 'reschedule',
  target,
  provider: over.provider ?? null,
  visit: over.visit ?? null,
  when,
  overbook: over.overbook,
});
const cancelOp = (target: number): Op => ({ kind: 'cancel', target, requestedBy: 'patient' });

describe('any sequence of book, reschedule and cancel', () => {
  it('follows the model on a scripted sequence that reaches every outcome', () => {
    // Targets: n % 4 === 3 picks from all appointments, else from the booked ones; index n / 4.
    const script: [Op, string][] = [
      [bookOp(0, at10()), 'book ok'], // #1 Mon 10:00 with Ana
      [bookOp(1, at10()), 'book CONFLICT'],
      [bookOp(1, at10({ minute: 630 })), 'book ok'], // #2 Mon 10:30
      [moveOp(0, at10({ minute: 645 })), 'reschedule CONFLICT'], // #1 onto #2
      [bookOp(2, at10(), { reason: 'Squeeze in' }), 'book ok (overbook)'], // #3 on top of #1
      [bookOp(3, at10({ minute: 12 * 60 + 15 })), 'book OUTSIDE_HOURS'], // lunch
      [bookOp(3, at10({ day: -1 })), 'book RULE'], // yesterday
      [bookOp(3, at10({ seconds: 30 })), 'book VALIDATION'],
      [bookOp(3, at10(), { reason: ' ' }), 'book VALIDATION'],
      [cancelOp(0), 'cancel ok'], // #1
      [cancelOp(3), 'cancel INVALID_STATE'], // #1 again
      [moveOp(3, at10()), 'reschedule INVALID_STATE'], // #1, cancelled
      [moveOp(4, at10({ day: 1 }), { provider: 1, visit: 1 }), 'reschedule ok'], // #3 to Ben on Tue
      [moveOp(0, at10({ minute: 18 * 60 })), 'reschedule OUTSIDE_HOURS'], // #2 to 18:00
      [
        moveOp(0, at10({ minute: 18 * 60 }), { overbook: { reason: 'Stays late' } }),
        'reschedule ok (overbook)',
      ],
    ];
    expect(run(script.map(([op]) => op))).toEqual(script.map(([, outcome]) => outcome));
  });

  it('never double-books, stays inside hours, and writes nothing when it refuses', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40, size: 'max' }), (ops) => {
        for (const outcome of run(ops)) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // The generator must reach the interesting cases, or the property proves little.
    expect([...outcomes.keys()]).toEqual(
      expect.arrayContaining([
        'book CONFLICT',
        'book OUTSIDE_HOURS',
        'book RULE',
        'book VALIDATION',
        'book ok',
        'book ok (overbook)',
        'cancel ok',
        'reschedule ok',
      ]),
    );
    const conflicts =
      (outcomes.get('book CONFLICT') ?? 0) + (outcomes.get('reschedule CONFLICT') ?? 0);
    expect(conflicts).toBeGreaterThanOrEqual(10);
  });
});
