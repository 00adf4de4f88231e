/**
 * The reminder screens through the real renderer, HTTP host and reminder engine, with the Twilio
 * stand-in as the carrier: a booking plans its messages, Pause holds them behind a banner, the
 * dispatcher sends one and fails another (an invalid number), a snow-day message goes to everyone
 * booked on Wednesday, a patient's free-text reply waits in Replies until resolved, and the call
 * queue puts the patient whose text failed first and confirms another in one click. The job
 * functions are called directly, on the clinic's fixed clock, so each step is deterministic.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { getMessagingSettings } from '../../src/core/db/repos/reminders';
import { runDispatcher } from '../../src/core/reminders/dispatcher';
import { pollReplies } from '../../src/core/reminders/inbound';
import { RateLimits } from '../../src/core/reminders/rateLimit';
import { transportFromSettings } from '../../src/core/reminders/transport';
import { CLINIC_NUMBER, createPatient } from '../helpers/reminderClinic';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { TwilioStandin } from '../standins/twilio';
import {
  screenshot,
  skipBrowserTests,
  useBrowser,
  waitUntilLive,
  type ServedClinic,
} from './browser';

/** Monday 2026-03-02 09:30 in New York: texts may go out (quiet hours end at 09:00). */
const MONDAY_0930 = Date.parse('2026-03-02T14:30:00Z');
const MARIA_MOBILE = '+15125550134';
const TESS_MOBILE = '+15125550199';

/** The carrier's side: dispatch the due messages, fetch replies; both publish to open pages. */
function reminderJobs(clinic: ServedClinic, standin: TwilioStandin) {
  const { db, secrets, registry } = clinic.t;
  const clock = () => clinic.t.now;
  const publish = (e: Parameters<typeof registry.publish>[0]) => registry.publish(e);
  const transport = () => transportFromSettings(getMessagingSettings(db), secrets);
  const limits = new RateLimits({ perSecond: 'off' });
  return {
    async dispatch() {
      const r = await runDispatcher({ db, clock, transport: transport(), limits, publish });
      await standin.settled();
      return r;
    },
    poll: () => pollReplies({ db, clock, transport: transport(), publish }),
  };
}

async function openReminders(page: Page) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Book appointment' }).waitFor();
  await waitUntilLive(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Reminders', exact: true })
    .click();
  return page.getByRole('region', { name: 'Reminders', exact: true });
}

describe.skipIf(skipBrowserTests())('the reminder queue and the call queue', () => {
  const session = useBrowser();
  let standin: TwilioStandin | undefined;

  afterEach(async () => {
    await standin?.close();
    standin = undefined;
  });

  it('plans, pauses, sends, messages a snow day, takes a reply and works the call queue', async () => {
    const clinic = await session.serve();
    clinic.t.now = MONDAY_0930;
    const c = buildTinyClinic(clinic.t);
    standin = await TwilioStandin.start({ now: () => clinic.t.now });
    clinic.t.call('messaging/setSettings', {
      twilioAccountSid: standin.accountSid,
      twilioAuthToken: standin.authToken,
      twilioFrom: CLINIC_NUMBER,
      twilioApiBaseUrl: standin.baseUrl,
      ratePerSecond: 0,
    });
    const jobs = reminderJobs(clinic, standin);
    const tess = createPatient(clinic.t, { firstName: 'Tess', mobile: '512-555-0199' });
    const eva = createPatient(clinic.t, { firstName: 'Eva', mobile: '512-555-0142' });
    // Tess's number is not a real one: the carrier refuses it (Twilio 21211).
    standin.failFor(TESS_MOBILE, 21211);
    const book = (patientId: number, start: string, provider: number) =>
      clinic.http('appointments/book', {
        patientId,
        providerId: c.providers[provider]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start,
      });
    const tessVisit = await book(tess.id, '2026-03-03T11:00:00-05:00', 1);
    await book(eva.id, '2026-03-04T10:00:00-05:00', 0);
    await book(c.patient2.id, '2026-03-04T11:00:00-05:00', 1); // John Smith: no phone, no e-mail

    const { page, problems } = await session.open(clinic.host.url, { now: MONDAY_0930 });
    const screen = await openReminders(page);
    const scheduled = screen.getByRole('table', { name: 'Scheduled messages' });
    await scheduled.getByTestId('reminder-row').filter({ hasText: 'Tess Test' }).first().waitFor();

    // 1. Another desk books Maria for tomorrow: her confirmation text appears, planned for now.
    const maria = await book(c.patient.id, '2026-03-03T10:00:00-05:00', 0);
    const mariaRow = scheduled
      .getByTestId('reminder-row')
      .filter({ hasText: 'Maria Lopez' })
      .filter({ hasText: 'Booking confirmation' });
    await mariaRow.waitFor();
    expect(await mariaRow.innerText()).toMatch(
      /Maria Lopez\s+Tue Mar 3 at 10:00 AM\s+Booking confirmation\s+Text\s+\(512\) 555-0134\s+Mon Mar 2 at 9:30 AM\s+Scheduled/,
    );

    // 2. Pause: the banner stays up and the dispatcher sends nothing; Resume takes it down.
    await screen.getByRole('button', { name: 'Pause sending' }).click();
    const banner = screen.getByRole('status', { name: 'Reminders paused' });
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Reminders are paused\. Nothing is sent/);
    expect((await clinic.http('reminders/list', { limit: 1 })).paused).toBe(true);
    expect(await jobs.dispatch()).toMatchObject({ paused: true, sent: 0 });
    expect(standin.messages()).toEqual([]);
    await banner.getByRole('button', { name: 'Resume' }).click();
    await banner.waitFor({ state: 'hidden' });
    expect((await clinic.http('reminders/list', { limit: 1 })).paused).toBe(false);

    // 3. The dispatcher runs: Maria's and Eva's texts go out, Tess's fails with the reason in words.
    expect(await jobs.dispatch()).toMatchObject({ sent: 2, failed: 1 });
    await screen.getByRole('tab', { name: /^Sent/ }).click();
    const sent = screen.getByRole('table', { name: 'Sent messages' });
    await sent.getByTestId('reminder-row').filter({ hasText: 'Maria Lopez' }).waitFor();
    expect(await sent.getByTestId('reminder-row').count()).toBe(2);
    await screen.getByRole('tab', { name: /^Failed \(1\)/ }).click();
    const failed = screen.getByRole('table', { name: 'Failed messages' });
    const tessFailed = failed.getByTestId('reminder-row').filter({ hasText: 'Tess Test' });
    await tessFailed.waitFor();
    expect(await tessFailed.innerText()).toMatch(
      /Booking confirmation\s+Text[\s\S]*Failed\s+The patient's phone number is not a valid number/,
    );
    await screen.getByLabel(/Also show messages not sent on purpose/).check();
    await failed.getByTestId('reminder-row').filter({ hasText: 'Skipped' }).first().waitFor();
    const queueShot = await screenshot(page, 'reminders-queue');
    expect(queueShot).toMatch(/reminders-queue\.png$/);

    // 4. Snow on Wednesday: a message to everyone booked that day; John cannot be reached.
    await screen.getByRole('button', { name: 'Message everyone booked on a day…' }).click();
    const bulk = page.getByRole('dialog', { name: 'Message everyone booked on a day' });
    await bulk.getByLabel('Day', { exact: true }).fill('2026-03-04');
    const message = bulk.getByLabel('Message', { exact: true });
    // A curly apostrophe pasted from a word processor halves the room in each text.
    await message.fill('We’re closed on Wednesday because of snow.');
    await bulk
      .getByText(/1 text message · \d+ of 70 characters · special characters \(’\)/)
      .waitFor();
    await message.fill(
      'We are closed on Wednesday because of snow. We will call you to find a new time.',
    );
    // "Test Clinic: " is put in front, as the patient reads it: 13 + 80 characters.
    await bulk.getByText('1 text message · 93 of 160 characters').waitFor();
    await bulk.getByLabel('Send by').click();
    await page.getByRole('option', { name: 'Text message only' }).click();
    // A preview first (needs reminders/bulkPreview): the count, and who must be phoned.
    await bulk.getByRole('button', { name: 'Preview who gets it' }).click();
    const preview = bulk.getByTestId('bulk-preview');
    await preview.waitFor();
    expect(await preview.innerText()).toMatch(/2 patients booked; 1 can be messaged/);
    expect(await preview.getByRole('list', { name: 'Call list' }).innerText()).toMatch(
      /John Smith\s+No phone on file/,
    );
    await screenshot(page, 'bulk-message-preview');
    await bulk.getByRole('button', { name: 'Send to 1 patient?' }).click();
    const result = bulk.getByTestId('bulk-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(
      /1 message queued for Wed Mar 4\. 1 patient could not be reached: phone them\.\s+John Smith\s+no SMS consent or mobile number \(or opted out\): phone the patient/,
    );
    await bulk.getByRole('button', { name: 'Done' }).click();
    await screen.getByRole('tab', { name: /^Scheduled/ }).click();
    await scheduled
      .getByTestId('reminder-row')
      .filter({ hasText: 'Eva Test' })
      .filter({ hasText: 'Message to everyone booked that day' })
      .waitFor();

    // 5. Maria texts a question: no keyword, so it waits for staff until someone resolves it.
    clinic.t.now += 10 * 60_000;
    await standin.injectInbound({
      from: MARIA_MOBILE,
      to: CLINIC_NUMBER,
      body: 'Can I bring my daughter along?',
    });
    expect(await jobs.poll()).toMatchObject({ received: 1, staff: 1 });
    await screen.getByRole('tab', { name: 'Replies, 1 waiting' }).click();
    const reply = screen
      .getByRole('table', { name: 'Replies' })
      .getByTestId('reply-row')
      .filter({ hasText: 'Can I bring my daughter along?' });
    await reply.waitFor();
    expect(await reply.innerText()).toMatch(
      /Maria Lopez\s+\(512\) 555-0134\s+Can I bring my daughter along\?\s+Free text\s+Not a keyword\s+Waiting for staff/,
    );
    await reply.getByRole('button', { name: 'Resolve the reply from Maria Lopez' }).click();
    const resolve = page.getByRole('dialog', { name: 'Resolve the reply from Maria Lopez' });
    await resolve.getByLabel('Note (optional)').fill('Called back: yes, she can');
    await resolve.getByRole('button', { name: 'Mark as dealt with' }).click();
    await resolve.waitFor({ state: 'hidden' });
    await reply.waitFor({ state: 'hidden' });
    await screen.getByText('No reply is waiting for staff.').waitFor();
    const all = await clinic.http('inbox/list', { status: 'all' });
    expect(all).toEqual([
      expect.objectContaining({
        body: 'Can I bring my daughter along?',
        status: 'done',
        note: 'Called back: yes, she can',
        appointmentId: maria.id,
      }),
    ]);

    // 6. The call queue for tomorrow: Tess (her text failed) before Maria (only unconfirmed).
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Call queue', exact: true })
      .click();
    const queue = page.getByRole('region', { name: 'Call queue' });
    await expect.poll(() => queue.getByLabel('Appointments on').inputValue()).toBe('2026-03-03');
    const rows = queue.getByTestId('call-row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(
      /Tess Test\s+Tue Mar 3 at 11:00 AM\s+\(512\) 555-0199\s+Booked[\s\S]*not confirmed · SMS failed: the patient's phone number is not a valid number/,
    );
    expect(await rows.nth(1).getByTestId('call-reasons').innerText()).toBe('not confirmed');
    const callShot = await screenshot(page, 'call-queue');
    expect(callShot).toMatch(/call-queue\.png$/);

    const mariaCall = queue.getByRole('listitem', { name: /^Maria Lopez/ });
    await mariaCall.getByLabel('Note for Maria Lopez').fill('Spoke to Maria');
    await mariaCall.getByRole('button', { name: 'Confirmed' }).click();
    await page.getByText('Maria Lopez: confirmed.').waitFor();
    await mariaCall.waitFor({ state: 'hidden' }); // confirmed and reached: off the list
    expect(await rows.count()).toBe(1);
    const after = await clinic.http('appointments/get', { appointmentId: maria.id });
    expect(after.status).toBe('confirmed');
    expect(after.history.slice(-2)).toEqual([
      expect.objectContaining({ action: 'appointment.confirmed' }),
      expect.objectContaining({
        action: 'call.recorded',
        details: expect.objectContaining({ outcome: 'confirmed', note: 'Spoke to Maria' }),
      }),
    ]);

    // 7. Tess's appointment says why no text reached her.
    await queue.getByRole('button', { name: "Open Tess Test's appointment" }).click();
    const panel = page.getByRole('region', { name: 'Appointment', exact: true });
    const messages = panel.getByRole('list', { name: 'Reminders of this appointment' });
    const tessConfirmation = messages
      .getByTestId('appointment-reminder')
      .filter({ hasText: 'Booking confirmation · Text' });
    await tessConfirmation.waitFor();
    expect(await tessConfirmation.innerText()).toMatch(
      /Failed[\s\S]*The patient's phone number is not a valid number/,
    );
    await panel.getByRole('button', { name: 'Close appointment' }).click();

    // 8. Tess asks for another day: "Rescheduled" opens the booking dialog on her visit, and the
    // call is recorded once the visit has really moved.
    const tessCall = queue.getByRole('listitem', { name: /^Tess Test/ });
    await tessCall.getByLabel('Note for Tess Test').fill('Wants an earlier time');
    await tessCall.getByRole('button', { name: 'Rescheduled' }).click();
    const finder = page.getByRole('dialog', { name: /Find a new time/ });
    await finder
      .getByRole('listbox', { name: 'First openings' })
      .getByRole('option')
      .first()
      .waitFor();
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'First openings',
    );
    await page.keyboard.press('Enter');
    const moved = page.getByRole('dialog', { name: 'Rescheduled' });
    await moved.waitFor();
    await moved.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Tess Test: rescheduled.').waitFor();
    const old = await clinic.http('appointments/get', { appointmentId: tessVisit.id });
    expect(old.status).toBe('rescheduled');
    expect(old.history.at(-1)).toMatchObject({
      action: 'call.recorded',
      details: expect.objectContaining({ outcome: 'rescheduled', note: 'Wants an earlier time' }),
    });

    expect(problems).toEqual([]);
  });

  it('keeps the Twilio token secret, shows the webhook addresses and saves quiet hours', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const { page, problems } = await session.open(clinic.host.url);
    const screen = await openReminders(page);
    await screen.getByRole('tab', { name: 'Settings' }).click();
    const twilio = screen.getByRole('form', { name: 'Twilio' });
    await twilio.getByLabel('Account SID').fill('AC0123456789abcdef0123456789abcdef');
    await twilio.getByLabel("Clinic's number").fill('+15125550000');
    await twilio.getByRole('button', { name: 'Save Twilio settings' }).click();
    // The API's own message, under its field: a SID needs its token.
    await twilio.getByText('The Twilio auth token is required with an account SID').waitFor();
    await twilio.getByLabel('Auth token').fill('token-of-the-clinic-1234');
    await twilio
      .getByLabel('Public address of this ClinicDesk (optional)')
      .fill('https://desk.clinic.example/');
    await twilio.getByRole('button', { name: 'Save Twilio settings' }).click();
    await page.getByText('Saved the Twilio settings.').waitFor();
    await twilio.getByText('A token is saved; leave empty to keep it.').waitFor();
    expect(await twilio.getByLabel('Auth token').inputValue()).toBe('');
    const urls = twilio.getByTestId('webhook-url');
    await urls.first().waitFor();
    expect(await urls.allInnerTexts()).toEqual([
      'https://desk.clinic.example/twilio/sms',
      'https://desk.clinic.example/twilio/status',
    ]);
    const saved = await clinic.http('messaging/getSettings', {});
    expect(saved.twilio).toMatchObject({
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      hasAuthToken: true,
      ready: true,
    });
    expect(JSON.stringify(saved)).not.toContain('token-of-the-clinic-1234');

    const policy = screen.getByRole('region', { name: 'Reminder policy' });
    expect(await policy.getByRole('table', { name: 'Touchpoints' }).innerText()).toMatch(
      /24 h reminder\s+24 h before\s+Text, then Call, then E-mail\s+2 h before\s+Yes \(C \/ X\)/,
    );
    await policy.getByLabel('Quiet from').fill('21:00');
    await policy.getByRole('button', { name: 'Save quiet hours' }).click();
    await page.getByText('Saved the quiet hours.').waitFor();
    const after = await clinic.http('reminders/getPolicy', {});
    expect(after).toMatchObject({
      source: 'clinic',
      policy: { quietHours: { start: '21:00', end: '09:00' } },
    });
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
