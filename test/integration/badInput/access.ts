import type { CaseContext, CaseTable } from './cases';

export function accessCases({ t, c, apptId, NO_SUCH }: CaseContext): CaseTable {
  void t;
  const series = {
    patientId: c.patient.id,
    providerId: c.providers[0]!.id,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    firstDate: '2026-03-10',
    time: '10:00',
    rule: { frequency: 'weekly', interval: 1, count: 4 },
  };
  const choices = [1, 2, 3, 4].map((position) => ({ position, skip: true }));
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'series/preview': [
      { kind: 'missing', why: 'no rule', input: { ...series, rule: undefined }, code: 'VALIDATION', field: 'rule', mention: /rule is required|rule/ },
      { kind: 'malformed', why: 'monthly', input: { ...series, rule: { ...series.rule, frequency: 'monthly' } }, code: 'VALIDATION', field: 'rule.frequency', mention: /daily or weekly/ },
      { kind: 'malformed', why: 'a time written 10am', input: { ...series, time: '10am' }, code: 'VALIDATION', field: 'time', mention: /HH:MM/ },
      { kind: 'range', why: '53 visits', input: { ...series, rule: { ...series.rule, count: 53 } }, code: 'VALIDATION', field: 'rule.count', mention: /at most 52/ },
      { kind: 'range', why: 'an end date before the first visit', input: { ...series, rule: { frequency: 'weekly', interval: 1, until: '2026-03-01' } }, code: 'VALIDATION', field: 'rule.until', mention: /before the first visit/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { ...series, patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
      { kind: 'unknown', why: 'an unknown key', input: { ...series, weekdays: [1] }, code: 'VALIDATION', field: null, mention: /weekdays/ },
    ],
    'series/book': [
      { kind: 'missing', why: 'no choices', input: series, code: 'VALIDATION', field: 'occurrences', mention: /occurrences/ },
      { kind: 'malformed', why: 'a choice that neither books nor skips', input: { ...series, occurrences: [{ position: 1 }] }, code: 'VALIDATION', field: 'occurrences.0' },
      { kind: 'range', why: 'every visit skipped', input: { ...series, occurrences: choices }, code: 'VALIDATION', field: 'occurrences', mention: /nothing to book/ },
      { kind: 'range', why: 'a visit chosen twice', input: { ...series, occurrences: [...choices, { position: 1, skip: true }] }, code: 'VALIDATION', field: 'occurrences', mention: /chosen twice/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { ...series, visitTypeId: NO_SUCH, occurrences: choices }, code: 'NOT_FOUND', field: 'visitTypeId', mention: /visit type was not found/ },
    ],
    'series/get': [
      { kind: 'missing', why: 'no series', input: {}, code: 'VALIDATION', field: 'seriesId', mention: /series id is required/ },
      { kind: 'malformed', why: 'id as text', input: { seriesId: 'x' }, code: 'VALIDATION', field: 'seriesId' },
      { kind: 'range', why: 'id 0', input: { seriesId: 0 }, code: 'VALIDATION', field: 'seriesId', mention: /must be positive/ },
      { kind: 'reference', why: 'a series that does not exist', input: { seriesId: NO_SUCH }, code: 'NOT_FOUND', field: 'seriesId', mention: /series was not found/ },
    ],
    'waitlist/add': [
      { kind: 'missing', why: 'no visit type', input: { patientId: c.patient.id }, code: 'VALIDATION', field: 'visitTypeId', mention: /visit type id is required/ },
      { kind: 'malformed', why: 'time of day "evening"', input: { patientId: c.patient.id, visitTypeId: c.visit.id, timeOfDay: 'evening' }, code: 'VALIDATION', field: 'timeOfDay', mention: /any, morning or afternoon/ },
      { kind: 'range', why: 'weekday 8', input: { patientId: c.patient.id, visitTypeId: c.visit.id, weekdays: [8] }, code: 'VALIDATION', field: 'weekdays.0', mention: /1 \(Monday\) to 7/ },
      { kind: 'range', why: 'latest date before earliest', input: { patientId: c.patient.id, visitTypeId: c.visit.id, earliestDate: '2026-04-01', latestDate: '2026-03-01' }, code: 'VALIDATION', field: 'latestDate', mention: /before the earliest/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { patientId: NO_SUCH, visitTypeId: c.visit.id }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
      { kind: 'unknown', why: 'an unknown key', input: { patientId: c.patient.id, visitTypeId: c.visit.id, urgent: true }, code: 'VALIDATION', field: null, mention: /urgent/ },
    ],
    'waitlist/remove': [
      { kind: 'missing', why: 'no reason', input: { entryId: 1 }, code: 'VALIDATION', field: 'reason', mention: /reason is required/ },
      { kind: 'malformed', why: 'id as text', input: { entryId: 'x', reason: 'done' }, code: 'VALIDATION', field: 'entryId' },
      { kind: 'range', why: 'id 0', input: { entryId: 0, reason: 'done' }, code: 'VALIDATION', field: 'entryId', mention: /must be positive/ },
      { kind: 'reference', why: 'an entry that does not exist', input: { entryId: NO_SUCH, reason: 'done' }, code: 'NOT_FOUND', field: 'entryId', mention: /waitlist entry was not found/ },
    ],
    'waitlist/list': [
      { kind: 'malformed', why: 'status "waiting"', input: { status: 'waiting' }, code: 'VALIDATION', field: 'status', mention: /active, booked, removed or expired/ },
      { kind: 'unknown', why: 'an unknown key', input: { limit: 5 }, code: 'VALIDATION', field: null, mention: /limit/ },
    ],
    'waitlist/offers': [
      { kind: 'missing', why: 'no end', input: { from: '2026-03-01T00:00:00Z' }, code: 'VALIDATION', field: 'to', mention: /to is required/ },
      { kind: 'malformed', why: 'a date without a time', input: { from: '2026-03-01', to: '2026-03-02T00:00:00Z' }, code: 'VALIDATION', field: 'from', mention: /ISO 8601/ },
      { kind: 'range', why: '40 days', input: { from: '2026-03-01T00:00:00Z', to: '2026-04-10T00:00:00Z' }, code: 'VALIDATION', field: 'to', mention: /at most 31 days/ },
    ],
    'waitlist/offerSlot': [
      { kind: 'missing', why: 'no start', input: { providerId: c.providers[0]!.id, locationId: c.loc.id }, code: 'VALIDATION', field: 'start', mention: /start is required/ },
      { kind: 'malformed', why: 'start without an offset', input: { providerId: c.providers[0]!.id, locationId: c.loc.id, start: '2026-03-04 10:00' }, code: 'VALIDATION', field: 'start', mention: /ISO 8601/ },
      { kind: 'range', why: 'a time 10 minutes away', input: { providerId: c.providers[0]!.id, locationId: c.loc.id, start: '2026-03-02T13:10:00Z' }, code: 'RULE', field: 'start', mention: /at least 30 minutes away/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { providerId: NO_SUCH, locationId: c.loc.id, start: '2026-03-04T15:00:00Z' }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'waitlist/update': [
      { kind: 'missing', why: 'no entry', input: { patientId: c.patient.id, visitTypeId: c.visit.id }, code: 'VALIDATION', field: 'entryId', mention: /waitlist entry id is required/ },
      { kind: 'malformed', why: 'time of day "evening"', input: { entryId: 1, patientId: c.patient.id, visitTypeId: c.visit.id, timeOfDay: 'evening' }, code: 'VALIDATION', field: 'timeOfDay', mention: /any, morning or afternoon/ },
      { kind: 'range', why: 'priority 10', input: { entryId: 1, patientId: c.patient.id, visitTypeId: c.visit.id, priority: 10 }, code: 'VALIDATION', field: 'priority', mention: /priority is 0 to 9/ },
      { kind: 'reference', why: 'an entry that does not exist', input: { entryId: NO_SUCH, patientId: c.patient.id, visitTypeId: c.visit.id }, code: 'NOT_FOUND', field: 'entryId', mention: /waitlist entry was not found/ },
    ],
    'waitlist/history': [
      { kind: 'missing', why: 'no entry', input: {}, code: 'VALIDATION', field: 'entryId', mention: /waitlist entry id is required/ },
      { kind: 'malformed', why: 'id as text', input: { entryId: 'x' }, code: 'VALIDATION', field: 'entryId' },
      { kind: 'range', why: 'id 0', input: { entryId: 0 }, code: 'VALIDATION', field: 'entryId', mention: /must be positive/ },
      { kind: 'reference', why: 'an entry that does not exist', input: { entryId: NO_SUCH }, code: 'NOT_FOUND', field: 'entryId', mention: /waitlist entry was not found/ },
    ],
    'waitlist/matches': [
      { kind: 'missing', why: 'no end', input: { providerId: c.providers[0]!.id, locationId: c.loc.id, start: '2026-03-04T15:00:00Z' }, code: 'VALIDATION', field: 'end', mention: /end is required/ },
      { kind: 'malformed', why: 'start without an offset', input: { providerId: c.providers[0]!.id, locationId: c.loc.id, start: '2026-03-04 10:00', end: '2026-03-04T15:30:00Z' }, code: 'VALIDATION', field: 'start', mention: /ISO 8601/ },
      { kind: 'range', why: 'end before start', input: { providerId: c.providers[0]!.id, locationId: c.loc.id, start: '2026-03-04T15:00:00Z', end: '2026-03-04T14:00:00Z' }, code: 'VALIDATION', field: 'end', mention: /end must be after start/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { providerId: NO_SUCH, locationId: c.loc.id, start: '2026-03-04T15:00:00Z', end: '2026-03-04T15:30:00Z' }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'series/edit': [
      { kind: 'missing', why: 'no change', input: { appointmentId: apptId, scope: 'this' }, code: 'VALIDATION', field: 'change' },
      { kind: 'malformed', why: 'scope "next"', input: { appointmentId: apptId, scope: 'next', change: { kind: 'cancel', reason: 'x' } }, code: 'VALIDATION', field: 'scope', mention: /this, following or allFuture/ },
      { kind: 'range', why: 'a time of 25:00', input: { appointmentId: apptId, scope: 'this', change: { kind: 'time', time: '25:00' } }, code: 'VALIDATION', field: 'change.time', mention: /HH:MM/ },
      { kind: 'reference', why: 'an appointment outside any series', input: { appointmentId: apptId, scope: 'this', change: { kind: 'cancel', reason: 'x' } }, code: 'NOT_FOUND', field: 'appointmentId', mention: /not part of a series/ },
    ],
  };
}
