/**
 * A local stand-in for Twilio's REST API (2010-04-01 Messages and Calls), speaking the real wire
 * protocol so the official `twilio` client talks to it unchanged (`client.api.baseUrl`). It
 * listens on 127.0.0.1, port 0. Webhooks it sends (inbound SMS, status callbacks) are signed with
 * X-Twilio-Signature exactly as Twilio signs them, computed here independently of the twilio
 * library so a test can cross-check the two with `twilio.validateRequest`.
 *
 * Faithful where our code depends on it: Basic auth (401 / 20003), form-encoded bodies, JSON shaped
 * like Twilio's (snake_case, RFC 2822 dates, "SM"/"CA" + 32 hex sids), error bodies
 * {code, message, more_info, status}, list filters To / From / DateSent> / DateSent<, paging via
 * next_page_uri, and delivery failures (30003…) reported on the status callback rather than on
 * the POST, as the real service does. Not modelled: media, pricing, scheduling, Conversations.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandinMessage {
  sid: string;
  accountSid: string;
  direction: 'outbound-api' | 'inbound';
  from: string;
  to: string;
  body: string;
  messagingServiceSid: string | null;
  status: 'accepted' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';
  errorCode: number | null;
  dateCreatedMs: number;
  dateSentMs: number | null;
  dateUpdatedMs: number;
  statusCallback: string | null;
}

export interface StandinCall {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  twiml: string | null;
  url: string | null;
  status: 'queued' | 'completed' | 'failed' | 'busy' | 'no-answer';
  statusCallback: string | null;
  dateCreatedMs: number;
}

export interface DeliveredWebhook {
  url: string;
  params: Record<string, string>;
  signature: string;
  responseStatus: number | null;
  responseBody: string | null;
}

export interface TwilioStandinOptions {
  accountSid?: string;
  authToken?: string;
  /** The clock for date_created / date_sent and the rate-limit simulation. */
  now?: () => number;
  /** Where inbound SMS are POSTed (the number's "A message comes in" webhook). */
  inboundWebhookUrl?: string | null;
  /** Run queued → sent → delivered (and the callbacks) by itself right after each send. */
  autoDeliver?: boolean;
}

interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** Twilio's own wording for the codes the stand-in can be told to produce. */
const ERROR_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  21211: "Invalid 'To' Phone Number",
  21408:
    "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
  21610: 'Attempt to send to unsubscribed recipient',
  21614: "'To' number is not a valid mobile number",
  21602: 'Message body is required.',
  21603: "A 'From' phone number is required.",
  21604: "A 'To' phone number is required.",
  21205: 'Url parameter is required.',
  21617: 'The concatenated message body exceeds the 1600 character limit.',
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
};

const API = '/2010-04-01';

/** X-Twilio-Signature: HMAC-SHA1 (auth token) over the URL followed by each param name+value, names sorted. */
export function twilioSignature(args: {
  authToken: string;
  url: string;
  params: Record<string, string>;
}): string {
  const data = Object.keys(args.params)
    .sort()
    .reduce((acc, key) => acc + key + args.params[key], args.url);
  return createHmac('sha1', args.authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** "Mon, 09 Mar 2026 14:00:00 +0000", as Twilio writes dates. */
function rfc2822(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

function sid(prefix: 'SM' | 'CA' | 'PA'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** `DateSent>` / `DateSent<` take a date or a date-time; both ends are inclusive, as in Twilio. */
function parseDateFilter(value: string, end: boolean): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return end ? start + 86_400_000 - 1 : start;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export class TwilioStandin {
  readonly accountSid: string;
  readonly authToken: string;
  private readonly now: () => number;
  private server!: Server;
  private port = 0;
  private readonly store: StandinMessage[] = [];
  private readonly callStore: StandinCall[] = [];
  private readonly webhookLog: DeliveredWebhook[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: { code: number; status: number; message?: string }[] = [];
  private readonly failingNumbers = new Map<string, number>();
  private rateLimit: { perSecond: number } | null = null;
  private messageDelayMs = 0;
  private readonly recentSends = new Map<string, number[]>();
  inboundWebhookUrl: string | null;
  autoDeliver: boolean;

  private constructor(opts: TwilioStandinOptions) {
    this.accountSid = opts.accountSid ?? 'AC' + randomBytes(16).toString('hex');
    this.authToken = opts.authToken ?? randomBytes(16).toString('hex');
    this.now = opts.now ?? (() => Date.now());
    this.inboundWebhookUrl = opts.inboundWebhookUrl ?? null;
    this.autoDeliver = opts.autoDeliver ?? true;
  }

  static async start(opts: TwilioStandinOptions = {}): Promise<TwilioStandin> {
    const s = new TwilioStandin(opts);
    s.server = createServer((req, res) => {
      s.handle(req, res).catch((e: unknown) => {
        s.send(res, 500, { code: 20500, message: String(e), more_info: '', status: 500 });
      });
    });
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.port = (s.server.address() as AddressInfo).port;
    return s;
  }

  /** Give this to `createTwilioClient({ apiBaseUrl })`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ----- test controls -------------------------------------------------------------------------

  /** Everything sent or received, oldest first. */
  messages(): StandinMessage[] {
    return this.store.map((m) => ({ ...m }));
  }

  calls(): StandinCall[] {
    return this.callStore.map((c) => ({ ...c }));
  }

  /** Every webhook the stand-in POSTed (status callbacks and inbound messages), in order. */
  webhooks(): DeliveredWebhook[] {
    return this.webhookLog.map((w) => ({ ...w, params: { ...w.params } }));
  }

  /** The next POST (message or call) fails with this Twilio error. */
  failNext(args: { code: number; status: number; message?: string }): void {
    this.failures.push(args);
  }

  /**
   * Every send to `number` fails with `code`: 2xxxx codes on the POST (400), 3xxxx codes on
   * delivery (accepted, then undelivered with ErrorCode), as with the real service.
   */
  failFor(number: string, code: number): void {
    this.failingNumbers.set(number, code);
  }

  /**
   * Each new message is taken only after `ms` (a slow Twilio): sends stay in flight long enough
   * for another process to act meanwhile. 0 = at once.
   */
  answerMessagesAfter(ms: number): void {
    this.messageDelayMs = ms;
  }

  /** More than `perSecond` sends from one sender within a second (stand-in clock) get 429 / 20429. */
  simulateRateLimit(limit: { perSecond: number } | null): void {
    this.rateLimit = limit;
    this.recentSends.clear();
  }

  /** A patient's text arrives: listed as inbound and POSTed, signed, to the inbound webhook. */
  async injectInbound(args: { from: string; to: string; body: string }): Promise<{
    sid: string;
    webhook: DeliveredWebhook | null;
  }> {
    const now = this.now();
    const m: StandinMessage = {
      sid: sid('SM'),
      accountSid: this.accountSid,
      direction: 'inbound',
      from: args.from,
      to: args.to,
      body: args.body,
      messagingServiceSid: null,
      status: 'received',
      errorCode: null,
      dateCreatedMs: now,
      dateSentMs: now,
      dateUpdatedMs: now,
      statusCallback: null,
    };
    this.store.push(m);
    if (!this.inboundWebhookUrl) return { sid: m.sid, webhook: null };
    const webhook = await this.postWebhook(this.inboundWebhookUrl, {
      MessageSid: m.sid,
      SmsSid: m.sid,
      SmsMessageSid: m.sid,
      AccountSid: this.accountSid,
      From: m.from,
      To: m.to,
      Body: m.body,
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    });
    return { sid: m.sid, webhook };
  }

  /** Resolves when every delivery step and callback started so far has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Moves a message through sent → delivered/undelivered now (when autoDeliver is off). */
  deliver(messageSid: string): Promise<void> {
    const m = this.store.find((x) => x.sid === messageSid);
    if (!m) throw new Error(`no message ${messageSid}`);
    return this.track(this.progress(m));
  }

  async close(): Promise<void> {
    await this.settled();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((e) => (e ? reject(e) : resolve())),
    );
  }

  // ----- HTTP ----------------------------------------------------------------------------------

  private send(res: ServerResponse, status: number, body: unknown): void {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
      ...(status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {}),
    });
    res.end(json);
  }

  private error(res: ServerResponse, status: number, code: number, message?: string): void {
    const body: TwilioErrorBody = {
      code,
      message: message ?? ERROR_MESSAGES[code] ?? `Error ${code}`,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    };
    this.send(res, status, body);
  }

  private authorized(req: IncomingMessage, accountSid: string): boolean {
    const header = req.headers.authorization ?? '';
    const m = /^Basic (.+)$/.exec(header);
    if (!m) return false;
    const [user, ...rest] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    return user === this.accountSid && rest.join(':') === this.authToken && accountSid === user;
  }

  private async readForm(req: IncomingMessage): Promise<URLSearchParams> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)(?:\/([^/]+))?\.json$/.exec(
      url.pathname,
    );
    if (!m) return this.error(res, 404, 20404);
    const [, accountSid, resource, itemSid] = m as unknown as [string, string, string, string?];
    if (!this.authorized(req, accountSid)) return this.error(res, 401, 20003);
    if (resource === 'Messages' && req.method === 'POST' && !itemSid) {
      const form = await this.readForm(req);
      if (this.messageDelayMs > 0) await new Promise((r) => setTimeout(r, this.messageDelayMs));
      return this.createMessage(res, form);
    }
    if (resource === 'Messages' && req.method === 'GET' && !itemSid) {
      return this.listMessages(res, url);
    }
    if (resource === 'Messages' && req.method === 'GET' && itemSid) {
      const found = this.store.find((x) => x.sid === itemSid);
      if (!found) {
        return this.error(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      }
      return this.send(res, 200, this.messageJson(found));
    }
    if (resource === 'Calls' && req.method === 'POST' && !itemSid) {
      return this.createCall(res, await this.readForm(req));
    }
    return this.error(res, 405, 20004, 'Method not allowed');
  }

  /** A queued failure, a rate-limit hit or a refused number, checked in that order. */
  private refusal(
    sender: string,
    to: string,
  ): { status: number; code: number; message?: string } | null {
    const next = this.failures.shift();
    if (next) return next;
    if (this.rateLimit) {
      const now = this.now();
      const recent = (this.recentSends.get(sender) ?? []).filter((t) => now - t < 1000);
      if (recent.length >= this.rateLimit.perSecond) {
        this.recentSends.set(sender, recent);
        return { status: 429, code: 20429 };
      }
      recent.push(now);
      this.recentSends.set(sender, recent);
    }
    const code = this.failingNumbers.get(to);
    if (code !== undefined && code < 30000) return { status: 400, code };
    return null;
  }

  private createMessage(res: ServerResponse, form: URLSearchParams): void {
    const to = form.get('To');
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    const body = form.get('Body');
    if (!to) return this.error(res, 400, 21604);
    if (!from && !service) return this.error(res, 400, 21603);
    if (!body) return this.error(res, 400, 21602);
    if (!/^\+[1-9]\d{7,14}$/.test(to)) {
      return this.error(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    }
    if (body.length > 1600) return this.error(res, 400, 21617);
    const refused = this.refusal(from ?? service!, to);
    if (refused) return this.error(res, refused.status, refused.code, refused.message);
    const now = this.now();
    const msg: StandinMessage = {
      sid: sid('SM'),
      accountSid: this.accountSid,
      direction: 'outbound-api',
      // A messaging service picks the number later; Twilio answers with From null and "accepted".
      from: from ?? '',
      to,
      body,
      messagingServiceSid: service,
      status: service ? 'accepted' : 'queued',
      errorCode: null,
      dateCreatedMs: now,
      dateSentMs: null,
      dateUpdatedMs: now,
      statusCallback: form.get('StatusCallback'),
    };
    this.store.push(msg);
    this.send(res, 201, this.messageJson(msg));
    if (this.autoDeliver) void this.track(this.progress(msg));
  }

  private track(p: Promise<void>): Promise<void> {
    this.pending.add(p);
    return p.finally(() => this.pending.delete(p));
  }

  /** queued → sent → delivered, or → undelivered with the 3xxxx code set by failFor. */
  private async progress(msg: StandinMessage): Promise<void> {
    if (msg.status !== 'queued' && msg.status !== 'accepted') return;
    await new Promise((r) => setImmediate(r));
    if (!msg.from) msg.from = '+15005550006';
    const now = this.now();
    msg.status = 'sent';
    msg.dateSentMs = now;
    msg.dateUpdatedMs = now;
    await this.statusCallback(msg);
    const code = this.failingNumbers.get(msg.to);
    if (code !== undefined && code >= 30000) {
      msg.status = 'undelivered';
      msg.errorCode = code;
    } else {
      msg.status = 'delivered';
    }
    msg.dateUpdatedMs = this.now();
    await this.statusCallback(msg);
  }

  private async statusCallback(msg: StandinMessage): Promise<void> {
    if (!msg.statusCallback) return;
    const params: Record<string, string> = {
      MessageSid: msg.sid,
      SmsSid: msg.sid,
      AccountSid: msg.accountSid,
      From: msg.from,
      To: msg.to,
      MessageStatus: msg.status,
      SmsStatus: msg.status,
      ApiVersion: '2010-04-01',
    };
    if (msg.messagingServiceSid) params.MessagingServiceSid = msg.messagingServiceSid;
    if (msg.errorCode !== null) params.ErrorCode = String(msg.errorCode);
    await this.postWebhook(msg.statusCallback, params);
  }

  private async postWebhook(
    url: string,
    params: Record<string, string>,
  ): Promise<DeliveredWebhook> {
    const signature = twilioSignature({ authToken: this.authToken, url, params });
    const entry: DeliveredWebhook = {
      url,
      params,
      signature,
      responseStatus: null,
      responseBody: null,
    };
    this.webhookLog.push(entry);
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signature,
          'I-Twilio-Idempotency-Token': randomBytes(16).toString('hex'),
          'User-Agent': 'TwilioProxy/1.1',
        },
        body: new URLSearchParams(params).toString(),
      });
      entry.responseStatus = r.status;
      entry.responseBody = await r.text();
    } catch {
      // Twilio logs an 11200 "HTTP retrieval failure" and moves on; so do we (status stays null).
    }
    return entry;
  }

  private messageJson(m: StandinMessage): Record<string, unknown> {
    const uri = `${API}/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
    return {
      account_sid: m.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: rfc2822(m.dateCreatedMs),
      date_sent: rfc2822(m.dateSentMs),
      date_updated: rfc2822(m.dateUpdatedMs),
      direction: m.direction,
      error_code: m.errorCode,
      error_message: m.errorCode === null ? null : (ERROR_MESSAGES[m.errorCode] ?? null),
      from: m.from || null,
      messaging_service_sid: m.messagingServiceSid,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
      to: m.to,
      uri,
    };
  }

  private listMessages(res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    const to = q.get('To');
    const from = q.get('From');
    const after = q.get('DateSent>');
    const before = q.get('DateSent<');
    const on = q.get('DateSent');
    const afterMs = after === null ? null : parseDateFilter(after, false);
    const beforeMs = before === null ? null : parseDateFilter(before, true);
    const onStart = on === null ? null : parseDateFilter(on, false);
    const onEnd = on === null ? null : parseDateFilter(on, true);
    const pageSize = Math.min(1000, Math.max(1, Number(q.get('PageSize') ?? 50) || 50));
    const page = Math.max(0, Number(q.get('Page') ?? 0) || 0);
    const matching = this.store
      .filter((m) => (to === null || m.to === to) && (from === null || m.from === from))
      .filter((m) => {
        if (afterMs === null && beforeMs === null && onStart === null) return true;
        // A queued message has no DateSent, so any DateSent filter leaves it out.
        if (m.dateSentMs === null) return false;
        if (afterMs !== null && m.dateSentMs < afterMs) return false;
        if (beforeMs !== null && m.dateSentMs > beforeMs) return false;
        if (onStart !== null && (m.dateSentMs < onStart || m.dateSentMs > onEnd!)) return false;
        return true;
      })
      // Newest first, as Twilio lists them.
      .sort(
        (a, b) =>
          b.dateCreatedMs - a.dateCreatedMs || this.store.indexOf(b) - this.store.indexOf(a),
      );
    const start = page * pageSize;
    const items = matching.slice(start, start + pageSize);
    const filters = new URLSearchParams();
    if (to !== null) filters.set('To', to);
    if (from !== null) filters.set('From', from);
    if (after !== null) filters.set('DateSent>', after);
    if (before !== null) filters.set('DateSent<', before);
    if (on !== null) filters.set('DateSent', on);
    const pageUri = (p: number, token?: string) => {
      const params = new URLSearchParams(filters);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(p));
      if (token) params.set('PageToken', token);
      return `${API}/Accounts/${this.accountSid}/Messages.json?${params.toString()}`;
    };
    const hasNext = start + pageSize < matching.length;
    const last = items[items.length - 1];
    this.send(res, 200, {
      messages: items.map((m) => this.messageJson(m)),
      end: start + items.length - 1,
      first_page_uri: pageUri(0),
      next_page_uri: hasNext && last ? pageUri(page + 1, `PA${last.sid}`) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      start,
      uri: pageUri(page),
    });
  }

  private createCall(res: ServerResponse, form: URLSearchParams): void {
    const to = form.get('To');
    const from = form.get('From');
    const twiml = form.get('Twiml');
    const url = form.get('Url');
    if (!to) return this.error(res, 400, 21201, 'No called number is specified');
    if (!from) return this.error(res, 400, 21213, 'No caller ID is specified');
    if (!twiml && !url) return this.error(res, 400, 21205);
    if (!/^\+[1-9]\d{7,14}$/.test(to)) {
      return this.error(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    }
    const refused = this.refusal(from, to);
    if (refused) return this.error(res, refused.status, refused.code, refused.message);
    const now = this.now();
    const call: StandinCall = {
      sid: sid('CA'),
      accountSid: this.accountSid,
      from,
      to,
      twiml,
      url,
      status: 'queued',
      statusCallback: form.get('StatusCallback'),
      dateCreatedMs: now,
    };
    this.callStore.push(call);
    const uri = `${API}/Accounts/${call.accountSid}/Calls/${call.sid}.json`;
    this.send(res, 201, {
      account_sid: call.accountSid,
      answered_by: null,
      api_version: '2010-04-01',
      caller_name: null,
      date_created: rfc2822(now),
      date_updated: rfc2822(now),
      direction: 'outbound-api',
      duration: null,
      end_time: null,
      from: call.from,
      from_formatted: call.from,
      parent_call_sid: null,
      phone_number_sid: null,
      price: null,
      price_unit: 'USD',
      sid: call.sid,
      start_time: null,
      status: call.status,
      to: call.to,
      to_formatted: call.to,
      uri,
    });
    if (this.autoDeliver) void this.track(this.completeCall(call));
  }

  private async completeCall(call: StandinCall): Promise<void> {
    await new Promise((r) => setImmediate(r));
    call.status = 'completed';
    if (!call.statusCallback) return;
    await this.postWebhook(call.statusCallback, {
      CallSid: call.sid,
      AccountSid: call.accountSid,
      From: call.from,
      To: call.to,
      CallStatus: 'completed',
      Direction: 'outbound-api',
      ApiVersion: '2010-04-01',
      CallDuration: '18',
    });
  }
}
