/**
 * Reading a patient export: CSV or TSV (a few systems export semicolons), UTF-8 with or without
 * a BOM, or Windows-1252 (Excel's "CSV" on a US Windows PC). csv-parse does the grammar; we cut
 * the text into slices at record boundaries so a 100,000-row file is read in steps between which
 * the host answers other desks (the caller passes `pause`).
 */
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../errors';
import { decodeWindows1252 } from '../../matching/providerImport/parseCsv';

export type Delimiter = ',' | '\t' | ';';
export type Encoding = 'utf-8' | 'windows-1252';

export interface FileRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  cells: string[];
}

export interface RowProblem {
  line: number;
  field: string | null;
  value: string;
  reason: string;
  severity: 'error' | 'warning';
}

export interface ParsedPatientFile {
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  rows: FileRow[];
  /** Rows whose column count is not the header's: they never become patients. */
  problems: RowProblem[];
}

/** Steps between pauses: what the host can do in a few milliseconds. */
export interface Stepper {
  /** Lets the event loop run (setImmediate in the host; nothing in a plain unit test). */
  pause: () => Promise<void>;
  /** 0..1 of this phase. */
  progress?: (done: number) => void;
}

export const MAX_PATIENT_ROWS = 200_000;

function fail(message: string): never {
  throw new AppError('VALIDATION', message, 'fileBase64');
}

/** Strict UTF-8 first; bytes that are not UTF-8 are Windows-1252 ("Peña" saved by Excel). */
export function decodePatientFile(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    fail(
      'This is an Excel workbook, not a CSV file. In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.',
    );
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)
    fail('This is a PDF, not a CSV file. Export the patient list as CSV or tab-separated text.');
  if (bytes.subarray(0, 8192).includes(0))
    fail(
      'This file is not CSV text (it contains binary data, or it is UTF-16 "Unicode Text"). Save the patient list as "CSV UTF-8" and import that file.',
    );
  let text: string;
  let encoding: Encoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = decodeWindows1252(bytes);
    encoding = 'windows-1252';
  }
  return { text: text.replace(/^\uFEFF/, ''), encoding };
}

/** The delimiter that splits the header line into the most columns (outside quotes). */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === '\t' || ch === ';')) counts[ch]++;
  }
  if (counts['\t'] > 0 && counts['\t'] >= counts[',']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

/**
 * End of the last whole record in text[from, from+size): the position after a line break
 * reached with an even number of quotes since `from` (a quoted value may hold line breaks).
 */
function sliceEnd(text: string, from: number, size: number): number {
  const limit = Math.min(text.length, from + size);
  if (limit === text.length) return limit;
  let quotes = 0;
  let lastBreak = -1;
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && (quotes & 1) === 0) lastBreak = i + 1;
  }
  // One record longer than a slice: take up to its end.
  if (lastBreak === -1) {
    for (let i = limit; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) quotes++;
      else if (c === 10 && (quotes & 1) === 0) return i + 1;
    }
    return text.length;
  }
  return lastBreak;
}

interface Parsed {
  record: string[];
  info: { lines: number };
  raw: string;
}

function innerLineBreaks(raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  let n = 0;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) n++;
  return n;
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

const SLICE_CHARS = 32 * 1024;

/**
 * The common case read without csv-parse's bookkeeping (about five times faster): well-formed
 * CSV/TSV, quoted values with "" for a quote and line breaks inside. Anything else — a quote
 * that is never closed, text after a closing quote, a quote inside an unquoted CSV value — gives
 * null, and csv-parse reads that slice, with its exact errors. Records come out as csv-parse
 * gives them with the options below: empty lines and all-blank records skipped; `line` is the
 * line of the slice (1-based) where the record starts; `raw` is its text.
 */
export function parseWellFormed(
  slice: string,
  delimiter: Delimiter,
): { record: string[]; line: number; raw: string }[] | null {
  const out: { record: string[]; line: number; raw: string }[] = [];
  const sep = delimiter.charCodeAt(0);
  const quotesAreText = delimiter === '\t';
  const n = slice.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    if (slice.charCodeAt(i) === 10) {
      i++;
      line++;
      continue;
    }
    const start = i;
    const startLine = line;
    const record: string[] = [];
    let blank = true;
    for (;;) {
      let value: string;
      if (i < n && slice.charCodeAt(i) === 34) {
        i++;
        value = '';
        let from = i;
        for (;;) {
          const q = slice.indexOf('"', i);
          if (q === -1) return null;
          if (slice.charCodeAt(q + 1) === 34) {
            value += slice.slice(from, q + 1);
            i = q + 2;
            from = i;
            continue;
          }
          value += slice.slice(from, q);
          i = q + 1;
          break;
        }
        for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) line++;
        if (i < n && slice.charCodeAt(i) !== sep && slice.charCodeAt(i) !== 10) return null;
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = slice.charCodeAt(j);
          if (c === sep || c === 10) break;
          if (c === 34 && !quotesAreText) return null;
        }
        value = slice.slice(i, j);
        i = j;
      }
      record.push(value);
      if (blank && value.trim() !== '') blank = false;
      if (i >= n) break;
      if (slice.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      i++;
      line++;
      break;
    }
    if (!blank) out.push({ record, line: startLine, raw: slice.slice(start, i) });
  }
  return out;
}

/** CRLF and CR become LF, a slice at a time (one replace over 15 MB holds the host too long). */
async function normalizeBreaks(text: string, step: Stepper): Promise<string> {
  if (text.indexOf('\r') === -1) return text;
  const parts: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + 16 * SLICE_CHARS);
    if (text.charCodeAt(end - 1) === 13) end++; // keep a CRLF in one piece
    parts.push(text.slice(at, end).replace(/\r\n?/g, '\n'));
    at = end;
    await step.pause();
  }
  return parts.join('');
}

/** Splits the decoded text into header and rows, pausing between slices. */
export async function parsePatientText(
  decoded: { text: string; encoding: Encoding },
  step: Stepper,
  maxRows = MAX_PATIENT_ROWS,
): Promise<ParsedPatientFile> {
  // csv-parse counts a CRLF inside a quoted value as two lines; LF alone counts right.
  const text = await normalizeBreaks(decoded.text, step);
  if (text.trim() === '') fail('The file is empty: there are no patients in it.');
  const firstLineEnd = text.indexOf('\n');
  const delimiter = detectDelimiter(firstLineEnd === -1 ? text : text.slice(0, firstLineEnd));
  const problems: RowProblem[] = [];
  const rows: FileRow[] = [];
  let headers: string[] | null = null;
  let pos = 0;
  let lineOffset = 0;
  while (pos < text.length) {
    const end = sliceEnd(text, pos, SLICE_CHARS);
    const slice = text.slice(pos, end);
    let parsed = parseWellFormed(slice, delimiter);
    if (!parsed)
      try {
        parsed = (
          parse(slice, {
            delimiter,
            info: true,
            raw: true,
            skip_empty_lines: true,
            skip_records_with_empty_values: true,
            relax_column_count: true,
            // TSV from spreadsheets carries bare quotes inside values ("6" tall").
            relax_quotes: delimiter === '\t',
            quote: '"',
          }) as unknown as Parsed[]
        ).map(({ record, info, raw }) => ({
          record,
          raw,
          line: info.lines - innerLineBreaks(raw),
        }));
      } catch (e) {
        const where =
          e instanceof CsvError && (e as { lines?: unknown }).lines
            ? ` near line ${lineOffset + Number((e as { lines?: unknown }).lines)}`
            : '';
        const what =
          e instanceof CsvError && e.code === 'CSV_QUOTE_NOT_CLOSED'
            ? `a "double quote" is never closed${where}`
            : e instanceof CsvError && e.code === 'CSV_INVALID_CLOSING_QUOTE'
              ? `there is text right after a closing "double quote"${where}`
              : `it cannot be read${where} (${e instanceof Error ? e.message : String(e)})`;
        fail(
          `The file is not valid CSV: ${what}. A value that contains a quote must have the quote doubled ("" inside "…").`,
        );
      }
    for (const { record, line: sliceLine, raw } of parsed) {
      const line = lineOffset + sliceLine;
      if (headers === null) {
        headers = record.map((h, i) => h.trim() || `(column ${i + 1})`);
        checkHeaders(headers);
        continue;
      }
      if (record.length !== headers.length) {
        // A trailing empty cell or two (Excel) is harmless; missing or extra data is not.
        const extra = record.slice(headers.length);
        if (record.length > headers.length && extra.every((c) => c.trim() === '')) {
          rows.push({ line, cells: record.slice(0, headers.length) });
          continue;
        }
        const shown = raw.replace(/\s+$/, '');
        problems.push({
          line,
          field: null,
          value: shown.length > 80 ? `${shown.slice(0, 77)}…` : shown,
          reason: `has ${record.length} columns but the header has ${headers.length}; a value with a ${delimiter === '\t' ? 'tab' : 'comma'} in it must be in "double quotes"`,
          severity: 'error',
        });
        continue;
      }
      rows.push({ line, cells: record });
    }
    if (rows.length + problems.length > maxRows)
      fail(
        `The file has more than ${maxRows.toLocaleString('en-US')} rows; one import takes at most that many. Split the file and import the parts one after another.`,
      );
    lineOffset += countBreaks(text, pos, end);
    pos = end;
    step.progress?.(pos / text.length);
    await step.pause();
  }
  if (headers === null) fail('The file is empty: there are no patients in it.');
  if (rows.length + problems.length === 0)
    fail('The file has column names but no rows under them: there are no patients to import.');
  return { encoding: decoded.encoding, delimiter, headers, rows, problems };
}

function checkHeaders(headers: string[]): void {
  const dataLike = headers.find((h) => /^[\d\s().+\-/]+$/.test(h));
  if (dataLike !== undefined)
    fail(
      `The first line is data (it has "${dataLike}"), not column names. Add a first line with the column names, e.g. First Name,Last Name,Date of Birth.`,
    );
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const before = seen.get(h.toLowerCase());
    if (before !== undefined)
      fail(
        `Two columns are named "${h}" (columns ${before + 1} and ${i + 1}). Rename one so each column has its own name.`,
      );
    seen.set(h.toLowerCase(), i);
  });
}
