/**
 * What the patient is expected to pay for a visit, from the plan's benefits. Pure arithmetic in
 * integer cents ($0.10 + $0.20 must be $0.30, not 0.30000000000000004), dollars out. Every step
 * is returned in words so the receptionist can read the estimate to the patient and the patient
 * can see why.
 *
 * Rules, in order:
 *  1. no benefits known, coverage inactive, or nothing for this visit → no amount, with the reason;
 *  2. the service is not covered → the patient pays the whole allowed amount;
 *  3. a copay applies → the patient pays the copay, capped by the allowed amount;
 *  4. otherwise the deductible still remaining applies first (min(allowed, remaining)), then
 *     the coinsurance on the rest;
 *  5. the total is capped by what is left of the out-of-pocket maximum.
 * Benefits are looked up for the visit's own service type (98 office visit, MH, UC, BZ) first and
 * then 30 (the plan in general), field by field: payers usually send the copay under 98 and the
 * deductible and out-of-pocket maximum under 30.
 */
import { invalidInput } from './errors';
import { serviceTypeName } from './serviceTypes';
import type { CoverageLevel } from './codes';
import type { Network, PatientEligibility, ServiceBenefits } from './types';

export interface FeeScheduleEntry {
  cptCode: string;
  /** What the clinic expects to be allowed when a payer has no rate of its own. */
  defaultAllowed: number;
  /** The clinic's price for a patient paying for themselves; null = use defaultAllowed. */
  selfPayPrice: number | null;
  /** Contracted allowed amounts keyed by payer id (NM109 of the payer, e.g. "842610001"). */
  payerAllowed: Record<string, number>;
}

export interface FeeSchedule {
  entries: FeeScheduleEntry[];
}

export interface AllowedAmount {
  amount: number;
  source: 'payer' | 'default' | 'self_pay';
  description: string;
}

/** The allowed amount for a CPT code: the payer's rate, else the default; self-pay when payerId is null. */
export function allowedAmountFor(args: {
  feeSchedule: FeeSchedule;
  cptCode: string;
  payerId: string | null;
}): AllowedAmount | null {
  const entry = args.feeSchedule.entries.find((e) => e.cptCode === args.cptCode);
  if (!entry) return null;
  if (args.payerId === null) {
    return entry.selfPayPrice !== null
      ? {
          amount: entry.selfPayPrice,
          source: 'self_pay',
          description: 'the clinic’s self-pay price',
        }
      : {
          amount: entry.defaultAllowed,
          source: 'default',
          description: 'the clinic’s standard fee (no self-pay price is set)',
        };
  }
  const contracted = entry.payerAllowed[args.payerId];
  return contracted !== undefined
    ? { amount: contracted, source: 'payer', description: 'the payer’s fee schedule' }
    : {
        amount: entry.defaultAllowed,
        source: 'default',
        description: 'the clinic’s standard fee (no rate on file for this payer)',
      };
}

export interface CostEstimateInput {
  allowed: AllowedAmount;
  /** The patient's entry from parse271, or null when eligibility was not checked. */
  eligibility: PatientEligibility | null;
  /** The visit's service types, e.g. serviceTypesForVisit(...) → ["30", "98"]. */
  serviceTypes: string[];
  /** Is the visit's provider in the patient's network? */
  network: 'in' | 'out';
}

export interface CostEstimate {
  allowedAmount: number;
  /** Dollars, 2 decimals; null when it cannot be estimated (see `reason`). */
  patientAmount: number | null;
  planAmount: number | null;
  network: 'in' | 'out';
  steps: string[];
  reason: string | null;
}

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
export const money = (cents: number): string => USD.format(cents / 100);
const toCents = (dollars: number): number => Math.round(dollars * 100);
const toDollars = (cents: number): number => cents / 100;
const percent = (fraction: number): string => `${Number((fraction * 100).toFixed(2))}%`;

const LEVEL_ORDER: Array<CoverageLevel | null> = [
  'individual',
  null,
  'employee',
  'employee_and_spouse',
  'employee_and_children',
  'spouse',
  'spouse_and_children',
  'children',
  'dependents',
  'family',
];

const NETWORKS: Record<'in' | 'out', Network[]> = {
  in: ['in', 'not_applicable', 'unknown'],
  out: ['out', 'not_applicable', 'unknown'],
};

const NETWORK_WORDS: Record<Network, string> = {
  in: 'in network',
  out: 'out of network',
  not_applicable: 'in or out of network',
  unknown: 'network not stated',
};

function lookupOrder(serviceTypes: string[]): string[] {
  const specific = serviceTypes.filter((t) => t !== '30');
  return [...new Set([...specific, '30'])];
}

interface Found<T> {
  value: T;
  from: ServiceBenefits;
}

function pick<T>(
  benefits: ServiceBenefits[],
  input: CostEstimateInput,
  get: (b: ServiceBenefits) => T | null,
): Found<T> | null {
  for (const type of lookupOrder(input.serviceTypes)) {
    for (const net of NETWORKS[input.network]) {
      const found = benefits
        .filter((b) => b.serviceType === type && b.network === net && get(b) !== null)
        .sort(
          (a, b) => LEVEL_ORDER.indexOf(a.coverageLevel) - LEVEL_ORDER.indexOf(b.coverageLevel),
        )[0];
      if (found) return { value: get(found)!, from: found };
    }
  }
  return null;
}

interface Accumulated {
  /** Cents still to be met (or the total, when the payer did not say what is left). */
  leftCents: number;
  totalCents: number | null;
  assumed: boolean;
  from: ServiceBenefits;
}

/**
 * The deductible or out-of-pocket figure that binds: where the payer gives both individual and
 * family figures, the smaller remainder wins (once the family deductible is met, no one in the
 * family owes more of it).
 */
function pickAccumulator(
  benefits: ServiceBenefits[],
  input: CostEstimateInput,
  which: 'deductible' | 'outOfPocket',
): Accumulated | null {
  for (const type of lookupOrder(input.serviceTypes)) {
    for (const net of NETWORKS[input.network]) {
      const candidates = benefits
        .filter((b) => b.serviceType === type && b.network === net)
        .map((b): Accumulated | null => {
          const acc = b[which];
          const left = acc.remaining ?? acc.total;
          if (left === null) return null;
          return {
            leftCents: toCents(left),
            totalCents: acc.total === null ? null : toCents(acc.total),
            assumed: acc.remaining === null,
            from: b,
          };
        })
        .filter((c): c is Accumulated => c !== null)
        .sort((a, b) => a.leftCents - b.leftCents);
      if (candidates[0]) return candidates[0];
    }
  }
  return null;
}

const whose = (b: ServiceBenefits): string =>
  b.coverageLevel === 'family' ? 'family ' : b.coverageLevel === 'individual' ? 'individual ' : '';

function noEstimate(input: CostEstimateInput, steps: string[], reason: string): CostEstimate {
  return {
    allowedAmount: input.allowed.amount,
    patientAmount: null,
    planAmount: null,
    network: input.network,
    steps: [...steps, reason],
    reason,
  };
}

function unusable(input: CostEstimateInput): string | null {
  const e = input.eligibility;
  if (e === null) {
    return 'No insurance benefits are known for this patient: check eligibility first, or quote the self-pay price.';
  }
  if (e.coverage === 'inactive') {
    return 'The payer says this coverage is inactive: the patient may owe the full self-pay price (give a Good Faith Estimate).';
  }
  if (e.benefits.length === 0) {
    const why = e.rejections[0] ? ` (${e.rejections[0].reason})` : '';
    return `The payer’s response lists no benefits for this patient${why}, so the cost cannot be estimated.`;
  }
  return null;
}

export function estimatePatientCost(input: CostEstimateInput): CostEstimate {
  if (!Number.isFinite(input.allowed?.amount) || input.allowed.amount < 0) {
    throw invalidInput(
      'allowed.amount',
      'The allowed amount must be a number of dollars, 0 or more.',
    );
  }
  const allowed = toCents(input.allowed.amount);
  const steps = [`Allowed amount: ${money(allowed)} (${input.allowed.description}).`];
  const problem = unusable(input);
  if (problem) return noEstimate(input, steps, problem);
  const benefits = input.eligibility!.benefits;

  const notCovered = pick(benefits, input, (b) => (b.nonCovered ? true : null));
  const copay = pick(benefits, input, (b) => b.copay);
  const coinsurance = pick(benefits, input, (b) => b.coinsurance);
  const deductible = pickAccumulator(benefits, input, 'deductible');
  const outOfPocket = pickAccumulator(benefits, input, 'outOfPocket');

  let patient: number;
  if (notCovered) {
    patient = allowed;
    steps.push(
      `Not covered: the plan does not cover ${notCovered.from.serviceTypeName} → you pay the full ${money(allowed)}.`,
    );
  } else if (copay) {
    const copayCents = toCents(copay.value);
    patient = Math.min(copayCents, allowed);
    const what = `${copay.from.serviceTypeName}, ${NETWORK_WORDS[copay.from.network]}`;
    steps.push(
      copayCents > allowed
        ? `Copay: ${money(copayCents)} for ${what}, but the allowed amount is only ${money(allowed)} → you pay ${money(patient)}.`
        : `Copay: ${money(copayCents)} for ${what} → you pay ${money(patient)}.`,
    );
  } else if (!deductible && !coinsurance) {
    return noEstimate(
      input,
      steps,
      `The payer lists no copay, deductible or coinsurance for ${serviceTypeName(lookupOrder(input.serviceTypes)[0]!)} ${input.network === 'in' ? 'in' : 'out of'} network, so the cost cannot be estimated: call the payer.`,
    );
  } else {
    patient = deductibleThenCoinsurance({ allowed, deductible, coinsurance, steps });
  }

  if (outOfPocket) {
    const left = outOfPocket.leftCents;
    const label = `${whose(outOfPocket.from)}out-of-pocket maximum`;
    if (patient > left) {
      patient = left;
      steps.push(
        `Out-of-pocket maximum: only ${money(left)} left of the ${label} → you pay at most ${money(left)}.`,
      );
    } else {
      steps.push(`Out-of-pocket maximum: ${money(left)} left of the ${label} → no cap reached.`);
    }
  }
  steps.push(`Total: you pay ${money(patient)}; the plan pays ${money(allowed - patient)}.`);
  return {
    allowedAmount: toDollars(allowed),
    patientAmount: toDollars(patient),
    planAmount: toDollars(allowed - patient),
    network: input.network,
    steps,
    reason: null,
  };
}

function deductibleThenCoinsurance(args: {
  allowed: number;
  deductible: Accumulated | null;
  coinsurance: Found<number> | null;
  steps: string[];
}): number {
  const { allowed, deductible, coinsurance, steps } = args;
  let applied = 0;
  if (!deductible) {
    steps.push('Deductible: none listed for this visit → nothing from the deductible.');
  } else {
    const label = `${whose(deductible.from)}deductible`;
    applied = Math.min(allowed, deductible.leftCents);
    if (deductible.leftCents === 0) {
      steps.push(
        `Deductible: the ${label} is met ($0.00 remaining) → nothing from the deductible.`,
      );
    } else if (deductible.assumed) {
      steps.push(
        `Deductible: ${money(deductible.leftCents)} ${label} (the payer did not say how much is met; assuming none) → you pay ${money(applied)}.`,
      );
    } else {
      steps.push(
        `Deductible: ${money(applied)} of ${money(deductible.leftCents)} remaining ${label} applies → you pay ${money(applied)}.`,
      );
    }
  }
  const rest = allowed - applied;
  if (rest === 0) return applied;
  if (!coinsurance) {
    steps.push(`Coinsurance: none listed for the remaining ${money(rest)} → the plan pays it.`);
    return applied;
  }
  const share = Math.round(rest * coinsurance.value);
  steps.push(
    `Coinsurance: ${percent(coinsurance.value)} of the remaining ${money(rest)} → you pay ${money(share)}.`,
  );
  return applied + share;
}
