import { describe, expect, it } from 'vitest';
import {
  ageRange,
  bytesToBase64,
  importResultSentence,
  issuesCsv,
  languageList,
  languageName,
  reportFileName,
  sexLabel,
} from './format';

describe('language names', () => {
  it('reads ISO 639 codes as words', () => {
    expect(languageName('es')).toBe('Spanish');
    expect(languageList(['en', 'vi', 'ht'])).toBe('English, Vietnamese, Haitian Creole');
  });
  it('keeps a code it cannot name rather than showing nothing', () => {
    expect(languageName('qqq')).toBe('qqq');
    expect(languageName('not a tag!')).toBe('not a tag!');
  });
});

describe('ages and sex', () => {
  it.each([
    [null, null, 'All ages'],
    [0, null, 'All ages'],
    [18, null, '18+'],
    [null, 21, 'Up to 21'],
    [0, 21, 'Up to 21'],
    [12, 64, '12–64'],
  ] as const)('%s–%s reads %s', (min, max, words) => {
    expect(ageRange(min, max)).toBe(words);
  });
  it('says the sex in words', () => {
    expect([sexLabel('F'), sexLabel('M'), sexLabel('X'), sexLabel(null)]).toEqual([
      'Female',
      'Male',
      'Other',
      '—',
    ]);
  });
});

describe('bytesToBase64', () => {
  it('keeps Windows-1252 bytes as they are (Peña with ñ = 0xF1)', () => {
    const bytes = new Uint8Array([0x50, 0x65, 0xf1, 0x61]);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
  it('encodes a file larger than one chunk exactly like Node does', () => {
    const bytes = new Uint8Array(100_003).map((_b, i) => (i * 31 + 7) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
  it('encodes an empty file as empty text', () => {
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });
});

describe('issuesCsv', () => {
  const labels: Record<string, string> = {
    zip: 'ZIP',
    taxonomyCode: 'Specialty (NUCC taxonomy code)',
  };
  const csv = issuesCsv({
    errors: [
      { line: 6, field: 'zip', value: '7870', reason: 'ZIP 7870 must be 5 digits, e.g. "78701"' },
      {
        line: 4,
        field: 'taxonomyCode',
        value: '207Q0000X',
        reason: 'taxonomy code 207Q0000X is not a NUCC code',
      },
    ],
    warnings: [
      { line: 3, field: null, value: '=HYPERLINK("x")', reason: 'two codes, the first is used' },
    ],
    fieldLabel: (f) => labels[f] ?? f,
  });
  const lines = csv.split('\r\n');

  it('lists errors by line, then warnings, with field labels', () => {
    expect(lines[0]).toBe('kind,line,field,value,reason');
    expect(lines[1]).toBe(
      'error,4,Specialty (NUCC taxonomy code),207Q0000X,taxonomy code 207Q0000X is not a NUCC code',
    );
    expect(lines[2]).toBe('error,6,ZIP,7870,"ZIP 7870 must be 5 digits, e.g. ""78701"""');
    expect(lines[3]).toMatch(/^warning,3,,/);
    expect(lines.at(-1)).toBe('');
  });
  it('keeps a cell that looks like a formula as text when opened in a spreadsheet', () => {
    expect(lines[3]).toBe(`warning,3,,"'=HYPERLINK(""x"")","two codes, the first is used"`);
  });
});

describe('file names and the result sentence', () => {
  it('names the report after the file', () => {
    expect(reportFileName('Providers 2026.csv')).toBe('Providers 2026-report.csv');
    expect(reportFileName('export')).toBe('export-report.csv');
    expect(reportFileName('')).toBe('providers-report.csv');
  });
  it('says what the import did, singular and plural', () => {
    expect(importResultSentence({ imported: 765, newLocations: 613, skipped: 234 })).toBe(
      '765 providers imported, 613 new locations, 234 rows skipped',
    );
    expect(importResultSentence({ imported: 1, newLocations: 1, skipped: 0 })).toBe(
      '1 provider imported, 1 new location, 0 rows skipped',
    );
  });
});
