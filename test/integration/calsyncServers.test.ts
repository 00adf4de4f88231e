/**
 * One calendar-sync suite run against every CalDAV server we can start here:
 * - Radicale (python3-radicale, what most self-hosters run);
 * - the first-instance stand-in: Radicale behind a proxy whose calendar-query time-range matches
 *   a recurring event only when its FIRST instance is in the range, as some servers do;
 * - xandikos (Debian's package; an independent implementation with that same time-range
 *   behaviour, and sync-collection advertised in a form we do not read, so ctag/ETag is used).
 * Each server gets its own clinic and is driven with the steps a provider and the front desk take.
 *
 * Under CI Radicale and xandikos must be installed (.ci/run installs both): a missing one FAILS.
 * Elsewhere its block is skipped with the reason printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portForAccount, runCalendarSync } from '../../src/core/calsync/service/sync';
import {
  radicaleUnavailable,
  startFirstInstanceStandin,
  startRadicale,
  startXandikos,
  xandikosUnavailable,
  type CalDavTestServer,
} from '../standins/caldavServers';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

const USER = { username: 'apatel', password: 'app-specific-pw' };
const DAY_MS = 86_400_000;

const SERVERS: {
  name: string;
  unavailable: string | null;
  start: () => Promise<CalDavTestServer>;
}[] = [
  { name: 'radicale', unavailable: radicaleUnavailable(), start: () => startRadicale(USER) },
  {
    name: 'first-instance stand-in',
    unavailable: radicaleUnavailable(),
    start: () => startFirstInstanceStandin(USER),
  },
  { name: 'xandikos', unavailable: xandikosUnavailable(), start: () => startXandikos(USER) },
];

function ics(lines: string[]): string {
  return (
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Provider phone//EN',
      'BEGIN:VTIMEZONE',
      'TZID:America/New_York',
      'BEGIN:DAYLIGHT',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'TZNAME:EDT',
      'DTSTART:19700308T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'TZNAME:EST',
      'DTSTART:19701101T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      'END:STANDARD',
      'END:VTIMEZONE',
      ...lines,
      'END:VCALENDAR',
    ].join('\r\n') + '\r\n'
  );
}

for (const s of SERVERS) {
  if (s.unavailable && process.env.CI) {
    describe(`calendar sync against ${s.name}`, () => {
      it('needs the server (CI installs python3-radicale and xandikos)', () => {
        throw new Error(`${s.name} is required under CI: ${s.unavailable}`);
      });
    });
    continue;
  }
  if (s.unavailable) console.warn(`[calsyncServers] ${s.name} skipped: ${s.unavailable}`);

  describe.skipIf(s.unavailable !== null)(`calendar sync against ${s.name}`, () => {
    let server: CalDavTestServer;
    let t: TestApi;
    let c: ReturnType<typeof buildTinyClinic>;
    let accountId: number;
    let standing: Response;
    const start = () => t.now;

    beforeAll(async () => {
      server = await s.start();
      await server.makeCalendar('work', 'Work');
      await server.makeCalendar('personal', 'Personal');
      // Thursdays 16:00–17:00 New York time since 1 January 2026, no end.
      standing = await put(
        'personal',
        'standing.ics',
        ics([
          'BEGIN:VEVENT',
          'UID:standing-thursday@phone',
          'DTSTAMP:20260101T000000Z',
          'DTSTART;TZID=America/New_York:20260101T160000',
          'DTEND;TZID=America/New_York:20260101T170000',
          'RRULE:FREQ=WEEKLY;BYDAY=TH',
          'SUMMARY:Hospital board',
          'END:VEVENT',
        ]),
      );
      t = openTestApi();
      c = buildTinyClinic(t);
      const connected = t.call('calendars/connectCaldav', {
        providerId: c.providers[0]!.id,
        serverUrl: server.url,
        username: USER.username,
        password: USER.password,
      });
      accountId = connected.id;
      await sync();
      const work = account().calendars.find((l) => l.name === 'Work')!;
      t.call('calendars/setLink', { linkId: work.id, receivesAppointments: true });
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
      t?.close();
    });

    const ana = () => c.providers[0]!.id;
    const account = () => t.call('calendars/list', { providerId: ana() })[0]!;
    async function sync() {
      t.call('calendars/syncNow', { accountId });
      const r = await runCalendarSync({
        db: t.db,
        secrets: t.secrets,
        clock: () => t.now,
        publish: () => {},
      });
      expect(account().lastError).toBeNull();
      return r;
    }
    const put = (calendar: string, name: string, body: string) =>
      server.request({
        method: 'PUT',
        path: `${server.calendarPath(calendar)}${name}`,
        body,
        headers: { 'content-type': 'text/calendar; charset=utf-8' },
      });
    function slotTimes(date: string): string[] {
      return t
        .call('availability/slots', {
          providerId: ana(),
          visitTypeId: c.visit.id,
          from: date,
          to: date,
        })
        .slots.map((x) => x.localTime);
    }

    it('finds both calendars', () => {
      expect(start()).toBe(Date.parse('2026-03-02T13:00:00Z'));
      const names = account().calendars.map((l) => l.name);
      expect(names).toEqual(expect.arrayContaining(['Work', 'Personal']));
    });

    it('a weekly series that began before the sync window blocks its slots', async () => {
      // Put on the calendar (below) before the account was connected: read by the first full read.
      expect(standing.status).toBeLessThan(300);
      for (const date of ['2026-03-05', '2026-03-12', '2026-03-19']) {
        const slots = slotTimes(date);
        expect(slots, date).not.toContain('16:00');
        expect(slots, date).not.toContain('16:30');
        expect(slots, date).toContain('15:00');
      }
    });

    it('a series that starts inside the window keeps blocking after its first instance is past', async () => {
      // Tuesdays 10:00–11:00 from 3 March 2026, no end.
      const res = await put(
        'personal',
        'tuesday.ics',
        ics([
          'BEGIN:VEVENT',
          'UID:tuesday-committee@phone',
          'DTSTAMP:20260301T000000Z',
          'DTSTART;TZID=America/New_York:20260303T100000',
          'DTEND;TZID=America/New_York:20260303T110000',
          'RRULE:FREQ=WEEKLY;BYDAY=TU',
          'SUMMARY:Committee',
          'END:VEVENT',
        ]),
      );
      expect([201, 204]).toContain(res.status);
      await sync();
      expect(slotTimes('2026-03-10')).not.toContain('10:00');
      // Six weeks later the series' first instance is long before the window.
      t.now += 42 * DAY_MS;
      await sync();
      await sync();
      for (const date of ['2026-04-14', '2026-04-21', '2026-05-05']) {
        expect(slotTimes(date), date).not.toContain('10:00');
        expect(slotTimes(date), date).toContain('11:00');
      }
      // …and the Thursday series too.
      expect(slotTimes('2026-04-16')).not.toContain('16:00');
      t.now -= 42 * DAY_MS;
      await sync();
    });

    it('a reschedule keeps the UID inside the existing resource', async () => {
      const first = t.call('appointments/book', {
        patientId: c.patient.id,
        providerId: ana(),
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: '2026-03-06T10:00:00-05:00',
      });
      await sync();
      const row = t.db.sqlite
        .prepare('SELECT remote_id AS remoteId FROM appointment_events WHERE appointment_id = ?')
        .get(first.id) as { remoteId: string };
      const uidOf = async () => {
        const text = await (await server.request({ method: 'GET', path: row.remoteId })).text();
        return /^UID:(.*)$/m.exec(text)?.[1]?.trim();
      };
      const before = await uidOf();
      expect(before).toBe(`clinicdesk-${first.id}@clinicdesk`);
      const moved = t.call('appointments/reschedule', {
        appointmentId: first.id,
        start: '2026-03-06T11:00:00-05:00',
      });
      await sync();
      const again = t.call('appointments/reschedule', {
        appointmentId: moved.appointment.id,
        start: '2026-03-06T11:30:00-05:00',
      });
      await sync();
      const text = await (await server.request({ method: 'GET', path: row.remoteId })).text();
      expect(text).toContain('DTSTART:20260306T163000Z');
      expect(text).toContain(`X-CLINICDESK-APPOINTMENT-ID:${again.appointment.id}`);
      expect(await uidOf()).toBe(before);
      t.call('appointments/cancel', { appointmentId: again.appointment.id, reason: 'Test' });
      await sync();
    });

    it('a refused write and a refused delete are named problems, and the delete is not retried blindly', async () => {
      const appt = t.call('appointments/book', {
        patientId: c.patient2.id,
        providerId: ana(),
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: '2026-03-09T14:00:00-04:00',
      });
      await sync();
      const { remoteId } = t.db.sqlite
        .prepare('SELECT remote_id AS remoteId FROM appointment_events WHERE appointment_id = ?')
        .get(appt.id) as { remoteId: string };
      // The provider edits the clinic's event on their phone.
      const original = await (await server.request({ method: 'GET', path: remoteId })).text();
      const edited = await server.request({
        method: 'PUT',
        path: remoteId,
        body: original.replace(/SUMMARY:[^\r\n]*/, 'SUMMARY:Clinic (moved by me)'),
        headers: { 'content-type': 'text/calendar; charset=utf-8' },
      });
      expect(edited.status).toBeLessThan(300);
      const moved = t.call('appointments/reschedule', {
        appointmentId: appt.id,
        start: '2026-03-09T15:00:00-04:00',
      });
      await sync();
      let health = t.call('calendars/health', { providerId: ana() });
      expect(health.ok).toBe(false);
      expect(health.notWritten).toBe(1);
      expect(health.notWrittenDetails[0]).toMatchObject({
        appointmentId: moved.appointment.id,
        calendar: 'Work',
      });
      expect(health.notWrittenDetails[0]!.message).toMatch(/was not overwritten/);
      expect(account().healthText).toMatch(/^1 appointment could not be written/);
      // Cancelled a minute later: the delete is refused once (412), then not sent again.
      t.now += 60_000;
      t.call('appointments/cancel', { appointmentId: moved.appointment.id, reason: 'Test' });
      let deletes = 0;
      const counting = () =>
        runCalendarSync({
          db: t.db,
          secrets: t.secrets,
          clock: () => t.now,
          publish: () => {},
          portFor: (i) => {
            const port = portForAccount(i);
            return {
              listCalendars: () => port.listCalendars(),
              pullChanges: (x) => port.pullChanges(x),
              putEvent: (x) => port.putEvent(x),
              deleteEvent: (x) => {
                deletes++;
                return port.deleteEvent(x);
              },
            };
          },
        });
      t.call('calendars/syncNow', { accountId });
      await counting();
      expect(deletes).toBe(1);
      for (let i = 0; i < 3; i++) {
        t.call('calendars/syncNow', { accountId });
        await counting();
      }
      expect(deletes).toBe(1);
      health = t.call('calendars/health', { providerId: ana() });
      expect(health.notWritten).toBe(1);
      expect(health.notWrittenDetails[0]!.message).toMatch(/left there for the provider/);
      expect((await server.request({ method: 'GET', path: remoteId })).status).toBe(200);
      t.now -= 60_000;
    });

    it("each choice for a refused write: overwrite, keep the provider's copy, stop syncing", async () => {
      const work = account().calendars.find((l) => l.name === 'Work')!;
      const events = () => t.call('calendars/health', { providerId: ana() }).notWrittenDetails;
      /** Books, syncs, moves the clinic's event an hour later on the "phone", then reschedules it. */
      async function refused(day: string) {
        const appt = t.call('appointments/book', {
          patientId: c.patient2.id,
          providerId: ana(),
          locationId: c.loc.id,
          visitTypeId: c.visit.id,
          start: `${day}T10:00:00-04:00`,
        });
        await sync();
        const { remoteId } = t.db.sqlite
          .prepare('SELECT remote_id AS remoteId FROM appointment_events WHERE appointment_id = ?')
          .get(appt.id) as { remoteId: string };
        const original = await (await server.request({ method: 'GET', path: remoteId })).text();
        const phone = original
          .replace(/DTSTART[^\r\n]*/, `DTSTART:${day.replaceAll('-', '')}T170000Z`)
          .replace(/DTEND[^\r\n]*/, `DTEND:${day.replaceAll('-', '')}T173000Z`);
        const edited = await server.request({
          method: 'PUT',
          path: remoteId,
          body: phone,
          headers: { 'content-type': 'text/calendar; charset=utf-8' },
        });
        expect(edited.status).toBeLessThan(300);
        const moved = t.call('appointments/reschedule', {
          appointmentId: appt.id,
          start: `${day}T11:00:00-04:00`,
        });
        await sync();
        const problem = events().find((e) => e.appointmentId === moved.appointment.id)!;
        expect(problem).toMatchObject({ linkId: work.id, calendar: 'Work' });
        // What the provider's copy says: the time they moved it to on their phone.
        expect(problem.providerCopy).toEqual({
          startMs: Date.parse(`${day}T17:00:00Z`),
          endMs: Date.parse(`${day}T17:30:00Z`),
        });
        return { id: moved.appointment.id, remoteId };
      }
      const copyText = async (remoteId: string) =>
        (await server.request({ method: 'GET', path: remoteId })).text();

      const a = await refused('2026-03-16');
      t.call('calendars/resolveNotWritten', {
        appointmentId: a.id,
        linkId: work.id,
        choice: 'overwrite',
      });
      await sync();
      expect(events().some((e) => e.appointmentId === a.id)).toBe(false);
      expect(await copyText(a.remoteId)).toMatch(/DTSTART[^\r\n]*(T110000|T150000Z)/);
      expect(await copyText(a.remoteId)).not.toMatch(/T170000Z/);

      const b = await refused('2026-03-23');
      t.call('calendars/resolveNotWritten', {
        appointmentId: b.id,
        linkId: work.id,
        choice: 'keepProviders',
      });
      await sync();
      expect(events().some((e) => e.appointmentId === b.id)).toBe(false);
      expect(await copyText(b.remoteId)).toMatch(/DTSTART:20260323T170000Z/);

      const d = await refused('2026-03-30');
      t.call('calendars/resolveNotWritten', {
        appointmentId: d.id,
        linkId: work.id,
        choice: 'stopSyncing',
      });
      t.now += 60_000;
      t.call('appointments/cancel', { appointmentId: d.id, reason: 'Test' });
      await sync();
      t.now -= 60_000;
      // Not removed, not retried, not a problem any more.
      expect((await server.request({ method: 'GET', path: d.remoteId })).status).toBe(200);
      expect(events().some((e) => e.appointmentId === d.id)).toBe(false);
      expect(() =>
        t.call('calendars/resolveNotWritten', {
          appointmentId: d.id,
          linkId: work.id,
          choice: 'overwrite',
        }),
      ).toThrow(/Nothing to decide/);
      const audited = t.db.sqlite
        .prepare(
          `SELECT action FROM audit_log WHERE action LIKE 'calendar.notWritten.%' ORDER BY id`,
        )
        .pluck()
        .all();
      expect(audited.slice(-3)).toEqual([
        'calendar.notWritten.overwrite',
        'calendar.notWritten.keepProviders',
        'calendar.notWritten.stopSyncing',
      ]);
    });

    it('a conflict closes itself when its appointment is cancelled, and health counts only live ones', async () => {
      const appt = t.call('appointments/book', {
        patientId: c.patient.id,
        providerId: ana(),
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: '2026-03-11T14:00:00-04:00',
      });
      await sync();
      const res = await put(
        'personal',
        'errand.ics',
        ics([
          'BEGIN:VEVENT',
          'UID:errand@phone',
          'DTSTAMP:20260301T000000Z',
          'DTSTART;TZID=America/New_York:20260311T133000',
          'DTEND;TZID=America/New_York:20260311T150000',
          'SUMMARY:Errand',
          'END:VEVENT',
        ]),
      );
      expect(res.status).toBeLessThan(300);
      await sync();
      expect(t.call('calendars/health', { providerId: ana() }).openConflicts).toBe(1);
      t.now += 60_000;
      t.call('appointments/cancel', { appointmentId: appt.id, reason: 'Test' });
      expect(t.call('calendars/health', { providerId: ana() }).openConflicts).toBe(0);
      await sync();
      const row = t.db.sqlite
        .prepare(
          'SELECT status, resolved_by AS resolvedBy FROM calendar_conflicts WHERE appointment_id = ?',
        )
        .get(appt.id) as { status: string; resolvedBy: string };
      expect(row).toEqual({
        status: 'gone',
        resolvedBy: 'calendar sync: the appointment was cancelled',
      });
      // The reason is in the audit too, under the sync's name.
      expect(
        t.db.sqlite
          .prepare(
            `SELECT actor, details FROM audit_log WHERE action = 'calendar.conflict.closed' AND entity_id = ?`,
          )
          .all(appt.id),
      ).toEqual([
        {
          actor: 'calendar sync',
          details: expect.stringContaining('the appointment was cancelled') as unknown,
        },
      ]);
      t.now -= 60_000;
    });

    it('turning on allDayBusy re-reads the calendars, so existing all-day events block time', async () => {
      const res = await put(
        'personal',
        'conference.ics',
        ics([
          'BEGIN:VEVENT',
          'UID:conference@phone',
          'DTSTAMP:20260301T000000Z',
          'DTSTART;VALUE=DATE:20260313',
          'DTEND;VALUE=DATE:20260314',
          'SUMMARY:Conference',
          'END:VEVENT',
        ]),
      );
      expect(res.status).toBeLessThan(300);
      await sync();
      expect(slotTimes('2026-03-13')).toContain('09:00');
      t.call('calendars/connectCaldav', {
        providerId: ana(),
        serverUrl: server.url,
        username: USER.username,
        password: USER.password,
        allDayBusy: true,
      });
      await sync();
      expect(slotTimes('2026-03-13')).toEqual([]);
    });
  });
}
