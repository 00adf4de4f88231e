/**
 * Reminder storage: the messaging settings row, reminder policies, the outbox (`reminders`),
 * inbound messages, opt-outs and call tasks. Small statements only; the rules live in
 * core/reminders (outbox.ts, dispatcher.ts, inbound.ts, escalation.ts).
 */
import type { ClinicDb } from '../open';
import { stmt } from './statements';

// ---------------------------------------------------------------------------------------------
// Messaging settings

export interface MessagingSettingsRow {
  paused: boolean;
  twilioAccountSid: string | null;
  twilioAuthTokenSealed: string | null;
  twilioFrom: string | null;
  twilioApiBaseUrl: string | null;
  publicBaseUrl: string | null;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecure: boolean;
  smtpUser: string | null;
  smtpPasswordSealed: string | null;
  emailFrom: string | null;
  ratePerSecond: number;
  lastInboundPollMs: number | null;
  updatedMs: number;
}

const SETTINGS_SQL = `SELECT paused, twilio_account_sid AS twilioAccountSid, twilio_auth_token_sealed AS twilioAuthTokenSealed,
  twilio_from AS twilioFrom, twilio_api_base_url AS twilioApiBaseUrl, public_base_url AS publicBaseUrl,
  smtp_host AS smtpHost, smtp_port AS smtpPort, smtp_secure AS smtpSecure, smtp_user AS smtpUser,
  smtp_password_sealed AS smtpPasswordSealed, email_from AS emailFrom, rate_per_second AS ratePerSecond,
  last_inbound_poll_ms AS lastInboundPollMs, updated_ms AS updatedMs FROM messaging_settings WHERE id = 1`;

export const EMPTY_MESSAGING_SETTINGS: MessagingSettingsRow = {
  paused: false,
  twilioAccountSid: null,
  twilioAuthTokenSealed: null,
  twilioFrom: null,
  twilioApiBaseUrl: null,
  publicBaseUrl: null,
  smtpHost: null,
  smtpPort: null,
  smtpSecure: false,
  smtpUser: null,
  smtpPasswordSealed: null,
  emailFrom: null,
  ratePerSecond: 1,
  lastInboundPollMs: null,
  updatedMs: 0,
};

/** The one settings row, or the defaults when nothing was saved yet. */
export function getMessagingSettings(db: ClinicDb): MessagingSettingsRow {
  const r = stmt(db.sqlite, SETTINGS_SQL).get() as
    | (Omit<MessagingSettingsRow, 'paused' | 'smtpSecure'> & { paused: number; smtpSecure: number })
    | undefined;
  if (!r) return { ...EMPTY_MESSAGING_SETTINGS };
  return { ...r, paused: r.paused === 1, smtpSecure: r.smtpSecure === 1 };
}

export function saveMessagingSettings(db: ClinicDb, s: MessagingSettingsRow): void {
  stmt(
    db.sqlite,
    `INSERT INTO messaging_settings (id, paused, twilio_account_sid, twilio_auth_token_sealed, twilio_from,
       twilio_api_base_url, public_base_url, smtp_host, smtp_port, smtp_secure, smtp_user, smtp_password_sealed,
       email_from, rate_per_second, last_inbound_poll_ms, updated_ms)
     VALUES (1, @paused, @twilioAccountSid, @twilioAuthTokenSealed, @twilioFrom, @twilioApiBaseUrl, @publicBaseUrl,
       @smtpHost, @smtpPort, @smtpSecure, @smtpUser, @smtpPasswordSealed, @emailFrom, @ratePerSecond,
       @lastInboundPollMs, @updatedMs)
     ON CONFLICT(id) DO UPDATE SET paused = excluded.paused, twilio_account_sid = excluded.twilio_account_sid,
       twilio_auth_token_sealed = excluded.twilio_auth_token_sealed, twilio_from = excluded.twilio_from,
       twilio_api_base_url = excluded.twilio_api_base_url, public_base_url = excluded.public_base_url,
       smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port, smtp_secure = excluded.smtp_secure,
       smtp_user = excluded.smtp_user, smtp_password_sealed = excluded.smtp_password_sealed,
       email_from = excluded.email_from, rate_per_second = excluded.rate_per_second,
       last_inbound_poll_ms = excluded.last_inbound_poll_ms, updated_ms = excluded.updated_ms`,
  ).run({ ...s, paused: s.paused ? 1 : 0, smtpSecure: s.smtpSecure ? 1 : 0 });
}

export function setLastInboundPoll(db: ClinicDb, ms: number): void {
  stmt(db.sqlite, 'UPDATE messaging_settings SET last_inbound_poll_ms = ? WHERE id = 1').run(ms);
}

// ---------------------------------------------------------------------------------------------
// Policies

export interface PolicyRow {
  visitTypeId: number | null;
  policy: string;
  updatedMs: number;
}

export function getPolicyRow(db: ClinicDb, visitTypeId: number | null): PolicyRow | null {
  return (
    (stmt(
      db.sqlite,
      'SELECT visit_type_id AS visitTypeId, policy, updated_ms AS updatedMs FROM reminder_policies WHERE visit_type_id IS ?',
    ).get(visitTypeId) as PolicyRow | undefined) ?? null
  );
}

export function savePolicyRow(db: ClinicDb, row: PolicyRow): void {
  // The unique index treats NULL visit types as distinct, so the clinic default is replaced by hand.
  stmt(db.sqlite, 'DELETE FROM reminder_policies WHERE visit_type_id IS ?').run(row.visitTypeId);
  stmt(
    db.sqlite,
    'INSERT INTO reminder_policies (visit_type_id, policy, updated_ms) VALUES (?, ?, ?)',
  ).run(row.visitTypeId, row.policy, row.updatedMs);
}

/** A number that changes whenever any policy does: the planner's cache key. */
export function policiesVersion(db: ClinicDb): string {
  const r = stmt(
    db.sqlite,
    'SELECT count(*) AS n, coalesce(max(updated_ms), 0) AS m, coalesce(sum(id), 0) AS s FROM reminder_policies',
  ).get() as { n: number; m: number; s: number };
  return `${r.n}:${r.m}:${r.s}`;
}

// ---------------------------------------------------------------------------------------------
// The outbox

export type ReminderStatus =
  'scheduled' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped' | 'cancelled' | 'dropped';
export type OutboxChannel = 'sms' | 'voice' | 'email' | 'call';

export interface ReminderRow {
  id: number;
  appointmentId: number;
  touchpointKey: string;
  kind: string;
  channel: OutboxChannel;
  toAddress: string | null;
  language: string;
  status: ReminderStatus;
  dueMs: number;
  notAfterMs: number;
  attempts: number;
  nextAttemptMs: number | null;
  claimedMs: number | null;
  body: string | null;
  providerMessageId: string | null;
  emailMessageId: string | null;
  reason: string | null;
  error: string | null;
  sentMs: number | null;
  createdMs: number;
  updatedMs: number;
}

const REMINDER_COLUMNS = `id, appointment_id AS appointmentId, touchpoint_key AS touchpointKey, kind, channel,
  to_address AS toAddress, language, status, due_ms AS dueMs, not_after_ms AS notAfterMs, attempts,
  next_attempt_ms AS nextAttemptMs, claimed_ms AS claimedMs, body, provider_message_id AS providerMessageId,
  email_message_id AS emailMessageId, reason, error, sent_ms AS sentMs, created_ms AS createdMs, updated_ms AS updatedMs`;

export type NewReminder = Pick<
  ReminderRow,
  | 'appointmentId'
  | 'touchpointKey'
  | 'kind'
  | 'channel'
  | 'toAddress'
  | 'language'
  | 'status'
  | 'dueMs'
  | 'notAfterMs'
  | 'reason'
> & { body?: string | null; now: number };

export function insertReminder(db: ClinicDb, r: NewReminder): number {
  const info = stmt(
    db.sqlite,
    `INSERT INTO reminders (appointment_id, touchpoint_key, kind, channel, to_address, language, status, due_ms,
       not_after_ms, body, reason, created_ms, updated_ms)
     VALUES (@appointmentId, @touchpointKey, @kind, @channel, @toAddress, @language, @status, @dueMs, @notAfterMs,
       @body, @reason, @now, @now)`,
  ).run({ ...r, body: r.body ?? null });
  return Number(info.lastInsertRowid);
}

export function getReminder(db: ClinicDb, id: number): ReminderRow | null {
  return (
    (stmt(db.sqlite, `SELECT ${REMINDER_COLUMNS} FROM reminders WHERE id = ?`).get(id) as
      ReminderRow | undefined) ?? null
  );
}

export function reminderByProviderId(db: ClinicDb, providerMessageId: string): ReminderRow | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT ${REMINDER_COLUMNS} FROM reminders WHERE provider_message_id = ? ORDER BY id LIMIT 1`,
    ).get(providerMessageId) as ReminderRow | undefined) ?? null
  );
}

/** Texts that went out to one number (sent or delivered), newest first. */
export function smsSentTo(db: ClinicDb, phone: string): ReminderRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${REMINDER_COLUMNS} FROM reminders
      WHERE to_address = ? AND channel = 'sms' AND status IN ('sent','delivered') AND sent_ms IS NOT NULL
      ORDER BY sent_ms DESC, id DESC LIMIT 50`,
  ).all(phone) as ReminderRow[];
}

export function remindersForAppointment(db: ClinicDb, appointmentId: number): ReminderRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${REMINDER_COLUMNS} FROM reminders WHERE appointment_id = ? ORDER BY due_ms, id`,
  ).all(appointmentId) as ReminderRow[];
}

/** Stops every message still waiting for an appointment; returns how many. */
export function stopPending(
  db: ClinicDb,
  p: { appointmentId: number; reason: string; now: number },
): number {
  return stmt(
    db.sqlite,
    `UPDATE reminders SET status = 'cancelled', reason = @reason, updated_ms = @now
      WHERE appointment_id = @appointmentId AND status = 'scheduled'`,
  ).run(p).changes;
}

/** Due rows on the channels that can be sent now, oldest first; a retry waits for its next attempt. */
export function dueReminders(
  db: ClinicDb,
  p: { now: number; limit: number; channels: readonly OutboxChannel[] },
): ReminderRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${REMINDER_COLUMNS} FROM reminders
      WHERE status = 'scheduled' AND due_ms <= @now AND (next_attempt_ms IS NULL OR next_attempt_ms <= @now)
        AND channel IN (SELECT value FROM json_each(@channels))
      ORDER BY coalesce(next_attempt_ms, due_ms), id LIMIT @limit`,
  ).all({ now: p.now, limit: p.limit, channels: JSON.stringify(p.channels) }) as ReminderRow[];
}

/**
 * Due rows that can no longer be useful (their last useful moment has passed), oldest first, on
 * any channel: a message that is too late is dropped whether or not its channel is set up.
 */
export function uselessReminders(db: ClinicDb, p: { now: number; limit: number }): ReminderRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${REMINDER_COLUMNS} FROM reminders
      WHERE status = 'scheduled' AND due_ms <= @now AND not_after_ms < @now
      ORDER BY id LIMIT @limit`,
  ).all(p) as ReminderRow[];
}

/** Rows claimed before `olderThanMs` and never recorded: a dispatcher died with them in hand. */
export function staleSending(db: ClinicDb, olderThanMs: number): ReminderRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${REMINDER_COLUMNS} FROM reminders WHERE status = 'sending' AND claimed_ms < ? ORDER BY id`,
  ).all(olderThanMs) as ReminderRow[];
}

/** SMS handed to Twilio whose delivery is not known yet (for polling without a public URL). */
export function awaitingDelivery(db: ClinicDb, sinceMs: number, limit: number): ReminderRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${REMINDER_COLUMNS} FROM reminders
      WHERE status = 'sent' AND channel = 'sms' AND provider_message_id IS NOT NULL AND sent_ms >= ?
      ORDER BY sent_ms LIMIT ?`,
  ).all(sinceMs, limit) as ReminderRow[];
}

/** Changes the named fields of one row (and updated_ms). */
export function updateReminder(
  db: ClinicDb,
  id: number,
  now: number,
  patch: Partial<
    Pick<
      ReminderRow,
      | 'status'
      | 'attempts'
      | 'nextAttemptMs'
      | 'claimedMs'
      | 'body'
      | 'providerMessageId'
      | 'emailMessageId'
      | 'reason'
      | 'error'
      | 'sentMs'
      | 'dueMs'
    >
  >,
): void {
  const columns: Record<string, string> = {
    status: 'status',
    attempts: 'attempts',
    nextAttemptMs: 'next_attempt_ms',
    claimedMs: 'claimed_ms',
    body: 'body',
    providerMessageId: 'provider_message_id',
    emailMessageId: 'email_message_id',
    reason: 'reason',
    error: 'error',
    sentMs: 'sent_ms',
    dueMs: 'due_ms',
  };
  const keys = Object.keys(patch).filter((k) => k in columns);
  const set = keys.map((k) => `${columns[k]} = @${k}`).join(', ');
  stmt(
    db.sqlite,
    `UPDATE reminders SET ${set}${set ? ', ' : ''}updated_ms = @now WHERE id = @id`,
  ).run({ ...patch, id, now });
}

/** Marks due rows of a channel that cannot be sent yet with why, so the queue screen says so. */
export function noteWaiting(
  db: ClinicDb,
  p: { channel: OutboxChannel; now: number; error: string },
): number {
  return stmt(
    db.sqlite,
    `UPDATE reminders SET error = @error, updated_ms = @now
      WHERE status = 'scheduled' AND channel = @channel AND due_ms <= @now AND error IS NOT @error`,
  ).run(p).changes;
}

export interface ReminderListItem extends ReminderRow {
  patientId: number;
  patientName: string;
  appointmentStartMs: number;
  appointmentStatus: string;
}

export function listReminders(
  db: ClinicDb,
  f: {
    statuses?: readonly string[] | undefined;
    fromMs?: number | undefined;
    toMs?: number | undefined;
    appointmentId?: number | undefined;
    limit: number;
  },
): ReminderListItem[] {
  const cols = REMINDER_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1r.$2');
  return stmt(
    db.sqlite,
    `SELECT ${cols}, a.patient_id AS patientId, p.first_name || ' ' || p.last_name AS patientName,
            a.start_ms AS appointmentStartMs, a.status AS appointmentStatus
       FROM reminders r JOIN appointments a ON a.id = r.appointment_id JOIN patients p ON p.id = a.patient_id
      WHERE (@statuses IS NULL OR r.status IN (SELECT value FROM json_each(@statuses)))
        AND (@fromMs IS NULL OR r.due_ms >= @fromMs) AND (@toMs IS NULL OR r.due_ms < @toMs)
        AND (@appointmentId IS NULL OR r.appointment_id = @appointmentId)
      ORDER BY r.due_ms DESC, r.id DESC LIMIT @limit`,
  ).all({
    statuses: f.statuses ? JSON.stringify(f.statuses) : null,
    fromMs: f.fromMs ?? null,
    toMs: f.toMs ?? null,
    appointmentId: f.appointmentId ?? null,
    limit: f.limit,
  }) as ReminderListItem[];
}

export function reminderCounts(db: ClinicDb): Record<string, number> {
  const rows = stmt(
    db.sqlite,
    'SELECT status, count(*) AS n FROM reminders GROUP BY status',
  ).all() as { status: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

// ---------------------------------------------------------------------------------------------
// Inbound messages

export interface InboundRow {
  id: number;
  channel: string;
  fromAddress: string;
  toAddress: string | null;
  body: string;
  receivedMs: number;
  providerMessageId: string | null;
  classification: string;
  appointmentId: number | null;
  status: 'handled' | 'staff' | 'done';
  note: string | null;
  handledBy: string | null;
  handledMs: number | null;
}

const INBOUND_COLUMNS = `id, channel, from_address AS fromAddress, to_address AS toAddress, body, received_ms AS receivedMs,
  provider_message_id AS providerMessageId, classification, appointment_id AS appointmentId, status, note,
  handled_by AS handledBy, handled_ms AS handledMs`;

/** Stores a message; null when the provider's id was seen before (a webhook and a poll both saw it). */
export function insertInbound(db: ClinicDb, r: Omit<InboundRow, 'id'>): number | null {
  const info = stmt(
    db.sqlite,
    `INSERT INTO inbound_messages (channel, from_address, to_address, body, received_ms, provider_message_id,
       classification, appointment_id, status, note, handled_by, handled_ms)
     VALUES (@channel, @fromAddress, @toAddress, @body, @receivedMs, @providerMessageId, @classification,
       @appointmentId, @status, @note, @handledBy, @handledMs)
     ON CONFLICT(provider_message_id) DO NOTHING`,
  ).run(r);
  return info.changes === 0 ? null : Number(info.lastInsertRowid);
}

export function inboundSeen(db: ClinicDb, providerMessageId: string): boolean {
  return (
    stmt(db.sqlite, 'SELECT 1 FROM inbound_messages WHERE provider_message_id = ?').get(
      providerMessageId,
    ) !== undefined
  );
}

export function getInbound(db: ClinicDb, id: number): InboundRow | null {
  return (
    (stmt(db.sqlite, `SELECT ${INBOUND_COLUMNS} FROM inbound_messages WHERE id = ?`).get(id) as
      InboundRow | undefined) ?? null
  );
}

export function listInbound(
  db: ClinicDb,
  f: { status: string | null; limit: number },
): (InboundRow & { patientName: string | null })[] {
  return stmt(
    db.sqlite,
    `SELECT ${INBOUND_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1i.$2')},
            (SELECT p.first_name || ' ' || p.last_name FROM appointments a JOIN patients p ON p.id = a.patient_id
              WHERE a.id = i.appointment_id) AS patientName
       FROM inbound_messages i WHERE (@status IS NULL OR i.status = @status)
      ORDER BY i.received_ms DESC, i.id DESC LIMIT @limit`,
  ).all(f) as (InboundRow & { patientName: string | null })[];
}

export function resolveInbound(
  db: ClinicDb,
  p: { id: number; note: string | null; by: string; now: number },
): void {
  stmt(
    db.sqlite,
    `UPDATE inbound_messages SET status = 'done', note = coalesce(@note, note), handled_by = @by, handled_ms = @now
      WHERE id = @id`,
  ).run(p);
}

// ---------------------------------------------------------------------------------------------
// Opt-outs

export interface OptOutRow {
  address: string;
  channel: string;
  optedOutMs: number;
  optedInMs: number | null;
  source: string;
}

export function isOptedOut(db: ClinicDb, address: string, channel: string): boolean {
  return (
    stmt(
      db.sqlite,
      'SELECT 1 FROM opt_outs WHERE address = ? AND channel = ? AND opted_in_ms IS NULL',
    ).get(address, channel) !== undefined
  );
}

export function recordOptOut(
  db: ClinicDb,
  p: { address: string; channel: string; now: number; source: string },
): void {
  stmt(
    db.sqlite,
    `INSERT INTO opt_outs (address, channel, opted_out_ms, opted_in_ms, source) VALUES (@address, @channel, @now, NULL, @source)
     ON CONFLICT(address, channel) DO UPDATE SET opted_out_ms = excluded.opted_out_ms, opted_in_ms = NULL,
       source = excluded.source`,
  ).run(p);
}

export function recordOptIn(
  db: ClinicDb,
  p: { address: string; channel: string; now: number },
): boolean {
  return (
    stmt(
      db.sqlite,
      'UPDATE opt_outs SET opted_in_ms = @now WHERE address = @address AND channel = @channel AND opted_in_ms IS NULL',
    ).run(p).changes > 0
  );
}

export function listOptOuts(db: ClinicDb, includeOptedIn: boolean, limit: number): OptOutRow[] {
  return stmt(
    db.sqlite,
    `SELECT address, channel, opted_out_ms AS optedOutMs, opted_in_ms AS optedInMs, source FROM opt_outs
      WHERE @all = 1 OR opted_in_ms IS NULL ORDER BY opted_out_ms DESC LIMIT @limit`,
  ).all({ all: includeOptedIn ? 1 : 0, limit }) as OptOutRow[];
}

// ---------------------------------------------------------------------------------------------
// Call tasks

export interface CallTaskRow {
  id: number;
  appointmentId: number;
  reason: string;
  status: 'open' | 'done';
  outcome: string | null;
  note: string | null;
  createdMs: number;
  updatedMs: number;
  doneBy: string | null;
}

const TASK_COLUMNS = `id, appointment_id AS appointmentId, reason, status, outcome, note, created_ms AS createdMs,
  updated_ms AS updatedMs, done_by AS doneBy`;

/** Opens a task, or returns the one already open for the appointment (one at a time). */
export function openCallTask(
  db: ClinicDb,
  p: { appointmentId: number; reason: string; now: number },
): { task: CallTaskRow; created: boolean } {
  const info = stmt(
    db.sqlite,
    `INSERT OR IGNORE INTO call_tasks (appointment_id, reason, status, created_ms, updated_ms)
     VALUES (@appointmentId, @reason, 'open', @now, @now)`,
  ).run(p);
  return { task: openTaskFor(db, p.appointmentId)!, created: info.changes > 0 };
}

export function openTaskFor(db: ClinicDb, appointmentId: number): CallTaskRow | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT ${TASK_COLUMNS} FROM call_tasks WHERE appointment_id = ? AND status = 'open'`,
    ).get(appointmentId) as CallTaskRow | undefined) ?? null
  );
}

export function getCallTask(db: ClinicDb, id: number): CallTaskRow | null {
  return (
    (stmt(db.sqlite, `SELECT ${TASK_COLUMNS} FROM call_tasks WHERE id = ?`).get(id) as
      CallTaskRow | undefined) ?? null
  );
}

export function hasCallTask(db: ClinicDb, appointmentId: number): boolean {
  return (
    stmt(db.sqlite, 'SELECT 1 FROM call_tasks WHERE appointment_id = ?').get(appointmentId) !==
    undefined
  );
}

export function closeCallTask(
  db: ClinicDb,
  p: { id: number; outcome: string; note: string | null; by: string; now: number },
): void {
  stmt(
    db.sqlite,
    `UPDATE call_tasks SET status = 'done', outcome = @outcome, note = @note, done_by = @by, updated_ms = @now
      WHERE id = @id`,
  ).run(p);
}

export function tasksForAppointments(
  db: ClinicDb,
  appointmentIds: readonly number[],
): CallTaskRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${TASK_COLUMNS} FROM call_tasks WHERE appointment_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  ).all(JSON.stringify(appointmentIds)) as CallTaskRow[];
}
