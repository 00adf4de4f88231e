import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { getClinic, updateClinic } from '../../db/repos/clinic';
import { clinicUpdateInput } from '../../entities/clinic';
import { DST_RULE } from '../../time';
import { defineHandler } from '../handler';

export const clinicGet = defineHandler({
  name: 'clinic/get',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'The clinic settings: name, time zone, slot grid, notice, horizon, late-cancel window.',
  input: z.object({}).strict(),
  run: (_input, ctx) => ({ ...getClinic(ctx.db, ctx.now), dstRule: DST_RULE }),
});

export const clinicUpdate = defineHandler({
  name: 'clinic/update',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Change some clinic settings.',
  input: clinicUpdateInput,
  run: (input, ctx) => {
    const before = getClinic(ctx.db, ctx.now);
    const after = updateClinic(ctx.db, ctx.now, input);
    writeAudit(ctx, {
      action: 'clinic.updated',
      entityType: 'clinic',
      entityId: 1,
      details: { before, after: input },
    });
    ctx.emit({ topic: 'clinic' });
    return after;
  },
});
