/**
 * A bare HTTP client for tests of the host: node:http rather than fetch, so that a test can send
 * what a browser would not (a foreign Host header, a wrong content type, a 2 MB body).
 */
import http from 'node:http';

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

export function httpRequest(
  baseUrl: string,
  options: {
    path: string;
    method?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
    /** Abort after this many ms (the crash test's host can die mid-request). */
    timeoutMs?: number;
    agent?: http.Agent;
  },
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(options.path, baseUrl),
      {
        method: options.method ?? 'POST',
        headers: options.headers ?? {},
        agent: options.agent,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

export type ApiReply =
  | { status: number; ok: true; data: unknown }
  | { status: number; ok: false; error: { code: string; message: string; field?: string } };

/** POST /api/<name> with a JSON body, the way the renderer's HTTP client does it. */
export async function postApi(
  baseUrl: string,
  name: string,
  input: unknown,
  extra: {
    agent?: http.Agent;
    timeoutMs?: number;
    /** The desk's session cookie (`name=value`); see test/helpers/staff.ts. */
    cookie?: string;
  } = {},
): Promise<ApiReply> {
  const { cookie, ...rest } = extra;
  const reply = await httpRequest(baseUrl, {
    path: `/api/${name}`,
    body: JSON.stringify(input),
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    ...rest,
  });
  const body = reply.json as { ok?: unknown } | undefined;
  if (!body || typeof body.ok !== 'boolean')
    throw new Error(
      `${name}: not an API reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`,
    );
  return { status: reply.status, ...(body as Omit<ApiReply, 'status'>) } as ApiReply;
}

/** The administrator `httpDesk` creates on a fresh clinic (or signs in as). */
export const FIRST_ADMIN = {
  username: 'admin',
  displayName: 'First Admin',
  password: 'quiet lantern harbor 42',
};

/**
 * A desk signed in over HTTP the way a browser is: on a fresh clinic it creates the first
 * administrator (auth/createFirstAdmin), else it signs in as them, and it carries the session
 * cookie the host set on every later call. For hosts in another process (the built host).
 */
export async function httpDesk(baseUrl: string, who = FIRST_ADMIN) {
  let cookie = '';
  const call = async (name: string, input: unknown): Promise<ApiReply> => {
    const reply = await httpRequest(baseUrl, {
      path: `/api/${name}`,
      body: JSON.stringify(input),
      headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
      timeoutMs: 30_000,
    });
    const set = reply.headers['set-cookie']?.[0];
    if (set) cookie = set.split(';')[0]!.endsWith('=') ? '' : set.split(';')[0]!;
    const body = reply.json as Omit<ApiReply, 'status'>;
    return { status: reply.status, ...body } as ApiReply;
  };
  const status = await call('auth/status', {});
  const first = status.ok && (status.data as { firstAdminNeeded: boolean }).firstAdminNeeded;
  const signedIn = first
    ? await call('auth/createFirstAdmin', who)
    : await call('auth/signIn', { username: who.username, password: who.password });
  if (!signedIn.ok) throw new Error(`signing in failed: ${signedIn.error.message}`);
  return {
    call,
    get cookie() {
      return cookie;
    },
  };
}
