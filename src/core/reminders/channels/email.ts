/**
 * E-mail reminders over SMTP with nodemailer. Two things matter beyond "send":
 * - the Message-ID is ours, derived from the outbox row, so a resend after a crash carries the
 *   same Message-ID and mail clients (and our own reconciliation) see one message, not two;
 * - the appointment travels as a calendar invitation: nodemailer's `icalEvent` adds it as a
 *   `text/calendar; method=REQUEST` alternative (plus an .ics attachment), which Outlook, Gmail
 *   and Apple Mail show with Add / Accept buttons.
 */
import type { SMTPTransportOptions } from 'nodemailer';
import { lazyPackage } from '../../lazy';

const nodemailer = lazyPackage<typeof import('nodemailer')>('nodemailer');
import { SendFailure, classifySendError } from '../retry';

export type SmtpSettings = SMTPTransportOptions;

export interface CalendarInvitation {
  /** REQUEST for a booking or reminder, CANCEL when the appointment is cancelled. */
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  /** The VCALENDAR text; its METHOD must match `method`. */
  content: string;
  filename?: string;
}

export interface EmailToSend {
  transportOptions: SmtpSettings;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  icsAttachment?: CalendarInvitation | null;
  /** "<reminder-123@clinic.example>": see reminderMessageId. */
  messageId: string;
}

export interface EmailAccepted {
  providerMessageId: string;
  /** The server's final reply, e.g. "250 OK: queued as 4F2A". */
  response: string;
}

/** A Message-ID that is the same every time the same outbox row is sent. */
export function reminderMessageId(args: { outboxId: number | string; domain: string }): string {
  const domain =
    args.domain
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9.-]/g, '') || 'clinicdesk.local';
  const local = String(args.outboxId).replace(/[^A-Za-z0-9._-]/g, '');
  return `<reminder-${local}@${domain}>`;
}

const MESSAGE_ID_RE = /^<[^<>@\s]+@[^<>@\s]+>$/;

export async function sendEmail(args: EmailToSend): Promise<EmailAccepted> {
  if (!MESSAGE_ID_RE.test(args.messageId)) {
    throw new SendFailure({
      kind: 'permanent',
      reason: `the Message-ID ${args.messageId} must look like <id@domain>`,
    });
  }
  if (
    args.icsAttachment &&
    !new RegExp(`^METHOD:${args.icsAttachment.method}\\r?$`, 'm').test(args.icsAttachment.content)
  ) {
    throw new SendFailure({
      kind: 'permanent',
      reason: `the calendar invitation does not say METHOD:${args.icsAttachment.method}`,
    });
  }
  const transport = nodemailer().createTransport(args.transportOptions);
  try {
    const info = await transport.sendMail({
      from: args.from,
      to: args.to,
      subject: args.subject,
      text: args.text,
      html: args.html,
      messageId: args.messageId,
      ...(args.icsAttachment
        ? {
            icalEvent: {
              method: args.icsAttachment.method,
              content: args.icsAttachment.content,
              filename: args.icsAttachment.filename ?? 'appointment.ics',
            },
          }
        : {}),
    });
    if (info.rejected.length > 0) {
      throw new SendFailure({
        kind: 'permanent',
        reason: `the mail server refused the address ${info.rejected.join(', ')}`,
      });
    }
    return { providerMessageId: info.messageId, response: info.response };
  } catch (e) {
    if (args.transportOptions.requireTLS && isStartTlsMissing(e)) {
      throw new SendFailure({
        kind: 'permanent',
        reason: `the mail server ${args.transportOptions.host ?? ''} offers no encrypted connection (STARTTLS), so ClinicDesk did not send the mail password; turn on "secure" (port 465) or use a server that supports STARTTLS`,
      });
    }
    throw classifySendError(e);
  } finally {
    transport.close();
  }
}

/** nodemailer's answer when requireTLS is set and the server does not offer STARTTLS. */
function isStartTlsMissing(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return code === 'ETLS' || /STARTTLS/i.test(e.message);
}
