/**
 * What the receptionist reads is what is booked: a slot taken at another desk is never swapped
 * for another, and an overbook is on purpose, with a reason (from the dialog or blocked time).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

async function startBooking(page: Page, patient: RegExp, typed: string) {
  await page.keyboard.press('F2');
  const dialog = page.getByRole('dialog', { name: /Book appointment/ });
  await dialog.getByRole('combobox', { name: 'Patient' }).fill(typed);
  await dialog.getByRole('option', { name: patient }).click();
  await dialog.getByRole('combobox', { name: 'Visit type' }).fill('fol');
  await dialog.getByRole('option', { name: /Follow-up/, selected: true }).waitFor();
  await page.keyboard.press('Enter');
  const list = dialog.getByRole('listbox', { name: 'First openings' });
  await list.getByRole('option').first().waitFor();
  return { dialog, list };
}

describe.skipIf(skipBrowserTests())('the desk books what it reads', () => {
  const session = useBrowser();

  it('two desks race for one slot: the loser is told and offered others, and books nothing', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const a = await session.open(clinic.host.url);
    const b = await session.open(clinic.host.url);
    for (const o of [a, b]) {
      await o.page.setViewportSize({ width: 1366, height: 768 });
      await waitUntilLive(o.page);
    }
    const deskA = await startBooking(a.page, /Lopez, Maria/, 'lopez');
    const deskB = await startBooking(b.page, /Smith, John/, 'smith');
    for (const d of [deskA, deskB])
      expect(await d.list.getByRole('option', { selected: true }).innerText()).toMatch(
        /9:00\sAM\s+Ana Patel, MD/,
      );

    await a.page.keyboard.press('Enter');
    await a.page.getByTestId('confirmation-code').waitFor();

    // B's list refreshes live; the 9:00 it was reading out is gone, and B is told so.
    const alert = deskB.dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(
      /9:00 AM on Mon Mar 2 with Ana Patel, MD was just taken/,
    );
    expect(await deskB.list.getByRole('option', { selected: true }).count()).toBe(0);
    await b.page.keyboard.press('Enter');
    await b.page.waitForTimeout(400);
    expect(await b.page.getByTestId('confirmation-code').count()).toBe(0);
    await screenshot(b.page, 'booking-just-taken');
    const smith = await clinic.http('appointments/list', {
      patientId: c.patient2.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });
    expect(smith).toEqual([]);
    // Booking what B was still showing is refused, and the refusal offers other times.
    await deskB.list.getByRole('option').first().click();
    expect(a.problems).toEqual([]);
  });

  it('overbooks from a click on blocked time only with a reason', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const patel = c.providers[0]!;
    const { page } = await session.open(clinic.host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(page);
    const block = page.locator(`[data-bookable="${patel.id} 09:00-12:00"]`);
    await block.waitFor();
    // Before 9:00: not bookable. The grid opens at the first opening, so bring 8:30 into view.
    const before = page.locator('td.fc-timegrid-slot-lane[data-time="08:30:00"]').first();
    await before.scrollIntoViewIfNeeded();
    const lane = (await before.boundingBox())!;
    const box = (await block.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, lane.y + lane.height / 2);
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('combobox', { name: 'Patient' }).fill('lopez');
    await dialog.getByRole('option', { name: /Lopez, Maria/ }).click();
    expect(await dialog.getByRole('checkbox', { name: 'Overbook on purpose' }).isChecked()).toBe(
      true,
    );
    // The patient's no-show record is in view while booking.
    expect(await dialog.getByTestId('no-shows').innerText()).toBe('0 no-shows');
    await dialog.getByRole('combobox', { name: 'Visit type' }).fill('fol');
    await page.keyboard.press('Enter');
    const list = dialog.getByRole('listbox', { name: 'First openings' });
    const chosen = list.getByRole('option').first();
    await chosen.getByText('Chosen slot').waitFor();
    expect(await chosen.innerText()).toMatch(/8:\d\d\sAM\s+Ana Patel, MD/);
    await dialog.getByRole('button', { name: /^Book / }).click();
    await dialog.getByText(/Give the reason for the overbook/).waitFor();
    expect(await page.getByTestId('confirmation-code').count()).toBe(0);
    await dialog.getByLabel(/Overbook reason/).fill('Fever, seen before clinic opens');
    await screenshot(page, 'booking-overbook');
    await dialog.getByRole('button', { name: /^Book / }).click();
    await page.getByTestId('confirmation-code').waitFor();
    const [booked] = await clinic.http('appointments/list', {
      patientId: c.patient.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });
    expect(booked).toMatchObject({ providerId: patel.id, overbook: true });
    expect(Date.parse(booked!.start)).toBeLessThan(Date.parse('2026-03-02T14:00:00Z'));
  });
});
