/**
 * Booking rules through the API registry (the contract both transports share), on the tiny clinic:
 * Mon–Fri 09:00–17:00 with lunch 12–13 in New York, clock fixed at Mon 2026-03-02 08:00 EST.
 *
 * How these were checked to fail (each change made in a scratch copy, then undone):
 * rescheduleAppointment leaving the old appointment 'booked' fails both reschedule tests; `late`
 * without the requestedBy === 'patient' condition, or with <= instead of <, fails a late-cancel
 * test; removing the day check or the no-show check in setAppointmentStatus, or allowing
 * completed → booked, fails a transition test; skipping the patient-overlap check fails the
 * cross-provider test; blockedFor (scheduling/slots.ts) ignoring buffers fails the buffer test;
 * openRangesForDate ignoring time off, or blocksForDate ignoring overrides, fails the matching
 * test; localToInstant using a fixed -05:00 fails the DST test; an overbook audited as
 * 'appointment.booked' fails the overbook test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/dbState';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
let ana: number;
let ben: number;

beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
  ana = c.providers[0]!.id;
  ben = c.providers[1]!.id;
});
afterEach(() => t.close());

function bookInput(
  over: Partial<{
    patientId: number;
    providerId: number;
    visitTypeId: number;
    start: string;
    end: string;
    overbook: { reason: string };
  }> = {},
) {
  return {
    patientId: c.patient.id,
    providerId: ana,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    start: '2026-03-03T10:00:00-05:00',
    ...over,
  };
}

const book = (over: Parameters<typeof bookInput>[0] = {}) =>
  t.call('appointments/book', bookInput(over));

function extraPatient(firstName: string) {
  return t.call('patients/create', { firstName, lastName: 'Extra', dateOfBirth: '1990-01-01' });
}

/** The local start times the slots API offers one provider on one date. */
function slotTimes(providerId: number, date: string, visitTypeId = c.visit.id) {
  return t
    .call('availability/slots', { providerId, visitTypeId, from: date, to: date })
    .slots.map((s) => s.localTime);
}

/** A refused call: its error, and proof that it wrote nothing at all. */
function refused(name: string, input: unknown) {
  const before = snapshot(t.db.sqlite);
  const r = t.raw(name, input);
  expect(r.ok).toBe(false);
  expect(snapshot(t.db.sqlite)).toEqual(before);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

function auditFor(entityId: number) {
  return (
    t.db.sqlite
      .prepare(
        `SELECT action, details FROM audit_log WHERE entity_type = 'appointment' AND entity_id = ? ORDER BY id`,
      )
      .all(entityId) as { action: string; details: string }[]
  ).map((r) => ({ action: r.action, details: JSON.parse(r.details) as Record<string, unknown> }));
}

describe('reschedule', () => {
  it('keeps the confirmation code and a confirmed visit confirmed when only its time moves', () => {
    const a = book();
    t.call('appointments/setStatus', { appointmentId: a.id, status: 'confirmed' });
    const moved = t.call('appointments/reschedule', {
      appointmentId: a.id,
      start: '2026-03-03T11:00:00-05:00',
    }).appointment;
    expect(moved).toMatchObject({ status: 'confirmed', confirmationCode: a.confirmationCode });
    // Another provider is a different appointment the patient has not confirmed yet.
    const other = t.call('appointments/reschedule', {
      appointmentId: moved.id,
      start: '2026-03-03T14:00:00-05:00',
      providerId: c.providers[1]!.id,
    }).appointment;
    expect(other).toMatchObject({ status: 'booked', confirmationCode: a.confirmationCode });
    // The code the patient wrote down finds them, typed any way.
    for (const q of [a.confirmationCode, a.confirmationCode.replace('-', '').toLowerCase()])
      expect(t.call('patients/search', { query: q })[0]).toMatchObject({ id: c.patient.id });
  });

  it('frees the old slot and takes the new one in one step, linked both ways', () => {
    const a = book();
    const before = snapshot(t.db.sqlite);
    const r = t.call('appointments/reschedule', {
      appointmentId: a.id,
      start: '2026-03-03T11:00:00-05:00',
    });
    expect(r.old).toMatchObject({
      id: a.id,
      status: 'rescheduled',
      rescheduledToId: r.appointment.id,
    });
    expect(r.appointment).toMatchObject({
      status: 'booked',
      rescheduledFromId: a.id,
      patientId: c.patient.id,
      providerId: ana,
      start: '2026-03-03T16:00:00.000Z',
      end: '2026-03-03T16:30:00.000Z',
    });
    expect(r.appointment.id).not.toBe(a.id);
    const after = snapshot(t.db.sqlite);
    expect(after.counts.appointments).toBe(before.counts.appointments + 1);
    expect(after.counts.audit_log).toBe(before.counts.audit_log + 1);
    expect(auditFor(a.id).map((x) => x.action)).toEqual([
      'appointment.booked',
      'appointment.rescheduled',
    ]);
    expect(auditFor(a.id)[1]!.details).toMatchObject({ to: { appointmentId: r.appointment.id } });

    // The old time is free again, the new one is taken.
    expect(slotTimes(ana, '2026-03-03')).toContain('10:00');
    expect(slotTimes(ana, '2026-03-03')).not.toContain('11:00');
    const other = extraPatient('Olga');
    expect(book({ patientId: other.id }).start).toBe('2026-03-03T15:00:00.000Z');
    expect(
      refused(
        'appointments/book',
        bookInput({ patientId: other.id, start: '2026-03-03T11:15:00-05:00' }),
      ),
    ).toMatchObject({ code: 'CONFLICT', field: 'start' });
  });

  it('may overlap its own old time (moving by 15 minutes) and keeps a custom length', () => {
    const a = book({ end: '2026-03-03T10:45:00-05:00' });
    const r = t.call('appointments/reschedule', {
      appointmentId: a.id,
      start: '2026-03-03T10:15:00-05:00',
    });
    expect(r.appointment.start).toBe('2026-03-03T15:15:00.000Z');
    expect(r.appointment.end).toBe('2026-03-03T16:00:00.000Z'); // 45 minutes, as before
    // A new visit type sets the length anew (New patient: 60 minutes).
    const r2 = t.call('appointments/reschedule', {
      appointmentId: r.appointment.id,
      start: '2026-03-03T14:00:00-05:00',
      visitTypeId: c.newVisit.id,
    });
    expect(r2.appointment.end).toBe('2026-03-03T20:00:00.000Z');
  });

  it('to a taken time (here another provider) is refused and changes nothing', () => {
    const a = book();
    book({ patientId: c.patient2.id, providerId: ben, start: '2026-03-03T14:00:00-05:00' });
    const err = refused('appointments/reschedule', {
      appointmentId: a.id,
      providerId: ben,
      start: '2026-03-03T14:15:00-05:00',
    });
    expect(err).toMatchObject({ code: 'CONFLICT', field: 'start' });
    expect(err.message).toMatch(/with Ben Okafor, DO was just taken\./);
    expect(t.call('patients/get', { patientId: c.patient.id }).stats.upcoming).toBe(1);
  });

  it('of an appointment that is no longer booked is refused', () => {
    const a = book();
    t.call('appointments/cancel', { appointmentId: a.id, reason: 'Feeling better' });
    const err = refused('appointments/reschedule', {
      appointmentId: a.id,
      start: '2026-03-03T11:00:00-05:00',
    });
    expect(err).toMatchObject({ code: 'INVALID_STATE', field: 'appointmentId' });
    expect(err.message).toMatch(/this one is cancelled/);
  });
});

describe('cancel and the late-cancel flag', () => {
  it('is late only when the patient cancels inside the window', () => {
    // 2 hours ahead: inside the default 24-hour window.
    const byPatient = book({ start: '2026-03-02T10:00:00-05:00' });
    const byClinic = book({ start: '2026-03-02T11:00:00-05:00' });
    const byProvider = book({ start: '2026-03-02T13:00:00-05:00' });
    const far = book({ start: '2026-03-04T10:00:00-05:00' });
    const cancel = (id: number, requestedBy?: 'patient' | 'clinic' | 'provider') =>
      t.call('appointments/cancel', {
        appointmentId: id,
        reason: 'Cannot come',
        ...(requestedBy ? { requestedBy } : {}),
      });
    expect(cancel(byPatient.id)).toMatchObject({
      status: 'cancelled',
      lateCancel: true,
      cancelReason: 'Cannot come',
      cancelledBy: 'patient (via test)',
      cancelledAt: '2026-03-02T13:00:00.000Z',
    });
    expect(cancel(byClinic.id, 'clinic').lateCancel).toBe(false);
    expect(cancel(byProvider.id, 'provider').lateCancel).toBe(false);
    expect(cancel(far.id, 'patient').lateCancel).toBe(false);
    expect(auditFor(byPatient.id)[1]).toEqual({
      action: 'appointment.cancelled',
      details: { reason: 'Cannot come', requestedBy: 'patient', late: true },
    });
    expect(t.call('patients/get', { patientId: c.patient.id }).stats.lateCancels).toBe(1);
    // The freed time can be booked again; a cancelled appointment cannot be cancelled twice.
    expect(book({ patientId: c.patient2.id, start: '2026-03-02T10:00:00-05:00' }).status).toBe(
      'booked',
    );
    expect(
      refused('appointments/cancel', { appointmentId: byPatient.id, reason: 'again' }),
    ).toMatchObject({ code: 'INVALID_STATE', field: 'appointmentId' });
  });

  it('counts the window to the minute: exactly 24 hours ahead is not late', () => {
    t.now = Date.parse('2026-03-02T10:00:00-05:00');
    const exactly = book({ start: '2026-03-03T10:00:00-05:00' });
    const just = book({ start: '2026-03-03T09:30:00-05:00' });
    const cancel = (id: number) =>
      t.call('appointments/cancel', { appointmentId: id, reason: 'x', requestedBy: 'patient' });
    expect(cancel(exactly.id).lateCancel).toBe(false);
    expect(cancel(just.id).lateCancel).toBe(true);
  });
});

describe('status transitions', () => {
  it('follows the day: confirm any time, arrive only on the day, complete, never back to booked', () => {
    const tomorrow = book();
    expect(
      t.call('appointments/setStatus', { appointmentId: tomorrow.id, status: 'confirmed' }).status,
    ).toBe('confirmed');
    const early = refused('appointments/setStatus', {
      appointmentId: tomorrow.id,
      status: 'arrived',
    });
    expect(early).toMatchObject({ code: 'RULE', field: 'status' });
    expect(early.message).toMatch(/cannot be marked arrived before that day/);

    const today = book({ start: '2026-03-02T10:00:00-05:00' });
    for (const status of ['arrived', 'in_room', 'completed'] as const) {
      expect(t.call('appointments/setStatus', { appointmentId: today.id, status }).status).toBe(
        status,
      );
    }
    const back = refused('appointments/setStatus', { appointmentId: today.id, status: 'booked' });
    expect(back).toMatchObject({ code: 'INVALID_STATE', field: 'status' });
    expect(back.message).toBe('An appointment that is completed cannot be marked booked.');
    expect(auditFor(today.id).map((a) => a.action)).toEqual([
      'appointment.booked',
      'appointment.arrived',
      'appointment.in_room',
      'appointment.completed',
    ]);
  });

  it('marks a no-show only after the start, and cannot restore it onto a time taken since', () => {
    const a = book({ start: '2026-03-02T10:00:00-05:00' });
    const tooSoon = refused('appointments/setStatus', { appointmentId: a.id, status: 'no_show' });
    expect(tooSoon).toMatchObject({ code: 'RULE', field: 'status' });
    expect(tooSoon.message).toMatch(/only after the appointment time has passed/);

    t.now = Date.parse('2026-03-02T10:01:00-05:00');
    expect(
      t.call('appointments/setStatus', { appointmentId: a.id, status: 'no_show' }).status,
    ).toBe('no_show');
    // The no-show gave the time back: a walk-in takes it (within the 15-minute grace).
    book({ patientId: c.patient2.id, start: '2026-03-02T10:00:00-05:00' });
    // Undoing the no-show now would double-book Dr. Patel: the database trigger refuses it.
    const undo = refused('appointments/setStatus', { appointmentId: a.id, status: 'booked' });
    expect(undo.code).toBe('CONFLICT');
    expect(undo.message).toMatch(/already has an appointment then/);
  });
});

describe('overbooking', () => {
  it('needs a reason, is refused without overbook, and is audited with the reason', () => {
    const first = book({ start: '2026-03-02T10:00:00-05:00' });
    const second = bookInput({ patientId: c.patient2.id, start: '2026-03-02T10:00:00-05:00' });
    expect(refused('appointments/book', second)).toMatchObject({
      code: 'CONFLICT',
      field: 'start',
    });
    const blank = refused('appointments/book', { ...second, overbook: { reason: '   ' } });
    expect(blank).toEqual({
      code: 'VALIDATION',
      field: 'overbook.reason',
      message: 'overbook.reason: overbook reason is required',
    });
    expect(refused('appointments/book', { ...second, overbook: {} })).toMatchObject({
      code: 'VALIDATION',
      field: 'overbook.reason',
    });

    const ob = t.call('appointments/book', {
      ...second,
      overbook: { reason: ' Chest pain, squeeze in ' },
    });
    expect(ob).toMatchObject({
      overbook: true,
      overbookReason: 'Chest pain, squeeze in',
      start: first.start,
      status: 'booked',
    });
    expect(auditFor(ob.id)).toEqual([
      {
        action: 'appointment.overbooked',
        details: expect.objectContaining({
          overbookReason: 'Chest pain, squeeze in',
          providerId: ana,
        }),
      },
    ]);
    // Outside hours too, on purpose.
    const late = t.call('appointments/book', {
      ...bookInput({ patientId: c.patient2.id, start: '2026-03-02T18:00:00-05:00' }),
      overbook: { reason: 'Provider stays late' },
    });
    expect(late.overbook).toBe(true);
  });
});

describe('the patient', () => {
  it('cannot be double-booked across providers', () => {
    book({ start: '2026-03-02T10:00:00-05:00' });
    const err = refused(
      'appointments/book',
      bookInput({ providerId: ben, start: '2026-03-02T10:15:00-05:00' }),
    );
    expect(err).toMatchObject({ code: 'CONFLICT', field: 'patientId' });
    expect(err.message).toMatch(/already has an appointment at .* with Ana Patel, MD/);
    // Back to back is fine.
    expect(book({ providerId: ben, start: '2026-03-02T10:30:00-05:00' }).status).toBe('booked');
  });
});

describe('buffers', () => {
  it("keep a visit's buffer clear on both sides", () => {
    // New patient: 60 minutes plus 10 after. 09:00–10:00, then nothing until 10:10.
    book({ visitTypeId: c.newVisit.id, start: '2026-03-02T09:00:00-05:00' });
    const times = slotTimes(ana, '2026-03-02');
    expect(times).not.toContain('10:00');
    expect(times[0]).toBe('10:15');
    const p3 = extraPatient('Pia');
    expect(
      refused(
        'appointments/book',
        bookInput({ patientId: p3.id, start: '2026-03-02T10:05:00-05:00' }),
      ),
    ).toMatchObject({ code: 'CONFLICT', field: 'start' });
    expect(book({ patientId: p3.id, start: '2026-03-02T10:10:00-05:00' }).status).toBe('booked');

    // The new visit's own buffer after must clear the next appointment: Ben has 11:00.
    book({ patientId: c.patient2.id, providerId: ben, start: '2026-03-02T11:00:00-05:00' });
    const p4 = extraPatient('Quinn');
    const newAt = (start: string) =>
      bookInput({ patientId: p4.id, providerId: ben, visitTypeId: c.newVisit.id, start });
    expect(refused('appointments/book', newAt('2026-03-02T09:55:00-05:00'))).toMatchObject({
      code: 'CONFLICT',
      field: 'start',
    });
    expect(slotTimes(ben, '2026-03-02', c.newVisit.id).slice(0, 2)).toEqual(['09:00', '09:15']);
    expect(slotTimes(ben, '2026-03-02', c.newVisit.id)).not.toContain('10:00');
    expect(t.call('appointments/book', newAt('2026-03-02T09:50:00-05:00')).end).toBe(
      '2026-03-02T15:50:00.000Z',
    );
  });
});

describe('time off and date overrides', () => {
  it('take slots away, and booking into them is refused', () => {
    expect(slotTimes(ana, '2026-03-03')).toContain('10:00');
    t.call('schedules/addTimeOff', {
      providerId: ana,
      start: '2026-03-03T10:00:00-05:00',
      end: '2026-03-03T11:00:00-05:00',
      reason: 'Dentist',
    });
    const tue = slotTimes(ana, '2026-03-03');
    expect(tue.filter((s) => s >= '09:00' && s < '11:30')).toEqual([
      '09:00',
      '09:15',
      '09:30',
      '11:00',
      '11:15',
    ]);
    expect(
      refused('appointments/book', bookInput({ start: '2026-03-03T10:15:00-05:00' })),
    ).toMatchObject({ code: 'OUTSIDE_HOURS', field: 'start' });

    t.call('schedules/addTimeOff', {
      providerId: ana,
      fromDate: '2026-03-04',
      toDate: '2026-03-04',
    });
    expect(slotTimes(ana, '2026-03-04')).toEqual([]);
    expect(slotTimes(ben, '2026-03-04')).toHaveLength(26); // others unaffected: 7 h of 30-min visits on a 15-min grid
  });

  it('weekly hours that drop a booked day are refused with the visits, until confirmed', () => {
    const thu = book({ patientId: c.patient2.id, start: '2026-03-05T10:00:00-05:00' });
    const noThursdays = {
      providerId: ana,
      locationId: c.loc.id,
      effectiveFrom: '2026-03-03',
      days: [1, 2, 3, 5].map((weekday) => ({
        weekday,
        hours: [{ start: '09:00', end: '17:00' }],
        breaks: [],
      })),
    };
    const asked = refused('schedules/setWeekly', noThursdays);
    expect(asked.code).toBe('CONFLICT');
    expect(asked.details).toEqual({
      orphans: [
        expect.objectContaining({
          appointmentId: thu.id,
          patientName: 'John Smith',
          phone: null,
          providerName: 'Ana Patel, MD',
        }),
      ],
    });
    const saved = t.call('schedules/setWeekly', { ...noThursdays, confirmOrphans: true });
    expect(saved.appointmentsOutsideHours.map((o) => o.appointmentId)).toEqual([thu.id]);
    expect(slotTimes(ana, '2026-03-05')).toEqual([]);
    // What was kept outside hours is in the audit row.
    const audit = t.db.sqlite
      .prepare(
        `SELECT details FROM audit_log WHERE action = 'schedule.weeklySet' ORDER BY id DESC LIMIT 1`,
      )
      .get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ keptOutsideHours: [thu.id] });
  });

  it('replace the hours of one date: shorter, closed, or open on a Saturday', () => {
    const kept = book({ start: '2026-03-05T10:00:00-05:00' });
    const halfDay = {
      providerId: ana,
      locationId: c.loc.id,
      date: '2026-03-05',
      hours: [{ start: '13:00', end: '15:00' }],
      reason: 'Half day',
    };
    const orphan = {
      appointmentId: kept.id,
      start: kept.start,
      end: kept.end,
      patientName: 'Maria Lopez',
      phone: '+15125550134',
      providerName: 'Ana Patel, MD',
      visitTypeName: 'Follow-up',
      locationName: c.loc.name,
    };
    // First the desk is asked: the change would orphan Maria's visit, so nothing is saved.
    const asked = refused('schedules/setOverride', halfDay);
    expect(asked).toMatchObject({
      code: 'CONFLICT',
      message:
        'Not saved: 1 booked visit would fall outside the new hours (Maria Lopez). Reschedule it first, or save again confirming you will call the patient.',
      details: { orphans: [orphan] },
    });
    expect(slotTimes(ana, '2026-03-05')).toContain('09:00');
    const shorter = t.call('schedules/setOverride', { ...halfDay, confirmOrphans: true });
    // Confirmed: the appointment already there is kept and listed for a call-back, by name.
    expect(shorter.appointmentsOutsideHours).toEqual([orphan]);
    expect(slotTimes(ana, '2026-03-05')).toEqual([
      '13:00',
      '13:15',
      '13:30',
      '13:45',
      '14:00',
      '14:15',
      '14:30',
    ]);
    expect(
      refused(
        'appointments/book',
        bookInput({ patientId: c.patient2.id, start: '2026-03-05T11:00:00-05:00' }),
      ),
    ).toMatchObject({ code: 'OUTSIDE_HOURS' });

    // The calendar marks it; other visits are not marked.
    const other = book({ patientId: c.patient2.id, start: '2026-03-05T13:00:00-05:00' });
    const view = t.call('calendar/view', { from: '2026-03-05', providerIds: [ana] });
    expect(view.appointments.map((a) => [a.id, a.outsideHours])).toEqual([
      [kept.id, true],
      [other.id, false],
    ]);
    // A later change that orphans nobody new is not refused again for Maria.
    t.call('schedules/setOverride', { ...halfDay, hours: [{ start: '13:00', end: '16:00' }] });

    t.call('schedules/setOverride', {
      providerId: ana,
      locationId: c.loc.id,
      date: '2026-03-06',
      hours: [],
    });
    expect(slotTimes(ana, '2026-03-06')).toEqual([]);

    expect(slotTimes(ana, '2026-03-07')).toEqual([]);
    t.call('schedules/setOverride', {
      providerId: ana,
      locationId: c.loc.id,
      date: '2026-03-07',
      hours: [{ start: '10:00', end: '12:00' }],
    });
    expect(slotTimes(ana, '2026-03-07')).toEqual([
      '10:00',
      '10:15',
      '10:30',
      '10:45',
      '11:00',
      '11:15',
      '11:30',
    ]);
  });
});

describe('daylight saving time', () => {
  it('books 09:00 local on Monday 2026-03-09 in New York as 13:00Z (EDT), 14:00Z the Friday before (EST)', () => {
    const mon = t.call('availability/slots', {
      providerId: ana,
      visitTypeId: c.visit.id,
      from: '2026-03-09',
      to: '2026-03-09',
    }).slots[0]!;
    expect(mon).toMatchObject({ localTime: '09:00', start: '2026-03-09T13:00:00.000Z' });
    const fri = t.call('availability/slots', {
      providerId: ana,
      visitTypeId: c.visit.id,
      from: '2026-03-06',
      to: '2026-03-06',
    }).slots[0]!;
    expect(fri).toMatchObject({ localTime: '09:00', start: '2026-03-06T14:00:00.000Z' });

    const a = book({ start: '2026-03-09T09:00:00-04:00' });
    expect(a.start).toBe('2026-03-09T13:00:00.000Z');
    expect(a.end).toBe('2026-03-09T13:30:00.000Z');
    // 13:00Z on the Friday is 08:00 EST: before hours, whatever the offset was a week later.
    expect(
      refused(
        'appointments/book',
        bookInput({ patientId: c.patient2.id, start: '2026-03-06T13:00:00Z' }),
      ),
    ).toMatchObject({ code: 'OUTSIDE_HOURS' });
  });
});

describe('an overbook on top of an appointment', () => {
  it('leaves the patient underneath free to be confirmed and checked in', () => {
    const t = openTestApi();
    try {
      const c = buildTinyClinic(t);
      const at = {
        providerId: c.providers[0]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: '2026-03-02T10:00:00-05:00',
      };
      const first = t.call('appointments/book', { ...at, patientId: c.patient.id });
      t.call('appointments/book', {
        ...at,
        patientId: c.patient2.id,
        overbook: { reason: 'Chest pain, seen today' },
      });
      expect(
        t.raw('appointments/setStatus', { appointmentId: first.id, status: 'confirmed' }),
      ).toMatchObject({ ok: true });
      expect(
        t.raw('appointments/setStatus', { appointmentId: first.id, status: 'arrived' }),
      ).toMatchObject({ ok: true });
    } finally {
      t.close();
    }
  });
});
