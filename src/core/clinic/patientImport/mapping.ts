/**
 * Which column is which. Exports name their columns differently ("DOB", "Birth Date",
 * "BIRTHDATE", "Patient DOB"); we compare header names with case, spaces and punctuation removed
 * against synonyms, best first, and never use one column for two fields. A preset recognises a
 * known export by its header set and maps it exactly (Synthea's patients.csv).
 */
import {
  FIELD_LABELS,
  PATIENT_IMPORT_FIELDS,
  type PatientImportField,
  type PatientMapping,
} from '../../../shared/patientImportFields';

export { FIELD_LABELS, PATIENT_IMPORT_FIELDS, type PatientImportField, type PatientMapping };

export const REQUIRED_FIELDS: readonly PatientImportField[] = [
  'firstName',
  'lastName',
  'dateOfBirth',
];

/** "Patient DOB" → "patientdob". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const SYNONYMS: Record<PatientImportField, readonly string[]> = {
  externalId: [
    'externalid',
    'patientid',
    'id',
    'mrn',
    'medicalrecordnumber',
    'chartnumber',
    'chartno',
    'chart',
    'accountnumber',
    'accountno',
    'patientnumber',
    'personid',
  ],
  firstName: ['firstname', 'patientfirstname', 'first', 'fname', 'givenname', 'forename'],
  lastName: ['lastname', 'patientlastname', 'last', 'lname', 'surname', 'familyname'],
  dateOfBirth: ['dateofbirth', 'birthdate', 'dob', 'patientdob', 'birthday', 'birthdt'],
  dateOfDeath: ['dateofdeath', 'deathdate', 'dod', 'deceaseddate', 'deceasedon', 'dateofdeceased'],
  sex: ['sex', 'gender', 'patientsex', 'birthsex', 'sexatbirth', 'patientgender'],
  phoneMobile: ['mobilephone', 'cellphone', 'mobile', 'cell', 'phonemobile', 'cellnumber'],
  phoneHome: ['homephone', 'phone', 'phonehome', 'telephone', 'phonenumber', 'tel', 'primaryphone'],
  email: ['email', 'emailaddress', 'patientemail', 'mail'],
  address1: ['address1', 'addressline1', 'address', 'streetaddress', 'street', 'addr1'],
  address2: ['address2', 'addressline2', 'addr2', 'apt', 'suite', 'unit'],
  city: ['city', 'town'],
  state: ['state', 'st', 'stateprovince', 'province'],
  zip: ['zip', 'zipcode', 'postalcode', 'postcode', 'zip5'],
  preferredLanguage: ['preferredlanguage', 'language', 'primarylanguage', 'lang'],
  payerName: [
    'payer',
    'payername',
    'insurance',
    'insurancename',
    'insurancecompany',
    'primaryinsurance',
    'carrier',
    'insurer',
  ],
  planName: ['plan', 'planname', 'insuranceplan', 'product'],
  memberId: ['memberid', 'subscriberid', 'insuranceid', 'policynumber', 'policyid', 'memberno'],
  groupNumber: ['groupnumber', 'group', 'groupno', 'groupid'],
};

export interface PatientPreset {
  id: string;
  label: string;
  /** The source the external ids are kept under. */
  source: string;
  /** Header keys that must all be present for the file to be this export. */
  signature: readonly string[];
  mapping: PatientMapping;
  /** Synthea appends digits to names for uniqueness ("Boyce638"); they are not part of the name. */
  stripNameDigits: boolean;
}

export const PATIENT_PRESETS: readonly PatientPreset[] = [
  {
    id: 'synthea',
    label: 'Synthea patients.csv',
    source: 'synthea',
    signature: ['id', 'birthdate', 'deathdate', 'first', 'last', 'gender', 'healthcareexpenses'],
    mapping: {
      externalId: 'Id',
      dateOfBirth: 'BIRTHDATE',
      dateOfDeath: 'DEATHDATE',
      firstName: 'FIRST',
      lastName: 'LAST',
      sex: 'GENDER',
      address1: 'ADDRESS',
      city: 'CITY',
      state: 'STATE',
      zip: 'ZIP',
    },
    stripNameDigits: true,
  },
];

export interface MappingSuggestion {
  preset: { id: string; label: string; source: string; stripNameDigits: boolean } | null;
  mapping: Record<PatientImportField, string | null>;
  /** Why each mapped field got its column, in words. */
  reasons: Partial<Record<PatientImportField, string>>;
}

export function detectPreset(headers: readonly string[]): PatientPreset | null {
  const keys = new Set(headers.map(headerKey));
  return PATIENT_PRESETS.find((p) => p.signature.every((k) => keys.has(k))) ?? null;
}

export function suggestMapping(headers: readonly string[]): MappingSuggestion {
  const byKey = new Map(headers.map((h) => [headerKey(h), h]));
  const used = new Set<string>();
  const mapping = Object.fromEntries(PATIENT_IMPORT_FIELDS.map((f) => [f, null])) as Record<
    PatientImportField,
    string | null
  >;
  const reasons: MappingSuggestion['reasons'] = {};
  const preset = detectPreset(headers);
  if (preset) {
    for (const [field, header] of Object.entries(preset.mapping) as [
      PatientImportField,
      string,
    ][]) {
      const actual = byKey.get(headerKey(header));
      if (actual === undefined) continue;
      mapping[field] = actual;
      used.add(actual);
      reasons[field] = `${preset.label} column`;
    }
  }
  for (const field of PATIENT_IMPORT_FIELDS) {
    if (mapping[field] !== null) continue;
    for (const key of SYNONYMS[field]) {
      const actual = byKey.get(key);
      if (actual !== undefined && !used.has(actual)) {
        mapping[field] = actual;
        used.add(actual);
        reasons[field] = `column named "${actual}"`;
        break;
      }
    }
  }
  return {
    preset: preset
      ? {
          id: preset.id,
          label: preset.label,
          source: preset.source,
          stripNameDigits: preset.stripNameDigits,
        }
      : null,
    mapping,
    reasons,
  };
}

/**
 * The suggestion with the person's choices over it. A choice names a header that must exist;
 * two fields cannot read one column; the required fields must be mapped.
 */
export function resolveMapping(
  headers: readonly string[],
  suggested: Record<PatientImportField, string | null>,
  chosen: PatientMapping | undefined,
): {
  mapping: Record<PatientImportField, string | null>;
  errors: { field: string; message: string }[];
} {
  const mapping = { ...suggested };
  const errors: { field: string; message: string }[] = [];
  const names = new Set(headers);
  for (const [field, header] of Object.entries(chosen ?? {}) as [
    PatientImportField,
    string | null,
  ][]) {
    if (header !== null && !names.has(header)) {
      errors.push({
        field: `mapping.${field}`,
        message: `${FIELD_LABELS[field]}: the file has no column named "${header}" (its columns are ${headers.map((h) => `"${h}"`).join(', ')}).`,
      });
      continue;
    }
    // A column chosen for this field is taken from whichever field the suggestion gave it.
    if (header !== null)
      for (const f of PATIENT_IMPORT_FIELDS)
        if (f !== field && mapping[f] === header && !(chosen && f in chosen)) mapping[f] = null;
    mapping[field] = header;
  }
  const seen = new Map<string, PatientImportField>();
  for (const f of PATIENT_IMPORT_FIELDS) {
    const h = mapping[f];
    if (h === null) continue;
    const other = seen.get(h);
    if (other)
      errors.push({
        field: `mapping.${f}`,
        message: `The column "${h}" is chosen for both ${FIELD_LABELS[other]} and ${FIELD_LABELS[f]}; choose it for one only.`,
      });
    seen.set(h, f);
  }
  for (const f of REQUIRED_FIELDS)
    if (mapping[f] === null)
      errors.push({
        field: `mapping.${f}`,
        message: `Choose the column that holds the ${FIELD_LABELS[f].toLowerCase()}: every patient needs one.`,
      });
  return { mapping, errors };
}
