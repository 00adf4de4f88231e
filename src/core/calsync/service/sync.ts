/**
 * The calendar sync engine over the database: a background job (never a handler, since it does
 * network I/O) that, for every account that is due, lists its calendars, pulls each busy calendar's
 * changes into `external_events` and rebuilds that calendar's `external_busy` rows (what the
 * availability engine subtracts), queues conflicts with booked appointments, and writes the
 * provider's appointments to the calendar that receives them. Each step's result is stored in its
 * own short transaction, and a 'calendars' change event tells open windows after each step.
 *
 * Failures are never silent: a refused sign-in marks the account `auth_revoked` (the health panel
 * and the provider's calendar header show it at once, and the job stops trying until the provider
 * signs in again); anything else is `error` with the message in plain words and a growing wait.
 */
import { OCCUPYING_STATUSES } from '../../entities/appointment';
import type { ChangeEvent } from '../../events';
import type { ClinicDb } from '../../db/open';
import { getClinic } from '../../db/repos/clinic';
import { writeAudit } from '../../db/repos/audit';
import {
  appointmentEventsOf,
  appointmentsToMirror,
  applyRemoteChanges,
  dueAccounts,
  listLinks,
  recordAccountOutcome,
  recordLinkOutcome,
  refreshConflicts,
  saveAppointmentEvent,
  updateAccountSecret,
  upsertLinks,
  type AccountRow,
  type AppointmentEventRow,
  type AppointmentToMirror,
  type LinkRow,
} from '../../db/repos/calsync';
import type { SecretBox } from '../../secrets/secretBox';
import { createCalDavCalendarAccount } from '../caldav';
import {
  createGoogleAuthClient,
  createGoogleCalendarAccount,
  newGoogleEventId,
  type GoogleTokens,
} from '../google';
import { CalendarSyncError, type CalendarAccountPort } from '../port';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
export const DEFAULT_SYNC_INTERVAL_MS = 5 * MINUTE_MS;
const MAX_BACKOFF_MS = 60 * MINUTE_MS;

/** Non-secret settings of a Google account (calendar_accounts.config). */
export interface GoogleAccountConfig {
  /** ClinicDesk's "Desktop app" OAuth client. */
  clientId: string;
  clientSecret?: string;
  /** Only for the local stand-in in tests and the bench. */
  apiRootUrl?: string;
  tokenUrl?: string;
  titleTemplate?: string;
  /** Count all-day events as busy (Google's own default is not to). */
  allDayBusy?: boolean;
}

export interface CalDavAccountConfig {
  serverUrl: string;
  username: string;
  titleTemplate?: string;
  allDayBusy?: boolean;
}

export type AccountConfig = GoogleAccountConfig | CalDavAccountConfig;

export function accountConfig(a: AccountRow): AccountConfig {
  return JSON.parse(a.config) as AccountConfig;
}

/** What the panel shows while an account is being synced: "Reading Work (2 of 3)". */
export interface SyncProgress {
  accountId: number;
  step: string;
  done: number;
  total: number;
}

// Jobs and handlers run in the same process (the HTTP host, or Electron's main process), so the
// panel reads progress from here; it is lost on restart, which is right for "in progress".
const inProgress = new Map<number, SyncProgress>();
export function syncProgress(accountId: number): SyncProgress | null {
  return inProgress.get(accountId) ?? null;
}

export interface PortInput {
  account: AccountRow;
  secrets: SecretBox;
  clinicZone: string;
  /** Google refreshes tokens as it goes; the fresh set is sealed and stored. */
  saveSecret: (plain: string) => void;
}

/** The adapter for one stored account, built from its config and its opened secret. */
export function portForAccount(input: PortInput): CalendarAccountPort {
  const { account, secrets, clinicZone } = input;
  if (!account.secretSealed) {
    throw new CalendarSyncError(
      'AUTH_REVOKED',
      `No sign-in is saved for ${account.label}; connect the calendar again.`,
    );
  }
  let secret: string;
  try {
    secret = secrets.open(account.secretSealed);
  } catch (e) {
    throw new CalendarSyncError(
      'AUTH_REVOKED',
      `The saved sign-in for ${account.label} cannot be read on this computer (${e instanceof Error ? e.message : String(e)}); connect the calendar again.`,
    );
  }
  if (account.kind === 'google') {
    const c = accountConfig(account) as GoogleAccountConfig;
    const tokens = JSON.parse(secret) as GoogleTokens;
    const auth = createGoogleAuthClient({
      client: {
        clientId: c.clientId,
        ...(c.clientSecret ? { clientSecret: c.clientSecret } : {}),
        ...(c.tokenUrl ? { endpoints: { tokenUrl: c.tokenUrl } } : {}),
      },
      tokens,
      onTokens: (fresh) => input.saveSecret(JSON.stringify(fresh)),
    });
    return createGoogleCalendarAccount({
      auth,
      accountLabel: account.label,
      clinicZone,
      ...(c.apiRootUrl ? { rootUrl: c.apiRootUrl } : {}),
      ...(c.titleTemplate ? { titleTemplate: c.titleTemplate } : {}),
    });
  }
  const c = accountConfig(account) as CalDavAccountConfig;
  return createCalDavCalendarAccount({
    serverUrl: c.serverUrl,
    username: c.username,
    password: secret,
    accountLabel: account.label,
    clinicZone,
    ...(c.titleTemplate ? { titleTemplate: c.titleTemplate } : {}),
  });
}

export interface SyncRunInput {
  db: ClinicDb;
  secrets: SecretBox;
  clock: () => number;
  publish: (e: ChangeEvent) => void;
  /** Tests and the bench may build ports themselves (a stand-in with an instant backoff). */
  portFor?: (input: PortInput) => CalendarAccountPort;
  /** Accounts per run. */
  limit?: number;
  intervalMs?: number;
}

export interface SyncRunResult {
  accounts: number;
  ok: number;
  failed: number;
}

/** One job tick: every due account, one after another (a provider's calendars are few). */
export async function runCalendarSync(input: SyncRunInput): Promise<SyncRunResult> {
  const due = dueAccounts(input.db, input.clock(), input.limit ?? 20);
  const out: SyncRunResult = { accounts: due.length, ok: 0, failed: 0 };
  for (const account of due) {
    if (await syncAccount(input, account)) out.ok++;
    else out.failed++;
  }
  return out;
}

/** Waits that grow with how long the account has been failing: 1 min, then half the outage, ≤ 1 h. */
export function backoffAfter(p: {
  now: number;
  since: number;
  error: CalendarSyncError | null;
}): number {
  const half = Math.floor((p.now - p.since) / 2);
  const floor = p.error?.code === 'RATE_LIMITED' ? 5 * MINUTE_MS : MINUTE_MS;
  return Math.min(MAX_BACKOFF_MS, Math.max(floor, half));
}

function plainWords(e: unknown): string {
  if (e instanceof CalendarSyncError) return e.message;
  return `Calendar sync stopped on an unexpected problem (${e instanceof Error ? e.message : String(e)}); ClinicDesk will try again.`;
}

export async function syncAccount(input: SyncRunInput, account: AccountRow): Promise<boolean> {
  const { db, clock } = input;
  const tx = <T>(fn: () => T): T => db.sqlite.transaction(fn).immediate();
  const publish = () =>
    input.publish({ topic: 'calendars', ids: [account.id], providerIds: [account.providerId] });
  const progress = (step: string, done: number, total: number) => {
    inProgress.set(account.id, { accountId: account.id, step, done, total });
    publish();
  };
  const now = clock();
  const clinic = getClinic(db, now);
  const config = accountConfig(account);
  const window = {
    windowStartMs: now - DAY_MS,
    windowEndMs: now + clinic.horizonDays * DAY_MS,
  };
  try {
    progress('Listing calendars', 0, 1);
    const port = (input.portFor ?? portForAccount)({
      account,
      secrets: input.secrets,
      clinicZone: clinic.timeZone,
      saveSecret: (plain) =>
        tx(() => updateAccountSecret(db, account.id, input.secrets.seal(plain), clock())),
    });
    const calendars = await port.listCalendars();
    tx(() => upsertLinks(db, account.id, calendars));
    const present = new Set(calendars.map((c) => c.id));
    const links = listLinks(db, account.id).filter((l) => present.has(l.remoteCalendarId));
    const busyLinks = links.filter((l) => l.busy);
    let done = 0;
    for (const link of busyLinks) {
      progress(`Reading ${link.name}`, done++, busyLinks.length + 1);
      await pullLink({
        input,
        account,
        link,
        window,
        port,
        allDayBusy: config.allDayBusy === true,
      });
    }
    const receiving = links.find((l) => l.receivesAppointments);
    if (receiving) {
      progress(`Writing appointments to ${receiving.name}`, done, busyLinks.length + 1);
      await pushAppointments({
        input,
        account,
        link: receiving,
        port,
        clinicZone: clinic.timeZone,
        window,
      });
    }
    const end = clock();
    tx(() =>
      recordAccountOutcome(db, account.id, {
        status: 'ok',
        lastError: null,
        nextRunMs: end + (input.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS),
        now: end,
        success: true,
      }),
    );
    return true;
  } catch (e) {
    const end = clock();
    const err = e instanceof CalendarSyncError ? e : null;
    if (!err) console.error(`[clinicdesk] calendar sync of account ${account.id} failed`, e);
    const revoked = err?.code === 'AUTH_REVOKED';
    tx(() =>
      recordAccountOutcome(db, account.id, {
        status: revoked ? 'auth_revoked' : 'error',
        lastError: plainWords(e),
        // A revoked sign-in waits for the provider; retrying would only be refused again.
        nextRunMs: revoked
          ? null
          : end +
            backoffAfter({
              now: end,
              since: account.lastSuccessMs ?? account.createdMs,
              error: err,
            }),
        now: end,
        success: false,
      }),
    );
    return false;
  } finally {
    inProgress.delete(account.id);
    publish();
    // What the provider's calendar holds is busy time: day view, week view and first openings
    // refetch on this topic, not on 'calendars' (which is the sync panel's).
    input.publish({ topic: 'busyTime', providerIds: [account.providerId] });
  }
}

async function pullLink(p: {
  input: SyncRunInput;
  account: AccountRow;
  link: LinkRow;
  window: { windowStartMs: number; windowEndMs: number };
  port: CalendarAccountPort;
  allDayBusy: boolean;
}): Promise<void> {
  const { input, account, link } = p;
  const { db, clock } = input;
  let pulled;
  try {
    pulled = await p.port.pullChanges({
      calendarId: link.remoteCalendarId,
      cursor: link.cursor,
      ...p.window,
    });
  } catch (e) {
    // A calendar removed on the server is that link's problem, not the whole account's.
    if (e instanceof CalendarSyncError && e.code === 'NOT_FOUND') {
      db.sqlite
        .transaction(() => recordLinkOutcome(db, link.id, { lastError: e.message, now: clock() }))
        .immediate();
      return;
    }
    throw e;
  }
  db.sqlite
    .transaction(() => {
      const now = clock();
      const applied = applyRemoteChanges(db, {
        link,
        providerId: account.providerId,
        changes: pulled.changes,
        fullResync: pulled.fullResync,
        allDayBusy: p.allDayBusy,
        now,
      });
      const { closed } = refreshConflicts(db, {
        linkId: link.id,
        providerId: account.providerId,
        busy: applied.busy,
        touched: applied.touched,
        now,
      });
      const job = { db, now, actor: 'calendar sync', origin: 'job' };
      for (const c of closed) {
        writeAudit(job, {
          action: 'calendar.conflict.closed',
          entityType: 'appointment',
          entityId: c.appointmentId,
          details: { conflictId: c.id, linkId: link.id, reason: c.reason },
        });
      }
      recordLinkOutcome(db, link.id, { cursor: pulled.nextCursor, lastError: null, now });
    })
    .immediate();
}

const LIVE = new Set<string>([...OCCUPYING_STATUSES, 'no_show']);

async function pushAppointments(p: {
  input: SyncRunInput;
  account: AccountRow;
  link: LinkRow;
  port: CalendarAccountPort;
  clinicZone: string;
  window: { windowStartMs: number; windowEndMs: number };
}): Promise<void> {
  const { input, account, link, port } = p;
  const { db } = input;
  const save = (r: AppointmentEventRow) =>
    db.sqlite.transaction(() => saveAppointmentEvent(db, r)).immediate();
  const appts = appointmentsToMirror(db, {
    providerId: account.providerId,
    fromMs: p.window.windowStartMs,
    toMs: p.window.windowEndMs,
  });
  const rows = appointmentEventsOf(db, link.id);
  // Live visits first: a rescheduled visit takes over its predecessor's event before the
  // predecessor (now 'rescheduled') would be deleted.
  const ordered = [
    ...appts.filter((a) => LIVE.has(a.status)),
    ...appts.filter((a) => !LIVE.has(a.status)),
  ];
  for (const appt of ordered) {
    const row = rows.get(appt.id);
    // Staff stopped syncing this appointment to this calendar: never written or removed again.
    if (row?.state === 'detached') continue;
    // Up to date, or refused and not changed since (a named problem until staff choose), or the
    // provider's copy was kept: only a later change of the appointment writes again.
    const settled =
      row !== undefined &&
      (row.state === 'synced' || row.state === 'failed' || row.state === 'kept') &&
      row.updatedMs >= appt.updatedMs;
    if (LIVE.has(appt.status)) {
      if (settled) continue;
      // 'pending' with an id: a new event whose write was cut short (a crash, the network); it
      // is created again under the same id, which Google answers with the event already there.
      const pendingId = row?.state === 'pending' && row.remoteId ? row.remoteId : null;
      let target = !pendingId && row?.remoteId ? { remoteId: row.remoteId, etag: row.etag } : null;
      // A rescheduled visit moves its predecessor's event (one patch) instead of a delete and a new
      // event, so the provider's calendar app shows one appointment that moved.
      const before = appt.rescheduledFromId !== null ? rows.get(appt.rescheduledFromId) : undefined;
      if (!target && before?.remoteId && before.state === 'synced') {
        target = { remoteId: before.remoteId, etag: before.etag };
        const moved: AppointmentEventRow = {
          ...before,
          remoteId: null,
          etag: null,
          state: 'moved',
          lastError: null,
        };
        save(moved);
        rows.set(before.appointmentId, moved);
      }
      await writeOne({
        port,
        link,
        appt,
        target,
        save,
        clinicZone: p.clinicZone,
        // Google lets the caller choose a new event's id: chosen and stored before the call.
        chooseIds: account.kind === 'google',
        pendingId,
        stampMs: input.clock(),
      });
    } else if (
      row?.remoteId &&
      row.state !== 'deleted' &&
      // A refused delete (the provider changed the event) is shown as a problem and not sent
      // again with the same stale ETag on every sync; a later change of the appointment retries.
      (!settled || row.state === 'synced')
    ) {
      try {
        await port.deleteEvent({
          calendarId: link.remoteCalendarId,
          remoteId: row.remoteId,
          ...(row.etag ? { etag: row.etag } : {}),
        });
        save({
          ...row,
          remoteId: null,
          etag: null,
          state: 'deleted',
          lastError: null,
          updatedMs: appt.updatedMs,
        });
      } catch (e) {
        if (!(e instanceof CalendarSyncError) || e.code !== 'CONFLICT') throw e;
        save({ ...row, state: 'failed', lastError: e.message, updatedMs: appt.updatedMs });
      }
    }
  }
}

async function writeOne(p: {
  port: CalendarAccountPort;
  link: LinkRow;
  appt: AppointmentToMirror;
  target: { remoteId: string; etag: string | null } | null;
  save: (r: AppointmentEventRow) => void;
  clinicZone: string;
  /** New events get an id chosen here (Google), stored before the request. */
  chooseIds: boolean;
  /** The id already stored for this event by a write that was cut short. */
  pendingId: string | null;
  stampMs: number;
}): Promise<void> {
  const { appt, link } = p;
  const base = { appointmentId: appt.id, linkId: link.id, updatedMs: appt.updatedMs };
  const event = {
    appointmentId: String(appt.id),
    startMs: appt.startMs,
    endMs: appt.endMs,
    timeZone: p.clinicZone,
    referenceCode: appt.confirmationCode,
  };
  const put = (target: { remoteId: string; etag: string | null } | null, reuse: string | null) => {
    let newId: string | null = null;
    if (!target) {
      newId = reuse ?? (p.chooseIds ? newGoogleEventId() : null);
      // Stored before the request: if this process dies after Google wrote the event, the next
      // sync asks for the same id and cannot write a second event.
      if (newId)
        p.save({ ...base, remoteId: newId, etag: null, state: 'pending', lastError: null });
    }
    return p.port.putEvent({
      calendarId: link.remoteCalendarId,
      event,
      ...(target ? { remoteId: target.remoteId } : {}),
      ...(target?.etag ? { etag: target.etag } : {}),
      ...(newId ? { newId } : {}),
      stampMs: p.stampMs,
    });
  };
  try {
    let written;
    try {
      written = await put(p.target, p.pendingId);
    } catch (e) {
      // Deleted by the provider in their calendar app: the appointment still stands, so write it again.
      if (!(e instanceof CalendarSyncError && e.code === 'NOT_FOUND' && p.target)) throw e;
      // A fresh id: Google keeps a deleted event's id reserved.
      written = await put(null, null);
    }
    p.save({
      ...base,
      remoteId: written.remoteId,
      etag: written.etag,
      state: 'synced',
      lastError: null,
    });
  } catch (e) {
    if (!(e instanceof CalendarSyncError) || (e.code !== 'CONFLICT' && e.code !== 'BAD_DATA'))
      throw e;
    // Someone changed the event on their phone since we wrote it: shown, never overwritten.
    p.save({
      ...base,
      remoteId: p.target?.remoteId ?? null,
      etag: p.target?.etag ?? null,
      state: 'failed',
      lastError: e.message,
    });
  }
}
