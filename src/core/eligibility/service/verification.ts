/**
 * Verification over the database and the clearinghouse: queue a check (a handler, in its
 * transaction), send the queued ones (a background job: network I/O never runs inside a database
 * transaction), store the raw 270/271 with what was read from it, and turn a stored answer into
 * what the desk shows. Unlike the rest of eligibility/ this file does I/O; it is not exported from
 * the pure index.
 */
import { AppError, notFound } from '../../errors';
import type { ChangeEvent } from '../../events';
import type { CoreContext } from '../../context';
import { getClinic } from '../../db/repos/clinic';
import { getPlan, getVisitType, listPayers } from '../../db/repos/directory';
import {
  allocateControlNumbers,
  claimDueChecks,
  finishCheck,
  getCheck,
  getClearinghouseSettings,
  insertCheck,
  pendingCheck,
  recordSent,
  requeueStale,
  type CheckRow,
} from '../../db/repos/eligibility';
import { getCoverage, listCoverages } from '../../db/repos/insurance';
import { getPatient } from '../../db/repos/patients';
import { getAppointmentRow } from '../../db/repos/appointments';
import type { ClinicDb } from '../../db/open';
import { coverageInForce, type Coverage } from '../../entities/insurance';
import type { SecretBox } from '../../secrets/secretBox';
import { instantToLocal, localDateOf, toIso } from '../../time';
import { build270 } from '../build270';
import {
  ClearinghouseError,
  createCoreClearinghouse,
  type ClearinghousePort,
} from '../clearinghouse';
import { X12Error } from '../errors';
import { parse271 } from '../parse271';
import { officeVisitFigures, type BenefitLine } from '../officeVisit';
import { serviceTypesForVisit } from '../serviceTypes';
import type { Eligibility271Result, PatientEligibility } from '../types';

const SENDING_TIMEOUT_MS = 5 * 60_000;

/** The coverage to verify: the one asked for, else the patient's primary in force on the date. */
function coverageFor(
  db: ClinicDb,
  patientId: number,
  coverageId: number | undefined,
  date: string,
): Coverage {
  if (coverageId !== undefined) {
    const c = getCoverage(db, coverageId);
    if (!c || c.patientId !== patientId || !c.active) throw notFound('The coverage', 'coverageId');
    return c;
  }
  const c = listCoverages(db, patientId).find((x) => coverageInForce(x, date));
  if (!c)
    throw new AppError(
      'RULE',
      'This patient has no insurance in force on that date: add a coverage, or treat the visit as self-pay.',
      'coverageId',
    );
  return c;
}

/** Queue a verification; the background job sends it. Returns the check (an existing pending one is reused). */
export function queueVerification(
  ctx: CoreContext,
  p: {
    patientId: number;
    coverageId?: number;
    appointmentId?: number;
    dateOfService?: string;
    batchId?: number;
  },
): CheckRow {
  const clinic = getClinic(ctx.db, ctx.now);
  const patient = getPatient(ctx.db, p.patientId);
  if (!patient) throw notFound('The patient', 'patientId');
  let date = p.dateOfService ?? localDateOf(clinic.timeZone, ctx.now);
  let serviceTypes = ['30'];
  if (p.appointmentId !== undefined) {
    const appt = getAppointmentRow(ctx.db, p.appointmentId);
    if (!appt || appt.patientId !== p.patientId) throw notFound('The appointment', 'appointmentId');
    date = localDateOf(clinic.timeZone, appt.startMs);
    const vt = getVisitType(ctx.db, appt.visitTypeId);
    serviceTypes = serviceTypesForVisit({ cptCode: vt?.cptCode ?? null });
  }
  const coverage = coverageFor(ctx.db, p.patientId, p.coverageId, date);
  const existing = pendingCheck(ctx.db, coverage.id, date);
  if (existing && p.batchId === undefined) return existing;
  const settings = getClearinghouseSettings(ctx.db);
  const id = insertCheck(ctx.db, {
    patientId: p.patientId,
    coverageId: coverage.id,
    appointmentId: p.appointmentId ?? null,
    batchId: p.batchId ?? null,
    serviceTypes: JSON.stringify(serviceTypes),
    dateOfService: date,
    status: settings ? 'queued' : 'failed',
    source: 'clearinghouse',
    requestedMs: ctx.now,
    requestedBy: ctx.actor,
    ...(settings
      ? {}
      : {
          error:
            'No clearinghouse is set up: verify by phone with the insurer and enter the benefits by hand, or set up the clearinghouse under Settings.',
          completedMs: ctx.now,
        }),
  });
  return getCheck(ctx.db, id)!;
}

/** The clearinghouse port for the clinic's saved settings, or null when none are saved. */
export function clearinghouseFor(
  db: ClinicDb,
  secrets: SecretBox,
  deps?: Parameters<typeof createCoreClearinghouse>[0]['deps'],
): ClearinghousePort | null {
  const s = getClearinghouseSettings(db);
  if (!s) return null;
  return createCoreClearinghouse({
    config: {
      url: s.url,
      senderId: s.senderId,
      receiverId: s.receiverId,
      auth: { method: 'password', username: s.username, password: secrets.open(s.passwordSealed) },
      timeoutMs: s.timeoutMs,
      maxAttempts: s.maxAttempts,
    },
    ...(deps ? { deps } : {}),
  });
}

/** Build the 270 for a claimed check (control numbers allocated in the caller's transaction). */
export function build270ForCheck(
  db: ClinicDb,
  check: CheckRow,
  now: number,
): { x12: string; interchange: number } {
  const clinic = getClinic(db, now);
  const settings = getClearinghouseSettings(db);
  if (!settings) throw new AppError('INVALID_STATE', 'No clearinghouse is set up.');
  if (!clinic.billingNpi)
    throw new AppError(
      'RULE',
      "Set the practice's billing NPI under Settings before verifying insurance.",
    );
  const patient = getPatient(db, check.patientId)!;
  const coverage = getCoverage(db, check.coverageId)!;
  const plan = getPlan(db, coverage.planId)!;
  const payer = listPayers(db).find((p) => p.id === plan.payerId)!;
  if (!payer.clearinghousePayerId)
    throw new AppError(
      'RULE',
      `${payer.name} has no clearinghouse payer ID; add it to the payer before verifying.`,
    );
  const { interchange, group } = allocateControlNumbers(db);
  const local = instantToLocal(clinic.timeZone, now);
  const hhmm = `${String(Math.floor(local.minutes / 60)).padStart(2, '0')}:${String(local.minutes % 60).padStart(2, '0')}`;
  const dependent = coverage.relationship !== 'self';
  const x12 = build270({
    controlNumbers: { interchange, group },
    sender: { id: settings.senderId },
    receiver: { id: settings.receiverId },
    usage: 'production',
    createdAt: { date: local.date, time: hhmm },
    reference: `CD${check.id}`,
    traceAssignedBy: `1${clinic.taxId ?? '000000000'}`,
    payer: { name: payer.name, id: payer.clearinghousePayerId },
    provider: { organizationName: clinic.name, npi: clinic.billingNpi },
    subscriber: dependent
      ? {
          memberId: coverage.memberId,
          firstName: coverage.subscriberFirstName!,
          lastName: coverage.subscriberLastName!,
          dateOfBirth: coverage.subscriberDateOfBirth ?? patient.dateOfBirth,
          groupNumber: coverage.groupNumber,
        }
      : {
          memberId: coverage.memberId,
          firstName: patient.firstName,
          lastName: patient.lastName,
          dateOfBirth: patient.dateOfBirth,
          gender: patient.sex === 'F' || patient.sex === 'M' ? patient.sex : null,
          groupNumber: coverage.groupNumber,
        },
    dependent: dependent
      ? {
          firstName: patient.firstName,
          lastName: patient.lastName,
          dateOfBirth: patient.dateOfBirth,
          gender: patient.sex === 'F' || patient.sex === 'M' ? patient.sex : null,
        }
      : null,
    serviceDate: check.dateOfService,
    serviceTypes: JSON.parse(check.serviceTypes) as string[],
  });
  return { x12, interchange };
}

/** The patient's entry of a 271: the one whose member ID matches, else the first. */
export function patientEntry(
  result: Eligibility271Result,
  memberId: string,
): PatientEligibility | null {
  return result.patients.find((p) => p.memberId === memberId) ?? result.patients[0] ?? null;
}

/** Coverage status and the error shown when the payer rejected the inquiry. */
function outcomeOf(result: Eligibility271Result, memberId: string) {
  const entry = patientEntry(result, memberId);
  const rejections = [...result.rejections, ...(entry?.rejections ?? [])];
  const blocking = rejections.find((r) => r.about !== 'benefit');
  return {
    coverageStatus: entry?.coverage ?? 'unknown',
    error: blocking ? `${capitalize(blocking.reason)} — ${blocking.whatToDo}` : null,
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface QueueRunResult {
  claimed: number;
  done: number;
  failed: number;
  retried: number;
}

/**
 * Send what is due: claim (one transaction), build each 270 (one transaction each, so control
 * numbers are persisted before the network is touched), send, and record the answer (one
 * transaction). A transient failure goes back to the queue with a backoff; after the configured
 * attempts, or on a permanent failure, the check fails with a message the desk can act on.
 */
export async function runEligibilityQueue(p: {
  db: ClinicDb;
  clock: () => number;
  port: ClearinghousePort | null;
  publish: (e: ChangeEvent) => void;
  /** How often the job runs: with the clinic's requests-per-minute, how many one run may send. */
  intervalMs?: number;
  limit?: number;
  concurrency?: number;
}): Promise<QueueRunResult> {
  const { db, clock } = p;
  const out: QueueRunResult = { claimed: 0, done: 0, failed: 0, retried: 0 };
  if (!p.port) return out;
  const settings = getClearinghouseSettings(db);
  const maxAttempts = settings?.maxAttempts ?? 3;
  const claimed = db.sqlite
    .transaction(() => {
      requeueStale(db, clock() - SENDING_TIMEOUT_MS);
      const rate = settings?.ratePerMinute ?? 0;
      const paced =
        rate > 0 && p.intervalMs
          ? Math.max(1, Math.floor((rate * p.intervalMs) / 60_000))
          : Infinity;
      return claimDueChecks(db, clock(), Math.min(p.limit ?? 20, paced));
    })
    .immediate();
  out.claimed = claimed.length;
  const port = p.port;
  const one = async (check: CheckRow) => {
    let built: { x12: string; interchange: number };
    try {
      built = db.sqlite
        .transaction(() => {
          const b = build270ForCheck(db, check, clock());
          recordSent(db, check.id, { interchangeControl: b.interchange, requestX12: b.x12 });
          return b;
        })
        .immediate();
    } catch (err) {
      const message =
        err instanceof AppError || err instanceof X12Error
          ? err.message
          : `The request could not be built: ${String(err)}`;
      finishCheck(db, check.id, { status: 'failed', error: message, completedMs: clock() });
      out.failed++;
      return;
    }
    try {
      const answer = await port.submitRealtime270({ x12: built.x12 });
      const coverage = getCoverage(db, check.coverageId)!;
      let result: Eligibility271Result;
      try {
        result = parse271(answer.x12_271);
      } catch (err) {
        finishCheck(db, check.id, {
          status: 'failed',
          responseX12: answer.x12_271,
          error: `The insurer's answer could not be read (${err instanceof Error ? err.message : String(err)}); verify by phone.`,
          completedMs: clock(),
        });
        out.failed++;
        return;
      }
      const o = outcomeOf(result, coverage.memberId);
      finishCheck(db, check.id, {
        status: 'done',
        responseX12: answer.x12_271,
        result: JSON.stringify(result),
        coverageStatus: o.coverageStatus,
        error: o.error,
        completedMs: clock(),
      });
      out.done++;
    } catch (err) {
      const e = err instanceof ClearinghouseError ? err : null;
      const message = e ? e.message : `The clearinghouse could not be reached: ${String(err)}`;
      const transient = e ? e.transient : true;
      if (transient && check.attempts < maxAttempts) {
        // 30 s, 60 s, 120 s …: a busy payer gets breathing room; the desk sees "retrying".
        finishCheck(db, check.id, {
          status: 'queued',
          error: `${message} Retrying automatically.`,
          nextAttemptMs: clock() + 30_000 * 2 ** (check.attempts - 1),
        });
        out.retried++;
      } else {
        finishCheck(db, check.id, { status: 'failed', error: message, completedMs: clock() });
        out.failed++;
      }
    }
  };
  const queue = [...claimed];
  const workers = Array.from({ length: Math.min(p.concurrency ?? 4, queue.length) }, async () => {
    for (let c = queue.shift(); c; c = queue.shift()) await one(c);
  });
  await Promise.all(workers);
  if (claimed.length) p.publish({ topic: 'eligibility', ids: claimed.map((c) => c.id) });
  return out;
}

/** One benefit line as the check view lists it. */
export type BenefitSummary = BenefitLine;

/** What a check looks like to the desk (the raw X12 stays behind; eligibility/get returns it). */
export function checkView(db: ClinicDb, c: CheckRow, now: number) {
  const settings = getClearinghouseSettings(db);
  const coverage = getCoverage(db, c.coverageId);
  const zone = getClinic(db, now).timeZone;
  let planName: string | null = null;
  let summary: BenefitSummary[] = [];
  let rejections: { reason: string; whatToDo: string }[] = [];
  let messages: string[] = [];
  const serviceTypes = JSON.parse(c.serviceTypes) as string[];
  if (c.result) {
    const parsed = JSON.parse(c.result) as Eligibility271Result | ManualBenefits;
    const entry =
      'manual' in parsed
        ? manualEligibility(parsed)
        : patientEntry(parsed, coverage?.memberId ?? '');
    if (!('manual' in parsed))
      rejections = [...parsed.rejections, ...(entry?.rejections ?? [])].map((r) => ({
        reason: r.reason,
        whatToDo: r.whatToDo,
      }));
    planName = entry?.plan.name ?? null;
    messages = entry?.messages ?? [];
    summary = (entry?.benefits ?? [])
      // The office-visit line (98) is what the desk reads out, even when only 30 was asked:
      // payers send it with the plan-level answer.
      .filter((b) => serviceTypes.includes(b.serviceType) || b.serviceType === '98')
      .map((b) => ({
        network: b.network,
        coverageLevel: b.coverageLevel,
        serviceType: b.serviceType,
        serviceTypeName: b.serviceTypeName,
        copay: b.copay,
        coinsurance: b.coinsurance,
        deductibleTotal: b.deductible.total,
        deductibleRemaining: b.deductible.remaining,
        outOfPocketTotal: b.outOfPocket.total,
        outOfPocketRemaining: b.outOfPocket.remaining,
        priorAuthorizationRequired: b.priorAuthorizationRequired,
      }));
  }
  const staleMs = (settings?.staleAfterHours ?? 72) * 3_600_000;
  return {
    id: c.id,
    patientId: c.patientId,
    coverageId: c.coverageId,
    planOnFile: coverage?.planName ?? null,
    appointmentId: c.appointmentId,
    batchId: c.batchId,
    status: c.status,
    source: c.source,
    dateOfService: c.dateOfService,
    serviceTypes,
    coverageStatus: c.coverageStatus,
    planName,
    benefits: summary,
    /** What the desk reads out: the in-network office visit, mapped here once (officeVisit.ts). */
    officeVisit: officeVisitFigures(summary),
    rejections,
    messages: messages.slice(0, 20),
    error: c.error,
    attempts: c.attempts,
    requestedAt: toIso(c.requestedMs),
    requestedBy: c.requestedBy,
    completedAt: c.completedMs === null ? null : toIso(c.completedMs),
    completedLocal: c.completedMs === null ? null : localDateOf(zone, c.completedMs),
    stale: c.completedMs !== null && now - c.completedMs > staleMs,
  };
}
export type CheckView = ReturnType<typeof checkView>;

/** Benefits read off the phone or the payer's portal, entered by hand (marked as such). */
export interface ManualBenefits {
  manual: true;
  coverage: 'active' | 'inactive';
  planName: string | null;
  network: 'in' | 'out';
  copay: number | null;
  coinsurance: number | null;
  deductibleTotal: number | null;
  deductibleRemaining: number | null;
  outOfPocketTotal: number | null;
  outOfPocketRemaining: number | null;
  note: string | null;
}

/** Manual benefits in the shape the estimate reads (service type 30 = health benefit plan coverage). */
export function manualEligibility(m: ManualBenefits): PatientEligibility {
  return {
    role: 'subscriber',
    loop: '2000C',
    person: null,
    memberId: null,
    dateOfBirth: null,
    gender: null,
    address: null,
    relationshipToSubscriber: null,
    subscriber: null,
    payer: null,
    provider: null,
    traces: [],
    references: [],
    groupNumber: null,
    groupName: null,
    coverage: m.coverage,
    plan: { name: m.planName, begin: null, end: null },
    dates: [],
    benefits: [
      {
        serviceType: '30',
        serviceTypeName: 'Health Benefit Plan Coverage',
        network: m.network,
        coverageLevel: 'individual',
        active: m.coverage === 'active',
        copay: m.copay,
        coinsurance: m.coinsurance,
        deductible: { total: m.deductibleTotal, remaining: m.deductibleRemaining, period: null },
        outOfPocket: { total: m.outOfPocketTotal, remaining: m.outOfPocketRemaining, period: null },
        limitations: [],
        priorAuthorizationRequired: null,
        nonCovered: false,
        messages: m.note ? [m.note] : [],
        from: [],
      },
    ],
    eligibilityBenefits: [],
    rejections: [],
    messages: m.note ? [`Entered by hand: ${m.note}`] : ['Entered by hand.'],
  };
}
