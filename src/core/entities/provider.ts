import { z } from 'zod';
import type { providers } from '../db/schema';
import { color, id, languageCode, must, optionalText, sex, trimmed, type Brand } from './common';
import type { NetworkSpan } from './insurance';
import { specialtyName, TAXONOMY_RE } from './specialty';

export type ProviderId = Brand<number, 'ProviderId'>;

/**
 * The check digit of an NPI: Luhn over "80840" + its first nine digits (CMS, "Requirements for
 * NPI check digit"). 123456789 → 3, so 1234567893 is the textbook valid NPI.
 */
export function npiCheckDigit(first9: string): number {
  const digits = `80840${first9}`;
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidNpi(npi: string): boolean {
  return /^\d{10}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

const ageYears = (what: string) =>
  z
    .number()
    .int(`${what} must be whole years`)
    .min(0, `${what} cannot be negative`)
    .max(130, `${what} must be at most 130`);

const providerFields = {
  firstName: trimmed('first name', 100),
  lastName: trimmed('last name', 100),
  credentials: optionalText('credentials', 50),
  npi: z
    .string({ error: 'NPI must be text' })
    .trim()
    .refine(isValidNpi, 'NPI must be 10 digits with a valid check digit')
    .nullable()
    .optional(),
  taxonomyCode: z
    .string({ error: 'specialty must be a NUCC taxonomy code' })
    .trim()
    .toUpperCase()
    .regex(TAXONOMY_RE, 'specialty must be a NUCC taxonomy code such as 207Q00000X'),
  languages: z.array(languageCode).min(1, 'at least one language is required').max(20),
  sex: sex.nullable().optional(),
  acceptsNewPatients: z.boolean({ error: 'accepts new patients must be yes or no' }),
  minAgeYears: ageYears('minimum patient age').nullable().optional(),
  maxAgeYears: ageYears('maximum patient age').nullable().optional(),
  locationIds: z.array(id('location')).min(1, 'a provider works at one location at least').max(20),
  color: color.optional(),
};

const agesInOrder = (p: { minAgeYears?: number | null; maxAgeYears?: number | null }) =>
  p.minAgeYears == null || p.maxAgeYears == null || p.minAgeYears <= p.maxAgeYears;
const AGES_MESSAGE = {
  message: 'minimum patient age must not be above the maximum',
  path: ['maxAgeYears'],
};

export const providerCreateInput = z
  .object({
    ...providerFields,
    languages: providerFields.languages.default(['en']),
    acceptsNewPatients: providerFields.acceptsNewPatients.default(true),
  })
  .refine(agesInOrder, AGES_MESSAGE);

/** The version a settings form was opened at; a save naming an older one is refused. */
export const versionField = z
  .number({ error: must('version', 'the number the record was read with') })
  .int('version must be a whole number')
  .positive('version must be positive');

/** Only the fields given change; the others keep their values. */
export const providerUpdateInput = z
  .object({
    id: id('provider'),
    version: versionField,
    ...(Object.fromEntries(Object.entries(providerFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof providerFields]: z.ZodOptional<(typeof providerFields)[K]>;
    }),
  })
  .strict()
  .refine(agesInOrder, AGES_MESSAGE);
export type ProviderUpdateInput = z.output<typeof providerUpdateInput>;
export type ProviderCreateInput = z.output<typeof providerCreateInput>;

export interface Provider {
  id: ProviderId;
  firstName: string;
  lastName: string;
  credentials: string | null;
  /** "Ana Patel, MD" */
  displayName: string;
  npi: string | null;
  taxonomyCode: string;
  specialtyName: string;
  languages: string[];
  sex: 'F' | 'M' | 'X' | null;
  acceptsNewPatients: boolean;
  minAgeYears: number | null;
  maxAgeYears: number | null;
  locationIds: number[];
  /** The plans this provider is in network for, with dates. */
  networks: NetworkSpan[];
  /** Visit types offered when narrower than the specialty allows; null = all the specialty's. */
  visitTypeIds: number[] | null;
  color: string;
  active: boolean;
  /** Bumped by every save; send it back with an edit so a stale one is refused. */
  version: number;
}

export const PROVIDER_COLORS = [
  '#1976d2',
  '#388e3c',
  '#f57c00',
  '#7b1fa2',
  '#c2185b',
  '#0097a7',
  '#5d4037',
  '#455a64',
  '#afb42b',
  '#d32f2f',
  '#303f9f',
  '#00796b',
];

export function providerFromRow(
  r: typeof providers.$inferSelect,
  links: {
    locationIds: number[];
    networks?: NetworkSpan[];
    visitTypeIds?: number[] | null;
    /** Taxonomy names learned from imports, for codes beyond the built-in common ones. */
    taxonomyNames?: ReadonlyMap<string, string>;
  },
): Provider {
  return {
    id: r.id as ProviderId,
    firstName: r.firstName,
    lastName: r.lastName,
    credentials: r.credentials,
    displayName: `${r.firstName} ${r.lastName}${r.credentials ? `, ${r.credentials}` : ''}`,
    npi: r.npi,
    taxonomyCode: r.taxonomyCode,
    specialtyName: specialtyName(r.taxonomyCode, links.taxonomyNames),
    languages: JSON.parse(r.languages) as string[],
    sex: r.sex as Provider['sex'],
    acceptsNewPatients: r.acceptsNewPatients,
    minAgeYears: r.minAgeYears,
    maxAgeYears: r.maxAgeYears,
    locationIds: links.locationIds,
    networks: links.networks ?? [],
    visitTypeIds: links.visitTypeIds ?? null,
    color: r.color,
    active: r.active,
    version: r.version,
  };
}
