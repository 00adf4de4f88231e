import { z } from 'zod';
import type { patients } from '../db/schema';
import {
  email,
  id,
  languageCode,
  localDate,
  optionalText,
  phone,
  sex,
  timeZone,
  trimmed,
  usState,
  zip,
  type Brand,
} from './common';

export type PatientId = Brand<number, 'PatientId'>;

export const patientFields = z.object({
  firstName: trimmed('first name', 100),
  lastName: trimmed('last name', 100),
  dateOfBirth: localDate('date of birth'),
  sex: sex.nullable().optional(),
  phoneMobile: phone('mobile phone').nullable().optional(),
  phoneHome: phone('home phone').nullable().optional(),
  email: email.nullable().optional(),
  address1: optionalText('address'),
  city: optionalText('city', 100),
  state: usState.nullable().optional(),
  zip: zip.nullable().optional(),
  preferredLanguage: languageCode.default('en'),
  smsConsent: z.boolean().default(false),
  emailConsent: z.boolean().default(false),
  voiceConsent: z.boolean().default(false),
  preferredChannel: z
    .enum(['sms', 'email', 'voice', 'none'], {
      error: 'preferred channel must be sms, email, voice or none',
    })
    .default('none'),
  /** Only when the patient lives in another zone than the clinic (reminders' quiet hours). */
  timeZone: timeZone.nullable().optional(),
});

/** Consent needs the contact detail it is about, and the preferred channel needs consent. */
function consentRules(p: z.output<typeof patientFields>, ctx: z.RefinementCtx) {
  if (p.smsConsent && !p.phoneMobile) {
    ctx.addIssue({
      code: 'custom',
      path: ['phoneMobile'],
      message: 'SMS consent needs a mobile phone number',
    });
  }
  if (p.emailConsent && !p.email) {
    ctx.addIssue({
      code: 'custom',
      path: ['email'],
      message: 'e-mail consent needs an e-mail address',
    });
  }
  if (p.voiceConsent && !p.phoneMobile && !p.phoneHome) {
    ctx.addIssue({
      code: 'custom',
      path: ['phoneHome'],
      message: 'voice consent needs a phone number',
    });
  }
  const channelConsent = {
    sms: p.smsConsent,
    email: p.emailConsent,
    voice: p.voiceConsent,
    none: true,
  };
  if (!channelConsent[p.preferredChannel]) {
    ctx.addIssue({
      code: 'custom',
      path: ['preferredChannel'],
      message: `preferred channel ${p.preferredChannel} needs the patient's consent to it`,
    });
  }
}

export const patientCreateInput = patientFields.superRefine(consentRules);
export type PatientCreateInput = z.output<typeof patientCreateInput>;

/** The whole record as edited in the patient panel (every field is sent; omitted optional ones are cleared). */
export const patientUpdateInput = patientFields
  .extend({ patientId: id('patient') })
  .strict()
  .superRefine(consentRules);
export type PatientUpdateInput = z.output<typeof patientUpdateInput>;

export interface Patient {
  id: PatientId;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: 'F' | 'M' | 'X' | null;
  phoneMobile: string | null;
  phoneHome: string | null;
  email: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  preferredLanguage: string;
  smsConsent: boolean;
  emailConsent: boolean;
  voiceConsent: boolean;
  preferredChannel: 'sms' | 'email' | 'voice' | 'none';
  timeZone: string | null;
  /** False for a deceased, merged or otherwise inactive record (left out of search, never booked). */
  active: boolean;
  inactiveReason: PatientInactiveReason | null;
  /** When the record was made inactive (ISO instant), null while active. */
  inactiveAt: string | null;
  /** Date of death (YYYY-MM-DD) when known. */
  deceasedOn: string | null;
  /** The record this one was merged into, when it was a duplicate. */
  mergedIntoId: PatientId | null;
}

export const PATIENT_INACTIVE_REASONS = ['deceased', 'merged', 'moved', 'other'] as const;
export type PatientInactiveReason = (typeof PATIENT_INACTIVE_REASONS)[number];

export function patientFromRow(r: typeof patients.$inferSelect): Patient {
  return {
    id: r.id as PatientId,
    firstName: r.firstName,
    lastName: r.lastName,
    dateOfBirth: r.dateOfBirth,
    sex: r.sex as Patient['sex'],
    phoneMobile: r.phoneMobile,
    phoneHome: r.phoneHome,
    email: r.email,
    address1: r.address1,
    city: r.city,
    state: r.state,
    zip: r.zip,
    preferredLanguage: r.preferredLanguage,
    smsConsent: r.smsConsent,
    emailConsent: r.emailConsent,
    voiceConsent: r.voiceConsent,
    preferredChannel: r.preferredChannel as Patient['preferredChannel'],
    timeZone: r.timeZone,
    active: r.active,
    inactiveReason: r.inactiveReason as PatientInactiveReason | null,
    inactiveAt: r.inactiveMs == null ? null : new Date(r.inactiveMs).toISOString(),
    deceasedOn: r.deceasedOn,
    mergedIntoId: r.mergedIntoId as PatientId | null,
  };
}

/** Lower-case, accents removed, letters and digits only: "O'Brien-Núñez" -> ["obrien", "nunez"]. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Search tokens for a patient: name words, whole phone digits and their last four ('#'). */
export function searchTokens(p: {
  firstName: string;
  lastName: string;
  phoneMobile?: string | null;
  phoneHome?: string | null;
}): string[] {
  const tokens = new Set<string>([...nameWords(p.firstName), ...nameWords(p.lastName)]);
  for (const ph of [p.phoneMobile, p.phoneHome]) {
    if (!ph) continue;
    const digits = ph.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
    tokens.add(`#${digits}`);
    tokens.add(`#${digits.slice(-4)}`);
  }
  return [...tokens];
}
