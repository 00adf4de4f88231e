/**
 * What the patient and visit imports share on the host: the progress of a running job (by the id
 * the screen gave it), the stepper that lets the host answer other desks between steps, the file's
 * bytes checked a slice at a time, and one lock so that only one import of any kind saves at once
 * (a second would wait on the first's write lock, holding the host, and then fail).
 */
import { AppError } from '../../errors';
import type { ImportPhase, PhasedStepper } from '../../clinic/patientImport/plan';
import type { AsyncHandlerContext } from '../handler';
import { uploadedFile } from './importUpload';

export interface ImportJobState {
  operation: 'preview' | 'commit';
  phase: ImportPhase | 'done' | 'failed';
  /** 0..1 of the whole job. */
  done: number;
  startedMs: number;
  updatedMs: number;
}

/** One kind of import's jobs, with each phase's share of the whole (saving comes last). */
export function importJobs(share: Record<ImportPhase, [number, number]>) {
  /** Jobs by id, kept ten minutes after they end so a slow screen still reads the last state. */
  const jobs = new Map<string, ImportJobState>();
  // A preview never saves: its phases fill the whole bar.
  const previewScale = 1 / share.saving[0];
  return {
    /** Between steps the host answers other desks (after about 8 ms of import work). */
    stepper(
      id: string | undefined,
      operation: ImportJobState['operation'],
      now: () => number,
    ): PhasedStepper {
      const state: ImportJobState | null = id
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
          const [from, to] = share[phase];
          const scale = operation === 'preview' && phase !== 'saving' ? previewScale : 1;
          state.phase = phase;
          state.done = Math.min(1, (from + (to - from) * Math.min(1, done)) * scale);
          state.updatedMs = now();
        },
      };
    },
    finish(id: string | undefined, ok: boolean, now: number): void {
      if (!id) return;
      const s = jobs.get(id);
      if (s) {
        s.phase = ok ? 'done' : 'failed';
        if (ok) s.done = 1;
        s.updatedMs = now;
      }
      for (const [k, v] of jobs) if (now - v.updatedMs > 600_000) jobs.delete(k);
    },
    progressOf(jobId: string) {
      const s = jobs.get(jobId);
      if (!s) return { jobId, known: false as const };
      return { jobId, known: true as const, ...s };
    },
  };
}

let saving: string | null = null;

/**
 * Runs one import's save while no other import (patient or visit) is saving; a second is refused
 * at once with BUSY rather than left waiting on the first's write lock.
 */
export async function whileNoOtherImportSaves<T>(what: string, save: () => Promise<T>): Promise<T> {
  if (saving !== null)
    throw new AppError(
      'BUSY',
      `${saving} is being saved right now. Try again when it has finished.`,
    );
  saving = what;
  try {
    return await save();
  } finally {
    saving = null;
  }
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

/** The file's bytes: the finished upload it names, or its base64. */
export function fileOf(
  input: { fileBase64?: string | undefined; uploadId?: string | undefined },
  ctx: AsyncHandlerContext,
  step: PhasedStepper,
): Promise<Uint8Array> {
  return input.uploadId !== undefined
    ? Promise.resolve(uploadedFile(input.uploadId, ctx))
    : decodeFile(input.fileBase64!, step);
}
