/** A clinic served by the real HTTP host in the test process, and pages of it in Chromium. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ApiInput, ApiName, ApiOutput } from '../../src/core/api/types';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import type { GoogleTestEndpoints } from '../../src/core/api/handler';
import { NOW, openTestApi, type TestApi } from '../helpers/tinyClinic';
import {
  attendOnClockChange,
  sessionCookieHeader,
  TEST_ADMIN,
  TestDesks,
  type TestStaff,
} from '../helpers/staff';
import { SESSION_COOKIE } from '../../src/core/host/http';

import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './chromium';

export { browserUnavailable, launchChromium, skipBrowserTests } from './chromium';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts');

/**
 * A clinic's data folder served by the HTTP host, on a fixed clock (Mon 2026-03-02 08:00 New York).
 * Every way in is signed in, as the host requires: `http` as the clinic's administrator (or as a
 * person named `actor`), and each page opened on it through `useBrowser().open` as a desk of its
 * own (see `signedInDesk`). Moving `t.now` keeps those desks attended (test/helpers/staff.ts).
 */
export interface ServedClinic {
  t: TestApi;
  host: HttpHost;
  /** A second client over HTTP, like another front-desk PC: its changes reach every open page. */
  http<K extends ApiName>(name: K, input: ApiInput<K>, actor?: string): Promise<ApiOutput<K>>;
  /** A session token for one more desk, signed in as `staff` (the administrator by default). */
  signedInDesk(staff?: TestStaff): Promise<string>;
  close(): Promise<void>;
}

const actorStaff = (actor: string): TestStaff => ({
  username: `desk-${
    actor
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30) || 'x'
  }`,
  displayName: actor,
  role: 'admin',
});

export async function serveClinic(
  options: { googleTestEndpoints?: GoogleTestEndpoints } = {},
): Promise<ServedClinic> {
  const t = openTestApi({ now: NOW, ...options });
  const host = await startHttpHost({
    googleTestEndpoints: options.googleTestEndpoints,
    db: t.db,
    registry: t.registry,
    staticDir: RENDERER_DIR,
    port: 0,
    clock: () => t.now,
    secrets: t.secrets,
  });
  const desks = new TestDesks(t.db);
  attendOnClockChange(t, desks);
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (actor: string | undefined) => {
    const key = actor ?? '';
    let token = tokens.get(key);
    if (!token) {
      token = desks.signIn(actor ? actorStaff(actor) : TEST_ADMIN, t.now, `http ${key}`);
      tokens.set(key, token);
    }
    return token;
  };
  return {
    t,
    host,
    signedInDesk: (staff = TEST_ADMIN) => desks.signIn(staff, t.now),
    async http(name, input, actor) {
      const res = await fetch(`${host.url}/api/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: sessionCookieHeader(await tokenFor(actor)),
        },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as
        { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
      if (!body.ok) throw new Error(`${name}: ${body.error.code} ${body.error.message}`);
      return body.data as ApiOutput<typeof name>;
    },
    async close() {
      await host.close();
      t.close();
    },
  };
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions (a CSP violation shows up here). */
  problems: string[];
}

/**
 * A fresh browser profile on the clinic, its clock frozen at the host's `now`. `timeZoneId` is the
 * PC's zone: the page must still show the clinic's times.
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: {
    now?: number;
    timezoneId?: string;
    /** A session token to carry as the host's cookie (see ServedClinic.signedInDesk). */
    session?: string;
    viewport?: { width: number; height: number };
  } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    timezoneId: options.timezoneId ?? 'America/New_York',
    locale: 'en-US',
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  if (options.session) {
    await context.addCookies([
      {
        name: SESSION_COOKIE,
        value: options.session,
        domain: new URL(url).hostname,
        path: '/api',
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
  }
  await context.clock.setFixedTime(new Date(options.now ?? NOW));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits for the page to say its live updates are connected. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page.getByRole('status', { name: 'Live updates: Live' }).waitFor({ timeout: 10_000 });
}

export interface BrowserSession {
  /** Chromium, launched once for the describe block. */
  readonly browser: Browser;
  /** A served clinic, closed after the test. */
  serve(options?: Parameters<typeof serveClinic>[0]): Promise<ServedClinic>;
  /**
   * A fresh browser profile on `url` (see openPage), closed after the test. On a clinic this
   * session served, the page is a desk signed in as the administrator (or `as`), unless
   * `signedIn: false` (the sign-in screen).
   */
  open(
    url: string,
    options?: {
      now?: number;
      timezoneId?: string;
      signedIn?: boolean;
      as?: TestStaff;
      viewport?: { width: number; height: number };
    },
  ): Promise<OpenedPage>;
}

/**
 * The set-up every browser suite shares: call it at the top of a describe block. It launches
 * Chromium once, and after each test closes the pages and clinics that test opened.
 */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined;
  const clinics: ServedClinic[] = [];
  const pages: OpenedPage[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context.close();
    for (const c of clinics.splice(0)) await c.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not running yet (use the session inside a test)');
      return browser;
    },
    async serve(options) {
      const clinic = await serveClinic(options);
      clinics.push(clinic);
      return clinic;
    },
    async open(url, options = {}) {
      const { signedIn = true, as, ...rest } = options;
      const clinic = clinics.find((c) => url.startsWith(c.host.url));
      const session = signedIn && clinic ? await clinic.signedInDesk(as) : undefined;
      const opened = await openPage(this.browser, url, {
        ...rest,
        ...(session ? { session } : {}),
      });
      pages.push(opened);
      return opened;
    },
  };
}
