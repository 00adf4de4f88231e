/**
 * "What will I pay?" over the database: the fee schedule, the patient's coverage in force, the
 * provider's network for that plan, and the newest verification answer, run through the pure
 * estimate (estimate.ts). Self-pay patients get the self-pay price and a Good Faith Estimate.
 */
import { AppError, notFound } from '../../errors';
import { getClinic } from '../../db/repos/clinic';
import { getLocation, getPlan, getProvider, getVisitType } from '../../db/repos/directory';
import { latestAnswer, listFees, selfPayCents } from '../../db/repos/eligibility';
import { listCoverages } from '../../db/repos/insurance';
import { getPatient } from '../../db/repos/patients';
import type { ClinicDb } from '../../db/open';
import { coverageInForce, inNetworkOn } from '../../entities/insurance';
import { localDateOf } from '../../time';
import {
  allowedAmountFor,
  estimatePatientCost,
  money,
  type CostEstimate,
  type FeeSchedule,
} from '../estimate';
import { goodFaithEstimate, renderGoodFaithEstimateHtml } from '../goodFaithEstimate';
import { serviceTypesForVisit } from '../serviceTypes';
import type { Eligibility271Result } from '../types';
import { manualEligibility, patientEntry, type ManualBenefits } from './verification';

/** Visit types without a CPT code are priced under their own key. */
const feeKey = (visitTypeId: number, cpt: string | null) => cpt ?? `visit-type-${visitTypeId}`;

export function feeSchedule(db: ClinicDb): FeeSchedule {
  const byVisit = new Map<number, FeeSchedule['entries'][number]>();
  for (const f of listFees(db)) {
    const vt = getVisitType(db, f.visitTypeId);
    if (!vt) continue;
    const entry = byVisit.get(vt.id) ?? {
      cptCode: feeKey(vt.id, vt.cptCode),
      defaultAllowed: NaN,
      selfPayPrice: null,
      payerAllowed: {},
    };
    if (f.payerId === null) entry.defaultAllowed = f.allowedCents / 100;
    else entry.payerAllowed[String(f.payerId)] = f.allowedCents / 100;
    byVisit.set(vt.id, entry);
  }
  for (const [id, e] of byVisit) {
    const self = selfPayCents(db, id);
    e.selfPayPrice = self === null ? null : self / 100;
    // A payer-only schedule still needs a default for other payers: the highest payer rate is a
    // conservative stand-in that never under-quotes.
    if (Number.isNaN(e.defaultAllowed))
      e.defaultAllowed = Math.max(0, ...Object.values(e.payerAllowed));
  }
  return { entries: [...byVisit.values()] };
}

export interface VisitEstimate {
  selfPay: boolean;
  planName: string | null;
  network: 'in' | 'out' | null;
  estimate: CostEstimate | null;
  /** Why there is no number ("No fee is set for …"). */
  reason: string | null;
  verification: {
    checkId: number;
    source: 'clearinghouse' | 'manual';
    completedAt: string | null;
    coverageStatus: string | null;
  } | null;
  /** One line the receptionist reads out: "You will pay about $25.00 (copay)." */
  sayToCaller: string;
}

export function estimateVisit(
  db: ClinicDb,
  p: { now: number; patientId: number; visitTypeId: number; providerId: number; date?: string },
): VisitEstimate {
  const clinic = getClinic(db, p.now);
  const date = p.date ?? localDateOf(clinic.timeZone, p.now);
  const patient = getPatient(db, p.patientId);
  if (!patient) throw notFound('The patient', 'patientId');
  const visitType = getVisitType(db, p.visitTypeId);
  if (!visitType) throw notFound('The visit type', 'visitTypeId');
  const provider = getProvider(db, p.providerId);
  if (!provider) throw notFound('The provider', 'providerId');
  const schedule = feeSchedule(db);
  const coverage = listCoverages(db, patient.id).find((c) => coverageInForce(c, date)) ?? null;
  const key = feeKey(visitType.id, visitType.cptCode);

  if (!coverage) {
    const allowed = allowedAmountFor({ feeSchedule: schedule, cptCode: key, payerId: null });
    const self = selfPayCents(db, visitType.id);
    const amount = allowed?.amount ?? (self === null ? null : self / 100);
    if (amount === null)
      return {
        selfPay: true,
        planName: null,
        network: null,
        estimate: null,
        reason: `No self-pay price is set for ${visitType.name}; set one under Fees.`,
        verification: null,
        sayToCaller: `There is no price on file for ${visitType.name} yet.`,
      };
    const cents = Math.round(amount * 100);
    return {
      selfPay: true,
      planName: null,
      network: null,
      estimate: {
        allowedAmount: amount,
        patientAmount: amount,
        planAmount: 0,
        network: 'out',
        steps: [
          `No insurance on file: the self-pay price of ${visitType.name} is ${money(cents)}.`,
        ],
        reason: null,
      },
      reason: null,
      verification: null,
      sayToCaller: `Without insurance, ${visitType.name} costs ${money(cents)}. We can give you a Good Faith Estimate.`,
    };
  }

  const plan = getPlan(db, coverage.planId)!;
  const network: 'in' | 'out' = inNetworkOn(provider.networks, plan.id, date) ? 'in' : 'out';
  const allowed = allowedAmountFor({
    feeSchedule: schedule,
    cptCode: key,
    payerId: String(plan.payerId),
  });
  const answer = latestAnswer(db, coverage.id);
  const verification = answer
    ? {
        checkId: answer.id,
        source: answer.source,
        completedAt:
          answer.completedMs === null ? null : new Date(answer.completedMs).toISOString(),
        coverageStatus: answer.coverageStatus,
      }
    : null;
  if (!allowed)
    return {
      selfPay: false,
      planName: plan.displayName,
      network,
      estimate: null,
      reason: `No fee is set for ${visitType.name}; set one under Fees.`,
      verification,
      sayToCaller: `We cannot estimate the cost of ${visitType.name} yet.`,
    };
  let eligibility = null;
  if (answer?.result) {
    const parsed = JSON.parse(answer.result) as Eligibility271Result | ManualBenefits;
    eligibility =
      'manual' in parsed ? manualEligibility(parsed) : patientEntry(parsed, coverage.memberId);
  }
  const estimate = estimatePatientCost({
    allowed,
    eligibility,
    serviceTypes: serviceTypesForVisit({ cptCode: visitType.cptCode }),
    network,
  });
  return {
    selfPay: false,
    planName: plan.displayName,
    network,
    estimate,
    reason: estimate.reason,
    verification,
    sayToCaller:
      estimate.patientAmount === null
        ? `We cannot estimate your cost yet: ${estimate.reason ?? 'benefits are not verified'}.`
        : `With ${plan.displayName}${network === 'out' ? ' (out of network)' : ''}, you will pay about ${money(Math.round(estimate.patientAmount * 100))} for this visit.`,
  };
}

/** The Good Faith Estimate for a self-pay visit, as data and as printable HTML. */
export function goodFaithEstimateFor(
  db: ClinicDb,
  p: {
    now: number;
    patientId: number;
    visitTypeId: number;
    providerId: number;
    locationId: number;
    date: string | null;
  },
) {
  const clinic = getClinic(db, p.now);
  const patient = getPatient(db, p.patientId);
  if (!patient) throw notFound('The patient', 'patientId');
  const visitType = getVisitType(db, p.visitTypeId);
  if (!visitType) throw notFound('The visit type', 'visitTypeId');
  const provider = getProvider(db, p.providerId);
  if (!provider) throw notFound('The provider', 'providerId');
  const location = getLocation(db, p.locationId);
  if (!location) throw notFound('The location', 'locationId');
  const est = estimateVisit(db, { ...p, date: p.date ?? undefined });
  if (!est.estimate)
    throw new AppError(
      'RULE',
      est.reason ?? `No price is set for ${visitType.name}.`,
      'visitTypeId',
    );
  if (!clinic.taxId)
    throw new AppError(
      'RULE',
      "Set the practice's tax ID (EIN) under Settings: a Good Faith Estimate must show it.",
    );
  if (!provider.npi && !clinic.billingNpi)
    throw new AppError(
      'RULE',
      `${provider.displayName} has no NPI, and the practice has no billing NPI.`,
    );
  if (!clinic.phone && !location.phone)
    throw new AppError(
      'RULE',
      "Set the clinic's phone under Settings: a Good Faith Estimate must say whom to call.",
    );
  const gfe = goodFaithEstimate({
    issuedOn: localDateOf(clinic.timeZone, p.now),
    patient: {
      firstName: patient.firstName,
      lastName: patient.lastName,
      dateOfBirth: patient.dateOfBirth,
    },
    primaryService: {
      description: `${visitType.name} (${visitType.durationMinutes} minutes)`,
      scheduledDate: p.date,
    },
    serviceDates: p.date ? { from: p.date, to: p.date } : null,
    providers: [
      {
        name: provider.displayName,
        npi: provider.npi ?? clinic.billingNpi!,
        tin: clinic.taxId,
        location: {
          name: location.name,
          line1: location.address1,
          line2: location.address2,
          city: location.city,
          state: location.state,
          postalCode: location.zip,
        },
        items: [
          {
            description: visitType.name,
            serviceCode: visitType.cptCode ?? 'N/A',
            unitCharge: est.estimate.allowedAmount,
          },
        ],
      },
    ],
    contact: { name: clinic.name, phone: clinic.phone ?? location.phone! },
  });
  return { gfe, html: renderGoodFaithEstimateHtml(gfe) };
}
