import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  messageLanguage,
  renderEmail,
  renderSms,
  renderVoice,
  smsSize,
  toGsm7WherePossible,
  type ReminderMessageInput,
} from './templates';

const typical: Omit<ReminderMessageInput, 'language' | 'kind' | 'requiresReply'> = {
  patientFirstName: 'Maria',
  clinicName: 'Riverside Family Clinic',
  clinicPhone: '+15125550100',
  providerDisplayName: 'Dr. Anna Patel',
  locationName: 'Main St Office',
  locationAddress: '1200 Main St, Austin, TX 78701',
  startMs: Date.parse('2026-03-10T14:30:00Z'), // Tue 09:30 CDT
  clinicTimeZone: 'America/Chicago',
};
const kinds = [
  ['confirmation', false],
  ['reminder', true],
  ['reminder', false],
  ['cancellation', false],
] as const;

describe('SMS', () => {
  it.each(['en', 'es'])('fits every %s SMS in one GSM-7 segment for typical data', (language) => {
    for (const [kind, requiresReply] of kinds) {
      const text = renderSms({ ...typical, language, kind, requiresReply });
      expect(smsSize(text), text).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    }
  });

  it('writes the 24 h reminder in English with the reply instructions and the clinic-zone time', () => {
    expect(renderSms({ ...typical, language: 'en', kind: 'reminder', requiresReply: true })).toBe(
      'Riverside Family Clinic: Hi Maria, reminder: your visit with Dr. Anna Patel is Tue, Mar 10 at 9:30 AM at Main St Office. Reply C to confirm or X to cancel.',
    );
  });

  it('writes correct Spanish: "Responda C para confirmar o X para cancelar", "a las", "a la 1"', () => {
    const text = renderSms({
      ...typical,
      language: 'es-MX',
      kind: 'reminder',
      requiresReply: true,
    });
    expect(text).toContain('Responda C para confirmar o X para cancelar.');
    expect(text).toContain('el martes 10 de marzo a las 9:30 a.m.');
    const oneOClock = renderSms({
      ...typical,
      language: 'es',
      kind: 'reminder',
      requiresReply: false,
      startMs: Date.parse('2026-03-10T18:15:00Z'),
    });
    expect(oneOClock).toContain('a la 1:15 p.m.');
  });

  it('keeps correct accents when they fit, simplifies to GSM-7 only when they would cost a segment', () => {
    // é and ñ are GSM-7 letters: they cost nothing and stay.
    const gsm = renderSms({
      ...typical,
      patientFirstName: 'José Ñañez',
      language: 'es',
      kind: 'reminder',
      requiresReply: true,
    });
    expect(gsm).toContain('José Ñañez');
    expect(smsSize(gsm).encoding).toBe('GSM-7');
    const long = renderSms({
      ...typical,
      patientFirstName: 'María José',
      language: 'es',
      kind: 'reminder',
      requiresReply: true,
    });
    expect(long).toContain('Maria José'); // í simplified, é kept
    expect(smsSize(long).encoding).toBe('GSM-7');
  });

  it('never carries the visit reason, even when the caller passes a whole appointment row', () => {
    const row = {
      ...typical,
      visitReason: 'HIV follow-up',
      diagnosis: 'B20',
      chiefComplaint: 'chest pain',
    };
    for (const language of ['en', 'es']) {
      for (const [kind, requiresReply] of kinds) {
        const input = { ...row, language, kind, requiresReply };
        const all = [
          renderSms(input),
          JSON.stringify(renderEmail(input)),
          JSON.stringify(renderVoice(input)),
        ].join(' ');
        expect(all).not.toMatch(/HIV|B20|chest pain/);
      }
    }
  });
});

describe('smsSize and GSM-7', () => {
  it('counts GSM-7 septets, extension characters twice, and UCS-2 units', () => {
    expect(smsSize('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSize('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSize('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSize('ñé¿¡ü')).toMatchObject({ encoding: 'GSM-7' });
    expect(smsSize('í'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSize('í'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  });

  it('simplifies á í ó ú and curly quotes but keeps GSM-7 letters and non-Latin names', () => {
    expect(toGsm7WherePossible('María Núñez, “sábado” – ¿sí?')).toBe(
      'Maria Nuñez, "sabado" - ¿si?',
    );
    expect(toGsm7WherePossible('Nguyễn 王')).toBe('Nguyen 王');
  });
});

describe('e-mail', () => {
  it('has a subject, text and HTML with the address, in the patient’s language', () => {
    const en = renderEmail({ ...typical, language: 'en', kind: 'reminder', requiresReply: true });
    expect(en.subject).toBe(
      'Reminder: your appointment at Riverside Family Clinic on Tuesday, March 10',
    );
    expect(en.text).toContain(
      'This is a reminder of your appointment on Tuesday, March 10 at 9:30 AM.',
    );
    expect(en.text).toContain('Where: Main St Office, 1200 Main St, Austin, TX 78701');
    expect(en.text).toContain('reply C (confirm) or X (cancel)');
    const es = renderEmail({
      ...typical,
      language: 'es',
      kind: 'confirmation',
      requiresReply: false,
    });
    expect(es.subject).toBe('Su cita en Riverside Family Clinic: martes 10 de marzo');
    expect(es.text).toContain('Su cita quedó reservada el martes 10 de marzo a las 9:30 a.m.\n');
    expect(es.html).toContain('<html lang="es">');
  });

  it('escapes every value in the HTML part', () => {
    const e = renderEmail({
      ...typical,
      clinicName: 'Smith & <Jones>',
      patientFirstName: '<script>alert(1)</script>',
      language: 'en',
      kind: 'confirmation',
      requiresReply: false,
    });
    expect(e.html).not.toContain('<script>');
    expect(e.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(e.html).toContain('Smith &amp; &lt;Jones&gt;');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });
});

describe('voice', () => {
  it('reads the reminder and asks for 1 or 2 in the patient’s language', () => {
    const en = renderVoice({ ...typical, language: 'en', kind: 'reminder', requiresReply: true });
    expect(en.script).toBe(
      'Hello Maria. This is Riverside Family Clinic calling to remind you of your appointment with Dr. Anna Patel on Tuesday, March 10 at 9:30 AM at Main St Office.',
    );
    expect(en.prompt).toBe('Press 1 to confirm. Press 2 to cancel.');
    expect(en.noAnswer).toContain('5 1 2, 5 5 5, 0 1 0 0');
    const es = renderVoice({ ...typical, language: 'es', kind: 'reminder', requiresReply: true });
    expect(es.language).toBe('es');
    expect(es.prompt).toBe('Oprima 1 para confirmar. Oprima 2 para cancelar.');
    expect(es.script).toContain(
      'para recordarle su cita con Dr. Anna Patel el martes 10 de marzo a las 9:30 a.m.',
    );
  });

  it('chooses Spanish for es and its regional tags, English for everything else', () => {
    expect(messageLanguage('es')).toBe('es');
    expect(messageLanguage('ES-us')).toBe('es');
    expect(messageLanguage('vi')).toBe('en');
  });
});
