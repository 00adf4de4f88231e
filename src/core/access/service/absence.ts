/**
 * Provider absence over the database. Marking a provider absent records time off (so every
 * booking path refuses the span from then on), lists the visits it hits and proposes for each the
 * first opening that fits — the same provider later, then a same-specialty colleague in the
 * patient's network who speaks their language, then anyone who sees this patient — found by the
 * engine's own opening search and checked by its own booking check. Each proposal is held
 * (slot_holds), which the engine reads as busy time, so the next proposal, another desk's booking
 * and the waitlist all pass it by.
 *
 * Accepting hands the absence to a job (runAbsenceJob) that moves or cancels one visit per
 * transaction through the one booking path and writes the patient's notice into the outbox in the
 * same transaction, under a per-visit key the database keeps unique. A crash between two visits
 * leaves the done ones done and the rest pending: the next run carries on and no patient is told
 * twice. Moved patients who do not answer in time land in the call queue.
 */
import { AppError, notFound } from '../../errors';
import type { CoreContext } from '../../context';
import type { ChangeEvent } from '../../events';
import type { ClinicDb } from '../../db/open';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import {
  getLocation,
  getProvider,
  getVisitType,
  listProviders,
  offersVisitType,
} from '../../db/repos/directory';
import { listCoverages } from '../../db/repos/insurance';
import { getPatient } from '../../db/repos/patients';
import { insertReminder, openCallTask } from '../../db/repos/reminders';
import { insertTimeOff } from '../../db/repos/schedules';
import { stmt } from '../../db/repos/statements';
import { coverageInForce, inNetworkOn } from '../../entities/insurance';
import type { Provider } from '../../entities/provider';
import type { VisitType } from '../../entities/visitType';
import {
  cancelAppointment,
  checkBooking,
  firstOpenings,
  rescheduleAppointment,
  searchSpan,
  setAppointmentStatus,
  type BookingContext,
} from '../../scheduling/service';
import { withReminders } from '../../reminders/followUps';
import { ABSENCE_KEY_PREFIX, appointmentFacts, planPatient } from '../../reminders/outbox';
import {
  addDays,
  formatForPeople,
  localDateOf,
  localToInstant,
  MINUTE_MS,
  toIso,
} from '../../time';
import {
  absenceNoticeSms,
  ANSWER_WITHIN_MINUTES,
  ANYONE_DAYS,
  SAME_PROVIDER_DAYS,
  SAME_SPECIALTY_DAYS,
  TIER_WORDS,
  type AbsenceChoiceInput,
  type AbsenceSpanInput,
  type AbsenceTier,
} from '../absence';

const DAY_MS = 86_400_000;
/** Candidates tried per tier before giving up on it (each is re-checked by the booking check). */
const CANDIDATES_PER_TIER = 12;

interface Span {
  provider: Provider;
  start: number;
  end: number;
  zone: string;
}

function resolveSpan(ctx: CoreContext, input: AbsenceSpanInput): Span {
  const provider = getProvider(ctx.db, input.providerId);
  if (!provider) throw notFound('The provider', 'providerId');
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const start = input.fromDate ? localToInstant(zone, input.fromDate, 0) : input.start!;
  const end = input.toDate ? localToInstant(zone, addDays(input.toDate, 1), 0) : input.end!;
  if (end <= start) throw new AppError('VALIDATION', 'the absence must end after it starts', 'end');
  if (end - start > 62 * DAY_MS)
    throw new AppError(
      'VALIDATION',
      'mark at most 62 days absent at a time; a longer leave is a schedule change',
      'end',
    );
  if (end <= ctx.now)
    throw new AppError(
      'RULE',
      `The absence ends ${formatForPeople(zone, end)}, which has passed: there is nothing left to move.`,
      'end',
    );
  return { provider, start, end, zone };
}

interface AffectedRow {
  id: number;
  patientId: number;
  patientName: string;
  visitTypeId: number;
  visitTypeName: string;
  locationId: number;
  startMs: number;
  endMs: number;
  status: string;
  /** Already part of another absence still under review or being moved. */
  inAbsenceId: number | null;
}

/** Booked or confirmed visits of the provider that overlap the span and have not begun. */
function affectedRows(ctx: CoreContext, span: Span): AffectedRow[] {
  return stmt(
    ctx.db.sqlite,
    `SELECT a.id, a.patient_id AS patientId, p.first_name || ' ' || p.last_name AS patientName,
            a.visit_type_id AS visitTypeId, v.name AS visitTypeName, a.location_id AS locationId,
            a.start_ms AS startMs, a.end_ms AS endMs, a.status,
            (SELECT i.absence_id FROM absence_items i JOIN absences b ON b.id = i.absence_id
              WHERE i.appointment_id = a.id AND i.state = 'pending' AND b.status IN ('review','accepting')
              LIMIT 1) AS inAbsenceId
       FROM appointments a JOIN patients p ON p.id = a.patient_id JOIN visit_types v ON v.id = a.visit_type_id
      WHERE a.provider_id = ? AND a.start_ms > ? AND a.start_ms < ? AND a.end_ms > ?
        AND a.start_ms >= ? AND a.status IN ('booked','confirmed')
      ORDER BY a.start_ms, a.id`,
  ).all(span.provider.id, span.start - DAY_MS, span.end, span.start, ctx.now) as AffectedRow[];
}

/** What marking the provider absent would touch, before anything is written. */
export function previewAbsence(ctx: CoreContext, input: AbsenceSpanInput) {
  const span = resolveSpan(ctx, input);
  const rows = affectedRows(ctx, span);
  return {
    providerId: span.provider.id,
    providerName: span.provider.displayName,
    start: toIso(span.start),
    end: toIso(span.end),
    affected: rows.map((r) => ({
      appointmentId: r.id,
      patientName: r.patientName,
      visitTypeName: r.visitTypeName,
      start: toIso(r.startMs),
      when: formatForPeople(span.zone, r.startMs),
      status: r.status,
      inAbsenceId: r.inAbsenceId,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Proposals

interface Proposal {
  tier: AbsenceTier;
  providerId: number;
  locationId: number;
  start: number;
  end: number;
  note: string;
}

interface Patient {
  id: number;
  preferredLanguage: string;
}

/** The first candidate of the given providers the booking check accepts for this visit. */
function firstFitting(
  ctx: CoreContext,
  p: {
    appt: AffectedRow;
    visitType: VisitType;
    providerIds: number[];
    notBefore: number;
    days: number;
  },
): { providerId: number; locationId: number; start: number; end: number } | null {
  if (p.providerIds.length === 0) return null;
  const clinic = getClinic(ctx.db, ctx.now);
  const from = Math.max(p.notBefore, ctx.now);
  const span = searchSpan({
    clinic,
    now: ctx.now,
    from: localDateOf(clinic.timeZone, from),
    defaultDays: p.days,
  });
  if (!span) return null;
  const { slots } = firstOpenings(ctx.db, {
    clinic,
    now: ctx.now,
    providerIds: p.providerIds,
    visitType: p.visitType,
    span,
    limit: CANDIDATES_PER_TIER,
    maxPerProvider: 4,
    mode: 'earliest',
    notBefore: from,
  });
  for (const s of slots) {
    try {
      // The one booking check: provider rules (ages, new patients), hours, holds, the patient's
      // other visits. The visit being moved does not count against itself.
      checkBooking(
        ctx,
        {
          patientId: p.appt.patientId,
          providerId: s.providerId,
          locationId: s.locationId,
          visitTypeId: p.appt.visitTypeId,
          start: s.start,
        },
        { movingAppointmentId: p.appt.id },
      );
      return { providerId: s.providerId, locationId: s.locationId, start: s.start, end: s.end };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  return null;
}

/** The plan of the patient's coverage in force on a date, or null (self-pay: network not checked). */
function planOn(ctx: CoreContext, patientId: number, date: string): number | null {
  return listCoverages(ctx.db, patientId).find((c) => coverageInForce(c, date))?.planId ?? null;
}

function propose(
  ctx: CoreContext,
  p: { span: Span; appt: AffectedRow; patient: Patient; visitType: VisitType },
): Proposal | { none: string } {
  const { span, appt, patient, visitType } = p;
  const absent = span.provider;
  const date = localDateOf(span.zone, appt.startMs);
  const same = firstFitting(ctx, {
    appt,
    visitType,
    providerIds: [absent.id],
    notBefore: span.end,
    days: SAME_PROVIDER_DAYS,
  });
  if (same)
    return { tier: 'same_provider', ...same, note: `${absent.displayName}, after the absence` };
  const others = listProviders(ctx.db).filter(
    (x) => x.id !== absent.id && offersVisitType(x, visitType),
  );
  const planId = planOn(ctx, patient.id, date);
  const colleagues = others.filter(
    (x) =>
      x.taxonomyCode === absent.taxonomyCode &&
      x.languages.includes(patient.preferredLanguage) &&
      (planId === null || inNetworkOn(x.networks, planId, date)),
  );
  const colleague = firstFitting(ctx, {
    appt,
    visitType,
    providerIds: colleagues.map((x) => x.id),
    notBefore: appt.startMs,
    days: SAME_SPECIALTY_DAYS,
  });
  if (colleague) {
    const name = colleagues.find((x) => x.id === colleague.providerId)!.displayName;
    return {
      tier: 'same_specialty',
      ...colleague,
      note: `${name}: ${absent.specialtyName ?? 'same specialty'}${planId === null ? '' : ', in network'}, speaks the patient's language`,
    };
  }
  const rest = others.filter((x) => !colleagues.includes(x));
  const anyone = firstFitting(ctx, {
    appt,
    visitType,
    providerIds: rest.map((x) => x.id),
    notBefore: appt.startMs,
    days: ANYONE_DAYS,
  });
  if (anyone) {
    const x = rest.find((r) => r.id === anyone.providerId)!;
    const caveats = [
      x.taxonomyCode !== absent.taxonomyCode ? `${x.specialtyName ?? 'another specialty'}` : null,
      planId !== null && !inNetworkOn(x.networks, planId, date)
        ? 'not in network: check cost'
        : null,
      !x.languages.includes(patient.preferredLanguage)
        ? "does not speak the patient's language"
        : null,
    ].filter(Boolean);
    return {
      tier: 'anyone',
      ...anyone,
      note: `${x.displayName}${caveats.length ? ` (${caveats.join('; ')})` : ''}`,
    };
  }
  return {
    none: `no opening fits within ${SAME_PROVIDER_DAYS} days with ${absent.displayName} or ${ANYONE_DAYS} days with anyone else: choose a time or cancel`,
  };
}

function hold(
  ctx: CoreContext,
  h: {
    itemId: number;
    visitTypeId: number;
    providerId: number;
    locationId: number;
    start: number;
    end: number;
  },
): void {
  stmt(
    ctx.db.sqlite,
    `INSERT INTO slot_holds (provider_id, location_id, visit_type_id, start_ms, end_ms, absence_item_id, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(h.providerId, h.locationId, h.visitTypeId, h.start, h.end, h.itemId, ctx.now);
}

function release(ctx: CoreContext, itemId: number): void {
  stmt(ctx.db.sqlite, 'DELETE FROM slot_holds WHERE absence_item_id = ?').run(itemId);
}

/**
 * Marks the provider absent: time off recorded as schedules/addTimeOff records it, the affected
 * visits listed, a proposal found and held for each. Nothing is moved or sent yet.
 */
export function createAbsence(
  ctx: CoreContext,
  input: AbsenceSpanInput,
): { absenceId: number; timeOffId: number; affected: number; proposed: number } {
  const span = resolveSpan(ctx, input);
  const rows = affectedRows(ctx, span);
  const busy = rows.filter((r) => r.inAbsenceId !== null);
  if (busy.length > 0)
    throw new AppError(
      'CONFLICT',
      `${busy.length} of these visits are already being moved for absence ${busy[0]!.inAbsenceId}: finish or discard that one first.`,
      'providerId',
    );
  const timeOffId = insertTimeOff(ctx.db, ctx.now, {
    providerId: span.provider.id,
    start: span.start,
    end: span.end,
    reason: input.reason ?? 'absent',
  });
  writeAudit(ctx, {
    action: 'schedule.timeOffAdded',
    entityType: 'provider',
    entityId: span.provider.id,
    details: { start: toIso(span.start), end: toIso(span.end), reason: input.reason ?? 'absent' },
  });
  const absenceId = (
    stmt(
      ctx.db.sqlite,
      `INSERT INTO absences (provider_id, start_ms, end_ms, reason, time_off_id, status, answer_within_minutes,
         created_by, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, ?, 'review', ?, ?, ?, ?) RETURNING id`,
    ).get(
      span.provider.id,
      span.start,
      span.end,
      input.reason ?? null,
      timeOffId,
      ANSWER_WITHIN_MINUTES,
      ctx.actor,
      ctx.now,
      ctx.now,
    ) as { id: number }
  ).id;
  const insertItem = stmt(
    ctx.db.sqlite,
    `INSERT INTO absence_items (absence_id, appointment_id, tier, provider_id, location_id, start_ms, end_ms, note,
       decision, state, updated_ms)
     VALUES (@absenceId, @appointmentId, @tier, @providerId, @locationId, @start, @end, @note, @decision, 'pending', @now)
     RETURNING id`,
  );
  const visitTypes = new Map<number, VisitType>();
  let proposed = 0;
  for (const appt of rows) {
    const patient = getPatient(ctx.db, appt.patientId)!;
    let visitType = visitTypes.get(appt.visitTypeId);
    if (!visitType)
      visitTypes.set(appt.visitTypeId, (visitType = getVisitType(ctx.db, appt.visitTypeId)!));
    const pr = propose(ctx, { span, appt, patient, visitType });
    const found = 'tier' in pr;
    const itemId = (
      insertItem.get({
        absenceId,
        appointmentId: appt.id,
        tier: found ? pr.tier : null,
        providerId: found ? pr.providerId : null,
        locationId: found ? pr.locationId : null,
        start: found ? pr.start : null,
        end: found ? pr.end : null,
        note: found ? pr.note : pr.none,
        decision: found ? 'move' : 'pending',
        now: ctx.now,
      }) as { id: number }
    ).id;
    if (found) {
      hold(ctx, { itemId, visitTypeId: appt.visitTypeId, ...pr });
      proposed++;
    }
  }
  writeAudit(ctx, {
    action: 'absence.created',
    entityType: 'provider',
    entityId: span.provider.id,
    details: {
      absenceId,
      start: toIso(span.start),
      end: toIso(span.end),
      reason: input.reason ?? null,
      affected: rows.length,
      proposed,
    },
  });
  return { absenceId, timeOffId, affected: rows.length, proposed };
}

// ---------------------------------------------------------------------------------------------
// Reading and editing

interface AbsenceRow {
  id: number;
  providerId: number;
  startMs: number;
  endMs: number;
  reason: string | null;
  status: 'review' | 'accepting' | 'done' | 'discarded';
  answerWithinMinutes: number;
  createdBy: string;
  createdMs: number;
  acceptedBy: string | null;
  acceptedMs: number | null;
}

interface ItemRow {
  id: number;
  absenceId: number;
  appointmentId: number;
  tier: AbsenceTier | null;
  providerId: number | null;
  locationId: number | null;
  startMs: number | null;
  endMs: number | null;
  note: string | null;
  decision: 'move' | 'cancel' | 'pending';
  state: 'pending' | 'moved' | 'cancelled' | 'failed';
  newAppointmentId: number | null;
  noticeReminderId: number | null;
  error: string | null;
  callTaskMs: number | null;
  doneMs: number | null;
}

const ABSENCE_COLUMNS = `id, provider_id AS providerId, start_ms AS startMs, end_ms AS endMs, reason, status,
  answer_within_minutes AS answerWithinMinutes, created_by AS createdBy, created_ms AS createdMs,
  accepted_by AS acceptedBy, accepted_ms AS acceptedMs`;
const ITEM_COLUMNS = `id, absence_id AS absenceId, appointment_id AS appointmentId, tier, provider_id AS providerId,
  location_id AS locationId, start_ms AS startMs, end_ms AS endMs, note, decision, state,
  new_appointment_id AS newAppointmentId, notice_reminder_id AS noticeReminderId, error,
  call_task_ms AS callTaskMs, done_ms AS doneMs`;

function absenceRow(db: ClinicDb, id: number): AbsenceRow | null {
  return (
    (stmt(db.sqlite, `SELECT ${ABSENCE_COLUMNS} FROM absences WHERE id = ?`).get(id) as
      AbsenceRow | undefined) ?? null
  );
}

function requireAbsence(ctx: CoreContext, id: number): AbsenceRow {
  const a = absenceRow(ctx.db, id);
  if (!a) throw notFound('The absence', 'absenceId');
  return a;
}

function itemsOf(db: ClinicDb, absenceId: number): ItemRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${ITEM_COLUMNS} FROM absence_items WHERE absence_id = ? ORDER BY id`,
  ).all(absenceId) as ItemRow[];
}

function itemRow(db: ClinicDb, id: number): ItemRow | null {
  return (
    (stmt(db.sqlite, `SELECT ${ITEM_COLUMNS} FROM absence_items WHERE id = ?`).get(id) as
      ItemRow | undefined) ?? null
  );
}

/** One absence as the review dialog shows it: each visit, its proposal and how far the job got. */
export function getAbsence(ctx: CoreContext, absenceId: number) {
  const a = requireAbsence(ctx, absenceId);
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const provider = getProvider(ctx.db, a.providerId);
  const name = (id: number | null) =>
    id === null ? null : (getProvider(ctx.db, id)?.displayName ?? null);
  const items = stmt(
    ctx.db.sqlite,
    `SELECT i.id, a.patient_id AS patientId, p.first_name || ' ' || p.last_name AS patientName,
            p.phone_mobile AS phone, v.name AS visitTypeName, a.start_ms AS startMs, a.status AS appointmentStatus,
            n.status AS newStatus
       FROM absence_items i JOIN appointments a ON a.id = i.appointment_id
       JOIN patients p ON p.id = a.patient_id JOIN visit_types v ON v.id = a.visit_type_id
       LEFT JOIN appointments n ON n.id = i.new_appointment_id
      WHERE i.absence_id = ? ORDER BY a.start_ms, i.id`,
  ).all(absenceId) as {
    id: number;
    patientId: number;
    patientName: string;
    phone: string | null;
    visitTypeName: string;
    startMs: number;
    appointmentStatus: string;
    newStatus: string | null;
  }[];
  const byId = new Map(itemsOf(ctx.db, absenceId).map((i) => [i.id, i]));
  const locations = new Map<number, string>();
  const locName = (id: number | null) => {
    if (id === null) return null;
    if (!locations.has(id)) locations.set(id, getLocation(ctx.db, id)?.name ?? '');
    return locations.get(id)!;
  };
  return {
    id: a.id,
    providerId: a.providerId,
    providerName: provider?.displayName ?? '',
    start: toIso(a.startMs),
    end: toIso(a.endMs),
    reason: a.reason,
    status: a.status,
    answerWithinMinutes: a.answerWithinMinutes,
    createdBy: a.createdBy,
    acceptedBy: a.acceptedBy,
    items: items.map((r) => {
      const i = byId.get(r.id)!;
      return {
        itemId: i.id,
        appointmentId: i.appointmentId,
        patientId: r.patientId,
        patientName: r.patientName,
        phone: r.phone,
        visitTypeName: r.visitTypeName,
        start: toIso(r.startMs),
        when: formatForPeople(zone, r.startMs),
        tier: i.tier,
        tierWords: i.tier ? TIER_WORDS[i.tier] : null,
        proposal:
          i.startMs === null || i.providerId === null
            ? null
            : {
                providerId: i.providerId,
                providerName: name(i.providerId) ?? '',
                locationId: i.locationId!,
                locationName: locName(i.locationId) ?? '',
                start: toIso(i.startMs),
                end: toIso(i.endMs!),
                when: formatForPeople(zone, i.startMs),
              },
        note: i.note,
        decision: i.decision,
        state: i.state,
        newAppointmentId: i.newAppointmentId,
        /** A notice was written to the outbox (false: no channel reaches the patient; phone them). */
        notified: i.noticeReminderId !== null,
        /** The moved visit's status: confirmed once the patient answered C. */
        newStatus: r.newStatus,
        error: i.error,
        callQueued: i.callTaskMs !== null,
      };
    }),
  };
}

/** Absences still under review or being moved, newest first (the schedules screen lists them). */
export function listOpenAbsences(ctx: CoreContext) {
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const rows = stmt(
    ctx.db.sqlite,
    `SELECT b.id, b.provider_id AS providerId, b.start_ms AS startMs, b.end_ms AS endMs, b.status,
            (SELECT count(*) FROM absence_items i WHERE i.absence_id = b.id) AS visits
       FROM absences b WHERE b.status IN ('review','accepting') OR b.created_ms > ?
      ORDER BY b.created_ms DESC, b.id DESC LIMIT 50`,
  ).all(ctx.now - 7 * DAY_MS) as {
    id: number;
    providerId: number;
    startMs: number;
    endMs: number;
    status: string;
    visits: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    providerId: r.providerId,
    providerName: getProvider(ctx.db, r.providerId)?.displayName ?? '',
    start: toIso(r.startMs),
    end: toIso(r.endMs),
    from: formatForPeople(zone, r.startMs),
    status: r.status,
    visits: r.visits,
  }));
}

function requireReviewItem(
  ctx: CoreContext,
  itemId: number,
): { item: ItemRow; absence: AbsenceRow } {
  const item = itemRow(ctx.db, itemId);
  if (!item) throw notFound('The absence item', 'itemId');
  const absence = requireAbsence(ctx, item.absenceId);
  if (absence.status !== 'review')
    throw new AppError(
      'INVALID_STATE',
      `This absence is ${absence.status === 'accepting' ? 'being moved already' : absence.status}; its proposals can no longer be changed.`,
      'itemId',
    );
  return { item, absence };
}

/** The next openings staff may pick instead of the proposal, each tier's first few. */
export function absenceAlternatives(ctx: CoreContext, itemId: number) {
  const { item, absence } = requireReviewItem(ctx, itemId);
  const appt = stmt(
    ctx.db.sqlite,
    `SELECT a.id, a.patient_id AS patientId, a.visit_type_id AS visitTypeId, a.location_id AS locationId,
            a.start_ms AS startMs, a.end_ms AS endMs FROM appointments a WHERE a.id = ?`,
  ).get(item.appointmentId) as AffectedRow;
  const visitType = getVisitType(ctx.db, appt.visitTypeId)!;
  const clinic = getClinic(ctx.db, ctx.now);
  const span = searchSpan({
    clinic,
    now: ctx.now,
    from: localDateOf(clinic.timeZone, Math.max(ctx.now, appt.startMs)),
    defaultDays: ANYONE_DAYS,
  });
  if (!span) return { openings: [] };
  const providers = listProviders(ctx.db).filter((x) => offersVisitType(x, visitType));
  const { slots } = firstOpenings(ctx.db, {
    clinic,
    now: ctx.now,
    providerIds: providers.map((x) => x.id),
    visitType,
    span,
    limit: 12,
    maxPerProvider: 3,
    mode: 'earliest',
    notBefore: Math.max(ctx.now, appt.startMs),
  });
  const names = new Map(providers.map((x) => [x.id as number, x.displayName]));
  return {
    openings: slots.map((s) => ({
      providerId: s.providerId,
      providerName: names.get(s.providerId) ?? '',
      locationId: s.locationId,
      locationName: getLocation(ctx.db, s.locationId)?.name ?? '',
      start: toIso(s.start),
      end: toIso(s.end),
      when: formatForPeople(clinic.timeZone, s.start),
      sameProvider: s.providerId === absence.providerId,
    })),
  };
}

/** Staff edit one visit: another opening (checked and held like a proposal) or cancel it. */
export function chooseForItem(ctx: CoreContext, input: AbsenceChoiceInput): { itemId: number } {
  const { item, absence } = requireReviewItem(ctx, input.itemId);
  release(ctx, item.id);
  if (input.action === 'cancel') {
    stmt(
      ctx.db.sqlite,
      `UPDATE absence_items SET decision = 'cancel', tier = NULL, provider_id = NULL, location_id = NULL,
         start_ms = NULL, end_ms = NULL, note = ?, updated_ms = ? WHERE id = ?`,
    ).run(`to cancel (provider bump), chosen by ${ctx.actor}`, ctx.now, item.id);
  } else {
    const appt = stmt(
      ctx.db.sqlite,
      'SELECT patient_id AS patientId, visit_type_id AS visitTypeId FROM appointments WHERE id = ?',
    ).get(item.appointmentId) as { patientId: number; visitTypeId: number };
    const placed = checkBooking(
      ctx,
      {
        patientId: appt.patientId,
        providerId: input.providerId!,
        locationId: input.locationId!,
        visitTypeId: appt.visitTypeId,
        start: input.start!,
      },
      { movingAppointmentId: item.appointmentId },
    );
    const absent = getProvider(ctx.db, absence.providerId)!;
    const chosen = getProvider(ctx.db, input.providerId!)!;
    const tier: AbsenceTier =
      chosen.id === absent.id
        ? 'same_provider'
        : chosen.taxonomyCode === absent.taxonomyCode
          ? 'same_specialty'
          : 'anyone';
    hold(ctx, {
      itemId: item.id,
      visitTypeId: appt.visitTypeId,
      providerId: chosen.id,
      locationId: input.locationId!,
      start: placed.start,
      end: placed.end,
    });
    stmt(
      ctx.db.sqlite,
      `UPDATE absence_items SET decision = 'move', tier = ?, provider_id = ?, location_id = ?, start_ms = ?, end_ms = ?,
         note = ?, updated_ms = ? WHERE id = ?`,
    ).run(
      tier,
      chosen.id,
      input.locationId!,
      placed.start,
      placed.end,
      `${chosen.displayName}, chosen by ${ctx.actor}`,
      ctx.now,
      item.id,
    );
  }
  writeAudit(ctx, {
    action: 'absence.choiceChanged',
    entityType: 'appointment',
    entityId: item.appointmentId,
    details: {
      absenceId: absence.id,
      action: input.action,
      ...(input.action === 'move'
        ? { providerId: input.providerId, start: toIso(input.start!) }
        : {}),
    },
  });
  return { itemId: item.id };
}

/**
 * Staff accept every visit's decision: the absence is handed to the job, which moves them one by
 * one. Refused while a visit has neither a proposal nor a decision.
 */
export function acceptAbsence(
  ctx: CoreContext,
  absenceId: number,
): { absenceId: number; visits: number } {
  const a = requireAbsence(ctx, absenceId);
  if (a.status !== 'review')
    throw new AppError(
      'INVALID_STATE',
      a.status === 'accepting'
        ? 'This absence was accepted already; its visits are being moved.'
        : `This absence is ${a.status}; there is nothing to accept.`,
      'absenceId',
    );
  const items = itemsOf(ctx.db, absenceId);
  const undecided = items.filter((i) => i.decision === 'pending');
  if (undecided.length > 0)
    throw new AppError(
      'RULE',
      `${undecided.length} visit${undecided.length === 1 ? ' has' : 's have'} no proposal: choose a time or cancel ${undecided.length === 1 ? 'it' : 'them'} first.`,
      'absenceId',
      { itemIds: undecided.map((i) => i.id) },
    );
  stmt(
    ctx.db.sqlite,
    `UPDATE absences SET status = 'accepting', accepted_by = ?, accepted_ms = ?, updated_ms = ? WHERE id = ?`,
  ).run(ctx.actor, ctx.now, ctx.now, absenceId);
  writeAudit(ctx, {
    action: 'absence.accepted',
    entityType: 'provider',
    entityId: a.providerId,
    details: {
      absenceId,
      move: items.filter((i) => i.decision === 'move').length,
      cancel: items.filter((i) => i.decision === 'cancel').length,
    },
  });
  return { absenceId, visits: items.length };
}

/** Staff drop the proposals: the holds are released; the time off stays (remove it on the schedule). */
export function discardAbsence(ctx: CoreContext, absenceId: number): { absenceId: number } {
  const a = requireAbsence(ctx, absenceId);
  if (a.status !== 'review')
    throw new AppError(
      'INVALID_STATE',
      `This absence is ${a.status === 'accepting' ? 'being moved' : a.status}; it can no longer be discarded.`,
      'absenceId',
    );
  stmt(
    ctx.db.sqlite,
    'DELETE FROM slot_holds WHERE absence_item_id IN (SELECT id FROM absence_items WHERE absence_id = ?)',
  ).run(absenceId);
  stmt(ctx.db.sqlite, `UPDATE absences SET status = 'discarded', updated_ms = ? WHERE id = ?`).run(
    ctx.now,
    absenceId,
  );
  writeAudit(ctx, {
    action: 'absence.discarded',
    entityType: 'provider',
    entityId: a.providerId,
    details: { absenceId },
  });
  return { absenceId };
}

// ---------------------------------------------------------------------------------------------
// The job

/** The reason a visit cancelled for an absence carries: reports count it as a provider bump. */
export function providerBumpReason(absentName: string, reason: string | null): string {
  return `provider bump: ${absentName} is absent${reason ? ` (${reason})` : ''}`;
}

/** The patient's notice of the new time, in the outbox under the visit's one absence key. */
function writeNotice(
  ctx: CoreContext,
  p: { absence: AbsenceRow; absentName: string; newAppointmentId: number },
): number | null {
  const f = appointmentFacts(ctx.db, p.newAppointmentId)!;
  const clinic = getClinic(ctx.db, ctx.now);
  const patient = planPatient(ctx.db, f, clinic.timeZone);
  const key = `${ABSENCE_KEY_PREFIX}${p.absence.id}`;
  const existing = stmt(
    ctx.db.sqlite,
    'SELECT id FROM reminders WHERE appointment_id = ? AND touchpoint_key = ?',
  ).get(f.id, key) as { id: number } | undefined;
  if (existing) return existing.id;
  // The booking path planned its usual "you're booked" text for the new visit; the notice says
  // more (why, and the new time), so the patient gets one message, not two.
  stmt(
    ctx.db.sqlite,
    `UPDATE reminders SET status = 'cancelled', reason = 'replaced by the provider-absence notice', updated_ms = ?
      WHERE appointment_id = ? AND kind = 'confirmation' AND status = 'scheduled'`,
  ).run(ctx.now, f.id);
  // Text or e-mail (the patient's preferred one first): the notice must be read, with the new
  // time, and answered. Someone reachable only by phone gets a call task instead.
  const channels =
    patient.preferredChannel === 'email'
      ? (['email', 'sms'] as const)
      : (['sms', 'email'] as const);
  for (const channel of channels) {
    if (!patient.consent[channel]) continue;
    const to = channel === 'sms' ? patient.phoneMobile : patient.email;
    if (!to) continue;
    const provider = getProvider(ctx.db, f.providerId)!;
    const location = getLocation(ctx.db, f.locationId);
    const body =
      channel === 'sms'
        ? absenceNoticeSms({
            language: f.preferredLanguage,
            clinicName: clinic.name,
            firstName: f.firstName,
            absentName: p.absentName,
            newProviderName: provider.displayName,
            sameProvider: provider.id === p.absence.providerId,
            newWhen: formatForPeople(clinic.timeZone, f.startMs),
            locationName: location?.name ?? '',
          })
        : null;
    return insertReminder(ctx.db, {
      appointmentId: f.id,
      touchpointKey: key,
      kind: 'confirmation',
      channel,
      toAddress: to,
      language: f.preferredLanguage,
      status: 'scheduled',
      dueMs: ctx.now,
      notAfterMs: f.startMs,
      reason: `provider absence: moved from ${p.absentName}'s absent day; asks the patient to confirm`,
      ...(body ? { body } : {}),
      now: ctx.now,
    });
  }
  return null;
}

/** One visit of an accepted absence, in the caller's transaction. Returns false when already done. */
function processItem(ctx: BookingContext, absence: AbsenceRow, itemId: number): boolean {
  const item = itemRow(ctx.db, itemId);
  if (!item || item.state !== 'pending') return false;
  const absent = getProvider(ctx.db, absence.providerId)!;
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const finish = (
    state: 'moved' | 'cancelled' | 'failed',
    extra: { newAppointmentId?: number; noticeReminderId?: number | null; error?: string },
  ) =>
    stmt(
      ctx.db.sqlite,
      `UPDATE absence_items SET state = ?, new_appointment_id = ?, notice_reminder_id = ?, error = ?, done_ms = ?, updated_ms = ?
        WHERE id = ?`,
    ).run(
      state,
      extra.newAppointmentId ?? null,
      extra.noticeReminderId ?? null,
      extra.error ?? null,
      ctx.now,
      ctx.now,
      item.id,
    );
  release(ctx, item.id);
  const current = stmt(ctx.db.sqlite, 'SELECT status FROM appointments WHERE id = ?').get(
    item.appointmentId,
  ) as { status: string };
  if (current.status !== 'booked' && current.status !== 'confirmed') {
    finish('failed', { error: `not moved: the visit is ${current.status} by now` });
    return true;
  }
  if (item.decision === 'cancel') {
    cancelAppointment(ctx, {
      appointmentId: item.appointmentId,
      reason: providerBumpReason(absent.displayName, absence.reason),
      requestedBy: 'provider',
    });
    openCallTask(ctx.db, {
      appointmentId: item.appointmentId,
      reason: `cancelled because ${absent.displayName} is absent: phone the patient to rebook`,
      now: ctx.now,
    });
    stmt(ctx.db.sqlite, 'UPDATE absence_items SET call_task_ms = ? WHERE id = ?').run(
      ctx.now,
      item.id,
    );
    finish('cancelled', {});
    return true;
  }
  // A savepoint: a move the engine refuses (someone overbooked the held time, the patient booked
  // elsewhere) rolls back alone and is left for staff, with the engine's reason.
  try {
    const moved = ctx.db.sqlite.transaction(() => {
      const r = rescheduleAppointment(ctx, {
        appointmentId: item.appointmentId,
        start: item.startMs!,
        end: item.endMs!,
        providerId: item.providerId!,
        locationId: item.locationId!,
      });
      // The patient confirmed the old time, not this one.
      if (r.appointment.status === 'confirmed')
        setAppointmentStatus(ctx, { appointmentId: r.appointment.id, status: 'booked' });
      return r.appointment.id;
    })();
    const noticeId = writeNotice(ctx, {
      absence,
      absentName: absent.displayName,
      newAppointmentId: moved,
    });
    if (noticeId === null) {
      openCallTask(ctx.db, {
        appointmentId: moved,
        reason: `moved to ${formatForPeople(zone, item.startMs!)} because ${absent.displayName} is absent; no channel reaches the patient: phone them`,
        now: ctx.now,
      });
      stmt(ctx.db.sqlite, 'UPDATE absence_items SET call_task_ms = ? WHERE id = ?').run(
        ctx.now,
        item.id,
      );
    }
    finish('moved', { newAppointmentId: moved, noticeReminderId: noticeId });
    writeAudit(ctx, {
      action: 'absence.visitMoved',
      entityType: 'appointment',
      entityId: item.appointmentId,
      details: { absenceId: absence.id, newAppointmentId: moved, noticeReminderId: noticeId },
    });
  } catch (err) {
    // The engine's refusal, or the database's own overlap trigger (a desk overbooked the time).
    const overlap = err instanceof Error && err.message.includes('CLINICDESK_OVERLAP');
    if (!(err instanceof AppError) && !overlap) throw err;
    const why = overlap ? 'the new time was taken meanwhile' : (err as AppError).message;
    finish('failed', { error: `not moved: ${why}` });
    writeAudit(ctx, {
      action: 'absence.visitFailed',
      entityType: 'appointment',
      entityId: item.appointmentId,
      details: { absenceId: absence.id, error: why },
    });
  }
  return true;
}

/** Moved patients who have not confirmed within the absence's answer window go to the call queue. */
function queueUnanswered(ctx: CoreContext): number {
  const rows = stmt(
    ctx.db.sqlite,
    `SELECT i.id, i.new_appointment_id AS appointmentId, b.answer_within_minutes AS minutes, b.provider_id AS providerId,
            coalesce(r.sent_ms, i.done_ms) AS toldMs
       FROM absence_items i JOIN absences b ON b.id = i.absence_id
       JOIN appointments a ON a.id = i.new_appointment_id
       LEFT JOIN reminders r ON r.id = i.notice_reminder_id
      WHERE i.state = 'moved' AND i.call_task_ms IS NULL AND a.status = 'booked' AND a.start_ms > ?`,
  ).all(ctx.now) as {
    id: number;
    appointmentId: number;
    minutes: number;
    providerId: number;
    toldMs: number;
  }[];
  let n = 0;
  for (const r of rows) {
    if (ctx.now < r.toldMs + r.minutes * MINUTE_MS) continue;
    const absent = getProvider(ctx.db, r.providerId)?.displayName ?? 'the provider';
    openCallTask(ctx.db, {
      appointmentId: r.appointmentId,
      reason: `moved because ${absent} is absent; no answer to the notice within ${Math.round(r.minutes / 60)} h: phone the patient`,
      now: ctx.now,
    });
    stmt(ctx.db.sqlite, 'UPDATE absence_items SET call_task_ms = ? WHERE id = ?').run(
      ctx.now,
      r.id,
    );
    n++;
  }
  return n;
}

export interface AbsenceJobResult {
  moved: number;
  cancelled: number;
  failed: number;
  calls: number;
}

/**
 * One pass: every accepted absence's pending visits, one transaction each, then the absence is
 * done; then the unanswered go to the call queue. `afterItem` is for the crash test (a process
 * killed between two visits).
 */
export function runAbsenceJob(p: {
  db: ClinicDb;
  clock: () => number;
  actor?: string;
  publish?: (e: ChangeEvent) => void;
  afterItem?: (itemId: number) => void;
}): AbsenceJobResult {
  const out: AbsenceJobResult = { moved: 0, cancelled: 0, failed: 0, calls: 0 };
  const ctx = (): BookingContext =>
    withReminders({
      db: p.db,
      now: p.clock(),
      actor: p.actor ?? 'absence job',
      origin: 'absence job',
    });
  const tx = <T>(fn: () => T): T => p.db.sqlite.transaction(fn).immediate();
  const accepting = stmt(
    p.db.sqlite,
    `SELECT id FROM absences WHERE status = 'accepting' ORDER BY id`,
  ).all() as {
    id: number;
  }[];
  for (const { id } of accepting) {
    const pending = stmt(
      p.db.sqlite,
      `SELECT id FROM absence_items WHERE absence_id = ? AND state = 'pending' ORDER BY id`,
    ).all(id) as { id: number }[];
    for (const { id: itemId } of pending) {
      const state = tx(() => {
        const c = ctx();
        const absence = absenceRow(c.db, id)!;
        if (absence.status !== 'accepting') return null;
        return processItem(c, absence, itemId) ? itemRow(c.db, itemId)!.state : null;
      });
      if (state === 'moved') out.moved++;
      else if (state === 'cancelled') out.cancelled++;
      else if (state === 'failed') out.failed++;
      if (state) p.afterItem?.(itemId);
    }
    tx(() => {
      const c = ctx();
      const left = stmt(
        c.db.sqlite,
        `SELECT count(*) AS n FROM absence_items WHERE absence_id = ? AND state = 'pending'`,
      ).get(id) as { n: number };
      if (left.n > 0) return;
      const a = absenceRow(c.db, id)!;
      if (a.status !== 'accepting') return;
      stmt(c.db.sqlite, `UPDATE absences SET status = 'done', updated_ms = ? WHERE id = ?`).run(
        c.now,
        id,
      );
      writeAudit(c, {
        action: 'absence.done',
        entityType: 'provider',
        entityId: a.providerId,
        details: { absenceId: id },
      });
    });
  }
  out.calls = tx(() => queueUnanswered(ctx()));
  if (out.moved + out.cancelled + out.failed > 0) {
    p.publish?.({ topic: 'appointments' });
    p.publish?.({ topic: 'reminders' });
    p.publish?.({ topic: 'absences' });
  }
  if (out.calls > 0 || out.cancelled > 0) p.publish?.({ topic: 'callQueue' });
  return out;
}
