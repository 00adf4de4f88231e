/**
 * "Connect Google Calendar" in Chromium, through the real renderer and HTTP host, with the Google
 * stand-in as Google: the button answers with the sign-in page, the page opens it in a new tab,
 * the stand-in consents and sends that tab back to ClinicDesk's loopback listener, and the panel
 * shows the new account with its calendars once the calendars job has run. A refused consent shows
 * as a failed sign-in with Google's reason; the client id is remembered for the next provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { clinicJobs } from '../../src/core/host/clinicJobs';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import { startJobs, type JobRunner } from '../../src/core/host/jobs';
import { TEST_ADMIN, TestDesks } from '../helpers/staff';
import { buildTinyClinic, NOW, openTestApi, type TestApi } from '../helpers/tinyClinic';
import { GoogleCalendarStandin } from '../standins/googleCalendar';
import {
  launchChromium,
  openPage,
  RENDERER_DIR,
  screenshot,
  skipBrowserTests,
  waitUntilLive,
  type OpenedPage,
} from './browser';

const CAL = 'ana.patel@northside.example';
const ZONE = 'America/New_York';

describe.skipIf(skipBrowserTests())('connecting Google Calendar at the desk', () => {
  let browser: Browser;
  let standin: GoogleCalendarStandin;
  let t: TestApi;
  let host: HttpHost;
  let jobs: JobRunner;
  const pages: OpenedPage[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    standin = await GoogleCalendarStandin.start();
    standin.addCalendar({ id: CAL, summary: 'Ana Patel', primary: true, timeZone: ZONE });
    standin.addCalendar({ id: 'family@group.calendar.google.com', summary: 'Family' });
    t = openTestApi({ now: NOW });
    buildTinyClinic(t);
    host = await startHttpHost({
      db: t.db,
      registry: t.registry,
      staticDir: RENDERER_DIR,
      clock: () => t.now,
      secrets: t.secrets,
      googleTestEndpoints: {
        authUrl: standin.authUrl,
        tokenUrl: standin.tokenUrl,
        apiRootUrl: standin.url,
      },
    });
    jobs = startJobs(
      clinicJobs({ db: t.db, registry: t.registry, secrets: t.secrets, clock: () => t.now }).filter(
        (j) => j.name === 'calendars',
      ),
    );
  });
  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await jobs?.stop();
    await host?.close();
    await standin?.close();
    t?.close();
  });

  async function openCalendarSync(): Promise<OpenedPage> {
    // A desk of its own, signed in as the clinic's administrator.
    const session = await new TestDesks(t.db).signIn(TEST_ADMIN, t.now);
    const opened = await openPage(browser, host.url, { session });
    pages.push(opened);
    const { page } = opened;
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('button', { name: 'Book appointment' }).waitFor();
    await waitUntilLive(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Calendar sync', exact: true })
      .click();
    return opened;
  }

  async function chooseProvider(page: Page, name: RegExp) {
    const form = page.getByRole('region', { name: 'Connect a Google calendar' });
    await form.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name }).click();
    return form;
  }

  it('signs in through a new tab and shows the account with its calendars', async () => {
    const { page, context, problems } = await openCalendarSync();
    const form = await chooseProvider(page, /^Ana Patel/);
    await form.getByLabel('Google OAuth client id').fill(standin.clientId);
    await form.getByLabel("Provider's Google e-mail (optional)").fill(CAL);

    const tab = context.waitForEvent('page');
    await form.getByRole('button', { name: 'Connect Google Calendar' }).click();
    // The new tab goes to the stand-in's consent page, which sends it back to the loopback listener.
    const signInTab = await tab;
    await signInTab.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    await signInTab.getByText('Signed in. You can close this tab').waitFor();
    expect(standin.lastAuthRequest?.get('login_hint')).toBe(CAL);
    expect(standin.lastAuthRequest?.get('code_challenge_method')).toBe('S256');

    await form
      .getByTestId('google-sign-in')
      .filter({ hasText: `Connected ${CAL}.` })
      .waitFor({ timeout: 20_000 });
    const card = page.getByRole('group', { name: `Calendar account ${CAL}` });
    await card
      .getByTestId('sync-health')
      .filter({ hasText: 'Up to date.' })
      .waitFor({ timeout: 20_000 });
    expect(await card.innerText()).toMatch(/Google · ana\.patel@northside\.example/);
    expect(await card.innerText()).toMatch(/Ana Patel\s+Counts as busy\s+Receives appointments/);
    expect(await card.innerText()).toMatch(/Family\s+Counts as busy/);
    expect(await screenshot(page, 'google-connect')).toMatch(/google-connect\.png$/);
    expect(problems).toEqual([]);
  });

  it("shows a refused consent with Google's reason, and remembers the client id", async () => {
    standin.consent = 'deny';
    try {
      const { page, context } = await openCalendarSync();
      const form = await chooseProvider(page, /^Ben Okafor/);
      // A fresh browser profile: nothing remembered yet.
      expect(await form.getByLabel('Google OAuth client id').inputValue()).toBe('');
      await form.getByLabel('Google OAuth client id').fill(standin.clientId);
      const tab = context.waitForEvent('page');
      await form.getByRole('button', { name: 'Connect Google Calendar' }).click();
      await (await tab).waitForURL(/\/callback\?.*error=access_denied/);
      await form
        .getByTestId('google-sign-in')
        .filter({
          hasText:
            'Google sign-in did not finish: Google sign-in was cancelled, or calendar access was not allowed',
        })
        .waitFor({ timeout: 10_000 });

      await page.reload();
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: 'Calendar sync', exact: true })
        .click();
      const again = page.getByRole('region', { name: 'Connect a Google calendar' });
      expect(await again.getByLabel('Google OAuth client id').inputValue()).toBe(standin.clientId);
    } finally {
      standin.consent = 'approve';
    }
  });
});
