/**
 * Who a provider sees, as booking rules: the patient's age range, whether they take new patients,
 * new- versus established-patient visit types, and the visit types they offer. Pure: the facts
 * (age, whether the provider has seen the patient) are gathered by the caller. The same rules
 * decide Best match's filters, which providers the slot search offers for a known patient, and
 * whether book / reschedule accept a placement (unless the desk sets them aside with a reason).
 */

export type ProviderRule = 'age' | 'newPatients' | 'visitTypeKind' | 'notOffered';

export interface BrokenRule {
  rule: ProviderRule;
  /** A sentence a receptionist can read out: "Dr Lee sees patients 18 and older; Mia is 1." */
  message: string;
  /** The same reason as a short phrase after the provider's name ("sees patients 18 and older"). */
  reason: string;
}

export interface RuleProvider {
  displayName: string;
  specialtyName?: string | undefined;
  taxonomyCode: string;
  /** null = every visit type of the provider's specialty. */
  visitTypeIds: readonly number[] | null;
  acceptsNewPatients: boolean;
  minAgeYears: number | null;
  maxAgeYears: number | null;
}

export interface RuleVisitType {
  id: number;
  name: string;
  /** NUCC codes whose providers offer it; empty = any provider. */
  specialties: readonly string[];
  patientStatus: 'new' | 'established' | 'any';
}

/**
 * What is known about the patient. Unknown facts (null) are not checked: a search without a
 * patient cannot know the age or whether the provider has seen them.
 */
export interface RulePatient {
  /** Whole years on the day of the visit. */
  ageYears: number | null;
  /**
   * Seen by this provider within the last three years (CMS's rule for an established patient);
   * null when unknown.
   */
  established: boolean | null;
  /** Local date of that last visit, for the words. */
  lastSeenDate?: string | null | undefined;
}

export function offersVisitType(provider: RuleProvider, visitType: RuleVisitType): boolean {
  return (
    (visitType.specialties.length === 0 || visitType.specialties.includes(provider.taxonomyCode)) &&
    (provider.visitTypeIds === null || provider.visitTypeIds.includes(visitType.id))
  );
}

const years = (n: number) => `${n} year${n === 1 ? '' : 's'} old`;

/** Every rule the placement breaks, each with its sentence; empty when the provider may see the patient. */
export function brokenProviderRules(params: {
  provider: RuleProvider;
  visitType: RuleVisitType;
  patient: RulePatient | null;
}): BrokenRule[] {
  const { provider: p, visitType: v } = params;
  return brokenRulesFromFacts({
    providerName: p.displayName,
    specialtyName: p.specialtyName,
    offers: offersVisitType(p, v),
    visitTypeName: v.name,
    patientStatus: v.patientStatus,
    acceptsNewPatients: p.acceptsNewPatients,
    minAgeYears: p.minAgeYears,
    maxAgeYears: p.maxAgeYears,
    patient: params.patient,
  });
}

/** The rules over facts already worked out (matching knows "offers" from its own specialty filter). */
export function brokenRulesFromFacts(f: {
  providerName: string;
  specialtyName?: string | undefined;
  offers: boolean;
  visitTypeName: string;
  patientStatus: 'new' | 'established' | 'any';
  acceptsNewPatients: boolean;
  minAgeYears: number | null;
  maxAgeYears: number | null;
  patient: RulePatient | null;
}): BrokenRule[] {
  const who = f.providerName;
  const patient = f.patient;
  const out: BrokenRule[] = [];
  if (!f.offers) {
    out.push({
      rule: 'notOffered',
      reason: 'does not offer this visit type',
      message: `${who}${f.specialtyName ? ` (${f.specialtyName})` : ''} does not offer ${f.visitTypeName}.`,
    });
  } else if (patient?.established != null) {
    if (f.patientStatus === 'new' && patient.established) {
      const when = patient.lastSeenDate ? `on ${patient.lastSeenDate}` : 'within three years';
      out.push({
        rule: 'visitTypeKind',
        reason: `saw the patient ${when}: book an established-patient visit`,
        message: `${f.visitTypeName} is for new patients, and ${who} saw this patient ${when}: book an established-patient visit.`,
      });
    } else if (f.patientStatus === 'established' && !patient.established) {
      out.push({
        rule: 'visitTypeKind',
        reason: 'has not seen the patient in three years: book a new-patient visit',
        message: `${f.visitTypeName} is for established patients, and ${who} has not seen this patient in three years: book a new-patient visit.`,
      });
    }
  }
  if (patient?.established === false && !f.acceptsNewPatients) {
    out.push({
      rule: 'newPatients',
      reason: 'not taking new patients',
      message: `${who} is not taking new patients, and this patient is new to ${who}.`,
    });
  }
  const age = patient?.ageYears ?? null;
  if (age !== null) {
    if (f.minAgeYears !== null && age < f.minAgeYears) {
      out.push({
        rule: 'age',
        reason: `sees patients ${f.minAgeYears} and older`,
        message: `${who} sees patients ${f.minAgeYears} and older; this patient will be ${years(age)}.`,
      });
    } else if (f.maxAgeYears !== null && age > f.maxAgeYears) {
      out.push({
        rule: 'age',
        reason: `sees patients up to ${f.maxAgeYears}`,
        message: `${who} sees patients up to ${f.maxAgeYears}; this patient will be ${years(age)}.`,
      });
    }
  }
  return out;
}

/** One sentence for a refusal: the first rule's message, and how many more there are. */
export function rulesSentence(broken: readonly BrokenRule[]): string {
  const first = broken[0]?.message ?? '';
  return broken.length > 1
    ? `${first} (and ${broken.length - 1} more rule${broken.length > 2 ? 's' : ''})`
    : first;
}
