/**
 * Merging two records of one person. The survivor takes the value chosen for each field; every
 * row that points at the duplicate (appointments, coverages, eligibility checks, series, waitlist
 * entries and offers) moves to the survivor; the duplicate stays, inactive, as "merged into #N",
 * so an old printout or audit row still finds its way. Runs inside the caller's one transaction.
 *
 * PATIENT_REFERENCES names every foreign key to patients and what a merge does with it; the merge
 * test reads the live schema and fails when a table gains a patient column that is not listed
 * here (a new table would otherwise keep pointing at the merged record, silently).
 */
import { AppError, notFound } from '../../errors';
import type { CoreContext } from '../../context';
import { getPatient, updatePatient } from '../../db/repos/patients';
import { stmt } from '../../db/repos/statements';
import { stopPending } from '../../db/repos/reminders';
import { patientCreateInput, type Patient, type PatientCreateInput } from '../../entities/patient';
import { planUpcomingReminders } from '../../reminders/outbox';
import { listRecallTypes, recomputePatientRecall } from '../../access/service/recall';

/** What a merge does with each column that references patients(id). */
export type ReferenceHandling =
  /** Point the rows at the survivor. */
  | 'move'
  /** Move, keeping at most one active coverage per priority (see moveCoverages). */
  | 'move-coverages'
  /** Describes the merged record itself (its own name's search words): stays with it. */
  | 'keep'
  /** Records merged into the duplicate earlier now name the survivor (no chains). */
  | 'repoint-merged'
  /**
   * Recall due dates: a recall type only the duplicate had moves; where both records have one,
   * the survivor's stays (and is recomputed from the visits that moved to it), the duplicate's
   * stays with the merged record as history (inactive records are never recalled).
   */
  | 'move-recalls'
  /** Recall outreach steps follow the recall they belong to. */
  | 'follow-recall';

export const PATIENT_REFERENCES: Readonly<Record<string, ReferenceHandling>> = {
  'appointments.patient_id': 'move',
  'appointment_series.patient_id': 'move',
  'eligibility_checks.patient_id': 'move',
  'patient_coverages.patient_id': 'move-coverages',
  // The old system's id follows the person: importing that file again finds the kept record.
  'patient_external_ids.patient_id': 'move',
  'patient_recalls.patient_id': 'move-recalls',
  'recall_outreach.patient_id': 'follow-recall',
  'patient_search_tokens.patient_id': 'keep',
  // Each record's own first kept visit, worked out again by the appointments' triggers as the
  // visits move (the duplicate's becomes none, the survivor's the earlier of the two).
  'patient_first_kept.patient_id': 'keep',
  'patients.merged_into_id': 'repoint-merged',
  'waitlist_entries.patient_id': 'move',
  'waitlist_offers.patient_id': 'move',
};

/** The fields a merge chooses between, in the order the compare screen shows them. */
export const MERGE_FIELDS = [
  'firstName',
  'lastName',
  'dateOfBirth',
  'sex',
  'phoneMobile',
  'phoneHome',
  'email',
  'address1',
  'city',
  'state',
  'zip',
  'preferredLanguage',
  'smsConsent',
  'emailConsent',
  'voiceConsent',
  'preferredChannel',
  'timeZone',
] as const satisfies readonly (keyof PatientCreateInput & keyof Patient)[];
export type MergeField = (typeof MERGE_FIELDS)[number];

export type MergeChoice = 'survivor' | 'merged';

interface Pair {
  survivor: Patient & { updatedMs: number };
  merged: Patient & { updatedMs: number };
}

function updatedMsOf(ctx: CoreContext, id: number): number {
  return (
    stmt(ctx.db.sqlite, 'SELECT updated_ms AS u FROM patients WHERE id = ?').get(id) as {
      u: number;
    }
  ).u;
}

const who = (p: Patient) => `${p.firstName} ${p.lastName} (#${p.id})`;

function loadPair(ctx: CoreContext, survivorId: number, mergedId: number): Pair {
  if (survivorId === mergedId)
    throw new AppError(
      'VALIDATION',
      'Pick two different records: a record cannot be merged into itself.',
      'mergedId',
    );
  const survivor = getPatient(ctx.db, survivorId);
  if (!survivor) throw notFound('The record to keep', 'survivorId');
  const merged = getPatient(ctx.db, mergedId);
  if (!merged) throw notFound('The duplicate record', 'mergedId');
  for (const [p, field] of [
    [survivor, 'survivorId'],
    [merged, 'mergedId'],
  ] as const) {
    if (p.mergedIntoId !== null)
      throw new AppError(
        'INVALID_STATE',
        `${who(p)} was already merged into record #${p.mergedIntoId}; use that record.`,
        field,
      );
  }
  if (merged.inactiveReason === 'deceased' && survivor.inactiveReason !== 'deceased')
    throw new AppError(
      'RULE',
      `${who(merged)} is marked deceased and ${who(survivor)} is not: keep the deceased record, or correct it first.`,
      'survivorId',
    );
  return {
    survivor: { ...survivor, updatedMs: updatedMsOf(ctx, survivorId) },
    merged: { ...merged, updatedMs: updatedMsOf(ctx, mergedId) },
  };
}

/** How many rows point at a record, per referencing table (what would move). */
function referenceCounts(ctx: CoreContext, patientId: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [ref, how] of Object.entries(PATIENT_REFERENCES)) {
    if (how === 'keep') continue;
    const [table, column] = ref.split('.') as [string, string];
    out[table] = (
      stmt(ctx.db.sqlite, `SELECT count(*) AS n FROM "${table}" WHERE "${column}" = ?`).get(
        patientId,
      ) as { n: number }
    ).n;
  }
  return out;
}

/** Visits of the two records that overlap in time: after a merge the person would be in two places. */
function overlappingVisits(ctx: CoreContext, a: number, b: number) {
  return stmt(
    ctx.db.sqlite,
    `SELECT x.id AS survivorAppointmentId, y.id AS mergedAppointmentId, x.start_ms AS startMs
       FROM appointments x JOIN appointments y
         ON x.patient_id = ? AND y.patient_id = ?
        AND x.status IN ('booked','confirmed','arrived','in_room')
        AND y.status IN ('booked','confirmed','arrived','in_room')
        AND x.start_ms < y.end_ms AND y.start_ms < x.end_ms
      ORDER BY x.start_ms`,
  ).all(a, b) as { survivorAppointmentId: number; mergedAppointmentId: number; startMs: number }[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function mergePreview(ctx: CoreContext, p: { survivorId: number; mergedId: number }) {
  const { survivor, merged } = loadPair(ctx, p.survivorId, p.mergedId);
  return {
    survivor,
    merged,
    fields: MERGE_FIELDS.map((field) => ({
      field,
      survivor: survivor[field] ?? null,
      merged: merged[field] ?? null,
      differs: !same(survivor[field], merged[field]),
    })),
    counts: {
      survivor: referenceCounts(ctx, survivor.id),
      merged: referenceCounts(ctx, merged.id),
    },
    overlappingVisits: overlappingVisits(ctx, survivor.id, merged.id),
  };
}

/**
 * The merged record's coverages move; one that repeats a plan and member ID the survivor already
 * has is kept as history (inactive), and one whose priority the survivor already holds takes the
 * next free priority, or stays as history when primary, secondary and tertiary are all taken.
 */
function moveCoverages(ctx: CoreContext, survivorId: number, mergedId: number) {
  const rows = stmt(
    ctx.db.sqlite,
    'SELECT id, plan_id AS planId, member_id AS memberId, priority, active FROM patient_coverages WHERE patient_id = ? ORDER BY priority, id',
  ).all(mergedId) as {
    id: number;
    planId: number;
    memberId: string;
    priority: number;
    active: number;
  }[];
  const held = () =>
    stmt(
      ctx.db.sqlite,
      'SELECT plan_id AS planId, member_id AS memberId, priority FROM patient_coverages WHERE patient_id = ? AND active = 1',
    ).all(survivorId) as { planId: number; memberId: string; priority: number }[];
  const notes: string[] = [];
  for (const r of rows) {
    let active = r.active === 1;
    let priority = r.priority;
    if (active) {
      const current = held();
      if (current.some((c) => c.planId === r.planId && c.memberId === r.memberId)) {
        active = false;
        notes.push(`coverage ${r.memberId} repeats one the kept record has: kept as history`);
      } else if (current.some((c) => c.priority === priority)) {
        const free = [1, 2, 3].find((n) => !current.some((c) => c.priority === n));
        if (free === undefined) {
          active = false;
          notes.push(`coverage ${r.memberId}: no free priority left, kept as history`);
        } else {
          notes.push(`coverage ${r.memberId} moved from priority ${priority} to ${free}`);
          priority = free;
        }
      }
    }
    stmt(
      ctx.db.sqlite,
      'UPDATE patient_coverages SET patient_id = ?, priority = ?, active = ?, updated_ms = ? WHERE id = ?',
    ).run(survivorId, priority, active ? 1 : 0, ctx.now, r.id);
  }
  return { moved: rows.length, notes };
}

export interface MergeRequest {
  survivorId: number;
  mergedId: number;
  /** Which record's value the survivor keeps, per field; a field left out keeps the survivor's. */
  choices: Partial<Record<MergeField, MergeChoice>>;
  /** Both records' updatedMs as the compare screen showed them (a later edit is a conflict). */
  expected: { survivorUpdatedMs: number; mergedUpdatedMs: number };
}

export function mergePatients(ctx: CoreContext, req: MergeRequest) {
  const { survivor, merged } = loadPair(ctx, req.survivorId, req.mergedId);
  if (
    survivor.updatedMs !== req.expected.survivorUpdatedMs ||
    merged.updatedMs !== req.expected.mergedUpdatedMs
  )
    throw new AppError(
      'CONFLICT',
      'One of these records was changed after you compared them. Compare them again before merging.',
      'expected',
    );

  const record: Record<string, unknown> = {};
  for (const f of MERGE_FIELDS) {
    record[f] = (req.choices[f] ?? 'survivor') === 'merged' ? merged[f] : survivor[f];
  }
  const parsed = patientCreateInput.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'VALIDATION',
      `The chosen values do not fit together: ${issue.message}. Choose the matching values from one record.`,
      `choices.${String(issue.path[0] ?? '')}`,
    );
  }

  const moved: Record<string, number> = {};
  for (const [ref, how] of Object.entries(PATIENT_REFERENCES)) {
    const [table, column] = ref.split('.') as [string, string];
    if (how === 'move') {
      moved[table] = stmt(
        ctx.db.sqlite,
        `UPDATE "${table}" SET "${column}" = ? WHERE "${column}" = ?`,
      ).run(survivor.id, merged.id).changes;
    } else if (how === 'move-recalls') {
      moved[table] = stmt(
        ctx.db.sqlite,
        `UPDATE patient_recalls SET patient_id = ? WHERE patient_id = ? AND recall_type_id NOT IN
           (SELECT recall_type_id FROM patient_recalls WHERE patient_id = ?)`,
      ).run(survivor.id, merged.id, survivor.id).changes;
    } else if (how === 'follow-recall') {
      moved[table] = stmt(
        ctx.db.sqlite,
        `UPDATE recall_outreach SET patient_id =
           (SELECT r.patient_id FROM patient_recalls r WHERE r.id = recall_outreach.patient_recall_id)
          WHERE patient_id = ? AND patient_recall_id IN (SELECT id FROM patient_recalls WHERE patient_id = ?)`,
      ).run(merged.id, survivor.id).changes;
    } else if (how === 'repoint-merged') {
      moved[table] = stmt(
        ctx.db.sqlite,
        `UPDATE "${table}" SET "${column}" = ? WHERE "${column}" = ?`,
      ).run(survivor.id, merged.id).changes;
    }
  }
  const coverages = moveCoverages(ctx, survivor.id, merged.id);
  moved.patient_coverages = coverages.moved;
  // The duplicate's completed visits are the survivor's now: its due dates follow them.
  for (const type of listRecallTypes(ctx, false)) recomputePatientRecall(ctx, survivor.id, type);

  const after = updatePatient(ctx.db, ctx.now, survivor.id, parsed.data);
  stmt(
    ctx.db.sqlite,
    `UPDATE patients SET active = 0, inactive_reason = 'merged', inactive_ms = ?, merged_into_id = ?, updated_ms = ?
      WHERE id = ?`,
  ).run(ctx.now, survivor.id, ctx.now, merged.id);

  // Messages still to come go to the kept record's contact details and consents (the duplicate's
  // number may be the wrong one, its consent may not carry over).
  const replanned = replanPending(
    ctx,
    survivor.id,
    `replanned: records #${merged.id} and #${survivor.id} were merged`,
  );

  const changed = Object.fromEntries(
    MERGE_FIELDS.filter((f) => !same(survivor[f], after[f])).map((f) => [
      f,
      { from: survivor[f] ?? null, to: after[f] ?? null },
    ]),
  );
  return {
    survivor: after,
    mergedId: merged.id as number,
    moved,
    changed,
    notes: coverages.notes,
    replannedAppointments: replanned,
  };
}

/** Future appointments of a patient that have messages waiting: stop those and plan again. */
function replanPending(ctx: CoreContext, patientId: number, reason: string): number {
  const ids = stmt(
    ctx.db.sqlite,
    `SELECT DISTINCT a.id FROM appointments a JOIN reminders r ON r.appointment_id = a.id
      WHERE a.patient_id = ? AND a.start_ms > ? AND r.status = 'scheduled'`,
  )
    .all(patientId, ctx.now)
    .map((r) => (r as { id: number }).id);
  for (const appointmentId of ids) {
    stopPending(ctx.db, { appointmentId, reason, now: ctx.now });
    planUpcomingReminders(ctx, appointmentId);
  }
  return ids.length;
}
