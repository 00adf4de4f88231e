import { describe, expect, it } from 'vitest';
import {
  applyRelaxation,
  cursorPosition,
  distanceChipLabel,
  initialFilters,
  languageChipLabel,
  moveCursor,
  nextProviderSex,
  nextRadius,
  nextTimeOfDay,
  openingLabel,
  planChipLabel,
  scorePartLines,
  searchInput,
  type MatchCard,
  type MatchFilters,
} from './filters';

const ZONE = 'America/New_York';

function card(providerId: number, starts: string[]): MatchCard {
  return {
    providerId,
    providerName: `Dr ${providerId}`,
    specialtyName: 'Cardiology',
    score: 50,
    scoreParts: { continuity: 0, soonest: 1, distance: 0.5, language: 1, load: 0.5 },
    reasons: [],
    reasonText: '',
    inNetwork: true,
    distanceMiles: 1,
    nearestLocationName: 'Cambridge',
    lastSeenDate: null,
    established: false,
    openings: starts.map((start) => ({
      providerId,
      providerName: `Dr ${providerId}`,
      locationId: 1,
      locationName: 'Cambridge',
      date: start.slice(0, 10),
      localTime: '09:00',
      start,
      end: start,
    })),
  };
}

describe('where a call starts', () => {
  it('requires the language of a patient who does not prefer English, and 10 mi with a ZIP', () => {
    expect(initialFilters({ zip: '02143', preferredLanguage: 'es' })).toEqual({
      acceptOutOfNetwork: false,
      radiusMiles: 10,
      language: 'es',
      providerSex: null,
      timeOfDay: 'any',
    });
  });
  it('asks for no language for an English speaker and no radius without a ZIP', () => {
    const f = initialFilters({ zip: null, preferredLanguage: 'en' });
    expect(f.language).toBeNull();
    expect(f.radiusMiles).toBeNull();
  });
});

describe('chip clicks', () => {
  it('steps the radius 5 → 10 → 25 → 50 → any → 5', () => {
    const seen: (number | null)[] = [];
    let r: number | null = 5;
    for (let i = 0; i < 5; i++) {
      seen.push(r);
      r = nextRadius(r);
    }
    expect(seen).toEqual([5, 10, 25, 50, null]);
    expect(r).toBe(5);
  });
  it('steps from a relaxation radius (15 mi) to the next larger one, and past 50 to any', () => {
    expect(nextRadius(15)).toBe(25);
    expect(nextRadius(75)).toBeNull();
  });
  it('cycles the provider sex and the time of day', () => {
    expect([nextProviderSex(null), nextProviderSex('F'), nextProviderSex('M')]).toEqual([
      'F',
      'M',
      null,
    ]);
    expect(nextTimeOfDay('any')).toBe('morning');
    expect(nextTimeOfDay('evening')).toBe('any');
  });
  it('says what each chip filters on', () => {
    expect(planChipLabel('Aetna Choice POS II', false)).toBe('In network: Aetna Choice POS II');
    expect(planChipLabel('Aetna Choice POS II', true)).toBe(
      'Out of network OK: Aetna Choice POS II',
    );
    expect(planChipLabel(null, false)).toBe('Self-pay');
    expect(distanceChipLabel(10, true)).toBe('Within 10 mi');
    expect(distanceChipLabel(null, true)).toBe('Any distance');
    expect(distanceChipLabel(10, false)).toBe('No ZIP on file');
    expect(languageChipLabel('es')).toBe('Speaks Spanish');
    expect(languageChipLabel(null)).toBe('Any language');
  });
});

describe('relaxations and the search input', () => {
  const base: MatchFilters = {
    acceptOutOfNetwork: false,
    radiusMiles: 10,
    language: 'es',
    providerSex: 'F',
    timeOfDay: 'morning',
  };
  it('applies only the one change a relaxation names', () => {
    expect(applyRelaxation(base, { acceptOutOfNetwork: true })).toEqual({
      ...base,
      acceptOutOfNetwork: true,
    });
    expect(applyRelaxation(base, { radiusMiles: 40 })).toEqual({ ...base, radiusMiles: 40 });
    expect(applyRelaxation(base, { language: null })).toEqual({ ...base, language: null });
    expect(applyRelaxation(base, { providerSex: null })).toEqual({ ...base, providerSex: null });
  });
  it('leaves the plan out (primary coverage) and sends a radius only with a ZIP', () => {
    expect(searchInput({ patientId: 7, visitTypeId: 3, filters: base, hasZip: true })).toEqual({
      patientId: 7,
      visitTypeId: 3,
      acceptOutOfNetwork: false,
      radiusMiles: 10,
      language: 'es',
      providerSex: 'F',
      timeOfDay: 'morning',
      openingsPerProvider: 3,
    });
    const noZip = searchInput({ patientId: null, visitTypeId: 3, filters: base, hasZip: false });
    expect(noZip).not.toHaveProperty('radiusMiles');
    expect(noZip).not.toHaveProperty('patientId');
    expect(noZip).not.toHaveProperty('planId');
  });
});

describe('words on the cards', () => {
  it('labels an opening in the clinic zone with its location', () => {
    expect(openingLabel({ start: '2026-03-03T14:40:00Z', locationName: 'Cambridge' }, ZONE)).toBe(
      'Tue Mar 3 9:40 AM · Cambridge',
    );
  });
  it('lists score parts by weight and leaves out parts turned off', () => {
    expect(
      scorePartLines(
        { continuity: 0.875, soonest: 0.9, distance: 0.81, language: 1, load: 0.91 },
        { continuity: 30, soonest: 30, distance: 15, language: 15, load: 0 },
      ),
    ).toEqual([
      'Seen before 88% × 30',
      'Soonest opening 90% × 30',
      'Distance 81% × 15',
      'Language 100% × 15',
    ]);
  });
});

describe('keyboard cursor', () => {
  const results = [
    card(1, []),
    card(2, ['2026-03-02T14:00:00Z', '2026-03-02T15:00:00Z', '2026-03-02T16:00:00Z']),
    card(3, ['2026-03-03T14:00:00Z']),
  ];
  it('starts at the first opening there is, skipping a card without one', () => {
    expect(cursorPosition(results, null)).toEqual({ card: 1, opening: 0 });
    expect(cursorPosition([], null)).toBeNull();
  });
  it('moves along openings with Left/Right and stops at the ends', () => {
    let c = moveCursor(results, null, 'ArrowRight');
    expect(c).toEqual({ providerId: 2, start: '2026-03-02T15:00:00Z' });
    c = moveCursor(results, c, 'ArrowRight');
    c = moveCursor(results, c, 'ArrowRight');
    expect(c).toEqual({ providerId: 2, start: '2026-03-02T16:00:00Z' });
    c = moveCursor(results, { providerId: 2, start: '2026-03-02T14:00:00Z' }, 'ArrowLeft');
    expect(c).toEqual({ providerId: 2, start: '2026-03-02T14:00:00Z' });
  });
  it('moves between cards with Up/Down, keeping the column where the card has one', () => {
    const third = { providerId: 2, start: '2026-03-02T16:00:00Z' };
    expect(moveCursor(results, third, 'ArrowDown')).toEqual({
      providerId: 3,
      start: '2026-03-03T14:00:00Z',
    });
    expect(moveCursor(results, third, 'ArrowUp')).toEqual({ providerId: 1, start: null });
    expect(moveCursor(results, { providerId: 1, start: null }, 'ArrowUp')).toEqual({
      providerId: 1,
      start: null,
    });
    expect(moveCursor(results, null, 'End')).toEqual({
      providerId: 3,
      start: '2026-03-03T14:00:00Z',
    });
  });
  it('falls back to the card’s first opening when the highlighted one was just taken', () => {
    expect(cursorPosition(results, { providerId: 2, start: '2026-03-02T20:00:00Z' })).toEqual({
      card: 1,
      opening: 0,
    });
  });
});
