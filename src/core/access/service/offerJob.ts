/**
 * The waitlist job: one pass plans the due waves in a transaction (waitlist.ts planWaves), then
 * sends each offer by SMS outside it and records the message id or the failure. An offer that
 * could not be sent is 'failed' with Twilio's reason, visible on the offers list; nothing is
 * dropped silently. Without Twilio set up nothing is planned: slots wait, visible, for staff
 * (entries past their expiry date are still expired).
 */
import type { ChangeEvent } from '../../events';
import type { ClinicDb } from '../../db/open';
import type { MessagingTransport } from '../../reminders/transport';
import { expireEntries, planWaves, recordSent } from './waitlist';

export async function runWaitlistOffers(p: {
  db: ClinicDb;
  clock: () => number;
  transport: MessagingTransport;
  publish?: (e: ChangeEvent) => void;
}): Promise<{ offered: number; failed: number }> {
  const twilio = p.transport.twilio;
  const ctx = () => ({ db: p.db, now: p.clock(), actor: 'waitlist', origin: 'waitlist job' });
  if (!twilio) {
    // No texts without Twilio, but entries past their expiry still leave the list.
    const expired = p.db.sqlite.transaction(() => expireEntries(ctx())).immediate();
    if (expired > 0) p.publish?.({ topic: 'waitlist' });
    return { offered: 0, failed: 0 };
  }
  const toSend = p.db.sqlite.transaction(() => planWaves(ctx())).immediate();
  let offered = 0;
  let failed = 0;
  for (const o of toSend) {
    try {
      const sent = await twilio.sendSms({ to: o.to, body: o.body, statusCallback: null });
      p.db.sqlite
        .transaction(() =>
          recordSent(ctx(), { offerId: o.offerId, providerMessageId: sent.providerMessageId }),
        )
        .immediate();
      offered++;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      p.db.sqlite
        .transaction(() => recordSent(ctx(), { offerId: o.offerId, error: `not sent: ${why}` }))
        .immediate();
      failed++;
    }
  }
  if (toSend.length > 0) p.publish?.({ topic: 'waitlist' });
  return { offered, failed };
}
