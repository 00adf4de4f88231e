/**
 * Visit-type buffers as the calendar draws them. The engine keeps the time a visit's buffers
 * cover closed to other visits (an echocardiogram with 15 minutes after it blocks 10:00–10:15 even
 * though nothing is booked there), so the grid shows that time as blocked instead of leaving an
 * empty-looking slot that refuses a drop.
 */
import { OCCUPYING_STATUSES } from '../../../shared/appointments';

export interface VisitTypeBuffers {
  id: number;
  name: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export interface BufferSpan {
  appointmentId: number;
  providerId: number;
  side: 'before' | 'after';
  /** ISO instants. */
  start: string;
  end: string;
  minutes: number;
  /** "10 min after Maria Lopez's New patient": the tooltip and the accessible words. */
  words: string;
}

interface BufferedAppointment {
  id: number;
  providerId: number;
  visitTypeId: number;
  start: string;
  end: string;
  status: string;
  patientName: string;
}

const MINUTE_MS = 60_000;

/**
 * The buffer spans of the appointments that hold their provider's time (a no-show frees it, as
 * it does in the engine), from each visit type's current buffers, as the engine reads them.
 */
export function bufferSpans(
  appointments: readonly BufferedAppointment[],
  visitTypes: ReadonlyMap<number, VisitTypeBuffers>,
): BufferSpan[] {
  const out: BufferSpan[] = [];
  for (const a of appointments) {
    if (!(OCCUPYING_STATUSES as readonly string[]).includes(a.status)) continue;
    const v = visitTypes.get(a.visitTypeId);
    if (!v) continue;
    const start = Date.parse(a.start);
    const end = Date.parse(a.end);
    if (v.bufferBeforeMinutes > 0)
      out.push({
        appointmentId: a.id,
        providerId: a.providerId,
        side: 'before',
        start: new Date(start - v.bufferBeforeMinutes * MINUTE_MS).toISOString(),
        end: a.start,
        minutes: v.bufferBeforeMinutes,
        words: `${v.bufferBeforeMinutes} min buffer before ${a.patientName}'s ${v.name}: not bookable`,
      });
    if (v.bufferAfterMinutes > 0)
      out.push({
        appointmentId: a.id,
        providerId: a.providerId,
        side: 'after',
        start: a.end,
        end: new Date(end + v.bufferAfterMinutes * MINUTE_MS).toISOString(),
        minutes: v.bufferAfterMinutes,
        words: `${v.bufferAfterMinutes} min buffer after ${a.patientName}'s ${v.name}: not bookable`,
      });
  }
  return out;
}

/** The buffer (of another appointment than `exceptAppointmentId`) covering an instant, if any. */
export function bufferAt(
  spans: readonly BufferSpan[],
  providerId: number,
  iso: string,
  exceptAppointmentId?: number,
): BufferSpan | undefined {
  const t = Date.parse(iso);
  return spans.find(
    (s) =>
      s.providerId === providerId &&
      s.appointmentId !== exceptAppointmentId &&
      Date.parse(s.start) <= t &&
      t < Date.parse(s.end),
  );
}
