import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from './localDate';
import {
  DST_RULE,
  formatInstantLocal,
  instantToLocal,
  isValidZone,
  localDateOf,
  localDayBounds,
  localToInstant,
  offsetAt,
} from './zone';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const HOUR = 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);
/** "HH:MM" -> minutes, kept local to the test so a bug in wallTime cannot hide one here. */
const hm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

describe('isValidZone', () => {
  it('knows IANA zones and refuses made-up names', () => {
    expect(isValidZone(NY)).toBe(true);
    expect(isValidZone(LONDON)).toBe(true);
    expect(isValidZone('Asia/Kolkata')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidZone('')).toBe(false);
  });

  it('conversions throw a RangeError naming an unknown zone', () => {
    expect(() => localToInstant('Mars/Olympus_Mons', '2026-03-09', 540)).toThrow(
      new RangeError('unknown IANA time zone: Mars/Olympus_Mons'),
    );
    expect(() => offsetAt('Mars/Olympus_Mons', 0)).toThrow(RangeError);
  });
});

describe('offsetAt', () => {
  it('gives the UTC offset in minutes at an instant', () => {
    expect(offsetAt(NY, at('2026-01-15T12:00:00Z'))).toBe(-300);
    expect(offsetAt(NY, at('2026-07-15T12:00:00Z'))).toBe(-240);
    expect(offsetAt(LONDON, at('2026-01-15T12:00:00Z'))).toBe(0);
    expect(offsetAt(LONDON, at('2026-07-15T12:00:00Z'))).toBe(60);
    expect(offsetAt('Asia/Kolkata', at('2026-07-15T12:00:00Z'))).toBe(330);
  });

  it('changes exactly at the transition instant', () => {
    // New York springs forward at 02:00 EST = 07:00Z and falls back at 02:00 EDT = 06:00Z.
    expect(offsetAt(NY, at('2026-03-08T06:59:59.999Z'))).toBe(-300);
    expect(offsetAt(NY, at('2026-03-08T07:00:00Z'))).toBe(-240);
    expect(offsetAt(NY, at('2026-11-01T05:59:59.999Z'))).toBe(-240);
    expect(offsetAt(NY, at('2026-11-01T06:00:00Z'))).toBe(-300);
    // London changes at 01:00Z both times.
    expect(offsetAt(LONDON, at('2026-03-29T00:59:59.999Z'))).toBe(0);
    expect(offsetAt(LONDON, at('2026-03-29T01:00:00Z'))).toBe(60);
    expect(offsetAt(LONDON, at('2026-10-25T00:59:59.999Z'))).toBe(60);
    expect(offsetAt(LONDON, at('2026-10-25T01:00:00Z'))).toBe(0);
  });
});

describe('localToInstant: a 09:00 template is 09:00 local on both sides of every DST change', () => {
  const cases: [zone: string, date: string, expected: string][] = [
    // New York, spring forward on Sunday 2026-03-08.
    [NY, '2026-03-07', '2026-03-07T14:00:00.000Z'],
    [NY, '2026-03-08', '2026-03-08T13:00:00.000Z'],
    [NY, '2026-03-09', '2026-03-09T13:00:00.000Z'],
    // New York, fall back on Sunday 2026-11-01.
    [NY, '2026-10-31', '2026-10-31T13:00:00.000Z'],
    [NY, '2026-11-01', '2026-11-01T14:00:00.000Z'],
    [NY, '2026-11-02', '2026-11-02T14:00:00.000Z'],
    // London, spring forward on Sunday 2026-03-29.
    [LONDON, '2026-03-28', '2026-03-28T09:00:00.000Z'],
    [LONDON, '2026-03-29', '2026-03-29T08:00:00.000Z'],
    [LONDON, '2026-03-30', '2026-03-30T08:00:00.000Z'],
    // London, fall back on Sunday 2026-10-25.
    [LONDON, '2026-10-24', '2026-10-24T08:00:00.000Z'],
    [LONDON, '2026-10-25', '2026-10-25T09:00:00.000Z'],
    [LONDON, '2026-10-26', '2026-10-26T09:00:00.000Z'],
  ];

  it.each(cases)('%s %s 09:00 is %s', (zone, date, expected) => {
    expect(iso(localToInstant(zone, date, hm('09:00')))).toBe(expected);
  });

  it.each(cases)('%s %s 09:00–17:00 is 8 real hours', (zone, date) => {
    expect(localToInstant(zone, date, hm('17:00')) - localToInstant(zone, date, hm('09:00'))).toBe(
      8 * HOUR,
    );
  });

  it('treats a zone without DST as a fixed offset', () => {
    expect(iso(localToInstant('Asia/Kolkata', '2026-03-08', hm('09:00')))).toBe(
      '2026-03-08T03:30:00.000Z',
    );
    expect(iso(localToInstant('UTC', '2026-03-08', hm('09:00')))).toBe('2026-03-08T09:00:00.000Z');
  });

  it('reads 24:00 as the next local midnight', () => {
    expect(iso(localToInstant(NY, '2026-03-07', 1440))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(localToInstant(NY, '2026-03-08', 1440))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(localToInstant(NY, '2026-11-01', 1440))).toBe('2026-11-02T05:00:00.000Z');
    expect(iso(localToInstant(LONDON, '2026-03-28', 1440))).toBe('2026-03-29T00:00:00.000Z');
  });
});

describe(`localToInstant: the DST rule ('${DST_RULE}')`, () => {
  it('is the RFC 5545 / Temporal "compatible" rule', () => {
    expect(DST_RULE).toBe('compatible');
  });

  describe('a local time that does not exist moves forward by the length of the gap', () => {
    it('New York 02:30 on 2026-03-08 is 03:30 EDT', () => {
      const t = localToInstant(NY, '2026-03-08', hm('02:30'));
      expect(iso(t)).toBe('2026-03-08T07:30:00.000Z');
      expect(formatInstantLocal(NY, t)).toBe('2026-03-08T03:30:00-04:00');
    });

    it('the edges of the New York gap', () => {
      expect(iso(localToInstant(NY, '2026-03-08', hm('01:59')))).toBe('2026-03-08T06:59:00.000Z');
      expect(iso(localToInstant(NY, '2026-03-08', hm('02:00')))).toBe('2026-03-08T07:00:00.000Z');
      expect(iso(localToInstant(NY, '2026-03-08', hm('02:59')))).toBe('2026-03-08T07:59:00.000Z');
      expect(iso(localToInstant(NY, '2026-03-08', hm('03:00')))).toBe('2026-03-08T07:00:00.000Z');
    });

    it('London 01:30 on 2026-03-29 is 02:30 BST', () => {
      expect(iso(localToInstant(LONDON, '2026-03-29', hm('01:30')))).toBe(
        '2026-03-29T01:30:00.000Z',
      );
      expect(iso(localToInstant(LONDON, '2026-03-29', hm('02:00')))).toBe(
        '2026-03-29T01:00:00.000Z',
      );
    });

    it('a 30-minute gap moves by 30 minutes (Lord Howe Island, 2026-10-04 02:00 -> 02:30)', () => {
      const t = localToInstant('Australia/Lord_Howe', '2026-10-04', hm('02:15'));
      expect(iso(t)).toBe('2026-10-03T15:45:00.000Z');
      expect(formatInstantLocal('Australia/Lord_Howe', t)).toBe('2026-10-04T02:45:00+11:00');
    });
  });

  describe('a local time that exists twice is the earlier of the two', () => {
    it('New York 01:30 on 2026-11-01 is 01:30 EDT (05:30Z), not 01:30 EST (06:30Z)', () => {
      const t = localToInstant(NY, '2026-11-01', hm('01:30'));
      expect(iso(t)).toBe('2026-11-01T05:30:00.000Z');
      expect(formatInstantLocal(NY, t)).toBe('2026-11-01T01:30:00-04:00');
    });

    it('the edges of the New York repeated hour', () => {
      expect(iso(localToInstant(NY, '2026-11-01', hm('00:59')))).toBe('2026-11-01T04:59:00.000Z');
      expect(iso(localToInstant(NY, '2026-11-01', hm('01:00')))).toBe('2026-11-01T05:00:00.000Z');
      expect(iso(localToInstant(NY, '2026-11-01', hm('01:59')))).toBe('2026-11-01T05:59:00.000Z');
      expect(iso(localToInstant(NY, '2026-11-01', hm('02:00')))).toBe('2026-11-01T07:00:00.000Z');
    });

    it('London 01:30 on 2026-10-25 is 01:30 BST (00:30Z)', () => {
      expect(iso(localToInstant(LONDON, '2026-10-25', hm('01:30')))).toBe(
        '2026-10-25T00:30:00.000Z',
      );
      expect(iso(localToInstant(LONDON, '2026-10-25', hm('02:00')))).toBe(
        '2026-10-25T02:00:00.000Z',
      );
    });

    it('Lord Howe Island 01:45 on 2026-04-05 is the +11:00 one', () => {
      expect(iso(localToInstant('Australia/Lord_Howe', '2026-04-05', hm('01:45')))).toBe(
        '2026-04-04T14:45:00.000Z',
      );
    });
  });

  describe('template blocks that span a change keep their wall-clock ends', () => {
    it('01:00–04:00 on 2026-03-08 in New York is 2 real hours', () => {
      const start = localToInstant(NY, '2026-03-08', hm('01:00'));
      const end = localToInstant(NY, '2026-03-08', hm('04:00'));
      expect([iso(start), iso(end)]).toEqual([
        '2026-03-08T06:00:00.000Z',
        '2026-03-08T08:00:00.000Z',
      ]);
      expect(end - start).toBe(2 * HOUR);
    });

    it('00:00–03:00 on 2026-11-01 in New York is 4 real hours', () => {
      const start = localToInstant(NY, '2026-11-01', hm('00:00'));
      const end = localToInstant(NY, '2026-11-01', hm('03:00'));
      expect([iso(start), iso(end)]).toEqual([
        '2026-11-01T04:00:00.000Z',
        '2026-11-01T08:00:00.000Z',
      ]);
      expect(end - start).toBe(4 * HOUR);
    });

    it('00:00–03:00 on 2026-03-29 in London is 2 real hours, on 2026-10-25 4 real hours', () => {
      const span = (date: string) =>
        localToInstant(LONDON, date, hm('03:00')) - localToInstant(LONDON, date, hm('00:00'));
      expect(span('2026-03-29')).toBe(2 * HOUR);
      expect(span('2026-10-25')).toBe(4 * HOUR);
    });
  });
});

describe('localDayBounds', () => {
  const cases: [zone: string, date: string, start: string, end: string, hours: number][] = [
    [NY, '2026-03-07', '2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', 24],
    [NY, '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23],
    [NY, '2026-03-09', '2026-03-09T04:00:00.000Z', '2026-03-10T04:00:00.000Z', 24],
    [NY, '2026-11-01', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25],
    [LONDON, '2026-03-29', '2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z', 23],
    [LONDON, '2026-10-25', '2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z', 25],
    [LONDON, '2026-10-26', '2026-10-26T00:00:00.000Z', '2026-10-27T00:00:00.000Z', 24],
  ];

  it.each(cases)('%s %s runs %s to %s (%i hours)', (zone, date, start, end, hours) => {
    const b = localDayBounds(zone, date);
    expect(iso(b.start)).toBe(start);
    expect(iso(b.end)).toBe(end);
    expect(b.end - b.start).toBe(hours * HOUR);
  });
});

describe('instantToLocal and localDateOf', () => {
  it('gives the local date and minutes of an instant', () => {
    expect(instantToLocal(NY, at('2026-03-09T13:00:00Z'))).toEqual({
      date: '2026-03-09',
      minutes: hm('09:00'),
    });
    expect(instantToLocal(LONDON, at('2026-10-25T09:00:00Z'))).toEqual({
      date: '2026-10-25',
      minutes: hm('09:00'),
    });
  });

  it('uses the local date, not the UTC date, late in the evening', () => {
    // 03:30Z on 9 March is still 23:30 on 8 March in New York.
    expect(localDateOf(NY, at('2026-03-09T03:30:00Z'))).toBe('2026-03-08');
    expect(localDateOf(NY, at('2026-03-09T04:00:00Z'))).toBe('2026-03-09');
    expect(localDateOf('Asia/Kolkata', at('2026-03-08T20:00:00Z'))).toBe('2026-03-09');
  });

  it('shows both 01:30s of the New York repeated hour as 01:30', () => {
    expect(instantToLocal(NY, at('2026-11-01T05:30:00Z'))).toEqual({
      date: '2026-11-01',
      minutes: hm('01:30'),
    });
    expect(instantToLocal(NY, at('2026-11-01T06:30:00Z'))).toEqual({
      date: '2026-11-01',
      minutes: hm('01:30'),
    });
  });

  it('drops seconds (minutes are whole)', () => {
    expect(instantToLocal(NY, at('2026-03-09T13:00:59.999Z'))).toEqual({
      date: '2026-03-09',
      minutes: hm('09:00'),
    });
  });

  describe('round trips', () => {
    const zones = [NY, LONDON, 'Australia/Lord_Howe', 'Pacific/Auckland', 'Asia/Kolkata'];
    const minuteOf2026 = fc
      .integer({
        min: at('2026-01-01T00:00:00Z') / 60_000,
        max: at('2027-01-01T00:00:00Z') / 60_000,
      })
      .map((m) => m * 60_000);

    it('local -> instant -> local gives the same wall time, except inside a spring-forward gap', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.integer({ min: dayNumber('2026-01-01'), max: dayNumber('2026-12-31') }),
          fc.integer({ min: 0, max: 1439 }),
          (zone, day, minutes) => {
            const date = fromDayNumber(day);
            const t = localToInstant(zone, date, minutes);
            const back = instantToLocal(zone, t);
            if (back.date === date && back.minutes === minutes) return;
            // Only a time in a gap may move, and then forward by the gap, which is the change of
            // offset across it.
            const gap = offsetAt(zone, t) - offsetAt(zone, t - 3 * HOUR);
            expect(gap).toBeGreaterThan(0);
            expect(back).toEqual({ date, minutes: minutes + gap });
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('the spring-forward days have exactly one gap hour that moves', () => {
      const moved = (zone: string, date: string) =>
        Array.from({ length: 1440 }, (_, m) => m).filter(
          (m) => instantToLocal(zone, localToInstant(zone, date, m)).minutes !== m,
        );
      expect(moved(NY, '2026-03-08')).toEqual(
        Array.from({ length: 60 }, (_, i) => hm('02:00') + i),
      );
      expect(moved(LONDON, '2026-03-29')).toEqual(
        Array.from({ length: 60 }, (_, i) => hm('01:00') + i),
      );
      expect(moved(NY, '2026-03-09')).toEqual([]);
      expect(moved(NY, '2026-11-01')).toEqual([]);
    });

    it('instant -> local -> instant gives the instant back, or the earlier twin in a repeated hour', () => {
      fc.assert(
        fc.property(fc.constantFrom(...zones), minuteOf2026, (zone, t) => {
          const { date, minutes } = instantToLocal(zone, t);
          const back = localToInstant(zone, date, minutes);
          if (back === t) return;
          // The later of two identical wall times maps back to the earlier one.
          const repeat = offsetAt(zone, back) - offsetAt(zone, t);
          expect(repeat).toBeGreaterThan(0);
          expect(back).toBe(t - repeat * 60_000);
        }),
        { numRuns: 2000 },
      );
    });

    it('every minute of the New York fall-back day comes back, the second 01:xx to the first', () => {
      const { start, end } = localDayBounds(NY, '2026-11-01');
      let twins = 0;
      for (let t = start; t < end; t += 60_000) {
        const { date, minutes } = instantToLocal(NY, t);
        expect(date).toBe('2026-11-01');
        const back = localToInstant(NY, date, minutes);
        if (back !== t) {
          twins++;
          expect(back).toBe(t - HOUR);
        }
      }
      expect(twins).toBe(60);
    });
  });
});

describe('formatInstantLocal', () => {
  it('writes local time with the offset in force', () => {
    expect(formatInstantLocal(NY, at('2026-03-07T14:00:00Z'))).toBe('2026-03-07T09:00:00-05:00');
    expect(formatInstantLocal(NY, at('2026-03-09T13:00:00Z'))).toBe('2026-03-09T09:00:00-04:00');
    expect(formatInstantLocal(NY, at('2026-11-01T06:30:00Z'))).toBe('2026-11-01T01:30:00-05:00');
    expect(formatInstantLocal(LONDON, at('2026-01-15T09:00:00Z'))).toBe(
      '2026-01-15T09:00:00+00:00',
    );
    expect(formatInstantLocal('Asia/Kolkata', at('2026-03-09T13:00:00Z'))).toBe(
      '2026-03-09T18:30:00+05:30',
    );
    expect(formatInstantLocal('America/St_Johns', at('2026-01-15T13:00:00Z'))).toBe(
      '2026-01-15T09:30:00-03:30',
    );
  });

  it('parses back to the same instant', () => {
    for (const text of ['2026-03-08T07:30:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z']) {
      expect(Date.parse(formatInstantLocal(NY, at(text)))).toBe(at(text));
    }
  });
});
