/**
 * Every way time frees up for the waitlist, through one insert (insertSlot): a cancelled or
 * rescheduled-away visit and a same-day no-show (booking follow-ups, scheduling/service/ports.ts,
 * through reminders/followUps.ts), a schedule change that opens time (openTimeBefore /
 * noteOpenedTime around the schedules handlers), and staff offering a time by hand. Each runs
 * inside the change's own transaction, so a rolled-back cancellation frees nothing. The offers
 * themselves go out from the waitlist job (offerJob.ts).
 */
import type { CoreContext } from '../../context';
import { readBusy } from '../../db/repos/appointments';
import { getClinic } from '../../db/repos/clinic';
import { loadSchedules } from '../../db/repos/schedules';
import { stmt } from '../../db/repos/statements';
import { openRangesForDate } from '../../scheduling/openRanges';
import {
  addDays,
  eachDate,
  localDateOf,
  localToInstant,
  merge,
  MINUTE_MS,
  subtract,
} from '../../time';
import { MIN_LEAD_MS, MIN_WAVE_MS } from '../waitlist';

export function noteFreedSlot(
  ctx: CoreContext,
  appointmentId: number,
  source: 'cancellation' | 'reschedule',
): number | null {
  if (!anyoneWaiting(ctx)) return null;
  const a = stmt(
    ctx.db.sqlite,
    'SELECT provider_id AS providerId, location_id AS locationId, start_ms AS startMs, end_ms AS endMs FROM appointments WHERE id = ?',
  ).get(appointmentId) as
    { providerId: number; locationId: number; startMs: number; endMs: number } | undefined;
  if (!a || a.startMs - ctx.now < MIN_LEAD_MS) return null;
  return insertSlot(ctx, { ...a, freedFromAppointmentId: appointmentId, source });
}

export function insertSlot(
  ctx: CoreContext,
  s: {
    providerId: number;
    locationId: number;
    startMs: number;
    endMs: number;
    freedFromAppointmentId: number | null;
    source: string;
  },
): number | null {
  const open = stmt(
    ctx.db.sqlite,
    "SELECT id FROM waitlist_slots WHERE status = 'open' AND provider_id = ? AND start_ms = ?",
  ).get(s.providerId, s.startMs) as { id: number } | undefined;
  if (open) return open.id;
  const row = stmt(
    ctx.db.sqlite,
    `INSERT INTO waitlist_slots (provider_id, location_id, start_ms, end_ms, freed_from_appointment_id, source, status,
       wave, next_wave_ms, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, 'open', 0, ?, ?, ?) RETURNING id`,
  ).get(
    s.providerId,
    s.locationId,
    s.startMs,
    s.endMs,
    s.freedFromAppointmentId,
    s.source,
    ctx.now,
    ctx.now,
    ctx.now,
  ) as { id: number };
  return row.id;
}

/**
 * A same-day no-show: the patient did not come, and what is left of their time (from 30 minutes
 * from now plus one short wave, on a 5-minute step) is offered. A 09:00–10:30 visit marked no-show
 * at 09:10 offers 09:45–10:30, which suits a 30-minute visit.
 */
export function noteNoShow(ctx: CoreContext, appointmentId: number): number | null {
  if (!anyoneWaiting(ctx)) return null;
  const a = stmt(
    ctx.db.sqlite,
    'SELECT provider_id AS providerId, location_id AS locationId, start_ms AS startMs, end_ms AS endMs FROM appointments WHERE id = ?',
  ).get(appointmentId) as
    { providerId: number; locationId: number; startMs: number; endMs: number } | undefined;
  if (!a) return null;
  // Room for one short wave before the 30-minute cut-off, on a 5-minute step.
  const step = 5 * MINUTE_MS;
  const start = Math.max(a.startMs, Math.ceil((ctx.now + MIN_LEAD_MS + MIN_WAVE_MS) / step) * step);
  if (a.endMs - start < MIN_FREED_MS) return null;
  return insertSlot(ctx, {
    providerId: a.providerId,
    locationId: a.locationId,
    startMs: start,
    endMs: a.endMs,
    freedFromAppointmentId: appointmentId,
    source: 'no-show',
  });
}

/** A freed stretch shorter than the shortest visit anyone books is not worth a text. */
const MIN_FREED_MS = 10 * MINUTE_MS;
/** How far ahead a schedule change is looked at for time it opens (a waitlist is for soon). */
export const SCHEDULE_CHANGE_DAYS = 28;

export interface OpenTime {
  providerId: number;
  ranges: { locationId: number; start: number; end: number }[];
}

function anyoneWaiting(ctx: CoreContext): boolean {
  return !!stmt(
    ctx.db.sqlite,
    "SELECT 1 FROM waitlist_entries WHERE status = 'active' LIMIT 1",
  ).get();
}

/**
 * The provider's free time (hours minus breaks, time off and busy time) over the next weeks,
 * taken before a schedule change so that noteOpenedTime can tell what the change opened. Null
 * when nobody waits: then there is nothing to offer and nothing is computed.
 */
export function openTimeBefore(ctx: CoreContext, providerId: number): OpenTime | null {
  if (!anyoneWaiting(ctx)) return null;
  return { providerId, ranges: freeTime(ctx, providerId) };
}

/** After a schedule change: each stretch the change opened becomes a slot for the waitlist. */
export function noteOpenedTime(ctx: CoreContext, before: OpenTime | null): number[] {
  if (!before) return [];
  const after = freeTime(ctx, before.providerId);
  const out: number[] = [];
  const locations = new Set(after.map((r) => r.locationId));
  for (const locationId of locations) {
    const was = merge(before.ranges.filter((r) => r.locationId === locationId));
    const now = merge(after.filter((r) => r.locationId === locationId));
    for (const part of subtract(now, was)) {
      const start = Math.max(part.start, ctx.now + MIN_LEAD_MS);
      if (part.end - start < MIN_FREED_MS) continue;
      const id = insertSlot(ctx, {
        providerId: before.providerId,
        locationId,
        startMs: start,
        endMs: part.end,
        freedFromAppointmentId: null,
        source: 'schedule change',
      });
      if (id !== null) out.push(id);
    }
  }
  return out;
}

function freeTime(ctx: CoreContext, providerId: number) {
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const schedule = loadSchedules(ctx.db, [providerId]).get(providerId);
  if (!schedule) return [];
  const today = localDateOf(zone, ctx.now);
  const last = addDays(today, SCHEDULE_CHANGE_DAYS - 1);
  const window = {
    start: localToInstant(zone, today, 0),
    end: localToInstant(zone, addDays(last, 1), 0),
  };
  const busy = merge(readBusy(ctx.db, [providerId], window, new Map()).get(providerId) ?? []);
  const out: { locationId: number; start: number; end: number }[] = [];
  for (const date of eachDate(today, last))
    for (const r of openRangesForDate(schedule, date, zone))
      for (const part of subtract([{ start: r.start, end: r.end }], busy))
        if (part.end > ctx.now) out.push({ locationId: r.locationId, ...part });
  return out;
}
