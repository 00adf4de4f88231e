/**
 * Calendar sync figures: `npx tsx bench/calsync.ts` prints them as JSON.
 * Google: a stand-in calendar of 10,000 events (every 50th a weekly series, every 100th deleted)
 * read through the real googleapis client and our adapter; then 10 events change in "Google" and
 * the incremental pull is timed. Targets: first sync ≤ 5 s, incremental ≤ 200 ms.
 * `benchGoogleSyncIntoDatabase` times the same through the sync engine (src/core/calsync/sync.ts):
 * listing, pull, storing external_events, rebuilding external_busy, conflicts and the push of the
 * provider's appointments, on a real database file.
 */
import { fileURLToPath } from 'node:url';
import { createGoogleAuthClient, createGoogleCalendarAccount } from '../src/core/calsync/google';
import { runCalendarSync } from '../src/core/calsync/service/sync';
import { bulkEvents, GoogleCalendarStandin } from '../test/standins/googleCalendar';
import { buildTinyClinic, openTestApi } from '../test/helpers/tinyClinic';

const ZONE = 'America/New_York';
const CAL = 'dr.patel@northside.example';

export async function benchGoogleSync(): Promise<{ google10kSec: number; incrementalMs: number }> {
  const standin = await GoogleCalendarStandin.start();
  try {
    standin.addCalendar({ id: CAL, summary: 'Dr. Patel', primary: true, timeZone: ZONE });
    const startMs = Date.parse('2026-03-02T00:00:00-05:00');
    standin.seedEvents(
      CAL,
      bulkEvents({ count: 10_000, startMs, zone: ZONE, recurringEvery: 50, cancelledEvery: 100 }),
    );
    const issued = standin.issueTokens();
    const account = createGoogleCalendarAccount({
      auth: createGoogleAuthClient({
        client: { clientId: standin.clientId, endpoints: { tokenUrl: standin.tokenUrl } },
        tokens: {
          accessToken: issued.accessToken,
          refreshToken: issued.refreshToken,
          expiresAtMs: Date.parse('2100-01-01T00:00:00Z'),
          scope: null,
        },
      }),
      accountLabel: CAL,
      clinicZone: ZONE,
      rootUrl: standin.url,
    });
    const window = { windowStartMs: startMs, windowEndMs: startMs + 365 * 86_400_000 };

    let t = performance.now();
    const full = await account.pullChanges({ calendarId: CAL, cursor: null, ...window });
    const google10kSec = (performance.now() - t) / 1000;
    if (full.changes.length < 9_000) throw new Error(`full sync read only ${full.changes.length}`);

    for (let i = 0; i < 10; i++) {
      standin.changeEvent(CAL, `bulk${String(100 + i * 13).padStart(6, '0')}`, {
        summary: 'moved',
        start: { dateTime: '2026-04-01T15:00:00-04:00', timeZone: ZONE },
        end: { dateTime: '2026-04-01T15:30:00-04:00', timeZone: ZONE },
      });
    }
    t = performance.now();
    const inc = await account.pullChanges({ calendarId: CAL, cursor: full.nextCursor, ...window });
    const incrementalMs = performance.now() - t;
    if (inc.changes.length !== 10) throw new Error(`incremental returned ${inc.changes.length}`);
    return {
      google10kSec: Math.round(google10kSec * 1000) / 1000,
      incrementalMs: Math.round(incrementalMs * 10) / 10,
    };
  } finally {
    await standin.close();
  }
}

export async function benchGoogleSyncIntoDatabase(): Promise<{
  engine10kSec: number;
  engineIncrementalMs: number;
  busyRows: number;
}> {
  const standin = await GoogleCalendarStandin.start();
  const t = openTestApi({
    googleTestEndpoints: {
      authUrl: standin.authUrl,
      tokenUrl: standin.tokenUrl,
      apiRootUrl: standin.url,
    },
  });
  try {
    const c = buildTinyClinic(t);
    standin.addCalendar({ id: CAL, summary: 'Dr. Patel', primary: true, timeZone: ZONE });
    standin.seedEvents(
      CAL,
      bulkEvents({
        count: 10_000,
        startMs: t.now,
        zone: ZONE,
        recurringEvery: 50,
        cancelledEvery: 100,
      }),
    );
    const issued = standin.issueTokens();
    const account = t.call('calendars/saveGoogleTokens', {
      providerId: c.providers[0]!.id,
      label: CAL,
      tokens: {
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken,
        expiresAtMs: Date.parse('2100-01-01T00:00:00Z'),
        scope: null,
      },
      client: { clientId: standin.clientId },
    });
    const run = async () => {
      t.call('calendars/syncNow', { accountId: account.id });
      const r = await runCalendarSync({
        db: t.db,
        secrets: t.secrets,
        clock: () => t.now,
        publish: () => {},
      });
      if (r.ok !== 1) throw new Error(`sync failed: ${t.call('calendars/list', {})[0]?.lastError}`);
    };
    let started = performance.now();
    await run();
    const engine10kSec = (performance.now() - started) / 1000;
    const busyRows = (
      t.db.sqlite.prepare('SELECT count(*) AS n FROM external_busy').get() as { n: number }
    ).n;
    if (busyRows < 5_000) throw new Error(`only ${busyRows} busy rows stored`);
    for (let i = 0; i < 10; i++) {
      standin.changeEvent(CAL, `bulk${String(100 + i * 13).padStart(6, '0')}`, {
        start: { dateTime: '2026-04-01T15:00:00-04:00', timeZone: ZONE },
        end: { dateTime: '2026-04-01T15:30:00-04:00', timeZone: ZONE },
      });
    }
    started = performance.now();
    await run();
    const engineIncrementalMs = performance.now() - started;
    return {
      engine10kSec: Math.round(engine10kSec * 1000) / 1000,
      engineIncrementalMs: Math.round(engineIncrementalMs * 10) / 10,
      busyRows,
    };
  } finally {
    await standin.close();
    t.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchGoogleSync()));
  console.log(JSON.stringify(await benchGoogleSyncIntoDatabase()));
}
