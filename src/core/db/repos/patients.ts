import { eq } from 'drizzle-orm';
import {
  nameWords,
  patientFromRow,
  searchTokens,
  type Patient,
  type PatientCreateInput,
} from '../../entities/patient';
import type { ClinicDb } from '../open';
import { patients, patientSearchTokens } from '../schema';
import { stmt } from './statements';

export function insertPatient(db: ClinicDb, now: number, input: PatientCreateInput): Patient {
  const row = db.orm
    .insert(patients)
    .values({
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
      smsConsent: input.smsConsent,
      emailConsent: input.emailConsent,
      voiceConsent: input.voiceConsent,
      preferredChannel: input.preferredChannel,
      createdMs: now,
      updatedMs: now,
    })
    .returning()
    .get();
  const add = stmt(
    db.sqlite,
    'INSERT OR IGNORE INTO patient_search_tokens (token, patient_id) VALUES (?, ?)',
  );
  for (const t of searchTokens(row)) add.run(t, row.id);
  return patientFromRow(row);
}

export function getPatient(db: ClinicDb, id: number): Patient | null {
  const row = db.orm.select().from(patients).where(eq(patients.id, id)).get();
  return row ? patientFromRow(row) : null;
}

/** Patients with the same name and date of birth: the usual sign of a duplicate record. */
export function findSamePerson(
  db: ClinicDb,
  p: { firstName: string; lastName: string; dateOfBirth: string },
): Patient[] {
  const rows = stmt(
    db.sqlite,
    'SELECT * FROM patients WHERE date_of_birth = ? AND lower(last_name) = lower(?) AND lower(first_name) = lower(?)',
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
    createdMs: r.created_ms as number,
    updatedMs: r.updated_ms as number,
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

/**
 * Search as you type over name words (prefixes, any order: "smi jo" finds John Smith), a date of
 * birth (1985-03-02 or 3/2/1985) or a phone number (last four digits, or its start).
 * Name matches come surname-first in alphabetical order.
 */
export function searchPatients(db: ClinicDb, query: string, limit: number): Patient[] {
  const parsed = parseSearchQuery(query);
  let rows: Record<string, unknown>[];
  if (parsed.kind === 'none') return [];
  if (parsed.kind === 'dob') {
    rows = stmt(
      db.sqlite,
      'SELECT * FROM patients WHERE date_of_birth = ? ORDER BY last_name, first_name LIMIT ?',
    ).all(parsed.date, limit) as Record<string, unknown>[];
  } else {
    const prefixes = parsed.kind === 'phone' ? [`#${parsed.digits}`] : parsed.words;
    const sub = prefixes
      .map(() => 'SELECT patient_id FROM patient_search_tokens WHERE token >= ? AND token < ?')
      .join(' INTERSECT ');
    const params = prefixes.flatMap((p) => [p, `${p}\uffff`]);
    rows = stmt(
      db.sqlite,
      `SELECT * FROM patients WHERE id IN (${sub}) ORDER BY last_name, first_name, date_of_birth LIMIT ?`,
    ).all(...params, limit) as Record<string, unknown>[];
  }
  return rows.map((r) => patientFromRow(rowToPatientRecord(r)));
}

export { patientSearchTokens };
