/**
 * The two ways a provider import stops as a whole. Row problems are not errors of this kind: they
 * are listed in the validation report (line, field, value, reason) so the person can fix them all
 * in one pass instead of one at a time.
 */

/**
 * The file itself cannot be read as a provider CSV.
 * - EMPTY_FILE: nothing in it (or only blank lines).
 * - NOT_TEXT: a spreadsheet workbook, a PDF, an image… saved under a .csv name.
 * - NO_HEADER: the first line is data, not column names.
 * - DUPLICATE_HEADER: two columns have the same name, so "which one is ZIP?" has no answer.
 * - NO_ROWS: column names and nothing under them.
 * - TOO_MANY_ROWS: more rows than one import takes.
 * - MALFORMED_CSV: a quote that is never closed, or text after a closing quote.
 */
export type ProviderCsvErrorCode =
  | 'EMPTY_FILE'
  | 'NOT_TEXT'
  | 'NO_HEADER'
  | 'DUPLICATE_HEADER'
  | 'NO_ROWS'
  | 'TOO_MANY_ROWS'
  | 'MALFORMED_CSV';

export class ProviderCsvError extends Error {
  readonly code: ProviderCsvErrorCode;
  /** 1-based line of the file the problem is on, when there is one. */
  readonly line: number | null;
  constructor(code: ProviderCsvErrorCode, message: string, line: number | null = null) {
    super(message);
    this.name = 'ProviderCsvError';
    this.code = code;
    this.line = line;
  }
  toJSON(): { code: ProviderCsvErrorCode; message: string; line: number | null } {
    return { code: this.code, message: this.message, line: this.line };
  }
}

/**
 * The file was read but cannot be imported as it stands.
 * - WRONG_COLUMNS: the column mapping lacks a required field, names a column the file does not
 *   have, or uses one column for two fields.
 * - ROWS_HAVE_ERRORS: some rows have errors and the person has not chosen to skip them.
 * - NOTHING_TO_IMPORT: no row is ready (every row has an error).
 */
export type ProviderImportErrorCode = 'WRONG_COLUMNS' | 'ROWS_HAVE_ERRORS' | 'NOTHING_TO_IMPORT';

export class ProviderImportError extends Error {
  readonly code: ProviderImportErrorCode;
  /** The import field at fault ("taxonomyCode"), when there is one. */
  readonly field: string | undefined;
  constructor(code: ProviderImportErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ProviderImportError';
    this.code = code;
    this.field = field;
  }
  toJSON(): { code: ProviderImportErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}
