import { describe, expect, it } from 'vitest';
import { ProviderCsvError, ProviderImportError } from './errors';
import { planProviderImport, previewProviderImport, type ProviderImportInput } from './plan';

const FILE = [
  'NPI,First Name,Last Name,Credentials,Taxonomy,Address,City,State,ZIP,Fax',
  '1234567893,ANA,PATEL,M.D.,207Q00000X,12 MAIN ST,AUSTIN,TX,78701,5125550100',
  '1234567890,BEN,OKAFOR,DO,207R00000X,12 MAIN ST,AUSTIN,TX,78701,',
  '1679576722,DAVID,WIEBE,M.D.,207X00000X,3500 CENTRAL AVE,KEARNEY,NE,688472944,',
].join('\r\n');

const base: ProviderImportInput = {
  file: FILE,
  existingNpis: new Map(),
  locations: [],
  zipKnown: () => true,
  defaults: { languages: ['en'], acceptsNewPatients: true, locationId: null },
};

function importError(f: () => unknown): ProviderImportError {
  try {
    f();
  } catch (e) {
    if (e instanceof ProviderImportError) return e;
    throw e;
  }
  throw new Error('expected a ProviderImportError');
}

describe('previewProviderImport', () => {
  it('suggests a mapping, shows the first rows, the unused columns and the report', () => {
    const preview = previewProviderImport(base);
    expect(preview.headers).toHaveLength(10);
    expect(preview.mapping).toMatchObject({
      npi: 'NPI',
      firstName: 'First Name',
      taxonomyCode: 'Taxonomy',
      address1: 'Address',
      zip: 'ZIP',
    });
    expect(preview.unusedHeaders).toEqual(['Fax']);
    expect(preview.sample.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(preview.mappingProblems).toEqual([]);
    expect(preview.report?.summary).toMatchObject({ rows: 3, ready: 2, withErrors: 1 });
    expect(preview.report?.errors.map((e) => e.reason)).toEqual([
      'NPI 1234567890 fails the check digit',
    ]);
  });

  it('shows mapping problems instead of a report when the columns are wrong', () => {
    const preview = previewProviderImport({ ...base, mapping: { firstName: 'First Name' } });
    expect(preview.report).toBeNull();
    expect(preview.mappingProblems.map((p) => p.field)).toEqual([
      'lastName',
      'taxonomyCode',
      'locationName',
    ]);
  });

  it('lets a file error through as a ProviderCsvError', () => {
    expect(() => previewProviderImport({ ...base, file: '' })).toThrow(ProviderCsvError);
  });
});

describe('planProviderImport', () => {
  it('imports nothing from a file with errors unless told to skip them', () => {
    const e = importError(() => planProviderImport({ ...base, skipRowsWithErrors: false }));
    expect(e.code).toBe('ROWS_HAVE_ERRORS');
    expect(e.message).toBe(
      'Nothing was imported: 1 of 3 rows have errors (line 3: NPI 1234567890 fails the check digit). Fix the file, or choose to skip the rows with errors.',
    );
  });

  it('imports the good rows when the person chose to skip the bad ones', () => {
    const plan = planProviderImport({ ...base, skipRowsWithErrors: true });
    expect(plan.rows.map((r) => [r.line, r.lastName, r.location])).toEqual([
      [2, 'Patel', { newKey: 'new-1' }],
      [4, 'Wiebe', { newKey: 'new-2' }],
    ]);
    expect(plan.newLocations.map((l) => [l.key, l.name, l.zip])).toEqual([
      ['new-1', 'Austin – 12 Main St', '78701'],
      ['new-2', 'Kearney – 3500 Central Ave', '68847-2944'],
    ]);
  });

  it('imports a clean file without being asked to skip anything', () => {
    const clean = FILE.split('\r\n')
      .filter((l) => !l.startsWith('1234567890'))
      .join('\n');
    const plan = planProviderImport({ ...base, file: clean, skipRowsWithErrors: false });
    expect(plan.rows).toHaveLength(2);
  });

  it('says so when nothing is left to import', () => {
    const existingNpis = new Map([
      ['1234567893', 'Ana Patel, MD'],
      ['1679576722', 'David Wiebe, MD'],
    ]);
    const e = importError(() =>
      planProviderImport({ ...base, existingNpis, skipRowsWithErrors: true }),
    );
    expect(e.code).toBe('NOTHING_TO_IMPORT');
    expect(e.message).toBe(
      'Nothing was imported: none of the 3 rows is ready (line 2: NPI 1234567893 is already in the directory as Ana Patel, MD).',
    );
  });

  it('refuses a mapping without a required field, naming it', () => {
    const e = importError(() =>
      planProviderImport({
        ...base,
        mapping: { firstName: 'First Name', lastName: 'Last Name', address1: 'Address' },
        skipRowsWithErrors: true,
      }),
    );
    expect(e.code).toBe('WRONG_COLUMNS');
    expect(e.field).toBe('taxonomyCode');
    expect(e.toJSON()).toEqual({
      code: 'WRONG_COLUMNS',
      field: 'taxonomyCode',
      message:
        'No column is chosen for "Specialty (NUCC taxonomy code)", which every provider needs. The file\'s columns are: NPI, First Name, Last Name, Credentials, Taxonomy, Address, City, State, ZIP, Fax.',
    });
  });

  it('reads the file from bytes', () => {
    const bytes = new TextEncoder().encode(FILE);
    const plan = planProviderImport({ ...base, file: bytes, skipRowsWithErrors: true });
    expect(plan.rows).toHaveLength(2);
  });
});
