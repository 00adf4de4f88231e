/**
 * "Repeat…" in the booking dialog, through the real renderer and HTTP host: a weekly series of
 * 12 visits from the chosen opening, with a time-off Tuesday and another patient's booking in the
 * way; the preview lists every visit, the blocked ones with why and the nearest alternative, and
 * booking the series books exactly what the table shows.
 */
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

describe.skipIf(skipBrowserTests())('recurring series from the booking dialog', () => {
  const session = useBrowser();

  it('previews 12 weekly visits, offers alternatives for the blocked ones, and books the series', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const ana = c.providers[0]!.id;
    clinic.t.call('schedules/addTimeOff', {
      providerId: ana,
      fromDate: '2026-03-23',
      toDate: '2026-03-23',
      reason: 'conference',
    });
    clinic.t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: ana,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-04-06T09:00:00-04:00',
    });
    const { page } = await session.open(clinic.host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'Book appointment' }).waitFor();
    await waitUntilLive(page);

    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('combobox', { name: 'Patient' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
    await page.keyboard.type('lop');
    await dialog.getByRole('option', { name: /Lopez, Maria/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () =>
        (document.activeElement as HTMLInputElement | null)?.placeholder?.startsWith(
          'Type to choose',
        ) === true,
    );
    await page.keyboard.type('fol');
    await dialog.getByRole('option', { name: /Follow-up/, selected: true }).waitFor();
    await page.keyboard.press('Enter');
    const first = dialog
      .getByRole('listbox', { name: 'First openings' })
      .getByRole('option')
      .first();
    await first.waitFor();
    expect(await first.innerText()).toMatch(/Mon Mar 2\s+9:00\sAM\s+Ana Patel, MD/);

    await dialog.getByRole('button', { name: 'Repeat…' }).click();
    const repeat = page.getByRole('dialog', { name: /Repeat: Follow-up for Maria Lopez/ });
    await repeat.waitFor();
    const rows = repeat.getByRole('table', { name: 'Visits of the series' }).locator('tbody tr');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="occurrence-"]').length === 12,
    );
    await repeat.getByTestId('series-summary').waitFor();
    expect(await repeat.getByTestId('series-summary').innerText()).toBe(
      '10 of 12 free as asked · 2 need a choice',
    );
    // After the DST change (Mar 8) the visits stay at 9:00.
    expect(await rows.nth(1).innerText()).toMatch(/Mon Mar 9, 9:00 AM\s+Free/);
    expect(await rows.nth(3).innerText()).toMatch(/Mon Mar 23, 9:00 AM\s+.*time off/);
    expect(await rows.nth(5).innerText()).toMatch(
      /Mon Apr 6, 9:00 AM\s+Ana Patel, MD is busy then \(another booking or their own calendar\)\./,
    );
    // The alternatives are chosen by default; visit 6's is the same day's next opening.
    const visit6 = repeat.getByRole('group', { name: 'Visit 6' });
    expect(await visit6.getByRole('button', { pressed: true }).innerText()).toBe('9:30 AM');
    // The receptionist skips visit 4 instead of its alternative.
    await repeat
      .getByRole('group', { name: 'Visit 4' })
      .getByRole('button', { name: 'Skip' })
      .click();
    const bookButton = repeat.getByRole('button', { name: 'Book the series (11 visits)' });
    await bookButton.waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'series-repeat-preview');

    await bookButton.click();
    await page.getByTestId('series-booked').waitFor();
    expect(await page.getByTestId('series-booked').innerText()).toBe(
      '11 visits of Follow-up with Ana Patel, MD for Maria Lopez (Every week, 12 visits; 1 skipped). Each visit has its own reminders.',
    );
    await screenshot(page, 'series-booked');

    const booked = await clinic.http('appointments/list', {
      patientId: c.patient.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-06-01T00:00:00Z',
    });
    expect(booked.map((a) => a.start)).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-16T13:00:00.000Z',
      '2026-03-30T13:00:00.000Z',
      '2026-04-06T13:30:00.000Z',
      '2026-04-13T13:00:00.000Z',
      '2026-04-20T13:00:00.000Z',
      '2026-04-27T13:00:00.000Z',
      '2026-05-04T13:00:00.000Z',
      '2026-05-11T13:00:00.000Z',
      '2026-05-18T13:00:00.000Z',
    ]);
  });
});
