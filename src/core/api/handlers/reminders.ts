import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import { getVisitType } from '../../db/repos/directory';
import {
  getInbound,
  getMessagingSettings,
  listInbound,
  listOptOuts,
  listReminders,
  reminderCounts,
  resolveInbound,
  saveMessagingSettings,
  savePolicyRow,
  type InboundRow,
  type MessagingSettingsRow,
  type ReminderListItem,
} from '../../db/repos/reminders';
import { getAppointmentRow } from '../../db/repos/appointments';
import { id, localDate, must } from '../../entities/common';
import { callQueue, recordCallOutcome, tomorrow } from '../../reminders/escalation';
import { openRecallCalls } from '../../access/service/recall';
import {
  bulkAudience,
  policyFor,
  policyToInput,
  queueBulkMessage,
  type ConfiguredChannels,
} from '../../reminders/outbox';
import { MAX_BULK_SMS_SEGMENTS } from '../../../shared/sms';
import { parseReminderPolicy, REPLY_KEYWORDS, smsSize } from '../../reminders';
import { localDayBounds, toIso } from '../../time';
import { AppError, notFound } from '../../errors';
import { secretAfterEndpointChange } from '../../secrets/endpointChange';
import { defineHandler, type HandlerContext } from '../handler';

// ---------------------------------------------------------------------------------------------
// Settings

/** https, or plain http to this machine (a local stand-in or a tunnel's local end). */
const url = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(500, `${what} is too long`)
    .refine((s) => {
      try {
        const u = new URL(s);
        return (
          u.protocol === 'https:' ||
          (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))
        );
      } catch {
        return false;
      }
    }, `${what} must be an https:// address (plain http only to this computer)`)
    .transform((s) => s.replace(/\/+$/, ''));

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const settingsInput = z
  .object({
    twilioAccountSid: optional(
      z
        .string({ error: 'Twilio account SID must be text' })
        .trim()
        .regex(/^AC[0-9a-fA-F]{32}$/, 'Twilio account SID must be AC followed by 32 hex digits'),
    ),
    twilioAuthToken: optional(
      z
        .string({ error: 'Twilio auth token must be text' })
        .min(8, 'Twilio auth token is too short')
        .max(200),
    ),
    twilioFrom: optional(
      z
        .string({ error: 'Twilio number must be text' })
        .trim()
        .regex(
          /^\+[1-9]\d{7,14}$/,
          'Twilio number must be written in international form, e.g. +15125550123',
        ),
    ),
    twilioApiBaseUrl: optional(url('Twilio API address')),
    publicBaseUrl: optional(url('public address')),
    smtpHost: optional(
      z
        .string({ error: 'mail server must be text' })
        .trim()
        .min(1, 'mail server is required')
        .max(253)
        .regex(
          /^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/,
          'mail server must be a host name such as smtp.example.com',
        ),
    ),
    smtpPort: optional(
      z
        .number({ error: 'mail server port must be a number' })
        .int('mail server port must be a whole number')
        .min(1, 'mail server port must be 1 to 65535')
        .max(65535, 'mail server port must be 1 to 65535'),
    ),
    smtpSecure: z.boolean({ error: 'secure must be yes or no' }).optional(),
    smtpUser: optional(z.string({ error: 'mail user must be text' }).trim().max(200)),
    smtpPassword: optional(z.string({ error: 'mail password must be text' }).min(1).max(500)),
    emailFrom: optional(
      z
        .string({ error: 'sender address must be text' })
        .trim()
        .max(300)
        .regex(
          /^([^<>]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/,
          'sender address must look like name@clinic.example or Clinic <name@clinic.example>',
        ),
    ),
    ratePerSecond: z
      .number({ error: 'rate must be a number' })
      .min(0, 'rate must be 0 (no limit) or more messages per second')
      .max(100, 'rate must be at most 100 messages per second')
      .optional(),
  })
  .strict();

function settingsView(s: MessagingSettingsRow, secretsWhere: string | null) {
  return {
    paused: s.paused,
    twilio: {
      accountSid: s.twilioAccountSid,
      from: s.twilioFrom,
      apiBaseUrl: s.twilioApiBaseUrl,
      hasAuthToken: s.twilioAuthTokenSealed !== null,
      ready: Boolean(s.twilioAccountSid && s.twilioAuthTokenSealed && s.twilioFrom),
    },
    publicBaseUrl: s.publicBaseUrl,
    webhooks: s.publicBaseUrl
      ? {
          inboundSms: `${s.publicBaseUrl}/twilio/sms`,
          statusCallback: `${s.publicBaseUrl}/twilio/status`,
        }
      : null,
    smtp: {
      host: s.smtpHost,
      port: s.smtpPort,
      secure: s.smtpSecure,
      user: s.smtpUser,
      hasPassword: s.smtpPasswordSealed !== null,
      /**
       * A user without a password: the password was dropped when the server or user changed
       * (or never entered) and must be entered before mail can be sent.
       */
      passwordNeeded: Boolean(s.smtpUser) && s.smtpPasswordSealed === null,
      from: s.emailFrom,
      ready: Boolean(s.smtpHost && s.emailFrom) && !(s.smtpUser && s.smtpPasswordSealed === null),
    },
    ratePerSecond: s.ratePerSecond,
    lastInboundPollAt: s.lastInboundPollMs === null ? null : toIso(s.lastInboundPollMs),
    secretsKeptIn: secretsWhere,
    replyKeywords: REPLY_KEYWORDS,
  };
}

export const messagingGetSettings = defineHandler({
  name: 'messaging/getSettings',
  mode: 'read',
  permission: 'settings.manage',
  summary: 'Twilio and e-mail settings as saved; tokens and passwords are never returned.',
  input: z.object({}).strict(),
  run: (_input, ctx) => settingsView(getMessagingSettings(ctx.db), ctx.secrets?.describe ?? null),
});

export const messagingSetSettings = defineHandler({
  name: 'messaging/setSettings',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Change Twilio, SMTP and pacing settings; a field left out is kept, null clears it; the token and password are sealed.',
  input: settingsInput,
  run: (input, ctx) => {
    const before = getMessagingSettings(ctx.db);
    const needsSeal = Boolean(input.twilioAuthToken || input.smtpPassword);
    if (needsSeal && !ctx.secrets) {
      throw new AppError(
        'INVALID_STATE',
        'This window cannot store credentials; use the desktop app or the host.',
      );
    }
    const pick = <K extends keyof typeof input>(k: K, current: unknown) =>
      input[k] === undefined ? current : input[k];
    const seal = (plain: string) => ctx.secrets!.seal(plain);
    const twilioAccountSid = pick('twilioAccountSid', before.twilioAccountSid) as string | null;
    const twilioApiBaseUrl = pick('twilioApiBaseUrl', before.twilioApiBaseUrl) as string | null;
    const smtpHost = pick('smtpHost', before.smtpHost) as string | null;
    const smtpPort = pick('smtpPort', before.smtpPort) as number | null;
    const smtpUser = pick('smtpUser', before.smtpUser) as string | null;
    // A token or password saved for one address is never sent to another (secrets/endpointChange.ts).
    const twilioToken = secretAfterEndpointChange({
      endpointBefore: { account: before.twilioAccountSid, api: before.twilioApiBaseUrl },
      endpointAfter: { account: twilioAccountSid, api: twilioApiBaseUrl },
      sealedBefore: before.twilioAuthTokenSealed,
      secret: input.twilioAuthToken,
      seal,
    });
    const smtpPassword = secretAfterEndpointChange({
      endpointBefore: { host: before.smtpHost, port: before.smtpPort, user: before.smtpUser },
      endpointAfter: { host: smtpHost, port: smtpPort, user: smtpUser },
      sealedBefore: before.smtpPasswordSealed,
      secret: input.smtpPassword,
      seal,
    });
    const next: MessagingSettingsRow = {
      ...before,
      twilioAccountSid,
      twilioAuthTokenSealed: twilioToken.sealed,
      twilioFrom: pick('twilioFrom', before.twilioFrom) as string | null,
      twilioApiBaseUrl,
      publicBaseUrl: pick('publicBaseUrl', before.publicBaseUrl) as string | null,
      smtpHost,
      smtpPort,
      smtpSecure: input.smtpSecure ?? before.smtpSecure,
      smtpUser,
      smtpPasswordSealed: smtpPassword.sealed,
      emailFrom: pick('emailFrom', before.emailFrom) as string | null,
      ratePerSecond: input.ratePerSecond ?? before.ratePerSecond,
      updatedMs: ctx.now,
    };
    if (next.twilioAccountSid && !next.twilioAuthTokenSealed) {
      throw new AppError(
        'VALIDATION',
        twilioToken.cleared
          ? `twilioAuthToken: enter the Twilio auth token again — the ${twilioToken.changed.includes('account') ? 'account SID' : 'API address'} changed, and the saved token is not sent to a new one`
          : 'twilioAuthToken: the Twilio auth token is required with an account SID',
        'twilioAuthToken',
      );
    }
    saveMessagingSettings(ctx.db, next);
    writeAudit(ctx, {
      action: 'messaging.settings',
      entityType: 'messaging_settings',
      entityId: 1,
      details: {
        changed: Object.keys(input).filter((k) => !/Token|Password/.test(k)),
        ...(smtpPassword.cleared ? { smtpPasswordCleared: smtpPassword.changed } : {}),
      },
    });
    ctx.emit({ topic: 'messaging' });
    return settingsView(next, ctx.secrets?.describe ?? null);
  },
});

// ---------------------------------------------------------------------------------------------
// Policy

function policyView(ctx: HandlerContext, visitTypeId: number | null) {
  const p = policyFor(ctx.db, visitTypeId);
  return {
    visitTypeId,
    source: p.source,
    policy: policyToInput(p.policy),
    escalateMinutesBefore: p.escalateMinutesBefore,
  };
}

function requireVisitType(
  ctx: HandlerContext,
  visitTypeId: number | null | undefined,
): number | null {
  if (visitTypeId === undefined || visitTypeId === null) return null;
  if (!getVisitType(ctx.db, visitTypeId)) throw notFound('The visit type', 'visitTypeId');
  return visitTypeId;
}

export const remindersGetPolicy = defineHandler({
  name: 'reminders/getPolicy',
  mode: 'read',
  permission: 'messaging.use',
  summary:
    "The reminder policy in force for a visit type (its own, else the clinic's, else the built-in default).",
  input: z.object({ visitTypeId: id('visit type').nullable().optional() }).strict(),
  run: (input, ctx) => policyView(ctx, requireVisitType(ctx, input.visitTypeId)),
});

export const remindersSetPolicy = defineHandler({
  name: 'reminders/setPolicy',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    "Save the clinic's reminder policy, or one visit type's: touchpoints, quiet hours, the escalation point.",
  input: z
    .object({
      visitTypeId: id('visit type').nullable().optional(),
      policy: z.unknown().refine((v) => v !== undefined, 'policy is required'),
      escalateMinutesBefore: z
        .number({ error: 'escalation point must be a number of minutes or null (no escalation)' })
        .int('escalation point must be a whole number of minutes')
        .min(60, 'escalation point must be at least 60 minutes before the visit')
        .max(7 * 24 * 60, 'escalation point must be at most 7 days before the visit')
        .nullable()
        .optional(),
    })
    .strict(),
  run: (input, ctx) => {
    const visitTypeId = requireVisitType(ctx, input.visitTypeId);
    let policy;
    try {
      policy = parseReminderPolicy(input.policy);
    } catch (e) {
      if (e instanceof AppError) {
        const field = e.field ? `policy.${e.field}` : 'policy';
        throw new AppError('VALIDATION', `${field}: ${e.message}`, field);
      }
      throw e;
    }
    const escalate =
      input.escalateMinutesBefore === undefined
        ? policyFor(ctx.db, visitTypeId).escalateMinutesBefore
        : input.escalateMinutesBefore;
    savePolicyRow(ctx.db, {
      visitTypeId,
      policy: JSON.stringify({ ...policyToInput(policy), escalateMinutesBefore: escalate }),
      updatedMs: ctx.now,
    });
    writeAudit(ctx, {
      action: 'reminders.policy',
      entityType: visitTypeId === null ? 'clinic' : 'visit_type',
      entityId: visitTypeId ?? 1,
      details: {
        touchpoints: policy.touchpoints.map((t) => t.key),
        escalateMinutesBefore: escalate,
      },
    });
    ctx.emit({ topic: 'reminders' });
    return policyView(ctx, visitTypeId);
  },
});

// ---------------------------------------------------------------------------------------------
// The reminder queue

const STATUSES = [
  'scheduled',
  'sending',
  'sent',
  'delivered',
  'failed',
  'skipped',
  'cancelled',
  'dropped',
] as const;

function reminderView(r: ReminderListItem) {
  return {
    id: r.id,
    appointmentId: r.appointmentId,
    patientId: r.patientId,
    patientName: r.patientName,
    appointmentStart: toIso(r.appointmentStartMs),
    appointmentStatus: r.appointmentStatus,
    touchpoint: r.touchpointKey,
    kind: r.kind,
    channel: r.channel,
    to: r.toAddress,
    status: r.status,
    due: toIso(r.dueMs),
    notAfter: toIso(r.notAfterMs),
    attempts: r.attempts,
    nextAttempt: r.nextAttemptMs === null ? null : toIso(r.nextAttemptMs),
    sentAt: r.sentMs === null ? null : toIso(r.sentMs),
    text: r.body,
    providerMessageId: r.providerMessageId,
    reason: r.reason,
    error: r.error,
  };
}

export const remindersList = defineHandler({
  name: 'reminders/list',
  mode: 'read',
  permission: 'messaging.use',
  summary:
    'The reminder queue: messages by status (scheduled, sent, failed with reasons …), due date range or appointment.',
  input: z
    .object({
      statuses: z
        .array(z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(', ')}` }))
        .min(1, 'list at least one status, or leave statuses out')
        .optional(),
      from: localDate('from').optional(),
      to: localDate('to').optional(),
      appointmentId: id('appointment').optional(),
      limit: z
        .number({ error: 'limit must be a number' })
        .int()
        .min(1, 'limit must be at least 1')
        .max(1000, 'limit must be at most 1000')
        .default(200),
    })
    .strict()
    .refine((i) => !i.from || !i.to || i.to >= i.from, {
      message: 'to must not be before from',
      path: ['to'],
    }),
  run: (input, ctx) => {
    const zone = getClinic(ctx.db, ctx.now).timeZone;
    const items = listReminders(ctx.db, {
      statuses: input.statuses,
      fromMs: input.from ? localDayBounds(zone, input.from).start : undefined,
      toMs: input.to ? localDayBounds(zone, input.to).end : undefined,
      appointmentId: input.appointmentId,
      limit: input.limit,
    });
    return {
      paused: getMessagingSettings(ctx.db).paused,
      counts: reminderCounts(ctx.db),
      items: items.map(reminderView),
    };
  },
});

export const remindersForAppointment = defineHandler({
  name: 'reminders/forAppointment',
  mode: 'read',
  permission: 'schedule.view',
  summary: "One appointment's messages: planned, sent, skipped and failed, each with its reason.",
  input: z.object({ appointmentId: id('appointment') }).strict(),
  run: (input, ctx) => {
    if (!getAppointmentRow(ctx.db, input.appointmentId))
      throw notFound('The appointment', 'appointmentId');
    return listReminders(ctx.db, { appointmentId: input.appointmentId, limit: 1000 })
      .map(reminderView)
      .reverse();
  },
});

function setPaused(ctx: HandlerContext, paused: boolean) {
  const s = getMessagingSettings(ctx.db);
  saveMessagingSettings(ctx.db, { ...s, paused, updatedMs: ctx.now });
  writeAudit(ctx, {
    action: paused ? 'reminders.paused' : 'reminders.resumed',
    entityType: 'messaging_settings',
    entityId: 1,
  });
  ctx.emit({ topic: 'reminders' });
  return { paused };
}

export const remindersPause = defineHandler({
  name: 'reminders/pause',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Stop sending: messages stay in the queue (and are dropped if they pass their usefulness).',
  input: z.object({}).strict(),
  run: (_input, ctx) => setPaused(ctx, true),
});

export const remindersResume = defineHandler({
  name: 'reminders/resume',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Send again after a pause.',
  input: z.object({}).strict(),
  run: (_input, ctx) => setPaused(ctx, false),
});

/** The channels a bulk message can go out on: the ones whose settings are complete. */
function configuredChannels(s: MessagingSettingsRow): ConfiguredChannels {
  const view = settingsView(s, null);
  return { sms: view.twilio.ready, email: view.smtp.ready };
}

const bulkFilters = {
  date: localDate('date'),
  channel: z
    .enum(['sms', 'email', 'best'], { error: 'channel must be sms, email or best' })
    .default('best'),
  providerIds: z.array(id('provider'), { error: 'providerIds must be a list' }).max(500).optional(),
  locationIds: z.array(id('location'), { error: 'locationIds must be a list' }).max(50).optional(),
};

export const remindersBulkPreview = defineHandler({
  name: 'reminders/bulkPreview',
  mode: 'read',
  permission: 'messaging.use',
  summary:
    'Before a message to everyone booked on a day: how many patients, how many each channel reaches, why nothing can be sent (if so), and whom to phone.',
  input: z.object(bulkFilters).strict(),
  run: (input, ctx) => {
    const a = bulkAudience(ctx, {
      ...input,
      configured: configuredChannels(getMessagingSettings(ctx.db)),
    });
    return {
      date: a.date,
      count: a.count,
      deliverable: a.deliverable,
      byChannel: a.byChannel,
      refusedReason:
        a.count === 0
          ? `nobody is booked on ${a.date}${input.providerIds?.length || input.locationIds?.length ? ' with those providers and locations' : ''} from now on`
          : a.refusedReason,
      callList: a.recipients
        .filter((r) => r.channel === null)
        .map((r) => ({
          patientId: r.patientId,
          appointmentId: r.appointmentId,
          name: r.name,
          phone: r.phone,
          reason: r.reason!,
        })),
    };
  },
});

export const remindersBulkMessage = defineHandler({
  name: 'reminders/bulkMessage',
  mode: 'write',
  permission: 'messaging.use',
  summary:
    'Queue one message to every patient booked on a day (the clinic closed for snow), optionally of some providers or locations; by SMS, e-mail or each one’s best channel.',
  input: z
    .object({
      ...bulkFilters,
      message: z
        .string({ error: must('message', 'text') })
        .trim()
        .min(1, 'message is required')
        .max(600, 'message is too long (at most 600 characters)'),
      /** The N of the "Send to N patients?" the desk confirmed; a different count is refused. */
      expectedRecipients: z
        .number({ error: 'expectedRecipients must be a number' })
        .int()
        .min(0)
        .optional(),
    })
    .strict(),
  run: (input, ctx) => {
    const clinic = getClinic(ctx.db, ctx.now);
    const text = `${clinic.name}: ${input.message}`;
    const size = smsSize(text);
    if (input.channel === 'sms' && size.segments > MAX_BULK_SMS_SEGMENTS) {
      throw new AppError(
        'VALIDATION',
        `message: with the clinic's name it is ${size.segments} text messages long; keep it to ${MAX_BULK_SMS_SEGMENTS} or fewer`,
        'message',
      );
    }
    const r = queueBulkMessage(ctx, {
      ...input,
      configured: configuredChannels(getMessagingSettings(ctx.db)),
    });
    writeAudit(ctx, {
      action: 'reminders.bulk',
      entityType: 'clinic',
      entityId: 1,
      details: {
        date: input.date,
        channel: input.channel,
        providerIds: input.providerIds ?? null,
        locationIds: input.locationIds ?? null,
        queued: r.queued,
        skipped: r.skipped.length,
      },
    });
    ctx.emit({ topic: 'reminders' });
    return { ...r, smsSegments: size.segments };
  },
});

// ---------------------------------------------------------------------------------------------
// Inbox and opt-outs

function inboundView(r: InboundRow & { patientName?: string | null }) {
  return {
    id: r.id,
    channel: r.channel,
    from: r.fromAddress,
    body: r.body,
    receivedAt: toIso(r.receivedMs),
    classification: r.classification,
    appointmentId: r.appointmentId,
    patientName: r.patientName ?? null,
    status: r.status,
    note: r.note,
    handledBy: r.handledBy,
    handledAt: r.handledMs === null ? null : toIso(r.handledMs),
  };
}

export const inboxList = defineHandler({
  name: 'inbox/list',
  mode: 'read',
  permission: 'messaging.use',
  summary:
    "Patients' messages: by default the ones waiting for staff; 'all' includes those acted on automatically.",
  input: z
    .object({
      status: z
        .enum(['staff', 'handled', 'done', 'all'], {
          error: 'status must be staff, handled, done or all',
        })
        .default('staff'),
      limit: z
        .number({ error: 'limit must be a number' })
        .int()
        .min(1, 'limit must be at least 1')
        .max(1000, 'limit must be at most 1000')
        .default(200),
    })
    .strict(),
  run: (input, ctx) =>
    listInbound(ctx.db, {
      status: input.status === 'all' ? null : input.status,
      limit: input.limit,
    }).map(inboundView),
});

export const inboxResolve = defineHandler({
  name: 'inbox/resolve',
  mode: 'write',
  permission: 'messaging.use',
  summary: 'Mark a message in the staff inbox as dealt with, with an optional note.',
  input: z
    .object({
      inboundId: id('message'),
      note: z
        .string({ error: 'note must be text' })
        .trim()
        .max(1000, 'note is too long (at most 1000 characters)')
        .optional(),
    })
    .strict(),
  run: (input, ctx) => {
    const row = getInbound(ctx.db, input.inboundId);
    if (!row) throw notFound('The message', 'inboundId');
    if (row.status === 'done')
      throw new AppError('INVALID_STATE', 'This message was already dealt with.', 'inboundId');
    resolveInbound(ctx.db, { id: row.id, note: input.note || null, by: ctx.actor, now: ctx.now });
    writeAudit(ctx, { action: 'inbox.resolved', entityType: 'inbound_message', entityId: row.id });
    ctx.emit({ topic: 'inbox', ids: [row.id] });
    return inboundView(getInbound(ctx.db, row.id)!);
  },
});

export const optOutsList = defineHandler({
  name: 'optOuts/list',
  mode: 'read',
  permission: 'messaging.use',
  summary: 'Numbers that replied STOP (and, when asked, those that opted back in).',
  input: z
    .object({
      includeOptedIn: z.boolean({ error: 'includeOptedIn must be yes or no' }).default(false),
      limit: z
        .number({ error: 'limit must be a number' })
        .int()
        .min(1, 'limit must be at least 1')
        .max(5000, 'limit must be at most 5000')
        .default(1000),
    })
    .strict(),
  run: (input, ctx) =>
    listOptOuts(ctx.db, input.includeOptedIn, input.limit).map((o) => ({
      address: o.address,
      channel: o.channel,
      optedOutAt: toIso(o.optedOutMs),
      optedInAt: o.optedInMs === null ? null : toIso(o.optedInMs),
      source: o.source,
    })),
});

// ---------------------------------------------------------------------------------------------
// The call queue

export const callQueueList = defineHandler({
  name: 'callQueue/list',
  mode: 'read',
  permission: 'messaging.use',
  summary:
    "A day's patients to phone (default tomorrow): unconfirmed or unreachable, riskiest first; and the recall calls owed (recallCalls).",
  input: z.object({ date: localDate('date').optional() }).strict(),
  run: (input, ctx) => {
    const date = input.date ?? tomorrow(ctx.db, ctx.now);
    return {
      date,
      items: callQueue(ctx.db, { date, now: ctx.now }),
      recallCalls: openRecallCalls(ctx),
    };
  },
});

export const callQueueRecord = defineHandler({
  name: 'callQueue/record',
  mode: 'write',
  permission: 'messaging.use',
  summary:
    'One-click outcome of a call: confirmed, voicemail, no answer, cancelled (by the patient) or rescheduled.',
  input: z
    .object({
      taskId: id('call task').optional(),
      appointmentId: id('appointment').optional(),
      outcome: z.enum(['confirmed', 'voicemail', 'no_answer', 'cancelled', 'rescheduled'], {
        error: must('outcome', 'confirmed, voicemail, no_answer, cancelled or rescheduled'),
      }),
      note: z
        .string({ error: 'note must be text' })
        .trim()
        .max(1000, 'note is too long (at most 1000 characters)')
        .optional(),
    })
    .strict()
    .refine((i) => (i.taskId === undefined) !== (i.appointmentId === undefined), {
      message: 'give either a call task or an appointment',
      path: ['taskId'],
    }),
  run: (input, ctx) => {
    const task = recordCallOutcome(ctx, {
      taskId: input.taskId,
      appointmentId: input.appointmentId,
      outcome: input.outcome,
      note: input.note || null,
    });
    ctx.emit({ topic: 'callQueue', ids: [task.id] });
    ctx.emit({ topic: 'appointments', ids: [task.appointmentId] });
    return {
      ...task,
      createdAt: toIso(task.createdMs),
      updatedAt: toIso(task.updatedMs),
    };
  },
});
