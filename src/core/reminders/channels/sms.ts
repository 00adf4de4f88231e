/**
 * SMS through Twilio's Messages API.
 *
 * Reconciliation after a crash. Twilio has no idempotency key for Messages, so a send whose
 * answer was lost (the PC crashed between the POST and writing the SID) cannot simply be retried:
 * the patient would get the text twice. Before re-sending a row that was claimed but never marked
 * sent, the dispatcher calls `findSentSms`: a message to the same number, with the same body,
 * created at or after the row was claimed (less a minute of clock difference), is that send. We do
 * not embed a token in the text: it would cost characters in a 160-character message and look
 * odd to the patient, and our bodies already differ per appointment (name, date, time).
 */
import type { EpochMs } from '../../time';
import { SendFailure, classifySendError } from '../retry';
import { isE164, type TwilioClient } from './twilioClient';

export interface SmsToSend {
  client: TwilioClient;
  to: string;
  /** A Twilio number, or give `messagingServiceSid` and let the service pick one. */
  from?: string | null;
  messagingServiceSid?: string | null;
  body: string;
  /** Twilio POSTs delivery updates (sent, delivered, undelivered + ErrorCode) here. */
  statusCallback?: string | null;
}

export interface SmsAccepted {
  providerMessageId: string;
  /** queued, or accepted when a messaging service picks the sender. */
  status: string;
}

export interface ProviderMessage {
  sid: string;
  direction: string;
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  dateCreatedMs: EpochMs | null;
  dateSentMs: EpochMs | null;
}

/** Sends one text; fails only with a SendFailure (transient or permanent, with words). */
export async function sendSms(args: SmsToSend): Promise<SmsAccepted> {
  if (!isE164(args.to)) {
    throw new SendFailure({
      kind: 'permanent',
      reason: `the number ${args.to} is not written in international form (+15125550123)`,
    });
  }
  if (!args.from && !args.messagingServiceSid) {
    throw new SendFailure({
      kind: 'permanent',
      reason: 'no sending number or messaging service is set up for SMS; check the SMS settings',
    });
  }
  if (args.body.trim() === '') {
    throw new SendFailure({ kind: 'permanent', reason: 'the message text is empty' });
  }
  try {
    const m = await args.client.messages.create({
      to: args.to,
      body: args.body,
      ...(args.messagingServiceSid
        ? { messagingServiceSid: args.messagingServiceSid }
        : { from: args.from! }),
      ...(args.statusCallback ? { statusCallback: args.statusCallback } : {}),
    });
    return { providerMessageId: m.sid, status: m.status };
  } catch (e) {
    throw classifySendError(e);
  }
}

function toProviderMessage(m: {
  sid: string;
  direction: string;
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  dateCreated: Date | null;
  dateSent: Date | null;
}): ProviderMessage {
  const ms = (d: Date | null) => (d && !Number.isNaN(d.getTime()) ? d.getTime() : null);
  return {
    sid: m.sid,
    direction: m.direction,
    from: m.from,
    to: m.to,
    body: m.body,
    status: m.status,
    errorCode: m.errorCode ?? null,
    dateCreatedMs: ms(m.dateCreated),
    dateSentMs: ms(m.dateSent),
  };
}

/**
 * Messages, newest first, following Twilio's paging. Polling for replies: `to` = our number,
 * `dateSentAfter` = the last poll (Twilio compares whole seconds, inclusive).
 */
export async function listMessages(args: {
  client: TwilioClient;
  to?: string;
  from?: string;
  dateSentAfter?: EpochMs;
  dateSentBefore?: EpochMs;
  limit?: number;
  pageSize?: number;
}): Promise<ProviderMessage[]> {
  try {
    const list = await args.client.messages.list({
      ...(args.to ? { to: args.to } : {}),
      ...(args.from ? { from: args.from } : {}),
      ...(args.dateSentAfter !== undefined ? { dateSentAfter: new Date(args.dateSentAfter) } : {}),
      ...(args.dateSentBefore !== undefined
        ? { dateSentBefore: new Date(args.dateSentBefore) }
        : {}),
      limit: args.limit ?? 1000,
      pageSize: args.pageSize ?? 100,
    });
    return list.map(toProviderMessage);
  } catch (e) {
    throw classifySendError(e);
  }
}

const CLOCK_SLACK_MS = 60_000;

/**
 * The message an interrupted send produced, if Twilio has it (see the file comment). Filters by
 * recipient only on the server, since a message still queued has no DateSent yet and a DateSent
 * filter would miss exactly the sends we are looking for.
 */
export async function findSentSms(args: {
  client: TwilioClient;
  to: string;
  body: string;
  /** When our outbox row was claimed for sending. */
  claimedAtMs: EpochMs;
  /** How many recent messages to that number to look through. */
  limit?: number;
}): Promise<ProviderMessage | null> {
  const recent = await listMessages({
    client: args.client,
    to: args.to,
    limit: args.limit ?? 200,
    pageSize: 50,
  });
  const since = args.claimedAtMs - CLOCK_SLACK_MS;
  const matches = recent.filter(
    (m) =>
      m.direction !== 'inbound' &&
      m.body === args.body &&
      m.dateCreatedMs !== null &&
      m.dateCreatedMs >= since,
  );
  // Oldest match: if a duplicate slipped through earlier, the first one is ours.
  matches.sort((a, b) => a.dateCreatedMs! - b.dateCreatedMs!);
  return matches[0] ?? null;
}
