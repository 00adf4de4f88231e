/**
 * The waitlist through the real renderer and HTTP host at 1366×768: the Waitlist screen lists who
 * waits (with an entry's offer history: accepted, declined, not sent), a receptionist adds, edits
 * and removes entries, and offers an open time by hand from the day view — the dialog ranks the
 * entries the time suits with why a text would not go to someone, and "Send offers" hands the
 * time to the waves.
 */
import { describe, expect, it } from 'vitest';
import { planWaves, recordSent } from '../../src/core/access/service/waitlist';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

describe.skipIf(skipBrowserTests())('waitlist screens', () => {
  const session = useBrowser();

  it('lists, adds, edits and removes entries, shows offer history, and offers a slot by hand', async () => {
    const clinic = await session.serve();
    const t = clinic.t;
    const c = buildTinyClinic(t);
    const ana = c.providers[0]!.id;
    const person = (first: string, phone: string | null) =>
      t.call('patients/create', {
        firstName: first,
        lastName: 'Rivera',
        dateOfBirth: '1975-04-02',
        ...(phone ? { phoneMobile: phone, smsConsent: true } : {}),
      });
    const ann = person('Ann', '+15125550401');
    const bo = person('Bo', '+15125550402');
    const cy = person('Cy', null);
    const later = t.call('appointments/book', {
      patientId: ann.id,
      providerId: ana,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-20T14:00:00-04:00',
    });
    t.call('waitlist/add', {
      patientId: ann.id,
      visitTypeId: c.visit.id,
      providerId: ana,
      linkedAppointmentId: later.id,
      priority: 5,
    } as never);
    t.call('waitlist/add', {
      patientId: bo.id,
      visitTypeId: c.visit.id,
      specialty: c.providers[0]!.taxonomyCode,
      weekdays: [1, 2, 3],
      timeOfDay: 'morning',
      expiresOn: '2026-03-31',
    } as never);
    t.call('waitlist/add', { patientId: cy.id, visitTypeId: c.visit.id, providerId: ana } as never);
    // An earlier cancellation was offered: Ann's text failed, Bo said NO.
    const gone = t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: ana,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T11:00:00-05:00',
    });
    t.now = Date.parse('2026-03-02T14:00:00Z'); // 09:00
    t.call('appointments/cancel', {
      appointmentId: gone.id,
      reason: 'sick',
      requestedBy: 'patient',
    });
    const ctx = () => ({ db: t.db, now: t.now, actor: 'waitlist', origin: 'test' });
    const sent = t.db.sqlite.transaction(() => planWaves(ctx())).immediate();
    expect(sent).toHaveLength(2);
    t.db.sqlite
      .transaction(() => {
        recordSent(ctx(), { offerId: sent[0]!.offerId, error: 'not sent: unreachable number' });
        recordSent(ctx(), { offerId: sent[1]!.offerId, providerMessageId: 'SM1' });
      })
      .immediate();
    t.db.sqlite
      .prepare("UPDATE waitlist_offers SET status = 'declined', answered_ms = ? WHERE id = ?")
      .run(t.now, sent[1]!.offerId);

    const { page, problems } = await session.open(clinic.host.url, { now: t.now });
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(page);
    const rail = page.getByRole('navigation', { name: 'Screens' });
    await rail.getByRole('button', { name: 'Waitlist', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Waitlist' }).waitFor();
    const table = page.getByRole('table', { name: 'Waitlist entries' });
    const rows = table.locator('tbody > tr');
    await rows.nth(2).waitFor();
    expect(await rows.nth(0).innerText()).toMatch(
      /Ann Rivera\s+Follow-up\s+Ana Patel, MD\s+Any date\s+Any day\s+Fri Mar 20 at 2:00 PM\s+5/,
    );
    expect(await rows.nth(2).innerText()).toMatch(
      /Cy Rivera\s+Follow-up\s+Ana Patel, MD\s+Any date\s+Any day\s+—\s+0\s+—\s+None yet/,
    );
    expect(await rows.nth(1).innerText()).toMatch(
      /Bo Rivera\s+Follow-up\s+Any Family Medicine\s+Any date\s+Mon, Tue, Wed · Mornings\s+—\s+0\s+Tue Mar 31\s+1 · last: declined/,
    );
    await page.getByRole('button', { name: 'Show offers to Ann Rivera' }).click();
    const history = page.getByRole('table', { name: 'Offers sent' });
    await history.waitFor();
    expect(await history.locator('tbody').innerText()).toMatch(
      /Mon Mar 2 at 11:00 AM\s+Ana Patel, MD\s+1\s+—\s+Text not sent\s+not sent: unreachable number/,
    );
    await page.waitForTimeout(300);
    await screenshot(page, 'waitlist-screen');

    // Edit Cy's entry: priority 8, afternoons.
    await page.getByRole('button', { name: "Edit Cy Rivera's entry" }).click();
    const edit = page.getByRole('dialog', { name: /Edit waitlist entry · Cy Rivera/ });
    await edit.getByRole('combobox', { name: 'Priority' }).click();
    await page.getByRole('option', { name: '8', exact: true }).click();
    await edit.getByRole('combobox', { name: 'Time of day' }).click();
    await page.getByRole('option', { name: 'Afternoons' }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await table.getByText('Any day · Afternoons').waitFor();
    expect(await rows.nth(0).innerText()).toMatch(/^\S*\s*Cy Rivera/);

    // Add Maria Lopez from the screen.
    await page.getByRole('button', { name: 'Add to waitlist…' }).click();
    const add = page.getByRole('dialog', { name: /Add to the waitlist/ });
    await add.getByRole('combobox', { name: 'Patient' }).fill('lop');
    await add.getByRole('option', { name: /Lopez, Maria/ }).click();
    await add.getByRole('combobox', { name: 'Visit type' }).click();
    await page.getByRole('option', { name: /Follow-up/ }).click();
    await add.getByRole('checkbox', { name: 'Tue' }).check();
    await add.getByRole('button', { name: 'Add to waitlist' }).click();
    await add.waitFor({ state: 'detached' });
    await table.getByText('Maria Lopez').waitFor();

    // Remove Bo, with a reason.
    await page.getByRole('button', { name: 'Remove Bo Rivera from the waitlist' }).click();
    await page.getByRole('textbox', { name: 'Reason' }).fill('found another clinic');
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await table.getByText('Bo Rivera').waitFor({ state: 'detached' });
    const audit = t.db.sqlite
      .prepare(
        "SELECT action FROM audit_log WHERE entity_type = 'waitlist_entry' AND action IN ('waitlist.entry.updated','waitlist.entry.removed') ORDER BY id",
      )
      .all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual([
      'waitlist.entry.updated',
      'waitlist.entry.removed',
    ]);

    // Offer Tuesday 10:00 with Ana Patel by hand from the day view.
    await rail.getByRole('button', { name: 'Day', exact: true }).click();
    await page.getByLabel('Date', { exact: true }).fill('2026-03-03');
    await page.getByLabel('Date', { exact: true }).press('Enter');
    const block = page.locator(`[data-bookable="${ana} 09:00-12:00"]`);
    await block.waitFor();
    const b = (await block.boundingBox())!;
    await page.mouse.click(b.x + b.width / 2, b.y + (60 / 180) * b.height + 5);
    const booking = page.getByRole('dialog', { name: /Book appointment/ });
    await booking.getByRole('button', { name: 'Offer to waitlist…' }).click();
    const offer = page.getByRole('dialog', { name: /Offer to the waitlist · Tue Mar 3, 10:00 AM/ });
    const matches = offer.getByRole('table', { name: 'Waitlist entries this time suits' });
    await matches.locator('tbody tr').nth(1).waitFor();
    expect(await matches.locator('tbody').innerText()).toMatch(
      /1\s+Ann Rivera\s+Follow-up\s+5\s+Fri Mar 20 2:00 PM\s+Can be texted\s+2\s+Maria Lopez\s+Follow-up\s+0\s+—\s+Can be texted/,
    );
    // Cy waits for afternoons only, so a morning time does not suit them.
    expect(await matches.innerText()).not.toMatch(/Cy Rivera/);
    await page.waitForTimeout(300);
    await screenshot(page, 'waitlist-offer-by-hand');
    await offer.getByRole('button', { name: 'Send offers' }).click();
    await offer.waitFor({ state: 'detached' });
    const slot = t.db.sqlite
      .prepare(
        "SELECT provider_id AS p, start_ms AS s, status FROM waitlist_slots WHERE source LIKE 'offered by%'",
      )
      .get();
    expect(slot).toEqual({ p: ana, s: Date.parse('2026-03-03T15:00:00Z'), status: 'open' });
    expect(problems).toEqual([]);
  });
});
