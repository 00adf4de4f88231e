import {
  nameWords,
  patientFromRow,
  searchTokens,
  type Patient,
  type PatientCreateInput,
} from '../../entities/patient';
import type { ClinicDb } from '../open';
import type { patients } from '../schema';
import { stmt } from './statements';

/** A patient record as statement parameters: booleans as 0/1, absent fields as NULL, search keys added. */
function patientParams(input: PatientCreateInput) {
  return {
    firstName: input.firstName,
    lastName: input.lastName,
    dateOfBirth: input.dateOfBirth,
    sex: input.sex ?? null,
    phoneMobile: input.phoneMobile ?? null,
    phoneHome: input.phoneHome ?? null,
    email: input.email ?? null,
    address1: input.address1 ?? null,
    city: input.city ?? null,
    state: input.state ?? null,
    zip: input.zip ?? null,
    preferredLanguage: input.preferredLanguage,
    smsConsent: input.smsConsent ? 1 : 0,
    emailConsent: input.emailConsent ? 1 : 0,
    voiceConsent: input.voiceConsent ? 1 : 0,
    preferredChannel: input.preferredChannel,
    timeZone: input.timeZone ?? null,
    lastNameKey: nameKey(input.lastName),
    firstNameKey: nameKey(input.firstName),
  };
}

function indexForSearch(db: ClinicDb, id: number, input: PatientCreateInput): void {
  stmt(db.sqlite, 'DELETE FROM patient_search_tokens WHERE patient_id = ?').run(id);
  const add = stmt(
    db.sqlite,
    'INSERT OR IGNORE INTO patient_search_tokens (token, patient_id) VALUES (?, ?)',
  );
  for (const t of searchTokens(input)) add.run(t, id);
}

/** Registers a patient (created at `now`) with their search tokens; returns the new id. */
export function insertPatientRow(db: ClinicDb, now: number, input: PatientCreateInput): number {
  const id = Number(
    stmt(
      db.sqlite,
      `INSERT INTO patients (first_name, last_name, date_of_birth, sex, phone_mobile, phone_home, email, address1, city, state, zip,
         preferred_language, sms_consent, email_consent, voice_consent, preferred_channel, time_zone, last_name_key, first_name_key, created_ms, updated_ms)
       VALUES (@firstName, @lastName, @dateOfBirth, @sex, @phoneMobile, @phoneHome, @email, @address1, @city, @state, @zip,
         @preferredLanguage, @smsConsent, @emailConsent, @voiceConsent, @preferredChannel, @timeZone, @lastNameKey, @firstNameKey, @now, @now)`,
    ).run({ ...patientParams(input), now }).lastInsertRowid,
  );
  indexForSearch(db, id, input);
  return id;
}

export function insertPatient(db: ClinicDb, now: number, input: PatientCreateInput): Patient {
  return getPatient(db, insertPatientRow(db, now, input))!;
}

/** Replaces a patient's record and its search tokens. */
export function updatePatient(
  db: ClinicDb,
  now: number,
  id: number,
  input: PatientCreateInput,
): Patient {
  stmt(
    db.sqlite,
    `UPDATE patients SET first_name = @firstName, last_name = @lastName, date_of_birth = @dateOfBirth, sex = @sex,
       phone_mobile = @phoneMobile, phone_home = @phoneHome, email = @email, address1 = @address1, city = @city,
       state = @state, zip = @zip, preferred_language = @preferredLanguage, sms_consent = @smsConsent,
       email_consent = @emailConsent, voice_consent = @voiceConsent, preferred_channel = @preferredChannel,
       time_zone = @timeZone, last_name_key = @lastNameKey, first_name_key = @firstNameKey, updated_ms = @now
     WHERE id = @id`,
  ).run({ ...patientParams(input), id, now });
  indexForSearch(db, id, input);
  return getPatient(db, id)!;
}

export function getPatient(db: ClinicDb, id: number): Patient | null {
  const row = stmt(db.sqlite, 'SELECT * FROM patients WHERE id = ?').get(id) as
    Record<string, unknown> | undefined;
  return row ? patientFromRow(rowToPatientRecord(row)) : null;
}

/** Patients with the same name and date of birth: the usual sign of a duplicate record. */
export function findSamePerson(
  db: ClinicDb,
  p: { firstName: string; lastName: string; dateOfBirth: string },
): Patient[] {
  const rows = stmt(
    db.sqlite,
    'SELECT * FROM patients WHERE date_of_birth = ? AND lower(last_name) = lower(?) AND lower(first_name) = lower(?) AND merged_into_id IS NULL',
  ).all(p.dateOfBirth, p.lastName, p.firstName) as Record<string, unknown>[];
  return rows.map((r) => patientFromRow(rowToPatientRecord(r)));
}

function rowToPatientRecord(r: Record<string, unknown>): typeof patients.$inferSelect {
  return {
    id: r.id as number,
    firstName: r.first_name as string,
    lastName: r.last_name as string,
    dateOfBirth: r.date_of_birth as string,
    sex: r.sex as string | null,
    phoneMobile: r.phone_mobile as string | null,
    phoneHome: r.phone_home as string | null,
    email: r.email as string | null,
    address1: r.address1 as string | null,
    city: r.city as string | null,
    state: r.state as string | null,
    zip: r.zip as string | null,
    preferredLanguage: r.preferred_language as string,
    smsConsent: r.sms_consent === 1,
    emailConsent: r.email_consent === 1,
    voiceConsent: r.voice_consent === 1,
    preferredChannel: r.preferred_channel as string,
    timeZone: (r.time_zone as string | null) ?? null,
    deceasedOn: (r.deceased_on as string | null) ?? null,
    lastNameKey: r.last_name_key as string,
    firstNameKey: r.first_name_key as string,
    createdMs: r.created_ms as number,
    updatedMs: r.updated_ms as number,
    active: r.active !== 0,
    inactiveReason: (r.inactive_reason as string | null) ?? null,
    inactiveMs: (r.inactive_ms as number | null) ?? null,
    mergedIntoId: (r.merged_into_id as number | null) ?? null,
  };
}

const US_DATE_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** What a receptionist typed, read as a date of birth, a phone number, or name prefixes. */
export function parseSearchQuery(
  query: string,
):
  | { kind: 'dob'; date: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'name'; words: string[] }
  | { kind: 'none' } {
  const q = query.trim();
  if (ISO_DATE_RE.test(q)) return { kind: 'dob', date: q };
  const us = US_DATE_RE.exec(q);
  if (us)
    return { kind: 'dob', date: `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` };
  if (/^[\d\s().+-]+$/.test(q)) {
    const digits = q.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
    return digits.length >= 3 ? { kind: 'phone', digits } : { kind: 'none' };
  }
  const words = nameWords(q).slice(0, 4);
  return words.length ? { kind: 'name', words } : { kind: 'none' };
}

/** The search key of a name: its words, lower-case and accent-free, joined by spaces. */
export function nameKey(name: string): string {
  return nameWords(name).join(' ');
}

const PATIENT_ORDER = 'ORDER BY last_name_key, first_name_key, date_of_birth';
const tokenPrefix = (alias: string) =>
  `EXISTS (SELECT 1 FROM patient_search_tokens t WHERE t.patient_id = ${alias}.id AND t.token >= ? AND t.token < ?)`;

/**
 * Search as you type over name words (prefixes, any order: "smi jo" finds John Smith), a date of
 * birth (1985-03-02 or 3/2/1985) or a phone number (last four digits, or its start).
 * Ranking: people whose surname starts with the first word come first, alphabetically (this walks
 * the name index and stops after one screenful, however short the prefix); then anyone else whose
 * name words match, alphabetically.
 */
/** "KQM-7RT", "kqm7rt": the shape of a confirmation code (no 0, 1, I, L or O). */
const CONFIRMATION_CODE = /^\s*([2-9A-HJKMNP-Z]{3})-?([2-9A-HJKMNP-Z]{3})\s*$/i;

export interface SearchOptions {
  /** Deceased, merged and other inactive records too (left out unless asked for). */
  includeInactive?: boolean;
}

export function searchPatients(
  db: ClinicDb,
  query: string,
  limit: number,
  options: SearchOptions = {},
): Patient[] {
  const only = options.includeInactive ? '' : 'AND p.active = 1';
  // A caller reading out a confirmation code: the patient of that appointment comes first (the
  // code survives reschedules, so an old code finds the visit where it is now). Six letters can
  // also be a name ("BECKER"), so the name search still runs after it.
  const code = CONFIRMATION_CODE.exec(query);
  if (code) {
    const byCode = stmt(
      db.sqlite,
      `SELECT p.* FROM patients p WHERE p.id IN (SELECT patient_id FROM appointments WHERE confirmation_code = ? AND status <> 'rescheduled') ${only}`,
    ).all(`${code[1]!.toUpperCase()}-${code[2]!.toUpperCase()}`) as Record<string, unknown>[];
    if (byCode.length > 0) {
      const found = byCode.map((r) => patientFromRow(rowToPatientRecord(r)));
      const rest = searchByText(db, query, limit, only).filter(
        (p) => !found.some((f) => f.id === p.id),
      );
      return [...found, ...rest].slice(0, limit);
    }
  }
  return searchByText(db, query, limit, only);
}

function searchByText(db: ClinicDb, query: string, limit: number, only: string): Patient[] {
  const parsed = parseSearchQuery(query);
  if (parsed.kind === 'none') return [];
  const many = (sql: string, ...params: unknown[]) =>
    stmt(db.sqlite, sql).all(...params) as Record<string, unknown>[];
  let rows: Record<string, unknown>[];
  if (parsed.kind === 'dob') {
    rows = many(
      `SELECT * FROM patients p WHERE date_of_birth = ? ${only} ${PATIENT_ORDER} LIMIT ?`,
      parsed.date,
      limit,
    );
  } else if (parsed.kind === 'phone') {
    const p = `#${parsed.digits}`;
    rows = many(
      `SELECT * FROM patients p WHERE id IN (SELECT patient_id FROM patient_search_tokens WHERE token >= ? AND token < ?) ${only} ${PATIENT_ORDER} LIMIT ?`,
      p,
      `${p}\uffff`,
      limit,
    );
  } else {
    const [first, ...rest] = parsed.words as [string, ...string[]];
    const restParams = rest.flatMap((w) => [w, `${w}\uffff`]);
    const restSql = rest.map(() => `AND ${tokenPrefix('p')}`).join(' ');
    rows = many(
      `SELECT * FROM patients p WHERE last_name_key >= ? AND last_name_key < ? ${restSql} ${only} ${PATIENT_ORDER} LIMIT ?`,
      first,
      `${first}\uffff`,
      ...restParams,
      limit,
    );
    if (rows.length < limit) {
      const seen = JSON.stringify(rows.map((r) => r.id));
      const all = parsed.words.flatMap((w) => [w, `${w}\uffff`]);
      const sub = parsed.words
        .map(() => 'SELECT patient_id FROM patient_search_tokens WHERE token >= ? AND token < ?')
        .join(' INTERSECT ');
      rows = rows.concat(
        many(
          `SELECT * FROM patients p WHERE id IN (${sub}) AND id NOT IN (SELECT value FROM json_each(?)) ${only} ${PATIENT_ORDER} LIMIT ?`,
          ...all,
          seen,
          limit - rows.length,
        ),
      );
    }
  }
  return rows.map((r) => patientFromRow(rowToPatientRecord(r)));
}
