/**
 * The two steps the import screen takes, each from the file's own bytes so that nothing is kept
 * between them: a preview (columns, suggested mapping, first rows, the full report) and a commit
 * plan (exactly the rows and locations to insert, or a refusal that says why). The issue's rule
 * lives here: a file with errors imports nothing unless the person chose to skip the bad rows.
 */
import { ProviderImportError } from './errors';
import type { ColumnMapping, ImportField } from './fields';
import { completeMapping, mappingProblems, suggestMapping } from './mapping';
import { parseProviderCsv, type CsvRecord } from './parseCsv';
import { describeIssue, type ImportRow, type NewLocation, type ValidationReport } from './report';
import { validateProviderRows, type ExistingLocation, type ImportDefaults } from './validate';

export interface ProviderImportInput {
  /** The file as picked: bytes (UTF-8 or Windows-1252) or already-decoded text. */
  file: string | Uint8Array;
  /** The person's column choices; absent = our suggestion. */
  mapping?: Partial<Record<ImportField, string | null>>;
  maxRows?: number;
  existingNpis: ReadonlyMap<string, string>;
  locations: readonly ExistingLocation[];
  zipKnown: (zip5: string) => boolean;
  defaults: ImportDefaults;
}

export interface ImportPreview {
  headers: string[];
  mapping: ColumnMapping;
  /** Columns no field uses (fax, organization name…), so the person sees what is left out. */
  unusedHeaders: string[];
  /** The first rows as written, for the mapping screen. */
  sample: CsvRecord[];
  /** Why the mapping cannot be used yet; when not empty there is no report. */
  mappingProblems: { field: ImportField; message: string }[];
  report: ValidationReport | null;
}

const SAMPLE_ROWS = 5;

/** Read, map and check the file; throws ProviderCsvError only when the file cannot be read. */
export function previewProviderImport(input: ProviderImportInput): ImportPreview {
  const csv = parseProviderCsv(input.file, { maxRows: input.maxRows });
  const mapping = input.mapping ? completeMapping(input.mapping) : suggestMapping(csv.headers);
  const used = new Set(Object.values(mapping));
  const problems = mappingProblems({
    mapping,
    headers: csv.headers,
    defaultLocationId: input.defaults.locationId,
  });
  return {
    headers: csv.headers,
    mapping,
    unusedHeaders: csv.headers.filter((h) => !used.has(h)),
    sample: csv.records.slice(0, SAMPLE_ROWS),
    mappingProblems: problems,
    report:
      problems.length > 0
        ? null
        : validateProviderRows({
            records: csv.records,
            headers: csv.headers,
            parseIssues: csv.rowIssues,
            mapping,
            existingNpis: input.existingNpis,
            locations: input.locations,
            zipKnown: input.zipKnown,
            defaults: input.defaults,
          }),
  };
}

export interface ImportPlan {
  /** Insert these first; ImportRow.location.newKey refers to NewLocation.key. */
  newLocations: NewLocation[];
  rows: ImportRow[];
  report: ValidationReport;
}

/**
 * What to insert, in one transaction. Throws WRONG_COLUMNS for an unusable mapping,
 * ROWS_HAVE_ERRORS when some rows have errors and `skipRowsWithErrors` is false, and
 * NOTHING_TO_IMPORT when no row is ready.
 */
export function planProviderImport(
  input: ProviderImportInput & { skipRowsWithErrors: boolean },
): ImportPlan {
  const csv = parseProviderCsv(input.file, { maxRows: input.maxRows });
  const mapping = input.mapping ? completeMapping(input.mapping) : suggestMapping(csv.headers);
  const report = validateProviderRows({
    records: csv.records,
    headers: csv.headers,
    parseIssues: csv.rowIssues,
    mapping,
    existingNpis: input.existingNpis,
    locations: input.locations,
    zipKnown: input.zipKnown,
    defaults: input.defaults,
  });
  const { summary } = report;
  if (summary.withErrors > 0 && !input.skipRowsWithErrors) {
    const shown = report.errors.slice(0, 3).map(describeIssue).join('; ');
    const more = report.errors.length > 3 ? `; and ${report.errors.length - 3} more` : '';
    throw new ProviderImportError(
      'ROWS_HAVE_ERRORS',
      `Nothing was imported: ${summary.withErrors} of ${summary.rows} rows have errors (${shown}${more}). Fix the file, or choose to skip the rows with errors.`,
    );
  }
  if (report.ready.length === 0) {
    const first = report.errors[0];
    throw new ProviderImportError(
      'NOTHING_TO_IMPORT',
      `Nothing was imported: none of the ${summary.rows} rows is ready${first ? ` (${describeIssue(first)})` : ''}.`,
    );
  }
  return { newLocations: report.newLocations, rows: report.ready, report };
}
