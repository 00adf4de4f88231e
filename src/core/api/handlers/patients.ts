import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import {
  findSamePerson,
  getPatient,
  insertPatient,
  searchPatients,
  updatePatient,
} from '../../db/repos/patients';
import { stmt } from '../../db/repos/statements';
import { id } from '../../entities/common';
import { patientCreateInput, patientUpdateInput } from '../../entities/patient';
import { getClinic } from '../../db/repos/clinic';
import { localDateOf } from '../../time';
import { AppError, notFound } from '../../errors';
import { defineHandler } from '../handler';

export const patientsCreate = defineHandler({
  name: 'patients/create',
  mode: 'write',
  permission: 'patients.edit',
  summary: 'Register a patient (quick-add needs only name and date of birth).',
  input: patientCreateInput.and(z.object({ allowDuplicate: z.boolean().default(false) })),
  run: (input, ctx) => {
    const today = localDateOf(getClinic(ctx.db, ctx.now).timeZone, ctx.now);
    if (input.dateOfBirth > today)
      throw new AppError('VALIDATION', 'date of birth cannot be in the future', 'dateOfBirth');
    if (input.dateOfBirth < '1900-01-01')
      throw new AppError('VALIDATION', 'date of birth must be 1900 or later', 'dateOfBirth');
    if (!input.allowDuplicate) {
      const same = findSamePerson(ctx.db, input);
      if (same.length > 0) {
        throw new AppError(
          'CONFLICT',
          `${input.firstName} ${input.lastName}, born ${input.dateOfBirth}, is already registered (patient #${same[0]!.id}). Use that record, or confirm this is a different person.`,
          'lastName',
        );
      }
    }
    const patient = insertPatient(ctx.db, ctx.now, input);
    writeAudit(ctx, { action: 'patient.created', entityType: 'patient', entityId: patient.id });
    ctx.emit({ topic: 'patients', ids: [patient.id] });
    return patient;
  },
});

export const patientsSearch = defineHandler({
  name: 'patients/search',
  mode: 'read',
  permission: 'patients.view',
  summary:
    'Search as you type: name prefixes ("smi jo"), date of birth (3/2/1985) or phone (last 4).',
  input: z
    .object({
      query: z
        .string({ error: 'query must be text' })
        .max(100, 'query is too long (at most 100 characters)'),
      limit: z
        .number()
        .int()
        .min(1, 'limit must be at least 1')
        .max(100, 'limit must be at most 100')
        .default(20),
      /** Deceased, merged and other inactive records too; left out unless asked for. */
      includeInactive: z.boolean({ error: 'includeInactive must be true or false' }).default(false),
    })
    .strict(),
  run: (input, ctx) =>
    searchPatients(ctx.db, input.query, input.limit, { includeInactive: input.includeInactive }),
});

export const patientsGet = defineHandler({
  name: 'patients/get',
  mode: 'read',
  permission: 'patients.view',
  summary: 'One patient with their appointment counts (no-shows, late cancels).',
  input: z.object({ patientId: id('patient') }).strict(),
  run: (input, ctx) => {
    const patient = getPatient(ctx.db, input.patientId);
    if (!patient) throw notFound('The patient', 'patientId');
    // HIPAA audit controls: who opened whose record (written by the dispatcher after the read).
    writeAudit(ctx, { action: 'patient.viewed', entityType: 'patient', entityId: patient.id });
    const counts = stmt(
      ctx.db.sqlite,
      `SELECT count(*) AS total,
              sum(status = 'no_show') AS noShows,
              sum(status = 'cancelled' AND late_cancel = 1) AS lateCancels,
              sum(status IN ('booked','confirmed') AND start_ms >= ?) AS upcoming
         FROM appointments WHERE patient_id = ?`,
    ).get(ctx.now, input.patientId) as {
      total: number;
      noShows: number | null;
      lateCancels: number | null;
      upcoming: number | null;
    };
    return {
      ...patient,
      stats: {
        appointments: counts.total,
        noShows: counts.noShows ?? 0,
        lateCancels: counts.lateCancels ?? 0,
        upcoming: counts.upcoming ?? 0,
      },
    };
  },
});

export const patientsUpdate = defineHandler({
  name: 'patients/update',
  mode: 'write',
  permission: 'patients.edit',
  summary:
    "Save a patient's edited record: details, contact numbers, language, consents and preferred channel.",
  input: patientUpdateInput,
  run: (input, ctx) => {
    const before = getPatient(ctx.db, input.patientId);
    if (!before) throw notFound('The patient', 'patientId');
    if (before.mergedIntoId !== null)
      throw new AppError(
        'INVALID_STATE',
        `This record was merged into record #${before.mergedIntoId}; edit that record instead.`,
        'patientId',
      );
    const today = localDateOf(getClinic(ctx.db, ctx.now).timeZone, ctx.now);
    if (input.dateOfBirth > today)
      throw new AppError('VALIDATION', 'date of birth cannot be in the future', 'dateOfBirth');
    if (input.dateOfBirth < '1900-01-01')
      throw new AppError('VALIDATION', 'date of birth must be 1900 or later', 'dateOfBirth');
    const { patientId, ...fields } = input;
    const after = updatePatient(ctx.db, ctx.now, patientId, fields);
    const changed = Object.fromEntries(
      (Object.keys(fields) as (keyof typeof fields)[])
        .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
        .map((k) => [k, { from: before[k] ?? null, to: after[k] ?? null }]),
    );
    writeAudit(ctx, {
      action: 'patient.updated',
      entityType: 'patient',
      entityId: patientId,
      details: changed,
    });
    ctx.emit({ topic: 'patients', ids: [patientId] });
    return after;
  },
});
