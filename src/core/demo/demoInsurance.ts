/**
 * The demo clinic's insurance: the payers a Raleigh–Durham practice actually bills, their plans,
 * which providers are in which networks, and a coverage for most patients (Medicare from 65,
 * Medicaid for some children and adults, a commercial plan for most others, a few self-pay;
 * children on a parent's plan as dependents). A separate random stream, so adding insurance did
 * not change a single patient or appointment of the demo.
 */
import type Database from 'better-sqlite3';
import { addDays, ageOn, type LocalDate } from '../time';
import type { DemoPatient } from './demoPatients';
import type { Rng } from './random';

interface DemoPlan {
  payer: string;
  clearinghousePayerId: string;
  name: string;
  productType: string;
  /** Who carries it: commercial (under 65), medicare (65+), medicaid. */
  market: 'commercial' | 'medicare' | 'medicaid';
  share: number;
}

// Clearinghouse payer IDs are the commonly published ones (they vary by clearinghouse).
export const DEMO_PLANS: readonly DemoPlan[] = [
  {
    payer: 'Blue Cross NC',
    clearinghousePayerId: '61473',
    name: 'Blue Advantage PPO',
    productType: 'PPO',
    market: 'commercial',
    share: 0.22,
  },
  {
    payer: 'Blue Cross NC',
    clearinghousePayerId: '61473',
    name: 'Blue Value HMO',
    productType: 'HMO',
    market: 'commercial',
    share: 0.1,
  },
  {
    payer: 'Aetna',
    clearinghousePayerId: '60054',
    name: 'Choice POS II',
    productType: 'POS',
    market: 'commercial',
    share: 0.14,
  },
  {
    payer: 'Aetna',
    clearinghousePayerId: '60054',
    name: 'Open Access Managed Choice',
    productType: 'EPO',
    market: 'commercial',
    share: 0.06,
  },
  {
    payer: 'UnitedHealthcare',
    clearinghousePayerId: '87726',
    name: 'Choice Plus',
    productType: 'PPO',
    market: 'commercial',
    share: 0.14,
  },
  {
    payer: 'UnitedHealthcare',
    clearinghousePayerId: '87726',
    name: 'Navigate HMO',
    productType: 'HMO',
    market: 'commercial',
    share: 0.05,
  },
  {
    payer: 'Cigna',
    clearinghousePayerId: '62308',
    name: 'Open Access Plus',
    productType: 'POS',
    market: 'commercial',
    share: 0.09,
  },
  {
    payer: 'Medicare',
    clearinghousePayerId: 'CMS',
    name: 'Medicare Part B',
    productType: 'Medicare',
    market: 'medicare',
    share: 0.7,
  },
  {
    payer: 'Humana',
    clearinghousePayerId: '61101',
    name: 'Gold Plus HMO',
    productType: 'Medicare Advantage',
    market: 'medicare',
    share: 0.3,
  },
  {
    payer: 'NC Medicaid',
    clearinghousePayerId: 'NCMCD',
    name: 'NC Medicaid Direct',
    productType: 'Medicaid',
    market: 'medicaid',
    share: 1,
  },
];

function pickPlan(rng: Rng, plans: readonly (DemoPlan & { id: number })[]) {
  let r = rng.next() * plans.reduce((s, p) => s + p.share, 0);
  for (const p of plans) if ((r -= p.share) < 0) return p;
  return plans[plans.length - 1]!;
}

function memberId(rng: Rng, prefix: string): string {
  let s = prefix;
  while (s.length < 11) s += String(rng.int(0, 9));
  return s;
}

export function writeInsurance(args: {
  sqlite: Database.Database;
  rng: Rng;
  directoryMs: number;
  today: LocalDate;
  providerIds: readonly number[];
  patients: readonly DemoPatient[];
  patientIds: readonly number[];
  registeredMs: number;
}): { plans: number; coverages: number } {
  const { sqlite, rng } = args;
  const payerIds = new Map<string, number>();
  const insertPayer = sqlite.prepare(
    'INSERT INTO payers (name, clearinghouse_payer_id, created_ms) VALUES (?, ?, ?)',
  );
  const insertPlan = sqlite.prepare(
    'INSERT INTO insurance_plans (payer_id, name, product_type, created_ms) VALUES (?, ?, ?, ?)',
  );
  const plans = DEMO_PLANS.map((p) => {
    let payerId = payerIds.get(p.payer);
    if (payerId === undefined) {
      payerId = Number(
        insertPayer.run(p.payer, p.clearinghousePayerId, args.directoryMs).lastInsertRowid,
      );
      payerIds.set(p.payer, payerId);
    }
    return {
      ...p,
      id: Number(insertPlan.run(payerId, p.name, p.productType, args.directoryMs).lastInsertRowid),
    };
  });

  // Every provider is in most networks; each sits out one or two (an HMO panel that is closed, a
  // payer whose rates the practice refused), and one Aetna contract ends in six weeks.
  const insertNetwork = sqlite.prepare(
    'INSERT INTO provider_networks (provider_id, plan_id, effective_from, effective_to, created_ms) VALUES (?, ?, ?, ?, ?)',
  );
  const start = `${Number(args.today.slice(0, 4)) - 3}-01-01`;
  args.providerIds.forEach((providerId, i) => {
    const out = new Set<number>();
    const skip = rng.int(0, 2);
    while (out.size < skip) out.add(rng.pick(plans.filter((p) => p.market === 'commercial')).id);
    for (const p of plans) {
      if (out.has(p.id)) continue;
      const ends = i === 3 && p.name === 'Choice POS II' ? addDays(args.today, 42) : null;
      insertNetwork.run(providerId, p.id, start, ends, args.directoryMs);
    }
  });

  const insertCoverage = sqlite.prepare(
    `INSERT INTO patient_coverages (patient_id, plan_id, member_id, group_number, priority, relationship,
       subscriber_first_name, subscriber_last_name, subscriber_date_of_birth, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  const byMarket = (m: DemoPlan['market']) => plans.filter((p) => p.market === m);
  let coverages = 0;
  args.patients.forEach((patient, i) => {
    const age = ageOn(patient.record.dateOfBirth, args.today);
    let plan: (DemoPlan & { id: number }) | null;
    if (age >= 65) plan = pickPlan(rng, byMarket('medicare'));
    else if (rng.chance(age < 19 ? 0.3 : 0.12)) plan = byMarket('medicaid')[0]!;
    else if (rng.chance(0.08))
      plan = null; // self-pay
    else plan = pickPlan(rng, byMarket('commercial'));
    if (!plan) return;
    const dependent = age < 19 && plan.market === 'commercial';
    const parentFirst = rng.pick([
      'Maria',
      'James',
      'Jennifer',
      'Robert',
      'Linda',
      'David',
      'Ana',
      'Wei',
    ]);
    const prefix =
      plan.market === 'medicare' && plan.productType === 'Medicare'
        ? '1EG4'
        : plan.payer.slice(0, 1).toUpperCase();
    insertCoverage.run(
      args.patientIds[i]!,
      plan.id,
      memberId(rng, prefix),
      plan.market === 'commercial' ? String(rng.int(100000, 999999)) : null,
      dependent ? 'child' : 'self',
      dependent ? parentFirst : null,
      dependent ? patient.record.lastName : null,
      dependent
        ? `${Number(patient.record.dateOfBirth.slice(0, 4)) - rng.int(24, 40)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`
        : null,
      args.registeredMs,
      args.registeredMs,
    );
    coverages++;
  });
  return { plans: plans.length, coverages };
}
