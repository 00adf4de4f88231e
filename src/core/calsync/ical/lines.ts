import { IcalError } from './errors';

/** One logical content line after unfolding, with the file line it starts on (1-based). */
export interface ContentLine {
  readonly text: string;
  readonly line: number;
}

/**
 * Text as ical.js reads it: no byte-order mark and LF line ends. ical.js splits on LF (and drops
 * a CR before it) but not on a lone CR, which old Mac exports and some HL7-era gateways still
 * write, so CR-only files are turned into LF here instead of failing as one huge line.
 */
export function normalizeLineEnds(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.replace(/\r\n?/g, '\n');
}

/**
 * RFC 5545 §3.1 unfolding: a line that starts with a space or tab continues the previous one.
 * Blank lines are skipped: several exporters leave one before END:VCALENDAR, and old Mozilla
 * exports put one between a property name and its folded value ("VERSION", "", " :2.0"), which
 * ical.js alone cannot read. Each logical line
 * keeps the number of the physical line it starts on, so errors can say "line 12".
 */
export function unfoldLines(normalized: string): ContentLine[] {
  const physical = normalized.split('\n');
  const out: { text: string; line: number }[] = [];
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i]!;
    if (raw === '') continue;
    const first = raw.charCodeAt(0);
    const last = out[out.length - 1];
    // "  " is a fold followed by a space that belongs to the value, not a blank line.
    if ((first === 0x20 || first === 0x09) && last) last.text += raw.slice(1);
    else if (raw.trim() !== '') out.push({ text: raw, line: i + 1 });
  }
  return out;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `"${short}"`;
}

/** Position of the colon that separates name and parameters from the value, skipping quoted parameter values. */
export function valueColon(text: string): number {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ':' && !inQuotes) return i;
  }
  return -1;
}

/** Property name of a content line ("DTSTART" for "DTSTART;TZID=Europe/Berlin:2019..."). */
export function propertyName(text: string): string {
  const m = /^[^;:]*/.exec(text);
  return (m ? m[0] : '').trim();
}

/**
 * The checks ical.js makes without saying where (it reports "invalid line" or "component began
 * but did not end" with no line number, and crashes with a TypeError on text outside any
 * component). Done first so the message names the line a person can look at.
 */
export interface CheckedLines {
  /** The lines inside root components, in order: what ical.js is given. */
  readonly kept: readonly ContentLine[];
  /** Lines after a complete VCALENDAR that belong to none (a proxy's "X-COMMENT:Cached..."). */
  readonly ignored: readonly ContentLine[];
}

export function checkStructure(lines: readonly ContentLine[]): CheckedLines {
  if (lines.length === 0) throw new IcalError('EMPTY', 'The calendar file is empty.');
  const open: { name: string; line: number }[] = [];
  const kept: ContentLine[] = [];
  const ignored: ContentLine[] = [];
  let rootsClosed = 0;
  for (const entry of lines) {
    const { text, line } = entry;
    const name = propertyName(text);
    if (open.length === 0 && rootsClosed > 0 && name.toUpperCase() !== 'BEGIN') {
      ignored.push(entry);
      continue;
    }
    const colon = valueColon(text);
    if (colon < 0) {
      if (open.length === 0) throw notCalendar(text, line);
      throw new IcalError('MALFORMED_LINE', `property without a colon: ${quote(text)}`, line);
    }
    if (!NAME_RE.test(name)) {
      if (open.length === 0) throw notCalendar(text, line);
      throw new IcalError('MALFORMED_LINE', `no valid property name in ${quote(text)}`, line);
    }
    const upper = name.toUpperCase();
    const value = text
      .slice(colon + 1)
      .trim()
      .toUpperCase();
    if (upper === 'BEGIN') {
      if (open.length === 0 && value !== 'VCALENDAR') throw notCalendar(text, line);
      open.push({ name: value, line });
    } else if (upper === 'END') {
      const top = open.pop();
      if (!top) {
        throw new IcalError('UNBALANCED_COMPONENT', `END:${value} without a matching BEGIN`, line);
      }
      if (top.name !== value) {
        throw new IcalError(
          'UNBALANCED_COMPONENT',
          `END:${value} closes BEGIN:${top.name} from line ${top.line}; expected END:${top.name}`,
          line,
        );
      }
      if (open.length === 0) rootsClosed++;
    } else if (open.length === 0) {
      throw notCalendar(text, line);
    }
    kept.push(entry);
  }
  const unclosed = open.pop();
  if (unclosed) {
    throw new IcalError(
      'UNBALANCED_COMPONENT',
      `BEGIN:${unclosed.name} is never closed (no END:${unclosed.name}); the file may be cut short`,
      unclosed.line,
    );
  }
  return { kept, ignored };
}

const COMPONENTS = [
  'VEVENT',
  'VTODO',
  'VJOURNAL',
  'VFREEBUSY',
  'VTIMEZONE',
  'VALARM',
  'VAVAILABILITY',
];

function notCalendar(text: string, line: number): IcalError {
  const begun = /^BEGIN:(.*)$/i.exec(text.trim())?.[1]?.trim().toUpperCase();
  if (begun && COMPONENTS.includes(begun)) {
    return new IcalError(
      'NOT_ICALENDAR',
      `This is a bare ${begun}, not a calendar file: an iCalendar file starts with BEGIN:VCALENDAR`,
      line,
    );
  }
  return new IcalError(
    'NOT_ICALENDAR',
    `This is not an iCalendar file: expected BEGIN:VCALENDAR but found ${quote(text)}`,
    line,
  );
}
