/** The patient panel: attendance up front, contact preferences saved through patients/update. */
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

describe.skipIf(skipBrowserTests())('patient panel', () => {
  const session = useBrowser();
  let clinic: ServedClinic;
  let opened: OpenedPage | undefined;

  it('shows no-shows and appointments, and saves the mobile phone and consents', async () => {
    clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const [patel, okafor] = c.providers;
    // Last week Maria booked and did not come; this is what the desk must see first.
    clinic.t.now = Date.parse('2026-02-20T13:00:00Z');
    const missed = clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: patel!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-02-23T15:00:00Z',
    });
    clinic.t.now = NOW;
    clinic.t.call('appointments/setStatus', { appointmentId: missed.id, status: 'no_show' });
    const next = clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: okafor!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T19:30:00Z',
    });

    opened = await session.open(clinic.host.url, { timezoneId: 'Europe/Berlin' });
    const { page } = opened;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'Book appointment' }).waitFor();
    await waitUntilLive(page);

    // From the booking dialog, the chosen patient's name opens their record.
    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('combobox', { name: 'Patient' }).fill('lop ma');
    await dialog.getByRole('option', { name: /Lopez, Maria/ }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: /Maria Lopez: open the patient's record/ }).click();

    const panel = page.getByRole('dialog', { name: 'Maria Lopez' });
    await panel.waitFor();
    await panel.getByRole('group', { name: 'No-shows: 1' }).waitFor();
    await panel.getByRole('group', { name: 'Late cancels: 0' }).waitFor();
    await panel.getByRole('group', { name: 'Upcoming: 1' }).waitFor();
    const upcoming = panel.getByRole('list', { name: 'Upcoming appointments' });
    // Clinic time (New York), though the PC is in Berlin.
    expect(await upcoming.innerText()).toMatch(
      /Wed Mar 4, 2026 · 2:30 PM[\s\S]*Follow-up with Ben Okafor, DO[\s\S]*Booked/,
    );
    const past = panel.getByRole('list', { name: 'Past and cancelled appointments' });
    expect(await past.innerText()).toMatch(
      /Mon Feb 23, 2026 · 10:00 AM[\s\S]*Ana Patel, MD[\s\S]*No-show/,
    );

    // E-mail consent without an address is refused next to the e-mail field.
    const mobile = panel.getByLabel('Mobile phone');
    expect(await mobile.inputValue()).toBe('(512) 555-0134');
    await mobile.fill('512 555 0177');
    await panel.getByLabel('Voice consent').check();
    await panel.getByLabel('E-mail consent').check();
    await panel.getByRole('button', { name: 'Save' }).click();
    const email = panel.getByRole('textbox', { name: 'E-mail' });
    await panel.getByText('e-mail consent needs an e-mail address', { exact: true }).waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'patient-panel-error');
    expect((await clinic.http('patients/get', { patientId: c.patient.id })).phoneMobile).toBe(
      '+15125550134',
    );

    await email.fill('Maria.Lopez@Example.com');
    // The panel is over the booking dialog here: its drop-down menus must open above it, or
    // the option cannot be clicked.
    await panel.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'Spanish' }).click();
    await panel.getByRole('combobox', { name: 'Sex' }).click();
    await page.getByRole('option', { name: 'F', exact: true }).click();
    await panel.getByRole('button', { name: 'Save' }).click();
    await page.getByText("Saved Maria Lopez's record.").waitFor();
    const saved = await clinic.http('patients/get', { patientId: c.patient.id });
    expect(saved).toMatchObject({
      phoneMobile: '+15125550177',
      email: 'maria.lopez@example.com',
      smsConsent: true,
      emailConsent: true,
      voiceConsent: true,
      preferredChannel: 'sms',
      preferredLanguage: 'es',
      sex: 'F',
      dateOfBirth: '1980-05-17',
    });
    expect(await mobile.inputValue()).toBe('(512) 555-0177');
    // The booking dialog underneath shows the new number too.
    await page.getByText('DOB 05/17/1980 · (512) 555-0177', { exact: true }).waitFor();
    await panel.getByRole('heading', { name: 'Upcoming' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'patient-panel');

    // An appointment opens its own panel; "Book" opens the dialog with the patient chosen.
    await panel.getByRole('button', { name: 'Book', exact: true }).click();
    await panel.waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: /Maria Lopez: open the patient's record/ }).waitFor();
    await page.waitForFunction(
      () =>
        (document.activeElement as HTMLInputElement | null)?.placeholder ===
        'Type to choose, Enter to confirm',
    );
    expect(next.id).toBeGreaterThan(missed.id);
    expect(opened.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
