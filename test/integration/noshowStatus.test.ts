/**
 * The no-show model's status for the practice manager and "Retrain now": the training runs on a
 * worker thread over the clinic's file (the same verdict as training in-process), the request
 * answers at once, the desk keeps answering while the thread works, and the status says what
 * happened, failures included. Clinic: New York, three providers; "now" is Mon 2026-03-02 08:00.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult } from '../../src/core/api/registry';
import type { NoShowStatus } from '../../src/core/api/handlers/noshow';
import { trainClinicModel } from '../../src/core/reports/noshow/model';
import { trainingExamples } from '../../src/core/reports/service/noshow';
import {
  NOSHOW_RETRY_AFTER_FAILURE_MS,
  noShowTrainingState,
  runWeeklyNoShowTraining,
  trainNoShowInWorker,
} from '../../src/core/reports/service/noshowTraining';
import { DAY, noShowClinic } from '../helpers/noshowClinic';
import { openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
afterEach(() => t?.close());

function dispatch(name: string, input: unknown): Promise<CallResult> {
  return t.registry.dispatch(
    name,
    input,
    { actor: 'Maria (manager)', origin: 'test', clock: () => t.now },
    { db: t.db, secrets: t.secrets },
  );
}
async function ok<T>(name: string, input: unknown): Promise<T> {
  const r = await dispatch(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}

/** Resolves at the next `topic` published to open windows. */
function nextTopic(topic: string): Promise<void> {
  return new Promise((resolve) => {
    const off = t.registry.onChange((e) => {
      if (e.topic === topic) {
        off();
        resolve();
      }
    });
  });
}

describe('training on a worker thread', () => {
  it('reaches the same verdict and the same model as training on this thread', async () => {
    t = openTestApi();
    noShowClinic(t, { closed: 2_400, signal: true });
    const here = trainClinicModel(trainingExamples(t.db, t.now));
    const there = await trainNoShowInWorker({
      file: t.db.file,
      zone: 'America/New_York',
      now: t.now,
    });
    expect(there.enabled).toBe(true);
    expect(there).toEqual(here);
  });
});

describe('noshow/status and noshow/retrain', () => {
  it('says no model yet, then trains off the request thread and shows the verdict', async () => {
    t = openTestApi();
    const { c } = noShowClinic(t, { closed: 2_400, signal: true });
    const before = t.call('noshow/status', {});
    expect(before).toMatchObject({
      model: null,
      nextRetrainMs: null,
      training: null,
      lastFailure: null,
      rule: { minClosedAppointments: 2_000, minHeldOutAuc: 0.65, retrainEveryDays: 7 },
    });

    const done = nextTopic('callQueue');
    const started = await ok<{ alreadyRunning: boolean; status: NoShowStatus }>(
      'noshow/retrain',
      {},
    );
    // Answered before the training is done: it is under way, with its data as of now.
    expect(started.alreadyRunning).toBe(false);
    expect(started.status.training).toEqual({ sinceMs: t.now, startedBy: 'Maria (manager)' });
    expect(t.call('noshow/status', {}).model).toBeNull();
    // A second press does not start a second training.
    const again = await ok<{ alreadyRunning: boolean }>('noshow/retrain', {});
    expect(again.alreadyRunning).toBe(true);
    // The desk answers while the thread trains.
    const openings = t.call('availability/firstOpenings', {
      visitTypeId: c.visit.id,
      limit: 3,
    });
    expect(openings.slots).toHaveLength(3);
    expect(noShowTrainingState(t.db).runningSinceMs).toBe(t.now);

    await done;
    const after = t.call('noshow/status', {});
    expect(after.training).toBeNull();
    expect(after.lastFailure).toBeNull();
    expect(after.model).toMatchObject({
      trainedMs: t.now,
      closedAppointments: 2_400,
      enabled: true,
    });
    expect(after.model!.heldOutAuc).toBeGreaterThanOrEqual(0.65);
    expect(after.model!.reason).toMatch(/^On: trained on 1,920 closed appointments/);
    expect(after.nextRetrainMs).toBe(t.now + 7 * DAY);
    // One audit row for the one training started by hand.
    const audited = t.db.sqlite
      .prepare("SELECT actor FROM audit_log WHERE action = 'noshow.retrain'")
      .all();
    expect(audited).toEqual([{ actor: 'Maria (manager)' }]);
  });

  it('keeps a failed training’s error for the status, and the weekly job waits before retrying', async () => {
    t = openTestApi();
    noShowClinic(t, { closed: 100, signal: true });
    // The same clinic whose file has gone (a data folder on a drive that was unplugged).
    const gone = { ...t.db, file: path.join(t.dir, 'unplugged', 'clinicdesk.db') };
    const clock = { now: t.now };
    const run = () =>
      runWeeklyNoShowTraining({ db: gone, clock: () => clock.now, publish: () => undefined });
    await expect(run()).rejects.toThrow(
      /Cannot open database because the directory does not exist/,
    );
    expect(noShowTrainingState(gone)).toMatchObject({
      runningSinceMs: null,
      lastFailure: { atMs: t.now, message: expect.stringMatching(/Cannot open database/) },
    });
    clock.now += NOSHOW_RETRY_AFTER_FAILURE_MS - 60_000;
    await expect(run()).resolves.toBe(false);
    clock.now += 60_000;
    await expect(run()).rejects.toThrow(
      /Cannot open database because the directory does not exist/,
    );
  });
});
