/**
 * Background work beside the handlers: sending queued eligibility checks, dispatching reminders,
 * polling replies, syncing calendars. Network I/O never runs inside a database transaction, so it
 * cannot live in a handler: a handler writes a durable row (a queued check, an outbox row), a job
 * picks it up, does the I/O, and records the outcome in its own short transaction. Each job runs
 * alone (a slow run is never overlapped by the next tick) and a failure is logged and retried on
 * the next tick, never allowed to stop the host.
 */

export interface Job {
  name: string;
  /** How often to run, milliseconds. */
  everyMs: number;
  run(): Promise<unknown>;
}

export interface JobRunner {
  /** Run a job now (a "sync now" button), waiting for a run already in progress first. */
  runNow(name: string): Promise<void>;
  /**
   * Starts no new run and waits up to `timeoutMs` for the runs in progress (a text Twilio is
   * accepting, an e-mail half sent) so the database is not closed under them. Answers which runs
   * were still going when the time was up.
   */
  drain(timeoutMs: number): Promise<{ finished: boolean; stillRunning: string[] }>;
  /** Starts no new run and waits for the runs in progress, however long they take. */
  stop(): Promise<void>;
}

/** How long quitting waits for sends in flight before it closes the database anyway. */
export const DRAIN_TIMEOUT_MS = 10_000;

export function startJobs(
  jobs: readonly Job[],
  options: {
    log?: (message: string, err: unknown) => void;
    /** Asked before every scheduled run: false = skip this tick (another process has the lease). */
    mayRun?: () => boolean;
  } = {},
): JobRunner {
  const log = options.log ?? ((m, e) => console.error(`[clinicdesk] ${m}`, e));
  const mayRun = options.mayRun ?? (() => true);
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const once = (job: Job): Promise<void> => {
    const current = running.get(job.name);
    if (current) return current;
    const p = job
      .run()
      .then(
        () => undefined,
        (err: unknown) => log(`${job.name} failed; it will run again`, err),
      )
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  };

  for (const job of jobs) {
    const t = setInterval(() => {
      if (!stopped && mayRun()) void once(job);
    }, job.everyMs);
    t.unref();
    timers.push(t);
  }

  return {
    async runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      if (stopped || !mayRun()) return;
      await running.get(name);
      await once(job);
    },
    async drain(timeoutMs) {
      stopped = true;
      for (const t of timers) clearInterval(t);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const all = Promise.all(running.values()).then(() => 'done' as const);
      const outcome = await Promise.race([all, timedOut]);
      clearTimeout(timer);
      return { finished: outcome === 'done', stillRunning: [...running.keys()] };
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
  };
}
