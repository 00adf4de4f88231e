import { describe, expect, it } from 'vitest';
import { ProviderCsvError, type ProviderCsvErrorCode } from './errors';
import { decodeCsvBytes, parseProviderCsv } from './parseCsv';

function csvError(f: () => unknown): ProviderCsvError {
  try {
    f();
  } catch (e) {
    if (e instanceof ProviderCsvError) return e;
    throw e;
  }
  throw new Error('expected a ProviderCsvError');
}

function expectCsvError(
  f: () => unknown,
  code: ProviderCsvErrorCode,
  message: string | RegExp,
  line: number | null = null,
) {
  const e = csvError(f);
  expect(e.code).toBe(code);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
  expect(e.line).toBe(line);
}

describe('parseProviderCsv: reading', () => {
  it('gives headers and rows with their file lines', () => {
    const csv = parseProviderCsv('npi,last_name\n1679576722,WIEBE\n1588667638,PILCHER\n');
    expect(csv.headers).toEqual(['npi', 'last_name']);
    expect(csv.records).toEqual([
      { line: 2, values: { npi: '1679576722', last_name: 'WIEBE' } },
      { line: 3, values: { npi: '1588667638', last_name: 'PILCHER' } },
    ]);
    expect(csv.rowIssues).toEqual([]);
  });

  it('tolerates a byte-order mark (Excel "CSV UTF-8")', () => {
    const csv = parseProviderCsv('\uFEFFnpi,last_name\n1679576722,WIEBE\n');
    expect(csv.headers).toEqual(['npi', 'last_name']);
  });

  it('reads CRLF, LF and a missing final line break alike', () => {
    const lf = parseProviderCsv('a,b\n1,2\n3,4');
    const crlf = parseProviderCsv('a,b\r\n1,2\r\n3,4\r\n');
    expect(crlf).toEqual(lf);
    expect(lf.records.map((r) => r.line)).toEqual([2, 3]);
  });

  it('keeps quoted commas, doubled quotes and multi-line values, with the line each row starts on', () => {
    for (const nl of ['\n', '\r\n']) {
      const text = [
        'name,address,zip',
        '"Smith, Jane","12 Main St',
        'Suite 4",12345',
        'Ann,"the ""Annex""",54321',
        'Bob,"a',
        'b',
        'c",11111',
        'Eve,x,22222',
      ].join(nl);
      const csv = parseProviderCsv(text);
      expect(csv.records.map((r) => r.line)).toEqual([2, 4, 5, 8]);
      expect(csv.records[0]!.values).toEqual({
        name: 'Smith, Jane',
        address: '12 Main St\nSuite 4',
        zip: '12345',
      });
      expect(csv.records[1]!.values.address).toBe('the "Annex"');
    }
  });

  it('skips blank lines and rows of bare commas but keeps counting lines', () => {
    const csv = parseProviderCsv('a,b\n\n1,2\n,\n\n3,4\n');
    expect(csv.records.map((r) => r.line)).toEqual([3, 6]);
  });

  it('reports a row with the wrong number of columns as a row problem and goes on', () => {
    const csv = parseProviderCsv('a,b,c\n1,2,3\nSmith, Jane,x,y\n4,5\n"multi\nline",6,7\n');
    expect(csv.records.map((r) => r.line)).toEqual([2, 5]);
    expect(csv.rowIssues).toEqual([
      {
        line: 3,
        field: null,
        value: 'Smith, Jane,x,y',
        reason:
          'has 4 columns but the header has 3; a value with a comma in it must be in "double quotes"',
      },
      {
        line: 4,
        field: null,
        value: '4,5',
        reason:
          'has 2 columns but the header has 3; a value with a comma in it must be in "double quotes"',
      },
    ]);
  });

  it('names a column without a header by its position', () => {
    const csv = parseProviderCsv('npi,,last\n1,2,3\n');
    expect(csv.headers).toEqual(['npi', '(column 2)', 'last']);
  });

  it('trims header names', () => {
    expect(parseProviderCsv(' NPI , Last Name \n1,2\n').headers).toEqual(['NPI', 'Last Name']);
  });
});

describe('parseProviderCsv: files it refuses', () => {
  it('an empty file', () => {
    const msg = 'The file is empty: there are no providers in it.';
    expectCsvError(() => parseProviderCsv(''), 'EMPTY_FILE', msg);
    expectCsvError(() => parseProviderCsv('\uFEFF \r\n\n'), 'EMPTY_FILE', msg);
    expectCsvError(() => parseProviderCsv(new Uint8Array()), 'EMPTY_FILE', msg);
  });

  it('a file whose first line is data', () => {
    expectCsvError(
      () => parseProviderCsv('1679576722,1,,WIEBE,DAVID\n1588667638,1,,PILCHER,WILLIAM\n'),
      'NO_HEADER',
      'The first line is data (it has "1679576722"), not column names. Add a first line with the column names, e.g. NPI,First Name,Last Name,Taxonomy.',
      1,
    );
  });

  it('column names and no rows', () => {
    expectCsvError(
      () => parseProviderCsv('npi,last_name\n\n'),
      'NO_ROWS',
      'The file has column names but no rows under them: there are no providers to import.',
      1,
    );
  });

  it('two columns with the same name', () => {
    expectCsvError(
      () => parseProviderCsv('NPI,Last,npi\n1,2,3\n'),
      'DUPLICATE_HEADER',
      'Two columns are named "npi" (columns 1 and 3). Rename one so each column has its own name.',
      1,
    );
  });

  it('more rows than one import takes', () => {
    const text = ['npi', ...Array.from({ length: 11 }, (_, i) => String(i))].join('\n');
    expectCsvError(
      () => parseProviderCsv(text, { maxRows: 10 }),
      'TOO_MANY_ROWS',
      'The file has more than 10 rows; one import takes at most 10. Split the file and import the parts one after another.',
    );
    expect(parseProviderCsv(text, { maxRows: 11 }).records).toHaveLength(11);
  });

  it('a quote with text after it, with its line', () => {
    expectCsvError(
      () => parseProviderCsv('a,b\n1,2\n3,"x"y\n'),
      'MALFORMED_CSV',
      'The file is not valid CSV: there is text right after a closing "double quote" on line 3. A value that contains a quote must be written with the quote doubled ("" inside "…").',
      3,
    );
  });

  it('a quote never closed, with the line it opened on', () => {
    expectCsvError(
      () => parseProviderCsv('a,b\n1,2\n3,"open\n4,5\n'),
      'MALFORMED_CSV',
      'The file is not valid CSV: a "double quote" opened on line 3 is never closed. A value that contains a quote must be written with the quote doubled ("" inside "…").',
      3,
    );
  });

  it('a quote never closed after blank lines, with the line it opened on', () => {
    const e = csvError(() => parseProviderCsv('a,b\r\n1,2\r\n\r\n\r\n3,"open\r\n4,5\r\n'));
    expect(e.code).toBe('MALFORMED_CSV');
    expect(e.line).toBe(5);
  });

  it('an Excel workbook, a PDF, or binary junk', () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expectCsvError(
      () => parseProviderCsv(xlsx),
      'NOT_TEXT',
      'This is an Excel workbook, not a CSV file. In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.',
    );
    expectCsvError(
      () => parseProviderCsv('%PDF-1.7\n...'),
      'NOT_TEXT',
      'This is a PDF, not a CSV file. Export the provider list as CSV from the program that made it.',
    );
    const junk = new Uint8Array(64).map((_, i) => (i * 37) % 256);
    expectCsvError(() => parseProviderCsv(junk), 'NOT_TEXT', /^This file is not CSV text/);
    expectCsvError(
      () => parseProviderCsv('npi\u0001\u0002,x\n1,2\n'),
      'NOT_TEXT',
      /^This file is not CSV text/,
    );
  });

  it('errors carry their code in JSON for the handler', () => {
    const e = csvError(() => parseProviderCsv(''));
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      code: 'EMPTY_FILE',
      message: 'The file is empty: there are no providers in it.',
      line: null,
    });
  });
});

describe('decodeCsvBytes', () => {
  it('reads UTF-8', () => {
    expect(decodeCsvBytes(new TextEncoder().encode('Peña,Nguyễn'))).toBe('Peña,Nguyễn');
  });

  it('falls back to Windows-1252 for an Excel "CSV (Comma delimited)" file', () => {
    // "Peña" in Windows-1252: ñ is the single byte 0xF1, invalid as UTF-8.
    const bytes = new Uint8Array([0x50, 0x65, 0xf1, 0x61, 0x2c, 0x93, 0x78, 0x94]);
    expect(decodeCsvBytes(bytes)).toBe('Peña,\u201cx\u201d');
  });

  it('refuses UTF-16 (full of NUL bytes)', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x70, 0x00, 0x69, 0x00]);
    expect(() => decodeCsvBytes(utf16)).toThrow(ProviderCsvError);
  });
});
