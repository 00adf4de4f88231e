/**
 * Marking a patient inactive (deceased, moved away, other) and back. An inactive record leaves
 * search unless asked for, and what the clinic would still send them stops in the same
 * transaction: queued messages are cancelled with the reason, open call tasks close, active
 * waitlist entries are removed (or the waitlist job would text a deceased patient an offer).
 */
import { AppError, notFound } from '../../errors';
import type { CoreContext } from '../../context';
import { getPatient } from '../../db/repos/patients';
import { stmt } from '../../db/repos/statements';
import type { Patient } from '../../entities/patient';

export type DeactivateReason = 'deceased' | 'moved' | 'other';

const REASON_WORDS: Record<DeactivateReason, string> = {
  deceased: 'the patient is deceased',
  moved: 'the patient moved away',
  other: 'the patient record is inactive',
};

/** Stops every queued message, open call task and active waitlist entry of a patient. */
export function stopOutreach(ctx: CoreContext, patientId: number, why: string) {
  const reminders = stmt(
    ctx.db.sqlite,
    `UPDATE reminders SET status = 'cancelled', reason = ?, updated_ms = ?
      WHERE status = 'scheduled' AND appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?)`,
  ).run(`stopped: ${why}`, ctx.now, patientId).changes;
  const callTasks = stmt(
    ctx.db.sqlite,
    `UPDATE call_tasks SET status = 'done', outcome = 'other', note = ?, done_by = ?, updated_ms = ?
      WHERE status = 'open' AND appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?)`,
  ).run(`closed: ${why}`, ctx.actor, ctx.now, patientId).changes;
  const waitlist = stmt(
    ctx.db.sqlite,
    `UPDATE waitlist_entries SET status = 'removed', note = coalesce(note || ' — ', '') || ?, updated_ms = ?
      WHERE status = 'active' AND patient_id = ?`,
  ).run(`removed: ${why}`, ctx.now, patientId).changes;
  // Recall calls still to be made for them close too (no recall step is sent to an inactive record).
  const recallCalls = stmt(
    ctx.db.sqlite,
    `UPDATE recall_outreach SET status = 'done', reason = ?, done_by = ?, updated_ms = ?
      WHERE status = 'open' AND patient_id = ?`,
  ).run(`closed: ${why}`, ctx.actor, ctx.now, patientId).changes;
  return { reminders, callTasks, waitlist, recallCalls };
}

export function deactivatePatient(
  ctx: CoreContext,
  p: { patientId: number; reason: DeactivateReason },
): { before: Patient; after: Patient; stopped: ReturnType<typeof stopOutreach> } {
  const before = getPatient(ctx.db, p.patientId);
  if (!before) throw notFound('The patient', 'patientId');
  if (before.mergedIntoId !== null)
    throw new AppError(
      'INVALID_STATE',
      `This record was merged into record #${before.mergedIntoId}; change that record instead.`,
      'patientId',
    );
  stmt(
    ctx.db.sqlite,
    `UPDATE patients SET active = 0, inactive_reason = ?, inactive_ms = ?, updated_ms = ? WHERE id = ?`,
  ).run(p.reason, ctx.now, ctx.now, p.patientId);
  const stopped = stopOutreach(ctx, p.patientId, REASON_WORDS[p.reason]);
  return { before, after: getPatient(ctx.db, p.patientId)!, stopped };
}

export function reactivatePatient(ctx: CoreContext, p: { patientId: number }): Patient {
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
    `UPDATE patients SET active = 1, inactive_reason = NULL, inactive_ms = NULL, updated_ms = ? WHERE id = ?`,
  ).run(ctx.now, p.patientId);
  return getPatient(ctx.db, p.patientId)!;
}
