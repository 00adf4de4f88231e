/**
 * Settings › Import visits through the real renderer and HTTP host. The Synthea patients are
 * already in (their own import is tested in patientImport.test.ts); the manager uploads Synthea's
 * encounters, maps two of its 201 providers to the clinic's doctors, reads the report (skips by
 * reason, the 194 overlapping pairs of one provider) and imports. Then a small file of future
 * appointments: one is booked, the one that conflicts and the one outside hours are listed, not
 * moved.
 */
import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sessionCookieHeader } from '../helpers/staff';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { ROOT, screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

const dataDir = path.resolve(ROOT, '../shared/data/synthea');
const synthea = existsSync(path.join(dataDir, 'encounters.csv'));

async function openImport(page: Page) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitUntilLive(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Clinic settings' })
    .click();
  await page.getByRole('tab', { name: 'Import visits' }).click();
}

async function choose(page: Page, row: ReturnType<Page['getByRole']>, option: string) {
  await row.getByRole('combobox').click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(skipBrowserTests())('visit import', () => {
  const session = useBrowser();

  it.skipIf(!synthea)(
    "maps Synthea's providers, reports every skipped row by reason and imports the history",
    async () => {
      const clinic = await session.serve();
      buildTinyClinic(clinic.t);
      await clinic.http('patients/importCommit', {
        fileBase64: readFileSync(path.join(dataDir, 'patients.csv')).toString('base64'),
        fileName: 'patients.csv',
      });
      const { page } = await session.open(clinic.host.url);
      await openImport(page);
      await page.getByLabel('Visit file').setInputFiles(path.join(dataDir, 'encounters.csv'));
      await page.getByRole('button', { name: 'Next: match columns' }).click();
      const providers = page.getByRole('table', { name: 'Provider mapping' });
      await providers.waitFor();
      await page.getByText('Recognised as Synthea encounters.csv.').waitFor();
      await page.getByText('Providers in the file (201; 0 imported)').waitFor();
      await choose(
        page,
        providers.getByRole('row', { name: /^ecc51621-0af3-3b35-ac3e-8b1e34022e92/ }),
        'Ana Patel, MD',
      );
      await choose(
        page,
        providers.getByRole('row', { name: /^18362426-1324-35e6-a226-adccb56a7a36/ }),
        'Ben Okafor, DO',
      );
      await page.getByText('Providers in the file (201; 2 imported)').waitFor();
      // Every visit type of the file becomes the clinic's follow-up visit.
      const types = page.getByRole('table', { name: 'Visit type mapping' });
      const typeRows = types.locator('tbody tr');
      for (let i = 0; i < (await typeRows.count()); i++) {
        const combo = typeRows.nth(i).getByRole('combobox');
        if ((await combo.textContent()) !== 'Follow-up')
          await choose(page, typeRows.nth(i), 'Follow-up');
      }
      await screenshot(page, 'visit-import-mapping');

      await page.getByRole('button', { name: 'Next: check report' }).click();
      const byReason = page.getByRole('table', { name: 'Skipped by reason' });
      await byReason.waitFor();
      const reasonCount = async (label: string) =>
        (
          await byReason
            .getByRole('row', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) })
            .textContent()
        )?.replace(label, '');
      expect(await reasonCount('Not a clinic visit (inpatient or emergency)')).toBe('449');
      expect(await reasonCount('Overlaps another visit of the same provider')).toBe('3');
      await page
        .getByText(/pairs of visits overlap for the same provider \(.*Ana Patel, MD: 194/)
        .waitFor();
      await page.getByLabel('Summary').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, -120));
      await screenshot(page, 'visit-import-report');

      const importButton = page.getByRole('button', {
        name: /^Import [\d,]+ past and book 0 future visits$/,
      });
      const label = (await importButton.textContent()) ?? '';
      const history = Number(/Import ([\d,]+) past/.exec(label)![1]!.replace(/,/g, ''));
      expect(history).toBeGreaterThan(300);
      await importButton.click();
      await page
        .getByRole('status')
        .getByText(new RegExp(`^${history.toLocaleString('en-US')} past visits imported`))
        .waitFor();
      await screenshot(page, 'visit-import-done');
      const count = (
        clinic.t.db.sqlite
          .prepare(
            "SELECT count(*) n FROM appointments WHERE status = 'completed' AND booked_from = 'import'",
          )
          .get() as { n: number }
      ).n;
      expect(count).toBe(history);
    },
    180_000,
  );

  it('books the future visits it can and lists the ones that conflict or fall outside hours', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    // The tiny clinic's clock: Monday 2 March 2026, 08:00 in New York.
    const file = [
      'Appointment ID,Start,Duration,Patient First Name,Patient Last Name,Patient DOB,Provider Name,Status',
      'A1,2026-03-03 09:00,30,Maria,Lopez,05/17/1980,Ana Patel,Scheduled',
      'A2,2026-03-03 09:00,30,John,Smith,01/02/1975,Ana Patel,Scheduled',
      'A3,2026-03-04 19:30,30,John,Smith,01/02/1975,Ben Okafor,Scheduled',
      'A4,2026-02-20 10:00,30,John,Smith,01/02/1975,Ben Okafor,No show',
    ].join('\n');
    const { page } = await session.open(clinic.host.url);
    await openImport(page);
    await page.getByLabel('Visit file').setInputFiles({
      name: 'appointments.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file),
    });
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('table', { name: 'Provider mapping' }).waitFor();
    await page.getByText('Providers in the file (2; 2 imported)').waitFor();
    // Reminders default on; this clinic wants none for the imported bookings.
    await page.getByLabel(/Send the clinic’s usual reminders/).uncheck();
    await page.getByRole('button', { name: 'Next: check report' }).click();
    const future = page.getByRole('table', { name: 'Future visits' });
    await future.waitFor();
    expect(await future.getByRole('row', { name: /^2 / }).textContent()).toContain(
      'Will be booked',
    );
    expect(await future.getByRole('row', { name: /^3 / }).textContent()).toContain(
      'Future visit conflicts with another booking',
    );
    expect(await future.getByRole('row', { name: /^4 / }).textContent()).toMatch(/outside hours/);
    await page.getByText('Future visits are booked without reminders.').waitFor();
    await screenshot(page, 'visit-import-future');
    await page.getByRole('button', { name: 'Import 1 past and book 1 future visits' }).click();
    await page
      .getByRole('status')
      .getByText(
        /^1 past visit imported \(1 no-show, 0 cancelled\); 1 future visit booked without reminders/,
      )
      .waitFor();
    await page
      .getByText(/Not booked: line 3: .* was just taken\. line 4: .*outside hours/)
      .waitFor();
    await screenshot(page, 'visit-import-future-done');
    const rows = clinic.t.db.sqlite
      .prepare('SELECT status FROM appointments ORDER BY start_ms')
      .all() as { status: string }[];
    expect(rows.map((r) => r.status)).toEqual(['no_show', 'booked']);
    expect(
      (clinic.t.db.sqlite.prepare('SELECT count(*) n FROM reminders').get() as { n: number }).n,
    ).toBe(0);
  }, 120_000);

  it('sends a visit file larger than one request in pieces with a progress bar, and refuses a file over 40 MB with what to do', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const { page } = await session.open(clinic.host.url);
    await openImport(page);
    // Over the limit: refused before anything is sent. A sparse file: only its size is read.
    const tooBig = path.join(mkdtempSync(path.join(tmpdir(), 'clinicdesk-visits-')), 'all.csv');
    writeFileSync(tooBig, '');
    truncateSync(tooBig, 45_000_000);
    await page.getByLabel('Visit file').setInputFiles(tooBig);
    await page
      .getByRole('alert')
      .getByText(
        /“all\.csv” is 45\.0 MB, more than the 40 MB one import takes\. Split the export into parts \(for example one file per year/,
      )
      .waitFor();

    // About 7 MB: more than the host takes in one request (6 MB of JSON), so three pieces.
    const lines = [
      'Appointment ID,Start,Duration,Patient First Name,Patient Last Name,Patient DOB,Provider Name,Status,Notes',
    ];
    const note = 'n'.repeat(1900);
    for (let i = 0; i < 3600; i++)
      lines.push(
        `B${i},2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 09:00,30,Nobody,Known${i},01/02/1975,Ana Patel,Completed,${note}`,
      );
    const big = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    expect(big.length).toBeGreaterThan(6_500_000);
    // Each piece answered a little late, as over a slow office network, so the bar can be seen.
    await page.route('**/api/patients/importUpload', async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      await route.continue();
    });
    await page.getByLabel('Visit file').setInputFiles({
      name: 'visit-history.csv',
      mimeType: 'text/csv',
      buffer: big,
    });
    await page.getByText(/^Sending “visit-history\.csv” to ClinicDesk… [1-9]\d%$/).waitFor();
    await screenshot(page, 'visit-import-uploading');
    await page.getByText(/^visit-history\.csv \(\d+\.\d MB\)$/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByText(/3,600 rows, comma-separated\./).waitFor({ timeout: 90_000 });
  }, 240_000);

  it('is for managers: a front-desk sign-in is refused, whichever step it calls', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const token = await clinic.signedInDesk({
      username: 'frontdesk',
      displayName: 'Front Desk',
      role: 'front_desk',
    });
    for (const name of ['visits/importPreview', 'visits/importCommit']) {
      const res = await fetch(`${clinic.host.url}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: sessionCookieHeader(token) },
        body: JSON.stringify({ fileBase64: Buffer.from('Start,Provider\n').toString('base64') }),
      });
      const body = (await res.json()) as { ok: boolean; error?: { code: string } };
      expect(res.status).toBe(403);
      expect(body.error?.code).toBe('FORBIDDEN');
    }
    expect(
      (clinic.t.db.sqlite.prepare('SELECT count(*) n FROM appointments').get() as { n: number }).n,
    ).toBe(0);
  });
});
