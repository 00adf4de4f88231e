import { describe, expect, it } from 'vitest';
import { personKey, suggestOutcome, suggestProvider, suggestVisitType } from './mapping';
import { planVisits, readDateTime, type VisitDraft } from './plan';
import type { VisitOutcome } from '../../../shared/visitImportFields';

const NY = 'America/New_York';

describe('readDateTime', () => {
  it('reads an instant with a zone as that instant', () => {
    expect(readDateTime('2025-03-29T08:10:05Z', NY)).toEqual({
      ms: Date.parse('2025-03-29T08:10:05Z'),
    });
    expect(readDateTime('2025-03-29T08:10:05-0400', NY)).toEqual({
      ms: Date.parse('2025-03-29T12:10:05Z'),
    });
  });

  it("reads a wall-clock time without a zone in the clinic's zone, on both sides of DST", () => {
    expect(readDateTime('2026-03-06 09:30', NY)).toEqual({
      ms: Date.parse('2026-03-06T14:30:00Z'),
    });
    expect(readDateTime('3/9/2026 9:30 AM', NY)).toEqual({
      ms: Date.parse('2026-03-09T13:30:00Z'),
    });
    expect(readDateTime('3/9/2026 12:15 PM', NY)).toEqual({
      ms: Date.parse('2026-03-09T16:15:00Z'),
    });
    expect(readDateTime('3/9/2026 12:15 AM', NY)).toEqual({
      ms: Date.parse('2026-03-09T04:15:00Z'),
    });
  });

  it('says why a value is not a date and time', () => {
    expect(readDateTime('next tuesday', NY)).toEqual({
      reason:
        '"next tuesday" is not a date and time (write it as YYYY-MM-DD HH:MM or MM/DD/YYYY HH:MM)',
    });
    expect(readDateTime('2026-02-30 09:00', NY)).toEqual({
      reason: '"2026-02-30" is not a real date',
    });
    expect(readDateTime('2026-02-03 25:00', NY)).toEqual({
      reason: '"2026-02-03 25:00" is not a real time',
    });
    expect(readDateTime('2026-02-03 13:00 PM', NY)).toEqual({
      reason: '"2026-02-03 13:00 PM" has an hour that is not 1–12 with AM/PM',
    });
  });
});

describe('suggestions', () => {
  const providers = [
    { id: 1, firstName: 'Ana', lastName: 'Patel', npi: '1234567893' },
    { id: 2, firstName: 'Ben', lastName: 'Okafor', npi: null },
  ];
  it('match a provider by NPI first, then by name without titles, credentials or digits', () => {
    expect(suggestProvider({ name: 'Someone', npi: '1234567893' }, providers)).toEqual({
      providerId: 1,
      reason: 'same NPI 1234567893',
    });
    expect(personKey('Dr. Keira502 Satterfield305, MD')).toBe('keira satterfield');
    expect(suggestProvider({ name: 'Okafor Ben', npi: null }, providers)).toEqual({
      providerId: 2,
      reason: 'same name',
    });
    expect(suggestProvider({ name: 'Dr. Who', npi: null }, providers)).toBeNull();
  });

  it('match a visit type by code, then words, then the encounter class', () => {
    const types = [
      { id: 10, name: 'Follow-up', cptCode: '99213' },
      { id: 11, name: 'Annual physical', cptCode: '99396' },
      { id: 12, name: 'Sick visit', cptCode: null },
    ];
    const s = (code: string | null, description: string | null, visitClass: string | null) =>
      suggestVisitType({ code, description, visitClass }, types)?.visitTypeId ?? null;
    expect(s('99396', 'anything', null)).toBe(11);
    expect(s('185349003', 'Encounter for check up (procedure)', 'wellness')).toBe(11);
    expect(s('185345009', 'Encounter for symptom', 'urgentcare')).toBe(12);
    expect(s('185345009', 'Encounter for symptom', 'ambulatory')).toBe(10);
  });

  it('read status words as kept, no-show or cancelled, and nothing else', () => {
    expect(
      ['Completed', 'No Show', 'DNA', 'Canceled by patient', 'Booked', 'Maybe'].map(suggestOutcome),
    ).toEqual(['kept', 'no_show', 'no_show', 'cancelled', 'kept', null]);
  });
});

describe('planVisits', () => {
  const draft = (
    line: number,
    start: string,
    end: string,
    extra: Partial<VisitDraft> = {},
  ): VisitDraft => ({
    line,
    externalId: `E${line}`,
    start: Date.parse(start),
    end: Date.parse(end),
    tooLong: Date.parse(end) - Date.parse(start) > 86_400_000,
    patient: { externalId: 'P1', firstName: null, lastName: null, dateOfBirth: null },
    providerKey: 'dr',
    providerName: null,
    providerNpi: null,
    visitTypeKey: 'v',
    visitTypeCode: 'v',
    visitTypeDescription: null,
    visitClass: 'ambulatory',
    statusKey: '',
    statusRaw: '',
    hasStatus: false,
    ...extra,
  });
  const plan = (
    drafts: VisitDraft[],
    existing: { id: number; start: number; end: number }[] = [],
    statusMap: Map<string, VisitOutcome | null> = new Map(),
  ) =>
    planVisits({
      drafts,
      unreadable: [],
      now: Date.parse('2026-03-02T13:00:00Z'),
      patientOf: () => ({ patientId: 7 }),
      providerMap: new Map([['dr', 1]]),
      visitTypeMap: new Map([['v', 2]]),
      statusMap,
      importedIds: new Map([['E9', 99]]),
      visitTypeMinutes: () => 30,
      existingOverlap: (_p, s, e) => existing.find((x) => x.start < e && x.end > s) ?? null,
      existingSame: () => null,
      describeTime: (ms) => new Date(ms).toISOString(),
      pause: () => Promise.resolve(),
    });

  it('keeps the earliest of overlapping visits, skips the rest with the line they overlap, and counts every pair', async () => {
    const p = await plan([
      draft(2, '2025-01-01T09:00:00Z', '2025-01-01T10:00:00Z'),
      draft(3, '2025-01-01T09:15:00Z', '2025-01-01T09:30:00Z'),
      draft(4, '2025-01-01T09:45:00Z', '2025-01-01T10:15:00Z'),
      draft(5, '2025-01-01T10:00:00Z', '2025-01-01T10:30:00Z'),
      // A "visit" of a year: not a visit, but one side of three more overlapping pairs.
      draft(6, '2024-06-01T00:00:00Z', '2025-06-01T00:00:00Z'),
      draft(9, '2025-02-01T09:00:00Z', '2025-02-01T09:30:00Z'),
    ]);
    expect(p.history.map((v) => v.line)).toEqual([2, 5]);
    expect(p.matched).toEqual([{ line: 9, appointmentId: 99 }]);
    expect(p.skipped.map((s) => [s.line, s.reason, s.detail.slice(0, 40)])).toEqual([
      [3, 'overlap', 'overlaps line 2 for the same provider (2'],
      [4, 'overlap', 'overlaps line 2 for the same provider (2'],
      [6, 'bad_date', 'it lasts 365 days (2024-06-01T00:00:00.0'],
    ]);
    // 2–3, 2–4, 4–5 among the visits, and 6 with each of 2, 3, 4, 5.
    expect(p.overlapPairs).toBe(7);
    expect(p.overlapPairsByProvider).toEqual([{ providerId: 1, pairs: 7 }]);
  });

  it('skips a kept visit that overlaps one already on the books', async () => {
    const p = await plan(
      [draft(2, '2025-01-01T09:00:00Z', '2025-01-01T09:30:00Z')],
      [
        {
          id: 41,
          start: Date.parse('2025-01-01T09:20:00Z'),
          end: Date.parse('2025-01-01T09:40:00Z'),
        },
      ],
    );
    expect(p.history).toEqual([]);
    expect(p.overlapsWithExisting).toBe(1);
    expect(p.skipped[0]!.detail).toMatch(/^overlaps appointment #41 already on the books/);
  });

  it('says when a kept visit overlaps a held slot rather than a visit', async () => {
    const p = await planVisits({
      drafts: [draft(2, '2025-01-01T09:00:00Z', '2025-01-01T09:30:00Z')],
      unreadable: [],
      now: Date.parse('2026-03-02T13:00:00Z'),
      patientOf: () => ({ patientId: 7 }),
      providerMap: new Map([['dr', 1]]),
      visitTypeMap: new Map([['v', 2]]),
      statusMap: new Map(),
      importedIds: new Map(),
      visitTypeMinutes: () => 30,
      existingOverlap: () => ({ id: 5, hold: true }),
      existingSame: () => null,
      describeTime: (ms) => new Date(ms).toISOString(),
      pause: () => Promise.resolve(),
    });
    expect(p.history).toEqual([]);
    expect(p.skipped.map((s) => [s.reason, s.detail])).toEqual([
      [
        'overlap',
        'overlaps a slot held for a patient moved by a provider absence (hold #5, 2025-01-01T09:00:00.000Z)',
      ],
    ]);
  });

  it('leaves out hospital and emergency encounters, and sends rows after now to be booked', async () => {
    const p = await plan([
      draft(2, '2025-01-01T09:00:00Z', '2025-01-01T09:30:00Z', { visitClass: 'inpatient' }),
      draft(3, '2025-01-01T11:00:00Z', '2025-01-01T11:30:00Z', { visitClass: 'Emergency' }),
      draft(4, '2025-01-01T12:00:00Z', '2025-01-01T12:30:00Z', { visitClass: 'urgentcare' }),
      draft(5, '2026-03-03T14:00:00Z', '2026-03-03T14:30:00Z'),
    ]);
    expect(p.skipped.map((s) => [s.line, s.reason])).toEqual([
      [2, 'non_clinic_class'],
      [3, 'non_clinic_class'],
    ]);
    expect(p.history.map((v) => v.line)).toEqual([4]);
    expect(p.future.map((v) => v.line)).toEqual([5]);
  });

  it('skips a past visit still booked (or with no status) as of unknown outcome, and books a future booked one', async () => {
    const st = (raw: string): Partial<VisitDraft> => ({
      statusRaw: raw,
      statusKey: raw.toLowerCase().replace(/[^a-z]/g, ''),
      hasStatus: true,
    });
    const statuses = new Map<string, VisitOutcome | null>([
      ['completed', 'kept'],
      ['booked', 'kept'],
      ['scheduled', 'kept'],
    ]);
    const p = await plan(
      [
        draft(2, '2025-01-01T09:00:00Z', '2025-01-01T09:30:00Z', st('Completed')),
        draft(3, '2025-01-02T09:00:00Z', '2025-01-02T09:30:00Z', st('Booked')),
        draft(4, '2025-01-03T09:00:00Z', '2025-01-03T09:30:00Z', st('Scheduled')),
        draft(5, '2025-01-04T09:00:00Z', '2025-01-04T09:30:00Z', st('')),
        draft(6, '2025-01-05T09:00:00Z', '2025-01-05T09:30:00Z', st('?')),
        draft(7, '2025-01-06T09:00:00Z', '2025-01-06T09:30:00Z', st('-')),
        draft(8, '2026-03-03T14:00:00Z', '2026-03-03T14:30:00Z', st('Booked')),
        draft(10, '2026-03-04T14:00:00Z', '2026-03-04T14:30:00Z', st('Scheduled')),
      ],
      [],
      statuses,
    );
    expect(p.history.map((v) => [v.line, v.outcome])).toEqual([[2, 'kept']]);
    expect(p.future.map((v) => v.line)).toEqual([8, 10]);
    expect(p.skipped.map((s) => [s.line, s.reason])).toEqual([
      [3, 'unknown_outcome'],
      [4, 'unknown_outcome'],
      [5, 'unknown_outcome'],
      [6, 'unknown_outcome'],
      [7, 'unknown_outcome'],
    ]);
    expect(p.skipped[0]!.detail).toMatch(/still marked "Booked".*whether it was kept is unknown/);
    // With no status column (Synthea), a past row stays kept.
    const none = await plan([draft(2, '2025-01-01T09:00:00Z', '2025-01-01T09:30:00Z')]);
    expect(none.history.map((v) => [v.line, v.outcome])).toEqual([[2, 'kept']]);
  });
});
