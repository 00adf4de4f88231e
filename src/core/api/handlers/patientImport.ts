/**
 * patients/importPreview, patients/importCommit and patients/importProgress (issue 14 item 3).
 * The file travels as base64 (its bytes: only they tell UTF-8 from Windows-1252). Preview and
 * commit are async operations that work in steps (clinic/service/patientImport.ts), so a
 * 100,000-row file never stalls the host; the screen polls importProgress with the job id it
 * chose to draw its progress bar.
 */
import { z } from 'zod';
import {
  commitPatientImport,
  previewPatientImport,
  type ImportPhase,
} from '../../clinic/service/patientImport';
import { PATIENT_IMPORT_FIELDS, type PatientImportField } from '../../clinic/patientImport/mapping';
import type { PhasedStepper } from '../../clinic/patientImport/plan';
import { AppError } from '../../errors';
import { PATIENT_IMPORT_MAX_BYTES } from '../../../shared/patientImportFields';
import { defineAsyncHandler, defineHandler, type AsyncHandlerContext } from '../handler';
import { freeUpload, oneFile, uploadedFile, uploadId } from './importUpload';

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

async function fileOf(
  input: { fileBase64?: string | undefined; uploadId?: string | undefined },
  ctx: AsyncHandlerContext,
  step: PhasedStepper,
): Promise<Uint8Array> {
  return input.uploadId !== undefined
    ? uploadedFile(input.uploadId, ctx)
    : decodeFile(input.fileBase64!, step);
}

const B64_SLICE = 1 << 20;

/**
 * The file's bytes from its base64, checked a slice at a time: one regular expression over
 * 20 MB of text would hold the host for a good part of a second.
 */
async function decodeFile(b64: string, step: PhasedStepper): Promise<Uint8Array> {
  const bad = () =>
    new AppError('VALIDATION', 'fileBase64: the file must be sent as base64', 'fileBase64');
  // Padding only at the very end: the last few characters are checked apart.
  const tailAt = Math.max(0, b64.length - 8);
  let spaced = false;
  for (let at = 0; at < tailAt; at += B64_SLICE) {
    const slice = b64.slice(at, Math.min(tailAt, at + B64_SLICE));
    if (!/^[A-Za-z0-9+/\s]*$/.test(slice)) throw bad();
    if (!spaced && /\s/.test(slice)) spaced = true;
    await step.pause();
  }
  const tail = b64.slice(tailAt);
  if (!/^[A-Za-z0-9+/\s]*(=\s*){0,2}$/.test(tail)) throw bad();
  if (/\s/.test(tail)) spaced = true;
  return new Uint8Array(Buffer.from(spaced ? b64.replace(/\s+/g, '') : b64, 'base64'));
}

interface JobState {
  operation: 'preview' | 'commit';
  phase: ImportPhase | 'done' | 'failed';
  /** 0..1 of the whole job. */
  done: number;
  startedMs: number;
  updatedMs: number;
}

/** Jobs by id, kept for ten minutes after they end so a slow screen still reads the last state. */
const jobs = new Map<string, JobState>();
/** One import saves at a time: a second would wait on the first's write lock. */
let committing = false;

const PHASE_SHARE: Record<ImportPhase, [number, number]> = {
  reading: [0, 0.3],
  checking: [0.3, 0.5],
  matching: [0.5, 0.8],
  saving: [0.8, 1],
};

/** Between steps the host answers other desks; a step is about 2,000 rows. */
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
  const span = (phase: ImportPhase) =>
    operation === 'preview' && phase !== 'saving'
      ? [PHASE_SHARE[phase][0] / 0.8, PHASE_SHARE[phase][1] / 0.8]
      : PHASE_SHARE[phase];
  return {
    // Called every few rows; lets the host answer others once 8 ms of import work have passed.
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
      const [from, to] = span(phase);
      state.phase = phase;
      state.done = Math.min(1, from! + (to! - from!) * Math.min(1, done));
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

export const patientsImportPreview = defineAsyncHandler({
  name: 'patients/importPreview',
  kind: 'async',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    "Read a patient CSV/TSV: suggested column mapping, a validation report with line numbers, and each row's match among the clinic's patients. Writes nothing.",
  input: importInput,
  run: async (input, ctx) => {
    const step = stepper(input.jobId, 'preview', ctx.clock);
    try {
      const preview = await previewPatientImport(
        ctx.db,
        ctx.clock(),
        { ...input, bytes: await fileOf(input, ctx, step) },
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
    if (committing)
      throw new AppError(
        'BUSY',
        'Another patient import is being saved right now. Try again when it has finished.',
      );
    committing = true;
    const step = stepper(input.jobId, 'commit', ctx.clock);
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
      finish(input.jobId, true, ctx.clock());
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
      finish(input.jobId, false, ctx.clock());
      throw err;
    } finally {
      committing = false;
    }
  },
});

export const patientsImportProgress = defineHandler({
  name: 'patients/importProgress',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    'How far a running patient import (preview or commit) has come, by the job id the screen gave it.',
  input: z.object({ jobId }).strict(),
  run: (input) => {
    const s = jobs.get(input.jobId);
    if (!s) return { jobId: input.jobId, known: false as const };
    return { jobId: input.jobId, known: true as const, ...s };
  },
});

/** The upload operation is shared with the visit import (./importUpload). */
export { patientsImportUpload } from './importUpload';
