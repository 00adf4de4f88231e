/**
 * The desk engine's truths through the real renderer: first openings leave out a provider who
 * would not see the patient on the line, and "message everyone booked on a day" refuses (with the
 * reason and a call list with phones) when no text or e-mail channel is set up.
 */
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

describe.skipIf(skipBrowserTests())('the desk engine, seen from the desk', () => {
  const session = useBrowser();

  it('does not offer a toddler the internist who sees adults only', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const adultsOnly = clinic.t.call('providers/create', {
      firstName: 'Dora',
      lastName: 'Adams',
      credentials: 'MD',
      taxonomyCode: '207Q00000X',
      locationIds: [c.loc.id],
      minAgeYears: 18,
    });
    clinic.t.call('schedules/setWeekly', {
      providerId: adultsOnly.id,
      locationId: c.loc.id,
      effectiveFrom: '2026-01-01',
      days: [1, 2, 3, 4, 5].map((weekday) => ({
        weekday,
        hours: [{ start: '08:30', end: '17:00' }],
        breaks: [],
      })),
    });
    clinic.t.call('patients/create', {
      firstName: 'Mia',
      lastName: 'Small',
      dateOfBirth: '2024-10-01',
    });
    const { page, problems } = await session.open(clinic.host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(page);
    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('combobox', { name: 'Patient' }).fill('small mia');
    await dialog.getByRole('option', { name: /Small, Mia/ }).click();
    await dialog.getByRole('combobox', { name: 'Visit type' }).fill('fol');
    await dialog.getByRole('option', { name: /Follow-up/, selected: true }).waitFor();
    await page.keyboard.press('Enter');
    const list = dialog.getByRole('listbox', { name: 'First openings' });
    await list.getByRole('option').first().waitFor();
    expect(await list.innerText()).not.toContain('Dora Adams');
    expect(await list.getByRole('option', { selected: true }).innerText()).toMatch(
      /9:00\sAM\s+Ana Patel, MD/,
    );
    // For an adult Dora has openings that day; for Mia she is left out, and asked, says why.
    const forAdult = await clinic.http('availability/firstOpenings', {
      visitTypeId: c.visit.id,
      patientId: c.patient.id,
      providerIds: [adultsOnly.id],
      limit: 1,
    });
    expect(forAdult.slots[0]?.providerName).toBe('Dora Adams, MD');
    const mia = (await clinic.http('patients/search', { query: 'small' }))[0]!;
    const explained = await clinic.http('availability/firstOpenings', {
      visitTypeId: c.visit.id,
      patientId: mia.id,
      explain: true,
    });
    expect(explained.excluded?.find((e) => e.providerId === adultsOnly.id)?.reasons).toEqual([
      expect.objectContaining({ rule: 'age' }),
    ]);
    await screenshot(page, 'booking-eligible-openings');
    expect(problems).toEqual([]);
  });

  it('refuses a day-wide message when no channel is set up, and lists whom to phone', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    for (const [patientId, start] of [
      [c.patient.id, '2026-03-04T15:00:00Z'],
      [c.patient2.id, '2026-03-04T16:00:00Z'],
    ] as const)
      clinic.t.call('appointments/book', {
        patientId,
        providerId: c.providers[0]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start,
      });
    const { page } = await session.open(clinic.host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Reminders', exact: true })
      .click();
    const screen = page.getByRole('region', { name: 'Reminders', exact: true });
    await screen.getByRole('button', { name: 'Message everyone booked on a day…' }).click();
    const bulk = page.getByRole('dialog', { name: 'Message everyone booked on a day' });
    await bulk.getByLabel('Day', { exact: true }).fill('2026-03-04');
    await bulk.getByLabel('Message', { exact: true }).fill('We are closed for snow.');
    await bulk.getByRole('button', { name: 'Preview who gets it' }).click();
    const preview = bulk.getByTestId('bulk-preview');
    await preview.waitFor();
    expect(await preview.getByRole('alert').innerText()).toBe(
      'Nothing can be sent: neither text messages nor e-mail are set up, so no message can go out; phone the 2 patients on the call list',
    );
    expect(await preview.getByRole('list', { name: 'Call list' }).innerText()).toMatch(
      /Maria Lopez\s+\(512\) 555-0134\s+John Smith\s+No phone on file/,
    );
    expect(await bulk.getByRole('button', { name: /^Send to 0 patients/ }).isDisabled()).toBe(true);
    await screenshot(page, 'bulk-message-no-channel');
    const queued = await clinic.http('reminders/list', { statuses: ['scheduled'] });
    expect(queued.items.filter((r) => r.kind === 'bulk')).toEqual([]);
  });
});
