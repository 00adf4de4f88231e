/**
 * Settings › Import patients through the real renderer and HTTP host: a file with a bad row and a
 * patient the clinic already has. The bad row blocks the import until it is deliberately skipped;
 * the duplicate's decision is chosen per row; the result says what happened, and the database
 * holds exactly that.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

async function openImport(page: Page) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitUntilLive(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Clinic settings' })
    .click();
  await page.getByRole('tab', { name: 'Import patients' }).click();
}

const FILE = [
  'Chart No,Patient First Name,Surname,D.O.B.,Gender,Cell Phone,E-mail,Street,City,State,Zip Code',
  'C-100,Maria,Lopez,05/17/1980,F,(512) 555-0199,,12 Oak St,Austin,Texas,78704',
  'C-101,Peña,Ramírez,1992-03-04,F,,pena@example.com,4 Elm St,Austin,TX,78701',
  'C-102,Sam,,1990-01-01,M,,,,,,',
  'C-103,Dee,Okoro,1961-07-30,F,,,,,,',
].join('\r\n');

describe.skipIf(skipBrowserTests())('patient import', () => {
  const session = useBrowser();

  it('maps the columns, blocks on a bad row until it is skipped, follows the per-row decision, and reports the result', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const count = () =>
      (clinic.t.db.sqlite.prepare('SELECT count(*) n FROM patients').get() as { n: number }).n;
    const before = count();
    const { page } = await session.open(clinic.host.url);
    await openImport(page);
    await page.getByLabel('Patient file').setInputFiles({
      name: 'old-system.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(FILE, 'utf8'),
    });
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    const columns = page.getByRole('table', { name: 'Column matching' });
    await columns.waitFor();
    expect(
      await columns
        .getByRole('row', { name: /^Date of birth/ })
        .getByRole('combobox')
        .textContent(),
    ).toBe('D.O.B.');
    expect(
      await columns
        .getByRole('row', { name: /^ID in the old system/ })
        .getByRole('combobox')
        .textContent(),
    ).toBe('Chart No');
    // A field no column feeds says so (it used to show an empty box).
    expect(
      await columns
        .getByRole('row', { name: /^Date of death/ })
        .getByRole('combobox')
        .textContent(),
    ).toBe('Not imported');
    await screenshot(page, 'patient-import-columns');

    await page.getByRole('button', { name: 'Next: check rows' }).click();
    const problems = page.getByRole('table', { name: 'Problems by line' });
    await problems.getByText('last name is missing').waitFor();
    expect(
      await problems.getByRole('row', { name: /last name is missing/ }).textContent(),
    ).toContain('4');
    const dupes = page.getByRole('table', { name: 'Possible duplicates' });
    await dupes.getByText(/same name and date of birth as Maria Lopez/).waitFor();
    const importButton = page.getByRole('button', { name: /^Import \d+ patients$/ });
    expect(await importButton.isDisabled()).toBe(true);
    await screenshot(page, 'patient-import-check');

    // Maria is the clinic's own patient: update her instead of skipping the row.
    await dupes.getByRole('row', { name: /^2 / }).getByRole('combobox').click();
    await page.getByRole('option', { name: 'Update Maria Lopez' }).click();
    await page.getByLabel(/Skip the 1 row with errors/).check();
    await page.getByRole('button', { name: 'Import 3 patients' }).click();
    await page
      .getByRole('status')
      .getByText(/2 new patients, 1 updated, 0 skipped, 1 rows with errors left out/)
      .waitFor();
    await screenshot(page, 'patient-import-done');

    expect(count()).toBe(before + 2);
    const maria = clinic.t.db.sqlite
      .prepare(
        "SELECT phone_mobile p, state s FROM patients WHERE last_name = 'Lopez' AND first_name = 'Maria'",
      )
      .all();
    expect(maria).toEqual([{ p: '5125550199', s: 'TX' }]);
    expect(
      clinic.t.db.sqlite
        .prepare("SELECT first_name f FROM patients WHERE last_name = 'Ramírez'")
        .get(),
    ).toEqual({ f: 'Peña' });
  }, 120_000);

  it('sends an export larger than one request in pieces with a progress bar, and refuses a file over 40 MB with what to do', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const { page } = await session.open(clinic.host.url);
    await openImport(page);
    // Over the limit: refused before anything is sent, with what to do instead.
    // A sparse file on disk: the browser reads its size, not 45 MB of content.
    const tooBig = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-import-')),
      'too-big.csv',
    );
    fs.writeFileSync(tooBig, '');
    fs.truncateSync(tooBig, 45_000_000);
    await page.getByLabel('Patient file').setInputFiles(tooBig);
    await page
      .getByRole('alert')
      .getByText(
        /“too-big\.csv” is 45\.0 MB, more than the 40 MB one import takes\. Split the export/,
      )
      .waitFor();
    await screenshot(page, 'patient-import-too-large');

    // About 8 MB: more than the host takes in one request (6 MB of JSON), so three pieces.
    const lines = ['MRN,First Name,Last Name,DOB,Address,City,State,ZIP'];
    const pad = 'x'.repeat(60);
    for (let i = 0; i < 80_000; i++)
      lines.push(
        `M${i},Ana${String.fromCharCode(97 + (i % 26))},Lopez${i},1980-01-${String(1 + (i % 28)).padStart(2, '0')},${i} Elm St ${pad},Austin,TX,78701`,
      );
    const big = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    expect(big.length).toBeGreaterThan(7_000_000);
    // Each piece answered a little late, as over a slow office network, so the bar can be seen.
    await page.route('**/api/patients/importUpload', async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      await route.continue();
    });
    await page.getByLabel('Patient file').setInputFiles({
      name: 'whole-practice.csv',
      mimeType: 'text/csv',
      buffer: big,
    });
    await page.getByText(/^Sending “whole-practice\.csv” to ClinicDesk… [1-9]\d%$/).waitFor();
    await screenshot(page, 'patient-import-uploading');
    await page.getByText(/^whole-practice\.csv \(\d+\.\d MB\)$/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByText(/80,000 rows, comma-separated, UTF-8/).waitFor({ timeout: 90_000 });
  }, 240_000);
});
