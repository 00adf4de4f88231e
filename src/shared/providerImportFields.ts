/**
 * Browser-safe: the import's engine (core/matching/providerImport) and its mapping screen both
 * read this list, so a field added here is checked and shown at once.
 *
 * What a provider CSV can fill in, in the order the mapping screen lists it. `required` fields
 * must be mapped to a column before any row is checked; the rest fall back to the clinic's
 * defaults (languages, accepting new patients, location) or stay empty.
 */
export const IMPORT_FIELDS = [
  {
    key: 'npi',
    label: 'NPI',
    required: false,
    note: 'recommended: it is how a provider already in the directory is recognised',
  },
  {
    key: 'entityType',
    label: 'Entity type (1 individual, 2 organization)',
    required: false,
    note: 'organizations cannot be imported as providers',
  },
  { key: 'firstName', label: 'First name', required: true, note: null },
  { key: 'lastName', label: 'Last name', required: true, note: null },
  {
    key: 'middleName',
    label: 'Middle name',
    required: false,
    note: 'recognised so it is not mistaken for another column, but not stored',
  },
  { key: 'credentials', label: 'Credentials (MD, NP…)', required: false, note: null },
  { key: 'sex', label: 'Sex / gender', required: false, note: null },
  {
    key: 'taxonomyCode',
    label: 'Specialty (NUCC taxonomy code)',
    required: true,
    note: 'a list such as 207Q00000X|207R00000X uses the first code',
  },
  {
    key: 'specialtyName',
    label: 'Specialty name',
    required: false,
    note: 'shown for codes the app has no name for',
  },
  { key: 'languages', label: 'Languages', required: false, note: 'codes or names, e.g. en; es' },
  { key: 'acceptsNewPatients', label: 'Accepts new patients', required: false, note: null },
  { key: 'minAgeYears', label: 'Minimum patient age (years)', required: false, note: null },
  { key: 'maxAgeYears', label: 'Maximum patient age (years)', required: false, note: null },
  {
    key: 'locationName',
    label: 'Location name',
    required: false,
    note: 'matched to an existing location by name',
  },
  { key: 'address1', label: 'Address', required: false, note: null },
  { key: 'address2', label: 'Address line 2', required: false, note: null },
  { key: 'city', label: 'City', required: false, note: null },
  { key: 'state', label: 'State', required: false, note: null },
  { key: 'zip', label: 'ZIP', required: false, note: null },
  { key: 'phone', label: 'Location phone', required: false, note: null },
  {
    key: 'deactivated',
    label: 'Deactivated / empty record',
    required: false,
    note: 'rows marked here cannot be imported',
  },
] as const satisfies readonly {
  key: string;
  label: string;
  required: boolean;
  note: string | null;
}[];

export type ImportField = (typeof IMPORT_FIELDS)[number]['key'];

/** Which column of the file fills each field; null = not in this file. */
export type ColumnMapping = Record<ImportField, string | null>;

export const IMPORT_FIELD_KEYS: readonly ImportField[] = IMPORT_FIELDS.map((f) => f.key);

/** "zip" -> "ZIP"; a field this build does not know (an older report) stays as it was named. */
export function fieldLabel(field: string): string {
  return IMPORT_FIELDS.find((f) => f.key === field)?.label ?? field;
}

export function emptyMapping(): ColumnMapping {
  return Object.fromEntries(IMPORT_FIELD_KEYS.map((k) => [k, null])) as ColumnMapping;
}
