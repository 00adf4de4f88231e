/**
 * Synthetic clinics for the benchmark, written straight into SQLite with prepared statements
 * (through the real schema, migrations and overlap trigger) so that a million appointments take
 * seconds, not minutes. Deterministic: a seeded PRNG and a fixed clock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { defaultMigrationsFolder, openDatabase, type ClinicDb } from '../src/core/db/open';
import { nameKey } from '../src/core/db/repos/patients';
import { mulberry32 } from '../src/core/demo/random';
import { searchTokens } from '../src/core/entities/patient';
import {
  addDays,
  eachDate,
  isoWeekday,
  localDateOf,
  localToInstant,
  MINUTE_MS,
} from '../src/core/time';

export const BENCH_NOW = Date.parse('2026-06-01T13:00:00Z'); // a Monday, 09:00 in New York
export const ZONE = 'America/New_York';
export const SPECIALTIES = [
  '207Q00000X',
  '207R00000X',
  '208000000X',
  '207RC0000X',
  '207N00000X',
  '207V00000X',
];

export interface ClinicSize {
  name: string;
  providers: number;
  locations: number;
  patients: number;
  appointments: number;
}

export const SMALL: ClinicSize = {
  name: 'small',
  providers: 10,
  locations: 2,
  patients: 5_000,
  appointments: 50_000,
};
export const LARGE: ClinicSize = {
  name: 'large',
  providers: 200,
  locations: 5,
  patients: 100_000,
  appointments: 1_000_000,
};

/**
 * For matching/search: 500 providers at 20 sites across Austin's ZIPs, in ten plans' networks,
 * patients with a ZIP and a coverage, calendars filled like the others for the next 90 days.
 */
export const MATCHING: ClinicSize = {
  name: 'matching',
  providers: 500,
  locations: 20,
  patients: 20_000,
  appointments: 200_000,
};

const AUSTIN_ZIPS =
  '78701 78702 78703 78704 78705 78712 78717 78719 78721 78722 78723 78724 78725 78726 78727 78728 78729 78730 78731 78732'.split(
    ' ',
  );
export const MATCHING_PLANS = 10;

/** Bump when the generator changes, so a cached dataset from an older generator is rebuilt. */
const GENERATOR_VERSION = 6;

const FIRST = [
  'Maria',
  'James',
  'Linh',
  'Jose',
  'Aisha',
  'Robert',
  'Mei',
  'David',
  'Sofia',
  'Michael',
  'Fatima',
  'William',
  'Ana',
  'Nguyen',
  'Olivia',
  'Carlos',
  'Emma',
  'Minh',
  'Grace',
  'Luis',
  'Hannah',
  'Daniel',
  'Priya',
  'Thomas',
  'Isabella',
  'Omar',
  'Chloe',
  'Juan',
  'Zoe',
  'Samuel',
];
const LAST = [
  'Smith',
  'Garcia',
  'Nguyen',
  'Johnson',
  'Martinez',
  'Tran',
  'Williams',
  'Lopez',
  'Brown',
  'Hernandez',
  'Le',
  'Davis',
  'Gonzalez',
  'Pham',
  'Miller',
  'Rodriguez',
  'Wilson',
  'Perez',
  'Anderson',
  'Sanchez',
  'Thomas',
  'Ramirez',
  'Taylor',
  'Torres',
  'Moore',
  'Flores',
  'Jackson',
  'Rivera',
  'Martin',
  'Gomez',
  'Lee',
  'Diaz',
  'Thompson',
  'Cruz',
  'White',
  'Reyes',
  'Harris',
  'Morales',
  'Clark',
  'Ortiz',
];

export interface GeneratedClinic {
  file: string;
  size: ClinicSize;
  providerIds: number[];
  providersBySpecialty: Map<string, number[]>;
  visitTypeIds: number[];
  patientIds: { first: number; last: number };
  generatedMs: number | null;
  reused: boolean;
}

/** Builds (or reuses, when the same generator already built it) a clinic database under `dir`. */
export function generateClinic(
  dir: string,
  size: ClinicSize,
  options: { reuse: boolean },
): GeneratedClinic {
  // The cache is keyed by the generator and by the shipped migrations: a schema change rebuilds it.
  const schema = createHash('sha256')
    .update(
      readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() })
        .map((m) => m.hash)
        .join(),
    )
    .digest('hex')
    .slice(0, 8);
  const file = path.join(dir, `${size.name}-v${GENERATOR_VERSION}-${schema}.db`);
  const marker = `${file}.complete`;
  const reused = options.reuse && fs.existsSync(marker);
  let generatedMs: number | null = null;
  if (!reused) {
    for (const f of [file, `${file}-wal`, `${file}-shm`, marker]) fs.rmSync(f, { force: true });
    const started = performance.now();
    const db = openDatabase({ file, durability: 'normal' });
    try {
      fill(db, size);
      db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      db.sqlite.exec('ANALYZE');
    } finally {
      db.close();
    }
    generatedMs = performance.now() - started;
    fs.writeFileSync(marker, new Date().toISOString());
  }
  const db = openDatabase({ file });
  try {
    const providers = db.sqlite
      .prepare('SELECT id, taxonomy_code AS t FROM providers ORDER BY id')
      .all() as { id: number; t: string }[];
    const bySpec = new Map<string, number[]>();
    for (const p of providers) bySpec.set(p.t, [...(bySpec.get(p.t) ?? []), p.id]);
    const visitTypeIds = (
      db.sqlite.prepare('SELECT id FROM visit_types ORDER BY id').all() as { id: number }[]
    ).map((r) => r.id);
    const pr = db.sqlite
      .prepare('SELECT min(id) AS first, max(id) AS last FROM patients')
      .get() as { first: number; last: number };
    return {
      file,
      size,
      providerIds: providers.map((p) => p.id),
      providersBySpecialty: bySpec,
      visitTypeIds,
      patientIds: pr,
      generatedMs,
      reused,
    };
  } finally {
    db.close();
  }
}

function fill(db: ClinicDb, size: ClinicSize): void {
  const rnd = mulberry32(size.providers * 7919 + size.appointments);
  const s = db.sqlite;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const tx = s.transaction(() => {
    s.prepare(
      `INSERT INTO clinic (id, name, time_zone, setup_state, updated_ms) VALUES (1, ?, ?, 'empty', ?)`,
    ).run(`Bench ${size.name}`, ZONE, BENCH_NOW);
    const loc = s.prepare(
      `INSERT INTO locations (name, address1, city, state, zip, created_ms) VALUES (?, ?, 'Austin', 'TX', ?, ?)`,
    );
    for (let i = 0; i < size.locations; i++)
      loc.run(
        `Site ${i + 1}`,
        `${100 + i} Main St`,
        size === MATCHING
          ? AUSTIN_ZIPS[i % AUSTIN_ZIPS.length]!
          : `787${String(i).padStart(2, '0')}`,
        BENCH_NOW,
      );
    const vt = s.prepare(
      `INSERT INTO visit_types (name, duration_minutes, buffer_after_minutes, created_ms) VALUES (?, ?, ?, ?)`,
    );
    const durations = [15, 30, 30, 45, 60];
    durations.forEach((d, i) =>
      vt.run(`Visit ${i + 1} (${d} min)`, d, i === 4 ? 10 : 0, BENCH_NOW),
    );
    const prov = s.prepare(
      `INSERT INTO providers (first_name, last_name, taxonomy_code, languages, created_ms) VALUES (?, ?, ?, ?, ?)`,
    );
    const provLoc = s.prepare(
      `INSERT INTO provider_locations (provider_id, location_id) VALUES (?, ?)`,
    );
    const week = s.prepare(
      `INSERT INTO weekly_schedules (provider_id, location_id, effective_from, created_ms) VALUES (?, ?, '2020-01-01', ?)`,
    );
    const block = s.prepare(
      `INSERT INTO schedule_blocks (weekly_schedule_id, weekday, start_minute, end_minute, kind) VALUES (?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < size.providers; i++) {
      const id = Number(
        prov.run(
          pick(FIRST),
          pick(LAST),
          SPECIALTIES[i % SPECIALTIES.length]!,
          rnd() < 0.3 ? '["en","es"]' : '["en"]',
          BENCH_NOW,
        ).lastInsertRowid,
      );
      const locationId = (i % size.locations) + 1;
      provLoc.run(id, locationId);
      const ws = Number(week.run(id, locationId, BENCH_NOW).lastInsertRowid);
      for (let wd = 1; wd <= 5; wd++) {
        block.run(ws, wd, 8 * 60, 17 * 60, 'hours');
        block.run(ws, wd, 12 * 60, 13 * 60, 'break');
      }
    }
    const pat = s.prepare(
      `INSERT INTO patients (first_name, last_name, last_name_key, first_name_key, date_of_birth, phone_mobile, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const tok = s.prepare(
      `INSERT OR IGNORE INTO patient_search_tokens (token, patient_id) VALUES (?, ?)`,
    );
    for (let i = 0; i < size.patients; i++) {
      const first = pick(FIRST);
      const last =
        pick(LAST) +
        (rnd() < 0.5 ? '' : pick(['son', 'ez', 'ova', 'berg', 'ley', 'ton', 'ski', 'ford']));
      const dob = `${1930 + Math.floor(rnd() * 90)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      const phone = `+1${pick(['512', '737', '210', '713'])}555${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`;
      const id = Number(
        pat.run(first, last, nameKey(last), nameKey(first), dob, phone, BENCH_NOW, BENCH_NOW)
          .lastInsertRowid,
      );
      for (const t of searchTokens({ firstName: first, lastName: last, phoneMobile: phone }))
        tok.run(t, id);
    }
    if (size === MATCHING) fillInsurance(s, size, rnd);
    // Appointments: each provider's weekdays from far back to 90 days ahead, packed with visits
    // between 08:00–12:00 and 13:00–17:00; the future thins out week by week so openings exist.
    const perProvider = Math.floor(size.appointments / size.providers);
    const today = localDateOf(ZONE, BENCH_NOW);
    const lastDate = addDays(today, 90);
    const pastDaysNeeded = Math.ceil((perProvider * 1.1) / 12);
    const firstDate = addDays(today, -Math.ceil(pastDaysNeeded * 1.45));
    const appt = s.prepare(
      `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id, start_ms, end_ms, status, booked_by, booked_from, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'bench', 'bench', ?, ?)`,
    );
    let code = 0;
    for (let p = 1; p <= size.providers; p++) {
      const locationId = ((p - 1) % size.locations) + 1;
      let made = 0;
      // Walk days backward from the horizon so every provider has a full future and as much past as its quota allows.
      const dates = [...eachDate(firstDate, lastDate)].filter((d) => isoWeekday(d) <= 5).reverse();
      for (const date of dates) {
        if (made >= perProvider) break;
        const daysAhead = Math.round((localToInstant(ZONE, date, 0) - BENCH_NOW) / 86_400_000);
        const fill = daysAhead > 0 ? Math.max(0.15, 0.85 - daysAhead / 100) : 0.9;
        for (const [from, to] of [
          [480, 720],
          [780, 1020],
        ] as const) {
          let m = from;
          while (m < to && made < perProvider) {
            const vIdx = Math.floor(rnd() * durations.length);
            const dur = durations[vIdx]!;
            const buf = vIdx === 4 ? 10 : 0;
            if (m + dur > to) break;
            if (rnd() < fill) {
              const start = localToInstant(ZONE, date, m);
              const past = start < BENCH_NOW;
              const r = rnd();
              const status = past
                ? r < 0.18
                  ? 'no_show'
                  : r < 0.27
                    ? 'cancelled'
                    : 'completed'
                : r < 0.08
                  ? 'cancelled'
                  : r < 0.5
                    ? 'confirmed'
                    : 'booked';
              const patient = 1 + Math.floor(rnd() * size.patients);
              appt.run(
                `B${(code++).toString(36).toUpperCase()}`,
                patient,
                p,
                locationId,
                vIdx + 1,
                start,
                start + dur * MINUTE_MS,
                status,
                BENCH_NOW,
                BENCH_NOW,
              );
              made++;
              m += dur + buf;
            } else {
              m += 15;
            }
          }
        }
      }
    }
  });
  tx.immediate();
}

/** Payers, plans, networks (each provider in about 70 % of plans), and a ZIP and coverage per patient. */
function fillInsurance(s: ClinicDb['sqlite'], size: ClinicSize, rnd: () => number): void {
  const payer = s.prepare('INSERT INTO payers (name, created_ms) VALUES (?, ?)');
  const plan = s.prepare(
    'INSERT INTO insurance_plans (payer_id, name, product_type, created_ms) VALUES (?, ?, ?, ?)',
  );
  for (let i = 0; i < MATCHING_PLANS / 2; i++) {
    const payerId = Number(payer.run(`Payer ${i + 1}`, BENCH_NOW).lastInsertRowid);
    plan.run(payerId, 'PPO', 'PPO', BENCH_NOW);
    plan.run(payerId, 'HMO', 'HMO', BENCH_NOW);
  }
  const net = s.prepare(
    `INSERT INTO provider_networks (provider_id, plan_id, effective_from, created_ms) VALUES (?, ?, '2020-01-01', ?)`,
  );
  for (let p = 1; p <= size.providers; p++)
    for (let planId = 1; planId <= MATCHING_PLANS; planId++)
      if (rnd() < 0.7) net.run(p, planId, BENCH_NOW);
  const zip = s.prepare('UPDATE patients SET zip = ?, preferred_language = ? WHERE id = ?');
  const cov = s.prepare(
    `INSERT INTO patient_coverages (patient_id, plan_id, member_id, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?)`,
  );
  for (let id = 1; id <= size.patients; id++) {
    zip.run(AUSTIN_ZIPS[Math.floor(rnd() * AUSTIN_ZIPS.length)]!, rnd() < 0.25 ? 'es' : 'en', id);
    if (rnd() < 0.9)
      cov.run(id, 1 + Math.floor(rnd() * MATCHING_PLANS), `M${id}`, BENCH_NOW, BENCH_NOW);
  }
}
