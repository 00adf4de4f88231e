import { describe, expect, it } from 'vitest';
import { formatWallTime, instantToLocal, type Interval } from '../time';
import { allows, blockedFor, bookingWindow, checkFits, slotsForDate, slotsForDates } from './slots';
import type { BusySpan, OpenRange, ProviderSchedule, Slot, VisitRule } from './types';
import {
  CHECKUP,
  EVERY_DAY,
  FLU_SHOT,
  hm,
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

const MIN = 60_000;

/** The one clock of these tests: Monday 2 March 2026, 07:00 in New York. */
const NOW = Date.parse('2026-03-02T12:00:00Z');

const at = (text: string) => Date.parse(text);
const visit = (p: Partial<VisitRule> = {}): VisitRule => ({
  visitTypeId: CHECKUP,
  durationMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  ...p,
});
const busy = (start: string, end: string, before = 0, after = 0): BusySpan => ({
  start: at(start),
  end: at(end),
  bufferBeforeMs: before * MIN,
  bufferAfterMs: after * MIN,
});
/** Local "HH:MM" of each slot start, the way a receptionist reads the grid. */
const localStarts = (slots: Slot[], zone = NY) =>
  slots.map((s) => formatWallTime(instantToLocal(zone, s.start).minutes));
const grid = (from: string, lastStart: string, step = 15) =>
  Array.from({ length: (hm(lastStart) - hm(from)) / step + 1 }, (_, k) =>
    formatWallTime(hm(from) + k * step),
  );

/** Booking open from NOW for 60 days, no notice needed. */
const WIDE = bookingWindow({
  now: NOW,
  zone: NY,
  rule: { slotMinutes: 15, minNoticeMinutes: 0, horizonDays: 60 },
});

/** Booking open all of 2026, for tests on dates far from NOW. */
const YEAR: Interval = { start: at('2026-01-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z') };

// From 9 March New York is on EDT (UTC−4): 09:00 local is 13:00Z. Monday 2026-03-09 is the test day.
const MONDAY = '2026-03-09';
const nineToFive = schedule({ weekly: [weekly(MAIN, onDays(MON_FRI, [hours('09:00', '17:00')]))] });

const slotsOn = (
  s: ProviderSchedule,
  p: Partial<Parameters<typeof slotsForDate>[0]> & { busy?: BusySpan[] } = {},
) => {
  const v = p.visit ?? visit();
  return slotsForDate({
    schedule: s,
    date: MONDAY,
    zone: NY,
    blocked: blockedFor(p.busy ?? [], v),
    slotMinutes: 15,
    window: WIDE,
    ...p,
    visit: v,
  });
};

describe('blockedFor', () => {
  it('is nothing when nothing is busy', () => {
    expect(blockedFor([], visit({ bufferBeforeMinutes: 10, bufferAfterMinutes: 10 }))).toEqual([]);
  });

  it('widens each busy span by its own buffers', () => {
    const b = blockedFor([busy('2026-03-09T14:00:00Z', '2026-03-09T14:30:00Z', 5, 10)], visit());
    expect(b.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2026-03-09T13:55:00.000Z', '2026-03-09T14:40:00.000Z'],
    ]);
  });

  it('then by the new visit’s buffers on the opposite sides', () => {
    // The new visit's 5 minutes after it must end before the appointment's 5 minutes before it;
    // its 15 minutes before it must start after the appointment's 10 minutes after it.
    const b = blockedFor(
      [busy('2026-03-09T14:00:00Z', '2026-03-09T14:30:00Z', 5, 10)],
      visit({ bufferBeforeMinutes: 15, bufferAfterMinutes: 5 }),
    );
    expect(b.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2026-03-09T13:50:00.000Z', '2026-03-09T14:55:00.000Z'],
    ]);
  });

  it('returns a normalized list whatever the order of its input', () => {
    const b = blockedFor(
      [
        busy('2026-03-09T16:00:00Z', '2026-03-09T16:30:00Z'),
        busy('2026-03-09T14:00:00Z', '2026-03-09T14:30:00Z', 0, 10),
        busy('2026-03-09T14:40:00Z', '2026-03-09T15:00:00Z'),
      ],
      visit(),
    );
    expect(b.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2026-03-09T14:00:00.000Z', '2026-03-09T15:00:00.000Z'],
      ['2026-03-09T16:00:00.000Z', '2026-03-09T16:30:00.000Z'],
    ]);
  });
});

describe('allows', () => {
  const range = (visitTypeIds: number[] | null): OpenRange => ({
    start: 0,
    end: 1,
    anchor: 0,
    locationId: MAIN,
    date: MONDAY,
    visitTypeIds,
  });

  it('is true for every visit type when the range is unrestricted', () => {
    expect(allows(range(null), CHECKUP)).toBe(true);
  });

  it('is true only for the listed visit types otherwise', () => {
    expect(allows(range([FLU_SHOT, PHYSICAL]), PHYSICAL)).toBe(true);
    expect(allows(range([FLU_SHOT, PHYSICAL]), CHECKUP)).toBe(false);
    expect(allows(range([]), CHECKUP)).toBe(false);
  });
});

describe('bookingWindow', () => {
  it('opens after the minimum notice and closes at local midnight after the horizon’s last day', () => {
    // NOW is 07:00 EST on Monday 2 March; 14 days ahead is Monday 16 March, in EDT.
    const w = bookingWindow({
      now: NOW,
      zone: NY,
      rule: { slotMinutes: 15, minNoticeMinutes: 120, horizonDays: 14 },
    });
    expect(iso(w.start)).toBe('2026-03-02T14:00:00.000Z');
    expect(iso(w.end)).toBe('2026-03-17T04:00:00.000Z');
  });

  it('with a horizon of 0 days allows today only', () => {
    const w = bookingWindow({
      now: NOW,
      zone: NY,
      rule: { slotMinutes: 15, minNoticeMinutes: 0, horizonDays: 0 },
    });
    expect(iso(w.start)).toBe('2026-03-02T12:00:00.000Z');
    expect(iso(w.end)).toBe('2026-03-03T05:00:00.000Z');
  });

  it('counts days from the clinic’s local date, not the UTC date', () => {
    // 03:00Z on 3 March is still 22:00 on Monday 2 March in New York.
    const w = bookingWindow({
      now: at('2026-03-03T03:00:00Z'),
      zone: NY,
      rule: { slotMinutes: 15, minNoticeMinutes: 0, horizonDays: 1 },
    });
    expect(iso(w.end)).toBe('2026-03-04T05:00:00.000Z');
  });

  it('ends at London midnight in London', () => {
    const w = bookingWindow({
      now: at('2026-03-27T12:00:00Z'),
      zone: LONDON,
      rule: { slotMinutes: 15, minNoticeMinutes: 0, horizonDays: 3 },
    });
    expect(iso(w.end)).toBe('2026-03-30T23:00:00.000Z'); // midnight BST after Monday 30 March
  });
});

describe('slotsForDate: the slot grid', () => {
  it('offers every start on the grid whose whole visit fits in the hours', () => {
    const slots = slotsOn(nineToFive);
    expect(slots).toHaveLength(31);
    expect(slots[0]).toEqual({
      providerId: 7,
      locationId: MAIN,
      start: at('2026-03-09T13:00:00.000Z'),
      end: at('2026-03-09T13:30:00.000Z'),
      date: MONDAY,
    });
    expect(iso(slots[30]!.start)).toBe('2026-03-09T20:30:00.000Z');
    expect(iso(slots[30]!.end)).toBe('2026-03-09T21:00:00.000Z');
    expect(localStarts(slots)).toEqual(grid('09:00', '16:30'));
  });

  it('is counted from the start of the template block', () => {
    const s = schedule({ weekly: [weekly(MAIN, onDays([1], [hours('09:10', '11:00')]))] });
    expect(localStarts(slotsOn(s))).toEqual(['09:10', '09:25', '09:40', '09:55', '10:10', '10:25']);
  });

  it('stays on the block’s grid after a break', () => {
    const s = schedule({
      weekly: [weekly(MAIN, onDays([1], [hours('09:00', '17:00'), pause('12:00', '12:50')]))],
    });
    const starts = localStarts(slotsOn(s));
    expect(starts).toContain('11:30');
    expect(starts).not.toContain('11:45'); // would run into the break
    expect(starts).not.toContain('12:50');
    expect(starts.filter((t) => t >= '12:00')[0]).toBe('13:00');
  });

  it('stays on the grid after an appointment that ends off it', () => {
    const slots = slotsOn(nineToFive, {
      busy: [busy('2026-03-09T13:00:00Z', '2026-03-09T13:50:00Z')],
    });
    expect(iso(slots[0]!.start)).toBe('2026-03-09T14:00:00.000Z'); // 10:00, not 09:50
  });

  it('steps by slotMinutes, which may be longer than the visit', () => {
    const starts = localStarts(slotsOn(nineToFive, { slotMinutes: 60 }));
    expect(starts).toEqual(grid('09:00', '16:00', 60));
  });

  it('offers nothing when the visit is longer than the hours', () => {
    const s = schedule({ weekly: [weekly(MAIN, onDays([1], [hours('09:00', '09:20')]))] });
    expect(slotsOn(s)).toEqual([]);
  });

  it('offers nothing on a day without hours', () => {
    expect(slotsOn(nineToFive, { date: '2026-03-08' })).toEqual([]);
  });
});

describe('slotsForDate: joined blocks', () => {
  it('lets a 30-minute visit run 11:45–12:15 across 08:00–12:00 + 12:00–17:00', () => {
    const s = schedule({
      weekly: [weekly(MAIN, onDays([1], [hours('08:00', '12:00'), hours('12:00', '17:00')]))],
    });
    const slots = slotsOn(s);
    const noon = slots.find((x) => iso(x.start) === '2026-03-09T15:45:00.000Z');
    expect(noon && iso(noon.end)).toBe('2026-03-09T16:15:00.000Z');
    expect(localStarts(slots)).toEqual(grid('08:00', '16:30'));
  });

  it('does not when the two blocks allow different visit types', () => {
    const s = schedule({
      weekly: [
        weekly(MAIN, onDays([1], [hours('08:00', '12:00', [CHECKUP]), hours('12:00', '17:00')])),
      ],
    });
    const starts = localStarts(slotsOn(s));
    expect(starts).toContain('11:30');
    expect(starts).not.toContain('11:45');
    expect(starts).toContain('12:00');
  });
});

describe('slotsForDate: visit types', () => {
  const s = schedule({
    weekly: [
      weekly(MAIN, onDays([1], [hours('08:00', '10:00', [FLU_SHOT]), hours('13:00', '15:00')])),
    ],
  });

  it('offers a restricted block only to its visit types', () => {
    expect(localStarts(slotsOn(s, { visit: visit({ visitTypeId: CHECKUP }) }))).toEqual(
      grid('13:00', '14:30'),
    );
    expect(localStarts(slotsOn(s, { visit: visit({ visitTypeId: FLU_SHOT }) }))).toEqual([
      ...grid('08:00', '09:30'),
      ...grid('13:00', '14:30'),
    ]);
  });

  it('uses the visit type’s duration', () => {
    const slots = slotsOn(s, { visit: visit({ visitTypeId: FLU_SHOT, durationMinutes: 10 }) });
    expect(localStarts(slots).slice(0, 8)).toEqual(grid('08:00', '09:45'));
    expect(slots.every((x) => x.end - x.start === 10 * MIN)).toBe(true);
  });
});

describe('slotsForDate: appointments and buffers', () => {
  // An appointment 10:00–10:30 EDT.
  const appt = (before = 0, after = 0) =>
    busy('2026-03-09T14:00:00Z', '2026-03-09T14:30:00Z', before, after);

  it('offers visits that touch an appointment when nobody has buffers', () => {
    const starts = localStarts(slotsOn(nineToFive, { busy: [appt()] }));
    expect(starts).toContain('09:30');
    expect(starts).not.toContain('09:45');
    expect(starts).not.toContain('10:00');
    expect(starts).not.toContain('10:15');
    expect(starts).toContain('10:30');
  });

  it('keeps clear of the appointment’s own buffers', () => {
    const starts = localStarts(slotsOn(nineToFive, { busy: [appt(15, 5)] }));
    expect(starts).toContain('09:15');
    expect(starts).not.toContain('09:30'); // would end in the 09:45 buffer
    expect(starts).not.toContain('10:30'); // starts in the buffer to 10:35
    expect(starts).toContain('10:45');
  });

  it('keeps the new visit’s buffers clear of the appointment', () => {
    // 10 minutes after the new visit: a 09:30 visit's buffer runs to 10:10, into the appointment.
    const after = localStarts(
      slotsOn(nineToFive, { busy: [appt()], visit: visit({ bufferAfterMinutes: 10 }) }),
    );
    expect(after).toContain('09:15');
    expect(after).not.toContain('09:30');
    expect(after).toContain('10:30');
    // 10 minutes before the new visit: a 10:30 visit's buffer starts at 10:20, in the appointment.
    const before = localStarts(
      slotsOn(nineToFive, { busy: [appt()], visit: visit({ bufferBeforeMinutes: 10 }) }),
    );
    expect(before).toContain('09:30');
    expect(before).not.toContain('10:30');
    expect(before).toContain('10:45');
  });

  it('adds both kinds of buffer together', () => {
    // Blocked for the new visit: 10:00 − 0 − 10 = 09:50 to 10:30 + 5 + 0 = 10:35.
    const starts = localStarts(
      slotsOn(nineToFive, { busy: [appt(0, 5)], visit: visit({ bufferAfterMinutes: 10 }) }),
    );
    expect(starts.filter((t) => t >= '09:00' && t < '11:00')).toEqual(['09:00', '09:15', '10:45']);
  });

  it('an appointment at another location blocks the provider too', () => {
    const s = schedule({
      weekly: [
        weekly(MAIN, onDays([1], [hours('09:00', '12:00')])),
        weekly(NORTH, onDays([1], [hours('13:00', '15:00')])),
      ],
    });
    // 13:00–14:00 EDT, booked at MAIN's sister site by phone: the provider is busy either way.
    const starts = localStarts(
      slotsOn(s, { busy: [busy('2026-03-09T17:00:00Z', '2026-03-09T18:00:00Z')] }),
    );
    expect(starts.filter((t) => t >= '13:00')).toEqual(grid('14:00', '14:30'));
  });
});

describe('slotsForDate: booking window', () => {
  it('honours the minimum notice, rounding up to the grid', () => {
    // 09:20 EDT on Monday 9 March, 60 minutes' notice: nothing before 10:20, first slot 10:30.
    const window = bookingWindow({
      now: at('2026-03-09T13:20:00Z'),
      zone: NY,
      rule: { slotMinutes: 15, minNoticeMinutes: 60, horizonDays: 30 },
    });
    const slots = slotsOn(nineToFive, { window });
    expect(iso(slots[0]!.start)).toBe('2026-03-09T14:30:00.000Z');
  });

  it('offers a start exactly at the window start', () => {
    const window = { start: at('2026-03-09T14:00:00Z'), end: WIDE.end };
    expect(iso(slotsOn(nineToFive, { window })[0]!.start)).toBe('2026-03-09T14:00:00.000Z');
  });

  it('offers no start at or after the window end', () => {
    const window = { start: WIDE.start, end: at('2026-03-09T16:00:00Z') }; // 12:00 EDT
    expect(localStarts(slotsOn(nineToFive, { window }))).toEqual(grid('09:00', '11:45'));
  });

  it('offers nothing on a day wholly outside the window', () => {
    const window = { start: at('2026-03-10T04:00:00Z'), end: WIDE.end };
    expect(slotsOn(nineToFive, { window })).toEqual([]);
  });

  it('stops at the booking horizon over a span of dates', () => {
    // 09:20 EDT on Monday 9 March, 3 days ahead: the last bookable day is Thursday 12 March.
    const window = bookingWindow({
      now: at('2026-03-09T13:20:00Z'),
      zone: NY,
      rule: { slotMinutes: 15, minNoticeMinutes: 0, horizonDays: 3 },
    });
    const slots = slotsForDates({
      schedule: nineToFive,
      from: '2026-03-09',
      to: '2026-03-20',
      zone: NY,
      busy: [],
      visit: visit(),
      slotMinutes: 15,
      window,
    });
    expect([...new Set(slots.map((x) => x.date))]).toEqual([
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
    ]);
    expect(iso(slots[0]!.start)).toBe('2026-03-09T13:30:00.000Z');
    expect(iso(slots[slots.length - 1]!.start)).toBe('2026-03-12T20:30:00.000Z');
  });
});

describe('slotsForDate: time of day', () => {
  it('offers starts from `from` (inclusive) to `to` (exclusive); the visit may run past `to`', () => {
    const slots = slotsOn(nineToFive, { timeOfDay: { from: hm('13:00'), to: hm('15:00') } });
    expect(localStarts(slots)).toEqual(grid('13:00', '14:45'));
    expect(iso(slots[slots.length - 1]!.end)).toBe('2026-03-09T19:15:00.000Z'); // 15:15 EDT
  });

  it('offers nothing outside the hours or for an empty window', () => {
    expect(slotsOn(nineToFive, { timeOfDay: { from: hm('17:00'), to: hm('20:00') } })).toEqual([]);
    expect(slotsOn(nineToFive, { timeOfDay: { from: hm('13:00'), to: hm('13:00') } })).toEqual([]);
  });

  it('combines with the booking window (the later start wins)', () => {
    const window = { start: at('2026-03-09T17:20:00Z'), end: WIDE.end }; // 13:20 EDT
    const slots = slotsOn(nineToFive, {
      window,
      timeOfDay: { from: hm('13:00'), to: hm('15:00') },
    });
    expect(localStarts(slots)).toEqual(grid('13:30', '14:45'));
  });

  it('is read on the local clock on a DST day', () => {
    const s = schedule({ weekly: [weekly(MAIN, onDays(EVERY_DAY, [hours('09:00', '17:00')]))] });
    const slots = slotsOn(s, {
      date: '2026-11-01',
      window: YEAR,
      timeOfDay: { from: hm('09:00'), to: hm('10:00') },
    });
    expect(slots.map((x) => iso(x.start))).toEqual([
      '2026-11-01T14:00:00.000Z',
      '2026-11-01T14:15:00.000Z',
      '2026-11-01T14:30:00.000Z',
      '2026-11-01T14:45:00.000Z',
    ]);
  });
});

describe('slotsForDate: locations', () => {
  const s = schedule({
    weekly: [
      weekly(MAIN, onDays([1], [hours('09:00', '10:00')])),
      weekly(NORTH, onDays([1], [hours('08:30', '09:30')])),
    ],
  });

  it('offers every location by default, earliest first', () => {
    const slots = slotsOn(s, { slotMinutes: 30 });
    expect(slots.map((x) => iso(x.start))).toEqual([
      '2026-03-09T12:30:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-09T13:30:00.000Z',
    ]);
    // Two locations open at 09:00: the order between equal starts is not specified.
    expect(slots.map((x) => x.locationId)).toEqual([
      NORTH,
      expect.any(Number),
      expect.any(Number),
      MAIN,
    ]);
    expect(new Set([slots[1]!.locationId, slots[2]!.locationId])).toEqual(new Set([MAIN, NORTH]));
  });

  it('offers only the chosen locations', () => {
    const slots = slotsOn(s, { slotMinutes: 30, locationIds: new Set([MAIN]) });
    expect(slots.map((x) => [x.locationId, iso(x.start)])).toEqual([
      [MAIN, '2026-03-09T13:00:00.000Z'],
      [MAIN, '2026-03-09T13:30:00.000Z'],
    ]);
    expect(slotsOn(s, { locationIds: new Set<number>() })).toEqual([]);
  });
});

describe('slotsForDate: limit', () => {
  it('returns the earliest slots across locations, not the first range’s', () => {
    // MAIN is on a grid from 08:00, NORTH from 08:10; booking opens at 08:30.
    const s = schedule({
      weekly: [
        weekly(MAIN, onDays([1], [hours('08:00', '17:00')])),
        weekly(NORTH, onDays([1], [hours('08:10', '12:00')])),
      ],
    });
    const window = { start: at('2026-03-09T12:30:00Z'), end: WIDE.end };
    const slots = slotsOn(s, { window, limit: 3 });
    expect(slots.map((x) => [x.locationId, iso(x.start)])).toEqual([
      [MAIN, '2026-03-09T12:30:00.000Z'],
      [NORTH, '2026-03-09T12:40:00.000Z'],
      [MAIN, '2026-03-09T12:45:00.000Z'],
    ]);
  });

  it('returns everything when there are fewer slots than the limit', () => {
    expect(slotsOn(nineToFive, { limit: 100 })).toEqual(slotsOn(nineToFive));
    expect(slotsOn(nineToFive, { limit: 5 })).toEqual(slotsOn(nineToFive).slice(0, 5));
  });
});

describe('slotsForDates', () => {
  it('lists each date’s slots in date order, applying busy time on its day', () => {
    const slots = slotsForDates({
      schedule: nineToFive,
      from: '2026-03-09',
      to: '2026-03-11',
      zone: NY,
      busy: [busy('2026-03-10T13:00:00Z', '2026-03-10T21:00:00Z')], // Tuesday fully booked
      visit: visit(),
      slotMinutes: 15,
      window: WIDE,
    });
    expect([...new Set(slots.map((x) => x.date))]).toEqual(['2026-03-09', '2026-03-11']);
    expect(slots.every((x, k) => k === 0 || slots[k - 1]!.start < x.start)).toBe(true);
  });
});

describe('DST: slots are on the local grid on both sides of a change', () => {
  const everyDay = schedule({
    weekly: [weekly(MAIN, onDays(EVERY_DAY, [hours('09:00', '17:00')]))],
  });
  const days = (zone: string, from: string, to: string) =>
    slotsForDates({
      schedule: everyDay,
      from,
      to,
      zone,
      busy: [],
      visit: visit(),
      slotMinutes: 15,
      window: YEAR,
    });
  const byDate = (slots: Slot[]) => {
    const out = new Map<string, Slot[]>();
    for (const x of slots) out.set(x.date, [...(out.get(x.date) ?? []), x]);
    return out;
  };

  const cases: [zone: string, from: string, to: string, firstStarts: string[]][] = [
    [
      NY,
      '2026-03-07',
      '2026-03-09',
      ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z'],
    ],
    [
      NY,
      '2026-10-31',
      '2026-11-02',
      ['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z'],
    ],
    [
      LONDON,
      '2026-03-28',
      '2026-03-30',
      ['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z'],
    ],
    [
      LONDON,
      '2026-10-24',
      '2026-10-26',
      ['2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z', '2026-10-26T09:00:00.000Z'],
    ],
  ];

  it.each(cases)(
    '%s %s to %s: 09:00, 09:15 … 16:30 local every day',
    (zone, from, to, firstStarts) => {
      const perDay = byDate(days(zone, from, to));
      expect([...perDay.values()].map((d) => iso(d[0]!.start))).toEqual(firstStarts);
      for (const daySlots of perDay.values()) {
        expect(localStarts(daySlots, zone)).toEqual(grid('09:00', '16:30'));
        expect(daySlots.every((x) => x.end - x.start === 30 * MIN)).toBe(true);
      }
    },
  );

  it('a block across the spring-forward gap offers 01:00, 01:30, 03:00, 03:30 (2 real hours)', () => {
    const s = schedule({ weekly: [weekly(MAIN, onDays([7], [hours('01:00', '04:00')]))] });
    const slots = slotsOn(s, { date: '2026-03-08', slotMinutes: 30 });
    expect(slots.map((x) => iso(x.start))).toEqual([
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
    ]);
    expect(localStarts(slots)).toEqual(['01:00', '01:30', '03:00', '03:30']);
  });

  it('a block across the repeated hour offers 01:00 twice (4 real hours in 00:00–03:00)', () => {
    const s = schedule({ weekly: [weekly(MAIN, onDays([7], [hours('00:00', '03:00')]))] });
    const slots = slotsOn(s, {
      date: '2026-11-01',
      window: YEAR,
      slotMinutes: 60,
      visit: visit({ durationMinutes: 60 }),
    });
    expect(slots.map((x) => iso(x.start))).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
    expect(localStarts(slots)).toEqual(['00:00', '01:00', '01:00', '02:00']);
  });
});

describe('checkFits', () => {
  const day = schedule({
    weekly: [
      weekly(
        MAIN,
        onDays(MON_FRI, [
          hours('08:00', '12:00'),
          hours('12:00', '16:00'),
          hours('16:00', '18:00', [FLU_SHOT]),
          pause('13:00', '14:00'),
        ]),
      ),
      weekly(NORTH, onDays([1], [hours('19:00', '23:00')])),
    ],
    overrides: [{ locationId: MAIN, date: '2026-03-10', blocks: [] }],
    timeOff: [{ start: at('2026-03-09T19:00:00Z'), end: at('2026-03-09T19:30:00Z') }], // 15:00–15:30
  });
  const fits = (
    start: string,
    end: string,
    p: { locationId?: number; busy?: BusySpan[]; visit?: VisitRule } = {},
  ) =>
    checkFits({
      schedule: day,
      zone: NY,
      locationId: p.locationId ?? MAIN,
      start: at(start),
      end: at(end),
      busy: p.busy ?? [],
      visit: p.visit ?? visit(),
    });

  it('accepts a visit inside the hours, including one ending at closing time', () => {
    expect(fits('2026-03-09T13:00:00Z', '2026-03-09T13:30:00Z')).toEqual({ ok: true });
    expect(fits('2026-03-09T15:30:00Z', '2026-03-09T16:00:00Z')).toEqual({ ok: true });
  });

  it('accepts a visit across the joined 12:00 boundary, off the slot grid', () => {
    expect(fits('2026-03-09T15:50:00Z', '2026-03-09T16:20:00Z')).toEqual({ ok: true }); // 11:50–12:20
  });

  it('is outside_hours before opening, across a break, in time off or past closing', () => {
    const outside = { ok: false, reason: 'outside_hours' };
    expect(fits('2026-03-09T11:45:00Z', '2026-03-09T12:15:00Z')).toEqual(outside); // 07:45
    expect(fits('2026-03-09T16:45:00Z', '2026-03-09T17:15:00Z')).toEqual(outside); // into the break
    expect(fits('2026-03-09T18:50:00Z', '2026-03-09T19:20:00Z')).toEqual(outside); // into time off
    expect(
      fits('2026-03-09T21:45:00Z', '2026-03-09T22:15:00Z', {
        visit: visit({ visitTypeId: FLU_SHOT }),
      }),
    ).toEqual(outside);
  });

  it('is outside_hours at a location not open then, and on a day closed by an override', () => {
    const outside = { ok: false, reason: 'outside_hours' };
    expect(fits('2026-03-09T13:00:00Z', '2026-03-09T13:30:00Z', { locationId: NORTH })).toEqual(
      outside,
    );
    expect(fits('2026-03-10T13:00:00Z', '2026-03-10T13:30:00Z')).toEqual(outside);
  });

  it('is outside_hours for a visit spanning blocks that allow different visit types', () => {
    // 15:45–16:15: the 16:00 block is flu shots only, so the two are not joined.
    expect(fits('2026-03-09T19:45:00Z', '2026-03-09T20:15:00Z')).toEqual({
      ok: false,
      reason: 'outside_hours',
    });
  });

  it('is visit_type_not_allowed inside a block restricted to other visit types', () => {
    expect(fits('2026-03-09T20:30:00Z', '2026-03-09T21:00:00Z')).toEqual({
      ok: false,
      reason: 'visit_type_not_allowed',
    });
    expect(
      fits('2026-03-09T20:30:00Z', '2026-03-09T21:00:00Z', {
        visit: visit({ visitTypeId: FLU_SHOT }),
      }),
    ).toEqual({ ok: true });
  });

  it('is a conflict when it overlaps an appointment, touching being fine', () => {
    const appt = busy('2026-03-09T14:00:00Z', '2026-03-09T14:30:00Z'); // 10:00–10:30
    expect(fits('2026-03-09T14:15:00Z', '2026-03-09T14:45:00Z', { busy: [appt] })).toEqual({
      ok: false,
      reason: 'conflict',
    });
    expect(fits('2026-03-09T13:30:00Z', '2026-03-09T14:00:00Z', { busy: [appt] })).toEqual({
      ok: true,
    });
    expect(fits('2026-03-09T14:30:00Z', '2026-03-09T15:00:00Z', { busy: [appt] })).toEqual({
      ok: true,
    });
  });

  it('is a conflict when the buffers of either side overlap', () => {
    const conflict = { ok: false, reason: 'conflict' };
    const appt = busy('2026-03-09T14:00:00Z', '2026-03-09T14:30:00Z', 0, 10);
    expect(fits('2026-03-09T14:30:00Z', '2026-03-09T15:00:00Z', { busy: [appt] })).toEqual(
      conflict,
    );
    expect(fits('2026-03-09T14:40:00Z', '2026-03-09T15:10:00Z', { busy: [appt] })).toEqual({
      ok: true,
    });
    const plain = busy('2026-03-09T14:00:00Z', '2026-03-09T14:30:00Z');
    expect(
      fits('2026-03-09T13:30:00Z', '2026-03-09T14:00:00Z', {
        busy: [plain],
        visit: visit({ bufferAfterMinutes: 5 }),
      }),
    ).toEqual(conflict);
    expect(
      fits('2026-03-09T14:30:00Z', '2026-03-09T15:00:00Z', {
        busy: [plain],
        visit: visit({ bufferBeforeMinutes: 5 }),
      }),
    ).toEqual(conflict);
  });

  it('reports outside_hours before visit_type_not_allowed before conflict', () => {
    const everything = busy('2026-03-09T12:00:00Z', '2026-03-09T23:00:00Z');
    expect(fits('2026-03-09T11:45:00Z', '2026-03-09T12:15:00Z', { busy: [everything] })).toEqual({
      ok: false,
      reason: 'outside_hours',
    });
    expect(fits('2026-03-09T20:30:00Z', '2026-03-09T21:00:00Z', { busy: [everything] })).toEqual({
      ok: false,
      reason: 'visit_type_not_allowed',
    });
  });

  it('reads the day in the clinic zone: 21:00 Monday in New York is Tuesday in UTC', () => {
    expect(fits('2026-03-10T01:00:00Z', '2026-03-10T01:30:00Z', { locationId: NORTH })).toEqual({
      ok: true,
    });
  });

  it('accepts a visit in the second 01:00 hour of the fall-back day', () => {
    const s = schedule({ weekly: [weekly(MAIN, onDays([7], [hours('00:00', '03:00')]))] });
    const base = { schedule: s, zone: NY, locationId: MAIN, busy: [], visit: visit() };
    // 01:00–01:30 EST, the second 01:00.
    expect(
      checkFits({ ...base, start: at('2026-11-01T06:00:00Z'), end: at('2026-11-01T06:30:00Z') }),
    ).toEqual({
      ok: true,
    });
    // 02:30–03:30 EST runs past the 03:00 close.
    expect(
      checkFits({ ...base, start: at('2026-11-01T07:30:00Z'), end: at('2026-11-01T08:30:00Z') }),
    ).toEqual({
      ok: false,
      reason: 'outside_hours',
    });
  });
});
