/**
 * The facts the provider rules (../providerRules.ts) need about a patient, read from the
 * database: age on the visit's day and which providers have seen the patient within three years.
 */
import { stmt } from '../../db/repos/statements';
import type { ClinicDb } from '../../db/open';
import { ageOn, localDateOf, type LocalDate } from '../../time';
import type { RulePatient } from '../providerRules';

const DAY_MS = 86_400_000;
/** CMS: a patient seen by the provider within 3 years is established. */
export const ESTABLISHED_YEARS = 3;

/** Last completed (or begun) visit per provider within the established-patient window, as a local date. */
export function lastVisitDates(
  db: ClinicDb,
  params: { patientId: number; now: number; zone: string },
): Map<number, LocalDate> {
  const since = params.now - ESTABLISHED_YEARS * 365.25 * DAY_MS;
  const rows = stmt(
    db.sqlite,
    `SELECT provider_id AS providerId, max(start_ms) AS lastMs FROM appointments
      WHERE patient_id = ? AND start_ms >= ? AND status IN ('completed','arrived','in_room')
      GROUP BY provider_id`,
  ).all(params.patientId, since) as { providerId: number; lastMs: number }[];
  return new Map(rows.map((r) => [r.providerId, localDateOf(params.zone, r.lastMs)]));
}

/** What the rules know about one patient for one provider on one day. */
export function rulePatientFor(params: {
  dateOfBirth: LocalDate;
  on: LocalDate;
  seen: ReadonlyMap<number, LocalDate>;
  providerId: number;
}): RulePatient {
  const last = params.seen.get(params.providerId) ?? null;
  return {
    ageYears: ageOn(params.dateOfBirth, params.on),
    established: last !== null,
    lastSeenDate: last,
  };
}
