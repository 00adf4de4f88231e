/**
 * Twilio's webhooks, for a clinic whose host is reachable at a public URL (a tunnel or reverse
 * proxy): inbound texts, SMS delivery reports, and the reminder call's key presses and end.
 * These routes skip the host's Host check (`anyHost`), so each request must prove it came from
 * Twilio: X-Twilio-Signature is checked with twilio.validateRequest against the public URL saved
 * in the settings plus the request's path and query — the URL Twilio itself signed. Anything
 * unsigned or forged gets 403 and changes nothing.
 */
import type http from 'node:http';
import { lazyPackage } from '../../lazy';

const twilio = lazyPackage<typeof import('twilio')>('twilio');
import type { ChangeEvent } from '../../events';
import type { ClinicDb } from '../../db/open';
import { getMessagingSettings } from '../../db/repos/reminders';
import type { ExtraRoute } from '../http';
import type { SecretBox } from '../../secrets/secretBox';
import {
  handleGatherAnswer,
  handleInboundSms,
  recordCallStatus,
  recordDelivery,
} from '../../reminders/inbound';
import { gatherReplyTwiml } from '../../reminders/twiml';

export const WEBHOOK_PREFIX = '/twilio/';
const MAX_FORM = 64 * 1024;

export interface WebhookDeps {
  db: ClinicDb;
  secrets: SecretBox;
  clock: () => number;
  publish?: (e: ChangeEvent) => void;
}

function readForm(req: http.IncomingMessage): Promise<Record<string, string> | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_FORM) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_FORM) return resolve(null);
      resolve(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

const twiml = (res: http.ServerResponse, xml: string) => reply(res, 200, xml, 'text/xml');
const emptyTwiml = () => new (twilio().twiml.MessagingResponse)().toString();

/** The routes to pass to startHttpHost({ routes }). */
export function reminderWebhookRoutes(deps: WebhookDeps): ExtraRoute[] {
  const { db, secrets, clock } = deps;
  const inTx = <T>(fn: () => T): T => db.sqlite.transaction(fn).immediate();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (req.method !== 'POST') return reply(res, 405, 'Use POST.');
    const params = await readForm(req);
    if (!params) return reply(res, 413, 'Too large.');
    const settings = getMessagingSettings(db);
    if (!settings.publicBaseUrl || !settings.twilioAuthTokenSealed) {
      return reply(res, 403, 'Webhooks are not set up.');
    }
    const signature = req.headers['x-twilio-signature'];
    const signedUrl = settings.publicBaseUrl.replace(/\/+$/, '') + (req.url ?? url.pathname);
    const token = secrets.open(settings.twilioAuthTokenSealed);
    if (
      typeof signature !== 'string' ||
      !twilio().validateRequest(token, signature, signedUrl, params)
    ) {
      return reply(res, 403, 'Invalid signature.');
    }
    if (
      settings.twilioAccountSid &&
      params.AccountSid &&
      params.AccountSid !== settings.twilioAccountSid
    ) {
      return reply(res, 403, 'Another account.');
    }
    const ctx = { db, now: clock(), actor: 'twilio webhook', origin: 'twilio webhook' };
    const path = url.pathname.slice(WEBHOOK_PREFIX.length);

    if (path === 'sms') {
      if (!params.MessageSid || !params.From) return reply(res, 400, 'Not an inbound message.');
      const r = inTx(() =>
        handleInboundSms(ctx, {
          sid: params.MessageSid!,
          from: params.From!,
          to: params.To ?? '',
          body: params.Body ?? '',
          receivedMs: ctx.now,
        }),
      );
      if (r.status !== 'duplicate') {
        deps.publish?.({ topic: 'inbox' });
        if (r.appointmentId !== null) {
          deps.publish?.({ topic: 'appointments', ids: [r.appointmentId] });
          deps.publish?.({ topic: 'reminders', ids: [r.appointmentId] });
        }
      }
      if (!r.reply) return twiml(res, emptyTwiml());
      const m = new (twilio().twiml.MessagingResponse)();
      m.message(r.reply);
      return twiml(res, m.toString());
    }
    if (path === 'status') {
      if (!params.MessageSid || !params.MessageStatus)
        return reply(res, 400, 'Not a status report.');
      const code = params.ErrorCode ? Number(params.ErrorCode) : null;
      const r = inTx(() =>
        recordDelivery(ctx, {
          sid: params.MessageSid!,
          status: params.MessageStatus!,
          errorCode: Number.isFinite(code) ? code : null,
        }),
      );
      if (r.changed) deps.publish?.({ topic: 'reminders' });
      return reply(res, 204, '');
    }
    const reminderId = Number(url.searchParams.get('reminder'));
    if (!Number.isInteger(reminderId) || reminderId <= 0) return reply(res, 400, 'No reminder.');
    if (path === 'voice/gather') {
      const r = inTx(() => handleGatherAnswer(ctx, { reminderId, digits: params.Digits ?? null }));
      if (!r) return reply(res, 404, 'No such reminder call.');
      deps.publish?.({ topic: 'appointments', ids: [r.appointmentId] });
      const actionUrl = signedUrl;
      return twiml(
        res,
        gatherReplyTwiml({ voice: r.voice, answer: r.answer, gatherActionUrl: actionUrl }),
      );
    }
    if (path === 'voice/status') {
      const done = inTx(() =>
        recordCallStatus(ctx, { reminderId, callStatus: params.CallStatus ?? '' }),
      );
      if (done) deps.publish?.({ topic: 'reminders' });
      return reply(res, 204, '');
    }
    return reply(res, 404, 'Not found.');
  }

  return [{ prefix: WEBHOOK_PREFIX, anyHost: true, handle }];
}
