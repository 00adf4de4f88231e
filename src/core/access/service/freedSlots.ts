/**
 * A booking follow-up (scheduling/service/ports.ts, through reminders/followUps.ts): a cancelled
 * or rescheduled-away visit frees its time, and when anyone waits on the waitlist that time is
 * noted as a slot to offer. Inside the booking's own transaction, so a rolled-back cancellation
 * frees nothing. The offers themselves go out from the waitlist job (offerJob.ts).
 */
import type { CoreContext } from '../../context';
import { stmt } from '../../db/repos/statements';
import { MIN_LEAD_MS } from '../waitlist';

export function noteFreedSlot(
  ctx: CoreContext,
  appointmentId: number,
  source: 'cancellation' | 'reschedule',
): number | null {
  const waiting = stmt(
    ctx.db.sqlite,
    "SELECT 1 FROM waitlist_entries WHERE status = 'active' LIMIT 1",
  ).get();
  if (!waiting) return null;
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
