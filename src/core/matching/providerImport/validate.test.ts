import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { npiCheckDigit } from '../../entities/provider';
import { ProviderImportError } from './errors';
import type { ColumnMapping } from './fields';
import { suggestMapping } from './mapping';
import { parseProviderCsv } from './parseCsv';
import { describeIssue, type ValidationReport } from './report';
import { validateProviderRows, type ValidateProviderRowsInput } from './validate';

/** A valid NPI for any number: nine digits and their check digit. */
function npi(n: number): string {
  const first9 = String(123456700 + n);
  return `${first9}${npiCheckDigit(first9)}`;
}

const COLUMNS = [
  'npi',
  'entity_type',
  'first_name',
  'last_name',
  'credential',
  'gender',
  'taxonomy',
  'specialty',
  'languages',
  'accepts_new_patients',
  'min_age',
  'max_age',
  'location',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'phone',
  'deactivated',
] as const;
type Column = (typeof COLUMNS)[number];

const GOOD: Record<Column, string> = {
  npi: npi(1),
  entity_type: '1',
  first_name: 'DAVID',
  last_name: 'WIEBE',
  credential: 'M.D.',
  gender: 'male',
  taxonomy: '207X00000X',
  specialty: 'Orthopaedic Surgery Physician',
  languages: 'English; Spanish',
  accepts_new_patients: 'N',
  min_age: '18',
  max_age: '',
  location: '',
  address1: '3500 CENTRAL AVE',
  address2: '',
  city: 'KEARNEY',
  state: 'NE',
  zip: '688472944',
  phone: '3088652512',
  deactivated: '',
};

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A CSV with one line per row; each row is GOOD with some cells changed. */
function csvOf(rows: Partial<Record<Column, string>>[]): string {
  const lines = rows.map((r) => COLUMNS.map((c) => quote(r[c] ?? GOOD[c])).join(','));
  return [COLUMNS.join(','), ...lines].join('\n');
}

const DEFAULTS = { languages: ['en'], acceptsNewPatients: true, locationId: null };

function check(
  rows: Partial<Record<Column, string>>[],
  options: Partial<Omit<ValidateProviderRowsInput, 'records'>> = {},
): ValidationReport {
  const csv = parseProviderCsv(csvOf(rows));
  return validateProviderRows({
    records: csv.records,
    headers: csv.headers,
    parseIssues: csv.rowIssues,
    mapping: options.mapping ?? suggestMapping(csv.headers),
    existingNpis: new Map(),
    locations: [],
    zipKnown: () => true,
    defaults: DEFAULTS,
    ...options,
  });
}

const messages = (issues: { line: number; reason: string }[]) =>
  issues.map((i) => describeIssue({ ...i, field: null, value: '' }));

describe('a good row', () => {
  it('becomes an ImportRow in the stored form, and its address a new location', () => {
    const report = check([{}]);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.ready).toEqual([
      {
        line: 2,
        npi: npi(1),
        firstName: 'David',
        lastName: 'Wiebe',
        credentials: 'MD',
        taxonomyCode: '207X00000X',
        specialtyName: 'Orthopaedic Surgery Physician',
        languages: ['en', 'es'],
        sex: 'M',
        acceptsNewPatients: false,
        minAgeYears: 18,
        maxAgeYears: null,
        location: { newKey: 'new-1' },
      },
    ]);
    expect(report.newLocations).toEqual([
      {
        key: 'new-1',
        name: 'Kearney – 3500 Central Ave',
        address1: '3500 Central Ave',
        address2: null,
        city: 'Kearney',
        state: 'NE',
        zip: '68847-2944',
        phone: '+13088652512',
        zipKnown: true,
        firstLine: 2,
      },
    ]);
  });

  it('takes the defaults for empty languages and new-patient cells', () => {
    const report = check([{ languages: '', accepts_new_patients: '' }], {
      defaults: { languages: ['Spanish'], acceptsNewPatients: true, locationId: null },
    });
    expect(report.ready[0]).toMatchObject({ languages: ['es'], acceptsNewPatients: true });
  });

  it('takes the first of several taxonomy codes and says so', () => {
    const report = check([{ taxonomy: '207RC0000X|207R00000X|207RC0000X' }]);
    expect(report.ready[0]?.taxonomyCode).toBe('207RC0000X');
    expect(messages(report.warnings)).toEqual([
      'line 2: 2 taxonomy codes given (207RC0000X, 207R00000X); the first, 207RC0000X, is used',
    ]);
  });

  it('says nothing about a list that repeats one code (NPPES does)', () => {
    expect(check([{ taxonomy: '207RC0000X|207RC0000X' }]).warnings).toEqual([]);
  });

  it('accepts a well-formed code that is not in any list we ship', () => {
    expect(check([{ taxonomy: '999ZZ9999X' }]).ready[0]?.taxonomyCode).toBe('999ZZ9999X');
  });
});

describe('row errors, each with the line and a reason a person can act on', () => {
  it.each<[string, Partial<Record<Column, string>>, string]>([
    ['a bad check digit', { npi: '1234567890' }, 'NPI 1234567890 fails the check digit'],
    ['a short NPI', { npi: '12345' }, 'NPI 12345 must be 10 digits'],
    [
      'an NPI a spreadsheet turned into a number',
      { npi: '1.23457E+09' },
      'NPI 1.23457E+09 was turned into a number by a spreadsheet and its digits are lost: format the NPI column as text and export again',
    ],
    [
      'a taxonomy code with a digit missing',
      { taxonomy: '207Q0000X' },
      'taxonomy code 207Q0000X is not a NUCC code (10 characters, e.g. 207Q00000X)',
    ],
    [
      'no taxonomy code',
      { taxonomy: '' },
      'specialty (NUCC taxonomy code) is required, e.g. 207Q00000X',
    ],
    [
      'a four-digit ZIP',
      { zip: '1234' },
      'ZIP 1234 must be 5 digits or ZIP+4 (if a spreadsheet dropped its leading zero, write 01234)',
    ],
    [
      'a ZIP that is no ZIP',
      { zip: 'K1A 0B1' },
      'ZIP K1A 0B1 must be 5 digits or ZIP+4 (12345 or 12345-6789)',
    ],
    [
      'a state that is none',
      { state: 'ON' },
      'state ON is not a US state or territory (two letters, e.g. TX)',
    ],
    ['no first name', { first_name: '' }, 'first name is required'],
    ['no last name', { last_name: ' ' }, 'last name is required'],
    ['an unknown sex', { gender: 'q' }, 'sex q must be F, M or X (female, male, other)'],
    [
      'an unreadable yes/no',
      { accepts_new_patients: 'sometimes' },
      'accepts new patients sometimes must be yes or no (Y/N, true/false, 1/0)',
    ],
    [
      'an age that is not whole years',
      { min_age: '6 months' },
      'minimum age 6 months must be whole years from 0 to 130',
    ],
    [
      'ages the wrong way round',
      { min_age: '18', max_age: '12' },
      'minimum age 18 is above maximum age 12',
    ],
    [
      'a language we cannot read',
      { languages: 'English; Klingon' },
      'language "Klingon" is not one we recognise: write a code such as es or a name such as Spanish',
    ],
    [
      'an organization',
      { entity_type: '2', first_name: '', last_name: '' },
      'organization, not an individual provider',
    ],
    [
      'a deactivated record',
      { deactivated: 'Y', first_name: '', last_name: '', taxonomy: '' },
      'deactivated or empty NPI record (no name, specialty or address): remove it or skip it',
    ],
    [
      'an unknown entity type',
      { entity_type: '3' },
      'entity type 3 must be 1 (individual) or 2 (organization)',
    ],
    [
      'an incomplete address',
      { city: '', state: '' },
      'the address is incomplete (city, state missing): a new location needs street, city, state and ZIP',
    ],
    [
      'a location name the directory does not have, and no address',
      { location: 'Downtown', address1: '', city: '', state: '', zip: '' },
      'location "Downtown" is not in the directory: add it first, or map the address columns so it can be created',
    ],
    [
      'no location at all and no default',
      { address1: '', city: '', state: '', zip: '' },
      'no location: map a location column or choose a default location',
    ],
    [
      'credentials longer than the directory keeps',
      { credential: 'MD, PHD, MPH, FACP, FACC, FAHA, FSCAI, FACS, FCCP, FASE' },
      'credentials are too long (at most 50 characters)',
    ],
  ])('%s', (_what, cells, reason) => {
    const report = check([{}, { npi: npi(2), ...cells }]);
    expect(messages(report.errors)).toEqual([`line 3: ${reason}`]);
    expect(report.ready.map((r) => r.line)).toEqual([2]);
    expect(report.summary).toMatchObject({ rows: 2, ready: 1, withErrors: 1 });
  });

  it('reports every problem of a row, not only the first', () => {
    const report = check([{ npi: '1234567890', taxonomy: 'X', zip: '1' }]);
    expect(report.errors.map((e) => e.field)).toEqual(['npi', 'taxonomyCode', 'zip']);
    expect(report.errors[0]).toEqual({
      line: 2,
      field: 'npi',
      value: '1234567890',
      reason: 'NPI 1234567890 fails the check digit',
    });
  });

  it('knows an NPI already in the directory, by the name it has there', () => {
    const report = check([{ npi: '1679576722' }], {
      existingNpis: new Map([['1679576722', 'David Wiebe, MD']]),
    });
    expect(messages(report.errors)).toEqual([
      'line 2: NPI 1679576722 is already in the directory as David Wiebe, MD',
    ]);
    expect(report.summary.duplicates).toBe(1);
  });

  it('knows an NPI that came earlier in the file', () => {
    const report = check([{}, { npi: npi(2) }, { npi: npi(1) }]);
    expect(messages(report.errors)).toEqual(['line 4: same NPI as line 2']);
    expect(report.summary.duplicates).toBe(1);
  });

  it('counts organizations and deactivated records apart', () => {
    const report = check([
      {},
      { entity_type: '2' },
      { entity_type: 'Organization' },
      { deactivated: 'Y', entity_type: '2' },
    ]);
    expect(report.summary).toMatchObject({
      rows: 4,
      ready: 1,
      withErrors: 3,
      skippedOrganizations: 2,
      deactivated: 1,
    });
  });

  it('counts a row with the wrong number of columns as an error row', () => {
    const csv = parseProviderCsv(`${csvOf([{}])}\n1,2,3\n`);
    const report = validateProviderRows({
      records: csv.records,
      parseIssues: csv.rowIssues,
      mapping: suggestMapping(csv.headers),
      existingNpis: new Map(),
      locations: [],
      zipKnown: () => true,
      defaults: DEFAULTS,
    });
    expect(messages(report.errors)).toEqual([
      'line 3: has 3 columns but the header has 20; a value with a comma in it must be in "double quotes"',
    ]);
    expect(report.summary).toMatchObject({ rows: 2, ready: 1, withErrors: 1 });
  });
});

describe('warnings: imported all the same', () => {
  it('a well-formed ZIP with no map position (a PO box)', () => {
    const report = check([{ zip: '17089-0001' }, { npi: npi(2) }], {
      zipKnown: (zip5) => zip5 !== '17089',
    });
    expect(report.ready).toHaveLength(2);
    expect(messages(report.warnings)).toEqual([
      'line 2: ZIP 17089-0001 has no map position (a PO box or a new ZIP): the location "Kearney – 3500 Central Ave" is created, but searches by distance will not find it',
    ]);
    expect(report.newLocations.map((l) => l.zipKnown)).toEqual([false, true]);
    expect(report.summary.withWarnings).toBe(1);
  });

  it('a row without an NPI', () => {
    const report = check([{ npi: '' }]);
    expect(report.ready[0]?.npi).toBeNull();
    expect(messages(report.warnings)).toEqual([
      'line 2: no NPI: if this file is imported again, this provider will be added twice',
    ]);
  });

  it('a location phone that is no US number', () => {
    const report = check([{ phone: '1806379770' }]);
    expect(report.newLocations[0]?.phone).toBeNull();
    expect(messages(report.warnings)).toEqual([
      'line 2: phone 1806379770 is not a 10-digit US number; the location is kept without it',
    ]);
  });

  it('no NPI or languages column, once for the file', () => {
    const csv = parseProviderCsv(csvOf([{}]));
    const mapping: ColumnMapping = { ...suggestMapping(csv.headers), npi: null, languages: null };
    const report = validateProviderRows({
      records: csv.records,
      mapping,
      existingNpis: new Map(),
      locations: [],
      zipKnown: () => true,
      defaults: DEFAULTS,
    });
    expect(report.fileWarnings).toEqual([
      'No NPI column is chosen: providers already in the directory cannot be recognised, so importing the same people again would add them twice.',
      'No languages column is chosen: every provider gets English.',
    ]);
    expect(report.warnings).toEqual([]);
  });
});

describe('where each provider works', () => {
  const locations = [
    { id: 7, name: 'Main Street Clinic', address1: '12 Main Street', zip: '68847' },
    { id: 9, name: 'Kearney – 3500 Central Ave', address1: '1 Other Rd', zip: '68845-1111' },
  ];

  it('an existing location by name, whatever the case', () => {
    const report = check([{ location: 'MAIN STREET clinic', address1: '', city: '', zip: '' }], {
      locations,
    });
    expect(report.ready[0]?.location).toEqual({ existingId: 7 });
    expect(report.newLocations).toEqual([]);
  });

  it('an existing location by street and ZIP, however the street is abbreviated', () => {
    const report = check([{ address1: '12 MAIN ST.', zip: '68847-2944' }], { locations });
    expect(report.ready[0]?.location).toEqual({ existingId: 7 });
  });

  it('one new location for several providers at the same address', () => {
    const report = check([
      {},
      { npi: npi(2), address1: '3500 Central Avenue', zip: '68847' },
      { npi: npi(3), address1: '10 Elm St', city: 'Omaha', zip: '68102' },
    ]);
    expect(report.ready.map((r) => r.location)).toEqual([
      { newKey: 'new-1' },
      { newKey: 'new-1' },
      { newKey: 'new-2' },
    ]);
    expect(report.newLocations.map((l) => l.name)).toEqual([
      'Kearney – 3500 Central Ave',
      'Omaha – 10 Elm St',
    ]);
    expect(report.summary.newLocations).toBe(2);
  });

  it('numbers a new name that another location already has', () => {
    const report = check([{}], { locations });
    expect(report.newLocations[0]?.name).toBe('Kearney – 3500 Central Ave (2)');
  });

  it('names a new location after the location column when the file has one', () => {
    const report = check([
      { location: 'Kearney Ortho' },
      { npi: npi(2), location: 'kearney ortho' },
    ]);
    expect(report.newLocations.map((l) => l.name)).toEqual(['Kearney Ortho']);
    expect(report.ready.map((r) => r.location)).toEqual([{ newKey: 'new-1' }, { newKey: 'new-1' }]);
  });

  it('a location this file creates, named again on a later row without its address', () => {
    const report = check([
      { location: 'Kearney Ortho' },
      { npi: npi(2), location: 'KEARNEY ORTHO', address1: '', city: '', state: '', zip: '' },
    ]);
    expect(report.errors).toEqual([]);
    expect(report.ready.map((r) => r.location)).toEqual([{ newKey: 'new-1' }, { newKey: 'new-1' }]);
  });

  it('the default location when a row has no address', () => {
    const report = check([{ address1: '', city: '', state: '', zip: '' }], {
      defaults: { ...DEFAULTS, locationId: 7 },
      locations,
    });
    expect(report.ready[0]?.location).toEqual({ existingId: 7 });
  });

  it('makes no location for a row that has an error', () => {
    const report = check([{ npi: '1234567890' }]);
    expect(report.newLocations).toEqual([]);
    expect(report.summary.newLocations).toBe(0);
  });
});

describe('the mapping', () => {
  it('refuses to check rows when a required field has no column', () => {
    const csv = parseProviderCsv('NPI,Name\n1234567893,Ana\n');
    expect(() =>
      validateProviderRows({
        records: csv.records,
        mapping: suggestMapping(csv.headers),
        existingNpis: new Map(),
        locations: [],
        zipKnown: () => true,
        defaults: { ...DEFAULTS, locationId: 1 },
      }),
    ).toThrowError(
      new ProviderImportError(
        'WRONG_COLUMNS',
        'No column is chosen for "First name", which every provider needs. The file\'s columns are: NPI, Name. (2 more column problem(s))',
        'firstName',
      ),
    );
  });

  it('refuses default languages that are none', () => {
    expect(() => check([{}], { defaults: { ...DEFAULTS, languages: ['Elvish'] } })).toThrow(
      'The default languages must be languages such as en or Spanish (got Elvish).',
    );
  });
});

describe('invariants', () => {
  it('every row is either ready or has an error, never both; summary matches the lists', () => {
    const cell = (values: string[]) => fc.constantFrom(...values);
    const rowArb = fc.record(
      {
        npi: cell([npi(1), npi(2), '1234567890', '', '12']),
        entity_type: cell(['1', '2', '']),
        first_name: cell(['ANA', '']),
        taxonomy: cell(['207Q00000X', '207Q0000X', '']),
        zip: cell(['68847', '1234', '688472944']),
        state: cell(['NE', 'XX']),
        deactivated: cell(['', 'Y']),
        gender: cell(['female', 'q', '']),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), (rows) => {
        const report = check(rows);
        const readyLines = new Set(report.ready.map((r) => r.line));
        const errorLines = new Set(report.errors.map((e) => e.line));
        for (const line of readyLines) expect(errorLines.has(line)).toBe(false);
        expect(readyLines.size + errorLines.size).toBe(rows.length);
        expect(report.summary.ready).toBe(report.ready.length);
        expect(report.summary.withErrors).toBe(errorLines.size);
        const npis = report.ready.map((r) => r.npi).filter((n) => n !== null);
        expect(new Set(npis).size).toBe(npis.length);
        const used = new Set(
          report.ready.flatMap((r) => ('newKey' in r.location ? [r.location.newKey] : [])),
        );
        expect(report.newLocations.map((l) => l.key).sort()).toEqual([...used].sort());
      }),
      { numRuns: 150 },
    );
  });
});
