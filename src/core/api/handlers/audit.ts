import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import { auditCsv, listAudit, type AuditFilter } from '../../audit/service/list';
import { lastVerification, runAuditVerification } from '../../audit/service/verify';
import { id, localDate } from '../../entities/common';
import { AppError } from '../../errors';
import { formatInstantLocal, localDayBounds } from '../../time';
import type { HandlerContext } from '../handler';
import { defineAsyncHandler, defineHandler } from '../handler';

const filterInput = z
  .object({
    userId: id('user').optional(),
    patientId: id('patient').optional(),
    /** Local dates in the clinic's zone, both included. */
    from: localDate('from').optional(),
    to: localDate('to').optional(),
    action: z
      .string({ error: 'action must be text' })
      .trim()
      .max(80, 'action is too long (at most 80 characters)')
      .regex(/^[A-Za-z.]*$/, 'action is written like patient.viewed or appointment')
      .optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'the "to" date must not be before the "from" date',
    path: ['to'],
  });

type FilterInput = z.output<typeof filterInput>;

function toFilter(f: FilterInput, ctx: HandlerContext): AuditFilter {
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  return {
    userId: f.userId,
    patientId: f.patientId,
    fromMs: f.from ? localDayBounds(zone, f.from).start : undefined,
    toMs: f.to ? localDayBounds(zone, f.to).end : undefined,
    action: f.action || undefined,
  };
}

export const auditList = defineHandler({
  name: 'audit/list',
  mode: 'read',
  permission: 'audit.view',
  summary:
    'The audit log, newest first, filtered by person, patient, date range and action, a page at a time; with the last chain verification.',
  input: z
    .object({
      filter: filterInput.default({}),
      page: z.number().int().min(0, 'page must be 0 or more').default(0),
      pageSize: z
        .number()
        .int()
        .min(1, 'pageSize must be at least 1')
        .max(500, 'pageSize must be at most 500')
        .default(50),
    })
    .strict(),
  run: (input, ctx) => {
    const { rows, total } = listAudit(ctx.db, toFilter(input.filter, ctx), {
      offset: input.page * input.pageSize,
      limit: input.pageSize,
    });
    const users = ctx.db.sqlite
      .prepare('SELECT id, username, display_name AS displayName FROM users ORDER BY display_name')
      .all() as { id: number; username: string; displayName: string }[];
    const v = lastVerification(ctx.db);
    return {
      rows,
      total,
      page: input.page,
      pageSize: input.pageSize,
      users,
      lastVerification: v
        ? {
            atMs: v.atMs,
            ok: v.ok,
            rows: v.rows,
            firstBrokenId: v.firstBrokenId,
            reason: v.reason,
            trigger: v.trigger,
          }
        : null,
    };
  },
});

export const auditExportCsv = defineHandler({
  name: 'audit/exportCsv',
  mode: 'read',
  permission: 'audit.view',
  summary: 'The filtered audit log as a CSV file (oldest first, at most 100,000 rows).',
  input: z.object({ filter: filterInput.default({}) }).strict(),
  run: (input, ctx) => {
    const zone = getClinic(ctx.db, ctx.now).timeZone;
    const r = auditCsv(ctx.db, toFilter(input.filter, ctx), (ms) => formatInstantLocal(zone, ms));
    // Taking the log out of the building is itself worth a row.
    writeAudit(ctx, {
      action: 'audit.exported',
      entityType: 'audit_log',
      details: { rows: r.rows, filter: input.filter },
    });
    const stamp = new Date(ctx.now).toISOString().slice(0, 10);
    return { fileName: `clinicdesk-audit-${stamp}.csv`, ...r };
  },
});

export const auditVerify = defineAsyncHandler({
  name: 'audit/verify',
  mode: 'write',
  permission: 'audit.view',
  kind: 'async',
  summary:
    "Check the audit log's tamper-evident chain now; answers whether it holds or the first broken row and why.",
  input: z.object({}).strict(),
  run: async (_input, ctx) => {
    if (!ctx.db.auditKey)
      throw new AppError('INVALID_STATE', 'The audit key is missing: the log cannot be verified.');
    // A large log is read by worker threads: the desk keeps answering while it runs.
    const r = await runAuditVerification({ db: ctx.db, now: ctx.clock(), trigger: 'manual' });
    return {
      atMs: r.atMs,
      ok: r.ok,
      rows: r.rows,
      firstBrokenId: r.firstBrokenId,
      reason: r.reason,
      trigger: r.trigger,
    };
  },
});
