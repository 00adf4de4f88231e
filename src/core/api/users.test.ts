/** Staff accounts through the one dispatcher, as an administrator's and a person's desks call them. */
import { afterAll, describe, expect, it } from 'vitest';
import { openTestApi } from '../../../test/helpers/tinyClinic';
import { seedStaff, TEST_PASSWORD } from '../../../test/helpers/staff';
import { sessionByToken, userByUsername } from '../accounts/service/sessions';
import type { SessionCarrier } from './handler';
import type { Caller } from './registry';

describe('staff accounts: create, reset, deactivate, PIN', { timeout: 180_000 }, () => {
  const t = openTestApi();
  afterAll(() => t.close());
  const env = { db: t.db, secrets: t.secrets };

  function desk() {
    let current: string | null = null;
    const carrier: SessionCarrier = {
      get token() {
        return current;
      },
      establish: (next) => void (current = next),
      clear: () => void (current = null),
    };
    const caller: Caller = { actor: 'x', origin: 'test', clock: () => t.now, session: carrier };
    return {
      get token() {
        return current;
      },
      call: (name: string, input: unknown = {}) => t.registry.dispatch(name, input, caller, env),
      signIn: (username: string, password = TEST_PASSWORD) =>
        t.registry.dispatch('auth/signIn', { username, password }, caller, env),
    };
  }
  const audit = (action: string) =>
    t.db.sqlite
      .prepare('SELECT actor, entity_id AS entityId, details FROM audit_log WHERE action = ?')
      .all(action) as { actor: string; entityId: number; details: string }[];

  it('lets an administrator add a person, who must replace the temporary password', async () => {
    await seedStaff(t.db, { username: 'ada', displayName: 'Ada Admin', role: 'admin' }, t.now);
    const admin = desk();
    expect((await admin.signIn('ada')).ok).toBe(true);
    const made = await admin.call('users/create', {
      username: 'Ben',
      displayName: 'Ben Biller',
      role: 'biller',
      password: 'amber walrus kitchen 5',
    });
    expect(made).toMatchObject({
      ok: true,
      data: { username: 'ben', role: 'biller', mustChangePassword: true, active: true },
    });
    expect(audit('users.created').at(-1)).toMatchObject({ actor: 'Ada Admin' });
    expect(JSON.stringify(made)).not.toMatch(/scrypt/);

    const ben = desk();
    expect((await ben.signIn('ben', 'amber walrus kitchen 5')).ok).toBe(true);
    expect(await ben.call('payers/list')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await ben.call('auth/changePassword', {
        currentPassword: 'amber walrus kitchen 5',
        newPassword: 'amber walrus kitchen 5',
      }),
    ).toMatchObject({ ok: false, error: { field: 'newPassword' } });
    expect(
      await ben.call('auth/changePassword', {
        currentPassword: 'amber walrus kitchen 5',
        newPassword: 'plum harbor violin 88',
      }),
    ).toMatchObject({ ok: true });
    expect(await ben.call('payers/list')).toMatchObject({ ok: true });
    expect(await ben.call('users/list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('renames and changes roles, but never leaves the clinic without an administrator', async () => {
    const admin = desk();
    await admin.signIn('ada');
    const ada = userByUsername(t.db, 'ada')!.id;
    const ben = userByUsername(t.db, 'ben')!.id;
    expect(await admin.call('users/update', { userId: ada, role: 'manager' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: expect.stringMatching(/only active administrator/) },
    });
    expect(
      await admin.call('users/update', { userId: ben, displayName: 'Ben B.', role: 'manager' }),
    ).toMatchObject({ ok: true, data: { displayName: 'Ben B.', role: 'manager' } });
    expect(JSON.parse(audit('users.updated').at(-1)!.details)).toEqual({
      displayName: { from: 'Ben Biller', to: 'Ben B.' },
      role: { from: 'biller', to: 'manager' },
    });
    expect(await admin.call('users/deactivate', { userId: ada })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', field: 'userId' },
    });
  });

  it("ends a person's sessions when their password is reset or they are deactivated", async () => {
    const admin = desk();
    await admin.signIn('ada');
    const ben = desk();
    expect((await ben.signIn('ben', 'plum harbor violin 88')).ok).toBe(true);
    const benId = userByUsername(t.db, 'ben')!.id;
    const reset = await admin.call('users/resetPassword', {
      userId: benId,
      password: 'granite sparrow tulip 6',
    });
    expect(reset).toMatchObject({
      ok: true,
      data: { sessionsEnded: 2, user: { mustChangePassword: true } },
    });
    expect(sessionByToken(t.db, ben.token!)).toMatchObject({ endReason: 'password reset' });
    expect(await ben.call('providers/list')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(audit('users.passwordReset')).toHaveLength(1);

    expect((await ben.signIn('ben', 'granite sparrow tulip 6')).ok).toBe(true);
    expect(await admin.call('users/deactivate', { userId: benId })).toMatchObject({
      ok: true,
      data: { sessionsEnded: 1, user: { active: false } },
    });
    expect(await ben.call('auth/status')).toMatchObject({ ok: true, data: { user: null } });
    expect(await admin.call('users/reactivate', { userId: benId })).toMatchObject({
      ok: true,
      data: { active: true },
    });
    expect(audit('users.reactivated')).toHaveLength(1);
  });

  it('unlocks a locked screen with the PIN the person set, and only with theirs', async () => {
    const admin = desk();
    await admin.signIn('ada');
    expect(
      await admin.call('auth/setPin', { currentPassword: 'wrong password 12', pin: '4831' }),
    ).toMatchObject({ ok: false, error: { field: 'currentPassword' } });
    expect(
      await admin.call('auth/setPin', { currentPassword: TEST_PASSWORD, pin: '4831' }),
    ).toMatchObject({ ok: true, data: { hasPin: true } });
    expect(await admin.call('auth/status')).toMatchObject({ data: { hasPin: true } });
    await admin.call('auth/lock');
    expect(await admin.call('providers/list')).toMatchObject({ error: { code: 'LOCKED' } });
    expect(await admin.call('auth/unlock', { secret: '9999' })).toMatchObject({
      ok: false,
      error: { field: 'secret' },
    });
    expect(await admin.call('auth/unlock', { secret: '4831' })).toMatchObject({ ok: true });
    expect(await admin.call('providers/list')).toMatchObject({ ok: true });
    expect(audit('auth.pinSet')).toHaveLength(1);
    expect(
      await admin.call('auth/setPin', { currentPassword: TEST_PASSWORD, pin: null }),
    ).toMatchObject({ ok: true, data: { hasPin: false } });
    expect(audit('auth.pinRemoved')).toHaveLength(1);
  });
});
