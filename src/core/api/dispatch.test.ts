import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '.';
import { allHandlers } from './handlers';
import {
  createRegistry,
  dispatchEnvelope,
  type Caller,
  type DispatchEnvironment,
} from './registry';
import { defineHandler } from './handler';
import { isGoogleSignInPage } from '../calsync/google/signInPage';
import { buildTinyClinic, openTestApi } from '../../../test/helpers/tinyClinic';
import { z } from 'zod';

describe('the registry', () => {
  it('has every handler declare its mode, and async ones are named domain/verb like the rest', () => {
    const registry = createApi();
    for (const h of allHandlers) {
      expect(['read', 'write'], h.name).toContain(h.mode);
      expect(registry.kindOf(h.name)).toBe(h.kind ?? 'sync');
    }
    expect(registry.kindOf('calendars/connectGoogle')).toBe('async');
    expect(registry.modeOf('calendars/googleSignInStatus')).toBe('read');
  });

  it('refuses a handler without a mode, and a name registered twice', () => {
    const h = defineHandler({
      name: 'x/y',
      summary: 'x',
      mode: 'read',
      permission: 'schedule.view',
      input: z.object({}),
      run: () => 1,
    });
    expect(() => createRegistry([h, h])).toThrow('handler registered twice: x/y');
    expect(() => createRegistry([{ ...h, mode: undefined as unknown as 'read' }])).toThrow(
      "handler x/y must declare mode 'read' or 'write'",
    );
    expect(() =>
      createRegistry([{ ...h, permission: undefined as unknown as 'schedule.view' }]),
    ).toThrow('handler x/y must declare a permission (deny by default)');
  });

  it('gives every operation a known permission, and only sign-in and set-up status are public', () => {
    const registry = createApi();
    const publicOps = allHandlers.filter((h) => h.permission === 'public').map((h) => h.name);
    expect(publicOps.filter((n) => !n.startsWith('auth/'))).toEqual(['setup/status']);
    for (const h of allHandlers) expect(registry.permissionOf(h.name)).toBe(h.permission);
  });

  it('runs a write that is named like a read in a write transaction (the mode decides, not the verb)', () => {
    const t = openTestApi();
    try {
      const sneaky = defineHandler({
        name: 'x/get',
        summary: 'writes despite its verb',
        mode: 'write',
        permission: 'schedule.view',
        input: z.object({}),
        run: (_i, ctx) => {
          ctx.db.sqlite.prepare("UPDATE clinic SET name = 'Renamed' WHERE id = 1").run();
          return ctx.db.sqlite.inTransaction;
        },
      });
      const registry = createRegistry([sneaky]);
      expect(registry.call('x/get', {}, { db: t.db, origin: 'test' })).toEqual({
        ok: true,
        data: true,
      });
    } finally {
      t.close();
    }
  });
});

describe('isGoogleSignInPage', () => {
  const TEST_AUTH = 'http://127.0.0.1:4567/o/oauth2/v2/auth';
  it.each([
    ['https://accounts.google.com/o/oauth2/v2/auth?client_id=x&code_challenge=y', undefined, true],
    ['https://accounts.google.com/o/oauth2/v2/auth', undefined, true],
    // Another path on Google's host, another host, plain http, a port, credentials: refused.
    ['https://accounts.google.com/ServiceLogin', undefined, false],
    ['https://accounts.google.com.evil.example/o/oauth2/v2/auth', undefined, false],
    ['http://accounts.google.com/o/oauth2/v2/auth', undefined, false],
    ['https://accounts.google.com:8443/o/oauth2/v2/auth', undefined, false],
    ['https://a:b@accounts.google.com/o/oauth2/v2/auth', undefined, false],
    ['javascript:alert(1)', undefined, false],
    ['not a url', undefined, false],
    // The configured stand-in, and only it, only on 127.0.0.1.
    [`${TEST_AUTH}?client_id=x`, TEST_AUTH, true],
    [`${TEST_AUTH}?client_id=x`, undefined, false],
    ['http://127.0.0.1:4568/o/oauth2/v2/auth', TEST_AUTH, false],
    ['http://127.0.0.1:4567/token', TEST_AUTH, false],
    [
      'http://192.168.1.20:4567/o/oauth2/v2/auth',
      'http://192.168.1.20:4567/o/oauth2/v2/auth',
      false,
    ],
  ])('%s (test page %s) → %s', (url, testAuth, expected) => {
    expect(isGoogleSignInPage(url, testAuth)).toBe(expected);
  });
});

describe('dispatch', () => {
  const t = openTestApi();
  const c = buildTinyClinic(t);
  afterAll(() => t.close());
  const caller: Caller = { actor: 'Dana', origin: 'test', clock: () => t.now };
  const env = (extra: Partial<DispatchEnvironment> = {}): DispatchEnvironment => ({
    db: t.db,
    secrets: t.secrets,
    services: {
      openBrowser: () => {
        throw new Error('no browser in this test');
      },
    },
    ...extra,
  });

  it('answers an unknown name, and an inherited object key, as UNKNOWN_OPERATION', async () => {
    expect(await t.registry.dispatch('calendars/nothing', {}, caller, env())).toEqual({
      ok: false,
      error: {
        code: 'UNKNOWN_OPERATION',
        message: 'There is no operation named calendars/nothing.',
      },
    });
    expect((await t.registry.dispatch('constructor', {}, caller, env())).ok).toBe(false);
  });

  it('runs sync and async operations through the same door', async () => {
    const sync = await t.registry.dispatch('providers/list', {}, caller, env());
    expect(sync.ok).toBe(true);
    const status = await t.registry.dispatch(
      'calendars/googleSignInStatus',
      { providerId: c.providers[0]!.id },
      caller,
      env(),
    );
    expect(status).toEqual({ ok: true, data: { state: 'none' } });
    // An async operation cannot be run inside a caller's transaction.
    expect(
      t.registry.call(
        'calendars/googleSignInStatus',
        { providerId: 1 },
        { db: t.db, origin: 'test' },
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('validates async input with the same error shape as sync input', async () => {
    const r = await t.registry.dispatch(
      'calendars/googleSignInStatus',
      { providerId: 'x' },
      caller,
      env(),
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'providerId' } });
  });

  it('refuses test addresses that are not on this PC, so a setting cannot send codes away', async () => {
    const r = await t.registry.dispatch(
      'calendars/connectGoogle',
      { providerId: c.providers[0]!.id, clientId: 'anything' },
      caller,
      env({
        services: {
          openBrowser: () => {},
          googleTestEndpoints: {
            authUrl: 'http://127.0.0.1:1/o/oauth2/v2/auth',
            tokenUrl: 'https://oauth.evil.example/token',
            apiRootUrl: 'http://127.0.0.1:1/',
          },
        },
      }),
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(!r.ok && r.error.message).toMatch(/not on this PC \(127\.0\.0\.1\)/);
  });

  it('reports an unknown provider as 404', async () => {
    expect(
      await t.registry.dispatch(
        'calendars/googleSignInStatus',
        { providerId: 999_999 },
        caller,
        env(),
      ),
    ).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'The provider was not found.', field: 'providerId' },
    });
  });

  it('checks the envelope once for both transports: name, input object, desk name', async () => {
    const base = { registry: t.registry, env: env(), origin: 'test', clock: () => t.now };
    expect(
      await dispatchEnvelope({ ...base, name: 42, input: {}, actor: undefined }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'The operation name must be text.' },
    });
    expect(
      await dispatchEnvelope({ ...base, name: 'providers/list', input: [], actor: undefined }),
    ).toMatchObject({ ok: false, error: { message: 'The input must be an object.' } });
    expect(
      await dispatchEnvelope({ ...base, name: 'providers/list', input: {}, actor: 'a\u0000b' }),
    ).toMatchObject({
      ok: false,
      error: { message: 'The desk name contains control characters.' },
    });
    expect(
      await dispatchEnvelope({ ...base, name: 'providers/list', input: {}, actor: 7 }),
    ).toMatchObject({ ok: false, error: { message: 'The desk name must be text.' } });
    expect(
      (await dispatchEnvelope({ ...base, name: 'providers/list', input: {}, actor: ' Dana ' })).ok,
    ).toBe(true);
  });
});
