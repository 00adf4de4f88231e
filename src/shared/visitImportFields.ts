/**
 * The columns a visit import reads, the reasons a row is left out, and their words. Browser-safe:
 * the import code (core/clinic/visitImport) and the settings screen both read it.
 */
export const VISIT_IMPORT_FIELDS = [
  'externalId',
  'start',
  'end',
  'durationMinutes',
  'patientExternalId',
  'patientFirstName',
  'patientLastName',
  'patientDateOfBirth',
  'providerExternalId',
  'providerName',
  'providerNpi',
  'visitTypeCode',
  'visitTypeDescription',
  'visitClass',
  'status',
] as const;
export type VisitImportField = (typeof VISIT_IMPORT_FIELDS)[number];

/** Field → header name in the file (null: not read). */
export type VisitMapping = Partial<Record<VisitImportField, string | null>>;

export const VISIT_FIELD_LABELS: Record<VisitImportField, string> = {
  externalId: 'Visit ID in the old system',
  start: 'Start (date and time)',
  end: 'End (date and time)',
  durationMinutes: 'Length (minutes)',
  patientExternalId: 'Patient ID in the old system',
  patientFirstName: 'Patient first name',
  patientLastName: 'Patient last name',
  patientDateOfBirth: 'Patient date of birth',
  providerExternalId: 'Provider ID in the old system',
  providerName: 'Provider name',
  providerNpi: 'Provider NPI',
  visitTypeCode: 'Visit type code',
  visitTypeDescription: 'Visit type description',
  visitClass: 'Visit class (e.g. inpatient, ambulatory)',
  status: 'Status (kept, no-show, cancelled)',
};

/** What a row of the file said happened. */
export const VISIT_OUTCOMES = ['kept', 'no_show', 'cancelled'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export const VISIT_OUTCOME_LABELS: Record<VisitOutcome, string> = {
  kept: 'Kept',
  no_show: 'No-show',
  cancelled: 'Cancelled',
};

/** Why a row is not imported. Every skipped row carries one, with its line number. */
export const VISIT_SKIP_REASONS = [
  'bad_date',
  'missing_value',
  'non_clinic_class',
  'unknown_patient',
  'provider_not_imported',
  'visit_type_not_imported',
  'unknown_status',
  'unknown_outcome',
  'duplicate',
  'overlap',
  'cancelled_future',
  'future_conflict',
  'future_outside_hours',
  'future_rule',
] as const;
export type VisitSkipReason = (typeof VISIT_SKIP_REASONS)[number];

export const VISIT_SKIP_LABELS: Record<VisitSkipReason, string> = {
  bad_date: 'Date or time cannot be read',
  missing_value: 'A needed value is empty',
  non_clinic_class: 'Not a clinic visit (inpatient or emergency)',
  unknown_patient: 'Patient not found in the clinic',
  provider_not_imported: 'Provider not mapped ("don\'t import")',
  visit_type_not_imported: 'Visit type not mapped ("don\'t import")',
  unknown_status: 'Status value not mapped',
  unknown_outcome: 'Past visit never closed (still booked): outcome unknown',
  duplicate: 'Duplicate row',
  overlap: 'Overlaps another visit of the same provider',
  cancelled_future: 'Future visit already cancelled',
  future_conflict: 'Future visit conflicts with another booking',
  future_outside_hours: "Future visit outside the provider's hours",
  future_rule: 'Future visit breaks a booking rule',
};

/**
 * Encounter classes that are not visits with a clinic provider: a hospital stay, an emergency
 * department visit, care at home or in a nursing facility. Urgent care stays in: it is a walk-in
 * outpatient visit a clinic provider sees and the patient walks out of, the kind of same-day sick
 * visit a primary-care clinic books itself (Synthea's urgentcare encounters are 15-minute
 * ambulatory visits), so it belongs to continuity and no-show history.
 */
export const NON_CLINIC_CLASSES: readonly string[] = [
  'inpatient',
  'emergency',
  'emergencyroom',
  'er',
  'ed',
  'hospice',
  'snf',
  'home',
  'homehealth',
];
