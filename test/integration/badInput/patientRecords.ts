import type { CaseContext, CaseTable } from './cases';

/** Merging duplicate patients, inactive records, and the clinic's CSV export. */
export function patientRecordsCases({ c, NO_SUCH }: CaseContext): CaseTable {
  const pair = { survivorId: c.patient.id, mergedId: c.patient2.id };
  const expected = { survivorUpdatedMs: 0, mergedUpdatedMs: 0 };
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'patients/mergePreview': [
      { kind: 'missing', why: 'no duplicate named', input: { survivorId: c.patient.id }, code: 'VALIDATION', field: 'mergedId' },
      { kind: 'malformed', why: 'an id as text', input: { ...pair, survivorId: 'first' }, code: 'VALIDATION', field: 'survivorId' },
      { kind: 'range', why: 'the same record twice', input: { survivorId: c.patient.id, mergedId: c.patient.id }, code: 'VALIDATION', field: 'mergedId', mention: /cannot be merged into itself/ },
      { kind: 'reference', why: 'a record that does not exist', input: { ...pair, mergedId: NO_SUCH }, code: 'NOT_FOUND', field: 'mergedId', mention: /duplicate record was not found/ },
      { kind: 'unknown', why: 'an unknown key', input: { ...pair, force: true }, code: 'VALIDATION', field: null, mention: /"force"/ },
    ],
    'patients/merge': [
      { kind: 'missing', why: 'no expected versions', input: { ...pair, choices: {} }, code: 'VALIDATION', field: 'expected' },
      { kind: 'malformed', why: 'a choice that is neither record', input: { ...pair, choices: { email: 'both' }, expected }, code: 'VALIDATION', field: 'choices.email', mention: /survivor or merged/ },
      { kind: 'malformed', why: 'a field that cannot be chosen', input: { ...pair, choices: { id: 'merged' }, expected }, code: 'VALIDATION', field: 'choices', mention: /"id"/ },
      { kind: 'range', why: 'a negative version', input: { ...pair, expected: { survivorUpdatedMs: -1, mergedUpdatedMs: 0 } }, code: 'VALIDATION', field: 'expected.survivorUpdatedMs' },
      { kind: 'reference', why: 'records changed since the compare', input: { ...pair, expected }, code: 'CONFLICT', field: 'expected', mention: /changed after you compared them/ },
      { kind: 'reference', why: 'a record that does not exist', input: { ...pair, survivorId: NO_SUCH, expected }, code: 'NOT_FOUND', field: 'survivorId', mention: /record to keep was not found/ },
    ],
    'patients/deactivate': [
      { kind: 'missing', why: 'no reason', input: { patientId: c.patient.id }, code: 'VALIDATION', field: 'reason' },
      { kind: 'malformed', why: 'a reason off the list', input: { patientId: c.patient.id, reason: 'rude' }, code: 'VALIDATION', field: 'reason', mention: /deceased, moved or other/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { patientId: NO_SUCH, reason: 'moved' }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
      { kind: 'range', why: 'patient id 0', input: { patientId: 0, reason: 'moved' }, code: 'VALIDATION', field: 'patientId' },
      { kind: 'malformed', why: 'a date of death that is no date', input: { patientId: c.patient.id, reason: 'deceased', deceasedOn: '2026-02-30' }, code: 'VALIDATION', field: 'deceasedOn', mention: /date of death must be a real date/ },
      { kind: 'range', why: 'a date of death in the future', input: { patientId: c.patient.id, reason: 'deceased', deceasedOn: '2099-01-01' }, code: 'VALIDATION', field: 'deceasedOn', mention: /is in the future/ },
      { kind: 'range', why: 'a date of death before birth', input: { patientId: c.patient.id, reason: 'deceased', deceasedOn: '1900-01-01' }, code: 'VALIDATION', field: 'deceasedOn', mention: /before the date of birth/ },
      { kind: 'range', why: 'a date of death for a patient who moved', input: { patientId: c.patient.id, reason: 'moved', deceasedOn: '2026-01-05' }, code: 'VALIDATION', field: 'deceasedOn', mention: /only with the reason "deceased"/ },
    ],
    'patients/outreachToStop': [
      { kind: 'missing', why: 'no patient', input: {}, code: 'VALIDATION', field: 'patientId' },
      { kind: 'malformed', why: 'a name instead of an id', input: { patientId: 'Maria' }, code: 'VALIDATION', field: 'patientId' },
      { kind: 'range', why: 'patient id 0', input: { patientId: 0 }, code: 'VALIDATION', field: 'patientId' },
      { kind: 'reference', why: 'a patient that does not exist', input: { patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
    ],
    'patients/reactivate': [
      { kind: 'missing', why: 'no patient', input: {}, code: 'VALIDATION', field: 'patientId' },
      { kind: 'malformed', why: 'a name instead of an id', input: { patientId: 'Maria' }, code: 'VALIDATION', field: 'patientId' },
      { kind: 'range', why: 'an active patient', input: { patientId: c.patient.id }, code: 'INVALID_STATE', field: 'patientId', mention: /already active/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
    ],
    'specialties/importNucc': [
      { kind: 'missing', why: 'no file', input: {}, code: 'VALIDATION', field: 'csv' },
      { kind: 'malformed', why: 'a CSV of something else', input: { csv: 'name,phone\nAna,5125550134\n' }, code: 'VALIDATION', field: 'csv', mention: /not the NUCC taxonomy file/ },
      { kind: 'range', why: 'an empty file', input: { csv: '' }, code: 'VALIDATION', field: 'csv', mention: /empty/ },
    ],
    'clinic/exportCsv': [
      { kind: 'missing', why: 'no table', input: {}, code: 'VALIDATION', field: 'table' },
      { kind: 'malformed', why: 'a table that is not exported', input: { table: 'users' }, code: 'VALIDATION', field: 'table', mention: /patients, appointments, providers, visitTypes, fees/ },
      { kind: 'range', why: 'a page of a million rows', input: { table: 'patients', limit: 1_000_000 }, code: 'VALIDATION', field: 'limit', mention: /at most 50,000/ },
      { kind: 'range', why: 'a negative starting id', input: { table: 'patients', afterId: -5 }, code: 'VALIDATION', field: 'afterId', mention: /0 or more/ },
    ],
  };
}
