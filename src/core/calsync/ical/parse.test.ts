import { describe, expect, it } from 'vitest';
import { IcalError } from './errors';
import { parseCalendar } from './parse';

const CAL = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//x//y//EN',
  'BEGIN:VEVENT',
  'UID:a',
  'DTSTART:20260309T140000Z',
  'SUMMARY:Long',
  ' er title',
  'END:VEVENT',
  'END:VCALENDAR',
];

function fails(text: string): IcalError {
  try {
    parseCalendar(text);
  } catch (e) {
    expect(e).toBeInstanceOf(IcalError);
    return e as IcalError;
  }
  throw new Error('expected an IcalError');
}

describe('parseCalendar reads what real exporters write', () => {
  it.each([
    ['CRLF', CAL.join('\r\n')],
    ['LF', CAL.join('\n')],
    ['CR only', CAL.join('\r')],
    ['a byte-order mark', '\uFEFF' + CAL.join('\r\n')],
    ['blank lines', CAL.join('\r\n\r\n') + '\r\n\r\n'],
  ])('with %s', (_, text) => {
    const parsed = parseCalendar(text);
    expect(parsed.eventCount).toBe(1);
    expect(parsed.roots[0]!.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe(
      'Longer title',
    );
  });

  it('reads several VCALENDARs in one file, X-WR-TIMEZONE and X-WR-CALNAME', () => {
    const text = [
      ...CAL.slice(0, 3),
      'X-WR-TIMEZONE:Europe/Berlin',
      'X-WR-CALNAME:Dr. Patel',
      ...CAL.slice(3),
      ...CAL,
    ].join('\r\n');
    const parsed = parseCalendar(text);
    expect(parsed.roots).toHaveLength(2);
    expect(parsed.eventCount).toBe(2);
    expect(parsed.calendarZone).toBe('Europe/Berlin');
    expect(parsed.calendarName).toBe('Dr. Patel');
  });

  it('skips text after the last END:VCALENDAR with a warning', () => {
    const parsed = parseCalendar([...CAL, 'X-COMMENT:Cached from 2022'].join('\n'));
    expect(parsed.warnings.map((w) => w.code)).toEqual(['IGNORED_TEXT']);
  });
});

describe('parseCalendar says what is wrong and where', () => {
  it('an empty file', () => expect(fails(' \r\n').code).toBe('EMPTY'));
  it('an HTML page', () => {
    const e = fails('<html><body>Sign in</body></html>');
    expect(e.code).toBe('NOT_ICALENDAR');
    expect(e.message).toContain('line 1');
  });
  it('a bare VEVENT', () =>
    expect(fails(CAL.slice(3, 9).join('\n')).message).toContain('bare VEVENT'));
  it('a property without a colon', () => {
    const lines = [...CAL];
    lines.splice(5, 0, 'LOCATION Room 4');
    const e = fails(lines.join('\n'));
    expect(e.code).toBe('MALFORMED_LINE');
    expect(e.line).toBe(6);
    expect(e.message).toBe('line 6: property without a colon: "LOCATION Room 4"');
  });
  it('a component that is never closed', () => {
    const e = fails(CAL.slice(0, 7).join('\n'));
    expect(e.code).toBe('UNBALANCED_COMPONENT');
    expect(e.message).toContain('BEGIN:VEVENT is never closed');
  });
  it('END that closes the wrong component', () => {
    const lines = [...CAL];
    lines[8] = 'END:VTODO';
    expect(fails(lines.join('\n')).message).toContain(
      'line 9: END:VTODO closes BEGIN:VEVENT from line 4',
    );
  });
  it('a bad RRULE value, with its line', () => {
    const lines = [...CAL];
    lines.splice(6, 0, 'RRULE:FREQ=FORTNIGHTLY');
    const e = fails(lines.join('\n'));
    expect(e.code).toBe('BAD_VALUE');
    expect(e.message).toMatch(/^line 7: RRULE: invalid frequency "FORTNIGHTLY"/);
  });
  it('text that is not a string', () =>
    expect(fails(42 as unknown as string).code).toBe('INVALID_INPUT'));
});
