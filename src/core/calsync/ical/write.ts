import { IcalError } from './errors';

/**
 * Written by hand rather than with ical.js's stringify: ical.js folds continuation lines to 76
 * octets (a space plus 75), over RFC 5545's limit of 75, and its fold length and line end are
 * process-wide settings other code could change. What we write is a dozen fixed properties; each
 * file is checked in tests by parsing it back with ical.js and with parseCalendar.
 */
export const PRODID = '-//ClinicDesk//ClinicDesk 0.1//EN';

export interface Person {
  readonly name: string;
  readonly email: string;
}

export type AppointmentStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

export interface IcsEvent {
  readonly uid: string;
  readonly sequence: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly summary: string;
  readonly location?: string;
  readonly description?: string;
  readonly organizer?: Person;
  readonly attendee?: Person;
  readonly status?: AppointmentStatus;
  readonly dtstampMs: number;
  readonly url?: string;
}

/**
 * One appointment as a CalDAV calendar object resource (RFC 4791 §4.1: no METHOD), marked
 * private, with our own X- properties (the appointment id that makes its echo recognizable).
 */
export function calendarResourceIcs(
  input: IcsEvent & { readonly xProperties?: Readonly<Record<string, string>> },
): string {
  const lines = eventLines(input);
  const extra = ['CLASS:PRIVATE'];
  for (const [name, value] of Object.entries(input.xProperties ?? {})) {
    if (!/^X-[A-Z0-9-]+$/.test(name)) {
      throw new IcalError('INVALID_INPUT', `${name} is not an X- property name.`);
    }
    extra.push(`${name}:${escapeText(value)}`);
  }
  lines.splice(lines.length - 1, 0, ...extra);
  return calendar([], [lines]);
}

export interface AppointmentIcsInput extends IcsEvent {
  readonly method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
}

/** One appointment as an invitation (REQUEST), a cancellation (CANCEL) or a plain file (PUBLISH). */
export function appointmentIcs(input: AppointmentIcsInput): string {
  if (input.method !== 'PUBLISH' && !input.organizer) {
    throw new IcalError(
      'INVALID_INPUT',
      `A ${input.method} needs an organizer (the clinic's e-mail address); mail programs ignore one without it.`,
    );
  }
  const status = input.method === 'CANCEL' ? 'CANCELLED' : input.status;
  return calendar(
    [`METHOD:${input.method}`],
    [eventLines({ ...input, ...(status ? { status } : {}) })],
  );
}

export interface FeedIcsInput {
  readonly calendarName: string;
  readonly events: readonly IcsEvent[];
  /** How often subscribers should fetch again; 60 minutes unless said. */
  readonly refreshMinutes?: number;
}

/** A provider's read-only subscription feed (many VEVENTs). */
export function feedIcs(input: FeedIcsInput): string {
  const minutes = input.refreshMinutes ?? 60;
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new IcalError('INVALID_INPUT', 'The refresh interval must be a whole number of minutes.');
  }
  const name = escapeText(requireText(input.calendarName, 'calendar name'));
  return calendar(
    [
      'METHOD:PUBLISH',
      `X-WR-CALNAME:${name}`,
      `NAME:${name}`,
      `REFRESH-INTERVAL;VALUE=DURATION:PT${minutes}M`,
      // Outlook reads X-PUBLISHED-TTL, not RFC 7986's REFRESH-INTERVAL.
      `X-PUBLISHED-TTL:PT${minutes}M`,
    ],
    input.events.map((e) => eventLines(e)),
  );
}

function calendar(header: string[], events: string[][]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    ...header,
    ...events.flat(),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function eventLines(e: IcsEvent): string[] {
  checkEvent(e);
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${utcStamp(e.dtstampMs)}`,
    `DTSTART:${utcStamp(e.startMs)}`,
    `DTEND:${utcStamp(e.endMs)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${checkUri(e.url)}`);
  if (e.organizer)
    lines.push(`ORGANIZER;CN=${paramText(e.organizer.name)}:${mailto(e.organizer.email)}`);
  if (e.attendee) {
    lines.push(
      `ATTENDEE;CN=${paramText(e.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:${mailto(e.attendee.email)}`,
    );
  }
  if (e.status) lines.push(`STATUS:${e.status}`);
  lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

function requireText(value: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new IcalError('INVALID_INPUT', `The ${what} is required.`);
  }
  return value;
}

function checkEvent(e: IcsEvent): void {
  requireText(e.uid, 'appointment UID');
  requireText(e.summary, 'appointment title');
  for (const [what, ms] of [
    ['start', e.startMs],
    ['end', e.endMs],
    ['time stamp', e.dtstampMs],
  ] as const) {
    if (!Number.isFinite(ms))
      throw new IcalError('INVALID_INPUT', `The appointment ${what} is not a time.`);
  }
  if (e.endMs <= e.startMs) {
    throw new IcalError('INVALID_INPUT', 'The appointment must end after it starts.');
  }
  if (!Number.isInteger(e.sequence) || e.sequence < 0) {
    throw new IcalError('INVALID_INPUT', 'The sequence number must be a whole number, 0 or more.');
  }
}

// Control characters other than tab and line breaks; TEXT and parameter values cannot hold them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 20260309T140000Z: times are always written in UTC, so no VTIMEZONE is needed. */
export function utcStamp(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  if (d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999) {
    throw new IcalError('INVALID_INPUT', 'The time is outside the years 0001-9999.');
  }
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

/**
 * RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma are escaped, every line break becomes \n.
 * Other control characters cannot appear in TEXT at all and are dropped (a stray NUL pasted from
 * another program would otherwise make the whole file unreadable to Outlook).
 */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(CONTROL_CHARS, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** A quoted parameter value (CN="Patel, Anita"); quotes and line breaks per RFC 6868. */
function paramText(value: string): string {
  const clean = value
    .replace(CONTROL_CHARS, ' ')
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n');
  return `"${clean}"`;
}

function mailto(email: string): string {
  if (!/^[^\s@:;,"<>]+@[^\s@:;,"<>]+$/.test(email ?? '')) {
    throw new IcalError('INVALID_INPUT', `"${email}" is not an e-mail address.`);
  }
  return `mailto:${email}`;
}

function checkUri(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:[^\s"<>]*$/i.test(url)) {
    throw new IcalError(
      'INVALID_INPUT',
      `"${url}" is not a link (it must start with https:// and have no spaces).`,
    );
  }
  return url;
}

const utf8 = new TextEncoder();

/**
 * RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF and a space; the space counts,
 * so continuation lines carry at most 74 octets of content. Folds fall between code points, never
 * inside a UTF-8 sequence or a surrogate pair (an emoji stays whole).
 */
export function foldLine(line: string): string {
  if (utf8.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = utf8.encode(ch).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
