import { z } from 'zod';
import { getClinic } from '../../db/repos/clinic';
import { getVisitType, listLocations } from '../../db/repos/directory';
import { getMatchingSettings, saveMatchingSettings } from '../../db/repos/insurance';
import { getPatient } from '../../db/repos/patients';
import { writeAudit } from '../../db/repos/audit';
import { id, languageCode, localDate, zip } from '../../entities/common';
import { TAXONOMY_RE } from '../../entities/specialty';
import type { VisitType } from '../../entities/visitType';
import { DEFAULT_WEIGHTS, scoreWeightsInput } from '../../matching/rank';
import { clinicWeights, matchProviders } from '../../matching/service/search';
import { formatWallTime, instantToLocal, toIso } from '../../time';
import { notFound } from '../../errors';
import { defineHandler } from '../handler';
import { resolveTimeOfDay, timeOfDayInput, visitTypeForSpecialty } from './availability';

export const matchingSearch = defineHandler({
  name: 'matching/search',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'Providers for a patient (or criteria) and a visit type or specialty: hard filters, ranked with reasons in words and the next openings.',
  input: z
    .object({
      patientId: id('patient').optional(),
      visitTypeId: id('visit type').optional(),
      specialty: z
        .string({ error: 'specialty must be a NUCC taxonomy code such as 207RC0000X' })
        .trim()
        .toUpperCase()
        .regex(TAXONOMY_RE, 'specialty must be a NUCC taxonomy code such as 207RC0000X')
        .optional(),
      /** A plan to check networks against; null = self-pay; left out = the patient's primary coverage. */
      planId: id('plan').nullable().optional(),
      acceptOutOfNetwork: z
        .boolean({ error: 'acceptOutOfNetwork must be true or false' })
        .default(false),
      zip: zip.optional(),
      radiusMiles: z
        .number({ error: 'radius must be a number of miles' })
        .positive('radius must be more than 0 miles')
        .max(500, 'radius must be at most 500 miles')
        .nullable()
        .optional(),
      language: languageCode.nullable().optional(),
      providerSex: z
        .enum(['F', 'M'], { error: "provider's sex must be F or M" })
        .nullable()
        .optional(),
      dateOfBirth: localDate('date of birth').optional(),
      from: localDate('from').optional(),
      days: z
        .number({ error: 'days must be a number' })
        .int('days must be whole days')
        .min(1, 'days must be at least 1')
        .max(180, 'days must be at most 180')
        .default(90),
      openingsPerProvider: z
        .number({ error: 'openings per provider must be a number' })
        .int()
        .min(1, 'openings per provider must be at least 1')
        .max(10, 'openings per provider must be at most 10')
        .default(3),
      limit: z
        .number({ error: 'limit must be a number' })
        .int()
        .min(1, 'limit must be at least 1')
        .max(100, 'limit must be at most 100')
        .default(20),
      timeOfDay: timeOfDayInput,
    })
    .strict()
    .refine((i) => i.visitTypeId !== undefined || i.specialty !== undefined, {
      message: 'give a visit type or a specialty',
      path: ['visitTypeId'],
    }),
  run: (input, ctx) => {
    const clinic = getClinic(ctx.db, ctx.now);
    const patient = input.patientId !== undefined ? getPatient(ctx.db, input.patientId) : null;
    if (input.patientId !== undefined && !patient) throw notFound('The patient', 'patientId');
    let visitType: VisitType;
    if (input.visitTypeId !== undefined) {
      const v = getVisitType(ctx.db, input.visitTypeId);
      if (!v || !v.active) throw notFound('The visit type', 'visitTypeId');
      visitType = v;
    } else visitType = visitTypeForSpecialty(ctx.db, input.specialty!);
    const outcome = matchProviders(ctx.db, {
      clinic,
      now: ctx.now,
      query: {
        patient,
        visitType,
        specialty: input.specialty ?? null,
        planId: input.planId,
        acceptOutOfNetwork: input.acceptOutOfNetwork,
        zip: input.zip ?? null,
        radiusMiles: input.radiusMiles ?? null,
        language: input.language ?? null,
        providerSex: input.providerSex ?? null,
        dateOfBirth: input.dateOfBirth ?? null,
        from: input.from,
        days: input.days,
        openingsPerProvider: input.openingsPerProvider,
        limit: input.limit,
        timeOfDay: resolveTimeOfDay(input.timeOfDay),
      },
    });
    const locName = new Map(listLocations(ctx.db).map((l) => [l.id as number, l.name]));
    return {
      ...outcome,
      results: outcome.results.map((r) => ({
        ...r,
        reasonText: r.reasons.join(' · '),
        openings: r.openings.map((o) => ({
          providerId: r.providerId,
          providerName: r.providerName,
          locationId: o.locationId,
          locationName: locName.get(o.locationId) ?? '',
          date: o.date,
          localTime: formatWallTime(instantToLocal(clinic.timeZone, o.start).minutes),
          start: toIso(o.start),
          end: toIso(o.end),
        })),
      })),
    };
  },
});

export const matchingGetSettings = defineHandler({
  name: 'matching/getSettings',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'The score weights matching uses (and the defaults).',
  input: z.object({}).strict(),
  run: (_input, ctx) => ({ weights: clinicWeights(ctx.db), defaults: DEFAULT_WEIGHTS }),
});

export const matchingSetWeights = defineHandler({
  name: 'matching/setWeights',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Change how matching ranks providers (continuity, soonest, distance, language, load).',
  input: z.object({ weights: scoreWeightsInput }).strict(),
  run: (input, ctx) => {
    const settings = getMatchingSettings(ctx.db);
    saveMatchingSettings(ctx.db, ctx.now, { ...settings, weights: input.weights });
    writeAudit(ctx, {
      action: 'matching.weightsChanged',
      entityType: 'clinic',
      entityId: 1,
      details: { weights: input.weights },
    });
    ctx.emit({ topic: 'clinic' });
    return { weights: input.weights };
  },
});
