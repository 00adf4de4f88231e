/**
 * What comes back: patients' texts (by polling Twilio's message list, which works behind an
 * office router, or by a signed webhook when the clinic has a public URL), delivery reports, and
 * the keys pressed on a reminder call. Each is stored first (nothing a patient sends is lost) and
 * then acted on in the same transaction: confirm, cancel (with the clinic's late-cancel rule),
 * call back, STOP / START, HELP — or it waits in the staff inbox.
 */
import type { ChangeEvent } from '../events';
import type { CoreContext } from '../context';
import type { ClinicDb } from '../db/open';
import { getClinic } from '../db/repos/clinic';
import {
  awaitingDelivery,
  getMessagingSettings,
  getReminder,
  inboundSeen,
  insertInbound,
  isOptedOut,
  openCallTask,
  recordOptIn,
  recordOptOut,
  reminderByProviderId,
  setLastInboundPoll,
  smsSentTo,
  updateReminder,
} from '../db/repos/reminders';
import { stmt } from '../db/repos/statements';
import { cancelAppointment, setAppointmentStatus } from '../scheduling/service';
import { withReminders } from './followUps';
import { answerOffer } from '../access/service/waitlist';
import { formatForPeople, HOUR_MS, MINUTE_MS } from '../time';
import { fallBack } from './dispatcher';
import { appointmentFacts, messageInputFor, policyFor, touchpointOf } from './outbox';
import { classifyReply, type ReplyMeaning } from './replies';
import { describeTwilioCode } from './retry';
import { phoneForPeople, renderVoice, type VoiceContent } from './templates';
import type { MessagingTransport } from './transport';
import { parseGatherDigits, type GatherAnswer } from './twiml';

export interface InboundSms {
  sid: string;
  from: string;
  to: string;
  body: string;
  receivedMs: number;
}

export interface InboundOutcome {
  inboundId: number | null;
  meaning: ReplyMeaning;
  status: 'handled' | 'staff' | 'duplicate';
  appointmentId: number | null;
  note: string;
  /** A text to answer with (HELP), or null. */
  reply: string | null;
}

/** How far ahead a reply is read as being about an appointment: the policy's longest reminder. */
function replyHorizonMs(db: ClinicDb): number {
  const { policy } = policyFor(db, null);
  const longest = Math.max(0, ...policy.touchpoints.map((t) => t.offsetMinutes ?? 0));
  return Math.max(longest, 24 * 60) * MINUTE_MS;
}

type Match =
  { appointmentId: number; patientId: number } | { staff: string; appointmentId: number | null };

/**
 * The phone's next upcoming appointment. Two patients on one number (a parent and child), or two
 * visits inside the reminder horizon, make "C" ambiguous: staff decide.
 */
function matchAppointment(db: ClinicDb, phone: string, now: number): Match {
  const patients = stmt(
    db.sqlite,
    'SELECT id FROM patients WHERE phone_mobile = ? OR phone_home = ? ORDER BY id',
  ).all(phone, phone) as { id: number }[];
  if (patients.length === 0) return { staff: 'no patient has this number', appointmentId: null };
  const upcoming = stmt(
    db.sqlite,
    `SELECT id, patient_id AS patientId, start_ms AS startMs FROM appointments
      WHERE patient_id IN (SELECT value FROM json_each(?)) AND status IN ('booked','confirmed') AND start_ms > ?
      ORDER BY start_ms, id LIMIT 10`,
  ).all(JSON.stringify(patients.map((p) => p.id)), now) as {
    id: number;
    patientId: number;
    startMs: number;
  }[];
  const horizon = now + replyHorizonMs(db);
  const near = upcoming.filter((a) => a.startMs <= horizon);
  if (patients.length > 1 && new Set(near.map((a) => a.patientId)).size > 1) {
    return { staff: `${patients.length} patients share this number`, appointmentId: null };
  }
  if (near.length > 1) {
    return {
      staff: `ambiguous: ${near.length} upcoming appointments for this number within the reminder horizon`,
      appointmentId: null,
    };
  }
  const next = near[0] ?? upcoming[0];
  if (!next) return { staff: 'no upcoming appointment for this number', appointmentId: null };
  if (patients.length > 1 && near.length === 0) {
    return { staff: `${patients.length} patients share this number`, appointmentId: null };
  }
  return { appointmentId: next.id, patientId: next.patientId };
}

/**
 * The appointment a C / X / R answers: the one whose text to this number asked for a reply, while
 * that reminder's window is open (from when it was sent until the visit starts). No such text, a
 * visit already past or cancelled, or texts about two visits: staff decide. A C sent to a number
 * we never asked (or about a visit long gone) must not confirm or cancel anything by guesswork.
 */
function appointmentAskedFor(db: ClinicDb, phone: string, now: number): Match {
  const asked = new Map<number, number>();
  for (const r of smsSentTo(db, phone)) {
    if (r.sentMs === null || r.sentMs > now) continue;
    const f = appointmentFacts(db, r.appointmentId);
    if (!f || (f.status !== 'booked' && f.status !== 'confirmed') || f.startMs <= now) continue;
    if (!touchpointOf(db, r, f.visitTypeId)?.requiresReply) continue;
    asked.set(f.id, f.patientId);
  }
  if (asked.size === 0) {
    return {
      staff:
        'no open reminder asked this number for a reply (none was sent, or its visit has passed)',
      appointmentId: null,
    };
  }
  if (asked.size > 1) {
    return {
      staff: `ambiguous: reminders about ${asked.size} upcoming appointments asked this number for a reply`,
      appointmentId: null,
    };
  }
  const [appointmentId, patientId] = [...asked][0]!;
  return { appointmentId, patientId };
}

function helpText(db: ClinicDb, now: number, ourNumber: string | null): string {
  const clinic = getClinic(db, now);
  const phone = phoneForPeople(clinic.phone ?? ourNumber ?? '');
  return `${clinic.name}: appointment reminders. Reply C to confirm, X to cancel, R for a call back. Call ${phone} for help. Reply STOP to stop texts.`;
}

/** Stores one inbound text and acts on it; the caller runs it in a transaction. */
export function handleInboundSms(ctx: CoreContext, m: InboundSms): InboundOutcome {
  const db = ctx.db;
  if (inboundSeen(db, m.sid)) {
    return {
      inboundId: null,
      meaning: 'other',
      status: 'duplicate',
      appointmentId: null,
      note: 'seen before',
      reply: null,
    };
  }
  const meaning = classifyReply(m.body, { patientOptedOut: isOptedOut(db, m.from, 'sms') });
  let status: 'handled' | 'staff' = 'handled';
  let note = '';
  let appointmentId: number | null = null;
  let reply: string | null = null;
  const actx: CoreContext = { ...ctx, actor: `patient reply (${m.from})` };

  // YES / NO to a waitlist offer (the last text this number had from us): the offer's business,
  // not a reminder's. STOP, HELP and every other word are handled below as always.
  const offer =
    meaning === 'confirm' || meaning === 'cancel'
      ? answerOffer(actx, { from: m.from, body: m.body })
      : null;
  if (offer) {
    const inboundId = insertInbound(db, {
      channel: 'sms',
      fromAddress: m.from,
      toAddress: m.to,
      body: m.body,
      receivedMs: m.receivedMs,
      providerMessageId: m.sid,
      classification: `waitlist ${meaning === 'confirm' ? 'yes' : 'no'}`,
      appointmentId: offer.appointmentId,
      status: 'handled',
      note: offer.note,
      handledBy: 'automatic',
      handledMs: ctx.now,
    });
    return {
      inboundId,
      meaning,
      status: 'handled',
      appointmentId: offer.appointmentId,
      note: offer.note,
      reply: offer.reply,
    };
  }

  if (meaning === 'optOut') {
    recordOptOut(db, {
      address: m.from,
      channel: 'sms',
      now: ctx.now,
      source: `replied "${m.body.trim()}"`,
    });
    note = 'opted out of texts: no further SMS will be sent to this number';
  } else if (meaning === 'optIn') {
    note = recordOptIn(db, { address: m.from, channel: 'sms', now: ctx.now })
      ? 'opted back in to texts'
      : 'START from a number that was not opted out';
  } else if (meaning === 'help') {
    reply = helpText(db, ctx.now, m.to);
    note = 'answered with the help text';
  } else if (meaning === 'other') {
    status = 'staff';
    const match = matchAppointment(db, m.from, ctx.now);
    appointmentId = match.appointmentId;
    note = 'staff: not a keyword';
  } else {
    const match = appointmentAskedFor(db, m.from, ctx.now);
    if ('staff' in match) {
      status = 'staff';
      note = `staff: ${match.staff}`;
    } else {
      appointmentId = match.appointmentId;
      const r = actOnReply(actx, match.appointmentId, meaning);
      status = r.status;
      note = r.note;
    }
  }
  const inboundId = insertInbound(db, {
    channel: 'sms',
    fromAddress: m.from,
    toAddress: m.to,
    body: m.body,
    receivedMs: m.receivedMs,
    providerMessageId: m.sid,
    classification: meaning,
    appointmentId,
    status,
    note,
    handledBy: status === 'handled' ? 'automatic' : null,
    handledMs: status === 'handled' ? ctx.now : null,
  });
  return { inboundId, meaning, status, appointmentId, note, reply };
}

/** Confirm, cancel or ask for a call back on one appointment, by a text or a call. */
export function actOnReply(
  ctx: CoreContext,
  appointmentId: number,
  meaning: 'confirm' | 'cancel' | 'callback',
): { status: 'handled' | 'staff'; note: string } {
  const f = appointmentFacts(ctx.db, appointmentId)!;
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const when = formatForPeople(zone, f.startMs);
  if (meaning === 'confirm') {
    if (f.status === 'booked')
      setAppointmentStatus(withReminders(ctx), { appointmentId, status: 'confirmed' });
    return { status: 'handled', note: `confirmed the appointment on ${when}` };
  }
  if (meaning === 'cancel') {
    const appt = cancelAppointment(withReminders(ctx), {
      appointmentId,
      reason: 'the patient answered the reminder to cancel',
      requestedBy: 'patient',
    });
    return {
      status: 'handled',
      note: `cancelled the appointment on ${when}${appt.lateCancel ? ' (late cancellation)' : ''}`,
    };
  }
  const { created } = openCallTask(ctx.db, {
    appointmentId,
    reason: `the patient asked for a call back about the appointment on ${when}`,
    now: ctx.now,
  });
  return {
    status: 'handled',
    note: created ? 'a call-back task was added to the call queue' : 'a call task was already open',
  };
}

// ---------------------------------------------------------------------------------------------
// Polling

export interface PollResult {
  received: number;
  handled: number;
  staff: number;
  helpSent: number;
  deliveries: number;
}

/**
 * Reads new texts to our number since the last poll. Twilio filters DateSent in whole seconds and
 * a reply may be listed a moment after it arrives, so each poll reaches back two minutes and the
 * provider's message id (unique in inbound_messages) drops what was already read.
 */
export async function pollReplies(p: {
  db: ClinicDb;
  clock: () => number;
  transport: MessagingTransport;
  publish?: (e: ChangeEvent) => void;
}): Promise<PollResult> {
  const { db, clock, transport } = p;
  const out: PollResult = { received: 0, handled: 0, staff: 0, helpSent: 0, deliveries: 0 };
  const twilioT = transport.twilio;
  if (!twilioT) return out;
  const settings = getMessagingSettings(db);
  const startedMs = clock();
  const since = (settings.lastInboundPollMs ?? startedMs - 24 * HOUR_MS) - 2 * MINUTE_MS;
  const messages = (await twilioT.inboundSince(since))
    .filter((m) => !inboundSeen(db, m.sid))
    .sort((a, b) => (a.dateSentMs ?? 0) - (b.dateSentMs ?? 0));
  const replies: { to: string; body: string }[] = [];
  const ids = new Set<number>();
  for (const m of messages) {
    const r = db.sqlite
      .transaction(() =>
        handleInboundSms(
          { db, now: clock(), actor: 'patient reply', origin: 'twilio poll' },
          { sid: m.sid, from: m.from, to: m.to, body: m.body, receivedMs: m.dateSentMs ?? clock() },
        ),
      )
      .immediate();
    if (r.status === 'duplicate') continue;
    out.received++;
    if (r.status === 'handled') out.handled++;
    else out.staff++;
    if (r.appointmentId !== null) ids.add(r.appointmentId);
    if (r.reply) replies.push({ to: m.from, body: r.reply });
  }
  db.sqlite.transaction(() => setLastInboundPoll(db, startedMs)).immediate();
  for (const r of replies) {
    try {
      await twilioT.sendSms({ to: r.to, body: r.body, statusCallback: null });
      out.helpSent++;
    } catch {
      // The HELP text is a courtesy; the message itself is stored and shown.
    }
  }
  if (out.received > 0) {
    p.publish?.({ topic: 'inbox' });
    p.publish?.({ topic: 'appointments', ids: [...ids] });
    p.publish?.({ topic: 'reminders', ids: [...ids] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Delivery reports

const ORDER: Record<string, number> = { sending: 0, sent: 1, delivered: 2, failed: 3 };

/**
 * A delivery status for one of our SMS (status callback or polled): sent, delivered, or
 * undelivered / failed with Twilio's error code, which moves the touchpoint to its next channel.
 */
export function recordDelivery(
  ctx: CoreContext,
  d: { sid: string; status: string; errorCode: number | null },
): { reminderId: number | null; changed: boolean } {
  const row = reminderByProviderId(ctx.db, d.sid);
  if (!row || row.channel !== 'sms') return { reminderId: null, changed: false };
  const next =
    d.status === 'delivered'
      ? 'delivered'
      : d.status === 'undelivered' || d.status === 'failed'
        ? 'failed'
        : d.status === 'sent'
          ? 'sent'
          : null;
  if (!next || (ORDER[row.status] ?? 9) >= ORDER[next]!)
    return { reminderId: row.id, changed: false };
  if (next === 'failed') {
    const why = d.errorCode
      ? `undelivered: ${describeTwilioCode(d.errorCode).reason} (error ${d.errorCode})`
      : `the carrier reported the text as ${d.status}`;
    if (d.errorCode === 21610 && row.toAddress) {
      recordOptOut(ctx.db, {
        address: row.toAddress,
        channel: 'sms',
        now: ctx.now,
        source: 'Twilio 21610',
      });
    }
    const moved = fallBack(ctx, row, why);
    updateReminder(ctx.db, row.id, ctx.now, { status: 'failed', error: why + moved });
  } else {
    updateReminder(ctx.db, row.id, ctx.now, { status: next });
  }
  return { reminderId: row.id, changed: true };
}

/** Without a public URL no status callback can reach us: ask Twilio about recent sends instead. */
export async function pollDeliveries(p: {
  db: ClinicDb;
  clock: () => number;
  transport: MessagingTransport;
  publish?: (e: ChangeEvent) => void;
}): Promise<number> {
  const twilioT = p.transport.twilio;
  if (!twilioT) return 0;
  const rows = awaitingDelivery(p.db, p.clock() - 2 * 24 * HOUR_MS, 100);
  let changed = 0;
  for (const row of rows) {
    let s: { status: string; errorCode: number | null };
    try {
      s = await twilioT.messageStatus(row.providerMessageId!);
    } catch {
      break; // offline: try again on the next run
    }
    const r = p.db.sqlite
      .transaction(() =>
        recordDelivery(
          { db: p.db, now: p.clock(), actor: 'reminders', origin: 'twilio poll' },
          { sid: row.providerMessageId!, ...s },
        ),
      )
      .immediate();
    if (r.changed) changed++;
  }
  if (changed) p.publish?.({ topic: 'reminders' });
  return changed;
}

// ---------------------------------------------------------------------------------------------
// Calls

/** The patient pressed a key on a reminder call: 1 confirms, 2 cancels. */
export function handleGatherAnswer(
  ctx: CoreContext,
  p: { reminderId: number; digits: string | null },
): { answer: GatherAnswer; voice: VoiceContent; appointmentId: number } | null {
  const row = getReminder(ctx.db, p.reminderId);
  if (!row || row.channel !== 'voice') return null;
  const f = appointmentFacts(ctx.db, row.appointmentId);
  if (!f) return null;
  const answer = parseGatherDigits(p.digits);
  const actx: CoreContext = { ...ctx, actor: 'patient (reminder call)' };
  if ((answer === 'confirm' || answer === 'cancel') && ['booked', 'confirmed'].includes(f.status)) {
    const r = actOnReply(actx, f.id, answer);
    updateReminder(ctx.db, row.id, ctx.now, {
      reason: `${row.reason ?? ''}; pressed ${p.digits}: ${r.note}`,
    });
  }
  const settings = getMessagingSettings(ctx.db);
  const voice = renderVoice(
    messageInputFor(ctx.db, {
      facts: f,
      kind: 'reminder',
      requiresReply: true,
      language: row.language,
      now: ctx.now,
      fallbackPhone: settings.twilioFrom,
    }),
  );
  return { answer, voice, appointmentId: f.id };
}

/** A reminder call ended unanswered (busy, no answer, failed): staff phone the patient. */
export function recordCallStatus(
  ctx: CoreContext,
  p: { reminderId: number; callStatus: string },
): boolean {
  const row = getReminder(ctx.db, p.reminderId);
  if (!row || row.channel !== 'voice') return false;
  if (p.callStatus === 'completed') {
    if (row.status === 'sent') updateReminder(ctx.db, row.id, ctx.now, { status: 'delivered' });
    return true;
  }
  if (!['busy', 'no-answer', 'failed', 'canceled'].includes(p.callStatus)) return false;
  const why = `the reminder call ended: ${p.callStatus.replace('-', ' ')}`;
  const f = appointmentFacts(ctx.db, row.appointmentId);
  if (f && ['booked', 'confirmed'].includes(f.status) && f.startMs > ctx.now) {
    openCallTask(ctx.db, { appointmentId: row.appointmentId, reason: why, now: ctx.now });
  }
  updateReminder(ctx.db, row.id, ctx.now, {
    status: 'failed',
    error: `${why}; a call task was opened`,
  });
  return true;
}
