import { describe, expect, it } from 'vitest';
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

describe('nameCase', () => {
  it.each([
    ['WIEBE', 'Wiebe'],
    ['DAVID', 'David'],
    ["O'DONNELL", "O'Donnell"],
    ["o'brien", "O'Brien"],
    ['SMITH-JONES', 'Smith-Jones'],
    ['VAN HOUTEN-SAUTER', 'Van Houten-Sauter'],
    ['MCCOY', 'McCoy'],
    ['MCALLISTER', 'McAllister'],
    ['MACALUSO', 'Macaluso'],
    ['C. SHANE', 'C. Shane'],
    ['Y.', 'Y.'],
    ['JOHN SMITH III', 'John Smith III'],
    ['NGUYỄN', 'Nguyễn'],
    ['  ANA   MARIA ', 'Ana Maria'],
  ])('%s → %s', (raw, expected) => {
    expect(nameCase(raw)).toBe(expected);
  });

  it('keeps a name typed in mixed case as it was typed', () => {
    expect(nameCase('DeShawn')).toBe('DeShawn');
    expect(nameCase('van der Berg')).toBe('van der Berg');
    expect(nameCase('MacKenzie')).toBe('MacKenzie');
  });
});

describe('addressCase', () => {
  it.each([
    ['3500 CENTRAL AVE', '3500 Central Ave'],
    ['425 E 25TH ST', '425 E 25th St'],
    ['300 TOWER RD NE', '300 Tower Rd NE'],
    ['PO BOX 1234', 'PO Box 1234'],
    ['2940 N MCCORD RD', '2940 N McCord Rd'],
    ["ST. JOHN'S PLACE", "St. John's Place"],
    ['MT. VERNON', 'Mt. Vernon'],
    ['WINSTON-SALEM', 'Winston-Salem'],
    ['Suite 300', 'Suite 300'],
  ])('%s → %s', (raw, expected) => {
    expect(addressCase(raw)).toBe(expected);
  });
});

describe('normalizeCredentials', () => {
  it.each([
    ['M.D.', 'MD'],
    ['DR. MD', 'MD'],
    ['DR. M.D.', 'MD'],
    ['MR. M. D.', 'MD'],
    ['M. D.', 'MD'],
    ['DR. O. D.', 'OD'],
    ['P.A.-C.', 'PA-C'],
    ['DR. PH.D.', 'PhD'],
    ['DR. PHARM.D.', 'PharmD'],
    ['DR. PHARM D', 'PharmD'],
    ['DR. AU.D.', 'AuD'],
    ['MRS. RN, MSN, CPNP', 'RN, MSN, CPNP'],
    ['MS. MSW LICSW', 'MSW, LICSW'],
    ['AND, BSN, MS, ANP', 'AND, BSN, MS, ANP'],
    ['MS', 'MS'],
    ['md', 'MD'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeCredentials(raw)).toBe(expected);
  });

  it('is null when only a courtesy title or nothing is left', () => {
    expect(normalizeCredentials('DR.')).toBeNull();
    expect(normalizeCredentials('  ')).toBeNull();
  });
});

describe('parseSex', () => {
  it('reads NPPES and spreadsheet spellings', () => {
    expect(['female', 'F', 'Woman'].map(parseSex)).toEqual(['F', 'F', 'F']);
    expect(['male', 'm', 'MAN'].map(parseSex)).toEqual(['M', 'M', 'M']);
    expect(['X', 'non-binary', 'other'].map(parseSex)).toEqual(['X', 'X', 'X']);
    expect(['', 'unknown', 'U'].map(parseSex)).toEqual([null, null, null]);
    expect(parseSex('yes')).toBeUndefined();
  });
});

describe('parseYesNo', () => {
  it('reads Y/N, yes/no, true/false, 1/0 in any case', () => {
    expect(['Y', 'yes', 'TRUE', '1'].map(parseYesNo)).toEqual([true, true, true, true]);
    expect(['n', 'No', 'false', '0'].map(parseYesNo)).toEqual([false, false, false, false]);
    expect(parseYesNo(' ')).toBeNull();
    expect(parseYesNo('maybe')).toBeUndefined();
  });
});

describe('parseAgeYears', () => {
  it('takes whole years 0–130', () => {
    expect(['0', '18', '65.0', '130'].map(parseAgeYears)).toEqual([0, 18, 65, 130]);
    expect(parseAgeYears('')).toBeNull();
    expect(['131', '-1', '6 months', '1.5'].map(parseAgeYears)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('usStateCode', () => {
  it('takes codes in any case, full names, DC and territories', () => {
    expect(['tx', 'TX', 'Texas', 'new york', 'DC', 'PR', 'Guam', 'AE'].map(usStateCode)).toEqual([
      'TX',
      'TX',
      'TX',
      'NY',
      'DC',
      'PR',
      'GU',
      'AE',
    ]);
  });

  it('refuses two letters that are no state', () => {
    expect(usStateCode('XX')).toBeNull();
    expect(usStateCode('ON')).toBeNull();
  });
});

describe('normalizeZip', () => {
  it('writes ZIP+4 with a hyphen', () => {
    expect(normalizeZip('688472944')).toBe('68847-2944');
    expect(normalizeZip('68847-2944')).toBe('68847-2944');
    expect(normalizeZip(' 02139 ')).toBe('02139');
  });

  it('refuses anything else', () => {
    expect(['1234', '123456', '12345-67', 'ABCDE', ''].map(normalizeZip)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('normalizePhone', () => {
  it('writes E.164 for US numbers', () => {
    expect(normalizePhone('3088652512')).toBe('+13088652512');
    expect(normalizePhone('(308) 865-2512')).toBe('+13088652512');
    expect(normalizePhone('1806379770')).toBeNull();
  });
});

describe('isScientificNotation', () => {
  it('spots what a spreadsheet does to a long number', () => {
    expect(isScientificNotation('1.67958E+09')).toBe(true);
    expect(isScientificNotation('1679576722')).toBe(false);
  });
});
