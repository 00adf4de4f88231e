/**
 * The patient record as the details form edits it: text as typed, booleans and the channel as
 * chosen; and back to the whole record patients/update wants. Pure, so it is tested without a page.
 */
import type { ApiInput, ApiOutput } from '../../../core/api/types';
import { formatPhone } from '../booking/format';

export type PatientRecord = ApiOutput<'patients/get'>;

/** The form's text as typed; booleans and the channel as chosen. */
export interface PatientForm {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: '' | 'F' | 'M' | 'X';
  phoneMobile: string;
  phoneHome: string;
  email: string;
  address1: string;
  city: string;
  state: string;
  zip: string;
  preferredLanguage: string;
  smsConsent: boolean;
  emailConsent: boolean;
  voiceConsent: boolean;
  preferredChannel: 'sms' | 'email' | 'voice' | 'none';
}

export type TextKey = {
  [K in keyof PatientForm]: PatientForm[K] extends string ? K : never;
}[keyof PatientForm];

export function formOf(p: PatientRecord): PatientForm {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex ?? '',
    phoneMobile: formatPhone(p.phoneMobile),
    phoneHome: formatPhone(p.phoneHome),
    email: p.email ?? '',
    address1: p.address1 ?? '',
    city: p.city ?? '',
    state: p.state ?? '',
    zip: p.zip ?? '',
    preferredLanguage: p.preferredLanguage,
    smsConsent: p.smsConsent,
    emailConsent: p.emailConsent,
    voiceConsent: p.voiceConsent,
    preferredChannel: p.preferredChannel,
  };
}

/** The whole record, as patients/update wants it: every field, blanks as null, nothing extra. */
export function updateInput(patientId: number, f: PatientForm): ApiInput<'patients/update'> {
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    patientId,
    firstName: f.firstName,
    lastName: f.lastName,
    dateOfBirth: f.dateOfBirth,
    sex: f.sex === '' ? null : f.sex,
    phoneMobile: orNull(f.phoneMobile),
    phoneHome: orNull(f.phoneHome),
    email: orNull(f.email),
    address1: orNull(f.address1),
    city: orNull(f.city),
    state: orNull(f.state),
    zip: orNull(f.zip),
    preferredLanguage: f.preferredLanguage,
    smsConsent: f.smsConsent,
    emailConsent: f.emailConsent,
    voiceConsent: f.voiceConsent,
    preferredChannel: f.preferredChannel,
  };
}

export const LANGUAGES: readonly [string, string][] = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['zh', 'Chinese'],
  ['vi', 'Vietnamese'],
  ['tl', 'Tagalog'],
  ['ar', 'Arabic'],
  ['fr', 'French'],
  ['ht', 'Haitian Creole'],
  ['ko', 'Korean'],
  ['ru', 'Russian'],
  ['pt', 'Portuguese'],
  ['de', 'German'],
];

/** The language menu: the usual ones, plus the patient's own if it is none of them. */
export function languageChoices(current: string): readonly [string, string][] {
  return LANGUAGES.some(([c]) => c === current) ? LANGUAGES : [...LANGUAGES, [current, current]];
}
