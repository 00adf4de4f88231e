/**
 * A separate OS process that books through the API registry on a shared database file, for the
 * concurrency test. Run with `node --import tsx test/helpers/bookingWorker.ts` via
 * child_process.fork; it talks to the parent over the IPC channel:
 *   parent -> worker  argv[2]: JSON WorkerTask
 *   worker -> parent  { type: 'ready' }                once the database is open
 *   parent -> worker  { type: 'go', at: epochMs }      the start barrier: all begin at `at`
 *   worker -> parent  { type: 'done', results }        then exits 0
 * Anything thrown escapes as a non-zero exit code, which the test reports as a crash.
 */
import { openDatabase, type ClinicDb } from '../../src/core/db/open';

export interface BookingAttempt {
  slot: number;
  input: Record<string, unknown>;
}

export interface WorkerTask {
  file: string;
  now: number;
  /** 'book': make the attempts after the barrier; 'open': only open the file after the barrier. */
  mode: 'book' | 'open';
  attempts: BookingAttempt[];
}

export interface AttemptResult {
  slot: number;
  ok: boolean;
  appointmentId?: number;
  confirmationCode?: string;
  code?: string;
  message?: string;
  ms: number;
}

export type WorkerMessage =
  { type: 'ready' } | { type: 'done'; results: AttemptResult[]; migrations: number };

const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
const send = (m: WorkerMessage) => process.send!(m);

function waitForGo(): Promise<number> {
  return new Promise((resolve) => {
    process.once('message', (m: { type: string; at: number }) => {
      if (m.type === 'go') resolve(m.at);
    });
  });
}

let db: ClinicDb | null = task.mode === 'book' ? openDatabase({ file: task.file }) : null;
send({ type: 'ready' });
const at = await waitForGo();
// Spin rather than sleep: a timer would let the processes drift apart by a scheduler tick.
while (Date.now() < at) {
  /* the barrier */
}
if (!db) db = openDatabase({ file: task.file });

// Loaded only when needed: an 'open' worker starts faster without the whole API.
const api = task.attempts.length ? (await import('../../src/core/api')).createApi() : null;
const results: AttemptResult[] = [];
for (const a of task.attempts) {
  const t0 = performance.now();
  const r = api!.call('appointments/book', a.input, {
    db,
    now: task.now,
    actor: `worker ${process.pid}`,
    origin: 'test',
  });
  const ms = performance.now() - t0;
  if (r.ok) {
    const appt = r.data as { id: number; confirmationCode: string };
    results.push({
      slot: a.slot,
      ok: true,
      appointmentId: appt.id,
      confirmationCode: appt.confirmationCode,
      ms,
    });
  } else {
    results.push({ slot: a.slot, ok: false, code: r.error.code, message: r.error.message, ms });
  }
}
const migrations = (
  db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }
).n;
db.close();
send({ type: 'done', results, migrations });
process.disconnect();
