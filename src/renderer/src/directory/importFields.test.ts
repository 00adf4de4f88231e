import { describe, expect, it } from 'vitest';
// A test runs in Node, not the renderer's sandbox: it may read core to catch a drifted copy.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { IMPORT_FIELDS as CORE_FIELDS } from '../../../core/matching/providerImport/fields';
import { fieldLabel, IMPORT_FIELDS } from './importFields';

describe('the mapping screen’s field labels', () => {
  it('are the import module’s, in its order, with the same required fields', () => {
    expect(IMPORT_FIELDS).toEqual(
      CORE_FIELDS.map((f) => ({ key: f.key, label: f.label, required: f.required, note: f.note })),
    );
  });
  it('label a field, and leave an unknown one as named', () => {
    expect(fieldLabel('taxonomyCode')).toBe('Specialty (NUCC taxonomy code)');
    expect(fieldLabel('fax')).toBe('fax');
  });
});
