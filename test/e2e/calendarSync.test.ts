/**
 * Calendar sync at the desk, through the real renderer, HTTP host and background jobs, against the
 * Google Calendar stand-in: the sync health panel fills in after the job runs, a busy block over a
 * booked visit shows in the conflict queue and is kept, "Sync now" runs again, and when Google
 * refuses the sign-in the panel and the provider's column header in the day view say so at once.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startJobs, type JobRunner } from '../../src/core/host/jobs';
import { clinicJobs } from '../../src/core/host/clinicJobs';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { GoogleCalendarStandin } from '../standins/googleCalendar';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

const CAL = 'ana.patel@northside.example';
const ZONE = 'America/New_York';

async function openDesk(page: Page) {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByRole('button', { name: 'Book appointment' }).waitFor();
  await waitUntilLive(page);
}

describe.skipIf(skipBrowserTests())('calendar sync at the desk', () => {
  const session = useBrowser();
  let standin: GoogleCalendarStandin | undefined;
  let jobs: JobRunner | undefined;

  afterEach(async () => {
    await jobs?.stop();
    jobs = undefined;
    await standin?.close();
    standin = undefined;
  });

  it('shows sync health and conflicts, syncs now, and flags a refused sign-in on the calendar', async () => {
    standin = await GoogleCalendarStandin.start();
    const clinic = await session.serve({
      googleTestEndpoints: {
        authUrl: standin.authUrl,
        tokenUrl: standin.tokenUrl,
        apiRootUrl: standin.url,
      },
    });
    const c = buildTinyClinic(clinic.t);
    const ana = c.providers[0]!.id;
    standin.addCalendar({ id: CAL, summary: 'Ana Patel', primary: true, timeZone: ZONE });
    await clinic.http('appointments/book', {
      patientId: c.patient.id,
      providerId: ana,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-02T10:00:00-05:00',
    });
    standin.seedEvents(CAL, [
      {
        id: 'boardmeeting',
        summary: 'Board meeting',
        start: { dateTime: '2026-03-02T09:45:00-05:00', timeZone: ZONE },
        end: { dateTime: '2026-03-02T10:15:00-05:00', timeZone: ZONE },
      },
    ]);
    const issued = standin.issueTokens();
    const account = await clinic.http('calendars/saveGoogleTokens', {
      providerId: ana,
      label: CAL,
      tokens: {
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken,
        expiresAtMs: Date.parse('2100-01-01T00:00:00Z'),
        scope: null,
      },
      client: { clientId: standin.clientId },
    });
    jobs = startJobs(
      clinicJobs({
        db: clinic.t.db,
        registry: clinic.t.registry,
        secrets: clinic.t.secrets,
        clock: () => clinic.t.now,
      }),
    );
    const { page } = await session.open(clinic.host.url);
    await openDesk(page);

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Calendar sync', exact: true })
      .click();
    const card = page.getByRole('group', { name: `Calendar account ${CAL}` });
    await card
      .getByTestId('sync-health')
      .filter({ hasText: 'Up to date.' })
      .waitFor({ timeout: 20_000 });
    expect(await card.innerText()).toMatch(/Google · ana\.patel@northside\.example/);
    expect(await card.innerText()).toMatch(/Ana Patel\s+Counts as busy\s+Receives appointments/);

    // The board meeting lands on Maria's 10:00 visit: queued, nothing moved.
    const queue = page.getByRole('region', { name: 'Calendar conflicts' });
    const conflict = queue.getByRole('group', { name: /^Conflict for Ana Patel, MD/ });
    await conflict.waitFor();
    expect(await conflict.innerText()).toMatch(
      /busy in “Ana Patel”.*over Maria Lopez’s appointment/s,
    );
    const shot = await screenshot(page, 'calendar-sync-panel');
    expect(shot).toMatch(/calendar-sync-panel\.png$/);
    await conflict.getByRole('button', { name: 'Keep' }).click();
    await queue.getByText(/No conflicts/).waitFor();

    // Sync now: queued, then run by the job, then up to date again.
    const before = standin.requests.length;
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => standin!.requests.length, { timeout: 20_000 }).toBeGreaterThan(before);
    await card
      .getByTestId('sync-health')
      .filter({ hasText: 'Up to date.' })
      .waitFor({ timeout: 20_000 });

    // Ana moves the clinic's event on her phone, then the desk reschedules the visit: Google
    // refuses the write (412). The appointment is a named problem with where her copy sits, and
    // "Use the clinic's time" writes it over her copy.
    const second = await clinic.http('appointments/book', {
      patientId: c.patient2.id,
      providerId: ana,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T11:00:00-05:00',
    });
    const mirrored = () =>
      standin!
        .events(CAL)
        .find((e) => e.extendedProperties?.private?.clinicdeskAppointmentId === String(second.id));
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => mirrored()?.id, { timeout: 20_000 }).toBeTruthy();
    const eventId = mirrored()!.id!;
    standin.changeEvent(CAL, eventId, {
      start: { dateTime: '2026-03-03T13:00:00-05:00', timeZone: ZONE },
      end: { dateTime: '2026-03-03T13:30:00-05:00', timeZone: ZONE },
    });
    await clinic.http('appointments/reschedule', {
      appointmentId: second.id,
      start: '2026-03-03T11:30:00-05:00',
    });
    await card.getByRole('button', { name: 'Sync now' }).click();
    const notWritten = page.getByRole('region', {
      name: "Appointments not written to a provider's calendar",
    });
    const item = notWritten.getByRole('group', { name: /^Not written: John Smith/ });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.innerText()).toMatch(
      /appointment Tue 3 Mar, 11:30 AM–12:00 PM .* could not be written to “Ana Patel”/s,
    );
    expect(await item.innerText()).toMatch(/calendar shows it Tue 3 Mar, 1:00 PM–1:30 PM/);
    await screenshot(page, 'calendar-sync-not-written');
    await item.getByRole('button', { name: 'Use the clinic’s time' }).click();
    await notWritten.waitFor({ state: 'detached', timeout: 20_000 });
    await expect
      .poll(() => standin!.event(CAL, eventId)?.start?.dateTime, { timeout: 20_000 })
      .toMatch(/^2026-03-03T(11:30:00-05:00|16:30:00Z)/);

    // Google refuses the sign-in: the panel and Ana's column header say so.
    standin.revokeGrant();
    clinic.t.db.sqlite.prepare('UPDATE calendar_accounts SET secret_sealed = ? WHERE id = ?').run(
      clinic.t.secrets.seal(
        JSON.stringify({
          accessToken: 'ya29.old',
          refreshToken: '1//gone',
          expiresAtMs: 0,
          scope: null,
        }),
      ),
      account.id,
    );
    await card.getByRole('button', { name: 'Sync now' }).click();
    await card
      .getByTestId('sync-health')
      .filter({ hasText: /^Not syncing:/ })
      .waitFor({ timeout: 20_000 });
    expect(await card.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Day', exact: true })
      .click();
    const flag = page.getByRole('status', { name: /^Calendar not syncing:/ });
    await flag.waitFor({ timeout: 10_000 });
    expect(await flag.innerText()).toBe('Calendar not syncing: sign in again');
    await screenshot(page, 'calendar-sync-revoked-header');
  });
});
