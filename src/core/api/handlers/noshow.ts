/**
 * The no-show risk model's status for the practice manager (is risk on for this clinic, and why
 * or why not) and "Retrain now". Retraining answers at once: the training runs on a worker thread
 * (reports/service/noshowTraining.ts) and open windows are told when it is done.
 */
import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import {
  MIN_CLOSED_APPOINTMENTS,
  MIN_HELD_OUT_AUC,
  HELD_OUT_SHARE,
} from '../../reports/noshow/model';
import { NOSHOW_RETRAIN_EVERY_MS, noShowModelStatus } from '../../reports/service/noshow';
import { noShowTrainingState, startNoShowTraining } from '../../reports/service/noshowTraining';
import type { ClinicDb } from '../../db/open';
import { defineAsyncHandler, defineHandler } from '../handler';

function status(db: ClinicDb) {
  const model = noShowModelStatus(db);
  const training = noShowTrainingState(db);
  return {
    /** The latest training's verdict; null before the first. */
    model,
    rule: {
      minClosedAppointments: MIN_CLOSED_APPOINTMENTS,
      minHeldOutAuc: MIN_HELD_OUT_AUC,
      heldOutShare: HELD_OUT_SHARE,
      retrainEveryDays: NOSHOW_RETRAIN_EVERY_MS / 86_400_000,
    },
    /** When the weekly job trains again; null = at its next check (within ten minutes). */
    nextRetrainMs: model ? model.trainedMs + NOSHOW_RETRAIN_EVERY_MS : null,
    /** A training under way (its data are as of `sinceMs`). */
    training:
      training.runningSinceMs === null
        ? null
        : { sinceMs: training.runningSinceMs, startedBy: training.startedBy },
    lastFailure: training.lastFailure,
  };
}

export type NoShowStatus = ReturnType<typeof status>;

export const noshowStatus = defineHandler({
  name: 'noshow/status',
  mode: 'read',
  permission: 'reports.view',
  summary:
    'Whether no-show risk is on for this clinic and why: held-out AUC, closed appointments, last and next training, a training under way, the last failure.',
  input: z.object({}).strict(),
  run: (_input, ctx) => status(ctx.db),
});

export const noshowRetrain = defineAsyncHandler({
  name: 'noshow/retrain',
  kind: 'async',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Train the no-show model again now, on a background thread; answers at once with the status (a training already under way is not started twice).',
  input: z.object({}).strict(),
  run: async (_input, ctx) => {
    if (noShowTrainingState(ctx.db).runningSinceMs !== null)
      return { alreadyRunning: true, status: status(ctx.db) };
    const now = ctx.clock();
    // Recorded first: a training nobody can account for is not started.
    ctx.db.sqlite
      .transaction(() =>
        writeAudit(
          {
            db: ctx.db,
            now,
            actor: ctx.actor,
            origin: ctx.origin,
            user: ctx.user,
            workstation: ctx.workstation,
          },
          { action: 'noshow.retrain', entityType: 'noShowModel', details: { dataAsOf: now } },
        ),
      )
      .immediate();
    startNoShowTraining({
      db: ctx.db,
      clock: ctx.clock,
      publish: ctx.publish,
      by: ctx.user?.displayName ?? ctx.actor,
    });
    return { alreadyRunning: false, status: status(ctx.db) };
  },
});
