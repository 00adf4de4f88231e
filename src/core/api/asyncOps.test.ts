import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '.';
import { asyncOps, isGoogleSignInPage, runAsyncOp, type AsyncOpDeps } from './asyncOps';
import { buildTinyClinic, openTestApi } from '../../../test/helpers/tinyClinic';

describe('async operations beside the registry', () => {
  it('never share a name with a registry operation, and are named domain/verb', () => {
    const registry = createApi();
    for (const name of Object.keys(asyncOps)) {
      expect(name).toMatch(/^[a-z][A-Za-z]*\/[a-z][A-Za-z0-9]*$/);
      expect(registry.has(name), name).toBe(false);
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

describe('runAsyncOp', () => {
  const t = openTestApi();
  const c = buildTinyClinic(t);
  afterAll(() => t.close());
  const deps = (extra: Partial<AsyncOpDeps> = {}): AsyncOpDeps => ({
    db: t.db,
    registry: t.registry,
    secrets: t.secrets,
    clock: () => t.now,
    openBrowser: () => {
      throw new Error('no browser in this test');
    },
    ...extra,
  });

  it('answers an unknown name as the registry does', async () => {
    expect(
      await runAsyncOp({ ops: asyncOps, name: 'calendars/nothing', input: {}, deps: deps() }),
    ).toEqual({
      ok: false,
      error: {
        code: 'UNKNOWN_OPERATION',
        message: 'There is no operation named calendars/nothing.',
      },
    });
    // Inherited object keys are not operations.
    expect(
      (await runAsyncOp({ ops: asyncOps, name: 'constructor', input: {}, deps: deps() })).ok,
    ).toBe(false);
  });

  it('refuses test addresses that are not on this PC, so a setting cannot send codes away', async () => {
    const r = await runAsyncOp({
      ops: asyncOps,
      name: 'calendars/connectGoogle',
      input: { providerId: c.providers[0]!.id, clientId: 'anything' },
      deps: deps({
        googleTestEndpoints: {
          authUrl: 'http://127.0.0.1:1/o/oauth2/v2/auth',
          tokenUrl: 'https://oauth.evil.example/token',
          apiRootUrl: 'http://127.0.0.1:1/',
        },
      }),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(!r.ok && r.error.message).toMatch(/not on this PC \(127\.0\.0\.1\)/);
  });

  it('reports the status of a provider that never signed in as none, and an unknown one as 404', async () => {
    expect(
      await runAsyncOp({
        ops: asyncOps,
        name: 'calendars/googleSignInStatus',
        input: { providerId: c.providers[0]!.id },
        deps: deps(),
      }),
    ).toEqual({ ok: true, data: { state: 'none' } });
    expect(
      await runAsyncOp({
        ops: asyncOps,
        name: 'calendars/googleSignInStatus',
        input: { providerId: 999_999 },
        deps: deps(),
      }),
    ).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'The provider was not found.', field: 'providerId' },
    });
  });
});
