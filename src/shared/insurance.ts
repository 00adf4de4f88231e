/**
 * Insurance words both sides use: the plan product types plans/create accepts (and the database
 * checks), and how a patient is related to the subscriber. Browser-safe.
 */

export const PLAN_PRODUCT_TYPES = [
  'HMO',
  'PPO',
  'POS',
  'EPO',
  'HDHP',
  'Medicare',
  'Medicare Advantage',
  'Medicaid',
  'Other',
] as const;

export type PlanProductType = (typeof PLAN_PRODUCT_TYPES)[number];

/** The product type a new plan starts with in the "add a plan" form: the commonest on a card. */
export const DEFAULT_PLAN_PRODUCT_TYPE: PlanProductType = 'PPO';

export const COVERAGE_RELATIONSHIPS = ['self', 'spouse', 'child', 'other'] as const;

export type CoverageRelationship = (typeof COVERAGE_RELATIONSHIPS)[number];

/** The patient's relationship to the subscriber, as the coverage form offers it. */
export const COVERAGE_RELATIONSHIP_LABELS: Readonly<Record<CoverageRelationship, string>> = {
  self: 'Self (the patient is the subscriber)',
  spouse: 'Spouse',
  child: 'Child',
  other: 'Other dependent',
};
