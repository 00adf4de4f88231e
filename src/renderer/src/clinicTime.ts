/**
 * Dates and times as the clinic sees them: always in the clinic's time zone, whatever the zone of
 * the PC the page runs on (a front desk in Phoenix can serve a clinic in Denver).
 */
import { DateTime } from 'luxon';

const LOCALE = 'en-US';

function iso(dt: DateTime): string {
  const s = dt.toUTC().toISO();
  if (s === null) throw new Error(`invalid date: ${dt.invalidExplanation ?? ''}`);
  return s;
}

/** Today in the clinic's zone, as the instants where it starts and ends (23 or 25 h on DST days). */
export function todayInClinic(zone: string, nowMs: number = Date.now()) {
  return dayInClinic(zone, DateTime.fromMillis(nowMs, { zone }).toISODate() ?? '');
}

/** A clinic-local date (YYYY-MM-DD) as the instants where it starts and ends, and its words. */
export function dayInClinic(zone: string, date: string) {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return {
    date: start.toISODate() ?? '',
    label: start
      .setLocale(LOCALE)
      .toLocaleString({ weekday: 'long', month: 'long', day: 'numeric' }),
    from: iso(start),
    to: iso(start.plus({ days: 1 })),
  };
}

export function clockTime(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).setLocale(LOCALE).toLocaleString(DateTime.TIME_SIMPLE);
}

export function shortDay(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone })
    .setLocale(LOCALE)
    .toLocaleString({ weekday: 'short', month: 'short', day: 'numeric' });
}

/** IANA zones for the time-zone picker, with the PC's own zone first if it is one. */
export function timeZoneChoices(): { zones: string[]; here: string } {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = Intl.supportedValuesOf('timeZone');
  if (!zones.includes(here)) zones.unshift(here);
  return { zones, here };
}
