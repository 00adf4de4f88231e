import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWallTime, isWallTime, parseWallTime } from './wallTime';

describe('isWallTime', () => {
  it('accepts HH:MM from 00:00 to 23:59 and 24:00 (end of day)', () => {
    for (const t of ['00:00', '09:00', '12:30', '23:59', '24:00']) expect(isWallTime(t)).toBe(true);
  });

  it('rejects other shapes and out-of-range values', () => {
    for (const t of ['24:01', '25:00', '9:00', '09:0', '09:60', '0900', '09:00:00', '', ' 09:00']) {
      expect(isWallTime(t)).toBe(false);
    }
  });
});

describe('parseWallTime', () => {
  it('gives minutes after local midnight', () => {
    expect(parseWallTime('00:00')).toBe(0);
    expect(parseWallTime('09:00')).toBe(540);
    expect(parseWallTime('12:15')).toBe(735);
    expect(parseWallTime('23:59')).toBe(1439);
    expect(parseWallTime('24:00')).toBe(1440);
  });

  it('throws a RangeError naming the bad value', () => {
    expect(() => parseWallTime('9am')).toThrow(
      new RangeError('not a time of day (HH:MM, 00:00–24:00): 9am'),
    );
    expect(() => parseWallTime('24:30')).toThrow(RangeError);
  });
});

describe('formatWallTime', () => {
  it('writes HH:MM with leading zeros', () => {
    expect(formatWallTime(0)).toBe('00:00');
    expect(formatWallTime(540)).toBe('09:00');
    expect(formatWallTime(735)).toBe('12:15');
    expect(formatWallTime(1440)).toBe('24:00');
  });

  it('is the inverse of parseWallTime for every minute of the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1440 }), (m) => {
        const text = formatWallTime(m);
        expect(isWallTime(text)).toBe(true);
        expect(parseWallTime(text)).toBe(m);
      }),
    );
  });
});
