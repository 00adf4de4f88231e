/**
 * Calendar sync storage: accounts (secrets sealed), their calendars (links), what we know of each
 * remote event, the busy rows the availability engine reads (`external_busy`, source `link:<id>`),
 * our appointments' copies on the provider's calendar, the conflict queue and the ICS feed tokens.
 * Plain SQL through cached statements, like the other repositories.
 */
import type { BusyInstant, RemoteCalendar, RemoteEventChange } from '../../calsync/port';
import type { ClinicDb } from '../open';
import { stmt } from './statements';

export type AccountKind = 'google' | 'caldav';
export type AccountStatus = 'ok' | 'error' | 'auth_revoked' | 'paused';

export interface AccountRow {
  id: number;
  providerId: number;
  kind: AccountKind;
  label: string;
  config: string;
  secretSealed: string | null;
  status: AccountStatus;
  lastError: string | null;
  lastSuccessMs: number | null;
  nextRunMs: number | null;
  createdMs: number;
  updatedMs: number;
}

const ACCOUNT_COLUMNS = `id, provider_id AS providerId, kind, label, config, secret_sealed AS secretSealed, status,
  last_error AS lastError, last_success_ms AS lastSuccessMs, next_run_ms AS nextRunMs, created_ms AS createdMs, updated_ms AS updatedMs`;

export function getAccount(db: ClinicDb, id: number): AccountRow | null {
  return (
    (stmt(db.sqlite, `SELECT ${ACCOUNT_COLUMNS} FROM calendar_accounts WHERE id = ?`).get(id) as
      AccountRow | undefined) ?? null
  );
}

export function listAccounts(db: ClinicDb, providerId?: number): AccountRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${ACCOUNT_COLUMNS} FROM calendar_accounts WHERE (? IS NULL OR provider_id = ?) ORDER BY provider_id, id`,
  ).all(providerId ?? null, providerId ?? null) as AccountRow[];
}

export function insertAccount(
  db: ClinicDb,
  a: {
    providerId: number;
    kind: AccountKind;
    label: string;
    config: Record<string, unknown>;
    secretSealed: string;
    now: number;
  },
): number {
  const r = stmt(
    db.sqlite,
    `INSERT INTO calendar_accounts (provider_id, kind, label, config, secret_sealed, status, next_run_ms, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, 'ok', ?, ?, ?)`,
  ).run(
    a.providerId,
    a.kind,
    a.label,
    JSON.stringify(a.config),
    a.secretSealed,
    a.now,
    a.now,
    a.now,
  );
  return Number(r.lastInsertRowid);
}

export function updateAccountSecret(db: ClinicDb, id: number, sealed: string, now: number): void {
  stmt(
    db.sqlite,
    'UPDATE calendar_accounts SET secret_sealed = ?, updated_ms = ? WHERE id = ?',
  ).run(sealed, now, id);
}

export function recordAccountOutcome(
  db: ClinicDb,
  id: number,
  o: {
    status: AccountStatus;
    lastError: string | null;
    nextRunMs: number | null;
    now: number;
    success: boolean;
  },
): void {
  stmt(
    db.sqlite,
    `UPDATE calendar_accounts SET status = ?, last_error = ?, next_run_ms = ?, updated_ms = ?,
       last_success_ms = CASE WHEN ? THEN ? ELSE last_success_ms END WHERE id = ?`,
  ).run(o.status, o.lastError, o.nextRunMs, o.now, o.success ? 1 : 0, o.now, id);
}

/** "Sync now": due at once; a revoked or paused account stays as it is (it needs a new sign-in). */
export function queueAccount(db: ClinicDb, id: number, now: number): void {
  stmt(
    db.sqlite,
    `UPDATE calendar_accounts SET next_run_ms = ?, updated_ms = ? WHERE id = ? AND status IN ('ok','error')`,
  ).run(now, now, id);
}

export function deleteAccount(db: ClinicDb, id: number): void {
  // external_busy has no foreign key to the link (it is the engine's generic input): clear it here.
  stmt(
    db.sqlite,
    `DELETE FROM external_busy WHERE source IN (SELECT 'link:' || id FROM calendar_links WHERE account_id = ?)`,
  ).run(id);
  stmt(db.sqlite, 'DELETE FROM calendar_accounts WHERE id = ?').run(id);
}

export function dueAccounts(db: ClinicDb, now: number, limit: number): AccountRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${ACCOUNT_COLUMNS} FROM calendar_accounts
      WHERE status IN ('ok','error') AND (next_run_ms IS NULL OR next_run_ms <= ?)
      ORDER BY coalesce(next_run_ms, 0), id LIMIT ?`,
  ).all(now, limit) as AccountRow[];
}

// ── links ──────────────────────────────────────────────────────────────────────────────────────

export interface LinkRow {
  id: number;
  accountId: number;
  remoteCalendarId: string;
  name: string;
  busy: boolean;
  receivesAppointments: boolean;
  cursor: string | null;
  lastSyncMs: number | null;
  lastError: string | null;
}

const LINK_COLUMNS = `id, account_id AS accountId, remote_calendar_id AS remoteCalendarId, name, busy = 1 AS busy,
  receives_appointments = 1 AS receivesAppointments, cursor, last_sync_ms AS lastSyncMs, last_error AS lastError`;

function linkOf(r: Record<string, unknown> | undefined): LinkRow | null {
  if (!r) return null;
  return {
    ...r,
    busy: r.busy === 1,
    receivesAppointments: r.receivesAppointments === 1,
  } as LinkRow;
}

export function listLinks(db: ClinicDb, accountId: number): LinkRow[] {
  return (
    stmt(
      db.sqlite,
      `SELECT ${LINK_COLUMNS} FROM calendar_links WHERE account_id = ? ORDER BY id`,
    ).all(accountId) as Record<string, unknown>[]
  ).map((r) => linkOf(r)!);
}

export function getLink(db: ClinicDb, id: number): LinkRow | null {
  return linkOf(
    stmt(db.sqlite, `SELECT ${LINK_COLUMNS} FROM calendar_links WHERE id = ?`).get(id) as
      Record<string, unknown> | undefined,
  );
}

/**
 * Adds calendars seen for the first time and keeps names current. The first time an account's
 * calendars are listed, its primary one receives appointments (one place, where the provider
 * looks); every calendar counts as busy until someone unticks it.
 */
export function upsertLinks(db: ClinicDb, accountId: number, calendars: RemoteCalendar[]): void {
  const existing = listLinks(db, accountId);
  const anyReceives = existing.some((l) => l.receivesAppointments);
  const first = existing.length === 0;
  for (const c of calendars) {
    const receives = first && !anyReceives && c.primary && c.writable;
    stmt(
      db.sqlite,
      `INSERT INTO calendar_links (account_id, remote_calendar_id, name, busy, receives_appointments)
       VALUES (?, ?, ?, 1, ?)
       ON CONFLICT(account_id, remote_calendar_id) DO UPDATE SET name = excluded.name`,
    ).run(accountId, c.id, c.name, receives ? 1 : 0);
  }
}

export function setLink(
  db: ClinicDb,
  id: number,
  s: { busy?: boolean; receivesAppointments?: boolean },
): void {
  const link = getLink(db, id)!;
  if (s.receivesAppointments === true) {
    // One calendar per account receives appointments: two would show every visit twice.
    stmt(
      db.sqlite,
      'UPDATE calendar_links SET receives_appointments = 0 WHERE account_id = ? AND id <> ?',
    ).run(link.accountId, id);
  }
  const busy = s.busy ?? link.busy;
  stmt(
    db.sqlite,
    `UPDATE calendar_links SET busy = ?, receives_appointments = ?,
       cursor = CASE WHEN ? THEN cursor ELSE NULL END WHERE id = ?`,
  ).run(
    busy ? 1 : 0,
    (s.receivesAppointments ?? link.receivesAppointments) ? 1 : 0,
    busy ? 1 : 0,
    id,
  );
  if (!busy) {
    // No longer counted: its busy time frees up at once, not at the next sync.
    stmt(db.sqlite, 'DELETE FROM external_busy WHERE source = ?').run(`link:${id}`);
    stmt(db.sqlite, 'DELETE FROM external_events WHERE link_id = ?').run(id);
    stmt(
      db.sqlite,
      `UPDATE calendar_conflicts SET status = 'gone' WHERE link_id = ? AND status = 'open'`,
    ).run(id);
  }
}

export function recordLinkOutcome(
  db: ClinicDb,
  id: number,
  o: { cursor?: string | null; lastError: string | null; now: number },
): void {
  if (o.cursor !== undefined) {
    stmt(db.sqlite, 'UPDATE calendar_links SET cursor = ? WHERE id = ?').run(o.cursor, id);
  }
  stmt(
    db.sqlite,
    `UPDATE calendar_links SET last_error = ?, last_sync_ms = CASE WHEN ? IS NULL THEN ? ELSE last_sync_ms END WHERE id = ?`,
  ).run(o.lastError, o.lastError, o.now, id);
}

// ── remote events and busy rows ────────────────────────────────────────────────────────────────

export interface StoredBusy extends BusyInstant {
  remoteId: string;
}

/**
 * Stores one pull's changes for a link and rebuilds its busy rows. A full resync replaces what
 * was stored (so a 410 from Google never leaves duplicates or ghosts). Our own events are kept
 * (their ETag is what If-Match needs) but never block time. All-day events are not busy by
 * default (Google's convention: a "Conference" banner is not an afternoon off) unless the link's
 * account says so.
 */
export interface AppliedChanges {
  /** Busy instants of the events that changed (all of the link's after a full resync). */
  busy: StoredBusy[];
  /** Remote ids that changed; null after a full resync (everything did). */
  touched: Set<string> | null;
}

export function applyRemoteChanges(
  db: ClinicDb,
  p: {
    link: LinkRow;
    providerId: number;
    changes: RemoteEventChange[];
    fullResync: boolean;
    allDayBusy: boolean;
    now: number;
  },
): AppliedChanges {
  const { link, now } = p;
  const source = `link:${link.id}`;
  if (p.fullResync) {
    stmt(db.sqlite, 'DELETE FROM external_events WHERE link_id = ?').run(link.id);
    stmt(db.sqlite, 'DELETE FROM external_busy WHERE source = ?').run(source);
  }
  const touched = new Set<string>();
  const busy: StoredBusy[] = [];
  for (const c of p.changes) {
    touched.add(c.remoteId);
    if (!p.fullResync) {
      // "<remoteId>#" … "<remoteId>$" is exactly this event's rows ('$' follows '#'; ids hold no
      // '#': Google's are base32hex, CalDAV's are URL paths where it is %23), a range
      // the (provider_id, source, external_id) index answers: an incremental sync of 10 changes
      // touches 10 events' rows, not the calendar's 10,000.
      stmt(
        db.sqlite,
        'DELETE FROM external_busy WHERE provider_id = ? AND source = ? AND external_id >= ? AND external_id < ?',
      ).run(p.providerId, source, `${c.remoteId}#`, `${c.remoteId}$`);
    }
    if (c.kind === 'delete') {
      stmt(db.sqlite, 'DELETE FROM external_events WHERE link_id = ? AND remote_id = ?').run(
        link.id,
        c.remoteId,
      );
      continue;
    }
    const blocks = c.cancelled || c.transparent || c.clinicAppointmentId !== null ? [] : c.busy;
    const ours = c.clinicAppointmentId !== null ? Number(c.clinicAppointmentId) : null;
    stmt(
      db.sqlite,
      `INSERT INTO external_events (link_id, remote_id, etag, busy, clinic_appointment_id, updated_ms)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(link_id, remote_id) DO UPDATE SET etag = excluded.etag, busy = excluded.busy,
         clinic_appointment_id = excluded.clinic_appointment_id, updated_ms = excluded.updated_ms`,
    ).run(
      link.id,
      c.remoteId,
      c.etag,
      // Our own event: where the provider's copy sits (shown when the clinic cannot write it).
      JSON.stringify(ours !== null ? c.busy : blocks),
      Number.isSafeInteger(ours) ? ours : null,
      now,
    );
    busy.push(
      ...insertBusy(db, {
        providerId: p.providerId,
        source,
        remoteId: c.remoteId,
        blocks,
        allDayBusy: p.allDayBusy,
        now,
      }),
    );
  }
  return { busy, touched: p.fullResync ? null : touched };
}

/**
 * One event's external_busy rows: one per busy instant. All-day events are not busy unless the
 * account says so (Google's convention: a "Conference" banner is not an afternoon off).
 */
function insertBusy(
  db: ClinicDb,
  p: {
    providerId: number;
    source: string;
    remoteId: string;
    blocks: BusyInstant[];
    allDayBusy: boolean;
    now: number;
  },
): StoredBusy[] {
  const insert = stmt(
    db.sqlite,
    'INSERT OR IGNORE INTO external_busy (provider_id, source, external_id, start_ms, end_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const out: StoredBusy[] = [];
  for (const b of p.blocks) {
    if (b.allDay && !p.allDayBusy) continue;
    if (!(b.endMs > b.startMs)) continue;
    // Keyed by event and start: the same event listed twice at one start is one block.
    insert.run(p.providerId, p.source, `${p.remoteId}#${b.startMs}`, b.startMs, b.endMs, p.now);
    out.push({ ...b, remoteId: p.remoteId });
  }
  return out;
}

export function countBusyRows(db: ClinicDb, linkId: number): number {
  return (
    stmt(db.sqlite, 'SELECT count(*) AS n FROM external_busy WHERE source = ?').get(
      `link:${linkId}`,
    ) as {
      n: number;
    }
  ).n;
}

// ── conflicts ──────────────────────────────────────────────────────────────────────────────────

/**
 * Busy blocks that overlap a booked or confirmed appointment of the provider become open
 * conflicts; an open conflict whose block went away (moved, deleted, marked free) becomes 'gone'.
 * Decided ones (kept, rescheduled, notified) stay as staff left them. Nothing is moved.
 */
export function refreshConflicts(
  db: ClinicDb,
  p: {
    linkId: number;
    providerId: number;
    busy: StoredBusy[];
    /** Only these events changed (null: all); other events' conflicts stand as they are. */
    touched: Set<string> | null;
    now: number;
  },
): { opened: number[]; closed: ClosedConflict[] } {
  const overlapping = stmt(
    db.sqlite,
    `SELECT id FROM appointments WHERE provider_id = ? AND status IN ('booked','confirmed')
       AND start_ms < ? AND end_ms > ?`,
  );
  const seen = new Set<string>();
  const opened: number[] = [];
  for (const b of p.busy) {
    for (const { id } of overlapping.all(p.providerId, b.endMs, b.startMs) as { id: number }[]) {
      const key = `${id} ${b.remoteId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = stmt(
        db.sqlite,
        `INSERT INTO calendar_conflicts (appointment_id, link_id, remote_id, busy_start_ms, busy_end_ms, detected_ms, status)
         VALUES (?, ?, ?, ?, ?, ?, 'open')
         ON CONFLICT(appointment_id, link_id, remote_id) DO UPDATE SET
           busy_start_ms = excluded.busy_start_ms, busy_end_ms = excluded.busy_end_ms,
           status = CASE WHEN status = 'gone' THEN 'open' ELSE status END,
           detected_ms = CASE WHEN status = 'gone' THEN excluded.detected_ms ELSE detected_ms END
         RETURNING id, status`,
      ).get(id, p.linkId, b.remoteId, b.startMs, b.endMs, p.now) as { id: number; status: string };
      if (r.status === 'open') opened.push(r.id);
    }
  }
  const open = stmt(
    db.sqlite,
    `SELECT id, appointment_id AS appointmentId, remote_id AS remoteId FROM calendar_conflicts WHERE link_id = ? AND status = 'open'`,
  ).all(p.linkId) as { id: number; appointmentId: number; remoteId: string }[];
  const closed: ClosedConflict[] = [];
  const close = stmt(
    db.sqlite,
    `UPDATE calendar_conflicts SET status = 'gone', resolved_ms = ?, resolved_by = ? WHERE id = ?`,
  );
  const statusOf = stmt(db.sqlite, 'SELECT status FROM appointments WHERE id = ?');
  for (const c of open) {
    // An appointment cancelled or rescheduled away closes its conflicts, with the reason kept.
    const status = (statusOf.get(c.appointmentId) as { status: string } | undefined)?.status;
    let reason: string | null = null;
    if (status !== 'booked' && status !== 'confirmed') {
      reason = `calendar sync: the appointment was ${status ?? 'removed'}`;
    } else if (
      (!p.touched || p.touched.has(c.remoteId)) &&
      !seen.has(`${c.appointmentId} ${c.remoteId}`)
    ) {
      reason = 'calendar sync: the busy time moved or went away';
    }
    if (reason === null) continue;
    close.run(p.now, reason, c.id);
    closed.push({ id: c.id, appointmentId: c.appointmentId, reason });
  }
  return { opened, closed };
}

/** A conflict the sync closed by itself, and why (for the audit). */
export interface ClosedConflict {
  id: number;
  appointmentId: number;
  reason: string;
}

export interface ConflictRow {
  id: number;
  appointmentId: number;
  linkId: number;
  remoteId: string;
  busyStartMs: number;
  busyEndMs: number;
  detectedMs: number;
  status: string;
  resolvedBy: string | null;
  resolvedMs: number | null;
}

const conflictColumns = (
  t: string,
) => `${t}id AS id, ${t}appointment_id AS appointmentId, ${t}link_id AS linkId,
  ${t}remote_id AS remoteId, ${t}busy_start_ms AS busyStartMs, ${t}busy_end_ms AS busyEndMs, ${t}detected_ms AS detectedMs,
  ${t}status AS status, ${t}resolved_by AS resolvedBy, ${t}resolved_ms AS resolvedMs`;
const CONFLICT_COLUMNS = conflictColumns('');

export function getConflict(db: ClinicDb, id: number): ConflictRow | null {
  return (
    (stmt(db.sqlite, `SELECT ${CONFLICT_COLUMNS} FROM calendar_conflicts WHERE id = ?`).get(id) as
      ConflictRow | undefined) ?? null
  );
}

export function listOpenConflicts(db: ClinicDb, providerId?: number): ConflictRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${conflictColumns('c.')} FROM calendar_conflicts c
       JOIN appointments a ON a.id = c.appointment_id
      WHERE c.status = 'open' AND (? IS NULL OR a.provider_id = ?)
        -- Only live ones: the appointment still stands and still overlaps the busy block.
        AND a.status IN ('booked','confirmed') AND a.start_ms < c.busy_end_ms AND a.end_ms > c.busy_start_ms
      ORDER BY a.start_ms, c.id`,
  ).all(providerId ?? null, providerId ?? null) as ConflictRow[];
}

export function resolveConflict(
  db: ClinicDb,
  id: number,
  r: { status: 'kept' | 'rescheduled' | 'notified'; by: string; now: number },
): void {
  stmt(
    db.sqlite,
    'UPDATE calendar_conflicts SET status = ?, resolved_by = ?, resolved_ms = ? WHERE id = ?',
  ).run(r.status, r.by, r.now, id);
}

// ── our appointments on the provider's calendar ────────────────────────────────────────────────

/**
 * failed: the provider's calendar refused the write or delete (changed there); a named problem
 * until staff choose: 'overwrite' (the next sync writes the clinic's time without If-Match),
 * 'kept' (the provider's copy stays until the appointment changes again) or 'detached' (this
 * appointment is never written to that calendar again).
 */
export type AppointmentEventState =
  | 'pending'
  | 'synced'
  | 'delete'
  | 'deleted'
  | 'failed'
  | 'moved'
  | 'overwrite'
  | 'kept'
  | 'detached';

export function getAppointmentEvent(
  db: ClinicDb,
  p: { appointmentId: number; linkId: number },
): AppointmentEventRow | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT ${AE_COLUMNS} FROM appointment_events WHERE appointment_id = ? AND link_id = ?`,
    ).get(p.appointmentId, p.linkId) as AppointmentEventRow | undefined) ?? null
  );
}

export interface AppointmentEventRow {
  appointmentId: number;
  linkId: number;
  remoteId: string | null;
  etag: string | null;
  state: AppointmentEventState;
  lastError: string | null;
  /** The appointment's updated_ms that was last written (so a later change is seen). */
  updatedMs: number;
}

const AE_COLUMNS = `appointment_id AS appointmentId, link_id AS linkId, remote_id AS remoteId, etag, state, last_error AS lastError, updated_ms AS updatedMs`;

export function appointmentEventsOf(
  db: ClinicDb,
  linkId: number,
): Map<number, AppointmentEventRow> {
  const rows = stmt(
    db.sqlite,
    `SELECT ${AE_COLUMNS} FROM appointment_events WHERE link_id = ?`,
  ).all(linkId) as AppointmentEventRow[];
  return new Map(rows.map((r) => [r.appointmentId, r]));
}

export function saveAppointmentEvent(db: ClinicDb, r: AppointmentEventRow): void {
  stmt(
    db.sqlite,
    `INSERT INTO appointment_events (appointment_id, link_id, remote_id, etag, state, last_error, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(appointment_id, link_id) DO UPDATE SET remote_id = excluded.remote_id, etag = excluded.etag,
       state = excluded.state, last_error = excluded.last_error, updated_ms = excluded.updated_ms`,
  ).run(r.appointmentId, r.linkId, r.remoteId, r.etag, r.state, r.lastError, r.updatedMs);
}

export function failedAppointmentEvents(db: ClinicDb, linkId: number): number {
  return (
    stmt(
      db.sqlite,
      `SELECT count(*) AS n FROM appointment_events WHERE link_id = ? AND state = 'failed'`,
    ).get(linkId) as { n: number }
  ).n;
}

/** Appointments the clinic could not write to (or remove from) a provider's calendars. */
/** Where the provider's copy of the clinic's event sits now, as last read from their calendar. */
export function providerCopyOf(
  db: ClinicDb,
  p: { linkId: number; appointmentId: number },
): { startMs: number; endMs: number } | null {
  const row = stmt(
    db.sqlite,
    `SELECT x.busy FROM external_events x
       JOIN appointment_events e ON e.link_id = x.link_id AND e.remote_id = x.remote_id
      WHERE e.link_id = ? AND e.appointment_id = ?`,
  ).get(p.linkId, p.appointmentId) as { busy: string } | undefined;
  if (!row) return null;
  const first = (JSON.parse(row.busy) as { startMs: number; endMs: number }[])[0];
  return first ? { startMs: first.startMs, endMs: first.endMs } : null;
}

export function appointmentsNotWritten(
  db: ClinicDb,
  providerId?: number,
): { appointmentId: number; linkId: number; accountId: number; lastError: string | null }[] {
  return stmt(
    db.sqlite,
    `SELECT e.appointment_id AS appointmentId, e.link_id AS linkId, l.account_id AS accountId, e.last_error AS lastError
       FROM appointment_events e JOIN calendar_links l ON l.id = e.link_id
       JOIN calendar_accounts a ON a.id = l.account_id
      WHERE e.state = 'failed' AND (? IS NULL OR a.provider_id = ?)
      ORDER BY e.appointment_id`,
  ).all(providerId ?? null, providerId ?? null) as {
    appointmentId: number;
    linkId: number;
    accountId: number;
    lastError: string | null;
  }[];
}

export interface AppointmentToMirror {
  id: number;
  confirmationCode: string;
  startMs: number;
  endMs: number;
  status: string;
  updatedMs: number;
  rescheduledFromId: number | null;
}

/** The provider's appointments in the window, with every status (cancelled ones must be removed). */
export function appointmentsToMirror(
  db: ClinicDb,
  p: { providerId: number; fromMs: number; toMs: number },
): AppointmentToMirror[] {
  return stmt(
    db.sqlite,
    `SELECT id, confirmation_code AS confirmationCode, start_ms AS startMs, end_ms AS endMs, status,
            updated_ms AS updatedMs, rescheduled_from_id AS rescheduledFromId
       FROM appointments WHERE provider_id = ? AND start_ms < ? AND end_ms > ? ORDER BY start_ms, id`,
  ).all(p.providerId, p.toMs, p.fromMs) as AppointmentToMirror[];
}

export function appointmentToMirror(db: ClinicDb, id: number): AppointmentToMirror | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT id, confirmation_code AS confirmationCode, start_ms AS startMs, end_ms AS endMs, status,
              updated_ms AS updatedMs, rescheduled_from_id AS rescheduledFromId FROM appointments WHERE id = ?`,
    ).get(id) as AppointmentToMirror | undefined) ?? null
  );
}

// ── ICS feeds ──────────────────────────────────────────────────────────────────────────────────

export function feedTokenOf(db: ClinicDb, providerId: number): string | null {
  return (
    (
      stmt(db.sqlite, 'SELECT token FROM ics_feeds WHERE provider_id = ?').get(providerId) as
        { token: string } | undefined
    )?.token ?? null
  );
}

export function saveFeedToken(db: ClinicDb, providerId: number, token: string, now: number): void {
  stmt(
    db.sqlite,
    `INSERT INTO ics_feeds (provider_id, token, created_ms) VALUES (?, ?, ?)
     ON CONFLICT(provider_id) DO UPDATE SET token = excluded.token, created_ms = excluded.created_ms`,
  ).run(providerId, token, now);
}

export function providerOfFeedToken(db: ClinicDb, token: string): number | null {
  return (
    (
      stmt(db.sqlite, 'SELECT provider_id AS providerId FROM ics_feeds WHERE token = ?').get(
        token,
      ) as { providerId: number } | undefined
    )?.providerId ?? null
  );
}
