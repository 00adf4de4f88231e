import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import { EXPORT_FILE_NAMES, EXPORT_TABLES, exportPage } from '../../clinic/service/export';
import { localDateOf } from '../../time';
import { defineHandler } from '../handler';

export const clinicExportCsv = defineHandler({
  name: 'clinic/exportCsv',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    "One page of the clinic's patients, appointments, providers, visit types or fees as CSV; the first page (afterId 0) carries the header and the row count, the next starts after nextAfterId.",
  input: z
    .object({
      table: z.enum(EXPORT_TABLES, {
        error: `table must be one of ${EXPORT_TABLES.join(', ')}`,
      }),
      afterId: z
        .number({ error: 'afterId must be a number' })
        .int('afterId must be a whole number')
        .min(0, 'afterId must be 0 or more')
        .default(0),
      limit: z
        .number({ error: 'limit must be a number' })
        .int('limit must be a whole number')
        .min(1, 'limit must be at least 1')
        .max(50_000, 'limit must be at most 50,000')
        .default(20_000),
    })
    .strict(),
  run: (input, ctx) => {
    const zone = getClinic(ctx.db, ctx.now).timeZone;
    const page = exportPage(ctx.db, { ...input, zone });
    // Every page that leaves the building is a row: which table, from which id, how many rows.
    writeAudit(ctx, {
      action: 'clinic.exported',
      entityType: input.table,
      details: { table: input.table, afterId: input.afterId, rows: page.rows },
    });
    const stamp = localDateOf(zone, ctx.now);
    return { fileName: `clinicdesk-${EXPORT_FILE_NAMES[input.table]}-${stamp}.csv`, ...page };
  },
});
