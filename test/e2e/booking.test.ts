/**
 * Phone-in booking through the real renderer and HTTP host: the receptionist's keystrokes are
 * counted as the issue counts them (typing into one field = one action; each key command or
 * click = one) and must stay within 8 for the standard call.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildTinyClinic, NOW } from '../helpers/tinyClinic';
import {
  screenshot,
  skipBrowserTests,
  useBrowser,
  waitUntilLive,
  type OpenedPage,
  type ServedClinic,
} from './browser';

/** Every user action the test makes goes through here, so the count is honest. */
class Actions {
  readonly log: string[] = [];
  constructor(private readonly page: Page) {}
  async press(key: string) {
    this.log.push(`key ${key}`);
    await this.page.keyboard.press(key);
  }
  /** Typing into the focused field: one action. */
  async type(text: string) {
    this.log.push(`type "${text}"`);
    await this.page.keyboard.type(text);
  }
  async click(target: Locator, what: string) {
    this.log.push(`click ${what}`);
    await target.click();
  }
  get count() {
    return this.log.length;
  }
}

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

async function openDesk(opened: OpenedPage) {
  const { page } = opened;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('button', { name: 'Book appointment' }).waitFor();
  await waitUntilLive(page);
}

describe.skipIf(skipBrowserTests())('phone-in booking', () => {
  const session = useBrowser();
  let clinic: ServedClinic;
  let opened: OpenedPage | undefined;

  it('books a known patient at the first opening within 8 actions, and reads back the code', async () => {
    clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    opened = await session.open(clinic.host.url, { timezoneId: 'America/Los_Angeles' });
    const { page } = opened;
    await openDesk(opened);
    const expected = clinic.t.call('availability/firstOpenings', {
      visitTypeId: c.visit.id,
      limit: 12,
      maxPerProvider: 3,
    }).slots[0]!;

    const act = new Actions(page);
    await act.press('F2');
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    const search = dialog.getByRole('combobox', { name: 'Patient' });
    await search.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
    expect(await isFocused(search)).toBe(true);

    await act.type('lop');
    const match = dialog.getByRole('option', { name: /Lopez, Maria/ });
    await match.waitFor();
    expect(await match.innerText()).toMatch(/DOB 05\/17\/1980 · \(512\) 555-0134/);
    expect(await match.getAttribute('aria-selected')).toBe('true');
    await act.press('Enter');
    await dialog.getByRole('button', { name: /Maria Lopez: open the patient's record/ }).waitFor();

    const visitType = dialog.getByRole('combobox', { name: 'Visit type' });
    await page.waitForFunction(
      () =>
        document.activeElement?.getAttribute('aria-autocomplete') === 'list' &&
        document.activeElement?.closest('[role=dialog]') !== null &&
        (document.activeElement as HTMLInputElement).placeholder.startsWith('Type to choose'),
    );
    expect(await isFocused(visitType)).toBe(true);
    await act.type('fol');
    await dialog.getByRole('option', { name: /Follow-up/, selected: true }).waitFor();
    await act.press('Enter');

    const list = dialog.getByRole('listbox', { name: 'First openings' });
    const first = list.getByRole('option').first();
    await first.waitFor();
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'First openings',
    );
    expect(await list.getByRole('option').count()).toBeGreaterThanOrEqual(3);
    expect(await first.getAttribute('aria-selected')).toBe('true');
    // Times in the clinic's zone (New York) on a PC in Los Angeles.
    expect(await first.innerText()).toMatch(/Mon Mar 2\s+9:00\sAM\s+Ana Patel, MD · Main/);
    expect(
      await dialog.getByRole('button', { name: 'Book Mon Mar 2 at 9:00 AM' }).isEnabled(),
    ).toBe(true);
    // Let the Book button's colour transition finish, so the picture shows what a person sees.
    await page.waitForTimeout(300);
    await screenshot(page, 'booking-dialog');

    await act.press('Enter');
    const code = page.getByTestId('confirmation-code');
    await code.waitFor();

    // The budget: F2, "lop", Enter, "fol", Enter, Enter.
    expect(act.log).toEqual([
      'key F2',
      'type "lop"',
      'key Enter',
      'type "fol"',
      'key Enter',
      'key Enter',
    ]);
    expect(act.count).toBeLessThanOrEqual(8);

    const booked = await clinic.http('appointments/list', {
      patientId: c.patient.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({
      providerId: expected.providerId,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: expected.start,
      status: 'booked',
    });
    const shownCode = await code.innerText();
    expect(shownCode).toBe(booked[0]!.confirmationCode);
    expect(await page.getByTestId('read-back').innerText()).toBe(
      `Maria Lopez — Follow-up with Ana Patel, MD at Main, Mon Mar 2 at 9:00 AM. Confirmation ${shownCode}.`,
    );
    await screenshot(page, 'booking-confirmation');

    // The next caller: the visit type is remembered, so it is F2, "smi", Enter, Enter, Enter.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const again = new Actions(page);
    await again.press('F2');
    await search.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
    await again.type('smi');
    await dialog.getByRole('option', { name: /Smith, John/ }).waitFor();
    await again.press('Enter');
    await dialog.getByText('Enter keeps the last visit type').waitFor();
    await page.waitForFunction(
      () => (document.activeElement as HTMLInputElement | null)?.value === 'Follow-up',
    );
    await again.press('Enter');
    await list.getByRole('option').first().waitFor();
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'First openings',
    );
    // Ana Patel's 9:00 is taken now; the list already knows.
    expect(await list.getByRole('option').first().innerText()).not.toMatch(/9:00\sAM\s+Ana Patel/);
    await again.press('Enter');
    await code.waitFor();
    expect(again.count).toBe(5);
    const smith = await clinic.http('appointments/list', {
      patientId: c.patient2.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });
    expect(smith).toHaveLength(1);
    expect(await code.innerText()).toBe(smith[0]!.confirmationCode);
    expect(smith[0]!.visitTypeId).toBe(c.visit.id);
    expect(opened.problems).toEqual([]);
  });

  it('says so when the opening was just taken, and refreshes the openings', async () => {
    clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    opened = await session.open(clinic.host.url);
    const { page } = opened;
    // This desk misses live updates (a flaky network), so its list goes stale.
    await page.route('**/api/events', (route) => route.abort());
    await page.reload();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'Book appointment' }).click();
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('combobox', { name: 'Patient' }).fill('lopez');
    await dialog.getByRole('option', { name: /Lopez, Maria/ }).click();
    await dialog.getByRole('combobox', { name: 'Visit type' }).fill('follow');
    await page.keyboard.press('Enter');
    const list = dialog.getByRole('listbox', { name: 'First openings' });
    await list.getByRole('option').first().getByText('Ana Patel, MD · Main').waitFor();

    // Another desk takes Ana Patel's 9:00 first.
    await clinic.http('appointments/book', {
      patientId: c.patient2.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T14:00:00Z',
    });
    await page.keyboard.press('Enter');
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(
      /^9:00 AM on Mon Mar 2 with Ana Patel, MD was just taken\. Nothing was booked\./,
    );
    await list
      .getByRole('option')
      .first()
      .getByText('Ben Okafor, DO · Main')
      .waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('confirmation-code').count()).toBe(0);
    const mine = await clinic.http('appointments/list', {
      patientId: c.patient.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });
    expect(mine).toEqual([]);
    // Nothing is highlighted, so Enter books nothing; the receptionist chooses, then Enter books.
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('confirmation-code').count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirmation-code').waitFor();
    expect(await page.getByTestId('read-back').innerText()).toMatch(
      /^Maria Lopez — Follow-up with Ben Okafor, DO at Main, Mon Mar 2 at 9:00 AM\./,
    );
  });

  it('adds a new patient in the quick-add and books them', async () => {
    clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    opened = await session.open(clinic.host.url);
    const { page } = opened;
    await openDesk(opened);

    const act = new Actions(page);
    await act.press('F2');
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('combobox', { name: 'Patient' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
    await act.type('quinn zoe');
    await dialog.getByText(/No patient matches/).waitFor();
    await act.press('Alt+N');
    const form = dialog.getByRole('form', { name: 'New patient' });
    await form.waitFor();
    // The search words became the names; the cursor waits in the date of birth.
    expect(await form.getByLabel('First name').inputValue()).toBe('Zoe');
    expect(await form.getByLabel('Last name').inputValue()).toBe('Quinn');
    const dob = form.getByLabel('Date of birth');
    await page.waitForFunction(
      () => (document.activeElement as HTMLInputElement | null)?.placeholder === 'MM/DD/YYYY',
    );
    await act.type('4/1/1990');
    await act.press('Tab');
    await act.type('123');
    await act.press('Enter');
    // A bad number is shown next to its field, not as a blank failure.
    const phone = form.getByLabel('Mobile phone (optional)');
    await form.getByText(/^mobile phone must be a 10-digit US phone number/).waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await dob.getAttribute('aria-invalid')).toBe('false');
    await screenshot(page, 'booking-quick-add');
    await phone.fill('512-555-0199');
    // Consent is asked, not assumed: the box is there, unticked, once there is a number.
    const texts = form.getByRole('checkbox', { name: 'Agrees to text reminders' });
    expect(await texts.isChecked()).toBe(false);
    expect(
      await form.getByRole('checkbox', { name: 'Agrees to e-mail reminders' }).isDisabled(),
    ).toBe(true);
    await texts.check();
    await phone.press('Enter');

    await dialog.getByRole('button', { name: /Zoe Quinn: open the patient's record/ }).waitFor();
    await page.waitForFunction(
      () =>
        (document.activeElement as HTMLInputElement | null)?.placeholder ===
        'Type to choose, Enter to confirm',
    );
    await act.type('new');
    await dialog.getByRole('option', { name: /New patient/, selected: true }).waitFor();
    await act.press('Enter');
    const list = dialog.getByRole('listbox', { name: 'First openings' });
    await list.getByRole('option').first().waitFor();
    // New-patient visits are for family medicine: the cardiologist is not offered.
    expect(await list.innerText()).not.toContain('Carla Nguyen');
    await act.press('Enter');
    await page.getByTestId('confirmation-code').waitFor();

    const [zoe] = await clinic.http('patients/search', { query: 'quinn', limit: 5 });
    expect(zoe).toMatchObject({
      firstName: 'Zoe',
      lastName: 'Quinn',
      dateOfBirth: '1990-04-01',
      phoneMobile: '+15125550199',
    });
    expect(await clinic.http('patients/get', { patientId: zoe!.id })).toMatchObject({
      smsConsent: true,
      emailConsent: false,
      preferredChannel: 'sms',
    });
    const booked = await clinic.http('appointments/list', {
      patientId: zoe!.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });
    expect(booked).toHaveLength(1);
    expect(booked[0]!.visitTypeId).toBe(c.newVisit.id);
    // With consent the quick-added patient gets her texts (before, none were planned).
    const planned = await clinic.http('reminders/forAppointment', { appointmentId: booked[0]!.id });
    expect(
      planned.filter((r) => r.channel === 'sms' && r.status === 'scheduled').length,
    ).toBeGreaterThan(0);
    expect(await page.getByTestId('confirmation-code').innerText()).toBe(
      booked[0]!.confirmationCode,
    );
    expect(await page.getByTestId('read-back').innerText()).toMatch(
      /^Zoe Quinn — New patient with (Ana Patel, MD|Ben Okafor, DO) at Main, Mon Mar 2 at 9:00 AM\. Confirmation [A-Z0-9-]{7}\.$/,
    );

    // "Book another": someone already registered is offered, not duplicated.
    await page.getByRole('button', { name: 'Book another' }).click();
    await dialog.getByRole('combobox', { name: 'Patient' }).waitFor();
    await dialog.getByRole('button', { name: 'New patient' }).click();
    await form.getByLabel('First name').fill('Maria');
    await form.getByLabel('Last name').fill('Lopez');
    await dob.fill('05/17/1980');
    await page.keyboard.press('Enter');
    await form.getByText(/is already registered/).waitFor();
    await form.getByRole('button', { name: 'Use existing record' }).click();
    await dialog.getByRole('button', { name: /Maria Lopez: open the patient's record/ }).waitFor();
    expect(await clinic.http('patients/search', { query: 'lopez', limit: 5 })).toHaveLength(1);
    expect(NOW).toBe(clinic.t.now);
    // The refused phone number (400) and the duplicate (409) are the only failed requests.
    expect(opened.problems.filter((p) => !/status of (400|409)/.test(p))).toEqual([]);
  });
  it('reschedules from the appointment panel: patient and visit type fixed, Enter moves it', async () => {
    clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const [patel, okafor] = c.providers;
    const old = clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: patel!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T15:00:00Z',
    });
    // Ana Patel's Monday 9:00–9:30 is taken: her first opening is 9:30.
    clinic.t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: patel!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T14:00:00Z',
    });
    opened = await session.open(clinic.host.url);
    const { page } = opened;
    await openDesk(opened);

    // Patient panel -> the appointment -> "Find next opening".
    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('combobox', { name: 'Patient' }).fill('lopez');
    await dialog.getByRole('option', { name: /Lopez, Maria/ }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: /Maria Lopez: open the patient's record/ }).click();
    const panel = page.getByRole('dialog', { name: 'Maria Lopez' });
    await panel.getByTestId('patient-appointment').first().click();
    await page.getByRole('button', { name: 'Find next opening' }).click();

    const finder = page.getByRole('dialog', { name: /Find a new time/ });
    await finder.waitFor();
    expect(await finder.getByRole('combobox', { name: 'Visit type' }).isDisabled()).toBe(true);
    const list = finder.getByRole('listbox', { name: 'First openings' });
    await list.getByRole('option').first().waitFor();
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'First openings',
    );
    // The same provider is looked at first.
    expect(await list.getByRole('option').first().innerText()).toMatch(
      /Mon Mar 2\s+9:30\sAM\s+Ana Patel, MD · Main/,
    );
    await page.keyboard.press('Enter');
    const done = page.getByRole('dialog', { name: 'Rescheduled' });
    await done.waitFor();
    const code = await page.getByTestId('confirmation-code').innerText();

    const moved = await clinic.http('appointments/get', { appointmentId: old.id });
    expect(moved.status).toBe('rescheduled');
    const now = await clinic.http('appointments/get', { appointmentId: moved.rescheduledToId! });
    expect(now).toMatchObject({
      providerId: patel!.id,
      start: '2026-03-02T14:30:00.000Z',
      status: 'booked',
      confirmationCode: code,
    });
    expect(await page.getByTestId('read-back').innerText()).toBe(
      `Maria Lopez — Follow-up with Ana Patel, MD at Main, Mon Mar 2 at 9:30 AM. Confirmation ${code}.`,
    );
    await done.getByText('Moved from Wed Mar 4 at 10:00 AM with Ana Patel, MD.').waitFor();
    expect(okafor).toBeDefined();
    expect(opened.problems).toEqual([]);
  });
  it('opens prefilled from a clicked empty slot and books exactly that slot', async () => {
    clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const okafor = c.providers[1]!;
    opened = await session.open(clinic.host.url);
    const { page } = opened;
    await openDesk(opened);
    await page.getByRole('region', { name: /^Day view/ }).waitFor();

    // Ben Okafor's column, 10:30 (the morning block runs 09:00–12:00).
    const block = page.locator(`[data-bookable="${okafor.id} 09:00-12:00"]`);
    await block.waitFor();
    const b = (await block.boundingBox())!;
    const act = new Actions(page);
    act.log.push('click the 10:30 slot');
    await page.mouse.click(b.x + b.width / 2, b.y + (90 / 180) * b.height + 5);

    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('combobox', { name: 'Patient' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
    await act.type('smi');
    await dialog.getByRole('option', { name: /Smith, John/ }).waitFor();
    await act.press('Enter');
    await page.waitForFunction(
      () =>
        (document.activeElement as HTMLInputElement | null)?.placeholder ===
        'Type to choose, Enter to confirm',
    );
    await act.type('fol');
    await dialog.getByRole('option', { name: /Follow-up/, selected: true }).waitFor();
    await act.press('Enter');
    const list = dialog.getByRole('listbox', { name: 'First openings' });
    const first = list.getByRole('option').first();
    await first.getByText('Chosen slot').waitFor();
    expect(await first.innerText()).toMatch(/Mon Mar 2\s+10:30\sAM\s+Ben Okafor, DO · Main/);
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'First openings',
    );
    await act.press('Enter');
    await page.getByTestId('confirmation-code').waitFor();
    expect(act.count).toBe(6);
    const [booked] = await clinic.http('appointments/list', {
      patientId: c.patient2.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });
    expect(booked).toMatchObject({ providerId: okafor.id, start: '2026-03-02T15:30:00.000Z' });
    expect(await page.getByTestId('read-back').innerText()).toBe(
      `John Smith — Follow-up with Ben Okafor, DO at Main, Mon Mar 2 at 10:30 AM. Confirmation ${booked!.confirmationCode}.`,
    );
    expect(opened.problems).toEqual([]);
  });
});
