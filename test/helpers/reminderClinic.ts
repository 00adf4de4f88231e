/**
 * The tiny clinic with messaging wired to local stand-ins: the Twilio stand-in (test/standins) and
 * an in-process SMTP server (npm smtp-server), both on 127.0.0.1 port 0, on the test's fake clock.
 * Jobs are not started: a test advances `t.now` and calls the job functions itself.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { getMessagingSettings } from '../../src/core/db/repos/reminders';
import {
  runDispatcher,
  type DispatchResult,
  type DispatcherDeps,
} from '../../src/core/reminders/dispatcher';
import { runEscalation } from '../../src/core/reminders/escalation';
import { pollDeliveries, pollReplies } from '../../src/core/reminders/inbound';
import { RateLimits } from '../../src/core/reminders/rateLimit';
import { transportFromSettings } from '../../src/core/reminders/transport';
import { TwilioStandin } from '../standins/twilio';
import { buildTinyClinic, openTestApi, type TestApi } from './tinyClinic';

export const CLINIC_NUMBER = '+15125550000';

export interface CapturedMail {
  to: string[];
  raw: string;
}

export interface ReminderWorld {
  t: TestApi;
  c: ReturnType<typeof buildTinyClinic>;
  standin: TwilioStandin;
  smtp: SMTPServer;
  mail: CapturedMail[];
  /** Seconds the dispatcher waited for the rate limiter, advancing the fake clock. */
  waits: number[];
  limits: RateLimits;
  dispatch(options?: Pick<DispatcherDeps, 'settlePage'>): Promise<DispatchResult>;
  poll(): ReturnType<typeof pollReplies>;
  pollDeliveries(): ReturnType<typeof pollDeliveries>;
  escalate(): ReturnType<typeof runEscalation>;
  close(): Promise<void>;
}

export async function startSmtp(
  mail: CapturedMail[],
): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mail.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port };
}

export async function openReminderWorld(
  options: { ratePerSecond?: number; dir?: string } = {},
): Promise<ReminderWorld> {
  const t = openTestApi(options.dir ? { dir: options.dir } : {});
  const c = buildTinyClinic(t);
  const standin = await TwilioStandin.start({ now: () => t.now });
  const mail: CapturedMail[] = [];
  const { server: smtp, port } = await startSmtp(mail);
  t.call('messaging/setSettings', {
    twilioAccountSid: standin.accountSid,
    twilioAuthToken: standin.authToken,
    twilioFrom: CLINIC_NUMBER,
    twilioApiBaseUrl: standin.baseUrl,
    smtpHost: '127.0.0.1',
    smtpPort: port,
    emailFrom: 'Test Clinic <frontdesk@testclinic.example>',
    ratePerSecond: options.ratePerSecond ?? 0,
  });
  const waits: number[] = [];
  const rate = options.ratePerSecond ?? 0;
  const limits = new RateLimits(rate > 0 ? { perSecond: rate } : { perSecond: 'off' });
  const transport = () => transportFromSettings(getMessagingSettings(t.db), t.secrets);
  const world: ReminderWorld = {
    t,
    c,
    standin,
    smtp,
    mail,
    waits,
    limits,
    dispatch: async (options = {}) => {
      const r = await runDispatcher({
        ...options,
        db: t.db,
        clock: () => t.now,
        transport: transport(),
        limits,
        random: () => 0.5,
        sleep: (ms) => {
          waits.push(ms);
          t.now += ms;
          return Promise.resolve();
        },
      });
      await standin.settled();
      return r;
    },
    poll: () => pollReplies({ db: t.db, clock: () => t.now, transport: transport() }),
    pollDeliveries: () => pollDeliveries({ db: t.db, clock: () => t.now, transport: transport() }),
    escalate: () => runEscalation({ db: t.db, clock: () => t.now }),
    close: async () => {
      await world.standin.close().catch(() => undefined);
      await new Promise<void>((r) => smtp.close(() => r()));
      t.close();
    },
  };
  return world;
}

/** The calendar invitations inside a raw MIME message, decoded. */
export function calendarParts(raw: string): string[] {
  const out: string[] = [];
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split).replace(/\r?\n[ \t]/g, ' ');
    if (!/content-type:\s*(text\/calendar|application\/ics)/i.test(headers)) continue;
    let body = part
      .slice(split)
      .trim()
      .replace(/\r?\n--[^\r\n]*--\s*$/, '');
    if (/content-transfer-encoding:\s*base64/i.test(headers)) {
      body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    } else if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
      body = Buffer.from(
        body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8');
    }
    out.push(body);
  }
  return out;
}

/** A patient with e-mail and SMS, created through the API. */
export function createPatient(
  t: TestApi,
  p: {
    firstName: string;
    mobile?: string | null;
    email?: string | null;
    preferredChannel?: 'sms' | 'email' | 'voice' | 'none';
    voice?: boolean;
    timeZone?: string | null;
    language?: string;
  },
) {
  return t.call('patients/create', {
    firstName: p.firstName,
    lastName: 'Test',
    dateOfBirth: '1985-04-12',
    phoneMobile: p.mobile ?? null,
    email: p.email ?? null,
    smsConsent: Boolean(p.mobile),
    emailConsent: Boolean(p.email),
    voiceConsent: Boolean(p.voice),
    preferredChannel: p.preferredChannel ?? 'none',
    timeZone: p.timeZone ?? null,
    preferredLanguage: p.language ?? 'en',
  });
}
