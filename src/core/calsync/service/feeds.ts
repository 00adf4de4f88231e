/**
 * ICS files: a provider's read-only subscription feed (GET /ics/<token>.ics on the host, for a
 * calendar app that cannot be connected two-way) and a single appointment's .ics.
 *
 * Minimum necessary, because a feed URL ends up in the provider's phone and sometimes a family
 * calendar: each visit is "Clinic appointment" and where it is — no patient name, visit type or
 * reason. The token is 32 random bytes (base64url, 43 characters); an unknown token, a malformed
 * one and a deleted provider all get the same 404, so the URL space reveals nothing.
 */
import { randomBytes } from 'node:crypto';
import type { ClinicDb } from '../../db/open';
import { getClinic } from '../../db/repos/clinic';
import { getLocation, getProvider } from '../../db/repos/directory';
import { stmt } from '../../db/repos/statements';
import { providerOfFeedToken } from '../../db/repos/calsync';
import { appointmentIcs, feedIcs, type IcsEvent } from '../ical';
import { DEFAULT_TITLE_TEMPLATE } from '../google/adapter';

const DAY_MS = 86_400_000;
export const FEED_PREFIX = '/ics/';
const TOKEN_RE = /^[A-Za-z0-9_-]{43,128}$/;

export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

export function feedPath(token: string): string {
  return `${FEED_PREFIX}${token}.ics`;
}

interface FeedRow {
  id: number;
  startMs: number;
  endMs: number;
  status: string;
  updatedMs: number;
  icsSequence: number;
  locationId: number;
}

const uidOf = (appointmentId: number) => `clinicdesk-appt-${appointmentId}@clinicdesk`;

function whereText(db: ClinicDb, locationId: number, cache: Map<number, string>): string {
  let text = cache.get(locationId);
  if (text === undefined) {
    const l = getLocation(db, locationId);
    text = l ? `${l.name}, ${l.address1}, ${l.city}, ${l.state} ${l.zip}` : '';
    cache.set(locationId, text);
  }
  return text;
}

/** The feed's text for one provider: the past 30 days and the next 180. */
export function providerFeedText(db: ClinicDb, p: { providerId: number; now: number }): string {
  const provider = getProvider(db, p.providerId);
  const rows = stmt(
    db.sqlite,
    `SELECT id, start_ms AS startMs, end_ms AS endMs, status, updated_ms AS updatedMs, ics_sequence AS icsSequence,
            location_id AS locationId
       FROM appointments
      WHERE provider_id = ? AND start_ms >= ? AND start_ms < ? AND status NOT IN ('cancelled','rescheduled')
      ORDER BY start_ms, id`,
  ).all(p.providerId, p.now - 30 * DAY_MS, p.now + 180 * DAY_MS) as FeedRow[];
  const places = new Map<number, string>();
  const events: IcsEvent[] = rows.map((r) => ({
    uid: uidOf(r.id),
    sequence: r.icsSequence,
    startMs: r.startMs,
    endMs: r.endMs,
    summary: DEFAULT_TITLE_TEMPLATE,
    location: whereText(db, r.locationId, places),
    status: 'CONFIRMED',
    // RFC 5545 §3.8.7.2: with a METHOD, DTSTAMP is when this text was made, not the last edit.
    dtstampMs: p.now,
  }));
  const clinic = getClinic(db, p.now);
  return feedIcs({
    calendarName: `${clinic.name} — ${provider?.displayName ?? 'provider'}`,
    events,
    refreshMinutes: 30,
  });
}

/** A single appointment as a file to open or attach (METHOD:PUBLISH). */
export function appointmentIcsFile(
  db: ClinicDb,
  p: { appointmentId: number; now: number },
): { fileName: string; text: string } | null {
  const r = stmt(
    db.sqlite,
    `SELECT id, start_ms AS startMs, end_ms AS endMs, status, updated_ms AS updatedMs, ics_sequence AS icsSequence,
            location_id AS locationId, confirmation_code AS code, provider_id AS providerId
       FROM appointments WHERE id = ?`,
  ).get(p.appointmentId) as (FeedRow & { code: string; providerId: number }) | undefined;
  if (!r) return null;
  const clinic = getClinic(db, p.now);
  const provider = getProvider(db, r.providerId);
  const cancelled = r.status === 'cancelled' || r.status === 'rescheduled';
  const text = appointmentIcs({
    method: 'PUBLISH',
    uid: uidOf(r.id),
    sequence: r.icsSequence,
    startMs: r.startMs,
    endMs: r.endMs,
    summary: `Appointment at ${clinic.name}${provider ? ` with ${provider.displayName}` : ''}`,
    location: whereText(db, r.locationId, new Map()),
    description: `Confirmation code ${r.code}.${clinic.phone ? ` To change it, call ${clinic.phone}.` : ''}`,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    dtstampMs: p.now,
  });
  return { fileName: `appointment-${r.code}.ics`, text };
}

/** The provider a feed token belongs to; null for an unknown or malformed token (same 404). */
export function feedProviderOf(db: ClinicDb, token: string): number | null {
  return TOKEN_RE.test(token) ? providerOfFeedToken(db, token) : null;
}
