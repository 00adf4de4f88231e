/**
 * Calendar sync operations. Handlers only write durable rows (an account with its sealed secret,
 * a link setting, "sync now"); the 'calendars' job does the network I/O (src/core/calsync/sync.ts)
 * and publishes a 'calendars' change event after each step, so the panel updates live.
 *
 * Google sign-in cannot run inside a handler (it waits for a browser): it is the async operation
 * calendars/connectGoogle (src/core/api/asyncOps.ts), which both transports run; it signs in on a
 * loopback redirect with `connectGoogleAccount` and then calls calendars/saveGoogleTokens.
 */
import { z } from 'zod';
import { AppError, notFound } from '../../errors';
import { defineHandler, type HandlerContext } from '../handler';
import { id, trimmed } from '../../entities/common';
import { getAppointmentRow } from '../../db/repos/appointments';
import { getProvider } from '../../db/repos/directory';
import { getPatient } from '../../db/repos/patients';
import {
  deleteAccount,
  feedTokenOf,
  getAccount,
  getConflict,
  getLink,
  insertAccount,
  listAccounts,
  listLinks,
  listOpenConflicts,
  queueAccount,
  resolveConflict,
  saveFeedToken,
  setLink,
  failedAppointmentEvents,
  appointmentsNotWritten,
  getAppointmentEvent,
  providerCopyOf,
  saveAppointmentEvent,
  countBusyRows,
  type AccountRow,
} from '../../db/repos/calsync';
import { stmt } from '../../db/repos/statements';
import { checkTitleTemplate } from '../../calsync/google/adapter';
import { CalendarSyncError } from '../../calsync/port';
import { accountConfig, syncProgress, type CalDavAccountConfig } from '../../calsync/service/sync';
import { appointmentIcsFile, feedPath, newFeedToken } from '../../calsync/service/feeds';
import { writeAudit } from '../../db/repos/audit';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http only to this PC (a Radicale in the back office, the stand-in in tests). */
function urlField(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(500, `${what} is too long`)
    .superRefine((text, c) => {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        c.addIssue({
          code: 'custom',
          message: `${what} must be a web address such as https://caldav.fastmail.com`,
        });
        return;
      }
      if (url.username || url.password) {
        c.addIssue({
          code: 'custom',
          message: `${what} must not contain a user name or password; enter them in their own fields`,
        });
      } else if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
        c.addIssue({
          code: 'custom',
          message: `${what} must start with https:// — plain http:// to ${url.hostname} would send the provider's password and calendar unencrypted`,
        });
      } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        c.addIssue({ code: 'custom', message: `${what} must start with https://` });
      }
    });
}

const titleTemplate = z
  .string({ error: 'title must be text' })
  .optional()
  .superRefine((t, c) => {
    if (t === undefined) return;
    try {
      checkTitleTemplate(t);
    } catch (e) {
      c.addIssue({
        code: 'custom',
        message: e instanceof CalendarSyncError ? e.message : String(e),
      });
    }
  });

function requireSecrets(ctx: HandlerContext) {
  if (!ctx.secrets) {
    throw new AppError(
      'INVALID_STATE',
      'This window cannot store passwords safely; connect calendars from the ClinicDesk app on the front-desk PC.',
    );
  }
  return ctx.secrets;
}

function requireProvider(ctx: HandlerContext, providerId: number) {
  const p = getProvider(ctx.db, providerId);
  if (!p) throw notFound('The provider', 'providerId');
  return p;
}

function requireAccount(ctx: HandlerContext, accountId: number): AccountRow {
  const a = getAccount(ctx.db, accountId);
  if (!a) throw notFound('The calendar account', 'accountId');
  return a;
}

/** What the sync health panel shows for one account and its calendars. */
function accountView(ctx: HandlerContext, a: AccountRow) {
  const config = accountConfig(a);
  const progress = syncProgress(a.id);
  return {
    id: a.id,
    providerId: a.providerId,
    kind: a.kind,
    label: a.label,
    server: a.kind === 'caldav' ? (config as CalDavAccountConfig).serverUrl : null,
    status: a.status,
    lastSuccessMs: a.lastSuccessMs,
    nextRunMs: a.nextRunMs,
    lastError: a.lastError,
    /** One sentence for the panel and the calendar header. */
    healthText: healthText(
      a,
      appointmentsNotWritten(ctx.db, a.providerId).filter((n) => n.accountId === a.id).length,
    ),
    syncing: progress,
    calendars: listLinks(ctx.db, a.id).map((l) => ({
      id: l.id,
      name: l.name,
      busy: l.busy,
      receivesAppointments: l.receivesAppointments,
      lastSyncMs: l.lastSyncMs,
      lastError: l.lastError,
      busyBlocks: countBusyRows(ctx.db, l.id),
      appointmentsNotWritten: failedAppointmentEvents(ctx.db, l.id),
    })),
  };
}

function healthText(a: AccountRow, notWritten = 0): string {
  if (a.status === 'auth_revoked') {
    return `Not syncing: ${a.lastError ?? 'the sign-in no longer works'} Busy time from this calendar is not being checked.`;
  }
  if (a.status === 'paused') return 'Paused.';
  if (a.status === 'error')
    return `Sync failed: ${a.lastError ?? 'unknown problem'} ClinicDesk will try again.`;
  if (notWritten > 0) {
    return `${notWritten} appointment${notWritten === 1 ? '' : 's'} could not be written to this calendar (changed there since ClinicDesk wrote ${notWritten === 1 ? 'it' : 'them'}); the provider's calendar may show the wrong time.`;
  }
  return a.lastSuccessMs === null ? 'Waiting for the first sync.' : 'Up to date.';
}

const providerIdInput = z.object({ providerId: id('provider') }).strict();
const accountIdInput = z.object({ accountId: id('calendar account') }).strict();

export const calendarsConnectCaldav = defineHandler({
  name: 'calendars/connectCaldav',
  mode: 'write',
  permission: 'calendars.manage',
  summary:
    "Connect a provider's CalDAV account (iCloud, Fastmail, Nextcloud …); the password is sealed and the calendars are found by the sync job.",
  input: z
    .object({
      providerId: id('provider'),
      serverUrl: urlField('server address'),
      username: trimmed('user name', 200),
      password: z
        .string({ error: 'password is required' })
        .min(1, 'password is required')
        .max(500, 'password is too long'),
      label: trimmed('account name', 100).optional(),
      titleTemplate,
      allDayBusy: z.boolean({ error: 'allDayBusy must be true or false' }).optional(),
    })
    .strict(),
  run: (input, ctx) => {
    const secrets = requireSecrets(ctx);
    requireProvider(ctx, input.providerId);
    const config: CalDavAccountConfig = {
      serverUrl: input.serverUrl,
      username: input.username,
      ...(input.titleTemplate ? { titleTemplate: input.titleTemplate.trim() } : {}),
      ...(input.allDayBusy !== undefined ? { allDayBusy: input.allDayBusy } : {}),
    };
    const sealed = secrets.seal(input.password);
    // The same login again (a changed password, after "sign-in refused"): update, do not duplicate.
    const same = listAccounts(ctx.db, input.providerId).find((a) => {
      if (a.kind !== 'caldav') return false;
      const c = accountConfig(a) as CalDavAccountConfig;
      return c.serverUrl === config.serverUrl && c.username === config.username;
    });
    const accountId = same
      ? reconnect(ctx, same, sealed, config)
      : insertAccount(ctx.db, {
          providerId: input.providerId,
          kind: 'caldav',
          label: input.label ?? `${input.username} (${new URL(input.serverUrl).hostname})`,
          config: { ...config },
          secretSealed: sealed,
          now: ctx.now,
        });
    writeAudit(ctx, {
      action: 'calendar.connect',
      entityType: 'calendar_account',
      entityId: accountId,
      details: { kind: 'caldav', server: input.serverUrl },
    });
    ctx.emit({ topic: 'calendars', ids: [accountId], providerIds: [input.providerId] });
    return accountView(ctx, getAccount(ctx.db, accountId)!);
  },
});

/** `replaced`: keys of the stored config the new one sets or removes (Google's addresses). */
function reconnect(
  ctx: HandlerContext,
  a: AccountRow,
  sealed: string,
  config: object,
  replaced: readonly string[] = [],
): number {
  const kept: Record<string, unknown> = { ...accountConfig(a) };
  for (const k of replaced) delete kept[k];
  const before = accountConfig(a).allDayBusy === true;
  const after = ({ ...kept, ...config } as { allDayBusy?: boolean }).allDayBusy === true;
  if (before !== after) {
    // How events are read changed: every calendar of the account is read again in full (an
    // incremental read would skip the all-day events that did not change).
    stmt(ctx.db.sqlite, 'UPDATE calendar_links SET cursor = NULL WHERE account_id = ?').run(a.id);
  }
  stmt(
    ctx.db.sqlite,
    `UPDATE calendar_accounts SET secret_sealed = ?, config = ?, status = 'ok', last_error = NULL, next_run_ms = ?, updated_ms = ? WHERE id = ?`,
  ).run(sealed, JSON.stringify({ ...kept, ...config }), ctx.now, ctx.now, a.id);
  return a.id;
}

export const calendarsSaveGoogleTokens = defineHandler({
  name: 'calendars/saveGoogleTokens',
  mode: 'write',
  permission: 'calendars.manage',
  summary:
    'Store a Google account after the desktop sign-in (tokens sealed); signing in again to the same account replaces its tokens.',
  input: z
    .object({
      providerId: id('provider'),
      label: trimmed('account name', 200),
      tokens: z
        .object(
          {
            accessToken: z
              .string({ error: 'access token is required' })
              .min(1, 'access token is required')
              .max(4096),
            refreshToken: z
              .string({ error: 'refresh token must be text' })
              .min(1)
              .max(4096)
              .nullable(),
            expiresAtMs: z
              .number({ error: 'expiry must be a time in milliseconds' })
              .int()
              .nullable(),
            scope: z.string({ error: 'scope must be text' }).max(2000).nullable(),
          },
          { error: 'tokens are required' },
        )
        .strict(),
      client: z
        .object(
          {
            clientId: trimmed('OAuth client id', 300),
            clientSecret: z.string().max(300).optional(),
          },
          // Only for a missing client: an unknown key (apiRootUrl, tokenUrl) keeps zod's wording.
          { error: (issue) => (issue.code === 'invalid_type' ? 'client is required' : undefined) },
        )
        .strict(),
      titleTemplate,
      allDayBusy: z.boolean({ error: 'allDayBusy must be true or false' }).optional(),
    })
    .strict(),
  run: (input, ctx) => {
    const secrets = requireSecrets(ctx);
    requireProvider(ctx, input.providerId);
    if (input.tokens.refreshToken === null) {
      throw new AppError(
        'RULE',
        'Google sent no refresh token, so the connection would stop working within the hour; sign in again and allow calendar access.',
        'tokens.refreshToken',
      );
    }
    // Where the tokens go is the host's start-up choice (the stand-in in tests), never the
    // caller's: a page that could name the token address would receive the refresh token.
    const test = ctx.googleTestEndpoints;
    const config = {
      clientId: input.client.clientId,
      ...(input.client.clientSecret ? { clientSecret: input.client.clientSecret } : {}),
      ...(test ? { apiRootUrl: test.apiRootUrl, tokenUrl: test.tokenUrl } : {}),
      ...(input.titleTemplate ? { titleTemplate: input.titleTemplate.trim() } : {}),
      ...(input.allDayBusy !== undefined ? { allDayBusy: input.allDayBusy } : {}),
    };
    const sealed = secrets.seal(JSON.stringify(input.tokens));
    const same = listAccounts(ctx.db, input.providerId).find(
      (a) => a.kind === 'google' && a.label === input.label,
    );
    const accountId = same
      ? reconnect(ctx, same, sealed, config, ['apiRootUrl', 'tokenUrl'])
      : insertAccount(ctx.db, {
          providerId: input.providerId,
          kind: 'google',
          label: input.label,
          config,
          secretSealed: sealed,
          now: ctx.now,
        });
    writeAudit(ctx, {
      action: 'calendar.connect',
      entityType: 'calendar_account',
      entityId: accountId,
      details: { kind: 'google' },
    });
    ctx.emit({ topic: 'calendars', ids: [accountId], providerIds: [input.providerId] });
    return accountView(ctx, getAccount(ctx.db, accountId)!);
  },
});

export const calendarsList = defineHandler({
  name: 'calendars/list',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'Connected calendar accounts with their calendars and sync health (last success, next run, last error in words).',
  input: z.object({ providerId: id('provider').optional() }).strict(),
  run: (input, ctx) => listAccounts(ctx.db, input.providerId).map((a) => accountView(ctx, a)),
});

export const calendarsSetLink = defineHandler({
  name: 'calendars/setLink',
  mode: 'write',
  permission: 'calendars.manage',
  summary:
    'Choose whether a calendar counts as busy time and whether it receives clinic appointments (one per account).',
  input: z
    .object({
      linkId: id('calendar'),
      busy: z.boolean({ error: 'busy must be true or false' }).optional(),
      receivesAppointments: z
        .boolean({ error: 'receivesAppointments must be true or false' })
        .optional(),
    })
    .strict()
    .refine((i) => i.busy !== undefined || i.receivesAppointments !== undefined, {
      message: 'say busy, receivesAppointments or both',
      path: ['busy'],
    }),
  run: (input, ctx) => {
    const link = getLink(ctx.db, input.linkId);
    if (!link) throw notFound('The calendar', 'linkId');
    setLink(ctx.db, link.id, input);
    const account = getAccount(ctx.db, link.accountId)!;
    // Apply at once: the new calendar is read or written on the next tick.
    queueAccount(ctx.db, account.id, ctx.now);
    writeAudit(ctx, {
      action: 'calendar.setLink',
      entityType: 'calendar_link',
      entityId: link.id,
      details: { busy: input.busy, receivesAppointments: input.receivesAppointments },
    });
    ctx.emit({ topic: 'calendars', ids: [account.id], providerIds: [account.providerId] });
    return accountView(ctx, getAccount(ctx.db, account.id)!);
  },
});

export const calendarsSyncNow = defineHandler({
  name: 'calendars/syncNow',
  mode: 'write',
  permission: 'calendars.manage',
  summary:
    'Sync an account now (the job picks it up within seconds; progress comes as calendars change events).',
  input: accountIdInput,
  run: (input, ctx) => {
    const a = requireAccount(ctx, input.accountId);
    if (a.status === 'auth_revoked') {
      throw new AppError(
        'INVALID_STATE',
        `${a.label} needs to sign in again before it can sync: ${a.lastError ?? ''}`.trim(),
        'accountId',
      );
    }
    if (a.status === 'paused')
      throw new AppError('INVALID_STATE', `${a.label} is paused.`, 'accountId');
    queueAccount(ctx.db, a.id, ctx.now);
    ctx.emit({ topic: 'calendars', ids: [a.id], providerIds: [a.providerId] });
    return accountView(ctx, getAccount(ctx.db, a.id)!);
  },
});

export const calendarsDisconnect = defineHandler({
  name: 'calendars/disconnect',
  mode: 'write',
  permission: 'calendars.manage',
  summary:
    "Disconnect an account: its busy time is freed at once and its saved sign-in is deleted (events already written stay in the provider's calendar).",
  input: accountIdInput,
  run: (input, ctx) => {
    const a = requireAccount(ctx, input.accountId);
    deleteAccount(ctx.db, a.id);
    writeAudit(ctx, {
      action: 'calendar.disconnect',
      entityType: 'calendar_account',
      entityId: a.id,
      details: { kind: a.kind, label: a.label },
    });
    ctx.emit({ topic: 'calendars', ids: [a.id], providerIds: [a.providerId] });
    ctx.emit({ topic: 'busyTime', providerIds: [a.providerId] });
    return { disconnected: a.id };
  },
});

function conflictView(ctx: HandlerContext, conflictId: number) {
  const c = getConflict(ctx.db, conflictId)!;
  const appt = getAppointmentRow(ctx.db, c.appointmentId)!;
  const patient = getPatient(ctx.db, appt.patientId);
  const provider = getProvider(ctx.db, appt.providerId);
  const link = getLink(ctx.db, c.linkId);
  return {
    id: c.id,
    status: c.status,
    detectedMs: c.detectedMs,
    resolvedBy: c.resolvedBy,
    resolvedMs: c.resolvedMs,
    busy: { startMs: c.busyStartMs, endMs: c.busyEndMs, calendar: link?.name ?? null },
    appointment: {
      id: appt.id,
      confirmationCode: appt.confirmationCode,
      startMs: appt.startMs,
      endMs: appt.endMs,
      status: appt.status,
      providerId: appt.providerId,
      providerName: provider?.displayName ?? null,
      patientName: patient ? `${patient.firstName} ${patient.lastName}` : null,
    },
    options: ['keep', 'reschedule', 'notify'] as const,
  };
}

export const calendarsConflicts = defineHandler({
  name: 'calendars/conflicts',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    "Open conflicts: a provider's own calendar is busy over a booked appointment. Nothing is moved automatically.",
  input: z.object({ providerId: id('provider').optional() }).strict(),
  run: (input, ctx) =>
    listOpenConflicts(ctx.db, input.providerId).map((c) => conflictView(ctx, c.id)),
});

const ACTION_STATUS = { keep: 'kept', reschedule: 'rescheduled', notify: 'notified' } as const;

export const calendarsResolveConflict = defineHandler({
  name: 'calendars/resolveConflict',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Decide a conflict: keep the appointment, mark it for rescheduling (book the new time with appointments/reschedule), or note that the provider was told.',
  input: z
    .object({
      conflictId: id('conflict'),
      action: z.enum(['keep', 'reschedule', 'notify'], {
        error: 'action must be keep, reschedule or notify',
      }),
    })
    .strict(),
  run: (input, ctx) => {
    const c = getConflict(ctx.db, input.conflictId);
    if (!c) throw notFound('The conflict', 'conflictId');
    if (c.status !== 'open') {
      throw new AppError(
        'INVALID_STATE',
        `This conflict was already ${c.status === 'gone' ? 'cleared (the busy time went away)' : `decided (${c.status})`}.`,
        'conflictId',
      );
    }
    resolveConflict(ctx.db, c.id, {
      status: ACTION_STATUS[input.action],
      by: ctx.actor,
      now: ctx.now,
    });
    writeAudit(ctx, {
      action: `calendar.conflict.${input.action}`,
      entityType: 'appointment',
      entityId: c.appointmentId,
      details: { conflictId: c.id },
    });
    const appt = getAppointmentRow(ctx.db, c.appointmentId)!;
    ctx.emit({ topic: 'calendars', ids: [c.id], providerIds: [appt.providerId] });
    return conflictView(ctx, c.id);
  },
});

const NOT_WRITTEN_CHOICES = {
  overwrite: 'overwrite',
  keepProviders: 'kept',
  stopSyncing: 'detached',
} as const;

export const calendarsResolveNotWritten = defineHandler({
  name: 'calendars/resolveNotWritten',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    "Decide an appointment the provider's calendar refused (changed there): write the clinic's time over their copy, keep their copy, or stop syncing this appointment to that calendar.",
  input: z
    .object({
      appointmentId: id('appointment'),
      linkId: id('calendar'),
      choice: z.enum(['overwrite', 'keepProviders', 'stopSyncing'], {
        error: 'choice must be overwrite, keepProviders or stopSyncing',
      }),
    })
    .strict(),
  run: (input, ctx) => {
    const link = getLink(ctx.db, input.linkId);
    if (!link) throw notFound('The calendar', 'linkId');
    const appt = getAppointmentRow(ctx.db, input.appointmentId);
    if (!appt) throw notFound('The appointment', 'appointmentId');
    const row = getAppointmentEvent(ctx.db, input);
    if (!row || row.state !== 'failed') {
      throw new AppError(
        'INVALID_STATE',
        `Nothing to decide: this appointment is not waiting on a refused write to ${link.name}.`,
        'appointmentId',
      );
    }
    const state = NOT_WRITTEN_CHOICES[input.choice];
    saveAppointmentEvent(ctx.db, {
      ...row,
      state,
      // Overwrite: the next sync writes (or removes) without If-Match, whatever the copy says.
      etag: state === 'overwrite' ? null : row.etag,
      lastError: null,
    });
    if (state === 'overwrite') queueAccount(ctx.db, link.accountId, ctx.now);
    writeAudit(ctx, {
      action: `calendar.notWritten.${input.choice}`,
      entityType: 'appointment',
      entityId: appt.id,
      details: { linkId: link.id, calendar: link.name, refused: row.lastError },
    });
    ctx.emit({ topic: 'calendars', ids: [link.accountId], providerIds: [appt.providerId] });
    return { appointmentId: appt.id, linkId: link.id, state };
  },
});

export const calendarsHealth = defineHandler({
  name: 'calendars/health',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    "Calendar problems for the provider's calendar header and the desk: accounts whose sign-in was refused or whose sync fails.",
  input: z.object({ providerId: id('provider').optional() }).strict(),
  run: (input, ctx) => {
    const problems = listAccounts(ctx.db, input.providerId)
      .filter((a) => a.status === 'auth_revoked' || a.status === 'error')
      .map((a) => ({
        accountId: a.id,
        providerId: a.providerId,
        label: a.label,
        status: a.status,
        message: healthText(a),
        sinceMs: a.lastSuccessMs,
      }));
    const openConflicts = listOpenConflicts(ctx.db, input.providerId).length;
    // Every appointment the clinic could not write or remove is a named problem, not a silent count.
    const notWritten = appointmentsNotWritten(ctx.db, input.providerId).map((n) => {
      const appt = getAppointmentRow(ctx.db, n.appointmentId);
      const patient = appt ? getPatient(ctx.db, appt.patientId) : null;
      return {
        appointmentId: n.appointmentId,
        confirmationCode: appt?.confirmationCode ?? null,
        providerId: appt?.providerId ?? null,
        providerName: appt ? (getProvider(ctx.db, appt.providerId)?.displayName ?? null) : null,
        patientName: patient ? `${patient.firstName} ${patient.lastName}` : null,
        startMs: appt?.startMs ?? null,
        endMs: appt?.endMs ?? null,
        status: appt?.status ?? null,
        calendar: getLink(ctx.db, n.linkId)?.name ?? null,
        linkId: n.linkId,
        accountId: n.accountId,
        message: n.lastError,
        /** Where the provider's copy sits, as last read from their calendar (null: not read yet). */
        providerCopy: providerCopyOf(ctx.db, { linkId: n.linkId, appointmentId: n.appointmentId }),
      };
    });
    return {
      ok: problems.length === 0 && notWritten.length === 0,
      problems,
      openConflicts,
      notWritten: notWritten.length,
      notWrittenDetails: notWritten,
    };
  },
});

function feedAnswer(token: string) {
  return { path: feedPath(token), token };
}

/** A new feed token for the provider (replacing any old one), audited. */
function issueFeedToken(ctx: HandlerContext, providerId: number, action: string): string {
  const token = newFeedToken();
  saveFeedToken(ctx.db, providerId, token, ctx.now);
  writeAudit(ctx, { action, entityType: 'provider', entityId: providerId });
  return token;
}

export const calendarsFeedUrl = defineHandler({
  name: 'calendars/feedUrl',
  mode: 'write',
  permission: 'calendars.manage',
  summary: "The provider's read-only ICS feed address (path on this host); created on first use.",
  input: providerIdInput,
  run: (input, ctx) => {
    requireProvider(ctx, input.providerId);
    const existing = feedTokenOf(ctx.db, input.providerId);
    return feedAnswer(existing ?? issueFeedToken(ctx, input.providerId, 'calendar.feed.create'));
  },
});

export const calendarsRotateFeed = defineHandler({
  name: 'calendars/rotateFeed',
  mode: 'write',
  permission: 'calendars.manage',
  summary:
    'A new feed address for the provider; the old one stops working at once (a leaked link).',
  input: providerIdInput,
  run: (input, ctx) => {
    requireProvider(ctx, input.providerId);
    return feedAnswer(issueFeedToken(ctx, input.providerId, 'calendar.feed.rotate'));
  },
});

export const appointmentsIcs = defineHandler({
  name: 'appointments/ics',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'One appointment as an .ics file (METHOD:PUBLISH) to open or attach; no visit reason.',
  input: z.object({ appointmentId: id('appointment') }).strict(),
  run: (input, ctx) => {
    const file = appointmentIcsFile(ctx.db, { appointmentId: input.appointmentId, now: ctx.now });
    if (!file) throw notFound('The appointment', 'appointmentId');
    return file;
  },
});
