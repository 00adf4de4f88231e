/**
 * Recurring series through the API registry on the tiny clinic (Mon–Fri 09:00–17:00, lunch 12–13,
 * New York; clock Mon 2026-03-02 08:00 EST). US DST starts Sun 2026-03-08.
 *
 * How these were checked to fail (each change made in a scratch copy, then undone): previewSeries
 * checking only the first two occurrences (Cal.com #11654) fails the DST / time off / busy test,
 * the provider-rules test, the daily test and the booking test; editSeries dropping its
 * `start > now` filter fails the this-and-following test (a visit already started is moved).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerOverlaps, snapshot } from '../helpers/dbState';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
let ana: number;

beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
  ana = c.providers[0]!.id;
});
afterEach(() => t.close());

const weekly12 = (over: Record<string, unknown> = {}) => ({
  patientId: c.patient.id,
  providerId: ana,
  locationId: c.loc.id,
  visitTypeId: c.visit.id,
  firstDate: '2026-03-03',
  time: '10:00',
  rule: { frequency: 'weekly' as const, interval: 1, count: 12 },
  ...over,
});

function refused(name: string, input: unknown) {
  const before = snapshot(t.db.sqlite);
  const r = t.raw(name, input);
  expect(r.ok).toBe(false);
  expect(snapshot(t.db.sqlite)).toEqual(before);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

/** Time off on Tue Mar 24, a synced busy block on Tue Mar 31 10:00, another patient at 10:00 on Tue Apr 14. */
function obstacles() {
  t.call('schedules/addTimeOff', {
    providerId: ana,
    fromDate: '2026-03-24',
    toDate: '2026-03-24',
    reason: 'conference',
  });
  t.db.sqlite
    .prepare(
      `INSERT INTO external_busy (provider_id, source, external_id, start_ms, end_ms, updated_ms) VALUES (?, 'google', 'e1', ?, ?, 0)`,
    )
    .run(ana, Date.parse('2026-03-31T14:00:00Z'), Date.parse('2026-03-31T15:00:00Z'));
  return t.call('appointments/book', {
    patientId: c.patient2.id,
    providerId: ana,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    start: '2026-04-14T10:00:00-04:00',
  });
}

function complete(appointmentId: number) {
  for (const status of ['arrived', 'completed'] as const)
    t.call('appointments/setStatus', { appointmentId, status });
}

function seriesRows(seriesId: number) {
  return t.db.sqlite
    .prepare(
      'SELECT position, appointment_id AS appointmentId FROM series_occurrences WHERE series_id = ? ORDER BY position',
    )
    .all(seriesId) as { position: number; appointmentId: number | null }[];
}

function standingFor(patientId: number) {
  return t.db.sqlite
    .prepare(
      `SELECT id, start_ms AS startMs, status FROM appointments WHERE patient_id = ? AND status IN ('booked','confirmed') ORDER BY start_ms`,
    )
    .all(patientId) as { id: number; startMs: number; status: string }[];
}

describe('series/preview', () => {
  it('checks every one of 12 weekly visits across the DST change: time off, synced busy time and bookings', () => {
    obstacles();
    const p = t.call('series/preview', weekly12());
    expect(p.rule).toBe('Every week, 12 visits');
    expect(p.occurrences).toHaveLength(12);
    // 10:00 local on both sides of Mar 8: 15:00Z before, 14:00Z after.
    expect(p.occurrences[0]).toMatchObject({
      date: '2026-03-03',
      localTime: '10:00',
      start: '2026-03-03T15:00:00.000Z',
    });
    expect(p.occurrences[1]).toMatchObject({
      date: '2026-03-10',
      localTime: '10:00',
      start: '2026-03-10T14:00:00.000Z',
    });
    expect(p.occurrences.map((o) => o.date).at(-1)).toBe('2026-05-19');
    const blocked = p.occurrences.filter((o) => o.status === 'blocked');
    expect(blocked.map((o) => [o.position, o.date, o.problem?.code])).toEqual([
      [4, '2026-03-24', 'OUTSIDE_HOURS'],
      [5, '2026-03-31', 'CONFLICT'],
      [7, '2026-04-14', 'CONFLICT'],
    ]);
    expect(blocked[0]!.problem!.message).toContain('time off');
    expect(blocked[1]!.problem!.message).toBe(
      'Ana Patel, MD is busy then (another booking or their own calendar).',
    );
    expect(p).toMatchObject({ bookable: 9, blocked: 3 });
    // Nearest alternatives: the same provider, off the series's other dates.
    // Mar 24 is off all day: the nearest is Mon Mar 23 or Wed Mar 25 at 10:00 — the later wins a tie.
    expect(blocked[0]!.alternative).toMatchObject({ date: '2026-03-25', localTime: '10:00' });
    // The busy block is 10:00–11:00: 9:30 starts 30 minutes before the asked time, 11:00 an hour after.
    expect(blocked[1]!.alternative).toMatchObject({ date: '2026-03-31', localTime: '09:30' });
    expect(blocked[2]!.alternative).toMatchObject({ date: '2026-04-14', localTime: '10:30' });
    for (const o of p.occurrences.filter((x) => x.status === 'ok'))
      expect(o.alternative).toBeNull();
  });

  it('applies the provider rules to every visit (a patient too young for the provider)', () => {
    const peds = t.call('providers/create', {
      firstName: 'Dora',
      lastName: 'Adult',
      credentials: 'MD',
      taxonomyCode: '207Q00000X',
      locationIds: [c.loc.id],
      minAgeYears: 18,
    });
    t.call('schedules/setWeekly', {
      providerId: peds.id,
      locationId: c.loc.id,
      effectiveFrom: '2026-01-01',
      days: [2].map((weekday) => ({
        weekday,
        hours: [{ start: '09:00', end: '17:00' }],
        breaks: [],
      })),
    });
    // Turns 18 on Mar 20: the first three Tuesdays are refused, the rest are fine.
    const kid = t.call('patients/create', {
      firstName: 'Sam',
      lastName: 'Young',
      dateOfBirth: '2008-03-20',
    });
    const p = t.call(
      'series/preview',
      weekly12({
        providerId: peds.id,
        patientId: kid.id,
        rule: { frequency: 'weekly', interval: 1, count: 5 },
      }),
    );
    expect(p.occurrences.map((o) => o.status)).toEqual([
      'blocked',
      'blocked',
      'blocked',
      'ok',
      'ok',
    ]);
    expect(p.occurrences[0]!.problem).toMatchObject({ code: 'RULE' });
    expect(p.occurrences[0]!.problem!.message).toContain('18 and older');
  });

  it('every N weeks, daily, an end date; refuses more than 52 visits and a rule with both or neither', () => {
    const two = t.call(
      'series/preview',
      weekly12({ rule: { frequency: 'weekly', interval: 2, until: '2026-04-30' } }),
    );
    expect(two.occurrences.map((o) => o.date)).toEqual([
      '2026-03-03',
      '2026-03-17',
      '2026-03-31',
      '2026-04-14',
      '2026-04-28',
    ]);
    const daily = t.call(
      'series/preview',
      weekly12({ rule: { frequency: 'daily', interval: 1, count: 7 } }),
    );
    expect(daily.occurrences.map((o) => o.status)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'blocked',
      'blocked',
      'ok',
    ]);
    expect(daily.occurrences[4]!.problem!.code).toBe('OUTSIDE_HOURS');
    expect(
      refused(
        'series/preview',
        weekly12({ rule: { frequency: 'daily', interval: 1, until: '2026-12-31' } }),
      ).message,
    ).toBe(
      'this end date gives more than 52 visits; choose an earlier end date or a number of visits',
    );
    expect(
      refused('series/preview', weekly12({ rule: { frequency: 'weekly', interval: 1, count: 53 } }))
        .message,
    ).toBe('rule.count: a series has at most 52 visits');
    expect(
      refused(
        'series/preview',
        weekly12({ rule: { frequency: 'weekly', interval: 1, count: 3, until: '2026-04-01' } }),
      ).message,
    ).toBe('rule.count: give either a number of visits or an end date, not both');
  });
});

describe('series/book', () => {
  it('is all or nothing: a taken 7th visit books none of the 12 (Cal.com #11654)', () => {
    obstacles();
    const p = t.call('series/preview', weekly12());
    // Asking for every visit as planned, blocked ones included.
    const err = refused('series/book', {
      ...weekly12(),
      occurrences: p.occurrences.map((o) =>
        o.position === 4 || o.position === 5
          ? { position: o.position, skip: true }
          : { position: o.position, start: o.start },
      ),
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(
      /^Visit 7 \(Tue, Apr 14, 2026, 10:00 AM\): .*was just taken\. Nothing in the series was booked\.$/,
    );
    expect(standingFor(c.patient.id)).toEqual([]);
  });

  it('books each visit at exactly the chosen start (planned or alternative), skips what was skipped, each with its own reminders', () => {
    obstacles();
    const p = t.call('series/preview', weekly12());
    const choices = p.occurrences.map((o) =>
      o.position === 4
        ? { position: 4, skip: true as const }
        : { position: o.position, start: o.alternative?.start ?? o.start },
    );
    const r = t.call('series/book', { ...weekly12(), occurrences: choices });
    expect(r.appointments).toHaveLength(11);
    expect(r.appointments.map((a) => a.start)).toEqual(
      choices.flatMap((ch) => ('start' in ch ? [ch.start] : [])),
    );
    expect(r.series.occurrences.map((o) => o.appointment?.id ?? null)).toEqual([
      ...r.appointments.slice(0, 3).map((a) => a.id),
      null,
      ...r.appointments.slice(3).map((a) => a.id),
    ]);
    // Each occurrence its own reminders, planned by the booking path.
    const reminderCounts = t.db.sqlite
      .prepare(
        `SELECT appointment_id AS id, count(*) AS n FROM reminders WHERE appointment_id IN (SELECT value FROM json_each(?)) GROUP BY appointment_id`,
      )
      .all(JSON.stringify(r.appointments.map((a) => a.id))) as { id: number; n: number }[];
    expect(reminderCounts).toHaveLength(11);
    expect(reminderCounts.every((x) => x.n > 0)).toBe(true);
    const audit = t.db.sqlite
      .prepare(
        `SELECT action FROM audit_log WHERE entity_type IN ('appointment','appointment_series') AND id > 0 ORDER BY id`,
      )
      .all() as { action: string }[];
    expect(audit.filter((a) => a.action === 'appointment.booked')).toHaveLength(12); // 11 + the obstacle booking
    expect(audit.at(-1)!.action).toBe('series.booked');
    expect(providerOverlaps(t.db.sqlite)).toEqual([]);
    expect(t.call('series/get', { seriesId: r.series.id }).occurrences).toHaveLength(12);
  });

  it('refuses a choice list that does not cover every visit, and a series that is all skips', () => {
    const p = t.call(
      'series/preview',
      weekly12({ rule: { frequency: 'weekly', interval: 1, count: 3 } }),
    );
    const base = weekly12({ rule: { frequency: 'weekly', interval: 1, count: 3 } });
    expect(
      refused('series/book', {
        ...base,
        occurrences: p.occurrences
          .slice(0, 2)
          .map((o) => ({ position: o.position, start: o.start })),
      }).message,
    ).toBe(
      'choose book or skip for each of the 3 visits of this series (preview it again: the rule changed)',
    );
    expect(
      refused('series/book', {
        ...base,
        occurrences: p.occurrences.map((o) => ({ position: o.position, skip: true })),
      }).message,
    ).toBe('every visit is skipped: nothing to book');
  });
});

describe('series/edit', () => {
  function bookFour() {
    const base = weekly12({ rule: { frequency: 'weekly', interval: 1, count: 4 } });
    const p = t.call('series/preview', base);
    return t.call('series/book', {
      ...base,
      occurrences: p.occurrences.map((o) => ({ position: o.position, start: o.start })),
    });
  }

  it('moving one visit re-points its own occurrence row: no new occurrence, no extra standing booking (Cal.com #12461)', () => {
    const r = bookFour();
    const rowsBefore = seriesRows(r.series.id);
    const third = r.appointments[2]!;
    const out = t.call('series/edit', {
      appointmentId: third.id,
      scope: 'this',
      change: { kind: 'move', start: '2026-03-18T14:00:00-04:00' },
    });
    const rowsAfter = seriesRows(r.series.id);
    expect(rowsAfter).toHaveLength(4);
    expect(rowsAfter.map((x) => x.position)).toEqual(rowsBefore.map((x) => x.position));
    const moved = rowsAfter[2]!.appointmentId!;
    expect(moved).not.toBe(third.id);
    expect(out.changed).toEqual([third.id, moved]);
    expect(standingFor(c.patient.id).map((a) => new Date(a.startMs).toISOString())).toEqual([
      '2026-03-03T15:00:00.000Z',
      '2026-03-10T14:00:00.000Z',
      '2026-03-18T18:00:00.000Z',
      '2026-03-24T14:00:00.000Z',
    ]);
    // Moving it again through the plain reschedule (a drag on the calendar) keeps it in the series.
    t.call('appointments/reschedule', { appointmentId: moved, start: '2026-03-18T15:00:00-04:00' });
    const view = t.call('series/get', { seriesId: r.series.id });
    expect(view.occurrences[2]!.appointment).toMatchObject({
      start: '2026-03-18T19:00:00.000Z',
      status: 'booked',
    });
    expect(seriesRows(r.series.id)).toHaveLength(4);
  });

  it('this and following changes the time of the chosen visit and later ones, never past or completed ones', () => {
    const r = bookFour();
    // Two weeks on: visit 1 was completed, visit 2 is today and already started.
    t.now = Date.parse('2026-03-10T14:10:00Z');
    complete(r.appointments[0]!.id);
    const out = t.call('series/edit', {
      appointmentId: r.appointments[2]!.id,
      scope: 'following',
      change: { kind: 'time', time: '15:00' },
    });
    expect(out.changed).toHaveLength(4); // visits 3 and 4, old and new rows
    const view = t.call('series/get', { seriesId: r.series.id });
    expect(view.occurrences.map((o) => [o.appointment!.start, o.appointment!.status])).toEqual([
      ['2026-03-03T15:00:00.000Z', 'completed'],
      ['2026-03-10T14:00:00.000Z', 'booked'],
      ['2026-03-17T19:00:00.000Z', 'booked'],
      ['2026-03-24T19:00:00.000Z', 'booked'],
    ]);
    // The visit that has started cannot be the one edited.
    expect(
      refused('series/edit', {
        appointmentId: r.appointments[1]!.id,
        scope: 'following',
        change: { kind: 'time', time: '16:00' },
      }).message,
    ).toBe(
      'This visit has already started or passed; a series edit changes only visits still to come.',
    );
  });

  it('all future cancels only the visits still to come; one refusal changes nothing', () => {
    const r = bookFour();
    t.now = Date.parse('2026-03-09T13:00:00Z');
    complete(r.appointments[0]!.id);
    // Moving all future visits to 12:00 lands on lunch: refused as a whole, naming the first.
    const err = refused('series/edit', {
      appointmentId: r.appointments[0]!.id,
      scope: 'allFuture',
      change: { kind: 'time', time: '12:00' },
    });
    expect(err.code).toBe('OUTSIDE_HOURS');
    expect(err.message).toMatch(
      /^Visit 2 \(Tue, Mar 10, 2026, 10:00 AM\): .* Nothing in the series was changed\.$/,
    );
    t.call('series/edit', {
      appointmentId: r.appointments[0]!.id,
      scope: 'allFuture',
      change: { kind: 'cancel', reason: 'therapy plan changed', requestedBy: 'clinic' },
    });
    const view = t.call('series/get', { seriesId: r.series.id });
    expect(view.occurrences.map((o) => o.appointment!.status)).toEqual([
      'completed',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(
      refused('series/edit', {
        appointmentId: r.appointments[0]!.id,
        scope: 'allFuture',
        change: { kind: 'cancel', reason: 'x' },
      }).message,
    ).toBe('No visit of this series is still to come.');
  });

  it('a move for several visits is refused, and an appointment outside any series says so', () => {
    const r = bookFour();
    expect(
      refused('series/edit', {
        appointmentId: r.appointments[0]!.id,
        scope: 'following',
        change: { kind: 'move', start: '2026-03-04T10:00:00-05:00' },
      }).message,
    ).toBe(
      'moving to one date and time is for this visit only; to change the following visits, give a new time of day',
    );
    const single = t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: ana,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-05T10:00:00-05:00',
    });
    expect(
      refused('series/edit', {
        appointmentId: single.id,
        scope: 'this',
        change: { kind: 'cancel', reason: 'x' },
      }).message,
    ).toBe('This appointment is not part of a series.');
  });
});
