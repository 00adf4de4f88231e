import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import {
  getProvider,
  getVisitType,
  listLocations,
  listProviders,
  listVisitTypes,
} from '../../db/repos/directory';
import {
  locations,
  providerLocations,
  providers,
  visitTypes,
  visitTypeSpecialties,
} from '../../db/schema';
import { id } from '../../entities/common';
import { locationCreateInput, locationFromRow } from '../../entities/location';
import { PROVIDER_COLORS, providerCreateInput } from '../../entities/provider';
import { TAXONOMY_RE } from '../../entities/specialty';
import { visitTypeCreateInput } from '../../entities/visitType';
import { AppError } from '../../errors';
import { defineHandler } from '../handler';

export const locationsCreate = defineHandler({
  name: 'locations/create',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Add a clinic location.',
  input: locationCreateInput,
  run: (input, ctx) => {
    if (listLocations(ctx.db).some((l) => l.name.toLowerCase() === input.name.toLowerCase())) {
      throw new AppError('CONFLICT', `A location named ${input.name} already exists.`, 'name');
    }
    const row = ctx.db.orm
      .insert(locations)
      .values({
        ...input,
        address2: input.address2 ?? null,
        lat: input.lat ?? null,
        lon: input.lon ?? null,
        phone: input.phone ?? null,
        createdMs: ctx.now,
      })
      .returning()
      .get();
    writeAudit(ctx, {
      action: 'location.created',
      entityType: 'location',
      entityId: row.id,
      details: { name: row.name },
    });
    ctx.emit({ topic: 'locations', ids: [row.id] });
    return locationFromRow(row);
  },
});

export const locationsList = defineHandler({
  name: 'locations/list',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'Every location, by name.',
  input: z.object({}).strict(),
  run: (_input, ctx) => listLocations(ctx.db),
});

export const providersCreate = defineHandler({
  name: 'providers/create',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Add a provider with specialty, languages, patient ages and locations.',
  input: providerCreateInput,
  run: (input, ctx) => {
    const known = new Set<number>(listLocations(ctx.db).map((l) => l.id));
    input.locationIds.forEach((l, i) => {
      if (!known.has(l))
        throw new AppError('NOT_FOUND', `Location ${l} was not found.`, `locationIds.${i}`);
    });
    if (
      input.npi &&
      listProviders(ctx.db, { includeInactive: true }).some((p) => p.npi === input.npi)
    ) {
      throw new AppError('CONFLICT', `Another provider already has NPI ${input.npi}.`, 'npi');
    }
    const count = listProviders(ctx.db, { includeInactive: true }).length;
    const row = ctx.db.orm
      .insert(providers)
      .values({
        firstName: input.firstName,
        lastName: input.lastName,
        credentials: input.credentials ?? null,
        npi: input.npi ?? null,
        taxonomyCode: input.taxonomyCode,
        languages: JSON.stringify([...new Set(input.languages)]),
        sex: input.sex ?? null,
        acceptsNewPatients: input.acceptsNewPatients,
        minAgeYears: input.minAgeYears ?? null,
        maxAgeYears: input.maxAgeYears ?? null,
        color: input.color ?? PROVIDER_COLORS[count % PROVIDER_COLORS.length]!,
        createdMs: ctx.now,
      })
      .returning()
      .get();
    ctx.db.orm
      .insert(providerLocations)
      .values(
        [...new Set(input.locationIds)].map((locationId) => ({ providerId: row.id, locationId })),
      )
      .run();
    writeAudit(ctx, {
      action: 'provider.created',
      entityType: 'provider',
      entityId: row.id,
      details: { name: `${row.firstName} ${row.lastName}` },
    });
    ctx.emit({ topic: 'providers', ids: [row.id] });
    return getProvider(ctx.db, row.id)!;
  },
});

export const providersList = defineHandler({
  name: 'providers/list',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'Providers, optionally of one specialty or location.',
  input: z
    .object({
      specialty: z
        .string()
        .trim()
        .toUpperCase()
        .regex(TAXONOMY_RE, 'specialty must be a NUCC taxonomy code such as 207Q00000X')
        .optional(),
      locationId: id('location').optional(),
      includeInactive: z.boolean().default(false),
    })
    .strict(),
  run: (input, ctx) =>
    listProviders(ctx.db, { includeInactive: input.includeInactive }).filter(
      (p) =>
        (!input.specialty || p.taxonomyCode === input.specialty) &&
        (!input.locationId || p.locationIds.includes(input.locationId)),
    ),
});

export const visitTypesCreate = defineHandler({
  name: 'visitTypes/create',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Add a visit type: duration, CPT code, specialties, new/established, buffers.',
  input: visitTypeCreateInput,
  run: (input, ctx) => {
    if (listVisitTypes(ctx.db).some((v) => v.name.toLowerCase() === input.name.toLowerCase())) {
      throw new AppError('CONFLICT', `A visit type named ${input.name} already exists.`, 'name');
    }
    const row = ctx.db.orm
      .insert(visitTypes)
      .values({
        name: input.name,
        durationMinutes: input.durationMinutes,
        cptCode: input.cptCode ?? null,
        patientStatus: input.patientStatus,
        bufferBeforeMinutes: input.bufferBeforeMinutes,
        bufferAfterMinutes: input.bufferAfterMinutes,
        ...(input.color ? { color: input.color } : {}),
        createdMs: ctx.now,
      })
      .returning()
      .get();
    const specs = [...new Set(input.specialties)];
    if (specs.length)
      ctx.db.orm
        .insert(visitTypeSpecialties)
        .values(specs.map((taxonomyCode) => ({ visitTypeId: row.id, taxonomyCode })))
        .run();
    writeAudit(ctx, {
      action: 'visitType.created',
      entityType: 'visitType',
      entityId: row.id,
      details: { name: row.name },
    });
    ctx.emit({ topic: 'visitTypes', ids: [row.id] });
    return getVisitType(ctx.db, row.id)!;
  },
});

export const visitTypesList = defineHandler({
  name: 'visitTypes/list',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'Every visit type, by name.',
  input: z.object({ includeInactive: z.boolean().default(false) }).strict(),
  run: (input, ctx) => listVisitTypes(ctx.db).filter((v) => input.includeInactive || v.active),
});
