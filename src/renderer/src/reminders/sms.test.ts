import { describe, expect, it } from 'vitest';
import { countSms } from '../../../shared/sms';
import { describeSmsCount } from './sms';

describe('describeSmsCount', () => {
  it('names the characters that force UCS-2, like a curly apostrophe pasted from Word', () => {
    const c = countSms('We’re closed today for snow – sorry. We’ll call you.');
    expect(describeSmsCount(c)).toBe(
      `1 text message · ${c.units} of 70 characters · special characters (’ –) make each part shorter`,
    );
  });

  it('writes an invisible special character by its code', () => {
    expect(describeSmsCount(countSms('9\u202fAM'))).toMatch(/\(U\+202F\)/);
  });

  it('says a plain text plainly', () => {
    expect(describeSmsCount(countSms('Test Clinic: closed today.'))).toBe(
      '1 text message · 26 of 160 characters',
    );
  });

  it('counts parts in the plural', () => {
    expect(describeSmsCount(countSms('a'.repeat(170)))).toBe(
      '2 text messages · 170 of 306 characters',
    );
  });
});
