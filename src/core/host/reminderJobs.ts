/**
 * The reminder jobs for host/clinicJobs.ts: dispatch the outbox, read replies and delivery
 * reports, escalate the unconfirmed. Settings are read from messaging_settings on every run, so a
 * change on the settings screen applies within seconds without a restart.
 */
import type { Registry } from '../api/registry';
import type { ClinicDb } from '../db/open';
import { getMessagingSettings } from '../db/repos/reminders';
import type { Job } from './jobs';
import type { SecretBox } from '../secrets/secretBox';
import { runDispatcher } from '../reminders/dispatcher';
import { runEscalation } from '../reminders/escalation';
import { runWaitlistOffers } from '../access/service/offerJob';
import { runRecallOutreach } from '../access/service/recallJob';
import { runAbsenceJob } from '../access/service/absence';
import { pollDeliveries, pollReplies } from '../reminders/inbound';
import { RateLimits } from '../reminders/rateLimit';
import { transportFromSettings, type MessagingTransport } from '../reminders/transport';

export interface ReminderJobDeps {
  db: ClinicDb;
  registry: Registry;
  secrets: SecretBox;
  clock: () => number;
}

export function reminderJobs(deps: ReminderJobDeps): Job[] {
  const { db, registry, secrets, clock } = deps;
  const publish = (e: Parameters<Registry['publish']>[0]) => registry.publish(e);
  // The limiter's state must outlive one run (a run that sent at 12:00:00.9 paces the next one).
  let limits: { rate: number; limits: RateLimits } | null = null;
  const current = (): {
    transport: MessagingTransport;
    limits: RateLimits;
    hasPublicUrl: boolean;
  } => {
    const s = getMessagingSettings(db);
    if (!limits || limits.rate !== s.ratePerSecond) {
      limits = {
        rate: s.ratePerSecond,
        limits: new RateLimits(
          s.ratePerSecond > 0 ? { perSecond: s.ratePerSecond } : { perSecond: 'off' },
        ),
      };
    }
    return {
      transport: transportFromSettings(s, secrets),
      limits: limits.limits,
      hasPublicUrl: s.publicBaseUrl !== null,
    };
  };
  return [
    {
      name: 'reminders-dispatch',
      everyMs: 5_000,
      run: () => {
        const c = current();
        return runDispatcher({ db, clock, transport: c.transport, limits: c.limits, publish });
      },
    },
    {
      // Polling works behind any office router; with a public URL the webhooks answer at once
      // and this remains the safety net for a webhook Twilio could not deliver.
      name: 'reminders-inbound',
      everyMs: 30_000,
      run: async () => {
        const c = current();
        await pollReplies({ db, clock, transport: c.transport, publish });
        if (!c.hasPublicUrl) await pollDeliveries({ db, clock, transport: c.transport, publish });
      },
    },
    {
      // Freed slots are offered within seconds; the waves themselves last minutes.
      name: 'waitlist-offers',
      everyMs: 10_000,
      run: async () => {
        await runWaitlistOffers({ db, clock, transport: current().transport, publish });
      },
    },
    {
      // Recall steps are due by the day; a minute's tick is prompt enough after quiet hours end.
      name: 'recall-outreach',
      everyMs: 60_000,
      run: async () => {
        await runRecallOutreach({ db, clock, transport: current().transport, publish });
      },
    },
    {
      // An accepted absence moves its visits one per transaction; a restart carries on.
      name: 'absence-moves',
      everyMs: 3_000,
      run: () => Promise.resolve(void runAbsenceJob({ db, clock, publish })),
    },
    {
      name: 'reminders-escalation',
      everyMs: 60_000,
      run: () => Promise.resolve(runEscalation({ db, clock, publish })),
    },
  ];
}
