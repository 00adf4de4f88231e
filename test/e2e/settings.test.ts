/**
 * The manager's settings through the real renderer and HTTP host: an edit that the desk sees at
 * once, and two managers at two PCs editing the same provider — the second save is refused with
 * the other person's values shown beside theirs, nothing typed is lost, and saving again on
 * purpose works. Then deactivating a provider lists their upcoming visit first.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

async function openSettings(page: Page, tab: string) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitUntilLive(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Clinic settings' })
    .click();
  await page.getByRole('tab', { name: tab }).click();
}

describe.skipIf(skipBrowserTests())('settings', () => {
  const session = useBrowser();

  it('edits a provider; a second manager saving a stale copy gets the conflict and keeps their work', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const ben = c.providers[1]!;
    const a = (await session.open(clinic.host.url)).page;
    const b = (await session.open(clinic.host.url)).page;
    await openSettings(a, 'Providers');
    await openSettings(b, 'Providers');
    const table = a.getByRole('table', { name: 'Providers' });
    await table.getByText('Ben Okafor, DO').waitFor();
    await screenshot(a, 'settings-providers');

    // Both open Ben's form before either saves.
    await a.getByRole('button', { name: 'Edit Ben Okafor, DO' }).click();
    await b.getByRole('button', { name: 'Edit Ben Okafor, DO' }).click();
    const formA = a.getByRole('form', { name: 'Provider' });
    const formB = b.getByRole('form', { name: 'Provider' });
    await formA.getByLabel('Languages').fill('en, fr');
    await formA.getByRole('button', { name: 'Save' }).click();
    await a.getByText('Saved Ben Okafor, DO.').waitFor();
    await table
      .getByRole('row', { name: /Ben Okafor, DO/ })
      .getByText('en, fr')
      .waitFor();
    expect(clinic.t.call('providers/list', {}).find((p) => p.id === ben.id)!.languages).toEqual([
      'en',
      'fr',
    ]);

    // B still has the old copy: their save is refused, their typing stays, theirs is shown.
    await formB.getByLabel('Credentials').fill('DO, FAAFP');
    await formB.getByRole('button', { name: 'Save' }).click();
    const conflict = formB.getByRole('alert');
    await conflict.getByText(/Someone else changed Ben Okafor, DO after you opened it/).waitFor();
    expect(await conflict.textContent()).toContain('Languages: theirs “en, fr”, yours “en”');
    expect(await formB.getByLabel('Credentials').inputValue()).toBe('DO, FAAFP');
    await screenshot(b, 'settings-provider-conflict');
    expect(clinic.t.call('providers/list', {}).find((p) => p.id === ben.id)!.credentials).toBe(
      'DO',
    );

    // Taking theirs keeps B's form open on A's values; B types the credentials again and saves.
    await conflict.getByRole('button', { name: 'Take theirs' }).click();
    expect(await formB.getByLabel('Languages').inputValue()).toBe('en, fr');
    await formB.getByLabel('Credentials').fill('DO, FAAFP');
    await formB.getByRole('button', { name: 'Save' }).click();
    await b.getByText('Saved Ben Okafor, DO.').waitFor();
    expect(clinic.t.call('providers/list', {}).find((p) => p.id === ben.id)).toMatchObject({
      credentials: 'DO, FAAFP',
      languages: ['en', 'fr'],
      version: 3,
    });
  });

  it('lists a provider’s upcoming visits before deactivating them, and keeps them booked', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const ana = c.providers[0]!;
    const appt = clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: ana.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T09:30:00-05:00',
    });
    const page = (await session.open(clinic.host.url)).page;
    await openSettings(page, 'Providers');
    await page
      .getByRole('table', { name: 'Providers' })
      .getByRole('row', { name: /Ana Patel, MD/ })
      .getByRole('button', { name: 'Deactivate' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate Ana Patel, MD?' });
    await dialog.getByRole('table', { name: 'Upcoming visits' }).getByText('Maria Lopez').waitFor();
    await screenshot(page, 'settings-deactivate-provider');
    await dialog.getByRole('button', { name: 'Deactivate and keep 1 booked' }).click();
    await page.getByText('Ana Patel, MD is inactive: no new bookings.').waitFor();
    expect(clinic.t.call('appointments/get', { appointmentId: appt.id }).status).toBe('booked');
    expect(
      clinic.t.call('providers/list', { includeInactive: true }).find((p) => p.id === ana.id)!
        .active,
    ).toBe(false);
  });

  it('moves a deactivated provider’s visit to another provider’s first opening, through the engine', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const ana = c.providers[0];
    const appt = clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: ana!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T09:30:00-05:00',
    });
    const page = (await session.open(clinic.host.url)).page;
    await openSettings(page, 'Providers');
    await page
      .getByRole('table', { name: 'Providers' })
      .getByRole('row', { name: /Ana Patel, MD/ })
      .getByRole('button', { name: 'Deactivate' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate Ana Patel, MD?' });
    await dialog.getByRole('button', { name: 'Move…' }).click();
    const offer = dialog.getByRole('group', { name: 'Openings for Maria Lopez' });
    const first = offer.getByRole('button').first();
    await first.waitFor();
    const label = (await first.textContent()) ?? '';
    // Only the others who offer the visit here; never Ana herself.
    expect(label).not.toContain('Ana Patel');
    await screenshot(page, 'settings-deactivate-move');
    await first.click();
    await page.getByText(/^Moved Maria Lopez to .* with /).waitFor();
    await dialog.getByText('No upcoming visits: nothing else changes.').waitFor();
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await page.getByText('Ana Patel, MD is inactive: no new bookings.').waitFor();

    // The engine moved it: the old booking is marked rescheduled, the new one is with someone else.
    const old = clinic.t.call('appointments/get', { appointmentId: appt.id });
    expect(old.status).toBe('rescheduled');
    const moved = clinic.t.call('appointments/list', {
      from: '2026-03-02T00:00:00Z',
      to: '2026-04-30T00:00:00Z',
      patientId: c.patient.id,
      statuses: ['booked'],
    });
    expect(moved).toHaveLength(1);
    expect(moved[0]!.providerId).not.toBe(ana!.id);
    const movedTo = c.providers.find((p) => p.id === moved[0]!.providerId)!;
    expect(label).toContain(movedTo.displayName);
  });

  it('picks a provider’s specialty by name, with the setup assistant’s picker', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const ben = c.providers[1]!;
    const page = (await session.open(clinic.host.url)).page;
    await openSettings(page, 'Providers');
    await page.getByRole('button', { name: 'Edit Ben Okafor, DO' }).click();
    const form = page.getByRole('form', { name: 'Provider' });
    const specialty = form.getByRole('combobox', { name: 'Specialty' });
    // The code on file reads as its name, not as a code to type.
    expect(await specialty.inputValue()).toBe('Family Medicine (207Q00000X)');
    await specialty.fill('pediat');
    await page.getByRole('option', { name: 'Pediatrics (208000000X)' }).click();
    await screenshot(page, 'settings-provider-specialty');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved Ben Okafor, DO.').waitFor();
    await page
      .getByRole('table', { name: 'Providers' })
      .getByRole('row', { name: /Ben Okafor, DO/ })
      .getByText('Pediatrics')
      .waitFor();
    expect(clinic.t.call('providers/list', {}).find((p) => p.id === ben.id)!.taxonomyCode).toBe(
      '208000000X',
    );
  });

  it('refuses a stale recall type edit in the same dialog as the other settings, keeping what was typed', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const type = clinic.t.call('recallTypes/create', {
      name: 'Annual physical',
      intervalMonths: 12,
      visitTypeIds: [c.visit.id],
    } as never) as { id: number; version: number };
    const page = (await session.open(clinic.host.url)).page;
    await openSettings(page, 'Recall types');
    await page.getByRole('button', { name: 'Edit Annual physical' }).click();
    const form = page.getByRole('form', { name: 'Recall type' });
    await form.getByLabel('From age').fill('18');
    // Meanwhile, at another desk, the interval changes.
    await clinic.http('recallTypes/update', {
      id: type.id,
      version: type.version,
      name: 'Annual physical',
      intervalMonths: 6,
      visitTypeIds: [c.visit.id],
      minAgeYears: null,
      maxAgeYears: null,
    });
    await form.getByRole('button', { name: 'Save' }).click();
    const conflict = form.getByRole('alert');
    await conflict.getByText(/Someone else changed the recall type Annual physical/).waitFor();
    expect(await conflict.textContent()).toContain('Every (months): theirs “6”, yours “12”');
    expect(await form.getByLabel('From age').inputValue()).toBe('18');
    await screenshot(page, 'settings-recall-type-conflict');
    await conflict.getByRole('button', { name: 'Save mine over theirs' }).click();
    await page.getByText('Saved Annual physical.').waitFor();
    expect(
      (
        clinic.t.call('recallTypes/list', {} as never) as {
          id: number;
          minAgeYears: number;
          intervalMonths: number;
        }[]
      ).find((t) => t.id === type.id),
    ).toMatchObject({ minAgeYears: 18, intervalMonths: 12 });
  });

  it('warns what a time zone change moves before the clinic settings are saved', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T09:30:00-05:00',
    });
    const page = (await session.open(clinic.host.url)).page;
    await openSettings(page, 'Clinic');
    const form = page.getByRole('form', { name: 'Clinic settings' });
    await form.getByRole('combobox', { name: 'Time zone' }).click();
    await page.getByRole('option', { name: 'America/Chicago' }).click();
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await form.getByText(/Weekly hours stay at the same clock times in America\/Chicago/).waitFor();
    await form.getByText(/Maria Lopez: .*9:30 AM → .*8:30 AM/).waitFor();
    await screenshot(page, 'settings-clinic-zone-warning');
  });
});
