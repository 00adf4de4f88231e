/**
 * Provider columns out of the free FullCalendar packages. FullCalendar runs in 'UTC' and is told
 * about "fake" instants: a column is a fake UTC date, and the time of day is the clinic's wall
 * clock. A 09:00 appointment is drawn at 09:00 on a DST day (the time the receptionist reads on
 * the phone), not at 08:00 or 10:00 as a zone-blind grid would put it.
 *
 * The day view's columns are (provider i, desk date) on fake date desk date + i; the week view's
 * are (one provider, date d) on fake date d itself.
 */
import { DateTime } from 'luxon';
import type { ApiOutput } from '../../../core/api/types';

export type CalendarData = ApiOutput<'calendar/view'>;
export type CalendarProvider = CalendarData['providers'][number];
export type CalendarAppointment = CalendarData['appointments'][number];

export interface Column {
  providerId: number;
  /** The clinic-local date this column shows. */
  date: string;
  /** The UTC date FullCalendar draws the column at (YYYY-MM-DD). */
  fakeDate: string;
}

const DAY_MS = 86_400_000;
const QUARTER_MS = 15 * 60_000;

/**
 * The zone's UTC offset (minutes) at an instant. Luxon asks Intl for every conversion, which
 * costs ~0.1 ms; a day of 400 appointments needs thousands. Every zone changes its offset on a
 * quarter hour of UTC, so one answer per quarter hour is exact.
 */
const offsets = new Map<string, number>();
function offsetAt(zone: string, ms: number): number {
  const key = `${zone}|${Math.floor(ms / QUARTER_MS)}`;
  let off = offsets.get(key);
  if (off === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    off = DateTime.fromMillis(ms, { zone }).offset;
    offsets.set(key, off);
  }
  return off;
}

/** The clinic wall clock of an instant, as a Date whose UTC fields are that wall clock. */
export function wallDate(iso: string | number, zone: string): Date {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  return new Date(ms + offsetAt(zone, ms) * 60_000);
}

/** "9:00 AM" on the clinic's wall clock, without Intl (hot path: every appointment drawn). */
export function wallTime(iso: string, zone: string): string {
  const w = wallDate(iso, zone);
  const h = w.getUTCHours();
  return `${h % 12 === 0 ? 12 : h % 12}:${String(w.getUTCMinutes()).padStart(2, '0')}\u00a0${h < 12 ? 'AM' : 'PM'}`;
}

/** The clinic-local date (YYYY-MM-DD) of an instant. */
export function wallDay(iso: string, zone: string): string {
  return wallDate(iso, zone).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/** Columns indexed both ways. */
export class ColumnMap {
  readonly byFake = new Map<string, Column>();
  private readonly byKey = new Map<string, Column>();
  constructor(
    readonly columns: readonly Column[],
    readonly zone: string,
  ) {
    for (const c of columns) {
      this.byFake.set(c.fakeDate, c);
      this.byKey.set(`${c.providerId}|${c.date}`, c);
    }
  }

  column(providerId: number, date: string): Column | undefined {
    return this.byKey.get(`${providerId}|${date}`);
  }

  /** The fake instant (ms) of a real instant, drawn in the column of its provider and local date. */
  toFake(iso: string, col: Column): number {
    // Wall clock as UTC fields, moved from the column's real date to its fake date.
    const wall = wallDate(iso, this.zone).getTime();
    return wall + Date.parse(`${col.fakeDate}T00:00:00Z`) - Date.parse(`${col.date}T00:00:00Z`);
  }

  /** The real instant of a fake one, and the column it fell in. */
  fromFake(fake: Date): { column: Column; iso: string } | null {
    const fakeDate = fake.toISOString().slice(0, 10);
    const column = this.byFake.get(fakeDate);
    if (!column) return null;
    const [y, m, d] = column.date.split('-').map(Number) as [number, number, number];
    const local = DateTime.fromObject(
      {
        year: y,
        month: m,
        day: d,
        hour: fake.getUTCHours(),
        minute: fake.getUTCMinutes(),
        second: fake.getUTCSeconds(),
      },
      { zone: this.zone },
    );
    return { column, iso: local.toUTC().toISO() ?? '' };
  }

  /** The real instant at which a fake end falls, counted from the column of its event's start. */
  endFromFake(fakeEnd: Date, startColumn: Column): string {
    const startFake = Date.parse(`${startColumn.fakeDate}T00:00:00Z`);
    const minutes = Math.round((fakeEnd.getTime() - startFake) / 60_000);
    // Wall clock, not elapsed time: 09:00 + "to 10:00" is 10:00 even on a DST day.
    const days = Math.floor(minutes / 1440);
    const rest = minutes - days * 1440;
    return (
      DateTime.fromISO(startColumn.date, { zone: this.zone })
        .plus({ days })
        .set({ hour: Math.floor(rest / 60), minute: rest % 60, second: 0, millisecond: 0 })
        .toUTC()
        .toISO() ?? ''
    );
  }

  /**
   * A real range [start, end) cut into per-column fake pieces for one provider (time off that
   * spans days, a long external block).
   */
  pieces(
    providerId: number,
    start: string,
    end: string,
  ): { col: Column; start: number; end: number }[] {
    const out: { col: Column; start: number; end: number }[] = [];
    const s = Date.parse(start);
    const e = Date.parse(end);
    for (const col of this.columns) {
      if (col.providerId !== providerId) continue;
      const dayStart = DateTime.fromISO(col.date, { zone: this.zone }).startOf('day');
      const from = Math.max(s, dayStart.toMillis());
      const to = Math.min(e, dayStart.plus({ days: 1 }).toMillis());
      if (from >= to) continue;
      const fs = this.toFake(new Date(from).toISOString(), col);
      const fe =
        to === dayStart.plus({ days: 1 }).toMillis()
          ? Date.parse(`${col.fakeDate}T00:00:00Z`) + DAY_MS
          : this.toFake(new Date(to).toISOString(), col);
      if (fe > fs) out.push({ col, start: fs, end: fe });
    }
    return out;
  }
}

/** "HH:MM" of an instant on the clinic's wall clock. */
export function wallClock(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('HH:mm');
}

/** "HH:MM" of a fake instant (its UTC time of day); 24:00 for a range ending at midnight. */
export function fakeClock(ms: number, colFakeDate: string): string {
  const minutes = Math.round((ms - Date.parse(`${colFakeDate}T00:00:00Z`)) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * slotMinTime/slotMaxTime: an hour around the earliest open and the latest close (07–19 without
 * data). scrollTime is the hour of the first opening: at 768 px the grid shows about six hours, so
 * it opens on the working day, not on the empty hour before it.
 */
export function visibleHours(
  data: CalendarData,
  zone: string,
): { slotMinTime: string; slotMaxTime: string; scrollTime: string } {
  let min = Infinity;
  let max = -Infinity;
  const consider = (start: string, end: string) => {
    const s = wallDate(start, zone);
    const e = wallDate(end, zone);
    const sm = s.getUTCHours() * 60 + s.getUTCMinutes();
    const sameDay = e.toISOString().slice(0, 10) === s.toISOString().slice(0, 10);
    const em = sameDay ? e.getUTCHours() * 60 + e.getUTCMinutes() : 24 * 60;
    min = Math.min(min, sm);
    max = Math.max(max, em);
  };
  for (const o of data.open) consider(o.start, o.end);
  for (const a of data.appointments) consider(a.start, a.end);
  if (!Number.isFinite(min))
    return { slotMinTime: '07:00:00', slotMaxTime: '19:00:00', scrollTime: '07:00:00' };
  const from = Math.max(0, Math.floor(min / 60) * 60 - 60);
  const to = Math.min(24 * 60, Math.ceil(max / 60) * 60 + 60);
  const fmt = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
  return {
    slotMinTime: fmt(from),
    slotMaxTime: fmt(to),
    scrollTime: fmt(Math.floor(min / 60) * 60),
  };
}
