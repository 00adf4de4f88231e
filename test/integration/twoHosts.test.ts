/**
 * Two real host processes (`cli.ts serve`) on one data folder, as when the desktop app and
 * `npm run serve` share it, with the Twilio stand-in answering slowly. Only the process holding
 * the job lease sends reminders: the stand-in's log holds exactly one SMS per reminder. Killed
 * with SIGKILL, the holder never gives the lease up; the other process takes over once it has
 * expired (3 s here, `--job-lease-ms`) and sends the reminders booked since, once each.
 *
 * Host B's clock runs two minutes ahead of A's (PCs disagree; or B simply starts later), so to B
 * the rows A claimed and is still sending look abandoned. How this was checked to fail: on the
 * code before the lease (both hosts ran every job), B "recovered" A's in-flight rows and sent
 * them again: the log held 24 texts for 16 reminders (checked by letting every process run jobs
 * in host/leasedJobs.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { getJobLease } from '../../src/core/db/repos/jobLeases';
import { JOB_LEASE_NAME } from '../../src/core/host/leasedJobs';
import { createPatient, openReminderWorld, type ReminderWorld } from '../helpers/reminderClinic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'src', 'core', 'host', 'cli.ts');
const LEASE_MS = 3_000;
/** Two providers, eight morning and afternoon slots: sixteen visits a day. */
const TIMES = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30'];

let w: ReminderWorld | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0))
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await w?.close();
  w = undefined;
});

function startHost(dataDir: string, nowIso: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      'serve',
      '--data',
      dataDir,
      '--port',
      '0',
      '--now',
      nowIso,
      '--job-lease-ms',
      String(LEASE_MS),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  child.stderr!.on('data', (d: Buffer) =>
    process.stderr.write(`[host ${child.pid}] ${d.toString()}`),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Open http')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before serving: ${out}`)));
  });
}

async function until(what: string, ok: () => boolean, timeoutMs = 40_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('two hosts on one data folder', () => {
  it('send one SMS per reminder, and the second takes over once the killed holder’s lease expires', async () => {
    w = await openReminderWorld();
    const world = w;
    world.t.now = Date.parse('2026-03-02T14:30:00Z'); // 09:30 in New York: confirmations go out now
    let booked = 0;
    const book = (n: number) => {
      for (let i = 0; i < n; i++, booked++) {
        const p = createPatient(world.t, {
          firstName: `Kim${booked}`,
          mobile: `512-555-${String(1000 + booked)}`,
        });
        world.t.call('appointments/book', {
          patientId: p.id,
          providerId: world.c.providers[booked % 2]!.id,
          locationId: world.c.loc.id,
          visitTypeId: world.c.visit.id,
          start: `2026-03-0${5 + Math.floor(booked / 16)}T${TIMES[Math.floor((booked % 16) / 2)]}:00-05:00`,
        });
      }
    };
    const confirmations = () =>
      world.t
        .call('reminders/list', { statuses: ['scheduled', 'sending', 'sent', 'delivered'] })
        .items.filter((r) => r.touchpoint === 'booking-confirmation');
    const texts = () => world.standin.messages().filter((m) => m.direction === 'outbound-api');
    const oneEach = () => {
      const log = texts();
      expect(new Set(log.map((m) => m.to)).size).toBe(log.length);
      expect(log).toHaveLength(booked);
    };

    book(16);
    expect(confirmations()).toHaveLength(16);
    world.standin.answerMessagesAfter(4_000);

    const a = await startHost(world.t.dir, '2026-03-02T14:30:00Z');
    await until('host A sends its first text', () => texts().length > 0);
    const b = await startHost(world.t.dir, '2026-03-02T14:32:00Z');
    await until('every confirmation is sent', () =>
      confirmations().every((r) => r.status === 'sent' || r.status === 'delivered'),
    );
    // Two more dispatch ticks of both hosts: nothing is sent again.
    await new Promise((r) => setTimeout(r, 11_000));
    oneEach();
    const lease = getJobLease(world.t.db, JOB_LEASE_NAME)!;
    expect(lease.holder).toMatch(new RegExp(`^pid ${a.pid} `));

    // The holder dies without a word; B waits out the lease, then runs the jobs.
    world.standin.answerMessagesAfter(0);
    a.kill('SIGKILL');
    await new Promise((r) => a.once('exit', r));
    const killedAt = Date.now();
    book(4);
    await until(
      'host B sends the reminders booked after the kill',
      () => texts().length === booked,
      LEASE_MS + 30_000,
    );
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LEASE_MS - 1_000);
    expect(getJobLease(world.t.db, JOB_LEASE_NAME)!.holder).toMatch(new RegExp(`^pid ${b.pid} `));
    await new Promise((r) => setTimeout(r, 6_000));
    oneEach();
    expect(confirmations().every((r) => r.status === 'sent' || r.status === 'delivered')).toBe(
      true,
    );
  }, 120_000);
});
