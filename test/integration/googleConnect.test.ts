/**
 * "Connect Google Calendar" over real HTTP, against the Google stand-in: POST
 * /api/calendars/connectGoogle answers with the sign-in page at once; following that page as a
 * browser does (the stand-in consents and redirects to ClinicDesk's loopback listener with a code,
 * PKCE checked) saves the account, and the calendars job then lists its calendars. Bad client ids,
 * unknown providers, refused consent, a forged answer and a second click each end in a typed error
 * or a visible failed status, never in silence.
 */
import type { GoogleSignInStatus } from '../../src/core/api/handlers/googleSignIn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent } from '../../src/core/api/handler';
import { clinicJobs } from '../../src/core/host/clinicJobs';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import { startJobs, type JobRunner } from '../../src/core/host/jobs';
import {
  httpRequest as rawHttpRequest,
  postApi as rawPostApi,
  type ApiReply,
} from '../helpers/httpClient';
import { sessionCookieHeader, TEST_ADMIN, TestDesks } from '../helpers/staff';
import { buildTinyClinic, NOW, openTestApi, type TestApi } from '../helpers/tinyClinic';
import { GoogleCalendarStandin } from '../standins/googleCalendar';

const CAL = 'ana.patel@northside.example';
const FAMILY_CAL = 'family-patel@group.calendar.google.com';
const ZONE = 'America/New_York';
const REAL_CLIENT_ID = '123456789012-abcdefghijklmnop.apps.googleusercontent.com';

let standin: GoogleCalendarStandin;
let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
/** Google's real addresses: nothing is followed there, only checked. */
let googleHost: HttpHost;
/** Test mode: "Google" is the stand-in. */
let standinHost: HttpHost;
/** No secret box: cannot keep tokens. */
let bareHost: HttpHost;
let jobs: JobRunner;
const events: ChangeEvent[] = [];
/** The desk every request comes from: signed in as the clinic's administrator. */
let cookie = '';
const postApi = (...[url, name, input, extra]: Parameters<typeof rawPostApi>) =>
  rawPostApi(url, name, input, { cookie, ...extra });
const httpRequest = (...[url, options]: Parameters<typeof rawHttpRequest>) =>
  rawHttpRequest(url, { ...options, headers: { cookie, ...options.headers } });

beforeAll(async () => {
  standin = await GoogleCalendarStandin.start();
  standin.addCalendar({ id: CAL, summary: 'Ana Patel', primary: true, timeZone: ZONE });
  standin.addCalendar({ id: FAMILY_CAL, summary: 'Family', timeZone: ZONE, accessRole: 'reader' });
  t = openTestApi();
  c = buildTinyClinic(t);
  t.registry.onChange((e) => events.push(e));
  cookie = sessionCookieHeader(await new TestDesks(t.db).signIn(TEST_ADMIN, t.now));
  const common = { db: t.db, registry: t.registry, clock: () => t.now };
  googleHost = await startHttpHost({
    ...common,
    secrets: t.secrets,
  });
  standinHost = await startHttpHost({
    ...common,
    secrets: t.secrets,
    googleTestEndpoints: {
      authUrl: standin.authUrl,
      tokenUrl: standin.tokenUrl,
      apiRootUrl: standin.url,
    },
  });
  bareHost = await startHttpHost({ ...common });
  jobs = startJobs(
    clinicJobs({ ...common, secrets: t.secrets }).filter((j) => j.name === 'calendars'),
  );
});
afterAll(async () => {
  await jobs?.stop();
  for (const h of [googleHost, standinHost, bareHost]) await h?.close();
  await standin?.close();
  t?.close();
});

const ana = () => c.providers[0]!.id;
const lee = () => c.providers[1]!.id;

function expectError(r: ApiReply, status: number, code: string, field?: string) {
  expect(r.status).toBe(status);
  if (r.ok) throw new Error(`expected ${code}, got ok`);
  expect(r.error.code).toBe(code);
  expect(r.error.field).toBe(field);
  return r.error;
}

function data<T>(r: ApiReply): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data as T;
}

async function status(host: HttpHost, providerId: number): Promise<GoogleSignInStatus> {
  return data<GoogleSignInStatus>(
    await postApi(host.url, 'calendars/googleSignInStatus', { providerId }),
  );
}

/** Google's answer as a forger or a stale tab would send it to the loopback listener. */
async function forgeAnswer(authUrl: string): Promise<number> {
  const redirect = new URL(authUrl).searchParams.get('redirect_uri')!;
  const res = await fetch(`${redirect}?state=not-the-one&code=4/forged`);
  await res.text();
  return res.status;
}

const googleAccounts = async (host: HttpHost, providerId: number) =>
  data<{ id: number; label: string; kind: string; calendars: { name: string }[] }[]>(
    await postApi(host.url, 'calendars/list', { providerId }),
  ).filter((a) => a.kind === 'google');

describe('calendars/connectGoogle: bad input is refused with a typed error', () => {
  it('refuses a client id that is not a Google OAuth client id', async () => {
    const e = expectError(
      await postApi(googleHost.url, 'calendars/connectGoogle', {
        providerId: ana(),
        clientId: 'my-clinic-app',
      }),
      400,
      'VALIDATION',
      'clientId',
    );
    expect(e.message).toMatch(/not a Google OAuth client id.*\.apps\.googleusercontent\.com/);
  });

  it('refuses an unknown provider with 404', async () => {
    const e = expectError(
      await postApi(googleHost.url, 'calendars/connectGoogle', {
        providerId: 999_999,
        clientId: REAL_CLIENT_ID,
      }),
      404,
      'NOT_FOUND',
      'providerId',
    );
    expect(e.message).toBe('The provider was not found.');
  });

  it.each([
    [{ clientId: REAL_CLIENT_ID }, 'providerId', /provider id is required/],
    [{ providerId: 'one', clientId: REAL_CLIENT_ID }, 'providerId', /provider id must be a number/],
    [{ providerId: 1 }, 'clientId', /Google OAuth client id is required/],
    [{ providerId: 1, clientId: '   ' }, 'clientId', /Google OAuth client id is required/],
    [
      { providerId: 1, clientId: REAL_CLIENT_ID, loginHint: 'ana at northside' },
      'loginHint',
      /must look like name@example\.com/,
    ],
    [{ providerId: 1, clientId: REAL_CLIENT_ID, scope: 'all' }, null, /scope/],
  ])('refuses %j', async (input, field, mention) => {
    const r = await postApi(googleHost.url, 'calendars/connectGoogle', input);
    const e = expectError(r, 400, 'VALIDATION', field ?? undefined);
    expect(e.message).toMatch(mention);
  });

  it('refuses on a host that cannot keep the tokens sealed', async () => {
    const e = expectError(
      await postApi(bareHost.url, 'calendars/connectGoogle', {
        providerId: ana(),
        clientId: REAL_CLIENT_ID,
      }),
      409,
      'INVALID_STATE',
    );
    expect(e.message).toMatch(/cannot store passwords safely/);
  });

  it('keeps the Host and content-type protections of every other operation', async () => {
    const body = JSON.stringify({ providerId: ana(), clientId: REAL_CLIENT_ID });
    const foreignHost = await httpRequest(googleHost.url, {
      path: '/api/calendars/connectGoogle',
      body,
      headers: { 'content-type': 'application/json', host: 'evil.example' },
    });
    expect(foreignHost.status).toBe(421);
    const form = await httpRequest(googleHost.url, {
      path: '/api/calendars/connectGoogle',
      body,
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.status).toBe(415);
    expect(await status(googleHost, ana())).toEqual({ state: 'none' });
  });

  it('is listed with the operations as an async registry operation', async () => {
    const list = await httpRequest(googleHost.url, { path: '/api', method: 'GET' });
    expect(list.json).toMatchObject({ ok: true });
    const names = (list.json as { data: string[] }).data;
    expect(names).toContain('calendars/connectGoogle');
    expect(names).toContain('calendars/saveGoogleTokens');
    expect(t.registry.kindOf('calendars/connectGoogle')).toBe('async');
  });
});

describe("calendars/connectGoogle with Google's real addresses", () => {
  it("answers at once with Google's consent page: PKCE S256, loopback redirect, offline access", async () => {
    const before = events.length;
    const r = data<{ authUrl: string; startedMs: number }>(
      await postApi(googleHost.url, 'calendars/connectGoogle', {
        providerId: lee(),
        clientId: REAL_CLIENT_ID,
        clientSecret: 'GOCSPX-desktop',
        loginHint: 'lee@northside.example',
      }),
    );
    expect(r.startedMs).toBe(NOW);
    const url = new URL(r.authUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    const q = url.searchParams;
    expect(q.get('client_id')).toBe(REAL_CLIENT_ID);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('login_hint')).toBe('lee@northside.example');
    expect(q.get('scope')).toBe('https://www.googleapis.com/auth/calendar');
    expect(q.get('state')?.length).toBeGreaterThanOrEqual(32);
    // The client secret is for the token exchange only, never in the browser's address bar.
    expect(r.authUrl).not.toContain('GOCSPX');
    expect(await status(googleHost, lee())).toEqual({ state: 'waiting', startedMs: NOW });

    // An answer that does not carry this sign-in's state is refused, and the panel is told.
    expect(await forgeAnswer(r.authUrl)).toBe(400);
    await vi.waitFor(async () => expect((await status(googleHost, lee())).state).toBe('failed'));
    expect(await status(googleHost, lee())).toEqual({
      state: 'failed',
      startedMs: NOW,
      finishedMs: NOW,
      message: 'The Google sign-in answer did not match this sign-in; start it again.',
    });
    expect(events.slice(before)).toContainEqual({ topic: 'calendars', providerIds: [lee()] });
    expect(await googleAccounts(googleHost, lee())).toEqual([]);
  });
});

describe('calendars/connectGoogle against the stand-in, end to end', () => {
  it('signs in through the browser, saves the account, and the job lists its calendars', async () => {
    const before = events.length;
    const start = await httpRequest(standinHost.url, {
      path: '/api/calendars/connectGoogle',
      body: JSON.stringify({
        providerId: ana(),
        clientId: standin.clientId,
        clientSecret: standin.clientSecret,
        loginHint: CAL,
      }),
      headers: {
        'content-type': 'application/json',
        'x-clinicdesk-actor': encodeURIComponent('Dana at the desk'),
      },
    });
    expect(start.status).toBe(200);
    const { authUrl } = (start.json as { data: { authUrl: string } }).data;
    expect(authUrl.startsWith(`${standin.authUrl}?`)).toBe(true);
    expect(await status(standinHost, ana())).toEqual({ state: 'waiting', startedMs: NOW });
    expect(await googleAccounts(standinHost, ana())).toEqual([]);

    // The browser: the stand-in consents and redirects to ClinicDesk's loopback listener.
    const page = await fetch(authUrl);
    expect(page.status).toBe(200);
    expect(page.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    expect(await page.text()).toContain('Signed in. You can close this tab');

    await vi.waitFor(
      async () => {
        const [a] = await googleAccounts(standinHost, ana());
        expect(a?.calendars.map((l) => l.name)).toEqual(['Ana Patel', 'Family']);
      },
      { timeout: 20_000, interval: 200 },
    );
    const [account] = await googleAccounts(standinHost, ana());
    expect(account!.label).toBe(CAL);
    expect(await status(standinHost, ana())).toEqual({
      state: 'connected',
      startedMs: NOW,
      finishedMs: NOW,
      accountId: account!.id,
      label: CAL,
    });
    const mine = events.slice(before).filter((e) => e.topic === 'calendars');
    expect(mine).toContainEqual({ topic: 'calendars', ids: [account!.id], providerIds: [ana()] });
    expect(mine).toContainEqual({ topic: 'calendars', providerIds: [ana()] });

    // PKCE was used, and the code was exchanged once.
    expect(standin.lastAuthRequest?.get('code_challenge_method')).toBe('S256');
    expect(standin.requests.filter((r) => r.startsWith('POST /token'))).toHaveLength(1);

    // Sealed, remembered with the stand-in's addresses (so the job syncs there), audited.
    const row = t.db.sqlite
      .prepare('SELECT config, secret_sealed AS s FROM calendar_accounts WHERE id = ?')
      .get(account!.id) as { config: string; s: string };
    expect(row.s).toMatch(/^v1:/);
    expect(row.s).not.toContain('ya29.');
    expect(JSON.parse(row.config)).toMatchObject({
      clientId: standin.clientId,
      apiRootUrl: standin.url,
      tokenUrl: standin.tokenUrl,
    });
    const audit = t.db.sqlite
      .prepare(
        "SELECT actor FROM audit_log WHERE action = 'calendar.connect' AND entity_id = ? ORDER BY id DESC LIMIT 1",
      )
      .get(account!.id) as { actor: string };
    // The signed-in person, whatever name the desk sent along.
    expect(audit.actor).toBe('Test Admin');
  });

  it('shows a refused consent as a failed sign-in, and saves nothing', async () => {
    const provider = c.providers[2]!.id;
    standin.consent = 'deny';
    try {
      const { authUrl } = data<{ authUrl: string }>(
        await postApi(standinHost.url, 'calendars/connectGoogle', {
          providerId: provider,
          clientId: standin.clientId,
        }),
      );
      const page = await fetch(authUrl);
      expect(page.status).toBe(400);
      await page.text();
      await vi.waitFor(async () =>
        expect((await status(standinHost, provider)).state).toBe('failed'),
      );
      const s = await status(standinHost, provider);
      expect(s.state === 'failed' && s.message).toBe(
        'Google sign-in was cancelled, or calendar access was not allowed; ClinicDesk needs it to sync.',
      );
      expect(await googleAccounts(standinHost, provider)).toEqual([]);
    } finally {
      standin.consent = 'approve';
    }
  });

  it('a second click wins: the first attempt failing later does not hide the second one', async () => {
    const provider = c.providers[2]!.id;
    const first = data<{ authUrl: string }>(
      await postApi(standinHost.url, 'calendars/connectGoogle', {
        providerId: provider,
        clientId: standin.clientId,
      }),
    );
    const second = data<{ authUrl: string }>(
      await postApi(standinHost.url, 'calendars/connectGoogle', {
        providerId: provider,
        clientId: standin.clientId,
      }),
    );
    expect(second.authUrl).not.toBe(first.authUrl);
    const page = await fetch(second.authUrl);
    expect(page.status).toBe(200);
    await page.text();
    await vi.waitFor(
      async () => expect((await status(standinHost, provider)).state).toBe('connected'),
      { timeout: 10_000 },
    );
    // The abandoned first tab answers late (here: a stale answer): the status stays "connected".
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const eventsBefore = events.length;
    try {
      expect(await forgeAnswer(first.authUrl)).toBe(400);
      await vi.waitFor(() =>
        expect(warn).toHaveBeenCalledWith(
          `[clinicdesk] Google sign-in for provider ${provider} failed: The Google sign-in answer did not match this sign-in; start it again.`,
        ),
      );
    } finally {
      warn.mockRestore();
    }
    expect((await status(standinHost, provider)).state).toBe('connected');
    expect(events.slice(eventsBefore)).not.toContainEqual({
      topic: 'calendars',
      providerIds: [provider],
    });
  });
});
