/**
 * The HTTP host's session carrier: the session lives in an HttpOnly, SameSite=Strict cookie on
 * /api; without one every operation but the public ones is a 401 (and the live events too); a
 * forged cookie is refused and cleared; a deactivated person's session ends on their next call;
 * signing out clears the cookie and the old value is refused afterwards. (The ICS feeds and
 * webhooks keep their own authentication: icsFeed.test.ts and reminders.test.ts call them bare.)
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, sessionCookie, type HttpHost } from '../../src/core/host/http';
import { sessionByToken } from '../../src/core/accounts/service/sessions';
import { httpRequest, postApi } from '../helpers/httpClient';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'quiet lantern harbor 42' };

let t: TestApi;
let host: HttpHost;
beforeAll(async () => {
  t = openTestApi();
  buildTinyClinic(t);
  host = await startHttpHost({ db: t.db, registry: t.registry, clock: () => t.now });
});
afterAll(async () => {
  await host?.close();
  t?.close();
});

const cookieOf = (r: { headers: http.IncomingHttpHeaders }) => r.headers['set-cookie']?.[0];
const value = (setCookie: string) => setCookie.split(';')[0]!;
const lastRefusal = () =>
  JSON.parse(
    (
      t.db.sqlite
        .prepare("SELECT details FROM audit_log WHERE action = 'access.refused' ORDER BY id DESC")
        .get() as { details: string }
    ).details,
  ) as { operation: string; reason: string };

async function post(name: string, input: unknown, cookie?: string) {
  const r = await httpRequest(host.url, {
    path: `/api/${name}`,
    body: JSON.stringify(input),
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    timeoutMs: 30_000,
  });
  return { ...r, body: r.json as { ok: boolean; error?: { code: string; message: string } } };
}

describe('the session cookie over HTTP', { timeout: 120_000 }, () => {
  let admin = '';

  it('refuses every operation but the public ones without a session, and the live events', async () => {
    const r = await post('providers/list', {});
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(lastRefusal()).toMatchObject({ operation: 'providers/list', reason: 'no session' });
    expect((await post('setup/status', {})).status).toBe(200);
    expect((await post('auth/status', {})).body).toMatchObject({
      ok: true,
      data: { firstAdminNeeded: true, user: null },
    });
    const events = await httpRequest(host.url, { path: '/api/events', method: 'GET' });
    expect(events.status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Strict cookie on /api at sign-in (Secure only over TLS)', async () => {
    const r = await post('auth/createFirstAdmin', ADMIN);
    expect(r.status).toBe(200);
    const set = cookieOf(r)!;
    expect(set).toMatch(/^clinicdesk_session=[\w-]{43}; /);
    const attributes = set.split('; ').slice(1);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/api', 'SameSite=Strict']);
    expect(sessionCookie('abc', true).split('; ')).toContain('Secure');
    admin = value(set);
    expect((await post('providers/list', {}, admin)).status).toBe(200);
    expect((await post('auth/status', {}, admin)).body).toMatchObject({
      data: { user: { username: 'ada', role: 'admin' } },
    });
  });

  it('streams live events to a signed-in desk', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${host.url}/api/events`, { headers: { cookie: admin } }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
    });
    expect(status).toBe(200);
  });

  it('refuses a forged cookie, audits it, and clears it', async () => {
    const r = await post(
      'providers/list',
      {},
      'clinicdesk_session=forged-forged-forged-forged-forged-1234567',
    );
    expect(r.status).toBe(401);
    expect(r.body.error?.message).toMatch(/not recognised/);
    expect(cookieOf(r)).toMatch(/^clinicdesk_session=; .*Max-Age=0/);
    expect(lastRefusal()).toMatchObject({ reason: 'unknown session' });
  });

  it("ends a deactivated person's session on their next call, and a role is held to its permissions", async () => {
    const made = await post(
      'users/create',
      {
        username: 'fred',
        displayName: 'Fred Front',
        role: 'front_desk',
        password: 'copper kettle meadow 7',
      },
      admin,
    );
    expect(made.body).toMatchObject({
      ok: true,
      data: { role: 'front_desk', mustChangePassword: true },
    });
    const signedIn = await post('auth/signIn', {
      username: 'fred',
      password: 'copper kettle meadow 7',
    });
    const fred = value(cookieOf(signedIn)!);
    // A temporary password: nothing but the own session until it is replaced.
    expect((await post('providers/list', {}, fred)).body).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(
      (
        await post(
          'auth/changePassword',
          { currentPassword: 'copper kettle meadow 7', newPassword: 'silver trumpet garden 3' },
          fred,
        )
      ).status,
    ).toBe(200);
    expect((await post('providers/list', {}, fred)).status).toBe(200);
    const refused = await post('users/list', {}, fred);
    expect(refused.status).toBe(403);
    expect(lastRefusal()).toMatchObject({
      operation: 'users/list',
      reason: 'role front_desk lacks users.manage',
    });

    const fredId = (made.body as unknown as { data: { id: number } }).data.id;
    const off = await postApi(host.url, 'users/deactivate', { userId: fredId }, { cookie: admin });
    expect(off).toMatchObject({ ok: true, data: { sessionsEnded: 1, user: { active: false } } });
    const after = await post('providers/list', {}, fred);
    expect(after.status).toBe(401);
    expect(after.body.error?.message).toMatch(/signed out|deactivated/);
    expect(cookieOf(after)).toMatch(/Max-Age=0/);
    expect(sessionByToken(t.db, fred.split('=')[1]!)).toMatchObject({
      endReason: 'user deactivated',
    });
    const again = await post('auth/signIn', {
      username: 'fred',
      password: 'silver trumpet garden 3',
    });
    expect(again.body.error?.message).toMatch(/deactivated/);
  });

  it('clears the cookie at sign-out, and the old value is refused afterwards', async () => {
    const out = await post('auth/signOut', {}, admin);
    expect(out.status).toBe(200);
    expect(cookieOf(out)).toMatch(/^clinicdesk_session=; .*Max-Age=0/);
    const r = await post('providers/list', {}, admin);
    expect(r.status).toBe(401);
    expect(r.body.error?.message).toMatch(/signed out/);
  });

  it('closes a live-event stream once its session ends, and sends it nothing more', async () => {
    const signedIn = await post('auth/signIn', {
      username: ADMIN.username,
      password: ADMIN.password,
    });
    const cookie = value(cookieOf(signedIn)!);
    const received: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      const req = http.get(`${host.url}/api/events`, { headers: { cookie } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.setEncoding('utf8');
        res.on('data', (d: string) => received.push(d));
        res.on('end', () => resolve());
      });
      req.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 200));
    t.registry.publish({ topic: 'patients' });
    await new Promise((r) => setTimeout(r, 200));
    expect(received.join('')).toContain('"topic":"patients"');
    expect((await post('auth/signOut', {}, cookie)).status).toBe(200);
    // The next change finds the session over: the stream is closed instead of written to.
    t.registry.publish({ topic: 'patients' });
    await ended;
    expect(received.join('').match(/"topic":"patients"/g)).toHaveLength(1);
  });
});
