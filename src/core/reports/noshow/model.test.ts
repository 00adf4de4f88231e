import { describe, expect, it } from 'vitest';
import type { NoShowFeatures } from './features';
import {
  fitNoShowModel,
  riskBand,
  scoreNoShow,
  trainClinicModel,
  type TrainingExample,
} from './model';

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function features(over: Partial<NoShowFeatures>): NoShowFeatures {
  return {
    leadDays: 7,
    priorNoShows: 0,
    priorKept: 0,
    priorNoShowRate: NaN,
    newPatient: 1,
    priorBookings: 0,
    openBookings: 0,
    ageBand: 4,
    visitWeekday: 2,
    visitHour: 10,
    bookedHour: 9,
    visitType: 'Follow-up',
    reminderAnswer: NaN,
    ...over,
  };
}

/** Lead time and prior no-shows raise the risk, as in real clinics; `signal: false` = coin flips. */
function clinic(n: number, signal: boolean, seed = 3): TrainingExample[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const leadDays = Math.floor(r() * 60);
    const priorNoShows = r() < 0.2 ? 1 + Math.floor(r() * 3) : 0;
    const p = signal ? 0.05 + 0.005 * leadDays + 0.15 * priorNoShows : 0.2;
    return {
      features: features({
        leadDays,
        priorNoShows,
        visitType: i % 2 ? 'New patient' : 'Follow-up',
      }),
      noShow: r() < Math.min(0.95, p),
      visitKey: i,
    };
  });
}

describe('trainClinicModel', () => {
  it('stays off below 2,000 closed appointments and says so', () => {
    const out = trainClinicModel(clinic(1_999, true));
    expect(out).toMatchObject({
      enabled: false,
      heldOutAuc: null,
      model: null,
      closedAppointments: 1_999,
    });
    expect(out.reason).toBe(
      'Off: the clinic has 1,999 closed appointments; the risk score needs at least 2,000 to be trained and checked.',
    );
  });

  it('switches on when the most recent fifth is ranked with AUC ≥ 0.65', () => {
    const out = trainClinicModel(clinic(2_500, true), { trees: 30 });
    expect(out.enabled).toBe(true);
    expect(out.heldOutAuc).toBeGreaterThanOrEqual(0.65);
    expect(out.reason).toMatch(
      /^On: trained on 2,000 closed appointments, it ranked the next 500 with AUC 0\.\d{3} \(at least 0\.65 needed\)\.$/,
    );
    const m = out.model!;
    const risky = scoreNoShow(m, features({ leadDays: 55, priorNoShows: 3, newPatient: 0 }));
    const safe = scoreNoShow(m, features({ leadDays: 0 }));
    expect(risky).toBeGreaterThan(safe);
    expect(riskBand(m, risky)).toBe('high');
    expect(riskBand(m, safe)).toBe('low');
  });

  it('stays off when the score cannot rank (coin-flip outcomes), with the AUC in words', () => {
    const out = trainClinicModel(clinic(2_500, false), { trees: 30 });
    expect(out.enabled).toBe(false);
    expect(out.heldOutAuc).toBeLessThan(0.65);
    expect(out.reason).toMatch(
      /^Off: on the 500 most recent closed appointments the score ranked no-shows above kept visits with AUC 0\.\d{3}, below the 0\.65 needed to be useful\.$/,
    );
  });

  it('judges on the latest visits, not a random sample: a model that only works on old visits stays off', () => {
    // Early visits: lead time predicts; the latest fifth: the relation is reversed.
    const rows = clinic(2_500, true).map((e, i) =>
      i >= 2_000 ? { ...e, noShow: e.features.leadDays < 10 } : e,
    );
    const out = trainClinicModel(rows, { trees: 30 });
    expect(out.enabled).toBe(false);
    expect(out.heldOutAuc!).toBeLessThan(0.5);
  });
});

describe('the model as stored', () => {
  it('numbers visit types by their no-show rate and treats an unknown type as unknown', () => {
    const rows: TrainingExample[] = Array.from({ length: 300 }, (_, i) => ({
      features: features({ visitType: ['Annual', 'Walk-in', 'Follow-up'][i % 3]! }),
      noShow: i % 3 === 1 ? i % 2 === 0 : i % 10 === 0,
      visitKey: i,
    }));
    const m = fitNoShowModel(rows, { trees: 5 });
    expect(m.visitTypes['Walk-in']).toBe(2);
    const back = JSON.parse(JSON.stringify(m)) as typeof m;
    expect(scoreNoShow(back, features({ visitType: 'Never seen' }))).toBe(
      scoreNoShow(m, features({ visitType: 'Never seen' })),
    );
  });

  it('bands: high at twice the usual rate, medium above it, low below', () => {
    const m = { baseRate: 0.2 };
    expect(riskBand(m, 0.4)).toBe('high');
    expect(riskBand(m, 0.39)).toBe('medium');
    expect(riskBand(m, 0.2)).toBe('medium');
    expect(riskBand(m, 0.19)).toBe('low');
  });
});
