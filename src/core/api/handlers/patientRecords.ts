/**
 * Keeping the patient list true: merging two records of one person, and marking a record
 * inactive (deceased, moved away) or active again.
 */
import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { id, localDate } from '../../entities/common';
import {
  MERGE_FIELDS,
  mergePatients,
  mergePreview,
  type MergeField,
} from '../../clinic/service/patientMerge';
import {
  deactivatePatient,
  outreachToStop,
  reactivatePatient,
} from '../../clinic/service/patientStatus';
import { defineHandler } from '../handler';

const pairInput = {
  survivorId: id('record to keep'),
  mergedId: id('duplicate record'),
};

export const patientsMergePreview = defineHandler({
  name: 'patients/mergePreview',
  mode: 'read',
  permission: 'patients.edit',
  summary:
    'Two records side by side before a merge: each field of both, which differ, how many appointments, coverages and other rows each holds, and visits that overlap.',
  input: z.object(pairInput).strict(),
  run: (input, ctx) => {
    const r = mergePreview(ctx, input);
    writeAudit(ctx, {
      action: 'patient.mergeCompared',
      entityType: 'patient',
      entityId: r.survivor.id,
      details: { mergedId: r.merged.id },
    });
    return r;
  },
});

const choice = z.enum(['survivor', 'merged'], {
  error: 'each choice must be survivor or merged',
});

export const patientsMerge = defineHandler({
  name: 'patients/merge',
  mode: 'write',
  permission: 'patients.edit',
  summary:
    'Merge a duplicate into the record to keep: the chosen value per field, every appointment, coverage, eligibility check, series and waitlist entry moves; the duplicate stays as "merged into".',
  input: z
    .object({
      ...pairInput,
      choices: z
        .object(
          Object.fromEntries(MERGE_FIELDS.map((f) => [f, choice.optional()])) as Record<
            MergeField,
            z.ZodOptional<typeof choice>
          >,
        )
        .strict()
        .default({}),
      expected: z
        .object({
          survivorUpdatedMs: z.number().int().nonnegative(),
          mergedUpdatedMs: z.number().int().nonnegative(),
        })
        .strict(),
    })
    .strict(),
  run: (input, ctx) => {
    const r = mergePatients(ctx, input);
    writeAudit(ctx, {
      action: 'patient.merged',
      entityType: 'patient',
      entityId: r.survivor.id,
      details: {
        mergedId: r.mergedId,
        choices: input.choices,
        changed: r.changed,
        moved: r.moved,
        notes: r.notes,
      },
    });
    writeAudit(ctx, {
      action: 'patient.mergedInto',
      entityType: 'patient',
      entityId: r.mergedId,
      details: { survivorId: r.survivor.id },
    });
    for (const topic of [
      'patients',
      'appointments',
      'insurance',
      'eligibility',
      'waitlist',
      'reminders',
    ] as const) {
      ctx.emit(topic === 'patients' ? { topic, ids: [r.survivor.id, r.mergedId] } : { topic });
    }
    return r;
  },
});

export const patientsDeactivate = defineHandler({
  name: 'patients/deactivate',
  mode: 'write',
  permission: 'patients.edit',
  summary:
    'Mark a patient deceased, moved away or inactive: left out of search, queued reminders and waitlist offers stop at once.',
  input: z
    .object({
      patientId: id('patient'),
      reason: z.enum(['deceased', 'moved', 'other'], {
        error: 'reason must be deceased, moved or other',
      }),
      /** Date of death, when known (only with reason 'deceased'). */
      deceasedOn: localDate('date of death').nullable().optional(),
    })
    .strict(),
  run: (input, ctx) => {
    const r = deactivatePatient(ctx, input);
    writeAudit(ctx, {
      action: 'patient.deactivated',
      entityType: 'patient',
      entityId: input.patientId,
      details: {
        reason: input.reason,
        from: r.before.inactiveReason ?? 'active',
        ...(r.after.deceasedOn ? { deceasedOn: r.after.deceasedOn } : {}),
        stopped: r.stopped,
      },
    });
    for (const topic of ['patients', 'reminders', 'callQueue', 'waitlist'] as const)
      ctx.emit(topic === 'patients' ? { topic, ids: [input.patientId] } : { topic });
    return { patient: r.after, stopped: r.stopped };
  },
});

export const patientsReactivate = defineHandler({
  name: 'patients/reactivate',
  mode: 'write',
  permission: 'patients.edit',
  summary: 'Make an inactive patient active again (reminders are planned by the next booking).',
  input: z.object({ patientId: id('patient') }).strict(),
  run: (input, ctx) => {
    const { before, after } = reactivatePatient(ctx, input);
    writeAudit(ctx, {
      action: 'patient.reactivated',
      entityType: 'patient',
      entityId: input.patientId,
      details: { from: before.inactiveReason, deceasedOn: before.deceasedOn },
    });
    ctx.emit({ topic: 'patients', ids: [input.patientId] });
    return after;
  },
});

export const patientsOutreachToStop = defineHandler({
  name: 'patients/outreachToStop',
  mode: 'read',
  permission: 'patients.edit',
  summary:
    'Before marking a patient inactive: how many queued reminders, open call tasks, waitlist entries and recall calls would stop, and how many upcoming visits stay booked.',
  input: z.object({ patientId: id('patient') }).strict(),
  run: (input, ctx) => outreachToStop(ctx, input.patientId),
});
