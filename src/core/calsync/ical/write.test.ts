import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { IcalError } from './errors';
import { parseCalendar } from './parse';
import { appointmentIcs, escapeText, feedIcs, foldLine } from './write';

const base = {
  uid: 'appt-42@clinicdesk',
  sequence: 0,
  startMs: Date.parse('2026-03-09T14:00:00Z'),
  endMs: Date.parse('2026-03-09T14:30:00Z'),
  summary: 'Appointment with Dr. Patel',
  location: '12 Main St, Suite 4; Springfield',
  dtstampMs: Date.parse('2026-03-01T10:00:00Z'),
  organizer: { name: 'Springfield Clinic', email: 'desk@clinic.example' },
  attendee: { name: 'Lee, Sam "Sammy"', email: 'sam@example.com' },
};

const octets = (s: string) => new TextEncoder().encode(s).length;

function event(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  return { comp, ev: comp.getFirstSubcomponent('vevent')! };
}

describe('appointmentIcs', () => {
  it('writes an RFC 5545 REQUEST with CRLF, UTC times and the ClinicDesk PRODID', () => {
    const text = appointmentIcs({ ...base, method: 'REQUEST' });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines.slice(0, 5)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//ClinicDesk//ClinicDesk 0.1//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
    ]);
    expect(lines).toContain('DTSTART:20260309T140000Z');
    expect(lines).toContain('DTEND:20260309T143000Z');
    expect(lines).toContain('SEQUENCE:0');
    expect(lines).toContain('LOCATION:12 Main St\\, Suite 4\\; Springfield');
    const { ev } = event(text);
    expect(ev.getFirstProperty('attendee')!.getParameter('cn')).toBe('Lee, Sam "Sammy"');
    expect(ev.getFirstPropertyValue('location')).toBe(base.location);
  });

  it('a CANCEL carries STATUS:CANCELLED and the raised SEQUENCE', () => {
    const text = appointmentIcs({ ...base, method: 'CANCEL', sequence: 2, status: 'CONFIRMED' });
    expect(text).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(text).toContain('\r\nSEQUENCE:2\r\n');
  });

  it('refuses what mail programs would reject', () => {
    const { organizer: _o, ...noOrganizer } = base;
    expect(() => appointmentIcs({ ...noOrganizer, method: 'REQUEST' })).toThrow(IcalError);
    expect(() => appointmentIcs({ ...base, method: 'PUBLISH', endMs: base.startMs })).toThrow(
      'The appointment must end after it starts.',
    );
    expect(() =>
      appointmentIcs({
        ...base,
        method: 'PUBLISH',
        attendee: { name: 'x', email: 'not an address' },
      }),
    ).toThrow('"not an address" is not an e-mail address.');
    expect(() => appointmentIcs({ ...base, method: 'PUBLISH', sequence: -1 })).toThrow(IcalError);
    expect(() => appointmentIcs({ ...base, method: 'PUBLISH', url: 'javascript alert' })).toThrow(
      IcalError,
    );
  });
});

describe('TEXT escaping and folding', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });
  it('folds at 75 octets, continuation lines included, without splitting a character', () => {
    const line = 'SUMMARY:' + 'é🦷x'.repeat(60);
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .map((p, i) => (i === 0 ? p : p.slice(1)))
        .join(''),
    ).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });
});

describe('round trip through ical.js and parseCalendar', () => {
  const text = fc
    .string({
      unit: fc.constantFrom(
        'a',
        'Z',
        ' ',
        ',',
        ';',
        '\\',
        '\n',
        '\r\n',
        ':',
        '"',
        'é',
        '🦷',
        '日',
        '\t',
      ),
      maxLength: 300,
    })
    .filter((s) => s.trim() !== '');
  const time = fc
    .integer({
      min: Date.parse('1990-01-01T00:00:00Z') / 1000,
      max: Date.parse('2090-01-01T00:00:00Z') / 1000,
    })
    .map((s) => s * 1000);

  it('gives back the same summary, description, location and times', () => {
    fc.assert(
      fc.property(
        text,
        text,
        text,
        time,
        fc.integer({ min: 1, max: 600 }),
        (summary, description, location, startMs, minutes) => {
          const input = {
            ...base,
            summary,
            description,
            location,
            startMs,
            endMs: startMs + minutes * 60_000,
            method: 'REQUEST' as const,
          };
          const out = appointmentIcs(input);
          for (const part of out.split('\r\n')) expect(octets(part)).toBeLessThanOrEqual(75);
          const { ev } = event(out);
          const clean = (s: string) => s.replace(/\r\n|\r/g, '\n');
          expect(ev.getFirstPropertyValue('summary')).toBe(clean(summary));
          expect(ev.getFirstPropertyValue('description')).toBe(clean(description));
          expect(ev.getFirstPropertyValue('location')).toBe(clean(location));
          expect((ev.getFirstPropertyValue('dtstart') as ICAL.Time).toUnixTime() * 1000).toBe(
            startMs,
          );
          expect((ev.getFirstPropertyValue('dtend') as ICAL.Time).toUnixTime() * 1000).toBe(
            input.endMs,
          );
          const parsed = parseCalendar(out);
          expect(parsed.method).toBe('REQUEST');
          expect(
            parsed.roots[0]!.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary'),
          ).toBe(clean(summary));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('feedIcs', () => {
  it('writes many events with the calendar name and refresh interval, readable by parseCalendar', () => {
    const events = [0, 1, 2].map((i) => ({
      ...base,
      uid: `a${i}`,
      startMs: base.startMs + i * 3_600_000,
      endMs: base.endMs + i * 3_600_000,
    }));
    const text = feedIcs({ calendarName: 'Dr. Patel, clinic hours', events });
    const parsed = parseCalendar(text);
    expect(parsed.eventCount).toBe(3);
    expect(parsed.calendarName).toBe('Dr. Patel, clinic hours');
    expect(parsed.method).toBe('PUBLISH');
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n');
    expect(() => feedIcs({ calendarName: ' ', events })).toThrow('The calendar name is required.');
  });
});
