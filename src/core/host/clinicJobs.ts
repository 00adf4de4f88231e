/**
 * The clinic's background jobs over one database, for the HTTP host and the desktop app alike.
 */
import type { Registry } from '../api/registry';
import type { ClinicDb } from '../db/open';
import { clearinghouseFor, runEligibilityQueue } from '../eligibility/verification';
import type { SecretBox } from '../secrets/secretBox';
import type { Job } from './jobs';

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
  ];
}
