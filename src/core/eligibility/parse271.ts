/**
 * 271 eligibility response -> Eligibility271Result (see types.ts for the shape).
 *
 * Loop-aware: HL 20/21/22/23 open the 2000A (payer), 2000B (provider), 2000C (subscriber) and
 * 2000D (dependent) loops; the NM1 after an HL opens its 2100 loop; each EB opens a 2110 loop
 * (with its DTP, REF, MSG, AAA, III); LS … LE is the 2120 loop of entities tied to that benefit
 * (the primary care provider, another payer). An AAA belongs to the loop it sits in, so "72 at
 * 2100C" is about the subscriber and "42 at 2100A" is about the payer.
 */
import {
  BENEFIT_INFO,
  COVERAGE_LEVELS,
  FOLLOW_UP_ACTIONS,
  INSURANCE_TYPES,
  QUANTITY_QUALIFIERS,
  RELATIONSHIPS,
  TIME_PERIODS,
  rejectReason,
  type TimePeriod,
} from './codes';
import { at, X12Error, type X12Warning } from './errors';
import { readEnvelope, type TransactionSet } from './envelope';
import {
  addToAddress,
  readAmount,
  readDate,
  readDemographics,
  readParty,
  readPercent,
  readQuantity,
  readReference,
  readTrace,
} from './segments';
import { serviceTypeName } from './serviceTypes';
import { components, el, repeats, type Delimiters, type Segment } from './tokenizer';
import type {
  Address,
  CoverageStatus,
  DateEntry,
  Eligibility271Result,
  EligibilityBenefit,
  Network,
  Party,
  PatientEligibility,
  Reference,
  Rejection,
  RejectionAbout,
  ServiceBenefits,
} from './types';

type Level = '20' | '21' | '22' | '23';
const LOOP_LETTER: Record<Level, string> = { '20': 'A', '21': 'B', '22': 'C', '23': 'D' };
const ABOUT: Record<Level, RejectionAbout> = {
  '20': 'payer',
  '21': 'provider',
  '22': 'subscriber',
  '23': 'dependent',
};
const PARENT_LEVEL: Record<Level, Level | null> = {
  '20': null,
  '21': '20',
  '22': '21',
  '23': '22',
};
const LEVEL_WORDS = '20 (payer), 21 (provider), 22 (subscriber) or 23 (dependent)';

interface HlNode {
  level: Level;
  id: string;
  parent: HlNode | null;
  children: HlNode[];
  party: Party | null;
  address: Address | null;
  dateOfBirth: string | null;
  gender: PatientEligibility['gender'];
  relationship: string | null;
  traces: PatientEligibility['traces'];
  references: Reference[];
  dates: DateEntry[];
  rejections: Rejection[];
  benefits: EligibilityBenefit[];
  messages: string[];
}

type Context = 'hl' | 'name' | 'eb' | 'ls' | 'ignored';

interface Walker {
  d: Delimiters;
  warnings: X12Warning[];
  nodes: HlNode[];
  byId: Map<string, HlNode>;
  node: HlNode | null;
  context: Context;
  eb: EligibilityBenefit | null;
  reference: string | null;
}

// Segments of a 271 we read past without using; anything else earns a warning.
const KNOWN_UNUSED = new Set(['PER', 'PRV', 'HI', 'MPI', 'III', 'HSD', 'BHT']);

function newNode(level: Level, id: string, parent: HlNode | null): HlNode {
  return {
    level,
    id,
    parent,
    children: [],
    party: null,
    address: null,
    dateOfBirth: null,
    gender: null,
    relationship: null,
    traces: [],
    references: [],
    dates: [],
    rejections: [],
    benefits: [],
    messages: [],
  };
}

function openHl(w: Walker, s: Segment): void {
  const id = el(s, 1);
  const level = el(s, 3);
  if (level !== '20' && level !== '21' && level !== '22' && level !== '23') {
    throw new X12Error(
      'MALFORMED_SEGMENT',
      `${at(s.position, 'HL')}: level code "${level}" is not one of ${LEVEL_WORDS}.`,
      { segment: s.position, segmentId: 'HL' },
    );
  }
  const parentLevel = PARENT_LEVEL[level];
  let parent = el(s, 2) ? (w.byId.get(el(s, 2)) ?? null) : null;
  if (parentLevel !== null && parent?.level !== parentLevel) {
    // Attach to the latest loop of the right level, so one bad HL02 does not lose the patient.
    const fallback = [...w.nodes].reverse().find((n) => n.level === parentLevel) ?? null;
    w.warnings.push({
      code: 'HL_STRUCTURE',
      message:
        `${at(s.position, 'HL')}: parent "${el(s, 2)}" is not a level-${parentLevel} loop; ` +
        (fallback ? `attached to HL ${fallback.id}.` : 'there is none, so it stands alone.'),
      segment: s.position,
    });
    parent = fallback;
  }
  if (w.byId.has(id)) {
    w.warnings.push({
      code: 'HL_STRUCTURE',
      message: `${at(s.position, 'HL')}: HL01 "${id}" is used twice.`,
      segment: s.position,
    });
  }
  const node = newNode(level, id, parent);
  parent?.children.push(node);
  w.nodes.push(node);
  w.byId.set(id, node);
  w.node = node;
  w.context = 'hl';
  w.eb = null;
}

function readRejection(w: Walker, s: Segment, node: HlNode): Rejection {
  const letter = LOOP_LETTER[node.level];
  const inBenefit = w.context === 'eb' || w.context === 'ls';
  const loop = inBenefit ? `2110${letter}` : w.context === 'hl' ? `2000${letter}` : `2100${letter}`;
  const code = el(s, 3);
  const explained = rejectReason(code);
  if (!explained.known) {
    w.warnings.push({
      code: 'UNKNOWN_CODE',
      message: `${at(s.position, 'AAA')}: reject reason "${code}" is not an X12 code ClinicDesk knows.`,
      segment: s.position,
    });
  }
  const valid = el(s, 1);
  const followUpCode = el(s, 4) || null;
  return {
    loop,
    about: inBenefit ? 'benefit' : ABOUT[node.level],
    requestValid: valid === 'Y' ? true : valid === 'N' ? false : null,
    code,
    reason: explained.reason,
    whatToDo: explained.whatToDo,
    followUpCode,
    followUp: followUpCode ? (FOLLOW_UP_ACTIONS[followUpCode] ?? null) : null,
    segment: s.position,
  };
}

function networkOf(code: string): Network {
  switch (code) {
    case 'Y':
      return 'in';
    case 'N':
      return 'out';
    case 'W':
      return 'not_applicable';
    default:
      return 'unknown';
  }
}

function readBenefit(w: Walker, s: Segment): EligibilityBenefit {
  const code = el(s, 1);
  let meaning = BENEFIT_INFO[code];
  if (meaning === undefined) {
    meaning = `Benefit code ${code || '(none)'}`;
    w.warnings.push({
      code: 'UNKNOWN_CODE',
      message: `${at(s.position, 'EB')}: benefit code "${code}" (EB01) is not an X12 code ClinicDesk knows.`,
      segment: s.position,
    });
  }
  const level = el(s, 2);
  const coverageLevel = level ? (COVERAGE_LEVELS[level] ?? null) : null;
  if (level && coverageLevel === null) {
    w.warnings.push({
      code: 'UNKNOWN_CODE',
      message: `${at(s.position, 'EB')}: coverage level "${level}" (EB02) is unknown; read as not stated.`,
      segment: s.position,
    });
  }
  const insuranceType = el(s, 4) || null;
  const unit = el(s, 9);
  const auth = el(s, 11);
  const [qualifier, procedureCode] = components(el(s, 13), w.d);
  return {
    segment: s.position,
    code,
    meaning,
    coverageLevel,
    serviceTypes: repeats(el(s, 3), w.d),
    insuranceType,
    insuranceTypeName: insuranceType ? (INSURANCE_TYPES[insuranceType] ?? null) : null,
    planDescription: el(s, 5) || null,
    period: (TIME_PERIODS[el(s, 6)] as TimePeriod | undefined) ?? null,
    amount: readAmount(s, 7, w.warnings),
    percent: readPercent(s, 8, w.warnings),
    quantity: readQuantity(s, 10, w.warnings),
    quantityUnit: unit ? (QUANTITY_QUALIFIERS[unit] ?? unit) : null,
    authorizationRequired: auth === 'Y' ? true : auth === 'N' ? false : null,
    network: networkOf(el(s, 12)),
    procedure: qualifier && procedureCode ? { qualifier, code: procedureCode } : null,
    dates: [],
    references: [],
    messages: [],
    relatedEntities: [],
  };
}

function unexpected(w: Walker, s: Segment, where: string): void {
  w.warnings.push({
    code: 'UNEXPECTED_SEGMENT',
    message: `${at(s.position, s.id)}: not expected ${where}; it was skipped.`,
    segment: s.position,
  });
}

/** Segments inside LS … LE: the 2120 entity and its address and phone. */
function onRelatedEntity(w: Walker, s: Segment): void {
  const eb = w.eb!;
  const entity = eb.relatedEntities[eb.relatedEntities.length - 1];
  switch (s.id) {
    case 'LE':
      w.context = 'eb';
      return;
    case 'NM1':
      eb.relatedEntities.push({ ...readParty(s), address: null, phone: null });
      return;
    case 'N3':
    case 'N4':
      if (entity) entity.address = addToAddress(entity.address, s);
      return;
    case 'PER': {
      // PER*IC*name*TE*8664430934*UR*www… — the first phone among the three number pairs.
      for (const n of [3, 5, 7]) {
        if (entity && el(s, n) === 'TE' && entity.phone === null) entity.phone = el(s, n + 1);
      }
      return;
    }
    case 'PRV':
      return;
    default:
      unexpected(w, s, 'inside a benefit-related entity (LS … LE)');
  }
}

/** Segments of the 2110 loop after an EB. */
function onBenefitDetail(w: Walker, s: Segment, node: HlNode): boolean {
  const eb = w.eb!;
  switch (s.id) {
    case 'DTP': {
      const date = readDate(s, w.warnings);
      if (date) eb.dates.push(date);
      return true;
    }
    case 'REF':
      eb.references.push(readReference(s));
      return true;
    case 'MSG':
      if (el(s, 1)) eb.messages.push(el(s, 1));
      return true;
    case 'AAA':
      node.rejections.push(readRejection(w, s, node));
      return true;
    case 'LS':
      w.context = 'ls';
      return true;
    case 'III':
    case 'HSD':
      return true;
    default:
      return false;
  }
}

/** Segments of the 2000/2100 loops: the person or organization and its details. */
function onLoopSegment(w: Walker, s: Segment, node: HlNode): void {
  switch (s.id) {
    case 'NM1':
      if (node.party === null) node.party = readParty(s);
      else unexpected(w, s, `as a second name in HL ${node.id}`);
      w.context = 'name';
      return;
    case 'N3':
    case 'N4':
      node.address = addToAddress(node.address, s);
      return;
    case 'DMG': {
      const dmg = readDemographics(s, w.warnings);
      node.dateOfBirth = dmg.dateOfBirth;
      node.gender = dmg.gender;
      return;
    }
    case 'INS':
      node.relationship = RELATIONSHIPS[el(s, 2)] ?? null;
      return;
    case 'TRN':
      node.traces.push(readTrace(s));
      return;
    case 'REF':
      node.references.push(readReference(s));
      return;
    case 'DTP': {
      const date = readDate(s, w.warnings);
      if (date) node.dates.push(date);
      return;
    }
    case 'AAA':
      node.rejections.push(readRejection(w, s, node));
      return;
    case 'MSG':
      if (el(s, 1)) node.messages.push(el(s, 1));
      return;
    default:
      if (!KNOWN_UNUSED.has(s.id)) unexpected(w, s, `in HL ${node.id}`);
  }
}

function onSegment(w: Walker, s: Segment): void {
  if (s.id === 'HL') return openHl(w, s);
  const node = w.node;
  if (node === null) {
    if (s.id === 'BHT') w.reference ??= el(s, 3) || null;
    else unexpected(w, s, 'before the first HL');
    return;
  }
  if (s.id === 'EB') {
    if (node.level !== '22' && node.level !== '23') {
      unexpected(
        w,
        s,
        `in a ${ABOUT[node.level]} loop (benefits belong to a subscriber or dependent)`,
      );
      w.context = 'ignored';
      return;
    }
    w.eb = readBenefit(w, s);
    node.benefits.push(w.eb);
    w.context = 'eb';
    return;
  }
  if (w.context === 'ignored') return;
  if (w.context === 'ls') return onRelatedEntity(w, s);
  if (w.context === 'eb' && onBenefitDetail(w, s, node)) return;
  onLoopSegment(w, s, node);
}

// ---------------------------------------------------------------------------------------------
// Normalizing benefits per service type

const REMAINING: ReadonlySet<TimePeriod | null> = new Set<TimePeriod | null>([
  'remaining',
  'lifetime_remaining',
]);

function addAccumulator(acc: ServiceBenefits['deductible'], eb: EligibilityBenefit): void {
  if (eb.amount === null) return;
  if (REMAINING.has(eb.period)) {
    acc.remaining ??= eb.amount;
    return;
  }
  // A calendar-year figure beats an episode or lifetime one for the same service and network:
  // it is the one the front desk quotes.
  if (acc.total === null || (eb.period === 'calendar_year' && acc.period !== 'calendar_year')) {
    acc.total = eb.amount;
    acc.period = eb.period;
  }
}

function emptyBenefits(type: string, eb: EligibilityBenefit): ServiceBenefits {
  return {
    serviceType: type,
    serviceTypeName: serviceTypeName(type),
    network: eb.network,
    coverageLevel: eb.coverageLevel,
    active: null,
    copay: null,
    coinsurance: null,
    deductible: { total: null, remaining: null, period: null },
    outOfPocket: { total: null, remaining: null, period: null },
    limitations: [],
    priorAuthorizationRequired: null,
    nonCovered: false,
    messages: [],
    from: [],
  };
}

function addBenefit(g: ServiceBenefits, eb: EligibilityBenefit): void {
  g.from.push(eb.segment);
  switch (eb.code) {
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
      g.active = true;
      break;
    case '6':
    case '7':
    case '8':
      g.active ??= false;
      break;
    case 'A':
      if (eb.percent !== null) g.coinsurance ??= eb.percent;
      break;
    case 'B':
      if (eb.amount !== null) g.copay ??= eb.amount;
      break;
    case 'C':
      addAccumulator(g.deductible, eb);
      break;
    case 'G':
      addAccumulator(g.outOfPocket, eb);
      break;
    case 'F':
      g.limitations.push({
        description: eb.planDescription ?? eb.messages[0] ?? null,
        amount: eb.amount,
        quantity: eb.quantity,
        quantityUnit: eb.quantityUnit,
        period: eb.period,
      });
      break;
    case 'I':
      g.nonCovered = true;
      break;
    default:
      break;
  }
  if (eb.authorizationRequired === true) g.priorAuthorizationRequired = true;
  else if (eb.authorizationRequired === false) g.priorAuthorizationRequired ??= false;
  for (const m of eb.messages) if (!g.messages.includes(m)) g.messages.push(m);
}

/**
 * One entry per service type × network × coverage level, in the order the payer sent them.
 * An EB with no EB03 (plan-wide: "active coverage", "primary care provider", "other payer")
 * stays in eligibilityBenefits only: it names no service to estimate a visit with.
 */
export function normalizeBenefits(ebs: EligibilityBenefit[]): ServiceBenefits[] {
  const groups = new Map<string, ServiceBenefits>();
  for (const eb of ebs) {
    for (const type of eb.serviceTypes) {
      const key = `${type}|${eb.network}|${eb.coverageLevel ?? ''}`;
      let g = groups.get(key);
      if (!g) {
        g = emptyBenefits(type, eb);
        groups.set(key, g);
      }
      addBenefit(g, eb);
    }
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------------
// Patients

function coverageOf(ebs: EligibilityBenefit[]): CoverageStatus {
  if (ebs.some((eb) => ['1', '2', '3', '4', '5'].includes(eb.code))) return 'active';
  if (ebs.some((eb) => ['6', '7', '8'].includes(eb.code))) return 'inactive';
  return 'unknown';
}

function firstDate(dates: DateEntry[], qualifiers: string[], end: boolean): string | null {
  for (const q of qualifiers) {
    const d = dates.find((x) => x.qualifier === q);
    if (!d) continue;
    if (!end) return d.from;
    // An end date comes from a "… end" qualifier or from a true range (RD8 with two dates).
    if (q === '347' || q === '357' || d.to !== d.from) return d.to;
  }
  return null;
}

function planOf(ebs: EligibilityBenefit[], dates: DateEntry[]): PatientEligibility['plan'] {
  const active = ebs.filter((eb) => ['1', '2', '3', '4', '5'].includes(eb.code));
  // Medicare names no plan in EB05 ("EB*1**30*MA"); its insurance types are the plan's name.
  const typeNames = [
    ...new Set(active.map((eb) => eb.insuranceTypeName).filter((n) => n !== null)),
  ];
  return {
    name:
      active.find((eb) => eb.planDescription !== null)?.planDescription ??
      (typeNames.length > 0 ? typeNames.join(', ') : null),
    // 307 (eligibility) is left out: at 2100C it echoes the date range that was asked about.
    begin: firstDate(dates, ['346', '291', '356'], false),
    end: firstDate(dates, ['347', '291', '357'], true),
  };
}

function uniqueMessages(node: HlNode): string[] {
  const all = [...node.messages, ...node.benefits.flatMap((eb) => eb.messages)];
  return [...new Set(all)];
}

function patientOf(node: HlNode, subscriber: HlNode | null): PatientEligibility {
  const provider = (subscriber ?? node).parent;
  const payer = provider?.parent ?? null;
  const ownId =
    node.party && (node.party.idQualifier === 'MI' || node.party.idQualifier === 'II')
      ? node.party.id
      : null;
  const subscriberParty = subscriber?.party ?? null;
  const groupRef = [...node.references, ...(subscriber?.references ?? [])].find(
    (r) => r.qualifier === '6P',
  );
  const rejections = [...(subscriber?.rejections ?? []), ...node.rejections].sort(
    (a, b) => a.segment - b.segment,
  );
  return {
    role: subscriber ? 'dependent' : 'subscriber',
    loop: subscriber ? '2000D' : '2000C',
    person: node.party,
    memberId: ownId ?? subscriberParty?.id ?? null,
    dateOfBirth: node.dateOfBirth,
    gender: node.gender,
    address: node.address,
    relationshipToSubscriber: node.relationship ?? (subscriber ? null : 'self'),
    subscriber: subscriberParty,
    payer: payer?.party ?? null,
    provider: provider?.party ?? null,
    traces: node.traces,
    references: node.references,
    groupNumber: groupRef?.id ?? null,
    groupName: groupRef?.description ?? null,
    coverage: coverageOf(node.benefits),
    plan: planOf(node.benefits, node.dates),
    dates: node.dates,
    benefits: normalizeBenefits(node.benefits),
    eligibilityBenefits: node.benefits,
    rejections,
    messages: uniqueMessages(node),
  };
}

function patientsOf(nodes: HlNode[]): PatientEligibility[] {
  const out: PatientEligibility[] = [];
  for (const n of nodes) {
    if (n.level !== '22') continue;
    const dependents = n.children.filter((c) => c.level === '23');
    if (dependents.length === 0) out.push(patientOf(n, null));
    else for (const d of dependents) out.push(patientOf(d, n));
  }
  // A dependent loop whose subscriber loop is missing still answers for a patient.
  for (const n of nodes) if (n.level === '23' && n.parent === null) out.push(patientOf(n, null));
  return out;
}

function walk(set: TransactionSet, d: Delimiters, warnings: X12Warning[]): Walker {
  const w: Walker = {
    d,
    warnings,
    nodes: [],
    byId: new Map(),
    node: null,
    context: 'hl',
    eb: null,
    reference: null,
  };
  for (const s of set.body) onSegment(w, s);
  return w;
}

/**
 * Reads a 271. Throws X12Error for what cannot be read (empty, not X12, 4010, damaged ISA, cut
 * short); returns warnings for what can be read around (wrong SE count, missing trailer, …).
 */
export function parse271(x12: string): Eligibility271Result {
  const env = readEnvelope(x12, '271');
  const warnings = [...env.warnings];
  const walks = env.transactionSets.map((set) => walk(set, env.delimiters, warnings));
  const nodes = walks.flatMap((w) => w.nodes);
  const first = env.transactionSets[0]!;
  warnings.sort((a, b) => (a.segment ?? Infinity) - (b.segment ?? Infinity));
  return {
    version: first.version,
    controlNumbers: {
      interchange: env.interchange.controlNumber,
      group: first.group.controlNumber,
      transactionSets: env.transactionSets.map((s) => s.controlNumber),
    },
    test: env.interchange.test,
    reference: walks[0]?.reference ?? null,
    payer: nodes.find((n) => n.level === '20')?.party ?? null,
    provider: nodes.find((n) => n.level === '21')?.party ?? null,
    rejections: nodes
      .filter((n) => n.level === '20' || n.level === '21')
      .flatMap((n) => n.rejections)
      .sort((a, b) => a.segment - b.segment),
    patients: walks.flatMap((w) => patientsOf(w.nodes)),
    warnings,
  };
}
