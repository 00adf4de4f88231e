import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  DEFAULT_POLICY,
  parseReminderPolicy,
  planReminders,
  stillUseful,
  type PlanPatient,
  type ReminderPolicy,
} from './policy';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
/** An instant from a local wall time in a zone, computed by luxon (independently of our code). */
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

const patient = (over: Partial<PlanPatient> = {}): PlanPatient => ({
  preferredLanguage: 'en',
  preferredChannel: 'sms',
  consent: { sms: true, voice: false, email: true },
  phoneMobile: '+15125550123',
  phoneHome: null,
  email: 'ana@example.com',
  timeZone: 'America/Chicago',
  ...over,
});

function plan(args: {
  startMs: number;
  createdMs: number;
  patient?: PlanPatient;
  policy?: ReminderPolicy;
  now?: number;
  cancelledMs?: number;
  highNoShowRisk?: boolean;
}) {
  return planReminders({
    appointment: {
      id: 1,
      startMs: args.startMs,
      createdMs: args.createdMs,
      cancelledMs: args.cancelledMs ?? null,
      highNoShowRisk: args.highNoShowRisk ?? false,
    },
    patient: args.patient ?? patient(),
    policy: args.policy ?? DEFAULT_POLICY,
    now: args.now ?? args.createdMs,
  });
}

const byKey = (p: ReturnType<typeof plan>, key: string) =>
  p.planned.find((m) => m.touchpointKey === key);
const skippedReason = (p: ReturnType<typeof plan>, key: string) =>
  p.skipped.find((s) => s.touchpointKey === key)?.reason;

describe('planReminders: the default touchpoints', () => {
  it('plans confirmation, 72 h e-mail, 24 h SMS and 2 h SMS for a booking a week ahead', () => {
    const start = local('2026-03-17T15:00', 'America/Chicago');
    const created = local('2026-03-10T10:00', 'America/Chicago');
    const p = plan({ startMs: start, createdMs: created });
    expect(p.skipped).toEqual([]);
    expect(p.planned.map((m) => [m.touchpointKey, m.channel, m.dueMs])).toEqual([
      ['booking-confirmation', 'sms', created],
      ['email-72h', 'email', start - 72 * H],
      ['sms-24h', 'sms', start - 24 * H],
      ['sms-2h', 'sms', start - 2 * H],
    ]);
    expect(byKey(p, 'sms-24h')).toMatchObject({
      to: '+15125550123',
      requiresReply: true,
      notAfterMs: start - 2 * H,
      reason: "24 h reminder by SMS (the patient's preferred channel)",
    });
    expect(byKey(p, 'email-72h')).toMatchObject({ to: 'ana@example.com', attachCalendar: true });
    expect(byKey(p, 'sms-2h')?.notAfterMs).toBe(start - 30 * 60_000);
  });
});

describe('planReminders: quiet hours in the patient’s zone', () => {
  it('moves a 24 h reminder due at 08:00 to 09:00, nearer than 20:00 the evening before', () => {
    const start = local('2026-06-10T08:00', 'America/New_York');
    const p = plan({
      startMs: start,
      createdMs: local('2026-06-01T12:00', 'America/New_York'),
      patient: patient({ timeZone: 'America/New_York' }),
    });
    const m = byKey(p, 'sms-24h')!;
    expect(m.dueMs).toBe(local('2026-06-09T09:00', 'America/New_York'));
    expect(m.reason).toContain('moved from 08:00 to 09:00 (quiet hours in America/New_York)');
  });

  it('moves a 24 h reminder due at 20:30 back to 20:00, nearer than 09:00 the next morning', () => {
    const start = local('2026-06-10T20:30', 'America/New_York');
    const p = plan({
      startMs: start,
      createdMs: local('2026-06-01T12:00', 'America/New_York'),
      patient: patient({ timeZone: 'America/New_York' }),
    });
    const m = byKey(p, 'sms-24h')!;
    expect(m.dueMs).toBe(local('2026-06-09T20:00', 'America/New_York'));
    expect(m.reason).toContain('moved from 20:30 to 20:00 (quiet hours in America/New_York)');
  });

  it('sends a 2 h reminder for a 10:30 visit at 09:00, when quiet hours end, not never', () => {
    // Before: 20:00 the evening before is 12 h 30 min early (more than 3 h), so it was dropped.
    const start = local('2026-06-10T10:30', 'America/New_York');
    const p = plan({
      startMs: start,
      createdMs: local('2026-06-01T12:00', 'America/New_York'),
      patient: patient({ timeZone: 'America/New_York' }),
    });
    const m = byKey(p, 'sms-2h')!;
    expect(m.dueMs).toBe(local('2026-06-10T09:00', 'America/New_York'));
    expect(m.dueMs).toBeLessThanOrEqual(m.notAfterMs);
    expect(m.reason).toContain('moved from 08:30 to 09:00 (quiet hours in America/New_York)');
    expect(skippedReason(p, 'sms-2h')).toBeUndefined();
  });

  it('moves later within a lunch-time quiet span when earlier is too close to the booking', () => {
    const policy: ReminderPolicy = {
      ...DEFAULT_POLICY,
      quietHours: { start: 12 * 60, end: 13 * 60 },
    };
    // Booked 11:30 for 14:45: the 2 h reminder (12:45) cannot go at 12:00 (30 min after the
    // booking, less than the 60 min minimum) but can at 13:00, before 14:15.
    const start = local('2026-06-10T14:45', 'America/Chicago');
    const p = plan({
      startMs: start,
      createdMs: local('2026-06-10T11:30', 'America/Chicago'),
      policy,
    });
    expect(byKey(p, 'sms-2h')?.dueMs).toBe(local('2026-06-10T13:00', 'America/Chicago'));
  });

  it('skips a 2 h reminder due at 06:00: 20:00 the evening before is 10 h early', () => {
    const p = plan({
      startMs: local('2026-06-10T08:00', 'America/New_York'),
      createdMs: local('2026-06-01T12:00', 'America/New_York'),
      patient: patient({ timeZone: 'America/New_York' }),
    });
    expect(byKey(p, 'sms-2h')).toBeUndefined();
    expect(skippedReason(p, 'sms-2h')).toBe(
      'skipped: the 2 h reminder falls in quiet hours (06:00 in America/New_York); the latest allowed moment before it, 20:00, is 10 h early, more than the 3 h it may move; the first allowed moment after it, 09:00, is past its useful time (07:30)',
    );
  });

  it('uses the patient’s zone: the same instant is 09:00 in New York (sent) and 06:00 in Los Angeles (skipped)', () => {
    const start = at('2026-06-10T15:00:00Z');
    const created = at('2026-06-01T15:00:00Z');
    const ny = plan({
      startMs: start,
      createdMs: created,
      patient: patient({ timeZone: 'America/New_York' }),
    });
    const la = plan({
      startMs: start,
      createdMs: created,
      patient: patient({ timeZone: 'America/Los_Angeles' }),
    });
    // 09:00:00 exactly is the first allowed moment.
    expect(byKey(ny, 'sms-2h')?.dueMs).toBe(at('2026-06-10T13:00:00Z'));
    expect(skippedReason(la, 'sms-2h')).toContain('06:00 in America/Los_Angeles');
  });

  it('does not move e-mail: an e-mail at 05:00 wakes nobody', () => {
    const start = local('2026-06-10T05:00', 'America/Chicago');
    const p = plan({ startMs: start, createdMs: start - 10 * 24 * H });
    expect(byKey(p, 'email-72h')?.dueMs).toBe(start - 72 * H);
  });

  // A 24 h reminder useful only until 23 h before cannot move later to 09:00, so it moves back.
  const earlierOnly: ReminderPolicy = {
    ...DEFAULT_POLICY,
    touchpoints: DEFAULT_POLICY.touchpoints.map((t) =>
      t.key === 'sms-24h' ? { ...t, usefulUntilMinutesBefore: 23 * 60 } : t,
    ),
  };

  it('is DST-correct on the spring-forward night: 07:00 EDT Sunday moves to 20:00 EST Saturday', () => {
    const zone = 'America/New_York';
    // Appointment Monday 2026-03-09 07:00 EDT; 24 h earlier is Sunday 07:00 EDT (11:00Z).
    const start = local('2026-03-09T07:00', zone);
    expect(start).toBe(at('2026-03-09T11:00:00Z'));
    const p = plan({
      startMs: start,
      createdMs: start - 10 * 24 * H,
      patient: patient({ timeZone: zone }),
      policy: earlierOnly,
    });
    expect(byKey(p, 'sms-24h')?.dueMs).toBe(at('2026-03-08T01:00:00Z')); // 20:00 EST, -05:00
    // With the default policy 09:00 EDT on the Sunday itself is nearer and still useful.
    const dflt = plan({
      startMs: start,
      createdMs: start - 10 * 24 * H,
      patient: patient({ timeZone: zone }),
    });
    expect(byKey(dflt, 'sms-24h')?.dueMs).toBe(at('2026-03-08T13:00:00Z')); // 09:00 EDT, -04:00
  });

  it('is DST-correct when clocks fall back: 07:00 EST Sunday moves to 20:00 EDT Saturday', () => {
    const zone = 'America/New_York';
    const start = local('2026-11-02T07:00', zone); // Monday, EST
    const p = plan({
      startMs: start,
      createdMs: start - 10 * 24 * H,
      patient: patient({ timeZone: zone }),
      policy: earlierOnly,
    });
    expect(byKey(p, 'sms-24h')?.dueMs).toBe(at('2026-11-01T00:00:00Z')); // 20:00 EDT, -04:00
    const dflt = plan({
      startMs: start,
      createdMs: start - 10 * 24 * H,
      patient: patient({ timeZone: zone }),
    });
    expect(byKey(dflt, 'sms-24h')?.dueMs).toBe(at('2026-11-01T14:00:00Z')); // 09:00 EST, -05:00
  });

  it('knows 09:30 on the spring-forward Sunday is outside quiet hours although 09:30 - 1 h is not', () => {
    const zone = 'America/New_York';
    const start = at('2026-03-09T13:30:00Z'); // Monday 09:30 EDT
    const p = plan({
      startMs: start,
      createdMs: start - 10 * 24 * H,
      patient: patient({ timeZone: zone }),
    });
    // Sunday 13:30Z is 09:30 EDT (allowed); a fixed EST offset would call it 08:30 and move it.
    expect(byKey(p, 'sms-24h')?.dueMs).toBe(at('2026-03-08T13:30:00Z'));
  });

  it('holds a booking confirmation made at 22:10 until 09:00 the next morning', () => {
    const zone = 'America/Denver';
    const created = local('2026-06-01T22:10', zone);
    const p = plan({
      startMs: local('2026-06-05T14:00', zone),
      createdMs: created,
      patient: patient({ timeZone: zone }),
    });
    const m = byKey(p, 'booking-confirmation')!;
    expect(m.dueMs).toBe(local('2026-06-02T09:00', zone));
    expect(m.reason).toContain('held from 22:10 to 09:00');
  });

  it('follows the clinic’s quiet hours when they do not wrap midnight (lunch 12:00–13:00)', () => {
    const policy: ReminderPolicy = {
      ...DEFAULT_POLICY,
      quietHours: { start: 12 * 60, end: 13 * 60 },
    };
    const start = local('2026-06-10T14:30', 'America/Chicago');
    const p = plan({ startMs: start, createdMs: start - 10 * 24 * H, policy });
    expect(byKey(p, 'sms-2h')?.dueMs).toBe(local('2026-06-10T12:00', 'America/Chicago'));
  });

  it('never plans an SMS or call inside quiet hours, nor after its useful time (any zone, any hour)', () => {
    const zones = [
      'America/New_York',
      'America/Chicago',
      'America/Phoenix',
      'America/Los_Angeles',
      'Pacific/Honolulu',
      'Europe/Madrid',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 14 * 24 * 60 }),
        fc.constantFrom(...zones),
        (startRaw, leadMinutes, zone) => {
          const startMs = Math.floor(startRaw / 60_000) * 60_000;
          const createdMs = startMs - leadMinutes * 60_000;
          const p = plan({
            startMs,
            createdMs,
            patient: patient({ timeZone: zone, consent: { sms: true, voice: true, email: true } }),
          });
          for (const m of p.planned) {
            expect(m.dueMs).toBeGreaterThanOrEqual(createdMs);
            expect(m.dueMs).toBeLessThanOrEqual(m.notAfterMs);
            if (m.channel === 'email') continue;
            const t = DateTime.fromMillis(m.dueMs, { zone });
            const minutes = t.hour * 60 + t.minute + t.second / 60;
            expect(minutes >= 9 * 60 && minutes <= 20 * 60).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('planReminders: late bookings', () => {
  it('skips touchpoints whose moment passed before the booking, in words', () => {
    const start = local('2026-06-10T15:00', 'America/Chicago');
    const p = plan({ startMs: start, createdMs: start - 3 * H });
    expect(skippedReason(p, 'sms-24h')).toBe(
      'skipped: booked 3 h before the appointment, after the 24 h reminder would have gone out',
    );
    expect(skippedReason(p, 'email-72h')).toBe(
      'skipped: booked 3 h before the appointment, after the 72 h reminder would have gone out',
    );
    expect(byKey(p, 'booking-confirmation')?.dueMs).toBe(start - 3 * H);
    expect(byKey(p, 'sms-2h')?.dueMs).toBe(start - 2 * H);
  });

  it('skips a reminder that would follow the booking too closely', () => {
    const start = local('2026-06-10T15:00', 'America/Chicago');
    const p = plan({ startMs: start, createdMs: start - 24 * H - 5 * 60_000 });
    expect(skippedReason(p, 'sms-24h')).toBe(
      'skipped: the 24 h reminder would go out only 5 min after the booking (less than 1 h)',
    );
  });

  it('skips everything for an appointment that has already begun', () => {
    const start = at('2026-06-10T15:00:00Z');
    const p = plan({ startMs: start, createdMs: start - 48 * H, now: start + 60_000 });
    expect(p.planned).toEqual([]);
    expect(p.skipped.map((s) => s.reason)).toEqual(
      Array(4).fill('skipped: the appointment has already begun'),
    );
  });
});

describe('planReminders: channels follow preference, consent and contact details', () => {
  const start = local('2026-06-10T15:00', 'America/Chicago');
  const created = start - 10 * 24 * H;

  it('uses the preferred channel where the touchpoint offers it, the clinic’s order elsewhere', () => {
    const p = plan({
      startMs: start,
      createdMs: created,
      patient: patient({
        preferredChannel: 'voice',
        consent: { sms: true, voice: true, email: false },
      }),
    });
    expect(byKey(p, 'sms-24h')?.channel).toBe('voice');
    expect(byKey(p, 'sms-24h')?.to).toBe('+15125550123');
    expect(byKey(p, 'booking-confirmation')).toMatchObject({
      channel: 'sms',
      reason: 'booking confirmation by SMS (preferred voice: not offered for this touchpoint)',
    });
    expect(skippedReason(p, 'email-72h')).toBe(
      'skipped: no channel for the 72 h reminder (preferred voice: not offered for this touchpoint; no consent to e-mail)',
    );
  });

  it('falls back when the preferred channel lacks consent or an address', () => {
    const noMobile = plan({
      startMs: start,
      createdMs: created,
      patient: patient({
        preferredChannel: 'sms',
        phoneMobile: null,
        phoneHome: '+15125550999',
        consent: { sms: true, voice: true, email: false },
      }),
    });
    expect(byKey(noMobile, 'sms-24h')).toMatchObject({
      channel: 'voice',
      to: '+15125550999',
      reason: '24 h reminder by voice (preferred SMS: no mobile number)',
    });
    const noConsent = plan({
      startMs: start,
      createdMs: created,
      patient: patient({
        preferredChannel: 'sms',
        consent: { sms: false, voice: false, email: true },
      }),
    });
    expect(byKey(noConsent, 'sms-24h')).toMatchObject({
      channel: 'email',
      reason: '24 h reminder by e-mail (preferred SMS: no consent to SMS)',
    });
  });

  it('turns the reply-asking reminder into a call task when no channel works, and skips the rest', () => {
    const p = plan({
      startMs: start,
      createdMs: created,
      patient: patient({
        preferredChannel: 'none',
        consent: { sms: false, voice: false, email: false },
      }),
    });
    expect(p.planned).toHaveLength(1);
    expect(p.planned[0]).toMatchObject({
      touchpointKey: 'sms-24h',
      channel: 'call',
      to: '+15125550123',
      reason:
        'call task: phone the patient for the 24 h reminder; no channel works (no consent to SMS; no consent to voice; no consent to e-mail)',
    });
    expect(p.skipped.map((s) => s.touchpointKey)).toEqual([
      'booking-confirmation',
      'email-72h',
      'sms-2h',
    ]);
  });
});

describe('planReminders: cancellations and bad input', () => {
  it('plans only cancellation touchpoints for a cancelled appointment', () => {
    const policy: ReminderPolicy = {
      ...DEFAULT_POLICY,
      touchpoints: [
        ...DEFAULT_POLICY.touchpoints,
        {
          key: 'cancel-notice',
          kind: 'cancellation',
          offsetMinutes: null,
          channels: ['sms', 'email'],
          usefulUntilMinutesBefore: 0,
          mayMoveEarlierMinutes: 0,
          requiresReply: false,
          attachCalendar: true,
        },
      ],
    };
    const start = local('2026-06-10T15:00', 'America/Chicago');
    const cancelled = local('2026-06-08T11:00', 'America/Chicago');
    const p = plan({
      startMs: start,
      createdMs: start - 10 * 24 * H,
      cancelledMs: cancelled,
      now: cancelled,
      policy,
    });
    expect(p.planned.map((m) => [m.touchpointKey, m.dueMs])).toEqual([
      ['cancel-notice', cancelled],
    ]);
    expect(skippedReason(p, 'sms-24h')).toBe('skipped: the appointment was cancelled');
  });

  it('refuses an unknown time zone with a typed error naming the field', () => {
    const start = at('2026-06-10T15:00:00Z');
    let error: unknown;
    try {
      plan({
        startMs: start,
        createdMs: start - 48 * H,
        patient: patient({ timeZone: 'Mars/Olympus' }),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VALIDATION',
      field: 'patient.timeZone',
      message:
        'The patient\'s time zone "Mars/Olympus" is not a known IANA zone such as America/Chicago.',
    });
  });
});

describe('stillUseful: the offline case', () => {
  it('drops a 2 h reminder once the appointment has begun, with the reason', () => {
    const start = at('2026-06-10T15:00:00Z');
    const m = { touchpointKey: 'sms-2h', notAfterMs: start - 30 * 60_000 };
    expect(stillUseful({ message: m, appointmentStartMs: start, now: start - H })).toEqual({
      useful: true,
    });
    expect(
      stillUseful({ message: m, appointmentStartMs: start, now: start - 10 * 60_000 }),
    ).toEqual({
      useful: false,
      reason: 'dropped: "sms-2h" could be sent only 20 min after it stopped being useful',
    });
    expect(stillUseful({ message: m, appointmentStartMs: start, now: start + H })).toEqual({
      useful: false,
      reason: 'dropped: the appointment had already begun when "sms-2h" could be sent',
    });
  });
});

describe('parseReminderPolicy', () => {
  const input = {
    touchpoints: [
      {
        key: 'sms-24h',
        kind: 'reminder',
        offsetMinutes: 1440,
        channels: ['sms', 'voice'],
        usefulUntilMinutesBefore: 120,
        requiresReply: true,
      },
    ],
    quietHours: { start: '21:00', end: '08:30' },
  };

  it('turns the editor’s input into a policy with defaults', () => {
    const p = parseReminderPolicy(input);
    expect(p.quietHours).toEqual({ start: 21 * 60, end: 8 * 60 + 30 });
    expect(p.quietHoursChannels).toEqual(['sms', 'voice']);
    expect(p.minMinutesAfterBooking).toBe(60);
    expect(p.touchpoints[0]).toMatchObject({ mayMoveEarlierMinutes: 0, attachCalendar: false });
  });

  it('accepts the default policy written back as editor input', () => {
    const fmt = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const round = parseReminderPolicy({
      ...DEFAULT_POLICY,
      quietHours: {
        start: fmt(DEFAULT_POLICY.quietHours.start),
        end: fmt(DEFAULT_POLICY.quietHours.end),
      },
    });
    expect(round).toEqual(DEFAULT_POLICY);
  });

  const bad: [string, unknown, string, string][] = [
    [
      'a duplicate key',
      { ...input, touchpoints: [input.touchpoints[0], input.touchpoints[0]] },
      'two touchpoints are named "sms-24h"',
      'touchpoints.1.key',
    ],
    [
      'useful-until after due',
      { ...input, touchpoints: [{ ...input.touchpoints[0], usefulUntilMinutesBefore: 1440 }] },
      'the 24 h reminder would stop being useful (24 h before) before it is due (24 h before)',
      'touchpoints.0.usefulUntilMinutesBefore',
    ],
    [
      'a reminder with no time',
      { ...input, touchpoints: [{ ...input.touchpoints[0], offsetMinutes: null }] },
      'the reminder "sms-24h" needs a time before the appointment',
      'touchpoints.0.offsetMinutes',
    ],
    [
      'no channel',
      { ...input, touchpoints: [{ ...input.touchpoints[0], channels: [] }] },
      'a touchpoint needs at least one channel',
      'touchpoints.0.channels',
    ],
    [
      'an unknown channel',
      { ...input, touchpoints: [{ ...input.touchpoints[0], channels: ['fax'] }] },
      'channel must be sms, voice or email',
      'touchpoints.0.channels.0',
    ],
    [
      'a bad quiet-hours time',
      { ...input, quietHours: { start: '25:00', end: '08:00' } },
      'quiet hours start must be a time of day written HH:MM (00:00–24:00)',
      'quietHours.start',
    ],
    [
      'a negative offset',
      { ...input, touchpoints: [{ ...input.touchpoints[0], offsetMinutes: -5 }] },
      'time before the appointment cannot be negative',
      'touchpoints.0.offsetMinutes',
    ],
  ];
  it.each(bad)('refuses %s with a clear message', (_what, value, message, field) => {
    expect(() => parseReminderPolicy(value)).toThrow(AppError);
    try {
      parseReminderPolicy(value);
    } catch (e) {
      expect(e).toMatchObject({ code: 'VALIDATION', message, field });
    }
  });
});

describe('planReminders: the extra touchpoint for high no-show risk', () => {
  const policy = parseReminderPolicy({
    ...policyToInputForTest(DEFAULT_POLICY),
    touchpoints: [
      ...policyToInputForTest(DEFAULT_POLICY).touchpoints,
      {
        key: 'sms-48h-high-risk',
        kind: 'reminder',
        offsetMinutes: 48 * 60,
        channels: ['sms', 'voice'],
        usefulUntilMinutesBefore: 24 * 60,
        requiresReply: true,
        onlyForHighRisk: true,
      },
    ],
  });
  const start = local('2026-03-17T15:00', 'America/Chicago');
  const created = local('2026-03-10T10:00', 'America/Chicago');

  it('is planned for a high-risk visit, 48 h ahead, asking for a reply', () => {
    const p = plan({ startMs: start, createdMs: created, policy, highNoShowRisk: true });
    expect(byKey(p, 'sms-48h-high-risk')).toMatchObject({
      channel: 'sms',
      dueMs: start - 48 * 3_600_000,
      requiresReply: true,
    });
    // The ordinary touchpoints are unchanged.
    expect(byKey(p, 'sms-24h')).toBeDefined();
  });

  it('is skipped, with the reason, for any other visit (or while the model is off)', () => {
    const p = plan({ startMs: start, createdMs: created, policy });
    expect(byKey(p, 'sms-48h-high-risk')).toBeUndefined();
    expect(skippedReason(p, 'sms-48h-high-risk')).toBe(
      'skipped: only for visits with a high no-show risk',
    );
  });

  it('a policy without the flag reads it as off; a non-boolean flag is refused in words', () => {
    expect(DEFAULT_POLICY.touchpoints.every((t) => !t.onlyForHighRisk)).toBe(true);
    const bad = policyToInputForTest(DEFAULT_POLICY);
    expect(() =>
      parseReminderPolicy({
        ...bad,
        touchpoints: [{ ...bad.touchpoints[0]!, onlyForHighRisk: 'yes' }],
      }),
    ).toThrow('only for high no-show risk must be yes or no');
  });
});

function policyToInputForTest(p: ReminderPolicy) {
  return {
    touchpoints: p.touchpoints.map((t) => ({ ...t, channels: [...t.channels] })),
    quietHours: {
      start: `${String(Math.floor(p.quietHours.start / 60)).padStart(2, '0')}:${String(p.quietHours.start % 60).padStart(2, '0')}`,
      end: `${String(Math.floor(p.quietHours.end / 60)).padStart(2, '0')}:${String(p.quietHours.end % 60).padStart(2, '0')}`,
    },
    quietHoursChannels: [...p.quietHoursChannels],
    minMinutesAfterBooking: p.minMinutesAfterBooking,
  };
}
