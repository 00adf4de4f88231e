/**
 * The practice manager's view of the no-show model and the reminder option that uses it, through
 * the real renderer and HTTP host: the Reports screen's "No-show risk" panel says why risk is off
 * or on (held-out AUC, closed appointments, last and next training) and "Retrain now" trains on a
 * worker thread while the page stays usable; a biller reads the panel without the button; with the
 * model off the call queue and the appointment panel show no band and no error; and the reminder
 * settings' "Extra reminder for visits at high no-show risk" is saved through the API and plans
 * that reminder for a high-risk booking only. Clinic: New York, Monday 2026-03-02 09:30.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { retrainNoShowModel } from '../../src/core/reports/service/noshow';
import { noShowClinic } from '../helpers/noshowClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

const MONDAY_0930 = Date.parse('2026-03-02T14:30:00Z');
const VIEWPORT = { width: 1366, height: 768 };
const MANAGER = { username: 'maria', displayName: 'Maria Manager', role: 'manager' as const };
const BILLER = { username: 'bill', displayName: 'Bill Biller', role: 'biller' as const };

async function go(page: Page, screen: string) {
  await waitUntilLive(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: screen, exact: true })
    .click();
}

describe.skipIf(skipBrowserTests())('the no-show model for the practice manager', () => {
  const session = useBrowser();

  it('shows why risk is off, retrains in the background, then shows it on', async () => {
    const clinic = await session.serve();
    clinic.t.now = MONDAY_0930;
    noShowClinic(clinic.t, { closed: 2_400, signal: true });
    const { page, problems } = await session.open(clinic.host.url, {
      now: MONDAY_0930,
      viewport: VIEWPORT,
      as: MANAGER,
    });
    await go(page, 'Reports');
    const panel = page.getByRole('region', { name: 'No-show risk' });
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.getByTestId('noshow-state').innerText()).toBe('Not trained yet');
    expect(await panel.getByTestId('noshow-reason').innerText()).toMatch(
      /^Not trained yet\. .* at least 2,000, and checks it on the most recent 20 %/,
    );
    await screenshot(page, 'noshow-status-not-trained');

    await panel.getByRole('button', { name: 'Retrain now' }).click();
    // Answered at once; the page stays usable while the thread trains.
    await page.getByText('Training started.').waitFor();
    await expect
      .poll(() => panel.getByTestId('noshow-state').innerText(), { timeout: 120_000 })
      .toBe('On');
    expect(await panel.getByTestId('noshow-reason').innerText()).toMatch(
      /^On: trained on 1,920 closed appointments, it ranked the next 480 with AUC 0\.\d{3} \(at least 0\.65 needed\)\.$/,
    );
    const figures = await panel.getByRole('table', { name: 'No-show model figures' }).innerText();
    expect(figures).toMatch(/Held-out AUC\s+0\.\d{3}\s+Needs at least 0\.65/);
    expect(figures).toMatch(/Closed appointments\s+2,400\s+Needs at least 2,000/);
    expect(figures).toMatch(/Last trained\s+Mon Mar 2 at 9:30 AM/);
    // 7 × 24 hours after the training, as the job counts: across Sunday's spring-forward that
    // is 10:30 on the clock.
    expect(figures).toMatch(/Next retrain \(every 7 days\)\s+Mon Mar 9 at 10:30 AM/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'noshow-status-on');
    const audit = clinic.t.db.sqlite
      .prepare("SELECT actor FROM audit_log WHERE action = 'noshow.retrain'")
      .all();
    expect(audit).toEqual([{ actor: expect.stringContaining('Maria Manager') }]);
    expect(problems).toEqual([]);
  });

  it('lets a biller read the panel without the Retrain button', async () => {
    const clinic = await session.serve();
    clinic.t.now = MONDAY_0930;
    noShowClinic(clinic.t, { closed: 1_500, signal: true });
    retrainNoShowModel(clinic.t.db, clinic.t.now);
    const { page, problems } = await session.open(clinic.host.url, {
      now: MONDAY_0930,
      viewport: VIEWPORT,
      as: BILLER,
    });
    await go(page, 'Reports');
    const panel = page.getByRole('region', { name: 'No-show risk' });
    await expect.poll(() => panel.getByTestId('noshow-state').innerText()).toBe('Off');
    expect(await panel.getByTestId('noshow-reason').innerText()).toBe(
      'Off: the clinic has 1,500 closed appointments; the risk score needs at least 2,000 to be trained and checked.',
    );
    expect(await panel.getByRole('button', { name: 'Retrain now' }).count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'noshow-status-off-biller');
    expect(problems).toEqual([]);
  });

  it('shows no band and no error in the call queue and appointment panel while the model is off', async () => {
    const clinic = await session.serve();
    clinic.t.now = MONDAY_0930;
    const { upcoming } = noShowClinic(clinic.t, { closed: 1_500, signal: true });
    upcoming(1, 15, 30);
    expect(retrainNoShowModel(clinic.t.db, clinic.t.now).enabled).toBe(false);
    const { page, problems } = await session.open(clinic.host.url, {
      now: MONDAY_0930,
      viewport: VIEWPORT,
    });
    await go(page, 'Call queue');
    const rows = page.getByRole('region', { name: 'Call queue' }).getByTestId('call-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.getByTestId('risk-band').count()).toBe(0);
    const who = (await rows.first().getAttribute('aria-label'))!.split(',')[0]!;
    await rows
      .first()
      .getByRole('button', { name: /^Open .*'s appointment$/ })
      .click();
    const appointment = page.getByRole('region', { name: 'Appointment', exact: true });
    await expect.poll(() => appointment.innerText()).toContain(who);
    expect(await appointment.getByTestId('risk-band').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('saves the extra reminder for high-risk visits and plans it for a high-risk booking only', async () => {
    const clinic = await session.serve();
    clinic.t.now = MONDAY_0930;
    const { c, patients } = noShowClinic(clinic.t, { closed: 2_400, signal: true });
    expect(retrainNoShowModel(clinic.t.db, clinic.t.now).enabled).toBe(true);
    const { page, problems } = await session.open(clinic.host.url, {
      now: MONDAY_0930,
      viewport: VIEWPORT,
    });
    await go(page, 'Reminders');
    const screen = page.getByRole('region', { name: 'Reminders', exact: true });
    await screen.getByRole('tab', { name: 'Settings' }).click();
    const option = screen.getByRole('region', { name: 'Extra reminder for high no-show risk' });
    const toggle = option.getByLabel('Extra reminder for visits at high no-show risk');
    expect(await toggle.isChecked()).toBe(false);
    // The switch follows the saved policy: it turns on once the save is back.
    await toggle.click();
    await page.getByText('Saved: visits at high no-show risk get an extra reminder').waitFor();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    const saved = await clinic.http('reminders/getPolicy', {});
    expect(saved.policy.touchpoints.filter((t) => t.onlyForHighRisk)).toEqual([
      expect.objectContaining({ key: 'high-risk-48h', offsetMinutes: 2_880, requiresReply: true }),
    ]);
    const table = screen.getByRole('table', { name: 'Touchpoints' });
    await expect.poll(() => table.innerText()).toMatch(/48 h reminder.*High no-show risk only/);
    await option.scrollIntoViewIfNeeded();
    await screenshot(page, 'noshow-reminder-option');

    const book = async (patientId: number, start: string) =>
      (
        await clinic.http('appointments/book', {
          patientId,
          providerId: c.providers[0]!.id,
          locationId: c.loc.id,
          visitTypeId: c.visit.id,
          start,
        })
      ).id;
    // A month ahead by an unreliable patient; the day after tomorrow by a reliable one.
    const risky = await book(patients[1]!, '2026-04-01T10:00:00-04:00');
    const ordinary = await book(patients[40]!, '2026-03-04T11:00:00-05:00');
    const keys = async (appointmentId: number) =>
      (await clinic.http('reminders/forAppointment', { appointmentId })).map((r) => r.touchpoint);
    expect(await keys(risky)).toContain('high-risk-48h');
    expect(await keys(ordinary)).not.toContain('high-risk-48h');
    expect(await keys(ordinary)).toContain('sms-24h');

    // Off again: the touchpoint leaves the policy.
    await toggle.click();
    await page.getByText('Saved: no extra reminder for high-risk visits.').waitFor();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    const after = await clinic.http('reminders/getPolicy', {});
    expect(after.policy.touchpoints.some((t) => t.onlyForHighRisk)).toBe(false);
    expect(problems).toEqual([]);
  });
});
