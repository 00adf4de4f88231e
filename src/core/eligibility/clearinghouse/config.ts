/**
 * One clinic's clearinghouse settings. The lead stores them encrypted at rest; this module only
 * checks them and keeps the password from being printed by accident: once parsed, it is a
 * `Secret`, which logs, stringifies and JSON-encodes as "[redacted]".
 *
 * `auth` is a union on `method` so the X.509 client-certificate variant of the rule can be added
 * as `{ method: 'clientCertificate', certificatePem, privateKeyPem }` without touching the
 * password path (the client would then pass a TLS agent holding the key instead of sending
 * UserName/Password fields).
 */
import { inspect } from 'node:util';
import { z } from 'zod';
import { must } from '../../entities/common';
import { ClearinghouseError } from './port';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

/** Plain http:// is only for a stand-in on this very machine (tests, the benchmark). */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 3;

const EXAMPLE_URL = 'https://clearinghouse.example/core/realtime';

const clearinghouseUrl = z
  .string({ error: must('clearinghouse address', 'text') })
  .trim()
  .min(1, 'clearinghouse address is required')
  .superRefine((text, ctx) => {
    const problem = urlProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `clearinghouse address must be a full web address such as ${EXAMPLE_URL}`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'clearinghouse address must not contain a user name or password; enter them in the login fields, which are stored encrypted';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return null;
  if (url.protocol === 'http:') {
    return `clearinghouse address must start with https:// — plain http:// to ${url.hostname} would send the clinic's login and patients' insurance details unencrypted`;
  }
  return `clearinghouse address must start with https://, e.g. ${EXAMPLE_URL}`;
}

/** CORE sender and receiver IDs are the trading-partner IDs the clearinghouse assigned. */
const tradingPartnerId = (what: string) =>
  z
    .string({ error: must(what, 'text') })
    .trim()
    .min(1, `${what} is required`)
    .max(80, `${what} is too long (at most 80 characters)`)
    .regex(/^[\x21-\x7e]+$/, `${what} may not contain spaces or accented letters`);

const passwordAuth = z.object({
  method: z.literal('password'),
  username: z
    .string({ error: must('clearinghouse user name', 'text') })
    .trim()
    .min(1, 'clearinghouse user name is required')
    .max(200, 'clearinghouse user name is too long (at most 200 characters)'),
  // Not trimmed: a password may begin or end with a space.
  password: z
    .string({ error: must('clearinghouse password', 'text') })
    .min(1, 'clearinghouse password is required')
    .max(500, 'clearinghouse password is too long (at most 500 characters)')
    .transform((s) => new Secret(s)),
});

export const clearinghouseConfigSchema = z.object({
  url: clearinghouseUrl,
  senderId: tradingPartnerId('sender ID'),
  receiverId: tradingPartnerId('receiver ID'),
  auth: z.discriminatedUnion('method', [passwordAuth], {
    error: 'clearinghouse login method must be "password" (user name and password)',
  }),
  timeoutMs: z
    .number({ error: 'clearinghouse time limit must be a number of milliseconds' })
    .int('clearinghouse time limit must be a whole number of milliseconds')
    // Under a second no payer answers; over two minutes the patient has left the desk.
    .min(1_000, 'clearinghouse time limit must be at least 1 second (1000 ms)')
    .max(120_000, 'clearinghouse time limit must be at most 2 minutes (120000 ms)')
    .default(DEFAULT_TIMEOUT_MS),
  maxAttempts: z
    .number({ error: 'number of tries must be a number' })
    .int('number of tries must be a whole number')
    .min(1, 'number of tries must be at least 1')
    .max(5, 'number of tries must be at most 5')
    .default(DEFAULT_MAX_ATTEMPTS),
});

export type ClearinghouseConfigInput = z.input<typeof clearinghouseConfigSchema>;
export type ClearinghouseConfig = z.output<typeof clearinghouseConfigSchema>;

/** Checks settings; the first problem becomes an INVALID_CONFIG error naming the field. */
export function parseClearinghouseConfig(input: unknown): ClearinghouseConfig {
  const parsed = clearinghouseConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ClearinghouseError({
    code: 'INVALID_CONFIG',
    message: `Clearinghouse settings: ${issue.message}.`,
    transient: false,
    field: issue.path.map(String).join('.') || 'config',
  });
}
