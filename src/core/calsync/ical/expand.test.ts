import { describe, expect, it } from 'vitest';
import { IcalError } from './errors';
import { busyIntervals, calendarOccurrences } from './expand';

const ZONE = 'America/New_York';
const cal = (...body: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', ...body, 'END:VCALENDAR'].join('\r\n');
const ev = (...props: string[]) => ['BEGIN:VEVENT', ...props, 'END:VEVENT'].join('\r\n');
const iso = (ms: number) => new Date(ms).toISOString();

function busy(text: string, from: string, to: string, zone = ZONE) {
  return busyIntervals({
    calendarText: text,
    windowStartMs: Date.parse(from),
    windowEndMs: Date.parse(to),
    defaultZone: zone,
  });
}
const starts = (r: { items: { startMs: number }[] }) => r.items.map((b) => iso(b.startMs));

describe('recurrence across daylight saving time', () => {
  it('a weekly 09:00 New York event is 14:00Z before 8 March 2026 and 13:00Z after, 09:00 local throughout', () => {
    const text = cal(
      ev(
        'UID:w',
        'DTSTART;TZID=America/New_York:20260223T090000',
        'DTEND;TZID=America/New_York:20260223T093000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO',
      ),
    );
    const r = busy(text, '2026-02-20T00:00:00Z', '2026-03-20T00:00:00Z');
    expect(starts(r)).toEqual([
      '2026-02-23T14:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-16T13:00:00.000Z',
    ]);
    expect(r.items.every((b) => b.endMs - b.startMs === 30 * 60_000)).toBe(true);
    const local = r.items.map((b) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: ZONE,
        hour: '2-digit',
        minute: '2-digit',
      }).format(b.startMs),
    );
    expect(local).toEqual(['09:00', '09:00', '09:00', '09:00']);
  });

  it('the same event from a file VTIMEZONE gives the same instants', () => {
    const tz = [
      'BEGIN:VTIMEZONE',
      'TZID:Custom NY',
      'BEGIN:DAYLIGHT',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'DTSTART:20070311T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'DTSTART:20071104T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      'END:STANDARD',
      'END:VTIMEZONE',
    ].join('\r\n');
    const text = cal(
      tz,
      ev(
        'UID:w',
        'DTSTART;TZID=Custom NY:20260302T090000',
        'DURATION:PT30M',
        'RRULE:FREQ=WEEKLY;COUNT=2',
      ),
    );
    expect(starts(busy(text, '2026-03-01T00:00:00Z', '2026-03-20T00:00:00Z', 'UTC'))).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('DURATION:P1D is a calendar day (23 h across the change), PT24H is 24 h', () => {
    const nominal = busy(
      cal(ev('UID:d', 'DTSTART;TZID=America/New_York:20260307T120000', 'DURATION:P1D')),
      '2026-03-01T00:00:00Z',
      '2026-03-31T00:00:00Z',
    );
    expect(nominal.items[0]!.endMs - nominal.items[0]!.startMs).toBe(23 * 3_600_000);
    const exact = busy(
      cal(ev('UID:d', 'DTSTART;TZID=America/New_York:20260307T120000', 'DURATION:PT24H')),
      '2026-03-01T00:00:00Z',
      '2026-03-31T00:00:00Z',
    );
    expect(exact.items[0]!.endMs - exact.items[0]!.startMs).toBe(24 * 3_600_000);
  });
});

describe('time zones', () => {
  it('an IANA TZID with no VTIMEZONE is resolved by name', () => {
    expect(
      starts(
        busy(
          cal(ev('UID:a', 'DTSTART;TZID=Europe/Berlin:20260715T090000', 'DURATION:PT1H')),
          '2026-07-01T00:00:00Z',
          '2026-08-01T00:00:00Z',
        ),
      ),
    ).toEqual(['2026-07-15T07:00:00.000Z']);
  });
  it('a Windows TZID with no VTIMEZONE goes through the CLDR table', () => {
    expect(
      starts(
        busy(
          cal(ev('UID:a', 'DTSTART;TZID=W. Europe Standard Time:20260115T090000', 'DURATION:PT1H')),
          '2026-01-01T00:00:00Z',
          '2026-02-01T00:00:00Z',
        ),
      ),
    ).toEqual(['2026-01-15T08:00:00.000Z']);
  });
  it('an unknown TZID is read in the clinic zone, with a warning', () => {
    const r = busy(
      cal(ev('UID:a', 'DTSTART;TZID=Nowhere/Middle:20260115T090000', 'DURATION:PT1H')),
      '2026-01-01T00:00:00Z',
      '2026-02-01T00:00:00Z',
    );
    expect(starts(r)).toEqual(['2026-01-15T14:00:00.000Z']);
    expect(r.warnings.map((w) => w.code)).toEqual(['UNKNOWN_TIMEZONE']);
  });
  it('a floating time is read in the clinic zone', () => {
    expect(
      starts(
        busy(
          cal(ev('UID:a', 'DTSTART:20260115T090000', 'DTEND:20260115T100000')),
          '2026-01-01T00:00:00Z',
          '2026-02-01T00:00:00Z',
        ),
      ),
    ).toEqual(['2026-01-15T14:00:00.000Z']);
  });
});

describe('what is not busy', () => {
  it('TRANSP:TRANSPARENT and STATUS:CANCELLED events occupy nothing', () => {
    const text = cal(
      ev('UID:t', 'DTSTART:20260115T140000Z', 'DURATION:PT1H', 'TRANSP:TRANSPARENT'),
      ev('UID:c', 'DTSTART:20260115T160000Z', 'DURATION:PT1H', 'STATUS:CANCELLED'),
    );
    expect(busy(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').items).toEqual([]);
  });
  it('a cancelled override removes one instance; a moved one moves', () => {
    const text = cal(
      ev('UID:s', 'DTSTART:20260105T140000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3'),
      ev(
        'UID:s',
        'RECURRENCE-ID:20260106T140000Z',
        'DTSTART:20260106T140000Z',
        'DURATION:PT1H',
        'STATUS:CANCELLED',
      ),
      ev('UID:s', 'RECURRENCE-ID:20260107T140000Z', 'DTSTART:20260107T180000Z'),
    );
    const r = busy(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(r.items.map((b) => [iso(b.startMs), iso(b.endMs), b.recurrenceId])).toEqual([
      ['2026-01-05T14:00:00.000Z', '2026-01-05T15:00:00.000Z', '2026-01-05T14:00:00.000Z'],
      // No DTEND on the override: it keeps the series' hour.
      ['2026-01-07T18:00:00.000Z', '2026-01-07T19:00:00.000Z', '2026-01-07T14:00:00.000Z'],
    ]);
  });
  it('zero-length events occupy nothing; end before start is swapped with a warning', () => {
    expect(
      busy(
        cal(ev('UID:z', 'DTSTART:20260115T140000Z')),
        '2026-01-01T00:00:00Z',
        '2026-02-01T00:00:00Z',
      ).items,
    ).toEqual([]);
    const r = busy(
      cal(ev('UID:b', 'DTSTART:20260115T140000Z', 'DTEND:20260115T133000Z')),
      '2026-01-01T00:00:00Z',
      '2026-02-01T00:00:00Z',
    );
    expect(r.items.map((b) => [iso(b.startMs), iso(b.endMs)])).toEqual([
      ['2026-01-15T13:30:00.000Z', '2026-01-15T14:00:00.000Z'],
    ]);
    expect(r.warnings[0]!.code).toBe('END_BEFORE_START');
  });
});

describe('all-day events', () => {
  it('run midnight to midnight in the clinic zone and are marked allDay', () => {
    const r = busy(
      cal(ev('UID:h', 'DTSTART;VALUE=DATE:20260309', 'DTEND;VALUE=DATE:20260310')),
      '2026-03-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
    );
    expect(r.items).toEqual([
      {
        uid: 'h',
        recurrenceId: null,
        startMs: Date.parse('2026-03-09T04:00:00Z'),
        endMs: Date.parse('2026-03-10T04:00:00Z'),
        allDay: true,
      },
    ]);
  });
  it('a DST day is 23 hours long', () => {
    const r = busy(
      cal(ev('UID:h', 'DTSTART;VALUE=DATE:20260308')),
      '2026-03-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
    );
    expect(r.items[0]!.endMs - r.items[0]!.startMs).toBe(23 * 3_600_000);
  });
});

describe('recurrence rules', () => {
  const w = ['2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z'] as const;
  it('BYSETPOS: the last weekday of each month', () => {
    const r = busy(
      cal(
        ev(
          'UID:p',
          'DTSTART:20260130T150000Z',
          'DURATION:PT1H',
          'RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3',
        ),
      ),
      ...w,
    );
    expect(starts(r)).toEqual([
      '2026-01-30T15:00:00.000Z',
      '2026-02-27T15:00:00.000Z',
      '2026-03-31T15:00:00.000Z',
    ]);
  });
  it('two RRULEs, an RDATE period and an EXDATE combine', () => {
    const r = busy(
      cal(
        ev(
          'UID:m',
          'DTSTART:20260105T150000Z',
          'DURATION:PT1H',
          'RRULE:FREQ=WEEKLY;COUNT=2',
          'RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=2',
          'RDATE;VALUE=PERIOD:20260110T100000Z/20260110T130000Z',
          'EXDATE:20260112T150000Z',
        ),
      ),
      ...w,
    );
    expect(r.items.map((b) => [iso(b.startMs), iso(b.endMs)])).toEqual([
      ['2026-01-05T15:00:00.000Z', '2026-01-05T16:00:00.000Z'],
      ['2026-01-07T15:00:00.000Z', '2026-01-07T16:00:00.000Z'],
      ['2026-01-10T10:00:00.000Z', '2026-01-10T13:00:00.000Z'],
      // ical.js (like dateutil) does not count a DTSTART the BYDAY rule does not match, so
      // BYDAY=WE;COUNT=2 gives 7 and 14 January; DTSTART itself is still listed once.
      ['2026-01-14T15:00:00.000Z', '2026-01-14T16:00:00.000Z'],
    ]);
  });
  it('UNTIL in UTC is compared as an instant', () => {
    const r = busy(
      cal(
        ev(
          'UID:u',
          'DTSTART;TZID=America/New_York:20260105T090000',
          'DURATION:PT1H',
          'RRULE:FREQ=DAILY;UNTIL=20260107T140000Z',
        ),
      ),
      ...w,
    );
    expect(starts(r)).toEqual([
      '2026-01-05T14:00:00.000Z',
      '2026-01-06T14:00:00.000Z',
      '2026-01-07T14:00:00.000Z',
    ]);
  });
  it('RANGE=THISANDFUTURE moves the rest of the series', () => {
    const text = cal(
      ev('UID:r', 'DTSTART:20260105T150000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=4'),
      ev(
        'UID:r',
        'RECURRENCE-ID;RANGE=THISANDFUTURE:20260107T150000Z',
        'DTSTART:20260107T170000Z',
        'DURATION:PT2H',
      ),
    );
    const r = busy(text, ...w);
    expect(r.items.map((b) => [iso(b.startMs), iso(b.endMs)])).toEqual([
      ['2026-01-05T15:00:00.000Z', '2026-01-05T16:00:00.000Z'],
      ['2026-01-06T15:00:00.000Z', '2026-01-06T16:00:00.000Z'],
      ['2026-01-07T17:00:00.000Z', '2026-01-07T19:00:00.000Z'],
      ['2026-01-08T17:00:00.000Z', '2026-01-08T19:00:00.000Z'],
    ]);
  });
  it('a runaway rule is capped with a warning', () => {
    const r = busyIntervals({
      calendarText: cal(
        ev('UID:x', 'DTSTART:20260101T000000Z', 'DURATION:PT1M', 'RRULE:FREQ=MINUTELY'),
      ),
      windowStartMs: Date.parse('2026-01-01T00:00:00Z'),
      windowEndMs: Date.parse('2026-01-31T00:00:00Z'),
      defaultZone: 'UTC',
      maxOccurrencesPerEvent: 100,
    });
    expect(r.items).toHaveLength(100);
    expect(r.warnings.map((w) => w.code)).toEqual(['EXPANSION_CAPPED']);
  });
  it('a rule that can never match ends instead of hanging', () => {
    const r = busy(
      cal(
        ev(
          'UID:n',
          'DTSTART:20260101T090000Z',
          'DURATION:PT1H',
          'RRULE:FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30',
        ),
      ),
      ...w,
    );
    expect(starts(r)).toEqual(['2026-01-01T09:00:00.000Z']);
    expect(r.warnings.map((w) => w.code)).toEqual(['EXPANSION_CAPPED']);
  });
});

describe('input checks', () => {
  it('refuses a window that ends before it starts, an unknown clinic zone and unreadable text', () => {
    const text = cal(ev('UID:a', 'DTSTART:20260101T090000Z'));
    expect(() => busy(text, '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z')).toThrow(IcalError);
    expect(() =>
      busy(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 'Mars/Olympus'),
    ).toThrow('"Mars/Olympus" is not a time zone name.');
    expect(() => busy('nonsense', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toThrow(
      IcalError,
    );
  });
  it('carries no summaries', () => {
    const r = calendarOccurrences({
      calendarText: cal(
        ev('UID:a', 'DTSTART:20260101T090000Z', 'DURATION:PT1H', 'SUMMARY:Therapy session'),
      ),
      windowStartMs: Date.parse('2026-01-01T00:00:00Z'),
      windowEndMs: Date.parse('2026-01-02T00:00:00Z'),
      defaultZone: 'UTC',
    });
    expect(JSON.stringify(r)).not.toContain('Therapy');
  });
});
