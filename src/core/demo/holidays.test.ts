import { describe, expect, it } from 'vitest';
import { clinicHolidays, clinicHolidaysBetween } from './holidays';

describe('clinic holidays', () => {
  it('puts the floating holidays on the right weekday', () => {
    expect(clinicHolidays(2025).map((h) => `${h.date} ${h.name}`)).toEqual([
      "2025-01-01 New Year's Day",
      '2025-05-26 Memorial Day',
      '2025-07-04 Independence Day',
      '2025-09-01 Labor Day',
      '2025-11-27 Thanksgiving Day',
      '2025-12-25 Christmas Day',
    ]);
  });

  it('observes a weekend holiday on the Friday before or the Monday after', () => {
    // 4 July 2026 is a Saturday; 25 December 2022 a Sunday.
    expect(clinicHolidays(2026).find((h) => h.name === 'Independence Day')?.date).toBe(
      '2026-07-03',
    );
    expect(clinicHolidays(2022).find((h) => h.name === 'Christmas Day')?.date).toBe('2022-12-26');
  });

  it("finds New Year's Day observed on the last day of the year before", () => {
    // 1 January 2028 is a Saturday.
    expect(clinicHolidaysBetween('2027-12-01', '2027-12-31').map((h) => h.date)).toEqual([
      '2027-12-24',
      '2027-12-31',
    ]);
  });
});
