/**
 * The import's target fields as the mapping screen shows them. A copy of the labels of
 * core/matching/providerImport/fields.ts (the renderer imports only types from core); the type
 * below makes a field added there fail to compile here until it is labelled, and importFields.test.ts
 * checks the words and order are the same.
 */
import type { ImportField } from '../../../core/matching/providerImport/fields';

export type { ImportField };

interface FieldText {
  label: string;
  required: boolean;
  note: string | null;
}

/** In the order the mapping screen lists them. */
const FIELD_TEXT: Record<ImportField, FieldText> = {
  npi: {
    label: 'NPI',
    required: false,
    note: 'recommended: it is how a provider already in the directory is recognised',
  },
  entityType: {
    label: 'Entity type (1 individual, 2 organization)',
    required: false,
    note: 'organizations cannot be imported as providers',
  },
  firstName: { label: 'First name', required: true, note: null },
  lastName: { label: 'Last name', required: true, note: null },
  middleName: {
    label: 'Middle name',
    required: false,
    note: 'recognised so it is not mistaken for another column, but not stored',
  },
  credentials: { label: 'Credentials (MD, NP…)', required: false, note: null },
  sex: { label: 'Sex / gender', required: false, note: null },
  taxonomyCode: {
    label: 'Specialty (NUCC taxonomy code)',
    required: true,
    note: 'a list such as 207Q00000X|207R00000X uses the first code',
  },
  specialtyName: {
    label: 'Specialty name',
    required: false,
    note: 'shown for codes the app has no name for',
  },
  languages: { label: 'Languages', required: false, note: 'codes or names, e.g. en; es' },
  acceptsNewPatients: { label: 'Accepts new patients', required: false, note: null },
  minAgeYears: { label: 'Minimum patient age (years)', required: false, note: null },
  maxAgeYears: { label: 'Maximum patient age (years)', required: false, note: null },
  locationName: {
    label: 'Location name',
    required: false,
    note: 'matched to an existing location by name',
  },
  address1: { label: 'Address', required: false, note: null },
  address2: { label: 'Address line 2', required: false, note: null },
  city: { label: 'City', required: false, note: null },
  state: { label: 'State', required: false, note: null },
  zip: { label: 'ZIP', required: false, note: null },
  phone: { label: 'Location phone', required: false, note: null },
  deactivated: {
    label: 'Deactivated / empty record',
    required: false,
    note: 'rows marked here cannot be imported',
  },
};

export const IMPORT_FIELDS: readonly ({ key: ImportField } & FieldText)[] = (
  Object.keys(FIELD_TEXT) as ImportField[]
).map((key) => ({ key, ...FIELD_TEXT[key] }));

/** "zip" → "ZIP"; a field this build does not know stays as the API named it. */
export function fieldLabel(field: string): string {
  return (FIELD_TEXT as Partial<Record<string, FieldText>>)[field]?.label ?? field;
}
