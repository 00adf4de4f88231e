/**
 * The best-match search's filters as the desk sees them (chips), turned into a matching/search
 * input, plus the words on the chips, the cards and the score tooltip. No React here, so the
 * rules (which radius comes after 10 mi, what a relaxation changes) are unit-tested.
 */
import { dayLabel, timeLabel } from '../booking/format';
import type { ApiInput, ApiOutput } from '../../../core/api/types';

export type MatchOutcome = ApiOutput<'matching/search'>;
export type MatchCard = MatchOutcome['results'][number];
export type Relaxation = MatchOutcome['relaxations'][number];
export type MatchTimeOfDay = 'any' | 'morning' | 'afternoon' | 'evening';

export interface MatchFilters {
  acceptOutOfNetwork: boolean;
  /** null = any distance. */
  radiusMiles: number | null;
  /** A language the provider must speak (ISO 639-1); null = any. */
  language: string | null;
  providerSex: 'F' | 'M' | null;
  timeOfDay: MatchTimeOfDay;
}

/** The radii a click on the distance chip steps through; null is "any distance". */
export const RADII: readonly (number | null)[] = [5, 10, 25, 50, null];
export const DEFAULT_RADIUS = 10;

/**
 * Where a call starts: in network, within 10 miles when we know where the patient lives, and a
 * provider who speaks the patient's language when that is not English (a Spanish-speaking caller
 * asked for "a doctor who speaks Spanish" before anything else).
 */
export function initialFilters(patient: {
  zip: string | null;
  preferredLanguage: string | null;
}): MatchFilters {
  const lang = patient.preferredLanguage?.trim().toLowerCase() || null;
  return {
    acceptOutOfNetwork: false,
    radiusMiles: patient.zip ? DEFAULT_RADIUS : null,
    language: lang && lang !== 'en' ? lang : null,
    providerSex: null,
    timeOfDay: 'any',
  };
}

/** 5 → 10 → 25 → 50 → any → 5. A radius a relaxation chose (15 mi) steps to the next larger one. */
export function nextRadius(current: number | null): number | null {
  if (current === null) return RADII[0]!;
  return RADII.find((r) => r === null || r > current) ?? null;
}

const SEX_CYCLE: readonly MatchFilters['providerSex'][] = [null, 'F', 'M'];
export function nextProviderSex(current: MatchFilters['providerSex']): MatchFilters['providerSex'] {
  return SEX_CYCLE[(SEX_CYCLE.indexOf(current) + 1) % SEX_CYCLE.length]!;
}

const TIME_CYCLE: readonly MatchTimeOfDay[] = ['any', 'morning', 'afternoon', 'evening'];
export function nextTimeOfDay(current: MatchTimeOfDay): MatchTimeOfDay {
  return TIME_CYCLE[(TIME_CYCLE.indexOf(current) + 1) % TIME_CYCLE.length]!;
}

/** A "2 providers if you accept out-of-network" button: the search with that one filter widened. */
export function applyRelaxation(filters: MatchFilters, change: Relaxation['change']): MatchFilters {
  return {
    ...filters,
    ...(change.acceptOutOfNetwork ? { acceptOutOfNetwork: true } : {}),
    ...(change.radiusMiles !== undefined ? { radiusMiles: change.radiusMiles } : {}),
    ...('language' in change && change.language === null ? { language: null } : {}),
    ...('providerSex' in change && change.providerSex === null ? { providerSex: null } : {}),
  };
}

/**
 * The matching/search input. The plan is left out so the engine uses the patient's primary
 * coverage in force on the search date; a radius is sent only when the patient has a ZIP (the
 * engine refuses a radius without one).
 */
export function searchInput(params: {
  patientId: number | null;
  visitTypeId: number;
  filters: MatchFilters;
  hasZip: boolean;
}): ApiInput<'matching/search'> {
  const { filters: f } = params;
  return {
    ...(params.patientId !== null ? { patientId: params.patientId } : {}),
    visitTypeId: params.visitTypeId,
    acceptOutOfNetwork: f.acceptOutOfNetwork,
    ...(params.hasZip && f.radiusMiles !== null ? { radiusMiles: f.radiusMiles } : {}),
    ...(f.language ? { language: f.language } : {}),
    ...(f.providerSex ? { providerSex: f.providerSex } : {}),
    timeOfDay: f.timeOfDay,
    openingsPerProvider: 3,
  };
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
/** "es" → "Spanish"; the code itself when the browser has no name for it. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function planChipLabel(planName: string | null, acceptOutOfNetwork: boolean): string {
  if (planName === null) return 'Self-pay';
  return acceptOutOfNetwork ? `Out of network OK: ${planName}` : `In network: ${planName}`;
}

export function distanceChipLabel(radiusMiles: number | null, hasZip: boolean): string {
  if (!hasZip) return 'No ZIP on file';
  return radiusMiles === null ? 'Any distance' : `Within ${radiusMiles} mi`;
}

export function languageChipLabel(language: string | null): string {
  return language ? `Speaks ${languageName(language)}` : 'Any language';
}

export function sexChipLabel(sex: MatchFilters['providerSex']): string {
  return sex === 'F' ? 'Female provider' : sex === 'M' ? 'Male provider' : 'Any provider sex';
}

export function timeChipLabel(t: MatchTimeOfDay): string {
  return {
    any: 'Any time of day',
    morning: 'Mornings',
    afternoon: 'Afternoons',
    evening: 'Evenings',
  }[t];
}

/** "Tue Mar 3 9:40 AM · Cambridge": the words on an opening's button, in the clinic's zone. */
export function openingLabel(o: { start: string; locationName: string }, zone: string): string {
  return `${dayLabel(o.start, zone)} ${timeLabel(o.start, zone)}${o.locationName ? ` · ${o.locationName}` : ''}`;
}

const PART_NAMES: Record<keyof MatchCard['scoreParts'], string> = {
  continuity: 'Seen before',
  soonest: 'Soonest opening',
  distance: 'Distance',
  language: 'Language',
  load: 'Room in calendar',
};

/**
 * The score's parts as the tooltip lists them, highest weight first: "Seen before 88% × 30".
 * A part with weight 0 is off in this clinic's settings and left out.
 */
export function scorePartLines(
  parts: MatchCard['scoreParts'],
  weights: MatchOutcome['weights'],
): string[] {
  return (Object.keys(PART_NAMES) as (keyof typeof PART_NAMES)[])
    .filter((k) => weights[k] > 0)
    .sort((a, b) => weights[b] - weights[a])
    .map((k) => `${PART_NAMES[k]} ${Math.round(parts[k] * 100)}% × ${weights[k]}`);
}

/** Where the highlight is: a provider's card and one of its openings (null when it has none). */
export interface MatchCursor {
  providerId: number;
  start: string | null;
}

/** The card and opening indexes of a cursor in these results; the first opening when it is gone. */
export function cursorPosition(
  results: readonly MatchCard[],
  cursor: MatchCursor | null,
): { card: number; opening: number } | null {
  if (results.length === 0) return null;
  const card = cursor ? results.findIndex((r) => r.providerId === cursor.providerId) : -1;
  if (card < 0) {
    // A fresh list starts at the first opening there is, not at a card that has none.
    const withOpening = results.findIndex((r) => r.openings.length > 0);
    return { card: Math.max(0, withOpening), opening: withOpening >= 0 ? 0 : -1 };
  }
  const openings = results[card]!.openings;
  const at = cursor?.start ? openings.findIndex((o) => o.start === cursor.start) : -1;
  return { card, opening: at >= 0 ? at : openings.length > 0 ? 0 : -1 };
}

/**
 * The cursor after an arrow key: Up/Down to the previous or next card (keeping the column where
 * that card has one), Left/Right along the card's openings, Home/End to the first or last card.
 * Stops at the edges rather than wrapping, like the first-openings list.
 */
export function moveCursor(
  results: readonly MatchCard[],
  cursor: MatchCursor | null,
  key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End',
): MatchCursor | null {
  const at = cursorPosition(results, cursor);
  if (!at) return null;
  let { card, opening } = at;
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const n = results[card]!.openings.length;
    if (n > 0) opening = Math.min(n - 1, Math.max(0, opening + (key === 'ArrowRight' ? 1 : -1)));
  } else {
    if (key === 'ArrowDown') card = Math.min(results.length - 1, card + 1);
    else if (key === 'ArrowUp') card = Math.max(0, card - 1);
    else card = key === 'Home' ? 0 : results.length - 1;
    const n = results[card]!.openings.length;
    opening = n === 0 ? -1 : Math.min(n - 1, Math.max(0, opening));
  }
  const r = results[card]!;
  return { providerId: r.providerId, start: r.openings[opening]?.start ?? null };
}
