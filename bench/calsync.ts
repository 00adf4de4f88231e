/**
 * Calendar sync figures: `npx tsx bench/calsync.ts` prints them as JSON.
 * Google: a stand-in calendar of 10,000 events (every 50th a weekly series, every 100th deleted)
 * read through the real googleapis client and our adapter; then 10 events change in "Google" and
 * the incremental pull is timed. Targets: first sync ≤ 5 s, incremental ≤ 200 ms.
 */
import { fileURLToPath } from 'node:url';
import { createGoogleAuthClient, createGoogleCalendarAccount } from '../src/core/calsync/google';
import { bulkEvents, GoogleCalendarStandin } from '../test/standins/googleCalendar';

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchGoogleSync()));
}
