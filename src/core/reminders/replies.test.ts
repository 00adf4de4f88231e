import { describe, expect, it } from 'vitest';
import { classifyReply, normalizeReply } from './replies';

describe('classifyReply', () => {
  it.each([
    ['C', 'confirm'],
    ['c.', 'confirm'],
    [' yes! ', 'confirm'],
    ['Yes', 'confirm'],
    ['CONFIRM', 'confirm'],
    ['Sí', 'confirm'],
    ['si', 'confirm'],
    ['SÍ!!', 'confirm'],
    ['Confirmo', 'confirm'],
    ['X', 'cancel'],
    ['x ', 'cancel'],
    ['Cancel', 'cancel'],
    ['CANCEL.', 'cancel'],
    ['no', 'cancel'],
    ['Cancelar', 'cancel'],
    ['R', 'callback'],
    ['call back', 'callback'],
    ['STOP', 'optOut'],
    ['stop ', 'optOut'],
    ['Stop all', 'optOut'],
    ['STOPALL', 'optOut'],
    ['unsubscribe', 'optOut'],
    ['END', 'optOut'],
    ['quit', 'optOut'],
    ['Revoke', 'optOut'],
    ['opt-out', 'optOut'],
    ['OPTOUT', 'optOut'],
    ['START', 'optIn'],
    ['unstop', 'optIn'],
    ['HELP', 'help'],
    ['info?', 'help'],
    ['Ayuda', 'help'],
    ['No, can we do Thursday?', 'other'],
    ['yes I will be there', 'other'],
    ['', 'other'],
    ['👍', 'other'],
    ['C X', 'other'],
  ] as const)('%j -> %s', (text, meaning) => {
    expect(classifyReply(text)).toBe(meaning);
  });

  it('reads CANCEL as cancelling the appointment, not as an opt-out (our documented choice)', () => {
    expect(classifyReply('cancel')).toBe('cancel');
  });

  it('reads YES from an opted-out patient as opting back in, as Twilio does', () => {
    expect(classifyReply('yes', { patientOptedOut: true })).toBe('optIn');
    expect(classifyReply('C', { patientOptedOut: true })).toBe('confirm');
    expect(classifyReply('yes', { patientOptedOut: false })).toBe('confirm');
  });

  it('normalizes case, accents and punctuation', () => {
    expect(normalizeReply('  ¡Sí, señor!  ')).toBe('SI SENOR');
  });
});
