/**
 * The fields a patient import can fill, with the names the import screen shows. Browser-safe:
 * the import code (core/clinic/patientImport) and the settings screen both read it.
 */
export const PATIENT_IMPORT_FIELDS = [
  'externalId',
  'firstName',
  'lastName',
  'dateOfBirth',
  'dateOfDeath',
  'sex',
  'phoneMobile',
  'phoneHome',
  'email',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'preferredLanguage',
  'payerName',
  'planName',
  'memberId',
  'groupNumber',
] as const;
export type PatientImportField = (typeof PATIENT_IMPORT_FIELDS)[number];

/** Field → header name in the file (null: not imported). */
export type PatientMapping = Partial<Record<PatientImportField, string | null>>;

export const FIELD_LABELS: Record<PatientImportField, string> = {
  externalId: 'ID in the old system',
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
  dateOfDeath: 'Date of death',
  sex: 'Sex',
  phoneMobile: 'Mobile phone',
  phoneHome: 'Home phone',
  email: 'E-mail',
  address1: 'Address',
  address2: 'Address line 2',
  city: 'City',
  state: 'State',
  zip: 'ZIP',
  preferredLanguage: 'Language',
  payerName: 'Insurance (payer)',
  planName: 'Insurance plan',
  memberId: 'Member ID',
  groupNumber: 'Group number',
};

/** The largest patient file one import takes (100,000 patients of a typical export: ~15 MB). */
export const PATIENT_IMPORT_MAX_BYTES = 40_000_000;
/** An upload's piece (patients/importUpload): 3 MB, 4 MB as base64, under any body limit. */
export const PATIENT_IMPORT_CHUNK_BYTES = 3_000_000;
