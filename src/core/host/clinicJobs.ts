/**
 * The clinic's background jobs over one database, for the HTTP host and the desktop app alike.
 */
import type { Registry } from '../api/registry';
import type { ClinicDb } from '../db/open';
import { clearinghouseFor, runEligibilityQueue } from '../eligibility/service/verification';
import type { SecretBox } from '../secrets/secretBox';
import { reminderJobs } from './reminderJobs';
import { runCalendarSync } from '../calsync/service/sync';
import { runTnaaCatchUp } from '../reports/service/tnaa';
import { runWeeklyNoShowTraining } from '../reports/service/noshowTraining';
import type { Job } from './jobs';
import { auditBackupJobs } from './auditBackupJobs';

export interface ClinicJobDeps {
  db: ClinicDb;
  registry: Registry;
  secrets: SecretBox;
  clock: () => number;
}

export function clinicJobs(deps: ClinicJobDeps): Job[] {
  const { db, registry, secrets, clock } = deps;
  return [
    {
      name: 'eligibility',
      everyMs: 2_000,
      run: () =>
        runEligibilityQueue({
          db,
          clock,
          port: clearinghouseFor(db, secrets),
          publish: (e) => registry.publish(e),
          intervalMs: 2_000,
        }),
    },
    {
      // Each account is due on its own schedule (next_run_ms: every 5 minutes, sooner after
      // "Sync now", later after failures); the tick only looks for due ones.
      name: 'calendars',
      everyMs: 3_000,
      run: () => runCalendarSync({ db, secrets, clock, publish: (e) => registry.publish(e) }),
    },
    {
      // Time to third next available, once per date: the tick measures only dates not yet in
      // tnaa_history, so the first tick after the PC was off fills in the days it missed.
      name: 'tnaa',
      everyMs: 60_000,
      run: async () => {
        const dates = runTnaaCatchUp(db, clock());
        if (dates.length > 0) registry.publish({ topic: 'reports' });
      },
    },
    {
      // The no-show risk model, retrained weekly on the clinic's closed appointments: the tick
      // is every ten minutes and trains only when the latest model is a week old (or there is none), so a
      // PC that was off on the due day catches up when it starts.
      name: 'noshowModel',
      everyMs: 600_000,
      // It trains on a worker thread (reports/service/noshowTraining.ts): minutes on a large
      // clinic, during which the desks keep booking.
      run: () => runWeeklyNoShowTraining({ db, clock, publish: (e) => registry.publish(e) }),
    },
    ...reminderJobs({ db, registry, secrets, clock }),
    ...auditBackupJobs({ db, clock, secrets, publish: (e) => registry.publish(e) }),
  ];
}
