import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bulkEvents, GoogleCalendarStandin } from '../../../../test/standins/googleCalendar';
import { CalendarSyncError, type RemoteEventChange } from '../port';
import { createGoogleCalendarAccount, decodeCursor } from './adapter';
import { createGoogleAuthClient, type GoogleTokens } from './oauth';

const CAL = 'dr.patel@northside.example';
const ZONE = 'America/New_York';
const WINDOW = {
  windowStartMs: Date.parse('2026-03-01T00:00:00-05:00'),
  windowEndMs: Date.parse('2026-05-01T00:00:00-04:00'),
};
/** Far enough that google-auth-library never thinks the access token is due for refresh. */
const NEVER_EXPIRES = Date.parse('2100-01-01T00:00:00Z');

let standin: GoogleCalendarStandin;
beforeAll(async () => {
  standin = await GoogleCalendarStandin.start();
});
afterAll(async () => {
  await standin.close();
});

let sleeps: number[];
let savedTokens: GoogleTokens[];
function account(
  options: { tokens?: Partial<GoogleTokens>; pageSize?: number; titleTemplate?: string } = {},
) {
  const issued = standin.issueTokens();
  const auth = createGoogleAuthClient({
    client: {
      clientId: standin.clientId,
      clientSecret: standin.clientSecret,
      endpoints: { tokenUrl: standin.tokenUrl },
    },
    tokens: {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresAtMs: NEVER_EXPIRES,
      scope: null,
      ...options.tokens,
    },
    onTokens: (t) => savedTokens.push(t),
  });
  return createGoogleCalendarAccount({
    auth,
    accountLabel: CAL,
    clinicZone: ZONE,
    rootUrl: standin.url,
    backoff: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.titleTemplate ? { titleTemplate: options.titleTemplate } : {}),
  });
}

let calendarNo = 0;
let cal: string;
beforeEach(() => {
  sleeps = [];
  savedTokens = [];
  cal = `${CAL}#${++calendarNo}`; // a fresh calendar per test
  standin.addCalendar({ id: cal, summary: 'Dr. Patel', primary: true, timeZone: ZONE });
  standin.requests.length = 0;
});
afterEach(() => {
  standin.consent = 'approve';
});

const iso = (s: string) => Date.parse(s);
function upserts(changes: RemoteEventChange[]) {
  return changes.filter(
    (c): c is Extract<RemoteEventChange, { kind: 'upsert' }> => c.kind === 'upsert',
  );
}
function byId(changes: RemoteEventChange[], id: string) {
  const c = changes.find((x) => x.remoteId === id);
  if (!c) throw new Error(`no change for ${id}`);
  return c;
}
async function failure(p: Promise<unknown>): Promise<CalendarSyncError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CalendarSyncError) return e;
    throw e;
  }
  throw new Error('expected a CalendarSyncError');
}
const oneHour = (id: string, startIso: string, extra: object = {}) => ({
  id,
  summary: 'Busy',
  start: { dateTime: startIso, timeZone: ZONE },
  end: { dateTime: new Date(iso(startIso) + 3_600_000).toISOString(), timeZone: ZONE },
  ...extra,
});

describe('listing calendars', () => {
  it('names each calendar and says which can receive appointments', async () => {
    standin.addCalendar({ id: `${cal}-holidays`, summary: 'Holidays', accessRole: 'reader' });
    const list = await account().listCalendars();
    expect(list.find((c) => c.id === cal)).toEqual({
      id: cal,
      name: 'Dr. Patel',
      primary: true,
      writable: true,
      timeZone: ZONE,
    });
    expect(list.find((c) => c.id === `${cal}-holidays`)?.writable).toBe(false);
  });
});

describe('first sync', () => {
  it('reads every page and ends with a cursor; deleted events are not listed', async () => {
    const events = bulkEvents({
      count: 600,
      startMs: WINDOW.windowStartMs,
      zone: ZONE,
      cancelledEvery: 50,
    });
    standin.seedEvents(cal, events);
    const r = await account({ pageSize: 250 }).pullChanges({
      calendarId: cal,
      cursor: null,
      ...WINDOW,
    });
    expect(r.fullResync).toBe(true);
    const listCalls = standin.requests.filter((q) => q.startsWith(`GET /calendar/v3/calendars/`));
    expect(listCalls).toHaveLength(3);
    expect(listCalls[1]).toContain('pageToken=');
    expect(listCalls[0]).toContain('timeMin=');
    expect(listCalls[0]).toContain('singleEvents=false');
    expect(r.changes).toHaveLength(600 - 12);
    expect(r.changes.every((c) => c.kind === 'upsert' && c.busy.length === 1)).toBe(true);
    const first = byId(r.changes, 'bulk000000');
    expect(first).toMatchObject({
      busy: [
        { startMs: iso('2026-03-01T13:00:00Z'), endMs: iso('2026-03-01T13:30:00Z'), allDay: false },
      ],
    });
    expect(decodeCursor(r.nextCursor)?.syncToken).toMatch(/^st\d+$/);
  });

  it('leaves out events that ended before the window', async () => {
    standin.seedEvents(cal, [
      oneHour('old', '2026-02-10T09:00:00-05:00'),
      oneHour('new', '2026-03-10T09:00:00-04:00'),
    ]);
    const r = await account().pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    expect(r.changes.map((c) => c.remoteId)).toEqual(['new']);
  });
});

describe('incremental sync', () => {
  it('returns only the 10 events changed since the cursor, at their new times', async () => {
    standin.seedEvents(cal, bulkEvents({ count: 1000, startMs: WINDOW.windowStartMs, zone: ZONE }));
    const a = account();
    const first = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    const moved: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = `bulk${String(i * 7).padStart(6, '0')}`;
      moved.push(id);
      standin.changeEvent(cal, id, {
        start: { dateTime: '2026-04-01T15:00:00-04:00' },
        end: { dateTime: '2026-04-01T15:45:00-04:00' },
      });
    }
    standin.requests.length = 0;
    const r = await a.pullChanges({ calendarId: cal, cursor: first.nextCursor, ...WINDOW });
    expect(r.fullResync).toBe(false);
    expect(r.changes.map((c) => c.remoteId).sort()).toEqual(moved.sort());
    for (const c of upserts(r.changes)) {
      expect(c.busy).toEqual([
        { startMs: iso('2026-04-01T19:00:00Z'), endMs: iso('2026-04-01T19:45:00Z'), allDay: false },
      ]);
    }
    expect(standin.requests).toHaveLength(1);
    expect(standin.requests[0]).toContain('syncToken=');
    expect(standin.requests[0]).not.toContain('timeMin');

    const again = await a.pullChanges({ calendarId: cal, cursor: r.nextCursor, ...WINDOW });
    expect(again.changes).toEqual([]);
  });

  it('reports an event deleted in Google as a delete', async () => {
    standin.seedEvents(cal, [oneHour('lunch', '2026-03-10T12:00:00-04:00')]);
    const a = account();
    const first = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    standin.removeEvent(cal, 'lunch');
    const r = await a.pullChanges({ calendarId: cal, cursor: first.nextCursor, ...WINDOW });
    expect(r.changes).toEqual([{ kind: 'delete', remoteId: 'lunch' }]);
  });

  it('starts over with fullResync when Google answers 410 Gone for the sync token', async () => {
    standin.seedEvents(cal, [
      oneHour('a', '2026-03-10T09:00:00-04:00'),
      oneHour('b', '2026-03-11T09:00:00-04:00'),
    ]);
    const a = account();
    const first = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    standin.expireSyncTokens();
    standin.requests.length = 0;
    const r = await a.pullChanges({ calendarId: cal, cursor: first.nextCursor, ...WINDOW });
    expect(r.fullResync).toBe(true);
    expect(r.changes.map((c) => c.remoteId).sort()).toEqual(['a', 'b']);
    expect(standin.requests[0]).toContain('syncToken=');
    expect(standin.requests[1]).toContain('timeMin=');
    expect(decodeCursor(r.nextCursor)?.syncToken).not.toBe(
      decodeCursor(first.nextCursor)?.syncToken,
    );
  });

  it('does a full resync when the window moved past what the cursor was expanded for', async () => {
    standin.seedEvents(cal, [oneHour('a', '2026-03-10T09:00:00-04:00')]);
    const a = account();
    const first = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    const later = {
      windowStartMs: WINDOW.windowStartMs,
      windowEndMs: iso('2026-07-01T00:00:00-04:00'),
    };
    const r = await a.pullChanges({ calendarId: cal, cursor: first.nextCursor, ...later });
    expect(r.fullResync).toBe(true);
    const sameWindow = await a.pullChanges({
      calendarId: cal,
      cursor: first.nextCursor,
      ...WINDOW,
    });
    expect(sameWindow.fullResync).toBe(false);
  });

  it('treats an unreadable cursor as a first sync', async () => {
    standin.seedEvents(cal, [oneHour('a', '2026-03-10T09:00:00-04:00')]);
    const r = await account().pullChanges({ calendarId: cal, cursor: 'garbage', ...WINDOW });
    expect(r.fullResync).toBe(true);
    expect(r.changes).toHaveLength(1);
  });
});

describe('what counts as busy', () => {
  it('does not count free (transparent) events, but lists them', async () => {
    standin.seedEvents(cal, [
      oneHour('gym', '2026-03-10T07:00:00-04:00', { transparency: 'transparent' }),
    ]);
    const r = await account().pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    expect(byId(r.changes, 'gym')).toMatchObject({ kind: 'upsert', busy: [], transparent: true });
  });

  it('does not count a cancelled event: it is a delete on incremental and absent on a full sync', async () => {
    standin.seedEvents(cal, [
      oneHour('gone', '2026-03-10T07:00:00-04:00', { status: 'cancelled' }),
    ]);
    const a = account();
    const first = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    expect(first.changes).toEqual([]);
    standin.seedEvents(cal, [
      oneHour('gone2', '2026-03-11T07:00:00-04:00', { status: 'cancelled' }),
    ]);
    const r = await a.pullChanges({ calendarId: cal, cursor: first.nextCursor, ...WINDOW });
    expect(r.changes).toEqual([{ kind: 'delete', remoteId: 'gone2' }]);
  });

  it('makes a whole-day event busy from local midnight to midnight in the clinic zone', async () => {
    standin.seedEvents(cal, [
      {
        id: 'conf',
        summary: 'Conference',
        start: { date: '2026-03-07' },
        end: { date: '2026-03-09' },
      },
    ]);
    const r = await account().pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    // 8 March is the 23-hour day of the spring change.
    expect(byId(r.changes, 'conf')).toMatchObject({
      busy: [
        { startMs: iso('2026-03-07T05:00:00Z'), endMs: iso('2026-03-09T04:00:00Z'), allDay: true },
      ],
    });
  });

  it('marks ClinicDesk’s own appointment events as ours, with where the copy sits (the engine never counts them as busy)', async () => {
    const a = account();
    const first = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    const put = await a.putEvent({
      calendarId: cal,
      event: {
        appointmentId: 'appt-77',
        startMs: iso('2026-03-12T14:00:00Z'),
        endMs: iso('2026-03-12T14:30:00Z'),
        timeZone: ZONE,
        referenceCode: 'A-77',
      },
    });
    const copy = {
      startMs: iso('2026-03-12T14:00:00Z'),
      endMs: iso('2026-03-12T14:30:00Z'),
      allDay: false,
    };
    const inc = await a.pullChanges({ calendarId: cal, cursor: first.nextCursor, ...WINDOW });
    expect(inc.changes).toEqual([
      expect.objectContaining({
        kind: 'upsert',
        remoteId: put.remoteId,
        busy: [copy],
        clinicAppointmentId: 'appt-77',
      }),
    ]);
    const full = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    expect(byId(full.changes, put.remoteId)).toMatchObject({
      busy: [copy],
      clinicAppointmentId: 'appt-77',
    });
  });
});

describe('repeating events', () => {
  const weekly = {
    id: 'rounds',
    summary: 'Hospital rounds',
    start: { dateTime: '2026-03-02T09:00:00-05:00', timeZone: ZONE },
    end: { dateTime: '2026-03-02T10:00:00-05:00', timeZone: ZONE },
    recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4'],
  };
  const expected = [
    { startMs: iso('2026-03-02T14:00:00Z'), endMs: iso('2026-03-02T15:00:00Z'), allDay: false },
    // After the change on Sunday 8 March 09:00 New York is 13:00Z.
    { startMs: iso('2026-03-09T13:00:00Z'), endMs: iso('2026-03-09T14:00:00Z'), allDay: false },
    { startMs: iso('2026-03-16T13:00:00Z'), endMs: iso('2026-03-16T14:00:00Z'), allDay: false },
    { startMs: iso('2026-03-23T13:00:00Z'), endMs: iso('2026-03-23T14:00:00Z'), allDay: false },
  ];

  it('stays at 09:00 New York time across the DST change, on full and on incremental sync', async () => {
    standin.seedEvents(cal, [weekly]);
    const a = account();
    const full = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    expect(byId(full.changes, 'rounds')).toMatchObject({ busy: expected });

    standin.changeEvent(cal, 'rounds', { summary: 'Rounds (north wing)' });
    const inc = await a.pullChanges({ calendarId: cal, cursor: full.nextCursor, ...WINDOW });
    expect(inc.changes).toEqual([expect.objectContaining({ remoteId: 'rounds', busy: expected })]);
  });

  it('applies moved and cancelled occurrences, and Google’s own expansion agrees with ours', async () => {
    standin.seedEvents(cal, [
      weekly,
      {
        id: 'rounds_20260309T130000Z',
        recurringEventId: 'rounds',
        originalStartTime: { dateTime: '2026-03-09T09:00:00-04:00', timeZone: ZONE },
        status: 'cancelled',
      },
      {
        id: 'rounds_20260316T130000Z',
        recurringEventId: 'rounds',
        originalStartTime: { dateTime: '2026-03-16T09:00:00-04:00', timeZone: ZONE },
        start: { dateTime: '2026-03-17T11:00:00-04:00', timeZone: ZONE },
        end: { dateTime: '2026-03-17T12:00:00-04:00', timeZone: ZONE },
      },
    ]);
    const a = account();
    const full = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    expect(full.changes.map((c) => c.remoteId)).toEqual(['rounds']);
    const movedAndCancelled = [
      expected[0],
      { startMs: iso('2026-03-17T15:00:00Z'), endMs: iso('2026-03-17T16:00:00Z'), allDay: false },
      expected[3],
    ];
    expect(byId(full.changes, 'rounds')).toMatchObject({ busy: movedAndCancelled });

    // The provider cancels 2 March in Google: only that occurrence arrives; the series is re-read.
    standin.seedEvents(cal, [
      {
        id: 'rounds_20260302T140000Z',
        recurringEventId: 'rounds',
        originalStartTime: { dateTime: '2026-03-02T09:00:00-05:00', timeZone: ZONE },
        status: 'cancelled',
      },
    ]);
    const inc = await a.pullChanges({ calendarId: cal, cursor: full.nextCursor, ...WINDOW });
    expect(inc.changes).toEqual([
      expect.objectContaining({
        kind: 'upsert',
        remoteId: 'rounds',
        busy: movedAndCancelled.slice(1),
      }),
    ]);
  });

  it('reports a deleted series as one delete', async () => {
    standin.seedEvents(cal, [weekly]);
    const a = account();
    const full = await a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    standin.removeEvent(cal, 'rounds');
    const inc = await a.pullChanges({ calendarId: cal, cursor: full.nextCursor, ...WINDOW });
    expect(inc.changes).toEqual([{ kind: 'delete', remoteId: 'rounds' }]);
  });
});

describe('sign-in trouble', () => {
  it('says AUTH_REVOKED, in words, when Google refuses the token (401)', async () => {
    const a = account();
    standin.revokeGrant();
    const e = await failure(a.pullChanges({ calendarId: cal, cursor: null, ...WINDOW }));
    expect(e.code).toBe('AUTH_REVOKED');
    expect(e.retryable).toBe(false);
    expect(e.message).toBe(
      `Google refused the saved sign-in for ${CAL} (it was revoked or has expired); sign in again to keep calendars in sync.`,
    );
    expect(sleeps).toEqual([]); // never retried
  });

  it('refreshes an expired access token by itself and hands the new tokens over', async () => {
    const a = account({ tokens: { expiresAtMs: iso('2020-01-01T00:00:00Z') } });
    standin.expireAccessTokens();
    await expect(a.listCalendars()).resolves.toBeDefined();
    expect(savedTokens).toHaveLength(1);
    expect(savedTokens[0]!.refreshToken).toMatch(/^1\/\//);
    expect(savedTokens[0]!.expiresAtMs).toBeGreaterThan(iso('2025-01-01T00:00:00Z'));
  });

  it('says AUTH_REVOKED when the refresh is refused with invalid_grant', async () => {
    const a = account({ tokens: { expiresAtMs: iso('2020-01-01T00:00:00Z') } });
    standin.revokeGrant();
    const e = await failure(
      a.putEvent({
        calendarId: cal,
        event: {
          appointmentId: 'x',
          startMs: WINDOW.windowStartMs,
          endMs: WINDOW.windowStartMs + 1_800_000,
          timeZone: ZONE,
        },
      }),
    );
    expect(e.code).toBe('AUTH_REVOKED');
    expect(e.message).toContain(CAL);
  });
});

describe('rate limits and outages', () => {
  it('backs off on 403 rateLimitExceeded, 429 and 503, then succeeds', async () => {
    standin.seedEvents(cal, [oneHour('a', '2026-03-10T09:00:00-04:00')]);
    standin.failNext({ status: 403, match: '/events' });
    standin.failNext({ status: 429, match: '/events' });
    standin.failNext({ status: 503, match: '/events' });
    const r = await account().pullChanges({ calendarId: cal, cursor: null, ...WINDOW });
    expect(r.changes).toHaveLength(1);
    // 1 s, 2 s, 4 s, each times 0.5 + random/2 = 0.75.
    expect(sleeps).toEqual([750, 1500, 3000]);
  });

  it('honours Retry-After', async () => {
    standin.failNext({ status: 429, retryAfterSec: 20, match: 'calendarList' });
    await account().listCalendars();
    expect(sleeps).toEqual([20_000]);
  });

  it('gives up with RATE_LIMITED or UNAVAILABLE after five tries', async () => {
    standin.failNext({ status: 429, times: 5, match: 'calendarList' });
    const limited = await failure(account().listCalendars());
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.retryable).toBe(true);
    expect(sleeps).toHaveLength(4);

    sleeps = [];
    standin.failNext({ status: 500, times: 5, match: 'calendarList' });
    const down = await failure(account().listCalendars());
    expect(down.code).toBe('UNAVAILABLE');
    expect(down.message).toBe(
      `Google Calendar could not be reached while listing calendars for ${CAL}; ClinicDesk will try again when the connection is back.`,
    );
  });

  it('says UNAVAILABLE when nothing answers at all', async () => {
    const dead = await GoogleCalendarStandin.start();
    const url = dead.url;
    await dead.close();
    const issued = standin.issueTokens();
    const a = createGoogleCalendarAccount({
      auth: createGoogleAuthClient({
        client: { clientId: standin.clientId },
        tokens: {
          accessToken: issued.accessToken,
          refreshToken: null,
          expiresAtMs: NEVER_EXPIRES,
          scope: null,
        },
      }),
      accountLabel: CAL,
      clinicZone: ZONE,
      rootUrl: url,
      backoff: { sleep: async (ms) => void sleeps.push(ms), random: () => 0, maxAttempts: 2 },
    });
    const e = await failure(a.listCalendars());
    expect(e.code).toBe('UNAVAILABLE');
    expect(sleeps).toEqual([500]);
  });
});

describe('writing appointments', () => {
  const appt = {
    appointmentId: 'appt-1',
    startMs: iso('2026-03-10T13:30:00Z'),
    endMs: iso('2026-03-10T14:00:00Z'),
    timeZone: ZONE,
    referenceCode: 'A-10482',
  };

  it('creates an event with the minimum necessary, then moves it, then deletes it', async () => {
    const a = account();
    const created = await a.putEvent({ calendarId: cal, event: appt });
    const stored = standin.event(cal, created.remoteId)!;
    expect(stored).toMatchObject({
      summary: 'Clinic appointment',
      description: 'ClinicDesk reference A-10482',
      start: { dateTime: '2026-03-10T09:30:00-04:00', timeZone: ZONE },
      end: { dateTime: '2026-03-10T10:00:00-04:00', timeZone: ZONE },
      transparency: 'opaque',
      visibility: 'private',
      extendedProperties: { private: { clinicdeskAppointmentId: 'appt-1' } },
    });
    expect(created.etag).toBe(stored.etag);

    const moved = await a.putEvent({
      calendarId: cal,
      remoteId: created.remoteId,
      etag: created.etag,
      event: { ...appt, startMs: iso('2026-03-11T15:00:00Z'), endMs: iso('2026-03-11T15:30:00Z') },
    });
    expect(moved.remoteId).toBe(created.remoteId);
    expect(standin.event(cal, created.remoteId)!.start?.dateTime).toBe('2026-03-11T11:00:00-04:00');
    expect(standin.requests.some((q) => q.startsWith('PATCH '))).toBe(true);

    await a.deleteEvent({ calendarId: cal, remoteId: created.remoteId, etag: moved.etag });
    expect(standin.event(cal, created.remoteId)!.status).toBe('cancelled');
    // Deleting again (410) or deleting what never existed (404) is already done.
    await a.deleteEvent({ calendarId: cal, remoteId: created.remoteId });
    await a.deleteEvent({ calendarId: cal, remoteId: 'never-there' });
  });

  it('refuses to overwrite an event someone changed in Google since (412 → CONFLICT)', async () => {
    const a = account();
    const created = await a.putEvent({ calendarId: cal, event: appt });
    standin.changeEvent(cal, created.remoteId, { location: 'Room 2' });
    const e = await failure(
      a.putEvent({ calendarId: cal, remoteId: created.remoteId, etag: created.etag, event: appt }),
    );
    expect(e.code).toBe('CONFLICT');
    const d = await failure(
      a.deleteEvent({ calendarId: cal, remoteId: created.remoteId, etag: created.etag }),
    );
    expect(d.code).toBe('CONFLICT');
  });

  it('uses the configured title, filling in only the reference code', async () => {
    const a = account({ titleTemplate: 'Northside visit {reference}' });
    const created = await a.putEvent({ calendarId: cal, event: appt });
    expect(standin.event(cal, created.remoteId)!.summary).toBe('Northside visit A-10482');
    expect(() => account({ titleTemplate: 'Visit for {patient}' })).toThrow(
      'The calendar event title may only fill in {reference}, not {patient}',
    );
  });

  it('says NOT_FOUND when the calendar is gone', async () => {
    const e = await failure(account().putEvent({ calendarId: 'nobody@example.org', event: appt }));
    expect(e.code).toBe('NOT_FOUND');
  });
});
