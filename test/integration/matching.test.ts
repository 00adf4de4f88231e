/**
 * matching/search end to end over a real database: the scenario from the issue, a patient in
 * Somerville MA who needs a Spanish-speaking, in-network cardiologist within 10 miles.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBostonClinic, CARDIOLOGY, seenByAlvarezInJune } from '../fixtures/bostonClinic';
import { openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;

beforeEach(() => {
  // Mon 2025-06-09 10:00 in Boston: Carmen sees Dr. Alvarez.
  t = openTestApi({ now: Date.parse('2025-06-09T14:00:00Z') });
});
afterEach(() => t.close());

describe('matching/search: a Spanish-speaking in-network cardiologist within 10 miles', () => {
  it('ranks the providers who pass every filter, with their reasons, and says who was removed why', () => {
    const c = buildBostonClinic(t);
    seenByAlvarezInJune(t, c);

    // Mon 2026-03-02 08:00 in Boston. Dr. Alvarez is booked all of Monday; Dr. Moreno is free.
    t.now = Date.parse('2026-03-02T13:00:00Z');
    const filler = t.call('patients/create', {
      firstName: 'Fill',
      lastName: 'Er',
      dateOfBirth: '1970-01-01',
    });
    for (let k = 0; k < 12; k++) {
      const minute = 14 * 60 + 40 * k; // 09:00–17:00 EST in 40-minute visits
      t.call('appointments/book', {
        patientId: filler.id,
        providerId: c.alvarez.id,
        locationId: c.cambridge.id,
        visitTypeId: c.consult.id,
        start: `2026-03-02T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`,
      });
    }

    const r = t.call('matching/search', {
      patientId: c.patient.id,
      specialty: CARDIOLOGY,
      language: 'es',
      radiusMiles: 10,
    });

    expect(r.planName).toBe('Aetna Choice POS II');
    // Expected ranking, written down:
    // 1. Dr. Alvarez — saw Carmen in June 2025 (continuity 0.88 × 30), 1.3 mi from Somerville
    //    (distance 0.81 × 15), speaks Spanish (15), but booked all Monday: first opening Tuesday 9:00
    //    (soonest 0.5^(25/24/7) = 0.90 × 30), load 1 − 15/40 h booked of two weeks ≈ 0.91 × 10.
    // 2. Dr. Moreno — never saw her (continuity 0), 2.4 mi to Downtown, open at 9:00 today.
    // Continuity outweighs a day's wait; that is the point of weighting it.
    expect(r.results.map((x) => [x.providerName, x.reasonText])).toEqual([
      [
        'Rosa Alvarez, MD',
        'in network for Aetna Choice POS II · speaks Spanish · 1.3 mi · seen 2025-06 · next opening tomorrow 9:00',
      ],
      [
        'Luis Moreno, MD',
        'in network for Aetna Choice POS II · speaks Spanish · 2.4 mi · new patient welcome · next opening today 9:00',
      ],
    ]);
    expect(r.results[0]!.score).toBeGreaterThan(r.results[1]!.score);
    expect(r.results[0]!.scoreParts.continuity).toBeGreaterThan(0.8);
    expect(r.results[1]!.scoreParts.soonest).toBeGreaterThan(r.results[0]!.scoreParts.soonest);
    // Three openings each, on the provider's own calendar.
    expect(r.results[0]!.openings.map((o) => `${o.date} ${o.localTime}`)).toEqual([
      '2026-03-03 09:00',
      '2026-03-03 09:15',
      '2026-03-03 09:30',
    ]);
    expect(r.results[1]!.openings[0]).toMatchObject({
      locationName: 'Downtown',
      localTime: '09:00',
    });

    // Who was removed, and why (the family doctor is another specialty, not "removed").
    const why = Object.fromEntries(
      r.excluded.map((x) => [x.providerName, x.failed.map((f) => f.reason)]),
    );
    expect(why).toEqual({
      'Sofia Reyes, MD': [expect.stringMatching(/^3\d mi away \(more than 10 mi\)$/)],
      'John Smith, MD': ['does not speak Spanish'],
      'Elena Cruz, MD': ['not in network for Aetna Choice POS II'],
      'Pedro Vega, MD': ['not taking new patients'],
      'Ines Pardo, MD': ['sees patients up to 21'],
    });
    // With fewer than three answers the desk also sees what widening the search would add.
    expect(r.relaxations.map((x) => x.label)).toEqual([
      '1 provider if you accept out-of-network',
      '1 provider within 40 mi',
      '1 provider with an interpreter (not speaking Spanish)',
    ]);
  });

  it('when nobody passes, says which filter removed whom and offers the nearest relaxation', () => {
    const c = buildBostonClinic(t);
    t.now = Date.parse('2026-03-02T13:00:00Z');
    // Both Spanish-speaking in-network cardiologists nearby stop taking Aetna.
    for (const p of [c.alvarez, c.moreno])
      t.call('providers/setNetworks', {
        providerId: p.id,
        networks: [{ planId: c.choice.id, effectiveFrom: '2024-01-01', effectiveTo: '2025-12-31' }],
      });
    const r = t.call('matching/search', {
      patientId: c.patient.id,
      specialty: CARDIOLOGY,
      language: 'es',
      radiusMiles: 10,
    });
    expect(r.results).toEqual([]);
    expect(r.relaxations.map((x) => x.label)).toEqual([
      '3 providers if you accept out-of-network',
      '1 provider within 40 mi',
      '1 provider with an interpreter (not speaking Spanish)',
    ]);
    expect(Object.fromEntries(r.removedBy.map((x) => [x.filter, x.providers]))).toEqual({
      network: 3,
      distance: 1,
      language: 1,
      newPatients: 1,
      age: 1,
    });
    // Taking the first offer finds them, marked out of network.
    const relaxed = t.call('matching/search', {
      patientId: c.patient.id,
      specialty: CARDIOLOGY,
      language: 'es',
      radiusMiles: 10,
      ...r.relaxations[0]!.change,
    });
    expect(relaxed.results.map((x) => x.providerName).sort()).toEqual([
      'Elena Cruz, MD',
      'Luis Moreno, MD',
      'Rosa Alvarez, MD',
    ]);
    expect(
      relaxed.results.every((x) => x.reasons[0] === 'out of network for Aetna Choice POS II'),
    ).toBe(true);
  });

  it('a new-patient visit type leaves out the provider who saw the patient, and says why', () => {
    const c = buildBostonClinic(t);
    seenByAlvarezInJune(t, c);
    t.now = Date.parse('2026-03-02T13:00:00Z');
    const newVisit = t.call('visitTypes/create', {
      name: 'New cardiology patient',
      durationMinutes: 60,
      cptCode: '99205',
      specialties: [CARDIOLOGY],
      patientStatus: 'new',
    });
    const r = t.call('matching/search', {
      patientId: c.patient.id,
      visitTypeId: newVisit.id,
      language: 'es',
      radiusMiles: 10,
    });
    expect(r.results.map((x) => x.providerName)).toEqual(['Luis Moreno, MD']);
    expect(r.excluded.find((x) => x.providerName === 'Rosa Alvarez, MD')!.failed).toEqual([
      {
        filter: 'visitType',
        reason: 'saw the patient on 2025-06-10: book an established-patient visit',
      },
    ]);
  });

  it('stops offering openings on the day a network contract ends', () => {
    const c = buildBostonClinic(t);
    t.now = Date.parse('2026-03-02T13:00:00Z');
    t.call('providers/setNetworks', {
      providerId: c.moreno.id,
      networks: [{ planId: c.choice.id, effectiveFrom: '2024-01-01', effectiveTo: '2026-03-03' }],
    });
    // One 40-minute opening a day starts 16:15–17:00 (16:15 on the quarter-hour grid); ten are asked for, the contract allows two days.
    const ask = {
      patientId: c.patient.id,
      specialty: CARDIOLOGY,
      language: 'es',
      radiusMiles: 10,
      openingsPerProvider: 10,
      timeOfDay: { from: '16:15', to: '17:00' },
    };
    const r = t.call('matching/search', ask);
    const moreno = r.results.find((x) => x.providerName === 'Luis Moreno, MD')!;
    expect(moreno.openings.map((o) => o.date)).toEqual(['2026-03-02', '2026-03-03']);
    const alvarez = r.results.find((x) => x.providerName === 'Rosa Alvarez, MD')!;
    expect(alvarez.openings).toHaveLength(10);
  });

  it('works from criteria alone (no patient) and checks a given plan, ZIP and date of birth', () => {
    const c = buildBostonClinic(t);
    t.now = Date.parse('2026-03-02T13:00:00Z');
    const r = t.call('matching/search', {
      visitTypeId: c.consult.id,
      planId: c.blue.id,
      zip: '01608',
      radiusMiles: 5,
      dateOfBirth: '2010-01-01',
    });
    expect(r.results.map((x) => x.providerName)).toEqual([]);
    expect(
      r.excluded.find((x) => x.providerName === 'Sofia Reyes, MD')!.failed.map((f) => f.filter),
    ).toEqual(['network']);
    expect(r.relaxations[0]!.label).toBe('1 provider if you accept out-of-network');
  });

  it('self-pay skips the network check; the clinic can change the weights', () => {
    const c = buildBostonClinic(t);
    t.now = Date.parse('2026-03-02T13:00:00Z');
    const r = t.call('matching/search', {
      patientId: c.patient.id,
      specialty: CARDIOLOGY,
      planId: null,
      language: 'es',
      radiusMiles: 10,
    });
    expect(r.results.map((x) => x.providerName)).toContain('Elena Cruz, MD');
    expect(r.results.every((x) => x.inNetwork === null)).toBe(true);
    t.call('matching/setWeights', {
      weights: { continuity: 0, soonest: 0, distance: 100, language: 0, load: 0 },
    });
    const byDistance = t.call('matching/search', {
      patientId: c.patient.id,
      specialty: CARDIOLOGY,
      planId: null,
      language: 'es',
      radiusMiles: 10,
    });
    const miles = byDistance.results.map((x) => x.distanceMiles!);
    expect([...miles].sort((a, b) => a - b)).toEqual(miles);
    expect(t.call('matching/getSettings', {}).weights.distance).toBe(100);
  });

  it('refuses bad criteria with a clear message', () => {
    buildBostonClinic(t);
    const bad = (input: unknown) => {
      const r = t.raw('matching/search', input);
      return r.ok ? null : r.error.message;
    };
    expect(bad({})).toBe('visitTypeId: give a visit type or a specialty');
    expect(bad({ specialty: 'cardiology' })).toBe(
      'specialty: specialty must be a NUCC taxonomy code such as 207RC0000X',
    );
    expect(bad({ specialty: CARDIOLOGY, zip: '00000', radiusMiles: 5 })).toBe(
      'ZIP 00000 is not a US ZIP code we can place on a map; check it or leave it out.',
    );
    expect(bad({ specialty: CARDIOLOGY, radiusMiles: 5 })).toBe(
      'give a ZIP code (or a patient with one) to search within a radius',
    );
    expect(bad({ specialty: CARDIOLOGY, radiusMiles: 0 })).toBe(
      'radiusMiles: radius must be more than 0 miles',
    );
    expect(bad({ specialty: CARDIOLOGY, patientId: 999 })).toBe('The patient was not found.');
    expect(bad({ specialty: CARDIOLOGY, planId: 999 })).toBe('Plan 999 was not found.');
  });
});
