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
  extra: { agent?: http.Agent; timeoutMs?: number } = {},
): Promise<ApiReply> {
  const reply = await httpRequest(baseUrl, {
    path: `/api/${name}`,
    body: JSON.stringify(input),
    headers: { 'Content-Type': 'application/json' },
    ...extra,
  });
  const body = reply.json as { ok?: unknown } | undefined;
  if (!body || typeof body.ok !== 'boolean')
    throw new Error(
      `${name}: not an API reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`,
    );
  return { status: reply.status, ...(body as Omit<ApiReply, 'status'>) } as ApiReply;
}
