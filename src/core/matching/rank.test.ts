import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS,
  failedFilters,
  languageName,
  reasonsFor,
  relaxations,
  scoreParts,
  scoreWeightsInput,
  totalScore,
  type CandidateFacts,
  type MatchNeeds,
} from './rank';

const facts = (over: Partial<CandidateFacts> = {}): CandidateFacts => ({
  providerId: 1,
  providerName: 'Rosa Alvarez, MD',
  offersVisit: true,
  visitPatientStatus: 'any',
  acceptsNewPatients: true,
  established: false,
  lastSeenDate: null,
  minAgeYears: null,
  maxAgeYears: null,
  inNetwork: true,
  distanceMiles: 3.24,
  nearestLocationName: 'Cambridge',
  languages: ['en', 'es'],
  sex: 'F',
  ...over,
});

const needs = (over: Partial<MatchNeeds> = {}): MatchNeeds => ({
  ageYears: 45,
  planName: 'Aetna Choice POS II',
  acceptOutOfNetwork: false,
  radiusMiles: 10,
  requiredLanguage: 'es',
  preferredLanguage: 'es',
  providerSex: null,
  ...over,
});

describe('hard filters', () => {
  it('lets a provider who meets every need through', () => {
    expect(failedFilters(facts(), needs())).toEqual([]);
  });

  it('visit type: another specialty is out', () => {
    expect(failedFilters(facts({ offersVisit: false }), needs())).toEqual([
      { filter: 'visitType', reason: 'does not offer this visit type' },
    ]);
  });

  it('new/established visit types follow the three-year rule', () => {
    expect(
      failedFilters(
        facts({ visitPatientStatus: 'new', established: true, lastSeenDate: '2025-06-10' }),
        needs(),
      ),
    ).toEqual([
      {
        filter: 'visitType',
        reason: 'saw the patient on 2025-06-10: book an established-patient visit',
      },
    ]);
    expect(failedFilters(facts({ visitPatientStatus: 'established' }), needs())).toEqual([
      {
        filter: 'visitType',
        reason: 'has not seen the patient in three years: book a new-patient visit',
      },
    ]);
    expect(failedFilters(facts({ visitPatientStatus: 'new' }), needs())).toEqual([]);
    expect(failedFilters(facts({ visitPatientStatus: null, established: true }), needs())).toEqual(
      [],
    );
  });

  it('new patients: out unless the patient is established with the provider', () => {
    expect(failedFilters(facts({ acceptsNewPatients: false }), needs())).toEqual([
      { filter: 'newPatients', reason: 'not taking new patients' },
    ]);
    expect(failedFilters(facts({ acceptsNewPatients: false, established: true }), needs())).toEqual(
      [],
    );
  });

  it("age: below the minimum or above the maximum of the provider's range", () => {
    expect(failedFilters(facts({ minAgeYears: 18 }), needs({ ageYears: 17 }))).toEqual([
      { filter: 'age', reason: 'sees patients 18 and older' },
    ]);
    expect(failedFilters(facts({ maxAgeYears: 17 }), needs({ ageYears: 18 }))).toEqual([
      { filter: 'age', reason: 'sees patients up to 17' },
    ]);
    expect(
      failedFilters(facts({ minAgeYears: 18, maxAgeYears: 65 }), needs({ ageYears: 65 })),
    ).toEqual([]);
    // Without a date of birth the age filter cannot apply.
    expect(failedFilters(facts({ minAgeYears: 18 }), needs({ ageYears: null }))).toEqual([]);
  });

  it('network: out of network is out unless the caller accepts it; no plan means no check', () => {
    expect(failedFilters(facts({ inNetwork: false }), needs())).toEqual([
      { filter: 'network', reason: 'not in network for Aetna Choice POS II' },
    ]);
    expect(failedFilters(facts({ inNetwork: false }), needs({ acceptOutOfNetwork: true }))).toEqual(
      [],
    );
    expect(failedFilters(facts({ inNetwork: null }), needs({ planName: null }))).toEqual([]);
  });

  it('distance: beyond the radius, or nowhere on the map, is out when a radius is asked for', () => {
    expect(failedFilters(facts({ distanceMiles: 12.4 }), needs())).toEqual([
      { filter: 'distance', reason: '12 mi away (more than 10 mi)' },
    ]);
    expect(failedFilters(facts({ distanceMiles: null }), needs())).toEqual([
      { filter: 'distance', reason: 'no location we can place on a map' },
    ]);
    expect(failedFilters(facts({ distanceMiles: 10 }), needs())).toEqual([]);
    expect(failedFilters(facts({ distanceMiles: 99 }), needs({ radiusMiles: null }))).toEqual([]);
  });

  it('language: a required language the provider does not speak is out', () => {
    expect(failedFilters(facts({ languages: ['en'] }), needs())).toEqual([
      { filter: 'language', reason: 'does not speak Spanish' },
    ]);
    expect(failedFilters(facts({ languages: ['en'] }), needs({ requiredLanguage: null }))).toEqual(
      [],
    );
  });

  it('sex: a preferred provider sex is a hard filter when asked for', () => {
    expect(failedFilters(facts({ sex: 'M' }), needs({ providerSex: 'F' }))).toEqual([
      { filter: 'sex', reason: 'not a female provider' },
    ]);
    expect(failedFilters(facts({ sex: null }), needs({ providerSex: 'M' }))).toEqual([
      { filter: 'sex', reason: 'not a male provider' },
    ]);
  });

  it('reports every failed filter, not only the first', () => {
    expect(
      failedFilters(facts({ inNetwork: false, languages: ['en'], distanceMiles: 40 }), needs()).map(
        (f) => f.filter,
      ),
    ).toEqual(['network', 'distance', 'language']);
  });
});

describe('score', () => {
  const base = {
    lastSeenDate: null,
    daysToFirstOpening: 0,
    distanceMiles: 0,
    radiusMiles: 10,
    speaksPreferred: true,
    utilization: 0,
    today: '2026-03-02',
  };

  it('continuity: 1 this month, 0.5 at three years, 0 never', () => {
    expect(scoreParts({ ...base, lastSeenDate: '2026-03-02' }).continuity).toBe(1);
    expect(scoreParts({ ...base, lastSeenDate: '2023-03-02' }).continuity).toBe(0.5);
    expect(scoreParts({ ...base, lastSeenDate: '2024-09-02' }).continuity).toBeCloseTo(0.75, 5);
    expect(scoreParts(base).continuity).toBe(0);
  });

  it('soonest: halves every week; none in the window is 0', () => {
    expect(scoreParts(base).soonest).toBe(1);
    expect(scoreParts({ ...base, daysToFirstOpening: 7 }).soonest).toBe(0.5);
    expect(scoreParts({ ...base, daysToFirstOpening: 14 }).soonest).toBe(0.25);
    expect(scoreParts({ ...base, daysToFirstOpening: null }).soonest).toBe(0);
  });

  it('distance: linear to the radius; 10 mi is 0.5 without one; unknown is neutral', () => {
    expect(scoreParts({ ...base, distanceMiles: 5 }).distance).toBe(0.5);
    expect(scoreParts({ ...base, distanceMiles: 10 }).distance).toBe(0);
    expect(scoreParts({ ...base, distanceMiles: 10, radiusMiles: null }).distance).toBe(0.5);
    expect(scoreParts({ ...base, distanceMiles: null }).distance).toBe(0.5);
  });

  it('language and load', () => {
    expect(scoreParts({ ...base, speaksPreferred: false }).language).toBe(0);
    expect(scoreParts({ ...base, speaksPreferred: null }).language).toBe(1);
    expect(scoreParts({ ...base, utilization: 0.8 }).load).toBeCloseTo(0.2, 10);
    expect(scoreParts({ ...base, utilization: null }).load).toBe(0.5);
  });

  it('totals the weighted parts out of 100 and follows the weights', () => {
    const parts = { continuity: 1, soonest: 0.5, distance: 0.5, language: 1, load: 0 };
    // (30 + 15 + 7.5 + 15 + 0) / 100
    expect(totalScore(parts, DEFAULT_WEIGHTS)).toBe(67.5);
    expect(
      totalScore(parts, {
        ...DEFAULT_WEIGHTS,
        continuity: 0,
        soonest: 0,
        distance: 0,
        language: 0,
        load: 10,
      }),
    ).toBe(0);
    expect(
      totalScore(parts, { continuity: 0, soonest: 0, distance: 0, language: 0, load: 0 }),
    ).toBe(0);
  });

  it('weights must be between 0 and 100 and not all 0', () => {
    expect(
      scoreWeightsInput.safeParse({ ...DEFAULT_WEIGHTS, load: -1 }).error?.issues[0]?.message,
    ).toBe('load weight must be 0 or more');
    expect(
      scoreWeightsInput.safeParse({ continuity: 0, soonest: 0, distance: 0, language: 0, load: 0 })
        .error?.issues[0]?.message,
    ).toBe('at least one weight must be above 0');
  });
});

describe('reasons and relaxations', () => {
  it('reads out network, language, distance, last visit, next opening', () => {
    expect(
      reasonsFor({
        facts: facts({ lastSeenDate: '2025-06-10' }),
        needs: needs(),
        nextOpeningWords: 'next opening Tue 9:40',
        searchDays: 90,
      }).join(' · '),
    ).toBe(
      'in network for Aetna Choice POS II · speaks Spanish · 3.2 mi · seen 2025-06 · next opening Tue 9:40',
    );
    expect(
      reasonsFor({
        facts: facts({ inNetwork: false, distanceMiles: null }),
        needs: needs({ requiredLanguage: null, preferredLanguage: 'en' }),
        nextOpeningWords: null,
        searchDays: 90,
      }),
    ).toEqual([
      'out of network for Aetna Choice POS II',
      'new patient welcome',
      'no opening in the next 90 days',
    ]);
  });

  it('offers the relaxations that admit providers failing only that filter', () => {
    const failures = new Map([
      [
        1,
        {
          facts: facts({ providerId: 1, inNetwork: false }),
          failed: [{ filter: 'network' as const, reason: '' }],
        },
      ],
      [
        2,
        {
          facts: facts({ providerId: 2, inNetwork: false }),
          failed: [{ filter: 'network' as const, reason: '' }],
        },
      ],
      [
        3,
        {
          facts: facts({ providerId: 3, distanceMiles: 13.2 }),
          failed: [{ filter: 'distance' as const, reason: '' }],
        },
      ],
      [
        4,
        {
          facts: facts({ providerId: 4, distanceMiles: 24 }),
          failed: [{ filter: 'distance' as const, reason: '' }],
        },
      ],
      [
        5,
        {
          facts: facts({ providerId: 5 }),
          failed: [
            { filter: 'language' as const, reason: '' },
            { filter: 'network' as const, reason: '' },
          ],
        },
      ],
      [
        6,
        {
          facts: facts({ providerId: 6 }),
          failed: [{ filter: 'newPatients' as const, reason: '' }],
        },
      ],
    ]);
    expect(relaxations(failures, needs()).map((r) => [r.label, r.change])).toEqual([
      ['2 providers if you accept out-of-network', { acceptOutOfNetwork: true }],
      ['1 provider within 15 mi', { radiusMiles: 15 }],
    ]);
  });

  it('names languages in English', () => {
    expect(languageName('es')).toBe('Spanish');
    expect(languageName('vi')).toBe('Vietnamese');
  });
});
