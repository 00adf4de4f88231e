/**
 * `ui.dayView20.ms`: a clinic with 20 providers and 400 appointments on one day, served by the
 * real HTTP host; Debian's Chromium opens the day view, and the page's own performance marks
 * (src/renderer/src/calendar/ProviderCalendar.tsx) give the time from the calendar/view data
 * arriving ('cd:data') to the painted, interactive grid ('cd:painted'). The median of several
 * fresh page loads is returned.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { createApi } from '../src/core/api';
import type { ApiInput, ApiName, ApiOutput } from '../src/core/api/types';
import { openDatabase } from '../src/core/db/open';
import { startHttpHost } from '../src/core/host/http';
import { browserUnavailable, launchChromium } from '../test/e2e/chromium';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_DIR = path.join(root, 'out', 'renderer');
const ZONE = 'America/New_York';
/**
 * Today in New York, from 07:00 (the server's clock). The browser keeps its real clock: Playwright's
 * fake clock replaces `performance` too, and the marks would be lost.
 */
const DAY = DateTime.now().setZone(ZONE).toISODate()!;
const NOW = DateTime.fromISO(`${DAY}T07:00`, { zone: ZONE }).toMillis();
const PROVIDERS = 20;
const PER_PROVIDER = 20;
const LOADS = 7;

function buildRenderer(): void {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The 20-provider, 400-appointment day served over HTTP (also handy for profiling by hand). */
export async function serveDayView20(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-bench-ui-'));
  const db = openDatabase({ file: path.join(dir, 'clinicdesk.db'), durability: 'normal' });
  const registry = createApi();
  const call = <K extends ApiName>(name: K, input: ApiInput<K>): ApiOutput<K> => {
    const r = registry.call(name, input, { db, now: NOW, actor: 'bench', origin: 'bench' });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data as ApiOutput<K>;
  };

  call('setup/startEmpty', { name: 'Bench Clinic', timeZone: ZONE });
  const loc = call('locations/create', {
    name: 'Main',
    address1: '1 Main St',
    city: 'Boston',
    state: 'MA',
    zip: '02110',
  });
  const visit = call('visitTypes/create', {
    name: 'Short visit',
    durationMinutes: 15,
    cptCode: '99212',
    specialties: [],
  });
  const taxonomies = ['207Q00000X', '207R00000X', '208000000X', '207RC0000X'];
  const patients = Array.from({ length: PROVIDERS * PER_PROVIDER }, (_, i) =>
    call('patients/create', {
      firstName: `Pat${i}`,
      lastName: `Bench${String.fromCharCode(65 + (i % 26))}`,
      dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    }),
  );
  for (let p = 0; p < PROVIDERS; p++) {
    const provider = call('providers/create', {
      firstName: `Doc${p}`,
      lastName: `Provider${String.fromCharCode(65 + p)}`,
      credentials: 'MD',
      taxonomyCode: taxonomies[p % taxonomies.length]!,
      locationIds: [loc.id],
    });
    call('schedules/setWeekly', {
      providerId: provider.id,
      locationId: loc.id,
      effectiveFrom: '2026-01-01',
      days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        hours: [{ start: '08:00', end: '18:00' }],
        breaks: [],
      })),
    });
    // Every 30 minutes from 08:00, 15 minutes long.
    const eight = DateTime.fromISO(`${DAY}T08:00`, { zone: ZONE });
    for (let k = 0; k < PER_PROVIDER; k++) {
      call('appointments/book', {
        patientId: patients[p * PER_PROVIDER + k]!.id,
        providerId: provider.id,
        locationId: loc.id,
        visitTypeId: visit.id,
        start: eight
          .plus({ minutes: k * 30 })
          .toUTC()
          .toISO()!,
      });
    }
  }

  const host = await startHttpHost({
    db,
    registry,
    staticDir: RENDERER_DIR,
    port: 0,
    clock: () => NOW,
  });
  return {
    url: host.url,
    async close() {
      await host.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchDayView20(): Promise<number> {
  const missing = browserUnavailable();
  if (missing) throw new Error(`ui.dayView20: ${missing}`);
  buildRenderer();
  const served = await serveDayView20();
  const browser = await launchChromium();
  const samples: number[] = [];
  try {
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({
        timezoneId: ZONE,
        locale: 'en-US',
        viewport: { width: 1366, height: 768 },
      });
      const page = await context.newPage();
      await page.goto(served.url);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-appointment-id]').length >= n,
        PROVIDERS * PER_PROVIDER,
        { timeout: 30_000 },
      );
      // The first data → painted pair: the grid's first render with everything on it.
      const ms = await page.waitForFunction(() => {
        const data = performance.getEntriesByName('cd:data')[0];
        if (!data) return null;
        const painted = performance
          .getEntriesByName('cd:painted')
          .find((m) => m.startTime >= data.startTime);
        return painted ? painted.startTime - data.startTime : null;
      });
      samples.push((await ms.jsonValue()) as number);
      await context.close();
    }
  } finally {
    await browser.close();
    await served.close();
  }
  // The first load warms the browser's caches (a receptionist's PC has the app open all day).
  return median(samples.slice(1));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ms = await benchDayView20();
  console.log(`ui.dayView20.ms ${ms.toFixed(1)} ms (target ≤ 300 ms)`);
}
