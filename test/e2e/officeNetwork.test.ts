/**
 * Settings → Network on the office host both programs run (core/host/officeHost.ts), in a real
 * browser: the reverse-proxy switch with its explanation, and an open desk told at once where
 * ClinicDesk moved when the administrator changes the address (no restart).
 */
import net from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeHost } from '../../src/core/host/officeHost';
import { buildTinyClinic, NOW, openTestApi } from '../helpers/tinyClinic';
import { TEST_ADMIN, TestDesks } from '../helpers/staff';
import {
  launchChromium,
  openPage,
  RENDERER_DIR,
  screenshot,
  skipBrowserTests,
  waitUntilLive,
} from './browser';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.skipIf(skipBrowserTests())('Settings → Network in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('explains the proxy switch, and a desk is told the new address when it moves', async () => {
    const t = openTestApi({ now: NOW });
    buildTinyClinic(t);
    const office = await startOfficeHost({
      dataDir: t.dir,
      db: t.db,
      registry: t.registry,
      secrets: t.secrets,
      clock: () => t.now,
      staticDir: RENDERER_DIR,
      thisPcOnly: { port: 0 },
      graceMs: 300,
      log: () => {},
    });
    const token = await new TestDesks(t.db).signIn(TEST_ADMIN, NOW);
    const { page, context } = await openPage(browser, office.current()!.url, {
      session: token,
      viewport: { width: 1366, height: 768 },
    });
    try {
      await waitUntilLive(page);
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: 'Network', exact: true })
        .click();
      await page.getByText('Answer through a reverse proxy this clinic runs').waitFor();
      expect(await page.getByTestId('network-state').innerText()).toBe(
        'Only this PC can open ClinicDesk now.',
      );
      expect(await page.getByRole('switch', { name: /reverse proxy/ }).isChecked()).toBe(false);
      await screenshot(page, 'office-network-settings');

      // The administrator (here through the same service the screen calls) moves the host.
      const port = await freePort();
      await office.network.configure({ address: '127.0.0.1', port });
      const notice = page.getByTestId('host-moved');
      await notice.waitFor({ timeout: 5_000 });
      expect(await notice.innerText()).toContain(`https://127.0.0.1:${port}`);
      await screenshot(page, 'office-network-desk-told-it-moved');
    } finally {
      await context.close();
      await office.close();
      t.close();
    }
  });
});
