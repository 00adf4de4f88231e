/**
 * Insurance at the front desk, through the real renderer, HTTP host, background jobs and a CORE
 * clearinghouse stand-in answering corpus 271s: Verify in the patient panel fills a benefits card
 * (the TR3 example answer: active, $10 in-network / $30 out-of-network office copay), the booking
 * dialog prices the highlighted opening, the morning batch runs to the end, and when the
 * clearinghouse refuses, the benefits are entered by hand. Then the settings screen and a
 * self-pay patient's printable Good Faith Estimate.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startJobs, type JobRunner } from '../../src/core/host/jobs';
import { clinicJobs } from '../../src/core/host/clinicJobs';
import { buildTinyClinic, type TestApi } from '../helpers/tinyClinic';
import {
  STANDIN_DEFAULTS,
  startClearinghouseStandIn,
  type ClearinghouseStandIn,
} from '../standins/clearinghouse';
import {
  screenshot,
  skipBrowserTests,
  useBrowser,
  waitUntilLive,
  type ServedClinic,
} from './browser';

/** Routed by the stand-in (STANDIN_ROUTES) to the TR3 example 271: EB*B … 98 … 10.00 (Y) / 30.00 (N). */
const TR3_MEMBER = '11122333301';
/** Routed to the PokitDok MOCKPAYER 271 (copay, deductible, coinsurance, out-of-pocket). */
const MOCKPAYER_MEMBER = '00000000001';
/** Not routed: the stand-in answers "subscriber not found" (AAA*75). */
const UNKNOWN_MEMBER = 'W200000002';

/** The tiny clinic with a payer the clearinghouse knows, in-network providers and a fee. */
function buildInsuredClinic(t: TestApi) {
  const c = buildTinyClinic(t);
  t.call('clinic/update', { billingNpi: '1234567893', taxId: '12-3456789', phone: '512-555-0100' });
  const payer = t.call('payers/create', { name: 'ABC Company', clearinghousePayerId: '841610001' });
  const plan = t.call('plans/create', { payerId: payer.id, name: 'Gold 123', productType: 'HMO' });
  for (const p of c.providers)
    t.call('providers/setNetworks', {
      providerId: p.id,
      networks: [{ planId: plan.id, effectiveFrom: '2025-01-01' }],
    });
  const cover = (patientId: number, memberId: string) =>
    t.call('coverages/save', { patientId, coverage: { planId: plan.id, memberId, priority: 1 } });
  cover(c.patient.id, TR3_MEMBER);
  cover(c.patient2.id, UNKNOWN_MEMBER);
  const rosa = t.call('patients/create', {
    firstName: 'Rosa',
    lastName: 'Diaz',
    dateOfBirth: '1970-03-04',
  });
  cover(rosa.id, MOCKPAYER_MEMBER);
  const ann = t.call('patients/create', {
    firstName: 'Ann',
    lastName: 'Self',
    dateOfBirth: '1990-07-01',
  });
  t.call('fees/set', { visitTypeId: c.visit.id, payerId: null, allowed: 120, selfPay: 95 });
  return { ...c, payer, plan, rosa, ann };
}

async function openDesk(page: Page) {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByRole('button', { name: 'Book appointment' }).waitFor();
  await waitUntilLive(page);
}

/** F2, the patient by name, then their name opens the patient panel over the dialog. */
async function openPatientFromBooking(page: Page, typed: string, option: RegExp, name: string) {
  await page.keyboard.press('F2');
  const dialog = page.getByRole('dialog', { name: /Book appointment/ });
  await dialog.getByRole('combobox', { name: 'Patient' }).fill(typed);
  await dialog.getByRole('option', { name: option }).waitFor();
  await page.keyboard.press('Enter');
  await dialog
    .getByRole('button', { name: new RegExp(`${name}: open the patient's record`) })
    .click();
  const panel = page.getByRole('dialog', { name });
  await panel.waitFor();
  return panel;
}

describe.skipIf(skipBrowserTests())('eligibility at the desk', () => {
  const session = useBrowser();
  let standin: ClearinghouseStandIn | undefined;
  let jobs: JobRunner | undefined;

  // Registered after useBrowser's: vitest runs after-hooks in reverse, so the jobs stop before
  // the clinic's database is closed.
  afterEach(async () => {
    await jobs?.stop();
    jobs = undefined;
    await standin?.close();
    standin = undefined;
  });

  function startClinicJobs(clinic: ServedClinic) {
    jobs = startJobs(
      clinicJobs({
        db: clinic.t.db,
        registry: clinic.t.registry,
        secrets: clinic.t.secrets,
        clock: () => clinic.t.now,
      }),
    );
  }

  it('verifies, prices the visit, runs the batch, and takes benefits by hand when the clearinghouse fails', async () => {
    const clinic = await session.serve();
    const c = buildInsuredClinic(clinic.t);
    standin = await startClearinghouseStandIn({ now: () => clinic.t.now });
    await clinic.http('eligibility/setClearinghouse', {
      url: standin.url,
      senderId: STANDIN_DEFAULTS.senderId,
      receiverId: STANDIN_DEFAULTS.receiverId,
      username: STANDIN_DEFAULTS.username,
      password: STANDIN_DEFAULTS.password,
      timeoutMs: 10_000,
      maxAttempts: 1,
      staleAfterHours: 72,
      ratePerMinute: 0,
    });
    startClinicJobs(clinic);
    const { page, problems } = await session.open(clinic.host.url);
    await openDesk(page);

    // 1. Verify in the patient panel: progress, then the card with the office-visit copay.
    const panel = await openPatientFromBooking(page, 'lop ma', /Lopez, Maria/, 'Maria Lopez');
    const eligibility = panel.getByRole('group', { name: /Eligibility of ABC Company/ });
    await eligibility.getByRole('button', { name: /^Verify ABC Company/ }).click();
    const card = eligibility.getByRole('region', { name: /^Benefits: ABC Company/ });
    await card.getByLabel('Coverage: Active').waitFor({ timeout: 15_000 });
    await card.getByTestId('benefits-copay').filter({ hasText: '$10.00' }).waitFor();
    expect(await card.getByTestId('benefits-plan').innerText()).toBe('GOLD 123 PLAN');
    expect(await card.innerText()).toMatch(/verified just now/);
    expect(await card.innerText()).toMatch(/Prior authorization\s+Not stated/);
    // Support can read what went over the wire.
    await card.getByText('Raw X12 (for support)').click();
    await card.getByLabel('271 response').filter({ hasText: 'EB*B**1^33^35' }).waitFor();
    expect(await card.getByLabel('270 request').innerText()).toContain(`MI*${TR3_MEMBER}`);
    await card.getByText('Raw X12 (for support)').click();
    await page.waitForTimeout(300); // the accordion's closing transition, for the picture
    const cardShot = await screenshot(page, 'eligibility-benefits-card');
    expect(cardShot).toMatch(/eligibility-benefits-card\.png$/);
    const sent = standin.requests();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ memberId: TR3_MEMBER, status: 200 });

    // 2. Booking from the panel: the highlighted opening is priced, with the steps in words.
    await panel.getByRole('button', { name: 'Book', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await page.waitForFunction(
      () =>
        (document.activeElement as HTMLInputElement | null)?.placeholder?.startsWith(
          'Type to choose',
        ) === true,
    );
    await page.keyboard.type('fol');
    await dialog.getByRole('option', { name: /Follow-up/, selected: true }).waitFor();
    await page.keyboard.press('Enter');
    await dialog
      .getByRole('listbox', { name: 'First openings' })
      .getByRole('option')
      .first()
      .waitFor();
    const estimate = dialog.getByRole('group', { name: 'Estimated cost' });
    await estimate
      .getByTestId('estimate-line')
      .filter({ hasText: 'Estimated cost: $10.00 (copay) · in network' })
      .waitFor();
    expect(await estimate.getByTestId('say-to-caller').innerText()).toBe(
      'Say: “With ABC Company Gold 123, you will pay about $10.00 for this visit.”',
    );
    await estimate.getByRole('button', { name: 'How?' }).click();
    const steps = estimate.getByRole('list', { name: 'How the estimate is made' });
    expect(await steps.innerText()).toMatch(
      /Allowed amount: \$120\.00[\s\S]*Copay: \$10\.00 for Professional \(Physician\) Visit - Office, in network → you pay \$10\.00/,
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // 3. The batch: three days of appointments; Maria's answer is fresh, Ann pays for herself.
    const book = (patientId: number, start: string, provider = 1) =>
      clinic.http('appointments/book', {
        patientId,
        providerId: c.providers[provider]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start,
      });
    await book(c.patient.id, '2026-03-02T14:00:00Z', 0);
    await book(c.patient2.id, '2026-03-03T15:00:00Z');
    await book(c.rosa.id, '2026-03-04T16:00:00Z');
    await book(c.ann.id, '2026-03-02T16:00:00Z');
    // An appointment outside the three days is left alone.
    await book(c.rosa.id, '2026-03-09T15:00:00Z');
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Verify insurance', exact: true })
      .click();
    const screen = page.getByRole('region', { name: 'Verify insurance' });
    const days = screen.getByLabel('Next days');
    await days.fill('15');
    await screen.getByRole('button', { name: 'Verify appointments' }).click();
    await screen.getByText('Choose 1 to 14 days.').waitFor();
    await days.fill('3');
    await screen.getByRole('button', { name: 'Verify appointments' }).click();
    await screen
      .getByTestId('batch-summary')
      .filter({ hasText: '4 appointments: 2 to verify, 1 already verified, 1 self-pay.' })
      .waitFor();
    const progress = screen.getByTestId('batch-progress');
    await progress.filter({ hasText: '2 of 2 answered · finished' }).waitFor({ timeout: 20_000 });
    const rows = screen.getByTestId('batch-row');
    expect(await rows.count()).toBe(2);
    const john = rows.filter({ hasText: 'John Smith' });
    expect(await john.innerText()).toMatch(
      /Tue Mar 3, 10:00 AM\s+John Smith\s+ABC Company Gold 123\s+Rejected\s+Unknown\s+Member ID not found — Check the card/,
    );
    // In the day's order: Tuesday's John before Wednesday's Rosa.
    expect(await rows.first().innerText()).toMatch(/John Smith/);
    const rosa = rows.filter({ hasText: 'Rosa Diaz' });
    expect(await rosa.innerText()).toMatch(
      /Wed Mar 4, 11:00 AM\s+Rosa Diaz[\s\S]*Answered\s+Active/,
    );
    await screenshot(page, 'eligibility-batch');

    // Reopened, the screen shows the same batch.
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Day', exact: true })
      .click();
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Verify insurance', exact: true })
      .click();
    await screen.getByTestId('batch-progress').filter({ hasText: '2 of 2 answered' }).waitFor();

    // 4. John's insurer cannot be reached: the failure in words, then the benefits by hand.
    standin.failNext('authFailure');
    await john.getByRole('button', { name: 'John Smith' }).click();
    const johnPanel = page.getByRole('dialog', { name: 'John Smith' });
    const johnElig = johnPanel.getByRole('group', { name: /Eligibility of ABC Company/ });
    await johnElig.getByRole('button', { name: /^Verify ABC Company/ }).click();
    const failed = johnElig.getByTestId('check-failed');
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.innerText()).toMatch(/log ?in|password|user name|authori[sz]/i);
    await johnElig.getByRole('button', { name: 'Enter by hand' }).click();
    const form = johnElig.getByRole('form', { name: 'Enter benefits by hand' });
    await form.getByLabel('Office visit copay ($)').fill('25');
    await form.getByLabel('Coinsurance (%)').fill('20');
    await form.getByLabel('Deductible ($)', { exact: true }).fill('1,500');
    await form.getByLabel('Deductible remaining ($)').fill('2000');
    await form.getByLabel('Note (who you spoke to, reference number)').fill('Called ABC, ref 4411');
    await form.getByRole('button', { name: 'Save benefits' }).click();
    // The API's field error, under its field.
    await form.getByText('Deductible remaining cannot be more than the deductible').waitFor();
    expect(await form.getByLabel('Deductible remaining ($)').getAttribute('aria-invalid')).toBe(
      'true',
    );
    await form.getByLabel('Deductible remaining ($)').fill('750');
    await form.getByRole('button', { name: 'Save benefits' }).click();
    await form.waitFor({ state: 'hidden' });
    const johnCard = johnElig.getByRole('region', { name: /^Benefits: ABC Company/ });
    await johnCard.getByText('entered by hand', { exact: true }).waitFor();
    await johnCard.getByLabel('Coverage: Active').waitFor();
    expect(await johnCard.getByTestId('benefits-copay').innerText()).toBe('$25.00');
    expect(await johnCard.innerText()).toMatch(/Coinsurance\s+20%/);
    expect(await johnCard.innerText()).toMatch(/Deductible\s+\$750\.00 left of \$1,500\.00/);
    const stored = await clinic.http('eligibility/list', { patientId: c.patient2.id });
    expect(stored[0]).toMatchObject({
      source: 'manual',
      status: 'manual',
      coverageStatus: 'active',
    });
    expect(standin.requests().at(-1)).toMatchObject({ answer: 'authFailure' });
    // The one refusal provoked above (deductible remaining over the deductible) is a 400; nothing else.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    expect(problems).toHaveLength(1);
  });

  it('keeps the billing settings, never shows the password, and prints a Good Faith Estimate', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const appt = clinic.t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: c.providers[1]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T15:00:00Z',
    });
    const { page, problems } = await session.open(clinic.host.url);
    await openDesk(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Billing & insurance', exact: true })
      .click();

    const practice = page.getByRole('form', { name: 'Practice' });
    await practice.getByLabel('Billing NPI').fill('1234567890');
    await practice.getByLabel('Tax ID (EIN)').fill('12-3456789');
    await practice.getByLabel('Phone').fill('(512) 555-0100');
    await practice.getByRole('button', { name: 'Save practice' }).click();
    await practice.getByText('Billing NPI must be 10 digits with a valid check digit').waitFor();
    await practice.getByLabel('Billing NPI').fill('1234567893');
    await practice.getByRole('button', { name: 'Save practice' }).click();
    await page.getByText('Saved the practice details.').waitFor();
    expect(await clinic.http('clinic/get', {})).toMatchObject({
      billingNpi: '1234567893',
      taxId: '123456789',
      phone: '+15125550100',
    });

    const ch = page.getByRole('form', { name: 'Clearinghouse' });
    await ch.getByText(/Not set up/).waitFor();
    await ch.getByLabel('Address (URL)').fill('http://clearinghouse.example/core');
    await ch.getByLabel('Sender ID').fill('CLINICDESK01');
    await ch.getByLabel('Receiver ID').fill('BIGCH');
    await ch.getByLabel('User name').fill('desk');
    await ch.getByLabel('Password').fill('Very-Secret-1');
    await ch.getByRole('button', { name: 'Save connection' }).click();
    await ch.getByText(/clearinghouse address must start with https:\/\//).waitFor();
    expect(await ch.getByLabel('Address (URL)').getAttribute('aria-invalid')).toBe('true');
    await ch.getByLabel('Address (URL)').fill('https://clearinghouse.example/core/realtime');
    await ch.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Saved the clearinghouse connection.').waitFor();
    const saved = await clinic.http('eligibility/getClearinghouse', {});
    expect(saved).toMatchObject({
      url: 'https://clearinghouse.example/core/realtime',
      username: 'desk',
      hasPassword: true,
    });
    expect(JSON.stringify(saved)).not.toContain('Very-Secret-1');

    // Fee schedule: the default allowed amount and the self-pay price of a follow-up.
    await page.getByLabel('Follow-up: default allowed').fill('120');
    await page.getByLabel('Follow-up: self-pay price').fill('95');
    await page.getByRole('button', { name: 'Save Follow-up fees' }).click();
    await page.getByText('Saved the fees of Follow-up.').waitFor();
    const fees = await clinic.http('fees/list', {});
    expect(fees.find((f) => f.visitTypeId === c.visit.id)).toMatchObject({
      selfPay: 95,
      fees: [{ payerId: null, allowed: 120 }],
    });

    // Reopened later: everything shown back except the password. A new user name does not
    // inherit the saved password (it belongs to the old account): it is asked for again.
    await page.reload();
    await openDesk(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Billing & insurance', exact: true })
      .click();
    const again = page.getByRole('form', { name: 'Clearinghouse' });
    expect(await again.getByLabel('Address (URL)').inputValue()).toBe(
      'https://clearinghouse.example/core/realtime',
    );
    expect(await again.getByLabel('Password').inputValue()).toBe('');
    await again.getByText('A password is saved; leave empty to keep it.').waitFor();
    await again.getByLabel('User name').fill('desk2');
    await again.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText(/password again — the user name changed/).waitFor();
    expect(await clinic.http('eligibility/getClearinghouse', {})).toMatchObject({
      username: 'desk',
      hasPassword: true,
    });
    await again.getByLabel('Password').fill('Very-Secret-2');
    await again.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Saved the clearinghouse connection.').waitFor();
    expect(await clinic.http('eligibility/getClearinghouse', {})).toMatchObject({
      username: 'desk2',
      hasPassword: true,
    });
    expect(await page.getByLabel('Follow-up: self-pay price').inputValue()).toBe('95.00');
    await screenshot(page, 'eligibility-billing-settings');

    // A self-pay patient's appointment: the self-pay price and the printable estimate.
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Day', exact: true })
      .click();
    await page.locator(`[data-appointment-id="${appt.id}"]`).focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Appointment' });
    const line = panel.getByRole('group', { name: 'Estimated cost' });
    await line
      .getByTestId('estimate-line')
      .filter({ hasText: 'Estimated cost: $95.00 · self-pay' })
      .waitFor();
    await line.getByRole('button', { name: 'Good Faith Estimate' }).click();
    const gfe = page.getByRole('dialog', { name: 'Good Faith Estimate' });
    await gfe
      .getByTestId('gfe-total')
      .filter({ hasText: 'Total expected charges: $95.00' })
      .waitFor();
    expect(await gfe.getByTestId('gfe').innerText()).toMatch(
      /Patient: John Smith, born 01\/02\/1975[\s\S]*NPI 1234567893 · TIN 12-3456789[\s\S]*Follow-up\s+99213\s+1\s+\$95\.00[\s\S]*Questions: Test Clinic, \(512\) 555-0100/,
    );
    // Print: only the estimate is on paper (the print stylesheet hides the desk and the buttons).
    await page.evaluate(() => {
      window.print = () => {
        document.body.dataset.printedWith = document.body.className;
      };
    });
    await gfe.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate(() => document.body.dataset.printedWith)).toContain('printing-gfe');
    await page.emulateMedia({ media: 'print' });
    const visible = await page.evaluate(() => ({
      desk: getComputedStyle(document.getElementById('root')!).display,
      actions: getComputedStyle(document.querySelector('.gfe-print-root .MuiDialogActions-root')!)
        .display,
      estimate: getComputedStyle(document.querySelector('[data-testid="gfe"]')!).display,
    }));
    expect(visible).toEqual({ desk: 'none', actions: 'none', estimate: 'block' });
    await screenshot(page, 'eligibility-good-faith-estimate-print');
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    expect(await page.evaluate(() => document.body.className)).not.toContain('printing-gfe');
    // The three refusals provoked above (bad NPI, plain-http address, a new user name without
    // its password) are 400s; nothing else.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    expect(problems).toHaveLength(3);
  });
});
