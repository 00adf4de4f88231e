/**
 * Training the clinic's no-show model off the desk's thread: the weekly job and a manager's
 * "Retrain now" both start it here, at most one at a time per database. A worker thread opens the
 * file read-only and does the reading and the trees (service/noshowTrainer.ts); this thread only
 * writes the verdict row when it is done. On a clinic of a million visits that is minutes of one
 * core, during which bookings and first-opening searches keep answering.
 *
 * The thread's code is loaded with `import()` from the trainer module: beside the built bundle
 * (out/host/noshowTrainer.js, out/main/noshowTrainer.js), or in the source tree as TypeScript,
 * where the thread first registers tsx (the test runner and the bench run from source).
 *
 * What is training now and the last failure are kept in memory: they belong to the process doing
 * the work (a restart ends a training, and the job tries again at its next tick).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClinicDb } from '../../db/open';
import { getClinic } from '../../db/repos/clinic';
import type { Publish } from '../../events';
import { trainClinicModel, type TrainingOutcome } from '../noshow/model';
import { noShowRetrainDue, storeNoShowTraining, trainingExamples } from './noshow';
import type { NoShowTrainingJob } from './noshowTrainer';

/** After a failed training the weekly job waits this long before trying again by itself. */
export const NOSHOW_RETRY_AFTER_FAILURE_MS = 6 * 3_600_000;

export interface NoShowTrainingState {
  /** When the training under way started (its data are as of then); null when none is. */
  runningSinceMs: number | null;
  /** Who started it: 'weekly' or the person who pressed "Retrain now". */
  startedBy: string | null;
  /** The last training's failure, until one succeeds. */
  lastFailure: { atMs: number; message: string } | null;
}

type Stored = TrainingOutcome & { id: number };

interface State {
  running: { sinceMs: number; by: string; promise: Promise<Stored> } | null;
  lastFailure: { atMs: number; message: string } | null;
}

const states = new WeakMap<ClinicDb, State>();

function stateOf(db: ClinicDb): State {
  let s = states.get(db);
  if (!s) {
    s = { running: null, lastFailure: null };
    states.set(db, s);
  }
  return s;
}

export function noShowTrainingState(db: ClinicDb): NoShowTrainingState {
  const s = stateOf(db);
  return {
    runningSinceMs: s.running?.sinceMs ?? null,
    startedBy: s.running?.by ?? null,
    lastFailure: s.lastFailure,
  };
}

const WORKER_SOURCE = `(async () => {
const { parentPort, workerData } = await import('node:worker_threads');
try {
  if (workerData.tsxUrl) (await import(workerData.tsxUrl)).register();
  const trainer = await import(workerData.trainerUrl);
  parentPort.postMessage({ ok: true, outcome: trainer.trainNoShowFromFile(workerData.job) });
} catch (err) {
  parentPort.postMessage({ ok: false, message: err && err.message ? err.message : String(err) });
}
})();`;

/** Where the trainer module is: built beside the bundle, or the TypeScript source. */
function trainerModule(): { trainerUrl: string; tsxUrl: string | null } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.join(here, '..')]) {
    const built = path.join(dir, 'noshowTrainer.js');
    if (fs.existsSync(built)) return { trainerUrl: pathToFileURL(built).href, tsxUrl: null };
  }
  const source = path.join(here, 'noshowTrainer.ts');
  if (!fs.existsSync(source))
    throw new Error(`the no-show trainer is missing (looked beside ${here})`);
  // Resolved for CommonJS this names index.cjs; the thread imports its ES module twin.
  const resolved = createRequire(import.meta.url).resolve('tsx/esm/api');
  const esm = resolved.replace(/\.cjs$/, '.mjs');
  const tsx = fs.existsSync(esm) ? esm : resolved;
  return { trainerUrl: pathToFileURL(source).href, tsxUrl: pathToFileURL(tsx).href };
}

/** Runs one training on a worker thread over the clinic's file; resolves with its verdict. */
export function trainNoShowInWorker(job: NoShowTrainingJob): Promise<TrainingOutcome> {
  const where = trainerModule();
  return new Promise<TrainingOutcome>((resolve, reject) => {
    let answered = false;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...where, job } });
    // A training under way never keeps a closing host alive: the next start trains again.
    worker.unref();
    worker.once(
      'message',
      (m: { ok: true; outcome: TrainingOutcome } | { ok: false; message: string }) => {
        answered = true;
        if (m.ok) resolve(m.outcome);
        else reject(new Error(m.message));
      },
    );
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the training thread stopped (exit ${code})`));
    });
  });
}

/**
 * Starts a training unless one is under way (then answers that one). Its data are as of `clock()`
 * now; the verdict row is written when the thread is done, and open windows are told at the start
 * (the status shows "training") and at the end (new bands in the call queue).
 */
export function startNoShowTraining(p: {
  db: ClinicDb;
  clock: () => number;
  publish: Publish;
  by: string;
}): { sinceMs: number; promise: Promise<Stored>; alreadyRunning: boolean } {
  const s = stateOf(p.db);
  if (s.running) return { ...s.running, alreadyRunning: true };
  const sinceMs = p.clock();
  const zone = getClinic(p.db, sinceMs).timeZone;
  const db = p.db;
  const promise = (async () => {
    try {
      // An in-memory database has no file another thread could open.
      const outcome =
        db.file === ':memory:' || db.file === ''
          ? trainClinicModel(trainingExamples(db, sinceMs))
          : await trainNoShowInWorker({ file: db.file, zone, now: sinceMs });
      const stored = db.sqlite.transaction(() => storeNoShowTraining(db, sinceMs, outcome))();
      s.lastFailure = null;
      return stored;
    } catch (err) {
      s.lastFailure = {
        atMs: p.clock(),
        message: err instanceof Error ? err.message : String(err),
      };
      throw err;
    } finally {
      s.running = null;
      p.publish({ topic: 'reports' });
      p.publish({ topic: 'callQueue' });
    }
  })();
  // Whoever started it may not wait for it: the failure is kept in the state, not thrown at nobody.
  promise.catch(() => undefined);
  s.running = { sinceMs, by: p.by, promise };
  p.publish({ topic: 'reports' });
  return { sinceMs, promise, alreadyRunning: false };
}

/**
 * The weekly job's tick: trains (off this thread, waiting for it) when there is no model or the
 * latest is a week old, unless one is under way or the last attempt failed within six hours.
 * True when it trained.
 */
export async function runWeeklyNoShowTraining(p: {
  db: ClinicDb;
  clock: () => number;
  publish: Publish;
}): Promise<boolean> {
  const now = p.clock();
  const s = stateOf(p.db);
  if (s.running) return false;
  if (s.lastFailure && now - s.lastFailure.atMs < NOSHOW_RETRY_AFTER_FAILURE_MS) return false;
  if (!noShowRetrainDue(p.db, now)) return false;
  await startNoShowTraining({ ...p, by: 'weekly' }).promise;
  return true;
}
