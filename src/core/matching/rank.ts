/**
 * Provider matching, the pure part: hard filters that say why a provider is out, a documented
 * score that orders the rest, the reasons in words a receptionist reads to the caller, and the
 * nearest relaxation when nobody is left. No database, no clock: search.ts gathers the facts.
 */
import { z } from 'zod';
import { brokenRulesFromFacts, type ProviderRule } from '../scheduling/providerRules';

export const FILTERS = [
  'visitType',
  'newPatients',
  'age',
  'network',
  'distance',
  'language',
  'sex',
] as const;
export type FilterKey = (typeof FILTERS)[number];

/** Everything search.ts found out about one provider for this patient. */
export interface CandidateFacts {
  providerId: number;
  providerName: string;
  /** Offers the visit type (specialty and the provider's own list). */
  offersVisit: boolean;
  /**
   * Who the visit type is for ('new', 'established', 'any'), checked against `established`
   * when the patient is known (null = no patient, so it cannot be checked).
   */
  visitPatientStatus: 'new' | 'established' | 'any' | null;
  acceptsNewPatients: boolean;
  /** Seen by this provider within the last three years (CMS's rule for an established patient). */
  established: boolean;
  /** Local date of the last completed visit within three years, if any. */
  lastSeenDate: string | null;
  minAgeYears: number | null;
  maxAgeYears: number | null;
  /** null when the search has no plan (self-pay, or no insurance given). */
  inNetwork: boolean | null;
  /** Miles from the patient's ZIP to the nearest of the provider's locations; null when unknown. */
  distanceMiles: number | null;
  nearestLocationName: string | null;
  languages: readonly string[];
  sex: 'F' | 'M' | 'X' | null;
}

/** What the caller asked for. */
export interface MatchNeeds {
  ageYears: number | null;
  planName: string | null;
  acceptOutOfNetwork: boolean;
  radiusMiles: number | null;
  /** A language the provider must speak (the caller needs it). */
  requiredLanguage: string | null;
  /** The patient's preferred language, scored when not required. */
  preferredLanguage: string | null;
  providerSex: 'F' | 'M' | null;
}

const RULE_FILTER: Record<ProviderRule, FilterKey> = {
  notOffered: 'visitType',
  visitTypeKind: 'visitType',
  newPatients: 'newPatients',
  age: 'age',
};

export interface FailedFilter {
  filter: FilterKey;
  reason: string;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
/** "Spanish" for es; the code itself when the runtime has no name for it. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

const SEX_WORD = { F: 'female', M: 'male' } as const;

/** Which hard filters a provider fails, each with its reason in words. Every filter is checked, so a relaxation can count who fails only one. */
export function failedFilters(c: CandidateFacts, n: MatchNeeds): FailedFilter[] {
  // The provider's own rules come from the booking rules, so Best match never offers a provider
  // that book would refuse (and says why in the same words).
  const out: FailedFilter[] = brokenRulesFromFacts({
    providerName: c.providerName,
    offers: c.offersVisit,
    visitTypeName: 'this visit type',
    patientStatus: c.visitPatientStatus ?? 'any',
    acceptsNewPatients: c.acceptsNewPatients,
    minAgeYears: c.minAgeYears,
    maxAgeYears: c.maxAgeYears,
    // Without a patient the caller counts as new to everyone (the new-patient filter still applies).
    patient: { ageYears: n.ageYears, established: c.established, lastSeenDate: c.lastSeenDate },
  }).map((b) => ({ filter: RULE_FILTER[b.rule], reason: b.reason }));
  if (c.inNetwork === false && !n.acceptOutOfNetwork)
    out.push({ filter: 'network', reason: `not in network for ${n.planName ?? 'the plan'}` });
  if (n.radiusMiles !== null && (c.distanceMiles === null || c.distanceMiles > n.radiusMiles))
    out.push({
      filter: 'distance',
      reason:
        c.distanceMiles === null
          ? 'no location we can place on a map'
          : `${formatMilesShort(c.distanceMiles)} away (more than ${n.radiusMiles} mi)`,
    });
  if (n.requiredLanguage && !c.languages.includes(n.requiredLanguage))
    out.push({ filter: 'language', reason: `does not speak ${languageName(n.requiredLanguage)}` });
  if (n.providerSex && c.sex !== n.providerSex)
    out.push({ filter: 'sex', reason: `not a ${SEX_WORD[n.providerSex]} provider` });
  return out;
}

function formatMilesShort(miles: number): string {
  return miles < 10 ? `${miles.toFixed(1)} mi` : `${Math.round(miles)} mi`;
}

/**
 * The score's parts, each worth 0 to 1, and their default weights (out of 100). A clinic can
 * change the weights in matching settings; a weight of 0 turns a part off.
 *
 * - continuity: 1 for a provider who saw the patient this month, falling to 0.5 at three years,
 *   0 for one who never did (continuity of care lowers admissions and cost; the patient asks for
 *   "my doctor" first).
 * - soonest: 0.5 ^ (days to the first opening / 7), so an opening today is 1, in a week 0.5, in a
 *   month 0.05; no opening in the search window is 0.
 * - distance: inside a radius, 1 at the door falling to 0 at the radius; without a radius,
 *   1 / (1 + miles / 10), so 10 mi is 0.5. Unknown distance is 0.5 (neither helped nor hurt).
 * - language: 1 when the provider speaks the patient's preferred language (or none is known), else 0.
 * - load: 1 − utilization of the provider's hours over the next two weeks, so that of two equal
 *   providers the emptier calendar is offered first and the busy one keeps room for follow-ups.
 */
export interface ScoreWeights {
  continuity: number;
  soonest: number;
  distance: number;
  language: number;
  load: number;
}

export const DEFAULT_WEIGHTS: ScoreWeights = {
  continuity: 30,
  soonest: 30,
  distance: 15,
  language: 15,
  load: 10,
};

const weight = (what: string) =>
  z
    .number({ error: `${what} weight must be a number` })
    .min(0, `${what} weight must be 0 or more`)
    .max(100, `${what} weight must be at most 100`);

export const scoreWeightsInput = z
  .object({
    continuity: weight('continuity'),
    soonest: weight('soonest opening'),
    distance: weight('distance'),
    language: weight('language'),
    load: weight('load'),
  })
  .strict()
  .refine(
    (w) => w.continuity + w.soonest + w.distance + w.language + w.load > 0,
    'at least one weight must be above 0',
  );

export interface ScoreInput {
  lastSeenDate: string | null;
  /** Days (fractional) from now to the first opening; null when none in the window. */
  daysToFirstOpening: number | null;
  distanceMiles: number | null;
  radiusMiles: number | null;
  /** Whether the provider speaks the patient's preferred language; null when none is known. */
  speaksPreferred: boolean | null;
  /** Booked share of open hours over the next two weeks (0–1); null when the provider has no hours then. */
  utilization: number | null;
  /** Today's local date, for the age of the last visit. */
  today: string;
}

export type ScoreParts = Record<keyof ScoreWeights, number>;

function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) + (td - fd) / 30;
}

export function scoreParts(i: ScoreInput): ScoreParts {
  const continuity =
    i.lastSeenDate === null
      ? 0
      : 1 - 0.5 * Math.min(1, Math.max(0, monthsBetween(i.lastSeenDate, i.today)) / 36);
  const soonest =
    i.daysToFirstOpening === null ? 0 : 0.5 ** (Math.max(0, i.daysToFirstOpening) / 7);
  let distance = 0.5;
  if (i.distanceMiles !== null) {
    distance =
      i.radiusMiles !== null
        ? Math.max(0, 1 - i.distanceMiles / Math.max(i.radiusMiles, 0.1))
        : 1 / (1 + i.distanceMiles / 10);
  }
  const language = i.speaksPreferred === false ? 0 : 1;
  const load = i.utilization === null ? 0.5 : 1 - Math.min(1, Math.max(0, i.utilization));
  return { continuity, soonest, distance, language, load };
}

/** The weighted score, 0–100, rounded to one decimal. */
export function totalScore(parts: ScoreParts, w: ScoreWeights): number {
  const sum = w.continuity + w.soonest + w.distance + w.language + w.load;
  if (sum <= 0) return 0;
  const s =
    (parts.continuity * w.continuity +
      parts.soonest * w.soonest +
      parts.distance * w.distance +
      parts.language * w.language +
      parts.load * w.load) /
    sum;
  return Math.round(s * 1000) / 10;
}

/** The reasons a provider is offered, in the order a receptionist reads them out. */
export function reasonsFor(params: {
  facts: CandidateFacts;
  needs: MatchNeeds;
  /** "next opening Tue 9:40", or null when there is none in the window. */
  nextOpeningWords: string | null;
  searchDays: number;
}): string[] {
  const { facts: c, needs: n } = params;
  const out: string[] = [];
  if (c.inNetwork === true) out.push(`in network for ${n.planName}`);
  else if (c.inNetwork === false) out.push(`out of network for ${n.planName}`);
  const language = n.requiredLanguage ?? n.preferredLanguage;
  if (language && language !== 'en' && c.languages.includes(language))
    out.push(`speaks ${languageName(language)}`);
  if (n.providerSex && c.sex === n.providerSex) out.push(`${SEX_WORD[n.providerSex]}`);
  if (c.distanceMiles !== null) out.push(formatMilesShort(c.distanceMiles));
  if (c.lastSeenDate) out.push(`seen ${c.lastSeenDate.slice(0, 7)}`);
  else if (c.acceptsNewPatients) out.push('new patient welcome');
  out.push(params.nextOpeningWords ?? `no opening in the next ${params.searchDays} days`);
  return out;
}

/** Radii a receptionist would say out loud; the relaxation offers the smallest that helps. */
const NICE_RADII = [5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500];

export interface Relaxation {
  filter: FilterKey;
  providers: number;
  /** "2 providers if you accept out-of-network" */
  label: string;
  /** The change to the search that admits them. */
  change: {
    acceptOutOfNetwork?: true;
    radiusMiles?: number;
    language?: null;
    providerSex?: null;
  };
}

const plural = (n: number) => `${n} provider${n === 1 ? '' : 's'}`;

/**
 * Ways to widen a search that found nobody (or few): for each filter the desk may relax, how many
 * providers fail that filter alone. Filters that are the provider's own rules (new patients, ages,
 * visit type) are never offered. Sorted with the one that helps most first.
 */
export function relaxations(
  failures: ReadonlyMap<number, { facts: CandidateFacts; failed: FailedFilter[] }>,
  needs: MatchNeeds,
): Relaxation[] {
  const only = (f: FilterKey) =>
    [...failures.values()].filter((x) => x.failed.length === 1 && x.failed[0]!.filter === f);
  const out: Relaxation[] = [];
  const network = only('network');
  if (network.length)
    out.push({
      filter: 'network',
      providers: network.length,
      label: `${plural(network.length)} if you accept out-of-network`,
      change: { acceptOutOfNetwork: true },
    });
  const far = only('distance').filter((x) => x.facts.distanceMiles !== null);
  if (far.length && needs.radiusMiles !== null) {
    const nearest = Math.min(...far.map((x) => x.facts.distanceMiles!));
    const radius = NICE_RADII.find((r) => r >= nearest) ?? Math.ceil(nearest);
    const n = far.filter((x) => x.facts.distanceMiles! <= radius).length;
    out.push({
      filter: 'distance',
      providers: n,
      label: `${plural(n)} within ${radius} mi`,
      change: { radiusMiles: radius },
    });
  }
  const language = only('language');
  if (language.length && needs.requiredLanguage)
    out.push({
      filter: 'language',
      providers: language.length,
      label: `${plural(language.length)} with an interpreter (not speaking ${languageName(needs.requiredLanguage)})`,
      change: { language: null },
    });
  const sex = only('sex');
  if (sex.length && needs.providerSex)
    out.push({
      filter: 'sex',
      providers: sex.length,
      label: `${plural(sex.length)} if a ${needs.providerSex === 'F' ? 'male' : 'female'} provider is acceptable`,
      change: { providerSex: null },
    });
  return out.sort((a, b) => b.providers - a.providers);
}

export const FILTER_LABELS: Record<FilterKey, string> = {
  visitType: 'visit type or specialty',
  newPatients: 'not taking new patients',
  age: "outside the provider's ages",
  network: 'out of network',
  distance: 'too far',
  language: 'language',
  sex: "provider's sex",
};
