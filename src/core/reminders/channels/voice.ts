/** Reminder calls through Twilio's Calls API; the call runs TwiML from twiml.ts. */
import { SendFailure, classifySendError } from '../retry';
import { isE164, type TwilioClient } from './twilioClient';

export interface CallToPlace {
  client: TwilioClient;
  to: string;
  from: string;
  /**
   * Inline TwiML for the call, or a URL Twilio fetches it from. Inline TwiML suits a desk PC that
   * Twilio cannot reach; the gather action inside it still needs a public URL to record 1 / 2.
   */
  twiml?: string | null;
  twimlUrl?: string | null;
  /** Twilio POSTs the call's end (completed, busy, no-answer, failed) here. */
  statusCallback?: string | null;
}

export interface CallPlaced {
  providerCallId: string;
  status: string;
}

export async function placeCall(args: CallToPlace): Promise<CallPlaced> {
  if (!isE164(args.to)) {
    throw new SendFailure({
      kind: 'permanent',
      reason: `the number ${args.to} is not written in international form (+15125550123)`,
    });
  }
  if (!args.twiml && !args.twimlUrl) {
    throw new SendFailure({ kind: 'permanent', reason: 'the call has nothing to say (no TwiML)' });
  }
  try {
    const call = await args.client.calls.create({
      to: args.to,
      from: args.from,
      ...(args.twiml ? { twiml: args.twiml } : { url: args.twimlUrl! }),
      ...(args.statusCallback ? { statusCallback: args.statusCallback } : {}),
    });
    return { providerCallId: call.sid, status: call.status };
  } catch (e) {
    throw classifySendError(e);
  }
}
