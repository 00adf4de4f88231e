/**
 * The HTTP transport over the same registry Electron's IPC uses:
 *   POST /api/<domain>/<verb>  JSON body -> {"ok":true,"data":…} | {"ok":false,"error":{code,message,field}}
 *                              (through the one dispatcher, api/registry.ts `dispatchEnvelope`)
 *   GET  /api/events           server-sent events: every change, so open windows update live
 *   GET  /api/health           liveness
 *   GET  /*                    the built renderer (browser mode)
 * It binds 127.0.0.1, or one network card's address for the other desks of the office (lan.ts):
 * then only over HTTPS with the data folder's certificate, and a plain-HTTP request on that port
 * is answered with a refusal naming the https address, never with the API or the app. /api refuses
 * requests that came through a proxy (Forwarded, X-Forwarded-*, Via) unless `trustProxy` is set.
 * Requests must carry a Host of this server (stops DNS rebinding) and a JSON content type (a
 * cross-site form cannot send one without a CORS preflight, which is never granted).
 * The desk's session travels in an HttpOnly, SameSite=Strict cookie on /api (Secure over HTTPS):
 * every operation but the public ones (sign-in, set-up status) and the live events need it.
 * Every request runs inside one guard: a malformed URL, path or header is a 400 and nothing that
 * goes wrong in one request can end the process (reminders and calendar sync live in it too).
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ClinicDb } from '../db/open';
import { httpStatusOf, type ErrorCode } from '../errors';
import type { ChangeEvent } from '../events';
import { dispatchEnvelope, type Registry } from '../api/registry';
import type { GoogleTestEndpoints, NetworkService, SessionCarrier } from '../api/handler';
import { admit } from '../accounts/service/admission';
import { sessionStillOpen } from '../accounts/service/sessions';
import type { SecretBox } from '../secrets/secretBox';
import { CONTENT_SECURITY_POLICY } from './csp';
import { isLoopback } from './lan';

export interface HttpHostOptions {
  db: ClinicDb;
  registry: Registry;
  /** Folder with the built renderer (index.html); omitted = API only. */
  staticDir?: string | undefined;
  port?: number;
  /** The address to listen on: 127.0.0.1 (default), or a network card's, which needs `tls`. */
  host?: string;
  /** Serve HTTPS with this certificate and key (PEM): required off loopback (see lan.ts). */
  tls?: { cert: string; key: string } | undefined;
  /**
   * /api answers requests that carry proxy headers (Forwarded, X-Forwarded-*, Via): only when the
   * clinic runs a reverse proxy it controls in front of the host. Off by default. A function is
   * asked at each request, so Settings → Network can change it without a restart.
   */
  trustProxy?: boolean | (() => boolean) | undefined;
  /** The clock; tests pass a fixed one. */
  clock?: () => number;
  /** Seals credentials handlers store (see secrets/secretBox.ts). */
  secrets?: SecretBox;
  /** Routes beside the API: ICS feeds, signed webhooks (see ExtraRoute). */
  routes?: ExtraRoute[];
  /**
   * The Google stand-in's addresses (tests only): set here, by whoever starts the host, never by
   * a caller. The sign-in's browser step is left to the page that called: it opens the address.
   */
  googleTestEndpoints?: GoogleTestEndpoints | undefined;
  /** Settings → Network: what this host serves and the choice for its next start (cli.ts). */
  network?: NetworkService | undefined;
}

/**
 * A route outside /api: an ICS feed a calendar app polls, a Twilio webhook. `anyHost` routes skip
 * the Host check because they are reached through a public URL (a tunnel or reverse proxy); they
 * must authenticate every request themselves (an unguessable token, a request signature).
 */
export interface ExtraRoute {
  prefix: string;
  anyHost?: boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> | void;
}

export interface HttpHost {
  url: string;
  port: number;
  server: http.Server | https.Server;
  close(): Promise<void>;
  /**
   * Stops serving this address because the host moved (officeHost.ts): every open desk is told
   * where ClinicDesk answers now (`movedTo`, or null when it no longer serves the network), no
   * new connection is taken, and requests in flight (the one that asked for the move) get their
   * answer before the connections are closed, `graceMs` later.
   */
  retire(movedTo: string | null, graceMs?: number): Promise<void>;
}

// A provider CSV import (up to 4 MB, sent as base64) is the largest request.
const MAX_BODY = 6_000_000;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};

export const SESSION_COOKIE = 'clinicdesk_session';
/** Longer than any real token (43 characters); a longer cookie is not ours. */
const MAX_TOKEN = 200;

/** The session cookie's value from a Cookie header (the first one, if a page sent several). */
export function sessionTokenFrom(req: http.IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value && value.length <= MAX_TOKEN ? value : null;
  }
  return null;
}

/**
 * The Set-Cookie for a new session (or for none: cleared). HttpOnly keeps it from the page's
 * scripts, SameSite=Strict from other sites' forms and links, Path=/api from everything but the
 * API, and Secure from plain HTTP when the host serves HTTPS. No Max-Age: it ends with the browser,
 * and the server ends it anyway at the clinic's absolute limit.
 */
export function sessionCookie(token: string | null, secure: boolean): string {
  const attributes = ['Path=/api', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  return token === null
    ? [`${SESSION_COOKIE}=`, ...attributes, 'Max-Age=0'].join('; ')
    : [`${SESSION_COOKIE}=${token}`, ...attributes].join('; ');
}

function overTls(req: http.IncomingMessage): boolean {
  return 'encrypted' in req.socket && req.socket.encrypted === true;
}

/** The request's cookie as the dispatcher's carrier; what sign-in or sign-out did becomes Set-Cookie. */
function cookieCarrier(
  req: http.IncomingMessage,
): SessionCarrier & { setCookie(): string | undefined } {
  let token = sessionTokenFrom(req);
  let changed = false;
  const secure = overTls(req);
  return {
    get token() {
      return token;
    },
    establish(next) {
      token = next;
      changed = true;
    },
    clear() {
      token = null;
      changed = true;
    },
    setCookie: () => (changed ? sessionCookie(token, secure) : undefined),
  };
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extraHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(
  res: http.ServerResponse,
  code: ErrorCode,
  message: string,
  status = httpStatusOf(code),
): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/** Past this much an oversized body is no longer drained: the connection is cut. */
const MAX_DRAIN = 16 * MAX_BODY;

/**
 * An oversized body is read to its end and thrown away before the 413 is sent: destroying the
 * socket at once resets the connection, and the client sees ECONNRESET instead of the 413.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_DRAIN) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      if (size > MAX_BODY) {
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () =>
      size > MAX_BODY
        ? reject(new Error('too large'))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** decodeURIComponent without the throw: `%` alone, `%E0%A4%A`, … are null. */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Headers a proxy adds on its way through (RFC 7239 Forwarded, the X-Forwarded family, Via). */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
];

function cameThroughProxy(req: http.IncomingMessage): boolean {
  return PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
}

function refusePlainHttp(socket: net.Socket, httpsUrl: string): void {
  const text = `ClinicDesk answers only over HTTPS on this address: open ${httpsUrl}/\n`;
  socket.end(
    [
      'HTTP/1.1 400 Bad Request',
      'Content-Type: text/plain; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(text)}`,
      'Connection: close',
      '',
      text,
    ].join('\r\n'),
  );
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { db, registry } = options;
  const clock = options.clock ?? Date.now;
  const bindHost = options.host ?? '127.0.0.1';
  const trustProxy =
    typeof options.trustProxy === 'function'
      ? options.trustProxy
      : () => options.trustProxy === true;
  if (!isLoopback(bindHost) && !options.tls)
    throw new Error(
      `ClinicDesk serves ${bindHost} only over HTTPS: sign-in passwords and patient records never cross the office network in clear`,
    );
  // Each live-event stream with the session token it was opened with.
  const sseClients = new Map<http.ServerResponse, string | null>();
  let allowedHosts = new Set<string>();

  const unsubscribe = registry.onChange((event: ChangeEvent) => {
    const frame = `event: change\ndata: ${JSON.stringify(event)}\n\n`;
    const now = clock();
    for (const [c, token] of sseClients) {
      // A stream whose session ended (signed out, deactivated, past its limit) gets nothing
      // more: it is closed, and the desk's reconnect meets the sign-in screen.
      if (!sessionStillOpen(db, token, now)) {
        sseClients.delete(c);
        c.end();
      } else c.write(frame);
    }
  });
  const heartbeat = setInterval(() => {
    for (const c of sseClients.keys()) c.write(': keep-alive\n\n');
  }, 20_000);
  heartbeat.unref();

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
    if (req.method !== 'POST')
      return sendError(res, 'VALIDATION', 'Use POST with a JSON body.', 405);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json')
      return sendError(res, 'VALIDATION', 'The body must be sent as application/json.', 415);
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      return sendError(res, 'VALIDATION', 'The request body is larger than 6 MB.', 413);
    }
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return sendError(res, 'VALIDATION', 'The request body is not valid JSON.');
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return sendError(res, 'VALIDATION', 'The request body must be a JSON object.');
    }
    const actorHeader = req.headers['x-clinicdesk-actor'];
    let actor: unknown;
    if (actorHeader !== undefined) {
      actor = typeof actorHeader === 'string' ? safeDecode(actorHeader) : null;
      if (actor === null)
        return sendError(res, 'VALIDATION', 'The X-ClinicDesk-Actor header is not valid.');
    }
    const carrier = cookieCarrier(req);
    const result = await dispatchEnvelope({
      registry,
      env: {
        db,
        secrets: options.secrets,
        // The page that called opens the sign-in address in a new tab; this PC may be a server.
        services: {
          openBrowser: () => {},
          googleTestEndpoints: options.googleTestEndpoints,
          network: options.network,
        },
      },
      name,
      input,
      actor,
      origin: `http ${req.socket.remoteAddress ?? '?'}`,
      clock,
      session: carrier,
    });
    const setCookie = carrier.setCookie();
    const headers: Record<string, string> = setCookie ? { 'Set-Cookie': setCookie } : {};
    if (result.ok) return sendJson(res, 200, result, headers);
    return sendJson(res, httpStatusOf(result.error.code), result, headers);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse) {
    // Live changes are for signed-in desks only (a locked one too: its screen stays current).
    const admission = admit(db, {
      token: sessionTokenFrom(req),
      now: clock(),
      operation: 'events',
      permission: 'session',
      whileLocked: true,
    });
    if (!admission.ok) {
      const headers: Record<string, string> = admission.dropToken
        ? { 'Set-Cookie': sessionCookie(null, overTls(req)) }
        : {};
      return sendJson(res, 401, { ok: false, error: admission.error.toJSON() }, headers);
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    sseClients.set(res, sessionTokenFrom(req));
    req.on('close', () => sseClients.delete(res));
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string) {
    const dir = options.staticDir;
    if (!dir || (req.method !== 'GET' && req.method !== 'HEAD'))
      return sendError(res, 'NOT_FOUND', 'Not found.', 404);
    const root = path.resolve(dir);
    const decoded = safeDecode(pathname);
    if (decoded === null || decoded.includes('\0'))
      return sendError(res, 'VALIDATION', 'That address is not valid.', 400);
    let file = path.resolve(root, `.${decoded}`);
    if (!file.startsWith(root + path.sep) && file !== root)
      return sendError(res, 'NOT_FOUND', 'Not found.', 404);
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory())
      file = path.join(root, 'index.html');
    if (!fs.existsSync(file)) {
      return sendError(res, 'NOT_FOUND', 'The app has not been built: run npm run build.', 404);
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.endsWith('index.html')
        ? 'no-cache'
        : 'public, max-age=31536000, immutable',
      'Content-Length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://local');
    } catch {
      return sendError(res, 'VALIDATION', 'That address is not valid.', 400);
    }
    const pathname = url.pathname;
    const extra = options.routes?.find((r) => pathname.startsWith(r.prefix));
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!extra?.anyHost && !allowedHosts.has(hostHeader))
      return sendError(res, 'VALIDATION', 'Unexpected Host header.', 421);
    if (pathname.startsWith('/api') && cameThroughProxy(req) && !trustProxy())
      return sendError(
        res,
        'FORBIDDEN',
        'ClinicDesk does not answer through a proxy: open this PC’s address directly.',
      );
    if (extra) {
      Promise.resolve(extra.handle(req, res, url)).catch((err: unknown) => failed(res, err));
      return;
    }
    if (pathname === '/api/events') return handleEvents(req, res);
    if (pathname === '/api/health') return sendJson(res, 200, { ok: true, data: { status: 'up' } });
    if (pathname === '/api' || pathname === '/api/')
      return sendJson(res, 200, { ok: true, data: registry.names() });
    if (pathname.startsWith('/api/')) {
      handleApi(req, res, pathname.slice('/api/'.length)).catch((err: unknown) => failed(res, err));
      return;
    }
    handleStatic(req, res, pathname);
  }

  /** The last word on a request that threw: logged, answered if still possible, never fatal. */
  function failed(res: http.ServerResponse, err: unknown): void {
    console.error('[clinicdesk] request failed', err);
    if (!res.headersSent)
      sendError(res, 'INTERNAL', 'The server failed to answer; nothing was saved.');
    else res.destroy();
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      route(req, res);
    } catch (err) {
      failed(res, err);
    }
  };
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : http.createServer(onRequest);
  // Over HTTPS a front listener reads each connection's first byte: a TLS handshake goes on to the
  // HTTPS server, anything else (a desk that typed http://) gets a refusal naming the https
  // address and nothing more — no API, no app, no cookie, in clear on the office network.
  // The HTTPS server never listens itself, so Node does not track its connections for
  // closeAllConnections: the front listener keeps them, and closing ends them.
  const handedOver = new Set<net.Socket>();
  const front = options.tls
    ? net.createServer((socket) => {
        handedOver.add(socket);
        socket.once('close', () => handedOver.delete(socket));
        socket.on('error', () => socket.destroy());
        // A connection that says nothing is not kept waiting (the TLS and HTTP servers time out
        // their own idle connections from the first byte on).
        socket.setTimeout(10_000, () => socket.destroy());
        socket.once('data', (first: Buffer) => {
          socket.setTimeout(0);
          // Put back and hand over paused: the TLS socket takes the buffered bytes itself (a
          // resume here would flow them to no one).
          socket.pause();
          socket.unshift(first);
          if (first[0] === 0x16) server.emit('connection', socket);
          else refusePlainHttp(socket, url);
        });
      })
    : null;
  // A request line or header Node's parser cannot read (`GET /\x00`, a bad header) gets a 400 on
  // that socket only.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.keepAliveTimeout = 5_000;

  const listener: net.Server = front ?? server;
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const port = (listener.address() as AddressInfo).port;
  const hostPart = net.isIPv6(bindHost) ? `[${bindHost}]` : bindHost;
  allowedHosts = new Set([
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `[::1]:${port}`,
    `${hostPart}:${port}`,
    ...(options.tls ? [`${os.hostname().toLowerCase()}:${port}`] : []),
  ]);
  const url = options.tls
    ? `https://${hostPart}:${port}`
    : `http://${isLoopback(bindHost) ? '127.0.0.1' : hostPart}:${port}`;

  const close = () =>
    new Promise<void>((resolve) => {
      unsubscribe();
      clearInterval(heartbeat);
      for (const c of sseClients.keys()) c.end();
      sseClients.clear();
      front?.close();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of handedOver) socket.destroy();
    });
  return {
    url,
    port,
    server,
    close,
    retire: (movedTo, graceMs = 1_500) => {
      const frame = `event: moved\ndata: ${JSON.stringify({ url: movedTo })}\n\n`;
      for (const c of sseClients.keys()) c.end(frame);
      sseClients.clear();
      front?.close();
      server.close();
      server.closeIdleConnections();
      return new Promise<void>((resolve) => {
        setTimeout(() => void close().then(resolve), graceMs).unref();
      });
    },
  };
}
