import ICAL from 'ical.js';
import { describeThrown, IcalError, type IcalWarning } from './errors';
import { checkStructure, normalizeLineEnds, propertyName, unfoldLines } from './lines';

/** A VCALENDAR (or VEVENT, VTIMEZONE...) as ical.js models it. */
export type IcalComponent = ICAL.Component;

/** A calendar file that has been read; what `busyIntervals` and the sync code work from. */
export interface ParsedCalendar {
  /** Every root VCALENDAR: some servers concatenate several calendars into one file. */
  readonly roots: readonly IcalComponent[];
  /** METHOD of the first calendar (PUBLISH for a feed, REQUEST/CANCEL for an invitation). */
  readonly method: string | null;
  readonly prodId: string | null;
  /** X-WR-CALNAME or RFC 7986 NAME: what the provider called the calendar. */
  readonly calendarName: string | null;
  /** X-WR-TIMEZONE as written (Google, Apple): the zone floating times are meant in. */
  readonly calendarZone: string | null;
  readonly eventCount: number;
  /** TZIDs that have a VTIMEZONE definition in the file. */
  readonly definedZones: readonly string[];
  /** What was read with a compromise (text after END:VCALENDAR was ignored). */
  readonly warnings: readonly IcalWarning[];
}

/**
 * Reads an iCalendar file. Accepts a byte-order mark, CRLF, LF or CR line ends, folded lines,
 * blank lines and several VCALENDARs in one file. Anything unreadable is an `IcalError` naming the
 * line; ical.js does the actual parsing (RFC 5545 values, escapes, RFC 6868 parameters).
 */
export function parseCalendar(text: string): ParsedCalendar {
  if (typeof text !== 'string') throw new IcalError('INVALID_INPUT', 'The calendar must be text.');
  const lines = unfoldLines(normalizeLineEnds(text));
  const { kept, ignored } = checkStructure(lines);
  let jcal: unknown;
  try {
    // ical.js gets the lines we unfolded, so its view and our line numbers agree.
    jcal = ICAL.parse(kept.map((l) => l.text).join('\r\n'));
  } catch (thrown) {
    throw locateValueError(kept, thrown);
  }
  // ical.js returns one jCal array for one root, an array of them for several.
  const list = Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[]);
  const roots = list.map((j) => new ICAL.Component(j as unknown[]));
  const warnings: IcalWarning[] = ignored.map((l) => ({
    code: 'IGNORED_TEXT',
    uid: null,
    message: `line ${l.line}: text after END:VCALENDAR was ignored`,
  }));
  return { ...describe(roots), warnings };
}

/**
 * ical.js reports a bad value ("invalid frequency") without the line; parse each content line on
 * its own to find which one it was.
 */
function locateValueError(
  lines: readonly { text: string; line: number }[],
  thrown: unknown,
): IcalError {
  for (const { text, line } of lines) {
    const name = propertyName(text).toUpperCase();
    if (name === 'BEGIN' || name === 'END') continue;
    try {
      ICAL.parse.property(text);
    } catch (inner) {
      return new IcalError('BAD_VALUE', `${name}: ${describeThrown(inner)}`, line);
    }
  }
  return new IcalError('BAD_VALUE', `The calendar could not be read: ${describeThrown(thrown)}`);
}

function firstText(root: IcalComponent | undefined, name: string): string | null {
  if (!root) return null;
  const value = root.getFirstPropertyValue(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** ical.js leaves X- properties (X-WR-CALNAME) and NAME escaped: it does not know they are TEXT. */
function unescapeText(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function describe(roots: IcalComponent[]): Omit<ParsedCalendar, 'warnings'> {
  const first = roots[0];
  let eventCount = 0;
  const zones = new Set<string>();
  for (const root of roots) {
    eventCount += root.getAllSubcomponents('vevent').length;
    for (const tz of root.getAllSubcomponents('vtimezone')) {
      const id = tz.getFirstPropertyValue('tzid');
      if (typeof id === 'string') zones.add(id);
    }
  }
  return {
    roots,
    method: firstText(first, 'method')?.toUpperCase() ?? null,
    prodId: firstText(first, 'prodid'),
    calendarName: unescapeText(firstText(first, 'x-wr-calname') ?? firstText(first, 'name')),
    calendarZone: firstText(first, 'x-wr-timezone'),
    eventCount,
    definedZones: [...zones],
  };
}
