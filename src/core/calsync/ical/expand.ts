import ICAL from 'ical.js';
import { isValidZone, toIso } from '../../time';
import { describeThrown, IcalError, type IcalWarning } from './errors';
import { parseCalendar, type IcalComponent, type ParsedCalendar } from './parse';
import { localDateOfWall, ZoneResolver, type IcalTime, type WallClock } from './zones';

/** One occurrence of an event that overlaps the window. Carries no summary or description:
 * a provider's calendar is personal, and the clinic only needs to know when they are busy. */
export interface CalendarOccurrence {
  readonly uid: string;
  /** Null for a one-off event; otherwise the occurrence's original start ("2026-03-09" for an
   * all-day series, "2026-03-09T14:00:00.000Z" otherwise): the key a sync stores. */
  readonly recurrenceId: string | null;
  readonly startMs: number;
  readonly endMs: number;
  readonly allDay: boolean;
  /** TRANSP:TRANSPARENT: on the calendar but not blocking time ("working from home"). */
  readonly transparent: boolean;
}

export interface BusyInterval {
  readonly uid: string;
  readonly recurrenceId: string | null;
  readonly startMs: number;
  readonly endMs: number;
  /** All-day events are listed; the caller decides whether a provider's "Conference" day blocks
   * bookings (Google treats all-day events as free by default). */
  readonly allDay: boolean;
  readonly summary?: never;
  readonly description?: never;
}

export type CalendarSource = { calendarText: string } | { parsed: ParsedCalendar };

export type ExpandInput = CalendarSource & {
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  /** The clinic's IANA zone: floating times and all-day dates are read in it. */
  readonly defaultZone: string;
  /** Occurrences listed per event inside the window before giving up with a warning. */
  readonly maxOccurrencesPerEvent?: number;
};

export interface ExpandResult<T> {
  readonly items: T[];
  readonly warnings: IcalWarning[];
}

export const DEFAULT_MAX_OCCURRENCES = 5000;
/** Rule steps per RRULE before giving up: daily since 1900 is ~46,000 steps; FREQ=MINUTELY
 * since 2000 would be 14 million and is not a provider's real schedule. */
const MAX_RULE_STEPS = 200_000;
/** Contracting-rule checks per event: ical.js loops forever on a DAILY rule that can never match
 * (BYMONTH=2;BYMONTHDAY=30), so its check is counted and the loop broken from outside. */
const MAX_RULE_CHECKS = 2_000_000;
const DAY_MS = 86_400_000;
const MAX_LENGTH_DAYS = 3660;

class RunawayRule extends Error {}

/**
 * Every busy stretch of a calendar that overlaps [windowStartMs, windowEndMs): recurring series
 * expanded (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides incl. RANGE=THISANDFUTURE), cancelled
 * and transparent events and zero-length events left out. Sorted by start.
 *
 * Rules decided here (each has a test):
 * - STATUS:CANCELLED (series or one override) and TRANSP:TRANSPARENT occupy nothing.
 * - An event whose end is before its start is read with the two swapped, with a warning: a typo
 *   "08:30-08:00" most likely meant 08:00-08:30, and hiding a real meeting risks a double booking.
 * - A zero-length event (no DTEND, no DURATION, or DTEND = DTSTART) occupies nothing.
 * - An override without DTEND or DURATION keeps the series' length (a moved instance is as long
 *   as the others).
 * - DTSTART is always an occurrence, even when the RRULE would not produce it (RFC 5545).
 */
export function busyIntervals(input: ExpandInput): ExpandResult<BusyInterval> {
  const { items, warnings } = calendarOccurrences(input);
  const busy = items
    .filter((o) => !o.transparent && o.endMs > o.startMs)
    .map(({ uid, recurrenceId, startMs, endMs, allDay }) => ({
      uid,
      recurrenceId,
      startMs,
      endMs,
      allDay,
    }));
  return { items: busy, warnings };
}

/** Like busyIntervals, but keeps transparent and zero-length occurrences (for sync and tests). */
export function calendarOccurrences(input: ExpandInput): ExpandResult<CalendarOccurrence> {
  checkWindow(input);
  const parsed = 'parsed' in input ? input.parsed : parseCalendar(input.calendarText);
  const warnings: IcalWarning[] = [];
  const items: CalendarOccurrence[] = [];
  const cap = input.maxOccurrencesPerEvent ?? DEFAULT_MAX_OCCURRENCES;
  for (const root of parsed.roots) {
    const calendarZone = textOf(root, 'x-wr-timezone');
    const zones = new ZoneResolver({ defaultZone: input.defaultZone, calendarZone }, warnings);
    for (const series of groupByUid(root.getAllSubcomponents('vevent'))) {
      const ctx: SeriesContext = {
        zones,
        warnings,
        windowStartMs: input.windowStartMs,
        windowEndMs: input.windowEndMs,
        cap,
      };
      items.push(...expandSeries(series, ctx));
    }
  }
  items.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.uid.localeCompare(b.uid));
  return { items, warnings };
}

function checkWindow(input: ExpandInput): void {
  const { windowStartMs: s, windowEndMs: e, defaultZone } = input;
  if (!Number.isFinite(s) || !Number.isFinite(e) || e <= s) {
    throw new IcalError('INVALID_INPUT', 'The time window must end after it starts.');
  }
  if (!isValidZone(defaultZone)) {
    throw new IcalError('INVALID_INPUT', `"${defaultZone}" is not a time zone name.`);
  }
}

function textOf(c: IcalComponent, name: string): string | null {
  const v = c.getFirstPropertyValue(name);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

interface Series {
  uid: string;
  master: IcalComponent | null;
  overrides: IcalComponent[];
}

function sequenceOf(c: IcalComponent): number {
  const v = c.getFirstPropertyValue('sequence');
  return typeof v === 'number' ? v : Number(v) || 0;
}

/**
 * A series is the master (no RECURRENCE-ID) and its overrides. When a feed repeats a master with
 * the same UID (issue_164_duplicated_event.ics), the highest SEQUENCE wins, then the later one.
 */
function groupByUid(events: IcalComponent[]): Series[] {
  const byUid = new Map<string, Series>();
  events.forEach((event, index) => {
    const uid = textOf(event, 'uid') ?? `no-uid-${index}`;
    let s = byUid.get(uid);
    if (!s) {
      s = { uid, master: null, overrides: [] };
      byUid.set(uid, s);
    }
    if (event.hasProperty('recurrence-id')) s.overrides.push(event);
    else if (!s.master || sequenceOf(event) >= sequenceOf(s.master)) s.master = event;
  });
  return [...byUid.values()];
}

interface SeriesContext {
  zones: ZoneResolver;
  warnings: IcalWarning[];
  windowStartMs: number;
  windowEndMs: number;
  cap: number;
}

/** The start of an event read from the file, ready to be repeated. */
interface Anchor {
  time: IcalTime;
  tzid: string | null;
  allDay: boolean;
  startMs: number;
}

/** How long each occurrence lasts: nominal days (a "P1D" or all-day span stays midnight to
 * midnight across DST) plus exact milliseconds. */
interface Length {
  days: number;
  ms: number;
}

interface Candidate {
  key: number;
  /** Local date of the occurrence as written (for EXDATE;VALUE=DATE on a timed series). */
  wallDate: string;
  recurrenceId: string | null;
  startMs: number;
  endMs: number;
}

interface EventFacts {
  anchor: Anchor;
  length: Length;
  cancelled: boolean;
  transparent: boolean;
}

function warn(ctx: SeriesContext, code: IcalWarning['code'], uid: string, message: string): void {
  ctx.warnings.push({ code, uid, message });
}

function tzidOf(prop: ICAL.Property | null): string | null {
  const p = prop?.getParameter('tzid');
  return typeof p === 'string' && p !== '' ? p : null;
}

function anchorOf(event: IcalComponent, ctx: SeriesContext): Anchor | null {
  const prop = event.getFirstProperty('dtstart');
  const time = prop?.getFirstValue();
  if (!(time instanceof ICAL.Time) || !Number.isFinite(time.year)) return null;
  const tzid = tzidOf(prop);
  const startMs = ctx.zones.toInstant(time, tzid, textOf(event, 'uid'));
  if (!Number.isFinite(startMs)) return null;
  return { time, tzid, allDay: time.isDate, startMs };
}

function lengthOf(
  event: IcalComponent,
  anchor: Anchor,
  ctx: SeriesContext,
  uid: string,
): Length | null {
  const endProp = event.getFirstProperty('dtend');
  const end = endProp?.getFirstValue();
  if (end instanceof ICAL.Time) {
    if (anchor.allDay) {
      const days = Math.round(
        (Date.UTC(end.year, end.month - 1, end.day) -
          Date.UTC(anchor.time.year, anchor.time.month - 1, anchor.time.day)) /
          DAY_MS,
      );
      return { days, ms: 0 };
    }
    return { days: 0, ms: ctx.zones.toInstant(end, tzidOf(endProp), uid) - anchor.startMs };
  }
  const duration = event.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration) {
    const sign = duration.isNegative ? -1 : 1;
    const exact = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
    return { days: sign * (duration.weeks * 7 + duration.days), ms: sign * exact };
  }
  // RFC 5545 §3.6.1: a date alone lasts the day; a date-time alone takes no time.
  return anchor.allDay ? { days: 1, ms: 0 } : { days: 0, ms: 0 };
}

function factsOf(
  event: IcalComponent,
  ctx: SeriesContext,
  uid: string,
  inherit?: EventFacts,
): EventFacts | null {
  const anchor = anchorOf(event, ctx);
  if (!anchor) {
    warn(ctx, 'UNREADABLE_EVENT', uid, `Event "${uid}" has no readable DTSTART and was skipped.`);
    return null;
  }
  const hasEnd = event.hasProperty('dtend') || event.hasProperty('duration');
  const length = !hasEnd && inherit ? inherit.length : lengthOf(event, anchor, ctx, uid);
  if (!length) return null;
  // DURATION:P999999999999999999W (invalid_duration.ics) would make ical.js step day by day for
  // ever; nothing a clinic schedules around lasts ten years.
  if (Math.abs(length.days) > MAX_LENGTH_DAYS || Math.abs(length.ms) > MAX_LENGTH_DAYS * DAY_MS) {
    warn(ctx, 'UNREADABLE_EVENT', uid, `Event "${uid}" lasts more than ten years and was skipped.`);
    return null;
  }
  const status = textOf(event, 'status')?.toUpperCase();
  const transp = textOf(event, 'transp')?.toUpperCase();
  return {
    anchor,
    length,
    cancelled: status ? status === 'CANCELLED' : (inherit?.cancelled ?? false),
    transparent: transp ? transp === 'TRANSPARENT' : (inherit?.transparent ?? false),
  };
}

/** Start and end of an occurrence that starts at wall clock `time` (in the series' zone). */
function spanAt(
  time: IcalTime,
  tzid: string | null,
  length: Length,
  ctx: SeriesContext,
  uid: string,
): { startMs: number; endMs: number } {
  const startMs = ctx.zones.toInstant(time, tzid, uid);
  let endMs = startMs + length.ms;
  if (length.days !== 0) {
    const shifted = time.clone();
    shifted.adjust(length.days, 0, 0, 0);
    endMs = ctx.zones.toInstant(shifted, tzid, uid) + length.ms;
  }
  return { startMs, endMs };
}

function recurrenceIdText(allDay: boolean, time: WallClock, key: number): string {
  return allDay ? localDateOfWall(time) : toIso(key);
}

/** The key that matches an occurrence to its EXDATE or RECURRENCE-ID: the original start instant.
 * Outlook writes RECURRENCE-ID;TZID=GMT Standard Time:20200416T000000 for an all-day series, so an
 * all-day series matches on the date alone. */
function keyOf(
  time: IcalTime,
  tzid: string | null,
  allDaySeries: boolean,
  ctx: SeriesContext,
  uid: string,
): number {
  if (allDaySeries) return ctx.zones.dateToInstant(time);
  return ctx.zones.toInstant(time, tzid, uid);
}

function expandSeries(series: Series, ctx: SeriesContext): CalendarOccurrence[] {
  const { uid } = series;
  try {
    return expandSeriesUnsafe(series, ctx);
  } catch (thrown) {
    if (thrown instanceof IcalError) throw thrown;
    warn(
      ctx,
      'UNREADABLE_EVENT',
      uid,
      `Event "${uid}" could not be expanded (${describeThrown(thrown)}) and was skipped.`,
    );
    return [];
  }
}

function expandSeriesUnsafe(series: Series, ctx: SeriesContext): CalendarOccurrence[] {
  const { uid } = series;
  const master = series.master ? factsOf(series.master, ctx, uid) : null;
  const out: CalendarOccurrence[] = [];
  const allDaySeries = master?.anchor.allDay ?? false;

  // Overrides first: they decide which generated occurrences are replaced.
  const exact = new Map<number, EventFacts>();
  const ranges: { key: number; shiftMs: number; facts: EventFacts }[] = [];
  const overrideOut: CalendarOccurrence[] = [];
  for (const event of series.overrides) {
    const ridProp = event.getFirstProperty('recurrence-id');
    const rid = ridProp?.getFirstValue();
    const facts = factsOf(event, ctx, uid, master ?? undefined);
    if (!(rid instanceof ICAL.Time) || !facts) continue;
    const key = keyOf(rid, tzidOf(ridProp), allDaySeries, ctx, uid);
    const range = ridProp?.getParameter('range');
    if (typeof range === 'string' && range.toUpperCase() === 'THISANDFUTURE' && master) {
      ranges.push({ key, shiftMs: facts.anchor.startMs - key, facts });
    }
    const previous = exact.get(key);
    if (previous) continue;
    exact.set(key, facts);
    const span = spanAt(facts.anchor.time, facts.anchor.tzid, facts.length, ctx, uid);
    if (!facts.cancelled) {
      overrideOut.push(occurrence(uid, recurrenceIdText(allDaySeries, rid, key), span, facts));
    }
  }
  ranges.sort((a, b) => a.key - b.key);

  if (master) {
    const margin = Math.max(0, ...ranges.map((r) => Math.abs(r.shiftMs)));
    const candidates = generate(series.master!, master, ctx, uid, margin);
    let listed = 0;
    for (const c of candidates) {
      if (exact.has(c.key)) continue;
      const range = lastRangeBefore(ranges, c.key);
      let facts = master;
      let span = { startMs: c.startMs, endMs: c.endMs };
      if (range) {
        facts = range.facts;
        const startMs = c.startMs + range.shiftMs;
        const rangeSpan = spanAt(
          range.facts.anchor.time,
          range.facts.anchor.tzid,
          range.facts.length,
          ctx,
          uid,
        );
        span = { startMs, endMs: startMs + (rangeSpan.endMs - rangeSpan.startMs) };
      }
      if (facts.cancelled) continue;
      const o = occurrence(uid, c.recurrenceId, span, facts);
      if (!overlapsWindow(o, ctx)) continue;
      if (++listed > ctx.cap) {
        warn(
          ctx,
          'EXPANSION_CAPPED',
          uid,
          `Event "${uid}" repeats more than ${ctx.cap} times in the window; only the first ${ctx.cap} were listed.`,
        );
        break;
      }
      out.push(o);
    }
  }
  for (const o of overrideOut) if (overlapsWindow(o, ctx)) out.push(o);
  return out;
}

function lastRangeBefore<T extends { key: number }>(ranges: T[], key: number): T | null {
  let found: T | null = null;
  for (const r of ranges) if (r.key <= key) found = r;
  return found;
}

function occurrence(
  uid: string,
  recurrenceId: string | null,
  span: { startMs: number; endMs: number },
  facts: EventFacts,
): CalendarOccurrence {
  // End before start: swapped (see busyIntervals); the warning is given where the facts are read.
  const startMs = Math.min(span.startMs, span.endMs);
  const endMs = Math.max(span.startMs, span.endMs);
  return {
    uid,
    recurrenceId,
    startMs,
    endMs,
    allDay: facts.anchor.allDay,
    transparent: facts.transparent,
  };
}

function overlapsWindow(o: CalendarOccurrence, ctx: SeriesContext): boolean {
  if (o.startMs >= ctx.windowEndMs) return false;
  if (o.endMs > ctx.windowStartMs) return true;
  return o.endMs === o.startMs && o.startMs >= ctx.windowStartMs;
}

/**
 * Every occurrence of the master whose start could matter for the window, keyed by original start:
 * DTSTART, each RRULE (ical.js iterates wall-clock times; UNTIL is compared here as an instant,
 * because ical.js compares a UTC UNTIL with a time in a zone it may not know as if both were UTC),
 * RDATEs (dates, date-times, periods), minus EXDATEs.
 */
function generate(
  event: IcalComponent,
  facts: EventFacts,
  ctx: SeriesContext,
  uid: string,
  margin: number,
): Candidate[] {
  const { anchor, length } = facts;
  const maxLengthMs = Math.abs(length.days) * 26 * 3_600_000 + Math.abs(length.ms);
  const fromMs = ctx.windowStartMs - maxLengthMs - margin - DAY_MS;
  const toMs = ctx.windowEndMs + margin + DAY_MS;
  const byKey = new Map<number, Candidate>();
  if (length.days < 0 || (length.days === 0 && length.ms < 0)) {
    warn(
      ctx,
      'END_BEFORE_START',
      uid,
      `Event "${uid}" ends before it starts; start and end were swapped.`,
    );
  }

  const add = (time: IcalTime, tzid: string | null, ownEnd?: number): void => {
    const span = spanAt(time, tzid, length, ctx, uid);
    const key = anchor.allDay ? ctx.zones.dateToInstant(time) : span.startMs;
    if (span.startMs >= toMs || Math.max(span.endMs, ownEnd ?? -Infinity, span.startMs) < fromMs)
      return;
    byKey.set(key, {
      key,
      wallDate: localDateOfWall(time),
      recurrenceId: recurrenceIdText(anchor.allDay, time, key),
      startMs: span.startMs,
      endMs: ownEnd ?? span.endMs,
    });
  };

  add(anchor.time, anchor.tzid);
  const recurring = event.hasProperty('rrule') || event.hasProperty('rdate');
  for (const prop of event.getAllProperties('rrule')) {
    const rule = prop.getFirstValue();
    if (rule instanceof ICAL.Recur) expandRule({ rule, anchor, ctx, uid, toMs, add });
  }
  for (const prop of event.getAllProperties('rdate')) {
    const tzid = tzidOf(prop);
    for (const value of prop.getValues()) {
      if (value instanceof ICAL.Time) add(value, tzid);
      else if (value instanceof ICAL.Period) {
        const start = value.start;
        const end = value.end ?? start.clone();
        if (!value.end && value.duration) end.addDuration(value.duration);
        add(start, tzid, ctx.zones.toInstant(end, tzid, uid));
      }
    }
  }
  removeExdates(event, byKey, anchor, ctx, uid);
  const list = [...byKey.values()].sort((a, b) => a.key - b.key);
  if (!recurring && list.length === 1) return [{ ...list[0]!, recurrenceId: null }];
  return list;
}

function removeExdates(
  event: IcalComponent,
  byKey: Map<number, Candidate>,
  anchor: Anchor,
  ctx: SeriesContext,
  uid: string,
): void {
  const exDates = new Set<string>();
  for (const prop of event.getAllProperties('exdate')) {
    const tzid = tzidOf(prop);
    for (const value of prop.getValues()) {
      if (!(value instanceof ICAL.Time)) continue;
      // EXDATE;VALUE=DATE on a timed series removes every occurrence on that day.
      if (value.isDate && !anchor.allDay) exDates.add(localDateOfWall(value));
      else byKey.delete(keyOf(value, tzid, anchor.allDay, ctx, uid));
    }
  }
  if (exDates.size === 0) return;
  for (const [key, c] of byKey) if (exDates.has(c.wallDate)) byKey.delete(key);
}

interface RuleInput {
  rule: ICAL.Recur;
  anchor: Anchor;
  ctx: SeriesContext;
  uid: string;
  toMs: number;
  add: (time: IcalTime, tzid: string | null) => void;
}

function untilMsOf(until: IcalTime, anchor: Anchor, ctx: SeriesContext, uid: string): number {
  if (until.isDate) {
    if (anchor.allDay) return ctx.zones.dateToInstant(until);
    // UNTIL=20250920 on a timed series: occurrences that start on or before that day.
    const next = ICAL.Time.fromData({
      year: until.year,
      month: until.month,
      day: until.day,
      isDate: false,
    });
    next.adjust(1, 0, 0, 0);
    return (
      spanAt(withZoneOf(next, anchor.time), anchor.tzid, { days: 0, ms: 0 }, ctx, uid).startMs - 1
    );
  }
  if (until.zone === ICAL.Timezone.utcTimezone) return ctx.zones.toInstant(until, null, uid);
  return ctx.zones.toInstant(withZoneOf(until, anchor.time), anchor.tzid, uid);
}

/** A copy of `time` carrying the zone object of `like` (so a file VTIMEZONE applies to it). */
function withZoneOf(time: IcalTime, like: IcalTime): IcalTime {
  return ICAL.Time.fromData(
    {
      year: time.year,
      month: time.month,
      day: time.day,
      hour: time.hour,
      minute: time.minute,
      second: time.second,
      isDate: time.isDate,
    },
    like.zone,
  );
}

function expandRule({ rule, anchor, ctx, uid, toMs, add }: RuleInput): void {
  const untilMs = rule.until ? untilMsOf(rule.until, anchor, ctx, uid) : null;
  const floatingRule = rule.clone();
  floatingRule.until = null;
  // Iterate pure wall-clock times: the zone is applied per occurrence, so 09:00 stays 09:00.
  const start = ICAL.Time.fromData({
    year: anchor.time.year,
    month: anchor.time.month,
    day: anchor.time.day,
    hour: anchor.time.hour,
    minute: anchor.time.minute,
    second: anchor.time.second,
    isDate: anchor.allDay,
  });
  const iterator = floatingRule.iterator(start);
  let checks = 0;
  const check = iterator.check_contracting_rules.bind(iterator);
  iterator.check_contracting_rules = () => {
    if (++checks > MAX_RULE_CHECKS) throw new RunawayRule();
    return check();
  };
  let steps = 0;
  try {
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (++steps > MAX_RULE_STEPS) {
        warn(
          ctx,
          'EXPANSION_CAPPED',
          uid,
          `Event "${uid}" repeats too often (${rule.toString()}) to list every occurrence; it was cut short.`,
        );
        return;
      }
      const time = withZoneOf(next, anchor.time);
      const startMs = anchor.allDay
        ? ctx.zones.dateToInstant(time)
        : ctx.zones.toInstant(time, anchor.tzid, uid);
      if (untilMs !== null && startMs > untilMs) return;
      if (startMs >= toMs) return;
      add(time, anchor.tzid);
    }
  } catch (thrown) {
    if (!(thrown instanceof RunawayRule)) throw thrown;
    warn(
      ctx,
      'EXPANSION_CAPPED',
      uid,
      `Event "${uid}" has a rule that never matches (${rule.toString()}); no further occurrences were listed.`,
    );
  }
}
