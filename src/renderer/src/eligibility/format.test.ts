import { describe, expect, it } from 'vitest';
import {
  BLANK_MANUAL,
  batchProgress,
  estimateBasis,
  manualBenefitsInput,
  manualFieldOf,
  parseDollars,
  percent,
  remainingOf,
  usd,
  verifiedAgo,
} from './format';

describe('money and percentages', () => {
  it('writes dollars with cents and a dash for "not said"', () => {
    expect(usd(25)).toBe('$25.00');
    expect(usd(1500)).toBe('$1,500.00');
    expect(usd(null)).toBe('—');
    expect(percent(0.2)).toBe('20%');
    expect(percent(0.125)).toBe('12.5%');
    expect(percent(null)).toBe('—');
  });

  it('reads dollars as a receptionist types them', () => {
    expect(parseDollars('$1,500')).toBe(1500);
    expect(parseDollars(' 25.5 ')).toBe(25.5);
    expect(parseDollars('')).toBeNull();
    expect(parseDollars('12.345')).toBeNaN();
    expect(parseDollars('ten')).toBeNaN();
  });

  it('says how much of a deductible is left', () => {
    expect(remainingOf(750, 1500)).toBe('$750.00 left of $1,500.00');
    expect(remainingOf(null, 1500)).toBe('$1,500.00 (the payer did not say how much is met)');
    expect(remainingOf(null, null)).toBe('—');
  });
});

describe('how old an answer is', () => {
  const now = Date.parse('2026-03-02T13:00:00Z');
  it.each([
    ['2026-03-02T12:59:30Z', 'verified just now'],
    ['2026-03-02T12:55:00Z', 'verified 5 min ago'],
    ['2026-03-02T11:00:00Z', 'verified 2 h ago'],
    ['2026-02-27T13:00:00Z', 'verified 3 days ago'],
  ])('%s is "%s"', (completedAt, words) => expect(verifiedAgo({ completedAt, now })).toBe(words));

  it('says nothing for an answer still on its way', () =>
    expect(verifiedAgo({ completedAt: null, now })).toBeNull());
});

describe('what the estimate rests on', () => {
  it.each([
    [['Allowed amount: $100.00 (x).', 'Copay: $10.00 for Office visit → you pay $10.00.'], 'copay'],
    [['No insurance on file: the self-pay price of Follow-up is $90.00.'], 'self-pay'],
    [['Allowed amount: $100.00 (x).', 'Not covered: the plan …'], 'not covered'],
    [
      [
        'Allowed amount: $100.00 (x).',
        'Deductible: $100.00 of $500.00 remaining deductible applies → you pay $100.00.',
      ],
      'deductible',
    ],
    [
      [
        'Allowed amount: $100.00 (x).',
        'Deductible: $50.00 of $50.00 remaining deductible applies → you pay $50.00.',
        'Coinsurance: 20% of the remaining $50.00 → you pay $10.00.',
      ],
      'deductible + coinsurance',
    ],
    [
      [
        'Allowed amount: $100.00 (x).',
        'Deductible: the deductible is met ($0.00 remaining) → nothing from the deductible.',
        'Coinsurance: 20% of the remaining $100.00 → you pay $20.00.',
      ],
      'coinsurance',
    ],
    [['Allowed amount: $100.00 (x).', 'No insurance benefits are known'], null],
  ])('%j → %s', (steps, basis) => expect(estimateBasis(steps)).toBe(basis));
});

describe('benefits entered by hand', () => {
  it('turns the typed percentage and dollars into what the API takes', () => {
    const r = manualBenefitsInput({
      ...BLANK_MANUAL,
      planName: ' Gold PPO ',
      copay: '$25',
      coinsurancePercent: '20',
      deductibleTotal: '1,500',
      deductibleRemaining: '750.50',
    });
    expect(r).toEqual({
      ok: true,
      benefits: {
        coverage: 'active',
        planName: 'Gold PPO',
        network: 'in',
        copay: 25,
        coinsurance: 0.2,
        deductibleTotal: 1500,
        deductibleRemaining: 750.5,
        outOfPocketTotal: null,
        outOfPocketRemaining: null,
        note: null,
      },
    });
  });

  it('names each field it cannot read', () => {
    const r = manualBenefitsInput({ ...BLANK_MANUAL, copay: 'twenty', coinsurancePercent: '120' });
    expect(r).toEqual({
      ok: false,
      errors: {
        copay: 'Type dollars and cents, e.g. 25 or 1,500.00.',
        coinsurancePercent: 'Type the percentage the patient pays, 0 to 100 (20 for 20%).',
      },
    });
  });

  it("places the API's field errors on the form's fields", () => {
    expect(manualFieldOf('benefits.deductibleRemaining')).toBe('deductibleRemaining');
    expect(manualFieldOf('benefits.coinsurance')).toBe('coinsurancePercent');
    expect(manualFieldOf('coverageId')).toBeNull();
    expect(manualFieldOf(undefined)).toBeNull();
  });
});

describe('batch progress', () => {
  it('counts answers, failed ones included, against everything queued', () => {
    expect(batchProgress({ queued: 1, sending: 1, done: 1, failed: 1 })).toEqual({
      answered: 2,
      total: 4,
      percent: 50,
    });
    expect(batchProgress({ queued: 0, sending: 0, done: 0, failed: 0 }).percent).toBe(100);
  });
});
