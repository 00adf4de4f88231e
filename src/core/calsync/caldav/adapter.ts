/**
 * CalDAV (iCloud, Fastmail, Nextcloud, Radicale …) behind the CalendarAccountPort.
 *
 * tsdav does the WebDAV plumbing: discovery (/.well-known/caldav, current-user-principal,
 * calendar-home-set), the calendar list with its supported reports, calendar-query and
 * sync-collection REPORTs and the PUT/DELETE requests. Two things are ours, and why:
 * - Every request goes through `guardedFetch`, which adds Basic auth and turns 401, 429 and 5xx
 *   into typed CalendarSyncErrors. tsdav reports DAV errors as `ok: false` entries, and its
 *   discovery swallows some failures; without the guard a wrong password would look like an empty
 *   calendar, which would silently free the provider's whole week.
 * - Recurrences are expanded here with calsync/ical `busyIntervals`, not by the server: Radicale
 *   3.1.8 returns the master unexpanded for `<C:expand>` and servers disagree on overrides.
 * - Which events to read is NOT left to the server's time-range filter: some servers (xandikos
 *   0.2.8, and others) match a recurring event only when its first instance is in the range, so a
 *   standing Thursday meeting that began last year would never block time. Every read lists the
 *   whole collection (a calendar-query with no time-range) and the window is applied here, by the
 *   expander. A provider's calendar is thousands of events at most; the bench reads 2,000 in well
 *   under the 5 s target. A full re-read also happens at least once a day (FULL_REREAD_MS), which
 *   heals anything an incremental read missed.
 *
 * How changes are read:
 * - When the calendar offers sync-collection (RFC 6578), the first pull reads every event with a
 *   calendar-query and takes the collection's sync-token (read BEFORE the query, so a change that
 *   lands in between is read again rather than missed); later pulls send the token and get only
 *   what changed, deletions as 404 entries. A refused token (403/409 valid-sync-token) means a
 *   full resync.
 * - Otherwise the cursor keeps every event's ETag and the collection's ctag: an unchanged ctag is
 *   "nothing changed"; else a getetag-only query is compared with the stored ETags and only the
 *   changed events are fetched.
 *
 * Writing: our events are `clinicdesk-<appointmentId>.ics` with `X-CLINICDESK-APPOINTMENT-ID`, so
 * their echo never counts as busy time. A create sends If-None-Match: * and an update If-Match
 * with the ETag we last saw: a 412 is CONFLICT, so a change the provider made on their phone is
 * never overwritten blindly.
 */
import type { DAVAccount, DAVCalendar, DAVResponse } from 'tsdav';
import { lazyPackage } from '../../lazy';
import { DEFAULT_TITLE_TEMPLATE, checkTitleTemplate, eventTitle } from '../google/adapter';
import {
  busyIntervals,
  calendarResourceIcs,
  parseCalendar,
  IcalError,
  type BusyInterval,
} from '../ical';
import {
  CalendarSyncError,
  type CalendarAccountPort,
  type DeleteEventInput,
  type PullChangesInput,
  type PullChangesResult,
  type PutEventInput,
  type RemoteCalendar,
  type RemoteEventChange,
} from '../port';

/**
 * The UID ClinicDesk put in a resource it created (`clinicdesk-<appointment id>.ics` holds
 * `clinicdesk-<appointment id>@clinicdesk`); null for a path we did not name.
 */
export function resourceUid(remoteId: string | undefined): string | null {
  const m = remoteId ? /\/clinicdesk-([^/]+)\.ics$/.exec(remoteId) : null;
  return m ? `clinicdesk-${decodeURIComponent(m[1]!)}@clinicdesk` : null;
}

export const APPOINTMENT_ID_PROPERTY = 'X-CLINICDESK-APPOINTMENT-ID';
const DAY_MS = 86_400_000;
/** Like the Google adapter: a full read expands a month past the window asked for. */
const tsdav = lazyPackage<typeof import('tsdav')>('tsdav');

export const CALDAV_EXPANSION_MARGIN_MS = 30 * DAY_MS;
/** How often a calendar is read again in full even when the incremental reads say nothing changed. */
export const FULL_REREAD_MS = DAY_MS;

export interface CalDavAccountOptions {
  /** Where to start discovery: "https://caldav.fastmail.com", "https://cloud.example/remote.php/dav". */
  serverUrl: string;
  username: string;
  /** iCloud and Fastmail want an app-specific password here, not the account password. */
  password: string;
  /** Whose account, for messages: "dr.patel@fastmail.example". */
  accountLabel: string;
  /** Floating times and all-day dates are read in the clinic's zone. */
  clinicZone: string;
  titleTemplate?: string;
  /** How long one request may take before it counts as the server being unavailable. */
  timeoutMs?: number;
  /**
   * Use sync-collection when the server offers it (default). Off: ctag + ETag comparison only,
   * for a server that advertises sync-collection but answers it wrongly.
   */
  useSyncCollection?: boolean;
  fetch?: typeof fetch;
}

interface Cursor {
  /** RFC 6578 token, when the calendar offers sync-collection. */
  syncToken: string | null;
  ctag: string | null;
  /** href → ETag of every event read; only kept when there is no sync token. */
  etags: Record<string, string> | null;
  expandedStartMs: number;
  expandedEndMs: number;
  /** The window start of the last full read: a new full read is due FULL_REREAD_MS later. */
  fullReadWindowStartMs?: number;
}

const CURSOR_PREFIX = 'd1.';
function encodeCursor(c: Cursor): string {
  return CURSOR_PREFIX + Buffer.from(JSON.stringify(c)).toString('base64url');
}
/** A cursor we cannot read just means: read everything again. */
export function decodeCalDavCursor(text: string | null): Cursor | null {
  if (!text?.startsWith(CURSOR_PREFIX)) return null;
  try {
    const c = JSON.parse(Buffer.from(text.slice(CURSOR_PREFIX.length), 'base64url').toString());
    if (Number.isFinite(c?.expandedStartMs) && Number.isFinite(c?.expandedEndMs))
      return c as Cursor;
  } catch {
    // fall through
  }
  return null;
}

/** tsdav turns numeric-looking text into numbers and CDATA into {_cdata}; we want the text. */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('_cdata' in v) return textOf(v._cdata);
    if ('_text' in v) return textOf(v._text);
  }
  return null;
}

export class CalDavCalendarAccount implements CalendarAccountPort {
  private readonly titleTemplate: string;
  private account: DAVAccount | null = null;
  private calendars: DAVCalendar[] | null = null;
  private readonly authHeader: string;

  constructor(private readonly options: CalDavAccountOptions) {
    this.titleTemplate = checkTitleTemplate(options.titleTemplate ?? DEFAULT_TITLE_TEMPLATE);
    this.authHeader = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  /** fetch with our credentials, a timeout, and HTTP failures turned into typed errors. */
  private readonly guardedFetch = async (
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('authorization', this.authHeader);
    const f = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await f(input, {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new CalendarSyncError(
        'UNAVAILABLE',
        `The calendar server of ${this.options.accountLabel} could not be reached (${e instanceof Error ? e.message : String(e)}); ClinicDesk will try again.`,
      );
    }
    const label = this.options.accountLabel;
    if (res.status === 401) {
      throw new CalendarSyncError(
        'AUTH_REVOKED',
        `The calendar server refused the user name or password for ${label}. Enter the password again (iCloud and Fastmail need an app-specific password).`,
        401,
      );
    }
    if (res.status === 429) {
      throw new CalendarSyncError(
        'RATE_LIMITED',
        `The calendar server of ${label} asked ClinicDesk to slow down; it will try again later.`,
        429,
      );
    }
    if (res.status >= 500) {
      throw new CalendarSyncError(
        'UNAVAILABLE',
        `The calendar server of ${label} had a problem (HTTP ${res.status}); ClinicDesk will try again.`,
        res.status,
      );
    }
    return res;
  };

  private get dav() {
    return { headers: {}, fetch: this.guardedFetch as typeof fetch };
  }

  private async discovered(): Promise<DAVAccount> {
    if (this.account) return this.account;
    try {
      this.account = await tsdav().createAccount({
        account: { serverUrl: this.options.serverUrl, accountType: 'caldav' },
        ...this.dav,
      });
    } catch (e) {
      if (e instanceof CalendarSyncError) throw e;
      throw new CalendarSyncError(
        'NOT_FOUND',
        `No CalDAV calendars were found at ${this.options.serverUrl} for ${this.options.accountLabel}; check the server address.`,
      );
    }
    return this.account;
  }

  private async davCalendars(): Promise<DAVCalendar[]> {
    const account = await this.discovered();
    this.calendars = await tsdav().fetchCalendars({ account, ...this.dav });
    return this.calendars;
  }

  async listCalendars(): Promise<RemoteCalendar[]> {
    const list = await this.davCalendars();
    return list
      .filter((c) => !c.components?.length || c.components.includes('VEVENT'))
      .map((c, i) => ({
        id: c.url,
        name: textOf(c.displayName) || decodeURIComponent(new URL(c.url).pathname),
        // CalDAV has no "primary"; the first event calendar stands in for it.
        primary: i === 0,
        // CalDAV reports privileges only through an extra ACL query most servers answer
        // loosely; a calendar we cannot write shows up as a CONFLICT/403 on the first push.
        writable: true,
        timeZone: null,
      }));
  }

  private async calendarFor(calendarId: string): Promise<DAVCalendar> {
    const find = (list: DAVCalendar[] | null) => list?.find((c) => c.url === calendarId);
    const cal = find(this.calendars) ?? find(await this.davCalendars());
    if (!cal) {
      throw new CalendarSyncError(
        'NOT_FOUND',
        `The calendar ${calendarId} of ${this.options.accountLabel} is no longer on the server.`,
        404,
      );
    }
    return cal;
  }

  async pullChanges(input: PullChangesInput): Promise<PullChangesResult> {
    const cal = await this.calendarFor(input.calendarId);
    const cursor = decodeCalDavCursor(input.cursor);
    const covers =
      cursor !== null &&
      cursor.expandedStartMs <= input.windowStartMs &&
      cursor.expandedEndMs >= input.windowEndMs &&
      // Cursors written before the daily re-read existed count as due.
      input.windowStartMs - (cursor.fullReadWindowStartMs ?? -Infinity) < FULL_REREAD_MS;
    if (cursor && covers) {
      const inc = cursor.syncToken
        ? await this.bySyncToken(cal, cursor)
        : await this.byEtags(cal, cursor);
      if (inc) return inc;
    }
    return this.full(cal, input);
  }

  private supportsSync(cal: DAVCalendar): boolean {
    if (this.options.useSyncCollection === false) return false;
    return cal.reports?.includes('syncCollection') ?? false;
  }

  private async collectionTokens(
    url: string,
  ): Promise<{ syncToken: string | null; ctag: string | null }> {
    const [r] = await tsdav().propfind({
      url,
      props: { 'd:sync-token': {}, 'cs:getctag': {} },
      depth: '0',
      ...this.dav,
    });
    return {
      syncToken: textOf(r?.props?.syncToken),
      ctag: textOf(r?.props?.getctag),
    };
  }

  /**
   * Every event of the calendar (no time-range: see the header for why); the window is applied
   * when the events are expanded.
   */
  private async query(cal: DAVCalendar, withData: boolean): Promise<DAVResponse[]> {
    const res = await tsdav().calendarQuery({
      url: cal.url,
      props: withData ? { 'd:getetag': {}, 'c:calendar-data': {} } : { 'd:getetag': {} },
      filters: {
        'comp-filter': {
          _attributes: { name: 'VCALENDAR' },
          'comp-filter': { _attributes: { name: 'VEVENT' } },
        },
      },
      depth: '1',
      ...this.dav,
    });
    this.checkMultistatus(res, `reading calendar ${cal.url}`);
    return res.filter((r) => r.href && r.ok && r.status !== 404);
  }

  /** tsdav hands back a non-207 answer as one entry with its status; make it an error. */
  private checkMultistatus(res: DAVResponse[], doing: string): void {
    const first = res[0];
    if (first && !first.ok && first.href && !first.props) {
      throw new CalendarSyncError(
        first.status === 404 ? 'NOT_FOUND' : 'BAD_DATA',
        `The calendar server of ${this.options.accountLabel} refused ${doing} (HTTP ${first.status}).`,
        first.status,
      );
    }
  }

  private async full(cal: DAVCalendar, input: PullChangesInput): Promise<PullChangesResult> {
    const expandedStartMs = input.windowStartMs;
    const expandedEndMs = input.windowEndMs + CALDAV_EXPANSION_MARGIN_MS;
    // Token first: a change landing during the query is then read again next time, never lost.
    const tokens = await this.collectionTokens(cal.url);
    const rows = await this.query(cal, true);
    const window = { expandedStartMs, expandedEndMs };
    const changes: RemoteEventChange[] = [];
    const etags: Record<string, string> = {};
    for (const r of rows) {
      const change = this.changeOf(r, window);
      if (change) {
        changes.push(change);
        if (change.kind === 'upsert') etags[change.remoteId] = change.etag;
      }
    }
    const useToken = this.supportsSync(cal) && tokens.syncToken !== null;
    return {
      changes,
      nextCursor: encodeCursor({
        syncToken: useToken ? tokens.syncToken : null,
        ctag: tokens.ctag,
        etags: useToken ? null : etags,
        ...window,
        fullReadWindowStartMs: input.windowStartMs,
      }),
      fullResync: true,
    };
  }

  /** RFC 6578; null when the server refused the token (then the caller reads everything). */
  private async bySyncToken(cal: DAVCalendar, cursor: Cursor): Promise<PullChangesResult | null> {
    const res = await tsdav().syncCollection({
      url: cal.url,
      props: { 'd:getetag': {}, 'c:calendar-data': {} },
      syncLevel: 1,
      syncToken: cursor.syncToken!,
      ...this.dav,
    });
    const first = res[0];
    // 403/409 with DAV:valid-sync-token: the server forgot our token.
    if (first && !first.ok && !first.props && (first.status === 403 || first.status === 409)) {
      return null;
    }
    this.checkMultistatus(res, `reading changes of calendar ${cal.url}`);
    const raw = first?.raw as { multistatus?: { syncToken?: unknown } } | undefined;
    const nextToken = textOf(raw?.multistatus?.syncToken) ?? cursor.syncToken;
    const changes: RemoteEventChange[] = [];
    for (const r of res) {
      if (!r.href) continue;
      const remoteId = this.hrefId(cal, r.href);
      if (remoteId === null) continue;
      if (r.status === 404) {
        changes.push({ kind: 'delete', remoteId });
        continue;
      }
      const change = this.changeOf(r, cursor);
      if (change) changes.push(change);
    }
    return {
      changes,
      nextCursor: encodeCursor({ ...cursor, syncToken: nextToken }),
      fullResync: false,
    };
  }

  /** Servers without sync-collection: ctag, then an ETag comparison, then only what changed. */
  private async byEtags(cal: DAVCalendar, cursor: Cursor): Promise<PullChangesResult | null> {
    if (!cursor.etags) return null;
    const tokens = await this.collectionTokens(cal.url);
    if (tokens.ctag !== null && tokens.ctag === cursor.ctag) {
      return { changes: [], nextCursor: encodeCursor(cursor), fullResync: false };
    }
    const heads = await this.query(cal, false);
    const now: Record<string, string> = {};
    for (const r of heads) {
      const id = this.hrefId(cal, r.href!);
      const etag = textOf(r.props?.getetag);
      if (id !== null && etag !== null) now[id] = etag;
    }
    const changed = Object.keys(now).filter((id) => cursor.etags![id] !== now[id]);
    const changes: RemoteEventChange[] = Object.keys(cursor.etags)
      .filter((id) => !(id in now))
      .map((remoteId) => ({ kind: 'delete', remoteId }));
    if (changed.length) {
      // Only the changed events' data (calendar-multiget, RFC 4791 §7.9), not the whole calendar.
      const res = await tsdav().calendarMultiGet({
        url: cal.url,
        props: { 'd:getetag': {}, 'c:calendar-data': {} },
        objectUrls: changed,
        depth: '1',
        ...this.dav,
      });
      this.checkMultistatus(res, `reading changed events of calendar ${cal.url}`);
      const wanted = new Set(changed);
      for (const r of res) {
        if (!r.href || !r.ok || r.status === 404) continue;
        const id = this.hrefId(cal, r.href);
        if (id === null || !wanted.has(id)) continue;
        const change = this.changeOf(r, cursor);
        if (change) changes.push(change);
      }
    }
    return {
      changes,
      nextCursor: encodeCursor({ ...cursor, ctag: tokens.ctag, etags: now }),
      fullResync: false,
    };
  }

  /** The event's path on the server: stable, and what PUT and DELETE address. */
  private hrefId(cal: DAVCalendar, href: string): string | null {
    const url = new URL(href, cal.url);
    if (url.href === new URL(cal.url).href) return null; // the collection itself
    return url.pathname;
  }

  private changeOf(
    r: DAVResponse,
    window: Pick<Cursor, 'expandedStartMs' | 'expandedEndMs'>,
  ): RemoteEventChange | null {
    const remoteId = r.href ? new URL(r.href, this.options.serverUrl).pathname : null;
    const text = textOf(r.props?.calendarData);
    if (!remoteId || !text) return null;
    const etag = textOf(r.props?.getetag) ?? '';
    let parsed;
    try {
      parsed = parseCalendar(text);
    } catch (e) {
      // One unreadable event must not stop the provider's other busy time from syncing; it is
      // listed with no busy time and named in the log of the run.
      console.warn(
        `[clinicdesk] calendar event ${remoteId} of ${this.options.accountLabel} could not be read: ${e instanceof IcalError ? e.message : String(e)}`,
      );
      return {
        kind: 'upsert',
        remoteId,
        etag,
        busy: [],
        transparent: false,
        cancelled: false,
        clinicAppointmentId: null,
      };
    }
    const master =
      parsed.roots
        .flatMap((root) => root.getAllSubcomponents('vevent'))
        .find((v) => !v.hasProperty('recurrence-id')) ??
      parsed.roots[0]?.getFirstSubcomponent('vevent');
    const ours = master?.getFirstPropertyValue(APPOINTMENT_ID_PROPERTY.toLowerCase());
    const cancelled =
      String(master?.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
    const transparent =
      String(master?.getFirstPropertyValue('transp') ?? '').toUpperCase() === 'TRANSPARENT';
    const clinicAppointmentId = typeof ours === 'string' && ours.trim() ? ours.trim() : null;
    // For one of the clinic's own events these are where its copy sits now (the provider may have
    // moved it on their phone); the sync engine never counts them as busy time.
    const busy: BusyInterval[] = busyIntervals({
      parsed,
      windowStartMs: window.expandedStartMs,
      windowEndMs: window.expandedEndMs,
      defaultZone: this.options.clinicZone,
    }).items;
    return {
      kind: 'upsert',
      remoteId,
      etag,
      busy: busy.map((b) => ({ startMs: b.startMs, endMs: b.endMs, allDay: b.allDay })),
      transparent,
      cancelled,
      clinicAppointmentId,
    };
  }

  /**
   * Our own event: minimum necessary (neutral title, reference code), in UTC, folded at 75 octets
   * by calsync/ical's writer (ical.js folds continuation lines at 76). DTSTAMP is when it was
   * written. The UID is the resource's for its whole life: a rescheduled visit that takes over its
   * predecessor's resource keeps the UID in it (RFC 4791 §5.3.2.1 no-uid-conflict; phone apps
   * track events by UID and would otherwise see a delete and a new event).
   */
  eventText(input: PutEventInput): string {
    const { event } = input;
    return calendarResourceIcs({
      uid: resourceUid(input.remoteId) ?? `clinicdesk-${event.appointmentId}@clinicdesk`,
      sequence: 0,
      dtstampMs: input.stampMs ?? Date.now(),
      startMs: event.startMs,
      endMs: event.endMs,
      summary: eventTitle(this.titleTemplate, event),
      ...(event.referenceCode
        ? { description: `ClinicDesk reference ${event.referenceCode}` }
        : {}),
      xProperties: { [APPOINTMENT_ID_PROPERTY]: event.appointmentId },
    });
  }

  async putEvent(input: PutEventInput): Promise<{ remoteId: string; etag: string }> {
    const cal = await this.calendarFor(input.calendarId);
    const data = this.eventText(input);
    const what = `appointment ${input.event.referenceCode ?? input.event.appointmentId}`;
    const headers = { 'content-type': 'text/calendar; charset=utf-8' };
    let url: string;
    let res: Response;
    if (input.remoteId) {
      url = new URL(input.remoteId, cal.url).href;
      res = await tsdav().updateObject({
        url,
        data,
        ...(input.etag ? { etag: input.etag } : {}),
        headers,
        fetch: this.guardedFetch as typeof fetch,
      });
    } else {
      url = new URL(`clinicdesk-${encodeURIComponent(input.event.appointmentId)}.ics`, cal.url)
        .href;
      res = await tsdav().createObject({
        url,
        data,
        headers: { ...headers, 'If-None-Match': '*' },
        fetch: this.guardedFetch as typeof fetch,
      });
    }
    await res.arrayBuffer();
    if (res.status === 412) {
      throw new CalendarSyncError(
        'CONFLICT',
        input.remoteId
          ? `The calendar event of ${what} was changed in ${this.options.accountLabel}'s calendar since ClinicDesk wrote it; it was not overwritten.`
          : `${this.options.accountLabel}'s calendar already has an event for ${what}; it was not overwritten.`,
        412,
      );
    }
    if (res.status === 404 && input.remoteId) {
      throw new CalendarSyncError(
        'NOT_FOUND',
        `The calendar event of ${what} was deleted in ${this.options.accountLabel}'s calendar.`,
        404,
      );
    }
    if (res.status === 403) {
      throw new CalendarSyncError(
        'BAD_DATA',
        `${this.options.accountLabel}'s calendar does not accept new events (read-only); choose another calendar to receive appointments.`,
        403,
      );
    }
    if (!res.ok) {
      throw new CalendarSyncError(
        'BAD_DATA',
        `The calendar server of ${this.options.accountLabel} refused ${what} (HTTP ${res.status}).`,
        res.status,
      );
    }
    const remoteId = new URL(url).pathname;
    const etag = res.headers.get('etag') ?? (await this.etagOf(url));
    return { remoteId, etag };
  }

  /** Some servers change what we PUT and then send no ETag (RFC 4791 §5.3.4): ask for it. */
  private async etagOf(url: string): Promise<string> {
    const [r] = await tsdav().propfind({
      url,
      props: { 'd:getetag': {} },
      depth: '0',
      ...this.dav,
    });
    return textOf(r?.props?.getetag) ?? '';
  }

  async deleteEvent(input: DeleteEventInput): Promise<void> {
    const cal = await this.calendarFor(input.calendarId);
    const res = await tsdav().deleteObject({
      url: new URL(input.remoteId, cal.url).href,
      ...(input.etag ? { etag: input.etag } : {}),
      fetch: this.guardedFetch as typeof fetch,
    });
    await res.arrayBuffer();
    if (res.ok || res.status === 404 || res.status === 410) return;
    if (res.status === 412) {
      throw new CalendarSyncError(
        'CONFLICT',
        `A cancelled appointment's event was changed in ${this.options.accountLabel}'s calendar since ClinicDesk wrote it; it was left there for the provider to remove.`,
        412,
      );
    }
    throw new CalendarSyncError(
      'BAD_DATA',
      `The calendar server of ${this.options.accountLabel} refused to remove a cancelled appointment (HTTP ${res.status}).`,
      res.status,
    );
  }
}

export function createCalDavCalendarAccount(options: CalDavAccountOptions): CalDavCalendarAccount {
  return new CalDavCalendarAccount(options);
}
