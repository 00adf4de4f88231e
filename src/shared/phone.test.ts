import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone';

describe('formatPhone', () => {
  it('shows a North American E.164 number the way the desk reads it', () => {
    expect(formatPhone('+12125550184')).toBe('(212) 555-0184');
  });
  it('leaves other numbers as stored and an empty value empty', () => {
    expect(formatPhone('+442071838750')).toBe('+442071838750');
    expect(formatPhone(null)).toBe('');
  });
});
