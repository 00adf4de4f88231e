import { describe, expect, it } from 'vitest';
import {
  formatDob,
  formatPhone,
  messageForField,
  parseDob,
  readBackLine,
  spokenCode,
  whenLabel,
} from './format';

describe('what the receptionist types for a date of birth', () => {
  it.each([
    ['3/2/1985', '1985-03-02'],
    ['03/02/1985', '1985-03-02'],
    ['3-2-1985', '1985-03-02'],
    ['03021985', '1985-03-02'],
    ['1985-03-02', '1985-03-02'],
    [' 12/31/1999 ', '1999-12-31'],
  ])('%s is %s', (typed, iso) => expect(parseDob(typed)).toBe(iso));

  it.each(['2/30/1985', '13/1/1985', '3/2/85', 'march 2', ''])('%s is refused', (typed) =>
    expect(parseDob(typed)).toBeNull(),
  );
});

describe('the read-back line', () => {
  it('says who, what, with whom, where and when in the clinic zone, and the code', () => {
    expect(
      readBackLine({
        patientName: 'Maria Lopez',
        visitTypeName: 'Follow-up',
        providerName: 'Ana Patel, MD',
        locationName: 'Main',
        start: '2026-03-03T14:30:00Z',
        zone: 'America/New_York',
        confirmationCode: 'K7M-2QX',
      }),
    ).toBe(
      'Maria Lopez — Follow-up with Ana Patel, MD at Main, Tue Mar 3 at 9:30 AM. Confirmation K7M-2QX.',
    );
  });

  it('uses the clinic day across midnight UTC and DST', () => {
    // 04:30Z on Mar 9 is still Sunday evening in Denver; the clocks went forward that morning.
    expect(whenLabel('2026-03-09T04:30:00Z', 'America/Denver')).toBe('Sun Mar 8 at 10:30 PM');
  });

  it('splits an undashed code and leaves dashed ones', () => {
    expect(spokenCode('K7M2QX')).toBe('K7M-2QX');
    expect(spokenCode('K7M-2QX')).toBe('K7M-2QX');
  });
});

describe('small formats', () => {
  it('writes phones and dates of birth the US way', () => {
    expect(formatPhone('+15125550134')).toBe('(512) 555-0134');
    expect(formatPhone(null)).toBe('');
    expect(formatDob('1980-05-17')).toBe('05/17/1980');
  });

  it('drops the field path in front of a message shown beside that field', () => {
    expect(messageForField('email: e-mail consent needs an e-mail address', 'email')).toBe(
      'e-mail consent needs an e-mail address',
    );
    expect(messageForField('is already registered', 'lastName')).toBe('is already registered');
  });
});
