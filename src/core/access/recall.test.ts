import { describe, expect, it } from 'vitest';
import { addMonths, dueAfterVisit, recallText, stepDueOn, withinAges } from './recall';

describe('due dates', () => {
  it('adds calendar months, the 31st of a shorter month becoming its last day', () => {
    expect(dueAfterVisit('2026-03-02', 3)).toBe('2026-06-02');
    expect(dueAfterVisit('2026-03-31', 3)).toBe('2026-06-30');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 12)).toBe('2027-12-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('applies age limits on the due date', () => {
    const t = { minAgeYears: 18, maxAgeYears: 64 };
    expect(withinAges(t, '2008-07-01', '2026-06-30')).toBe(false);
    expect(withinAges(t, '2008-07-01', '2026-07-01')).toBe(true);
    expect(withinAges(t, '1961-07-01', '2026-07-01')).toBe(false);
    expect(withinAges({ minAgeYears: null, maxAgeYears: null }, '1900-01-01', '2026-01-01')).toBe(
      true,
    );
  });
});

describe('the cadence', () => {
  it('gives the latest step due: 30 days before, on the day, 30 after, a call at 60', () => {
    const due = '2026-06-02';
    expect(stepDueOn(due, '2026-05-02')).toBe(null);
    expect(stepDueOn(due, '2026-05-03')).toBe('before');
    expect(stepDueOn(due, '2026-06-01')).toBe('before');
    expect(stepDueOn(due, '2026-06-02')).toBe('due');
    expect(stepDueOn(due, '2026-07-02')).toBe('after');
    expect(stepDueOn(due, '2026-08-01')).toBe('call');
    expect(stepDueOn(due, '2027-01-01')).toBe('call');
  });

  it('never names the recall in the text', () => {
    const s = recallText({ clinicName: 'Test Clinic', step: 'after', clinicPhone: null });
    expect(s).toBe(
      'Test Clinic: Your check-up is overdue. Reply BOOK and we will offer you the first opening. Reply STOP to stop texts.',
    );
  });
});
