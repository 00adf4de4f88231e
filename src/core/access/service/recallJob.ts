/**
 * The recall outreach job: one pass plans the steps due (recall.ts planRecallOutreach) in a
 * transaction, then sends each text or e-mail outside it and records the message id or the
 * failure. A row a crashed pass left 'sending' is looked up in Twilio's message log: found, it is
 * marked sent; not found, it is marked failed and NOT sent again (one missed note is better than
 * two texts; the next step of the cadence, and finally the call, still follow).
 */
import type { ChangeEvent } from '../../events';
import type { ClinicDb } from '../../db/open';
import type { MessagingTransport } from '../../reminders/transport';
import { MINUTE_MS } from '../../time';
import { interruptedOutreach, planRecallOutreach, recordRecallSent } from './recall';

/** A pass claims and sends within seconds; a row 'sending' this long was left by a crash. */
const INTERRUPTED_AFTER_MS = 10 * MINUTE_MS;

export async function runRecallOutreach(p: {
  db: ClinicDb;
  clock: () => number;
  transport: MessagingTransport;
  publish?: (e: ChangeEvent) => void;
}): Promise<{ sent: number; failed: number }> {
  const ctx = () => ({ db: p.db, now: p.clock(), actor: 'recall', origin: 'recall job' });
  const record = (r: Parameters<typeof recordRecallSent>[1]) =>
    p.db.sqlite.transaction(() => recordRecallSent(ctx(), r)).immediate();
  let sent = 0;
  let failed = 0;
  for (const o of interruptedOutreach(ctx(), INTERRUPTED_AFTER_MS)) {
    const found =
      o.channel === 'sms' && p.transport.twilio
        ? await p.transport.twilio
            .findSentSms({ to: o.to, body: o.body, claimedAtMs: o.claimedMs })
            .catch(() => null)
        : null;
    if (found) record({ outreachId: o.id, providerMessageId: found.sid });
    else
      record({
        outreachId: o.id,
        error: 'interrupted before it was confirmed sent; not sent again so no one gets it twice',
      });
  }
  const { toSend, written } = p.db.sqlite
    .transaction(() =>
      planRecallOutreach(ctx(), {
        sms: p.transport.twilio !== null,
        email: p.transport.email !== null,
      }),
    )
    .immediate();
  for (const o of toSend) {
    try {
      let id: string;
      if (o.channel === 'sms') {
        id = (await p.transport.twilio!.sendSms({ to: o.to, body: o.body, statusCallback: null }))
          .providerMessageId;
      } else {
        const email = p.transport.email!;
        id = (
          await email.send({
            to: o.to,
            subject: o.subject,
            text: o.body,
            html: `<p>${o.body.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`,
            messageId: `<recall-${o.outreachId}@${email.domain}>`,
          })
        ).providerMessageId;
      }
      record({ outreachId: o.outreachId, providerMessageId: id });
      sent++;
    } catch (err) {
      record({
        outreachId: o.outreachId,
        error: `not sent: ${err instanceof Error ? err.message : String(err)}`,
      });
      failed++;
    }
  }
  if (written > 0) p.publish?.({ topic: 'recalls' });
  return { sent, failed };
}
