import { describe, expect, it } from 'vitest';
import { ColumnMap, addDays, fakeClock, visibleHours, type CalendarData } from './columns';

const ZONE = 'America/New_York';

describe('provider columns on fake UTC dates', () => {
  // Sunday 2026-03-08: New York springs forward at 02:00 (EST → EDT).
  const day = '2026-03-08';
  const cols = new ColumnMap(
    [
      { providerId: 7, date: day, fakeDate: day },
      { providerId: 9, date: day, fakeDate: addDays(day, 1) },
    ],
    ZONE,
  );

  it('draws the clinic wall clock on both sides of a DST change', () => {
    // 01:30 EST and 09:00 EDT.
    const early = cols.toFake('2026-03-08T06:30:00Z', cols.columns[0]!);
    const late = cols.toFake('2026-03-08T13:00:00Z', cols.columns[1]!);
    expect(new Date(early).toISOString()).toBe('2026-03-08T01:30:00.000Z');
    expect(new Date(late).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    expect(fakeClock(late, '2026-03-09')).toBe('09:00');
  });

  it('maps a drop back to the provider of its column and the real instant', () => {
    expect(cols.fromFake(new Date('2026-03-09T09:00:00Z'))).toEqual({
      column: cols.columns[1],
      iso: '2026-03-08T13:00:00.000Z',
    });
    expect(cols.fromFake(new Date('2026-03-08T01:30:00Z'))?.iso).toBe('2026-03-08T06:30:00.000Z');
    expect(cols.fromFake(new Date('2026-03-12T09:00:00Z'))).toBeNull();
  });

  it('reads a resized end as wall clock: 01:00 → 03:00 is one real hour that night', () => {
    const end = cols.endFromFake(new Date('2026-03-08T03:00:00Z'), cols.columns[0]!);
    expect(end).toBe('2026-03-08T07:00:00.000Z');
  });

  it('cuts a multi-day block into the columns of its provider, clipped to each local day', () => {
    const pieces = cols.pieces(9, '2026-03-07T20:00:00Z', '2026-03-10T00:00:00Z');
    expect(
      pieces.map((p) => [new Date(p.start).toISOString(), new Date(p.end).toISOString()]),
    ).toEqual([['2026-03-09T00:00:00.000Z', '2026-03-10T00:00:00.000Z']]);
  });

  it('shows an hour around the open hours, 07:00–19:00 when there are none', () => {
    const empty = { open: [], appointments: [] } as unknown as CalendarData;
    expect(visibleHours(empty, ZONE)).toEqual({
      slotMinTime: '07:00:00',
      slotMaxTime: '19:00:00',
      scrollTime: '07:00:00',
    });
    const data = {
      open: [{ start: '2026-03-08T12:30:00Z', end: '2026-03-08T21:00:00Z' }],
      appointments: [{ start: '2026-03-08T22:00:00Z', end: '2026-03-08T22:30:00Z' }],
    } as unknown as CalendarData;
    // Opens at 8:30 (EDT): the grid starts at 7:00 and opens scrolled to 8:00.
    expect(visibleHours(data, ZONE)).toEqual({
      slotMinTime: '07:00:00',
      slotMaxTime: '20:00:00',
      scrollTime: '08:00:00',
    });
  });
});
