/**
 * Words and files for the provider directory: language names, age ranges, the import's file
 * bytes as base64 and its report as a CSV a practice manager can open next to the source file.
 * Pure: no React, no DOM beyond the standard Intl and btoa.
 */
import type { ApiOutput } from '../../../core/api/types';

type Provider = ApiOutput<'providers/list'>[number];
type ImportResult = ApiOutput<'providers/importCommit'>;
export type ImportIssue = NonNullable<
  ApiOutput<'providers/importPreview'>['report']
>['errors'][number];

/** The languages a front desk is asked for most, offered as default languages of an import. */
export const COMMON_LANGUAGE_CODES = [
  'en',
  'es',
  'zh',
  'vi',
  'tl',
  'ko',
  'ru',
  'ar',
  'fr',
  'ht',
  'pt',
  'de',
  'it',
  'pl',
  'hi',
  'ja',
  'fa',
  'ur',
  'bn',
  'pa',
] as const;

const languageNamesByLocale = new Map<string, Intl.DisplayNames>();

/** "es" → "Spanish"; a code Intl does not know stays as written, so nothing reads as blank. */
export function languageName(code: string, locale = 'en-US'): string {
  let names = languageNamesByLocale.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    languageNamesByLocale.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    // A malformed tag (never from the API, which stores ISO 639 codes) must not break the table.
    return code;
  }
}

/** ["en", "es"] → "English, Spanish" */
export function languageList(codes: readonly string[], locale = 'en-US'): string {
  return codes.map((c) => languageName(c, locale)).join(', ');
}

export function sexLabel(sex: Provider['sex']): string {
  if (sex === 'F') return 'Female';
  if (sex === 'M') return 'Male';
  if (sex === 'X') return 'Other';
  return '—';
}

/** The patient ages a provider sees: "All ages", "18+", "Up to 21", "12–64". */
export function ageRange(min: number | null, max: number | null): string {
  const from = min ?? 0;
  if (max === null) return from === 0 ? 'All ages' : `${from}+`;
  return from === 0 ? `Up to ${max}` : `${from}–${max}`;
}

/**
 * The file's bytes as base64, as providers/importPreview wants them. Bytes, not text: a CSV saved
 * by Excel is Windows-1252, and reading it as UTF-8 here would turn "Peña" into "Pe�a" before
 * the server could recognise the encoding. Chunked because String.fromCharCode(...all) overflows
 * the call stack on a 4 MB NPPES extract.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** One CSV cell: quoted when it holds a comma, quote or line break; formulas defused. */
function csvCell(value: string | number): string {
  let text = String(value);
  // A value like "=HYPERLINK(…)" from the imported file would run as a formula when the report is
  // opened in Excel; a leading apostrophe keeps it text (OWASP "CSV injection").
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The validation report as CSV, errors first then warnings, by line, so the person fixing the
 * file can work down it: "error,12,NPI,1234567890,NPI 1234567890 fails the check digit".
 */
export function issuesCsv(args: {
  errors: readonly ImportIssue[];
  warnings: readonly ImportIssue[];
  fieldLabel: (field: string) => string;
}): string {
  const rows: (string | number)[][] = [['kind', 'line', 'field', 'value', 'reason']];
  const add = (kind: string, list: readonly ImportIssue[]) => {
    for (const i of [...list].sort((a, b) => a.line - b.line))
      rows.push([
        kind,
        i.line,
        i.field === null ? '' : args.fieldLabel(i.field),
        i.value,
        i.reason,
      ]);
  };
  add('error', args.errors);
  add('warning', args.warnings);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** "providers.csv" → "providers-report.csv" */
export function reportFileName(fileName: string): string {
  const base = fileName.replace(/\.[^./\\]*$/, '') || 'providers';
  return `${base}-report.csv`;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "765 providers imported, 613 new locations, 234 rows skipped" */
export function importResultSentence(
  result: Pick<ImportResult, 'imported' | 'newLocations' | 'skipped'>,
): string {
  return [
    `${count(result.imported, 'provider', 'providers')} imported`,
    count(result.newLocations, 'new location', 'new locations'),
    `${count(result.skipped, 'row', 'rows')} skipped`,
  ].join(', ');
}
