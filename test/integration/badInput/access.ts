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
    'series/edit': [
      { kind: 'missing', why: 'no change', input: { appointmentId: apptId, scope: 'this' }, code: 'VALIDATION', field: 'change' },
      { kind: 'malformed', why: 'scope "next"', input: { appointmentId: apptId, scope: 'next', change: { kind: 'cancel', reason: 'x' } }, code: 'VALIDATION', field: 'scope', mention: /this, following or allFuture/ },
      { kind: 'range', why: 'a time of 25:00', input: { appointmentId: apptId, scope: 'this', change: { kind: 'time', time: '25:00' } }, code: 'VALIDATION', field: 'change.time', mention: /HH:MM/ },
      { kind: 'reference', why: 'an appointment outside any series', input: { appointmentId: apptId, scope: 'this', change: { kind: 'cancel', reason: 'x' } }, code: 'NOT_FOUND', field: 'appointmentId', mention: /not part of a series/ },
    ],
  };
}
