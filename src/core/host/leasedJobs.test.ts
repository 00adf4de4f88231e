import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type ClinicDb } from '../db/open';
import { getJobLease } from '../db/repos/jobLeases';
import { JOB_LEASE_NAME, startLeasedJobs, type LeasedJobRunner } from './leasedJobs';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

const opened: ClinicDb[] = [];
const runners: LeasedJobRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  for (const d of opened.splice(0)) d.close();
});

/** Two connections to one data folder, as two processes would have. */
function twoConnections(): [ClinicDb, ClinicDb] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-lease-'));
  const file = path.join(dir, 'clinicdesk.db');
  const a = openDatabase({ file, durability: 'normal' });
  const b = openDatabase({ file, durability: 'normal' });
  opened.push(a, b);
  return [a, b];
}

function counting(db: ClinicDb, holder: string, now: () => number) {
  const counter = { runs: 0 };
  const runner = startLeasedJobs({
    db,
    jobs: [{ name: 'count', everyMs: 5, run: () => Promise.resolve(counter.runs++) }],
    lease: { ttlMs: 300, renewEveryMs: 20, now, holder },
    log: () => undefined,
  });
  runners.push(runner);
  return { runner, counter };
}

describe('one job runner per data folder', () => {
  it('the second process runs nothing while the first holds the lease', async () => {
    const [a, b] = twoConnections();
    const first = counting(a, 'first', Date.now);
    const second = counting(b, 'second', Date.now);
    await tick(120);
    expect(first.runner.holdsLease()).toBe(true);
    expect(second.runner.holdsLease()).toBe(false);
    expect(first.counter.runs).toBeGreaterThan(0);
    expect(second.counter.runs).toBe(0);
    expect(getJobLease(a, JOB_LEASE_NAME)?.holder).toBe('first');
  });

  it('takes over only after the lease of a holder that went silent has expired', async () => {
    const [a, b] = twoConnections();
    let now = 1_000_000; // one wall clock for both processes, moved by the test
    let release: () => void = () => undefined;
    const hung = startLeasedJobs({
      db: a,
      jobs: [{ name: 'send', everyMs: 5, run: () => new Promise<void>((r) => (release = r)) }],
      lease: { ttlMs: 300, renewEveryMs: 20, now: () => now, holder: 'first' },
      log: () => undefined,
    });
    await tick(30);
    // Quit with a send still in flight: it keeps the lease (the next holder must not pick up
    // the rows it may still be sending) and stops renewing it, as a killed process would.
    expect((await hung.drain(0)).finished).toBe(false);
    expect(getJobLease(a, JOB_LEASE_NAME)?.holder).toBe('first');

    const second = counting(b, 'second', () => now);
    await tick(100);
    expect(second.runner.holdsLease()).toBe(false);
    expect(second.counter.runs).toBe(0);

    now += 301; // past the expiry
    await tick(100);
    expect(second.runner.holdsLease()).toBe(true);
    expect(second.counter.runs).toBeGreaterThan(0);
    expect(getJobLease(b, JOB_LEASE_NAME)?.holder).toBe('second');
    release();
  });

  it('a clean stop gives the lease up at once', async () => {
    const [a, b] = twoConnections();
    const first = counting(a, 'first', Date.now);
    await first.runner.stop();
    expect(getJobLease(a, JOB_LEASE_NAME)).toBeNull();
    const second = counting(b, 'second', Date.now);
    expect(second.runner.holdsLease()).toBe(true);
  });
});
