/**
 * Merging two records of one person through the real renderer and HTTP host: from the patient
 * panel, "Merge with…", find the duplicate, compare side by side, keep the duplicate's e-mail,
 * merge; the duplicate's visit moves, the duplicate leaves search and shows as merged when asked
 * for. Then Settings → Your data exports the patients as CSV.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

describe.skipIf(skipBrowserTests())('merging duplicate patients', () => {
  const session = useBrowser();

  it('merges a duplicate through the UI and moves its appointment', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const dup = clinic.t.call('patients/create', {
      firstName: 'Maria',
      lastName: 'Lopez',
      dateOfBirth: '1980-05-17',
      phoneMobile: '512-555-0199',
      email: 'maria.l@example.com',
      emailConsent: true,
      allowDuplicate: true,
    });
    const visit = clinic.t.call('appointments/book', {
      patientId: dup.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T15:00:00Z',
    });

    const { page, problems } = await session.open(clinic.host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Patients' })
      .click();
    await page.getByRole('combobox', { name: 'Patient' }).fill('lopez');
    const options = page.getByRole('option', { name: /Lopez, Maria/ });
    await options.nth(1).waitFor();
    await options.first().click();

    const panel = page.getByRole('dialog', { name: 'Maria Lopez' });
    await panel.getByRole('button', { name: 'Merge with…' }).click();
    const merge = page.getByRole('dialog', { name: 'Merge duplicate records' });
    await merge.getByRole('combobox', { name: 'Patient' }).fill('lopez');
    // The record being merged is not offered as its own duplicate.
    await merge.getByRole('option', { name: /Lopez, Maria/ }).waitFor();
    expect(await merge.getByRole('option').count()).toBe(1);
    await merge.getByRole('option', { name: /Lopez, Maria/ }).click();

    const compare = merge.getByRole('table', { name: 'Compare records' });
    await compare.waitFor();
    expect(await compare.innerText()).toMatch(/Holds 1 appointment; all of it moves/);
    await merge
      .getByRole('radiogroup', { name: 'E-mail' })
      .getByRole('radio', { name: 'maria.l@example.com' })
      .check();
    await merge
      .getByRole('radiogroup', { name: 'E-mail consent' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await screenshot(page, 'patient-merge-compare');
    await merge.getByRole('button', { name: `Merge into #${c.patient.id}` }).click();
    await page.getByText(`Merged record #${dup.id} into #${c.patient.id}`).waitFor();
    await merge.waitFor({ state: 'hidden' });

    const kept = await clinic.http('patients/get', { patientId: c.patient.id });
    expect(kept).toMatchObject({
      email: 'maria.l@example.com',
      emailConsent: true,
      phoneMobile: '+15125550134',
    });
    expect(kept.stats.appointments).toBe(1);
    const moved = await clinic.http('appointments/get', { appointmentId: visit.id });
    expect(moved.patientId).toBe(c.patient.id);
    expect(await clinic.http('patients/get', { patientId: dup.id })).toMatchObject({
      active: false,
      mergedIntoId: c.patient.id,
    });

    // Search leaves the merged record out unless asked for, and then says what it is.
    await panel.getByRole('button', { name: 'Close patient panel' }).click();
    const search = page.getByRole('combobox', { name: 'Patient' });
    await search.fill('');
    await search.fill('lopez');
    await page
      .getByRole('option', { name: /Lopez, Maria/ })
      .first()
      .waitFor();
    expect(await page.getByRole('option', { name: /Lopez, Maria/ }).count()).toBe(1);
    await page.getByLabel('Include inactive, deceased and merged records').check();
    await page.getByRole('option', { name: new RegExp(`Merged into #${c.patient.id}`) }).waitFor();
    await screenshot(page, 'patient-search-inactive');

    // Settings → Your data: the patients leave as a CSV file.
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Clinic settings' })
      .click();
    await page.getByRole('tab', { name: 'Your data' }).click();
    await screenshot(page, 'settings-your-data');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export patients' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^clinicdesk-patients-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.patient_id, r.merged_into_patient_id])).toEqual([
      [String(c.patient.id), ''],
      [String(c.patient2.id), ''],
      [String(dup.id), String(c.patient.id)],
    ]);
    expect(problems).toEqual([]);
  });
});
