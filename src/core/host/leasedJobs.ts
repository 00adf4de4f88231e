/**
 * One job runner per data folder. The desktop app and `npm run serve` may open the same folder
 * (the README allows it); if both ran the reminder dispatcher, a patient could get every text
 * twice. So the background jobs run only in the process that holds the lease row in job_leases:
 * it renews the lease every `renewEveryMs` (10 s) for `ttlMs` (30 s); another process checks on
 * the same beat, runs nothing while the lease is someone else's, and takes over once it has
 * expired (the holder was killed or hung). A clean stop gives the lease up at once.
 *
 * This is the one entry point both the CLI host (host/cli.ts) and the desktop main process
 * (main/index.ts) use; every job in clinicJobs — and any added there later — is covered.
 */
import { randomBytes } from 'node:crypto';
import type { ClinicDb } from '../db/open';
import { acquireJobLease, releaseJobLease } from '../db/repos/jobLeases';
import { clinicJobs, type ClinicJobDeps } from './clinicJobs';
import { startJobs, type Job, type JobRunner } from './jobs';

export const JOB_LEASE_NAME = 'clinic-jobs';
export const LEASE_TTL_MS = 30_000;
export const LEASE_RENEW_MS = 10_000;

export interface LeaseOptions {
  /** How long a lease lasts unless renewed (30 s). */
  ttlMs?: number;
  /** How often the holder renews, and another process checks (10 s; ttlMs / 3 when only ttlMs is given). */
  renewEveryMs?: number;
  /**
   * The wall clock the lease is measured on. Not the clinic's clock: a host started with a frozen
   * `--now` still needs its lease to expire.
   */
  now?: () => number;
  /** Who holds it: pid and a random part (two processes can share a pid across machines). */
  holder?: string;
}

export interface LeasedJobRunner extends JobRunner {
  readonly holder: string;
  /** Whether this process runs the jobs now. */
  holdsLease(): boolean;
}

export function newLeaseHolder(): string {
  return `pid ${process.pid} ${randomBytes(6).toString('hex')}`;
}

/** Any list of jobs, run only while this process holds the folder's lease. */
export function startLeasedJobs(input: {
  db: ClinicDb;
  jobs: readonly Job[];
  lease?: LeaseOptions | undefined;
  log?: (message: string, err?: unknown) => void;
}): LeasedJobRunner {
  const { db } = input;
  const ttlMs = input.lease?.ttlMs ?? LEASE_TTL_MS;
  const renewEveryMs =
    input.lease?.renewEveryMs ??
    (input.lease?.ttlMs !== undefined ? Math.max(1, Math.floor(ttlMs / 3)) : LEASE_RENEW_MS);
  const now = input.lease?.now ?? Date.now;
  const holder = input.lease?.holder ?? newLeaseHolder();
  const log =
    input.log ??
    ((m, e) => (e ? console.error(`[clinicdesk] ${m}`, e) : console.log(`[clinicdesk] ${m}`)));

  let heldUntil = 0;
  let wasHeld = false;
  let ended = false;
  const holdsLease = () => !ended && now() < heldUntil;

  const renew = () => {
    if (ended) return;
    try {
      const r = acquireJobLease(db, { name: JOB_LEASE_NAME, holder, now: now(), ttlMs });
      heldUntil = r.held ? r.expiresMs : 0;
      if (r.held !== wasHeld) {
        log(
          r.held
            ? `this process now runs the background jobs (${holder})`
            : `another ClinicDesk runs the background jobs on this data folder (${r.holder}); this one waits`,
        );
      }
      wasHeld = r.held;
    } catch (err) {
      // The database was busy past its timeout: run nothing until the next renewal succeeds.
      heldUntil = 0;
      wasHeld = false;
      log('could not renew the job lease; background jobs pause', err);
    }
  };
  renew();
  const timer = setInterval(renew, renewEveryMs);
  timer.unref();

  const runner = startJobs(input.jobs, {
    mayRun: holdsLease,
    ...(input.log ? { log: input.log } : {}),
  });
  const end = () => {
    ended = true;
    clearInterval(timer);
  };
  const release = () => {
    try {
      releaseJobLease(db, { name: JOB_LEASE_NAME, holder });
    } catch (err) {
      log('could not give up the job lease; it expires by itself', err);
    }
  };

  return {
    holder,
    holdsLease,
    runNow: (name) => runner.runNow(name),
    async drain(timeoutMs) {
      end();
      const r = await runner.drain(timeoutMs);
      // A run still going keeps the lease until it expires: the next holder must not pick up
      // the same outbox rows while this process may still be sending them.
      if (r.finished) release();
      return r;
    },
    async stop() {
      end();
      await runner.stop();
      release();
    },
  };
}

/** The clinic's background jobs (host/clinicJobs.ts) under the folder's lease. */
export function startClinicJobRunner(
  deps: ClinicJobDeps & { lease?: LeaseOptions | undefined },
): LeasedJobRunner {
  return startLeasedJobs({ db: deps.db, jobs: clinicJobs(deps), lease: deps.lease });
}
