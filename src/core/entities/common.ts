/**
 * Field schemas shared by every entity: each one turns what a person typed into the stored form,
 * or fails with a message that says what is wrong in the clinic's words.
 */
import { z } from 'zod';
import { isLocalDate, isValidZone, isWallTime, parseIsoInstant, parseWallTime } from '../time';

export type Brand<T, B extends string> = T & { readonly __brand: B };

/** "date of birth is required" when the field is missing, otherwise what it must be. */
export const must = (what: string, shape: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? `${what} is required` : `${what} must be ${shape}`;

export const id = (what: string) =>
  z
    .number({ error: must(`${what} id`, 'a number') })
    .int(`${what} id must be a whole number`)
    .positive(`${what} id must be positive`);

export const trimmed = (what: string, max = 200) =>
  z
    .string({ error: must(what, 'text') })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is too long (at most ${max} characters)`);

export const optionalText = (what: string, max = 200) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(max, `${what} is too long (at most ${max} characters)`)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const localDate = (what = 'date') =>
  z
    .string({ error: must(what, 'a date written YYYY-MM-DD') })
    .refine(isLocalDate, `${what} must be a real date written YYYY-MM-DD`);

export const wallTime = (what = 'time') =>
  z
    .string({ error: must(what, 'a time written HH:MM') })
    .refine(isWallTime, `${what} must be a time of day written HH:MM (00:00–24:00)`)
    .transform(parseWallTime);

/** An instant given as ISO 8601 with an offset or Z; stored as epoch milliseconds. */
export const instant = (what = 'time') =>
  z
    .string({
      error: must(what, 'an ISO 8601 date-time with an offset, e.g. 2026-03-09T14:00:00Z'),
    })
    .transform((s, ctx) => {
      const ms = parseIsoInstant(s);
      if (ms === null) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} must be an ISO 8601 date-time with an offset, e.g. 2026-03-09T14:00:00Z`,
        });
        return z.NEVER;
      }
      return ms;
    });

export const timeZone = z
  .string({ error: must('time zone', 'text') })
  .refine(isValidZone, 'time zone must be an IANA zone name such as America/New_York');

/** US numbers (NANP): any punctuation; stored as E.164, "+15125550123". */
export const phone = (what = 'phone') =>
  z.string({ error: `${what} must be text` }).transform((s, ctx) => {
    let digits = s.replace(/[\s().\-+]/g, '');
    if (!/^\d+$/.test(digits)) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} may contain only digits, spaces, ( ) - + .`,
      });
      return z.NEVER;
    }
    if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
    if (digits.length !== 10 || !/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a 10-digit US phone number, e.g. (512) 555-0123`,
      });
      return z.NEVER;
    }
    return `+1${digits}`;
  });

export const email = z
  .email({ error: 'email must be an address like name@example.com' })
  .max(254)
  .transform((s) => s.toLowerCase());

export const zip = z
  .string({ error: 'ZIP must be text' })
  .trim()
  .regex(/^\d{5}(-?\d{4})?$/, 'ZIP must be 5 digits or ZIP+4 (12345 or 12345-6789)')
  .transform((s) => (s.length > 5 ? `${s.slice(0, 5)}-${s.slice(-4)}` : s));

export const languageCode = z
  .string({ error: 'language must be text' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, 'language must be an ISO 639 code such as en, es or vi');

export const sex = z.enum(['F', 'M', 'X'], { error: 'sex must be F, M or X' });

export const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be written #rrggbb');

export const usState = z
  .string({ error: 'state must be text' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'state must be a two-letter code such as TX');
