/**
 * patients/importPreview, patients/importCommit and patients/importProgress (issue 14 item 3).
 * The file travels as base64 (its bytes: only they tell UTF-8 from Windows-1252). Preview and
 * commit are async operations that work in steps (clinic/service/patientImport.ts), so a
 * 100,000-row file never stalls the host; the screen polls importProgress with the job id it
 * chose to draw its progress bar.
 */
import { z } from 'zod';
import { commitPatientImport, previewPatientImport } from '../../clinic/service/patientImport';
import { PATIENT_IMPORT_FIELDS, type PatientImportField } from '../../clinic/patientImport/mapping';
import { PATIENT_IMPORT_MAX_BYTES } from '../../../shared/patientImportFields';
import { defineAsyncHandler, defineHandler } from '../handler';
import { fileOf, importJobs, whileNoOtherImportSaves } from './importJobs';
import { freeUpload, oneFile, uploadId } from './importUpload';

/** 100,000 patients of a typical export are about 15 MB. */
const MAX_FILE_BYTES = PATIENT_IMPORT_MAX_BYTES;

const jobId = z
  .string({ error: 'jobId must be text' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'jobId must be 8 to 64 letters, digits, - or _');

const importFields = z
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
        z.enum(PATIENT_IMPORT_FIELDS as unknown as [PatientImportField, ...PatientImportField[]], {
          error: 'mapping keys must be import fields such as firstName, lastName, dateOfBirth',
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
    stripNameDigits: z.boolean({ error: 'stripNameDigits must be true or false' }).optional(),
    decisions: z
      .array(
        z
          .object({
            line: z
              .number({ error: 'line must be a number' })
              .int()
              .positive('line must be positive'),
            decision: z.enum(['skip', 'update', 'create'], {
              error: 'decision must be skip, update or create',
            }),
            patientId: z.number().int().positive('patientId must be positive').optional(),
          })
          .strict(),
      )
      .max(200_000)
      .optional(),
    jobId: jobId.optional(),
  })
  .strict();

const importInput = importFields.superRefine(oneFile);

const jobs = importJobs({
  reading: [0, 0.3],
  checking: [0.3, 0.5],
  matching: [0.5, 0.8],
  saving: [0.8, 1],
});

export const patientsImportPreview = defineAsyncHandler({
  name: 'patients/importPreview',
  kind: 'async',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    "Read a patient CSV/TSV: suggested column mapping, a validation report with line numbers, and each row's match among the clinic's patients. Writes nothing.",
  input: importInput,
  run: async (input, ctx) => {
    const step = jobs.stepper(input.jobId, 'preview', ctx.clock);
    try {
      const preview = await previewPatientImport(
        ctx.db,
        ctx.clock(),
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

export const patientsImportCommit = defineAsyncHandler({
  name: 'patients/importCommit',
  kind: 'async',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Import the patients of a CSV/TSV in one transaction with the per-row duplicate decisions; refuses a file with errors unless skipRowsWithErrors.',
  input: importFields
    .extend({
      skipRowsWithErrors: z
        .boolean({ error: 'skipRowsWithErrors must be true or false' })
        .default(false),
    })
    .superRefine(oneFile),
  run: async (input, ctx) => {
    return whileNoOtherImportSaves('Another patient import', async () => {
      const step = jobs.stepper(input.jobId, 'commit', ctx.clock);
      try {
        const result = await commitPatientImport({
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
        const ids = [...result.createdIds, ...result.updatedIds];
        if (ids.length > 0)
          ctx.publish(ids.length <= 1000 ? { topic: 'patients', ids } : { topic: 'patients' });
        // A patient the file marks deceased: their reminders, calls and waitlist entries stopped.
        const st = result.stopped;
        if (st.reminders > 0) ctx.publish({ topic: 'reminders' });
        if (st.callTasks > 0) ctx.publish({ topic: 'callQueue' });
        if (st.waitlist > 0) ctx.publish({ topic: 'waitlist' });
        if (st.recallCalls > 0) ctx.publish({ topic: 'recalls' });
        const { createdIds: _c, updatedIds: _u, ...answer } = result;
        return answer;
      } catch (err) {
        jobs.finish(input.jobId, false, ctx.clock());
        throw err;
      }
    });
  },
});

export const patientsImportProgress = defineHandler({
  name: 'patients/importProgress',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    'How far a running patient import (preview or commit) has come, by the job id the screen gave it.',
  input: z.object({ jobId }).strict(),
  run: (input) => jobs.progressOf(input.jobId),
});

/** The upload operation is shared with the visit import (./importUpload). */
export { patientsImportUpload } from './importUpload';
