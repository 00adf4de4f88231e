/**
 * Google Calendar sync through the database and the API, against the local Calendar v3 stand-in:
 * the provider's busy time removes slots from availability/slots, booked appointments appear in
 * Google with a neutral title, a reschedule patches the same event, a cancel deletes it, a 410
 * (expired sync token) resyncs fully without duplicate busy rows, a busy block over a booked visit
 * lands in the conflict queue, and a revoked grant shows at once in calendars/health.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/core/api/handler';
import { runCalendarSync } from '../../src/core/calsync/service/sync';
import { countBusyRows } from '../../src/core/db/repos/calsync';
import { GoogleCalendarStandin } from '../standins/googleCalendar';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

const CAL = 'ana.patel@northside.example';
const FAMILY_CAL = 'family-patel@group.calendar.google.com';
const ZONE = 'America/New_York';

let standin: GoogleCalendarStandin;
let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
let accountId: number;
const events: ChangeEvent[] = [];

beforeAll(async () => {
  standin = await GoogleCalendarStandin.start();
  standin.addCalendar({ id: CAL, summary: 'Ana Patel', primary: true, timeZone: ZONE });
  standin.addCalendar({ id: FAMILY_CAL, summary: 'Family', timeZone: ZONE, accessRole: 'reader' });
  t = openTestApi({
    googleTestEndpoints: {
      authUrl: standin.authUrl,
      tokenUrl: standin.tokenUrl,
      apiRootUrl: standin.url,
    },
  });
  c = buildTinyClinic(t);
  const issued = standin.issueTokens();
  const account = t.call('calendars/saveGoogleTokens', {
    providerId: c.providers[0]!.id,
    label: CAL,
    tokens: {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresAtMs: Date.parse('2100-01-01T00:00:00Z'),
      scope: null,
    },
    client: {
      clientId: standin.clientId,
      clientSecret: standin.clientSecret,
    },
  });
  accountId = account.id;
});
afterAll(async () => {
  await standin?.close();
  t?.close();
});

async function sync() {
  t.call('calendars/syncNow', { accountId });
  return runCalendarSync({
    db: t.db,
    secrets: t.secrets,
    clock: () => t.now,
    publish: (e) => events.push(e),
  });
}

const ana = () => c.providers[0]!.id;
function slotTimes(date: string): string[] {
  return t
    .call('availability/slots', {
      providerId: ana(),
      visitTypeId: c.visit.id,
      from: date,
      to: date,
    })
    .slots.map((s) => s.localTime);
}
function account() {
  return t.call('calendars/list', { providerId: ana() }).find((a) => a.id === accountId)!;
}

describe('Google Calendar through the sync engine', () => {
  it('stores the tokens sealed, never in plain text', () => {
    const row = t.db.sqlite
      .prepare('SELECT config, secret_sealed AS s FROM calendar_accounts WHERE id = ?')
      .get(accountId) as { config: string; s: string };
    expect(row.s).toMatch(/^v1:/);
    expect(row.s).not.toContain('ya29.');
    expect(row.config).not.toContain('ya29.');
  });

  it("turns the provider's busy time into blocked slots, and keeps the slots around it", async () => {
    standin.seedEvents(CAL, [
      {
        id: 'dentist',
        summary: 'Dentist',
        start: { dateTime: '2026-03-04T10:00:00-05:00', timeZone: ZONE },
        end: { dateTime: '2026-03-04T11:00:00-05:00', timeZone: ZONE },
      },
      {
        id: 'conference',
        summary: 'Conference',
        start: { date: '2026-03-05' },
        end: { date: '2026-03-06' },
      },
    ]);
    const before = slotTimes('2026-03-04');
    expect(before).toContain('10:00');
    const run = await sync();
    expect(run).toEqual({ accounts: 1, ok: 1, failed: 0 });
    const after = slotTimes('2026-03-04');
    for (const gone of ['09:45', '10:00', '10:15', '10:30']) expect(after).not.toContain(gone);
    for (const kept of ['09:00', '09:30', '11:00', '11:15']) expect(after).toContain(kept);
    // An all-day event is not busy (Google's convention).
    expect(slotTimes('2026-03-05')).toContain('10:00');
    const a = account();
    expect(a.status).toBe('ok');
    expect(a.lastSuccessMs).toBe(t.now);
    expect(a.nextRunMs).toBeGreaterThan(t.now);
    expect(a.calendars.map((l) => [l.name, l.busy, l.receivesAppointments])).toEqual([
      ['Ana Patel', true, true],
      ['Family', true, false],
    ]);
    expect(events.some((e) => e.topic === 'calendars' && e.ids?.includes(accountId))).toBe(true);
  });

  let apptId: number;
  it('writes a booked appointment to Google with a neutral title and no patient details', async () => {
    apptId = t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: ana(),
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T14:00:00-05:00',
    }).id;
    await sync();
    const mine = standin
      .events(CAL)
      .filter((e) => e.extendedProperties?.private?.clinicdeskAppointmentId === String(apptId));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.summary).toBe('Clinic appointment');
    expect(JSON.stringify(mine[0])).not.toMatch(/Maria|Lopez|Follow-up/);
    expect(Date.parse(mine[0]!.start!.dateTime!)).toBe(Date.parse('2026-03-04T14:00:00-05:00'));
    // Its echo in the next pull does not block its own slot or make a conflict.
    await sync();
    expect(t.call('calendars/conflicts', { providerId: ana() })).toEqual([]);
    const busy = t.db.sqlite
      .prepare('SELECT count(*) AS n FROM external_busy WHERE start_ms = ?')
      .get(Date.parse('2026-03-04T14:00:00-05:00')) as { n: number };
    expect(busy.n).toBe(0);
  });

  it('an insert Google carried out but never answered is not written twice when tried again', async () => {
    // The event id is chosen and stored before the request; the try after the lost answer
    // asks for the same id, and Google's "already exists" means it is there. Before: each try
    // was a plain insert, and the calendar showed the visit twice (three times here).
    const id = t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: ana(),
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T16:00:00-05:00',
    }).id;
    standin.failNext({
      status: 503,
      afterWrite: true,
      times: 2,
      match: `POST /calendar/v3/calendars/${encodeURIComponent(CAL)}/events`,
    });
    await sync().catch(() => undefined); // the answers are lost: the sync may end in error
    await sync();
    const mine = standin
      .events(CAL)
      .filter((e) => e.extendedProperties?.private?.clinicdeskAppointmentId === String(id));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.id).toMatch(/^[0-9a-v]{5,1024}$/);
    const row = t.db.sqlite
      .prepare(
        'SELECT remote_id AS remoteId, state FROM appointment_events WHERE appointment_id = ?',
      )
      .get(id) as { remoteId: string; state: string };
    expect(row).toEqual({ remoteId: mine[0]!.id, state: 'synced' });
    t.call('appointments/cancel', { appointmentId: id, reason: 'test clean-up' });
    await sync();
  });

  it('a reschedule patches the same Google event; a cancel deletes it', async () => {
    const before = standin
      .events(CAL)
      .find((e) => e.extendedProperties?.private?.clinicdeskAppointmentId === String(apptId))!;
    const moved = t.call('appointments/reschedule', {
      appointmentId: apptId,
      start: '2026-03-04T15:00:00-05:00',
    });
    await sync();
    const after = standin.event(CAL, before.id!)!;
    expect(after.extendedProperties?.private?.clinicdeskAppointmentId).toBe(
      String(moved.appointment.id),
    );
    expect(Date.parse(after.start!.dateTime!)).toBe(Date.parse('2026-03-04T15:00:00-05:00'));
    expect(
      standin.requests.some((r) =>
        r.startsWith(`PATCH /calendar/v3/calendars/${encodeURIComponent(CAL)}/events/${before.id}`),
      ),
    ).toBe(true);
    const live = standin
      .events(CAL)
      .filter((e) => e.status !== 'cancelled' && e.extendedProperties);
    expect(live).toHaveLength(1);

    t.call('appointments/cancel', {
      appointmentId: moved.appointment.id,
      reason: 'Feeling better',
    });
    await sync();
    expect(standin.event(CAL, before.id!)?.status).toBe('cancelled');
  });

  it('queues a conflict when busy time lands on a booked appointment, and clears it when it goes', async () => {
    const booked = t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: ana(),
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-06T09:00:00-05:00',
    });
    standin.seedEvents(CAL, [
      {
        id: 'schoolplay',
        summary: 'School play',
        start: { dateTime: '2026-03-06T08:30:00-05:00', timeZone: ZONE },
        end: { dateTime: '2026-03-06T09:15:00-05:00', timeZone: ZONE },
      },
    ]);
    await sync();
    const open = t.call('calendars/conflicts', { providerId: ana() });
    expect(open).toHaveLength(1);
    expect(open[0]!.appointment.id).toBe(booked.id);
    expect(open[0]!.appointment.status).toBe('booked'); // nothing moved
    expect(open[0]!.busy.startMs).toBe(Date.parse('2026-03-06T08:30:00-05:00'));
    expect(open[0]!.options).toEqual(['keep', 'reschedule', 'notify']);
    expect(t.call('calendars/health', { providerId: ana() }).openConflicts).toBe(1);

    standin.removeEvent(CAL, 'schoolplay');
    await sync();
    expect(t.call('calendars/conflicts', { providerId: ana() })).toEqual([]);

    // Back again, and this time the desk keeps the appointment.
    standin.seedEvents(CAL, [
      {
        id: 'call',
        summary: 'Call',
        start: { dateTime: '2026-03-06T09:00:00-05:00', timeZone: ZONE },
        end: { dateTime: '2026-03-06T09:10:00-05:00', timeZone: ZONE },
      },
    ]);
    await sync();
    const [conflict] = t.call('calendars/conflicts', { providerId: ana() });
    const kept = t.call('calendars/resolveConflict', { conflictId: conflict!.id, action: 'keep' });
    expect(kept.status).toBe('kept');
    expect(t.call('calendars/conflicts', { providerId: ana() })).toEqual([]);
  });

  it('a 410 Gone resyncs fully without duplicating busy rows', async () => {
    const link = account().calendars.find((l) => l.name === 'Ana Patel')!;
    const rowsBefore = countBusyRows(t.db, link.id);
    expect(rowsBefore).toBeGreaterThan(0);
    standin.expireSyncTokens();
    standin.changeEvent(CAL, 'dentist', {
      start: { dateTime: '2026-03-04T13:00:00-05:00', timeZone: ZONE },
      end: { dateTime: '2026-03-04T14:00:00-05:00', timeZone: ZONE },
    });
    standin.requests.length = 0;
    await sync();
    expect(standin.requests.some((r) => r.includes('syncToken='))).toBe(true);
    expect(countBusyRows(t.db, link.id)).toBe(rowsBefore);
    const slots = slotTimes('2026-03-04');
    expect(slots).toContain('10:00');
    expect(slots).not.toContain('13:00');
    expect(account().status).toBe('ok');
  });

  it('a revoked grant marks the account auth_revoked and shows in calendars/health at once', async () => {
    standin.revokeGrant();
    standin.expireAccessTokens();
    // The token must be refreshed now, which Google refuses (invalid_grant).
    t.db.sqlite.prepare('UPDATE calendar_accounts SET secret_sealed = ? WHERE id = ?').run(
      t.secrets.seal(
        JSON.stringify({
          accessToken: 'ya29.old',
          refreshToken: '1//gone',
          expiresAtMs: 0,
          scope: null,
        }),
      ),
      accountId,
    );
    const run = await sync();
    expect(run.failed).toBe(1);
    const a = account();
    expect(a.status).toBe('auth_revoked');
    expect(a.nextRunMs).toBeNull();
    expect(a.healthText).toMatch(/^Not syncing: .*sign in/i);
    const health = t.call('calendars/health', { providerId: ana() });
    expect(health.ok).toBe(false);
    expect(health.problems).toEqual([
      expect.objectContaining({ accountId, status: 'auth_revoked', label: CAL }),
    ]);
    // Sync now refuses with a reason instead of pretending.
    const r = t.raw('calendars/syncNow', { accountId });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/sign in again/);
  });

  it('signing in again restores the account', async () => {
    const issued = standin.issueTokens();
    t.call('calendars/saveGoogleTokens', {
      providerId: ana(),
      label: CAL,
      tokens: {
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken,
        expiresAtMs: Date.parse('2100-01-01T00:00:00Z'),
        scope: null,
      },
      client: { clientId: standin.clientId },
    });
    expect(t.call('calendars/list', { providerId: ana() })).toHaveLength(1);
    await sync();
    expect(account().status).toBe('ok');
    expect(t.call('calendars/health', { providerId: ana() }).ok).toBe(true);
  });
});
