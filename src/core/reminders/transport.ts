/**
 * The network side of messaging, built from the saved settings: Twilio (SMS, calls, the message
 * log) and SMTP. The dispatcher and the pollers take a MessagingTransport, so a test can point it
 * at the Twilio stand-in and an in-process SMTP server, or wrap it to count and interrupt sends.
 */
import type { MessagingSettingsRow } from '../db/repos/reminders';
import type { SecretBox } from '../secrets/secretBox';
import { classifySendError } from './retry';
import {
  sendEmail,
  type EmailAccepted,
  type EmailToSend,
  type SmtpSettings,
} from './channels/email';
import {
  findSentSms,
  listMessages,
  sendSms,
  type ProviderMessage,
  type SmsAccepted,
} from './channels/sms';
import { createTwilioClient } from './channels/twilioClient';
import { placeCall, type CallPlaced } from './channels/voice';

export interface TwilioTransport {
  /** Our number: the sender, and the number patients reply to. */
  from: string;
  sendSms(a: { to: string; body: string; statusCallback: string | null }): Promise<SmsAccepted>;
  findSentSms(a: {
    to: string;
    body: string;
    claimedAtMs: number;
  }): Promise<ProviderMessage | null>;
  messageStatus(sid: string): Promise<{ status: string; errorCode: number | null }>;
  /** Texts patients sent to our number since then (DateSent, inclusive). */
  inboundSince(sinceMs: number): Promise<ProviderMessage[]>;
  placeCall(a: { to: string; twiml: string; statusCallback: string | null }): Promise<CallPlaced>;
}

export interface EmailTransport {
  /** "Riverside Clinic <frontdesk@riverside.example>" */
  from: string;
  /** The bare address of `from`: the ORGANIZER of invitations and the Message-ID domain. */
  address: string;
  domain: string;
  send(a: Omit<EmailToSend, 'transportOptions' | 'from'>): Promise<EmailAccepted>;
}

export interface MessagingTransport {
  twilio: TwilioTransport | null;
  email: EmailTransport | null;
}

/** This PC's own names: mail handed to a relay here never crosses the network. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === '127.0.0.1' || h === '::1' || h === 'localhost';
}

export function emailAddressOf(from: string): string {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  return (m ? m[1]! : from).trim().toLowerCase();
}

/** Twilio and SMTP as saved; a channel whose settings are incomplete is null. */
export function transportFromSettings(
  s: MessagingSettingsRow,
  secrets: SecretBox,
): MessagingTransport {
  let twilioT: TwilioTransport | null = null;
  if (s.twilioAccountSid && s.twilioAuthTokenSealed && s.twilioFrom) {
    const client = createTwilioClient({
      accountSid: s.twilioAccountSid,
      authToken: secrets.open(s.twilioAuthTokenSealed),
      apiBaseUrl: s.twilioApiBaseUrl,
    });
    const from = s.twilioFrom;
    twilioT = {
      from,
      sendSms: (a) => sendSms({ client, from, ...a }),
      findSentSms: (a) => findSentSms({ client, ...a }),
      async messageStatus(sid) {
        try {
          const m = await client.messages(sid).fetch();
          return { status: m.status, errorCode: m.errorCode ?? null };
        } catch (e) {
          throw classifySendError(e);
        }
      },
      async inboundSince(sinceMs) {
        const list = await listMessages({ client, to: from, dateSentAfter: sinceMs });
        return list.filter((m) => m.direction === 'inbound');
      },
      placeCall: (a) => placeCall({ client, from, ...a }),
    };
  }
  let emailT: EmailTransport | null = null;
  if (s.smtpHost && s.emailFrom) {
    const withPassword = Boolean(s.smtpUser && s.smtpPasswordSealed);
    const options: SmtpSettings = {
      host: s.smtpHost,
      port: s.smtpPort ?? (s.smtpSecure ? 465 : 587),
      secure: s.smtpSecure,
      // The mail password never crosses the network in clear text: without implicit TLS
      // (secure, port 465) STARTTLS is required, or nothing is sent. Only a relay on this PC
      // (127.0.0.1, ::1, localhost) may take it unencrypted.
      ...(withPassword && !s.smtpSecure && !isLoopbackHost(s.smtpHost) ? { requireTLS: true } : {}),
      connectionTimeout: 15_000,
      ...(withPassword
        ? { auth: { user: s.smtpUser!, pass: secrets.open(s.smtpPasswordSealed!) } }
        : {}),
    };
    const address = emailAddressOf(s.emailFrom);
    const from = s.emailFrom;
    emailT = {
      from,
      address,
      domain: address.split('@')[1] ?? 'clinicdesk.local',
      send: (a) => sendEmail({ transportOptions: options, from, ...a }),
    };
  }
  return { twilio: twilioT, email: emailT };
}
