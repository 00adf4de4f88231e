/**
 * The no-show model's training, as a thread runs it (service/noshowTraining.ts starts the thread):
 * its own read-only connection to the clinic's file, the closed appointments read in one snapshot,
 * then the trees grown with no database open. On a clinic of a million visits this takes minutes
 * of one core; on its own thread the desk's event loop keeps answering bookings meanwhile.
 *
 * This module is also an entry of the built host and of Electron's main bundle
 * (noshowTrainer.js beside them), so the thread loads exactly this code and nothing else.
 */
import Database from 'better-sqlite3';
import { trainClinicModel, type TrainingOutcome } from '../noshow/model';
import { trainingExamplesOn } from './noshow';

export interface NoShowTrainingJob {
  /** The clinic's database file. */
  file: string;
  zone: string;
  /** What "closed" is judged against: the moment the training was started. */
  now: number;
}

export function trainNoShowFromFile(job: NoShowTrainingJob): TrainingOutcome {
  const sqlite = new Database(job.file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    // One read transaction for the rows (every table as of one moment, whatever the desks book
    // meanwhile), closed before the trees are grown so the write-ahead log can be checkpointed.
    const examples = sqlite.transaction(() => trainingExamplesOn(sqlite, job.zone, job.now))();
    return trainClinicModel(examples);
  } finally {
    sqlite.close();
  }
}
