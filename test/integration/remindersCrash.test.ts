/**
 * A dispatcher killed with SIGKILL in the middle of a batch, right after Twilio accepted a text
 * and before the outbox recorded it. On restart the 'sending' rows are reconciled against the
 * Twilio stand-in's message log: the text Twilio already has is recorded, not sent again; the
 * rest are sent. The stand-in's log and the outbox must then agree one to one: no duplicate SMS,
 * no lost reminder.
 *
 * How this was checked to fail: with reconcile() in dispatcher.ts changed to put every stale
 * 'sending' SMS row back to 'scheduled' without asking Twilio, the patient of the interrupted
 * send gets two identical texts: the log holds 9 texts for 8 reminders.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DispatchTask, DispatchWorkerMessage } from '../helpers/dispatchWorker';
import { createPatient, openReminderWorld, type ReminderWorld } from '../helpers/reminderClinic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = path.join(ROOT, 'test', 'helpers', 'dispatchWorker.ts');
const PATIENTS = 8;
const KILL_AFTER = 3;

let w: ReminderWorld;
afterEach(async () => {
  await w?.close();
});

function runWorker(task: DispatchTask): Promise<{ sent: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(task)], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const sent: string[] = [];
    child.on('message', (m: DispatchWorkerMessage) => {
      if (m.type === 'sent') {
        sent.push(m.sid);
        if (m.n === task.hangAfter) child.kill('SIGKILL');
      }
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve({ sent, signal }));
  });
}

describe('the dispatcher killed with SIGKILL mid-batch', () => {
  it('restarts without a duplicate SMS and without losing a reminder', async () => {
    w = await openReminderWorld();
    w.t.now = Date.parse('2026-03-02T14:30:00Z'); // 09:30 in New York: confirmations go out now
    const times = ['09:00', '09:30', '10:00', '10:30'];
    for (let i = 0; i < PATIENTS; i++) {
      const p = createPatient(w.t, { firstName: `Kim${i}`, mobile: `512-555-06${10 + i}` });
      w.t.call('appointments/book', {
        patientId: p.id,
        providerId: w.c.providers[i % 2]!.id,
        locationId: w.c.loc.id,
        visitTypeId: w.c.visit.id,
        start: `2026-03-05T${times[Math.floor(i / 2)]}:00-05:00`,
      });
    }
    const due = () =>
      w.t
        .call('reminders/list', { statuses: ['scheduled', 'sending', 'sent', 'delivered'] })
        .items.filter((r) => r.touchpoint === 'booking-confirmation');
    expect(due()).toHaveLength(PATIENTS);

    const killed = await runWorker({ dataDir: w.t.dir, now: w.t.now, hangAfter: KILL_AFTER });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.sent).toHaveLength(KILL_AFTER);
    await w.standin.settled();
    const afterKill = due();
    // Two recorded; the third accepted by Twilio but never recorded; the rest claimed, not sent.
    expect(afterKill.filter((r) => r.status === 'sent' || r.status === 'delivered')).toHaveLength(
      KILL_AFTER - 1,
    );
    expect(afterKill.filter((r) => r.status === 'sending')).toHaveLength(PATIENTS - KILL_AFTER + 1);
    expect(w.standin.messages()).toHaveLength(KILL_AFTER);

    // Restart a little later (the stale 'sending' rows are a minute old) in a fresh process.
    w.t.now += 2 * 60_000;
    const again = await runWorker({ dataDir: w.t.dir, now: w.t.now, hangAfter: null });
    expect(again.signal).toBeNull();
    await w.standin.settled();

    const outbox = due();
    // Sent, or delivered for the one whose status was read from Twilio's log.
    expect(outbox.filter((r) => r.status === 'sent' || r.status === 'delivered')).toHaveLength(
      PATIENTS,
    );
    const log = w.standin.messages().filter((m) => m.direction === 'outbound-api');
    // One text per reminder: same count, every provider id in the outbox is in the log, no pair repeats.
    expect(log).toHaveLength(PATIENTS);
    expect(new Set(log.map((m) => `${m.to}|${m.body}`)).size).toBe(PATIENTS);
    expect(outbox.map((r) => r.providerMessageId).sort()).toEqual(log.map((m) => m.sid).sort());
    for (const r of outbox) {
      const m = log.find((x) => x.sid === r.providerMessageId)!;
      expect(m.to).toBe(r.to);
      expect(m.body).toBe(r.text);
    }
    // The interrupted one was recovered from Twilio's log, not sent again.
    const recovered = outbox.find((r) => r.providerMessageId === killed.sent[KILL_AFTER - 1]);
    expect(recovered!.reason).toMatch(
      /found in Twilio's log after an interrupted send \(not sent again\)$/,
    );
  });
});
