import { describe, expect, it } from 'vitest';
import { countSms } from './sms';

describe('countSms', () => {
  it('fits 160 plain characters in one text and 161 in two parts of 153', () => {
    expect(countSms('a'.repeat(160))).toMatchObject({
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
      capacity: 160,
    });
    expect(countSms('a'.repeat(161))).toMatchObject({ segments: 2, capacity: 306 });
    expect(countSms('a'.repeat(307))).toMatchObject({ segments: 3, capacity: 459 });
  });

  it('counts the extension table (€, [, ]) as two septets', () => {
    expect(countSms('€5 [cash]')).toMatchObject({ encoding: 'GSM-7', units: 12 });
    expect(countSms('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(countSms('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it('keeps Spanish letters of GSM-7 (ñ, é, ü, ¿) in 160-character parts', () => {
    expect(countSms('¿Mañana? Claro, café con Müller')).toMatchObject({ encoding: 'GSM-7' });
    // "í" is not GSM-7 though: it alone turns the text into UCS-2.
    expect(countSms('Sí').nonGsm).toEqual(['í']);
  });

  it('names the characters that force UCS-2, like a curly apostrophe pasted from Word', () => {
    const c = countSms('We’re closed today for snow – sorry. We’ll call you.');
    expect(c).toMatchObject({ encoding: 'UCS-2', segments: 1, capacity: 70, nonGsm: ['’', '–'] });
    expect(countSms('x'.repeat(70) + '’')).toMatchObject({ units: 71, segments: 2, capacity: 134 });
  });

  it('counts an emoji as two UCS-2 units', () => {
    expect(countSms('❄️ closed 🙏')).toMatchObject({ encoding: 'UCS-2', units: 12 });
  });
});
