/**
 * Reading the file: csv-parse does the CSV grammar (quotes, doubled quotes, multi-line fields,
 * BOM); we add what a receptionist needs around it: the real line number of every row, a clear
 * refusal of files that are not CSV text, and rows with the wrong number of columns reported as
 * row problems instead of stopping the whole file.
 */
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { ProviderCsvError } from './errors';
import type { RowIssue } from './report';

export interface CsvRecord {
  /** 1-based line of the file where this row starts (a quoted multi-line value spans more). */
  line: number;
  /** Cell text by header name, as in the file (not trimmed). */
  values: Record<string, string>;
}

export interface ProviderCsv {
  headers: string[];
  records: CsvRecord[];
  /** Rows that could not be split into the header's columns; they never become providers. */
  rowIssues: RowIssue[];
}

export const DEFAULT_MAX_ROWS = 5000;

/**
 * Files arrive as bytes from a file picker. Excel on Windows saves "CSV" in the ANSI code page
 * (Windows-1252) unless the person picks "CSV UTF-8", so a name like "Peña" must survive both:
 * strict UTF-8 first, Windows-1252 when that fails.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  refuseBinary(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/**
 * Node's TextDecoder('windows-1252') decodes as Latin-1 (0x93 → U+0093, not the curly quote
 * U+201C that Excel meant), so the 0x80–0x9F block is mapped here from the WHATWG table.
 */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function refuseBinary(bytes: Uint8Array): void {
  if (startsWith(bytes, ZIP_SIGNATURE) || startsWith(bytes, OLE_SIGNATURE))
    throw new ProviderCsvError(
      'NOT_TEXT',
      'This is an Excel workbook, not a CSV file. In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.',
    );
  if (startsWith(bytes, PDF_SIGNATURE))
    throw new ProviderCsvError(
      'NOT_TEXT',
      'This is a PDF, not a CSV file. Export the provider list as CSV from the program that made it.',
    );
  const head = bytes.subarray(0, 8192);
  // UTF-16 files (Excel "Unicode Text") are full of NUL bytes too; CSV text never has one.
  if (head.includes(0))
    throw new ProviderCsvError(
      'NOT_TEXT',
      'This file is not CSV text (it contains binary data). Save the provider list as "CSV UTF-8" and import that file.',
    );
}

function refuseBinaryText(text: string): void {
  if (text.startsWith('PK\u0003\u0004'))
    throw new ProviderCsvError(
      'NOT_TEXT',
      'This is an Excel workbook, not a CSV file. In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.',
    );
  if (text.startsWith('%PDF'))
    throw new ProviderCsvError(
      'NOT_TEXT',
      'This is a PDF, not a CSV file. Export the provider list as CSV from the program that made it.',
    );
  const head = text.slice(0, 8192);
  // Control characters other than tab and line breaks, or many undecodable bytes: not a CSV.
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) control++;
  }
  const replaced = head.match(/\uFFFD/g)?.length ?? 0;
  if (control > 0 || replaced > Math.max(8, head.length / 20))
    throw new ProviderCsvError(
      'NOT_TEXT',
      'This file is not CSV text (it contains binary data). Save the provider list as "CSV UTF-8" and import that file.',
    );
}

/** Line breaks inside `raw`, not counting the one that ends the record. */
function innerLineBreaks(raw: string): number {
  // csv-parse puts skipped blank lines before the record into its raw text.
  const body = raw.replace(/^(\r\n|\r|\n)+/, '').replace(/(\r\n|\r|\n)$/, '');
  return body.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** A header cell that is plainly data: an NPI, a ZIP, a phone number, a date. */
const LOOKS_LIKE_DATA = /^[\d\s().+\-/]+$/;

interface Parsed {
  record: string[];
  info: { lines: number };
  raw: string;
}

/**
 * Split a provider CSV into its header and rows. `maxRows` bounds one import (a clinic has 1–30
 * providers; 5,000 covers a whole health-system export and stops a wrong file of a million rows).
 */
export function parseProviderCsv(
  input: string | Uint8Array,
  options: { maxRows?: number } = {},
): ProviderCsv {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  let text = typeof input === 'string' ? input : decodeCsvBytes(input);
  refuseBinaryText(text);
  // csv-parse 7.0.3 counts a CRLF inside a quoted value as two lines, so every row after a
  // multi-line address would be reported one line late. With LF only it counts right; the
  // values lose nothing a provider record needs.
  text = text.replace(/\r\n/g, '\n');
  if (text.replace(/^\uFEFF/, '').trim() === '')
    throw new ProviderCsvError('EMPTY_FILE', 'The file is empty: there are no providers in it.');

  const rowIssues: RowIssue[] = [];
  // Where the last complete row ended: a quote left open starts on the next non-blank line.
  let lastRowEnd = 0;
  let parsed: Parsed[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      // Excel leaves rows of bare commas below the data; they are not providers.
      skip_records_with_empty_values: true,
      // The header plus one row beyond the limit: enough to know the file is too long.
      to: maxRows + 2,
      skip_records_with_error: true,
      on_record: (record: string[], context: { lines: number }) => {
        lastRowEnd = context.lines;
        return record;
      },
      on_skip: (err: CsvError | undefined, raw: string | undefined) => {
        if (err === undefined) return;
        if (err.code !== 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') throw err;
        lastRowEnd = Number(err.lines);
        const rawText = raw ?? '';
        const line = Number(err.lines) - innerLineBreaks(rawText);
        rowIssues.push(columnCountIssue({ line, raw: rawText, err }));
      },
    }) as unknown as Parsed[]; // the typings do not model the { record, info, raw } shape of info + raw
  } catch (e) {
    throw malformed(e, openingLine(text, lastRowEnd));
  }

  const first = parsed[0];
  if (first === undefined)
    throw new ProviderCsvError('EMPTY_FILE', 'The file is empty: there are no providers in it.');
  const headers = first.record.map((h, i) => h.trim() || `(column ${i + 1})`);
  checkHeaders(headers, first.info.lines);

  const rows = parsed.slice(1);
  const total = rows.length + rowIssues.length;
  if (total > maxRows)
    throw new ProviderCsvError(
      'TOO_MANY_ROWS',
      `The file has more than ${maxRows} rows; one import takes at most ${maxRows}. Split the file and import the parts one after another.`,
    );
  if (total === 0)
    throw new ProviderCsvError(
      'NO_ROWS',
      'The file has column names but no rows under them: there are no providers to import.',
      first.info.lines,
    );

  const records = rows.map(({ record, info, raw }) => {
    const values: Record<string, string> = {};
    headers.forEach((h, i) => (values[h] = record[i] ?? ''));
    return { line: info.lines - innerLineBreaks(raw), values };
  });
  return { headers, records, rowIssues };
}

function checkHeaders(headers: string[], line: number): void {
  const dataLike = headers.find((h) => LOOKS_LIKE_DATA.test(h));
  if (dataLike !== undefined)
    throw new ProviderCsvError(
      'NO_HEADER',
      `The first line is data (it has "${dataLike}"), not column names. Add a first line with the column names, e.g. NPI,First Name,Last Name,Taxonomy.`,
      line,
    );
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = h.toLowerCase();
    const before = seen.get(key);
    if (before !== undefined)
      throw new ProviderCsvError(
        'DUPLICATE_HEADER',
        `Two columns are named "${h}" (columns ${before + 1} and ${i + 1}). Rename one so each column has its own name.`,
        line,
      );
    seen.set(key, i);
  });
}

function columnCountIssue(args: { line: number; raw: string; err: CsvError }): RowIssue {
  const { line, raw, err } = args;
  // csv-parse says "Invalid Record Length: expect 19, got 18 on line 7".
  const expected = /expect (\d+)/.exec(err.message)?.[1] ?? '?';
  const got = /got (\d+)/.exec(err.message)?.[1] ?? '?';
  const shown = raw.replace(/\s+$/, '');
  return {
    line,
    field: null,
    value: shown.length > 80 ? `${shown.slice(0, 77)}…` : shown,
    reason: `has ${got} columns but the header has ${expected}; a value with a comma in it must be in "double quotes"`,
  };
}

/** The first non-blank line after `afterLine`: where a row that never ended began. */
function openingLine(text: string, afterLine: number): number {
  const lines = text.split(/\r\n|\r|\n/);
  let i = afterLine;
  while (i < lines.length - 1 && lines[i]!.trim() === '') i++;
  return i + 1;
}

function malformed(e: unknown, rowStart: number): ProviderCsvError {
  if (e instanceof ProviderCsvError) return e;
  if (e instanceof CsvError) {
    const line =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? rowStart
        : Number((e as { lines?: unknown }).lines) || null;
    const where = line === null ? '' : ` on line ${line}`;
    const what =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? `a "double quote" opened${where} is never closed`
        : e.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? `there is text right after a closing "double quote"${where}`
          : `it cannot be read as CSV${where} (${e.message})`;
    return new ProviderCsvError(
      'MALFORMED_CSV',
      `The file is not valid CSV: ${what}. A value that contains a quote must be written with the quote doubled ("" inside "…").`,
      line,
    );
  }
  return new ProviderCsvError(
    'MALFORMED_CSV',
    `The file is not valid CSV: ${e instanceof Error ? e.message : String(e)}.`,
  );
}
