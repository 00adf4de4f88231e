import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import {
  screenshot,
  skipBrowserTests,
  useBrowser,
  waitUntilLive,
  type ServedClinic,
} from './browser';

// Skipped only on a developer's machine without Chromium (the reason is printed); CI fails instead.
describe.skipIf(skipBrowserTests())('two front desks on one clinic', () => {
  const session = useBrowser();
  let clinic: ServedClinic;

  it('a check-in at one desk shows at the other without a reload', async () => {
    clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const appt = clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T14:00:00Z',
    });

    // Two browser profiles: nothing shared but the server.
    const front = await session.open(clinic.host.url);
    const back = await session.open(clinic.host.url);
    for (const { page } of [front, back]) {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: 'Today list', exact: true })
        .click();
      await page
        .getByRole('row', { name: /Maria Lopez/ })
        .getByText('Booked')
        .waitFor();
      await waitUntilLive(page);
    }

    await front.page.getByRole('button', { name: 'Check in Maria Lopez' }).click();
    await front.page
      .getByRole('row', { name: /Maria Lopez/ })
      .getByText('Arrived')
      .waitFor();

    const backRow = back.page.getByRole('row', { name: /Maria Lopez/ });
    await backRow.getByText('Arrived').waitFor({ timeout: 5_000 });
    expect(await backRow.getByRole('button', { name: 'Check in Maria Lopez' }).count()).toBe(0);
    await screenshot(front.page, 'two-desks-front');
    await screenshot(back.page, 'two-desks-back');

    const [stored] = clinic.t.call('appointments/list', {
      from: '2026-03-02T05:00:00Z',
      to: '2026-03-03T05:00:00Z',
    });
    expect(stored).toMatchObject({ id: appt.id, status: 'arrived' });
    expect(front.problems).toEqual([]);
    expect(back.problems).toEqual([]);
  });
});
