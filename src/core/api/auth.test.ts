/** Sign-in operations through the one dispatcher, as a desk with a session carrier calls them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApi } from '../../../test/helpers/tinyClinic';
import { hashCostForTests, OWASP_SCRYPT } from '../accounts/passwords';
import { sessionByToken } from '../accounts/service/sessions';
import type { SessionCarrier } from './handler';
import type { Caller } from './registry';

const PASSWORD = 'quiet lantern harbor 42';

describe('sign-in, lockout, break-glass, lock and unlock', { timeout: 180_000 }, () => {
  const t = openTestApi();
  // The shipped parameters, not the test cost the other suites use (test/setup/hashCost.ts).
  beforeAll(() => hashCostForTests(OWASP_SCRYPT));
  afterAll(() => t.close());
  const env = { db: t.db, secrets: t.secrets };

  function desk() {
    const d: SessionCarrier & { current: string | null } = {
      current: null,
      get token(): string | null {
        return d.current;
      },
      establish(next: string) {
        d.current = next;
      },
      clear() {
        d.current = null;
      },
    };
    const caller: Caller = {
      actor: 'whatever the desk claims',
      origin: 'test',
      workstation: 'desk-2',
      clock: () => t.now,
      session: d,
    };
    return {
      carrier: d,
      call: (name: string, input: unknown = {}) => t.registry.dispatch(name, input, caller, env),
    };
  }
  const auditCount = (action: string) =>
    (
      t.db.sqlite.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?').get(action) as {
        n: number;
      }
    ).n;

  it('creates the first administrator once, refusing a weak password, and signs them in', async () => {
    const a = desk();
    expect(await a.call('auth/status')).toMatchObject({
      ok: true,
      data: { firstAdminNeeded: true, user: null, locked: false },
    });
    expect(
      await a.call('auth/createFirstAdmin', {
        username: 'admin',
        displayName: 'Ada Admin',
        password: 'password1234',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'password' } });
    const made = await a.call('auth/createFirstAdmin', {
      username: 'Admin',
      displayName: 'Ada Admin',
      password: PASSWORD,
    });
    expect(made).toMatchObject({ ok: true, data: { user: { username: 'admin', role: 'admin' } } });
    // Stored at OWASP's scrypt parameters (N=2^17, r=8, p=1), which sign-in then verifies.
    const stored = t.db.sqlite
      .prepare('SELECT password_hash AS h FROM users WHERE username = ?')
      .get('admin') as { h: string };
    expect(stored.h).toMatch(/^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a.carrier.current).toMatch(/^[\w-]{43}$/);
    expect(await a.call('auth/status')).toMatchObject({
      ok: true,
      data: { firstAdminNeeded: false, user: { displayName: 'Ada Admin' } },
    });
    expect(
      await desk().call('auth/createFirstAdmin', {
        username: 'mallory',
        displayName: 'M',
        password: PASSWORD,
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('answers a wrong password and an unknown name alike; five wrong passwords lock the account', async () => {
    const b = desk();
    const unknown = await b.call('auth/signIn', { username: 'nobody', password: PASSWORD });
    expect(unknown).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'That username and password do not match.' },
    });
    for (let i = 1; i <= 4; i++) {
      expect(await b.call('auth/signIn', { username: 'admin', password: `wrong ${i}` })).toEqual(
        unknown,
      );
    }
    const fifth = await b.call('auth/signIn', { username: 'admin', password: 'wrong 5' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(!fifth.ok && fifth.error.message).toMatch(/locked for 5 minutes/);
    // Even the right password is refused during the lockout, and no session is made.
    const right = await b.call('auth/signIn', { username: 'admin', password: PASSWORD });
    expect(!right.ok && right.error.message).toMatch(/locked for 5 minutes/);
    expect(b.carrier.current).toBeNull();
    expect(auditCount('auth.signInFailed')).toBe(7);
    expect((await b.call('providers/list')).ok).toBe(false);
  });

  it('lets an administrator break the glass with a reason, flagged in the audit and on the session', async () => {
    const c = desk();
    const r = await c.call('auth/signIn', {
      username: 'admin',
      password: PASSWORD,
      breakGlassReason: 'Locked out during a patient emergency',
    });
    expect(r).toMatchObject({ ok: true, data: { breakGlass: true } });
    expect(sessionByToken(t.db, c.carrier.current!)).toMatchObject({ breakGlass: true });
    expect(auditCount('auth.breakGlass')).toBe(1);
    expect((await c.call('providers/list')).ok).toBe(true);
  });

  it('locks on request, keeps refusing until unlocked, and unlocks with the password', async () => {
    const d = desk();
    t.now += 5 * 60_000; // the lockout is over
    expect((await d.call('auth/signIn', { username: 'admin', password: PASSWORD })).ok).toBe(true);
    expect((await d.call('auth/lock')).ok).toBe(true);
    expect(await d.call('providers/list')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await d.call('auth/status')).toMatchObject({ ok: true, data: { locked: true } });
    const wrong = await d.call('auth/unlock', { secret: 'not it at all' });
    expect(wrong).toMatchObject({
      ok: false,
      error: {
        code: 'UNAUTHENTICATED',
        message: 'That password or PIN is not right (4 tries left).',
      },
    });
    expect((await d.call('auth/unlock', { secret: PASSWORD })).ok).toBe(true);
    expect((await d.call('providers/list')).ok).toBe(true);
    const token = d.carrier.current!;
    expect((await d.call('auth/signOut')).ok).toBe(true);
    expect(d.carrier.current).toBeNull();
    expect(sessionByToken(t.db, token)).toMatchObject({ endReason: 'signed out' });
  });
});
