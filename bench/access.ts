/**
 * Access figures on the large clinic (bench/generate.ts: 200 providers, 1M appointments):
 * - waitlist.offerMs: a cancellation through the API (which notes the freed slot) plus the
 *   waitlist job's planning pass that picks who is texted, with 5,000 active waitlist entries
 *   (target ≤ 100 ms, p95 of 20 cancellations);
 * - series.preview52Ms: `series/preview` of 52 weekly visits, every one checked against hours,
 *   bookings, time off and busy time (target ≤ 200 ms, p95 of 20 previews).
 * Everything runs inside one transaction that is rolled back, so the cached dataset stays as
 * generated. `npm run bench -- --only waitlist` / `--only series` print them.
 */
import { createApi } from '../src/core/api';
import type { ApiName } from '../src/core/api/types';
import { planWaves } from '../src/core/access/service/waitlist';
import type { ClinicDb } from '../src/core/db/open';
import { addDays, localDateOf, localToInstant } from '../src/core/time';
import { BENCH_NOW, ZONE, type GeneratedClinic } from './generate';

const ENTRIES = 5_000;
const SAMPLES = 20;

const api = createApi();
function call(db: ClinicDb, name: ApiName, input: unknown, now = BENCH_NOW): unknown {
  const r = api.call(name, input, { db, now, actor: 'bench', origin: 'bench' });
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.data;
}

/** Wall and CPU milliseconds of one run: on a shared machine the wall figure mostly measures the others. */
function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

/** Runs `fn` inside a transaction that is always rolled back. */
function rolledBack<T>(db: ClinicDb, fn: () => T): T {
  db.sqlite.exec('BEGIN');
  try {
    return fn();
  } finally {
    db.sqlite.exec('ROLLBACK');
  }
}

export function benchWaitlistOffer(
  db: ClinicDb,
  c: GeneratedClinic,
): { offerMs: number; offerCpuMs: number; offered: number } {
  return rolledBack(db, () => {
    const today = localDateOf(ZONE, BENCH_NOW);
    // 5,000 patients who take texts, each waiting once: a mix of named providers and
    // specialties, date windows, weekdays and morning/afternoon, as a busy clinic's list looks.
    const patients = db.sqlite
      .prepare('SELECT id FROM patients ORDER BY id LIMIT ?')
      .all(ENTRIES) as { id: number }[];
    const phone = db.sqlite.prepare(
      'UPDATE patients SET phone_mobile = ?, sms_consent = 1 WHERE id = ?',
    );
    const taxonomy = new Map(
      (
        db.sqlite.prepare('SELECT id, taxonomy_code AS t FROM providers').all() as {
          id: number;
          t: string;
        }[]
      ).map((r) => [r.id, r.t]),
    );
    const insert = db.sqlite.prepare(
      `INSERT INTO waitlist_entries (patient_id, provider_id, specialty, visit_type_id, earliest_date, latest_date, weekdays,
         time_of_day, priority, status, created_by, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 'bench', ?, ?)`,
    );
    patients.forEach((p, i) => {
      phone.run(`+1512${String(3_000_000 + i).padStart(7, '0')}`, p.id);
      const provider = c.providerIds[i % c.providerIds.length]!;
      const byName = i % 3 !== 0;
      insert.run(
        p.id,
        byName ? provider : null,
        byName ? null : taxonomy.get(provider)!,
        c.visitTypeIds[i % 4]!,
        i % 5 === 0 ? addDays(today, i % 7) : null,
        i % 4 === 0 ? addDays(today, 30 + (i % 30)) : null,
        i % 6 === 0 ? JSON.stringify([1, 2, 3, 4, 5].filter((d) => d !== (i % 5) + 1)) : null,
        ['any', 'morning', 'afternoon'][i % 3]!,
        i % 10,
        BENCH_NOW - (i + 1) * 60_000,
        BENCH_NOW,
      );
    });
    // Booked visits from tomorrow on, one per provider, each cancelled in turn.
    const tomorrow = localToInstant(ZONE, addDays(today, 1), 0);
    const toCancel = db.sqlite
      .prepare(
        `SELECT min(id) AS id FROM appointments WHERE status IN ('booked','confirmed') AND start_ms >= ? AND start_ms < ?
          GROUP BY provider_id ORDER BY provider_id LIMIT ?`,
      )
      .all(tomorrow, tomorrow + 3 * 86_400_000, SAMPLES + 3) as { id: number }[];
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    let offered = 0;
    toCancel.forEach((a, i) => {
      db.sqlite.exec('SAVEPOINT sample');
      try {
        const now = BENCH_NOW + i * 1000;
        const r = timed(() => {
          call(
            db,
            'appointments/cancel',
            { appointmentId: a.id, reason: 'bench', requestedBy: 'patient' },
            now,
          );
          return db.sqlite
            .transaction(() => planWaves({ db, now, actor: 'waitlist', origin: 'bench' }))
            .immediate();
        });
        // The first few warm the statement cache.
        if (i >= 3) {
          samples.push(r.ms);
          cpuSamples.push(r.cpuMs);
        }
        offered += r.value.length;
      } finally {
        db.sqlite.exec('ROLLBACK TO sample');
        db.sqlite.exec('RELEASE sample');
      }
    });
    if (offered === 0)
      throw new Error('no cancellation was offered to anyone: the bench is broken');
    return { offerMs: p95(samples), offerCpuMs: p95(cpuSamples), offered };
  });
}

export function benchSeriesPreview(
  db: ClinicDb,
  c: GeneratedClinic,
): { preview52Ms: number; preview52CpuMs: number; blocked: number } {
  const today = localDateOf(ZONE, BENCH_NOW);
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let blocked = 0;
  for (let i = 0; i < SAMPLES + 3; i++) {
    const providerId = c.providerIds[i % c.providerIds.length]!;
    const loc = db.sqlite
      .prepare('SELECT location_id AS id FROM provider_locations WHERE provider_id = ? LIMIT 1')
      .get(providerId) as { id: number };
    const input = {
      patientId: c.patientIds.first + i,
      providerId,
      locationId: loc.id,
      visitTypeId: c.visitTypeIds[1]!,
      firstDate: addDays(today, 7 + (i % 5)),
      time: ['09:00', '10:30', '14:00', '15:30'][i % 4],
      rule: { frequency: 'weekly', interval: 1, count: 52 },
    };
    const r = timed(
      () => call(db, 'series/preview', input) as { occurrences: unknown[]; blocked: number },
    );
    if (r.value.occurrences.length !== 52) throw new Error('the preview did not list 52 visits');
    if (i >= 3) {
      samples.push(r.ms);
      cpuSamples.push(r.cpuMs);
      blocked += r.value.blocked;
    }
  }
  return { preview52Ms: p95(samples), preview52CpuMs: p95(cpuSamples), blocked };
}
