/**
 * Marking a patient inactive (deceased, moved away, other) and back. An inactive record leaves
 * search unless asked for, and what the clinic would still send them stops in the same
 * transaction: queued messages are cancelled with the reason, open call tasks close, active
 * waitlist entries are removed (or the waitlist job would text a deceased patient an offer).
 */
import { AppError, notFound } from '../../errors';
import type { CoreContext } from '../../context';
import { getClinic } from '../../db/repos/clinic';
import { getPatient } from '../../db/repos/patients';
import { localDateOf } from '../../time';
import { stmt } from '../../db/repos/statements';
import type { Patient } from '../../entities/patient';

export type DeactivateReason = 'deceased' | 'moved' | 'other';

const REASON_WORDS: Record<DeactivateReason, string> = {
  deceased: 'the patient is deceased',
  moved: 'the patient moved away',
  other: 'the patient record is inactive',
};

const OPEN_REMINDERS = `status = 'scheduled' AND appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?)`;
const OPEN_CALL_TASKS = `status = 'open' AND appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?)`;
const ACTIVE_WAITLIST = `status = 'active' AND patient_id = ?`;
const OPEN_RECALL_CALLS = `status = 'open' AND patient_id = ?`;

/**
 * What marking a patient inactive would stop, counted before the manager confirms; and their
 * upcoming visits, which are not cancelled by it (the confirmation says so, so they can be
 * cancelled or kept on purpose).
 */
export function outreachToStop(ctx: CoreContext, patientId: number) {
  if (!getPatient(ctx.db, patientId)) throw notFound('The patient', 'patientId');
  const count = (sql: string, ...args: unknown[]) =>
    (stmt(ctx.db.sqlite, sql).get(...args) as { n: number }).n;
  return {
    reminders: count(`SELECT count(*) AS n FROM reminders WHERE ${OPEN_REMINDERS}`, patientId),
    callTasks: count(`SELECT count(*) AS n FROM call_tasks WHERE ${OPEN_CALL_TASKS}`, patientId),
    waitlist: count(
      `SELECT count(*) AS n FROM waitlist_entries WHERE ${ACTIVE_WAITLIST}`,
      patientId,
    ),
    recallCalls: count(
      `SELECT count(*) AS n FROM recall_outreach WHERE ${OPEN_RECALL_CALLS}`,
      patientId,
    ),
    upcomingAppointments: count(
      `SELECT count(*) AS n FROM appointments WHERE patient_id = ? AND status IN ('booked','confirmed') AND start_ms >= ?`,
      patientId,
      ctx.now,
    ),
  };
}

/** Stops every queued message, open call task and active waitlist entry of a patient. */
export function stopOutreach(ctx: CoreContext, patientId: number, why: string) {
  const reminders = stmt(
    ctx.db.sqlite,
    `UPDATE reminders SET status = 'cancelled', reason = ?, updated_ms = ?
      WHERE ${OPEN_REMINDERS}`,
  ).run(`stopped: ${why}`, ctx.now, patientId).changes;
  const callTasks = stmt(
    ctx.db.sqlite,
    `UPDATE call_tasks SET status = 'done', outcome = 'other', note = ?, done_by = ?, updated_ms = ?
      WHERE ${OPEN_CALL_TASKS}`,
  ).run(`closed: ${why}`, ctx.actor, ctx.now, patientId).changes;
  const waitlist = stmt(
    ctx.db.sqlite,
    `UPDATE waitlist_entries SET status = 'removed', note = coalesce(note || ' — ', '') || ?, updated_ms = ?
      WHERE ${ACTIVE_WAITLIST}`,
  ).run(`removed: ${why}`, ctx.now, patientId).changes;
  // Recall calls still to be made for them close too (no recall step is sent to an inactive record).
  const recallCalls = stmt(
    ctx.db.sqlite,
    `UPDATE recall_outreach SET status = 'done', reason = ?, done_by = ?, updated_ms = ?
      WHERE ${OPEN_RECALL_CALLS}`,
  ).run(`closed: ${why}`, ctx.actor, ctx.now, patientId).changes;
  return { reminders, callTasks, waitlist, recallCalls };
}

export function deactivatePatient(
  ctx: CoreContext,
  p: { patientId: number; reason: DeactivateReason; deceasedOn?: string | null },
): { before: Patient; after: Patient; stopped: ReturnType<typeof stopOutreach> } {
  const before = getPatient(ctx.db, p.patientId);
  if (!before) throw notFound('The patient', 'patientId');
  if (before.mergedIntoId !== null)
    throw new AppError(
      'INVALID_STATE',
      `This record was merged into record #${before.mergedIntoId}; change that record instead.`,
      'patientId',
    );
  const deceasedOn = checkDeceasedOn(ctx, before, p);
  stmt(
    ctx.db.sqlite,
    `UPDATE patients SET active = 0, inactive_reason = ?, inactive_ms = ?, deceased_on = ?, updated_ms = ? WHERE id = ?`,
  ).run(p.reason, ctx.now, deceasedOn, ctx.now, p.patientId);
  const stopped = stopOutreach(ctx, p.patientId, REASON_WORDS[p.reason]);
  return { before, after: getPatient(ctx.db, p.patientId)!, stopped };
}

/**
 * The date of death to keep: the one given (not in the future, not before birth), else the one
 * already known (an imported death date survives a second "deceased"); none for other reasons.
 */
function checkDeceasedOn(
  ctx: CoreContext,
  before: Patient,
  p: { reason: DeactivateReason; deceasedOn?: string | null },
): string | null {
  if (p.reason !== 'deceased') {
    if (p.deceasedOn)
      throw new AppError(
        'VALIDATION',
        'A date of death goes only with the reason "deceased".',
        'deceasedOn',
      );
    return null;
  }
  if (!p.deceasedOn) return before.deceasedOn;
  const today = localDateOf(getClinic(ctx.db, ctx.now).timeZone, ctx.now);
  if (p.deceasedOn > today)
    throw new AppError(
      'VALIDATION',
      `The date of death ${p.deceasedOn} is in the future (today is ${today}).`,
      'deceasedOn',
    );
  if (p.deceasedOn < before.dateOfBirth)
    throw new AppError(
      'VALIDATION',
      `The date of death ${p.deceasedOn} is before the date of birth ${before.dateOfBirth}.`,
      'deceasedOn',
    );
  return p.deceasedOn;
}

export function reactivatePatient(
  ctx: CoreContext,
  p: { patientId: number },
): { before: Patient; after: Patient } {
  const before = getPatient(ctx.db, p.patientId);
  if (!before) throw notFound('The patient', 'patientId');
  if (before.mergedIntoId !== null)
    throw new AppError(
      'INVALID_STATE',
      `This record was merged into record #${before.mergedIntoId} and cannot be used again; use that record.`,
      'patientId',
    );
  if (before.active)
    throw new AppError('INVALID_STATE', 'This patient is already active.', 'patientId');
  stmt(
    ctx.db.sqlite,
    // Reactivating a deceased record means the death was recorded in error: its date goes too
    // (the audit row keeps what it was).
    `UPDATE patients SET active = 1, inactive_reason = NULL, inactive_ms = NULL, deceased_on = NULL, updated_ms = ? WHERE id = ?`,
  ).run(ctx.now, p.patientId);
  return { before, after: getPatient(ctx.db, p.patientId)! };
}
