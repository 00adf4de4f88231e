/**
 * A second front-desk PC across a real network boundary: the host that holds the data runs in
 * one network namespace and serves its network card over HTTPS; Chromium (the other desks) and a
 * plain Node client run in another, joined by a veth pair (test/helpers/netns.ts). Chromium
 * trusts the host's certificate by its key pin (--ignore-certificate-errors-spki-list), as a
 * receptionist does who compared the fingerprint once. Needs root and iproute2: skipped with the
 * reason on a developer's machine without them, a failure under CI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERT_FILE } from '../../src/core/host/lan';
import { SESSION_COOKIE } from '../../src/core/host/http';
import {
  chromiumInNamespace,
  createOfficeNetwork,
  skipNetnsTests,
  startLanHost,
  type LanHost,
  type OfficeNetwork,
} from '../helpers/netns';
import { seedStaff, TEST_ADMIN, TEST_PASSWORD, type TestStaff } from '../helpers/staff';
import { buildTinyClinic, NOW, openTestApi, tempDir } from '../helpers/tinyClinic';
import { CHROMIUM_PATH } from './chromium';
import { RENDERER_DIR, screenshot, skipBrowserTests, waitUntilLive } from './browser';

const ROOT = path.resolve(RENDERER_DIR, '..', '..');
const PORT = 5443;
const RECEPTION: TestStaff = {
  username: 'reception2',
  displayName: 'Rosa Reception',
  role: 'front_desk',
};

interface ProbeReply {
  status?: number;
  headers?: Record<string, string>;
  text?: string;
  error?: string;
}

describe.skipIf(skipBrowserTests() || skipNetnsTests('the second-desk tests'))(
  'a second desk PC on the office network',
  () => {
    let net: OfficeNetwork;
    let host: LanHost;
    let browser: Browser;
    let dataDir: string;
    let c: ReturnType<typeof buildTinyClinic>;
    const contexts: BrowserContext[] = [];

    /** Requests from a plain client in the desk namespace (another PC, not the host). */
    function probe(
      requests: { url: string; method?: string; headers?: Record<string, string>; body?: string }[],
    ): ProbeReply[] {
      const [cmd, args] = net.execIn(net.deskNs, process.execPath, [
        path.join(ROOT, 'test', 'helpers', 'lanProbe.mjs'),
        JSON.stringify(requests),
        path.join(dataDir, CERT_FILE),
      ]);
      return JSON.parse(
        execFileSync(cmd, args, { encoding: 'utf8', timeout: 30_000 }),
      ) as ProbeReply[];
    }

    async function signedInDesk(staff: TestStaff, label: string): Promise<Page> {
      const context = await browser.newContext({
        timezoneId: 'America/New_York',
        locale: 'en-US',
        viewport: { width: 1366, height: 768 },
      });
      contexts.push(context);
      await context.clock.setFixedTime(new Date(NOW));
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`${label}: ${e.message}`));
      await page.goto(host.url);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Username').fill(staff.username);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: `Account: ${staff.displayName}` }).waitFor();
      await waitUntilLive(page);
      expect(problems).toEqual([]);
      return page;
    }

    beforeAll(async () => {
      dataDir = tempDir('clinicdesk-lan-');
      const t = openTestApi({ dir: dataDir, now: NOW });
      c = buildTinyClinic(t);
      await seedStaff(t.db, TEST_ADMIN, NOW);
      await seedStaff(t.db, RECEPTION, NOW);
      t.close();
      net = createOfficeNetwork('e2e');
      host = await startLanHost({
        net,
        dataDir,
        port: PORT,
        now: new Date(NOW).toISOString(),
        staticDir: RENDERER_DIR,
      });
      browser = await chromium.launch({
        executablePath: chromiumInNamespace(net, CHROMIUM_PATH, dataDir),
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          // The desk trusts exactly this host's key, as after checking the fingerprint once.
          `--ignore-certificate-errors-spki-list=${host.spkiSha256}`,
        ],
      });
    });

    afterAll(async () => {
      for (const ctx of contexts) await ctx.close().catch(() => {});
      await browser?.close().catch(() => {});
      await host?.stop();
      net?.remove();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers only over HTTPS with its certificate, needs a session, and refuses proxies', () => {
      const plain = host.url.replace('https://', 'http://');
      const api = `${host.url}/api/appointments/list`;
      const body = JSON.stringify({ from: '2026-03-02T05:00:00Z', to: '2026-03-03T05:00:00Z' });
      const json = { 'content-type': 'application/json' };
      const [clearApi, clearPage, noSession, viaProxy, forwarded, feed, health, loopback] = probe([
        { url: `${plain}/api/appointments/list`, headers: json, body },
        { url: `${plain}/`, method: 'GET' },
        { url: api, headers: json, body },
        { url: api, headers: { ...json, 'x-forwarded-for': '203.0.113.9' }, body },
        { url: api, headers: { ...json, forwarded: 'for=203.0.113.9' }, body },
        { url: `${host.url}/ics/not-a-feed-token.ics`, method: 'GET' },
        { url: `${host.url}/api/health`, method: 'GET' },
        // The host's own loopback is not the desk's: nothing there.
        { url: `http://127.0.0.1:${PORT}/api/health`, method: 'GET' },
      ]);
      // Plain HTTP on the network card: a refusal that names the https address, nothing else.
      for (const r of [clearApi!, clearPage!]) {
        expect(r.status).toBe(400);
        expect(r.text).toBe(
          `ClinicDesk answers only over HTTPS on this address: open ${host.url}/\n`,
        );
        expect(r.headers?.['set-cookie']).toBeUndefined();
      }
      expect(noSession!.status).toBe(401);
      expect(JSON.parse(noSession!.text!)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      for (const r of [viaProxy!, forwarded!]) {
        expect(r.status).toBe(403);
        expect(JSON.parse(r.text!).error.message).toMatch(/does not answer through a proxy/);
      }
      // A feed answers only its own unguessable token.
      expect(feed!.status).toBe(404);
      expect(health!.status).toBe(200);
      expect(loopback!.error).toMatch(/ECONNREFUSED/);
    });

    it('a desk signs in over HTTPS and books; the other desk sees it within a second', async () => {
      const front = await signedInDesk(TEST_ADMIN, 'front');
      const second = await signedInDesk(RECEPTION, 'second');

      // The session cookie: HttpOnly, SameSite=Strict, Secure, scoped to the API.
      const [cookie] = await second.context().cookies(`${host.url}/api/`);
      expect(cookie).toMatchObject({
        name: SESSION_COOKIE,
        path: '/api',
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
      });
      expect(await second.evaluate(() => document.cookie)).toBe('');

      await front
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: 'Today list', exact: true })
        .click();
      await front.getByText(/0 on the books/).waitFor();
      expect(await front.getByRole('row', { name: /Maria Lopez/ }).count()).toBe(0);

      await second.getByRole('button', { name: 'Book appointment' }).click();
      const dialog = second.getByRole('dialog', { name: /Book appointment/ });
      await dialog.getByRole('combobox', { name: 'Patient' }).fill('lopez');
      await dialog.getByRole('option', { name: /Lopez, Maria/ }).click();
      await dialog.getByRole('combobox', { name: 'Visit type' }).fill('follow');
      await second.keyboard.press('Enter');
      const list = dialog.getByRole('listbox', { name: 'First openings' });
      await list.getByRole('option').first().getByText('Ana Patel, MD · Main').waitFor();
      await second.keyboard.press('Enter');
      await second.getByTestId('confirmation-code').waitFor();
      const booked = Date.now();
      expect(await second.getByTestId('read-back').innerText()).toMatch(
        /^Maria Lopez — Follow-up with Ana Patel, MD at Main, Mon Mar 2 at 9:00 AM\./,
      );

      await front.getByRole('row', { name: /Maria Lopez/ }).waitFor({ timeout: 1_000 });
      expect(Date.now() - booked).toBeLessThan(1_000);
      await screenshot(second, 'lan-second-desk-booked');
      await screenshot(front, 'lan-front-desk-sees-it');
      expect(c.patient.id).toBeGreaterThan(0);

      // Settings → Network on any admin's desk shows the fingerprint this host serves with.
      await front
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: 'Network', exact: true })
        .click();
      const shown = front.getByTestId('certificate-fingerprint');
      await shown.waitFor();
      expect(await shown.innerText()).toBe(host.fingerprint256);
      expect(await front.getByTestId('network-state').innerText()).toBe(
        `Other desks open ${host.url} in their browser.`,
      );
      await screenshot(front, 'lan-settings-network');
      // A front-desk role is not shown the screen (and the server refuses it anyway).
      expect(
        await second
          .getByRole('navigation', { name: 'Screens' })
          .getByRole('button', { name: 'Network', exact: true })
          .count(),
      ).toBe(0);
    });
  },
);
