/**
 * The full NUCC taxonomy (v25.1, SOURCES.md §6) loaded through specialties/importNucc: every code
 * reaches the specialty picker by its readable name. Read from ../shared/data, never copied.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nuccFile = path.resolve(repoRoot, '../shared/data/providers/nucc_taxonomy_251.csv');
const present = existsSync(nuccFile);
if (!present) {
  if (process.env.CI) throw new Error(`NUCC list missing at ${nuccFile}; CI always has it.`);
  console.warn(`[corpus] ${nuccFile} not found: NUCC specialty list tests skipped.`);
}

let t: TestApi;
beforeEach(() => {
  t = openTestApi();
  buildTinyClinic(t);
});
afterEach(() => t.close());

describe.runIf(present)('the NUCC specialty list', () => {
  it('loads all 883 codes of v25.1 with readable names into the picker', () => {
    const r = t.call('specialties/importNucc', { csv: readFileSync(nuccFile, 'utf8') });
    // 883 codes (698 Individual, 185 Non-Individual) per SOURCES.md; none skipped.
    expect(r).toMatchObject({ codes: 883, added: 883, renamed: 0, skipped: [] });
    const list = t.call('specialties/list', {});
    const byCode = new Map(list.map((s) => [s.code, s.name]));
    expect(byCode.get('207XS0117X')).toBe('Orthopaedic Surgery of the Spine Physician');
    expect(byCode.get('207XX0801X')).toBe('Orthopaedic Trauma Physician');
    expect(byCode.get('193200000X')).toBe('Multi-Specialty Group');
    // The short built-in names stay for the common codes; every other code is now named.
    expect(byCode.get('207Q00000X')).toBe('Family Medicine');
    // Every built-in common code is a NUCC code, so the picker holds exactly the 883.
    expect(list.length).toBe(883);
    expect(list.every((s) => s.name !== s.code)).toBe(true);
    // Loading the same file again changes nothing.
    expect(t.call('specialties/importNucc', { csv: readFileSync(nuccFile, 'utf8') })).toMatchObject(
      {
        added: 0,
        renamed: 0,
        unchanged: 883,
      },
    );
  });
});
