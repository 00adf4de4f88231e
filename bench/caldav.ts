/**
 * CalDAV figures against real Radicale (Debian's python3-radicale): a calendar of 2,000 events, 200
 * of them weekly series that began before the window, read in full through our adapter (what a
 * first sync and the daily full re-read do), then one event changes on the server and the
 * incremental read is timed. Targets: full read ≤ 5 s, incremental ≤ 200 ms.
 * `npx tsx bench/caldav.ts` prints them as JSON; `npm run bench -- --only integrations` reports them.
 */
import { fileURLToPath } from 'node:url';
import { createCalDavCalendarAccount } from '../src/core/calsync/caldav';
import { radicaleUnavailable, startRadicale } from '../test/standins/caldavServers';

const ZONE = 'America/New_York';
const USER = { username: 'bench', password: 'bench-pw' };
const DAY_MS = 86_400_000;

function ics(uid: string, startUtc: string, endUtc: string, rrule: string | null): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//bench//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${startUtc}`,
    `DTEND:${endUtc}`,
    ...(rrule ? [rrule] : []),
    `SUMMARY:Busy ${uid}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export async function benchCalDavRead(): Promise<{
  fullReadMs: number;
  incrementalMs: number;
} | null> {
  if (radicaleUnavailable()) return null;
  const server = await startRadicale(USER);
  try {
    const path = await server.makeCalendar('busy', 'Busy');
    const windowStartMs = Date.parse('2026-03-02T05:00:00Z');
    const put = async (name: string, body: string) => {
      const r = await server.request({
        method: 'PUT',
        path: `${path}${name}.ics`,
        body,
        headers: { 'content-type': 'text/calendar; charset=utf-8' },
      });
      if (r.status >= 300) throw new Error(`PUT ${name}: ${r.status}`);
    };
    for (let i = 0; i < 2_000; i++) {
      const series = i % 10 === 0;
      // Series began two months before the window; single events spread over the next 90 days.
      const start = series
        ? windowStartMs - 60 * DAY_MS + (i % 7) * DAY_MS + 14 * 3_600_000
        : windowStartMs + (i % 90) * DAY_MS + (8 + (i % 9)) * 3_600_000;
      await put(
        `e${i}`,
        ics(
          `e${i}@bench`,
          stamp(start),
          stamp(start + 1_800_000),
          series ? 'RRULE:FREQ=WEEKLY' : null,
        ),
      );
    }
    const account = createCalDavCalendarAccount({
      serverUrl: server.url,
      username: USER.username,
      password: USER.password,
      accountLabel: 'bench',
      clinicZone: ZONE,
    });
    const calendars = await account.listCalendars();
    const cal = calendars.find((c) => c.name === 'Busy')!;
    const window = { windowStartMs, windowEndMs: windowStartMs + 90 * DAY_MS };
    const t0 = performance.now();
    const full = await account.pullChanges({ calendarId: cal.id, cursor: null, ...window });
    const fullReadMs = performance.now() - t0;
    if (full.changes.length !== 2_000) throw new Error(`read ${full.changes.length} events`);
    await put(
      'e1',
      ics('e1@bench', stamp(windowStartMs + 3_600_000), stamp(windowStartMs + 5_400_000), null),
    );
    const t1 = performance.now();
    const inc = await account.pullChanges({
      calendarId: cal.id,
      cursor: full.nextCursor,
      ...window,
    });
    const incrementalMs = performance.now() - t1;
    if (inc.changes.length < 1) throw new Error('the incremental read missed the change');
    return { fullReadMs, incrementalMs };
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchCalDavRead()));
}
