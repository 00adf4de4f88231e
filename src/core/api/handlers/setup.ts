import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { getClinic, updateClinic } from '../../db/repos/clinic';
import { stmt } from '../../db/repos/statements';
import { loadDemoClinic } from '../../demo/demoClinic';
import { timeZone, trimmed } from '../../entities/common';
import type { ClinicDb } from '../../db/open';
import { AppError } from '../../errors';
import { defineHandler } from '../handler';

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
