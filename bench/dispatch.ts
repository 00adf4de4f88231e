/**
 * `dispatch.overheadPct`: availability/firstOpenings on the large clinic through the one dispatcher
 * (registry.dispatch: validation, caller, transaction, events) against the same handler run
 * directly on already-parsed input in a read transaction. A and B alternate search by search in
 * one run, so a loaded machine slows both alike.
 *
 * The percentage compares CPU time (this process's, from process.cpuUsage), per search the median
 * of its rounds, summed over the searches. Wall time on a shared two-core machine is mostly the
 * scheduler: at a load of 20 a 2 ms search now and then waits 30 ms for a core, and three
 * back-to-back runs of the wall-time sum on one clinic gave -8 %, +16 % and +34 % with no change
 * in the code. The medians of wall time are still reported beside it. (A CPU profile of 900
 * dispatches on the large clinic: 2,092 ms in the handler's transaction, 89 ms in zod parsing
 * the input, 22 ms in the dispatcher itself.)
 */
import { allHandlers } from '../src/core/api/handlers';
import { createApi } from '../src/core/api';
import type { HandlerContext } from '../src/core/api/handler';
import type { ClinicDb } from '../src/core/db/open';

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Each search runs this many times each way; its median is what counts. */
const ROUNDS = 5;

export async function benchDispatchOverhead(
  db: ClinicDb,
  inputs: Record<string, unknown>[],
  now: number,
): Promise<{
  overheadPct: number;
  dispatchMedianMs: number;
  directMedianMs: number;
  dispatchP95Ms: number;
  directP95Ms: number;
}> {
  const registry = createApi();
  const handler = allHandlers.find((h) => h.name === 'availability/firstOpenings')!;
  const caller = { actor: 'bench', origin: 'bench', clock: () => now };
  const ctx: HandlerContext = {
    db,
    now,
    actor: 'bench',
    origin: 'bench',
    user: null,
    workstation: 'bench',
    session: null,
    emit: () => {},
  };
  const parsed = inputs.map((i) => handler.input.parse(i));
  const direct = (input: (typeof parsed)[number]) =>
    db.sqlite.transaction(() => handler.run(input, ctx)).deferred();
  for (let i = 0; i < 5; i++) {
    await registry.dispatch('availability/firstOpenings', inputs[i]!, caller, { db });
    direct(parsed[i]);
  }
  const viaDispatch: number[] = [];
  const viaDirect: number[] = [];
  /** CPU ms per search and round: [search][round]. */
  const cpuDispatch: number[][] = inputs.map(() => []);
  const cpuDirect: number[][] = inputs.map(() => []);
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < inputs.length; i++) {
      const order = (i + round) % 2 === 0;
      for (const which of order ? ['d', 'h'] : ['h', 'd']) {
        const c = cpuMs();
        const t = performance.now();
        if (which === 'd') {
          const r = await registry.dispatch('availability/firstOpenings', inputs[i]!, caller, {
            db,
          });
          if (!r.ok) throw new Error(r.error.message);
          viaDispatch.push(performance.now() - t);
          cpuDispatch[i]!.push(cpuMs() - c);
        } else {
          direct(parsed[i]);
          viaDirect.push(performance.now() - t);
          cpuDirect[i]!.push(cpuMs() - c);
        }
      }
    }
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const dispatchCpu = sum(cpuDispatch.map(median));
  const directCpu = sum(cpuDirect.map(median));
  return {
    overheadPct: ((dispatchCpu - directCpu) / directCpu) * 100,
    dispatchMedianMs: median(viaDispatch),
    directMedianMs: median(viaDirect),
    dispatchP95Ms: p95(viaDispatch),
    directP95Ms: p95(viaDirect),
  };
}
