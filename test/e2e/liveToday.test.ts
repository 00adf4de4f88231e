import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import {
  screenshot,
  skipBrowserTests,
  useBrowser,
  waitUntilLive,
  type OpenedPage,
  type ServedClinic,
} from './browser';

// Skipped only on a developer's machine without Chromium (the reason is printed); CI fails instead.
describe.skipIf(skipBrowserTests())("today's list, live", () => {
  const session = useBrowser();
  let clinic: ServedClinic;
  let opened: OpenedPage | undefined;

  it("shows today's appointments, and a booking from another desk appears without a reload", async () => {
    clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const [patel, okafor] = c.providers;
    // Monday 2026-03-02, 09:00 in New York.
    clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: patel!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T14:00:00Z',
    });
    // Tomorrow: not on today's list.
    clinic.t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: patel!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T14:00:00Z',
    });

    // The PC is in Los Angeles; the clinic is in New York, and its times are shown as such.
    opened = await session.open(clinic.host.url, { timezoneId: 'America/Los_Angeles' });
    const { page } = opened;
    await page.getByLabel('Clinic').getByText('Test Clinic · America/New York').waitFor();
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Today list', exact: true })
      .click();
    const today = page.getByRole('region', { name: 'Today' });
    const rows = today.getByTestId('today-row');
    await rows.first().waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/9:00\sAM–9:30\sAM\s+Maria Lopez\s+Follow-up\s+Ana Patel, MD\s+Booked/),
    ]);
    const providers = page.getByRole('region', { name: 'Providers' });
    await providers.getByText('Carla Nguyen, MD').waitFor();
    expect(await providers.getByRole('listitem').count()).toBe(3);

    const openings = page.getByRole('region', { name: 'First openings' });
    await openings.getByLabel('Visit type').selectOption({ label: 'Follow-up (30 min)' });
    const firstOpening = openings
      .getByRole('list', { name: 'First openings' })
      .getByRole('listitem')
      .first();
    await firstOpening.getByText('Ben Okafor, DO · Main').waitFor();
    expect(await firstOpening.innerText()).toContain('Mon, Mar 2, 9:00 AM');

    await waitUntilLive(page);
    await screenshot(page, 'today-before-live-booking');
    // A marker that a reload would wipe.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    // Another front desk books Ben Okafor's 9:00 for John Smith, over HTTP.
    const booked = await clinic.http(
      'appointments/book',
      {
        patientId: c.patient2.id,
        providerId: okafor!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: '2026-03-02T14:00:00Z',
      },
      'Second desk',
    );
    expect(booked.bookedBy).toBe('Second desk');

    await today.getByRole('row', { name: /John Smith/ }).waitFor({ timeout: 5_000 });
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/9:00\sAM–9:30\sAM\s+Maria Lopez\s+Follow-up\s+Ana Patel, MD/),
      expect.stringMatching(/9:00\sAM–9:30\sAM\s+John Smith\s+Follow-up\s+Ben Okafor, DO/),
    ]);
    // The openings box follows too: Ben's 9:00 is gone, Carla's is now first.
    await firstOpening.getByText('Carla Nguyen, MD · Main').waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(
      true,
    );
    await screenshot(page, 'today-after-live-booking');
    expect(opened.problems).toEqual([]);
  });
});
