import { describe, expect, it } from 'vitest';
import {
  callReasons,
  failuresFirst,
  outcomeLabel,
  reminderStatus,
  reminderWhy,
  replyNote,
  tabCount,
  touchpointLabel,
} from './format';

describe('touchpointLabel', () => {
  it('names the default policy’s touchpoints in the desk’s words', () => {
    expect(touchpointLabel('booking-confirmation', 'confirmation')).toBe('Booking confirmation');
    expect(touchpointLabel('email-72h', 'reminder')).toBe('72 h reminder');
    expect(touchpointLabel('sms-2h', 'reminder')).toBe('2 h reminder');
    expect(touchpointLabel('sms-90min', 'reminder')).toBe('90 min reminder');
    expect(touchpointLabel('email-2d', 'reminder')).toBe('2 days reminder');
    expect(touchpointLabel('cancelled', 'cancellation')).toBe('Cancellation notice');
    expect(touchpointLabel('escalation', 'reminder')).toBe('Escalation call');
    expect(touchpointLabel('bulk-2026-03-04', 'bulk')).toBe('Message to everyone booked that day');
  });
  it('shows a clinic’s own key as typed', () => {
    expect(touchpointLabel('flu-shot-recall', 'reminder')).toBe('Flu shot recall');
  });
});

describe('statuses and counts', () => {
  it('gives every outbox status a label, and an unknown one as it is', () => {
    expect(reminderStatus('dropped')).toEqual({ label: 'Too late', color: 'warning' });
    expect(reminderStatus('cancelled').label).toBe('Stopped');
    expect(reminderStatus('mystery')).toEqual({ label: 'mystery', color: 'default' });
  });
  it('adds up the statuses of a tab', () => {
    expect(tabCount({ failed: 2, dropped: 1, sent: 9 }, ['failed', 'dropped'])).toBe(3);
    expect(tabCount({}, ['scheduled', 'sending'])).toBe(0);
  });
  it('says what went wrong first, then the plan’s reason, once', () => {
    expect(
      reminderWhy({
        status: 'failed',
        error: "the patient's phone number is not a valid number",
        reason: '24 h reminder by text',
      }),
    ).toEqual(["The patient's phone number is not a valid number", '24 h reminder by text']);
    expect(
      reminderWhy({
        status: 'skipped',
        error: null,
        reason: 'skipped: no channel for the 72 h reminder (no consent to e-mail)',
      }),
    ).toEqual(['No channel for the 72 h reminder (no consent to e-mail)']);
    expect(reminderWhy({ status: 'dropped', error: 'dropped: late', reason: 'Late' })).toEqual([
      'Late',
    ]);
  });
  it('puts failures before messages not sent on purpose, keeping each group’s order', () => {
    const rows = ['skipped', 'failed', 'cancelled', 'dropped', 'failed'].map((status, id) => ({
      id,
      status,
    }));
    expect(failuresFirst(rows).map((r) => r.id)).toEqual([1, 4, 3, 0, 2]);
  });
});

describe('replies', () => {
  it('drops the routing prefix of the system’s note', () => {
    expect(replyNote('staff: not a keyword')).toBe('Not a keyword');
    expect(replyNote('opted back in to texts')).toBe('Opted back in to texts');
    expect(replyNote(null)).toBeNull();
  });
});

describe('callReasons', () => {
  it('puts prior no-shows and a long lead time before the engine’s reasons', () => {
    expect(
      callReasons({
        priorNoShows: 2,
        leadTimeDays: 40,
        reasons: ['not confirmed', "sms: the patient's phone number is not a valid number"],
      }),
    ).toEqual([
      '2 prior no-shows',
      'booked 40 days ahead',
      'not confirmed',
      "SMS failed: the patient's phone number is not a valid number",
    ]);
  });
  it('says "not sent" for a message held back, and nothing about a short lead time', () => {
    expect(
      callReasons({
        priorNoShows: 1,
        leadTimeDays: 1,
        reasons: ['email: not sent: no e-mail consent', 'voice: busy'],
      }),
    ).toEqual(['1 prior no-show', 'E-mail not sent: no e-mail consent', 'Call failed: busy']);
  });
  it('keeps a call task’s own reason', () => {
    expect(
      callReasons({
        priorNoShows: 0,
        leadTimeDays: 0,
        reasons: ['not confirmed 23 h before the visit (no consent to calls): phone the patient'],
      }),
    ).toEqual(['not confirmed 23 h before the visit (no consent to calls): phone the patient']);
  });
  it('labels outcomes', () => {
    expect(outcomeLabel('no_answer')).toBe('No answer');
    expect(outcomeLabel('left_message')).toBe('left message');
  });
});
