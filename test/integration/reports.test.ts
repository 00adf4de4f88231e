/**
 * Every report on a fixture clinic whose figures were worked out by hand (the comments give the
 * arithmetic). Clinic time is New York; the week of 2026-02-23 is EST (UTC−5).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
afterEach(() => t?.close());

const ms = (iso: string) => Date.parse(iso);
let code = 0;

function fixture() {
  t = openTestApi(); // now = 2026-03-02T13:00Z, Monday 08:00 in New York
  const c = buildTinyClinic(t);
  const [ana, ben, carla] = [c.providers[0]!, c.providers[1]!, c.providers[2]!];
  const insert = t.db.sqlite.prepare(
    `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id,
       start_ms, end_ms, status, cancelled_by, cancelled_ms, booked_by, booked_from, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', 'test', ?, ?)`,
  );
  const add = (a: {
    provider: number;
    patient: number;
    start: string;
    minutes: number;
    status: string;
    created: string;
    cancelledBy?: string;
    cancelled?: string;
  }) =>
    Number(
      insert.run(
        `T${code++}`,
        a.patient,
        a.provider,
        c.loc.id,
        c.visit.id,
        ms(a.start),
        ms(a.start) + a.minutes * 60_000,
        a.status,
        a.cancelledBy ?? null,
        a.cancelled ? ms(a.cancelled) : null,
        ms(a.created),
        ms(a.created),
      ).lastInsertRowid,
    );
  const maria = c.patient.id;
  const john = c.patient2.id;
  const ids = {
    // Ana, Mon 23 09:00, kept, booked Mon 16 → 7 days; Maria's first kept visit (new patient).
    a1: add({
      provider: ana.id,
      patient: maria,
      start: '2026-02-23T14:00:00Z',
      minutes: 30,
      status: 'completed',
      created: '2026-02-16T15:00:00Z',
    }),
    // Ana, Mon 23 10:00, no-show, booked that morning → 0 days; John has no kept visit (new).
    a2: add({
      provider: ana.id,
      patient: john,
      start: '2026-02-23T15:00:00Z',
      minutes: 30,
      status: 'no_show',
      created: '2026-02-23T13:00:00Z',
    }),
    // Ana, Tue 24 09:00, 60 min kept, booked Fri 20 → 4 days; Maria not new any more.
    a3: add({
      provider: ana.id,
      patient: maria,
      start: '2026-02-24T14:00:00Z',
      minutes: 60,
      status: 'completed',
      created: '2026-02-20T15:00:00Z',
    }),
    // Patient cancels 2 h before: late (window 24 h).
    a4: add({
      provider: ana.id,
      patient: maria,
      start: '2026-02-25T14:00:00Z',
      minutes: 30,
      status: 'cancelled',
      created: '2026-02-10T15:00:00Z',
      cancelledBy: 'patient (via test)',
      cancelled: '2026-02-25T12:00:00Z',
    }),
    // Provider bump 5 days ahead: never a late cancellation.
    a5: add({
      provider: ana.id,
      patient: john,
      start: '2026-02-25T15:00:00Z',
      minutes: 30,
      status: 'cancelled',
      created: '2026-02-10T15:00:00Z',
      cancelledBy: 'provider (via test)',
      cancelled: '2026-02-20T15:00:00Z',
    }),
    // Patient cancels 10 minutes after the start: late, and not a no-show.
    a6: add({
      provider: ana.id,
      patient: john,
      start: '2026-02-26T14:00:00Z',
      minutes: 30,
      status: 'cancelled',
      created: '2026-02-10T15:00:00Z',
      cancelledBy: 'patient (via test)',
      cancelled: '2026-02-26T14:10:00Z',
    }),
    // Rescheduled: counted nowhere.
    a7: add({
      provider: ana.id,
      patient: john,
      start: '2026-02-27T14:00:00Z',
      minutes: 30,
      status: 'rescheduled',
      created: '2026-02-10T15:00:00Z',
    }),
    // Ana, Fri 27 11:00, kept, booked Fri 6 → 21 days; John's first kept visit (new).
    a8: add({
      provider: ana.id,
      patient: john,
      start: '2026-02-27T16:00:00Z',
      minutes: 30,
      status: 'completed',
      created: '2026-02-06T16:00:00Z',
    }),
    // Ben, Mon 23 13:00, kept, booked that morning → 0 days; Maria kept a visit at 09:00 (not new).
    b1: add({
      provider: ben.id,
      patient: maria,
      start: '2026-02-23T18:00:00Z',
      minutes: 30,
      status: 'completed',
      created: '2026-02-23T13:00:00Z',
    }),
    // Next 14 days: Ana Tue 3 March 09:00 EST; Carla Mon 9 March 09:00 EDT (after the DST change).
    f1: add({
      provider: ana.id,
      patient: maria,
      start: '2026-03-03T14:00:00Z',
      minutes: 30,
      status: 'booked',
      created: '2026-03-01T15:00:00Z',
    }),
    f2: add({
      provider: carla.id,
      patient: john,
      start: '2026-03-09T13:00:00Z',
      minutes: 30,
      status: 'booked',
      created: '2026-03-01T15:00:00Z',
    }),
  };
  // Ben left on Tuesday 24 February: his hours end that day and he is inactive.
  t.db.sqlite
    .prepare(`UPDATE weekly_schedules SET effective_to = '2026-02-24' WHERE provider_id = ?`)
    .run(ben.id);
  t.db.sqlite.prepare(`UPDATE providers SET active = 0 WHERE id = ?`).run(ben.id);
  return { c, ana, ben, carla, ids };
}

const WEEK = { from: '2026-02-23', to: '2026-02-27' };

describe('reports on the fixture clinic, against hand-computed figures', () => {
  it('utilization: booked ÷ open template minutes, a provider who left mid-week kept', () => {
    const { ana, ben, carla } = fixture();
    const u = t.call('reports/utilization', { ...WEEK, granularity: 'week' });
    const by = new Map(u.rows.map((r) => [r.providerId, r]));
    // 09:00–17:00 minus the 12:00 break = 420 min a day; five days = 2,100.
    // Ana: 30 + 30 (no-show) + 60 + 30 = 150 booked.
    expect(by.get(ana.id)).toMatchObject({
      period: '2026-02-23',
      openMinutes: 2100,
      bookedMinutes: 150,
    });
    expect(by.get(ana.id)!.utilization).toBeCloseTo(150 / 2100, 10);
    // Ben: Monday and Tuesday only = 840 open, 30 booked; still listed though inactive.
    expect(by.get(ben.id)).toMatchObject({ openMinutes: 840, bookedMinutes: 30, active: false });
    expect(by.get(carla.id)).toMatchObject({ openMinutes: 2100, bookedMinutes: 0, utilization: 0 });
    expect(u.total).toMatchObject({ openMinutes: 5040, bookedMinutes: 180 });
    const daily = t.call('reports/utilization', {
      ...WEEK,
      providerIds: [ben.id],
      granularity: 'day',
    });
    expect(daily.rows.map((r) => [r.period, r.openMinutes, r.bookedMinutes])).toEqual([
      ['2026-02-23', 420, 30],
      ['2026-02-24', 420, 0],
    ]);
  });

  it('no-shows, late cancellations and who asked; a cancellation after the start is not a no-show', () => {
    fixture();
    const a = t.call('reports/attendance', WEEK);
    expect(a).toMatchObject({ kept: 4, noShows: 1, cancelled: 3, rescheduled: 1, upcoming: 0 });
    expect(a.noShowRate).toBeCloseTo(1 / 5, 10);
    // Late: the 2-hour patient cancellation and the one after the start; not the provider bump.
    expect(a.lateCancels).toBe(2);
    expect(a.lateCancelRate).toBeCloseTo(2 / 8, 10);
    expect(a.cancelledAfterStart).toBe(1);
    expect(a.cancellationsByWho).toEqual({ patient: 2, clinic: 0, provider: 1, unknown: 0 });
    // The window comes from the settings: at 1 hour the 2-hour cancellation is no longer late.
    t.call('clinic/update', { lateCancelHours: 1 });
    expect(t.call('reports/attendance', WEEK).lateCancels).toBe(1);
  });

  it('lead time median and 90th percentile, and new-patient lag', () => {
    fixture();
    const l = t.call('reports/leadTime', WEEK);
    // Leads 7, 0, 4, 21 (Ana) and 0 (Ben): sorted 0 0 4 7 21 → median 4, p90 21.
    expect(l).toMatchObject({ visits: 5, medianDays: 4, p90Days: 21 });
    // First visits: Maria 7, John 0 (his no-show) and 21 (no earlier kept visit) → median 7.
    expect(l).toMatchObject({
      newPatientVisits: 3,
      newPatientMedianDays: 7,
      newPatientP90Days: 21,
    });
  });

  it('weekday × hour in clinic time, on both sides of a DST change', () => {
    fixture();
    const w = t.call('reports/weekdayHour', WEEK);
    expect(w.cells.map((c) => [c.weekday, c.hour, c.visits, c.noShows])).toEqual([
      [1, 9, 1, 0],
      [1, 10, 1, 1],
      [1, 13, 1, 0],
      [2, 9, 1, 0],
      [5, 11, 1, 0],
    ]);
    // 09:00 EST on 3 March and 09:00 EDT on 9 March are both the 9 o'clock hour.
    const dst = t.call('reports/weekdayHour', { from: '2026-03-02', to: '2026-03-13' });
    expect(dst.cells.map((c) => [c.weekday, c.hour, c.visits])).toEqual([
      [1, 9, 1],
      [2, 9, 1],
    ]);
  });

  it('fill of the next 14 days', () => {
    const { ana, carla } = fixture();
    const f = t.call('reports/fill', {});
    expect(f).toMatchObject({ from: '2026-03-02', to: '2026-03-15' });
    const by = new Map(f.rows.map((r) => [r.providerId, r]));
    // Ten weekdays × 420 = 4,200 open each; Ben has no hours any more.
    expect(by.get(ana.id)).toMatchObject({ openMinutes: 4200, bookedMinutes: 30 });
    expect(by.get(carla.id)).toMatchObject({ openMinutes: 4200, bookedMinutes: 30 });
    expect(f.total).toMatchObject({ openMinutes: 8400, bookedMinutes: 60 });
  });

  it('reminder effect by outcome', () => {
    const { ids } = fixture();
    const rem = t.db.sqlite.prepare(
      `INSERT INTO reminders (appointment_id, touchpoint_key, kind, channel, status, due_ms, not_after_ms, created_ms, updated_ms)
       VALUES (?, 't1', 'reminder', 'sms', ?, 0, 0, 0, 0)`,
    );
    rem.run(ids.a1, 'delivered');
    rem.run(ids.a2, 'failed');
    rem.run(ids.a3, 'sent');
    rem.run(ids.a8, 'scheduled'); // never went out: not reminded
    t.db.sqlite
      .prepare(
        `INSERT INTO inbound_messages (channel, from_address, body, received_ms, classification, appointment_id, status)
         VALUES ('sms', '+15125550134', 'YES', 0, 'confirm', ?, 'handled')`,
      )
      .run(ids.a1);
    const r = t.call('reports/reminderEffect', WEEK);
    expect(r.reminded).toBe(3);
    expect(r.confirmationRate).toBeCloseTo(1 / 3, 10);
    expect(r.byOutcome).toEqual({
      confirmed: { visits: 1, kept: 1, noShows: 0, noShowRate: 0 },
      noAnswer: { visits: 1, kept: 1, noShows: 0, noShowRate: 0 },
      failed: { visits: 1, kept: 0, noShows: 1, noShowRate: 1 },
    });
    expect(r.notReminded).toEqual({ kept: 2, noShows: 0, noShowRate: 0 });
  });

  it('a provider deactivated mid-period: every report keeps the visits they saw', () => {
    const { ben } = fixture();
    const only = { ...WEEK, providerIds: [ben.id] };
    // Ben's one visit: Mon 23 13:00, kept, booked that morning; he is inactive now.
    const a = t.call('reports/attendance', only);
    expect(a).toMatchObject({ kept: 1, noShows: 0, cancelled: 0, rescheduled: 0 });
    expect(a.byProvider).toEqual([
      expect.objectContaining({ providerId: ben.id, active: false, kept: 1, noShowRate: 0 }),
    ]);
    expect(t.call('reports/leadTime', only)).toMatchObject({
      visits: 1,
      medianDays: 0,
      newPatientVisits: 0, // Maria kept a visit with Ana at 09:00 that morning
    });
    expect(t.call('reports/weekdayHour', only).cells).toEqual([
      { weekday: 1, hour: 13, visits: 1, noShows: 0 },
    ]);
    expect(t.call('reports/reminderEffect', only).notReminded).toEqual({
      kept: 1,
      noShows: 0,
      noShowRate: 0,
    });
  });

  it('filters by provider, location and visit type in every report', () => {
    const { ana, c } = fixture();
    const anaWeek = { ...WEEK, providerIds: [ana.id] };
    // Ana: leads 7, 0, 4, 21 → sorted 0 4 7 21: median 4, p90 21; new: 7, 0, 21 → median 7.
    expect(t.call('reports/leadTime', anaWeek)).toMatchObject({
      visits: 4,
      medianDays: 4,
      p90Days: 21,
      newPatientVisits: 3,
      newPatientMedianDays: 7,
    });
    expect(t.call('reports/attendance', anaWeek)).toMatchObject({
      kept: 3,
      noShows: 1,
      cancelled: 3,
      lateCancels: 2,
      cancellationsByWho: { patient: 2, clinic: 0, provider: 1, unknown: 0 },
    });
    // Every visit is at the one location and of the one visit type: the filters keep them all…
    const same = { ...WEEK, locationIds: [c.loc.id], visitTypeIds: [c.visit.id] };
    expect(t.call('reports/attendance', same)).toMatchObject({ kept: 4, noShows: 1, cancelled: 3 });
    expect(t.call('reports/weekdayHour', same).cells).toHaveLength(5);
    expect(t.call('reports/utilization', { ...same, granularity: 'week' }).total).toMatchObject({
      openMinutes: 5040,
      bookedMinutes: 180,
    });
    // …and the other visit type keeps none of them (the hours stay open).
    const other = { ...WEEK, visitTypeIds: [c.newVisit.id] };
    expect(t.call('reports/attendance', other)).toMatchObject({
      kept: 0,
      noShows: 0,
      cancelled: 0,
    });
    expect(t.call('reports/leadTime', other)).toMatchObject({ visits: 0, medianDays: null });
    expect(t.call('reports/weekdayHour', other).cells).toEqual([]);
    expect(t.call('reports/reminderEffect', other).notReminded.kept).toBe(0);
    expect(t.call('reports/utilization', { ...other, granularity: 'week' }).total).toMatchObject({
      openMinutes: 5040,
      bookedMinutes: 0,
    });
  });

  it('refuses a span that ends before it starts', () => {
    fixture();
    expect(t.raw('reports/attendance', { from: '2026-02-27', to: '2026-02-23' })).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'to',
        message: 'The last date must not be before the first date.',
      },
    });
  });
});
