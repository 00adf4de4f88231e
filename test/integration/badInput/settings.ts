import type { CaseContext, CaseTable } from './cases';

/**
 * The manager's settings operations. The tiny clinic's records are at version 1 (the clinic at
 * 2: starting it empty saved it once), and Ana has a visit booked tomorrow (apptId).
 */
export function settingsCases({ c, NO_SUCH }: CaseContext): CaseTable {
  const loc = c.loc.id;
  const ana = c.providers[0]!.id;
  const ben = c.providers[1]!.id;
  const visit = c.visit.id;
  const stale = /Someone else changed .* after you opened it\. Nothing was saved/;
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'locations/update': [
      { kind: 'missing', why: 'no version', input: { id: loc, name: 'North' }, code: 'VALIDATION', field: 'version', mention: /version is required/ },
      { kind: 'malformed', why: 'state spelled out', input: { id: loc, version: 1, state: 'Texas' }, code: 'VALIDATION', field: 'state', mention: /two-letter code/ },
      { kind: 'range', why: 'latitude 91', input: { id: loc, version: 1, lat: 91 }, code: 'VALIDATION', field: 'lat', mention: /latitude must be between/ },
      { kind: 'reference', why: 'a location that does not exist', input: { id: NO_SUCH, version: 1, name: 'North' }, code: 'NOT_FOUND', field: 'id', mention: /location was not found/ },
      { kind: 'reference', why: 'a stale version', input: { id: loc, version: 7, name: 'North' }, code: 'CONFLICT', field: 'version', mention: stale },
      { kind: 'unknown', why: 'active is not edited here', input: { id: loc, version: 1, active: false }, code: 'VALIDATION', field: null, mention: /"active"/ },
    ],
    'locations/archive': [
      { kind: 'missing', why: 'no id', input: { version: 1 }, code: 'VALIDATION', field: 'id', mention: /location id is required/ },
      { kind: 'malformed', why: 'version as text', input: { id: loc, version: '1' }, code: 'VALIDATION', field: 'version' },
      { kind: 'range', why: 'version 0', input: { id: loc, version: 0 }, code: 'VALIDATION', field: 'version', mention: /version must be positive/ },
      { kind: 'reference', why: "the clinic's only location", input: { id: loc, version: 1 }, code: 'INVALID_STATE', field: 'id', mention: /only open location/ },
      { kind: 'unknown', why: 'an unknown key', input: { id: loc, version: 1, force: true }, code: 'VALIDATION', field: null, mention: /"force"/ },
    ],
    'locations/restore': [
      { kind: 'missing', why: 'no version', input: { id: loc }, code: 'VALIDATION', field: 'version', mention: /version is required/ },
      { kind: 'malformed', why: 'id as text', input: { id: 'Main', version: 1 }, code: 'VALIDATION', field: 'id' },
      { kind: 'range', why: 'id 0', input: { id: 0, version: 1 }, code: 'VALIDATION', field: 'id', mention: /must be positive/ },
      { kind: 'reference', why: 'a location still open', input: { id: loc, version: 1 }, code: 'INVALID_STATE', field: 'id', mention: /Main is already open/ },
    ],
    'locations/futureAppointments': [
      { kind: 'missing', why: 'no id', input: {}, code: 'VALIDATION', field: 'id', mention: /location id is required/ },
      { kind: 'malformed', why: 'id as text', input: { id: 'x' }, code: 'VALIDATION', field: 'id' },
      { kind: 'range', why: 'negative id', input: { id: -1 }, code: 'VALIDATION', field: 'id', mention: /must be positive/ },
      { kind: 'reference', why: 'a location that does not exist', input: { id: NO_SUCH }, code: 'NOT_FOUND', field: 'id', mention: /location was not found/ },
    ],
    'providers/update': [
      { kind: 'missing', why: 'no version', input: { id: ana, languages: ['en'] }, code: 'VALIDATION', field: 'version', mention: /version is required/ },
      { kind: 'missing', why: 'an empty last name', input: { id: ana, version: 1, lastName: ' ' }, code: 'VALIDATION', field: 'lastName', mention: /last name is required/ },
      { kind: 'malformed', why: 'NPI with a wrong check digit', input: { id: ana, version: 1, npi: '1234567890' }, code: 'VALIDATION', field: 'npi', mention: /valid check digit/ },
      { kind: 'malformed', why: 'language as a word', input: { id: ana, version: 1, languages: ['Spanish'] }, code: 'VALIDATION', field: 'languages.0' },
      { kind: 'range', why: 'no languages', input: { id: ana, version: 1, languages: [] }, code: 'VALIDATION', field: 'languages', mention: /at least one language/ },
      { kind: 'range', why: 'minimum age above maximum', input: { id: ana, version: 1, minAgeYears: 18, maxAgeYears: 2 }, code: 'VALIDATION', field: 'maxAgeYears', mention: /must not be above the maximum/ },
      { kind: 'reference', why: 'a location that does not exist', input: { id: ana, version: 1, locationIds: [NO_SUCH] }, code: 'NOT_FOUND', field: 'locationIds.0', mention: /Location 999999 was not found/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { id: NO_SUCH, version: 1 }, code: 'NOT_FOUND', field: 'id', mention: /provider was not found/ },
      { kind: 'reference', why: 'a stale version', input: { id: ana, version: 2, languages: ['en'] }, code: 'CONFLICT', field: 'version', mention: /Someone else changed Ana Patel, MD after you opened it/ },
      { kind: 'unknown', why: 'active is changed by deactivate', input: { id: ana, version: 1, active: false }, code: 'VALIDATION', field: null, mention: /"active"/ },
    ],
    'providers/futureAppointments': [
      { kind: 'missing', why: 'no id', input: {}, code: 'VALIDATION', field: 'id', mention: /provider id is required/ },
      { kind: 'malformed', why: 'id as text', input: { id: 'Ana' }, code: 'VALIDATION', field: 'id' },
      { kind: 'range', why: 'id 0', input: { id: 0 }, code: 'VALIDATION', field: 'id', mention: /must be positive/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { id: NO_SUCH }, code: 'NOT_FOUND', field: 'id', mention: /provider was not found/ },
    ],
    'providers/deactivate': [
      { kind: 'missing', why: 'no version', input: { id: ben }, code: 'VALIDATION', field: 'version', mention: /version is required/ },
      { kind: 'malformed', why: 'keep as text', input: { id: ana, version: 1, keepFutureAppointments: 'yes' }, code: 'VALIDATION', field: 'keepFutureAppointments', mention: /true or false/ },
      { kind: 'range', why: 'version 0', input: { id: ben, version: 0 }, code: 'VALIDATION', field: 'version', mention: /must be positive/ },
      { kind: 'reference', why: 'a provider with a visit tomorrow', input: { id: ana, version: 1 }, code: 'INVALID_STATE', field: 'id', mention: /Ana Patel, MD has 1 upcoming visit\. Move or cancel them first/ },
      { kind: 'reference', why: 'a stale version', input: { id: ben, version: 3 }, code: 'CONFLICT', field: 'version', mention: stale },
    ],
    'providers/reactivate': [
      { kind: 'missing', why: 'no id', input: { version: 1 }, code: 'VALIDATION', field: 'id', mention: /provider id is required/ },
      { kind: 'malformed', why: 'version as text', input: { id: ben, version: 'v1' }, code: 'VALIDATION', field: 'version' },
      { kind: 'range', why: 'version -1', input: { id: ben, version: -1 }, code: 'VALIDATION', field: 'version', mention: /must be positive/ },
      { kind: 'reference', why: 'a provider still active', input: { id: ben, version: 1 }, code: 'INVALID_STATE', field: 'id', mention: /Ben Okafor, DO is already active/ },
    ],
    'visitTypes/update': [
      { kind: 'missing', why: 'no version', input: { id: visit, durationMinutes: 20 }, code: 'VALIDATION', field: 'version', mention: /version is required/ },
      { kind: 'malformed', why: 'duration as text', input: { id: visit, version: 1, durationMinutes: '40' }, code: 'VALIDATION', field: 'durationMinutes', mention: /duration must be a number of minutes/ },
      { kind: 'malformed', why: 'patient status in words', input: { id: visit, version: 1, patientStatus: 'returning' }, code: 'VALIDATION', field: 'patientStatus', mention: /new, established or any/ },
      { kind: 'range', why: '4 minutes', input: { id: visit, version: 1, durationMinutes: 4 }, code: 'VALIDATION', field: 'durationMinutes', mention: /at least 5 minutes/ },
      { kind: 'range', why: 'buffer of 121 minutes', input: { id: visit, version: 1, bufferBeforeMinutes: 121 }, code: 'VALIDATION', field: 'bufferBeforeMinutes', mention: /at most 120/ },
      { kind: 'reference', why: "another visit type's name", input: { id: visit, version: 1, name: 'new patient' }, code: 'CONFLICT', field: 'name', mention: /named new patient already exists/ },
      { kind: 'reference', why: 'a stale version', input: { id: visit, version: 5, durationMinutes: 20 }, code: 'CONFLICT', field: 'version', mention: /Someone else changed the visit type Follow-up/ },
      { kind: 'unknown', why: 'the fee is set under Fees', input: { id: visit, version: 1, selfPayCents: 100 }, code: 'VALIDATION', field: null, mention: /"selfPayCents"/ },
    ],
    'visitTypes/retire': [
      { kind: 'missing', why: 'no version', input: { id: visit }, code: 'VALIDATION', field: 'version', mention: /version is required/ },
      { kind: 'malformed', why: 'id as text', input: { id: 'Follow-up', version: 1 }, code: 'VALIDATION', field: 'id' },
      { kind: 'range', why: 'id 0', input: { id: 0, version: 1 }, code: 'VALIDATION', field: 'id', mention: /must be positive/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { id: NO_SUCH, version: 1 }, code: 'NOT_FOUND', field: 'id', mention: /visit type was not found/ },
      { kind: 'reference', why: 'a stale version', input: { id: visit, version: 2 }, code: 'CONFLICT', field: 'version', mention: stale },
    ],
    'visitTypes/restore': [
      { kind: 'missing', why: 'no id', input: { version: 1 }, code: 'VALIDATION', field: 'id', mention: /visit type id is required/ },
      { kind: 'malformed', why: 'version as text', input: { id: visit, version: 'one' }, code: 'VALIDATION', field: 'version' },
      { kind: 'range', why: 'version 0', input: { id: visit, version: 0 }, code: 'VALIDATION', field: 'version', mention: /must be positive/ },
      { kind: 'reference', why: 'a visit type still offered', input: { id: visit, version: 1 }, code: 'INVALID_STATE', field: 'id', mention: /Follow-up is already offered/ },
    ],
    'setup/checklist': [
      { kind: 'unknown', why: 'an unknown key', input: { locationId: loc }, code: 'VALIDATION', field: null, mention: /"locationId"/ },
    ],
    'setup/starterVisitTypes': [
      { kind: 'unknown', why: 'an unknown key', input: { group: 'Pediatrics' }, code: 'VALIDATION', field: null, mention: /"group"/ },
    ],
    'specialties/list': [
      { kind: 'unknown', why: 'an unknown key', input: { q: 'card' }, code: 'VALIDATION', field: null, mention: /"q"/ },
    ],
    'setup/addStarterVisitTypes': [
      { kind: 'missing', why: 'no keys', input: {}, code: 'VALIDATION', field: 'keys', mention: /keys/ },
      { kind: 'malformed', why: 'a key as a number', input: { keys: [1] }, code: 'VALIDATION', field: 'keys.0', mention: /each key must be text/ },
      { kind: 'range', why: 'nothing ticked', input: { keys: [] }, code: 'VALIDATION', field: 'keys', mention: /tick at least one visit type/ },
      { kind: 'reference', why: 'a key not in the catalog', input: { keys: ['follow-up', 'massage'] }, code: 'NOT_FOUND', field: 'keys.1', mention: /no starter visit type "massage"/ },
    ],
    'clinic/previewZoneChange': [
      { kind: 'missing', why: 'no zone', input: {}, code: 'VALIDATION', field: 'timeZone', mention: /time zone/ },
      { kind: 'malformed', why: 'an abbreviation', input: { timeZone: 'EST5' }, code: 'VALIDATION', field: 'timeZone', mention: /IANA zone/ },
      { kind: 'range', why: 'a zone that does not exist', input: { timeZone: 'Mars/Olympus' }, code: 'VALIDATION', field: 'timeZone', mention: /IANA zone/ },
      { kind: 'unknown', why: 'an unknown key', input: { timeZone: 'America/Chicago', apply: true }, code: 'VALIDATION', field: null, mention: /"apply"/ },
    ],
  };
}
