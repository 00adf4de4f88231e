/**
 * visits/importPreview, visits/importCommit and visits/importProgress (issue 14 item 3: visit
 * history and future appointments). Like the patient import: the file travels as base64, whole
 * (fileBase64) or sent beforehand in pieces with patients/importUpload (uploadId), the work runs in steps between which the host answers other desks, and the screen polls
 * importProgress with the job id it chose.
 */
import { z } from 'zod';
import { commitVisitImport, previewVisitImport } from '../../clinic/service/visitImport';
import {
  VISIT_IMPORT_FIELDS,
  VISIT_OUTCOMES,
  type VisitImportField,
} from '../../../shared/visitImportFields';
import { PATIENT_IMPORT_MAX_BYTES } from '../../../shared/patientImportFields';
import { defineAsyncHandler, defineHandler } from '../handler';
import { fileOf, importJobs, whileNoOtherImportSaves } from './importJobs';
import { freeUpload, oneFile, uploadId } from './importUpload';

const MAX_FILE_BYTES = PATIENT_IMPORT_MAX_BYTES;

const jobId = z
  .string({ error: 'jobId must be text' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'jobId must be 8 to 64 letters, digits, - or _');

const sourceKeyText = z
  .string({ error: 'key must be text' })
  .min(1, 'key must not be empty')
  .max(500, 'key must be at most 500 characters');

const importInput = z
  .object({
    fileName: z.string({ error: 'fileName must be text' }).max(260).optional(),
    fileBase64: z
      .string({ error: 'fileBase64 must be the file as base64 text' })
      .min(1, 'choose a file to import')
      .max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4, 'the file is larger than 40 MB; split it')
      .optional(),
    /** A file sent in pieces with patients/importUpload, instead of fileBase64. */
    uploadId: uploadId.optional(),
    mapping: z
      .partialRecord(
        z.enum(VISIT_IMPORT_FIELDS as unknown as [VisitImportField, ...VisitImportField[]], {
          error: 'mapping keys must be visit import fields such as start, end, providerExternalId',
        }),
        z.string({ error: 'a mapping value must be a column name or null' }).nullable(),
      )
      .optional(),
    source: z
      .string({ error: 'source must be text' })
      .trim()
      .min(1, 'name the system the file comes from')
      .max(60, 'source must be at most 60 characters')
      .optional(),
    providerMap: z
      .array(
        z
          .object({
            key: sourceKeyText,
            providerId: z
              .number({ error: 'providerId must be a number or null' })
              .int('providerId must be a whole number')
              .positive('providerId must be positive')
              .nullable(),
          })
          .strict(),
      )
      .max(100_000)
      .optional(),
    visitTypeMap: z
      .array(
        z
          .object({
            key: z.string({ error: 'key must be text' }).max(500),
            visitTypeId: z
              .number({ error: 'visitTypeId must be a number or null' })
              .int('visitTypeId must be a whole number')
              .positive('visitTypeId must be positive')
              .nullable(),
          })
          .strict(),
      )
      .max(100_000)
      .optional(),
    statusMap: z
      .array(
        z
          .object({
            key: z.string({ error: 'key must be text' }).max(200),
            outcome: z
              .enum(VISIT_OUTCOMES, { error: 'outcome must be kept, no_show, cancelled or null' })
              .nullable(),
          })
          .strict(),
      )
      .max(10_000)
      .optional(),
    reminders: z.boolean({ error: 'reminders must be true or false' }).optional(),
    jobId: jobId.optional(),
  })
  .strict()
  .superRefine(oneFile);

const jobs = importJobs({
  reading: [0, 0.2],
  checking: [0.2, 0.4],
  matching: [0.4, 0.6],
  saving: [0.6, 1],
});

export const visitsImportPreview = defineAsyncHandler({
  name: 'visits/importPreview',
  kind: 'async',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    "Read a visit CSV/TSV: column mapping, each provider's and visit type's suggested clinic match, and a report of what would be imported as history, booked as future visits, or skipped and why (with line numbers). Writes nothing.",
  input: importInput,
  run: async (input, ctx) => {
    const step = jobs.stepper(input.jobId, 'preview', ctx.clock);
    try {
      const preview = await previewVisitImport(
        {
          db: ctx.db,
          now: ctx.clock(),
          actor: ctx.actor,
          origin: ctx.origin,
          user: ctx.user,
          workstation: ctx.workstation,
        },
        { ...input, bytes: await fileOf(input, ctx, step) },
        step,
      );
      jobs.finish(input.jobId, true, ctx.clock());
      return preview;
    } catch (err) {
      jobs.finish(input.jobId, false, ctx.clock());
      throw err;
    }
  },
});

export const visitsImportCommit = defineAsyncHandler({
  name: 'visits/importCommit',
  kind: 'async',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Import visit history and book future visits through the booking engine, in one transaction; every row not imported is reported with its reason.',
  input: importInput,
  run: async (input, ctx) => {
    return whileNoOtherImportSaves('Another visit import', async () => {
      const step = jobs.stepper(input.jobId, 'commit', ctx.clock);
      try {
        const result = await commitVisitImport({
          ctx: {
            actor: ctx.actor,
            origin: ctx.origin,
            user: ctx.user,
            workstation: ctx.workstation,
          },
          db: ctx.db,
          now: ctx.clock(),
          req: { ...input, bytes: await fileOf(input, ctx, step) },
          step,
        });
        jobs.finish(input.jobId, true, ctx.clock());
        freeUpload(input.uploadId);
        if (result.historyIds.length + result.bookedIds.length > 0) {
          ctx.publish({ topic: 'appointments', providerIds: result.providerIds });
          if (result.bookedIds.length > 0 && result.reminders) ctx.publish({ topic: 'reminders' });
          // Completed history sets recall due dates (access/service/recall.ts recomputeForPatients).
          if (result.historyIds.length > 0) ctx.publish({ topic: 'recalls' });
        }
        const { historyIds, bookedIds: _b, providerIds: _p, ...answer } = result;
        return { ...answer, historyImported: historyIds.length };
      } catch (err) {
        jobs.finish(input.jobId, false, ctx.clock());
        throw err;
      }
    });
  },
});

export const visitsImportProgress = defineHandler({
  name: 'visits/importProgress',
  mode: 'read',
  permission: 'settings.manage',
  summary: 'How far a running visit import (preview or commit) has come, by its job id.',
  input: z.object({ jobId }).strict(),
  run: (input) => jobs.progressOf(input.jobId),
});
