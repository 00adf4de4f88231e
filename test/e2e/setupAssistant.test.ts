/**
 * From an empty data folder to the first phone-in booking, all through the UI and with no API
 * seeding: the desk shows what is missing instead of an empty grid, the setup assistant adds a
 * location, two starter visit types, two providers and weekly hours, and a receptionist books a
 * new patient into the first opening.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, skipBrowserTests, useBrowser } from './browser';

describe.skipIf(skipBrowserTests())('setup assistant', () => {
  const session = useBrowser();

  it('takes an empty clinic to its first booking', { timeout: 240_000 }, async () => {
    const clinic = await session.serve();
    const { page, problems } = await session.open(clinic.host.url);
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.getByRole('heading', { name: 'Welcome to ClinicDesk' }).waitFor();
    await page.getByLabel('Clinic name').fill('Riverside Family Practice');
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByRole('button', { name: 'Start an empty clinic' }).click();

    // The desk says what is missing instead of showing an empty grid.
    const checklist = page.getByRole('alert', { name: 'Before the first booking' });
    await checklist.getByText('Nothing can be booked yet.').waitFor();
    expect(await checklist.getByRole('list').innerText()).toBe(
      'A location\nVisit types\nProviders\nWeekly hours for a provider',
    );
    await screenshot(page, 'setup-checklist');
    await checklist.getByRole('button', { name: 'Open the setup assistant' }).click();
    const assistant = page.getByRole('region', { name: 'Setup assistant' });

    // Resumes at the first missing step: the location.
    const location = assistant.getByRole('form', { name: 'Location' });
    await location.getByLabel('Name').fill('Main');
    await location.getByLabel('Address', { exact: false }).first().fill('1 Main St');
    await location.getByLabel('City').fill('Austin');
    await location.getByLabel('State').fill('TX');
    await location.getByLabel('ZIP').fill('78701');
    await location.getByRole('button', { name: 'Add location' }).click();

    // Visit types from the starter catalog.
    const starter = assistant.getByLabel('Starter visit types');
    await starter.getByLabel(/^Follow-up · 20 min · 99213/).check();
    await starter.getByLabel(/^New patient visit · 45 min · 99203/).check();
    await screenshot(page, 'setup-visit-types');
    await assistant.getByRole('button', { name: 'Add ticked visit types' }).click();
    await starter.getByLabel(/^Follow-up .*\(added\)/).waitFor();
    await assistant.getByRole('button', { name: 'Next step' }).click();

    // Two providers by hand, specialty picked by name; a wrong NPI is refused under its field.
    const provider = assistant.getByRole('form', { name: 'Provider' });
    for (const [first, last, npi] of [
      ['Ana', 'Patel', '1234567890'],
      ['Ben', 'Okafor', ''],
    ] as const) {
      await provider.getByLabel('First name').fill(first);
      await provider.getByLabel('Last name').fill(last);
      await provider.getByLabel('Credentials').fill('MD');
      await provider.getByLabel('NPI').fill(npi);
      await provider.getByRole('combobox', { name: 'Specialty' }).click();
      await page.getByRole('option', { name: 'Family Medicine (207Q00000X)' }).click();
      await provider.getByRole('button', { name: 'Add provider' }).click();
      if (npi === '1234567890') {
        await provider.getByText('NPI must be 10 digits with a valid check digit').waitFor();
        await screenshot(page, 'setup-provider-npi');
        await provider.getByLabel('NPI').fill('1234567893');
        await provider.getByRole('button', { name: 'Add provider' }).click();
      }
      await assistant.getByText(new RegExp(`Providers: .*${first} ${last}, MD`)).waitFor();
    }
    await assistant.getByRole('button', { name: 'Next step' }).click();

    // Weekly hours with the schedule editor: Ana, Mon–Fri 9–12 from today.
    await page.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'Ana Patel, MD' }).click();
    await page.getByRole('group', { name: 'Monday' }).waitFor();
    await page.getByLabel('Effective from').fill('2026-03-02');
    // A provider without hours starts with an empty week: add Monday's.
    if (!(await page.getByLabel('Monday hours 1 start').count()))
      await page.getByRole('button', { name: 'Add hours on Monday' }).click();
    await page.getByLabel('Monday hours 1 start').fill('09:00');
    await page.getByLabel('Monday hours 1 end').fill('12:00');
    if (await page.getByRole('button', { name: 'Remove Monday break 1' }).count())
      await page.getByRole('button', { name: 'Remove Monday break 1' }).click();
    await page.getByRole('button', { name: 'Copy Monday to other days' }).click();
    const copy = page.getByRole('dialog', { name: 'Copy Monday to' });
    await copy.getByRole('button', { name: 'Mon–Fri' }).click();
    await copy.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByRole('button', { name: 'Save hours' }).click();
    await assistant.getByText(/Everything needed for a first booking is there/).waitFor();
    await screenshot(page, 'setup-done');
    await assistant.getByRole('button', { name: 'Done: go to the desk' }).click();

    // The first phone-in booking: a new patient, the first Follow-up opening.
    await page.getByRole('button', { name: 'Book appointment' }).click();
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('button', { name: 'New patient' }).click();
    const newPatient = dialog.getByRole('form', { name: 'New patient' });
    await newPatient.getByLabel('First name').fill('Maria');
    await newPatient.getByLabel('Last name').fill('Lopez');
    await newPatient.getByLabel('Date of birth').fill('05/17/1980');
    await newPatient.getByRole('button', { name: 'Add patient' }).click();
    // A first visit: the starter Follow-up is for established patients only, and says so.
    await dialog.getByRole('combobox', { name: 'Visit type' }).fill('new patient');
    await page.keyboard.press('Enter');
    const list = dialog.getByRole('listbox', { name: 'First openings' });
    await list.getByRole('option').first().getByText('Ana Patel, MD · Main').waitFor();
    await dialog.getByRole('button', { name: /^Book Mon Mar 2 at / }).click();
    await page
      .getByTestId('confirmation-code')
      .waitFor()
      .catch(async (e: unknown) => {
        await screenshot(page, 'setup-first-booking-failed');
        throw e;
      });
    await screenshot(page, 'setup-first-booking');

    const booked = clinic.t.call('appointments/list', {
      from: '2026-03-02T00:00:00Z',
      to: '2026-03-09T00:00:00Z',
    });
    expect(booked.map((a) => [a.patientName, a.visitTypeName, a.providerId])).toEqual([
      [
        'Maria Lopez',
        'New patient visit',
        clinic.t.call('providers/list', {}).find((p) => p.lastName === 'Patel')!.id,
      ],
    ]);
    expect(clinic.t.call('setup/checklist', {}).bookable).toBe(true);
    expect(problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });
});
