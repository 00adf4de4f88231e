/**
 * noshow.trainLargeSec / noshow.duringTrain.firstOpeningsMaxMs: the weekly no-show training on the
 * large clinic (1M appointments), run exactly as the job runs it (service/noshowTraining.ts: a
 * worker thread with its own read-only connection), while this thread keeps answering
 * first-opening searches through the dispatcher on the desk's connection, as a receptionist's
 * would be during the retrain. Nothing is written: the verdict row is not stored here.
 */
import { createApi } from '../src/core/api';
import type { ApiName } from '../src/core/api/types';
import type { ClinicDb } from '../src/core/db/open';
import { getClinic } from '../src/core/db/repos/clinic';
import { trainNoShowInWorker } from '../src/core/reports/service/noshowTraining';

export interface NoShowLargeFigures {
  trainSec: number;
  closedAppointments: number;
  enabled: boolean;
  reason: string;
  /** First-opening searches answered while the thread trained, and the slowest of them. */
  searchesDuringTrain: number;
  firstOpeningsMaxMs: number;
  firstOpeningsP95Ms: number;
}

export async function benchNoShowLarge(p: {
  db: ClinicDb;
  now: number;
  searches: readonly Record<string, unknown>[];
}): Promise<NoShowLargeFigures> {
  const api = createApi();
  const call = (name: ApiName, input: unknown) => {
    const r = api.call(name, input, { db: p.db, now: p.now, actor: 'bench', origin: 'bench' });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  };
  const zone = getClinic(p.db, p.now).timeZone;
  const t0 = performance.now();
  let done = false;
  const training = trainNoShowInWorker({ file: p.db.file, zone, now: p.now }).finally(() => {
    done = true;
  });
  const samples: number[] = [];
  // One search every 250 ms, as a busy front desk might, until the thread is done.
  for (let i = 0; !done; i++) {
    const s = performance.now();
    call('availability/firstOpenings', p.searches[i % p.searches.length]);
    samples.push(performance.now() - s);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const outcome = await training;
  const trainSec = (performance.now() - t0) / 1000;
  samples.sort((a, b) => a - b);
  return {
    trainSec,
    closedAppointments: outcome.closedAppointments,
    enabled: outcome.enabled,
    reason: outcome.reason,
    searchesDuringTrain: samples.length,
    firstOpeningsMaxMs: samples.at(-1) ?? 0,
    firstOpeningsP95Ms:
      samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))] ?? 0,
  };
}
