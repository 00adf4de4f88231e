/**
 * "Mark absent…" from the schedules screen at 1366×768: Dr Patel is out on Wednesday with six
 * visits; the dialog lists them with held proposals, one visit is cancelled by hand, Accept all
 * moves the rest and the dialog shows each patient told.
 */
import { describe, expect, it } from 'vitest';
import { runAbsenceJob } from '../../src/core/access/service/absence';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

describe.skipIf(skipBrowserTests())('provider absence dialog', () => {
  const session = useBrowser();

  it('lists the affected visits with proposals, edits one, accepts all and shows the outcome', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const ana = c.providers[0]!;
    const names = [
      'Maria Lopez',
      'John Smith',
      'Aiko Tanaka',
      'Luis Garcia',
      'Emma Brown',
      'Omar Haddad',
    ];
    for (const [i, full] of names.entries()) {
      const [firstName, lastName] = full.split(' ') as [string, string];
      const patientId =
        i === 0
          ? c.patient.id
          : i === 1
            ? c.patient2.id
            : clinic.t.call('patients/create', {
                firstName,
                lastName,
                dateOfBirth: '1980-01-01',
                phoneMobile: `512-555-08${10 + i}`,
                smsConsent: true,
                preferredChannel: 'sms',
                preferredLanguage: i === 3 ? 'es' : 'en',
              }).id;
      await clinic.http('appointments/book', {
        patientId,
        providerId: ana.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: `2026-03-04T${[9, 10, 11, 13, 14, 15][i]}:00:00-05:00`.replace('T9:', 'T09:'),
      });
    }
    const opened = await session.open(clinic.host.url);
    const page = opened.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Schedules', exact: true })
      .click();
    await page.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'Ana Patel, MD' }).click();
    await page.getByRole('button', { name: 'Mark absent…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark Ana Patel, MD absent' });
    await dialog.getByLabel('From date').fill('2026-03-04');
    await dialog.getByLabel('To date (inclusive)').fill('2026-03-04');
    await dialog.getByLabel('Reason (staff only)').fill('sick');
    await dialog.getByText(/6 booked visits will get a proposal/).waitFor();
    await screenshot(page, 'absence-1-mark');

    await dialog.getByRole('button', { name: 'Mark absent and propose' }).click();
    const table = dialog.getByRole('table', { name: 'Affected visits' });
    await table.getByText('Omar Haddad').waitFor();
    expect(await table.getByRole('row').count()).toBe(7);
    await dialog.getByRole('button', { name: 'Accept all (6)' }).waitFor();
    await screenshot(page, 'absence-2-review');

    const row = table.getByRole('row').filter({ hasText: 'Emma Brown' });
    await row.getByRole('button', { name: 'Cancel visit' }).click();
    await row.getByText('Cancel visit', { exact: true }).first().waitFor();
    await dialog.getByRole('button', { name: 'Accept all (6)' }).click();
    await dialog
      .getByText(/being moved|Moving the visits/)
      .first()
      .waitFor();
    runAbsenceJob({
      db: clinic.t.db,
      clock: () => clinic.t.now,
      publish: (e) => clinic.t.registry.publish(e),
    });
    await dialog.getByText(/^Done\./).waitFor();
    await table.getByText('Cancelled (provider bump)').waitFor();
    // John Smith has no phone or e-mail on file: moved, and in the call queue to be phoned.
    expect(await table.getByText('Moved, patient told').count()).toBe(4);
    await table.getByText('Moved; no text or e-mail reaches them: in call queue').waitFor();
    await screenshot(page, 'absence-3-done');
  });
});
