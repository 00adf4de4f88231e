import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone';

describe('formatPhone', () => {
  it('shows a US E.164 number the way the desk reads it', () => {
    expect(formatPhone('+12125550184')).toBe('(212) 555-0184');
    expect(formatPhone('512-555-0134')).toBe('(512) 555-0134');
  });
  it('leaves what it cannot read as stored, and empty as empty', () => {
    expect(formatPhone('+442071838750')).toBe('+442071838750');
    expect(formatPhone(null)).toBe('');
    expect(formatPhone('')).toBe('');
  });
});
