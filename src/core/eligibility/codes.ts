/**
 * X12 code lists the 271 uses, turned into words a receptionist can act on. Names follow the
 * 005010X279A1 TR3; reasons and advice are ours, written for the front desk.
 */

export interface RejectReason {
  /** What went wrong, in plain words: "member ID not found". */
  reason: string;
  /** What the receptionist should do next. */
  whatToDo: string;
}

const r = (reason: string, whatToDo: string): RejectReason => ({ reason, whatToDo });
const CHECK_CARD = 'Check the member ID, name and date of birth against the insurance card';

/** AAA03 reject reason codes (X12 element 901). */
export const REJECT_REASONS: Readonly<Record<string, RejectReason>> = {
  '04': r('too many services were asked about at once', 'Ask about fewer service types.'),
  '15': r('information the payer requires is missing', `${CHECK_CARD} and send it again.`),
  '33': r('the payer found errors in the request', `${CHECK_CARD} and send it again.`),
  '35': r(
    'the provider is out of the patient’s network',
    'Tell the patient the visit may be billed out of network, or check the plan’s network.',
  ),
  '41': r(
    'the clinic is not authorized to check eligibility with this payer',
    'Check the clinic’s enrollment with the clearinghouse and this payer.',
  ),
  '42': r('the payer’s system cannot answer right now', 'Try again later.'),
  '43': r(
    'the payer does not accept the provider’s NPI',
    'Check the NPI in the provider’s profile and the provider’s enrollment with this payer.',
  ),
  '44': r(
    'the provider’s name does not match the payer’s records',
    'Check that the provider’s name matches their enrollment with this payer exactly.',
  ),
  '45': r(
    'the provider’s specialty is missing or not accepted',
    'Check the taxonomy (specialty) code in the provider’s profile.',
  ),
  '46': r('the provider’s phone number is missing or wrong', 'Check the provider’s phone number.'),
  '47': r(
    'the provider’s state is missing or wrong',
    'Check the address in the provider’s profile.',
  ),
  '48': r(
    'the referring provider’s ID is missing or wrong',
    'Check the referring provider’s NPI on the referral.',
  ),
  '49': r(
    'the provider is not the patient’s primary care physician',
    'Check the PCP the plan has on file; the patient may need a referral.',
  ),
  '50': r(
    'the payer does not accept eligibility checks from this provider',
    'Check that the provider is enrolled with this payer (and with the clearinghouse), or call the payer.',
  ),
  '51': r(
    'the payer has no record of this provider',
    'Check the provider’s NPI, or enroll the provider with this payer.',
  ),
  '52': r(
    'the provider was not enrolled with the plan on the date of service',
    'Check the date of service and the provider’s enrollment dates with this payer.',
  ),
  '53': r(
    'the payer does not answer this question for this kind of provider',
    'Ask about general coverage (service type 30) instead.',
  ),
  '54': r(
    'the procedure code qualifier is not accepted',
    'Ask by service type instead of procedure code.',
  ),
  '55': r('the procedure code is not accepted', 'Ask by service type instead of procedure code.'),
  '56': r('a date in the request is not acceptable', 'Check the date of service and send again.'),
  '57': r(
    'the date of service is missing or invalid',
    'Check the appointment date and send again.',
  ),
  '58': r(
    'the date of birth is missing or invalid',
    'Check the date of birth with the patient and on the insurance card.',
  ),
  '60': r(
    'the date of birth is after the date of service',
    'Correct the date of birth or the date of service.',
  ),
  '61': r(
    'the payer’s records show a date of death before the date of service',
    'Check that this is the right patient and date; call the payer if their records are wrong.',
  ),
  '62': r(
    'the date of service is outside the period the payer answers for',
    'Check eligibility closer to the visit date, or call the payer.',
  ),
  '63': r(
    'the payer does not answer for future dates of service',
    'Check eligibility again on or just before the visit date.',
  ),
  '64': r('the patient’s ID is missing or wrong', `${CHECK_CARD}.`),
  '65': r(
    'the patient’s name is missing or does not match',
    'Spell the name exactly as on the insurance card.',
  ),
  '66': r('the patient’s sex is missing or wrong', 'Check the patient’s sex as the plan has it.'),
  '67': r('the payer cannot find the patient', `${CHECK_CARD}.`),
  '68': r(
    'the payer has more than one patient with this ID',
    'Add the full name and date of birth, or call the payer.',
  ),
  '69': r(
    'the service asked about does not fit the patient’s age',
    'Check the date of birth and the visit type.',
  ),
  '70': r(
    'the service asked about does not fit the patient’s sex on file',
    'Check the patient’s sex on the insurance card and the visit type.',
  ),
  '71': r(
    'the date of birth does not match the payer’s records',
    'Check the date of birth with the patient and on the insurance card.',
  ),
  '72': r('member ID not found', 'Check the card, or try the subscriber’s ID.'),
  '73': r(
    'the subscriber’s name does not match the payer’s records',
    'Spell the name exactly as on the card (hyphens, suffixes, no nicknames).',
  ),
  '74': r(
    'the subscriber’s sex is missing or does not match',
    'Check the subscriber’s sex as the plan has it.',
  ),
  '75': r(
    'the payer cannot find the subscriber',
    `${CHECK_CARD}; the patient may have a new plan — ask for the current card.`,
  ),
  '76': r(
    'more than one member has this ID',
    'Add the subscriber’s full name and date of birth, or call the payer.',
  ),
  '77': r(
    'the subscriber was found but this patient is not on the plan',
    'Check the dependent’s name and date of birth; they may not be covered by this plan.',
  ),
  '78': r(
    'the subscriber is not in the group or plan named',
    'Check the group number on the card; the patient may have changed plans.',
  ),
  '79': r(
    'the payer or clearinghouse ID in the request is wrong',
    'Check the payer ID in the insurance settings; call the clearinghouse if it keeps happening.',
  ),
  '80': r('the payer did not answer in time', 'Try again later.'),
  '97': r(
    'the provider’s address is missing or wrong',
    'Check the address in the provider’s profile.',
  ),
  '98': r('the payer considers the service experimental', 'Call the payer before the visit.'),
  AA: r('the authorization number was not found', 'Check the authorization number.'),
  AE: r(
    'the primary care physician must authorize this service',
    'Get a referral from the patient’s PCP before the visit.',
  ),
  AF: r('diagnosis codes are missing or invalid', 'Call the payer; ClinicDesk sends no diagnosis.'),
  AG: r('the procedure code is missing or invalid', 'Check the CPT code of the visit type.'),
  AO: r('the payer needs more information about the condition', 'Call the payer.'),
  CI: r(
    'the certification (authorization) information does not match this patient',
    'Check the authorization or referral number for this patient.',
  ),
  E8: r('the payer requires a medical review', 'Call the payer before the visit.'),
  IA: r('the authorization number is in the wrong format', 'Check the authorization number.'),
  MA: r('an authorization is required but missing', 'Get the authorization before the visit.'),
  T4: r('the payer name or ID is missing', 'Check the payer in the insurance settings.'),
};

export function rejectReason(code: string): RejectReason & { known: boolean } {
  const known = REJECT_REASONS[code];
  return known
    ? { ...known, known: true }
    : {
        reason: `the payer rejected the request with code ${code || '(none)'}, which ClinicDesk does not know`,
        whatToDo: 'Call the payer and quote this code.',
        known: false,
      };
}

/** AAA04 follow-up action codes (X12 element 889). */
export const FOLLOW_UP_ACTIONS: Readonly<Record<string, string>> = {
  C: 'Correct the request and send it again.',
  N: 'Do not send it again: the payer will not accept a resubmission.',
  P: 'Send the same request again.',
  R: 'You may send it again.',
  S: 'Do not send it again: the payer is asking a third party.',
  W: 'Wait 30 days, then send it again.',
  X: 'Wait 10 days, then send it again.',
  Y: 'Do not send it again: the payer will answer another way.',
};

/** EB01 eligibility or benefit information codes (X12 element 1390). */
export const BENEFIT_INFO: Readonly<Record<string, string>> = {
  '1': 'Active Coverage',
  '2': 'Active - Full Risk Capitation',
  '3': 'Active - Services Capitated',
  '4': 'Active - Services Capitated to Primary Care Physician',
  '5': 'Active - Pending Investigation',
  '6': 'Inactive',
  '7': 'Inactive - Pending Eligibility Update',
  '8': 'Inactive - Pending Investigation',
  A: 'Co-Insurance',
  B: 'Co-Payment',
  C: 'Deductible',
  CB: 'Coverage Basis',
  D: 'Benefit Description',
  E: 'Exclusions',
  F: 'Limitations',
  G: 'Out of Pocket (Stop Loss)',
  H: 'Unlimited',
  I: 'Non-Covered',
  J: 'Cost Containment',
  K: 'Reserve',
  L: 'Primary Care Provider',
  M: 'Pre-existing Condition',
  MC: 'Managed Care Coordinator',
  N: 'Services Restricted to Following Provider',
  O: 'Not Deemed a Medical Necessity',
  P: 'Benefit Disclaimer',
  Q: 'Second Surgical Opinion Required',
  R: 'Other or Additional Payer',
  S: 'Prior Year(s) History',
  T: 'Card(s) Reported Lost/Stolen',
  U: 'Contact Following Entity for Eligibility or Benefit Information',
  V: 'Cannot Process',
  W: 'Other Source of Data',
  X: 'Health Care Facility',
  Y: 'Spend Down',
};

export type CoverageLevel =
  | 'individual'
  | 'family'
  | 'employee'
  | 'employee_and_spouse'
  | 'employee_and_children'
  | 'spouse'
  | 'spouse_and_children'
  | 'children'
  | 'dependents';

/** EB02 coverage level codes (X12 element 1207). */
export const COVERAGE_LEVELS: Readonly<Record<string, CoverageLevel>> = {
  IND: 'individual',
  FAM: 'family',
  EMP: 'employee',
  ESP: 'employee_and_spouse',
  ECH: 'employee_and_children',
  SPO: 'spouse',
  SPC: 'spouse_and_children',
  CHD: 'children',
  DEP: 'dependents',
};

export type TimePeriod =
  | 'hour'
  | 'day'
  | '24_hours'
  | 'years'
  | 'service_year'
  | 'calendar_year'
  | 'year_to_date'
  | 'contract'
  | 'episode'
  | 'visit'
  | 'outlier'
  | 'remaining'
  | 'exceeded'
  | 'not_exceeded'
  | 'lifetime'
  | 'lifetime_remaining'
  | 'month'
  | 'week'
  | 'admission';

/** EB06 time period qualifiers (X12 element 615). */
export const TIME_PERIODS: Readonly<Record<string, TimePeriod>> = {
  '6': 'hour',
  '7': 'day',
  '13': '24_hours',
  '21': 'years',
  '22': 'service_year',
  '23': 'calendar_year',
  '24': 'year_to_date',
  '25': 'contract',
  '26': 'episode',
  '27': 'visit',
  '28': 'outlier',
  '29': 'remaining',
  '30': 'exceeded',
  '31': 'not_exceeded',
  '32': 'lifetime',
  '33': 'lifetime_remaining',
  '34': 'month',
  '35': 'week',
  '36': 'admission',
};

/** EB09 quantity qualifiers (X12 element 673) used by the 271. */
export const QUANTITY_QUALIFIERS: Readonly<Record<string, string>> = {
  '8H': 'minimum',
  '99': 'quantity used',
  CA: 'covered - actual',
  CE: 'covered - estimated',
  D3: 'coinsurance days',
  DB: 'deductible blood units',
  DY: 'days',
  HS: 'hours',
  LA: 'lifetime reserve days - actual',
  LE: 'lifetime reserve days - estimated',
  M2: 'maximum',
  MN: 'months',
  P6: 'services or procedures',
  QA: 'quantity approved',
  S7: 'age, high value',
  S8: 'age, low value',
  VS: 'visits',
  YY: 'years',
};

/** DTP01 date qualifiers of the 270/271 (X12 element 374). */
export const DATE_QUALIFIERS: Readonly<Record<string, string>> = {
  '096': 'discharge',
  '102': 'issue',
  '152': 'effective date of change',
  '193': 'period start',
  '194': 'period end',
  '198': 'completion',
  '290': 'coordination of benefits',
  '291': 'plan',
  '292': 'benefit',
  '295': 'primary care provider',
  '304': 'latest visit or consultation',
  '307': 'eligibility',
  '318': 'added',
  '340': 'COBRA begin',
  '341': 'COBRA end',
  '342': 'premium paid to date begin',
  '343': 'premium paid to date end',
  '346': 'plan begin',
  '347': 'plan end',
  '348': 'benefit begin',
  '349': 'benefit end',
  '356': 'eligibility begin',
  '357': 'eligibility end',
  '382': 'enrollment',
  '435': 'admission',
  '442': 'date of death',
  '458': 'certification',
  '472': 'service',
  '539': 'policy effective',
  '540': 'policy expiration',
  '636': 'date of last update',
  '771': 'status',
};

/** NM101 entity identifier codes seen in 270/271 loops. */
export const ENTITY_ROLES: Readonly<Record<string, string>> = {
  PR: 'payer',
  '2B': 'third-party administrator',
  '36': 'employer',
  GP: 'gateway provider',
  P5: 'plan sponsor',
  '1P': 'provider',
  FA: 'facility',
  '80': 'hospital',
  '13': 'contracted service provider',
  '1I': 'preferred provider organization',
  IL: 'subscriber',
  '03': 'dependent',
  P3: 'primary care provider',
  PRP: 'primary payer',
  SEP: 'secondary payer',
  TTP: 'tertiary payer',
  VN: 'vendor',
  Y2: 'managed care organization',
  X3: 'utilization management organization',
  '73': 'other physician',
  GW: 'group',
  '7C': 'place of occurrence',
  '1C': 'plan',
};

/** EB04 insurance type codes, the common ones. */
export const INSURANCE_TYPES: Readonly<Record<string, string>> = {
  '12': 'Medicare secondary working aged beneficiary',
  '13': 'Medicare secondary end-stage renal disease',
  '14': 'Medicare secondary, no-fault insurance',
  '15': 'Medicare secondary worker’s compensation',
  '16': 'Medicare secondary public health service',
  '41': 'Medicare secondary black lung',
  '42': 'Medicare secondary veteran’s administration',
  '43': 'Medicare secondary disabled beneficiary under 65',
  '47': 'Medicare secondary, other liability insurance',
  C1: 'Commercial',
  CO: 'COBRA',
  CP: 'Medicare conditionally primary',
  EP: 'Exclusive provider organization',
  HM: 'HMO',
  HN: 'HMO - Medicare risk',
  MA: 'Medicare Part A',
  MB: 'Medicare Part B',
  MC: 'Medicaid',
  MP: 'Medicare primary',
  OT: 'Other',
  PR: 'PPO',
  PS: 'Point of service',
  QM: 'Qualified Medicare Beneficiary',
  SP: 'Supplemental policy',
  WC: 'Workers’ compensation',
};

/** INS02 / relationship to the subscriber (X12 element 1069). */
export const RELATIONSHIPS: Readonly<Record<string, string>> = {
  '01': 'spouse',
  '18': 'self',
  '19': 'child',
  '20': 'employee',
  '21': 'unknown',
  '39': 'organ donor',
  '40': 'cadaver donor',
  '53': 'life partner',
  G8: 'other relationship',
};
