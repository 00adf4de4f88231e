import type { CaseContext, CaseTable } from './cases';

export function recallCases({ c, NO_SUCH }: CaseContext): CaseTable {
  const type = { name: 'Annual physical', intervalMonths: 12, visitTypeIds: [c.visit.id] };
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'recallTypes/list': [
      { kind: 'malformed', why: 'includeRetired as text', input: { includeRetired: 'yes' }, code: 'VALIDATION', field: 'includeRetired' },
      { kind: 'unknown', why: 'an unknown key', input: { active: true }, code: 'VALIDATION', field: null, mention: /active/ },
    ],
    'recallTypes/create': [
      { kind: 'missing', why: 'no interval', input: { ...type, intervalMonths: undefined }, code: 'VALIDATION', field: 'intervalMonths', mention: /interval is required/ },
      { kind: 'malformed', why: 'an interval of 1.5 months', input: { ...type, intervalMonths: 1.5 }, code: 'VALIDATION', field: 'intervalMonths', mention: /whole months/ },
      { kind: 'range', why: 'no completing visit type', input: { ...type, visitTypeIds: [] }, code: 'VALIDATION', field: 'visitTypeIds', mention: /at least one visit type/ },
      { kind: 'range', why: 'an interval of 121 months', input: { ...type, intervalMonths: 121 }, code: 'VALIDATION', field: 'intervalMonths', mention: /at most 120 months/ },
      { kind: 'range', why: 'maximum age below minimum', input: { ...type, minAgeYears: 65, maxAgeYears: 18 }, code: 'VALIDATION', field: 'maxAgeYears', mention: /below the minimum age/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { ...type, visitTypeIds: [NO_SUCH] }, code: 'NOT_FOUND', field: 'visitTypeIds.0', mention: /visit type was not found/ },
      { kind: 'unknown', why: 'an unknown key', input: { ...type, every: 'year' }, code: 'VALIDATION', field: null, mention: /every/ },
    ],
    'recallTypes/update': [
      { kind: 'missing', why: 'no version', input: { id: 1, intervalMonths: 6 }, code: 'VALIDATION', field: 'version', mention: /version is required/ },
      { kind: 'malformed', why: 'id as text', input: { id: 'x', version: 1 }, code: 'VALIDATION', field: 'id' },
      { kind: 'range', why: 'an interval of 0', input: { id: 1, version: 1, intervalMonths: 0 }, code: 'VALIDATION', field: 'intervalMonths', mention: /at least 1 month/ },
      { kind: 'reference', why: 'a recall type that does not exist', input: { id: NO_SUCH, version: 1 }, code: 'NOT_FOUND', field: 'id', mention: /recall type was not found/ },
    ],
    'recallTypes/retire': [
      { kind: 'missing', why: 'no id', input: { version: 1 }, code: 'VALIDATION', field: 'id', mention: /recall type id is required/ },
      { kind: 'malformed', why: 'version as text', input: { id: 1, version: 'one' }, code: 'VALIDATION', field: 'version' },
      { kind: 'range', why: 'id 0', input: { id: 0, version: 1 }, code: 'VALIDATION', field: 'id', mention: /must be positive/ },
      { kind: 'reference', why: 'a recall type that does not exist', input: { id: NO_SUCH, version: 1 }, code: 'NOT_FOUND', field: 'id', mention: /recall type was not found/ },
    ],
    'recallTypes/restore': [
      { kind: 'missing', why: 'no version', input: { id: 1 }, code: 'VALIDATION', field: 'version', mention: /version is required/ },
      { kind: 'malformed', why: 'id as text', input: { id: 'x', version: 1 }, code: 'VALIDATION', field: 'id' },
      { kind: 'range', why: 'version 0', input: { id: 1, version: 0 }, code: 'VALIDATION', field: 'version', mention: /must be positive/ },
      { kind: 'reference', why: 'a recall type that does not exist', input: { id: NO_SUCH, version: 1 }, code: 'NOT_FOUND', field: 'id', mention: /recall type was not found/ },
    ],
    'recalls/worklist': [
      { kind: 'malformed', why: 'a date written 03/01/2026', input: { dueBy: '03/01/2026' }, code: 'VALIDATION', field: 'dueBy', mention: /YYYY-MM-DD/ },
      { kind: 'range', why: 'due by before due from', input: { dueFrom: '2026-04-01', dueBy: '2026-03-01' }, code: 'VALIDATION', field: 'dueBy', mention: /before due from/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { providerId: NO_SUCH }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
      { kind: 'reference', why: 'a recall type that does not exist', input: { recallTypeId: NO_SUCH }, code: 'NOT_FOUND', field: 'recallTypeId', mention: /recall type was not found/ },
      { kind: 'unknown', why: 'an unknown key', input: { limit: 5 }, code: 'VALIDATION', field: null, mention: /limit/ },
    ],
    'recalls/setDue': [
      { kind: 'missing', why: 'no due date', input: { patientId: c.patient.id, recallTypeId: 1 }, code: 'VALIDATION', field: 'dueDate', mention: /due date is required/ },
      { kind: 'malformed', why: 'the 30th of February', input: { patientId: c.patient.id, recallTypeId: 1, dueDate: '2026-02-30' }, code: 'VALIDATION', field: 'dueDate', mention: /real date/ },
      { kind: 'range', why: 'recall type id 0', input: { patientId: c.patient.id, recallTypeId: 0, dueDate: '2026-05-01' }, code: 'VALIDATION', field: 'recallTypeId', mention: /must be positive/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { patientId: NO_SUCH, recallTypeId: 1, dueDate: '2026-05-01' }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
      { kind: 'reference', why: 'a recall type that does not exist', input: { patientId: c.patient.id, recallTypeId: NO_SUCH, dueDate: '2026-05-01' }, code: 'NOT_FOUND', field: 'recallTypeId', mention: /recall type was not found/ },
    ],
    'recalls/markContacted': [
      { kind: 'missing', why: 'no recall', input: { note: 'left a message' }, code: 'VALIDATION', field: 'recallId', mention: /recall id is required/ },
      { kind: 'malformed', why: 'a note that is a number', input: { recallId: 1, note: 5 }, code: 'VALIDATION', field: 'note', mention: /note must be text/ },
      { kind: 'range', why: 'a note of 301 characters', input: { recallId: 1, note: 'x'.repeat(301) }, code: 'VALIDATION', field: 'note', mention: /at most 300/ },
      { kind: 'reference', why: 'a recall that does not exist', input: { recallId: NO_SUCH }, code: 'NOT_FOUND', field: 'recallId', mention: /recall was not found/ },
    ],
  };
}
