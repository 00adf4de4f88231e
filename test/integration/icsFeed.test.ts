/**
 * The provider's read-only ICS feed over real HTTP (startHttpHost with the feed route), and a
 * single appointment's .ics: tokens are unguessable and rotate, unknown tokens are a bare 404, the
 * feed parses back with parseCalendar, and neither file carries a patient's name or visit type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/core/api';
import { icsFeedRoute } from '../../src/core/host/routes/icsFeed';
import { calendarOccurrences, parseCalendar } from '../../src/core/calsync/ical';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
let host: HttpHost;
const booked: number[] = [];

beforeAll(async () => {
  t = openTestApi();
  c = buildTinyClinic(t);
  const ana = c.providers[0]!.id;
  for (const [start, patient] of [
    ['2026-03-03T10:00:00-05:00', c.patient.id],
    ['2026-03-10T10:00:00-04:00', c.patient2.id],
    ['2026-03-11T09:00:00-04:00', c.patient.id],
  ] as const) {
    booked.push(
      t.call('appointments/book', {
        patientId: patient,
        providerId: ana,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start,
      }).id,
    );
  }
  t.call('appointments/cancel', { appointmentId: booked[2]!, reason: 'Moved away' });
  // Another provider's visit must not appear in Ana's feed.
  t.call('appointments/book', {
    patientId: c.patient2.id,
    providerId: c.providers[1]!.id,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    start: '2026-03-04T10:00:00-05:00',
  });
  host = await startHttpHost({
    db: t.db,
    registry: createApi(),
    clock: () => t.now,
    secrets: t.secrets,
    routes: [icsFeedRoute({ db: t.db, clock: () => t.now })],
  });
});
afterAll(async () => {
  await host?.close();
  t?.close();
});

describe('provider ICS feed', () => {
  it('serves the feed for a token, minimum necessary, and it parses back', async () => {
    const feed = t.call('calendars/feedUrl', { providerId: c.providers[0]!.id });
    expect(feed.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(feed.path).toBe(`/ics/${feed.token}.ics`);
    // Asking again gives the same address (subscribers keep working).
    expect(t.call('calendars/feedUrl', { providerId: c.providers[0]!.id })).toEqual(feed);

    const res = await fetch(host.url + feed.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    const cal = parseCalendar(text);
    expect(cal.method).toBe('PUBLISH');
    expect(cal.eventCount).toBe(2); // the cancelled visit and the other provider's are left out
    const occ = calendarOccurrences({
      calendarText: text,
      windowStartMs: Date.parse('2026-03-01T00:00:00Z'),
      windowEndMs: Date.parse('2026-04-01T00:00:00Z'),
      defaultZone: 'America/New_York',
    }).items;
    expect(occ.map((o) => new Date(o.startMs).toISOString())).toEqual([
      '2026-03-03T15:00:00.000Z',
      '2026-03-10T14:00:00.000Z',
    ]);
    expect(text).toContain('SUMMARY:Clinic appointment');
    expect(text).toContain('LOCATION:Main\\, 1 Main St\\, Austin\\, TX 78701');
    expect(text).not.toMatch(/Maria|Lopez|John|Smith|Follow-up|99213/);
  });

  it('answers 404 for an unknown, malformed or rotated token, without saying more', async () => {
    const ana = c.providers[0]!.id;
    const old = t.call('calendars/feedUrl', { providerId: ana });
    const fresh = t.call('calendars/rotateFeed', { providerId: ana });
    expect(fresh.token).not.toBe(old.token);
    const bodies = new Set<string>();
    for (const p of [
      old.path,
      '/ics/nope.ics',
      `/ics/${'A'.repeat(43)}.ics`,
      `/ics/${fresh.token}`,
    ]) {
      const res = await fetch(host.url + p);
      expect(res.status, p).toBe(404);
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
    expect((await fetch(host.url + fresh.path)).status).toBe(200);
  });

  it('gives one appointment as an .ics file with METHOD:PUBLISH', () => {
    const file = t.call('appointments/ics', { appointmentId: booked[0]! });
    expect(file.fileName).toMatch(/^appointment-.+\.ics$/);
    const cal = parseCalendar(file.text);
    expect(cal.method).toBe('PUBLISH');
    expect(cal.eventCount).toBe(1);
    expect(file.text).toContain('SUMMARY:Appointment at Test Clinic with Ana Patel\\, MD');
    expect(file.text).not.toMatch(/Maria|Lopez|Follow-up/);
    const cancelled = t.call('appointments/ics', { appointmentId: booked[2]! });
    expect(cancelled.text).toContain('STATUS:CANCELLED');
  });
});
