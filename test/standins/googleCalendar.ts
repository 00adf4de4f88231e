/**
 * A local, in-memory stand-in for Google Calendar API v3 and Google's OAuth endpoints, close enough
 * to the real service that the official `@googleapis/calendar` client and google-auth-library
 * talk to it unchanged (point `rootUrl` and the OAuth endpoints at `standin.url`).
 *
 * What it speaks, as Google documents it:
 * - GET  calendar/v3/users/me/calendarList
 * - GET  calendar/v3/calendars/{cal}/events  (syncToken, pageToken, maxResults ≤ 2500, timeMin,
 *        timeMax, singleEvents, showDeleted; nextPageToken / nextSyncToken; 410 fullSyncRequired;
 *        400 when syncToken is combined with timeMin/timeMax/orderBy/q/updatedMin)
 * - POST calendar/v3/calendars/{cal}/events, GET/PATCH/PUT/DELETE .../events/{id} (If-Match → 412)
 * - GET  .../events/{id}/instances (RRULE/EXDATE/RDATE expanded in the series' zone, exceptions
 *        applied)
 * - GET  o/oauth2/v2/auth (consents at once and redirects with ?code&state, or access_denied)
 * - POST token (authorization_code with PKCE S256 checked; refresh_token; invalid_grant)
 * Failures are switched on by the test: revoked or expired tokens (401 / invalid_grant), expired
 * sync tokens (410), rate limits (403 rateLimitExceeded or 429) and 5xx, each for the next N calls.
 *
 * Its recurrence expansion uses Luxon directly (not core/time), so tests that compare it with the
 * adapter's own expansion compare two independent implementations.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { calendar_v3 } from '@googleapis/calendar';

export type StandinEvent = calendar_v3.Schema$Event;

interface Stored {
  event: StandinEvent;
  /** Position in the change log: the event's last change. */
  seq: number;
}

interface CalendarState {
  entry: calendar_v3.Schema$CalendarListEntry;
  events: Map<string, Stored>;
}

export interface InjectedFailure {
  status: 403 | 429 | 500 | 502 | 503;
  /** How many of the next matching requests fail. */
  times?: number;
  /** Only requests whose "METHOD /path" contains this text. */
  match?: string;
  retryAfterSec?: number;
  /**
   * The request is carried out, then answered with the failure: the event is written but the
   * caller never hears so (its process died, the connection dropped) and may try again.
   */
  afterWrite?: boolean;
}

interface PendingFailure extends InjectedFailure {
  times: number;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

type Json = Record<string, unknown>;

function googleError(code: number, message: string, reason: string, status?: string): Json {
  return {
    error: {
      code,
      message,
      errors: [
        { domain: code === 403 || code === 429 ? 'usageLimits' : 'global', reason, message },
      ],
      ...(status ? { status } : {}),
    },
  };
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

const notFound = () => new HttpFailure(404, googleError(404, 'Not Found', 'notFound'));

function base32hexId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  const bytes = randomBytes(20);
  let s = '';
  for (const b of bytes) s += alphabet[b & 31];
  return s;
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Google's patch semantics: objects merge field by field, arrays and scalars replace. */
function mergePatch(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergePatch(out[k] as Json, v) : v;
  }
  return out;
}

function timeMs(t: calendar_v3.Schema$EventDateTime | undefined): number | null {
  if (t?.dateTime) return Date.parse(t.dateTime);
  if (t?.date) return Date.parse(`${t.date}T00:00:00Z`);
  return null;
}

function basicUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Expands a recurring master into Google-style instances inside [fromMs, toMs). */
export function expandInstances(input: {
  master: StandinEvent;
  exceptions: StandinEvent[];
  fromMs: number;
  toMs: number;
}): StandinEvent[] {
  const { master, exceptions, fromMs, toMs } = input;
  const allDay = !!master.start?.date;
  const zone = master.start?.timeZone ?? 'UTC';
  const startMs = timeMs(master.start)!;
  const durationMs = timeMs(master.end)! - startMs;
  const local = allDay
    ? DateTime.fromISO(master.start!.date!, { zone: 'UTC' })
    : DateTime.fromMillis(startMs, { zone });
  const dtstart = ICAL.Time.fromData({
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
    second: local.second,
    isDate: allDay,
  });
  const toInstant = (t: ICAL.Time): number =>
    allDay
      ? Date.UTC(t.year, t.month - 1, t.day)
      : DateTime.fromObject(
          {
            year: t.year,
            month: t.month,
            day: t.day,
            hour: t.hour,
            minute: t.minute,
            second: t.second,
          },
          { zone },
        ).toMillis();
  const starts = new Set<number>();
  const excluded = new Set<number>();
  for (const line of master.recurrence ?? []) {
    const [head, values = ''] = line.split(/:(.*)/s);
    const name = head!.split(';')[0]!.toUpperCase();
    if (name === 'RRULE') {
      const rule = ICAL.Recur.fromString(values);
      if (rule.until && !rule.until.isDate) {
        const u = DateTime.fromMillis(rule.until.toUnixTime() * 1000, { zone });
        rule.until = ICAL.Time.fromData({
          year: u.year,
          month: u.month,
          day: u.day,
          hour: u.hour,
          minute: u.minute,
          second: u.second,
        });
      }
      const it = rule.iterator(dtstart);
      for (let n = 0; n < 10_000; n++) {
        const t = it.next();
        if (!t) break;
        const ms = toInstant(t);
        if (ms >= toMs) break;
        starts.add(ms);
      }
      continue;
    }
    if (name !== 'EXDATE' && name !== 'RDATE') continue;
    const tz = /TZID=([^;:]+)/i.exec(head!)?.[1] ?? zone;
    for (const v of values.split(',')) {
      const dt = v.endsWith('Z')
        ? DateTime.fromFormat(v, "yyyyLLdd'T'HHmmss'Z'", { zone: 'UTC' })
        : v.includes('T')
          ? DateTime.fromFormat(v, "yyyyLLdd'T'HHmmss", { zone: tz })
          : DateTime.fromFormat(v, 'yyyyLLdd', { zone: 'UTC' });
      (name === 'EXDATE' ? excluded : starts).add(dt.toMillis());
    }
  }
  const byOriginal = new Map<number, StandinEvent>();
  for (const ex of exceptions) {
    const o = timeMs(ex.originalStartTime);
    if (o !== null) byOriginal.set(o, ex);
  }
  const out: StandinEvent[] = [];
  const { recurrence: _recurrence, ...rest } = master;
  void _recurrence;
  for (const ms of [...starts].sort((a, b) => a - b)) {
    if (excluded.has(ms)) continue;
    const ex = byOriginal.get(ms);
    if (ex) {
      const s = timeMs(ex.start) ?? ms;
      const e = timeMs(ex.end) ?? s;
      if (ex.status === 'cancelled' || (e > fromMs && s < toMs)) out.push(ex);
      continue;
    }
    if (ms + durationMs <= fromMs) continue;
    const when = (at: number): calendar_v3.Schema$EventDateTime =>
      allDay
        ? { date: new Date(at).toISOString().slice(0, 10) }
        : { dateTime: DateTime.fromMillis(at, { zone }).toISO()!, timeZone: zone };
    out.push({
      ...rest,
      id: `${master.id}_${allDay ? basicUtc(ms).slice(0, 8) : basicUtc(ms)}`,
      recurringEventId: master.id!,
      originalStartTime: when(ms),
      start: when(ms),
      end: when(ms + durationMs),
    });
  }
  return out;
}

export interface BulkEventsInput {
  count: number;
  /** First event's start; events are spread over the following days. */
  startMs: number;
  zone: string;
  /** Every Nth event is a weekly series (0: none). */
  recurringEvery?: number;
  /** Every Nth event is a deleted one (status cancelled). */
  cancelledEvery?: number;
  /** Every Nth event is marked free. */
  transparentEvery?: number;
}

/** Realistic events in bulk for the bench and paging tests: 30–90 minute blocks, 8–18 h local. */
export function bulkEvents(input: BulkEventsInput): StandinEvent[] {
  const out: StandinEvent[] = [];
  const base = DateTime.fromMillis(input.startMs, { zone: input.zone }).startOf('day');
  for (let i = 0; i < input.count; i++) {
    const start = base.plus({ days: Math.floor(i / 8) % 365, hours: 8 + (i % 8), minutes: 0 });
    const end = start.plus({ minutes: 30 + (i % 3) * 30 });
    const e: StandinEvent = {
      id: `bulk${String(i).padStart(6, '0')}`,
      summary: `Busy ${i}`,
      start: { dateTime: start.toISO()!, timeZone: input.zone },
      end: { dateTime: end.toISO()!, timeZone: input.zone },
    };
    if (input.recurringEvery && i % input.recurringEvery === 1) {
      e.recurrence = ['RRULE:FREQ=WEEKLY;COUNT=20'];
    }
    if (input.cancelledEvery && i % input.cancelledEvery === 2) e.status = 'cancelled';
    if (input.transparentEvery && i % input.transparentEvery === 3) e.transparency = 'transparent';
    out.push(e);
  }
  return out;
}

export interface StandinOptions {
  clientId?: string;
  clientSecret?: string;
}

export class GoogleCalendarStandin {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Base URL with a trailing slash: the calendar client's `rootUrl`. */
  url = '';
  /** "METHOD /path?query" of every request, in order. */
  readonly requests: string[] = [];
  /** What the browser sent to the consent page last. */
  lastAuthRequest: URLSearchParams | null = null;
  /** What the consent page does: approve at once, or act as if the person clicked "Cancel". */
  consent: 'approve' | 'deny' = 'approve';

  private server: http.Server | null = null;
  private readonly calendars = new Map<string, CalendarState>();
  private seq = 0;
  private minValidSyncSeq = 0;
  private failures: PendingFailure[] = [];
  private readonly codes = new Map<string, AuthCode>();
  private readonly accessTokens = new Set<string>();
  private readonly refreshTokens = new Set<string>();
  private listCache: { key: string; items: StandinEvent[] } | null = null;

  constructor(options: StandinOptions = {}) {
    this.clientId = options.clientId ?? 'clinicdesk-test.apps.googleusercontent.com';
    this.clientSecret = options.clientSecret ?? 'desktop-client-secret';
  }

  static async start(options: StandinOptions = {}): Promise<GoogleCalendarStandin> {
    const s = new GoogleCalendarStandin(options);
    await s.listen();
    return s;
  }

  get authUrl(): string {
    return `${this.url}o/oauth2/v2/auth`;
  }
  get tokenUrl(): string {
    return `${this.url}token`;
  }

  private async listen(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  // ---- test controls -------------------------------------------------------------------------

  addCalendar(entry: calendar_v3.Schema$CalendarListEntry & { id: string }): void {
    this.calendars.set(entry.id, {
      entry: { accessRole: 'owner', timeZone: 'America/New_York', ...entry },
      events: new Map(),
    });
  }

  /** A fresh signed-in grant, as if the person had gone through consent. */
  issueTokens(): { accessToken: string; refreshToken: string } {
    const accessToken = `ya29.${randomBytes(12).toString('base64url')}`;
    const refreshToken = `1//${randomBytes(12).toString('base64url')}`;
    this.accessTokens.add(accessToken);
    this.refreshTokens.add(refreshToken);
    return { accessToken, refreshToken };
  }

  /** The person removed ClinicDesk's access in their Google account: everything stops working. */
  revokeGrant(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** Access tokens ran out (an hour passed); refresh tokens still work. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Google forgot every sync token issued so far (its 410 Gone). */
  expireSyncTokens(): void {
    // Tokens issued from now on (st{seq} and later) stay valid.
    this.seq += 1;
    this.minValidSyncSeq = this.seq;
  }

  failNext(f: InjectedFailure): void {
    this.failures.push({ ...f, times: f.times ?? 1 });
  }

  seedEvents(calendarId: string, events: StandinEvent[]): void {
    const cal = this.calendar(calendarId);
    const now = new Date().toISOString();
    for (const e of events) {
      const seq = ++this.seq;
      const id = e.id ?? base32hexId();
      cal.events.set(id, {
        seq,
        event: {
          kind: 'calendar#event',
          status: 'confirmed',
          created: now,
          updated: now,
          iCalUID: `${id}@google.com`,
          ...e,
          id,
          etag: `"${seq}"`,
        },
      });
    }
  }

  /** A change made in Google by the provider (not through ClinicDesk). */
  changeEvent(calendarId: string, id: string, patch: StandinEvent): StandinEvent {
    return this.write(calendarId, id, (old) => mergePatch(old as Json, patch as Json));
  }

  removeEvent(calendarId: string, id: string): void {
    this.write(calendarId, id, (old) => ({ ...old, status: 'cancelled' }));
  }

  event(calendarId: string, id: string): StandinEvent | undefined {
    return this.calendars.get(calendarId)?.events.get(id)?.event;
  }

  events(calendarId: string): StandinEvent[] {
    return [...(this.calendars.get(calendarId)?.events.values() ?? [])].map((s) => s.event);
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private calendar(id: string): CalendarState {
    const cal = this.calendars.get(id);
    if (!cal) throw notFound();
    return cal;
  }

  private write(calendarId: string, id: string, change: (old: StandinEvent) => StandinEvent) {
    const cal = this.calendar(calendarId);
    const stored = cal.events.get(id);
    if (!stored) throw notFound();
    const seq = ++this.seq;
    const event = {
      ...change(stored.event),
      id,
      etag: `"${seq}"`,
      updated: new Date().toISOString(),
    };
    cal.events.set(id, { seq, event });
    this.listCache = null;
    return event;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    this.requests.push(`${method} ${url.pathname}${url.search}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    try {
      if (url.pathname === '/o/oauth2/v2/auth') return this.consentPage(url, res);
      if (url.pathname === '/token' && method === 'POST') {
        return send(res, 200, this.token(new URLSearchParams(raw)));
      }
      if (!url.pathname.startsWith('/calendar/v3/')) throw notFound();
      this.checkBearer(req);
      this.injectedFailure(`${method} ${url.pathname}`, false);
      const body = raw ? (JSON.parse(raw) as StandinEvent) : {};
      const result = this.route({ method, url, body, ifMatch: req.headers['if-match'] });
      this.injectedFailure(`${method} ${url.pathname}`, true);
      if (result === null) {
        res.writeHead(204).end();
        return;
      }
      send(res, 200, result);
    } catch (e) {
      if (e instanceof HttpFailure) return send(res, e.status, e.body, e.headers);
      send(res, 500, googleError(500, String(e), 'backendError'));
    }
  }

  private injectedFailure(what: string, afterWrite: boolean): void {
    const i = this.failures.findIndex(
      (f) => (f.afterWrite ?? false) === afterWrite && (!f.match || what.includes(f.match)),
    );
    if (i < 0) return;
    const f = this.failures[i]!;
    if (--f.times <= 0) this.failures.splice(i, 1);
    const headers: Record<string, string> = f.retryAfterSec
      ? { 'retry-after': String(f.retryAfterSec) }
      : {};
    if (f.status === 403) {
      throw new HttpFailure(
        403,
        googleError(403, 'Rate Limit Exceeded', 'rateLimitExceeded'),
        headers,
      );
    }
    if (f.status === 429) {
      throw new HttpFailure(
        429,
        googleError(429, 'Rate Limit Exceeded', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED'),
        headers,
      );
    }
    throw new HttpFailure(
      f.status,
      googleError(f.status, 'The service is currently unavailable.', 'backendError'),
      headers,
    );
  }

  private checkBearer(req: http.IncomingMessage): void {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token && this.accessTokens.has(token)) return;
    throw new HttpFailure(401, {
      error: {
        code: 401,
        message:
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        errors: [
          {
            message: 'Invalid Credentials',
            domain: 'global',
            reason: 'authError',
            location: 'Authorization',
            locationType: 'header',
          },
        ],
        status: 'UNAUTHENTICATED',
      },
    });
  }

  private route(input: {
    method: string;
    url: URL;
    body: StandinEvent;
    ifMatch: string | undefined;
  }): Json | null {
    const { method, url, body, ifMatch } = input;
    const parts = url.pathname.split('/').slice(3).map(decodeURIComponent);
    if (
      parts[0] === 'users' &&
      parts[1] === 'me' &&
      parts[2] === 'calendarList' &&
      method === 'GET'
    ) {
      return {
        kind: 'calendar#calendarList',
        items: [...this.calendars.values()].map((c) => ({
          kind: 'calendar#calendarListEntry',
          ...c.entry,
        })),
      };
    }
    if (parts[0] !== 'calendars' || parts[2] !== 'events') throw notFound();
    const calendarId = parts[1]!;
    const cal = this.calendar(calendarId);
    const eventId = parts[3];
    const q = url.searchParams;
    if (eventId === undefined) {
      if (method === 'GET') return this.list(calendarId, cal, q);
      if (method === 'POST') {
        const id = body.id ?? base32hexId();
        if (cal.events.has(id)) {
          throw new HttpFailure(
            409,
            googleError(409, 'The requested identifier already exists.', 'duplicate'),
          );
        }
        this.seedEvents(calendarId, [{ ...body, id }]);
        this.listCache = null;
        return cal.events.get(id)!.event as Json;
      }
      throw notFound();
    }
    if (parts[4] === 'instances' && method === 'GET') return this.instances(cal, eventId, q);
    const stored = cal.events.get(eventId);
    if (!stored) throw notFound();
    if (method === 'GET') return stored.event as Json;
    if (stored.event.status === 'cancelled' && method !== 'GET') {
      throw new HttpFailure(410, googleError(410, 'Resource has been deleted', 'deleted'));
    }
    if (ifMatch && ifMatch !== stored.event.etag) {
      throw new HttpFailure(412, googleError(412, 'Precondition Failed', 'conditionNotMet'));
    }
    if (method === 'PATCH')
      return this.write(calendarId, eventId, (old) =>
        mergePatch(old as Json, body as Json),
      ) as Json;
    if (method === 'PUT') {
      return this.write(calendarId, eventId, (old) => ({
        ...body,
        kind: 'calendar#event',
        status: body.status ?? 'confirmed',
        created: old.created,
        iCalUID: old.iCalUID,
      })) as Json;
    }
    if (method === 'DELETE') {
      this.removeEvent(calendarId, eventId);
      return null;
    }
    throw notFound();
  }

  private list(calendarId: string, cal: CalendarState, q: URLSearchParams): Json {
    const syncToken = q.get('syncToken');
    if (
      syncToken &&
      ['timeMin', 'timeMax', 'orderBy', 'q', 'updatedMin', 'iCalUID'].some((p) => q.has(p))
    ) {
      throw new HttpFailure(
        400,
        googleError(400, 'Sync token cannot be used with other filters.', 'invalid'),
      );
    }
    let sinceSeq = -1;
    if (syncToken) {
      const m = /^st(\d+)$/.exec(syncToken);
      if (!m || Number(m[1]) < this.minValidSyncSeq) {
        throw new HttpFailure(
          410,
          googleError(
            410,
            'Sync token is no longer valid, a full sync is required.',
            'fullSyncRequired',
          ),
        );
      }
      sinceSeq = Number(m[1]);
    }
    const maxResults = Math.min(2500, Math.max(1, Number(q.get('maxResults') ?? 250)));
    const page = q.get('pageToken')
      ? decodePageToken(q.get('pageToken')!)
      : { offset: 0, upTo: this.seq };
    const singleEvents = q.get('singleEvents') === 'true';
    const showDeleted = q.get('showDeleted') === 'true' || syncToken !== null;
    const timeMin = q.get('timeMin') ? Date.parse(q.get('timeMin')!) : null;
    const timeMax = q.get('timeMax') ? Date.parse(q.get('timeMax')!) : null;
    const key = `${calendarId}|${sinceSeq}|${page.upTo}|${singleEvents}|${showDeleted}|${timeMin}|${timeMax}`;
    let items: StandinEvent[];
    if (this.listCache?.key === key) {
      items = this.listCache.items;
    } else {
      items = this.select({
        cal,
        sinceSeq,
        upTo: page.upTo,
        singleEvents,
        showDeleted,
        timeMin,
        timeMax,
      });
      this.listCache = { key, items };
    }
    const slice = items.slice(page.offset, page.offset + maxResults);
    const more = page.offset + maxResults < items.length;
    return {
      kind: 'calendar#events',
      summary: cal.entry.summary,
      timeZone: cal.entry.timeZone,
      items: slice,
      ...(more
        ? { nextPageToken: encodePageToken({ offset: page.offset + maxResults, upTo: page.upTo }) }
        : { nextSyncToken: `st${page.upTo}` }),
    };
  }

  private select(input: {
    cal: CalendarState;
    sinceSeq: number;
    upTo: number;
    singleEvents: boolean;
    showDeleted: boolean;
    timeMin: number | null;
    timeMax: number | null;
  }): StandinEvent[] {
    const { cal, sinceSeq, upTo, singleEvents, showDeleted, timeMin, timeMax } = input;
    const stored = [...cal.events.values()].filter((s) => s.seq > sinceSeq && s.seq <= upTo);
    if (sinceSeq >= 0) stored.sort((a, b) => a.seq - b.seq);
    const out: StandinEvent[] = [];
    for (const { event: e } of stored) {
      const cancelled = e.status === 'cancelled';
      // Google: cancelled occurrences of a series are listed even without showDeleted when
      // singleEvents is false; other deleted events only with showDeleted (or a sync token).
      if (cancelled && !showDeleted && !(e.recurringEventId && !singleEvents)) continue;
      if (e.recurrence?.length && !cancelled) {
        if (singleEvents) {
          // Occurrences replace their series; moved or cancelled ones are listed as themselves.
          const exceptions = [...cal.events.values()]
            .map((s) => s.event)
            .filter((x) => x.recurringEventId === e.id);
          const from = timeMin ?? timeMs(e.start)!;
          const to = timeMax ?? from + 365 * 86_400_000;
          for (const inst of expandInstances({ master: e, exceptions, fromMs: from, toMs: to })) {
            if (!exceptions.includes(inst)) out.push(inst);
          }
        } else if (timeMax === null || timeMs(e.start)! < timeMax) {
          out.push(e);
        }
        continue;
      }
      const start = timeMs(cancelled && e.originalStartTime ? e.originalStartTime : e.start);
      const end = cancelled && e.originalStartTime ? start : timeMs(e.end);
      if (!cancelled && timeMin !== null && end !== null && end <= timeMin) continue;
      if (!cancelled && timeMax !== null && start !== null && start >= timeMax) continue;
      out.push(e);
    }
    return out;
  }

  private instances(cal: CalendarState, id: string, q: URLSearchParams): Json {
    const master = cal.events.get(id)?.event;
    if (!master || !master.recurrence?.length) throw notFound();
    if (master.status === 'cancelled') {
      throw new HttpFailure(410, googleError(410, 'Resource has been deleted', 'deleted'));
    }
    const exceptions = [...cal.events.values()]
      .map((s) => s.event)
      .filter((x) => x.recurringEventId === id);
    const fromMs = q.get('timeMin') ? Date.parse(q.get('timeMin')!) : timeMs(master.start)!;
    const toMs = q.get('timeMax') ? Date.parse(q.get('timeMax')!) : fromMs + 365 * 86_400_000;
    const showDeleted = q.get('showDeleted') === 'true';
    const all = expandInstances({ master, exceptions, fromMs, toMs }).filter(
      (x) => showDeleted || x.status !== 'cancelled',
    );
    const maxResults = Math.min(2500, Number(q.get('maxResults') ?? 250));
    const offset = q.get('pageToken') ? decodePageToken(q.get('pageToken')!).offset : 0;
    const more = offset + maxResults < all.length;
    return {
      kind: 'calendar#events',
      items: all.slice(offset, offset + maxResults),
      ...(more
        ? { nextPageToken: encodePageToken({ offset: offset + maxResults, upTo: this.seq }) }
        : {}),
    };
  }

  private consentPage(url: URL, res: http.ServerResponse): void {
    const q = url.searchParams;
    this.lastAuthRequest = q;
    const redirectUri = q.get('redirect_uri') ?? '';
    const bad = (why: string) =>
      send(res, 400, { error: 'invalid_request', error_description: why });
    if (q.get('client_id') !== this.clientId) return bad('unknown client');
    if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(redirectUri)) return bad('redirect must be loopback');
    if (q.get('response_type') !== 'code') return bad('response_type must be code');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return bad('PKCE with S256 is required');
    }
    const back = new URL(redirectUri);
    if (q.get('state') !== null) back.searchParams.set('state', q.get('state')!);
    if (this.consent === 'deny') {
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = `4/${randomBytes(16).toString('base64url')}`;
      this.codes.set(code, {
        clientId: this.clientId,
        redirectUri,
        challenge: q.get('code_challenge')!,
        scope: q.get('scope') ?? '',
      });
      back.searchParams.set('code', code);
      back.searchParams.set('scope', q.get('scope') ?? '');
    }
    res.writeHead(302, { location: back.toString() }).end();
  }

  private token(form: URLSearchParams): Json {
    const invalidGrant = (description: string) =>
      new HttpFailure(400, { error: 'invalid_grant', error_description: description });
    if (form.get('client_id') !== this.clientId) {
      throw new HttpFailure(401, {
        error: 'invalid_client',
        error_description: 'The OAuth client was not found.',
      });
    }
    if (form.get('grant_type') === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code) throw invalidGrant('Malformed auth code.');
      this.codes.delete(form.get('code')!); // one use only
      if (code.redirectUri !== form.get('redirect_uri')) throw invalidGrant('Bad Request');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (challenge !== code.challenge) throw invalidGrant('Invalid code verifier.');
      const t = this.issueTokens();
      return {
        access_token: t.accessToken,
        refresh_token: t.refreshToken,
        expires_in: 3599,
        scope: code.scope,
        token_type: 'Bearer',
      };
    }
    if (form.get('grant_type') === 'refresh_token') {
      if (!this.refreshTokens.has(form.get('refresh_token') ?? '')) {
        throw invalidGrant('Token has been expired or revoked.');
      }
      const accessToken = `ya29.${randomBytes(12).toString('base64url')}`;
      this.accessTokens.add(accessToken);
      return {
        access_token: accessToken,
        expires_in: 3599,
        scope: 'https://www.googleapis.com/auth/calendar',
        token_type: 'Bearer',
      };
    }
    throw new HttpFailure(400, { error: 'unsupported_grant_type' });
  }
}

function encodePageToken(p: { offset: number; upTo: number }): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decodePageToken(t: string): { offset: number; upTo: number } {
  try {
    const p = JSON.parse(Buffer.from(t, 'base64url').toString());
    if (Number.isInteger(p.offset) && Number.isInteger(p.upTo)) return p;
  } catch {
    // fall through
  }
  throw new HttpFailure(400, googleError(400, 'Invalid page token value.', 'invalid'));
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
