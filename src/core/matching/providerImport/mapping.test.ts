import { describe, expect, it } from 'vitest';
import { ProviderImportError } from './errors';
import { emptyMapping, IMPORT_FIELD_KEYS } from './fields';
import {
  assertUsableMapping,
  completeMapping,
  headerKey,
  mappingProblems,
  suggestMapping,
} from './mapping';

const NPPES_FLAT =
  'npi,entity_type,org_name,last_name,first_name,middle_name,credential_prefix,gender,taxonomy_codes,primary_taxonomy_code,primary_taxonomy_nucc_display_name_v25_1,address_line1,address_line2,city,state,postal_code,phone,fax,deactivated_or_empty_record'.split(
    ',',
  );

describe('headerKey', () => {
  it('ignores case, spaces, underscores and punctuation', () => {
    expect(headerKey('Provider NPI #')).toBe('providernpi');
    expect(headerKey('postal_code')).toBe('postalcode');
    expect(headerKey('Last Name')).toBe(headerKey('last_name'));
    expect(headerKey('Provider Last Name (Legal Name)')).toBe('providerlastnamelegalname');
  });
});

describe('suggestMapping', () => {
  it('maps the NPPES sample file without help', () => {
    expect(suggestMapping(NPPES_FLAT)).toEqual({
      npi: 'npi',
      entityType: 'entity_type',
      firstName: 'first_name',
      lastName: 'last_name',
      middleName: 'middle_name',
      credentials: 'credential_prefix',
      sex: 'gender',
      taxonomyCode: 'primary_taxonomy_code',
      specialtyName: 'primary_taxonomy_nucc_display_name_v25_1',
      languages: null,
      acceptsNewPatients: null,
      minAgeYears: null,
      maxAgeYears: null,
      locationName: null,
      address1: 'address_line1',
      address2: 'address_line2',
      city: 'city',
      state: 'state',
      zip: 'postal_code',
      phone: 'phone',
      deactivated: 'deactivated_or_empty_record',
    });
  });

  it('prefers the primary taxonomy column to the list, whichever comes first', () => {
    expect(suggestMapping(['taxonomy_codes', 'primary_taxonomy_code']).taxonomyCode).toBe(
      'primary_taxonomy_code',
    );
    expect(suggestMapping(['taxonomy_codes']).taxonomyCode).toBe('taxonomy_codes');
  });

  it('understands the usual spreadsheet names', () => {
    const m = suggestMapping([
      'Provider NPI',
      'First Name',
      'Last Name',
      'Sex',
      'Credentials',
      'Specialty Code',
      'Specialty',
      'Languages Spoken',
      'Accepting New Patients',
      'Min Age',
      'Max Age',
      'Location',
      'Street Address',
      'Suite',
      'City',
      'ST',
      'ZIP',
      'Phone Number',
    ]);
    expect(m).toMatchObject({
      npi: 'Provider NPI',
      firstName: 'First Name',
      lastName: 'Last Name',
      sex: 'Sex',
      credentials: 'Credentials',
      taxonomyCode: 'Specialty Code',
      specialtyName: 'Specialty',
      languages: 'Languages Spoken',
      acceptsNewPatients: 'Accepting New Patients',
      minAgeYears: 'Min Age',
      maxAgeYears: 'Max Age',
      locationName: 'Location',
      address1: 'Street Address',
      address2: 'Suite',
      city: 'City',
      state: 'ST',
      zip: 'ZIP',
      phone: 'Phone Number',
    });
  });

  it('accepts "taxonomy", "gender" and "Postal Code" spellings', () => {
    const m = suggestMapping([
      'NPI',
      'LAST_NAME',
      'first name',
      'Gender',
      'Taxonomy',
      'Postal Code',
    ]);
    expect(m).toMatchObject({
      npi: 'NPI',
      lastName: 'LAST_NAME',
      firstName: 'first name',
      sex: 'Gender',
      taxonomyCode: 'Taxonomy',
      zip: 'Postal Code',
    });
  });

  it('takes the practice location, never the mailing address, from the full NPPES file', () => {
    const m = suggestMapping([
      'NPI',
      'Entity Type Code',
      'Provider Organization Name (Legal Business Name)',
      'Provider Last Name (Legal Name)',
      'Provider First Name',
      'Provider Middle Name',
      'Provider Credential Text',
      'Provider First Line Business Mailing Address',
      'Provider Second Line Business Mailing Address',
      'Provider Business Mailing Address City Name',
      'Provider Business Mailing Address State Name',
      'Provider Business Mailing Address Postal Code',
      'Provider Business Mailing Address Telephone Number',
      'Provider First Line Business Practice Location Address',
      'Provider Second Line Business Practice Location Address',
      'Provider Business Practice Location Address City Name',
      'Provider Business Practice Location Address State Name',
      'Provider Business Practice Location Address Postal Code',
      'Provider Business Practice Location Address Telephone Number',
      'NPI Deactivation Date',
      'Provider Sex Code',
      'Healthcare Provider Taxonomy Code_1',
      'Healthcare Provider Primary Taxonomy Switch_1',
      'Healthcare Provider Taxonomy Code_2',
    ]);
    expect(m).toMatchObject({
      npi: 'NPI',
      entityType: 'Entity Type Code',
      lastName: 'Provider Last Name (Legal Name)',
      firstName: 'Provider First Name',
      credentials: 'Provider Credential Text',
      sex: 'Provider Sex Code',
      taxonomyCode: 'Healthcare Provider Taxonomy Code_1',
      address1: 'Provider First Line Business Practice Location Address',
      address2: 'Provider Second Line Business Practice Location Address',
      city: 'Provider Business Practice Location Address City Name',
      state: 'Provider Business Practice Location Address State Name',
      zip: 'Provider Business Practice Location Address Postal Code',
      phone: 'Provider Business Practice Location Address Telephone Number',
      deactivated: 'NPI Deactivation Date',
    });
  });

  it('maps the CMS Doctors and Clinicians file', () => {
    const m = suggestMapping([
      'NPI',
      'Ind_PAC_ID',
      'lst_nm',
      'frst_nm',
      'mid_nm',
      'gndr',
      'Cred',
      'pri_spec',
      'Facility Name',
      'adr_ln_1',
      'adr_ln_2',
      'citytown',
      'State',
      'ZIP Code',
      'Telephone Number',
    ]);
    expect(m).toMatchObject({
      lastName: 'lst_nm',
      firstName: 'frst_nm',
      middleName: 'mid_nm',
      sex: 'gndr',
      credentials: 'Cred',
      specialtyName: 'pri_spec',
      locationName: 'Facility Name',
      address1: 'adr_ln_1',
      address2: 'adr_ln_2',
      city: 'citytown',
      zip: 'ZIP Code',
      phone: 'Telephone Number',
    });
    expect(m.taxonomyCode).toBeNull();
  });

  it('never uses one column for two fields', () => {
    const m = suggestMapping(['Name', 'Address', 'Taxonomy Name', 'Taxonomy']);
    const used = Object.values(m).filter((h) => h !== null);
    expect(new Set(used).size).toBe(used.length);
    expect(m.specialtyName).toBe('Taxonomy Name');
    expect(m.taxonomyCode).toBe('Taxonomy');
    expect(m.address1).toBe('Address');
  });

  it('maps nothing from unrelated columns', () => {
    expect(suggestMapping(['Date', 'Amount', 'Memo'])).toEqual(emptyMapping());
  });
});

describe('mappingProblems', () => {
  const headers = ['NPI', 'First', 'Last', 'Code'];
  const good = completeMapping({
    npi: 'NPI',
    firstName: 'First',
    lastName: 'Last',
    taxonomyCode: 'Code',
  });

  it('is empty for a usable mapping', () => {
    expect(mappingProblems({ mapping: good, headers })).toEqual([]);
  });

  it('names a missing required field and the columns the file has', () => {
    const mapping = { ...good, taxonomyCode: null };
    expect(mappingProblems({ mapping, headers })).toEqual([
      {
        field: 'taxonomyCode',
        message:
          'No column is chosen for "Specialty (NUCC taxonomy code)", which every provider needs. The file\'s columns are: NPI, First, Last, Code.',
      },
    ]);
  });

  it('refuses a column the file does not have', () => {
    const mapping = { ...good, zip: 'Postcode' };
    expect(mappingProblems({ mapping, headers })[0]?.message).toBe(
      '"ZIP" is set to the column "Postcode", which this file does not have. The file\'s columns are: NPI, First, Last, Code.',
    );
  });

  it('refuses one column for two fields', () => {
    const mapping = { ...good, lastName: 'First' };
    expect(mappingProblems({ mapping, headers })).toEqual([
      {
        field: 'lastName',
        message:
          'The column "First" is chosen for both "First name" and "Last name"; choose it for one of them.',
      },
    ]);
  });

  it('asks for a location column or a default location', () => {
    expect(mappingProblems({ mapping: good, headers, defaultLocationId: null })).toEqual([
      {
        field: 'locationName',
        message:
          'No location: map a location column (location name or address) or choose a default location.',
      },
    ]);
    expect(mappingProblems({ mapping: good, headers, defaultLocationId: 3 })).toEqual([]);
  });

  it('assertUsableMapping throws WRONG_COLUMNS naming the field', () => {
    const mapping = { ...good, firstName: null, lastName: null };
    try {
      assertUsableMapping({ mapping, headers });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProviderImportError);
      const err = e as ProviderImportError;
      expect(err.code).toBe('WRONG_COLUMNS');
      expect(err.field).toBe('firstName');
      expect(err.message).toMatch(/^No column is chosen for "First name".*\(1 more column problem/);
    }
  });
});

describe('completeMapping', () => {
  it('fills every field, treating "" as not mapped', () => {
    const m = completeMapping({ npi: 'NPI', zip: '' });
    expect(Object.keys(m).sort()).toEqual([...IMPORT_FIELD_KEYS].sort());
    expect(m.npi).toBe('NPI');
    expect(m.zip).toBeNull();
  });
});
