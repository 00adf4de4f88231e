/**
 * Reading the NUCC Health Care Provider Taxonomy CSV as nucc.org publishes it (columns Code,
 * Grouping, Classification, Specialization, Definition, Notes, Display Name, Section), so the
 * specialty picker offers every code by its readable name. The list is loaded from the file the
 * clinic downloads rather than shipped: the NUCC publishes it free of charge but states its own
 * terms for redistribution, and it changes twice a year.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../errors';
import { TAXONOMY_RE } from '../entities/specialty';

export interface NuccCode {
  code: string;
  name: string;
}

/** The readable name: the file's Display Name, else "Classification, Specialization". */
function nameOf(r: Record<string, string>): string {
  const display = (r['Display Name'] ?? '').trim();
  if (display) return display;
  const cls = (r.Classification ?? '').trim();
  const spec = (r.Specialization ?? '').trim();
  return spec ? `${cls}, ${spec}` : cls;
}

export function parseNuccCsv(text: string): { codes: NuccCode[]; skipped: string[] } {
  let rows: Record<string, string>[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as Record<string, string>[];
  } catch (e) {
    throw new AppError(
      'VALIDATION',
      `This file cannot be read as CSV: ${(e as Error).message}`,
      'csv',
    );
  }
  const header = rows.length > 0 ? Object.keys(rows[0]!) : [];
  if (!header.includes('Code') || !header.includes('Classification'))
    throw new AppError(
      'VALIDATION',
      'This is not the NUCC taxonomy file: it needs the columns Code and Classification (download the CSV from nucc.org).',
      'csv',
    );
  const codes: NuccCode[] = [];
  const skipped: string[] = [];
  rows.forEach((r, i) => {
    const code = (r.Code ?? '').trim().toUpperCase();
    const name = nameOf(r);
    // Line numbers as a spreadsheet shows them: the header is line 1.
    if (!TAXONOMY_RE.test(code)) skipped.push(`line ${i + 2}: "${code}" is not a taxonomy code`);
    else if (!name) skipped.push(`line ${i + 2}: ${code} has no name`);
    else codes.push({ code, name });
  });
  if (codes.length === 0)
    throw new AppError('VALIDATION', 'The file holds no taxonomy codes.', 'csv');
  return { codes, skipped };
}
