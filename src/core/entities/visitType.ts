import { z } from 'zod';
import type { visitTypes } from '../db/schema';
import { color, id, must, optionalText, trimmed, type Brand } from './common';
import { versionField } from './provider';
import { TAXONOMY_RE } from './specialty';

export type VisitTypeId = Brand<number, 'VisitTypeId'>;

const buffer = (what: string) =>
  z
    .number({ error: must(what, 'a number of minutes') })
    .int(`${what} must be whole minutes`)
    .min(0, `${what} cannot be negative`)
    .max(120, `${what} must be at most 120 minutes`);

const visitTypeFields = {
  name: trimmed('visit type name', 100),
  durationMinutes: z
    .number({ error: must('duration', 'a number of minutes') })
    .int('duration must be whole minutes')
    .min(5, 'duration must be at least 5 minutes')
    .max(480, 'duration must be at most 480 minutes'),
  cptCode: optionalText('CPT code', 5).refine(
    (c) => c == null || /^\d{4}[0-9A-Z]$/.test(c),
    'CPT code must be 5 characters, e.g. 99213',
  ),
  /** Specialties (NUCC codes) whose providers offer it; empty = any provider. */
  specialties: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(TAXONOMY_RE, 'each specialty must be a NUCC taxonomy code such as 207Q00000X'),
    )
    .max(50),
  patientStatus: z.enum(['new', 'established', 'any'], {
    error: 'patient status must be new, established or any',
  }),
  bufferBeforeMinutes: buffer('buffer before'),
  bufferAfterMinutes: buffer('buffer after'),
  color: color.optional(),
};

export const visitTypeCreateInput = z.object({
  ...visitTypeFields,
  specialties: visitTypeFields.specialties.default([]),
  patientStatus: visitTypeFields.patientStatus.default('any'),
  bufferBeforeMinutes: visitTypeFields.bufferBeforeMinutes.default(0),
  bufferAfterMinutes: visitTypeFields.bufferAfterMinutes.default(0),
});

/**
 * Only the fields given change. A new duration applies to bookings made from now on: a booked
 * visit keeps the start and end it was booked with.
 */
export const visitTypeUpdateInput = z
  .object({
    id: id('visit type'),
    version: versionField,
    ...(Object.fromEntries(Object.entries(visitTypeFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof visitTypeFields]: z.ZodOptional<(typeof visitTypeFields)[K]>;
    }),
  })
  .strict();
export type VisitTypeUpdateInput = z.output<typeof visitTypeUpdateInput>;
export type VisitTypeCreateInput = z.output<typeof visitTypeCreateInput>;

export interface VisitType {
  id: VisitTypeId;
  name: string;
  durationMinutes: number;
  cptCode: string | null;
  specialties: string[];
  patientStatus: 'new' | 'established' | 'any';
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  color: string;
  active: boolean;
  /** Bumped by every save; send it back with an edit so a stale one is refused. */
  version: number;
}

export function visitTypeFromRow(
  r: typeof visitTypes.$inferSelect,
  specialties: string[],
): VisitType {
  return {
    id: r.id as VisitTypeId,
    name: r.name,
    durationMinutes: r.durationMinutes,
    cptCode: r.cptCode,
    specialties,
    patientStatus: r.patientStatus as VisitType['patientStatus'],
    bufferBeforeMinutes: r.bufferBeforeMinutes,
    bufferAfterMinutes: r.bufferAfterMinutes,
    color: r.color,
    active: r.active,
    version: r.version,
  };
}
