/**
 * Bad input over real HTTP, for every operation of the registry: malformed, missing and
 * out-of-range fields, and references to records that do not exist. Each must come back as a 4xx
 * with ok:false, a typed error code, a message that names what is wrong (and error.field when one
 * field is at fault), and must write nothing: every table, the audit log included, is
 * fingerprinted before and after each request.
 *
 * The case table is keyed by operation name and checked against registry.names(), so an operation
 * added without bad-input cases fails "covers every operation of the registry".
 *
 * How this was checked to fail (each change made in a scratch copy, then undone): adding an
 * operation to allHandlers fails the coverage test; validationError (api/registry.ts) dropping
 * `field` fails the field assertions; dropping `.strict()` from appointments/book fails its
 * unknown-key case; the registry running handlers without a transaction while patients/create
 * writes an audit row before its checks fails the nothing-written check; and the 413 case failed
 * against the original readBody, which destroyed the socket so that the client saw ECONNRESET
 * (fixed in host/http.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/core/api';
import { ERROR_STATUS } from '../../src/core/errors';
import { allHandlers } from '../../src/core/api/handlers';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import { snapshot } from '../helpers/dbState';
import { httpRequest, postApi } from '../helpers/httpClient';
import { buildTinyClinic, CARDIOLOGY, NOW, openTestApi, type TestApi } from '../helpers/tinyClinic';
import { sessionCookieHeader, TEST_ADMIN, TestDesks } from '../helpers/staff';

import type { Case, CaseContext } from './badInput/cases';
import { eligibilityCases } from './badInput/eligibility';
import { calsyncCases } from './badInput/calsync';
import { remindersCases } from './badInput/reminders';
import { settingsCases } from './badInput/settings';
import { reportsCases } from './badInput/reports';
import { accessCases } from './badInput/access';
import { auditBackupCases } from './badInput/auditBackup';
import { accountsCases } from './badInput/accounts';
import { recallCases } from './badInput/recall';
import { patientRecordsCases } from './badInput/patientRecords';
import { networkCases } from './badInput/network';
import { absencesCases } from './badInput/absences';
import { patientImportCases } from './badInput/patientImport';
import { visitImportCases } from './badInput/visitImport';
import { noshowCases } from './badInput/noshow';

/** Case tables kept beside this file, one per domain (see badInput/cases.ts). */
const DOMAIN_TABLES: ((ctx: CaseContext) => Record<string, Case[]>)[] = [
  eligibilityCases,
  calsyncCases,
  remindersCases,
  settingsCases,
  reportsCases,
  accessCases,
  auditBackupCases,
  accountsCases,
  recallCases,
  patientRecordsCases,
  networkCases,
  absencesCases,
  patientImportCases,
  visitImportCases,
  noshowCases,
];

let t: TestApi;
let host: HttpHost;
let c: ReturnType<typeof buildTinyClinic>;
let apptId: number;
/** Every request comes from a desk signed in as the administrator, who may do everything. */
let cookie: string;

beforeAll(async () => {
  t = openTestApi();
  c = buildTinyClinic(t);
  apptId = t.call('appointments/book', {
    patientId: c.patient.id,
    providerId: c.providers[0]!.id,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    start: '2026-03-03T10:00:00-05:00',
  }).id;
  host = await startHttpHost({
    db: t.db,
    registry: createApi(),
    clock: () => NOW,
    secrets: t.secrets,
  });
  cookie = sessionCookieHeader(await new TestDesks(t.db).signIn(TEST_ADMIN, NOW));
});
afterAll(async () => {
  await host?.close();
  t?.close();
});

const NO_SUCH = 999_999;
const csv64 = (text: string) => Buffer.from(text).toString('base64');
const CSV_OK = csv64('first_name,last_name,taxonomy,npi\nAna,Ruiz,207Q00000X,1234567893\n');
const CSV_BAD_NPI = csv64('first_name,last_name,taxonomy,npi\nAna,Ruiz,207Q00000X,1234567890\n');
const long = (n: number) => 'x'.repeat(n);

/** The cases, built once the clinic exists (some refer to its ids). */
function casesFor(): Record<string, Case[]> {
  const ctx: CaseContext = { t, c, apptId, NO_SUCH };
  return Object.assign({}, coreCases(), ...DOMAIN_TABLES.map((table) => table(ctx))) as Record<
    string,
    Case[]
  >;
}

function coreCases(): Record<string, Case[]> {
  const ana = c.providers[0]!.id;
  const carla = c.providers[2]!.id;
  const loc = c.loc.id;
  const book = {
    patientId: c.patient2.id,
    providerId: ana,
    locationId: loc,
    visitTypeId: c.visit.id,
    start: '2026-03-04T10:00:00-05:00',
  };
  const weekly = {
    providerId: ana,
    locationId: loc,
    effectiveFrom: '2026-04-01',
    days: [{ weekday: 1, hours: [{ start: '09:00', end: '17:00' }] }],
  };
  const override = { providerId: ana, locationId: loc, date: '2026-03-10', hours: [] };
  const patient = { firstName: 'Zed', lastName: 'Zulu', dateOfBirth: '1970-01-01' };
  const location = {
    name: 'North',
    address1: '2 North St',
    city: 'Austin',
    state: 'TX',
    zip: '78702',
  };
  const provider = {
    firstName: 'Dee',
    lastName: 'Doe',
    taxonomyCode: '207Q00000X',
    locationIds: [loc],
  };
  const visitType = { name: 'Annual', durationMinutes: 40 };
  const slots = { providerId: ana, visitTypeId: c.visit.id };
  const list = { from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' };

  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'clinic/get': [
      { kind: 'unknown', why: 'an unknown key', input: { foo: 1 }, code: 'VALIDATION', field: null, mention: /"foo"/ },
    ],
    'clinic/update': [
      { kind: 'missing', why: 'empty name', input: { name: '  ' }, code: 'VALIDATION', field: 'name', mention: /name: clinic name is required/ },
      { kind: 'malformed', why: 'slot length as text', input: { slotMinutes: '15' }, code: 'VALIDATION', field: 'slotMinutes' },
      { kind: 'malformed', why: 'unknown time zone', input: { timeZone: 'Mars/Olympus' }, code: 'VALIDATION', field: 'timeZone', mention: /timeZone: time zone must be an IANA zone/ },
      { kind: 'range', why: 'slot length off the list', input: { slotMinutes: 7 }, code: 'VALIDATION', field: 'slotMinutes', mention: /slot length must be 5, 10/ },
      { kind: 'range', why: 'zero horizon', input: { horizonDays: 0 }, code: 'VALIDATION', field: 'horizonDays', mention: /at least 1 day/ },
      { kind: 'range', why: 'late-cancel window over a week', input: { lateCancelHours: 169 }, code: 'VALIDATION', field: 'lateCancelHours' },
      { kind: 'unknown', why: 'setup state is not a setting', input: { setupState: 'demo' }, code: 'VALIDATION', field: null, mention: /"setupState"/ },
      { kind: 'reference', why: 'a stale version', input: { version: 1, name: 'Renamed' }, code: 'CONFLICT', field: 'version', mention: /Someone else changed the clinic's settings/ },
    ],
    'setup/status': [
      { kind: 'unknown', why: 'an unknown key', input: { verbose: true }, code: 'VALIDATION', field: null, mention: /"verbose"/ },
    ],
    'setup/loadDemo': [
      { kind: 'malformed', why: 'seed as text', input: { seed: 'abc' }, code: 'VALIDATION', field: 'seed' },
      { kind: 'range', why: 'seed 0', input: { seed: 0 }, code: 'VALIDATION', field: 'seed' },
      { kind: 'range', why: 'seed 2^31', input: { seed: 2 ** 31 }, code: 'VALIDATION', field: 'seed' },
      { kind: 'range', why: 'fractional seed', input: { seed: 1.5 }, code: 'VALIDATION', field: 'seed' },
    ],
    'setup/startEmpty': [
      { kind: 'missing', why: 'no name', input: { timeZone: 'America/Chicago' }, code: 'VALIDATION', field: 'name', mention: /clinic name is required/ },
      { kind: 'missing', why: 'no time zone', input: { name: 'X' }, code: 'VALIDATION', field: 'timeZone', mention: /time zone is required/ },
      { kind: 'malformed', why: 'name as a number', input: { name: 5, timeZone: 'America/Chicago' }, code: 'VALIDATION', field: 'name', mention: /clinic name must be text/ },
      { kind: 'range', why: 'name too long', input: { name: long(101), timeZone: 'America/Chicago' }, code: 'VALIDATION', field: 'name', mention: /at most 100 characters/ },
    ],
    'locations/create': [
      { kind: 'missing', why: 'nothing', input: {}, code: 'VALIDATION', field: 'name', mention: /location name is required/ },
      { kind: 'missing', why: 'no ZIP', input: { ...location, zip: undefined }, code: 'VALIDATION', field: 'zip' },
      { kind: 'malformed', why: 'state spelled out', input: { ...location, state: 'Texas' }, code: 'VALIDATION', field: 'state', mention: /two-letter code/ },
      { kind: 'malformed', why: 'ZIP with letters', input: { ...location, zip: '7870A' }, code: 'VALIDATION', field: 'zip' },
      { kind: 'malformed', why: 'short phone', input: { ...location, phone: '555-0134' }, code: 'VALIDATION', field: 'phone', mention: /10-digit US phone/ },
      { kind: 'range', why: 'latitude 91', input: { ...location, lat: 91 }, code: 'VALIDATION', field: 'lat', mention: /latitude must be between/ },
      { kind: 'range', why: 'longitude -181', input: { ...location, lon: -181 }, code: 'VALIDATION', field: 'lon' },
      { kind: 'reference', why: 'a name already used', input: { ...location, name: 'main' }, code: 'CONFLICT', field: 'name', mention: /named main already exists/ },
    ],
    'locations/list': [
      { kind: 'unknown', why: 'an unknown key', input: { all: true }, code: 'VALIDATION', field: null, mention: /"all"/ },
    ],
    'providers/create': [
      { kind: 'missing', why: 'no locations', input: { ...provider, locationIds: undefined }, code: 'VALIDATION', field: 'locationIds' },
      { kind: 'missing', why: 'no last name', input: { ...provider, lastName: '' }, code: 'VALIDATION', field: 'lastName', mention: /last name is required/ },
      { kind: 'malformed', why: 'specialty in words', input: { ...provider, taxonomyCode: 'cardiology' }, code: 'VALIDATION', field: 'taxonomyCode', mention: /NUCC taxonomy code/ },
      { kind: 'malformed', why: 'NPI with a wrong check digit', input: { ...provider, npi: '1234567890' }, code: 'VALIDATION', field: 'npi', mention: /valid check digit/ },
      { kind: 'malformed', why: 'language as a word', input: { ...provider, languages: ['Spanish'] }, code: 'VALIDATION', field: 'languages.0' },
      { kind: 'range', why: 'negative minimum age', input: { ...provider, minAgeYears: -1 }, code: 'VALIDATION', field: 'minAgeYears', mention: /cannot be negative/ },
      { kind: 'range', why: 'minimum age above maximum', input: { ...provider, minAgeYears: 18, maxAgeYears: 2 }, code: 'VALIDATION', field: 'maxAgeYears', mention: /must not be above the maximum/ },
      { kind: 'range', why: 'empty location list', input: { ...provider, locationIds: [] }, code: 'VALIDATION', field: 'locationIds', mention: /one location at least/ },
      { kind: 'reference', why: 'a location that does not exist', input: { ...provider, locationIds: [NO_SUCH] }, code: 'NOT_FOUND', field: 'locationIds.0', mention: /Location 999999 was not found/ },
    ],
    'providers/list': [
      { kind: 'malformed', why: 'specialty in words', input: { specialty: 'family' }, code: 'VALIDATION', field: 'specialty' },
      { kind: 'malformed', why: 'location id as text', input: { locationId: 'one' }, code: 'VALIDATION', field: 'locationId', mention: /location id must be a number/ },
      { kind: 'range', why: 'location id 0', input: { locationId: 0 }, code: 'VALIDATION', field: 'locationId', mention: /must be positive/ },
      { kind: 'unknown', why: 'an unknown key', input: { name: 'x' }, code: 'VALIDATION', field: null, mention: /"name"/ },
    ],
    'visitTypes/create': [
      { kind: 'missing', why: 'no duration', input: { name: 'Annual' }, code: 'VALIDATION', field: 'durationMinutes', mention: /duration is required/ },
      { kind: 'malformed', why: 'duration as text', input: { ...visitType, durationMinutes: '40' }, code: 'VALIDATION', field: 'durationMinutes', mention: /duration must be a number of minutes/ },
      { kind: 'malformed', why: 'CPT code of letters', input: { ...visitType, cptCode: 'abc' }, code: 'VALIDATION', field: 'cptCode', mention: /CPT code must be 5 characters/ },
      { kind: 'range', why: '4 minutes', input: { ...visitType, durationMinutes: 4 }, code: 'VALIDATION', field: 'durationMinutes', mention: /at least 5 minutes/ },
      { kind: 'range', why: '481 minutes', input: { ...visitType, durationMinutes: 481 }, code: 'VALIDATION', field: 'durationMinutes', mention: /at most 480 minutes/ },
      { kind: 'range', why: 'buffer of 121 minutes', input: { ...visitType, bufferAfterMinutes: 121 }, code: 'VALIDATION', field: 'bufferAfterMinutes', mention: /buffer after must be at most 120/ },
      { kind: 'reference', why: 'a name already used', input: { ...visitType, name: 'follow-up' }, code: 'CONFLICT', field: 'name', mention: /named follow-up already exists/ },
    ],
    'visitTypes/list': [
      { kind: 'malformed', why: 'includeInactive as text', input: { includeInactive: 'yes' }, code: 'VALIDATION', field: 'includeInactive' },
      { kind: 'unknown', why: 'an unknown key', input: { specialty: '207Q00000X' }, code: 'VALIDATION', field: null, mention: /"specialty"/ },
    ],
    'schedules/setWeekly': [
      { kind: 'missing', why: 'no days', input: { ...weekly, days: undefined }, code: 'VALIDATION', field: 'days' },
      { kind: 'malformed', why: 'US date', input: { ...weekly, effectiveFrom: '04/01/2026' }, code: 'VALIDATION', field: 'effectiveFrom', mention: /effective from must be a real date written YYYY-MM-DD/ },
      { kind: 'malformed', why: 'time without a colon', input: { ...weekly, days: [{ weekday: 1, hours: [{ start: '0900', end: '17:00' }] }] }, code: 'VALIDATION', field: 'days.0.hours.0.start', mention: /time of day written HH:MM/ },
      { kind: 'range', why: 'weekday 8', input: { ...weekly, days: [{ weekday: 8 }] }, code: 'VALIDATION', field: 'days.0.weekday', mention: /1 \(Monday\) to 7 \(Sunday\)/ },
      { kind: 'range', why: 'hours ending before they start', input: { ...weekly, days: [{ weekday: 1, hours: [{ start: '17:00', end: '09:00' }] }] }, code: 'VALIDATION', field: 'days.0.hours.0.end', mention: /end must be after start/ },
      { kind: 'range', why: 'effective to before from', input: { ...weekly, effectiveTo: '2026-03-01' }, code: 'VALIDATION', field: 'effectiveTo' },
      { kind: 'range', why: 'a weekday twice', input: { ...weekly, days: [{ weekday: 2 }, { weekday: 2 }] }, code: 'VALIDATION', field: 'days.1.weekday', mention: /listed twice/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { ...weekly, providerId: NO_SUCH }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { ...weekly, days: [{ weekday: 1, hours: [{ start: '09:00', end: '10:00', visitTypeIds: [NO_SUCH] }] },] }, code: 'NOT_FOUND', field: 'days', mention: /Visit type 999999 was not found/ },
    ],
    'schedules/setOverride': [
      { kind: 'missing', why: 'no date', input: { ...override, date: undefined }, code: 'VALIDATION', field: 'date', mention: /date is required/ },
      { kind: 'malformed', why: 'month 13', input: { ...override, date: '2026-13-01' }, code: 'VALIDATION', field: 'date', mention: /real date/ },
      { kind: 'range', why: 'hours ending before they start', input: { ...override, hours: [{ start: '10:00', end: '09:00' }] }, code: 'VALIDATION', field: 'hours.0.end' },
      { kind: 'range', why: 'overlapping hours', input: { ...override, hours: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' },] }, code: 'VALIDATION', field: 'hours.1.start', mention: /overlaps/ },
      { kind: 'range', why: '24:30', input: { ...override, hours: [{ start: '23:00', end: '24:30' }] }, code: 'VALIDATION', field: 'hours.0.end' },
      { kind: 'reference', why: 'a location the provider does not work at', input: { ...override, locationId: NO_SUCH }, code: 'NOT_FOUND', field: 'locationId', mention: /location was not found/ },
    ],
    'schedules/addTimeOff': [
      { kind: 'missing', why: 'neither dates nor times', input: { providerId: ana }, code: 'VALIDATION', field: 'fromDate', mention: /give either fromDate and toDate/ },
      { kind: 'missing', why: 'start without end', input: { providerId: ana, start: '2026-03-03T10:00:00Z' }, code: 'VALIDATION', field: 'end', mention: /end is required with start/ },
      { kind: 'malformed', why: 'start in words', input: { providerId: ana, start: 'tomorrow', end: '2026-03-03T10:00:00Z' }, code: 'VALIDATION', field: 'start', mention: /ISO 8601/ },
      { kind: 'range', why: 'to date before from date', input: { providerId: ana, fromDate: '2026-03-05', toDate: '2026-03-04' }, code: 'VALIDATION', field: 'toDate', mention: /must not be before/ },
      { kind: 'range', why: 'end before start', input: { providerId: ana, start: '2026-03-03T11:00:00Z', end: '2026-03-03T10:00:00Z' }, code: 'VALIDATION', field: 'end', mention: /end must be after start/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { providerId: NO_SUCH, fromDate: '2026-03-05', toDate: '2026-03-05' }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'schedules/get': [
      { kind: 'missing', why: 'no provider', input: {}, code: 'VALIDATION', field: 'providerId', mention: /provider id is required/ },
      { kind: 'malformed', why: 'provider id as text', input: { providerId: '1' }, code: 'VALIDATION', field: 'providerId' },
      { kind: 'range', why: 'negative id', input: { providerId: -1 }, code: 'VALIDATION', field: 'providerId', mention: /must be positive/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { providerId: NO_SUCH }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'patients/create': [
      { kind: 'missing', why: 'no date of birth', input: { firstName: 'Zed', lastName: 'Zulu' }, code: 'VALIDATION', field: 'dateOfBirth', mention: /date of birth is required/ },
      { kind: 'malformed', why: 'US date of birth', input: { ...patient, dateOfBirth: '01/01/1970' }, code: 'VALIDATION', field: 'dateOfBirth', mention: /YYYY-MM-DD/ },
      { kind: 'malformed', why: 'e-mail without @', input: { ...patient, email: 'zed.example.com' }, code: 'VALIDATION', field: 'email', mention: /email must be an address/ },
      { kind: 'malformed', why: 'phone with letters', input: { ...patient, phoneMobile: '512-CALL-NOW' }, code: 'VALIDATION', field: 'phoneMobile', mention: /mobile phone may contain only digits/ },
      { kind: 'range', why: 'born tomorrow', input: { ...patient, dateOfBirth: '2026-03-03' }, code: 'VALIDATION', field: 'dateOfBirth', mention: /date of birth cannot be in the future/ },
      { kind: 'range', why: 'born in 1899', input: { ...patient, dateOfBirth: '1899-12-31' }, code: 'VALIDATION', field: 'dateOfBirth', mention: /1900 or later/ },
      { kind: 'range', why: 'SMS consent without a mobile number', input: { ...patient, smsConsent: true }, code: 'VALIDATION', field: 'phoneMobile', mention: /SMS consent needs a mobile phone/ },
      { kind: 'reference', why: 'the same person again', input: { firstName: 'Maria', lastName: 'Lopez', dateOfBirth: '1980-05-17' }, code: 'CONFLICT', field: 'lastName', mention: /already registered/ },
    ],
    'patients/search': [
      { kind: 'missing', why: 'no query', input: {}, code: 'VALIDATION', field: 'query', mention: /query must be text/ },
      { kind: 'malformed', why: 'query as a number', input: { query: 5512 }, code: 'VALIDATION', field: 'query' },
      { kind: 'range', why: 'limit 0', input: { query: 'smi', limit: 0 }, code: 'VALIDATION', field: 'limit', mention: /at least 1/ },
      { kind: 'range', why: 'limit 101', input: { query: 'smi', limit: 101 }, code: 'VALIDATION', field: 'limit', mention: /at most 100/ },
      { kind: 'range', why: 'query of 101 characters', input: { query: long(101) }, code: 'VALIDATION', field: 'query', mention: /too long/ },
      { kind: 'malformed', why: 'includeInactive as text', input: { query: 'smi', includeInactive: 'yes' }, code: 'VALIDATION', field: 'includeInactive', mention: /true or false/ },
    ],
    'patients/get': [
      { kind: 'missing', why: 'no patient', input: {}, code: 'VALIDATION', field: 'patientId' },
      { kind: 'malformed', why: 'patient id as text', input: { patientId: 'Maria' }, code: 'VALIDATION', field: 'patientId', mention: /patient id must be a number/ },
      { kind: 'range', why: 'fractional id', input: { patientId: 1.5 }, code: 'VALIDATION', field: 'patientId', mention: /whole number/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
    ],
    'availability/slots': [
      { kind: 'missing', why: 'no visit type', input: { providerId: ana }, code: 'VALIDATION', field: 'visitTypeId', mention: /visit type id is required/ },
      { kind: 'malformed', why: 'unpadded date', input: { ...slots, from: '2026-3-2' }, code: 'VALIDATION', field: 'from', mention: /YYYY-MM-DD/ },
      { kind: 'malformed', why: 'time of day in words', input: { ...slots, timeOfDay: 'lunchtime' }, code: 'VALIDATION', field: 'timeOfDay' },
      { kind: 'range', why: 'to before from', input: { ...slots, from: '2026-03-10', to: '2026-03-09' }, code: 'VALIDATION', field: 'to', mention: /to must not be before from/ },
      { kind: 'range', why: '94 days', input: { ...slots, from: '2026-03-02', to: '2026-06-03' }, code: 'VALIDATION', field: 'to', mention: /at most 93 days/ },
      { kind: 'range', why: 'time-of-day window backwards', input: { ...slots, timeOfDay: { from: '13:00', to: '12:00' } }, code: 'VALIDATION', field: 'timeOfDay.to' },
      { kind: 'reference', why: 'a provider that does not exist', input: { ...slots, providerId: NO_SUCH }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
      { kind: 'reference', why: 'a visit type the provider does not offer', input: { providerId: carla, visitTypeId: c.newVisit.id }, code: 'RULE', field: 'visitTypeId', mention: /does not offer New patient/ },
    ],
    'availability/firstOpenings': [
      { kind: 'missing', why: 'neither visit type nor specialty', input: {}, code: 'VALIDATION', field: 'visitTypeId', mention: /give a visit type or a specialty/ },
      { kind: 'malformed', why: 'unknown mode', input: { visitTypeId: c.visit.id, mode: 'latest' }, code: 'VALIDATION', field: 'mode', mention: /mode must be earliest or firstPerDay/ },
      { kind: 'range', why: 'limit 201', input: { visitTypeId: c.visit.id, limit: 201 }, code: 'VALIDATION', field: 'limit', mention: /at most 200/ },
      { kind: 'range', why: 'empty provider list', input: { visitTypeId: c.visit.id, providerIds: [] }, code: 'VALIDATION', field: 'providerIds', mention: /list at least one provider/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { visitTypeId: c.visit.id, providerIds: [ana, NO_SUCH] }, code: 'NOT_FOUND', field: 'providerIds.1', mention: /Provider 999999 was not found/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { visitTypeId: NO_SUCH }, code: 'NOT_FOUND', field: 'visitTypeId', mention: /visit type was not found/ },
    ],
    'appointments/book': [
      { kind: 'missing', why: 'no start', input: { ...book, start: undefined }, code: 'VALIDATION', field: 'start', mention: /start is required/ },
      { kind: 'missing', why: 'no patient', input: { ...book, patientId: undefined }, code: 'VALIDATION', field: 'patientId' },
      { kind: 'malformed', why: 'start without an offset', input: { ...book, start: '2026-03-04T10:00:00' }, code: 'VALIDATION', field: 'start', mention: /ISO 8601 date-time with an offset/ },
      { kind: 'malformed', why: 'provider id as text', input: { ...book, providerId: 'Ana' }, code: 'VALIDATION', field: 'providerId' },
      { kind: 'malformed', why: 'overbook as a flag', input: { ...book, overbook: true }, code: 'VALIDATION', field: 'overbook' },
      { kind: 'range', why: 'start with seconds', input: { ...book, start: '2026-03-04T10:00:30-05:00' }, code: 'VALIDATION', field: 'start', mention: /whole minute/ },
      { kind: 'range', why: 'end before start', input: { ...book, end: '2026-03-04T09:00:00-05:00' }, code: 'VALIDATION', field: 'end', mention: /end must be after start/ },
      { kind: 'range', why: '13 hours long', input: { ...book, end: '2026-03-04T23:00:00-05:00' }, code: 'VALIDATION', field: 'end', mention: /at most 12 hours/ },
      { kind: 'range', why: 'in the past', input: { ...book, start: '2026-03-02T07:00:00-05:00' }, code: 'RULE', field: 'start', mention: /is in the past/ },
      { kind: 'range', why: 'outside hours', input: { ...book, start: '2026-03-04T12:15:00-05:00' }, code: 'OUTSIDE_HOURS', field: 'start', mention: /outside hours, a break or time off/ },
      { kind: 'range', why: 'blank overbook reason', input: { ...book, overbook: { reason: ' ' } }, code: 'VALIDATION', field: 'overbook.reason', mention: /overbook reason is required/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { ...book, patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
      { kind: 'reference', why: 'a visit type the provider does not offer', input: { ...book, providerId: carla, visitTypeId: c.newVisit.id }, code: 'RULE', field: 'visitTypeId', mention: /does not offer/ },
      { kind: 'unknown', why: 'a status to set on booking', input: { ...book, status: 'completed' }, code: 'VALIDATION', field: null, mention: /"status"/ },
    ],
    'appointments/reschedule': [
      { kind: 'missing', why: 'no appointment', input: { start: book.start }, code: 'VALIDATION', field: 'appointmentId', mention: /appointment id is required/ },
      { kind: 'malformed', why: 'start as epoch ms', input: { appointmentId: apptId, start: 1772636400000 }, code: 'VALIDATION', field: 'start', mention: /ISO 8601/ },
      { kind: 'range', why: 'into the past', input: { appointmentId: apptId, start: '2026-02-27T10:00:00-05:00' }, code: 'RULE', field: 'start', mention: /is in the past/ },
      { kind: 'range', why: 'onto a Sunday', input: { appointmentId: apptId, start: '2026-03-08T10:00:00-04:00' }, code: 'OUTSIDE_HOURS', field: 'start', mention: /Sun, Mar 8, 2026, 10:00 AM \(outside hours/ },
      { kind: 'reference', why: 'an appointment that does not exist', input: { appointmentId: NO_SUCH, start: book.start }, code: 'NOT_FOUND', field: 'appointmentId', mention: /appointment was not found/ },
    ],
    'appointments/cancel': [
      { kind: 'missing', why: 'no reason', input: { appointmentId: apptId }, code: 'VALIDATION', field: 'reason', mention: /cancellation reason is required/ },
      { kind: 'malformed', why: 'requested by a nurse', input: { appointmentId: apptId, reason: 'x', requestedBy: 'nurse' }, code: 'VALIDATION', field: 'requestedBy', mention: /requested by must be patient, clinic or provider/ },
      { kind: 'range', why: 'reason of 301 characters', input: { appointmentId: apptId, reason: long(301) }, code: 'VALIDATION', field: 'reason', mention: /at most 300 characters/ },
      { kind: 'reference', why: 'an appointment that does not exist', input: { appointmentId: NO_SUCH, reason: 'x' }, code: 'NOT_FOUND', field: 'appointmentId', mention: /appointment was not found/ },
    ],
    'appointments/setStatus': [
      { kind: 'missing', why: 'no status', input: { appointmentId: apptId }, code: 'VALIDATION', field: 'status', mention: /status must be booked, confirmed/ },
      { kind: 'malformed', why: 'cancelled is its own operation', input: { appointmentId: apptId, status: 'cancelled' }, code: 'VALIDATION', field: 'status', mention: /cancel and reschedule have their own operations/ },
      { kind: 'range', why: 'appointment id 0', input: { appointmentId: 0, status: 'confirmed' }, code: 'VALIDATION', field: 'appointmentId' },
      { kind: 'range', why: 'arrived the day before', input: { appointmentId: apptId, status: 'arrived' }, code: 'RULE', field: 'status', mention: /cannot be marked arrived before that day/ },
      { kind: 'reference', why: 'an appointment that does not exist', input: { appointmentId: NO_SUCH, status: 'confirmed' }, code: 'NOT_FOUND', field: 'appointmentId', mention: /appointment was not found/ },
    ],
    'appointments/list': [
      { kind: 'missing', why: 'no range', input: {}, code: 'VALIDATION', field: 'from', mention: /from is required/ },
      { kind: 'malformed', why: 'from in words', input: { ...list, from: 'yesterday' }, code: 'VALIDATION', field: 'from' },
      { kind: 'malformed', why: 'unknown status', input: { ...list, statuses: ['gone'] }, code: 'VALIDATION', field: 'statuses.0', mention: /status must be one of/ },
      { kind: 'range', why: 'to before from', input: { ...list, to: '2026-03-01T00:00:00Z' }, code: 'VALIDATION', field: 'to', mention: /to must be after from/ },
      { kind: 'range', why: '94 days', input: { ...list, to: '2026-06-04T00:00:00Z' }, code: 'VALIDATION', field: 'to', mention: /at most 93 days/ },
      { kind: 'range', why: 'empty provider list', input: { ...list, providerIds: [] }, code: 'VALIDATION', field: 'providerIds' },
    ],
    'appointments/get': [
      { kind: 'missing', why: 'no id', input: {}, code: 'VALIDATION', field: 'appointmentId', mention: /appointment id is required/ },
      { kind: 'malformed', why: 'id as text', input: { appointmentId: 'one' }, code: 'VALIDATION', field: 'appointmentId', mention: /appointment id must be a number/ },
      { kind: 'range', why: 'id 0', input: { appointmentId: 0 }, code: 'VALIDATION', field: 'appointmentId', mention: /must be positive/ },
      { kind: 'reference', why: 'an appointment that does not exist', input: { appointmentId: NO_SUCH }, code: 'NOT_FOUND', field: 'appointmentId', mention: /appointment was not found/ },
    ],
    'calendar/view': [
      { kind: 'missing', why: 'no date', input: {}, code: 'VALIDATION', field: 'from', mention: /from is required/ },
      { kind: 'malformed', why: 'US date', input: { from: '03/02/2026' }, code: 'VALIDATION', field: 'from', mention: /YYYY-MM-DD/ },
      { kind: 'range', why: 'eight days', input: { from: '2026-03-02', days: 8 }, code: 'VALIDATION', field: 'days', mention: /days must be 1 to 7/ },
      { kind: 'range', why: 'empty provider list', input: { from: '2026-03-02', providerIds: [] }, code: 'VALIDATION', field: 'providerIds' },
      { kind: 'reference', why: 'a provider that does not exist', input: { from: '2026-03-02', providerIds: [NO_SUCH] }, code: 'NOT_FOUND', field: 'providerIds.0', mention: /not found/ },
      { kind: 'reference', why: 'a location that does not exist', input: { from: '2026-03-02', locationId: NO_SUCH }, code: 'NOT_FOUND', field: 'locationId', mention: /location was not found/ },
    ],
    'patients/update': [
      { kind: 'missing', why: 'no patient id', input: { ...patient }, code: 'VALIDATION', field: 'patientId', mention: /patient id is required/ },
      { kind: 'missing', why: 'no last name', input: { ...patient, patientId: c.patient.id, lastName: undefined }, code: 'VALIDATION', field: 'lastName', mention: /last name is required/ },
      { kind: 'malformed', why: 'e-mail without @', input: { ...patient, patientId: c.patient.id, email: 'zed.example.com' }, code: 'VALIDATION', field: 'email', mention: /email must be an address/ },
      { kind: 'range', why: 'born tomorrow', input: { ...patient, patientId: c.patient.id, dateOfBirth: '2026-03-03' }, code: 'VALIDATION', field: 'dateOfBirth', mention: /cannot be in the future/ },
      { kind: 'range', why: 'e-mail preferred without consent', input: { ...patient, patientId: c.patient.id, email: 'z@example.com', preferredChannel: 'email' }, code: 'VALIDATION', field: 'preferredChannel', mention: /needs the patient's consent/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { ...patient, patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
    ],
    'schedules/previewWeek': [
      { kind: 'missing', why: 'no week', input: { ...weekly }, code: 'VALIDATION', field: 'weekOf', mention: /week of is required/ },
      { kind: 'malformed', why: 'time without a colon', input: { ...weekly, weekOf: '2026-04-06', days: [{ weekday: 1, hours: [{ start: '0900', end: '17:00' }] }] }, code: 'VALIDATION', field: 'days.0.hours.0.start', mention: /HH:MM/ },
      { kind: 'range', why: 'overlapping hours', input: { ...weekly, weekOf: '2026-04-06', days: [{ weekday: 1, hours: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] }] }, code: 'VALIDATION', field: 'days.0.hours.1.start', mention: /overlaps/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { ...weekly, weekOf: '2026-04-06', providerId: NO_SUCH }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'schedules/removeOverride': [
      { kind: 'missing', why: 'no date', input: { providerId: ana, locationId: loc }, code: 'VALIDATION', field: 'date', mention: /date is required/ },
      { kind: 'malformed', why: 'US date', input: { providerId: ana, locationId: loc, date: '03/10/2026' }, code: 'VALIDATION', field: 'date', mention: /YYYY-MM-DD/ },
      { kind: 'range', why: 'provider id 0', input: { providerId: 0, locationId: loc, date: '2026-03-10' }, code: 'VALIDATION', field: 'providerId', mention: /must be positive/ },
      { kind: 'reference', why: 'no override on that date', input: { providerId: ana, locationId: loc, date: '2026-03-11' }, code: 'NOT_FOUND', field: 'date', mention: /no override on 2026-03-11/ },
    ],
    'payers/create': [
      { kind: 'missing', why: 'no name', input: {}, code: 'VALIDATION', field: 'name', mention: /payer name is required/ },
      { kind: 'malformed', why: 'name as a number', input: { name: 7 }, code: 'VALIDATION', field: 'name', mention: /payer name must be text/ },
      { kind: 'range', why: 'a 101-character name', input: { name: long(101) }, code: 'VALIDATION', field: 'name', mention: /at most 100/ },
      { kind: 'unknown', why: 'an unknown key', input: { name: 'Aetna', plan: 'x' }, code: 'VALIDATION', field: null, mention: /plan/ },
    ],
    'payers/list': [
      { kind: 'unknown', why: 'an unknown key', input: { all: true }, code: 'VALIDATION', field: null, mention: /all/ },
    ],
    'plans/create': [
      { kind: 'missing', why: 'no payer', input: { name: 'Choice POS II' }, code: 'VALIDATION', field: 'payerId', mention: /payer id is required/ },
      { kind: 'malformed', why: 'product type not on the list', input: { payerId: 1, name: 'X', productType: 'Gold' }, code: 'VALIDATION', field: 'productType', mention: /product type must be one of HMO, PPO/ },
      { kind: 'range', why: 'payer id 0', input: { payerId: 0, name: 'X' }, code: 'VALIDATION', field: 'payerId', mention: /must be positive/ },
      { kind: 'reference', why: 'a payer that does not exist', input: { payerId: NO_SUCH, name: 'X' }, code: 'NOT_FOUND', field: 'payerId', mention: /payer was not found/ },
    ],
    'plans/list': [
      { kind: 'malformed', why: 'includeInactive as text', input: { includeInactive: 'yes' }, code: 'VALIDATION', field: 'includeInactive' },
    ],
    'providers/setNetworks': [
      { kind: 'missing', why: 'no networks', input: { providerId: ana }, code: 'VALIDATION', field: 'networks' },
      { kind: 'malformed', why: 'a US date', input: { providerId: ana, networks: [{ planId: 1, effectiveFrom: '1/1/2026' }] }, code: 'VALIDATION', field: 'networks.0.effectiveFrom', mention: /in-network from must be a real date/ },
      { kind: 'range', why: 'an end before the start', input: { providerId: ana, networks: [{ planId: 1, effectiveFrom: '2026-02-01', effectiveTo: '2026-01-01' }] }, code: 'VALIDATION', field: 'networks.0.effectiveTo', mention: /must not be before in-network from/ },
      { kind: 'reference', why: 'a plan that does not exist', input: { providerId: ana, networks: [{ planId: NO_SUCH, effectiveFrom: '2026-01-01' }] }, code: 'NOT_FOUND', field: 'networks.0.planId', mention: /Plan 999999 was not found/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { providerId: NO_SUCH, networks: [] }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'providers/setVisitTypes': [
      { kind: 'missing', why: 'no list', input: { providerId: ana }, code: 'VALIDATION', field: 'visitTypeIds' },
      { kind: 'malformed', why: 'ids as text', input: { providerId: ana, visitTypeIds: ['a'] }, code: 'VALIDATION', field: 'visitTypeIds.0', mention: /visit type id must be a number/ },
      { kind: 'range', why: 'id 0', input: { providerId: ana, visitTypeIds: [0] }, code: 'VALIDATION', field: 'visitTypeIds.0', mention: /must be positive/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { providerId: ana, visitTypeIds: [NO_SUCH] }, code: 'NOT_FOUND', field: 'visitTypeIds.0', mention: /Visit type 999999 was not found/ },
      { kind: 'reference', why: "a visit type not open to the provider's specialty", input: { providerId: carla, visitTypeIds: [c.newVisit.id] }, code: 'RULE', field: 'visitTypeIds.0', mention: /New patient is not open to Cardiology/ },
    ],
    'coverages/list': [
      { kind: 'missing', why: 'no patient', input: {}, code: 'VALIDATION', field: 'patientId', mention: /patient id is required/ },
      { kind: 'malformed', why: 'id as text', input: { patientId: 'x' }, code: 'VALIDATION', field: 'patientId' },
      { kind: 'range', why: 'id 0', input: { patientId: 0 }, code: 'VALIDATION', field: 'patientId', mention: /must be positive/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
    ],
    'coverages/save': [
      { kind: 'missing', why: 'no member ID', input: { patientId: c.patient.id, coverage: { planId: 1 } }, code: 'VALIDATION', field: 'coverage.memberId', mention: /member ID is required/ },
      { kind: 'malformed', why: 'an X12 delimiter in the member ID', input: { patientId: c.patient.id, coverage: { planId: 1, memberId: 'W12*34' } }, code: 'VALIDATION', field: 'coverage.memberId', mention: /letters, digits/ },
      { kind: 'range', why: 'priority 4', input: { patientId: c.patient.id, coverage: { planId: 1, memberId: 'W1234', priority: 4 } }, code: 'VALIDATION', field: 'coverage.priority', mention: /1 \(primary\), 2 \(secondary\) or 3/ },
      { kind: 'missing', why: "a dependent without the subscriber's name", input: { patientId: c.patient.id, coverage: { planId: 1, memberId: 'W1234', relationship: 'child' } }, code: 'VALIDATION', field: 'coverage.subscriberFirstName', mention: /subscriber's first and last name/ },
      { kind: 'reference', why: 'a plan that does not exist', input: { patientId: c.patient.id, coverage: { planId: NO_SUCH, memberId: 'W1234' } }, code: 'NOT_FOUND', field: 'coverage.planId', mention: /plan was not found/ },
    ],
    'coverages/end': [
      { kind: 'missing', why: 'no id', input: {}, code: 'VALIDATION', field: 'coverageId', mention: /coverage id is required/ },
      { kind: 'malformed', why: 'id as text', input: { coverageId: 'x' }, code: 'VALIDATION', field: 'coverageId' },
      { kind: 'range', why: 'id 0', input: { coverageId: 0 }, code: 'VALIDATION', field: 'coverageId', mention: /must be positive/ },
      { kind: 'reference', why: 'a coverage that does not exist', input: { coverageId: NO_SUCH }, code: 'NOT_FOUND', field: 'coverageId', mention: /coverage was not found/ },
    ],
    'matching/search': [
      { kind: 'missing', why: 'neither visit type nor specialty', input: {}, code: 'VALIDATION', field: 'visitTypeId', mention: /give a visit type or a specialty/ },
      { kind: 'malformed', why: 'a specialty by name', input: { specialty: 'cardiology' }, code: 'VALIDATION', field: 'specialty', mention: /NUCC taxonomy code/ },
      { kind: 'malformed', why: 'a four-digit ZIP', input: { specialty: CARDIOLOGY, zip: '7870' }, code: 'VALIDATION', field: 'zip', mention: /ZIP must be 5 digits/ },
      { kind: 'range', why: 'a 501-mile radius', input: { specialty: CARDIOLOGY, zip: '78701', radiusMiles: 501 }, code: 'VALIDATION', field: 'radiusMiles', mention: /at most 500 miles/ },
      { kind: 'reference', why: 'a ZIP with no map location', input: { specialty: CARDIOLOGY, zip: '00000', radiusMiles: 5 }, code: 'VALIDATION', field: 'zip', mention: /ZIP 00000 is not a US ZIP code/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { specialty: CARDIOLOGY, patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
    ],
    'matching/getSettings': [
      { kind: 'unknown', why: 'an unknown key', input: { weights: 1 }, code: 'VALIDATION', field: null, mention: /weights/ },
    ],
    'matching/setWeights': [
      { kind: 'missing', why: 'no weights', input: {}, code: 'VALIDATION', field: 'weights' },
      { kind: 'malformed', why: 'a weight as text', input: { weights: { continuity: 'high', soonest: 1, distance: 1, language: 1, load: 1 } }, code: 'VALIDATION', field: 'weights.continuity', mention: /continuity weight must be a number/ },
      { kind: 'range', why: 'every weight 0', input: { weights: { continuity: 0, soonest: 0, distance: 0, language: 0, load: 0 } }, code: 'VALIDATION', field: 'weights', mention: /at least one weight must be above 0/ },
    ],
    'providers/importPreview': [
      { kind: 'missing', why: 'no file', input: {}, code: 'VALIDATION', field: 'fileBase64', mention: /fileBase64/ },
      { kind: 'malformed', why: 'a file that is not base64', input: { fileBase64: 'not base64!' }, code: 'VALIDATION', field: 'fileBase64', mention: /must be sent as base64/ },
      { kind: 'malformed', why: 'a mapping key that is not a field', input: { fileBase64: CSV_OK, mapping: { zipcode: 'ZIP' } }, code: 'VALIDATION', field: 'mapping', mention: /Unrecognized key: "zipcode"/ },
      { kind: 'range', why: 'no default language', input: { fileBase64: CSV_OK, defaults: { languages: [] } }, code: 'VALIDATION', field: 'defaults.languages', mention: /at least one default language/ },
      { kind: 'reference', why: 'a default location that does not exist', input: { fileBase64: CSV_OK, defaults: { locationId: NO_SUCH } }, code: 'NOT_FOUND', field: 'defaults.locationId', mention: /default location was not found/ },
      { kind: 'malformed', why: 'an empty file', input: { fileBase64: Buffer.from('\n\n').toString('base64') }, code: 'VALIDATION', field: 'fileBase64' , mention: /empty|nothing/i },
    ],
    'providers/importCommit': [
      { kind: 'missing', why: 'no file', input: {}, code: 'VALIDATION', field: 'fileBase64', mention: /fileBase64/ },
      { kind: 'malformed', why: 'skipRowsWithErrors as text', input: { fileBase64: CSV_OK, skipRowsWithErrors: 'yes' }, code: 'VALIDATION', field: 'skipRowsWithErrors', mention: /true or false/ },
      { kind: 'range', why: 'a row with a bad NPI, not skipped', input: { fileBase64: CSV_BAD_NPI, defaults: { locationId: loc } }, code: 'RULE', field: 'skipRowsWithErrors', mention: /Nothing was imported: 1 of 1 rows have errors/ },
      { kind: 'reference', why: 'a mapping naming a column the file does not have', input: { fileBase64: CSV_OK, mapping: { npi: 'Provider NPI' }, defaults: { locationId: loc } }, code: 'VALIDATION', field: 'mapping.npi', mention: /set to the column "Provider NPI"/ },
    ],
    'schedules/removeTimeOff': [
      { kind: 'missing', why: 'no id', input: {}, code: 'VALIDATION', field: 'timeOffId', mention: /time off id is required/ },
      { kind: 'malformed', why: 'id as text', input: { timeOffId: 'x' }, code: 'VALIDATION', field: 'timeOffId' },
      { kind: 'range', why: 'negative id', input: { timeOffId: -1 }, code: 'VALIDATION', field: 'timeOffId', mention: /must be positive/ },
      { kind: 'reference', why: 'time off that does not exist', input: { timeOffId: NO_SUCH }, code: 'NOT_FOUND', field: 'timeOffId', mention: /time off was not found/ },
    ],
  };
}

/** Operations whose input has no fields at all: an unknown key is the only bad input they have. */
const NO_FIELDS = [
  'auth/status',
  'auth/signOut',
  'auth/lock',
  'auth/heartbeat',
  'users/list',
  'clinic/get',
  'locations/list',
  'setup/status',
  'setup/checklist',
  'setup/starterVisitTypes',
  'specialties/list',
  'payers/list',
  'matching/getSettings',
  'eligibility/getClearinghouse',
  'fees/list',
  'messaging/getSettings',
  'reminders/pause',
  'reminders/resume',
  'audit/verify',
  'backup/status',
  'backup/now',
  'network/status',
  'absences/list',
  'noshow/status',
  'noshow/retrain',
];
/** Operations whose only fields cannot be out of range (flags, free text). */
const NO_RANGE = ['visitTypes/list', 'plans/list', 'waitlist/list', 'recallTypes/list'];

describe('bad input, for every operation of the registry', () => {
  it('covers every operation of the registry, with every kind of bad input it can have', () => {
    const names = createApi().names();
    const cases = casesFor();
    expect(Object.keys(cases).sort()).toEqual(names);
    for (const name of names) {
      const kinds = new Set(cases[name]!.map((k) => k.kind));
      const handler = allHandlers.find((h) => h.name === name)!;
      if (NO_FIELDS.includes(name)) {
        expect(handler.input.safeParse({}).success, name).toBe(true);
        expect(kinds, name).toContain('unknown');
        continue;
      }
      expect(kinds, `${name} has no malformed-field case`).toContain('malformed');
      if (!NO_RANGE.includes(name))
        expect(kinds, `${name} has no out-of-range case`).toContain('range');
      // An operation with a required field must be tried without it.
      if (!handler.input.safeParse({}).success)
        expect(kinds, `${name} has no missing-field case`).toContain('missing');
    }
  });

  for (const name of createApi().names()) {
    it(`${name}: refuses each bad input with a 4xx naming the field, and writes nothing`, async () => {
      const cases = casesFor()[name];
      expect(cases, `no bad-input cases for ${name}`).toBeDefined();
      for (const k of cases!) {
        const label = `${name} with ${k.why}`;
        const before = snapshot(t.db.sqlite);
        const reply = await postApi(host.url, name, k.input, { cookie });
        expect(reply, label).toMatchObject({ ok: false, error: { code: k.code } });
        if (reply.ok) continue;
        expect(reply.status, label).toBe(ERROR_STATUS[k.code]);
        expect(reply.status >= 400 && reply.status < 500, label).toBe(true);
        expect(reply.error.field, label).toBe(k.field ?? undefined);
        expect(reply.error.message, label).toMatch(k.mention ?? new RegExp(`^${k.field}: `));
        expect(snapshot(t.db.sqlite), `${label} wrote something`).toEqual(before);
      }
    });
  }
});

describe('HTTP-level refusals', () => {
  async function expectRefused(
    request: Parameters<typeof httpRequest>[1],
    status: number,
    message: RegExp,
  ) {
    const before = snapshot(t.db.sqlite);
    const reply = await httpRequest(host.url, request);
    expect(reply.status).toBe(status);
    expect(reply.json).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(message) },
    });
    expect(snapshot(t.db.sqlite)).toEqual(before);
    return reply;
  }

  const json = {
    'Content-Type': 'application/json',
    get Cookie() {
      return cookie;
    },
  };
  const validPatient = JSON.stringify({
    firstName: 'Hugo',
    lastName: 'Http',
    dateOfBirth: '1990-01-01',
  });

  it('a body that is not JSON is a 400', async () => {
    await expectRefused(
      { path: '/api/patients/create', body: '{"firstName": "Hugo",', headers: json },
      400,
      /not valid JSON/,
    );
    await expectRefused(
      { path: '/api/patients/create', body: '[1, 2]', headers: json },
      400,
      /must be a JSON object/,
    );
  });

  it('a body that is not sent as application/json is a 415', async () => {
    await expectRefused(
      {
        path: '/api/patients/create',
        body: validPatient,
        headers: { 'Content-Type': 'text/plain' },
      },
      415,
      /application\/json/,
    );
    // A cross-site HTML form can send this one without a preflight: it must never be accepted.
    await expectRefused(
      {
        path: '/api/patients/create',
        body: 'firstName=Hugo',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
      415,
      /application\/json/,
    );
  });

  it('GET on an operation is a 405', async () => {
    await expectRefused({ path: '/api/appointments/book', method: 'GET' }, 405, /Use POST/);
  });

  it('an unknown operation is a 404', async () => {
    const reply = await expectRefused(
      { path: '/api/appointments/delete', body: '{}', headers: json },
      404,
      /no operation named appointments\/delete/,
    );
    expect(reply.json).toMatchObject({ error: { code: 'UNKNOWN_OPERATION' } });
  });

  it('a foreign Host header is a 421 (DNS rebinding)', async () => {
    await expectRefused(
      {
        path: '/api/patients/create',
        body: validPatient,
        headers: { ...json, Host: `evil.example:${host.port}` },
      },
      421,
      /Unexpected Host/,
    );
    await expectRefused(
      {
        path: '/api/clinic/get',
        method: 'POST',
        body: '{}',
        headers: { ...json, Host: 'localhost:1' },
      },
      421,
      /Unexpected Host/,
    );
  });

  it('a body over 6 MB is a 413, and the host keeps serving', async () => {
    const big = JSON.stringify({
      firstName: 'Hugo',
      lastName: 'x'.repeat(6_100_000),
      dateOfBirth: '1990-01-01',
    });
    await expectRefused(
      { path: '/api/patients/create', body: big, headers: json },
      413,
      /larger than 6 MB/,
    );
    const health = await httpRequest(host.url, { path: '/api/health', method: 'GET' });
    expect(health.status).toBe(200);
  });
});
