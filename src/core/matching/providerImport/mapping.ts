/**
 * Which column is which. Clinics export providers from credentialing spreadsheets, their EHR, the
 * NPPES download or the CMS "Doctors and Clinicians" file, and every one names its columns
 * differently ("Provider Last Name (Legal Name)", "lst_nm", "Last Name"). We compare header names
 * with case, spaces and punctuation removed, first against exact synonyms (in order of
 * preference), then against looser patterns, and never use one column for two fields.
 */
import { ProviderImportError } from './errors';
import {
  IMPORT_FIELDS,
  IMPORT_FIELD_KEYS,
  emptyMapping,
  fieldLabel,
  type ColumnMapping,
  type ImportField,
} from './fields';

/** "Provider NPI #" → "providernpi"; "postal_code" → "postalcode". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Exact synonyms, best first, already in headerKey form. The long ones are the NPPES
 * npidata_pfile names (practice-location address, never the mailing address) and the CMS
 * Doctors and Clinicians names.
 */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  npi: [
    'npi',
    'providernpi',
    'npinumber',
    'individualnpi',
    'renderingnpi',
    'nationalproviderid',
    'nationalprovideridentifier',
  ],
  entityType: ['entitytype', 'entitytypecode', 'entity'],
  firstName: [
    'firstname',
    'providerfirstname',
    'first',
    'fname',
    'givenname',
    'frstnm',
    'forename',
  ],
  lastName: [
    'lastname',
    'providerlastname',
    'providerlastnamelegalname',
    'last',
    'lname',
    'surname',
    'familyname',
    'lstnm',
  ],
  middleName: ['middlename', 'providermiddlename', 'middle', 'middleinitial', 'mi', 'midnm'],
  credentials: [
    'credentials',
    'credential',
    'credentialprefix',
    'providercredentialtext',
    'cred',
    'degree',
    'degrees',
  ],
  sex: ['sex', 'gender', 'providersexcode', 'providergendercode', 'sexcode', 'gendercode', 'gndr'],
  taxonomyCode: [
    'primarytaxonomycode',
    'primarytaxonomy',
    'taxonomycode',
    'taxonomy',
    'specialtycode',
    'nucccode',
    'nucctaxonomycode',
    'healthcareprovidertaxonomycode1',
    'taxonomycode1',
    'taxonomycodes',
  ],
  specialtyName: [
    'specialtyname',
    'specialty',
    'primaryspecialty',
    'prispec',
    'specialtydescription',
    'taxonomydescription',
    'taxonomyname',
  ],
  languages: ['languages', 'language', 'languagesspoken', 'spokenlanguages', 'lang'],
  acceptsNewPatients: [
    'acceptsnewpatients',
    'acceptingnewpatients',
    'acceptnewpatients',
    'newpatients',
    'accepting',
  ],
  minAgeYears: ['minageyears', 'minage', 'minimumage', 'minpatientage', 'agemin', 'agesfrom'],
  maxAgeYears: ['maxageyears', 'maxage', 'maximumage', 'maxpatientage', 'agemax', 'agesto'],
  locationName: [
    'locationname',
    'location',
    'site',
    'sitename',
    'clinic',
    'clinicname',
    'office',
    'officename',
    'facilityname',
  ],
  address1: [
    'address1',
    'addressline1',
    'address',
    'streetaddress',
    'street',
    'addr1',
    'adrln1',
    'line1',
    'providerfirstlinebusinesspracticelocationaddress',
  ],
  address2: [
    'address2',
    'addressline2',
    'addr2',
    'adrln2',
    'line2',
    'suite',
    'providersecondlinebusinesspracticelocationaddress',
  ],
  city: ['city', 'town', 'citytown', 'cityname', 'providerbusinesspracticelocationaddresscityname'],
  state: ['state', 'statecode', 'st', 'providerbusinesspracticelocationaddressstatename'],
  zip: [
    'zip',
    'zipcode',
    'postalcode',
    'postcode',
    'zip5',
    'zip4',
    'providerbusinesspracticelocationaddresspostalcode',
  ],
  phone: [
    'phone',
    'phonenumber',
    'telephone',
    'telephonenumber',
    'tel',
    'officephone',
    'practicephone',
    'providerbusinesspracticelocationaddresstelephonenumber',
  ],
  deactivated: ['deactivated', 'deactivatedoremptyrecord', 'npideactivationdate', 'inactive'],
};

/**
 * Looser patterns for headers no synonym names, best first. Applied only after every exact
 * synonym has had its turn, so "primary_taxonomy_nucc_display_name_v25_1" lands on the specialty
 * name (a pattern) while "primary_taxonomy_code" has already taken the code (a synonym).
 */
const PATTERNS: Record<ImportField, readonly RegExp[]> = {
  npi: [/npi$/, /^npi/],
  entityType: [/entitytype/],
  firstName: [/firstname/, /givenname/],
  lastName: [/lastname/, /surname/, /familyname/],
  middleName: [/middlename/],
  credentials: [/credential/, /degree/],
  sex: [/gender/, /sex/],
  specialtyName: [/(taxonomy|specialty).*(display|name|desc|title)/, /specialty/],
  taxonomyCode: [/primary.*taxonomy/, /taxonomy.*code/, /taxonomy/],
  languages: [/language/],
  acceptsNewPatients: [/newpatient/, /accepting/],
  minAgeYears: [/min.*age/, /age.*(min|from)/],
  maxAgeYears: [/max.*age/, /age.*(max|to)$/],
  locationName: [/(location|site|clinic|office|facility|practice).*name/],
  address1: [/(address|addr).*(1|firstline|line1)/, /firstline.*address/, /address$/, /street/],
  address2: [/(address|addr).*(2|secondline|line2)/, /secondline.*address/, /suite/],
  city: [/city/],
  state: [/state(code|name|abbreviation)?$/],
  zip: [/zip/, /postal/],
  phone: [/telephone/, /phone/],
  deactivated: [/deactivat/],
};

/** Fields that describe the practice address: a mailing-address column never fills them. */
const ADDRESS_FIELDS: ReadonlySet<ImportField> = new Set([
  'locationName',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'phone',
]);

/**
 * The pattern pass goes through fields in this order so the more specific field gets first pick:
 * a "Taxonomy Display Name" column is a specialty name, not a code.
 */
const PATTERN_ORDER: readonly ImportField[] = [
  'specialtyName',
  ...IMPORT_FIELD_KEYS.filter((k) => k !== 'specialtyName'),
];

/** Our best guess at which column fills each field; the person confirms or changes it. */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const mapping = emptyMapping();
  const used = new Set<string>();
  const keyed = headers.map((h) => ({ header: h, key: headerKey(h) }));
  const eligible = (field: ImportField, key: string) =>
    !(ADDRESS_FIELDS.has(field) && key.includes('mailing')) && key !== '';

  for (const field of IMPORT_FIELD_KEYS) {
    for (const synonym of SYNONYMS[field]) {
      const hit = keyed.find(
        (h) => !used.has(h.header) && h.key === synonym && eligible(field, h.key),
      );
      if (hit) {
        mapping[field] = hit.header;
        used.add(hit.header);
        break;
      }
    }
  }
  for (const field of PATTERN_ORDER) {
    if (mapping[field] !== null) continue;
    for (const pattern of PATTERNS[field]) {
      const hit = keyed.find(
        (h) => !used.has(h.header) && pattern.test(h.key) && eligible(field, h.key),
      );
      if (hit) {
        mapping[field] = hit.header;
        used.add(hit.header);
        break;
      }
    }
  }
  return mapping;
}

/** Turn a partial mapping from the client into a full one (missing fields = not mapped). */
export function completeMapping(
  partial: Partial<Record<ImportField, string | null>>,
): ColumnMapping {
  const mapping = emptyMapping();
  for (const field of IMPORT_FIELD_KEYS) {
    const header = partial[field];
    mapping[field] = header === undefined || header === '' ? null : header;
  }
  return mapping;
}

/**
 * What is wrong with a mapping for this file, in words, one problem per entry; empty = usable.
 * "wrong columns" is the usual cause: a file exported with other column names, or not a provider
 * list at all.
 */
export function mappingProblems(args: {
  mapping: ColumnMapping;
  headers: readonly string[];
  /** The import screen's default location; pass it to also check that every row can get one. */
  defaultLocationId?: number | null;
}): { field: ImportField; message: string }[] {
  const { mapping, headers } = args;
  const problems: { field: ImportField; message: string }[] = [];
  const available = headers.filter((h) => h !== '').join(', ');
  const usedBy = new Map<string, ImportField>();
  for (const f of IMPORT_FIELDS) {
    const header = mapping[f.key];
    if (header === null) {
      if (f.required)
        problems.push({
          field: f.key,
          message: `No column is chosen for "${f.label}", which every provider needs. The file's columns are: ${available}.`,
        });
      continue;
    }
    if (!headers.includes(header)) {
      problems.push({
        field: f.key,
        message: `"${f.label}" is set to the column "${header}", which this file does not have. The file's columns are: ${available}.`,
      });
      continue;
    }
    const other = usedBy.get(header);
    if (other !== undefined) {
      problems.push({
        field: f.key,
        message: `The column "${header}" is chosen for both "${fieldLabel(other)}" and "${f.label}"; choose it for one of them.`,
      });
      continue;
    }
    usedBy.set(header, f.key);
  }
  const locationMapped = mapping.locationName !== null || mapping.address1 !== null;
  if (args.defaultLocationId === null && !locationMapped)
    problems.push({
      field: 'locationName',
      message:
        'No location: map a location column (location name or address) or choose a default location.',
    });
  return problems;
}

/** Throws WRONG_COLUMNS naming the first problem when the mapping cannot be used. */
export function assertUsableMapping(args: {
  mapping: ColumnMapping;
  headers: readonly string[];
  defaultLocationId?: number | null;
}): void {
  const problems = mappingProblems(args);
  const first = problems[0];
  if (first === undefined) return;
  const more = problems.length > 1 ? ` (${problems.length - 1} more column problem(s))` : '';
  throw new ProviderImportError('WRONG_COLUMNS', `${first.message}${more}`, first.field);
}
