/**
 * The stand-in checked through the official googleapis client and google-auth-library, with no
 * ClinicDesk code in between: if these pass, the adapter tests exercise Google's real wire format.
 */
import { createHash } from 'node:crypto';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkEvents, GoogleCalendarStandin } from '../standins/googleCalendar';

const ZONE = 'America/New_York';
let standin: GoogleCalendarStandin;
let api: calendar_v3.Calendar;
let auth: OAuth2Client;

beforeAll(async () => {
  standin = await GoogleCalendarStandin.start();
  standin.addCalendar({ id: 'primary', summary: 'Dr. Patel', primary: true, timeZone: ZONE });
  const t = standin.issueTokens();
  auth = new OAuth2Client({
    clientId: standin.clientId,
    clientSecret: standin.clientSecret,
    endpoints: { oauth2TokenUrl: standin.tokenUrl },
  });
  auth.setCredentials({
    access_token: t.accessToken,
    refresh_token: t.refreshToken,
    expiry_date: Date.parse('2100-01-01T00:00:00Z'),
  });
  api = calendar({ version: 'v3', auth: auth as never, rootUrl: standin.url, retry: false });
});
afterAll(async () => {
  await standin.close();
});

function status(e: unknown): { status: number | undefined; data: unknown } {
  const r = (e as { response?: { status: number; data: unknown } }).response;
  return { status: r?.status, data: r?.data };
}

describe('events through the googleapis client', () => {
  it('inserts, gets, patches (with If-Match) and deletes an event', async () => {
    const ins = await api.events.insert({
      calendarId: 'primary',
      requestBody: {
        summary: 'Clinic appointment',
        start: { dateTime: '2026-03-10T09:30:00-04:00', timeZone: ZONE },
        end: { dateTime: '2026-03-10T10:00:00-04:00', timeZone: ZONE },
        extendedProperties: { private: { clinicdeskAppointmentId: 'a1' } },
      },
    });
    const id = ins.data.id!;
    expect(id).toMatch(/^[0-9a-v]{20}$/);
    const got = await api.events.get({ calendarId: 'primary', eventId: id });
    expect(got.data.extendedProperties?.private?.clinicdeskAppointmentId).toBe('a1');
    const patched = await api.events.patch(
      { calendarId: 'primary', eventId: id, requestBody: { location: 'Room 2' } },
      { headers: { 'If-Match': ins.data.etag! } },
    );
    expect(patched.data).toMatchObject({ summary: 'Clinic appointment', location: 'Room 2' });
    expect(patched.data.etag).not.toBe(ins.data.etag);
    const stale = await api.events
      .patch(
        { calendarId: 'primary', eventId: id, requestBody: { location: 'x' } },
        { headers: { 'If-Match': ins.data.etag! } },
      )
      .catch(status);
    expect(stale).toMatchObject({ status: 412 });
    await api.events.delete({ calendarId: 'primary', eventId: id });
    const again = await api.events.delete({ calendarId: 'primary', eventId: id }).catch(status);
    expect(again).toMatchObject({ status: 410 });
    const missing = await api.events.get({ calendarId: 'primary', eventId: 'nope' }).catch(status);
    expect(missing).toMatchObject({ status: 404 });
  });

  it('pages a 10,000-event calendar and then returns only what changed after the sync token', async () => {
    standin.addCalendar({ id: 'big', summary: 'Big' });
    standin.seedEvents(
      'big',
      bulkEvents({ count: 10_000, startMs: Date.parse('2026-01-05T00:00:00Z'), zone: ZONE }),
    );
    let pageToken: string | undefined;
    let seen = 0;
    let pages = 0;
    let syncToken: string | null | undefined;
    do {
      const r = await api.events.list({
        calendarId: 'big',
        maxResults: 2500,
        pageToken,
        showDeleted: true,
      });
      seen += r.data.items!.length;
      pages++;
      pageToken = r.data.nextPageToken ?? undefined;
      syncToken = r.data.nextSyncToken;
      if (pageToken) expect(syncToken).toBeUndefined();
    } while (pageToken);
    expect({ seen, pages }).toEqual({ seen: 10_000, pages: 4 });
    expect(syncToken).toBeTruthy();

    standin.changeEvent('big', 'bulk000005', { summary: 'moved' });
    standin.removeEvent('big', 'bulk000006');
    const inc = await api.events.list({ calendarId: 'big', syncToken: syncToken! });
    expect(inc.data.items!.map((e) => [e.id, e.status])).toEqual([
      ['bulk000005', 'confirmed'],
      ['bulk000006', 'cancelled'],
    ]);
    const none = await api.events.list({ calendarId: 'big', syncToken: inc.data.nextSyncToken! });
    expect(none.data.items).toEqual([]);
  });

  it('refuses a sync token with timeMin (400), and answers 410 fullSyncRequired once tokens expire', async () => {
    const r = await api.events.list({ calendarId: 'primary' });
    const bad = await api.events
      .list({
        calendarId: 'primary',
        syncToken: r.data.nextSyncToken!,
        timeMin: '2026-01-01T00:00:00Z',
      })
      .catch(status);
    expect(bad).toMatchObject({ status: 400 });
    standin.expireSyncTokens();
    const gone = await api.events
      .list({ calendarId: 'primary', syncToken: r.data.nextSyncToken! })
      .catch(status);
    expect(gone).toEqual({
      status: 410,
      data: {
        error: {
          code: 410,
          message: 'Sync token is no longer valid, a full sync is required.',
          errors: [
            {
              domain: 'global',
              reason: 'fullSyncRequired',
              message: 'Sync token is no longer valid, a full sync is required.',
            },
          ],
        },
      },
    });
  });

  it('expands a series with singleEvents and through events.instances, in its own zone', async () => {
    standin.addCalendar({ id: 'rec', summary: 'Recurring' });
    standin.seedEvents('rec', [
      {
        id: 'weekly',
        start: { dateTime: '2026-03-02T09:00:00-05:00', timeZone: ZONE },
        end: { dateTime: '2026-03-02T10:00:00-05:00', timeZone: ZONE },
        recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'],
      },
      {
        id: 'weekly_20260309T130000Z',
        recurringEventId: 'weekly',
        originalStartTime: { dateTime: '2026-03-09T09:00:00-04:00', timeZone: ZONE },
        status: 'cancelled',
      },
    ]);
    const single = await api.events.list({
      calendarId: 'rec',
      singleEvents: true,
      timeMin: '2026-03-01T00:00:00Z',
      timeMax: '2026-04-01T00:00:00Z',
    });
    expect(single.data.items!.map((e) => [e.id, e.start?.dateTime])).toEqual([
      ['weekly_20260302T140000Z', '2026-03-02T09:00:00.000-05:00'],
      ['weekly_20260316T130000Z', '2026-03-16T09:00:00.000-04:00'],
    ]);
    const inst = await api.events.instances({
      calendarId: 'rec',
      eventId: 'weekly',
      showDeleted: true,
    });
    expect(inst.data.items!.map((e) => e.status)).toEqual(['confirmed', 'cancelled', 'confirmed']);
    // Without singleEvents: the series and its cancelled occurrence, even without showDeleted.
    const raw = await api.events.list({ calendarId: 'rec' });
    expect(raw.data.items!.map((e) => e.id)).toEqual(['weekly', 'weekly_20260309T130000Z']);
  });

  it('injects rate limits and outages with Google’s error bodies', async () => {
    standin.failNext({ status: 403, match: 'calendarList' });
    const limited = await api.calendarList.list().catch(status);
    expect(limited).toMatchObject({
      status: 403,
      data: { error: { errors: [{ reason: 'rateLimitExceeded' }] } },
    });
    standin.failNext({ status: 503, match: 'calendarList' });
    expect(await api.calendarList.list().catch(status)).toMatchObject({ status: 503 });
    expect((await api.calendarList.list()).data.items!.length).toBeGreaterThan(0);
  });
});

describe('OAuth endpoints', () => {
  async function authorize(challenge: string): Promise<{ code: string; redirectUri: string }> {
    const redirectUri = 'http://127.0.0.1:9/callback';
    const url = new URL(standin.authUrl);
    url.search = new URLSearchParams({
      client_id: standin.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'https://www.googleapis.com/auth/calendar',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's1',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('s1');
    return { code: back.searchParams.get('code')!, redirectUri };
  }

  it('exchanges a code only with the verifier whose S256 hash is the challenge', async () => {
    const client = new OAuth2Client({
      clientId: standin.clientId,
      clientSecret: standin.clientSecret,
      endpoints: { oauth2TokenUrl: standin.tokenUrl },
    });
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    expect(createHash('sha256').update(codeVerifier).digest('base64url')).toBe(codeChallenge);

    const wrong = await authorize(codeChallenge!);
    const refused = await client
      .getToken({
        code: wrong.code,
        codeVerifier: `${codeVerifier}x`,
        redirect_uri: wrong.redirectUri,
      })
      .catch(status);
    expect(refused).toMatchObject({
      status: 400,
      data: { error: 'invalid_grant', error_description: 'Invalid code verifier.' },
    });

    const right = await authorize(codeChallenge!);
    const { tokens } = await client.getToken({
      code: right.code,
      codeVerifier,
      redirect_uri: right.redirectUri,
    });
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.expiry_date).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(standin.authUrl);
    url.search = new URLSearchParams({
      client_id: standin.clientId,
      redirect_uri: 'http://127.0.0.1:9/callback',
      response_type: 'code',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
  });

  it('answers 401 UNAUTHENTICATED for a revoked token and invalid_grant for its refresh', async () => {
    const t = standin.issueTokens();
    const c = new OAuth2Client({
      clientId: standin.clientId,
      endpoints: { oauth2TokenUrl: standin.tokenUrl },
    });
    c.setCredentials({
      access_token: t.accessToken,
      refresh_token: t.refreshToken,
      expiry_date: Date.parse('2100-01-01T00:00:00Z'),
    });
    const own = calendar({ version: 'v3', auth: c as never, rootUrl: standin.url, retry: false });
    standin.revokeGrant();
    const denied = await own.calendarList.list().catch(status);
    expect(denied).toMatchObject({
      status: 401,
      data: { error: { code: 401, status: 'UNAUTHENTICATED' } },
    });
    const refresh = await c.refreshAccessToken().catch(status);
    expect(refresh).toMatchObject({ status: 400, data: { error: 'invalid_grant' } });
  });
});
