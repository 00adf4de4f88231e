import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageOn,
  dayNumber,
  daysBetween,
  daysInMonth,
  eachDate,
  fromDayNumber,
  isLocalDate,
  isoWeekday,
} from './localDate';

describe('isLocalDate', () => {
  it('accepts real calendar dates', () => {
    expect(isLocalDate('2026-03-08')).toBe(true);
    expect(isLocalDate('2026-12-31')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2000-02-29')).toBe(true);
  });

  it('rejects dates that do not exist', () => {
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('1900-02-29')).toBe(false);
    expect(isLocalDate('2026-04-31')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-00-10')).toBe(false);
    expect(isLocalDate('2026-01-00')).toBe(false);
  });

  it('rejects anything that is not YYYY-MM-DD', () => {
    expect(isLocalDate('2026-3-8')).toBe(false);
    expect(isLocalDate('2026-03-08T00:00')).toBe(false);
    expect(isLocalDate('03/08/2026')).toBe(false);
    expect(isLocalDate(' 2026-03-08')).toBe(false);
    expect(isLocalDate('')).toBe(false);
  });
});

describe('daysInMonth', () => {
  it('knows month lengths and leap years (month is 1-based)', () => {
    expect(daysInMonth(2026, 1)).toBe(31);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});

describe('dayNumber and fromDayNumber', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2026-03-08')).toBe(20520);
    expect(fromDayNumber(20520)).toBe('2026-03-08');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
  });

  it('throws a RangeError naming the bad input', () => {
    expect(() => dayNumber('March 8')).toThrow(new RangeError('not a date (YYYY-MM-DD): March 8'));
  });

  it('round-trips every date between 1900 and 2199', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('1900-01-01'), max: dayNumber('2199-12-31') }),
        (n) => {
          const date = fromDayNumber(n);
          expect(isLocalDate(date)).toBe(true);
          expect(dayNumber(date)).toBe(n);
        },
      ),
    );
  });
});

describe('addDays and daysBetween', () => {
  it('moves by calendar days across DST changes, month ends and leap days', () => {
    // 2026-03-08 is 23 hours long in New York; a calendar day is still one day.
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-11-01', 1)).toBe('2026-11-02');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-08', 0)).toBe('2026-03-08');
    expect(addDays('2026-03-02', 14)).toBe('2026-03-16');
  });

  it('counts days between dates, negative when going back', () => {
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(daysBetween('2026-03-31', '2026-03-01')).toBe(-30);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-03-08', '2026-03-08')).toBe(0);
  });

  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('1950-01-01'), max: dayNumber('2150-01-01') }),
        fc.integer({ min: -5000, max: 5000 }),
        (n, k) => {
          const date = fromDayNumber(n);
          expect(daysBetween(date, addDays(date, k))).toBe(k);
        },
      ),
    );
  });
});

describe('isoWeekday', () => {
  it('is 1 for Monday through 7 for Sunday', () => {
    expect(isoWeekday('1970-01-01')).toBe(4); // Thursday
    expect(isoWeekday('2026-03-02')).toBe(1); // Monday
    expect(isoWeekday('2026-03-07')).toBe(6); // Saturday
    expect(isoWeekday('2026-03-08')).toBe(7); // Sunday (New York springs forward)
    expect(isoWeekday('2026-11-01')).toBe(7); // Sunday (New York falls back)
    expect(isoWeekday('1969-12-31')).toBe(3); // Wednesday, before the epoch
    expect(isoWeekday('1969-12-29')).toBe(1); // Monday, before the epoch
  });

  it('agrees with the UTC weekday of the date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('1900-01-01'), max: dayNumber('2199-12-31') }),
        (n) => {
          const date = fromDayNumber(n);
          const utc = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
          expect(isoWeekday(date)).toBe(utc === 0 ? 7 : utc);
        },
      ),
    );
  });
});

describe('eachDate', () => {
  it('yields every date from `from` to `to`, both included', () => {
    expect([...eachDate('2026-02-27', '2026-03-02')]).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('yields one date when from = to and none when to is before from', () => {
    expect([...eachDate('2026-03-08', '2026-03-08')]).toEqual(['2026-03-08']);
    expect([...eachDate('2026-03-09', '2026-03-08')]).toEqual([]);
  });
});

describe('ageOn', () => {
  it('counts whole years, a birthday counting from that day', () => {
    expect(ageOn('1990-03-08', '2026-03-07')).toBe(35);
    expect(ageOn('1990-03-08', '2026-03-08')).toBe(36);
    expect(ageOn('1990-03-08', '2026-03-09')).toBe(36);
    expect(ageOn('1990-12-31', '2026-01-01')).toBe(35);
    expect(ageOn('2026-03-02', '2026-03-02')).toBe(0);
  });

  it('gives a 29 February birthday on 1 March in common years', () => {
    expect(ageOn('2024-02-29', '2025-02-28')).toBe(0);
    expect(ageOn('2024-02-29', '2025-03-01')).toBe(1);
    expect(ageOn('2024-02-29', '2028-02-29')).toBe(4);
  });
});
