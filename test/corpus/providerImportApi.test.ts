/**
 * providers/importPreview and providers/importCommit through the API on a real database: the real
 * NPPES sample imports nothing until the organization rows are deliberately skipped, then its 765
 * practitioners; bad files (wrong columns, bad taxonomy codes, bad ZIPs) give a report with line
 * numbers and write nothing at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/dbState';
import { openTestApi, type TestApi } from '../helpers/tinyClinic';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const nppesFile = path.resolve(repoRoot, '../shared/data/providers/nppes2fhir_sample_999_flat.csv');
const haveNppes = fs.existsSync(nppesFile);
if (!haveNppes) {
  if (process.env.CI) throw new Error(`NPPES sample missing at ${nppesFile}; CI always has it.`);
  console.warn(`[corpus] ${nppesFile} not found: NPPES import through the API skipped.`);
}

let t: TestApi;
let mainId: number;
beforeEach(() => {
  t = openTestApi();
  t.call('setup/startEmpty', { name: 'Import Clinic', timeZone: 'America/Chicago' });
  mainId = t.call('locations/create', {
    name: 'Main',
    address1: '1 Main St',
    city: 'Omaha',
    state: 'NE',
    zip: '68102',
  }).id;
});
afterEach(() => t.close());

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe.skipIf(!haveNppes)('the NPPES sample through the API', () => {
  it('previews the mapping and the report, refuses to import with errors, then imports the 765 practitioners when told to skip', () => {
    const file = b64(fs.readFileSync(nppesFile));
    const preview = t.call('providers/importPreview', { fileBase64: file });
    expect(preview.mapping).toMatchObject({
      npi: 'npi',
      lastName: 'last_name',
      firstName: 'first_name',
      taxonomyCode: 'primary_taxonomy_code',
      zip: 'postal_code',
    });
    expect(preview.report!.summary).toMatchObject({ rows: 999, ready: 765, withErrors: 234 });
    expect(preview.report!.errors[0]).toMatchObject({
      line: expect.any(Number),
      reason: expect.any(String),
    });

    const before = snapshot(t.db.sqlite);
    const refused = t.raw('providers/importCommit', { fileBase64: file });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'RULE',
        message: expect.stringMatching(
          /^Nothing was imported: 234 of 999 rows have errors \(line \d+: /,
        ),
      },
    });
    expect(snapshot(t.db.sqlite)).toEqual(before);

    const done = t.call('providers/importCommit', { fileBase64: file, skipRowsWithErrors: true });
    expect(done).toMatchObject({ imported: 765, skipped: 234 });
    const providers = t.call('providers/list', {});
    expect(providers).toHaveLength(765);
    // Names in name case, readable specialties learned from the file's NUCC display names.
    const wiebe = providers.find((p) => p.npi === '1679576722')!;
    expect(wiebe).toMatchObject({
      firstName: 'David',
      lastName: 'Wiebe',
      credentials: 'MD',
      taxonomyCode: '207X00000X',
    });
    expect(wiebe.specialtyName).toBe('Orthopaedic Surgery');
    const uncommon = providers.find((p) => !/^[0-9]{3}/.test(p.specialtyName));
    expect(uncommon).toBeDefined();
    expect(providers.filter((p) => /^[0-9]{3}[0-9A-Z]{6}X$/.test(p.specialtyName))).toEqual([]);
    // Practice addresses became locations, placed on the map by ZIP where the ZIP has a centroid.
    const locations = t.call('locations/list', {});
    expect(locations.length).toBe(1 + done.newLocations);
    const wiebeLocation = locations.find((l) => l.id === wiebe.locationIds[0])!;
    expect(wiebeLocation).toMatchObject({ city: 'Kearney', state: 'NE', zip: '68847-2944' });
    expect(wiebeLocation.lat).not.toBeNull();

    // The same file again: every row is now a duplicate, nothing more is written.
    const again = t.call('providers/importPreview', { fileBase64: file });
    expect(again.report!.summary.ready).toBe(0);
    expect(again.report!.summary.duplicates).toBe(765);
  });
});

describe('bad provider files: a clear report, and nothing imported', () => {
  const header = 'NPI,First Name,Last Name,Taxonomy,Address,City,State,ZIP\n';

  it('wrong columns', () => {
    const file = b64('Name,Phone\nAna Ruiz,555-0100\n');
    const preview = t.call('providers/importPreview', {
      fileBase64: file,
      defaults: { locationId: mainId },
    });
    expect(preview.report).toBeNull();
    expect(preview.mappingProblems.map((p) => p.field).sort()).toEqual([
      'firstName',
      'lastName',
      'taxonomyCode',
    ]);
    const before = snapshot(t.db.sqlite);
    const r = t.raw('providers/importCommit', {
      fileBase64: file,
      defaults: { locationId: mainId },
      skipRowsWithErrors: true,
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: expect.stringMatching(/^mapping/) },
    });
    expect(snapshot(t.db.sqlite)).toEqual(before);
  });

  it('bad taxonomy codes and bad ZIPs are reported by line, and the file imports nothing', () => {
    const file = b64(
      header +
        '1234567893,Ana,Ruiz,207Q00000X,1 Elm St,Omaha,NE,68102\n' +
        '1245319599,Ben,Okafor,207Q0000X,2 Elm St,Omaha,NE,68102\n' +
        '1003000126,Carla,Nguyen,207RC0000X,3 Elm St,Omaha,NE,6810\n',
    );
    const preview = t.call('providers/importPreview', { fileBase64: file });
    const errors = preview.report!.errors.map((e) => [e.line, e.field]);
    expect(errors).toEqual([
      [3, 'taxonomyCode'],
      [4, 'zip'],
    ]);
    expect(preview.report!.errors[0]!.reason).toMatch(/207Q0000X is not a NUCC code/);
    expect(preview.report!.errors[1]!.reason).toMatch(/ZIP 6810 must be 5 digits or ZIP\+4/);
    const before = snapshot(t.db.sqlite);
    const r = t.raw('providers/importCommit', { fileBase64: file });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'RULE',
        message: expect.stringMatching(/^Nothing was imported: 2 of 3 rows have errors/),
      },
    });
    expect(snapshot(t.db.sqlite)).toEqual(before);
    expect(t.call('providers/list', {})).toEqual([]);
  });

  it('a file that is not a CSV at all', () => {
    const before = snapshot(t.db.sqlite);
    const r = t.raw('providers/importPreview', {
      fileBase64: b64(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0xfe, 0, 1])),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'fileBase64' } });
    expect(snapshot(t.db.sqlite)).toEqual(before);
  });
});
