/**
 * The absence job killed with SIGKILL in the middle of moving a day of 20 visits. Each visit is
 * moved and its notice written to the outbox in one transaction, under a key the database keeps
 * unique per visit; on restart the job carries on with the visits still pending. Every patient
 * is texted exactly once and every visit is moved exactly once.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runAbsenceJob } from '../../src/core/access/service/absence';
import type { AbsenceTask } from '../helpers/absenceWorker';
import { bookDay, WEDNESDAY } from '../helpers/absenceClinic';
import { openReminderWorld, type ReminderWorld } from '../helpers/reminderClinic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = path.join(ROOT, 'test', 'helpers', 'absenceWorker.ts');
const KILL_AFTER = 7;

let w: ReminderWorld;
afterEach(async () => {
  await w?.close();
});

function runWorker(task: AbsenceTask): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(task)], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve(signal));
  });
}

describe('the absence job killed with SIGKILL between two visits', () => {
  it('resumes where it stopped: every visit moved once, every patient texted once', async () => {
    w = await openReminderWorld();
    const { ana, visits } = bookDay(w);
    // The booking confirmations went out when the visits were booked.
    await w.dispatch();
    const before = w.standin.messages().length;
    expect(before).toBe(20);
    const notices = () => w.standin.messages().slice(before);
    const { absenceId } = w.t.call('absences/create', {
      providerId: ana.id,
      fromDate: WEDNESDAY,
      toDate: WEDNESDAY,
    });
    w.t.call('absences/accept', { absenceId });

    const signal = await runWorker({ dataDir: w.t.dir, now: w.t.now, killAfter: KILL_AFTER });
    expect(signal).toBe('SIGKILL');
    const states = () => w.t.call('absences/get', { absenceId }).items.map((i) => i.state);
    expect(states().filter((s) => s === 'moved')).toHaveLength(KILL_AFTER);
    expect(w.t.call('absences/get', { absenceId }).status).toBe('accepting');

    // The notices of the visits moved before the kill go out; then the job is run again.
    await w.dispatch();
    expect(notices()).toHaveLength(KILL_AFTER);
    expect(runAbsenceJob({ db: w.t.db, clock: () => w.t.now })).toMatchObject({
      moved: 20 - KILL_AFTER,
      failed: 0,
    });
    expect(runAbsenceJob({ db: w.t.db, clock: () => w.t.now })).toMatchObject({ moved: 0 });
    await w.dispatch();

    expect(states()).toEqual(Array(20).fill('moved'));
    expect(w.t.call('absences/get', { absenceId }).status).toBe('done');
    const texts = notices();
    expect(texts.every((m) => /moved your visit|Cambiamos su cita/.test(m.body))).toBe(true);
    expect(texts).toHaveLength(20);
    expect(new Set(texts.map((m) => m.to))).toEqual(new Set(visits.map((v) => v.phone)));
    // One live appointment per patient: nothing was booked twice.
    const live = w.t.db.sqlite
      .prepare(
        `SELECT patient_id AS p, count(*) AS n FROM appointments
          WHERE status IN ('booked','confirmed') AND patient_id IN (SELECT value FROM json_each(?)) GROUP BY patient_id`,
      )
      .all(JSON.stringify(visits.map((v) => v.patientId))) as { p: number; n: number }[];
    expect(live).toHaveLength(20);
    expect(live.every((r) => r.n === 1)).toBe(true);
    const rows = w.t.db.sqlite
      .prepare(
        'SELECT count(DISTINCT appointment_id) AS visits, count(*) AS n FROM reminders WHERE touchpoint_key = ?',
      )
      .get(`absence:${absenceId}`) as { visits: number; n: number };
    expect(rows).toEqual({ visits: 20, n: 20 });
  });
});
