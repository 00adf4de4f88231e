/**
 * Chromium for the e2e tests. No browser is downloaded: Debian's /usr/bin/chromium (or
 * CHROMIUM_PATH) is driven by playwright-core. Where there is none, CI fails (globalSetup) and a
 * developer's run skips the browser tests with the reason printed.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  return fs.existsSync(CHROMIUM_PATH)
    ? null
    : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH to another one)`;
}

/** For describe.skipIf: prints why once per file when the browser tests are skipped. */
export function skipBrowserTests(): boolean {
  const reason = browserUnavailable();
  if (reason) console.warn(`[e2e] skipping the browser tests: ${reason}`);
  return reason !== null;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
