/**
 * Dr Patel's Wednesday 2026-03-04 filled with 20 half-hour visits (08:00–18:00 by date override;
 * every fourth patient speaks Spanish), three openings of hers on Thursday and time off for the
 * two weeks after: the provider-absence tests' clinic, on the reminder world's stand-ins.
 */
import type { ReminderWorld } from './reminderClinic';

export const WEDNESDAY = '2026-03-04';
/** Monday 09:30 in New York: outside quiet hours, so notices go out at once. */
export const MONDAY_0930 = Date.parse('2026-03-02T14:30:00Z');

export function localIso(date: string, minutes: number): string {
  const h = String(Math.floor(minutes / 60)).padStart(2, '0');
  const m = String(minutes % 60).padStart(2, '0');
  return `${date}T${h}:${m}:00-05:00`;
}

/** Dr Patel's Wednesday 08:00–18:00 filled with 20 half-hour visits; every fourth patient speaks Spanish. */
export function bookDay(world: ReminderWorld) {
  const { t, c } = world;
  t.now = MONDAY_0930;
  const ana = c.providers[0]!;
  t.call('schedules/setOverride', {
    providerId: ana.id,
    locationId: c.loc.id,
    date: WEDNESDAY,
    hours: [{ start: '08:00', end: '18:00' }],
  });
  t.call('schedules/setOverride', {
    providerId: ana.id,
    locationId: c.loc.id,
    date: '2026-03-05',
    hours: [{ start: '09:00', end: '10:30' }],
  });
  t.call('schedules/addTimeOff', {
    providerId: ana.id,
    fromDate: '2026-03-06',
    toDate: '2026-03-20',
    reason: 'conference',
  });
  const visits: { appointmentId: number; patientId: number; phone: string; spanish: boolean }[] =
    [];
  for (let i = 0; i < 20; i++) {
    const spanish = i % 4 === 0;
    const p = t.call('patients/create', {
      firstName: `Pat${i}`,
      lastName: 'Absent',
      dateOfBirth: '1970-01-01',
      phoneMobile: `512-555-07${String(10 + i)}`,
      smsConsent: true,
      preferredChannel: 'sms',
      preferredLanguage: spanish ? 'es' : 'en',
    });
    const a = t.call('appointments/book', {
      patientId: p.id,
      providerId: ana.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: localIso(WEDNESDAY, 8 * 60 + 30 * i),
    });
    visits.push({ appointmentId: a.id, patientId: p.id, phone: `+151255507${10 + i}`, spanish });
  }
  return { ana, visits };
}
