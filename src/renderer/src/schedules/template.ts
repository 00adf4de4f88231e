/**
 * The schedule editor's working copy of a weekly template, and the conversions to and from the
 * API: what schedules/get returns, what schedules/setWeekly and previewWeek take, and the way a
 * server error's field ('days.2.hours.1.start') finds the input it is about.
 */
import { DateTime } from 'luxon';
import type { ApiInput, ApiOutput } from '../../../core/api/types';

export const WEEKDAYS = [
  { weekday: 1, short: 'Mon', long: 'Monday' },
  { weekday: 2, short: 'Tue', long: 'Tuesday' },
  { weekday: 3, short: 'Wed', long: 'Wednesday' },
  { weekday: 4, short: 'Thu', long: 'Thursday' },
  { weekday: 5, short: 'Fri', long: 'Friday' },
  { weekday: 6, short: 'Sat', long: 'Saturday' },
  { weekday: 7, short: 'Sun', long: 'Sunday' },
] as const;

export interface DraftHours {
  start: string;
  end: string;
  /** null = every visit type. */
  visitTypeIds: number[] | null;
}
export interface DraftBreak {
  start: string;
  end: string;
}
/** One day's hours and breaks (a weekday of the template, or one date's override). */
export interface DraftDay {
  hours: DraftHours[];
  breaks: DraftBreak[];
}
/** Monday first: index 0 is weekday 1. */
export type DraftWeek = DraftDay[];

export type ScheduleInfo = ApiOutput<'schedules/get'>;
export type WeeklyVersionInfo = ScheduleInfo['weekly'][number];
type WeeklyDayInput = ApiInput<'schedules/setWeekly'>['days'][number];

export function emptyWeek(): DraftWeek {
  return WEEKDAYS.map(() => ({ hours: [], breaks: [] }));
}

/** The weekly version of a location that is in force on a date, if any. */
export function versionInForce(
  info: ScheduleInfo | undefined,
  locationId: number,
  date: string,
): WeeklyVersionInfo | undefined {
  return info?.weekly.find(
    (v) =>
      v.locationId === locationId &&
      v.effectiveFrom <= date &&
      (v.effectiveTo === null || v.effectiveTo >= date),
  );
}

export function weekFromVersion(version: WeeklyVersionInfo | undefined): DraftWeek {
  const week = emptyWeek();
  for (const b of version?.blocks ?? []) {
    const day = week[b.weekday - 1];
    if (!day) continue;
    if (b.kind === 'hours')
      day.hours.push({ start: b.start, end: b.end, visitTypeIds: b.visitTypeIds });
    else day.breaks.push({ start: b.start, end: b.end });
  }
  return week;
}

/**
 * The `days` sent to the server, and which weekday each sent index is: the server's error fields
 * count in the sent list ('days.0…' is the first day with hours, not necessarily Monday).
 */
export function daysForApi(week: DraftWeek): { days: WeeklyDayInput[]; weekdays: number[] } {
  const days: WeeklyDayInput[] = [];
  const weekdays: number[] = [];
  week.forEach((d, i) => {
    if (d.hours.length === 0 && d.breaks.length === 0) return;
    const weekday = i + 1;
    weekdays.push(weekday);
    days.push({
      weekday,
      hours: d.hours.map((h) => ({
        start: h.start,
        end: h.end,
        ...(h.visitTypeIds && h.visitTypeIds.length > 0 ? { visitTypeIds: h.visitTypeIds } : {}),
      })),
      breaks: d.breaks.map((b) => ({ start: b.start, end: b.end })),
    });
  });
  return { days, weekdays };
}

/**
 * Where a server error belongs in the editor: 'days.2.hours.1.start' with weekdays [1,3,5] is
 * 'week.5.hours.1.start' (Friday's second hours block). Other fields are returned unchanged.
 */
export function editorField(field: string | undefined, weekdays: number[]): string {
  if (!field) return 'form';
  const m = /^days\.(\d+)(?:\.(.*))?$/.exec(field);
  if (!m) return field;
  const weekday = weekdays[Number(m[1])];
  if (weekday === undefined) return 'days';
  return m[2] ? `week.${weekday}.${m[2]}` : `week.${weekday}`;
}

/** Monday of the week a local date falls in. */
export function mondayOf(date: string): string {
  const d = DateTime.fromISO(date);
  return d.minus({ days: d.weekday - 1 }).toISODate() ?? date;
}

/** Today if it is a Monday, else the next Monday: new hours usually start with a week. */
export function nextMondayOrToday(today: string): string {
  const d = DateTime.fromISO(today);
  return d.weekday === 1 ? today : (d.plus({ days: 8 - d.weekday }).toISODate() ?? today);
}

/** 'HH:MM' of an instant in the clinic's zone. */
export function wallTimeIn(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat('HH:mm');
}

/** Minutes since local midnight of an instant on a given local date (24:00 = 1440). */
export function minuteOfDay(instant: string, date: string, zone: string): number {
  const t = DateTime.fromISO(instant, { zone });
  const midnight = DateTime.fromISO(date, { zone }).startOf('day');
  return Math.round(t.diff(midnight, 'minutes').minutes);
}

/** '8:00 AM' for 'HH:MM' (24:00 is midnight at the end of the day). */
export function clockLabel(wall: string): string {
  const [h, m] = wall.split(':').map(Number);
  const hour = (h ?? 0) % 24;
  const suffix = hour < 12 ? 'AM' : 'PM';
  return `${hour % 12 === 0 ? 12 : hour % 12}:${String(m ?? 0).padStart(2, '0')} ${suffix}`;
}

/** Copies one day onto other weekdays (deep copy, so later edits stay per day). */
export function copyDay(week: DraftWeek, fromWeekday: number, toWeekdays: number[]): DraftWeek {
  const source = week[fromWeekday - 1];
  if (!source) return week;
  return week.map((d, i) =>
    toWeekdays.includes(i + 1)
      ? {
          hours: source.hours.map((h) => ({
            ...h,
            visitTypeIds: h.visitTypeIds ? [...h.visitTypeIds] : null,
          })),
          breaks: source.breaks.map((b) => ({ ...b })),
        }
      : d,
  );
}

/** A new hours block after the day's last one (or a standard morning). */
export function nextHours(day: DraftDay): DraftHours {
  const last = day.hours[day.hours.length - 1];
  if (!last) return { start: '09:00', end: '17:00', visitTypeIds: null };
  const start = last.end;
  const end =
    start >= '23:00'
      ? '24:00'
      : DateTime.fromFormat(start, 'HH:mm').plus({ hours: 1 }).toFormat('HH:mm');
  return { start, end, visitTypeIds: null };
}

export function nextBreak(day: DraftDay): DraftBreak {
  return day.breaks.length === 0
    ? { start: '12:00', end: '13:00' }
    : { start: '15:00', end: '15:15' };
}
