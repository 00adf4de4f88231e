/**
 * Checking every row of a provider CSV against the directory. Each problem is reported with its
 * line and a reason a person can act on; nothing is dropped silently. A row is `ready` only when
 * it has no error; warnings (a PO-box ZIP, several taxonomy codes) do not stop it.
 */
import { isValidNpi } from '../../entities/provider';
import { TAXONOMY_RE } from '../../entities/specialty';
import { ProviderImportError } from './errors';
import { type ColumnMapping, type ImportField } from './fields';
import { languageCodeOf, languageName, parseLanguageList } from './languages';
import { assertUsableMapping } from './mapping';
import {
  addressCase,
  isScientificNotation,
  nameCase,
  normalizeCredentials,
  normalizePhone,
  normalizeZip,
  parseAgeYears,
  parseSex,
  parseYesNo,
  usStateCode,
} from './normalize';
import type { CsvRecord } from './parseCsv';
import type {
  ImportLocationRef,
  ImportRow,
  ImportSummary,
  NewLocation,
  RowIssue,
  ValidationReport,
} from './report';

/** A location already in the directory, as much of it as matching needs. */
export interface ExistingLocation {
  id: number;
  name: string;
  address1: string;
  zip: string;
}

/** What a row gets when its own cells say nothing (the import screen's choices). */
export interface ImportDefaults {
  languages: string[];
  acceptsNewPatients: boolean;
  locationId: number | null;
}

export interface ValidateProviderRowsInput {
  records: readonly CsvRecord[];
  mapping: ColumnMapping;
  /** The file's headers; taken from the first record when absent. */
  headers?: readonly string[];
  /** Rows the CSV reader could not split (wrong number of columns); they count as errors. */
  parseIssues?: readonly RowIssue[];
  /** NPI → display name ("David Wiebe, MD") of every provider already in the directory. */
  existingNpis: ReadonlyMap<string, string>;
  locations: readonly ExistingLocation[];
  /** Whether a 5-digit ZIP has a centroid; a real PO-box ZIP has none. */
  zipKnown: (zip5: string) => boolean;
  defaults: ImportDefaults;
}

const ADDRESS_WORDS: Readonly<Record<string, string>> = {
  street: 'st',
  avenue: 'ave',
  road: 'rd',
  drive: 'dr',
  boulevard: 'blvd',
  lane: 'ln',
  court: 'ct',
  suite: 'ste',
  parkway: 'pkwy',
  highway: 'hwy',
  place: 'pl',
  circle: 'cir',
  terrace: 'ter',
  square: 'sq',
  building: 'bldg',
  floor: 'fl',
  apartment: 'apt',
  center: 'ctr',
  centre: 'ctr',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

/** "3500 Central Avenue" and "3500 CENTRAL AVE." are the same door. */
function addressKey(address1: string, zip: string): string {
  const words = address1
    .toLowerCase()
    .replace(/[.,#]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => ADDRESS_WORDS[w] ?? w);
  return `${words.join(' ')}|${zip.slice(0, 5)}`;
}

const nameKey = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();

const ORGANIZATION = new Set(['2', 'organization', 'organisation', 'org', 'o']);
const INDIVIDUAL = new Set(['', '1', 'individual', 'person', 'i']);

/** Everything about one row while it is being checked. */
class RowCheck {
  readonly errors: RowIssue[] = [];
  readonly warnings: RowIssue[] = [];
  constructor(
    readonly record: CsvRecord,
    private readonly mapping: ColumnMapping,
  ) {}
  cell(field: ImportField): string {
    const header = this.mapping[field];
    return header === null ? '' : (this.record.values[header] ?? '').trim();
  }
  error(field: ImportField | null, reason: string): void {
    this.errors.push({
      line: this.record.line,
      field,
      value: field === null ? '' : this.cell(field),
      reason,
    });
  }
  warn(field: ImportField | null, reason: string): void {
    this.warnings.push({
      line: this.record.line,
      field,
      value: field === null ? '' : this.cell(field),
      reason,
    });
  }
}

/** State shared by all rows of one import: NPIs seen, locations made so far. */
class ImportState {
  readonly npiFirstLine = new Map<string, number>();
  readonly newByAddress = new Map<string, NewLocation>();
  /** New locations by the name the file gave them, so a later row may name one without its address. */
  readonly newByName = new Map<string, NewLocation>();
  readonly takenNames = new Set<string>();
  readonly existingByName = new Map<string, number>();
  readonly existingByAddress = new Map<string, number>();
  constructor(readonly input: ValidateProviderRowsInput) {
    for (const loc of input.locations) {
      this.existingByName.set(nameKey(loc.name), loc.id);
      this.existingByAddress.set(addressKey(loc.address1, loc.zip), loc.id);
      this.takenNames.add(nameKey(loc.name));
    }
  }
  /** "Kearney – 3500 Central Ave", then "… (2)" when another location already has the name. */
  uniqueName(wanted: string): string {
    const base = wanted.slice(0, 95);
    let name = base;
    for (let n = 2; this.takenNames.has(nameKey(name)); n++) name = `${base} (${n})`;
    return name;
  }
}

/** A new location the row would use once it turns out error-free. */
interface PendingLocation {
  key: string;
  location: Omit<NewLocation, 'key' | 'firstLine'>;
  wantedName: string;
}

type LocationOutcome = { ref: ImportLocationRef } | { pending: PendingLocation } | { ref: null }; // an error was recorded

function checkDeactivatedOrOrganization(row: RowCheck): 'deactivated' | 'organization' | null {
  const deactivated = row.cell('deactivated');
  // NPPES's deactivation column holds a date, our sample's a "Y": anything but a plain "no" counts.
  if (deactivated !== '' && parseYesNo(deactivated) !== false) {
    row.error(
      'deactivated',
      'deactivated or empty NPI record (no name, specialty or address): remove it or skip it',
    );
    return 'deactivated';
  }
  const entity = row.cell('entityType').toLowerCase();
  if (ORGANIZATION.has(entity)) {
    row.error('entityType', 'organization, not an individual provider');
    return 'organization';
  }
  if (!INDIVIDUAL.has(entity))
    row.error(
      'entityType',
      `entity type ${row.cell('entityType')} must be 1 (individual) or 2 (organization)`,
    );
  return null;
}

function checkNpi(row: RowCheck, state: ImportState): { npi: string | null; duplicate: boolean } {
  const raw = row.cell('npi');
  if (raw === '') {
    if (state.input.mapping.npi !== null)
      row.warn('npi', 'no NPI: if this file is imported again, this provider will be added twice');
    return { npi: null, duplicate: false };
  }
  if (isScientificNotation(raw)) {
    row.error(
      'npi',
      `NPI ${raw} was turned into a number by a spreadsheet and its digits are lost: format the NPI column as text and export again`,
    );
    return { npi: null, duplicate: false };
  }
  const npi = raw.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(npi)) {
    row.error('npi', `NPI ${raw} must be 10 digits`);
    return { npi: null, duplicate: false };
  }
  if (!isValidNpi(npi)) {
    row.error('npi', `NPI ${npi} fails the check digit`);
    return { npi: null, duplicate: false };
  }
  const existing = state.input.existingNpis.get(npi);
  if (existing !== undefined) {
    row.error('npi', `NPI ${npi} is already in the directory as ${existing}`);
    return { npi, duplicate: true };
  }
  const firstLine = state.npiFirstLine.get(npi);
  if (firstLine !== undefined) {
    row.error('npi', `same NPI as line ${firstLine}`);
    return { npi, duplicate: true };
  }
  state.npiFirstLine.set(npi, row.record.line);
  return { npi, duplicate: false };
}

function checkName(row: RowCheck, field: 'firstName' | 'lastName'): string {
  const what = field === 'firstName' ? 'first name' : 'last name';
  const raw = row.cell(field);
  if (raw === '') {
    row.error(field, `${what} is required`);
    return '';
  }
  const name = nameCase(raw);
  if (name.length > 100) row.error(field, `${what} is too long (at most 100 characters)`);
  return name;
}

function checkTaxonomy(row: RowCheck): string {
  const raw = row.cell('taxonomyCode');
  const codes = raw
    .toUpperCase()
    .split(/[|;,\s]+/)
    .filter((c) => c !== '');
  const code = codes[0];
  if (code === undefined) {
    row.error('taxonomyCode', 'specialty (NUCC taxonomy code) is required, e.g. 207Q00000X');
    return '';
  }
  if (!TAXONOMY_RE.test(code)) {
    row.error(
      'taxonomyCode',
      `taxonomy code ${code} is not a NUCC code (10 characters, e.g. 207Q00000X)`,
    );
    return '';
  }
  const distinct = [...new Set(codes)];
  if (distinct.length > 1)
    row.warn(
      'taxonomyCode',
      `${distinct.length} taxonomy codes given (${distinct.join(', ')}); the first, ${code}, is used`,
    );
  return code;
}

function checkLanguages(row: RowCheck, defaults: ImportDefaults): string[] {
  const raw = row.cell('languages');
  if (raw === '') return [...defaults.languages];
  const parsed = parseLanguageList(raw);
  if (!parsed.ok) {
    const list = parsed.unknown.map((u) => `"${u}"`).join(', ');
    row.error(
      'languages',
      `language ${list} is not one we recognise: write a code such as es or a name such as Spanish`,
    );
    return [];
  }
  if (parsed.codes.length > 20) row.error('languages', 'at most 20 languages per provider');
  return parsed.codes.length > 0 ? parsed.codes : [...defaults.languages];
}

function checkAges(row: RowCheck): { min: number | null; max: number | null } {
  const read = (field: 'minAgeYears' | 'maxAgeYears', what: string) => {
    const age = parseAgeYears(row.cell(field));
    if (age === undefined) {
      row.error(field, `${what} ${row.cell(field)} must be whole years from 0 to 130`);
      return null;
    }
    return age;
  };
  const min = read('minAgeYears', 'minimum age');
  const max = read('maxAgeYears', 'maximum age');
  if (min !== null && max !== null && min > max)
    row.error('maxAgeYears', `minimum age ${min} is above maximum age ${max}`);
  return { min, max };
}

function checkZip(row: RowCheck): string | null {
  const raw = row.cell('zip');
  if (raw === '') return null;
  const zip = normalizeZip(raw);
  if (zip !== null) return zip;
  const lostZero = /^\d{4}$/.test(raw) || /^\d{8}$/.test(raw);
  row.error(
    'zip',
    lostZero
      ? `ZIP ${raw} must be 5 digits or ZIP+4 (if a spreadsheet dropped its leading zero, write 0${raw})`
      : `ZIP ${raw} must be 5 digits or ZIP+4 (12345 or 12345-6789)`,
  );
  return null;
}

function checkState(row: RowCheck): string | null {
  const raw = row.cell('state');
  if (raw === '') return null;
  const code = usStateCode(raw);
  if (code === null)
    row.error('state', `state ${raw} is not a US state or territory (two letters, e.g. TX)`);
  return code;
}

function resolveLocation(row: RowCheck, state: ImportState): LocationOutcome {
  const { defaults } = state.input;
  const zip = checkZip(row);
  const stateCode = checkState(row);
  const wantedName = row.cell('locationName');
  const address1 = row.cell('address1');
  const city = row.cell('city');

  if (wantedName !== '') {
    const id = state.existingByName.get(nameKey(wantedName));
    if (id !== undefined) return { ref: { existingId: id } };
    const made = state.newByName.get(nameKey(wantedName));
    if (made !== undefined && address1 === '') return { ref: { newKey: made.key } };
  }
  if (address1 !== '' && zip !== null) {
    const id = state.existingByAddress.get(addressKey(address1, zip));
    if (id !== undefined) return { ref: { existingId: id } };
  }
  const addressGiven = [address1, city, row.cell('state'), row.cell('zip')].some((c) => c !== '');
  if (addressGiven) {
    const missing = (
      [
        ['address1', 'street address', address1],
        ['city', 'city', city],
        ['state', 'state', row.cell('state')],
        ['zip', 'ZIP', row.cell('zip')],
      ] as const
    ).filter(([, , v]) => v === '');
    const firstMissing = missing[0];
    if (firstMissing !== undefined) {
      row.error(
        firstMissing[0],
        `the address is incomplete (${missing.map(([, w]) => w).join(', ')} missing): a new location needs street, city, state and ZIP`,
      );
      return { ref: null };
    }
    if (zip === null || stateCode === null) return { ref: null };
    const address = addressCase(address1);
    const cityName = addressCase(city);
    return {
      pending: {
        key: addressKey(address1, zip),
        wantedName: wantedName !== '' ? wantedName : `${cityName} – ${address}`,
        location: {
          name: '',
          address1: address,
          address2: row.cell('address2') === '' ? null : addressCase(row.cell('address2')),
          city: cityName,
          state: stateCode,
          zip,
          phone: null,
          zipKnown: state.input.zipKnown(zip.slice(0, 5)),
        },
      },
    };
  }
  if (wantedName !== '') {
    row.error(
      'locationName',
      `location "${wantedName}" is not in the directory: add it first, or map the address columns so it can be created`,
    );
    return { ref: null };
  }
  if (defaults.locationId !== null) return { ref: { existingId: defaults.locationId } };
  row.error(null, 'no location: map a location column or choose a default location');
  return { ref: null };
}

/** Make (or reuse) the row's new location now that the row is known to be good. */
function placeNewLocation(row: RowCheck, state: ImportState, pending: PendingLocation): string {
  const known = state.newByAddress.get(pending.key);
  if (known !== undefined) {
    if (known.phone === null) known.phone = checkPhone(row);
    return known.key;
  }
  const name = state.uniqueName(pending.wantedName);
  state.takenNames.add(nameKey(name));
  const location: NewLocation = {
    ...pending.location,
    key: `new-${state.newByAddress.size + 1}`,
    name,
    phone: checkPhone(row),
    firstLine: row.record.line,
  };
  state.newByAddress.set(pending.key, location);
  if (!state.newByName.has(nameKey(pending.wantedName)))
    state.newByName.set(nameKey(pending.wantedName), location);
  if (!location.zipKnown)
    row.warn(
      'zip',
      `ZIP ${location.zip} has no map position (a PO box or a new ZIP): the location "${name}" is created, but searches by distance will not find it`,
    );
  return location.key;
}

function checkPhone(row: RowCheck): string | null {
  const raw = row.cell('phone');
  if (raw === '') return null;
  const phone = normalizePhone(raw);
  if (phone === null)
    row.warn('phone', `phone ${raw} is not a 10-digit US number; the location is kept without it`);
  return phone;
}

function checkRow(
  row: RowCheck,
  state: ImportState,
): { row: ImportRow | null; duplicate: boolean } {
  const { defaults } = state.input;
  const npiResult = checkNpi(row, state);
  const duplicate = npiResult.duplicate;
  const firstName = checkName(row, 'firstName');
  const lastName = checkName(row, 'lastName');
  const credentials = normalizeCredentials(row.cell('credentials'));
  if (credentials !== null && credentials.length > 50)
    row.error('credentials', 'credentials are too long (at most 50 characters)');
  const sex = parseSex(row.cell('sex'));
  if (sex === undefined)
    row.error('sex', `sex ${row.cell('sex')} must be F, M or X (female, male, other)`);
  const taxonomyCode = checkTaxonomy(row);
  const specialtyName = row.cell('specialtyName').replace(/\s+/g, ' ') || null;
  const languages = checkLanguages(row, defaults);
  const accepts = parseYesNo(row.cell('acceptsNewPatients'));
  if (accepts === undefined)
    row.error(
      'acceptsNewPatients',
      `accepts new patients ${row.cell('acceptsNewPatients')} must be yes or no (Y/N, true/false, 1/0)`,
    );
  const ages = checkAges(row);
  const location = resolveLocation(row, state);
  if (row.errors.length > 0) return { row: null, duplicate };

  const ref: ImportLocationRef | null =
    'pending' in location
      ? { newKey: placeNewLocation(row, state, location.pending) }
      : location.ref;
  if (ref === null) return { row: null, duplicate };
  const ready: ImportRow = {
    line: row.record.line,
    npi: npiResult.npi,
    firstName,
    lastName,
    credentials,
    taxonomyCode,
    specialtyName,
    languages,
    sex: sex ?? null,
    acceptsNewPatients: accepts ?? defaults.acceptsNewPatients,
    minAgeYears: ages.min,
    maxAgeYears: ages.max,
    location: ref,
  };
  return { row: ready, duplicate };
}

/** The default languages as codes ("English" → "en"); at least one. */
function defaultLanguages(defaults: ImportDefaults): string[] {
  const codes = defaults.languages.map(languageCodeOf);
  if (codes.length === 0 || codes.includes(null))
    throw new ProviderImportError(
      'WRONG_COLUMNS',
      `The default languages must be languages such as en or Spanish (got ${defaults.languages.join(', ') || 'none'}).`,
      'languages',
    );
  return [...new Set(codes as string[])];
}

const byLine = (a: RowIssue, b: RowIssue) => a.line - b.line;

/**
 * Check every row. Throws WRONG_COLUMNS when the mapping itself is unusable (a required field
 * has no column, or nothing says where providers work and there is no default location).
 */
export function validateProviderRows(input: ValidateProviderRowsInput): ValidationReport {
  const headers = input.headers ?? Object.keys(input.records[0]?.values ?? {});
  assertUsableMapping({
    mapping: input.mapping,
    headers,
    defaultLocationId: input.defaults.locationId,
  });
  const state = new ImportState({
    ...input,
    defaults: { ...input.defaults, languages: defaultLanguages(input.defaults) },
  });
  const ready: ImportRow[] = [];
  const errors: RowIssue[] = [...(input.parseIssues ?? [])];
  const warnings: RowIssue[] = [];
  let skippedOrganizations = 0;
  let deactivated = 0;
  let duplicates = 0;
  let withWarnings = 0;
  const linesWithErrors = new Set(errors.map((e) => e.line));

  for (const record of input.records) {
    const row = new RowCheck(record, input.mapping);
    const kind = checkDeactivatedOrOrganization(row);
    let result: ImportRow | null = null;
    if (kind === 'organization') skippedOrganizations++;
    else if (kind === 'deactivated') deactivated++;
    else {
      const checked = checkRow(row, state);
      result = checked.row;
      if (checked.duplicate) duplicates++;
    }
    if (result !== null) ready.push(result);
    errors.push(...row.errors);
    warnings.push(...row.warnings);
    if (row.errors.length > 0) linesWithErrors.add(record.line);
    if (row.warnings.length > 0) withWarnings++;
  }

  const newLocations = [...state.newByAddress.values()];
  const summary: ImportSummary = {
    rows: input.records.length + (input.parseIssues?.length ?? 0),
    ready: ready.length,
    withErrors: linesWithErrors.size,
    withWarnings,
    skippedOrganizations,
    deactivated,
    duplicates,
    newLocations: newLocations.length,
  };
  return {
    ready,
    errors: errors.sort(byLine),
    warnings: warnings.sort(byLine),
    newLocations,
    fileWarnings: fileWarnings(input),
    summary,
  };
}

function fileWarnings(input: ValidateProviderRowsInput): string[] {
  const languages = input.defaults.languages.map((l) => languageName(languageCodeOf(l) ?? l));
  const notes: string[] = [];
  if (input.mapping.npi === null)
    notes.push(
      'No NPI column is chosen: providers already in the directory cannot be recognised, so importing the same people again would add them twice.',
    );
  if (input.mapping.languages === null)
    notes.push(`No languages column is chosen: every provider gets ${languages.join(', ')}.`);
  return notes;
}
