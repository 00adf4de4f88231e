/** The import's target fields live in src/shared so the mapping screen shows the same list. */
export {
  IMPORT_FIELDS,
  IMPORT_FIELD_KEYS,
  emptyMapping,
  fieldLabel,
  type ColumnMapping,
  type ImportField,
} from '../../../shared/providerImportFields';
