/**
 * The dispatcher: a background job (host/jobs.ts) that sends what the outbox holds.
 *
 *   reconcile  rows left 'sending' by a dispatcher that died are checked against Twilio's own
 *              message log (findSentSms) before anything is retried, so a crash between the POST
 *              and recording the SID never texts a patient twice;
 *   settle     due rows that can no longer be useful are dropped (or stopped, when the visit is
 *              off) in short transactions before the batch is read, so they never take its places;
 *   claim      one short transaction: due rows are re-checked (is the appointment still on? still
 *              useful? opted out?), rendered, and marked 'sending' with the exact text;
 *   send       outside any transaction, paced per sender (rateLimit.ts);
 *   record     one short transaction per message: provider id, or a retry with backoff, or a
 *              failure with words and a move to the touchpoint's next channel.
 */
import type { ChangeEvent } from '../events';
import type { CoreContext } from '../context';
import type { ClinicDb } from '../db/open';
import {
  dueReminders,
  getMessagingSettings,
  insertReminder,
  isOptedOut,
  noteWaiting,
  openCallTask,
  recordOptOut,
  remindersForAppointment,
  staleSending,
  updateReminder,
  uselessReminders,
  type OutboxChannel,
  type ReminderRow,
} from '../db/repos/reminders';
import { appointmentIcs } from '../calsync/ical';
import { formatForPeople } from '../time';
import { getClinic } from '../db/repos/clinic';
import { reminderMessageId } from './channels/email';
import {
  appointmentFacts,
  BULK_KIND,
  calendarUid,
  ESCALATION_KEY,
  messageInputFor,
  planPatient,
  touchpointOf,
  type AppointmentFacts,
} from './outbox';
import { stillUseful, touchpointLabel, type ReminderChannel } from './policy';
import { RateLimits } from './rateLimit';
import { classifySendError, nextAttemptMs, type SendFailure } from './retry';
import { renderEmail, renderSms, renderVoice } from './templates';
import type { MessagingTransport } from './transport';
import { reminderCallTwiml } from './twiml';

/** A row claimed longer ago than this, and still 'sending', was abandoned by a dead dispatcher. */
export const SENDING_STALE_MS = 60_000;

const CHANNEL_WORDS: Record<string, string> = {
  sms: 'SMS',
  voice: 'call',
  email: 'e-mail',
  call: 'call task',
};

export interface DispatchResult {
  paused: boolean;
  reconciled: number;
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  dropped: number;
  stopped: number;
  callTasks: number;
}

export interface DispatcherDeps {
  db: ClinicDb;
  clock: () => number;
  transport: MessagingTransport;
  publish?: (e: ChangeEvent) => void;
  /** Kept by the caller across runs: the pacing of a sender outlives one batch. */
  limits?: RateLimits;
  /** Waits for the rate limiter; a test passes one that advances its fake clock. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Most rows claimed in one run. */
  batch?: number;
  /** Requests in flight at once when the rate limit is off (default 4). */
  concurrency?: number;
  /** Rows past their usefulness settled per transaction (default SETTLE_PAGE). */
  settlePage?: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function jobCtx(db: ClinicDb, now: number): CoreContext {
  return { db, now, actor: 'reminders', origin: 'reminder dispatcher' };
}

function tx<T>(db: ClinicDb, fn: () => T): T {
  return db.sqlite.transaction(fn).immediate();
}

// ---------------------------------------------------------------------------------------------
// Moving to the next channel

/**
 * After a permanent failure (or an undelivered SMS), the touchpoint's next channel the patient can
 * use gets a new row due now; a touchpoint that asks for an answer falls back to a call task when
 * no channel is left. Returns a sentence for the failed row's reason.
 */
export function fallBack(ctx: CoreContext, row: ReminderRow, why: string): string {
  const f = appointmentFacts(ctx.db, row.appointmentId);
  if (!f || !['booked', 'confirmed'].includes(f.status) || f.startMs <= ctx.now) return '';
  const t = touchpointOf(ctx.db, row, f.visitTypeId);
  if (row.kind === BULK_KIND || !t) return '';
  const clinic = getClinic(ctx.db, ctx.now);
  const patient = planPatient(ctx.db, f, clinic.timeZone);
  const used = new Set(
    remindersForAppointment(ctx.db, row.appointmentId)
      .filter((r) => r.touchpointKey === row.touchpointKey && r.status !== 'skipped')
      .map((r) => r.channel),
  );
  const at = t.channels.indexOf(row.channel as ReminderChannel);
  for (const c of t.channels.slice(at + 1)) {
    if (used.has(c) || !patient.consent[c]) continue;
    const to =
      c === 'sms'
        ? patient.phoneMobile
        : c === 'email'
          ? patient.email
          : (patient.phoneMobile ?? patient.phoneHome);
    if (!to) continue;
    insertReminder(ctx.db, {
      appointmentId: row.appointmentId,
      touchpointKey: row.touchpointKey,
      kind: row.kind,
      channel: c,
      toAddress: to,
      language: row.language,
      status: 'scheduled',
      dueMs: ctx.now,
      notAfterMs: row.notAfterMs,
      reason: `${touchpointLabel(t)} by ${CHANNEL_WORDS[c]} after the ${CHANNEL_WORDS[row.channel]} failed (${why})`,
      now: ctx.now,
    });
    return `; moved to ${CHANNEL_WORDS[c]}`;
  }
  if (t.requiresReply) {
    const { created } = openCallTask(ctx.db, {
      appointmentId: row.appointmentId,
      reason: `no channel reached the patient for the ${touchpointLabel(t)} (${why})`,
      now: ctx.now,
    });
    return created ? '; a call task was opened' : '; a call task is already open';
  }
  return '';
}

function recordFailure(
  ctx: CoreContext,
  row: ReminderRow,
  failure: SendFailure,
  random: () => number,
): 'retried' | 'failed' {
  if (failure.kind === 'transient') {
    const next = nextAttemptMs({ attempt: row.attempts, now: ctx.now, random });
    if (next !== null && next <= row.notAfterMs) {
      updateReminder(ctx.db, row.id, ctx.now, {
        status: 'scheduled',
        nextAttemptMs: next,
        claimedMs: null,
        error: `retrying at ${new Date(next).toISOString()}: ${failure.reason}`,
      });
      return 'retried';
    }
  }
  if (failure.providerCode === 21610 && row.toAddress) {
    recordOptOut(ctx.db, {
      address: row.toAddress,
      channel: 'sms',
      now: ctx.now,
      source: 'Twilio refused: the number replied STOP (21610)',
    });
  }
  const gaveUp =
    failure.kind === 'transient'
      ? `gave up after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}: ${failure.reason}`
      : failure.reason;
  const moved = fallBack(ctx, row, gaveUp);
  updateReminder(ctx.db, row.id, ctx.now, {
    status: 'failed',
    claimedMs: null,
    nextAttemptMs: null,
    error: gaveUp + moved,
  });
  return 'failed';
}

// ---------------------------------------------------------------------------------------------
// Reconciling after a crash

async function reconcile(deps: DispatcherDeps, out: DispatchResult): Promise<void> {
  const { db, clock, transport } = deps;
  const stale = staleSending(db, clock() - SENDING_STALE_MS);
  for (const row of stale) {
    if (row.channel === 'sms') {
      if (!transport.twilio || !row.toAddress || !row.body) continue;
      let found;
      try {
        found = await transport.twilio.findSentSms({
          to: row.toAddress,
          body: row.body,
          claimedAtMs: row.claimedMs ?? row.updatedMs,
        });
      } catch {
        continue; // Twilio unreachable: the row waits, untouched, for the next run.
      }
      tx(db, () => {
        const now = clock();
        if (found) {
          const failedAtCarrier = found.status === 'undelivered' || found.status === 'failed';
          updateReminder(db, row.id, now, {
            status:
              found.status === 'delivered' ? 'delivered' : failedAtCarrier ? 'failed' : 'sent',
            providerMessageId: found.sid,
            sentMs: found.dateCreatedMs ?? now,
            error: failedAtCarrier ? `undelivered (error ${found.errorCode ?? '?'})` : null,
            reason: `${row.reason ?? ''}; found in Twilio's log after an interrupted send (not sent again)`,
          });
        } else {
          updateReminder(db, row.id, now, {
            status: 'scheduled',
            claimedMs: null,
            error: 'an interrupted send never reached Twilio; sending again',
          });
        }
      });
    } else if (row.channel === 'email') {
      // Sent again with the same Message-ID: mail programs show one message, not two.
      tx(db, () =>
        updateReminder(db, row.id, clock(), {
          status: 'scheduled',
          claimedMs: null,
          error: 'an interrupted send; sending again with the same Message-ID',
        }),
      );
    } else {
      // A call cannot be looked up by content; ringing a patient twice is worse than a staff call.
      tx(db, () => {
        const ctx = jobCtx(db, clock());
        openCallTask(db, {
          appointmentId: row.appointmentId,
          reason: 'a reminder call was interrupted by a restart; phone the patient',
          now: ctx.now,
        });
        updateReminder(db, row.id, ctx.now, {
          status: 'failed',
          claimedMs: null,
          error: 'interrupted during the call; not dialled again, a call task was opened',
        });
      });
    }
    out.reconciled++;
  }
}

// ---------------------------------------------------------------------------------------------
// Claiming

interface Claimed {
  row: ReminderRow;
  facts: AppointmentFacts;
  subject: string | null;
  html: string | null;
  text: string | null;
  twiml: string | null;
  ics: { method: 'REQUEST' | 'CANCEL'; content: string } | null;
}

function claim(deps: DispatcherDeps, out: DispatchResult, limit: number): Claimed[] {
  const { db, clock, transport } = deps;
  const settings = getMessagingSettings(db);
  const publicUrl = settings.publicBaseUrl?.replace(/\/+$/, '') ?? null;
  return tx(db, () => {
    const now = clock();
    const ctx = jobCtx(db, now);
    if (!transport.twilio) {
      const error = 'waiting: SMS and calls are not set up (Settings → Messaging)';
      noteWaiting(db, { channel: 'sms', now, error });
      noteWaiting(db, { channel: 'voice', now, error });
    }
    if (!transport.email) {
      noteWaiting(db, {
        channel: 'email',
        now,
        error: 'waiting: e-mail is not set up (Settings → Messaging)',
      });
    }
    const claimed: Claimed[] = [];
    // Rows on a channel that is not set up stay due (with the note above) and are not read.
    const channels: OutboxChannel[] = [
      'call',
      ...(transport.twilio ? (['sms', 'voice'] as const) : []),
      ...(transport.email ? (['email'] as const) : []),
    ];
    for (const row of dueReminders(db, { now, limit, channels })) {
      const c = claimOne(ctx, row, { out, transport, publicUrl });
      if (c) claimed.push(c);
    }
    return claimed;
  });
}

/** Rows past their usefulness are settled this many to a transaction. */
const SETTLE_PAGE = 200;

/**
 * Stops a row whose visit is no longer on, or drops one that can no longer be useful; true when it
 * did either (the row is then settled and must not be sent).
 */
function settledUnsendable(
  ctx: CoreContext,
  row: ReminderRow,
  f: AppointmentFacts,
  out: DispatchResult,
): boolean {
  const { db, now } = ctx;
  const live = ['booked', 'confirmed'].includes(f.status);
  if (row.kind === 'cancellation' ? f.status !== 'cancelled' : !live) {
    updateReminder(db, row.id, now, {
      status: 'cancelled',
      reason: `stopped at send time: the appointment is ${f.status === 'rescheduled' ? 'rescheduled' : f.status.replace('_', ' ')}`,
    });
    out.stopped++;
    return true;
  }
  const useful = stillUseful({ message: row, appointmentStartMs: f.startMs, now });
  if (!useful.useful) {
    updateReminder(db, row.id, now, { status: 'dropped', error: useful.reason });
    out.dropped++;
    return true;
  }
  return false;
}

/**
 * Settles every due row that can no longer be useful, a page per short transaction with a yield
 * between pages so the desk is never held up. These rows cost no sending time, so they are not
 * part of the batch: after days with the PC off, one run clears the whole backlog (rather than a
 * batch's worth a minute) and the batch that follows is made of messages that can still go.
 */
async function settleUseless(deps: DispatcherDeps, out: DispatchResult): Promise<void> {
  const { db, clock } = deps;
  const page = deps.settlePage ?? SETTLE_PAGE;
  for (;;) {
    const n = tx(db, () => {
      const ctx = jobCtx(db, clock());
      const rows = uselessReminders(db, { now: ctx.now, limit: page });
      for (const row of rows)
        settledUnsendable(ctx, row, appointmentFacts(db, row.appointmentId)!, out);
      return rows.length;
    });
    if (n < page) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function claimOne(
  ctx: CoreContext,
  row: ReminderRow,
  env: { out: DispatchResult; transport: MessagingTransport; publicUrl: string | null },
): Claimed | null {
  const { db, now } = ctx;
  const { out, transport, publicUrl } = env;
  const f = appointmentFacts(db, row.appointmentId)!;
  if (settledUnsendable(ctx, row, f, out)) return null;
  if (row.channel === 'call') {
    const { created } = openCallTask(db, {
      appointmentId: row.appointmentId,
      reason: row.reason ?? 'phone the patient',
      now,
    });
    updateReminder(db, row.id, now, {
      status: 'sent',
      sentMs: now,
      error: created ? null : 'a call task was already open for this appointment',
    });
    out.callTasks++;
    return null;
  }
  if (!row.toAddress) {
    updateReminder(db, row.id, now, { status: 'failed', error: 'no address to send to' });
    out.failed++;
    return null;
  }
  if (row.channel === 'sms' && isOptedOut(db, row.toAddress, 'sms')) {
    const why =
      'not sent: the patient opted out of texts (replied STOP); they can text START to opt back in';
    const moved = fallBack(ctx, row, why);
    updateReminder(db, row.id, now, { status: 'failed', error: why + moved });
    out.failed++;
    return null;
  }
  const t = touchpointOf(db, row, f.visitTypeId);
  const requiresReply = t?.requiresReply ?? false;
  const claimed: Claimed = {
    row,
    facts: f,
    subject: null,
    html: null,
    text: null,
    twiml: null,
    ics: null,
  };
  const input = () =>
    messageInputFor(db, {
      facts: f,
      kind:
        row.kind === 'cancellation'
          ? 'cancellation'
          : row.kind === 'confirmation'
            ? 'confirmation'
            : 'reminder',
      requiresReply,
      language: row.language,
      now,
      fallbackPhone: transport.twilio?.from ?? null,
    });
  let body = row.body;
  let emailMessageId: string | null = row.emailMessageId;
  if (row.channel === 'sms') {
    if (row.kind === BULK_KIND) body = `${input().clinicName}: ${row.body ?? ''}`;
    // A retry keeps the text of its first attempt: reconciliation matches on it.
    else body ??= renderSms(input());
    claimed.text = body;
  } else if (row.channel === 'voice') {
    const voice = renderVoice({ ...input(), requiresReply: requiresReply && publicUrl !== null });
    claimed.twiml = reminderCallTwiml({
      voice,
      gatherActionUrl: `${publicUrl ?? 'https://invalid.example'}/twilio/voice/gather?reminder=${row.id}`,
    });
    body ??= voice.script;
  } else {
    const email = transport.email!;
    const i = input();
    if (row.kind === BULK_KIND) {
      claimed.subject = `${i.clinicName}: a message about your appointment on ${formatForPeople(i.clinicTimeZone, f.startMs)}`;
      claimed.text = `${row.body ?? ''}\n\n${i.clinicName}\n`;
      claimed.html = null;
    } else {
      const content = renderEmail(i);
      claimed.subject = content.subject;
      claimed.text = content.text;
      claimed.html = content.html;
      const method =
        row.kind === 'cancellation'
          ? 'CANCEL'
          : (t?.attachCalendar ?? row.kind === 'confirmation')
            ? 'REQUEST'
            : null;
      if (method) {
        claimed.ics = {
          method,
          content: appointmentIcs({
            method,
            uid: calendarUid(db, f.id, email.domain),
            sequence: f.icsSequence,
            startMs: f.startMs,
            endMs: f.endMs,
            // Minimum necessary: no visit type or reason in a calendar other apps sync.
            summary: `Appointment at ${i.clinicName}`,
            location: [i.locationName, i.locationAddress].filter(Boolean).join(', '),
            organizer: { name: i.clinicName, email: email.address },
            attendee: { name: `${f.firstName} ${f.lastName}`, email: row.toAddress },
            dtstampMs: now,
          }),
        };
      }
      body = content.subject;
    }
    emailMessageId ??= reminderMessageId({ outboxId: row.id, domain: email.domain });
  }
  updateReminder(db, row.id, now, {
    status: 'sending',
    claimedMs: now,
    attempts: row.attempts + 1,
    body,
    emailMessageId,
    nextAttemptMs: null,
  });
  claimed.row = { ...row, attempts: row.attempts + 1, body, emailMessageId, claimedMs: now };
  return claimed;
}

// ---------------------------------------------------------------------------------------------
// Sending

async function sendOne(
  c: Claimed,
  transport: MessagingTransport,
  publicUrl: string | null,
): Promise<string> {
  const { row } = c;
  if (row.channel === 'sms') {
    const r = await transport.twilio!.sendSms({
      to: row.toAddress!,
      body: c.text!,
      statusCallback: publicUrl ? `${publicUrl}/twilio/status` : null,
    });
    return r.providerMessageId;
  }
  if (row.channel === 'voice') {
    const r = await transport.twilio!.placeCall({
      to: row.toAddress!,
      twiml: c.twiml!,
      statusCallback: publicUrl ? `${publicUrl}/twilio/voice/status?reminder=${row.id}` : null,
    });
    return r.providerCallId;
  }
  const r = await transport.email!.send({
    to: row.toAddress!,
    subject: c.subject!,
    text: c.text!,
    html: c.html ?? `<p>${c.text!.replace(/[&<>]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`,
    messageId: row.emailMessageId!,
    icsAttachment: c.ics,
  });
  return r.providerMessageId;
}

function senderOf(c: Claimed, transport: MessagingTransport): string {
  return c.row.channel === 'email'
    ? `email:${transport.email!.address}`
    : `twilio:${transport.twilio!.from}`;
}

/** One run: reconcile, claim, send, record. */
export async function runDispatcher(deps: DispatcherDeps): Promise<DispatchResult> {
  const { db, clock, transport } = deps;
  const out: DispatchResult = {
    paused: false,
    reconciled: 0,
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    dropped: 0,
    stopped: 0,
    callTasks: 0,
  };
  const settings = getMessagingSettings(db);
  if (settings.paused) return { ...out, paused: true };
  const limits =
    deps.limits ??
    new RateLimits(
      settings.ratePerSecond > 0 ? { perSecond: settings.ratePerSecond } : { perSecond: 'off' },
    );
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const publicUrl = settings.publicBaseUrl?.replace(/\/+$/, '') ?? null;
  // At 1 message a second a batch is about half a minute of sending: short enough that the rows
  // held 'sending' are few, long enough that a run is not all overhead.
  const limit =
    deps.batch ??
    (settings.ratePerSecond > 0 ? Math.max(1, Math.ceil(settings.ratePerSecond * 30)) : 500);

  await reconcile(deps, out);
  await settleUseless(deps, out);
  const claimed = claim(deps, out, limit);
  out.claimed = claimed.length;
  const touched = new Set<number>();
  const one = async (c: Claimed) => {
    const limiter = limits.forSender(senderOf(c, transport));
    const at = limiter.reserve(clock());
    const wait = at - clock();
    if (wait > 0) await sleep(wait);
    let providerId: string | null = null;
    let failure: SendFailure | null = null;
    try {
      providerId = await sendOne(c, transport, publicUrl);
    } catch (e) {
      failure = classifySendError(e);
    }
    tx(db, () => {
      const ctx = jobCtx(db, clock());
      if (providerId !== null) {
        updateReminder(db, c.row.id, ctx.now, {
          status: 'sent',
          providerMessageId: providerId,
          sentMs: ctx.now,
          error: null,
        });
        out.sent++;
      } else {
        const r = recordFailure(ctx, c.row, failure!, random);
        out[r]++;
      }
    });
    touched.add(c.row.appointmentId);
  };
  // Paced senders go one at a time (the limiter spaces them anyway); unpaced ones (a short code,
  // a relay) overlap a few requests so the round trip is not the ceiling.
  const queue = [...claimed];
  const lanes = settings.ratePerSecond > 0 ? 1 : Math.min(deps.concurrency ?? 4, queue.length);
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) await one(c);
    }),
  );
  if (out.claimed + out.reconciled + out.dropped + out.stopped + out.callTasks + out.failed > 0) {
    deps.publish?.({ topic: 'reminders', ids: [...touched] });
  }
  return out;
}

export { ESCALATION_KEY };
