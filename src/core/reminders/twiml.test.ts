import { describe, expect, it } from 'vitest';
import { renderVoice, type ReminderMessageInput } from './templates';
import { gatherReplyTwiml, parseGatherDigits, reminderCallTwiml } from './twiml';

const input: ReminderMessageInput = {
  language: 'es',
  kind: 'reminder',
  requiresReply: true,
  patientFirstName: 'Ana & <Luz>',
  clinicName: 'Riverside',
  clinicPhone: '+15125550100',
  providerDisplayName: 'Dra. Ruiz',
  locationName: 'Centro',
  locationAddress: '1 Main St',
  startMs: Date.parse('2026-03-10T14:30:00Z'),
  clinicTimeZone: 'America/Chicago',
};
const action = 'https://desk.example/voice/gather?reminder=12&lang=es';

/** The TwiML's elements in document order, as "Name attr=value …" lines, to assert structure. */
function outline(xml: string): string[] {
  return [...xml.matchAll(/<(\/?)(\w+)([^>]*?)(\/?)>/g)]
    .filter((m) => m[1] === '')
    .map((m) => `${m[2]}${m[3]}`.trim());
}

describe('reminderCallTwiml', () => {
  it('gathers one digit with the action URL, in Spanish, asks again once, then falls back', () => {
    const xml = reminderCallTwiml({ voice: renderVoice(input), gatherActionUrl: action });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
    const gather =
      'Gather input="dtmf" numDigits="1" action="https://desk.example/voice/gather?reminder=12&amp;lang=es" method="POST" timeout="6"';
    const say = 'Say language="es-US" voice="Polly.Lupe-Neural"';
    expect(outline(xml)).toEqual(['Response', gather, say, say, gather, say, say]);
    expect(xml).toContain('Oprima 1 para confirmar. Oprima 2 para cancelar.</Say></Gather><Gather');
    expect(xml).toContain('No recibimos su respuesta.');
    // The patient's name is escaped as XML text, not markup.
    expect(xml).toContain('Hola Ana &amp; &lt;Luz&gt;.');
  });

  it('uses the US English voice for English', () => {
    const xml = reminderCallTwiml({
      voice: renderVoice({ ...input, language: 'en' }),
      gatherActionUrl: action,
    });
    expect(xml).toContain('<Say language="en-US" voice="Polly.Joanna-Neural">');
    expect(xml).toContain('Press 1 to confirm. Press 2 to cancel.');
  });

  it('reads a notice that needs no answer twice, without a Gather', () => {
    const xml = reminderCallTwiml({
      voice: renderVoice({ ...input, kind: 'cancellation', requiresReply: false }),
      gatherActionUrl: action,
    });
    expect(outline(xml)).toEqual([
      'Response',
      'Say language="es-US" voice="Polly.Lupe-Neural" loop="2"',
    ]);
  });
});

describe('parseGatherDigits and the answer', () => {
  it.each([
    ['1', 'confirm'],
    [' 2 ', 'cancel'],
    ['', 'none'],
    [undefined, 'none'],
    ['9', 'invalid'],
    ['12', 'invalid'],
  ] as const)('%j -> %s', (digits, answer) => {
    expect(parseGatherDigits(digits)).toBe(answer);
  });

  it('thanks on 1, confirms the cancellation on 2, and asks again on another key', () => {
    const voice = renderVoice({ ...input, language: 'en' });
    expect(gatherReplyTwiml({ voice, answer: 'confirm', gatherActionUrl: action })).toContain(
      'Thank you. Your appointment is confirmed. Goodbye.',
    );
    expect(gatherReplyTwiml({ voice, answer: 'cancel', gatherActionUrl: action })).toContain(
      'Your appointment has been cancelled.',
    );
    const again = gatherReplyTwiml({ voice, answer: 'invalid', gatherActionUrl: action });
    expect(outline(again).map((l) => l.split(' ')[0])).toEqual([
      'Response',
      'Say',
      'Gather',
      'Say',
      'Say',
    ]);
    expect(again).toContain('Sorry, we did not understand that.');
  });
});
