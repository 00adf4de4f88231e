/**
 * The waitlist over the database: entries, waves of SMS offers for freed slots, and the answers.
 * A YES books through scheduling's one booking path (bookAppointment, or rescheduleAppointment to
 * pull the patient's linked later visit forward) inside the transaction that reads the reply, so
 * the double-booking check decides between two patients who answer at once: the first YES books,
 * every later one is told the time was already taken. Every change of an offer is audited.
 */
import { AppError, notFound } from '../../errors';
import type { CoreContext } from '../../context';
import { readBusy } from '../../db/repos/appointments';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import { getProvider, getVisitType } from '../../db/repos/directory';
import { getPatient } from '../../db/repos/patients';
import { isOptedOut, smsSentTo } from '../../db/repos/reminders';
import { stmt } from '../../db/repos/statements';
import { bookAppointment, checkBooking, rescheduleAppointment } from '../../scheduling/service';
import { withReminders } from '../../reminders/followUps';
import { policyFor } from '../../reminders/outbox';
import { normalizeReply } from '../../reminders/replies';
import {
  formatForPeople,
  HOUR_MS,
  localDateOf,
  localToInstant,
  MINUTE_MS,
  toIso,
} from '../../time';
import {
  inQuietHours,
  MAX_OFFERS_PER_PATIENT_PER_DAY,
  MIN_LEAD_MS,
  offerText,
  rank,
  suits,
  WAVE_SIZE,
  waveLength,
  type WaitingEntry,
  type WaitlistEntryInput,
} from '../waitlist';
import { insertSlot } from './freedSlots';

type OfferStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'lost' | 'failed';

function setOffer(
  ctx: CoreContext,
  offerId: number,
  to: OfferStatus,
  extra: { reason?: string; appointmentId?: number; answered?: boolean } = {},
): void {
  const from = (
    stmt(ctx.db.sqlite, 'SELECT status FROM waitlist_offers WHERE id = ?').get(offerId) as {
      status: OfferStatus;
    }
  ).status;
  stmt(
    ctx.db.sqlite,
    `UPDATE waitlist_offers SET status = ?, reason = coalesce(?, reason), appointment_id = coalesce(?, appointment_id),
       answered_ms = CASE WHEN ? THEN ? ELSE answered_ms END, updated_ms = ? WHERE id = ?`,
  ).run(
    to,
    extra.reason ?? null,
    extra.appointmentId ?? null,
    extra.answered ? 1 : 0,
    ctx.now,
    ctx.now,
    offerId,
  );
  writeAudit(ctx, {
    action: `waitlist.offer.${to}`,
    entityType: 'waitlist_offer',
    entityId: offerId,
    details: {
      from,
      to,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.appointmentId ? { appointmentId: extra.appointmentId } : {}),
    },
  });
}

/** Closes a slot; its unanswered offers become 'lost' when the time went to someone, else 'expired'. */
function closeSlot(
  ctx: CoreContext,
  slotId: number,
  status: 'filled' | 'closed',
  reason: string,
  pendingBecome: 'lost' | 'expired' = status === 'filled' ? 'lost' : 'expired',
) {
  stmt(
    ctx.db.sqlite,
    'UPDATE waitlist_slots SET status = ?, reason = ?, updated_ms = ? WHERE id = ?',
  ).run(status, reason, ctx.now, slotId);
  writeAudit(ctx, {
    action: `waitlist.slot.${status}`,
    entityType: 'waitlist_slot',
    entityId: slotId,
    details: { reason },
  });
  const pending = stmt(
    ctx.db.sqlite,
    "SELECT id FROM waitlist_offers WHERE slot_id = ? AND status = 'pending'",
  ).all(slotId) as { id: number }[];
  for (const o of pending) setOffer(ctx, o.id, pendingBecome, { reason });
}

// ---------------------------------------------------------------------------------------------
// Entries

type EntryInput = Omit<WaitlistEntryInput, 'timeOfDay' | 'priority'> & {
  timeOfDay: 'any' | 'morning' | 'afternoon';
  priority: number;
};

/** What add and edit both check: the patient, visit type, provider and linked visit exist and fit. */
function checkEntry(ctx: CoreContext, e: EntryInput): { expiresMs: number | null } {
  const patient = getPatient(ctx.db, e.patientId);
  if (!patient) throw notFound('The patient', 'patientId');
  if (!getVisitType(ctx.db, e.visitTypeId)) throw notFound('The visit type', 'visitTypeId');
  if (e.providerId !== undefined && !getProvider(ctx.db, e.providerId))
    throw notFound('The provider', 'providerId');
  if (e.linkedAppointmentId !== undefined) {
    const a = stmt(
      ctx.db.sqlite,
      'SELECT patient_id AS patientId, status, start_ms AS startMs FROM appointments WHERE id = ?',
    ).get(e.linkedAppointmentId) as
      { patientId: number; status: string; startMs: number } | undefined;
    if (!a) throw notFound('The linked appointment', 'linkedAppointmentId');
    if (a.patientId !== e.patientId)
      throw new AppError(
        'RULE',
        "The linked appointment is another patient's.",
        'linkedAppointmentId',
      );
    if (!['booked', 'confirmed'].includes(a.status) || a.startMs <= ctx.now)
      throw new AppError(
        'INVALID_STATE',
        'Only a booked visit still to come can be pulled forward.',
        'linkedAppointmentId',
      );
  }
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  if (e.expiresOn && e.expiresOn < localDateOf(zone, ctx.now))
    throw new AppError(
      'VALIDATION',
      `The expiry date ${e.expiresOn} has already passed.`,
      'expiresOn',
    );
  return { expiresMs: e.expiresOn ? localToInstant(zone, e.expiresOn, 24 * 60) : null };
}

export function addEntry(ctx: CoreContext, e: EntryInput): { id: number } {
  const { expiresMs } = checkEntry(ctx, e);
  const row = stmt(
    ctx.db.sqlite,
    `INSERT INTO waitlist_entries (patient_id, provider_id, specialty, visit_type_id, earliest_date, latest_date, weekdays,
       time_of_day, linked_appointment_id, priority, expires_ms, status, note, created_by, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?) RETURNING id`,
  ).get(
    e.patientId,
    e.providerId ?? null,
    e.specialty ?? null,
    e.visitTypeId,
    e.earliestDate ?? null,
    e.latestDate ?? null,
    e.weekdays ? JSON.stringify(e.weekdays) : null,
    e.timeOfDay,
    e.linkedAppointmentId ?? null,
    e.priority,
    expiresMs,
    e.note ?? null,
    ctx.actor,
    ctx.now,
    ctx.now,
  ) as { id: number };
  writeAudit(ctx, {
    action: 'waitlist.entry.added',
    entityType: 'waitlist_entry',
    entityId: row.id,
    details: { patientId: e.patientId, visitTypeId: e.visitTypeId, priority: e.priority },
  });
  return row;
}

/** Edit an active entry: the whole entry is stated again; the audit row keeps what changed. */
export function updateEntry(ctx: CoreContext, e: EntryInput & { entryId: number }): { id: number } {
  const before = stmt(
    ctx.db.sqlite,
    `SELECT patient_id AS patientId, provider_id AS providerId, specialty, visit_type_id AS visitTypeId,
       earliest_date AS earliestDate, latest_date AS latestDate, weekdays, time_of_day AS timeOfDay,
       linked_appointment_id AS linkedAppointmentId, priority, expires_ms AS expiresMs, note, status
       FROM waitlist_entries WHERE id = ?`,
  ).get(e.entryId) as Record<string, unknown> | undefined;
  if (!before) throw notFound('The waitlist entry', 'entryId');
  if (before.status !== 'active')
    throw new AppError(
      'INVALID_STATE',
      `This entry is ${String(before.status)}; only an active entry can be edited.`,
      'entryId',
    );
  if (before.patientId !== e.patientId)
    throw new AppError(
      'RULE',
      'An entry stays with its patient: add a new entry for another patient.',
      'patientId',
    );
  const { expiresMs } = checkEntry(ctx, e);
  const after: Record<string, unknown> = {
    patientId: e.patientId,
    providerId: e.providerId ?? null,
    specialty: e.specialty ?? null,
    visitTypeId: e.visitTypeId,
    earliestDate: e.earliestDate ?? null,
    latestDate: e.latestDate ?? null,
    weekdays: e.weekdays ? JSON.stringify(e.weekdays) : null,
    timeOfDay: e.timeOfDay,
    linkedAppointmentId: e.linkedAppointmentId ?? null,
    priority: e.priority,
    expiresMs,
    note: e.note ?? null,
  };
  const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
  stmt(
    ctx.db.sqlite,
    `UPDATE waitlist_entries SET provider_id = ?, specialty = ?, visit_type_id = ?, earliest_date = ?, latest_date = ?,
       weekdays = ?, time_of_day = ?, linked_appointment_id = ?, priority = ?, expires_ms = ?, note = ?, updated_ms = ?
     WHERE id = ?`,
  ).run(
    after.providerId as number | null,
    after.specialty as string | null,
    e.visitTypeId,
    after.earliestDate as string | null,
    after.latestDate as string | null,
    after.weekdays as string | null,
    e.timeOfDay,
    after.linkedAppointmentId as number | null,
    e.priority,
    expiresMs,
    after.note as string | null,
    ctx.now,
    e.entryId,
  );
  writeAudit(ctx, {
    action: 'waitlist.entry.updated',
    entityType: 'waitlist_entry',
    entityId: e.entryId,
    details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
  });
  return { id: e.entryId };
}

export function removeEntry(ctx: CoreContext, entryId: number, reason: string): void {
  const row = stmt(ctx.db.sqlite, 'SELECT status FROM waitlist_entries WHERE id = ?').get(
    entryId,
  ) as { status: string } | undefined;
  if (!row) throw notFound('The waitlist entry', 'entryId');
  if (row.status !== 'active')
    throw new AppError('INVALID_STATE', `This entry is already ${row.status}.`, 'entryId');
  stmt(
    ctx.db.sqlite,
    "UPDATE waitlist_entries SET status = 'removed', note = ?, updated_ms = ? WHERE id = ?",
  ).run(reason, ctx.now, entryId);
  writeAudit(ctx, {
    action: 'waitlist.entry.removed',
    entityType: 'waitlist_entry',
    entityId: entryId,
    details: { reason },
  });
}

export function listEntries(ctx: CoreContext, status: string) {
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  return (
    stmt(
      ctx.db.sqlite,
      `SELECT e.id, e.patient_id AS patientId, p.first_name || ' ' || p.last_name AS patientName, e.provider_id AS providerId,
         e.specialty, e.visit_type_id AS visitTypeId, v.name AS visitTypeName, e.earliest_date AS earliestDate,
         e.latest_date AS latestDate, e.weekdays, e.time_of_day AS timeOfDay, e.linked_appointment_id AS linkedAppointmentId,
         e.priority, e.expires_ms AS expiresMs, e.status, e.note, e.created_ms AS createdMs,
         (SELECT count(*) FROM waitlist_offers o WHERE o.entry_id = e.id) AS offers,
         (SELECT o.status FROM waitlist_offers o WHERE o.entry_id = e.id ORDER BY o.id DESC LIMIT 1) AS lastOffer,
         a.start_ms AS linkedStartMs
         FROM waitlist_entries e JOIN patients p ON p.id = e.patient_id JOIN visit_types v ON v.id = e.visit_type_id
         LEFT JOIN appointments a ON a.id = e.linked_appointment_id
        WHERE e.status = ? ORDER BY e.priority DESC, e.created_ms, e.id LIMIT 5000`,
    ).all(status) as {
      id: number;
      patientId: number;
      patientName: string;
      providerId: number | null;
      specialty: string | null;
      visitTypeId: number;
      visitTypeName: string;
      earliestDate: string | null;
      latestDate: string | null;
      weekdays: string | null;
      timeOfDay: string;
      linkedAppointmentId: number | null;
      priority: number;
      expiresMs: number | null;
      status: string;
      note: string | null;
      createdMs: number;
      offers: number;
      lastOffer: OfferStatus | null;
      linkedStartMs: number | null;
    }[]
  ).map(({ weekdays, expiresMs, createdMs, linkedStartMs, ...r }) => ({
    ...r,
    providerName:
      r.providerId === null ? null : (getProvider(ctx.db, r.providerId)?.displayName ?? null),
    weekdays: weekdays ? (JSON.parse(weekdays) as number[]) : null,
    expires: expiresMs === null ? null : toIso(expiresMs),
    // The last day it is offered (it is stored as the end of that day).
    expiresOn: expiresMs === null ? null : localDateOf(zone, expiresMs - 1),
    linkedStart: linkedStartMs === null ? null : toIso(linkedStartMs),
    created: toIso(createdMs),
  }));
}

export function listOffers(ctx: CoreContext, p: { from: number; to: number }) {
  return (
    stmt(
      ctx.db.sqlite,
      `SELECT o.id, o.slot_id AS slotId, o.entry_id AS entryId, o.patient_id AS patientId,
         p.first_name || ' ' || p.last_name AS patientName, o.wave, o.status, o.reason, o.sent_ms AS sentMs,
         o.expires_ms AS expiresMs, o.answered_ms AS answeredMs, o.appointment_id AS appointmentId,
         s.provider_id AS providerId, s.start_ms AS slotStartMs, s.status AS slotStatus
         FROM waitlist_offers o JOIN waitlist_slots s ON s.id = o.slot_id JOIN patients p ON p.id = o.patient_id
        WHERE o.created_ms >= ? AND o.created_ms < ? ORDER BY o.created_ms DESC, o.id DESC LIMIT 2000`,
    ).all(p.from, p.to) as {
      sentMs: number | null;
      expiresMs: number;
      answeredMs: number | null;
      slotStartMs: number;
      [k: string]: unknown;
    }[]
  ).map(({ sentMs, expiresMs, answeredMs, slotStartMs, ...r }) => ({
    ...r,
    sent: sentMs === null ? null : toIso(sentMs),
    expires: toIso(expiresMs),
    answered: answeredMs === null ? null : toIso(answeredMs),
    slotStart: toIso(slotStartMs),
  }));
}

/** Entries past their expiry date leave the list as 'expired' (audited); run by the waitlist job. */
export function expireEntries(ctx: CoreContext): number {
  const due = stmt(
    ctx.db.sqlite,
    "SELECT id FROM waitlist_entries WHERE status = 'active' AND expires_ms IS NOT NULL AND expires_ms <= ?",
  ).all(ctx.now) as { id: number }[];
  for (const e of due) {
    stmt(
      ctx.db.sqlite,
      "UPDATE waitlist_entries SET status = 'expired', updated_ms = ? WHERE id = ?",
    ).run(ctx.now, e.id);
    writeAudit(ctx, {
      action: 'waitlist.entry.expired',
      entityType: 'waitlist_entry',
      entityId: e.id,
      details: { reason: 'past its expiry date' },
    });
  }
  return due.length;
}

// ---------------------------------------------------------------------------------------------
// Slots and waves

/** Whether any visit or synced busy block holds time inside [start, end) of the provider. */
function slotTaken(ctx: CoreContext, providerId: number, start: number, end: number): boolean {
  const busy = readBusy(ctx.db, [providerId], { start, end }, new Map()).get(providerId) ?? [];
  return busy.some((b) => b.start < end && b.end > start);
}

/** Staff offer an opening by hand (from the day view): it goes to the waitlist like a freed slot. */
export function offerSlotByHand(
  ctx: CoreContext,
  s: { providerId: number; locationId: number; start: number; end: number },
): { slotId: number } {
  const provider = getProvider(ctx.db, s.providerId);
  if (!provider) throw notFound('The provider', 'providerId');
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  if (s.end <= s.start) throw new AppError('VALIDATION', 'end must be after start', 'end');
  if (s.start - ctx.now < MIN_LEAD_MS)
    throw new AppError(
      'RULE',
      'Offers go out only for times at least 30 minutes away: phone the patients instead.',
      'start',
    );
  if (slotTaken(ctx, s.providerId, s.start, s.end))
    throw new AppError(
      'CONFLICT',
      `${provider.displayName} is not free at ${formatForPeople(zone, s.start)}.`,
      'start',
    );
  const slotId = insertSlot(ctx, {
    providerId: s.providerId,
    locationId: s.locationId,
    startMs: s.start,
    endMs: s.end,
    freedFromAppointmentId: null,
    source: `offered by ${ctx.actor}`,
  })!;
  writeAudit(ctx, {
    action: 'waitlist.slot.offered',
    entityType: 'waitlist_slot',
    entityId: slotId,
    details: { providerId: s.providerId, start: toIso(s.start) },
  });
  return { slotId };
}

interface SlotRow {
  id: number;
  providerId: number;
  locationId: number;
  startMs: number;
  endMs: number;
  wave: number;
}

export interface OfferToSend {
  offerId: number;
  to: string;
  body: string;
}

type Waiting = WaitingEntry & { phone: string | null; consent: boolean; zone: string | null };

/**
 * The active entries an opening at this provider could suit: theirs by name, their specialty's,
 * or anyone's. Filtering here keeps a 5,000-entry list from being read whole for each opening
 * (the rest of suits() runs in code).
 */
function waitingEntries(
  ctx: CoreContext,
  slot: { providerId: number; taxonomy: string },
): Waiting[] {
  const rows = stmt(
    ctx.db.sqlite,
    `SELECT e.id, e.patient_id AS patientId, e.provider_id AS providerId, e.specialty, e.visit_type_id AS visitTypeId,
       v.duration_minutes AS visitMinutes, e.earliest_date AS earliestDate, e.latest_date AS latestDate, e.weekdays,
       e.time_of_day AS timeOfDay, a.start_ms AS linkedAppointmentStartMs, a.status AS linkedStatus, e.priority,
       e.expires_ms AS expiresMs, e.created_ms AS createdMs, p.phone_mobile AS phone, p.sms_consent AS consent,
       p.time_zone AS zone
       FROM waitlist_entries e JOIN visit_types v ON v.id = e.visit_type_id JOIN patients p ON p.id = e.patient_id
       LEFT JOIN appointments a ON a.id = e.linked_appointment_id
      WHERE e.status = 'active'
        AND (e.provider_id = ? OR (e.provider_id IS NULL AND (e.specialty IS NULL OR e.specialty = ?)))`,
  ).all(slot.providerId, slot.taxonomy) as (Omit<WaitingEntry, 'weekdays'> & {
    weekdays: string | null;
    linkedStatus: string | null;
    phone: string | null;
    consent: number;
    zone: string | null;
  })[];
  return rows.map((r) => ({
    ...r,
    weekdays: r.weekdays ? (JSON.parse(r.weekdays) as number[]) : null,
    consent: r.consent === 1,
  }));
}

/**
 * One pass over the open slots whose next wave is due: closes what is too close or already taken,
 * expires unanswered offers, holds back in quiet hours, and picks the next wave (up to 3 people
 * who suit the slot, can be booked into it, have a mobile number with SMS consent, have not opted
 * out and have had fewer than 3 offers today). Returns the texts to send; the caller sends them
 * after this transaction commits and records each with recordSent.
 */
export function planWaves(ctx: CoreContext): OfferToSend[] {
  const clinic = getClinic(ctx.db, ctx.now);
  const zone = clinic.timeZone;
  const policy = policyFor(ctx.db, null).policy;
  // Quiet hours are the patient's own night: their zone when they have one, else the clinic's.
  const quietFor = (z: string | null) =>
    policy.quietHoursChannels.includes('sms') ? { q: policy.quietHours, zone: z ?? zone } : null;
  const isQuiet = (z: string | null, at: number) => {
    const q = quietFor(z);
    return q !== null && inQuietHours(q.q, q.zone, at);
  };
  expireEntries(ctx);
  // Unanswered offers whose wave is over.
  const overdue = stmt(
    ctx.db.sqlite,
    "SELECT id FROM waitlist_offers WHERE status = 'pending' AND expires_ms <= ?",
  ).all(ctx.now) as { id: number }[];
  for (const o of overdue) setOffer(ctx, o.id, 'expired', { reason: 'no answer within the wave' });

  const due = stmt(
    ctx.db.sqlite,
    `SELECT id, provider_id AS providerId, location_id AS locationId, start_ms AS startMs, end_ms AS endMs, wave
       FROM waitlist_slots WHERE status = 'open' AND next_wave_ms <= ? ORDER BY start_ms, id`,
  ).all(ctx.now) as SlotRow[];
  if (due.length === 0) return [];
  const dayStart = localToInstant(zone, localDateOf(zone, ctx.now), 0);
  const offersToday = new Map(
    (
      stmt(
        ctx.db.sqlite,
        'SELECT patient_id AS patientId, count(*) AS n FROM waitlist_offers WHERE created_ms >= ? GROUP BY patient_id',
      ).all(dayStart) as { patientId: number; n: number }[]
    ).map((r) => [r.patientId, r.n]),
  );
  const out: OfferToSend[] = [];
  for (const slot of due) {
    if (slot.startMs - ctx.now < MIN_LEAD_MS) {
      closeSlot(ctx, slot.id, 'closed', 'less than 30 minutes before the start: no more offers');
      continue;
    }
    if (slotTaken(ctx, slot.providerId, slot.startMs, slot.endMs)) {
      closeSlot(ctx, slot.id, 'closed', 'the time was booked another way', 'lost');
      continue;
    }
    const provider = getProvider(ctx.db, slot.providerId);
    if (!provider) continue;
    const entries = waitingEntries(ctx, {
      providerId: slot.providerId,
      taxonomy: provider.taxonomyCode,
    });
    const offered = new Set(
      (
        stmt(ctx.db.sqlite, 'SELECT entry_id AS id FROM waitlist_offers WHERE slot_id = ?').all(
          slot.id,
        ) as { id: number }[]
      ).map((r) => r.id),
    );
    const suiting = entries.filter(
      (e) =>
        !offered.has(e.id) &&
        e.phone !== null &&
        e.consent &&
        (offersToday.get(e.patientId) ?? 0) < MAX_OFFERS_PER_PATIENT_PER_DAY &&
        suits(
          e,
          {
            providerId: slot.providerId,
            providerTaxonomy: provider.taxonomyCode,
            startMs: slot.startMs,
            endMs: slot.endMs,
          },
          zone,
          ctx.now,
        ) &&
        !isOptedOut(ctx.db, e.phone, 'sms'),
    );
    const candidates = rank(
      suiting.filter((e) => !isQuiet(e.zone, ctx.now)),
      slot.startMs,
    );
    const wave: typeof candidates = [];
    const patientsInWave = new Set<number>();
    for (const e of candidates) {
      if (wave.length >= WAVE_SIZE) break;
      if (patientsInWave.has(e.patientId)) continue;
      // Offer only what booking would accept for this patient (hours, rules, their own visits).
      try {
        checkBooking(ctx, {
          patientId: e.patientId,
          providerId: slot.providerId,
          locationId: slot.locationId,
          visitTypeId: e.visitTypeId,
          start: slot.startMs,
        });
      } catch (err) {
        if (err instanceof AppError) continue;
        throw err;
      }
      wave.push(e);
      patientsInWave.add(e.patientId);
    }
    if (wave.length === 0) {
      // Someone suits it but it is night where they live: ask again when their quiet hours end
      // (on a 5-minute step; the lead-time rule above closes the slot if that is too late).
      const asleep = suiting.filter((e) => isQuiet(e.zone, ctx.now));
      if (asleep.length > 0) {
        const step = 5 * MINUTE_MS;
        let next = Math.ceil((ctx.now + 1) / step) * step;
        while (asleep.every((e) => isQuiet(e.zone, next)) && next < ctx.now + 24 * HOUR_MS)
          next += step;
        stmt(
          ctx.db.sqlite,
          'UPDATE waitlist_slots SET next_wave_ms = ?, updated_ms = ? WHERE id = ?',
        ).run(next, ctx.now, slot.id);
        continue;
      }
      const pending = stmt(
        ctx.db.sqlite,
        "SELECT 1 FROM waitlist_offers WHERE slot_id = ? AND status = 'pending'",
      ).get(slot.id);
      if (!pending)
        closeSlot(
          ctx,
          slot.id,
          'closed',
          slot.wave === 0 ? 'no one on the waitlist suits this time' : 'no one took it',
        );
      continue;
    }
    const length = waveLength(ctx.now, slot.startMs);
    const body = offerText({
      clinicName: clinic.name,
      when: formatForPeople(zone, slot.startMs),
      providerName: provider.displayName,
    });
    for (const e of wave) {
      const row = stmt(
        ctx.db.sqlite,
        `INSERT INTO waitlist_offers (slot_id, entry_id, patient_id, wave, to_address, body, status, expires_ms, created_ms, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id`,
      ).get(
        slot.id,
        e.id,
        e.patientId,
        slot.wave + 1,
        e.phone,
        body,
        ctx.now + length,
        ctx.now,
        ctx.now,
      ) as {
        id: number;
      };
      offersToday.set(e.patientId, (offersToday.get(e.patientId) ?? 0) + 1);
      writeAudit(ctx, {
        action: 'waitlist.offer.pending',
        entityType: 'waitlist_offer',
        entityId: row.id,
        details: { slotId: slot.id, entryId: e.id, patientId: e.patientId, wave: slot.wave + 1 },
      });
      out.push({ offerId: row.id, to: e.phone!, body });
    }
    stmt(
      ctx.db.sqlite,
      'UPDATE waitlist_slots SET wave = wave + 1, next_wave_ms = ?, updated_ms = ? WHERE id = ?',
    ).run(ctx.now + length, ctx.now, slot.id);
  }
  return out;
}

/** After the send: the provider's message id, or the failure in words (the offer is 'failed'). */
export function recordSent(
  ctx: CoreContext,
  r: { offerId: number; providerMessageId: string } | { offerId: number; error: string },
): void {
  if ('error' in r) {
    setOffer(ctx, r.offerId, 'failed', { reason: r.error });
    return;
  }
  stmt(
    ctx.db.sqlite,
    'UPDATE waitlist_offers SET sent_ms = ?, provider_message_id = ?, updated_ms = ? WHERE id = ?',
  ).run(ctx.now, r.providerMessageId, ctx.now, r.offerId);
}

// ---------------------------------------------------------------------------------------------
// Answers

const YES = new Set(['YES', 'Y', 'SI']);
const NO = new Set(['NO', 'N']);

export interface OfferAnswer {
  note: string;
  reply: string | null;
  appointmentId: number | null;
}

/**
 * A YES or NO from a number whose latest text from us was a waitlist offer (sent within a day,
 * and no reminder sent to it since): the answer is about that offer, not a reminder. Anything
 * else (STOP, HELP, C, X, other words) is null and handled as always.
 */
export function answerOffer(
  ctx: CoreContext,
  m: { from: string; body: string },
): OfferAnswer | null {
  const word = normalizeReply(m.body);
  if (!YES.has(word) && !NO.has(word)) return null;
  const offer = stmt(
    ctx.db.sqlite,
    `SELECT o.id, o.status, o.sent_ms AS sentMs, o.expires_ms AS expiresMs, o.entry_id AS entryId, o.patient_id AS patientId,
       o.slot_id AS slotId, s.status AS slotStatus, s.provider_id AS providerId, s.location_id AS locationId,
       s.start_ms AS startMs, e.visit_type_id AS visitTypeId, e.linked_appointment_id AS linkedAppointmentId
       FROM waitlist_offers o JOIN waitlist_slots s ON s.id = o.slot_id JOIN waitlist_entries e ON e.id = o.entry_id
      WHERE o.to_address = ? AND o.sent_ms IS NOT NULL AND o.sent_ms >= ? ORDER BY o.sent_ms DESC, o.id DESC LIMIT 1`,
  ).get(m.from, ctx.now - 24 * HOUR_MS) as
    | {
        id: number;
        status: OfferStatus;
        sentMs: number;
        expiresMs: number;
        entryId: number;
        patientId: number;
        slotId: number;
        slotStatus: string;
        providerId: number;
        locationId: number;
        startMs: number;
        visitTypeId: number;
        linkedAppointmentId: number | null;
      }
    | undefined;
  if (!offer) return null;
  const lastReminder = smsSentTo(ctx.db, m.from)[0];
  if (lastReminder?.sentMs != null && lastReminder.sentMs > offer.sentMs) return null;
  // A recall text sent since: the YES answers that one (access/service/recall.ts answerRecall).
  const laterRecall = stmt(
    ctx.db.sqlite,
    "SELECT 1 FROM recall_outreach WHERE to_address = ? AND channel = 'sms' AND sent_ms > ?",
  ).get(m.from, offer.sentMs);
  if (laterRecall) return null;

  const clinic = getClinic(ctx.db, ctx.now);
  const zone = clinic.timeZone;
  const when = formatForPeople(zone, offer.startMs);
  const stay = 'You stay on our waitlist.';
  if (NO.has(word)) {
    if (offer.status !== 'pending')
      return {
        note: `NO to an offer that was already ${offer.status}`,
        reply: null,
        appointmentId: null,
      };
    setOffer(ctx, offer.id, 'declined', { answered: true });
    return { note: `declined the waitlist offer for ${when}`, reply: null, appointmentId: null };
  }
  if (offer.status === 'pending' && offer.expiresMs <= ctx.now)
    setOffer(ctx, offer.id, 'expired', { reason: 'answered after the wave ended', answered: true });
  if (offer.status === 'declined') {
    // "NO" then "YES" (a slip of the thumb, or a change of mind): while their wave is still on and
    // the time still open, the offer is theirs again and this YES counts like any other.
    if (offer.slotStatus === 'open' && offer.expiresMs > ctx.now)
      setOffer(ctx, offer.id, 'pending', { reason: 'said YES after NO within the wave' });
    else
      return {
        note: `YES for ${when} after declining it`,
        reply:
          offer.slotStatus === 'filled' ||
          slotTaken(ctx, offer.providerId, offer.startMs, offer.startMs + MINUTE_MS)
            ? `${clinic.name}: sorry, ${when} was already taken. ${stay}`
            : `${clinic.name}: sorry, you answered NO and the offer for ${when} has ended. ${stay}`,
        appointmentId: null,
      };
  }
  const status = (
    stmt(ctx.db.sqlite, 'SELECT status FROM waitlist_offers WHERE id = ?').get(offer.id) as {
      status: OfferStatus;
    }
  ).status;
  if (status === 'expired')
    return {
      note: `YES after the offer for ${when} expired`,
      reply: `${clinic.name}: sorry, the offer for ${when} has ended. ${stay}`,
      appointmentId: null,
    };
  if (status !== 'pending' || offer.slotStatus !== 'open') {
    if (status === 'pending')
      setOffer(ctx, offer.id, 'lost', { reason: 'the time was already taken', answered: true });
    return {
      note: `YES for ${when}, already taken`,
      reply: `${clinic.name}: sorry, ${when} was already taken. ${stay}`,
      appointmentId: null,
    };
  }
  // The booking path decides: its double-booking check is what makes the first YES the only one.
  const bctx = withReminders({ ...ctx, actor: `waitlist offer (${m.from})` });
  let appointmentId: number;
  let code: string;
  try {
    if (offer.linkedAppointmentId !== null) {
      const r = rescheduleAppointment(bctx, {
        appointmentId: offer.linkedAppointmentId,
        start: offer.startMs,
        providerId: offer.providerId,
        locationId: offer.locationId,
      });
      appointmentId = r.appointment.id;
      code = r.appointment.confirmationCode;
    } else {
      const a = bookAppointment(bctx, {
        patientId: offer.patientId,
        providerId: offer.providerId,
        locationId: offer.locationId,
        visitTypeId: offer.visitTypeId,
        start: offer.startMs,
      });
      appointmentId = a.id;
      code = a.confirmationCode;
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    setOffer(ctx, offer.id, 'lost', { reason: err.message, answered: true });
    if (err.code === 'CONFLICT' && err.field === 'start')
      closeSlot(ctx, offer.slotId, 'closed', 'the time was booked another way', 'lost');
    return {
      note: `YES for ${when}, but it could not be booked: ${err.message}`,
      reply: `${clinic.name}: sorry, ${when} is no longer available. ${stay}`,
      appointmentId: null,
    };
  }
  setOffer(ctx, offer.id, 'accepted', { appointmentId, answered: true });
  stmt(ctx.db.sqlite, 'UPDATE waitlist_slots SET filled_by_offer_id = ? WHERE id = ?').run(
    offer.id,
    offer.slotId,
  );
  closeSlot(ctx, offer.slotId, 'filled', 'taken by another patient on the waitlist');
  stmt(
    ctx.db.sqlite,
    "UPDATE waitlist_entries SET status = 'booked', updated_ms = ? WHERE id = ?",
  ).run(ctx.now, offer.entryId);
  writeAudit(ctx, {
    action: 'waitlist.entry.booked',
    entityType: 'waitlist_entry',
    entityId: offer.entryId,
    details: { offerId: offer.id, appointmentId },
  });
  const provider = getProvider(ctx.db, offer.providerId);
  return {
    note: `took the waitlist offer: booked ${when}${offer.linkedAppointmentId !== null ? ' (moved forward)' : ''}`,
    reply: `${clinic.name}: you are booked for ${when} with ${provider?.displayName ?? 'us'}. Confirmation ${code}.${offer.linkedAppointmentId !== null ? ' Your later visit was moved to this time.' : ''}`,
    appointmentId,
  };
}

// ---------------------------------------------------------------------------------------------
// What staff see

/** One entry's offers, newest first: the history the waitlist screen shows under the entry. */
export function entryOffers(ctx: CoreContext, entryId: number) {
  if (!stmt(ctx.db.sqlite, 'SELECT 1 FROM waitlist_entries WHERE id = ?').get(entryId))
    throw notFound('The waitlist entry', 'entryId');
  return (
    stmt(
      ctx.db.sqlite,
      `SELECT o.id, o.slot_id AS slotId, o.wave, o.status, o.reason, o.sent_ms AS sentMs, o.expires_ms AS expiresMs,
         o.answered_ms AS answeredMs, o.appointment_id AS appointmentId, s.provider_id AS providerId,
         s.start_ms AS slotStartMs, s.source
         FROM waitlist_offers o JOIN waitlist_slots s ON s.id = o.slot_id
        WHERE o.entry_id = ? ORDER BY o.created_ms DESC, o.id DESC LIMIT 200`,
    ).all(entryId) as {
      id: number;
      slotId: number;
      wave: number;
      status: OfferStatus;
      reason: string | null;
      sentMs: number | null;
      expiresMs: number;
      answeredMs: number | null;
      appointmentId: number | null;
      providerId: number;
      slotStartMs: number;
      source: string;
    }[]
  ).map(({ sentMs, expiresMs, answeredMs, slotStartMs, ...r }) => ({
    ...r,
    providerName: getProvider(ctx.db, r.providerId)?.displayName ?? '',
    sent: sentMs === null ? null : toIso(sentMs),
    expires: toIso(expiresMs),
    answered: answeredMs === null ? null : toIso(answeredMs),
    slotStart: toIso(slotStartMs),
  }));
}

/**
 * Who on the waitlist an open time suits, in the order the waves would ask them, each with the
 * reason a text would not go to them now (no mobile, no SMS consent, opted out, 3 offers today,
 * quiet hours where they live, or what booking would refuse). For the offer-by-hand dialog.
 */
export function matchesForSlot(
  ctx: CoreContext,
  s: { providerId: number; locationId: number; start: number; end: number },
) {
  const provider = getProvider(ctx.db, s.providerId);
  if (!provider) throw notFound('The provider', 'providerId');
  if (s.end <= s.start) throw new AppError('VALIDATION', 'end must be after start', 'end');
  const clinic = getClinic(ctx.db, ctx.now);
  const zone = clinic.timeZone;
  const policy = policyFor(ctx.db, null).policy;
  const dayStart = localToInstant(zone, localDateOf(zone, ctx.now), 0);
  const names = new Map(
    (
      stmt(
        ctx.db.sqlite,
        "SELECT e.id, p.first_name || ' ' || p.last_name AS name, v.name AS visit FROM waitlist_entries e JOIN patients p ON p.id = e.patient_id JOIN visit_types v ON v.id = e.visit_type_id WHERE e.status = 'active'",
      ).all() as { id: number; name: string; visit: string }[]
    ).map((r) => [r.id, r]),
  );
  const open = {
    providerId: s.providerId,
    providerTaxonomy: provider.taxonomyCode,
    startMs: s.start,
    endMs: s.end,
  };
  const ranked = rank(
    waitingEntries(ctx, { providerId: s.providerId, taxonomy: provider.taxonomyCode }).filter((e) =>
      suits(e, open, zone, ctx.now),
    ),
    s.start,
  ).slice(0, 50);
  return ranked.map((e) => {
    let blocked: string | null = null;
    const today = (
      stmt(
        ctx.db.sqlite,
        'SELECT count(*) AS n FROM waitlist_offers WHERE patient_id = ? AND created_ms >= ?',
      ).get(e.patientId, dayStart) as { n: number }
    ).n;
    if (e.phone === null) blocked = 'no mobile number';
    else if (!e.consent) blocked = 'no consent to texts';
    else if (isOptedOut(ctx.db, e.phone, 'sms')) blocked = 'replied STOP to texts';
    else if (today >= MAX_OFFERS_PER_PATIENT_PER_DAY) blocked = 'already had 3 offers today';
    else if (
      policy.quietHoursChannels.includes('sms') &&
      inQuietHours(policy.quietHours, e.zone ?? zone, ctx.now)
    )
      blocked = 'quiet hours where the patient lives: texted when they end';
    if (blocked === null) {
      try {
        checkBooking(ctx, {
          patientId: e.patientId,
          providerId: s.providerId,
          locationId: s.locationId,
          visitTypeId: e.visitTypeId,
          start: s.start,
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        blocked = err.message;
      }
    }
    const n = names.get(e.id);
    return {
      entryId: e.id,
      patientId: e.patientId,
      patientName: n?.name ?? '',
      visitTypeName: n?.visit ?? '',
      priority: e.priority,
      pullsForward: e.linkedAppointmentStartMs === null ? null : toIso(e.linkedAppointmentStartMs),
      waitingSince: toIso(e.createdMs),
      blocked,
    };
  });
}
