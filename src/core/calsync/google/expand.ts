/**
 * Google Calendar events -> busy instants. Recurring series are expanded here, in the series' own
 * zone, because the adapter syncs with `singleEvents: false` (see adapter.ts for why).
 *
 * RRULE iteration is ical.js's (a well-kept RFC 5545 implementation). It runs on floating
 * wall-clock times and each occurrence is then placed in the event's IANA zone with core/time, so a
 * weekly 09:00 America/New_York meeting is 14:00Z before 8 March 2026 and 13:00Z after. ical.js
 * could do the zone step too, but only with VTIMEZONE definitions we do not have for Google's
 * `timeZone` names; the zone step through Luxon is exact and already tested in core/time.
 */
import ICAL from 'ical.js';
import type { calendar_v3 } from '@googleapis/calendar';
import {
  addDays,
  daysBetween,
  instantToLocal,
  isLocalDate,
  localDayBounds,
  localToInstant,
  parseIsoInstant,
} from '../../time';
import { CalendarSyncError, type BusyInstant } from '../port';

export type GoogleEvent = calendar_v3.Schema$Event;
type GoogleTime = calendar_v3.Schema$EventDateTime;

/** The private extended property that marks an event ClinicDesk wrote for an appointment. */
export const APPOINTMENT_ID_PROPERTY = 'clinicdeskAppointmentId';

export function clinicAppointmentIdOf(e: GoogleEvent): string | null {
  return e.extendedProperties?.private?.[APPOINTMENT_ID_PROPERTY] ?? null;
}

/** Events that never block a provider's time: cancelled, "free", or our own appointment's echo. */
export function blocksTime(e: GoogleEvent): boolean {
  return (
    e.status !== 'cancelled' &&
    e.transparency !== 'transparent' &&
    clinicAppointmentIdOf(e) === null
  );
}

interface PlacedTime {
  ms: number;
  allDay: boolean;
  /** For an all-day event: its local date. */
  date: string | null;
}

function badTime(e: GoogleEvent, what: string): CalendarSyncError {
  return new CalendarSyncError(
    'BAD_DATA',
    `Google sent event ${e.id ?? '(no id)'} with ${what}; ClinicDesk skipped reading this calendar.`,
  );
}

/** Whole-day events are placed on local midnights of the clinic's zone. */
function placeTime(e: GoogleEvent, t: GoogleTime | undefined, clinicZone: string): PlacedTime {
  if (t?.dateTime) {
    const ms = parseIsoInstant(t.dateTime);
    if (ms === null) throw badTime(e, `an unreadable time "${t.dateTime}"`);
    return { ms, allDay: false, date: null };
  }
  if (t?.date && isLocalDate(t.date)) {
    return { ms: localDayBounds(clinicZone, t.date).start, allDay: true, date: t.date };
  }
  throw badTime(e, 'no start or end time');
}

function overlapsWindow(b: BusyInstant, startMs: number, endMs: number): boolean {
  return b.endMs > startMs && b.startMs < endMs;
}

/** The busy time of a one-off event (or of one moved occurrence of a series). */
export function singleBusy(e: GoogleEvent, clinicZone: string): BusyInstant[] {
  if (!blocksTime(e)) return [];
  return eventSpan(e, clinicZone);
}

/**
 * Where a single event sits, busy or not. For the clinic's own events this is where the
 * provider's copy is now (they may have moved it), reported beside the event and never busy time.
 */
export function eventSpan(e: GoogleEvent, clinicZone: string): BusyInstant[] {
  if (e.status === 'cancelled') return [];
  const start = placeTime(e, e.start, clinicZone);
  const end = placeTime(e, e.end, clinicZone);
  // Google's all-day end date is exclusive (a one-day vacation ends the next day), like our bounds.
  if (end.ms <= start.ms) return [];
  return [{ startMs: start.ms, endMs: end.ms, allDay: start.allDay }];
}

interface DateListLine {
  kind: 'EXDATE' | 'RDATE';
  /** Instants of date-time values. */
  instants: number[];
  /** Dates of VALUE=DATE values. */
  dates: string[];
}

const DATE_VALUE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/;

/**
 * EXDATE/RDATE lines as Google writes them in `recurrence`:
 *   EXDATE;TZID=America/New_York:20260316T090000,20260323T090000
 *   EXDATE:20260316T140000Z        EXDATE;VALUE=DATE:20260316
 * Parsed by hand: ical.js would need a VTIMEZONE for the TZID, and the grammar is this small.
 */
function parseDateList(line: string, zone: string): DateListLine | null {
  const colon = line.indexOf(':');
  if (colon < 0) return null;
  const [name, ...params] = line.slice(0, colon).split(';');
  const kind = name?.toUpperCase();
  if (kind !== 'EXDATE' && kind !== 'RDATE') return null;
  const tzParam = params.find((p) => p.toUpperCase().startsWith('TZID='));
  const tz = tzParam ? tzParam.slice(5) : zone;
  const out: DateListLine = { kind, instants: [], dates: [] };
  for (const value of line.slice(colon + 1).split(',')) {
    const m = DATE_VALUE.exec(value.trim());
    if (!m) continue;
    const date = `${m[1]}-${m[2]}-${m[3]}`;
    if (m[4] === undefined) {
      out.dates.push(date);
    } else if (m[7] === 'Z') {
      out.instants.push(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4], +m[5]!, +m[6]!));
    } else {
      out.instants.push(localToInstant(tz, date, +m[4] * 60 + +m[5]!) + +m[6]! * 1000);
    }
  }
  return out;
}

function floating(date: string, minutes: number, seconds: number, isDate: boolean): ICAL.Time {
  return ICAL.Time.fromData({
    year: +date.slice(0, 4),
    month: +date.slice(5, 7),
    day: +date.slice(8, 10),
    hour: Math.floor(minutes / 60),
    minute: minutes % 60,
    second: seconds,
    isDate,
  });
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A series with thousands of occurrences in a window is data we do not trust (FREQ=MINUTELY). */
const MAX_OCCURRENCES = 5000;

export interface ExpandSeriesInput {
  master: GoogleEvent;
  /** Moved or cancelled occurrences: events whose `recurringEventId` is the master's id. */
  exceptions: readonly GoogleEvent[];
  windowStartMs: number;
  windowEndMs: number;
  clinicZone: string;
}

/** Every busy occurrence of a series inside the window, with its exceptions applied. */
export function expandSeries(input: ExpandSeriesInput): BusyInstant[] {
  const { master, exceptions, windowStartMs, windowEndMs, clinicZone } = input;
  const busy: BusyInstant[] = [];
  // Moved occurrences keep their own busy time (a moved meeting is busy at its new time even if
  // the series was later marked free, and vice versa), so they are added before the master check.
  for (const ex of exceptions) {
    for (const b of singleBusy(ex, clinicZone)) {
      if (overlapsWindow(b, windowStartMs, windowEndMs)) busy.push(b);
    }
  }
  if (!blocksTime(master)) return busy;

  const start = placeTime(master, master.start, clinicZone);
  const end = placeTime(master, master.end, clinicZone);
  const zone = master.start?.timeZone || clinicZone;
  const durationMs = end.ms - start.ms;
  const allDayLength =
    start.allDay && end.date && start.date ? daysBetween(start.date, end.date) : 0;

  const excludedInstants = new Set<number>();
  const excludedDates = new Set<string>();
  for (const ex of exceptions) {
    const o = ex.originalStartTime;
    if (o?.dateTime) {
      const ms = parseIsoInstant(o.dateTime);
      if (ms !== null) excludedInstants.add(ms);
    } else if (o?.date) excludedDates.add(o.date);
  }

  const occurrences: PlacedTime[] = [];
  const rules: ICAL.Recur[] = [];
  for (const line of master.recurrence ?? []) {
    if (/^RRULE:/i.test(line)) {
      rules.push(ICAL.Recur.fromString(line.slice(6)));
      continue;
    }
    const list = parseDateList(line, zone);
    if (!list) continue;
    if (list.kind === 'EXDATE') {
      list.instants.forEach((ms) => excludedInstants.add(ms));
      list.dates.forEach((d) => excludedDates.add(d));
    } else {
      list.instants.forEach((ms) => occurrences.push({ ms, allDay: false, date: null }));
      list.dates.forEach((d) =>
        occurrences.push({ ms: localDayBounds(clinicZone, d).start, allDay: true, date: d }),
      );
    }
  }

  const local = start.allDay
    ? { date: start.date!, minutes: 0, seconds: 0 }
    : { ...instantToLocal(zone, start.ms), seconds: Math.floor((start.ms % 60_000) / 1000) };
  const dtstart = floating(local.date, local.minutes, local.seconds, start.allDay);
  if (rules.length === 0) occurrences.push(start);
  for (const rule of rules) {
    // An UNTIL in UTC is compared against floating local times inside ical.js; restate it as the
    // local time in the series' zone so the last Tokyo or New York occurrence is neither lost nor
    // added.
    if (rule.until && !rule.until.isDate && rule.until.zone === ICAL.Timezone.utcTimezone) {
      const untilLocal = instantToLocal(zone, rule.until.toUnixTime() * 1000);
      rule.until = floating(untilLocal.date, untilLocal.minutes, 0, false);
    }
    const it = rule.iterator(dtstart);
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const t = it.next();
      if (!t) break;
      const date = `${t.year}-${pad2(t.month)}-${pad2(t.day)}`;
      const ms = start.allDay
        ? localDayBounds(clinicZone, date).start
        : localToInstant(zone, date, t.hour * 60 + t.minute) + t.second * 1000;
      if (ms >= windowEndMs) break;
      occurrences.push({ ms, allDay: start.allDay, date: start.allDay ? date : null });
    }
  }

  const seen = new Set<number>();
  for (const o of occurrences) {
    if (seen.has(o.ms)) continue; // an RDATE repeating an RRULE occurrence
    seen.add(o.ms);
    if (o.date !== null ? excludedDates.has(o.date) : excludedInstants.has(o.ms)) continue;
    const b: BusyInstant =
      o.date !== null
        ? {
            startMs: o.ms,
            endMs: localDayBounds(clinicZone, addDays(o.date, Math.max(1, allDayLength) - 1)).end,
            allDay: true,
          }
        : { startMs: o.ms, endMs: o.ms + durationMs, allDay: false };
    if (b.endMs > b.startMs && overlapsWindow(b, windowStartMs, windowEndMs)) busy.push(b);
  }
  return busy.sort((a, b) => a.startMs - b.startMs);
}
