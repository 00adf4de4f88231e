/**
 * Recall over the database: recall types, each patient's due date, the worklist, outreach on the
 * cadence (recall.ts) and the answers to it.
 *
 * A due date is recomputed whenever an appointment enters or leaves "completed" (scheduling's
 * one status path calls the follow-up port, reminders/followUps.ts, which calls
 * recomputeForAppointment): due = last completing visit + the type's interval. A date staff set
 * by hand is kept through every recomputation; only the last-visit facts move under it.
 *
 * Outreach is written before it is sent: one row per (recall, due date, step), unique, inserted
 * as 'sending' in the planning transaction. A crash after the insert leaves the row 'sending';
 * it is never planned again, so the patient never gets the same step twice. Every step is audited.
 */
import { AppError, notFound } from '../../errors';
import type { CoreContext } from '../../context';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import { getProvider, getVisitType } from '../../db/repos/directory';
import { getPatient } from '../../db/repos/patients';
import { getMessagingSettings, isOptedOut, smsSentTo } from '../../db/repos/reminders';
import { stmt } from '../../db/repos/statements';
import { policyFor } from '../../reminders/outbox';
import { normalizeReply } from '../../reminders/replies';
import {
  addDays,
  daysBetween,
  localDateOf,
  localDayBounds,
  toIso,
  type LocalDate,
} from '../../time';
import { requireVersion } from '../../clinic/service/settings';
import {
  CADENCE_DAYS,
  CONTACTED_QUIET_DAYS,
  dueAfterVisit,
  isRecallBookWord,
  recallText,
  stepDueOn,
  withinAges,
  type RecallStep,
} from '../recall';
import { inQuietHours } from '../waitlist';
import { addEntry } from './waitlist';

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Recall types

export interface RecallType {
  id: number;
  name: string;
  intervalMonths: number;
  visitTypeIds: number[];
  minAgeYears: number | null;
  maxAgeYears: number | null;
  active: boolean;
  version: number;
}

const TYPE_COLUMNS = `id, name, interval_months AS intervalMonths, visit_type_ids AS visitTypeIds,
  min_age_years AS minAgeYears, max_age_years AS maxAgeYears, active, version`;

type TypeRow = Omit<RecallType, 'visitTypeIds' | 'active'> & {
  visitTypeIds: string;
  active: number;
};

const typeFromRow = (r: TypeRow): RecallType => ({
  ...r,
  visitTypeIds: JSON.parse(r.visitTypeIds) as number[],
  active: r.active === 1,
});

export function listRecallTypes(ctx: CoreContext, includeRetired: boolean): RecallType[] {
  return (
    stmt(
      ctx.db.sqlite,
      `SELECT ${TYPE_COLUMNS} FROM recall_types ${includeRetired ? '' : 'WHERE active = 1'} ORDER BY active DESC, name`,
    ).all() as TypeRow[]
  ).map(typeFromRow);
}

export function getRecallType(ctx: CoreContext, id: number): RecallType | null {
  const r = stmt(ctx.db.sqlite, `SELECT ${TYPE_COLUMNS} FROM recall_types WHERE id = ?`).get(id) as
    TypeRow | undefined;
  return r ? typeFromRow(r) : null;
}

function requireType(ctx: CoreContext, id: number, field = 'id'): RecallType {
  const t = getRecallType(ctx, id);
  if (!t) throw notFound('The recall type', field);
  return t;
}

function checkVisitTypes(ctx: CoreContext, ids: readonly number[]): void {
  ids.forEach((vt, i) => {
    if (!getVisitType(ctx.db, vt)) throw notFound('The visit type', `visitTypeIds.${i}`);
  });
}

function nameTaken(ctx: CoreContext, name: string, exceptId: number | null): void {
  const other = stmt(
    ctx.db.sqlite,
    'SELECT id FROM recall_types WHERE lower(name) = lower(?) AND id IS NOT ?',
  ).get(name, exceptId) as { id: number } | undefined;
  if (other)
    throw new AppError('CONFLICT', `There is already a recall type named "${name}".`, 'name');
}

export function createRecallType(
  ctx: CoreContext,
  input: {
    name: string;
    intervalMonths: number;
    visitTypeIds: number[];
    minAgeYears: number | null;
    maxAgeYears: number | null;
  },
): RecallType {
  checkVisitTypes(ctx, input.visitTypeIds);
  nameTaken(ctx, input.name, null);
  const row = stmt(
    ctx.db.sqlite,
    `INSERT INTO recall_types (name, interval_months, visit_type_ids, min_age_years, max_age_years, active, version, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?) RETURNING id`,
  ).get(
    input.name,
    input.intervalMonths,
    JSON.stringify(input.visitTypeIds),
    input.minAgeYears,
    input.maxAgeYears,
    ctx.now,
    ctx.now,
  ) as { id: number };
  writeAudit(ctx, {
    action: 'recall.type.created',
    entityType: 'recall_type',
    entityId: row.id,
    details: { ...input },
  });
  const t = requireType(ctx, row.id);
  recomputeType(ctx, t);
  return t;
}

export function updateRecallType(
  ctx: CoreContext,
  input: {
    id: number;
    version: number;
    name?: string | undefined;
    intervalMonths?: number | undefined;
    visitTypeIds?: number[] | undefined;
    minAgeYears?: number | null | undefined;
    maxAgeYears?: number | null | undefined;
  },
): RecallType {
  const before = requireType(ctx, input.id);
  requireVersion({ what: `the recall type ${before.name}`, current: before, given: input.version });
  const after = {
    name: input.name ?? before.name,
    intervalMonths: input.intervalMonths ?? before.intervalMonths,
    visitTypeIds: input.visitTypeIds ?? before.visitTypeIds,
    minAgeYears: input.minAgeYears !== undefined ? input.minAgeYears : before.minAgeYears,
    maxAgeYears: input.maxAgeYears !== undefined ? input.maxAgeYears : before.maxAgeYears,
  };
  if (
    after.minAgeYears !== null &&
    after.maxAgeYears !== null &&
    after.minAgeYears > after.maxAgeYears
  )
    throw new AppError('VALIDATION', 'the maximum age is below the minimum age', 'maxAgeYears');
  checkVisitTypes(ctx, after.visitTypeIds);
  if (after.name !== before.name) nameTaken(ctx, after.name, before.id);
  stmt(
    ctx.db.sqlite,
    `UPDATE recall_types SET name = ?, interval_months = ?, visit_type_ids = ?, min_age_years = ?, max_age_years = ?,
       version = version + 1, updated_ms = ? WHERE id = ?`,
  ).run(
    after.name,
    after.intervalMonths,
    JSON.stringify(after.visitTypeIds),
    after.minAgeYears,
    after.maxAgeYears,
    ctx.now,
    before.id,
  );
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(after) as (keyof typeof after)[])
    if (JSON.stringify(after[k]) !== JSON.stringify(before[k]))
      changed[k] = { from: before[k], to: after[k] };
  writeAudit(ctx, {
    action: 'recall.type.updated',
    entityType: 'recall_type',
    entityId: before.id,
    details: changed,
  });
  const t = requireType(ctx, before.id);
  if (changed.intervalMonths || changed.visitTypeIds) recomputeType(ctx, t);
  return t;
}

/** Retired types leave the worklist and get no outreach; patients' due dates are kept for a restore. */
export function setRecallTypeActive(
  ctx: CoreContext,
  input: { id: number; version: number },
  active: boolean,
): RecallType {
  const before = requireType(ctx, input.id);
  requireVersion({ what: `the recall type ${before.name}`, current: before, given: input.version });
  if (before.active === active)
    throw new AppError(
      'INVALID_STATE',
      `The recall type ${before.name} is already ${active ? 'in use' : 'retired'}.`,
      'id',
    );
  stmt(
    ctx.db.sqlite,
    'UPDATE recall_types SET active = ?, version = version + 1, updated_ms = ? WHERE id = ?',
  ).run(active ? 1 : 0, ctx.now, before.id);
  writeAudit(ctx, {
    action: active ? 'recall.type.restored' : 'recall.type.retired',
    entityType: 'recall_type',
    entityId: before.id,
  });
  return requireType(ctx, before.id);
}

// ---------------------------------------------------------------------------------------------
// Due dates

interface PatientRecallRow {
  id: number;
  dueDate: string;
  manual: number;
  lastAppointmentId: number | null;
}

function recallRow(ctx: CoreContext, patientId: number, typeId: number): PatientRecallRow | null {
  return (
    (stmt(
      ctx.db.sqlite,
      `SELECT id, due_date AS dueDate, manual, last_appointment_id AS lastAppointmentId
         FROM patient_recalls WHERE patient_id = ? AND recall_type_id = ?`,
    ).get(patientId, typeId) as PatientRecallRow | undefined) ?? null
  );
}

/**
 * The patient's due date for one type, from their last completed visit of a completing type.
 * A manual date is kept; without a completing visit (the only one was un-completed) a computed
 * recall is removed, and one outside the type's ages is not kept either.
 */
export function recomputePatientRecall(ctx: CoreContext, patientId: number, t: RecallType): void {
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const last = stmt(
    ctx.db.sqlite,
    `SELECT id, start_ms AS startMs, provider_id AS providerId FROM appointments
      WHERE patient_id = ? AND status = 'completed' AND visit_type_id IN (SELECT value FROM json_each(?))
      ORDER BY start_ms DESC, id DESC LIMIT 1`,
  ).get(patientId, JSON.stringify(t.visitTypeIds)) as
    { id: number; startMs: number; providerId: number } | undefined;
  const existing = recallRow(ctx, patientId, t.id);
  const patient = getPatient(ctx.db, patientId);
  if (!patient) return;
  if (!last) {
    if (existing && existing.manual === 0) {
      stmt(ctx.db.sqlite, 'DELETE FROM patient_recalls WHERE id = ?').run(existing.id);
      writeAudit(ctx, {
        action: 'recall.due.removed',
        entityType: 'patient_recall',
        entityId: existing.id,
        details: { patientId, recallTypeId: t.id, reason: 'no completed visit of this kind' },
      });
    } else if (existing && existing.lastAppointmentId !== null) {
      stmt(
        ctx.db.sqlite,
        'UPDATE patient_recalls SET last_visit_date = NULL, last_appointment_id = NULL, updated_ms = ? WHERE id = ?',
      ).run(ctx.now, existing.id);
    }
    return;
  }
  const visitDate = localDateOf(zone, last.startMs);
  const computed = dueAfterVisit(visitDate, t.intervalMonths);
  if (existing) {
    if (existing.lastAppointmentId === last.id && existing.manual === 1) return;
    const due = existing.manual === 1 ? existing.dueDate : computed;
    if (existing.manual === 0 && !withinAges(t, patient.dateOfBirth, due)) {
      stmt(ctx.db.sqlite, 'DELETE FROM patient_recalls WHERE id = ?').run(existing.id);
      writeAudit(ctx, {
        action: 'recall.due.removed',
        entityType: 'patient_recall',
        entityId: existing.id,
        details: { patientId, recallTypeId: t.id, reason: 'outside the ages it applies to' },
      });
      return;
    }
    if (existing.lastAppointmentId === last.id && existing.dueDate === due) return;
    stmt(
      ctx.db.sqlite,
      `UPDATE patient_recalls SET due_date = ?, last_visit_date = ?, last_appointment_id = ?, provider_id = ?, updated_ms = ?
        WHERE id = ?`,
    ).run(due, visitDate, last.id, last.providerId, ctx.now, existing.id);
    writeAudit(ctx, {
      action: 'recall.due.recomputed',
      entityType: 'patient_recall',
      entityId: existing.id,
      details: {
        patientId,
        recallTypeId: t.id,
        from: existing.dueDate,
        to: due,
        lastVisit: visitDate,
        ...(existing.manual === 1 ? { keptManualDate: true } : {}),
      },
    });
    return;
  }
  if (!withinAges(t, patient.dateOfBirth, computed)) return;
  const row = stmt(
    ctx.db.sqlite,
    `INSERT INTO patient_recalls (patient_id, recall_type_id, due_date, manual, last_visit_date, last_appointment_id, provider_id, created_ms, updated_ms)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(patientId, t.id, computed, visitDate, last.id, last.providerId, ctx.now, ctx.now) as {
    id: number;
  };
  writeAudit(ctx, {
    action: 'recall.due.recomputed',
    entityType: 'patient_recall',
    entityId: row.id,
    details: { patientId, recallTypeId: t.id, from: null, to: computed, lastVisit: visitDate },
  });
}

/** Called by the follow-up port when an appointment enters or leaves "completed". */
export function recomputeForAppointment(ctx: CoreContext, appointmentId: number): void {
  const a = stmt(
    ctx.db.sqlite,
    'SELECT patient_id AS patientId, visit_type_id AS visitTypeId FROM appointments WHERE id = ?',
  ).get(appointmentId) as { patientId: number; visitTypeId: number } | undefined;
  if (!a) return;
  for (const t of listRecallTypes(ctx, true))
    if (t.visitTypeIds.includes(a.visitTypeId)) recomputePatientRecall(ctx, a.patientId, t);
}

/**
 * After completed visits were written in bulk (an import of visit history): each of these
 * patients' due dates, for every type in use, as if each visit had been completed at the desk.
 */
export function recomputeForPatients(ctx: CoreContext, patientIds: Iterable<number>): void {
  const types = listRecallTypes(ctx, false);
  if (types.length === 0) return;
  for (const id of new Set(patientIds)) for (const t of types) recomputePatientRecall(ctx, id, t);
}

/** A new or changed type: every patient with a completed visit of its kinds gets a due date. */
function recomputeType(ctx: CoreContext, t: RecallType): void {
  const patients = stmt(
    ctx.db.sqlite,
    `SELECT DISTINCT patient_id AS id FROM appointments
      WHERE status = 'completed' AND visit_type_id IN (SELECT value FROM json_each(?))
     UNION SELECT patient_id AS id FROM patient_recalls WHERE recall_type_id = ?`,
  ).all(JSON.stringify(t.visitTypeIds), t.id) as { id: number }[];
  for (const p of patients) recomputePatientRecall(ctx, p.id, t);
}

/** Staff set the date by hand: kept through every later recomputation. */
export function setRecallDue(
  ctx: CoreContext,
  input: { patientId: number; recallTypeId: number; dueDate: LocalDate },
): { recallId: number } {
  if (!getPatient(ctx.db, input.patientId)) throw notFound('The patient', 'patientId');
  const t = requireType(ctx, input.recallTypeId, 'recallTypeId');
  if (!t.active)
    throw new AppError(
      'INVALID_STATE',
      `The recall type ${t.name} is retired: restore it in Settings first.`,
      'recallTypeId',
    );
  const existing = recallRow(ctx, input.patientId, t.id);
  let recallId: number;
  if (existing) {
    stmt(
      ctx.db.sqlite,
      'UPDATE patient_recalls SET due_date = ?, manual = 1, updated_ms = ? WHERE id = ?',
    ).run(input.dueDate, ctx.now, existing.id);
    recallId = existing.id;
  } else {
    recallId = (
      stmt(
        ctx.db.sqlite,
        `INSERT INTO patient_recalls (patient_id, recall_type_id, due_date, manual, created_ms, updated_ms)
         VALUES (?, ?, ?, 1, ?, ?) RETURNING id`,
      ).get(input.patientId, t.id, input.dueDate, ctx.now, ctx.now) as { id: number }
    ).id;
  }
  writeAudit(ctx, {
    action: 'recall.due.set',
    entityType: 'patient_recall',
    entityId: recallId,
    details: {
      patientId: input.patientId,
      recallTypeId: t.id,
      from: existing?.dueDate ?? null,
      to: input.dueDate,
    },
  });
  return { recallId };
}

/** Staff reached the patient: no automatic outreach for two weeks, and open recall calls close. */
export function markRecallContacted(
  ctx: CoreContext,
  input: { recallId: number; note: string | null },
): { recallId: number; callsClosed: number } {
  const r = stmt(ctx.db.sqlite, 'SELECT id FROM patient_recalls WHERE id = ?').get(input.recallId);
  if (!r) throw notFound('The recall', 'recallId');
  stmt(
    ctx.db.sqlite,
    'UPDATE patient_recalls SET contacted_ms = ?, contact_note = ?, updated_ms = ? WHERE id = ?',
  ).run(ctx.now, input.note, ctx.now, input.recallId);
  const closed = stmt(
    ctx.db.sqlite,
    `UPDATE recall_outreach SET status = 'done', done_by = ?, reason = coalesce(?, reason), updated_ms = ?
      WHERE patient_recall_id = ? AND status = 'open'`,
  ).run(ctx.actor, input.note, ctx.now, input.recallId).changes;
  writeAudit(ctx, {
    action: 'recall.contacted',
    entityType: 'patient_recall',
    entityId: input.recallId,
    details: { note: input.note, callsClosed: closed },
  });
  return { recallId: input.recallId, callsClosed: closed };
}

// ---------------------------------------------------------------------------------------------
// Worklist

/**
 * Booked for it already: a visit of a completing type from the start of today on, not cancelled.
 * Used by the worklist and by outreach, so nobody booked is chased (nor any inactive, deceased
 * or merged record: `p.active = 1` beside it).
 */
const NOT_BOOKED = `NOT EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = r.patient_id
  AND a.status IN ('booked','confirmed','arrived','in_room') AND a.start_ms >= @dayStart
  AND a.visit_type_id IN (SELECT value FROM json_each(t.visit_type_ids)))`;

export interface WorklistItem {
  recallId: number;
  patientId: number;
  patientName: string;
  dateOfBirth: string;
  phone: string | null;
  recallTypeId: number;
  recallTypeName: string;
  /** The visit type "Book" preselects: the type's first completing one. */
  visitTypeId: number;
  visitTypeName: string;
  dueDate: string;
  manual: boolean;
  overdueDays: number;
  lastVisitDate: string | null;
  providerId: number | null;
  providerName: string | null;
  contacted: string | null;
  contactNote: string | null;
  /** The latest outreach for this due date: step, channel and state, or null. */
  outreach: { step: RecallStep; channel: string; status: string; at: string } | null;
  callOpen: boolean;
}

export function recallWorklist(
  ctx: CoreContext,
  f: {
    dueBy?: string | undefined;
    dueFrom?: string | undefined;
    recallTypeId?: number | undefined;
    providerId?: number | undefined;
  },
): { today: string; dueBy: string; items: WorklistItem[] } {
  if (f.recallTypeId !== undefined && !getRecallType(ctx, f.recallTypeId))
    throw notFound('The recall type', 'recallTypeId');
  if (f.providerId !== undefined && !getProvider(ctx.db, f.providerId))
    throw notFound('The provider', 'providerId');
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const today = localDateOf(zone, ctx.now);
  const dueBy = f.dueBy ?? addDays(today, 60);
  const rows = stmt(
    ctx.db.sqlite,
    `SELECT r.id AS recallId, r.patient_id AS patientId, p.first_name || ' ' || p.last_name AS patientName,
       p.date_of_birth AS dateOfBirth, coalesce(p.phone_mobile, p.phone_home) AS phone, r.recall_type_id AS recallTypeId,
       t.name AS recallTypeName, t.visit_type_ids AS visitTypeIds, t.min_age_years AS minAgeYears, t.max_age_years AS maxAgeYears,
       r.due_date AS dueDate, r.manual, r.last_visit_date AS lastVisitDate, r.provider_id AS providerId,
       r.contacted_ms AS contactedMs, r.contact_note AS contactNote,
       (SELECT json_object('step', o.step, 'channel', o.channel, 'status', o.status, 'ms', o.updated_ms)
          FROM recall_outreach o WHERE o.patient_recall_id = r.id AND o.due_date = r.due_date ORDER BY o.id DESC LIMIT 1) AS outreach,
       EXISTS (SELECT 1 FROM recall_outreach o WHERE o.patient_recall_id = r.id AND o.status = 'open') AS callOpen
       FROM patient_recalls r JOIN recall_types t ON t.id = r.recall_type_id AND t.active = 1
       JOIN patients p ON p.id = r.patient_id
      WHERE r.due_date <= @dueBy AND (@dueFrom IS NULL OR r.due_date >= @dueFrom)
        AND (@typeId IS NULL OR r.recall_type_id = @typeId) AND (@providerId IS NULL OR r.provider_id = @providerId)
        AND p.active = 1 AND ${NOT_BOOKED}
      ORDER BY r.due_date, p.last_name_key, r.id LIMIT 2000`,
  ).all({
    dueBy,
    dueFrom: f.dueFrom ?? null,
    typeId: f.recallTypeId ?? null,
    providerId: f.providerId ?? null,
    dayStart: localDayBounds(zone, today).start,
  }) as (Omit<WorklistItem, 'manual' | 'outreach' | 'contacted' | 'callOpen' | 'providerName'> & {
    visitTypeIds: string;
    minAgeYears: number | null;
    maxAgeYears: number | null;
    manual: number;
    contactedMs: number | null;
    outreach: string | null;
    callOpen: number;
  })[];
  const visitNames = new Map<number, string>();
  const providerNames = new Map<number, string | null>();
  const items: WorklistItem[] = [];
  for (const r of rows) {
    if (!withinAges(r, r.dateOfBirth, r.dueDate)) continue;
    const visitTypeId = (JSON.parse(r.visitTypeIds) as number[])[0]!;
    if (!visitNames.has(visitTypeId))
      visitNames.set(visitTypeId, getVisitType(ctx.db, visitTypeId)?.name ?? '');
    const o = r.outreach
      ? (JSON.parse(r.outreach) as {
          step: RecallStep;
          channel: string;
          status: string;
          ms: number;
        })
      : null;
    const { visitTypeIds: _v, minAgeYears: _min, maxAgeYears: _max, contactedMs, ...rest } = r;
    if (r.providerId !== null && !providerNames.has(r.providerId))
      providerNames.set(r.providerId, getProvider(ctx.db, r.providerId)?.displayName ?? null);
    items.push({
      ...rest,
      providerName: r.providerId === null ? null : providerNames.get(r.providerId)!,
      visitTypeId,
      visitTypeName: visitNames.get(visitTypeId)!,
      manual: r.manual === 1,
      overdueDays: Math.max(0, daysBetween(r.dueDate, today)),
      contacted: contactedMs === null ? null : toIso(contactedMs),
      outreach: o ? { step: o.step, channel: o.channel, status: o.status, at: toIso(o.ms) } : null,
      callOpen: r.callOpen === 1,
    });
  }
  return { today, dueBy, items };
}

// ---------------------------------------------------------------------------------------------
// Outreach

export interface RecallToSend {
  outreachId: number;
  channel: 'sms' | 'email';
  to: string;
  subject: string;
  body: string;
}

interface Candidate {
  recallId: number;
  patientId: number;
  dueDate: string;
  dateOfBirth: string;
  minAgeYears: number | null;
  maxAgeYears: number | null;
  phone: string | null;
  email: string | null;
  smsConsent: number;
  emailConsent: number;
  preferredChannel: string;
  timeZone: string | null;
}

function insertOutreach(
  ctx: CoreContext,
  o: {
    recallId: number;
    patientId: number;
    dueDate: string;
    step: RecallStep;
    channel: 'sms' | 'email' | 'call';
    to: string | null;
    body: string | null;
    status: 'sending' | 'skipped' | 'open';
    reason: string | null;
  },
): number {
  const row = stmt(
    ctx.db.sqlite,
    `INSERT INTO recall_outreach (patient_recall_id, patient_id, due_date, step, channel, to_address, body, status, reason, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(
    o.recallId,
    o.patientId,
    o.dueDate,
    o.step,
    o.channel,
    o.to,
    o.body,
    o.status,
    o.reason,
    ctx.now,
    ctx.now,
  ) as { id: number };
  writeAudit(ctx, {
    action: `recall.outreach.${o.status}`,
    entityType: 'recall_outreach',
    entityId: row.id,
    details: {
      patientId: o.patientId,
      recallId: o.recallId,
      dueDate: o.dueDate,
      step: o.step,
      channel: o.channel,
      ...(o.reason ? { reason: o.reason } : {}),
    },
  });
  return row.id;
}

/**
 * One pass: for every recall whose cadence has a step due today (in the patient's zone) that has
 * not been written for this due date, writes it. A text or e-mail is written 'sending' and
 * returned for the caller to send after commit; the call step opens a call task. Skipped: the
 * booked, the recently contacted, retired types, ages outside the type's. Held back (nothing
 * written, tried on a later pass): quiet hours in the patient's zone, messaging paused, the
 * channel's service not set up.
 */
export function planRecallOutreach(
  ctx: CoreContext,
  available: { sms: boolean; email: boolean },
): { toSend: RecallToSend[]; written: number } {
  const clinic = getClinic(ctx.db, ctx.now);
  const zone = clinic.timeZone;
  const today = localDateOf(zone, ctx.now);
  if (getMessagingSettings(ctx.db).paused) return { toSend: [], written: 0 };
  const quiet = policyFor(ctx.db, null).policy.quietHours;
  // A step may be due a day earlier in a zone ahead of the clinic's: look one day further.
  const horizon = addDays(today, 1 - CADENCE_DAYS.before);
  const candidates = stmt(
    ctx.db.sqlite,
    `SELECT r.id AS recallId, r.patient_id AS patientId, r.due_date AS dueDate, p.date_of_birth AS dateOfBirth,
       t.min_age_years AS minAgeYears, t.max_age_years AS maxAgeYears, p.phone_mobile AS phone, p.email,
       p.sms_consent AS smsConsent, p.email_consent AS emailConsent, p.preferred_channel AS preferredChannel,
       p.time_zone AS timeZone
       FROM patient_recalls r JOIN recall_types t ON t.id = r.recall_type_id AND t.active = 1
       JOIN patients p ON p.id = r.patient_id
      WHERE r.due_date <= @horizon AND (r.contacted_ms IS NULL OR r.contacted_ms < @contactedBefore) AND p.active = 1 AND ${NOT_BOOKED}
      ORDER BY r.due_date, r.id`,
  ).all({
    horizon,
    contactedBefore: ctx.now - CONTACTED_QUIET_DAYS * DAY_MS,
    dayStart: localDayBounds(zone, today).start,
  }) as Candidate[];
  const out: RecallToSend[] = [];
  let written = 0;
  for (const c of candidates) {
    if (!withinAges(c, c.dateOfBirth, c.dueDate)) continue;
    const patientZone = c.timeZone ?? zone;
    const step = stepDueOn(c.dueDate, localDateOf(patientZone, ctx.now));
    if (step === null) continue;
    const done = stmt(
      ctx.db.sqlite,
      'SELECT 1 FROM recall_outreach WHERE patient_recall_id = ? AND due_date = ? AND step = ?',
    ).get(c.recallId, c.dueDate, step);
    if (done) continue;
    const base = { recallId: c.recallId, patientId: c.patientId, dueDate: c.dueDate, step };
    written++;
    if (step === 'call') {
      insertOutreach(ctx, {
        ...base,
        channel: 'call',
        to: c.phone,
        body: null,
        status: 'open',
        reason: `due ${c.dueDate}, not booked after the texts: please call`,
      });
      continue;
    }
    const smsOk = c.smsConsent === 1 && c.phone !== null && !isOptedOut(ctx.db, c.phone, 'sms');
    const emailOk =
      c.emailConsent === 1 && c.email !== null && !isOptedOut(ctx.db, c.email, 'email');
    const order: ('sms' | 'email')[] =
      c.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
    const channel = order.find((ch) => (ch === 'sms' ? smsOk : emailOk));
    if (!channel) {
      insertOutreach(ctx, {
        ...base,
        channel: 'sms',
        to: null,
        body: null,
        status: 'skipped',
        reason: 'no text or e-mail consent (or opted out): the call step will follow',
      });
      continue;
    }
    if (!available[channel] || inQuietHours(quiet, patientZone, ctx.now)) {
      written--;
      continue;
    }
    const body = recallText({ clinicName: clinic.name, step, clinicPhone: clinic.phone });
    const text =
      channel === 'email' ? body.replace('Reply BOOK and we will offer you', 'Call us for') : body;
    const to = channel === 'sms' ? c.phone! : c.email!;
    const outreachId = insertOutreach(ctx, {
      ...base,
      channel,
      to,
      body: text,
      status: 'sending',
      reason: null,
    });
    out.push({
      outreachId,
      channel,
      to,
      subject: `${clinic.name}: time for a check-up`,
      body: text,
    });
  }
  return { toSend: out, written };
}

/** After the send: the provider's id, or the failure in words. */
export function recordRecallSent(
  ctx: CoreContext,
  r: { outreachId: number; providerMessageId: string } | { outreachId: number; error: string },
): void {
  const failed = 'error' in r;
  stmt(
    ctx.db.sqlite,
    `UPDATE recall_outreach SET status = ?, provider_message_id = ?, reason = ?, sent_ms = ?, updated_ms = ?
      WHERE id = ? AND status = 'sending'`,
  ).run(
    failed ? 'failed' : 'sent',
    failed ? null : r.providerMessageId,
    failed ? r.error : null,
    failed ? null : ctx.now,
    ctx.now,
    r.outreachId,
  );
  writeAudit(ctx, {
    action: failed ? 'recall.outreach.failed' : 'recall.outreach.sent',
    entityType: 'recall_outreach',
    entityId: r.outreachId,
    details: failed ? { error: r.error } : { providerMessageId: r.providerMessageId },
  });
}

/** Rows a crashed run left 'sending', claimed longer ago than this. */
export function interruptedOutreach(ctx: CoreContext, olderThanMs: number) {
  return stmt(
    ctx.db.sqlite,
    `SELECT id, channel, to_address AS "to", body, updated_ms AS claimedMs FROM recall_outreach
      WHERE status = 'sending' AND updated_ms < ?`,
  ).all(ctx.now - olderThanMs) as {
    id: number;
    channel: 'sms' | 'email';
    to: string;
    body: string;
    claimedMs: number;
  }[];
}

// ---------------------------------------------------------------------------------------------
// Answers

export interface RecallAnswer {
  note: string;
  reply: string | null;
}

/**
 * BOOK (or YES) from a number whose latest text from us was recall outreach, sent within 30 days
 * and with no reminder or waitlist offer sent to it since: the patient goes on the waitlist for
 * the recall's first completing visit type, so the next freed slot that suits is offered to them
 * by the waitlist (whose YES books through the booking path). Anything else is null and handled
 * as always (STOP included).
 */
export function answerRecall(
  ctx: CoreContext,
  m: { from: string; body: string },
): RecallAnswer | null {
  const word = normalizeReply(m.body);
  if (!isRecallBookWord(word)) return null;
  const o = stmt(
    ctx.db.sqlite,
    `SELECT o.id, o.patient_recall_id AS recallId, o.patient_id AS patientId, o.sent_ms AS sentMs,
       t.visit_type_ids AS visitTypeIds, t.name AS typeName
       FROM recall_outreach o JOIN patient_recalls r ON r.id = o.patient_recall_id JOIN recall_types t ON t.id = r.recall_type_id
      WHERE o.to_address = ? AND o.channel = 'sms' AND o.status = 'sent' AND o.sent_ms >= ?
      ORDER BY o.sent_ms DESC, o.id DESC LIMIT 1`,
  ).get(m.from, ctx.now - 30 * DAY_MS) as
    | {
        id: number;
        recallId: number;
        patientId: number;
        sentMs: number;
        visitTypeIds: string;
        typeName: string;
      }
    | undefined;
  if (!o) return null;
  const lastReminder = smsSentTo(ctx.db, m.from)[0];
  if (lastReminder?.sentMs != null && lastReminder.sentMs > o.sentMs) return null;
  const lastOffer = stmt(
    ctx.db.sqlite,
    'SELECT max(sent_ms) AS ms FROM waitlist_offers WHERE to_address = ?',
  ).get(m.from) as { ms: number | null };
  if (lastOffer.ms !== null && lastOffer.ms > o.sentMs) return null;

  const clinic = getClinic(ctx.db, ctx.now);
  const visitTypeId = (JSON.parse(o.visitTypeIds) as number[])[0]!;
  const waiting = stmt(
    ctx.db.sqlite,
    "SELECT id FROM waitlist_entries WHERE patient_id = ? AND visit_type_id = ? AND status = 'active'",
  ).get(o.patientId, visitTypeId) as { id: number } | undefined;
  const reply = `${clinic.name}: thank you, you are on our list. We will text you the first opening${clinic.phone ? `, or call ${clinic.phone}` : ''}.`;
  if (waiting) {
    return { note: `recall: asked to book, already on the waitlist (entry ${waiting.id})`, reply };
  }
  const entry = addEntry(ctx, {
    patientId: o.patientId,
    visitTypeId,
    timeOfDay: 'any',
    priority: 0,
    note: `recall: ${o.typeName}`,
  });
  writeAudit(ctx, {
    action: 'recall.answered',
    entityType: 'patient_recall',
    entityId: o.recallId,
    details: { outreachId: o.id, waitlistEntryId: entry.id },
  });
  return { note: `recall: asked to book, put on the waitlist (entry ${entry.id})`, reply };
}

/** The recall calls staff owe (the cadence's last step), for the call queue; oldest due first. */
export function openRecallCalls(ctx: CoreContext) {
  return (
    stmt(
      ctx.db.sqlite,
      `SELECT o.id AS outreachId, o.patient_recall_id AS recallId, o.patient_id AS patientId,
         p.first_name || ' ' || p.last_name AS patientName, coalesce(p.phone_mobile, p.phone_home) AS phone,
         t.name AS recallTypeName, o.due_date AS dueDate, o.created_ms AS createdMs
         FROM recall_outreach o JOIN patient_recalls r ON r.id = o.patient_recall_id
         JOIN recall_types t ON t.id = r.recall_type_id AND t.active = 1 JOIN patients p ON p.id = o.patient_id
        WHERE o.status = 'open' ORDER BY o.due_date, o.id LIMIT 500`,
    ).all() as {
      outreachId: number;
      recallId: number;
      patientId: number;
      patientName: string;
      phone: string | null;
      recallTypeName: string;
      dueDate: string;
      createdMs: number;
    }[]
  ).map(({ createdMs, ...r }) => ({ ...r, since: toIso(createdMs) }));
}
