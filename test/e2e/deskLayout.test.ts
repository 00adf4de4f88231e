/**
 * The desk at 1366×768 tells the truth about the day: the Today list follows the Date field and
 * opens the appointment; buffers are drawn and refuse a drop; 15-minute visits and long provider
 * names stay readable; the fee table and the cost estimate fit their boxes; after a reschedule the
 * open panel shows the new appointment. Each test fails on the desk as it was before.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildTinyClinic, FAMILY } from '../helpers/tinyClinic';
import {
  screenshot,
  skipBrowserTests,
  useBrowser,
  waitUntilLive,
  type ServedClinic,
} from './browser';

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element is not visible');
  return b;
}

async function openScreen(page: Page, label: string) {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
}

function bookTiny(clinic: ServedClinic) {
  const c = buildTinyClinic(clinic.t);
  const [patel, okafor] = c.providers as [(typeof c.providers)[0], (typeof c.providers)[0]];
  const book = (over: {
    patientId: number;
    providerId: number;
    visitTypeId: number;
    start: string;
  }) => clinic.t.call('appointments/book', { locationId: c.loc.id, ...over });
  return { c, patel, okafor, book };
}

describe.skipIf(skipBrowserTests())('the desk at 1366×768', () => {
  const session = useBrowser();

  async function openDesk(clinic: ServedClinic) {
    const opened = await session.open(clinic.host.url);
    await opened.page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(opened.page);
    return opened;
  }

  it('every label in the side rail stays on one line, the selected (bold) one too', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const { page, problems } = await openDesk(clinic);
    const rail = page.getByRole('navigation', { name: 'Screens' });
    for (const label of ['Billing & insurance', 'Verify insurance', 'Calendar sync']) {
      await openScreen(page, label);
      const heights = await rail
        .locator('.MuiListItemText-primary')
        .evaluateAll((els) => els.map((e) => [e.textContent, e.getBoundingClientRect().height]));
      for (const [text, height] of heights) expect(height, String(text)).toBeLessThan(24);
    }
    expect(problems).toEqual([]);
  });

  it('the Today list follows the Date field, and a row opens the appointment panel', async () => {
    const clinic = await session.serve();
    const { c, patel, okafor, book } = bookTiny(clinic);
    // Monday 9:00 with Ana Patel; Tuesday 10:00 with Ben Okafor.
    const monday = book({
      patientId: c.patient.id,
      providerId: patel.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T14:00:00Z',
    });
    book({
      patientId: c.patient2.id,
      providerId: okafor.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T15:00:00Z',
    });
    const { page, problems } = await openDesk(clinic);
    await openScreen(page, 'Today list');
    const rows = page.getByTestId('today-row');
    await page.getByRole('region', { name: 'Today' }).waitFor();
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/Maria Lopez/)]);

    // The toolbar's › moves the list to Tuesday: John Smith's visit, under Tuesday's heading.
    await page.getByRole('button', { name: 'Next' }).click();
    const tuesday = page.getByRole('region', { name: 'Tuesday, March 3' });
    await tuesday.waitFor();
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([
        expect.stringMatching(/10:00\sAM–10:30\sAM\s+John Smith\s+Follow-up\s+Ben Okafor, DO/),
      ]);
    // Nobody checks in for tomorrow.
    expect(await tuesday.getByRole('button', { name: /^Check in/ }).count()).toBe(0);
    await screenshot(page, 'today-list-tuesday');

    // Typing a date works the same way.
    await page.getByLabel('Date', { exact: true }).fill('2026-03-02');
    await page.getByRole('region', { name: 'Today' }).waitFor();
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/Maria Lopez/)]);

    // A click anywhere on the row opens that appointment.
    await rows.first().getByText('Ana Patel, MD').click();
    const panel = page.getByRole('region', { name: 'Appointment', exact: true });
    await panel.getByText(/Mon, Mar 2, 9:00\sAM–9:30\sAM/).waitFor();
    await panel.getByText(monday.confirmationCode).waitFor();
    await panel.getByRole('button', { name: 'Open patient Maria Lopez' }).waitFor();
    // Her phone reads as a phone number.
    await panel.getByText('(512) 555-0134').waitFor();
    await screenshot(page, 'today-list-panel');
    await page.getByRole('button', { name: 'Close appointment' }).click();

    // And from the keyboard: the patient's name is a button.
    await page.getByRole('button', { name: /Open Maria Lopez's appointment at 9:00/ }).focus();
    await page.keyboard.press('Enter');
    await panel.getByText(monday.confirmationCode).waitFor();
    expect(problems).toEqual([]);
  });

  it('after "Find next opening" the open panel shows the new appointment, with no leftover error', async () => {
    const clinic = await session.serve();
    const { c, patel, book } = bookTiny(clinic);
    // Wednesday 10:00; Monday 9:00 is taken, so Ana Patel's first opening is Monday 9:30.
    const old = book({
      patientId: c.patient.id,
      providerId: patel.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T15:00:00Z',
    });
    book({
      patientId: c.patient2.id,
      providerId: patel.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T14:00:00Z',
    });
    const { page, problems } = await openDesk(clinic);
    await openScreen(page, 'Today list');
    await page.getByLabel('Date', { exact: true }).fill('2026-03-04');
    await page.getByTestId('today-row').getByText('Maria Lopez').click();
    const panel = page.getByRole('region', { name: 'Appointment', exact: true });
    await panel.getByText(old.confirmationCode).waitFor();

    await panel.getByRole('button', { name: 'Find next opening' }).click();
    const finder = page.getByRole('dialog', { name: /Find a new time/ });
    const list = finder.getByRole('listbox', { name: 'First openings' });
    await list.getByRole('option').first().waitFor();
    // The same provider is looked at first (the filter settles once her appointment is loaded).
    await expect
      .poll(() => list.getByRole('option').first().innerText())
      .toMatch(/Mon Mar 2\s+9:30\sAM\s+Ana Patel, MD/);
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'First openings',
    );
    await page.keyboard.press('Enter');
    const done = page.getByRole('dialog', { name: 'Rescheduled' });
    await done.waitFor();
    const code = await page.getByTestId('confirmation-code').innerText();
    await done.getByRole('button', { name: 'Close' }).click();

    const moved = clinic.t.call('appointments/get', { appointmentId: old.id });
    expect(moved.status).toBe('rescheduled');
    // The panel now shows where the visit is, not the slot it left.
    await panel.getByText(/Mon, Mar 2, 9:30\sAM–10:00\sAM/).waitFor();
    await panel.getByText(code).waitFor();
    await panel.getByRole('button', { name: 'Find next opening' }).waitFor();
    expect(await panel.getByLabel('Status: Booked').count()).toBe(1);
    // The confirmation code the patient was given survives the reschedule.
    expect(code).toBe(old.confirmationCode);
    expect(await panel.getByRole('alert').count()).toBe(0);
    expect(await panel.innerText()).not.toMatch(/not available —|error/i);
    await screenshot(page, 'panel-after-reschedule');
    expect(problems).toEqual([]);
  });

  it('draws visit-type buffers, and a drop onto one is refused on the grid', async () => {
    const clinic = await session.serve();
    const { c, patel, okafor, book } = bookTiny(clinic);
    // A new patient visit (60 min, 10 min buffer after) with Ana Patel at 9:00: 10:00–10:10 is blocked.
    const np = book({
      patientId: c.patient.id,
      providerId: patel.id,
      visitTypeId: c.newVisit.id,
      start: '2026-03-02T14:00:00Z',
    });
    const john = book({
      patientId: c.patient2.id,
      providerId: okafor.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T14:00:00Z',
    });
    const { page, problems } = await openDesk(clinic);
    await page.getByRole('region', { name: /^Day view/ }).waitFor();
    const buffer = page.locator(`[data-buffer="after ${np.id}"]`);
    await buffer.waitFor();
    expect(await buffer.getAttribute('title')).toBe(
      "10 min buffer after Maria Lopez's New patient: not bookable",
    );
    // Drawn from 10:00 to 10:10 in Ana Patel's column: a third of the way down 9:00–12:00, 1/18 of it tall.
    const morning = await box(page.locator(`[data-bookable="${patel.id} 09:00-12:00"]`));
    const drawn = await box(buffer);
    expect(Math.abs(drawn.y - (morning.y + morning.height / 3))).toBeLessThan(3);
    expect(Math.abs(drawn.height - morning.height / 18)).toBeLessThan(3);
    expect(drawn.x).toBeGreaterThanOrEqual(morning.x - 1);
    await screenshot(page, 'day-view-buffer');

    // Drag John's 9:00 onto Ana Patel's 10:00: the grid does not take it, nothing is sent.
    const johnEl = page.locator(`[data-appointment-id="${john.id}"]`);
    const from = await box(johnEl);
    await johnEl.hover({ position: { x: from.width / 2, y: 5 } });
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 5, from.y + 10, { steps: 3 });
    await page.mouse.move(morning.x + morning.width / 2, drawn.y + 3, { steps: 15 });
    await page.mouse.up();
    await page.waitForTimeout(800);
    await expect.poll(async () => box(johnEl)).toEqual(from);
    expect(await page.getByRole('alert').count()).toBe(0);
    const after = clinic.t.call('appointments/get', { appointmentId: john.id });
    expect(after).toMatchObject({ status: 'booked', providerId: okafor.id, start: john.start });

    // A click on the buffer offers an overbook, with the reason the slot is blocked.
    await page.mouse.click(morning.x + morning.width / 2, drawn.y + drawn.height / 2);
    // (The dialog hides the rest of the page from assistive tech, so the notice is found by its text.)
    await page
      .getByText(/10:0\d\sAM is in the 10 min buffer after Maria Lopez's New patient: overbook/)
      .waitFor();
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.waitFor();
    expect(await dialog.getByRole('checkbox', { name: /Overbook on purpose/ }).isChecked()).toBe(
      true,
    );
    expect(problems).toEqual([]);
  });

  it('keeps 15-minute visits and long provider names readable in narrow columns', async () => {
    const clinic = await session.serve();
    const { c, patel, book } = bookTiny(clinic);
    const loc = c.loc.id;
    // Eleven more providers with long names: every column is at its narrowest.
    const names = [
      ['Luis', 'Ortega Ramírez', 'DO'],
      ['Nathan', 'Coleridge-Whitfield', 'PA'],
      ['Adaeze', 'Nwosu-Okonkwo', 'MD'],
      ['Thu Trang', 'Pham', 'NP'],
      ['Rebecca', 'Hollingsworth', 'MD'],
      ['Fatima', 'Haddad', 'MD'],
      ['Priya', 'Raman', 'MD'],
      ['Jonathan', 'Weiss', 'MD'],
      ['Kevin', 'Tran', 'PA'],
      ['Elena', 'Vásquez', 'MD'],
      ['Samuel', 'Kim', 'MD'],
    ] as const;
    for (const [firstName, lastName, credentials] of names)
      clinic.t.call('providers/create', {
        firstName,
        lastName,
        credentials,
        taxonomyCode: FAMILY,
        locationIds: [loc],
      });
    const quick = clinic.t.call('visitTypes/create', {
      name: 'Same-Day Sick Visit',
      durationMinutes: 15,
      specialties: [],
    });
    const short = book({
      patientId: c.patient.id,
      providerId: patel.id,
      visitTypeId: quick.id,
      start: '2026-03-02T14:15:00Z',
    });
    const { page, problems } = await openDesk(clinic);
    const day = page.getByRole('region', { name: /^Day view/ });
    await day.waitFor();
    const heads = day.locator('.cd-col-name');
    await expect.poll(() => heads.count()).toBe(14);
    // No name is cut: each fits its column (wrapping to a second line where it must).
    const cut = await heads.evaluateAll((els) =>
      els
        .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
        .map((e) => e.textContent),
    );
    expect(cut).toEqual([]);
    const widths = await heads.evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect().width),
    );
    expect(Math.min(...widths)).toBeGreaterThan(90);

    // The 15-minute visit: its name is one whole line inside the block, nothing half-drawn under
    // it; the time and visit type are in its label and tooltip.
    const el = page.locator(`[data-appointment-id="${short.id}"]`);
    await el.waitFor();
    const block = await box(el);
    const lines = await el.locator('.cd-appt-body > *').evaluateAll((els) =>
      els
        .filter((e) => getComputedStyle(e).display !== 'none')
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.textContent, top: r.top, bottom: r.bottom };
        }),
    );
    expect(lines.map((l) => l.text)).toEqual(['Maria Lopez']);
    expect(lines[0]!.top).toBeGreaterThanOrEqual(block.y - 0.5);
    expect(lines[0]!.bottom).toBeLessThanOrEqual(block.y + block.height + 0.5);
    expect(await el.getAttribute('aria-label')).toMatch(
      /^9:15\sAM to 9:30\sAM, Maria Lopez, Same-Day Sick Visit, Booked, with Ana Patel, MD$/,
    );
    await screenshot(page, 'day-view-narrow-columns');
    expect(problems).toEqual([]);
  });

  it('the fee table fits its box with every Save button in view, and the estimate reads as a line', async () => {
    const clinic = await session.serve();
    const { c, patel, book } = bookTiny(clinic);
    for (const name of [
      'Aetna',
      'Blue Cross NC',
      'Cigna',
      'Humana',
      'Medicare',
      'NC Medicaid',
      'UnitedHealthcare',
    ])
      clinic.t.call('payers/create', { name });
    const appt = book({
      patientId: c.patient2.id,
      providerId: patel.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T14:00:00Z',
    });
    const { page, problems } = await openDesk(clinic);
    await openScreen(page, 'Billing & insurance');
    const table = page.getByRole('table', { name: 'Fee schedule' });
    await table.waitFor();
    await page.getByRole('heading', { name: 'Fee schedule' }).evaluate((e) => e.scrollIntoView());
    const fit = await page
      .getByTestId('fee-table-box')
      .evaluate((e) => ({ table: e.scrollWidth, box: e.clientWidth }));
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    const saves = page.getByRole('button', { name: /^Save .* fees$/ });
    expect(await saves.count()).toBe(2);
    const tableBox = await box(table);
    for (const b of await saves.all()) {
      const s = await box(b);
      expect(s.x + s.width).toBeLessThanOrEqual(1366);
      expect(s.x + s.width).toBeLessThanOrEqual(tableBox.x + tableBox.width + 1);
    }
    await screenshot(page, 'billing-fee-table');

    // The appointment panel's estimate is a readable line, not one word per line.
    await openScreen(page, 'Today list');
    await page.getByTestId('today-row').getByText('John Smith').click();
    const panel = page.getByRole('region', { name: 'Appointment', exact: true });
    await panel.getByText(appt.confirmationCode).waitFor();
    const line = panel.getByTestId('estimate-line');
    await line.waitFor();
    await expect
      .poll(async () => (await line.innerText()).startsWith('Estimated cost: …'))
      .toBe(false);
    const l = await box(line);
    expect(l.width).toBeGreaterThanOrEqual(240);
    await screenshot(page, 'panel-estimate');
    expect(problems).toEqual([]);
  });

  it('the demo clinic at 1366×768: names whole, rows on one line, the fee table inside its box', async () => {
    const clinic = await session.serve();
    clinic.t.call('setup/loadDemo', {});
    const { page, problems } = await openDesk(clinic);
    const day = page.getByRole('region', { name: /^Day view/ });
    await day.waitFor();
    await page.locator('[data-appointment-id]').first().waitFor();
    const cut = await day
      .locator('.cd-col-name')
      .evaluateAll((els) =>
        els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
      );
    expect(cut).toEqual([]);
    await screenshot(page, 'demo-day');
    await openScreen(page, 'Week');
    await page.getByRole('region', { name: /^Week of/ }).waitFor();
    await page.locator('[data-appointment-id]').first().waitFor();
    await screenshot(page, 'demo-week');

    await openScreen(page, 'Today list');
    const rows = page.getByTestId('today-row');
    await rows.first().waitFor();
    // Every row is one line of text (the visit type under the name is the only second line).
    const tall = await rows.evaluateAll((els) =>
      els.filter((e) => e.getBoundingClientRect().height > 60).map((e) => e.textContent),
    );
    expect(tall).toEqual([]);
    await screenshot(page, 'demo-today-list');
    await rows.nth(3).click();
    const panel = page.getByRole('region', { name: 'Appointment', exact: true });
    await panel.getByTestId('estimate-line').waitFor();
    await screenshot(page, 'demo-appointment-panel');
    await page.getByRole('button', { name: 'Close appointment' }).click();

    await openScreen(page, 'Billing & insurance');
    await page.getByRole('table', { name: 'Fee schedule' }).waitFor();
    await page.getByRole('heading', { name: 'Fee schedule' }).evaluate((e) => e.scrollIntoView());
    const fit = await page
      .getByTestId('fee-table-box')
      .evaluate((e) => ({ table: e.scrollWidth, box: e.clientWidth }));
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    const save = await box(page.getByRole('button', { name: /^Save .* fees$/ }).first());
    expect(save.x + save.width).toBeLessThanOrEqual(1366);
    await screenshot(page, 'demo-billing-fee-table');
    expect(problems).toEqual([]);
  });
});
