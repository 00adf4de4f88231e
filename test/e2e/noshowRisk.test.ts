/**
 * The no-show risk band through the real renderer and HTTP host: once the clinic's model is on,
 * the call queue shows each patient's band, riskiest first, and the appointment panel shows the
 * band of the visit it opens. Clinic: New York, 2,400 closed visits, Monday 2026-03-02 09:30.
 */
import { describe, expect, it } from 'vitest';
import { retrainNoShowModel } from '../../src/core/reports/service/noshow';
import { noShowClinic } from '../helpers/noshowClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

const MONDAY_0930 = Date.parse('2026-03-02T14:30:00Z');

describe.skipIf(skipBrowserTests())('the no-show risk band', () => {
  const session = useBrowser();

  it('shows the band in the call queue (riskiest first) and in the appointment panel', async () => {
    const clinic = await session.serve();
    clinic.t.now = MONDAY_0930;
    const { upcoming } = noShowClinic(clinic.t, { closed: 2_400, signal: true });
    // Tuesday: 09:00 a reliable patient booked yesterday, 10:00 an unreliable one booked a month ago.
    upcoming(40, 14, 1);
    upcoming(1, 15, 30);
    expect(retrainNoShowModel(clinic.t.db, clinic.t.now).enabled).toBe(true);

    const { page, problems } = await session.open(clinic.host.url, {
      now: MONDAY_0930,
      viewport: { width: 1366, height: 768 },
    });
    await waitUntilLive(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Call queue', exact: true })
      .click();
    const queue = page.getByRole('region', { name: 'Call queue' });
    const rows = queue.getByTestId('call-row');
    await expect.poll(() => rows.count()).toBe(2);
    const bands = await rows.getByTestId('risk-band').allInnerTexts();
    expect(bands).toEqual(['High no-show risk', 'Low no-show risk']);
    const first = await rows.first().getAttribute('aria-label');
    await screenshot(page, 'noshow-call-queue');

    await rows
      .first()
      .getByRole('button', { name: /^Open .*'s appointment$/ })
      .click();
    const panel = page.getByRole('region', { name: 'Appointment', exact: true });
    await panel.getByTestId('risk-band').waitFor();
    expect(await panel.getByTestId('risk-band').innerText()).toBe('High no-show risk');
    expect(await panel.innerText()).toContain(first!.split(',')[0]!);
    await screenshot(page, 'noshow-appointment-panel');
    expect(problems).toEqual([]);
  });
});
