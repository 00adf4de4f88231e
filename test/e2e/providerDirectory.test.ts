/**
 * The provider directory through the real renderer and HTTP host: a practice manager imports a
 * credentialing spreadsheet with two bad rows (a 9-character taxonomy code, a ZIP that lost its
 * last digit), reads the report with the line numbers, is refused until the bad rows are skipped
 * on purpose, then puts one of the new doctors in network for Aetna and for a plan added on the
 * spot.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { npiCheckDigit } from '../../src/core/entities/provider';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

/** A valid NPI (check digit included) from nine digits. */
const npi = (first9: string) => `${first9}${npiCheckDigit(first9)}`;

/** Line 1 is the header; lines 4 and 6 are the bad rows. */
const CSV = [
  'NPI,First Name,Last Name,Credentials,Taxonomy Code,Languages,Gender,Accepting New Patients,Address,City,State,ZIP',
  `${npi('123456789')},Dana,Reyes,MD,207Q00000X,"English, Spanish",F,Y,1 Main St,Austin,TX,78701`,
  `${npi('123456780')},Omar,Haddad,MD,207RC0000X,en;ar,M,N,200 Congress Ave,Austin,TX,78701`,
  `${npi('123456781')},Grace,Kim,MD,207Q0000X,ko,F,Y,1 Main St,Austin,TX,78701`,
  `${npi('123456782')},Lena,Fischer,DO,208000000X,de,F,Y,1 Main St,Austin,TX,78701`,
  `${npi('123456783')},Raj,Mehta,MD,207R00000X,hi,M,Y,9 Elm St,Austin,TX,7870`,
].join('\r\n');

async function comboText(page: Page, name: string | RegExp) {
  return (await page.getByRole('combobox', { name }).textContent())?.trim();
}

describe.skipIf(skipBrowserTests())('provider directory', () => {
  const session = useBrowser();

  it('imports a CSV through preview, mapping and report, then edits a provider’s networks', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const aetna = clinic.t.call('payers/create', { name: 'Aetna', clearinghousePayerId: '60054' });
    const choice = clinic.t.call('plans/create', {
      payerId: aetna.id,
      name: 'Choice POS II',
      productType: 'POS',
    });
    const opened = await session.open(clinic.host.url);
    const { page } = opened;
    await page.setViewportSize({ width: 1366, height: 900 });
    await waitUntilLive(page);

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Providers', exact: true })
      .click();
    const table = page.getByRole('table', { name: 'Provider directory' });
    await table.getByText('Ana Patel, MD').waitFor();
    expect(await table.getByTestId('directory-provider').count()).toBe(3);

    // 1. The file, as bytes.
    await page.getByRole('button', { name: 'Import from CSV' }).click();
    const wizard = page.getByRole('dialog', { name: 'Import providers from CSV' });
    await wizard.getByLabel('CSV file').setInputFiles({
      name: 'credentialing.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    await wizard.getByText('credentialing.csv').waitFor();
    await wizard.getByRole('button', { name: 'Next: match columns' }).click();

    // 2. The suggested mapping is pre-selected; the first rows are shown as written.
    await wizard
      .getByRole('table', { name: 'First rows of the file' })
      .getByText('Haddad')
      .waitFor();
    expect(await comboText(page, /^Specialty \(NUCC taxonomy code\)/)).toBe('Taxonomy Code');
    expect(await comboText(page, /^First name/)).toBe('First Name');
    expect(await comboText(page, /^ZIP/)).toBe('ZIP');
    expect(await comboText(page, /^Sex \/ gender/)).toBe('Gender');
    expect(await comboText(page, /^Location name/)).toBe('Not in this file');

    // 3. The report: two rows with errors, by line, with reasons.
    await wizard.getByRole('button', { name: 'Next: check rows' }).click();
    const errors = wizard.getByRole('table', { name: 'Errors' });
    await errors.waitFor();
    const lines = await errors
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line')));
    expect(lines).toEqual(['4', '6']);
    await errors
      .getByText('taxonomy code 207Q0000X is not a NUCC code', { exact: false })
      .waitFor();
    await errors.getByText('ZIP 7870 must be 5 digits', { exact: false }).waitFor();
    const summary = wizard.getByRole('definition');
    expect(await summary.allTextContents()).toEqual(['5', '3', '2', '0', '0', '0', '0', '1']);
    await wizard
      .getByRole('table', { name: 'New locations' })
      .getByRole('cell', { name: '200 Congress Ave, Austin, TX 78701' })
      .waitFor();
    await page.mouse.move(0, 0);
    const shot = await screenshot(page, 'provider-import-report');
    console.log(`[e2e] provider import report: ${shot}`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      wizard.getByRole('button', { name: 'Download report' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('credentialing-report.csv');
    const reportCsv = fs.readFileSync(await download.path(), 'utf8');
    expect(reportCsv).toMatch(/^\ufeffkind,line,field,value,reason\r\n/);
    expect(reportCsv).toContain('error,4,Specialty (NUCC taxonomy code),207Q0000X,');
    expect(reportCsv).toContain('error,6,ZIP,7870,');

    // Refused by the server until the bad rows are skipped on purpose; nothing was written.
    await wizard.getByRole('button', { name: 'Import 3 providers' }).click();
    await wizard
      .getByRole('alert')
      .getByText(/^Nothing was imported: 2 of 5 rows have errors \(line 4: taxonomy code/)
      .waitFor();
    expect(await clinic.http('providers/list', {})).toHaveLength(3);

    await wizard.getByLabel('Skip the 2 rows with errors and import the other 3').check();
    await wizard.getByRole('button', { name: 'Import 3 providers' }).click();
    await wizard.getByText('3 providers imported, 1 new location, 2 rows skipped.').waitFor();
    await wizard.getByRole('button', { name: 'Done' }).click();
    await wizard.waitFor({ state: 'detached' });

    // The new providers are listed with readable specialty names and languages.
    const row = (name: string) => table.getByTestId('directory-provider').filter({ hasText: name });
    await row('Dana Reyes, MD').waitFor();
    expect(await table.getByTestId('directory-provider').count()).toBe(6);
    expect(await row('Dana Reyes, MD').locator('td').allTextContents()).toEqual([
      'Dana Reyes, MD',
      'Family Medicine',
      'English, Spanish',
      'Female',
      'Yes',
      'All ages',
      'Main',
      '0',
    ]);
    expect(await row('Omar Haddad, MD').locator('td').nth(1).textContent()).toBe('Cardiology');
    expect(await row('Omar Haddad, MD').locator('td').nth(2).textContent()).toBe('English, Arabic');
    expect(await row('Omar Haddad, MD').locator('td').nth(4).textContent()).toBe('No');
    expect(await row('Lena Fischer, DO').locator('td').nth(1).textContent()).toBe('Pediatrics');
    expect(await table.getByText('Grace Kim').count()).toBe(0);

    // The specialty filter.
    await page.getByRole('combobox', { name: 'Specialty' }).click();
    await page.getByRole('option', { name: 'Family Medicine' }).click();
    expect(await table.getByTestId('directory-provider').count()).toBe(3);
    await page.getByRole('combobox', { name: 'Specialty' }).click();
    await page.getByRole('option', { name: 'All specialties' }).click();

    // Networks: an overlapping second entry is refused under its own row, then a plan added on the spot.
    await table.getByRole('button', { name: 'Dana Reyes, MD' }).click();
    const drawer = page.getByRole('dialog', { name: 'Dana Reyes, MD' });
    await drawer.getByText('Not in any network yet', { exact: false }).waitFor();
    const choosePlan = async (n: number, typed: string, option: string) => {
      await drawer.getByRole('combobox', { name: `Plan ${n}` }).fill(typed);
      await page.getByRole('option', { name: option }).click();
    };
    await drawer.getByRole('button', { name: 'Add network' }).click();
    await choosePlan(1, 'Choice', 'Aetna Choice POS II');
    await drawer.getByLabel('Plan 1 from').fill('2026-03-01');
    await drawer.getByRole('button', { name: 'Add network' }).click();
    await choosePlan(2, 'Aetna', 'Aetna Choice POS II');
    await drawer.getByLabel('Plan 2 from').fill('2026-06-01');
    await drawer.getByRole('button', { name: 'Save networks' }).click();
    const rows = drawer.getByTestId('network-row');
    await rows.nth(1).getByText('Two entries for Aetna Choice POS II overlap in time').waitFor();
    expect(await rows.nth(0).getByText('overlap in time', { exact: false }).count()).toBe(0);
    await screenshot(page, 'provider-networks');
    await rows.nth(1).getByRole('button', { name: 'Remove Aetna Choice POS II' }).click();

    await drawer.getByRole('button', { name: 'New payer or plan' }).click();
    const planDialog = page.getByRole('dialog', { name: 'New payer or plan' });
    await planDialog.getByLabel('Payer name').fill('Cigna');
    await planDialog.getByLabel('Plan name').fill('Open Access Plus');
    await planDialog.getByRole('button', { name: 'Add plan' }).click();
    await planDialog.waitFor({ state: 'detached' });
    // The dialog puts the new plan in a new row.
    await expect
      .poll(() => drawer.getByRole('combobox', { name: 'Plan 2' }).inputValue(), {
        timeout: 10_000,
      })
      .toBe('Cigna Open Access Plus');
    await drawer.getByLabel('Plan 2 from').fill('2026-04-01');
    await drawer.getByLabel('Plan 2 until').fill('2026-12-31');
    await drawer.getByRole('button', { name: 'Save networks' }).click();
    await page.getByText("Saved Dana Reyes, MD's networks.").waitFor();

    const dana = (await clinic.http('providers/list', {})).find((p) => p.lastName === 'Reyes')!;
    const cigna = (await clinic.http('plans/list', {})).find((p) => p.name === 'Open Access Plus')!;
    expect(cigna.displayName).toBe('Cigna Open Access Plus');
    const byStart = [...dana.networks].sort((a, b) =>
      a.effectiveFrom.localeCompare(b.effectiveFrom),
    );
    expect(byStart).toEqual([
      { planId: choice.id, effectiveFrom: '2026-03-01', effectiveTo: null },
      { planId: cigna.id, effectiveFrom: '2026-04-01', effectiveTo: '2026-12-31' },
    ]);
    // Visit types: all of Family Medicine's by default; untick "New patient".
    const offered = drawer.getByRole('group', { name: 'Visit types offered' });
    expect(await offered.getByRole('checkbox', { checked: true }).count()).toBe(2);
    await offered.getByLabel(/^New patient/).uncheck();
    await drawer.getByRole('button', { name: 'Save visit types' }).click();
    await page.getByText('Saved the visit types Dana Reyes, MD offers.').waitFor();
    const followUp = (await clinic.http('visitTypes/list', {})).find(
      (v) => v.name === 'Follow-up',
    )!;
    const danaNow = (await clinic.http('providers/list', {})).find((p) => p.id === dana.id)!;
    expect(danaNow.visitTypeIds).toEqual([followUp.id]);

    // The list counts the networks once the change arrives.
    await drawer.getByRole('button', { name: 'Close provider' }).click();
    await row('Dana Reyes, MD').locator('td').nth(7).getByText('2', { exact: true }).waitFor();
    // The two refusals above (422: rows with errors, 400: overlapping networks) are the only ones.
    expect(opened.problems.filter((p) => !/status of (400|422)/.test(p))).toEqual([]);
  });
});
