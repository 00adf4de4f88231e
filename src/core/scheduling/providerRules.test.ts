import { describe, expect, it } from 'vitest';
import { brokenProviderRules, offersVisitType, rulesSentence } from './providerRules';

const provider = {
  displayName: 'Lee Chan, MD',
  specialtyName: 'Internal Medicine',
  taxonomyCode: '207R00000X',
  visitTypeIds: null,
  acceptsNewPatients: true,
  minAgeYears: 18,
  maxAgeYears: 64,
};
const followUp = {
  id: 2,
  name: 'Follow-up Visit',
  specialties: [],
  patientStatus: 'established' as const,
};
const newVisit = {
  id: 3,
  name: 'New Patient Visit',
  specialties: [],
  patientStatus: 'new' as const,
};

describe('brokenProviderRules', () => {
  it('checks ages at both ends and says how old the patient will be', () => {
    const young = brokenProviderRules({
      provider,
      visitType: followUp,
      patient: { ageYears: 1, established: true },
    });
    expect(young).toEqual([
      expect.objectContaining({
        rule: 'age',
        message: 'Lee Chan, MD sees patients 18 and older; this patient will be 1 year old.',
      }),
    ]);
    const old = brokenProviderRules({
      provider,
      visitType: followUp,
      patient: { ageYears: 70, established: true },
    });
    expect(old.map((b) => b.reason)).toEqual(['sees patients up to 64']);
    expect(
      brokenProviderRules({
        provider,
        visitType: followUp,
        patient: { ageYears: 64, established: true },
      }),
    ).toEqual([]);
  });

  it('refuses new patients only where the provider does not take them, and not when the patient is unknown', () => {
    const closed = { ...provider, acceptsNewPatients: false };
    expect(
      brokenProviderRules({
        provider: closed,
        visitType: newVisit,
        patient: { ageYears: 30, established: false },
      }).map((b) => b.rule),
    ).toEqual(['newPatients']);
    expect(brokenProviderRules({ provider: closed, visitType: newVisit, patient: null })).toEqual(
      [],
    );
  });

  it('matches new and established visit types to whether the provider saw the patient', () => {
    expect(
      brokenProviderRules({
        provider,
        visitType: newVisit,
        patient: { ageYears: 30, established: true, lastSeenDate: '2025-04-01' },
      })[0]!.message,
    ).toBe(
      'New Patient Visit is for new patients, and Lee Chan, MD saw this patient on 2025-04-01: book an established-patient visit.',
    );
    expect(
      brokenProviderRules({
        provider,
        visitType: followUp,
        patient: { ageYears: 30, established: false },
      }).map((b) => b.rule),
    ).toEqual(['visitTypeKind']);
  });

  it('refuses a visit type outside the specialty or the provider’s own list', () => {
    const cardio = {
      id: 9,
      name: 'Cardiology Follow-up',
      specialties: ['207RC0000X'],
      patientStatus: 'any' as const,
    };
    expect(offersVisitType(provider, cardio)).toBe(false);
    expect(offersVisitType({ ...provider, visitTypeIds: [3] }, followUp)).toBe(false);
    const broken = brokenProviderRules({ provider, visitType: cardio, patient: null });
    expect(broken.map((b) => b.rule)).toEqual(['notOffered']);
    expect(rulesSentence(broken)).toBe(
      'Lee Chan, MD (Internal Medicine) does not offer Cardiology Follow-up.',
    );
  });
});
