/**
 * Reminders end to end on a fake clock: bookings write the outbox in their own transaction, the
 * dispatcher sends through the Twilio stand-in and a real SMTP server, replies come back by
 * polling and by signed webhooks, and escalation fills the call queue.
 */
import twilio from 'twilio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCalendar } from '../../src/core/calsync/ical';
import { createApi } from '../../src/core/api';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import { reminderWebhookRoutes } from '../../src/core/host/routes/twilioWebhooks';
import { twilioSignature } from '../standins/twilio';
import { snapshot } from '../helpers/dbState';
import {
  calendarParts,
  CLINIC_NUMBER,
  createPatient,
  openReminderWorld,
  type ReminderWorld,
} from '../helpers/reminderClinic';

const at = (iso: string) => Date.parse(iso);
let w: ReminderWorld;

afterEach(async () => {
  await w?.close();
});

function book(patientId: number, start: string, provider = 0) {
  return w.t.call('appointments/book', {
    patientId,
    providerId: w.c.providers[provider]!.id,
    locationId: w.c.loc.id,
    visitTypeId: w.c.visit.id,
    start,
  });
}

function rows(appointmentId: number) {
  return w.t.call('reminders/forAppointment', { appointmentId });
}

function vevent(ics: string) {
  const cal = parseCalendar(ics);
  const ev = cal.roots[0]!.getFirstSubcomponent('vevent')!;
  return {
    method: cal.method,
    uid: String(ev.getFirstPropertyValue('uid')),
    sequence: Number(ev.getFirstPropertyValue('sequence')),
    start: String(ev.getFirstPropertyValue('dtstart')),
    status: ev.getFirstPropertyValue('status'),
  };
}

/** E-mail first for the confirmation, and a cancellation e-mail (METHOD:CANCEL) when cancelled. */
const EMAIL_FIRST_POLICY = {
  touchpoints: [
    {
      key: 'booking-confirmation',
      kind: 'confirmation',
      offsetMinutes: null,
      channels: ['email', 'sms'],
      usefulUntilMinutesBefore: 0,
      attachCalendar: true,
    },
    {
      key: 'email-72h',
      kind: 'reminder',
      offsetMinutes: 4320,
      channels: ['email'],
      usefulUntilMinutesBefore: 1440,
      mayMoveEarlierMinutes: 720,
      attachCalendar: true,
    },
    {
      key: 'sms-24h',
      kind: 'reminder',
      offsetMinutes: 1440,
      channels: ['sms', 'voice', 'email'],
      usefulUntilMinutesBefore: 120,
      mayMoveEarlierMinutes: 720,
      requiresReply: true,
    },
    {
      key: 'sms-2h',
      kind: 'reminder',
      offsetMinutes: 120,
      channels: ['sms'],
      usefulUntilMinutesBefore: 30,
      mayMoveEarlierMinutes: 180,
    },
    {
      key: 'cancelled',
      kind: 'cancellation',
      offsetMinutes: null,
      channels: ['email', 'sms'],
      usefulUntilMinutesBefore: 0,
      attachCalendar: true,
    },
  ],
  quietHours: { start: '20:00', end: '09:00' },
};

describe('booking → confirmation e-mail → 24 h SMS → reply C', () => {
  beforeEach(async () => {
    w = await openReminderWorld();
  });

  it('confirms the appointment from a polled reply, with a valid .ics on the way', async () => {
    w.t.call('reminders/setPolicy', { policy: EMAIL_FIRST_POLICY });
    const ana = createPatient(w.t, {
      firstName: 'Ana',
      mobile: '512-555-0141',
      email: 'ana@example.com',
    });
    // Thursday 14:00 in New York; the clock is Monday 08:00.
    const appt = book(ana.id, '2026-03-05T14:00:00-05:00');
    const planned = rows(appt.id);
    expect(planned.map((r) => [r.touchpoint, r.channel, r.status, r.due])).toEqual([
      ['booking-confirmation', 'email', 'scheduled', '2026-03-02T13:00:00.000Z'],
      ['email-72h', 'email', 'scheduled', '2026-03-02T19:00:00.000Z'],
      ['sms-24h', 'sms', 'scheduled', '2026-03-04T19:00:00.000Z'],
      ['sms-2h', 'sms', 'scheduled', '2026-03-05T17:00:00.000Z'],
    ]);

    // The confirmation e-mail over real SMTP, with the appointment as METHOD:REQUEST.
    expect(await w.dispatch()).toMatchObject({ sent: 1, failed: 0 });
    expect(w.mail).toHaveLength(1);
    expect(w.mail[0]!.to).toEqual(['ana@example.com']);
    expect(w.mail[0]!.raw).toMatch(/^Message-ID: <reminder-\d+@testclinic\.example>$/im);
    const [ics] = calendarParts(w.mail[0]!.raw);
    const invite = vevent(ics!);
    expect(invite).toMatchObject({
      method: 'REQUEST',
      uid: `appointment-${appt.id}@testclinic.example`,
      sequence: 0,
    });
    expect(ics).not.toMatch(/Follow-up|99213/); // minimum necessary: no visit type in the invitation
    expect(w.standin.messages()).toHaveLength(0);

    // Monday 14:00: the 72 h e-mail.
    w.t.now = at('2026-03-02T19:00:00Z');
    expect(await w.dispatch()).toMatchObject({ sent: 1 });
    expect(w.mail).toHaveLength(2);

    // Wednesday 14:00: the 24 h SMS asks for C or X.
    w.t.now = at('2026-03-04T19:00:00Z');
    expect(await w.dispatch()).toMatchObject({ sent: 1 });
    const [sms] = w.standin.messages();
    expect(sms).toMatchObject({ to: '+15125550141', from: CLINIC_NUMBER });
    expect(sms!.body).toContain('Reply C to confirm');
    const sent = rows(appt.id).find((r) => r.touchpoint === 'sms-24h')!;
    expect(sent).toMatchObject({ status: 'sent', providerMessageId: sms!.sid, text: sms!.body });

    // Delivery is polled without a public URL.
    expect(await w.pollDeliveries()).toBe(1);
    expect(rows(appt.id).find((r) => r.touchpoint === 'sms-24h')!.status).toBe('delivered');

    // The patient answers "C" and the poll picks it up.
    w.t.now += 5 * 60_000;
    await w.standin.injectInbound({ from: '+15125550141', to: CLINIC_NUMBER, body: 'c ' });
    expect(await w.poll()).toMatchObject({ received: 1, handled: 1, staff: 0 });
    expect(w.t.call('appointments/get', { appointmentId: appt.id }).status).toBe('confirmed');
    // A second poll does not act twice.
    expect(await w.poll()).toMatchObject({ received: 0 });
    const inbox = w.t.call('inbox/list', { status: 'all' });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      classification: 'confirm',
      status: 'handled',
      appointmentId: appt.id,
    });
  });

  it('cancel stops later reminders and sends METHOD:CANCEL with the same UID and a higher SEQUENCE', async () => {
    w.t.call('reminders/setPolicy', { policy: EMAIL_FIRST_POLICY });
    const ana = createPatient(w.t, {
      firstName: 'Ana',
      mobile: '512-555-0141',
      email: 'ana@example.com',
    });
    const appt = book(ana.id, '2026-03-05T14:00:00-05:00');
    await w.dispatch();
    const request = vevent(calendarParts(w.mail[0]!.raw)[0]!);

    w.t.now = at('2026-03-03T15:00:00Z');
    w.t.call('appointments/cancel', {
      appointmentId: appt.id,
      reason: 'Feeling better',
      requestedBy: 'patient',
    });
    const after = rows(appt.id);
    expect(after.filter((r) => r.status === 'scheduled').map((r) => r.touchpoint)).toEqual([
      'cancelled',
    ]);
    expect(
      after.filter((r) => r.status === 'cancelled').map((r) => [r.touchpoint, r.reason]),
    ).toEqual([
      ['email-72h', 'stopped: the appointment was cancelled'],
      ['sms-24h', 'stopped: the appointment was cancelled'],
      ['sms-2h', 'stopped: the appointment was cancelled'],
    ]);
    await w.dispatch();
    expect(w.mail).toHaveLength(2);
    const cancel = vevent(calendarParts(w.mail[1]!.raw)[0]!);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.uid).toBe(request.uid);
    expect(cancel.sequence).toBeGreaterThan(request.sequence);
    expect(cancel.status).toBe('CANCELLED');
    expect(w.mail[1]!.raw).toMatch(/^Subject: Appointment cancelled/im);

    // Nothing else goes out later.
    for (const iso of ['2026-03-04T19:00:00Z', '2026-03-05T17:00:00Z']) {
      w.t.now = at(iso);
      expect(await w.dispatch()).toMatchObject({ claimed: 0 });
    }
    expect(w.standin.messages()).toHaveLength(0);
  });

  it('a reschedule replaces the pending messages and keeps the calendar event (same UID, next SEQUENCE)', async () => {
    w.t.call('reminders/setPolicy', { policy: EMAIL_FIRST_POLICY });
    const ana = createPatient(w.t, { firstName: 'Ana', email: 'ana@example.com' });
    const appt = book(ana.id, '2026-03-05T14:00:00-05:00');
    await w.dispatch();
    const moved = w.t.call('appointments/reschedule', {
      appointmentId: appt.id,
      start: '2026-03-06T10:00:00-05:00',
    });
    expect(rows(appt.id).filter((r) => r.status === 'scheduled')).toEqual([]);
    expect(rows(appt.id).find((r) => r.touchpoint === 'email-72h')!.reason).toMatch(
      /^replaced: the appointment moved to Fri, Mar 6/,
    );
    expect(rows(moved.appointment.id).map((r) => r.touchpoint)).toContain('booking-confirmation');
    await w.dispatch();
    const first = vevent(calendarParts(w.mail[0]!.raw)[0]!);
    const second = vevent(calendarParts(w.mail[1]!.raw)[0]!);
    expect(second.uid).toBe(first.uid);
    expect(second.sequence).toBe(first.sequence + 1);
    expect(second.start).toMatch(/^2026-03-06T15:00:00/);
  });
});

describe('quiet hours in the patient’s zone', () => {
  beforeEach(async () => {
    w = await openReminderWorld();
  });

  it('moves an SMS out of Los Angeles night hours that would be fine in New York', () => {
    const ny = createPatient(w.t, { firstName: 'Nia', mobile: '512-555-0151' });
    const la = createPatient(w.t, {
      firstName: 'Lou',
      mobile: '512-555-0152',
      timeZone: 'America/Los_Angeles',
    });
    // Thursday 10:00 in New York is 07:00 in Los Angeles: 24 h before is 07:00 there, quiet.
    const a = book(ny.id, '2026-03-05T10:00:00-05:00', 0);
    const b = book(la.id, '2026-03-05T10:00:00-05:00', 1);
    expect(rows(a.id).find((r) => r.touchpoint === 'sms-24h')!.due).toBe(
      '2026-03-04T15:00:00.000Z',
    );
    const moved = rows(b.id).find((r) => r.touchpoint === 'sms-24h')!;
    // The nearest allowed moment: Wednesday 09:00 in Los Angeles (17:00 UTC), 2 h later, rather
    // than Tuesday 20:00 there, 11 h earlier; it is still well before the 2 h cut-off.
    expect(moved.due).toBe('2026-03-04T17:00:00.000Z');
    expect(moved.reason).toContain(
      'moved from 07:00 to 09:00 (quiet hours in America/Los_Angeles)',
    );
  });

  it('reads local time after the DST change and moves what falls in quiet hours to when they end', () => {
    const p = createPatient(w.t, { firstName: 'Dee', mobile: '512-555-0153' });
    // Monday 2026-03-09 09:30 EDT; clocks went forward on Sunday the 8th at 02:00.
    const appt = book(p.id, '2026-03-09T09:30:00-04:00');
    const r = rows(appt.id);
    // 24 h before is Sunday 09:30 EDT (13:30 UTC): allowed; with the old EST offset it would read 08:30, quiet.
    expect(r.find((x) => x.touchpoint === 'sms-24h')).toMatchObject({
      status: 'scheduled',
      due: '2026-03-08T13:30:00.000Z',
    });
    // 2 h before is 07:30, quiet; Sunday 20:00 is more than 3 h earlier, but 09:00 EDT (13:00 UTC)
    // is still useful (until 30 min before), so it goes then instead of being dropped.
    const moved = r.find((x) => x.touchpoint === 'sms-2h')!;
    expect(moved).toMatchObject({ status: 'scheduled', due: '2026-03-09T13:00:00.000Z' });
    expect(moved.reason).toMatch(/moved from 07:30 to 09:00 \(quiet hours in America\/New_York\)/);
  });
});

describe('STOP and the opt-out list', () => {
  beforeEach(async () => {
    w = await openReminderWorld();
  });

  it('opts the number out at once; the later SMS is not sent and staff get a call task', async () => {
    const maria = w.c.patient; // SMS only, no e-mail, no calls
    w.t.now = at('2026-03-02T14:30:00Z'); // 09:30: texts may go out
    const appt = book(maria.id, '2026-03-05T14:00:00-05:00');
    await w.dispatch(); // the confirmation text
    expect(w.standin.messages()).toHaveLength(1);
    w.t.now = at('2026-03-03T14:00:00Z');
    await w.standin.injectInbound({ from: '+15125550134', to: CLINIC_NUMBER, body: 'Stop' });
    expect(await w.poll()).toMatchObject({ handled: 1 });
    expect(w.t.call('optOuts/list', {})).toEqual([
      expect.objectContaining({
        address: '+15125550134',
        channel: 'sms',
        source: 'replied "Stop"',
      }),
    ]);

    w.t.now = at('2026-03-04T19:00:00Z');
    await w.dispatch();
    const r = rows(appt.id).find((x) => x.touchpoint === 'sms-24h')!;
    expect(r.status).toBe('failed');
    expect(r.error).toBe(
      'not sent: the patient opted out of texts (replied STOP); they can text START to opt back in; a call task was opened',
    );
    expect(w.standin.messages().filter((m) => m.direction !== 'inbound')).toHaveLength(1);
    const queue = w.t.call('callQueue/list', { date: '2026-03-05' });
    expect(queue.items.map((i) => i.appointmentId)).toEqual([appt.id]);

    // START opts back in; a new booking plans SMS again.
    await w.standin.injectInbound({ from: '+15125550134', to: CLINIC_NUMBER, body: 'START' });
    await w.poll();
    expect(w.t.call('optOuts/list', {})).toEqual([]);
  });

  it('HELP is answered; anything else waits in the staff inbox; an ambiguous number goes to staff', async () => {
    const a = createPatient(w.t, { firstName: 'Amy', mobile: '512-555-0161' });
    // Two visits on Wednesday, both inside the 72 h reminder horizon: "C" could mean either.
    book(a.id, '2026-03-04T10:00:00-05:00', 0);
    book(a.id, '2026-03-04T15:00:00-05:00', 1);
    // Both 24 h texts (which ask for C / X) have gone out.
    w.t.now = at('2026-03-03T20:00:00Z');
    await w.dispatch();
    await w.standin.injectInbound({ from: '+15125550161', to: CLINIC_NUMBER, body: 'HELP' });
    await w.standin.injectInbound({
      from: '+15125550161',
      to: CLINIC_NUMBER,
      body: 'Can we do Thursday instead?',
    });
    w.t.now += 1000;
    await w.standin.injectInbound({ from: '+15125550161', to: CLINIC_NUMBER, body: 'C' });
    expect(await w.poll()).toMatchObject({ received: 3, handled: 1, staff: 2, helpSent: 1 });
    const help = w.standin
      .messages()
      .find((m) => m.direction !== 'inbound' && m.body.includes('STOP'))!;
    expect(help.body).toMatch(/^Test Clinic: appointment reminders\. Reply C to confirm/);
    const staff = w.t.call('inbox/list', {});
    expect(staff.map((m) => [m.body, m.note])).toEqual([
      [
        'C',
        'staff: ambiguous: reminders about 2 upcoming appointments asked this number for a reply',
      ],
      ['Can we do Thursday instead?', 'staff: not a keyword'],
    ]);
    const done = w.t.call('inbox/resolve', { inboundId: staff[0]!.id, note: 'called her back' });
    expect(done).toMatchObject({ status: 'done', note: 'called her back', handledBy: 'test' });
  });

  it('X cancels through the clinic’s late-cancel rule', async () => {
    const a = createPatient(w.t, { firstName: 'Xena', mobile: '512-555-0171' });
    const appt = book(a.id, '2026-03-03T10:00:00-05:00');
    w.t.now = at('2026-03-02T16:00:00Z'); // 23 h before: inside the 24 h late-cancel window
    await w.dispatch(); // the 24 h text asks for C / X
    await w.standin.injectInbound({ from: '+15125550171', to: CLINIC_NUMBER, body: 'cancel' });
    await w.poll();
    const got = w.t.call('appointments/get', { appointmentId: appt.id });
    expect(got).toMatchObject({ status: 'cancelled', lateCancel: true });
    expect(w.t.call('inbox/list', { status: 'handled' })[0]!.note).toMatch(
      /\(late cancellation\)$/,
    );
  });
});

describe('webhooks', () => {
  let host: HttpHost;
  beforeEach(async () => {
    w = await openReminderWorld();
    host = await startHttpHost({
      db: w.t.db,
      registry: createApi(),
      clock: () => w.t.now,
      secrets: w.t.secrets,
      routes: reminderWebhookRoutes({ db: w.t.db, secrets: w.t.secrets, clock: () => w.t.now }),
    });
    w.t.call('messaging/setSettings', { publicBaseUrl: host.url });
  });
  afterEach(async () => {
    await host.close();
  });

  it('refuses an unsigned or forged request with 403 and changes nothing; a signed one works', async () => {
    const appt = book(w.c.patient.id, '2026-03-05T14:00:00-05:00');
    w.t.now = at('2026-03-04T19:00:00Z'); // the 24 h text, which asks for C / X, goes out
    await w.dispatch();
    const params = {
      MessageSid: 'SM' + 'a'.repeat(32),
      AccountSid: w.standin.accountSid,
      From: '+15125550134',
      To: CLINIC_NUMBER,
      Body: 'C',
    };
    const url = `${host.url}/twilio/sms`;
    const before = snapshot(w.t.db.sqlite);
    const post = (signature: string | null, body = params) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(signature ? { 'X-Twilio-Signature': signature } : {}),
        },
        body: new URLSearchParams(body).toString(),
      });
    expect((await post(null)).status).toBe(403);
    const forged = twilioSignature({ authToken: 'not-the-token', url, params });
    expect((await post(forged)).status).toBe(403);
    const tampered = twilioSignature({ authToken: w.standin.authToken, url, params });
    expect((await post(tampered, { ...params, Body: 'X' })).status).toBe(403);
    expect(snapshot(w.t.db.sqlite)).toEqual(before);
    expect(w.t.call('appointments/get', { appointmentId: appt.id }).status).toBe('booked');

    // The stand-in signs like Twilio; twilio.validateRequest accepts it and the reply acts.
    w.standin.inboundWebhookUrl = url;
    const { webhook } = await w.standin.injectInbound({
      from: '+15125550134',
      to: CLINIC_NUMBER,
      body: 'Sí',
    });
    expect(
      twilio.validateRequest(w.standin.authToken, webhook!.signature, url, webhook!.params),
    ).toBe(true);
    expect(webhook!.responseStatus).toBe(200);
    expect(webhook!.responseBody).toContain('<Response');
    expect(w.t.call('appointments/get', { appointmentId: appt.id }).status).toBe('confirmed');
  });

  it('tracks delivery from signed status callbacks, and moves an undelivered text to the next channel', async () => {
    const p = createPatient(w.t, {
      firstName: 'Una',
      mobile: '512-555-0181',
      email: 'una@example.com',
    });
    w.t.now = at('2026-03-02T14:30:00Z');
    const appt = book(p.id, '2026-03-05T14:00:00-05:00');
    await w.dispatch(); // confirmation by SMS (first allowed channel)
    expect(rows(appt.id).find((r) => r.touchpoint === 'booking-confirmation')!.status).toBe(
      'delivered',
    );
    w.standin.failFor('+15125550181', 30003);
    w.t.now = at('2026-03-04T19:00:00Z');
    await w.dispatch();
    const r = rows(appt.id).filter((x) => x.touchpoint === 'sms-24h');
    expect(r.map((x) => [x.channel, x.status])).toEqual([
      ['sms', 'failed'],
      ['email', 'scheduled'],
    ]);
    expect(r[0]!.error).toBe(
      "undelivered: the patient's phone is unreachable (switched off or out of service) (error 30003); moved to e-mail",
    );
    await w.dispatch();
    expect(
      rows(appt.id)
        .filter((x) => x.touchpoint === 'sms-24h')
        .map((x) => x.status),
    ).toEqual(['failed', 'sent']);
    expect(w.mail.at(-1)!.to).toEqual(['una@example.com']);
  });

  it('a reminder call gathers 1 to confirm through the signed gather action', async () => {
    const p = createPatient(w.t, {
      firstName: 'Val',
      voice: true,
      mobile: '512-555-0191',
      preferredChannel: 'voice',
    });
    const appt = book(p.id, '2026-03-05T14:00:00-05:00');
    w.t.now = at('2026-03-04T19:00:00Z');
    await w.dispatch();
    const call = w.standin.calls()[0]!;
    expect(call.twiml).toContain('<Gather');
    const reminder = rows(appt.id).find((r) => r.touchpoint === 'sms-24h')!;
    expect(reminder.channel).toBe('voice');
    const url = `${host.url}/twilio/voice/gather?reminder=${reminder.id}`;
    expect(call.twiml).toContain(url.replace(/&/g, '&amp;'));
    const params = { CallSid: call.sid, AccountSid: w.standin.accountSid, Digits: '1' };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature({ authToken: w.standin.authToken, url, params }),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your appointment is confirmed');
    expect(w.t.call('appointments/get', { appointmentId: appt.id }).status).toBe('confirmed');
  });
});

describe('pacing, outages, pause and bulk messages', () => {
  it('keeps to one message per second per sender', async () => {
    w = await openReminderWorld({ ratePerSecond: 1 });
    w.standin.simulateRateLimit({ perSecond: 1 });
    for (let i = 0; i < 5; i++) {
      const p = createPatient(w.t, { firstName: `Pat${i}`, mobile: `512-555-02${10 + i}` });
      book(p.id, `2026-03-04T${['09', '10', '11', '13', '14'][i]}:00:00-05:00`, i % 3);
    }
    w.standin.messages(); // nothing yet
    const r = w.t.call('reminders/bulkMessage', {
      date: '2026-03-04',
      message: 'The clinic is closed today for snow.',
      channel: 'sms',
    });
    expect(r).toMatchObject({ queued: 5, skipped: [] });
    const result = await w.dispatch();
    expect(result.failed + result.retried).toBe(0);
    const sent = w.standin.messages().filter((m) => m.body.includes('snow'));
    expect(sent).toHaveLength(5);
    const times = sent.map((m) => m.dateCreatedMs).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(w.waits.length).toBeGreaterThan(0);
    // The stand-in's own 1/s limit never had to refuse one (no 429).
    expect(w.t.call('reminders/list', { statuses: ['failed'] }).items).toEqual([]);
  });

  it('waits while the network is down, then drops what is past its usefulness and sends the rest', async () => {
    w = await openReminderWorld();
    const a = createPatient(w.t, { firstName: 'Ann', mobile: '512-555-0301' });
    const b = createPatient(w.t, { firstName: 'Bob', mobile: '512-555-0302' });
    w.t.now = at('2026-03-02T14:30:00Z');
    const early = book(a.id, '2026-03-05T14:00:00-05:00', 0);
    const later = book(b.id, '2026-03-06T10:00:00-05:00', 1);
    await w.dispatch(); // both confirmations
    const { accountSid, authToken } = w.standin;
    await w.standin.close();

    w.t.now = at('2026-03-04T19:00:00Z'); // Ann's 24 h text is due; Twilio is unreachable
    const offline = await w.dispatch();
    expect(offline).toMatchObject({ sent: 0, retried: 1 });
    const waiting = rows(early.id).find((r) => r.touchpoint === 'sms-24h')!;
    expect(waiting.status).toBe('scheduled');
    expect(waiting.error).toMatch(/^retrying at 2026-03-04T19:00:22.500Z: network: /);

    // Back online on Thursday 13:40: Ann's 24 h and 2 h texts are no longer useful; Bob's 24 h is.
    const { TwilioStandin } = await import('../standins/twilio');
    w.standin = await TwilioStandin.start({ now: () => w.t.now, accountSid, authToken });
    // A new API address needs the token again (it is never sent to an address it was not saved for).
    w.t.call('messaging/setSettings', {
      twilioApiBaseUrl: w.standin.baseUrl,
      twilioAuthToken: authToken,
    });
    w.t.now = at('2026-03-05T18:40:00Z');
    const online = await w.dispatch();
    expect(online).toMatchObject({ dropped: 2, sent: 1 });
    const dropped = rows(early.id).filter((r) => r.status === 'dropped');
    expect(dropped.map((r) => [r.touchpoint, r.error])).toEqual([
      ['sms-24h', 'dropped: "sms-24h" could be sent only 1 h 40 min after it stopped being useful'],
      ['sms-2h', 'dropped: "sms-2h" could be sent only 10 min after it stopped being useful'],
    ]);
    expect(w.standin.messages().map((m) => m.to)).toEqual(['+15125550302']);
    expect(rows(later.id).find((r) => r.touchpoint === 'sms-24h')!.status).toBe('sent');
  });

  it('after weeks with the PC off, one run drops the whole stale backlog and still sends what can go', async () => {
    w = await openReminderWorld({ ratePerSecond: 1 }); // a batch is 30 messages at 1/s
    w.t.now = at('2026-03-02T14:30:00Z');
    // 40 visits over the next two weeks: each queues reminders that will all be too late.
    const hours = ['09:00', '09:30', '10:00', '10:30', '11:00', '14:00', '14:30', '15:00'];
    const days = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'];
    let n = 0;
    for (const day of days)
      for (const h of hours) {
        const p = createPatient(w.t, { firstName: `P${n}`, mobile: `512-555-${String(1000 + n)}` });
        book(p.id, `${day}T${h}:00-04:00`, n++ % 3);
      }
    // Nothing was sent (the PC was switched off before the first run) until the 23rd, when one
    // more visit is booked for the 25th.
    w.t.now = at('2026-03-23T13:00:00Z');
    const fresh = createPatient(w.t, { firstName: 'Fresh', mobile: '512-555-0999' });
    book(fresh.id, '2026-03-25T10:00:00-04:00', 0);
    const dueNow = () =>
      (
        w.t.db.sqlite
          .prepare(`SELECT count(*) AS n FROM reminders WHERE status = 'scheduled' AND due_ms <= ?`)
          .get(w.t.now) as { n: number }
      ).n;
    const due = dueNow();
    expect(due).toBeGreaterThan(60);

    // Settled 7 to a transaction here, so the backlog takes many pages in the one run.
    const r = await w.dispatch({ settlePage: 7 });
    expect(r.dropped).toBe(due - 1); // every stale row, not a batch's worth
    expect(r.sent).toBe(1); // the fresh booking's confirmation still goes in the same run
    expect(w.standin.messages().map((m) => m.to)).toEqual(['+15125550999']);
    expect(dueNow()).toBe(0);
  });

  it('pause holds the queue and resume releases it', async () => {
    w = await openReminderWorld();
    w.t.now = at('2026-03-02T14:30:00Z');
    book(w.c.patient.id, '2026-03-05T14:00:00-05:00');
    expect(w.t.call('reminders/pause', {})).toEqual({ paused: true });
    expect(await w.dispatch()).toMatchObject({ paused: true, claimed: 0 });
    expect(w.t.call('reminders/list', {}).paused).toBe(true);
    w.t.call('reminders/resume', {});
    expect(await w.dispatch()).toMatchObject({ sent: 1 });
  });
});

describe('escalation and the call queue', () => {
  beforeEach(async () => {
    w = await openReminderWorld();
  });

  it('calls an unconfirmed patient who agreed to calls, and queues a call task for one who did not', async () => {
    const caller = createPatient(w.t, { firstName: 'Cal', mobile: '512-555-0401', voice: true });
    const quiet = createPatient(w.t, { firstName: 'Tess', mobile: '512-555-0402' });
    const a = book(caller.id, '2026-03-05T14:00:00-05:00', 0);
    const b = book(quiet.id, '2026-03-05T14:00:00-05:00', 1);
    w.t.now = at('2026-03-04T19:00:00Z');
    await w.dispatch(); // the 24 h texts
    expect(w.escalate()).toEqual({ calls: 0, tasks: 0 }); // they get an hour to answer
    w.t.now += 61 * 60_000;
    expect(w.escalate()).toEqual({ calls: 1, tasks: 1 });
    expect(w.escalate()).toEqual({ calls: 0, tasks: 0 });
    await w.dispatch();
    expect(w.standin.calls().map((c) => c.to)).toEqual(['+15125550401']);
    expect(rows(a.id).find((r) => r.touchpoint === 'escalation')!.status).toBe('sent');
    const queue = w.t.call('callQueue/list', {});
    expect(queue.date).toBe('2026-03-05');
    const task = queue.items.find((i) => i.appointmentId === b.id)!.task!;
    expect(task.reason).toMatch(
      /^not confirmed 22 h 59 min before the visit \(no consent to calls\): phone the patient$/,
    );
    const done = w.t.call('callQueue/record', {
      taskId: task.id,
      outcome: 'confirmed',
      note: 'spoke to Tess',
    });
    expect(done).toMatchObject({ status: 'done', outcome: 'confirmed', doneBy: 'test' });
    expect(w.t.call('appointments/get', { appointmentId: b.id }).status).toBe('confirmed');
  });

  it('lists tomorrow’s patients riskiest first: prior no-shows, then long lead times', () => {
    const noShower = createPatient(w.t, { firstName: 'Ned', mobile: '512-555-0501' });
    const early = createPatient(w.t, { firstName: 'Eva', mobile: '512-555-0502' });
    const fresh = createPatient(w.t, { firstName: 'Fay', mobile: '512-555-0503' });
    const past = book(noShower.id, '2026-03-02T10:00:00-05:00');
    w.t.now = at('2026-03-02T16:00:00Z');
    w.t.call('appointments/setStatus', { appointmentId: past.id, status: 'no_show' });
    const e = book(early.id, '2026-03-20T09:00:00-04:00', 0); // booked 17 days ahead
    w.t.now = at('2026-03-19T13:00:00Z');
    const f = book(fresh.id, '2026-03-20T10:00:00-04:00', 1);
    const n = book(noShower.id, '2026-03-20T11:00:00-04:00', 2);
    const q = w.t.call('callQueue/list', {});
    expect(q.date).toBe('2026-03-20');
    expect(q.items.map((i) => [i.appointmentId, i.priorNoShows, i.leadTimeDays])).toEqual([
      [n.id, 1, 1],
      [e.id, 0, 17],
      [f.id, 0, 1],
    ]);
    w.t.call('callQueue/record', { appointmentId: f.id, outcome: 'voicemail' });
    w.t.call('callQueue/record', {
      appointmentId: e.id,
      outcome: 'cancelled',
      note: 'moving away',
    });
    expect(w.t.call('appointments/get', { appointmentId: e.id }).status).toBe('cancelled');
    expect(w.t.call('callQueue/list', {}).items.map((i) => i.appointmentId)).toEqual([n.id, f.id]);
  });
});
