/**
 * Google Calendar behind the CalendarAccountPort, through the official `@googleapis/calendar`
 * client. The same code talks to Google and, in tests and the bench, to the local stand-in
 * (`rootUrl`).
 *
 * How busy time is read, and why this combination:
 * - First sync: `events.list` with `singleEvents: false`, `showDeleted: true` and `timeMin` (the
 *   start of the sync window), paged with `pageToken` (2,500 a page, Google's maximum); the last
 *   page carries `nextSyncToken`. Google documents `timeMin` as allowed on the full sync that
 *   issues a token, and forbids it (and `timeMax`) on the requests that then use the token.
 * - Later syncs: `events.list` with `syncToken` and the same other parameters: only what changed.
 *   A 410 `fullSyncRequired` means Google dropped the token: we start over and say `fullResync`.
 * - `singleEvents: false` (one row per series, not one per occurrence). Sync tokens also work with
 *   `singleEvents: true`, but with no `timeMax` allowed Google then lists every occurrence of every
 *   open-ended series far into the future: a provider's weekly "team meeting" alone is hundreds of
 *   rows on every full sync, and editing the series returns all of them as changed. So the full sync
 *   expands series here (expand.ts), in the series' own zone. For a series touched by an incremental
 *   change we ask Google for its occurrences in the window (`events.instances`), because a changed
 *   exception arrives without its master and the master's other exceptions.
 * - Results are per series: a recurring event is one remote id whose busy list holds every
 *   occurrence in the window. The window the cursor was expanded for is kept in the cursor; when the
 *   caller asks for a window past it, the next pull is a full resync.
 *
 * Appointments written out carry a neutral title (configurable, "Clinic appointment" by default),
 * a reference code and `extendedProperties.private.clinicdeskAppointmentId`: when Google returns
 * that event in the busy feed it is reported with its appointment id and no busy time, so a
 * booked slot is not blocked by its own mirror.
 */
import { randomBytes } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';
import { lazyPackage } from '../../lazy';
import type { OAuth2Client } from 'google-auth-library';
import { formatInstantLocal } from '../../time';
import {
  CalendarSyncError,
  type BusyInstant,
  type CalendarAccountPort,
  type DeleteEventInput,
  type OutgoingEvent,
  type PullChangesInput,
  type PullChangesResult,
  type PutEventInput,
  type RemoteCalendar,
  type RemoteEventChange,
} from '../port';
import { DEFAULT_BACKOFF, withBackoff, type BackoffOptions } from './backoff';
import { describeFailure, toCalendarSyncError } from './errors';
import {
  APPOINTMENT_ID_PROPERTY,
  clinicAppointmentIdOf,
  eventSpan,
  expandSeries,
  singleBusy,
  type GoogleEvent,
} from './expand';

const googleCalendar = lazyPackage<typeof import('@googleapis/calendar')>('@googleapis/calendar');

export const DEFAULT_TITLE_TEMPLATE = 'Clinic appointment';
/** Google's largest page; fewer round trips on a 10k-event first sync. */
const GOOGLE_MAX_PAGE = 2500;
const DAY_MS = 86_400_000;
/**
 * A full sync expands series this far past the window asked for, so a window that slides forward
 * a day at a time reuses the cursor for a month before a full resync is needed.
 */
export const EXPANSION_MARGIN_MS = 30 * DAY_MS;

export interface GoogleCalendarAccountOptions {
  /** Signed-in client (see oauth.ts `createGoogleAuthClient`); it refreshes tokens itself. */
  auth: OAuth2Client;
  /** Whose account, for messages on the health panel: "dr.patel@northside.example". */
  accountLabel: string;
  /** Whole-day events become busy from local midnight to midnight in this zone. */
  clinicZone: string;
  /** Google's by default; the stand-in's base URL in tests ("http://127.0.0.1:PORT/"). */
  rootUrl?: string;
  /**
   * Title of appointments written to Google. Only `{reference}` may be filled in; anything about
   * the patient or the visit is refused, since the provider's family may share the calendar.
   */
  titleTemplate?: string;
  pageSize?: number;
  backoff?: Partial<BackoffOptions>;
}

interface Cursor {
  syncToken: string;
  expandedStartMs: number;
  expandedEndMs: number;
}

const CURSOR_PREFIX = 'g1.';

export function encodeCursor(c: Cursor): string {
  return CURSOR_PREFIX + Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** A cursor we cannot read (older format, damaged row) just means: sync everything again. */
export function decodeCursor(text: string | null): Cursor | null {
  if (!text?.startsWith(CURSOR_PREFIX)) return null;
  try {
    const c = JSON.parse(Buffer.from(text.slice(CURSOR_PREFIX.length), 'base64url').toString());
    if (
      typeof c?.syncToken === 'string' &&
      Number.isFinite(c.expandedStartMs) &&
      Number.isFinite(c.expandedEndMs)
    ) {
      return c as Cursor;
    }
  } catch {
    // fall through
  }
  return null;
}

const TEMPLATE_FIELDS = /\{([^}]*)\}/g;

/** Checks a title template once, when the account is set up, with a message for the settings page. */
export function checkTitleTemplate(template: string): string {
  const t = template.trim();
  if (t === '' || t.length > 100) {
    throw new CalendarSyncError(
      'BAD_DATA',
      'The calendar event title must be 1 to 100 characters, for example "Clinic appointment".',
    );
  }
  for (const m of t.matchAll(TEMPLATE_FIELDS)) {
    if (m[1] !== 'reference') {
      throw new CalendarSyncError(
        'BAD_DATA',
        `The calendar event title may only fill in {reference}, not {${m[1]}}: events in a provider's calendar carry no patient or visit details.`,
      );
    }
  }
  return t;
}

export function eventTitle(template: string, event: OutgoingEvent): string {
  return template
    .replace(/\{reference\}/g, event.referenceCode ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function outgoingEventBody(
  template: string,
  event: OutgoingEvent,
): calendar_v3.Schema$Event {
  return {
    summary: eventTitle(template, event),
    description: event.referenceCode ? `ClinicDesk reference ${event.referenceCode}` : '',
    start: {
      dateTime: formatInstantLocal(event.timeZone, event.startMs),
      timeZone: event.timeZone,
    },
    end: { dateTime: formatInstantLocal(event.timeZone, event.endMs), timeZone: event.timeZone },
    transparency: 'opaque',
    visibility: 'private',
    extendedProperties: { private: { [APPOINTMENT_ID_PROPERTY]: event.appointmentId } },
  };
}

export class GoogleCalendarAccount implements CalendarAccountPort {
  private readonly api: calendar_v3.Calendar;
  private readonly backoff: BackoffOptions;
  private readonly titleTemplate: string;
  private readonly pageSize: number;

  constructor(private readonly options: GoogleCalendarAccountOptions) {
    this.api = googleCalendar().calendar({
      version: 'v3',
      // googleapis-common pins its own copy of google-auth-library; both copies speak the same
      // `request()` contract, which is all the client uses.
      auth: options.auth as unknown as calendar_v3.Options['auth'],
      ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}),
      // Our own backoff (injectable sleep, Google's rate-limit reasons) instead of gaxios's.
      retry: false,
    });
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.titleTemplate = checkTitleTemplate(options.titleTemplate ?? DEFAULT_TITLE_TEMPLATE);
    this.pageSize = Math.min(GOOGLE_MAX_PAGE, options.pageSize ?? GOOGLE_MAX_PAGE);
  }

  private async call<T>(doing: string, fn: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await withBackoff(fn, this.backoff)).data;
    } catch (e) {
      throw toCalendarSyncError(e, { accountLabel: this.options.accountLabel, doing });
    }
  }

  async listCalendars(): Promise<RemoteCalendar[]> {
    const out: RemoteCalendar[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.call('listing calendars', () =>
        this.api.calendarList.list({ maxResults: 250, pageToken }),
      );
      for (const c of page.items ?? []) {
        if (!c.id) continue;
        out.push({
          id: c.id,
          name: c.summaryOverride || c.summary || c.id,
          primary: c.primary === true,
          writable: c.accessRole === 'owner' || c.accessRole === 'writer',
          timeZone: c.timeZone ?? null,
        });
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return out;
  }

  async pullChanges(input: PullChangesInput): Promise<PullChangesResult> {
    const cursor = decodeCursor(input.cursor);
    const covers =
      cursor !== null &&
      cursor.expandedStartMs <= input.windowStartMs &&
      cursor.expandedEndMs >= input.windowEndMs;
    if (cursor && covers) {
      try {
        return await this.incremental(input.calendarId, cursor);
      } catch (e) {
        if (!(e instanceof CalendarSyncError && e.code === 'CURSOR_EXPIRED')) throw e;
      }
    }
    return this.full(input);
  }

  /** Every page of one `events.list`, and the sync token of the last page. */
  private async listAll(
    calendarId: string,
    params: calendar_v3.Params$Resource$Events$List,
  ): Promise<{ items: GoogleEvent[]; syncToken: string }> {
    const items: GoogleEvent[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const page = await this.call(`reading calendar ${calendarId}`, () =>
        this.api.events.list({
          ...params,
          calendarId,
          pageToken,
          maxResults: this.pageSize,
          singleEvents: false,
          showDeleted: true,
        }),
      );
      for (const item of page.items ?? []) items.push(item);
      if (page.nextPageToken) {
        pageToken = page.nextPageToken;
        continue;
      }
      if (!page.nextSyncToken) {
        throw new CalendarSyncError(
          'BAD_DATA',
          `Google ended the event list of calendar ${calendarId} for ${this.options.accountLabel} without a sync token; ClinicDesk will try a full sync again.`,
        );
      }
      return { items, syncToken: page.nextSyncToken };
    }
  }

  private async full(input: PullChangesInput): Promise<PullChangesResult> {
    const { calendarId, windowStartMs } = input;
    const expandedEndMs = input.windowEndMs + EXPANSION_MARGIN_MS;
    const { items, syncToken } = await this.listAll(calendarId, {
      timeMin: new Date(windowStartMs).toISOString(),
    });
    const zone = this.options.clinicZone;
    const exceptionsOf = new Map<string, GoogleEvent[]>();
    for (const e of items) {
      if (!e.recurringEventId) continue;
      const list = exceptionsOf.get(e.recurringEventId) ?? [];
      list.push(e);
      exceptionsOf.set(e.recurringEventId, list);
    }
    const changes: RemoteEventChange[] = [];
    const seriesSeen = new Set<string>();
    for (const e of items) {
      // Deleted events and moved/cancelled occurrences are folded into nothing / their series.
      if (!e.id || e.recurringEventId) continue;
      if (e.status === 'cancelled') {
        seriesSeen.add(e.id); // a deleted series: its leftover exceptions need no lookup
        continue;
      }
      const busy = e.recurrence?.length
        ? expandSeries({
            master: e,
            exceptions: exceptionsOf.get(e.id) ?? [],
            windowStartMs,
            windowEndMs: expandedEndMs,
            clinicZone: zone,
          })
        : spanOf(e, zone);
      if (e.recurrence?.length) seriesSeen.add(e.id);
      changes.push(upsertOf(e, busy));
    }
    // An occurrence moved into the window whose series began and ended before it (so the series
    // itself was not listed): ask Google for that series' occurrences.
    for (const seriesId of exceptionsOf.keys()) {
      if (seriesSeen.has(seriesId)) continue;
      const change = await this.seriesChange(calendarId, seriesId, {
        expandedStartMs: windowStartMs,
        expandedEndMs,
      });
      if (change.kind === 'upsert') changes.push(change);
    }
    return {
      changes,
      nextCursor: encodeCursor({ syncToken, expandedStartMs: windowStartMs, expandedEndMs }),
      fullResync: true,
    };
  }

  private async incremental(calendarId: string, cursor: Cursor): Promise<PullChangesResult> {
    const { items, syncToken } = await this.listAll(calendarId, { syncToken: cursor.syncToken });
    const changes: RemoteEventChange[] = [];
    const deleted = new Set<string>();
    const touchedSeries = new Map<string, GoogleEvent | null>();
    for (const e of items) {
      if (!e.id) continue;
      if (e.recurringEventId) {
        if (!touchedSeries.has(e.recurringEventId)) touchedSeries.set(e.recurringEventId, null);
      } else if (e.status === 'cancelled') {
        deleted.add(e.id);
      } else if (e.recurrence?.length) {
        touchedSeries.set(e.id, e);
      } else {
        changes.push(upsertOf(e, spanOf(e, this.options.clinicZone)));
      }
    }
    for (const id of deleted) {
      touchedSeries.delete(id);
      changes.push({ kind: 'delete', remoteId: id });
    }
    for (const [seriesId, master] of touchedSeries) {
      changes.push(await this.seriesChange(calendarId, seriesId, cursor, master));
    }
    return {
      changes,
      nextCursor: encodeCursor({ ...cursor, syncToken }),
      fullResync: false,
    };
  }

  /** A series as Google expands it, with its exceptions applied, inside the cursor's window. */
  private async seriesChange(
    calendarId: string,
    seriesId: string,
    window: Pick<Cursor, 'expandedStartMs' | 'expandedEndMs'>,
    knownMaster: GoogleEvent | null = null,
  ): Promise<RemoteEventChange> {
    const doing = `reading a repeating event in calendar ${calendarId}`;
    let master = knownMaster;
    try {
      master ??= await this.call(doing, () =>
        this.api.events.get({ calendarId, eventId: seriesId }),
      );
    } catch (e) {
      if (e instanceof CalendarSyncError && e.code === 'NOT_FOUND') {
        return { kind: 'delete', remoteId: seriesId };
      }
      throw e;
    }
    if (master.status === 'cancelled') return { kind: 'delete', remoteId: seriesId };
    const busy: BusyInstant[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.call(doing, () =>
        this.api.events.instances({
          calendarId,
          eventId: seriesId,
          timeMin: new Date(window.expandedStartMs).toISOString(),
          timeMax: new Date(window.expandedEndMs).toISOString(),
          maxResults: this.pageSize,
          pageToken,
        }),
      );
      for (const occurrence of page.items ?? []) {
        busy.push(...singleBusy(occurrence, this.options.clinicZone));
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    busy.sort((a, b) => a.startMs - b.startMs);
    return upsertOf(master, busy);
  }

  async putEvent(input: PutEventInput): Promise<{ remoteId: string; etag: string }> {
    const { calendarId, event, remoteId, etag, newId } = input;
    const requestBody = outgoingEventBody(this.titleTemplate, event);
    const doing = `writing appointment ${event.referenceCode ?? event.appointmentId} to calendar ${calendarId}`;
    const insertOrUpdate = async () => {
      if (!newId)
        return this.call(doing, () => this.api.events.insert({ calendarId, requestBody }));
      try {
        return await this.call(doing, () =>
          this.api.events.insert({ calendarId, requestBody: { ...requestBody, id: newId } }),
        );
      } catch (e) {
        // 409 "identifier already exists": the first try reached Google before a crash. Update
        // that event rather than write a second one.
        if (!(e instanceof CalendarSyncError && e.code === 'CONFLICT')) throw e;
        return this.call(doing, () =>
          this.api.events.patch({ calendarId, eventId: newId, requestBody }),
        );
      }
    };
    const written = remoteId
      ? await this.call(doing, () =>
          this.api.events.patch(
            { calendarId, eventId: remoteId, requestBody },
            etag ? { headers: { 'If-Match': etag } } : {},
          ),
        )
      : await insertOrUpdate();
    if (!written.id || !written.etag) {
      throw new CalendarSyncError(
        'BAD_DATA',
        `Google accepted appointment ${event.referenceCode ?? event.appointmentId} for ${this.options.accountLabel} but did not say under which id; ClinicDesk will check the calendar on the next sync.`,
      );
    }
    return { remoteId: written.id, etag: written.etag };
  }

  async deleteEvent(input: DeleteEventInput): Promise<void> {
    const { calendarId, remoteId, etag } = input;
    try {
      await withBackoff(
        () =>
          this.api.events.delete(
            { calendarId, eventId: remoteId },
            etag ? { headers: { 'If-Match': etag } } : {},
          ),
        this.backoff,
      );
    } catch (e) {
      const status = describeFailure(e).status;
      // Already deleted (404) or deleted earlier and remembered as such (410): the goal is met.
      if (status === 404 || status === 410) return;
      throw toCalendarSyncError(e, {
        accountLabel: this.options.accountLabel,
        doing: `removing a cancelled appointment from calendar ${calendarId}`,
      });
    }
  }
}

/** Busy time, or for the clinic's own event where the provider's copy sits (never busy time). */
function spanOf(e: GoogleEvent, zone: string): BusyInstant[] {
  return clinicAppointmentIdOf(e) !== null ? eventSpan(e, zone) : singleBusy(e, zone);
}

function upsertOf(e: GoogleEvent, busy: BusyInstant[]): RemoteEventChange {
  return {
    kind: 'upsert',
    remoteId: e.id!,
    etag: e.etag ?? '',
    busy,
    transparent: e.transparency === 'transparent',
    cancelled: false,
    clinicAppointmentId: clinicAppointmentIdOf(e),
  };
}

export function createGoogleCalendarAccount(
  options: GoogleCalendarAccountOptions,
): GoogleCalendarAccount {
  return new GoogleCalendarAccount(options);
}

/**
 * A new Google event id: base32hex (lowercase a–v and 0–9), 5 to 1024 characters, as Google's
 * events.insert requires. 26 characters from 16 random bytes: unique without asking anyone.
 */
export function newGoogleEventId(
  random: (n: number) => Uint8Array = (n) => randomBytes(n),
): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  const bytes = random(16);
  let bits = 0;
  let value = 0;
  let out = 'cd';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
