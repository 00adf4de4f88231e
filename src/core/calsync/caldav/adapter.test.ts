import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { busyIntervals, parseCalendar } from '../ical';
import { createCalDavCalendarAccount, decodeCalDavCursor } from './adapter';

const port = createCalDavCalendarAccount({
  serverUrl: 'https://caldav.example.com/',
  username: 'ana',
  password: 'pw',
  accountLabel: 'ana',
  clinicZone: 'America/New_York',
});

describe('the event ClinicDesk writes to a CalDAV calendar', () => {
  const text = port.eventText({
    calendarId: 'https://caldav.example.com/ana/work/',
    event: {
      appointmentId: '42',
      startMs: Date.parse('2026-03-10T14:00:00Z'),
      endMs: Date.parse('2026-03-10T14:30:00Z'),
      timeZone: 'America/New_York',
      referenceCode: 'K7M-2QX',
    },
  });

  it('carries a neutral title, the reference and our appointment id, and no METHOD', () => {
    expect(text).toContain('SUMMARY:Clinic appointment');
    expect(text).toContain('X-CLINICDESK-APPOINTMENT-ID:42');
    expect(text).toContain('DESCRIPTION:ClinicDesk reference K7M-2QX');
    // RFC 4791 §4.1: a calendar object resource must not carry METHOD.
    expect(text).not.toContain('METHOD:');
  });

  it('parses back to the same time', () => {
    const parsed = parseCalendar(text);
    expect(parsed.eventCount).toBe(1);
    const busy = busyIntervals({
      parsed,
      windowStartMs: Date.parse('2026-03-01T00:00:00Z'),
      windowEndMs: Date.parse('2026-04-01T00:00:00Z'),
      defaultZone: 'America/New_York',
    }).items;
    expect(busy.map((b) => [b.startMs, b.endMs])).toEqual([
      [Date.parse('2026-03-10T14:00:00Z'), Date.parse('2026-03-10T14:30:00Z')],
    ]);
  });

  it('refuses a title template with patient fields', () => {
    expect(() =>
      createCalDavCalendarAccount({
        serverUrl: 'https://caldav.example.com/',
        username: 'ana',
        password: 'pw',
        accountLabel: 'ana',
        clinicZone: 'America/New_York',
        titleTemplate: '{patientName}',
      }),
    ).toThrow(/may only fill in \{reference\}/);
  });
});

describe('decodeCalDavCursor', () => {
  it('reads nothing it did not write: a damaged or Google cursor means a full sync', () => {
    expect(decodeCalDavCursor(null)).toBeNull();
    expect(decodeCalDavCursor('g1.abc')).toBeNull();
    expect(decodeCalDavCursor('d1.%%%')).toBeNull();
  });
});

describe('folding, DTSTAMP and UID of the event text', () => {
  const utf8 = new TextEncoder();
  it('every line is at most 75 octets for any title and reference, multi-byte included', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
    );
    fc.assert(
      fc.property(text, text, (title, reference) => {
        fc.pre(title.trim() !== '' && !/\{/.test(title));
        const p = createCalDavCalendarAccount({
          serverUrl: 'https://caldav.example.com/',
          username: 'ana',
          password: 'pw',
          accountLabel: 'ana',
          clinicZone: 'America/New_York',
          titleTemplate: `${title} {reference}`,
        });
        const out = p.eventText({
          calendarId: 'https://caldav.example.com/ana/work/',
          event: {
            appointmentId: '7',
            startMs: Date.parse('2026-03-10T14:00:00Z'),
            endMs: Date.parse('2026-03-10T14:30:00Z'),
            timeZone: 'America/New_York',
            referenceCode: reference,
          },
          stampMs: Date.parse('2026-03-02T13:00:00Z'),
        });
        expect(out.endsWith('\r\n')).toBe(true);
        for (const line of out.slice(0, -2).split('\r\n')) {
          expect(utf8.encode(line).length).toBeLessThanOrEqual(75);
        }
        expect(parseCalendar(out).eventCount).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('DTSTAMP is when the event was written, not the appointment start', () => {
    const out = port.eventText({
      calendarId: 'https://caldav.example.com/ana/work/',
      event: {
        appointmentId: '42',
        startMs: Date.parse('2026-03-10T14:00:00Z'),
        endMs: Date.parse('2026-03-10T14:30:00Z'),
        timeZone: 'America/New_York',
      },
      stampMs: Date.parse('2026-03-02T13:05:09Z'),
    });
    expect(out).toContain('DTSTAMP:20260302T130509Z\r\n');
    expect(out).toContain('DTSTART:20260310T140000Z\r\n');
  });

  it('an update keeps the UID of the resource it writes into (a rescheduled visit)', () => {
    const out = port.eventText({
      calendarId: 'https://caldav.example.com/ana/work/',
      remoteId: '/ana/work/clinicdesk-41.ics',
      event: {
        appointmentId: '42',
        startMs: Date.parse('2026-03-10T14:00:00Z'),
        endMs: Date.parse('2026-03-10T14:30:00Z'),
        timeZone: 'America/New_York',
      },
      stampMs: Date.parse('2026-03-02T13:05:09Z'),
    });
    expect(out).toContain('UID:clinicdesk-41@clinicdesk\r\n');
    expect(out).toContain('X-CLINICDESK-APPOINTMENT-ID:42\r\n');
  });
});
