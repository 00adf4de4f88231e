import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  busyIntervals,
  calendarOccurrences,
  IcalError,
  parseCalendar,
  type CalendarOccurrence,
} from '../../src/core/calsync/ical';
import { normalizeLineEnds } from '../../src/core/calsync/ical/lines';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data/ical');
const present = existsSync(dataDir);
if (!present) {
  if (process.env.CI) throw new Error(`iCalendar corpus missing at ${dataDir}; CI always has it.`);
  console.warn(`[corpus] ${dataDir} not found: iCalendar corpus tests skipped.`);
}

function allIcs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return allIcs(full);
    return name.endsWith('.ics') ? [full] : [];
  });
}
const read = (rel: string) => readFileSync(path.join(dataDir, rel), 'utf8');
const rel = (full: string) => path.relative(dataDir, full).split(path.sep).join('/');
const iso = (ms: number) => new Date(ms).toISOString();

/** Files that must fail, each with the typed error it deserves. */
const EXPECTED_FAILURES: Record<string, string> = {
  // Truncated: the file ends inside the calendar.
  'python-icalendar/calendars/big_bad_calendar.ics': 'UNBALANCED_COMPONENT',
  'python-icalendar/calendars/small_bad_calendar.ics': 'UNBALANCED_COMPONENT',
  'python-icalendar/calendars/pr_480_summary_with_colon.ics': 'UNBALANCED_COMPONENT',
  // Misspelt END:VCALENDARD / END:VTOOD.
  'python-icalendar/calendars/timezone_same_start_and_offset.ics': 'UNBALANCED_COMPONENT',
  'recurring-ical-events/issue_201_test_matrix.ics': 'UNBALANCED_COMPONENT',
  // Fuzzer output that does not start with BEGIN:VCALENDAR.
  'python-icalendar/calendars/fuzz_testcase_0_char_in_component_name.ics': 'NOT_ICALENDAR',
  'python-icalendar/calendars/fuzz_testcase_invalid_month.ics': 'NOT_ICALENDAR',
  // Roots that are custom components, not calendars.
  'python-icalendar/calendars/issue_178_component_with_invalid_name_represented.ics':
    'NOT_ICALENDAR',
  'python-icalendar/calendars/issue_178_custom_component_contains_other.ics': 'NOT_ICALENDAR',
  // A line "X" / "ORGANIZER;CN=Sixt SE" / "SUMMARY=testevent" / an unfolded continuation: no colon.
  'python-icalendar/calendars/issue_104_broken_calendar.ics': 'MALFORMED_LINE',
  'python-icalendar/calendars/issue_348_exception_parsing_value.ics': 'MALFORMED_LINE',
  'python-icalendar/calendars/timezone_rdate.ics': 'MALFORMED_LINE',
  'python-icalendar/calendars/issue_168_input.ics': 'MALFORMED_LINE',
  // "REFRESH - INTERVAL; VALUE = DURATION": spaces inside the property name.
  'python-icalendar/calendars/issue_351_whitespace_in_property_and_params.ics': 'MALFORMED_LINE',
  // A folded line that lost its leading space ("l Latham;CUTYPE=...").
  'recurring-ical-events/issue_61_time_zone_error.ics': 'MALFORMED_LINE',
  // RRULE values ical.js refuses: FREQ=INVALID_TYPE..., BYDAY=" TU", RFC 7529 leap month "5L".
  'python-icalendar/calendars/issue_1081_invalid_rrule_freq.ics': 'BAD_VALUE',
  'python-icalendar/calendars/issue_165_missing_event.ics': 'BAD_VALUE',
  'python-icalendar/calendars/rfc_7529.ics': 'BAD_VALUE',
};
/** Bare components (a VEVENT or VTIMEZONE on its own) are test fragments, not calendar files. */
const BARE_FOLDERS = [
  'python-icalendar/events/',
  'python-icalendar/alarms/',
  'python-icalendar/availabilities/',
  'python-icalendar/freebusy/',
  'python-icalendar/journals/',
  'python-icalendar/todos/',
];
const BARE_FILES = [
  'python-icalendar/calendars/fuzz_testcase_vtimezone_lone_cr.ics',
  'python-icalendar/calendars/issue_82_expected_output.ics',
  'python-icalendar/timezones/issue_237_brazilia_standard.ics',
  'python-icalendar/timezones/issue_53_tzid_parsed_properly.ics',
  'python-icalendar/timezones/issue_55_parse_error_on_utc_offset_with_seconds.ics',
  'python-icalendar/timezones/pacific_fiji.ics',
];

function firstStartMs(occurrencesText: string): number | null {
  const m = /^DTSTART[^:\n]*:(\d{4})(\d{2})(\d{2})/m.exec(occurrencesText.replace(/\r/g, ''));
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

describe.skipIf(!present)('iCalendar corpus: every file parses or fails with a typed error', () => {
  const files = present ? allIcs(dataDir).sort() : [];

  it('has the files SOURCES.md lists', () => {
    expect(files.length).toBe(304);
  });

  it('reads each file, or refuses it with the expected IcalError', () => {
    const failures: Record<string, string> = {};
    let events = 0;
    for (const file of files) {
      const name = rel(file);
      try {
        const parsed = parseCalendar(readFileSync(file, 'utf8'));
        events += parsed.eventCount;
      } catch (thrown) {
        expect(thrown, name).toBeInstanceOf(IcalError);
        const e = thrown as IcalError;
        expect(e.message.length, name).toBeGreaterThan(10);
        const bare = BARE_FILES.includes(name) || BARE_FOLDERS.some((f) => name.startsWith(f));
        if (bare) expect(e.code, name).toBe('NOT_ICALENDAR');
        else failures[name] = e.code;
      }
    }
    expect(failures).toEqual(EXPECTED_FAILURES);
    expect(events).toBeGreaterThan(500);
  });

  it('expands every readable file with events over the year around its first DTSTART', () => {
    let expanded = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let parsed;
      try {
        parsed = parseCalendar(text);
      } catch {
        continue;
      }
      if (parsed.eventCount === 0) continue;
      const first = firstStartMs(text) ?? Date.UTC(2024, 0, 1);
      const result = calendarOccurrences({
        parsed,
        windowStartMs: first - 183 * 86_400_000,
        windowEndMs: first + 183 * 86_400_000,
        defaultZone: 'Europe/Berlin',
      });
      for (const o of result.items) {
        expect(Number.isFinite(o.startMs) && o.endMs >= o.startMs, rel(file)).toBe(true);
      }
      expanded++;
    }
    expect(expanded).toBeGreaterThan(150);
  });
});

describe.skipIf(!present)('iCalendar corpus: ical.js jCal matches the expected JSON', () => {
  const dir = path.join(dataDir, 'icaljs-parser-tests');
  const pairs = present
    ? readdirSync(dir)
        .filter(
          (n) => n.endsWith('.ics') && existsSync(path.join(dir, n.replace(/\.ics$/, '.json'))),
        )
        .sort()
    : [];
  it('has 21 pairs', () => expect(pairs.length).toBe(21));
  it.each(pairs)('%s', (name) => {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const expected: unknown = JSON.parse(
      readFileSync(path.join(dir, name.replace(/\.ics$/, '.json')), 'utf8'),
    );
    // Only line ends are normalized, as parseCalendar does; the jCal itself is compared as is.
    expect(ICAL.parse(normalizeLineEnds(text))).toEqual(expected);
    // ...and our own reader accepts every one of them.
    expect(() => parseCalendar(text)).not.toThrow();
  });
});

type Row = [string, string, string | null];
const rows = (list: readonly CalendarOccurrence[]): Row[] =>
  list.map((o) => [iso(o.startMs), iso(o.endMs), o.recurrenceId]);

describe.skipIf(!present)('iCalendar corpus: hard cases worked out by hand', () => {
  const occ = (file: string, zone: string, from: string, to: string, uid?: string) =>
    calendarOccurrences({
      calendarText: read(file),
      windowStartMs: Date.parse(from),
      windowEndMs: Date.parse(to),
      defaultZone: zone,
    }).items.filter((o) => uid === undefined || o.uid === uid);

  it('daylight_saving_time.ics: Wednesday 19:00 Berlin is 18:00Z before 31 March 2019, 17:00Z after', () => {
    const list = occ(
      'recurring-ical-events/daylight_saving_time.ics',
      'Europe/Berlin',
      '2019-03-20T00:00:00Z',
      '2019-04-11T00:00:00Z',
      '7uartkcnhf0elbvs8md0itrf6c@google.com',
    );
    expect(rows(list).map((r) => r[0])).toEqual([
      '2019-03-20T18:00:00.000Z',
      '2019-03-27T18:00:00.000Z',
      '2019-04-03T17:00:00.000Z',
      '2019-04-10T17:00:00.000Z',
    ]);
  });

  it('issue_48_dst.ics: Monday 12:30 Chicago keeps its wall time across 1 November 2020', () => {
    const list = occ(
      'recurring-ical-events/issue_48_dst.ics',
      'America/Chicago',
      '2020-10-26T00:00:00Z',
      '2020-11-10T00:00:00Z',
      'u81j@google.com',
    );
    expect(rows(list)).toEqual([
      ['2020-11-09T18:30:00.000Z', '2020-11-09T18:45:00.000Z', '2020-11-09T18:30:00.000Z'],
    ]);
    const weekly = occ(
      'recurring-ical-events/issue_48_dst.ics',
      'America/Chicago',
      '2020-10-26T00:00:00Z',
      '2020-11-10T00:00:00Z',
      'p1lc8@google.com',
    );
    // Friday 10:15: CDT (-5) on 30 Oct, CST (-6) on 6 Nov.
    expect(rows(weekly).map((r) => r[0])).toEqual([
      '2020-10-30T15:15:00.000Z',
      '2020-11-06T16:15:00.000Z',
    ]);
  });

  it('issue_62_moved_event.ics: the 31 Dec karaoke moved to 17 Dec (zero-length, transparent)', () => {
    const list = occ(
      'recurring-ical-events/issue_62_moved_event.ics',
      'Europe/Berlin',
      '2021-11-01T00:00:00Z',
      '2022-02-01T00:00:00Z',
    );
    expect(rows(list)).toEqual([
      ['2021-11-26T20:30:00.000Z', '2021-11-26T20:30:00.000Z', '2021-11-26T20:30:00.000Z'],
      ['2021-12-17T20:30:00.000Z', '2021-12-17T20:30:00.000Z', '2021-12-31T20:30:00.000Z'],
      ['2022-01-28T20:30:00.000Z', '2022-01-28T20:30:00.000Z', '2022-01-28T20:30:00.000Z'],
    ]);
    expect(list.every((o) => o.transparent)).toBe(true);
  });

  it('issue_62_moved_event_2.ics: a timed and an all-day instance each moved a day earlier', () => {
    const list = occ(
      'recurring-ical-events/issue_62_moved_event_2.ics',
      'Australia/Sydney',
      '2023-08-01T00:00:00Z',
      '2023-09-01T00:00:00Z',
    );
    expect(rows(list)).toEqual([
      ['2023-08-08T04:00:00.000Z', '2023-08-08T05:00:00.000Z', '2023-08-08T04:00:00.000Z'],
      ['2023-08-09T14:00:00.000Z', '2023-08-10T14:00:00.000Z', '2023-08-10'],
      ['2023-08-14T04:00:00.000Z', '2023-08-14T05:00:00.000Z', '2023-08-15T04:00:00.000Z'],
      ['2023-08-15T14:00:00.000Z', '2023-08-16T14:00:00.000Z', '2023-08-17'],
      ['2023-08-22T04:00:00.000Z', '2023-08-22T05:00:00.000Z', '2023-08-22T04:00:00.000Z'],
      ['2023-08-23T14:00:00.000Z', '2023-08-24T14:00:00.000Z', '2023-08-24'],
    ]);
  });

  it('issue_28 (Outlook, TZID "GMT Standard Time"): 15 bin days between 25 May and 5 Sep 2020, 4 Sep moved', () => {
    const list = occ(
      'recurring-ical-events/issue_28_rrule_with_UTC_endinginZ.ics',
      'Europe/London',
      '2020-05-24T23:00:00Z',
      '2020-09-04T23:00:00Z',
    );
    expect(list).toHaveLength(15);
    const moved = occ(
      'recurring-ical-events/issue_28_rrule_with_UTC_endinginZ.ics',
      'Europe/London',
      '2020-09-02T23:00:00Z',
      '2020-09-04T23:00:00Z',
    );
    expect(rows(moved)).toEqual([
      ['2020-09-03T23:00:00.000Z', '2020-09-04T23:00:00.000Z', '2020-09-03'],
    ]);
    // UNTIL=20200916T230000Z is Outlook's "17 Sep 00:00 BST": the 17 Sep collection is the last.
    const last = occ(
      'recurring-ical-events/issue_28_rrule_with_UTC_endinginZ.ics',
      'Europe/London',
      '2020-09-10T00:00:00Z',
      '2020-12-31T00:00:00Z',
    );
    // 10 and 24 Sep are the blue bin, whose UNTIL=20200923T230000Z ends it on 24 Sep.
    expect(rows(last).map((r) => r[2])).toEqual(['2020-09-10', '2020-09-17', '2020-09-24']);
    expect(last.every((o) => o.allDay && o.transparent)).toBe(true);
  });

  it('issue_75_range_parameter.ics: THISANDFUTURE shifts every later instance, the RDATE too', () => {
    const list = occ(
      'recurring-ical-events/issue_75_range_parameter.ics',
      'UTC',
      '2024-09-10T00:00:00Z',
      '2024-09-27T00:00:00Z',
    );
    expect(rows(list)).toEqual([
      ['2024-09-11T12:00:00.000Z', '2024-09-11T14:00:00.000Z', '2024-09-11T12:00:00.000Z'],
      // From 13 Sep: 3 h earlier and 7 h long (the first THISANDFUTURE override).
      ['2024-09-13T09:00:00.000Z', '2024-09-13T16:00:00.000Z', '2024-09-13T12:00:00.000Z'],
      ['2024-09-14T06:00:00.000Z', '2024-09-14T13:00:00.000Z', '2024-09-14T09:00:00.000Z'],
      // 15 Sep has its own override.
      ['2024-09-15T17:00:00.000Z', '2024-09-15T19:00:00.000Z', '2024-09-15T12:00:00.000Z'],
      ['2024-09-17T09:00:00.000Z', '2024-09-17T16:00:00.000Z', '2024-09-17T12:00:00.000Z'],
      ['2024-09-19T09:00:00.000Z', '2024-09-19T16:00:00.000Z', '2024-09-19T12:00:00.000Z'],
      // From 21 Sep: +1 d 2 h 22 min, 1 h 51 min long.
      ['2024-09-22T14:22:00.000Z', '2024-09-22T16:13:00.000Z', '2024-09-21T12:00:00.000Z'],
      ['2024-09-24T14:22:00.000Z', '2024-09-24T16:13:00.000Z', '2024-09-23T12:00:00.000Z'],
      ['2024-09-26T14:22:00.000Z', '2024-09-26T16:13:00.000Z', '2024-09-25T12:00:00.000Z'],
    ]);
  });

  it('issue_18_cancel_status.ics: the cancelled middle instance is gone', () => {
    const list = occ(
      'recurring-ical-events/issue_18_cancel_status.ics',
      'Europe/Berlin',
      '2020-01-01T00:00:00Z',
      '2020-02-10T00:00:00Z',
    );
    expect(rows(list).map((r) => r[0])).toEqual([
      '2020-01-28T21:00:00.000Z',
      '2020-01-30T21:00:00.000Z',
    ]);
  });

  it('issue_20_exdate_ignored.ics: UTC EXDATEs (with a trailing comma) remove Berlin-time instances', () => {
    const list = occ(
      'recurring-ical-events/issue_20_exdate_ignored.ics',
      'Europe/Berlin',
      '2019-01-01T00:00:00Z',
      '2021-01-01T00:00:00Z',
    );
    expect(rows(list).map((r) => r[0])).toEqual([
      '2019-10-29T15:15:00.000Z',
      '2019-11-12T15:15:00.000Z',
      '2019-12-10T15:15:00.000Z',
      '2020-01-07T15:15:00.000Z',
      '2020-01-14T15:15:00.000Z',
      '2020-01-21T15:15:00.000Z',
      '2020-01-28T15:15:00.000Z',
    ]);
    // DURATION:PT1H30M.
    expect(list.every((o) => o.endMs - o.startMs === 90 * 60_000)).toBe(true);
  });

  it('each_week_but_one/two_deleted.ics: 8 weekly instances minus the EXDATEs', () => {
    const one = occ(
      'recurring-ical-events/each_week_but_one_deleted.ics',
      'Europe/Berlin',
      '2019-01-01T00:00:00Z',
      '2020-01-01T00:00:00Z',
    );
    const two = occ(
      'recurring-ical-events/each_week_but_two_deleted.ics',
      'Europe/Berlin',
      '2019-01-01T00:00:00Z',
      '2020-01-01T00:00:00Z',
    );
    expect(one).toHaveLength(7);
    expect(two).toHaveLength(6);
    const starts = rows(two).map((r) => r[0]);
    expect(starts).not.toContain('2019-03-10T23:30:00.000Z');
    expect(starts).not.toContain('2019-03-24T23:30:00.000Z');
    // 00:30 Berlin: 23:30Z the day before in winter, 22:30Z after 31 March.
    expect(starts).toContain('2019-03-17T23:30:00.000Z');
    expect(starts).toContain('2019-03-31T22:30:00.000Z');
  });

  it('icaljs-samples/recur_instances.ics: overrides of an RRULE instance and of an RDATE, EXDATEs, a PERIOD RDATE', () => {
    const file = 'icaljs-samples/recur_instances.ics';
    const list = occ(file, 'America/Los_Angeles', '2012-10-01T00:00:00Z', '2013-01-01T00:00:00Z');
    expect(rows(list)).toEqual([
      // 2 Oct 10:00 PDT moved to 15:00 PDT.
      ['2012-10-02T22:00:00.000Z', '2012-10-02T22:30:00.000Z', '2012-10-02T17:00:00.000Z'],
      // 6 Nov 10:00 PST (first Tuesday), unchanged.
      ['2012-11-06T18:00:00.000Z', '2012-11-06T18:30:00.000Z', '2012-11-06T18:00:00.000Z'],
      // The RDATE of 5 Nov 10:00 PST, moved by RECURRENCE-ID:20121105T180000Z to 6 Nov 20:00 PST.
      ['2012-11-07T04:00:00.000Z', '2012-11-07T04:30:00.000Z', '2012-11-05T18:00:00.000Z'],
      ['2012-11-10T18:00:00.000Z', '2012-11-10T18:30:00.000Z', '2012-11-10T18:00:00.000Z'],
      ['2012-11-30T18:00:00.000Z', '2012-11-30T18:30:00.000Z', '2012-11-30T18:00:00.000Z'],
      // 4 Dec is an EXDATE.
    ]);
    const later = occ(file, 'America/Los_Angeles', '2023-11-20T00:00:00Z', '2023-11-30T00:00:00Z');
    expect(rows(later)).toEqual([
      ['2023-11-23T09:00:00.000Z', '2023-11-23T09:30:00.000Z', '2023-11-23T09:00:00.000Z'],
      // A PERIOD RDATE keeps its own end.
      ['2023-11-25T09:00:00.000Z', '2023-11-25T12:30:00.000Z', '2023-11-25T09:00:00.000Z'],
    ]);
  });

  it('icaljs-samples/duration_instead_of_dtend.ics: DURATION gives the end', () => {
    const list = occ(
      'icaljs-samples/duration_instead_of_dtend.ics',
      'UTC',
      '2012-01-01T00:00:00Z',
      '2013-01-01T00:00:00Z',
    );
    expect(rows(list)).toEqual([['2012-06-30T13:00:00.000Z', '2012-07-01T13:00:00.000Z', null]]);
  });

  it('icaljs-samples/rdate_exdate.ics: EXDATE;VALUE=DATE removes a day of a timed series', () => {
    // Daily COUNT=4 from 9 June 03:00Z, no DTEND (zero length); EXDATE;VALUE=DATE:20240611.
    const list = occ(
      'icaljs-samples/rdate_exdate.ics',
      'UTC',
      '2024-06-01T00:00:00Z',
      '2024-07-01T00:00:00Z',
    );
    expect(rows(list)).toEqual(
      ['2024-06-09', '2024-06-10', '2024-06-12'].map((d) => {
        const t = `${d}T03:00:00.000Z`;
        return [t, t, t];
      }),
    );
  });

  it('recurring-ical-events/one_day_event.ics: an all-day event is busy midnight to midnight in the clinic zone', () => {
    const result = busyIntervals({
      calendarText: read('recurring-ical-events/one_day_event.ics'),
      windowStartMs: Date.parse('2000-01-01T00:00:00Z'),
      windowEndMs: Date.parse('2030-01-01T00:00:00Z'),
      defaultZone: 'America/New_York',
    });
    expect(result.items.length).toBeGreaterThan(0);
    for (const b of result.items) {
      expect(b.allDay).toBe(true);
      expect(new Date(b.startMs).toISOString()).toMatch(/T0[45]:00:00.000Z$/);
    }
  });

  it('end_before_start_event.ics is swapped; zero_size_event.ics occupies nothing', () => {
    const swapped = busyIntervals({
      calendarText: read('recurring-ical-events/end_before_start_event.ics'),
      windowStartMs: Date.parse('2019-03-01T00:00:00Z'),
      windowEndMs: Date.parse('2019-03-10T00:00:00Z'),
      defaultZone: 'Europe/Berlin',
    });
    expect(swapped.items.map((b) => [iso(b.startMs), iso(b.endMs)])).toEqual([
      ['2019-03-04T07:00:00.000Z', '2019-03-04T07:30:00.000Z'],
    ]);
    expect(swapped.warnings.map((w) => w.code)).toContain('END_BEFORE_START');
    const zero = busyIntervals({
      calendarText: read('recurring-ical-events/zero_size_event.ics'),
      windowStartMs: Date.parse('2019-03-01T00:00:00Z'),
      windowEndMs: Date.parse('2019-03-10T00:00:00Z'),
      defaultZone: 'Europe/Berlin',
    });
    expect(zero.items).toEqual([]);
  });

  it('issue_86: floating times are read in X-WR-TIMEZONE (Europe/Brussels), not the clinic zone', () => {
    const list = occ(
      'recurring-ical-events/issue_86_x_wr_timezone_without_time_zone_in_dt.ics',
      'America/New_York',
      '2021-09-01T00:00:00Z',
      '2021-10-01T00:00:00Z',
    );
    expect(rows(list)).toEqual([['2021-09-16T19:00:00.000Z', '2021-09-16T20:45:00.000Z', null]]);
  });
});
