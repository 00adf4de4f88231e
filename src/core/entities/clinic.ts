import { z } from 'zod';
import type { clinic } from '../db/schema';
import { phone, timeZone, trimmed } from './common';
import { isValidNpi, versionField } from './provider';

export interface ClinicSettings {
  name: string;
  timeZone: string;
  /** Grid step of bookable starts, minutes. */
  slotMinutes: number;
  /** How soon from now a slot may be offered, minutes. */
  minNoticeMinutes: number;
  /** How many days ahead slots are offered. */
  horizonDays: number;
  /** A cancellation closer than this to the start is flagged late. */
  lateCancelHours: number;
  setupState: 'new' | 'empty' | 'demo';
  /** Organization NPI of the practice (the billing provider of eligibility requests). */
  billingNpi: string | null;
  /** EIN, 9 digits. */
  taxId: string | null;
  /** E.164. */
  phone: string | null;
  /** A signed-in screen locks after this many idle minutes (automatic logoff). */
  idleLockMinutes: number;
  /** A session ends this many hours after sign-in, however active. */
  sessionHours: number;
  /** Bumped by every save; a save that names an older one is refused (two managers, one form). */
  version: number;
}

export const CLINIC_DEFAULTS: ClinicSettings = {
  name: 'My Clinic',
  timeZone: 'America/New_York',
  slotMinutes: 15,
  minNoticeMinutes: 0,
  horizonDays: 180,
  lateCancelHours: 24,
  setupState: 'new',
  billingNpi: null,
  taxId: null,
  phone: null,
  idleLockMinutes: 10,
  sessionHours: 12,
  version: 1,
};

export const clinicUpdateInput = z
  .object({
    name: trimmed('clinic name', 100),
    timeZone,
    slotMinutes: z
      .number()
      .int()
      .refine(
        (n) => [5, 10, 15, 20, 30, 60].includes(n),
        'slot length must be 5, 10, 15, 20, 30 or 60 minutes',
      ),
    minNoticeMinutes: z
      .number()
      .int('minimum notice must be whole minutes')
      .min(0, 'minimum notice cannot be negative')
      .max(60 * 24 * 30, 'minimum notice must be at most 30 days'),
    horizonDays: z
      .number()
      .int('booking horizon must be whole days')
      .min(1, 'booking horizon must be at least 1 day')
      .max(730, 'booking horizon must be at most 730 days'),
    lateCancelHours: z
      .number()
      .int('late-cancel window must be whole hours')
      .min(0, 'late-cancel window cannot be negative')
      .max(168, 'late-cancel window must be at most 168 hours'),
    billingNpi: z
      .string({ error: 'billing NPI must be text' })
      .trim()
      .refine(isValidNpi, 'billing NPI must be 10 digits with a valid check digit')
      .nullable(),
    taxId: z
      .string({ error: 'tax ID must be text' })
      .trim()
      .transform((s) => s.replace(/-/g, ''))
      .refine((s) => /^\d{9}$/.test(s), 'tax ID (EIN) must be 9 digits, e.g. 12-3456789')
      .nullable(),
    phone: phone('clinic phone').nullable(),
    idleLockMinutes: z
      .number({ error: 'idle lock must be a number of minutes' })
      .int('idle lock must be whole minutes')
      .min(1, 'idle lock must be at least 1 minute')
      .max(60, 'idle lock must be at most 60 minutes'),
    sessionHours: z
      .number({ error: 'session limit must be a number of hours' })
      .int('session limit must be whole hours')
      .min(1, 'session limit must be at least 1 hour')
      .max(24, 'session limit must be at most 24 hours'),
  })
  .partial()
  .extend({
    /**
     * The version the settings form was opened at: a save naming an older one is refused. Left
     * out by callers that change one setting of their own (idle lock, billing identity).
     */
    version: versionField.optional(),
  })
  .strict();

export function clinicFromRow(r: typeof clinic.$inferSelect): ClinicSettings {
  return {
    name: r.name,
    timeZone: r.timeZone,
    slotMinutes: r.slotMinutes,
    minNoticeMinutes: r.minNoticeMinutes,
    horizonDays: r.horizonDays,
    lateCancelHours: r.lateCancelHours,
    setupState: r.setupState as ClinicSettings['setupState'],
    billingNpi: r.billingNpi,
    taxId: r.taxId,
    phone: r.phone,
    idleLockMinutes: r.idleLockMinutes,
    sessionHours: r.sessionHours,
    version: r.version,
  };
}
