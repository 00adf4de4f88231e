import { describe, expect, it } from 'vitest';
import { expandSeries, singleBusy, type GoogleEvent } from './expand';

const NY = 'America/New_York';
const iso = (s: string) => Date.parse(s);
const window = {
  windowStartMs: iso('2026-01-01T00:00:00Z'),
  windowEndMs: iso('2027-01-01T00:00:00Z'),
};
const starts = (events: { startMs: number }[]) =>
  events.map((b) => new Date(b.startMs).toISOString());

function series(recurrence: string[], start = '2026-03-02T09:00:00-05:00', zone = NY): GoogleEvent {
  const s = iso(start);
  return {
    id: 's',
    start: { dateTime: start, timeZone: zone },
    end: { dateTime: new Date(s + 3_600_000).toISOString(), timeZone: zone },
    recurrence,
  };
}

describe('expanding a repeating event', () => {
  it('keeps the local time across both DST changes of 2026 in New York', () => {
    const busy = expandSeries({
      master: series(['RRULE:FREQ=WEEKLY;INTERVAL=35;COUNT=2'], '2026-03-02T09:00:00-05:00'),
      exceptions: [],
      clinicZone: NY,
      ...window,
    });
    expect(starts(busy)).toEqual(['2026-03-02T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
    const summer = expandSeries({
      master: series(['RRULE:FREQ=DAILY;COUNT=2'], '2026-10-31T09:00:00-04:00'),
      exceptions: [],
      clinicZone: NY,
      ...window,
    });
    expect(starts(summer)).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
  });

  it('applies EXDATE with a TZID, and RDATE in UTC', () => {
    const busy = expandSeries({
      master: series([
        'RRULE:FREQ=WEEKLY;COUNT=3',
        'EXDATE;TZID=America/New_York:20260309T090000',
        'RDATE:20260311T170000Z',
      ]),
      exceptions: [],
      clinicZone: NY,
      ...window,
    });
    expect(starts(busy)).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-11T17:00:00.000Z',
      '2026-03-16T13:00:00.000Z',
    ]);
  });

  it('stops at an UNTIL given in UTC, counting the last local occurrence exactly once', () => {
    const tokyo = expandSeries({
      master: series(
        ['RRULE:FREQ=DAILY;UNTIL=20260304T000000Z'],
        '2026-03-02T09:00:00+09:00',
        'Asia/Tokyo',
      ),
      exceptions: [],
      clinicZone: NY,
      ...window,
    });
    // 4 March 09:00 Tokyo is 4 March 00:00Z: on the UNTIL, so included.
    expect(starts(tokyo)).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
      '2026-03-04T00:00:00.000Z',
    ]);
    const ny = expandSeries({
      master: series(['RRULE:FREQ=DAILY;UNTIL=20260303T120000Z']),
      exceptions: [],
      clinicZone: NY,
      ...window,
    });
    // 3 March 09:00 New York is 14:00Z, after the UNTIL.
    expect(starts(ny)).toEqual(['2026-03-02T14:00:00.000Z']);
  });

  it('expands only inside the window', () => {
    const busy = expandSeries({
      master: series(['RRULE:FREQ=DAILY']),
      exceptions: [],
      clinicZone: NY,
      windowStartMs: iso('2026-03-10T00:00:00Z'),
      windowEndMs: iso('2026-03-13T00:00:00Z'),
    });
    expect(starts(busy)).toEqual([
      '2026-03-10T13:00:00.000Z',
      '2026-03-11T13:00:00.000Z',
      '2026-03-12T13:00:00.000Z',
    ]);
  });

  it('repeats whole-day events on local dates, and a free series blocks nothing', () => {
    const busy = expandSeries({
      master: {
        id: 'd',
        start: { date: '2026-03-06' },
        end: { date: '2026-03-07' },
        recurrence: ['RRULE:FREQ=DAILY;COUNT=3'],
      },
      exceptions: [],
      clinicZone: NY,
      ...window,
    });
    expect(
      busy.map((b) => [
        new Date(b.startMs).toISOString(),
        (b.endMs - b.startMs) / 3_600_000,
        b.allDay,
      ]),
    ).toEqual([
      ['2026-03-06T05:00:00.000Z', 24, true],
      ['2026-03-07T05:00:00.000Z', 24, true],
      ['2026-03-08T05:00:00.000Z', 23, true],
    ]);
    const free = { ...series(['RRULE:FREQ=DAILY;COUNT=3']), transparency: 'transparent' };
    expect(expandSeries({ master: free, exceptions: [], clinicZone: NY, ...window })).toEqual([]);
  });
});

describe('a one-off event', () => {
  it('refuses an event without times with a typed error', () => {
    expect(() => singleBusy({ id: 'x', start: {}, end: {} }, NY)).toThrow(
      'Google sent event x with no start or end time',
    );
  });
});
