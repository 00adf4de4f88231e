import { describe, expect, it } from 'vitest';
import { startJobs, type Job } from './jobs';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job whose each run waits until the test lets it finish: a send Twilio has not answered yet. */
function slowSend() {
  let release: () => void = () => undefined;
  let runs = 0;
  let finished = 0;
  const job: Job = {
    name: 'reminders-dispatch',
    everyMs: 5,
    run: async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
      finished++;
    },
  };
  return { job, release: () => release(), runs: () => runs, finished: () => finished };
}

describe('draining the job runner before the database closes', () => {
  it('waits for a send in flight, then starts nothing new', async () => {
    const send = slowSend();
    const runner = startJobs([send.job]);
    while (send.runs() === 0) await tick(2);
    let done: { finished: boolean; stillRunning: string[] } | null = null;
    const draining = runner.drain(2_000).then((r) => (done = r));
    await tick(30);
    expect(done).toBeNull(); // still waiting for the send
    send.release();
    await draining;
    expect(done).toEqual({ finished: true, stillRunning: [] });
    expect(send.finished()).toBe(1);
    await tick(30);
    expect(send.runs()).toBe(1); // no tick after the drain
  });

  it('gives up after its time limit and says which job was still running', async () => {
    const send = slowSend();
    const runner = startJobs([send.job]);
    while (send.runs() === 0) await tick(2);
    const started = performance.now();
    const r = await runner.drain(50);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(r).toEqual({ finished: false, stillRunning: ['reminders-dispatch'] });
    send.release();
  });

  it('with nothing in flight, answers at once', async () => {
    const runner = startJobs([{ name: 'idle', everyMs: 60_000, run: () => Promise.resolve() }]);
    expect(await runner.drain(10_000)).toEqual({ finished: true, stillRunning: [] });
  });
});
