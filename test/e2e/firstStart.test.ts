import { describe, expect, it } from 'vitest';
import {
  screenshot,
  skipBrowserTests,
  useBrowser,
  type OpenedPage,
  type ServedClinic,
} from './browser';

// Skipped only on a developer's machine without Chromium (the reason is printed); CI fails instead.
describe.skipIf(skipBrowserTests())('first start of a new data folder', () => {
  const session = useBrowser();
  let clinic: ServedClinic;
  let opened: OpenedPage | undefined;

  it('offers the demo or an empty clinic, and starts an empty one', async () => {
    clinic = await session.serve();
    opened = await session.open(clinic.host.url);
    const { page } = opened;

    await page.getByRole('heading', { name: 'Welcome to ClinicDesk' }).waitFor();
    expect(await page.getByRole('button', { name: 'Load the demo clinic' }).isVisible()).toBe(true);
    const start = page.getByRole('button', { name: 'Start an empty clinic' });
    expect(await start.isVisible()).toBe(true);
    await screenshot(page, 'first-start-choice');

    // Without a name the clinic refuses, and says which field is at fault.
    await start.click();
    await page.getByText('clinic name is required').waitFor();

    await page.getByLabel('Clinic name').fill('Riverside Family Practice');
    await page.getByLabel('Time zone').selectOption('America/Chicago');
    await start.click();

    await page
      .getByLabel('Clinic')
      .getByText('Riverside Family Practice · America/Chicago')
      .waitFor();
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Today list', exact: true })
      .click();
    await page.getByText('No appointments today.').waitFor();
    await page.getByText('No providers yet.').waitFor();
    await screenshot(page, 'first-start-empty-clinic');

    expect(clinic.t.call('setup/status', {})).toMatchObject({ setupState: 'empty' });
    expect(clinic.t.call('clinic/get', {})).toMatchObject({
      name: 'Riverside Family Practice',
      timeZone: 'America/Chicago',
    });
    // The one refused request above is the only thing the browser may complain about.
    expect(opened.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
  });
});
