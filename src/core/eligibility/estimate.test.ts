import { describe, expect, it } from 'vitest';
import {
  allowedAmountFor,
  estimatePatientCost,
  type AllowedAmount,
  type FeeSchedule,
} from './estimate';
import { parse271 } from './parse271';
import { wrap271 } from './testSupport';
import type { PatientEligibility } from './types';

const patient = (...ebs: string[]): PatientEligibility => parse271(wrap271(ebs)).patients[0]!;
const allowed = (amount: number): AllowedAmount => ({
  amount,
  source: 'payer',
  description: 'the payer’s fee schedule',
});
const office = ['30', '98'];

describe('fee schedule → allowed amount', () => {
  const schedule: FeeSchedule = {
    entries: [
      {
        cptCode: '99213',
        defaultAllowed: 120,
        selfPayPrice: 95,
        payerAllowed: { '842610001': 104.37 },
      },
    ],
  };
  it('uses the payer’s rate, else the default, and the self-pay price for a self-pay patient', () => {
    expect(
      allowedAmountFor({ feeSchedule: schedule, cptCode: '99213', payerId: '842610001' }),
    ).toMatchObject({ amount: 104.37, source: 'payer' });
    expect(
      allowedAmountFor({ feeSchedule: schedule, cptCode: '99213', payerId: 'OTHER' }),
    ).toMatchObject({ amount: 120, source: 'default' });
    expect(
      allowedAmountFor({ feeSchedule: schedule, cptCode: '99213', payerId: null }),
    ).toMatchObject({ amount: 95, source: 'self_pay' });
    expect(allowedAmountFor({ feeSchedule: schedule, cptCode: '99999', payerId: null })).toBeNull();
  });
});

describe('estimate rules', () => {
  it('rule: a copay applies → the patient pays the copay', () => {
    const e = estimatePatientCost({
      allowed: allowed(150),
      eligibility: patient('EB*B**98****25*****Y', 'EB*C**30***29*500*****Y'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e).toMatchObject({ patientAmount: 25, planAmount: 125, reason: null });
    expect(e.steps).toEqual([
      'Allowed amount: $150.00 (the payer’s fee schedule).',
      'Copay: $25.00 for Professional (Physician) Visit - Office, in network → you pay $25.00.',
      'Total: you pay $25.00; the plan pays $125.00.',
    ]);
  });

  it('rule: the copay is capped by the allowed amount', () => {
    const e = estimatePatientCost({
      allowed: allowed(40),
      eligibility: patient('EB*B**98****50*****Y'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e.patientAmount).toBe(40);
    expect(e.steps[1]).toBe(
      'Copay: $50.00 for Professional (Physician) Visit - Office, in network, but the allowed amount is only $40.00 → you pay $40.00.',
    );
  });

  it('rule: no copay → deductible remaining first, then coinsurance on the rest', () => {
    // $180 allowed, $150 of deductible left: $150 + 20% of $30 = $156.
    const e = estimatePatientCost({
      allowed: allowed(180),
      eligibility: patient(
        'EB*C*IND*30***23*500*****Y',
        'EB*C*IND*30***29*150*****Y',
        'EB*A*IND*30*****0.2****Y',
      ),
      serviceTypes: office,
      network: 'in',
    });
    expect(e).toMatchObject({ patientAmount: 156, planAmount: 24 });
    expect(e.steps.slice(1)).toEqual([
      'Deductible: $150.00 of $150.00 remaining individual deductible applies → you pay $150.00.',
      'Coinsurance: 20% of the remaining $30.00 → you pay $6.00.',
      'Total: you pay $156.00; the plan pays $24.00.',
    ]);
  });

  it('rule: deductible larger than the allowed amount → the patient pays all of it', () => {
    const e = estimatePatientCost({
      allowed: allowed(150),
      eligibility: patient('EB*C**30***29*500', 'EB*A**30*****0.2'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e.patientAmount).toBe(150);
    expect(e.steps[1]).toBe(
      'Deductible: $150.00 of $500.00 remaining deductible applies → you pay $150.00.',
    );
  });

  it('rule: the total is capped by the out-of-pocket maximum left', () => {
    const e = estimatePatientCost({
      allowed: allowed(1000),
      eligibility: patient('EB*C**30***29*800', 'EB*A**30*****0.3', 'EB*G**30***29*100'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e.patientAmount).toBe(100);
    expect(e.steps).toContain(
      'Out-of-pocket maximum: only $100.00 left of the out-of-pocket maximum → you pay at most $100.00.',
    );
  });

  it('the smaller of the individual and family remainders binds', () => {
    const e = estimatePatientCost({
      allowed: allowed(200),
      eligibility: patient('EB*C*IND*30***29*400', 'EB*C*FAM*30***29*50', 'EB*A*IND*30*****0.1'),
      serviceTypes: office,
      network: 'in',
    });
    // $50 family deductible left + 10% of $150 = $65.
    expect(e.patientAmount).toBe(65);
    expect(e.steps[1]).toContain('remaining family deductible');
  });

  it('is exact in cents: 33.33% of $100.01 rounds to the cent, no float drift', () => {
    const e = estimatePatientCost({
      allowed: allowed(100.01),
      eligibility: patient('EB*C**30***29*0', 'EB*A**30*****0.3333'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e.patientAmount).toBe(33.33);
    expect(e.planAmount).toBe(66.68);
  });

  it('uses out-of-network figures for an out-of-network provider, and EB12 W for both', () => {
    const elig = patient('EB*B**98****20*****Y', 'EB*B**98****45*****W', 'EB*A**98*****0.5****N');
    expect(
      estimatePatientCost({
        allowed: allowed(100),
        eligibility: elig,
        serviceTypes: office,
        network: 'in',
      }).patientAmount,
    ).toBe(20);
    expect(
      estimatePatientCost({
        allowed: allowed(100),
        eligibility: elig,
        serviceTypes: office,
        network: 'out',
      }).patientAmount,
    ).toBe(45);
  });

  it('prefers the visit’s service type and falls back to 30 field by field', () => {
    const elig = patient('EB*B**MH****40*****Y', 'EB*B**30****15*****Y');
    expect(
      estimatePatientCost({
        allowed: allowed(100),
        eligibility: elig,
        serviceTypes: ['30', 'MH'],
        network: 'in',
      }).patientAmount,
    ).toBe(40);
    expect(
      estimatePatientCost({
        allowed: allowed(100),
        eligibility: elig,
        serviceTypes: ['30', 'UC'],
        network: 'in',
      }).patientAmount,
    ).toBe(15);
  });

  it('a non-covered service → the patient pays the whole allowed amount', () => {
    const e = estimatePatientCost({
      allowed: allowed(90),
      eligibility: patient('EB*I**98'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e.patientAmount).toBe(90);
    expect(e.steps[1]).toBe(
      'Not covered: the plan does not cover Professional (Physician) Visit - Office → you pay the full $90.00.',
    );
  });

  it('no benefits known → null with the reason', () => {
    const e = estimatePatientCost({
      allowed: allowed(90),
      eligibility: null,
      serviceTypes: office,
      network: 'in',
    });
    expect(e.patientAmount).toBeNull();
    expect(e.reason).toBe(
      'No insurance benefits are known for this patient: check eligibility first, or quote the self-pay price.',
    );
  });

  it('a rejected inquiry → null, quoting the payer’s reason', () => {
    const e = estimatePatientCost({
      allowed: allowed(90),
      eligibility: patient('AAA*N**72*C'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e.reason).toBe(
      'The payer’s response lists no benefits for this patient (member ID not found), so the cost cannot be estimated.',
    );
  });

  it('inactive coverage → null, pointing to a Good Faith Estimate', () => {
    const e = estimatePatientCost({
      allowed: allowed(90),
      eligibility: patient('EB*6**30'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e.patientAmount).toBeNull();
    expect(e.reason).toContain('coverage is inactive');
  });

  it('benefits without money for this visit → null, saying so', () => {
    const e = estimatePatientCost({
      allowed: allowed(90),
      eligibility: patient('EB*1**30^98'),
      serviceTypes: office,
      network: 'in',
    });
    expect(e.patientAmount).toBeNull();
    expect(e.reason).toContain('lists no copay, deductible or coinsurance');
  });

  it('rejects a negative allowed amount with a typed error', () => {
    expect(() =>
      estimatePatientCost({
        allowed: allowed(-1),
        eligibility: null,
        serviceTypes: office,
        network: 'in',
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'allowed.amount' }));
  });
});
