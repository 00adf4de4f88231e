/** A real SMTP conversation with an in-process smtp-server on 127.0.0.1. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendFailure } from '../retry';
import { renderEmail } from '../templates';
import { reminderMessageId, sendEmail, type SmtpSettings } from './email';

interface Captured {
  from: string;
  to: string[];
  raw: string;
}
const captured: Captured[] = [];
/** RCPT TO replies to give per address, to exercise 4xx / 5xx handling. */
const refuse = new Map<string, { responseCode: number; message: string }>();
let server: SMTPServer;
let settings: SmtpSettings;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const r = refuse.get(address.address);
      if (!r) return callback();
      callback(Object.assign(new Error(r.message), { responseCode: r.responseCode }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        captured.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  settings = { host: '127.0.0.1', port, secure: false, ignoreTLS: true };
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  captured.length = 0;
  refuse.clear();
});

const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//ClinicDesk//Reminders//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:appointment-42@riverside.example',
  'DTSTAMP:20260301T120000Z',
  'DTSTART:20260310T143000Z',
  'DTEND:20260310T150000Z',
  'SUMMARY:Appointment at Riverside Family Clinic',
  'LOCATION:Main St Office\\, 1200 Main St\\, Austin TX',
  'ORGANIZER:mailto:frontdesk@riverside.example',
  'ATTENDEE;RSVP=TRUE:mailto:ana@example.com',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const content = renderEmail({
  language: 'en',
  kind: 'reminder',
  requiresReply: false,
  patientFirstName: 'Ana',
  clinicName: 'Riverside Family Clinic',
  clinicPhone: '+15125550100',
  providerDisplayName: 'Dr. Anna Patel',
  locationName: 'Main St Office',
  locationAddress: '1200 Main St, Austin, TX 78701',
  startMs: Date.parse('2026-03-10T14:30:00Z'),
  clinicTimeZone: 'America/Chicago',
});

const unfold = (raw: string) => raw.replace(/\r\n[ \t]/g, ' ');

describe('sendEmail over SMTP', () => {
  it('delivers our Message-ID, the text and HTML, and a text/calendar METHOD:REQUEST part', async () => {
    const messageId = reminderMessageId({ outboxId: 42, domain: 'riverside.example' });
    expect(messageId).toBe('<reminder-42@riverside.example>');
    const sent = await sendEmail({
      transportOptions: settings,
      from: 'Riverside Family Clinic <frontdesk@riverside.example>',
      to: 'ana@example.com',
      ...content,
      icsAttachment: { method: 'REQUEST', content: ics },
      messageId,
    });
    expect(sent.providerMessageId).toBe(messageId);
    expect(sent.response).toMatch(/^250/);
    expect(captured).toHaveLength(1);
    const { raw, to, from } = captured[0]!;
    expect(to).toEqual(['ana@example.com']);
    expect(from).toBe('frontdesk@riverside.example');
    const headers = unfold(raw);
    expect(headers).toMatch(/^Message-ID: <reminder-42@riverside\.example>$/im);
    expect(headers).toMatch(
      /^Subject: Reminder: your appointment at Riverside Family Clinic on Tuesday, March 10$/im,
    );
    expect(headers).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(headers).toMatch(/Content-Type: text\/html/i);
    // The calendar part is base64 or quoted-printable; decode every base64 body to look inside.
    const decoded = [...raw.matchAll(/\r\n\r\n([A-Za-z0-9+/=\r\n]{40,})\r\n/g)]
      .map((m) => Buffer.from(m[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8'))
      .join('\n');
    const everything = `${raw}\n${decoded}`;
    expect(everything).toContain('METHOD:REQUEST');
    expect(everything).toContain('UID:appointment-42@riverside.example');
    expect(everything).not.toMatch(/diagnos|complaint|reason for visit/i);
  });

  it('sends the same Message-ID again on a resend after a crash', async () => {
    const messageId = reminderMessageId({ outboxId: 43, domain: 'riverside.example' });
    for (let i = 0; i < 2; i++) {
      await sendEmail({
        transportOptions: settings,
        from: 'frontdesk@riverside.example',
        to: 'ana@example.com',
        ...content,
        messageId,
      });
    }
    const ids = captured.map((c) => /^Message-ID: (.+)$/im.exec(c.raw)?.[1]?.trim());
    expect(ids).toEqual([messageId, messageId]);
  });

  it('reports a 5xx refusal as permanent and a 4xx as transient, with the server’s words', async () => {
    refuse.set('gone@example.com', { responseCode: 550, message: 'No such user here' });
    refuse.set('full@example.com', { responseCode: 452, message: 'Mailbox full, try later' });
    const send = (to: string) =>
      sendEmail({
        transportOptions: settings,
        from: 'frontdesk@riverside.example',
        to,
        ...content,
        messageId: '<r-1@riverside.example>',
      });
    const permanent = await send('gone@example.com').catch((e: unknown) => e);
    expect(permanent).toBeInstanceOf(SendFailure);
    expect(permanent).toMatchObject({ kind: 'permanent', providerCode: 550 });
    expect((permanent as SendFailure).reason).toContain('No such user here');
    const transient = await send('full@example.com').catch((e: unknown) => e);
    expect(transient).toMatchObject({
      kind: 'transient',
      providerCode: 452,
      reason: 'the mail server asked us to try later (452)',
    });
    expect(captured).toHaveLength(0);
  });

  it('reports an unreachable server as a transient network failure', async () => {
    const closed = new SMTPServer({ authOptional: true, logger: false });
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await sendEmail({
      transportOptions: {
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
        connectionTimeout: 2000,
      },
      from: 'frontdesk@riverside.example',
      to: 'ana@example.com',
      ...content,
      messageId: '<r-2@riverside.example>',
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'transient' });
    expect((e as SendFailure).reason).toMatch(/^network: /);
  });

  it('refuses a malformed Message-ID or an invitation whose METHOD does not match', async () => {
    const base = {
      transportOptions: settings,
      from: 'a@b.example',
      to: 'ana@example.com',
      ...content,
    };
    await expect(sendEmail({ ...base, messageId: 'no-brackets' })).rejects.toMatchObject({
      kind: 'permanent',
      reason: 'the Message-ID no-brackets must look like <id@domain>',
    });
    await expect(
      sendEmail({ ...base, messageId: '<x@y>', icsAttachment: { method: 'CANCEL', content: ics } }),
    ).rejects.toMatchObject({ reason: 'the calendar invitation does not say METHOD:CANCEL' });
  });
});
