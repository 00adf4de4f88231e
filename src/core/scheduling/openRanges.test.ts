import { describe, expect, it } from 'vitest';
import { blocksForDate, openRangesForDate } from './openRanges';
import type { OpenRange, TemplateBlock } from './types';
import {
  CHECKUP,
  EVERY_DAY,
  FLU_SHOT,
  hours,
  iso,
  LONDON,
  MAIN,
  MON_FRI,
  NORTH,
  NY,
  onDays,
  pause,
  PHYSICAL,
  schedule,
  weekly,
} from '../../../test/fixtures/schedules';

const HOUR = 3_600_000;

/** Ranges as [location, start, end] in UTC, the shape most assertions need. */
const spans = (ranges: readonly OpenRange[]) =>
  ranges.map((r) => [r.locationId, iso(r.start), iso(r.end)] as const);

// Monday 2026-03-02 to Friday 2026-03-06 are in EST (UTC−5): 09:00 local is 14:00Z.
const nineToFive = schedule({ weekly: [weekly(MAIN, onDays(MON_FRI, [hours('09:00', '17:00')]))] });

describe('weekly template', () => {
  it('gives the day’s hours as instants in the clinic zone', () => {
    const ranges = openRangesForDate(nineToFive, '2026-03-02', NY);
    expect(ranges).toEqual([
      {
        start: Date.parse('2026-03-02T14:00:00Z'),
        end: Date.parse('2026-03-02T22:00:00Z'),
        locationId: MAIN,
        visitTypeIds: null,
        anchor: Date.parse('2026-03-02T14:00:00Z'),
        date: '2026-03-02',
      },
    ]);
  });

  it('applies blocks only on their ISO weekday', () => {
    const mondays = schedule({ weekly: [weekly(MAIN, onDays([1], [hours('09:00', '12:00')]))] });
    expect(spans(openRangesForDate(mondays, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T14:00:00.000Z', '2026-03-02T17:00:00.000Z'],
    ]);
    expect(openRangesForDate(mondays, '2026-03-03', NY)).toEqual([]);
    expect(openRangesForDate(nineToFive, '2026-03-07', NY)).toEqual([]); // Saturday
    expect(openRangesForDate(nineToFive, '2026-03-08', NY)).toEqual([]); // Sunday
  });

  it('gives nothing for a provider with no template', () => {
    expect(openRangesForDate(schedule({}), '2026-03-02', NY)).toEqual([]);
  });

  it('gives nothing for a location whose day has only breaks', () => {
    const s = schedule({ weekly: [weekly(MAIN, onDays([1], [pause('12:00', '13:00')]))] });
    expect(openRangesForDate(s, '2026-03-02', NY)).toEqual([]);
  });

  it('reads 24:00 as the end of the day', () => {
    const s = schedule({ weekly: [weekly(MAIN, onDays([1], [hours('20:00', '24:00')]))] });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-03T01:00:00.000Z', '2026-03-03T05:00:00.000Z'],
    ]);
  });

  it('does not change the schedule it is given', () => {
    const s = schedule({
      weekly: [
        weekly(
          MAIN,
          onDays([1], [hours('08:00', '12:00'), hours('12:00', '17:00'), pause('12:30', '13:00')]),
        ),
      ],
      timeOff: [
        { start: Date.parse('2026-03-02T20:00:00Z'), end: Date.parse('2026-03-02T21:00:00Z') },
      ],
    });
    const before = structuredClone(s);
    openRangesForDate(s, '2026-03-02', NY);
    openRangesForDate(s, '2026-03-02', NY);
    expect(s).toEqual(before);
  });
});

describe('weekly versions and their effective dates', () => {
  // Until Tuesday 10 March the provider works 09–17; from Wednesday 11 March 08–12.
  const s = schedule({
    weekly: [
      weekly(MAIN, onDays(MON_FRI, [hours('09:00', '17:00')]), '2026-03-02', '2026-03-10'),
      weekly(MAIN, onDays(MON_FRI, [hours('08:00', '12:00')]), '2026-03-11', null),
    ],
  });

  it('uses no version before the first one starts', () => {
    expect(openRangesForDate(s, '2026-02-27', NY)).toEqual([]);
  });

  it('includes effectiveFrom and effectiveTo', () => {
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T14:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
    // EDT from 8 March: 09:00 is 13:00Z.
    expect(spans(openRangesForDate(s, '2026-03-10', NY))).toEqual([
      [MAIN, '2026-03-10T13:00:00.000Z', '2026-03-10T21:00:00.000Z'],
    ]);
    expect(spans(openRangesForDate(s, '2026-03-11', NY))).toEqual([
      [MAIN, '2026-03-11T12:00:00.000Z', '2026-03-11T16:00:00.000Z'],
    ]);
  });

  it('an open-ended version runs on indefinitely', () => {
    expect(spans(openRangesForDate(s, '2027-06-02', NY))).toEqual([
      [MAIN, '2027-06-02T12:00:00.000Z', '2027-06-02T16:00:00.000Z'],
    ]);
  });

  it('keeps versions of different locations apart', () => {
    const two = schedule({
      weekly: [
        weekly(MAIN, onDays([1, 3], [hours('09:00', '17:00')])),
        weekly(NORTH, onDays([2], [hours('10:00', '14:00')]), '2026-03-03', '2026-03-03'),
      ],
    });
    expect(spans(openRangesForDate(two, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T14:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
    expect(spans(openRangesForDate(two, '2026-03-03', NY))).toEqual([
      [NORTH, '2026-03-03T15:00:00.000Z', '2026-03-03T19:00:00.000Z'],
    ]);
    expect(openRangesForDate(two, '2026-03-10', NY)).toEqual([]); // NORTH version has ended
  });
});

describe('day overrides', () => {
  const twoLocations = schedule({
    weekly: [
      weekly(MAIN, onDays(MON_FRI, [hours('09:00', '12:00')])),
      weekly(NORTH, onDays(MON_FRI, [hours('13:00', '17:00')])),
    ],
  });

  it('replace that location’s day and leave the other locations alone', () => {
    const s = {
      ...twoLocations,
      overrides: [{ locationId: MAIN, date: '2026-03-04', blocks: [hours('07:00', '08:00')] }],
    };
    expect(spans(openRangesForDate(s, '2026-03-04', NY))).toEqual([
      [MAIN, '2026-03-04T12:00:00.000Z', '2026-03-04T13:00:00.000Z'],
      [NORTH, '2026-03-04T18:00:00.000Z', '2026-03-04T22:00:00.000Z'],
    ]);
    // Only on their date.
    expect(spans(openRangesForDate(s, '2026-03-05', NY))).toEqual([
      [MAIN, '2026-03-05T14:00:00.000Z', '2026-03-05T17:00:00.000Z'],
      [NORTH, '2026-03-05T18:00:00.000Z', '2026-03-05T22:00:00.000Z'],
    ]);
  });

  it('with no blocks close the location for the day', () => {
    const s = {
      ...twoLocations,
      overrides: [{ locationId: NORTH, date: '2026-03-04', blocks: [] }],
    };
    expect(spans(openRangesForDate(s, '2026-03-04', NY))).toEqual([
      [MAIN, '2026-03-04T14:00:00.000Z', '2026-03-04T17:00:00.000Z'],
    ]);
  });

  it('open a day the weekly template leaves closed', () => {
    const s = {
      ...twoLocations,
      overrides: [{ locationId: MAIN, date: '2026-03-07', blocks: [hours('09:00', '13:00')] }],
    };
    expect(spans(openRangesForDate(s, '2026-03-07', NY))).toEqual([
      [MAIN, '2026-03-07T14:00:00.000Z', '2026-03-07T18:00:00.000Z'],
    ]);
  });

  it('win over a weekly version even where the override has only a break', () => {
    const s = {
      ...twoLocations,
      overrides: [{ locationId: MAIN, date: '2026-03-04', blocks: [pause('10:00', '11:00')] }],
    };
    expect(spans(openRangesForDate(s, '2026-03-04', NY))).toEqual([
      [NORTH, '2026-03-04T18:00:00.000Z', '2026-03-04T22:00:00.000Z'],
    ]);
  });

  it('carry their own breaks', () => {
    const s = {
      ...twoLocations,
      overrides: [
        {
          locationId: MAIN,
          date: '2026-03-04',
          blocks: [hours('08:00', '16:00'), pause('12:00', '12:30')],
        },
      ],
    };
    expect(spans(openRangesForDate(s, '2026-03-04', NY)).filter(([l]) => l === MAIN)).toEqual([
      [MAIN, '2026-03-04T13:00:00.000Z', '2026-03-04T17:00:00.000Z'],
      [MAIN, '2026-03-04T17:30:00.000Z', '2026-03-04T21:00:00.000Z'],
    ]);
  });
});

describe('blocksForDate', () => {
  it('lists the applying blocks per location, an override replacing the weekly ones', () => {
    const s = schedule({
      weekly: [
        weekly(MAIN, onDays([1, 2], [hours('09:00', '17:00'), pause('12:00', '13:00')])),
        weekly(NORTH, onDays([1], [hours('08:00', '10:00')])),
      ],
      overrides: [{ locationId: NORTH, date: '2026-03-02', blocks: [] }],
    });
    const blocks = blocksForDate(s, '2026-03-02');
    expect([...blocks.keys()].sort()).toEqual([MAIN, NORTH]);
    expect(blocks.get(MAIN)).toEqual([
      { ...hours('09:00', '17:00'), weekday: 1 },
      { ...pause('12:00', '13:00'), weekday: 1 },
    ]);
    expect(blocks.get(NORTH)).toEqual([]);
  });
});

describe('breaks', () => {
  it('are cut out of the hours; the grid anchor stays at the block start', () => {
    const s = schedule({
      weekly: [weekly(MAIN, onDays([1], [hours('09:00', '17:00'), pause('12:00', '13:00')]))],
    });
    const ranges = openRangesForDate(s, '2026-03-02', NY);
    expect(spans(ranges)).toEqual([
      [MAIN, '2026-03-02T14:00:00.000Z', '2026-03-02T17:00:00.000Z'],
      [MAIN, '2026-03-02T18:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
    expect(ranges.map((r) => iso(r.anchor))).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
    ]);
  });

  it('at the start or end of the hours trim them; overlapping breaks are merged', () => {
    const s = schedule({
      weekly: [
        weekly(
          MAIN,
          onDays(
            [1],
            [
              hours('09:00', '17:00'),
              pause('08:00', '09:30'),
              pause('16:30', '18:00'),
              pause('12:00', '12:45'),
              pause('12:30', '13:00'),
            ],
          ),
        ),
      ],
    });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T14:30:00.000Z', '2026-03-02T17:00:00.000Z'],
      [MAIN, '2026-03-02T18:00:00.000Z', '2026-03-02T21:30:00.000Z'],
    ]);
  });

  it('only cut hours at their own location', () => {
    const s = schedule({
      weekly: [
        weekly(MAIN, onDays([1], [hours('09:00', '12:00')])),
        weekly(NORTH, onDays([1], [hours('13:00', '17:00'), pause('10:00', '11:00')])),
      ],
    });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T14:00:00.000Z', '2026-03-02T17:00:00.000Z'],
      [NORTH, '2026-03-02T18:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
  });

  it('covering all the hours leave nothing', () => {
    const s = schedule({
      weekly: [weekly(MAIN, onDays([1], [hours('09:00', '12:00'), pause('08:00', '13:00')]))],
    });
    expect(openRangesForDate(s, '2026-03-02', NY)).toEqual([]);
  });
});

describe('time off', () => {
  const at = (text: string) => Date.parse(text);

  it('is cut out of the hours at every location', () => {
    const s = schedule({
      weekly: [
        weekly(MAIN, onDays([1], [hours('09:00', '12:00')])),
        weekly(NORTH, onDays([1], [hours('13:00', '17:00')])),
      ],
      // 11:00–14:00 EST: a long lunch and a dentist appointment.
      timeOff: [{ start: at('2026-03-02T16:00:00Z'), end: at('2026-03-02T19:00:00Z') }],
    });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T14:00:00.000Z', '2026-03-02T16:00:00.000Z'],
      [NORTH, '2026-03-02T19:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
  });

  it('spanning days closes every day it covers and part of the days at its ends', () => {
    const s = {
      ...nineToFive,
      // From Tuesday 15:00 to Thursday 10:00 EST.
      timeOff: [{ start: at('2026-03-03T20:00:00Z'), end: at('2026-03-05T15:00:00Z') }],
    };
    expect(spans(openRangesForDate(s, '2026-03-03', NY))).toEqual([
      [MAIN, '2026-03-03T14:00:00.000Z', '2026-03-03T20:00:00.000Z'],
    ]);
    expect(openRangesForDate(s, '2026-03-04', NY)).toEqual([]);
    expect(spans(openRangesForDate(s, '2026-03-05', NY))).toEqual([
      [MAIN, '2026-03-05T15:00:00.000Z', '2026-03-05T22:00:00.000Z'],
    ]);
  });

  it('and breaks together leave the parts clear of both', () => {
    const s = schedule({
      weekly: [weekly(MAIN, onDays([1], [hours('09:00', '17:00'), pause('12:00', '13:00')]))],
      timeOff: [
        { start: at('2026-03-02T15:00:00Z'), end: at('2026-03-02T15:30:00Z') },
        { start: at('2026-03-02T17:30:00Z'), end: at('2026-03-02T18:30:00Z') },
      ],
    });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T14:00:00.000Z', '2026-03-02T15:00:00.000Z'],
      [MAIN, '2026-03-02T15:30:00.000Z', '2026-03-02T17:00:00.000Z'],
      [MAIN, '2026-03-02T18:30:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
  });
});

describe('joining adjacent hours blocks', () => {
  it('joins touching blocks that allow the same visit types, anchored at the first start', () => {
    const s = schedule({
      weekly: [weekly(MAIN, onDays([1], [hours('12:00', '17:00'), hours('08:00', '12:00')]))],
    });
    const ranges = openRangesForDate(s, '2026-03-02', NY);
    expect(spans(ranges)).toEqual([[MAIN, '2026-03-02T13:00:00.000Z', '2026-03-02T22:00:00.000Z']]);
    expect(iso(ranges[0]!.anchor)).toBe('2026-03-02T13:00:00.000Z');
  });

  it('compares allowed visit types as sets', () => {
    const s = schedule({
      weekly: [
        weekly(
          MAIN,
          onDays(
            [1],
            [
              hours('08:00', '12:00', [CHECKUP, PHYSICAL]),
              hours('12:00', '17:00', [PHYSICAL, CHECKUP]),
            ],
          ),
        ),
      ],
    });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T13:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
  });

  it('joins overlapping blocks into one', () => {
    const s = schedule({
      weekly: [weekly(MAIN, onDays([1], [hours('08:00', '12:00'), hours('10:00', '14:00')]))],
    });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T13:00:00.000Z', '2026-03-02T19:00:00.000Z'],
    ]);
  });

  it('keeps blocks apart when their visit types differ, each with its own anchor', () => {
    const s = schedule({
      weekly: [
        weekly(
          MAIN,
          onDays(
            [1],
            [
              hours('08:00', '12:00', [FLU_SHOT]),
              hours('12:00', '14:00', null),
              hours('14:00', '17:00', [FLU_SHOT, CHECKUP]),
            ],
          ),
        ),
      ],
    });
    const ranges = openRangesForDate(s, '2026-03-02', NY);
    expect(
      ranges.map((r) => [iso(r.start), iso(r.end), iso(r.anchor), r.visitTypeIds] as const),
    ).toEqual([
      [
        '2026-03-02T13:00:00.000Z',
        '2026-03-02T17:00:00.000Z',
        '2026-03-02T13:00:00.000Z',
        [FLU_SHOT],
      ],
      ['2026-03-02T17:00:00.000Z', '2026-03-02T19:00:00.000Z', '2026-03-02T17:00:00.000Z', null],
      [
        '2026-03-02T19:00:00.000Z',
        '2026-03-02T22:00:00.000Z',
        '2026-03-02T19:00:00.000Z',
        [FLU_SHOT, CHECKUP],
      ],
    ]);
  });

  it('does not join blocks with a gap between them', () => {
    const s = schedule({
      weekly: [weekly(MAIN, onDays([1], [hours('08:00', '12:00'), hours('13:00', '17:00')]))],
    });
    const ranges = openRangesForDate(s, '2026-03-02', NY);
    expect(spans(ranges)).toEqual([
      [MAIN, '2026-03-02T13:00:00.000Z', '2026-03-02T17:00:00.000Z'],
      [MAIN, '2026-03-02T18:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
    expect(iso(ranges[1]!.anchor)).toBe('2026-03-02T18:00:00.000Z');
  });

  it('never joins blocks of different locations', () => {
    const s = schedule({
      weekly: [
        weekly(MAIN, onDays([1], [hours('08:00', '12:00')])),
        weekly(NORTH, onDays([1], [hours('12:00', '17:00')])),
      ],
    });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T13:00:00.000Z', '2026-03-02T17:00:00.000Z'],
      [NORTH, '2026-03-02T17:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
  });
});

describe('output order', () => {
  it('is by start across locations', () => {
    const s = schedule({
      weekly: [
        weekly(MAIN, onDays([1], [hours('13:00', '17:00'), hours('07:00', '08:00')])),
        weekly(NORTH, onDays([1], [hours('09:00', '12:00')])),
      ],
    });
    expect(spans(openRangesForDate(s, '2026-03-02', NY))).toEqual([
      [MAIN, '2026-03-02T12:00:00.000Z', '2026-03-02T13:00:00.000Z'],
      [NORTH, '2026-03-02T14:00:00.000Z', '2026-03-02T17:00:00.000Z'],
      [MAIN, '2026-03-02T18:00:00.000Z', '2026-03-02T22:00:00.000Z'],
    ]);
  });
});

describe('DST: a 09:00–17:00 template is 09:00–17:00 local on both sides of each change', () => {
  const everyDay = schedule({
    weekly: [weekly(MAIN, onDays(EVERY_DAY, [hours('09:00', '17:00')]))],
  });
  const cases: [zone: string, date: string, start: string, end: string][] = [
    [NY, '2026-03-07', '2026-03-07T14:00:00.000Z', '2026-03-07T22:00:00.000Z'],
    [NY, '2026-03-08', '2026-03-08T13:00:00.000Z', '2026-03-08T21:00:00.000Z'],
    [NY, '2026-03-09', '2026-03-09T13:00:00.000Z', '2026-03-09T21:00:00.000Z'],
    [NY, '2026-10-31', '2026-10-31T13:00:00.000Z', '2026-10-31T21:00:00.000Z'],
    [NY, '2026-11-01', '2026-11-01T14:00:00.000Z', '2026-11-01T22:00:00.000Z'],
    [NY, '2026-11-02', '2026-11-02T14:00:00.000Z', '2026-11-02T22:00:00.000Z'],
    [LONDON, '2026-03-28', '2026-03-28T09:00:00.000Z', '2026-03-28T17:00:00.000Z'],
    [LONDON, '2026-03-29', '2026-03-29T08:00:00.000Z', '2026-03-29T16:00:00.000Z'],
    [LONDON, '2026-03-30', '2026-03-30T08:00:00.000Z', '2026-03-30T16:00:00.000Z'],
    [LONDON, '2026-10-24', '2026-10-24T08:00:00.000Z', '2026-10-24T16:00:00.000Z'],
    [LONDON, '2026-10-25', '2026-10-25T09:00:00.000Z', '2026-10-25T17:00:00.000Z'],
    [LONDON, '2026-10-26', '2026-10-26T09:00:00.000Z', '2026-10-26T17:00:00.000Z'],
  ];

  it.each(cases)('%s %s: %s to %s', (zone, date, start, end) => {
    const ranges = openRangesForDate(everyDay, date, zone);
    expect(spans(ranges)).toEqual([[MAIN, start, end]]);
    expect(iso(ranges[0]!.anchor)).toBe(start);
    expect(ranges[0]!.date).toBe(date);
  });
});

describe('DST: blocks across the change keep their wall-clock ends', () => {
  const sunday = (blocks: TemplateBlock[]) =>
    schedule({ weekly: [weekly(MAIN, onDays([7], blocks))] });

  it('01:00–04:00 on 2026-03-08 in New York is 2 real hours', () => {
    const ranges = openRangesForDate(sunday([hours('01:00', '04:00')]), '2026-03-08', NY);
    expect(spans(ranges)).toEqual([[MAIN, '2026-03-08T06:00:00.000Z', '2026-03-08T08:00:00.000Z']]);
    expect(ranges[0]!.end - ranges[0]!.start).toBe(2 * HOUR);
  });

  it('00:00–03:00 on 2026-11-01 in New York is 4 real hours', () => {
    const ranges = openRangesForDate(sunday([hours('00:00', '03:00')]), '2026-11-01', NY);
    expect(spans(ranges)).toEqual([[MAIN, '2026-11-01T04:00:00.000Z', '2026-11-01T08:00:00.000Z']]);
    expect(ranges[0]!.end - ranges[0]!.start).toBe(4 * HOUR);
  });

  it('a block that is exactly the spring-forward gap is empty and left out', () => {
    expect(openRangesForDate(sunday([hours('02:00', '03:00')]), '2026-03-08', NY)).toEqual([]);
  });

  it('a block inside the gap has both ends moved forward by the gap (the stated rule)', () => {
    // 02:15 -> 03:15 EDT and 02:45 -> 03:45 EDT.
    expect(spans(openRangesForDate(sunday([hours('02:15', '02:45')]), '2026-03-08', NY))).toEqual([
      [MAIN, '2026-03-08T07:15:00.000Z', '2026-03-08T07:45:00.000Z'],
    ]);
  });

  it('a block starting in the gap starts where the gap ends (02:30 -> 03:30 EDT)', () => {
    expect(spans(openRangesForDate(sunday([hours('02:30', '05:00')]), '2026-03-08', NY))).toEqual([
      [MAIN, '2026-03-08T07:30:00.000Z', '2026-03-08T09:00:00.000Z'],
    ]);
  });

  it('a break in the repeated hour cuts the first 01:00–02:00 and runs to 02:00 EST', () => {
    // 01:00 is the earlier (EDT) 01:00 and 02:00 exists once (EST): the break is 2 real hours.
    const s = sunday([hours('00:00', '04:00'), pause('01:00', '02:00')]);
    expect(spans(openRangesForDate(s, '2026-11-01', NY))).toEqual([
      [MAIN, '2026-11-01T04:00:00.000Z', '2026-11-01T05:00:00.000Z'],
      [MAIN, '2026-11-01T07:00:00.000Z', '2026-11-01T09:00:00.000Z'],
    ]);
  });
});
