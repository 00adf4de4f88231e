/**
 * What can be wrong with a calendar file or with what we were asked to write, in words a
 * receptionist can pass on ("Dr. Patel's calendar feed could not be read: line 12: property
 * without a colon"). Every failure of this module is an `IcalError`; ical.js's own exceptions
 * (plain Error, TypeError) never escape.
 */
export type IcalErrorCode =
  /** The text is empty or only blank lines. */
  | 'EMPTY'
  /** The text is not iCalendar at all (an HTML login page, a vCard, JSON). */
  | 'NOT_ICALENDAR'
  /** A content line cannot be read (no colon, no property name, text outside any component). */
  | 'MALFORMED_LINE'
  /** BEGIN and END do not pair up. */
  | 'UNBALANCED_COMPONENT'
  /** A property's value cannot be read (a date "2019-13-45", an RRULE with FREQ=FOO). */
  | 'BAD_VALUE'
  /** Arguments to this module are wrong (a window that ends before it starts, an unknown zone). */
  | 'INVALID_INPUT';

export class IcalError extends Error {
  readonly code: IcalErrorCode;
  /** 1-based line of the file where the problem starts, when there is one. */
  readonly line: number | undefined;
  constructor(code: IcalErrorCode, message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'IcalError';
    this.code = code;
    this.line = line;
  }
}

/**
 * Something we could not honour exactly but that does not stop the rest of the calendar from
 * being used: one odd event in a provider's feed of 500 must not hide the other 499.
 */
export type IcalWarningCode =
  /** An event expanded to more occurrences than the cap; the rest were not listed. */
  | 'EXPANSION_CAPPED'
  /** A TZID that is neither defined in the file, an IANA name nor a known Windows name. */
  | 'UNKNOWN_TIMEZONE'
  /** A VTIMEZONE in the file could not be used; the TZID was resolved by name instead. */
  | 'BROKEN_TIMEZONE'
  /** An event without a readable DTSTART, or with a recurrence rule ical.js cannot expand. */
  | 'UNREADABLE_EVENT'
  /** DTEND (or the end from DURATION) is before DTSTART; start and end were swapped. */
  | 'END_BEFORE_START'
  /** Lines after the last END:VCALENDAR that belong to no component were skipped. */
  | 'IGNORED_TEXT';

export interface IcalWarning {
  readonly code: IcalWarningCode;
  /** UID of the event concerned, when there is one. */
  readonly uid: string | null;
  readonly message: string;
}

/** ical.js throws Error, TypeError or its ParserError; all become text for our own error. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  return String(thrown);
}
