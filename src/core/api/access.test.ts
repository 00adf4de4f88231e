/**
 * The dispatcher's admission: with a session carrier (what both transports will supply), every
 * operation but the public ones needs a live session whose role allows it; each refusal is a typed
 * error and an audit row, and nothing of the operation is written.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildTinyClinic, openTestApi } from '../../../test/helpers/tinyClinic';
import { hashSecret } from '../accounts/passwords';
import {
  endSessionsOf,
  insertSession,
  insertUser,
  sessionByToken,
  updateUser,
} from '../accounts/service/sessions';
import type { Role } from '../../shared/permissions';
import type { SessionCarrier } from './handler';
import type { Caller } from './registry';

const HOUR = 3_600_000;
// Cheap parameters keep this test fast; the real ones are measured in bench (auth.loginMs).
const CHEAP = { logN: 10, r: 8, p: 1 };

describe('the dispatcher admits only signed-in callers whose role allows the operation', async () => {
  const t = openTestApi();
  const c = buildTinyClinic(t);
  afterAll(() => t.close());
  const hash = await hashSecret('correct horse battery', CHEAP);

  function person(username: string, role: Role) {
    const id = insertUser(t.db, {
      username,
      displayName: `${username} (${role})`,
      role,
      passwordHash: hash,
      now: t.now,
    });
    const { token } = insertSession(t.db, {
      userId: id,
      workstation: 'desk-1',
      origin: 'test',
      now: t.now,
      expiresMs: t.now + 12 * HOUR,
      breakGlassReason: null,
    });
    return { id, token };
  }

  function carrier(token: string | null) {
    const c: SessionCarrier & { cleared: boolean; current: string | null } = {
      current: token,
      cleared: false,
      get token() {
        return this.current;
      },
      establish(next: string) {
        this.current = next;
      },
      clear() {
        this.cleared = true;
        this.current = null;
      },
    };
    return c;
  }

  const caller = (session: SessionCarrier, at = t.now): Caller => ({
    actor: 'Mallory (claimed by the desk)',
    origin: 'http 10.0.0.7',
    workstation: '10.0.0.7',
    clock: () => at,
    session,
  });
  const env = { db: t.db, secrets: t.secrets };

  const refusals = () =>
    t.db.sqlite
      .prepare("SELECT actor, details FROM audit_log WHERE action = 'access.refused' ORDER BY id")
      .all() as { actor: string; details: string }[];
  const lastRefusal = () => {
    const r = refusals().at(-1)!;
    return { actor: r.actor, ...(JSON.parse(r.details) as Record<string, unknown>) };
  };
  const appointmentCount = () =>
    (t.db.sqlite.prepare('SELECT COUNT(*) AS n FROM appointments').get() as { n: number }).n;

  async function bookingInput() {
    const first = t.call('availability/firstOpenings', { visitTypeId: c.visit.id, limit: 1 })
      .slots[0]!;
    return {
      patientId: c.patient.id,
      providerId: first.providerId,
      locationId: first.locationId,
      visitTypeId: c.visit.id,
      start: first.start,
    };
  }

  it('refuses a call without a session (401, audited) but answers the public set-up status', async () => {
    const before = refusals().length;
    const r = await t.registry.dispatch('providers/list', {}, caller(carrier(null)), env);
    expect(r).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Sign in to use ClinicDesk.' },
    });
    expect(refusals()).toHaveLength(before + 1);
    expect(lastRefusal()).toMatchObject({
      actor: 'not signed in',
      operation: 'providers/list',
      code: 'UNAUTHENTICATED',
      reason: 'no session',
    });
    expect((await t.registry.dispatch('setup/status', {}, caller(carrier(null)), env)).ok).toBe(
      true,
    );
  });

  it('refuses a forged token, tells the transport to drop it, and writes nothing', async () => {
    const forged = carrier('not-a-real-session-token-aaaaaaaaaaaaaaaaaaaa');
    const before = appointmentCount();
    const r = await t.registry.dispatch(
      'appointments/book',
      await bookingInput(),
      caller(forged),
      env,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(!r.ok && r.error.message).toMatch(/session is not recognised/);
    expect(forged.cleared).toBe(true);
    expect(appointmentCount()).toBe(before);
    expect(lastRefusal()).toMatchObject({
      operation: 'appointments/book',
      reason: 'unknown session',
    });
  });

  it('ends a session at the absolute limit however active it was', async () => {
    const dana = person('dana', 'front_desk');
    const r = await t.registry.dispatch(
      'providers/list',
      {},
      caller(carrier(dana.token), t.now + 12 * HOUR),
      env,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(!r.ok && r.error.message).toMatch(/time limit/);
    expect(sessionByToken(t.db, dana.token)).toMatchObject({ endReason: 'session limit reached' });
    expect(lastRefusal()).toMatchObject({ reason: 'session limit reached' });
  });

  it("refuses a deactivated user's session and ends it", async () => {
    const eve = person('eve', 'front_desk');
    updateUser(t.db, eve.id, { active: false }, t.now);
    const before = appointmentCount();
    const r = await t.registry.dispatch(
      'appointments/book',
      await bookingInput(),
      caller(carrier(eve.token)),
      env,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(!r.ok && r.error.message).toMatch(/deactivated/);
    expect(appointmentCount()).toBe(before);
    expect(sessionByToken(t.db, eve.token)).toMatchObject({ endReason: 'user deactivated' });
  });

  it('refuses a role that lacks the permission (403, audited with the person) and writes nothing', async () => {
    const doc = person('drpatel', 'provider');
    const before = appointmentCount();
    const r = await t.registry.dispatch(
      'appointments/book',
      await bookingInput(),
      caller(carrier(doc.token)),
      env,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!r.ok && r.error.message).toMatch(
      /^Provider accounts may not do this \(appointments\/book\)/,
    );
    expect(appointmentCount()).toBe(before);
    expect(lastRefusal()).toMatchObject({
      actor: 'drpatel (provider)',
      code: 'FORBIDDEN',
      reason: 'role provider lacks appointments.book',
    });
    // The same person may read the schedule.
    expect(
      (await t.registry.dispatch('providers/list', {}, caller(carrier(doc.token)), env)).ok,
    ).toBe(true);
  });

  it('books as the signed-in person (not whoever the desk claims) and counts the write as activity', async () => {
    const fay = person('fay', 'front_desk');
    const later = t.now + 5 * 60_000;
    const read = await t.registry.dispatch(
      'providers/list',
      {},
      caller(carrier(fay.token), later),
      env,
    );
    expect(read.ok).toBe(true);
    expect(sessionByToken(t.db, fay.token)!.lastActivityMs).toBe(t.now);
    const booked = await t.registry.dispatch(
      'appointments/book',
      await bookingInput(),
      caller(carrier(fay.token), later),
      env,
    );
    expect(booked.ok).toBe(true);
    expect(sessionByToken(t.db, fay.token)!.lastActivityMs).toBe(later);
    const row = t.db.sqlite
      .prepare(
        "SELECT actor FROM audit_log WHERE action LIKE 'appointment%' ORDER BY id DESC LIMIT 1",
      )
      .get() as { actor: string };
    expect(row.actor).toBe('fay (front_desk)');
  });

  it('locks an idle session: LOCKED, not audited as a refusal, and nothing written', async () => {
    const gus = person('gus', 'front_desk');
    const idle = t.now + 10 * 60_000;
    const before = refusals().length;
    const count = appointmentCount();
    const r = await t.registry.dispatch(
      'appointments/book',
      await bookingInput(),
      caller(carrier(gus.token), idle),
      env,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(!r.ok && r.error.message).toMatch(/unlock with your password or PIN/);
    expect(sessionByToken(t.db, gus.token)!.lockedMs).toBe(idle);
    expect(refusals()).toHaveLength(before);
    expect(appointmentCount()).toBe(count);
    // Still locked later: reads do not unlock either.
    const again = await t.registry.dispatch(
      'providers/list',
      {},
      caller(carrier(gus.token), idle + 1),
      env,
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });

  it('refuses everything but the own session after a reset, until the password is changed', async () => {
    const hal = person('hal', 'manager');
    updateUser(t.db, hal.id, { mustChangePassword: true }, t.now);
    const r = await t.registry.dispatch('providers/list', {}, caller(carrier(hal.token)), env);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { mustChangePassword: true } },
    });
    endSessionsOf(t.db, hal.id, 'test over', t.now);
  });

  it('keeps in-process calls (jobs, tests) trusted: no session needed', () => {
    expect(t.raw('providers/list', {}).ok).toBe(true);
  });
});
