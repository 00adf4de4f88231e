/**
 * `absence.propose30Ms`: a provider of the large clinic (200 providers, 1M appointments) is
 * marked absent over the span of their next 30 booked visits, through the API on a copy of the
 * dataset: time off recorded, and for each visit the first fitting opening found (same provider,
 * same specialty in network speaking the language, anyone), checked by the booking check and
 * held. Three providers, each on its own span; the slowest is reported.
 */
import fs from 'node:fs';
import { createApi } from '../src/core/api';
import { openDatabase } from '../src/core/db/open';
import { BENCH_NOW, type GeneratedClinic } from './generate';

const VISITS = 30;

export function benchAbsencePropose(c: GeneratedClinic): { propose30Ms: number; visits: number } {
  const copy = `${c.file}.absence.db`;
  for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(c.file, copy);
  const db = openDatabase({ file: copy, durability: 'normal' });
  const api = createApi();
  const times: number[] = [];
  let visits = 0;
  try {
    // The busiest providers over the next two weeks: a sick day that hurts.
    const busiest = db.sqlite
      .prepare(
        `SELECT provider_id AS id, count(*) AS n FROM appointments
          WHERE start_ms > ? AND start_ms < ? AND status IN ('booked','confirmed')
          GROUP BY provider_id ORDER BY n DESC LIMIT 3`,
      )
      .all(BENCH_NOW + 86_400_000, BENCH_NOW + 15 * 86_400_000) as { id: number; n: number }[];
    for (const { id } of busiest) {
      const next = db.sqlite
        .prepare(
          `SELECT start_ms AS s, end_ms AS e FROM appointments
            WHERE provider_id = ? AND start_ms > ? AND status IN ('booked','confirmed')
            ORDER BY start_ms LIMIT ?`,
        )
        .all(id, BENCH_NOW + 86_400_000, VISITS) as { s: number; e: number }[];
      const input = {
        providerId: id,
        start: new Date(next[0]!.s).toISOString(),
        end: new Date(Math.max(...next.map((x) => x.e))).toISOString(),
        reason: 'bench: sick',
      };
      const t0 = performance.now();
      const r = api.call('absences/create', input, {
        db,
        now: BENCH_NOW,
        actor: 'bench',
        origin: 'bench',
      });
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(`absences/create: ${r.error.message}`);
      const data = r.data as { affected: number; proposed: number };
      visits = Math.max(visits, data.affected);
      if (data.affected < VISITS)
        throw new Error(`absence bench: only ${data.affected} visits in the span`);
    }
  } finally {
    db.close();
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
  }
  return { propose30Ms: Math.max(...times), visits };
}
