import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import { getVisitType, listPayers, listVisitTypes } from '../../db/repos/directory';
import {
  cancelBatch,
  getBatch,
  getCheck,
  getClearinghouseSettings,
  insertBatch,
  insertCheck,
  latestAnswer,
  listChecks,
  listFees,
  saveClearinghouseSettings,
  selfPayCents,
  setFee,
  setSelfPay,
} from '../../db/repos/eligibility';
import { getCoverage, listCoverages } from '../../db/repos/insurance';
import { getAppointmentRow } from '../../db/repos/appointments';
import { getPatient } from '../../db/repos/patients';
import { stmt } from '../../db/repos/statements';
import { id, localDate } from '../../entities/common';
import { coverageInForce } from '../../entities/insurance';
import { parseClearinghouseConfig, ClearinghouseError } from '../../eligibility/clearinghouse';
import { estimateVisit, goodFaithEstimateFor } from '../../eligibility/service/costs';
import { X12Error } from '../../eligibility/errors';
import { parse271 } from '../../eligibility/parse271';
import {
  checkView,
  queueVerification,
  type ManualBenefits,
} from '../../eligibility/service/verification';
import { addDays, localDateOf, localDayBounds } from '../../time';
import { AppError, notFound } from '../../errors';
import { secretAfterEndpointChange } from '../../secrets/endpointChange';
import { defineHandler } from '../handler';

export const eligibilityParse271 = defineHandler({
  name: 'eligibility/parse271',
  mode: 'read',
  permission: 'eligibility.view',
  summary:
    'Read an X12 271 (005010X279A1): coverage, benefits per service type and network, rejections in words. Writes nothing.',
  input: z
    .object({
      x12: z
        .string({ error: 'x12 must be the 271 as text' })
        .min(1, 'x12 is empty: paste the whole 271, from ISA to IEA')
        .max(2_000_000, 'x12 is larger than 2 MB'),
    })
    .strict(),
  run: (input) => {
    try {
      return parse271(input.x12);
    } catch (err) {
      if (err instanceof X12Error) {
        const where = err.segment
          ? ` (segment ${err.segment}${err.segmentId ? `, ${err.segmentId}` : ''})`
          : '';
        throw new AppError(
          'VALIDATION',
          `${err.message}${err.message.includes('segment') ? '' : where}`,
          'x12',
        );
      }
      throw err;
    }
  },
});

const clearinghouseInput = z
  .object({
    url: z.string({ error: 'url is required' }).trim().min(1, 'url is required'),
    senderId: z
      .string({ error: 'sender ID is required' })
      .trim()
      .min(1, 'sender ID is required')
      .max(15, 'sender ID is at most 15 characters (ISA06)'),
    receiverId: z
      .string({ error: 'receiver ID is required' })
      .trim()
      .min(1, 'receiver ID is required')
      .max(15, 'receiver ID is at most 15 characters (ISA08)'),
    username: z
      .string({ error: 'user name is required' })
      .trim()
      .min(1, 'user name is required')
      .max(200),
    /** Left out when changing other settings: the saved password is kept. */
    password: z
      .string({ error: 'password must be text' })
      .min(1, 'password is required')
      .max(500)
      .optional(),
    timeoutMs: z
      .number()
      .int()
      .min(1000, 'timeout must be at least 1 s')
      .max(120_000, 'timeout must be at most 120 s')
      .default(30_000),
    maxAttempts: z
      .number()
      .int()
      .min(1, 'attempts must be 1 to 5')
      .max(5, 'attempts must be 1 to 5')
      .default(3),
    staleAfterHours: z
      .number()
      .int()
      .min(1, 'stale age must be at least 1 hour')
      .max(24 * 30, 'stale age must be at most 30 days')
      .default(72),
    ratePerMinute: z
      .number()
      .int()
      .min(0, 'rate must be 0 (no limit) or more')
      .max(6000)
      .default(60),
  })
  .strict();

export const eligibilitySetClearinghouse = defineHandler({
  name: 'eligibility/setClearinghouse',
  mode: 'write',
  permission: 'billing.manage',
  summary:
    'Save the clearinghouse connection (CAQH CORE real-time); the password is sealed, never stored plain.',
  input: clearinghouseInput,
  run: (input, ctx) => {
    if (!ctx.secrets)
      throw new AppError(
        'INVALID_STATE',
        'This window cannot store credentials; use the desktop app or the host.',
      );
    const before = getClearinghouseSettings(ctx.db);
    if (!input.password && !before)
      throw new AppError('VALIDATION', 'password: password is required', 'password');
    const secrets = ctx.secrets;
    // The saved password belongs to the saved address and user (secrets/endpointChange.ts).
    const password = secretAfterEndpointChange({
      endpointBefore: before ? { url: before.url, username: before.username } : null,
      endpointAfter: { url: input.url, username: input.username },
      sealedBefore: before?.passwordSealed ?? null,
      secret: input.password,
      seal: (plain) => secrets.seal(plain),
    });
    if (password.sealed === null) {
      throw new AppError(
        'VALIDATION',
        `password: enter the clearinghouse password again — the ${password.changed.includes('url') ? 'address' : 'user name'} changed, and the saved password is not sent to a new one`,
        'password',
      );
    }
    try {
      parseClearinghouseConfig({
        url: input.url,
        senderId: input.senderId,
        receiverId: input.receiverId,
        auth: {
          method: 'password',
          username: input.username,
          password: input.password ?? 'unchanged',
        },
        timeoutMs: input.timeoutMs,
        maxAttempts: input.maxAttempts,
      });
    } catch (err) {
      if (err instanceof ClearinghouseError)
        throw new AppError(
          'VALIDATION',
          err.message,
          err.field === 'auth.password' ? 'password' : (err.field ?? 'url'),
        );
      throw err;
    }
    saveClearinghouseSettings(ctx.db, {
      url: input.url,
      senderId: input.senderId,
      receiverId: input.receiverId,
      username: input.username,
      passwordSealed: password.sealed,
      timeoutMs: input.timeoutMs,
      maxAttempts: input.maxAttempts,
      staleAfterHours: input.staleAfterHours,
      ratePerMinute: input.ratePerMinute,
      updatedMs: ctx.now,
    });
    writeAudit(ctx, {
      action: 'clearinghouse.configured',
      entityType: 'clinic',
      entityId: 1,
      details: {
        url: input.url,
        senderId: input.senderId,
        passwordChanged: input.password !== undefined,
      },
    });
    ctx.emit({ topic: 'settings' });
    return { saved: true };
  },
});

export const eligibilityGetClearinghouse = defineHandler({
  name: 'eligibility/getClearinghouse',
  mode: 'read',
  permission: 'billing.manage',
  summary: 'The clearinghouse connection without its password (null when none is set up).',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    const s = getClearinghouseSettings(ctx.db);
    if (!s) return null;
    const { passwordSealed: _sealed, ...rest } = s;
    return { ...rest, hasPassword: true };
  },
});

export const eligibilityVerify = defineHandler({
  name: 'eligibility/verify',
  mode: 'write',
  permission: 'eligibility.verify',
  summary:
    "Queue a verification of a patient's coverage (for an appointment, or a date); the answer arrives as an 'eligibility' change.",
  input: z
    .object({
      patientId: id('patient'),
      coverageId: id('coverage').optional(),
      appointmentId: id('appointment').optional(),
      dateOfService: localDate('date of service').optional(),
    })
    .strict(),
  run: (input, ctx) => {
    const check = queueVerification(ctx, input);
    writeAudit(ctx, {
      action: 'eligibility.requested',
      entityType: 'patient',
      entityId: input.patientId,
      details: { checkId: check.id, coverageId: check.coverageId },
    });
    ctx.emit({ topic: 'eligibility', ids: [check.id] });
    return checkView(ctx.db, check, ctx.now);
  },
});

const dollars = (what: string) =>
  z
    .number({ error: `${what} must be a number of dollars` })
    .min(0, `${what} cannot be negative`)
    .max(1_000_000, `${what} must be at most $1,000,000`)
    .nullable()
    .default(null);

export const eligibilityEnterManual = defineHandler({
  name: 'eligibility/enterManual',
  mode: 'write',
  permission: 'eligibility.verify',
  summary: 'Record benefits read off the phone or a payer portal, marked as entered by hand.',
  input: z
    .object({
      patientId: id('patient'),
      coverageId: id('coverage'),
      appointmentId: id('appointment').optional(),
      dateOfService: localDate('date of service').optional(),
      benefits: z
        .object({
          coverage: z.enum(['active', 'inactive'], {
            error: 'coverage must be active or inactive',
          }),
          planName: z.string().trim().max(200).nullable().default(null),
          network: z.enum(['in', 'out'], { error: 'network must be in or out' }).default('in'),
          copay: dollars('copay'),
          coinsurance: z
            .number({ error: 'coinsurance must be a fraction such as 0.2 for 20 %' })
            .min(0, 'coinsurance must be between 0 and 1 (0.2 for 20 %)')
            .max(1, 'coinsurance must be between 0 and 1 (0.2 for 20 %)')
            .nullable()
            .default(null),
          deductibleTotal: dollars('deductible'),
          deductibleRemaining: dollars('deductible remaining'),
          outOfPocketTotal: dollars('out-of-pocket maximum'),
          outOfPocketRemaining: dollars('out-of-pocket remaining'),
          note: z.string().trim().max(500).nullable().default(null),
        })
        .strict()
        .refine(
          (b) =>
            b.deductibleRemaining === null ||
            b.deductibleTotal === null ||
            b.deductibleRemaining <= b.deductibleTotal,
          {
            message: 'deductible remaining cannot be more than the deductible',
            path: ['deductibleRemaining'],
          },
        ),
    })
    .strict(),
  run: (input, ctx) => {
    if (!getPatient(ctx.db, input.patientId)) throw notFound('The patient', 'patientId');
    const coverage = getCoverage(ctx.db, input.coverageId);
    if (!coverage || coverage.patientId !== input.patientId)
      throw notFound('The coverage', 'coverageId');
    if (input.appointmentId !== undefined) {
      const a = getAppointmentRow(ctx.db, input.appointmentId);
      if (!a || a.patientId !== input.patientId) throw notFound('The appointment', 'appointmentId');
    }
    const manual: ManualBenefits = { manual: true, ...input.benefits };
    const checkId = insertCheck(ctx.db, {
      patientId: input.patientId,
      coverageId: coverage.id,
      appointmentId: input.appointmentId ?? null,
      batchId: null,
      serviceTypes: JSON.stringify(['30']),
      dateOfService:
        input.dateOfService ?? localDateOf(getClinic(ctx.db, ctx.now).timeZone, ctx.now),
      status: 'manual',
      source: 'manual',
      requestedMs: ctx.now,
      requestedBy: ctx.actor,
      result: JSON.stringify(manual),
      coverageStatus: input.benefits.coverage,
      completedMs: ctx.now,
    });
    writeAudit(ctx, {
      action: 'eligibility.enteredByHand',
      entityType: 'patient',
      entityId: input.patientId,
      details: { checkId, coverageId: coverage.id },
    });
    ctx.emit({ topic: 'eligibility', ids: [checkId] });
    return checkView(ctx.db, getCheck(ctx.db, checkId)!, ctx.now);
  },
});

export const eligibilityGet = defineHandler({
  name: 'eligibility/get',
  mode: 'read',
  permission: 'eligibility.view',
  summary: 'One verification with its raw 270 and 271.',
  input: z.object({ checkId: id('check') }).strict(),
  run: (input, ctx) => {
    const c = getCheck(ctx.db, input.checkId);
    if (!c) throw notFound('The verification', 'checkId');
    writeAudit(ctx, {
      action: 'eligibility.viewed',
      entityType: 'patient',
      entityId: c.patientId,
      details: { checkId: c.id },
    });
    return {
      ...checkView(ctx.db, c, ctx.now),
      requestX12: c.requestX12,
      responseX12: c.responseX12,
    };
  },
});

export const eligibilityList = defineHandler({
  name: 'eligibility/list',
  mode: 'read',
  permission: 'eligibility.view',
  summary: "A patient's or an appointment's verifications, newest first.",
  input: z
    .object({
      patientId: id('patient').optional(),
      appointmentId: id('appointment').optional(),
      limit: z
        .number()
        .int()
        .min(1, 'limit must be at least 1')
        .max(200, 'limit must be at most 200')
        .default(20),
    })
    .strict()
    .refine((i) => i.patientId !== undefined || i.appointmentId !== undefined, {
      message: 'give a patient or an appointment',
      path: ['patientId'],
    }),
  run: (input, ctx) => {
    const checks = listChecks(ctx.db, { ...input, limit: input.limit });
    // One row per patient whose benefits were shown (an appointment's list is one patient's).
    const patientIds = new Set(checks.map((c) => c.patientId));
    if (input.patientId !== undefined) patientIds.add(input.patientId);
    for (const patientId of patientIds)
      writeAudit(ctx, {
        action: 'eligibility.listed',
        entityType: 'patient',
        entityId: patientId,
        details: {
          checks: checks.filter((c) => c.patientId === patientId).length,
          ...(input.appointmentId !== undefined ? { appointmentId: input.appointmentId } : {}),
        },
      });
    return checks.map((c) => checkView(ctx.db, c, ctx.now));
  },
});

export const eligibilityEstimate = defineHandler({
  name: 'eligibility/estimate',
  mode: 'read',
  permission: 'eligibility.view',
  summary:
    'What the patient will pay for a visit (an appointment, or patient + visit type + provider + date), each step in words.',
  input: z
    .object({
      appointmentId: id('appointment').optional(),
      patientId: id('patient').optional(),
      visitTypeId: id('visit type').optional(),
      providerId: id('provider').optional(),
      date: localDate('date').optional(),
    })
    .strict()
    .refine(
      (i) =>
        i.appointmentId !== undefined ||
        (i.patientId !== undefined && i.visitTypeId !== undefined && i.providerId !== undefined),
      {
        message: 'give an appointment, or a patient, visit type and provider',
        path: ['appointmentId'],
      },
    ),
  run: (input, ctx) => {
    if (input.appointmentId !== undefined) {
      const a = getAppointmentRow(ctx.db, input.appointmentId);
      if (!a) throw notFound('The appointment', 'appointmentId');
      writeAudit(ctx, {
        action: 'estimate.viewed',
        entityType: 'patient',
        entityId: a.patientId,
        details: { appointmentId: a.id },
      });
      return estimateVisit(ctx.db, {
        now: ctx.now,
        patientId: a.patientId,
        visitTypeId: a.visitTypeId,
        providerId: a.providerId,
        date: localDateOf(getClinic(ctx.db, ctx.now).timeZone, a.startMs),
      });
    }
    const estimate = estimateVisit(ctx.db, {
      now: ctx.now,
      patientId: input.patientId!,
      visitTypeId: input.visitTypeId!,
      providerId: input.providerId!,
      ...(input.date ? { date: input.date } : {}),
    });
    writeAudit(ctx, {
      action: 'estimate.viewed',
      entityType: 'patient',
      entityId: input.patientId!,
      details: { visitTypeId: input.visitTypeId, providerId: input.providerId },
    });
    return estimate;
  },
});

export const eligibilityGoodFaithEstimate = defineHandler({
  name: 'eligibility/goodFaithEstimate',
  mode: 'read',
  permission: 'eligibility.view',
  summary:
    "A printable Good Faith Estimate (No Surprises Act) for a self-pay patient's appointment.",
  input: z.object({ appointmentId: id('appointment') }).strict(),
  run: (input, ctx) => {
    const a = getAppointmentRow(ctx.db, input.appointmentId);
    if (!a) throw notFound('The appointment', 'appointmentId');
    writeAudit(ctx, {
      action: 'goodFaithEstimate.viewed',
      entityType: 'patient',
      entityId: a.patientId,
      details: { appointmentId: a.id },
    });
    return goodFaithEstimateFor(ctx.db, {
      now: ctx.now,
      patientId: a.patientId,
      visitTypeId: a.visitTypeId,
      providerId: a.providerId,
      locationId: a.locationId,
      date: localDateOf(getClinic(ctx.db, ctx.now).timeZone, a.startMs),
    });
  },
});

export const eligibilityStartBatch = defineHandler({
  name: 'eligibility/startBatch',
  mode: 'write',
  permission: 'eligibility.verify',
  summary:
    'Verify every booked appointment of the next N days whose coverage has no fresh answer; returns the batch to follow.',
  input: z
    .object({
      days: z
        .number({ error: 'days must be a number' })
        .int()
        .min(1, 'days must be 1 to 30')
        .max(30, 'days must be 1 to 30')
        .default(3),
    })
    .strict(),
  run: (input, ctx) => {
    const clinic = getClinic(ctx.db, ctx.now);
    const settings = getClearinghouseSettings(ctx.db);
    if (!settings)
      throw new AppError(
        'INVALID_STATE',
        'No clearinghouse is set up: set it up under Settings, or verify by phone and enter benefits by hand.',
      );
    const today = localDateOf(clinic.timeZone, ctx.now);
    const last = addDays(today, input.days - 1);
    const window = { start: ctx.now, end: localDayBounds(clinic.timeZone, last).end };
    const appts = stmt(
      ctx.db.sqlite,
      `SELECT id, patient_id AS patientId, start_ms AS startMs FROM appointments
        WHERE start_ms >= ? AND start_ms < ? AND status IN ('booked','confirmed') ORDER BY start_ms`,
    ).all(window.start, window.end) as { id: number; patientId: number; startMs: number }[];
    const staleBefore = ctx.now - settings.staleAfterHours * 3_600_000;
    const todo: typeof appts = [];
    let fresh = 0;
    let selfPay = 0;
    for (const a of appts) {
      const date = localDateOf(clinic.timeZone, a.startMs);
      const cov = listCoverages(ctx.db, a.patientId).find((c) => coverageInForce(c, date));
      if (!cov) {
        selfPay++;
        continue;
      }
      const answer = latestAnswer(ctx.db, cov.id);
      if (answer && answer.completedMs !== null && answer.completedMs >= staleBefore) {
        fresh++;
        continue;
      }
      todo.push(a);
    }
    const batchId = insertBatch(ctx.db, {
      fromDate: today,
      toDate: last,
      requestedMs: ctx.now,
      requestedBy: ctx.actor,
      total: todo.length,
    });
    for (const a of todo)
      queueVerification(ctx, { patientId: a.patientId, appointmentId: a.id, batchId });
    writeAudit(ctx, {
      action: 'eligibility.batchStarted',
      entityType: 'clinic',
      entityId: 1,
      details: { batchId, days: input.days, queued: todo.length, fresh, selfPay },
    });
    ctx.emit({ topic: 'eligibility' });
    return {
      batchId,
      queued: todo.length,
      alreadyFresh: fresh,
      selfPay,
      appointments: appts.length,
    };
  },
});

export const eligibilityBatchStatus = defineHandler({
  name: 'eligibility/batchStatus',
  mode: 'read',
  permission: 'eligibility.view',
  summary: 'Progress of a batch: counts by status and each appointment with its result.',
  input: z.object({ batchId: id('batch') }).strict(),
  run: (input, ctx) => {
    const batch = getBatch(ctx.db, input.batchId);
    if (!batch) throw notFound('The batch', 'batchId');
    const checks = listChecks(ctx.db, { batchId: batch.id, limit: 10_000 }).map((c) =>
      checkView(ctx.db, c, ctx.now),
    );
    const count = (s: string) => checks.filter((c) => c.status === s).length;
    const names = new Map<number, string>();
    return {
      ...batch,
      counts: {
        queued: count('queued'),
        sending: count('sending'),
        done: count('done'),
        failed: count('failed'),
      },
      finished: count('queued') + count('sending') === 0,
      items: checks.map((c) => {
        let name = names.get(c.patientId);
        if (!name) {
          const p = getPatient(ctx.db, c.patientId);
          name = p ? `${p.firstName} ${p.lastName}` : `Patient ${c.patientId}`;
          names.set(c.patientId, name);
        }
        return { ...c, patientName: name };
      }),
    };
  },
});

export const eligibilityCancelBatch = defineHandler({
  name: 'eligibility/cancelBatch',
  mode: 'write',
  permission: 'eligibility.verify',
  summary: 'Stop a batch: checks not yet sent are marked stopped; answers already in stay.',
  input: z.object({ batchId: id('batch') }).strict(),
  run: (input, ctx) => {
    const batch = getBatch(ctx.db, input.batchId);
    if (!batch) throw notFound('The batch', 'batchId');
    if (batch.cancelledMs !== null)
      throw new AppError('INVALID_STATE', 'This batch was already stopped.', 'batchId');
    const stopped = cancelBatch(ctx.db, batch.id, ctx.now, ctx.actor);
    writeAudit(ctx, {
      action: 'eligibility.batchStopped',
      entityType: 'clinic',
      entityId: 1,
      details: { batchId: batch.id, stopped },
    });
    ctx.emit({ topic: 'eligibility' });
    return { stopped };
  },
});

export const feesList = defineHandler({
  name: 'fees/list',
  mode: 'read',
  permission: 'eligibility.view',
  summary:
    'The fee schedule: per visit type, the default and per-payer allowed amounts and the self-pay price.',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    const fees = listFees(ctx.db);
    const payers = new Map(listPayers(ctx.db).map((p) => [p.id as number, p.name]));
    return listVisitTypes(ctx.db).map((v) => ({
      visitTypeId: v.id,
      visitTypeName: v.name,
      cptCode: v.cptCode,
      selfPay: (() => {
        const c = selfPayCents(ctx.db, v.id);
        return c === null ? null : c / 100;
      })(),
      fees: fees
        .filter((f) => f.visitTypeId === v.id)
        .map((f) => ({
          payerId: f.payerId,
          payerName: f.payerId === null ? 'Default' : (payers.get(f.payerId) ?? ''),
          allowed: f.allowedCents / 100,
        })),
    }));
  },
});

const amount = (what: string) =>
  z
    .number({ error: `${what} must be a number of dollars` })
    .min(0, `${what} cannot be negative`)
    .max(1_000_000, `${what} must be at most $1,000,000`)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, `${what} must be whole cents`)
    .nullable();

export const feesSet = defineHandler({
  name: 'fees/set',
  mode: 'write',
  permission: 'billing.manage',
  summary:
    'Set the allowed amount of a visit type for a payer (or the default), and/or its self-pay price; null removes it.',
  input: z
    .object({
      visitTypeId: id('visit type'),
      payerId: id('payer').nullable().default(null),
      allowed: amount('allowed amount').optional(),
      selfPay: amount('self-pay price').optional(),
    })
    .strict()
    .refine((i) => i.allowed !== undefined || i.selfPay !== undefined, {
      message: 'give an allowed amount or a self-pay price',
      path: ['allowed'],
    }),
  run: (input, ctx) => {
    const vt = getVisitType(ctx.db, input.visitTypeId);
    if (!vt) throw notFound('The visit type', 'visitTypeId');
    if (input.payerId !== null && !listPayers(ctx.db).some((p) => p.id === input.payerId))
      throw notFound('The payer', 'payerId');
    if (input.allowed !== undefined)
      setFee(ctx.db, ctx.now, {
        visitTypeId: vt.id,
        payerId: input.payerId,
        allowedCents: input.allowed === null ? null : Math.round(input.allowed * 100),
      });
    if (input.selfPay !== undefined)
      setSelfPay(ctx.db, vt.id, input.selfPay === null ? null : Math.round(input.selfPay * 100));
    writeAudit(ctx, {
      action: 'fees.changed',
      entityType: 'visitType',
      entityId: vt.id,
      details: input,
    });
    ctx.emit({ topic: 'fees', ids: [vt.id] });
    return { saved: true };
  },
});
