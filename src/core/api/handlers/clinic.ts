import { z } from 'zod';
import { updateClinicSettings } from '../../clinic/service/settings';
import { getClinic } from '../../db/repos/clinic';
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
  summary:
    'Change some clinic settings; with `version`, refused when someone saved them since (a zone change: see clinic/previewZoneChange).',
  input: clinicUpdateInput,
  run: (input, ctx) => {
    const after = updateClinicSettings(ctx, input);
    ctx.emit({ topic: 'clinic' });
    return after;
  },
});
