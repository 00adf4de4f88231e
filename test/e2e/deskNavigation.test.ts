/**
 * The side rail at 1366×768: every screen is one click away (none hidden behind a scroll arrow),
 * grouped as the desk thinks of them, and each opens. A screenshot of each lands in test-artifacts.
 */
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

const GROUPED: [string, string[]][] = [
  ['Desk', ['Day', 'Week', 'Today list']],
  ['Patients', ['Patients', 'Waitlist', 'Recall']],
  ['Schedules', ['Schedules']],
  ['Providers', ['Providers']],
  ['Insurance', ['Verify insurance', 'Billing & insurance']],
  ['Messages', ['Reminders', 'Call queue', 'Replies']],
  ['Calendar sync', ['Calendar sync']],
];

describe.skipIf(skipBrowserTests())('desk navigation', () => {
  const session = useBrowser();

  it('shows every screen in a grouped rail that fits 1366×768, and opens each', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const { page, problems } = await session.open(clinic.host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(page);
    const rail = page.getByRole('navigation', { name: 'Screens' });
    await rail.waitFor();
    for (const [group, labels] of GROUPED) {
      const list = rail.getByRole('list', { name: group, exact: true });
      for (const label of labels) {
        const item = list.getByRole('button', { name: label, exact: true });
        const box = (await item.boundingBox())!;
        // Wholly on screen: nothing hides behind an arrow or below the fold.
        expect(box.y + box.height, label).toBeLessThanOrEqual(768);
        expect(box.x + box.width, label).toBeLessThanOrEqual(1366);
      }
    }
    for (const [, labels] of GROUPED) {
      for (const label of labels) {
        await rail.getByRole('button', { name: label, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
        expect(
          await rail.getByRole('button', { name: label, exact: true }).getAttribute('aria-current'),
        ).toBe('page');
        await page.waitForTimeout(250);
        await screenshot(page, `screen-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`);
      }
    }
    // The Date field belongs to the calendar views only.
    expect(await page.getByLabel('Date', { exact: true }).count()).toBe(0);
    await rail.getByRole('button', { name: 'Day', exact: true }).click();
    await page.getByLabel('Date', { exact: true }).waitFor();
    expect(problems).toEqual([]);
  });
});
