/**
 * Importing providers from a CSV file (NPPES extracts, credentialing spreadsheets, EHR exports):
 * read → map columns → check every row → plan the inserts. Pure: the caller passes the directory's
 * NPIs and locations and a ZIP lookup, and inserts what the plan returns in one transaction.
 */
export { ProviderCsvError, ProviderImportError } from './errors';
export type { ProviderCsvErrorCode, ProviderImportErrorCode } from './errors';
export { IMPORT_FIELDS, IMPORT_FIELD_KEYS, emptyMapping, fieldLabel } from './fields';
export type { ColumnMapping, ImportField } from './fields';
export { languageCodeOf, languageName, parseLanguageList } from './languages';
export {
  assertUsableMapping,
  completeMapping,
  headerKey,
  mappingProblems,
  suggestMapping,
} from './mapping';
export {
  addressCase,
  nameCase,
  normalizeCredentials,
  parseSex,
  parseYesNo,
  usStateCode,
} from './normalize';
export { DEFAULT_MAX_ROWS, decodeCsvBytes, parseProviderCsv } from './parseCsv';
export type { CsvRecord, ProviderCsv } from './parseCsv';
export { planProviderImport, previewProviderImport } from './plan';
export type { ImportPlan, ImportPreview, ProviderImportInput } from './plan';
export { describeIssue } from './report';
export type {
  ImportLocationRef,
  ImportRow,
  ImportSummary,
  NewLocation,
  RowIssue,
  ValidationReport,
} from './report';
export { validateProviderRows } from './validate';
export type { ExistingLocation, ImportDefaults, ValidateProviderRowsInput } from './validate';
