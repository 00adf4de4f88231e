/**
 * visits/importPreview, visits/importCommit and visits/importProgress (issue 14 item 3: visit
 * history and future appointments). Like the patient import: the file travels as base64, whole
 * (fileBase64) or sent beforehand in pieces with patients/importUpload (uploadId), the work runs in steps between which the host answers other desks, and the screen polls
 * importProgress with the job id it chose.
 */
import { z } from 'zod';
import { commitVisitImport, previewVisitImport } from '../../clinic/service/visitImport';
import type { ImportPhase, PhasedStepper } from '../../clinic/patientImport/plan';
import { AppError } from '../../errors';
import {
  VISIT_IMPORT_FIELDS,
  VISIT_OUTCOMES,
  type VisitImportField,
} from '../../../shared/visitImportFields';
import { PATIENT_IMPORT_MAX_BYTES } from '../../../shared/patientImportFields';
import { defineAsyncHandler, defineHandler, type AsyncHandlerContext } from '../handler';
import { freeUpload, oneFile, uploadedFile, uploadId } from './importUpload';

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

function decodeFile(b64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64.replace(/\s+/g, '')))
    throw new AppError('VALIDATION', 'fileBase64: the file must be sent as base64', 'fileBase64');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** The file's bytes: the finished upload it names, or its base64. */
function fileOf(
  input: { fileBase64?: string | undefined; uploadId?: string | undefined },
  ctx: AsyncHandlerContext,
): Uint8Array {
  return input.uploadId !== undefined
    ? uploadedFile(input.uploadId, ctx)
    : decodeFile(input.fileBase64!);
}

interface JobState {
  operation: 'preview' | 'commit';
  phase: ImportPhase | 'done' | 'failed';
  done: number;
  startedMs: number;
  updatedMs: number;
}

const jobs = new Map<string, JobState>();
let committing = false;

const PHASE_SHARE: Record<ImportPhase, [number, number]> = {
  reading: [0, 0.2],
  checking: [0.2, 0.4],
  matching: [0.4, 0.6],
  saving: [0.6, 1],
};

function stepper(
  id: string | undefined,
  operation: JobState['operation'],
  now: () => number,
): PhasedStepper {
  const state: JobState | null = id
    ? { operation, phase: 'reading', done: 0, startedMs: now(), updatedMs: now() }
    : null;
  if (id && state) jobs.set(id, state);
  let lastPause = performance.now();
  return {
    pause: () => {
      if (performance.now() - lastPause < 8) return Promise.resolve();
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          lastPause = performance.now();
          resolve();
        }),
      );
    },
    progress: (phase, done) => {
      if (!state) return;
      const [from, to] = PHASE_SHARE[phase];
      const scale = operation === 'preview' ? 1 / 0.6 : 1;
      state.phase = phase;
      state.done = Math.min(1, (from + (to - from) * Math.min(1, done)) * scale);
      state.updatedMs = now();
    },
  };
}

function finish(id: string | undefined, ok: boolean, now: number): void {
  if (!id) return;
  const s = jobs.get(id);
  if (s) {
    s.phase = ok ? 'done' : 'failed';
    if (ok) s.done = 1;
    s.updatedMs = now;
  }
  for (const [k, v] of jobs) if (now - v.updatedMs > 600_000) jobs.delete(k);
}

export const visitsImportPreview = defineAsyncHandler({
  name: 'visits/importPreview',
  kind: 'async',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    "Read a visit CSV/TSV: column mapping, each provider's and visit type's suggested clinic match, and a report of what would be imported as history, booked as future visits, or skipped and why (with line numbers). Writes nothing.",
  input: importInput,
  run: async (input, ctx) => {
    const step = stepper(input.jobId, 'preview', ctx.clock);
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
        { ...input, bytes: fileOf(input, ctx) },
        step,
      );
      finish(input.jobId, true, ctx.clock());
      return preview;
    } catch (err) {
      finish(input.jobId, false, ctx.clock());
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
    if (committing)
      throw new AppError(
        'BUSY',
        'Another visit import is being saved right now. Try again when it has finished.',
      );
    committing = true;
    const step = stepper(input.jobId, 'commit', ctx.clock);
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
        req: { ...input, bytes: fileOf(input, ctx) },
        step,
      });
      finish(input.jobId, true, ctx.clock());
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
      finish(input.jobId, false, ctx.clock());
      throw err;
    } finally {
      committing = false;
    }
  },
});

export const visitsImportProgress = defineHandler({
  name: 'visits/importProgress',
  mode: 'read',
  permission: 'settings.manage',
  summary: 'How far a running visit import (preview or commit) has come, by its job id.',
  input: z.object({ jobId }).strict(),
  run: (input) => {
    const s = jobs.get(input.jobId);
    if (!s) return { jobId: input.jobId, known: false as const };
    return { jobId: input.jobId, known: true as const, ...s };
  },
});
