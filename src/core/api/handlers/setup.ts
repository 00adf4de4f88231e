import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { getClinic, updateClinic } from '../../db/repos/clinic';
import { stmt } from '../../db/repos/statements';
import { loadDemoClinic } from '../../demo/demoClinic';
import { timeZone, trimmed } from '../../entities/common';
import type { ClinicDb } from '../../db/open';
import { AppError } from '../../errors';
import { defineHandler } from '../handler';
import { STARTER_VISIT_TYPES } from '../../clinic/starterCatalog';
import {
  learnedTaxonomyNames,
  listLocations,
  listProviders,
  listVisitTypes,
} from '../../db/repos/directory';
import { COMMON_SPECIALTIES } from '../../entities/specialty';
import { visitTypeCreateInput } from '../../entities/visitType';
import { localDateOf } from '../../time';
import { visitTypesCreate } from './directory';

function counts(db: ClinicDb) {
  return stmt(
    db.sqlite,
    `SELECT (SELECT count(*) FROM locations) AS locations, (SELECT count(*) FROM providers) AS providers,
            (SELECT count(*) FROM visit_types) AS visitTypes, (SELECT count(*) FROM patients) AS patients,
            (SELECT count(*) FROM appointments) AS appointments`,
  ).get() as {
    locations: number;
    providers: number;
    visitTypes: number;
    patients: number;
    appointments: number;
  };
}

function requireFresh(db: ClinicDb, now: number) {
  const clinic = getClinic(db, now);
  const c = counts(db);
  if (
    clinic.setupState !== 'new' ||
    c.locations + c.providers + c.visitTypes + c.patients + c.appointments > 0
  ) {
    throw new AppError(
      'INVALID_STATE',
      'This clinic is already set up; the demo can only be loaded into an empty data folder.',
    );
  }
}

export const setupStatus = defineHandler({
  name: 'setup/status',
  mode: 'read',
  permission: 'public',
  summary: "Whether this data folder is new (offer demo or empty), and what's in it.",
  input: z.object({}).strict(),
  run: (_input, ctx) => ({
    setupState: getClinic(ctx.db, ctx.now).setupState,
    counts: counts(ctx.db),
  }),
});

export const setupLoadDemo = defineHandler({
  name: 'setup/loadDemo',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Fill a new data folder with the deterministic demo clinic.',
  input: z
    .object({
      seed: z
        .number()
        .int()
        .min(1)
        .max(2 ** 31 - 1)
        .default(20261124),
    })
    .strict(),
  run: (input, ctx) => {
    requireFresh(ctx.db, ctx.now);
    const summary = loadDemoClinic(ctx, { seed: input.seed });
    updateClinic(ctx.db, ctx.now, { setupState: 'demo' });
    writeAudit(ctx, {
      action: 'setup.demoLoaded',
      entityType: 'clinic',
      entityId: 1,
      details: { seed: input.seed, ...summary },
    });
    for (const topic of <const>[
      'clinic',
      'locations',
      'providers',
      'visitTypes',
      'schedules',
      'patients',
      'appointments',
    ])
      ctx.emit({ topic });
    return summary;
  },
});

export const setupStartEmpty = defineHandler({
  name: 'setup/startEmpty',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Start a new clinic with no data: its name and time zone.',
  input: z.object({ name: trimmed('clinic name', 100), timeZone }).strict(),
  run: (input, ctx) => {
    requireFresh(ctx.db, ctx.now);
    const clinic = updateClinic(ctx.db, ctx.now, {
      name: input.name,
      timeZone: input.timeZone,
      setupState: 'empty',
    });
    writeAudit(ctx, {
      action: 'setup.startedEmpty',
      entityType: 'clinic',
      entityId: 1,
      details: input,
    });
    ctx.emit({ topic: 'clinic' });
    return clinic;
  },
});

/**
 * What an empty clinic still lacks before the first booking, in the order the setup assistant
 * asks for it. The desk shows this list instead of an empty grid until everything is done.
 */
export const setupChecklist = defineHandler({
  name: 'setup/checklist',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'What is still missing before something can be booked: location, visit type, provider, hours.',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    const clinic = getClinic(ctx.db, ctx.now);
    const openLocations = new Set<number>(
      listLocations(ctx.db)
        .filter((l) => l.active)
        .map((l) => l.id),
    );
    const providers = listProviders(ctx.db).filter((p) =>
      p.locationIds.some((l) => openLocations.has(l)),
    );
    const today = localDateOf(clinic.timeZone, ctx.now);
    const withHours = new Set(
      (
        stmt(
          ctx.db.sqlite,
          `SELECT DISTINCT w.provider_id AS providerId, w.location_id AS locationId FROM weekly_schedules w
            WHERE (w.effective_to IS NULL OR w.effective_to >= ?)
              AND EXISTS (SELECT 1 FROM schedule_blocks b WHERE b.weekly_schedule_id = w.id AND b.kind = 'hours')`,
        ).all(today) as { providerId: number; locationId: number }[]
      )
        .filter((r) => openLocations.has(r.locationId))
        .map((r) => r.providerId),
    );
    const items = [
      {
        key: 'clinic',
        label: 'Clinic name and time zone',
        done: clinic.setupState !== 'new',
      },
      { key: 'location', label: 'A location', done: openLocations.size > 0 },
      {
        key: 'visitTypes',
        label: 'Visit types',
        done: listVisitTypes(ctx.db).some((v) => v.active),
      },
      { key: 'providers', label: 'Providers', done: providers.length > 0 },
      {
        key: 'hours',
        label: 'Weekly hours for a provider',
        done: providers.some((p) => withHours.has(p.id)),
      },
    ] as const;
    return { bookable: items.every((i) => i.done), items: [...items] };
  },
});

export const setupStarterVisitTypes = defineHandler({
  name: 'setup/starterVisitTypes',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'The starter catalog of common visit types (CPT, length, new/established, buffers).',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    const names = new Set(listVisitTypes(ctx.db).map((v) => v.name.toLowerCase()));
    return STARTER_VISIT_TYPES.map((s) => ({
      key: s.key,
      group: s.group,
      ...s.visitType,
      alreadyAdded: names.has(s.visitType.name.toLowerCase()),
    }));
  },
});

export const setupAddStarterVisitTypes = defineHandler({
  name: 'setup/addStarterVisitTypes',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Add the ticked visit types of the starter catalog (those not already there).',
  input: z
    .object({
      keys: z
        .array(z.string({ error: 'each key must be text' }))
        .min(1, 'tick at least one visit type')
        .max(STARTER_VISIT_TYPES.length),
    })
    .strict(),
  run: (input, ctx) => {
    const entries = input.keys.map((k, i) => {
      const s = STARTER_VISIT_TYPES.find((x) => x.key === k);
      if (!s)
        throw new AppError('NOT_FOUND', `There is no starter visit type "${k}".`, `keys.${i}`);
      return s;
    });
    const existing = new Set(listVisitTypes(ctx.db).map((v) => v.name.toLowerCase()));
    const added = [];
    const skipped: string[] = [];
    for (const s of [...new Map(entries.map((e) => [e.key, e])).values()]) {
      if (existing.has(s.visitType.name.toLowerCase())) {
        skipped.push(s.visitType.name);
        continue;
      }
      added.push(visitTypesCreate.run(visitTypeCreateInput.parse(s.visitType), ctx));
    }
    return { added, skipped };
  },
});

/** Specialty names for a picker: the common ones built in, and those learned from imports. */
export const specialtiesList = defineHandler({
  name: 'specialties/list',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'NUCC taxonomy codes with readable names: the common ones and those learned from imports.',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    const all = new Map<string, string>(Object.entries(COMMON_SPECIALTIES));
    for (const [code, name] of learnedTaxonomyNames(ctx.db))
      if (!all.has(code)) all.set(code, name);
    return [...all]
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
});
