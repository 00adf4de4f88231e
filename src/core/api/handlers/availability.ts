import { z } from 'zod';
import { getClinic } from '../../db/repos/clinic';
import {
  getProvider,
  getVisitType,
  listProviders,
  listVisitTypes,
  offersVisitType,
} from '../../db/repos/directory';
import type { ClinicDb } from '../../db/open';
import { id, localDate, wallTime } from '../../entities/common';
import { TAXONOMY_RE } from '../../entities/specialty';
import type { VisitType } from '../../entities/visitType';
import {
  firstOpenings,
  presentOpenings,
  providerSlots,
  searchSpan,
} from '../../scheduling/service/availability';
import type { TimeOfDay } from '../../scheduling/slots';
import type { Slot } from '../../scheduling/types';
import { daysBetween } from '../../time';
import { AppError, notFound } from '../../errors';
import { defineHandler } from '../handler';

const TIME_OF_DAY: Record<string, TimeOfDay> = {
  morning: { from: 0, to: 12 * 60 },
  afternoon: { from: 12 * 60, to: 17 * 60 },
  evening: { from: 17 * 60, to: 24 * 60 },
};

/** The same words the booking engine uses, so a retired visit type reads alike everywhere. */
const retired = (v: VisitType) =>
  new AppError('RULE', `The visit type ${v.name} is no longer offered.`, 'visitTypeId');

export const timeOfDayInput = z
  .union([
    z.enum(['any', 'morning', 'afternoon', 'evening'], {
      error: 'time of day must be any, morning, afternoon or evening, or {from, to}',
    }),
    z
      .object({ from: wallTime('from'), to: wallTime('to') })
      .refine((t) => t.to > t.from, { message: 'to must be after from', path: ['to'] }),
  ])
  .default('any');

export function resolveTimeOfDay(t: z.output<typeof timeOfDayInput>): TimeOfDay | undefined {
  if (typeof t === 'string') return t === 'any' ? undefined : TIME_OF_DAY[t];
  return t;
}

function presentSlots(db: ClinicDb, zone: string, slots: Slot[]) {
  return presentOpenings(db, zone, slots);
}

const dateWindow = {
  from: localDate('from').optional(),
  to: localDate('to').optional(),
};

export const availabilitySlots = defineHandler({
  name: 'availability/slots',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    "One provider's open slots for a visit type between two dates (default: the next 14 days).",
  input: z
    .object({
      providerId: id('provider'),
      visitTypeId: id('visit type'),
      locationId: id('location').optional(),
      ...dateWindow,
      timeOfDay: timeOfDayInput,
    })
    .strict()
    .refine((i) => !i.from || !i.to || i.to >= i.from, {
      message: 'to must not be before from',
      path: ['to'],
    })
    .refine((i) => !i.from || !i.to || daysBetween(i.from, i.to) <= 92, {
      message: 'ask for at most 93 days at a time',
      path: ['to'],
    }),
  run: (input, ctx) => {
    const clinic = getClinic(ctx.db, ctx.now);
    const provider = getProvider(ctx.db, input.providerId);
    if (!provider) throw notFound('The provider', 'providerId');
    const visitType = getVisitType(ctx.db, input.visitTypeId);
    if (!visitType) throw notFound('The visit type', 'visitTypeId');
    if (!visitType.active) throw retired(visitType);
    if (!offersVisitType(provider, visitType)) {
      throw new AppError(
        'RULE',
        `${provider.displayName} (${provider.specialtyName}) does not offer ${visitType.name}.`,
        'visitTypeId',
      );
    }
    const span = searchSpan({
      clinic,
      now: ctx.now,
      from: input.from,
      to: input.to,
      defaultDays: 14,
    });
    const slots = span
      ? providerSlots(ctx.db, {
          clinic,
          now: ctx.now,
          providerId: provider.id,
          visitType,
          span,
          locationIds: input.locationId ? new Set([input.locationId]) : undefined,
          timeOfDay: resolveTimeOfDay(input.timeOfDay),
        })
      : [];
    return { visitTypeId: visitType.id, slots: presentSlots(ctx.db, clinic.timeZone, slots) };
  },
});

/** With only a specialty, the shortest active visit type offered to that specialty stands for "a visit". */
export function visitTypeForSpecialty(db: ClinicDb, specialty: string): VisitType {
  const candidates = listVisitTypes(db)
    .filter((v) => v.active && v.specialties.includes(specialty))
    .sort((a, b) => a.durationMinutes - b.durationMinutes || a.id - b.id);
  const general = listVisitTypes(db)
    .filter((v) => v.active && v.specialties.length === 0)
    .sort((a, b) => a.durationMinutes - b.durationMinutes || a.id - b.id);
  const chosen = candidates[0] ?? general[0];
  if (!chosen)
    throw new AppError(
      'NOT_FOUND',
      `No visit type is offered for specialty ${specialty}; choose a visit type.`,
      'specialty',
    );
  return chosen;
}

export const availabilityFirstOpenings = defineHandler({
  name: 'availability/firstOpenings',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'The earliest openings across providers for a visit type or specialty, or the first opening per day.',
  input: z
    .object({
      visitTypeId: id('visit type').optional(),
      specialty: z
        .string()
        .trim()
        .toUpperCase()
        .regex(TAXONOMY_RE, 'specialty must be a NUCC taxonomy code such as 207Q00000X')
        .optional(),
      providerIds: z
        .array(id('provider'))
        .min(1, 'list at least one provider, or leave providerIds out')
        .max(500)
        .optional(),
      locationIds: z
        .array(id('location'))
        .min(1, 'list at least one location, or leave locationIds out')
        .max(50)
        .optional(),
      ...dateWindow,
      timeOfDay: timeOfDayInput,
      mode: z
        .enum(['earliest', 'firstPerDay'], { error: 'mode must be earliest or firstPerDay' })
        .default('earliest'),
      /** earliest: how many slots; firstPerDay: how many days to look at. */
      limit: z
        .number()
        .int()
        .min(1, 'limit must be at least 1')
        .max(200, 'limit must be at most 200')
        .default(10),
      maxPerProvider: z
        .number()
        .int()
        .min(1, 'maxPerProvider must be at least 1')
        .max(200)
        .optional(),
    })
    .strict()
    .refine((i) => i.visitTypeId !== undefined || i.specialty !== undefined, {
      message: 'give a visit type or a specialty',
      path: ['visitTypeId'],
    })
    .refine((i) => !i.from || !i.to || i.to >= i.from, {
      message: 'to must not be before from',
      path: ['to'],
    }),
  run: (input, ctx) => {
    const clinic = getClinic(ctx.db, ctx.now);
    let visitType: VisitType;
    if (input.visitTypeId !== undefined) {
      const v = getVisitType(ctx.db, input.visitTypeId);
      if (!v) throw notFound('The visit type', 'visitTypeId');
      if (!v.active) throw retired(v);
      visitType = v;
    } else {
      visitType = visitTypeForSpecialty(ctx.db, input.specialty!);
    }
    const wanted = input.providerIds ? new Set(input.providerIds) : null;
    const all = listProviders(ctx.db);
    if (wanted) {
      input.providerIds!.forEach((p, i) => {
        if (!all.some((x) => x.id === p))
          throw new AppError(
            'NOT_FOUND',
            `Provider ${p} was not found or is inactive.`,
            `providerIds.${i}`,
          );
      });
    }
    const providers = all.filter(
      (p) =>
        (!wanted || wanted.has(p.id)) &&
        (!input.specialty || p.taxonomyCode === input.specialty) &&
        offersVisitType(p, visitType) &&
        (!input.locationIds || p.locationIds.some((l) => input.locationIds!.includes(l))),
    );
    // firstPerDay looks at `limit` days; earliest looks as far as the horizon allows.
    const span = searchSpan({
      clinic,
      now: ctx.now,
      from: input.from,
      to: input.to,
      defaultDays: input.mode === 'firstPerDay' ? input.limit : clinic.horizonDays + 1,
    });
    const result = span
      ? firstOpenings(ctx.db, {
          clinic,
          now: ctx.now,
          providerIds: providers.map((p) => p.id),
          visitType,
          span,
          locationIds: input.locationIds ? new Set(input.locationIds) : undefined,
          timeOfDay: resolveTimeOfDay(input.timeOfDay),
          limit: input.limit,
          maxPerProvider: input.maxPerProvider,
          mode: input.mode,
        })
      : { slots: [], searchedThrough: null };
    return {
      visitType: {
        id: visitType.id,
        name: visitType.name,
        durationMinutes: visitType.durationMinutes,
      },
      providersSearched: providers.length,
      searchedFrom: span?.from ?? null,
      searchedThrough: result.searchedThrough,
      slots: presentSlots(ctx.db, clinic.timeZone, result.slots),
    };
  },
});
