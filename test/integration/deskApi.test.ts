import { afterEach, describe, expect, it } from 'vitest';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
afterEach(() => t?.close());

describe('calendar/view', () => {
  it('gives each provider bookable hours, breaks, time off, external busy time and appointments of the day', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const [ana, ben] = c.providers;
    t.call('schedules/addTimeOff', {
      providerId: ben!.id,
      start: '2026-03-03T14:00:00Z',
      end: '2026-03-03T16:00:00Z',
      reason: 'CME',
    });
    t.db.sqlite
      .prepare(
        `INSERT INTO external_busy (provider_id, source, external_id, start_ms, end_ms, updated_ms) VALUES (?, 'google', 'e1', ?, ?, 0)`,
      )
      .run(ana!.id, Date.parse('2026-03-03T19:00:00Z'), Date.parse('2026-03-03T19:30:00Z'));
    const appt = t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: ana!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T09:30:00-05:00',
    });
    const view = t.call('calendar/view', { from: '2026-03-03', locationId: c.loc.id });
    expect(view.dates).toEqual(['2026-03-03']);
    expect(view.providers.map((p) => p.displayName)).toEqual([
      'Carla Nguyen, MD',
      'Ben Okafor, DO',
      'Ana Patel, MD',
    ]);
    expect(view.open.filter((o) => o.providerId === ana!.id).map((o) => [o.start, o.end])).toEqual([
      ['2026-03-03T14:00:00.000Z', '2026-03-03T17:00:00.000Z'],
      ['2026-03-03T18:00:00.000Z', '2026-03-03T22:00:00.000Z'],
    ]);
    // Ben's time off (09:00–11:00) is cut out of his bookable hours.
    expect(view.open.filter((o) => o.providerId === ben!.id)[0]!.start).toBe(
      '2026-03-03T16:00:00.000Z',
    );
    expect(
      view.breaks.filter((b) => b.providerId === ana!.id).map((b) => [b.start, b.end]),
    ).toEqual([['2026-03-03T17:00:00.000Z', '2026-03-03T18:00:00.000Z']]);
    expect(view.timeOff).toEqual([
      { providerId: ben!.id, start: '2026-03-03T14:00:00.000Z', end: '2026-03-03T16:00:00.000Z' },
    ]);
    expect(view.externalBusy.map((b) => [b.providerId, b.start])).toEqual([
      [ana!.id, '2026-03-03T19:00:00.000Z'],
    ]);
    expect(view.appointments.map((a) => [a.id, a.patientName, a.visitTypeName])).toEqual([
      [appt.id, 'Maria Lopez', 'Follow-up'],
    ]);
  });
});

describe('schedules/previewWeek', () => {
  it('shows the week as a proposed template would make it, without saving anything', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const ana = c.providers[0]!;
    const proposal = {
      providerId: ana.id,
      locationId: c.loc.id,
      effectiveFrom: '2026-03-09',
      days: [{ weekday: 1, hours: [{ start: '07:00', end: '11:00' }], breaks: [] }],
    };
    const preview = t.call('schedules/previewWeek', { ...proposal, weekOf: '2026-03-09' });
    expect(preview.open.map((o) => [o.date, o.start, o.end])).toEqual([
      ['2026-03-09', '2026-03-09T11:00:00.000Z', '2026-03-09T15:00:00.000Z'],
    ]);
    // The week before keeps the old hours, and nothing was written.
    const before = t.call('schedules/previewWeek', { ...proposal, weekOf: '2026-03-02' });
    expect(before.open.filter((o) => o.date === '2026-03-02')).toHaveLength(2);
    expect(
      t.call('calendar/view', { from: '2026-03-09' }).open.filter((o) => o.providerId === ana.id),
    ).toHaveLength(2);
  });
});

describe('appointments/get', () => {
  it('follows an appointment through its reschedules, with who did what', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const ana = c.providers[0]!;
    const first = t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: ana.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T09:30:00-05:00',
    });
    const moved = t.call('appointments/reschedule', {
      appointmentId: first.id,
      start: '2026-03-04T10:00:00-05:00',
    });
    t.call('appointments/setStatus', { appointmentId: moved.appointment.id, status: 'confirmed' });
    const got = t.call('appointments/get', { appointmentId: first.id });
    expect(got.chain).toEqual([first.id, moved.appointment.id]);
    expect(got.history.map((h) => h.action)).toEqual([
      'appointment.booked',
      'appointment.rescheduled',
      'appointment.confirmed',
    ]);
    expect(got.patient.name).toBe('Maria Lopez');
    expect(got.providerName).toBe('Ana Patel, MD');
  });
});

describe('patients/update', () => {
  it('saves the record, re-indexes search and audits what changed', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const {
      id,
      stats: _stats,
      // The record's state is not edited here (patients/deactivate and patients/merge change it).
      active: _active,
      inactiveReason: _inactiveReason,
      mergedIntoId: _mergedIntoId,
      inactiveAt: _inactiveAt,
      deceasedOn: _deceasedOn,
      ...fields
    } = t.call('patients/get', { patientId: c.patient.id });
    const p = { id };
    t.call('patients/update', {
      ...fields,
      patientId: id,
      lastName: 'López-Reyes',
      email: 'maria@example.com',
      emailConsent: true,
    });
    expect(t.call('patients/search', { query: 'reyes' }).map((x) => x.id)).toEqual([p.id]);
    expect(t.call('patients/search', { query: 'lopez' }).map((x) => x.id)).toEqual([p.id]);
    const audit = t.db.sqlite
      .prepare(`SELECT details FROM audit_log WHERE action = 'patient.updated'`)
      .get() as { details: string };
    expect(Object.keys(JSON.parse(audit.details) as object).sort()).toEqual([
      'email',
      'emailConsent',
      'lastName',
    ]);
  });
});

describe('removing time off and overrides', () => {
  it('gives the time back', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const ana = c.providers[0]!;
    const off = t.call('schedules/addTimeOff', {
      providerId: ana.id,
      fromDate: '2026-03-03',
      toDate: '2026-03-03',
    });
    t.call('schedules/setOverride', {
      providerId: ana.id,
      locationId: c.loc.id,
      date: '2026-03-04',
      hours: [],
    });
    const count = (date: string) =>
      t.call('availability/slots', {
        providerId: ana.id,
        visitTypeId: c.visit.id,
        from: date,
        to: date,
      }).slots.length;
    expect([count('2026-03-03'), count('2026-03-04')]).toEqual([0, 0]);
    t.call('schedules/removeTimeOff', { timeOffId: off.timeOffId });
    t.call('schedules/removeOverride', {
      providerId: ana.id,
      locationId: c.loc.id,
      date: '2026-03-04',
    });
    expect([count('2026-03-03'), count('2026-03-04')]).toEqual([26, 26]);
  });
});
