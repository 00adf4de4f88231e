/**
 * What `parse271` returns — and so what the API handler `eligibility/parse271` sends as JSON.
 * JSON-safe by construction: plain objects, arrays, strings, numbers, booleans and null. No Date
 * (dates are "YYYY-MM-DD" strings), no Map, and no optional fields: a value the payer did not
 * send is null (or an empty array), never undefined or absent. Amounts are dollars as numbers
 * rounded to cents (10 for $10.00); percentages are fractions (0.2 for 20 %).
 */
import type { X12Warning } from './errors';
import type { CoverageLevel, TimePeriod } from './codes';

/** The same person or organization as an NM1 names it. */
export interface Party {
  /** NM101, e.g. "PR", "1P", "IL", "P3". */
  entityCode: string;
  /** NM101 in words: "payer", "provider", "subscriber", "primary care provider". */
  role: string;
  /** NM102 = 2. */
  isOrganization: boolean;
  /** Organization name, or "LAST, FIRST M" for a person. */
  name: string;
  /** NM103: organization name or a person's last name. */
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  suffix: string | null;
  /** NM108: "PI" payer id, "XX" NPI, "MI" member id, "SV" provider number, … */
  idQualifier: string | null;
  /** NM109. */
  id: string | null;
}

export interface Address {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
}

export interface DateEntry {
  /** DTP01, e.g. "346". */
  qualifier: string;
  /** DTP01 in words: "plan begin", "eligibility", … */
  meaning: string;
  /** YYYY-MM-DD. */
  from: string;
  /** YYYY-MM-DD; the same as `from` for a single date (D8). */
  to: string;
}

export interface Reference {
  /** REF01: "6P" group number, "18" plan number, "IG" policy number, … */
  qualifier: string;
  id: string;
  description: string | null;
}

export type RejectionAbout = 'payer' | 'provider' | 'subscriber' | 'dependent' | 'benefit';

/** One AAA segment, explained. */
export interface Rejection {
  /** Where it sat: 2000A/2100A (payer), 2000B/2100B (provider), 2000C/2100C/2110C, 2000D/… */
  loop: string;
  about: RejectionAbout;
  /** AAA01: Y = the request was valid but the payer could not answer it; N = it was not valid. */
  requestValid: boolean | null;
  /** AAA03, e.g. "72". */
  code: string;
  /** Plain words: "member ID not found". */
  reason: string;
  /** What to do: "Check the card, or try the subscriber’s ID." */
  whatToDo: string;
  /** AAA04, e.g. "C". */
  followUpCode: string | null;
  /** AAA04 in words: "Correct the request and send it again." */
  followUp: string | null;
  /** 1-based position of the AAA segment in the file. */
  segment: number;
}

export type Network = 'in' | 'out' | 'not_applicable' | 'unknown';

export interface Limitation {
  description: string | null;
  amount: number | null;
  /** EB10 with its EB09 in words: 20 "visits", 60 "days". */
  quantity: number | null;
  quantityUnit: string | null;
  period: TimePeriod | null;
}

/** One EB segment with its 2110 loop (DTP, REF, MSG, AAA) and 2120 loop (LS … LE). */
export interface EligibilityBenefit {
  /** 1-based position of the EB segment in the file; the handle other fields point to. */
  segment: number;
  /** EB01, e.g. "B". */
  code: string;
  /** EB01 in words: "Co-Payment". */
  meaning: string;
  coverageLevel: CoverageLevel | null;
  /** EB03 split on the repetition separator; empty when the EB is plan-wide. */
  serviceTypes: string[];
  /** EB04, e.g. "HM", "MA". */
  insuranceType: string | null;
  insuranceTypeName: string | null;
  /** EB05. */
  planDescription: string | null;
  period: TimePeriod | null;
  /** EB07, dollars. */
  amount: number | null;
  /** EB08 as a fraction. */
  percent: number | null;
  quantity: number | null;
  quantityUnit: string | null;
  /** EB11: true when prior authorization or certification is required. */
  authorizationRequired: boolean | null;
  network: Network;
  /** EB13 procedure, e.g. { qualifier: "HC", code: "99213" }. */
  procedure: { qualifier: string; code: string } | null;
  dates: DateEntry[];
  references: Reference[];
  messages: string[];
  /** 2120 loop entities: the primary care provider, another payer, … */
  relatedEntities: Array<Party & { address: Address | null; phone: string | null }>;
}

/** Everything the payer said about one service type, for one network and coverage level. */
export interface ServiceBenefits {
  serviceType: string;
  serviceTypeName: string;
  network: Network;
  coverageLevel: CoverageLevel | null;
  /** EB01 1–5 → true, 6–8 → false; null when no such EB names this service type. */
  active: boolean | null;
  copay: number | null;
  coinsurance: number | null;
  deductible: { total: number | null; remaining: number | null; period: TimePeriod | null };
  outOfPocket: { total: number | null; remaining: number | null; period: TimePeriod | null };
  limitations: Limitation[];
  priorAuthorizationRequired: boolean | null;
  nonCovered: boolean;
  messages: string[];
  /** `segment` of every EligibilityBenefit that fed this entry. */
  from: number[];
}

export type CoverageStatus = 'active' | 'inactive' | 'unknown';

/** One patient: a subscriber without dependents in the response, or one dependent. */
export interface PatientEligibility {
  role: 'subscriber' | 'dependent';
  /** Loop of the patient: 2000C or 2000D. */
  loop: '2000C' | '2000D';
  person: Party | null;
  /** The member ID on the card: the patient's own, else the subscriber's. */
  memberId: string | null;
  dateOfBirth: string | null;
  gender: 'female' | 'male' | 'unknown' | null;
  address: Address | null;
  /** INS02 in words ("child", "spouse", "self"). */
  relationshipToSubscriber: string | null;
  /** For a dependent, the subscriber (2100C); null for a subscriber. */
  subscriber: Party | null;
  /** The payer (2100A) and provider (2100B) this answer came through. */
  payer: Party | null;
  provider: Party | null;
  /** TRN: the trace numbers, ours echoed back (type "referenced") and the payer's ("current"). */
  traces: Array<{ type: 'current' | 'referenced'; number: string; assignedBy: string | null }>;
  references: Reference[];
  groupNumber: string | null;
  groupName: string | null;
  coverage: CoverageStatus;
  plan: { name: string | null; begin: string | null; end: string | null };
  dates: DateEntry[];
  benefits: ServiceBenefits[];
  eligibilityBenefits: EligibilityBenefit[];
  /** AAA at the subscriber, dependent and benefit levels on this patient's path. */
  rejections: Rejection[];
  /** Every MSG free-text line, in file order, without repeats. */
  messages: string[];
}

export interface Eligibility271Result {
  /** ST03 (or GS08), e.g. "005010X279A1". */
  version: string;
  controlNumbers: { interchange: string; group: string; transactionSets: string[] };
  /** ISA15 = T. */
  test: boolean;
  /** BHT03 of the first transaction set: the reference of our 270, echoed back. */
  reference: string | null;
  payer: Party | null;
  provider: Party | null;
  /** AAA at the payer (2000A/2100A) and provider (2000B/2100B) levels. */
  rejections: Rejection[];
  patients: PatientEligibility[];
  warnings: X12Warning[];
}
