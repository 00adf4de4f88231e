/**
 * matching/search over the database: gathers the facts about each provider for this patient
 * (network on the search date, distance, last visit, ages, languages), applies rank.ts's filters,
 * finds each remaining provider's next openings with the availability engine, and orders them by
 * the clinic's score weights.
 */
import { AppError } from '../../errors';
import { getMatchingSettings, listCoverages } from '../../db/repos/insurance';
import { getPlan, listLocations, listProviders, offersVisitType } from '../../db/repos/directory';
import { stmt } from '../../db/repos/statements';
import type { ClinicDb } from '../../db/open';
import type { ClinicSettings } from '../../entities/clinic';
import { coverageInForce, inNetworkOn, networkEndsOn } from '../../entities/insurance';
import type { Patient } from '../../entities/patient';
import type { Provider } from '../../entities/provider';
import type { VisitType } from '../../entities/visitType';
import { OCCUPYING_STATUSES } from '../../entities/appointment';
import { nextOpeningsByProvider, searchSpan } from '../../scheduling/service/availability';
import { lastVisitDates } from '../../scheduling/service/ruleFacts';
import { openRangesForDate } from '../../scheduling/openRanges';
import { loadSchedules } from '../../db/repos/schedules';
import type { TimeOfDay } from '../../scheduling/slots';
import type { Slot } from '../../scheduling/types';
import {
  addDays,
  ageOn,
  daysBetween,
  eachDate,
  instantToLocal,
  localDateOf,
  localToInstant,
  type LocalDate,
} from '../../time';
import { locationPoint, milesBetween, zipCentroid, type LatLon } from '../geo';
import {
  DEFAULT_WEIGHTS,
  failedFilters,
  reasonsFor,
  relaxations,
  scoreParts,
  scoreWeightsInput,
  totalScore,
  type CandidateFacts,
  type FailedFilter,
  type FilterKey,
  type MatchNeeds,
  type Relaxation,
  type ScoreParts,
  type ScoreWeights,
} from '../rank';

const DAY_MS = 86_400_000;
const LOAD_DAYS = 14;

export interface MatchingQuery {
  patient: Patient | null;
  visitType: VisitType;
  specialty: string | null;
  /** undefined: the patient's primary coverage in force; null: self-pay (no network filter). */
  planId: number | null | undefined;
  acceptOutOfNetwork: boolean;
  zip: string | null;
  radiusMiles: number | null;
  language: string | null;
  providerSex: 'F' | 'M' | null;
  /** Without a patient: the caller's date of birth (for the age filter) and whether new to everyone. */
  dateOfBirth: string | null;
  from: LocalDate | undefined;
  days: number;
  openingsPerProvider: number;
  limit: number;
  timeOfDay: TimeOfDay | undefined;
}

export interface MatchOpening {
  start: number;
  end: number;
  date: LocalDate;
  locationId: number;
}

export interface MatchResult {
  providerId: number;
  providerName: string;
  specialtyName: string;
  score: number;
  scoreParts: ScoreParts;
  reasons: string[];
  inNetwork: boolean | null;
  distanceMiles: number | null;
  nearestLocationName: string | null;
  lastSeenDate: string | null;
  established: boolean;
  openings: MatchOpening[];
}

export interface MatchExcluded {
  providerId: number;
  providerName: string;
  failed: FailedFilter[];
}

export interface MatchOutcome {
  visitType: { id: number; name: string; durationMinutes: number };
  planName: string | null;
  patientZip: string | null;
  /** Notes about the search itself ("the patient's ZIP 00501 has no map location: distance not used"). */
  notes: string[];
  weights: ScoreWeights;
  results: MatchResult[];
  excluded: MatchExcluded[];
  removedBy: { filter: FilterKey; providers: number; names: string[] }[];
  relaxations: Relaxation[];
  searchedFrom: LocalDate | null;
  searchedThrough: LocalDate | null;
}

export function clinicWeights(db: ClinicDb): ScoreWeights {
  const saved = getMatchingSettings(db)['weights'];
  const parsed = scoreWeightsInput.safeParse(saved);
  return parsed.success ? parsed.data : DEFAULT_WEIGHTS;
}

/** Booked share of each provider's open hours over the next days: the "load" the score evens out. */
function utilization(
  db: ClinicDb,
  clinic: ClinicSettings,
  providerIds: number[],
  from: LocalDate,
): Map<number, number | null> {
  const zone = clinic.timeZone;
  const to = addDays(from, LOAD_DAYS - 1);
  const start = localToInstant(zone, from, 0);
  const end = localToInstant(zone, addDays(to, 1), 0);
  const booked = new Map(
    (
      stmt(
        db.sqlite,
        `SELECT provider_id AS providerId,
                sum(min(end_ms, @end) - max(start_ms, @start)) AS ms
           FROM appointments
          WHERE provider_id IN (SELECT value FROM json_each(@ids))
            AND start_ms < @end AND end_ms > @start
            AND status IN (${OCCUPYING_STATUSES.map((s) => `'${s}'`).join(',')})
          GROUP BY provider_id`,
      ).all({ ids: JSON.stringify(providerIds), start, end }) as {
        providerId: number;
        ms: number;
      }[]
    ).map((r) => [r.providerId, r.ms]),
  );
  const schedules = loadSchedules(db, providerIds);
  const out = new Map<number, number | null>();
  for (const id of providerIds) {
    const schedule = schedules.get(id);
    let open = 0;
    if (schedule)
      for (const date of eachDate(from, to))
        for (const r of openRangesForDate(schedule, date, zone)) open += r.end - r.start;
    out.set(id, open > 0 ? Math.min(1, (booked.get(id) ?? 0) / open) : null);
  }
  return out;
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();
/** "today 9:40", "tomorrow 14:00", "Tue 9:40" within a week, "Tue Dec 8 9:40" beyond. */
export function openingWords(zone: string, now: number, start: number): string {
  const today = localDateOf(zone, now);
  const { date, minutes } = instantToLocal(zone, start);
  const time = `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  const days = daysBetween(today, date);
  if (days === 0) return `next opening today ${time}`;
  if (days === 1) return `next opening tomorrow ${time}`;
  let f = weekdayFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
    });
    weekdayFormats.set(zone, f);
  }
  const parts = f.formatToParts(start);
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return days < 7
    ? `next opening ${part('weekday')} ${time}`
    : `next opening ${part('weekday')} ${part('month')} ${part('day')} ${time}`;
}

export function matchProviders(
  db: ClinicDb,
  params: { clinic: ClinicSettings; now: number; query: MatchingQuery },
): MatchOutcome {
  const { clinic, now, query: q } = params;
  const zone = clinic.timeZone;
  const today = localDateOf(zone, now);
  const span = searchSpan({ clinic, now, from: q.from, defaultDays: q.days });
  const searchDate = span?.from ?? today;
  const notes: string[] = [];

  // The plan: asked for, or the patient's primary coverage in force on the search date.
  let planId: number | null = null;
  if (q.planId !== undefined) planId = q.planId;
  else if (q.patient) {
    const cov = listCoverages(db, q.patient.id).find((c) => coverageInForce(c, searchDate));
    planId = cov?.planId ?? null;
    if (!cov) notes.push('no insurance on file: network not checked');
  }
  const plan = planId !== null ? getPlan(db, planId) : null;
  if (planId !== null && !plan)
    throw new AppError('NOT_FOUND', `Plan ${planId} was not found.`, 'planId');

  // Where the patient is.
  const zip = q.zip ?? q.patient?.zip ?? null;
  let home: LatLon | null = null;
  if (zip) {
    home = zipCentroid(zip);
    if (!home) {
      if (q.zip)
        throw new AppError(
          'VALIDATION',
          `ZIP ${q.zip} is not a US ZIP code we can place on a map; check it or leave it out.`,
          'zip',
        );
      notes.push(`the patient's ZIP ${zip} has no map location: distance not used`);
    }
  } else if (q.radiusMiles !== null) {
    throw new AppError(
      'VALIDATION',
      'give a ZIP code (or a patient with one) to search within a radius',
      'zip',
    );
  }
  const radius = home ? q.radiusMiles : null;

  const dob = q.patient?.dateOfBirth ?? q.dateOfBirth;
  const needs: MatchNeeds = {
    ageYears: dob ? ageOn(dob, searchDate) : null,
    planName: plan?.displayName ?? null,
    acceptOutOfNetwork: q.acceptOutOfNetwork,
    radiusMiles: radius,
    requiredLanguage: q.language,
    preferredLanguage: q.patient?.preferredLanguage ?? null,
    providerSex: q.providerSex,
  };

  const seen = q.patient
    ? lastVisitDates(db, { patientId: q.patient.id, now, zone })
    : new Map<number, string>();
  const locations = listLocations(db).filter((l) => l.active);
  const points = new Map(locations.map((l) => [l.id as number, locationPoint(l)]));
  const locName = new Map(locations.map((l) => [l.id as number, l.name]));

  const providers = listProviders(db);
  const facts = new Map<
    number,
    { provider: Provider; facts: CandidateFacts; failed: FailedFilter[] }
  >();
  for (const p of providers) {
    let distance: number | null = null;
    let nearest: string | null = null;
    if (home)
      for (const l of p.locationIds) {
        const pt = points.get(l);
        if (!pt) continue;
        const d = milesBetween(home, pt);
        if (distance === null || d < distance) {
          distance = d;
          nearest = locName.get(l) ?? null;
        }
      }
    const f: CandidateFacts = {
      providerId: p.id,
      providerName: p.displayName,
      offersVisit:
        offersVisitType(p, q.visitType) && (!q.specialty || p.taxonomyCode === q.specialty),
      visitPatientStatus: q.patient ? q.visitType.patientStatus : null,
      acceptsNewPatients: p.acceptsNewPatients,
      established: seen.has(p.id),
      lastSeenDate: seen.get(p.id) ?? null,
      minAgeYears: p.minAgeYears,
      maxAgeYears: p.maxAgeYears,
      inNetwork: planId === null ? null : inNetworkOn(p.networks, planId, searchDate),
      distanceMiles: distance,
      nearestLocationName: nearest,
      languages: p.languages,
      sex: p.sex,
    };
    facts.set(p.id, { provider: p, facts: f, failed: failedFilters(f, needs) });
  }

  const passing = [...facts.values()].filter((x) => x.failed.length === 0);
  // Openings only at locations within the radius; a provider's network contract can end inside the window.
  const locationIds =
    radius !== null && home
      ? new Set(
          locations
            .filter((l) => {
              const pt = points.get(l.id);
              return pt !== null && pt !== undefined && milesBetween(home, pt) <= radius;
            })
            .map((l) => l.id as number),
        )
      : undefined;
  const lastDate = new Map<number, LocalDate>();
  if (planId !== null)
    for (const x of passing) {
      const end = x.facts.inNetwork ? networkEndsOn(x.provider.networks, planId, searchDate) : null;
      if (end) lastDate.set(x.provider.id, end);
    }
  const openings = span
    ? nextOpeningsByProvider(db, {
        clinic,
        now,
        providerIds: passing.map((x) => x.provider.id),
        visitType: q.visitType,
        span,
        perProvider: q.openingsPerProvider,
        locationIds,
        timeOfDay: q.timeOfDay,
        lastDateByProvider: lastDate,
      })
    : new Map<number, Slot[]>();
  const load = utilization(
    db,
    clinic,
    passing.map((x) => x.provider.id),
    today,
  );
  const weights = clinicWeights(db);
  const searchDays = span ? daysBetween(span.from, span.to) + 1 : 0;

  const results: MatchResult[] = passing.map(({ provider: p, facts: f }) => {
    const slots = openings.get(p.id) ?? [];
    const first = slots[0];
    const preferred = needs.preferredLanguage;
    const parts = scoreParts({
      lastSeenDate: f.lastSeenDate,
      daysToFirstOpening: first ? (first.start - now) / DAY_MS : null,
      distanceMiles: f.distanceMiles,
      radiusMiles: radius,
      speaksPreferred: preferred ? f.languages.includes(preferred) : null,
      utilization: load.get(p.id) ?? null,
      today,
    });
    return {
      providerId: p.id,
      providerName: p.displayName,
      specialtyName: p.specialtyName,
      score: totalScore(parts, weights),
      scoreParts: parts,
      reasons: reasonsFor({
        facts: f,
        needs,
        nextOpeningWords: first ? openingWords(zone, now, first.start) : null,
        searchDays,
      }),
      inNetwork: f.inNetwork,
      distanceMiles: f.distanceMiles === null ? null : Math.round(f.distanceMiles * 10) / 10,
      nearestLocationName: f.nearestLocationName,
      lastSeenDate: f.lastSeenDate,
      established: f.established,
      openings: slots.map((s) => ({
        start: s.start,
        end: s.end,
        date: s.date,
        locationId: s.locationId,
      })),
    };
  });
  results.sort(
    (a, b) =>
      b.score - a.score ||
      (a.openings[0]?.start ?? Infinity) - (b.openings[0]?.start ?? Infinity) ||
      a.providerName.localeCompare(b.providerName),
  );

  const failures = new Map(
    [...facts.values()].filter((x) => x.failed.length > 0).map((x) => [x.provider.id as number, x]),
  );
  const removedBy = new Map<FilterKey, string[]>();
  for (const x of failures.values())
    for (const f of x.failed)
      removedBy.set(f.filter, [...(removedBy.get(f.filter) ?? []), x.provider.displayName]);

  return {
    visitType: {
      id: q.visitType.id,
      name: q.visitType.name,
      durationMinutes: q.visitType.durationMinutes,
    },
    planName: plan?.displayName ?? null,
    patientZip: zip,
    notes,
    weights,
    results: results.slice(0, q.limit),
    excluded: [...failures.values()]
      // Another specialty is not "excluded", it was never a candidate worth listing; a provider
      // of the right specialty refused only for new/established is (the desk picks another visit type).
      .filter((x) => x.facts.offersVisit)
      .map((x) => ({
        providerId: x.provider.id,
        providerName: x.provider.displayName,
        failed: x.failed,
      })),
    removedBy: [...removedBy.entries()]
      .filter(([f]) => f !== 'visitType')
      .map(([filter, names]) => ({ filter, providers: names.length, names })),
    relaxations: results.length < 3 ? relaxations(failures, needs) : [],
    searchedFrom: span?.from ?? null,
    searchedThrough: span?.to ?? null,
  };
}
