import { describe, expect, it } from 'vitest';
import { PatientIndex, editDistance, similarNames } from './dedupe';
import { resolveMapping, suggestMapping } from './mapping';
import { parse as csvParse } from 'csv-parse/sync';
import { decodePatientFile, detectDelimiter, parsePatientText, parseWellFormed } from './parse';
import { readPatientFile } from './plan';
import { readDate, readPhone, validateRow } from './validate';

const noPause = { pause: async () => {} };
const bytes = (s: string) => new TextEncoder().encode(s);
const parseText = (s: string) => parsePatientText(decodePatientFile(bytes(s)), noPause);

describe('the quick reader of well-formed slices', () => {
  /** What csv-parse gives with the options parse.ts uses: record, start line, raw text. */
  function reference(slice: string, delimiter: ',' | '\t' | ';') {
    const rows = csvParse(slice, {
      delimiter,
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      relax_quotes: delimiter === '\t',
      quote: '"',
    }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
    return rows.map(({ record, info, raw }) => {
      const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
      return { record, line: info.lines - (body.match(/\n/g) ?? []).length };
    });
  }

  it('reads exactly what csv-parse reads, and leaves anything odd to it', () => {
    const cases: [string, ',' | '\t' | ';'][] = [
      ['a,b,c\n1,2,3\n', ','],
      ['a,b\n\n\n"x\ny",2\n,\n  ,  \nlast,"q""uote"', ','],
      ['a,b\n"",""\n"a,b",c\n1,2,3,,\n', ','],
      ['a\tb\n6" tall\tx\n"quoted\ttab"\ty\n', '\t'],
      ['a;b\n"1;2";3\n', ';'],
      ['only\n', ','],
      ['a,b\nx,\n,y\n', ','],
    ];
    for (const [slice, d] of cases) {
      const quick = parseWellFormed(slice, d);
      expect(quick, slice).not.toBeNull();
      expect(
        quick!.map(({ record, line }) => ({ record, line })),
        slice,
      ).toEqual(reference(slice, d));
    }
    // Random slices built from the hard parts: quotes, doubled quotes, breaks, delimiters.
    let x = 7;
    const rnd = (n: number) => (x = (x * 1103515245 + 12345) % 2147483648) % n;
    const parts = ['a', 'b c', '""', '"x,y"', '"p""q"', '"l\nm"', ',', '\n', ' ', '"', 'z"'];
    let compared = 0;
    for (let k = 0; k < 3000; k++) {
      let slice = '';
      for (let j = 0, n = 1 + rnd(12); j < n; j++) slice += parts[rnd(parts.length)];
      const quick = parseWellFormed(slice, ',');
      let ref: ReturnType<typeof reference> | null;
      try {
        ref = reference(slice, ',');
      } catch {
        ref = null;
      }
      if (quick === null) continue; // csv-parse reads it (or refuses it) as before
      expect(ref, JSON.stringify(slice)).not.toBeNull();
      expect(
        quick.map(({ record, line }) => ({ record, line })),
        JSON.stringify(slice),
      ).toEqual(ref);
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
    expect(parseWellFormed('a,b\n"never closed,1\n', ',')).toBeNull();
    expect(parseWellFormed('a,b\n"x"y,1\n', ',')).toBeNull();
    expect(parseWellFormed('a,b\nx"y,1\n', ',')).toBeNull();
  });
});

describe('reading the file', () => {
  it('reads UTF-8 with and without a BOM alike', () => {
    const plain = decodePatientFile(bytes('Name\nPeña\n'));
    const bom = decodePatientFile(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('Name\nPeña\n')]));
    expect(plain).toEqual({ text: 'Name\nPeña\n', encoding: 'utf-8' });
    expect(bom).toEqual(plain);
  });

  it('reads bytes that are not UTF-8 as Windows-1252, curly quotes included', () => {
    // "Peña" with ñ = 0xF1 and a 0x93/0x94 quote pair, as Excel saves on a US PC.
    const d = decodePatientFile(new Uint8Array([0x50, 0x65, 0xf1, 0x61, 0x20, 0x93, 0x4a, 0x94]));
    expect(d).toEqual({ text: 'Peña “J”', encoding: 'windows-1252' });
  });

  it('refuses a workbook, a PDF and UTF-16 with what to do instead', () => {
    expect(() => decodePatientFile(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toThrow(
      /Excel workbook.*CSV UTF-8/,
    );
    expect(() => decodePatientFile(bytes('%PDF-1.4'))).toThrow(/PDF/);
    expect(() => decodePatientFile(new Uint8Array([0xff, 0xfe, 0x4e, 0]))).toThrow(/binary data/);
  });

  it('detects comma, tab and semicolon from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('First,Last,DOB')).toBe(',');
    expect(detectDelimiter('First\tLast\t"DOB, US"')).toBe('\t');
    expect(detectDelimiter('First;Last;"a,b"')).toBe(';');
  });

  it('gives each row the line it starts on, past blank lines and quoted line breaks', async () => {
    const f = await parseText(
      'First,Last,Address\r\nAna,Lopez,"12 Main St\r\nApt 4"\r\n\r\nBen,Okafor,x\r\n',
    );
    expect(f.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'Ana'],
      [5, 'Ben'],
    ]);
    expect(f.rows[0]!.cells[2]).toBe('12 Main St\nApt 4');
  });

  it('reports a row with the wrong number of columns by line, and keeps reading', async () => {
    const f = await parseText(
      'First\tLast\tDOB\nAna\tLopez\t1980-01-01\nBen\tOkafor\nCy\tOde\t1990-01-01\n',
    );
    expect(f.delimiter).toBe('\t');
    expect(f.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(f.problems).toEqual([
      expect.objectContaining({
        line: 3,
        severity: 'error',
        reason: expect.stringMatching(/has 2 columns but the header has 3/),
      }),
    ]);
  });

  it('reads a file larger than one slice with the right line numbers', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `Name${i},"Last, ${i}",1980-01-01`);
    const f = await parseText(`First,Last,DOB\n${rows.join('\n')}\n`);
    expect(f.rows).toHaveLength(20_000);
    expect(f.rows[19_999]).toEqual({
      line: 20_001,
      cells: ['Name19999', 'Last, 19999', '1980-01-01'],
    });
  });

  it('refuses an empty file, a header only, and a first line of data', async () => {
    await expect(parseText('\n\n')).rejects.toThrow(/empty/);
    await expect(parseText('First,Last\n')).rejects.toThrow(/no rows under them/);
    await expect(parseText('Ana,1980-01-01\nBen,1970-01-01\n')).rejects.toThrow(
      /first line is data/,
    );
  });
});

describe('mapping columns', () => {
  it('recognises the Synthea export and maps it exactly', () => {
    const s = suggestMapping([
      'Id',
      'BIRTHDATE',
      'DEATHDATE',
      'SSN',
      'FIRST',
      'LAST',
      'GENDER',
      'ADDRESS',
      'CITY',
      'STATE',
      'ZIP',
      'HEALTHCARE_EXPENSES',
    ]);
    expect(s.preset?.id).toBe('synthea');
    expect(s.mapping).toMatchObject({
      externalId: 'Id',
      firstName: 'FIRST',
      dateOfDeath: 'DEATHDATE',
      sex: 'GENDER',
      phoneHome: null,
    });
  });

  it('suggests by header name for other exports', () => {
    const s = suggestMapping([
      'MRN',
      'Patient First Name',
      'Surname',
      'D.O.B.',
      'Cell Phone',
      'E-mail Address',
      'Zip Code',
    ]);
    expect(s.preset).toBeNull();
    expect(s.mapping).toMatchObject({
      externalId: 'MRN',
      firstName: 'Patient First Name',
      lastName: 'Surname',
      dateOfBirth: 'D.O.B.',
      phoneMobile: 'Cell Phone',
      email: 'E-mail Address',
      zip: 'Zip Code',
    });
  });

  it("takes the person's choice over the suggestion and refuses unknown, doubled and missing columns", () => {
    const headers = ['First', 'Last', 'DOB', 'Phone'];
    const s = suggestMapping(headers);
    expect(resolveMapping(headers, s.mapping, { phoneMobile: 'Phone' }).mapping).toMatchObject({
      phoneMobile: 'Phone',
      phoneHome: null,
    });
    expect(resolveMapping(headers, s.mapping, { dateOfBirth: 'Birth' }).errors[0]!.message).toMatch(
      /no column named "Birth"/,
    );
    expect(resolveMapping(headers, s.mapping, { dateOfBirth: null }).errors[0]!.message).toMatch(
      /date of birth: every patient needs one/,
    );
    expect(
      resolveMapping(headers, s.mapping, { lastName: 'First', firstName: 'First' }).errors[0]!
        .message,
    ).toMatch(/chosen for both/);
  });
});

describe('checking rows', () => {
  const columns = {
    firstName: 0,
    lastName: 1,
    dateOfBirth: 2,
    dateOfDeath: 3,
    phoneMobile: 4,
    email: 5,
    state: 6,
    zip: 7,
    sex: 8,
  };
  const check = (cells: string[], stripNameDigits = false) =>
    validateRow({ line: 9, cells }, { columns, today: '2026-03-02', stripNameDigits });

  it('reads dates as exports write them and refuses ambiguous or impossible ones', () => {
    expect(readDate('1980-04-07')).toEqual({ date: '1980-04-07' });
    expect(readDate('4/7/1980')).toEqual({ date: '1980-04-07' });
    expect(readDate('19800407')).toEqual({ date: '1980-04-07' });
    expect(readDate('1980-04-07T00:00:00Z')).toEqual({ date: '1980-04-07' });
    expect(readDate('4/7/80')).toEqual({ reason: expect.stringMatching(/two-digit year/) });
    expect(readDate('2/29/2023')).toEqual({ reason: expect.stringMatching(/not a real date/) });
    expect(readDate('April 7')).toEqual({ reason: expect.stringMatching(/not a date/) });
  });

  it('reads US phone numbers', () => {
    expect(readPhone('(512) 555-0101')).toEqual({ phone: '5125550101' });
    expect(readPhone('+1 512 555 0101 x12')).toEqual({ phone: '5125550101' });
    expect(readPhone('512-555')).toEqual({ reason: expect.stringMatching(/10 digits/) });
    expect(readPhone('112-555-0101')).toEqual({
      reason: expect.stringMatching(/not a valid US number/),
    });
  });

  it('makes a deceased patient, with state names and lost ZIP zeros mended and said so', () => {
    const r = check(
      ['Theda286', 'Johnston597', '1976-12-13', '1978-11-07', '', '', 'Massachusetts', '2151', 'F'],
      true,
    );
    expect(r.draft).toMatchObject({
      firstName: 'Theda',
      lastName: 'Johnston',
      deceased: true,
      deceasedOn: '1978-11-07',
      state: 'MA',
      zip: '02151',
      sex: 'F',
    });
    expect(r.problems).toEqual([
      expect.objectContaining({
        field: 'zip',
        severity: 'warning',
        reason: 'ZIP had lost its leading zero; read as 02151',
      }),
    ]);
  });

  it('refuses a row for each bad value, with the line and the reason', () => {
    const r = check(['', 'Lopez', '2027-01-01', '1970-01-01', '555', 'x@y', 'TX', '', 'Q']);
    expect(r.draft).toBeNull();
    expect(r.problems.map((p) => [p.line, p.severity, p.reason])).toEqual([
      [9, 'error', 'first name is missing'],
      [9, 'error', 'date of birth 2027-01-01 is in the future'],
      [9, 'warning', 'sex is not F, M or X; left empty'],
      [9, 'error', 'mobile phone: "555" does not have 10 digits'],
      [9, 'error', 'e-mail "x@y" is not an address like name@example.com'],
    ]);
  });

  it('refuses a death before the birth', () => {
    expect(
      check(['A', 'B', '1980-01-01', '1979-01-01', '', '', '', '', '']).problems[0]!.reason,
    ).toMatch(/before the date of birth/);
  });
});

describe('finding duplicates', () => {
  const index = new PatientIndex();
  index.add({
    id: 1,
    firstName: 'John',
    lastName: 'Smith',
    dateOfBirth: '1980-01-01',
    phones: ['5125550101'],
    email: 'js@example.com',
  });
  index.add({
    id: 2,
    firstName: 'María',
    lastName: 'Núñez',
    dateOfBirth: '1990-02-02',
    phones: [],
    email: null,
  });
  index.addExternalId('A-1', 2);
  const draft = (over: Record<string, unknown>) => ({
    line: 2,
    externalId: null,
    firstName: 'X',
    lastName: 'Y',
    dateOfBirth: '2000-01-01',
    sex: null,
    phoneMobile: null,
    phoneHome: null,
    email: null,
    address1: null,
    city: null,
    state: null,
    zip: null,
    preferredLanguage: 'en',
    deceased: false,
    deceasedOn: null,
    coverage: null,
    ...over,
  });

  it('finds the same id, name and birth, near names, phone and e-mail, each with its proposed decision', () => {
    expect(index.match(draft({ externalId: 'A-1', firstName: 'Maria' }))).toMatchObject({
      kind: 'externalId',
      patientId: 2,
      proposed: 'update',
    });
    expect(
      index.match(draft({ firstName: 'maria', lastName: 'NUNEZ', dateOfBirth: '1990-02-02' })),
    ).toMatchObject({ kind: 'nameAndBirth', patientId: 2, proposed: 'skip' });
    expect(
      index.match(draft({ firstName: 'Jon', lastName: 'Smith', dateOfBirth: '1980-01-01' })),
    ).toMatchObject({ kind: 'similarName', proposed: 'skip' });
    expect(
      index.match(draft({ firstName: 'Smith', lastName: 'John', dateOfBirth: '1980-01-01' })),
    ).toMatchObject({ kind: 'similarName' });
    expect(
      index.match(draft({ firstName: 'Jane', lastName: 'Smith', phoneHome: '5125550101' })),
    ).toMatchObject({ kind: 'phone', patientId: 1, proposed: 'create' });
    expect(index.match(draft({ email: 'js@example.com' }))).toMatchObject({
      kind: 'email',
      patientId: 1,
    });
    expect(
      index.match(draft({ firstName: 'John', lastName: 'Smith', dateOfBirth: '1980-01-02' })),
    ).toBeNull();
    expect(index.match(draft({ externalId: 'A-2' }))).toBeNull();
  });

  it('counts transpositions as one edit and gives up past the limit', () => {
    expect(editDistance('jon', 'john', 2)).toBe(1);
    expect(editDistance('smtih', 'smith', 2)).toBe(1);
    expect(editDistance('william', 'bill', 1)).toBe(2);
    expect(
      similarNames({ first: 'mary ann', last: 'lee' }, { first: 'maryann', last: 'lee' }),
    ).toBe(true);
    expect(similarNames({ first: 'ann', last: 'lee' }, { first: 'bob', last: 'lee' })).toBe(false);
  });
});

describe('the whole file', () => {
  it('refuses a second row with the same id from the old system', async () => {
    const f = await readPatientFile(
      bytes('ID,First,Last,DOB\n7,Ana,Lopez,1980-01-01\n7,Ben,Okafor,1970-01-01\n'),
      { today: '2026-03-02' },
      noPause,
    );
    expect(f.drafts).toHaveLength(1);
    expect(f.problems).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'externalId',
        reason: 'the ID "7" is also on line 2; one person, one row',
      }),
    ]);
  });
});
