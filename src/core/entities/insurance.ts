/**
 * Insurance as the front desk meets it: payers ("Aetna"), their plans or products ("Choice POS
 * II", a POS), the plans each provider is in network for (with dates: contracts start and end),
 * and each patient's coverages (primary, secondary) with the member ID from the card.
 */
import { z } from 'zod';
import type { insurancePlans, patientCoverages, payers } from '../db/schema';
import { COVERAGE_RELATIONSHIPS, PLAN_PRODUCT_TYPES } from '../db/schema';
import { id, localDate, optionalText, trimmed, type Brand } from './common';

export type PayerId = Brand<number, 'PayerId'>;
export type PlanId = Brand<number, 'PlanId'>;
export type CoverageId = Brand<number, 'CoverageId'>;

export const payerCreateInput = z
  .object({
    name: trimmed('payer name', 100),
    clearinghousePayerId: optionalText('clearinghouse payer ID', 50),
  })
  .strict();
export type PayerCreateInput = z.output<typeof payerCreateInput>;

export const planCreateInput = z
  .object({
    payerId: id('payer'),
    name: trimmed('plan name', 100),
    productType: z
      .enum(PLAN_PRODUCT_TYPES, {
        error: `product type must be one of ${PLAN_PRODUCT_TYPES.join(', ')}`,
      })
      .default('Other'),
  })
  .strict();
export type PlanCreateInput = z.output<typeof planCreateInput>;

export interface Payer {
  id: PayerId;
  name: string;
  clearinghousePayerId: string | null;
  active: boolean;
}

export interface Plan {
  id: PlanId;
  payerId: PayerId;
  payerName: string;
  name: string;
  /** "Aetna Choice POS II": what a receptionist reads off the card. */
  displayName: string;
  productType: (typeof PLAN_PRODUCT_TYPES)[number];
  active: boolean;
}

export function payerFromRow(r: typeof payers.$inferSelect): Payer {
  return {
    id: r.id as PayerId,
    name: r.name,
    clearinghousePayerId: r.clearinghousePayerId,
    active: r.active,
  };
}

export function planDisplayName(payerName: string, planName: string): string {
  // "Medicare" + "Medicare Part B" should not read "Medicare Medicare Part B".
  return planName.toLowerCase().startsWith(payerName.toLowerCase())
    ? planName
    : `${payerName} ${planName}`;
}

export function planFromRow(r: typeof insurancePlans.$inferSelect, payerName: string): Plan {
  return {
    id: r.id as PlanId,
    payerId: r.payerId as PayerId,
    payerName,
    name: r.name,
    displayName: planDisplayName(payerName, r.name),
    productType: r.productType as Plan['productType'],
    active: r.active,
  };
}

/** One in-network span of a provider for a plan; `effectiveTo` null = until further notice. */
export interface NetworkSpan {
  planId: number;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export const networkSpanInput = z
  .object({
    planId: id('plan'),
    effectiveFrom: localDate('in-network from'),
    effectiveTo: localDate('in-network until').nullable().optional(),
  })
  .strict()
  .refine((n) => !n.effectiveTo || n.effectiveTo >= n.effectiveFrom, {
    message: 'in-network until must not be before in-network from',
    path: ['effectiveTo'],
  });

/** Whether a provider is in network for a plan on a local date. */
export function inNetworkOn(spans: readonly NetworkSpan[], planId: number, date: string): boolean {
  return spans.some(
    (s) =>
      s.planId === planId && s.effectiveFrom <= date && (!s.effectiveTo || date <= s.effectiveTo),
  );
}

/** The last date of the span that covers `date`, or null when it is open-ended (or none covers it). */
export function networkEndsOn(
  spans: readonly NetworkSpan[],
  planId: number,
  date: string,
): string | null {
  let end: string | null = null;
  for (const s of spans) {
    if (s.planId !== planId || s.effectiveFrom > date || (s.effectiveTo && date > s.effectiveTo))
      continue;
    if (!s.effectiveTo) return null;
    if (!end || s.effectiveTo > end) end = s.effectiveTo;
  }
  return end;
}

const coverageFields = z.object({
  planId: id('plan'),
  memberId: z
    .string({ error: 'member ID is required' })
    .trim()
    .min(2, 'member ID is required (as printed on the card)')
    .max(80, 'member ID is too long (at most 80 characters)')
    // X12 270 NM109 is at most 80 characters and may not contain the interchange delimiters.
    .refine((s) => !/[~*^:|\\]/.test(s), 'member ID may contain letters, digits, - and spaces'),
  groupNumber: optionalText('group number', 50),
  priority: z
    .number({ error: 'priority must be 1 (primary), 2 (secondary) or 3' })
    .int()
    .min(1, 'priority must be 1 (primary), 2 (secondary) or 3')
    .max(3, 'priority must be 1 (primary), 2 (secondary) or 3')
    .default(1),
  relationship: z
    .enum(COVERAGE_RELATIONSHIPS, {
      error: 'relationship to the subscriber must be self, spouse, child or other',
    })
    .default('self'),
  subscriberFirstName: optionalText("subscriber's first name", 100),
  subscriberLastName: optionalText("subscriber's last name", 100),
  subscriberDateOfBirth: localDate("subscriber's date of birth").nullable().optional(),
  effectiveFrom: localDate('coverage start').nullable().optional(),
  effectiveTo: localDate('coverage end').nullable().optional(),
});

function coverageRules(
  c: z.output<typeof coverageFields>,
  ctx: { addIssue: (i: { code: 'custom'; message: string; path: string[] }) => void },
) {
  if (c.relationship !== 'self' && (!c.subscriberFirstName || !c.subscriberLastName)) {
    ctx.addIssue({
      code: 'custom',
      message: "a dependent's coverage needs the subscriber's first and last name",
      path: [!c.subscriberFirstName ? 'subscriberFirstName' : 'subscriberLastName'],
    });
  }
  if (c.effectiveFrom && c.effectiveTo && c.effectiveTo < c.effectiveFrom) {
    ctx.addIssue({
      code: 'custom',
      message: 'coverage end must not be before its start',
      path: ['effectiveTo'],
    });
  }
}

export const coverageInput = coverageFields.strict().superRefine(coverageRules);
export type CoverageInput = z.output<typeof coverageInput>;

export interface Coverage {
  id: CoverageId;
  patientId: number;
  planId: PlanId;
  planName: string;
  payerName: string;
  memberId: string;
  groupNumber: string | null;
  priority: number;
  relationship: (typeof COVERAGE_RELATIONSHIPS)[number];
  subscriberFirstName: string | null;
  subscriberLastName: string | null;
  subscriberDateOfBirth: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  active: boolean;
}

export function coverageFromRow(r: typeof patientCoverages.$inferSelect, plan: Plan): Coverage {
  return {
    id: r.id as CoverageId,
    patientId: r.patientId,
    planId: r.planId as PlanId,
    planName: plan.displayName,
    payerName: plan.payerName,
    memberId: r.memberId,
    groupNumber: r.groupNumber,
    priority: r.priority,
    relationship: r.relationship as Coverage['relationship'],
    subscriberFirstName: r.subscriberFirstName,
    subscriberLastName: r.subscriberLastName,
    subscriberDateOfBirth: r.subscriberDateOfBirth,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    active: r.active,
  };
}

/** Whether a coverage is in force on a local date (open ends count as in force). */
export function coverageInForce(c: Coverage, date: string): boolean {
  return (
    c.active &&
    (!c.effectiveFrom || c.effectiveFrom <= date) &&
    (!c.effectiveTo || date <= c.effectiveTo)
  );
}
