/**
 * Operations that wait for the outside world, beside the registry. A registry handler is
 * synchronous and runs inside one SQLite transaction, so it cannot wait for a person to finish
 * Google's sign-in in a browser (minutes, or never). These operations run outside any
 * transaction, reach the database only through registry handlers (which keep their audit rows and
 * change events), and are dispatched by both transports before the registry: `POST /api/<name>`
 * in host/http.ts, the one IPC channel in main/ipc.ts. Same envelope, same typed errors.
 *
 * They are not registry names on purpose: the registry's bad-input table, READ_VERBS and the
 * one-transaction rule do not apply to them, and `registry.call` of one of these names answers
 * UNKNOWN_OPERATION.
 */
import { z } from 'zod';
import { id, trimmed } from '../entities/common';
import { connectGoogleAccount } from '../calsync/google/connect';
import { CalendarSyncError } from '../calsync/port';
import { getClinic } from '../db/repos/clinic';
import { getProvider } from '../db/repos/directory';
import type { ClinicDb } from '../db/open';
import type { SecretBox } from '../secrets/secretBox';
import { AppError, notFound, type ApiErrorBody } from '../errors';
import type { CallResult, Registry } from './registry';

/**
 * The stand-in's OAuth and Calendar addresses, for tests. Configured by whoever starts the host
 * (never sent by a caller), and only ever on this PC: a caller that could choose them could make
 * the host POST sign-in codes to any address it names.
 */
export interface GoogleTestEndpoints {
  authUrl: string;
  tokenUrl: string;
  /** The Calendar API root (`standin.url`). */
  apiRootUrl: string;
}

export interface AsyncOpDeps {
  db: ClinicDb;
  registry: Registry;
  /** Seals the tokens (absent: the operation refuses, as calendars/saveGoogleTokens does). */
  secrets?: SecretBox | undefined;
  clock: () => number;
  /**
   * Hands the sign-in page to a browser. Electron: shell.openExternal after checking the address.
   * HTTP host: nothing (the page that called opens the address itself).
   */
  openBrowser: (url: string) => Promise<void> | void;
  /** Who is at the desk, for the audit row calendars/saveGoogleTokens writes. */
  actor?: string | undefined;
  googleTestEndpoints?: GoogleTestEndpoints | undefined;
}

export interface AsyncOp<Schema extends z.ZodType, Result> {
  /** One line a developer reads in the operation list. */
  summary: string;
  input: Schema;
  run(input: z.output<Schema>, deps: AsyncOpDeps): Promise<Result>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous table; each entry keeps its own types in `typeof asyncOps`
export type AnyAsyncOp = AsyncOp<z.ZodType, any>;
export type AsyncOpTable = Readonly<Record<string, AnyAsyncOp>>;

/** What a transport is given: the table, and (tests only) where "Google" is. */
export interface AsyncOpSetup {
  ops: AsyncOpTable;
  googleTestEndpoints?: GoogleTestEndpoints | undefined;
}

function defineAsyncOp<Schema extends z.ZodType, Result>(
  op: AsyncOp<Schema, Result>,
): AsyncOp<Schema, Result> {
  return op;
}

// ---- Google sign-in -----------------------------------------------------------------------------

/** google-auth-library's consent page: the only address Electron hands to the system browser. */
export const GOOGLE_SIGN_IN_PAGE = 'https://accounts.google.com/o/oauth2/v2/auth';

/** "123456789012-abc123def.apps.googleusercontent.com": the shape Google gives every OAuth client. */
const GOOGLE_CLIENT_ID = /^[a-z0-9][a-z0-9-]*\.apps\.googleusercontent\.com$/i;

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function isLoopbackUrl(raw: string): boolean {
  const u = parseUrl(raw);
  return (
    u !== null &&
    (u.protocol === 'http:' || u.protocol === 'https:') &&
    u.hostname === '127.0.0.1' &&
    !u.username &&
    !u.password
  );
}

/**
 * True for Google's consent page (https, accounts.google.com, no port, no user:password@), or the
 * configured test sign-in page on 127.0.0.1. Checked before any address reaches a browser.
 */
export function isGoogleSignInPage(raw: string, testAuthUrl?: string): boolean {
  const u = parseUrl(raw);
  if (!u || u.username || u.password) return false;
  if (testAuthUrl && isLoopbackUrl(testAuthUrl)) {
    const t = new URL(testAuthUrl);
    if (u.origin === t.origin && u.pathname === t.pathname) return true;
  }
  const google = new URL(GOOGLE_SIGN_IN_PAGE);
  return u.protocol === 'https:' && u.host === google.host && u.pathname === google.pathname;
}

export type GoogleSignInStatus =
  | { state: 'none' }
  | { state: 'waiting'; startedMs: number }
  | { state: 'connected'; startedMs: number; finishedMs: number; accountId: number; label: string }
  | { state: 'failed'; startedMs: number; finishedMs: number; message: string };

/**
 * The latest sign-in per provider, per database. In memory on purpose: the loopback listener that
 * receives Google's answer lives in this process too, so a sign-in cannot outlive it. A second
 * click replaces the first attempt; the first one's late timeout (five minutes on) must not then
 * overwrite the second one's outcome, hence the attempt number.
 */
const signIns = new WeakMap<
  ClinicDb,
  Map<number, { attempt: number; status: GoogleSignInStatus }>
>();
let attempts = 0;

function signInsOf(db: ClinicDb) {
  let m = signIns.get(db);
  if (!m) signIns.set(db, (m = new Map()));
  return m;
}

function settle(input: {
  db: ClinicDb;
  providerId: number;
  attempt: number;
  status: GoogleSignInStatus;
}): boolean {
  const m = signInsOf(input.db);
  if (m.get(input.providerId)?.attempt !== input.attempt) return false;
  m.set(input.providerId, { attempt: input.attempt, status: input.status });
  return true;
}

/** The stored account as calendars/saveGoogleTokens answered it: only what the status needs. */
function accountOf(data: unknown): { accountId: number; label: string } {
  const a = data as { id?: unknown; label?: unknown } | null;
  return {
    accountId: typeof a?.id === 'number' ? a.id : 0,
    label: typeof a?.label === 'string' ? a.label : 'Google account',
  };
}

function requireProvider(db: ClinicDb, providerId: number) {
  const p = getProvider(db, providerId);
  if (!p) throw notFound('The provider', 'providerId');
  return p;
}

const connectGoogle = defineAsyncOp({
  summary:
    "Start Google sign-in for a provider's calendar: answers with the sign-in page's address as soon as it is known; the account is saved (calendars change event) when the person finishes in the browser.",
  input: z
    .object({
      providerId: id('provider'),
      clientId: trimmed('Google OAuth client id', 300),
      clientSecret: z
        .string({ error: 'client secret must be text' })
        .trim()
        .max(300, 'client secret is too long (at most 300 characters)')
        .optional(),
      loginHint: z
        .string({ error: "the provider's Google e-mail must be text" })
        .trim()
        .max(254, "the provider's Google e-mail is too long")
        .refine((s) => s === '' || /^[^\s@]+@[^\s@]+$/.test(s), {
          message: "the provider's Google e-mail must look like name@example.com",
        })
        .optional(),
    })
    .strict(),
  run: async (input, deps): Promise<{ authUrl: string; startedMs: number }> => {
    const test = deps.googleTestEndpoints;
    if (test && ![test.authUrl, test.tokenUrl, test.apiRootUrl].every(isLoopbackUrl)) {
      throw new AppError(
        'INVALID_STATE',
        'This ClinicDesk is set up with Google test addresses that are not on this PC (127.0.0.1); it will not sign in through them.',
      );
    }
    // With the stand-in configured any client id will do: it is the stand-in's own test client.
    if (!test && !GOOGLE_CLIENT_ID.test(input.clientId)) {
      throw new AppError(
        'VALIDATION',
        'clientId: that is not a Google OAuth client id. Copy the "Desktop app" client id from Google Cloud console → APIs & Services → Credentials; it ends in .apps.googleusercontent.com.',
        'clientId',
      );
    }
    const secrets = deps.secrets;
    if (!secrets) {
      throw new AppError(
        'INVALID_STATE',
        'This window cannot store passwords safely; connect calendars from the ClinicDesk app on the front-desk PC.',
      );
    }
    requireProvider(deps.db, input.providerId);
    const clinicZone = getClinic(deps.db, deps.clock()).timeZone;
    const attempt = ++attempts;
    const { db } = deps;
    const { providerId } = input;
    const loginHint = input.loginHint || undefined;
    const clientSecret = input.clientSecret || undefined;

    return new Promise((resolve, reject) => {
      let startedMs: number | null = null;
      const flow = connectGoogleAccount({
        registry: deps.registry,
        db: deps.db,
        secrets,
        providerId: input.providerId,
        client: {
          clientId: input.clientId,
          ...(clientSecret ? { clientSecret } : {}),
          ...(test ? { endpoints: { authUrl: test.authUrl, tokenUrl: test.tokenUrl } } : {}),
        },
        ...(loginHint ? { loginHint } : {}),
        ...(test ? { apiRootUrl: test.apiRootUrl } : {}),
        clinicZone,
        ...(deps.actor ? { actor: deps.actor } : {}),
        now: deps.clock,
        openBrowser: async (url) => {
          if (!isGoogleSignInPage(url, test?.authUrl)) {
            throw new Error(`the sign-in address was not Google's (${new URL(url).origin})`);
          }
          await deps.openBrowser(url);
          // From here on the person is in the browser: answer the caller, wait in the background.
          startedMs = deps.clock();
          signInsOf(deps.db).set(providerId, {
            attempt,
            status: { state: 'waiting', startedMs },
          });
          resolve({ authUrl: url, startedMs });
        },
      });
      flow.then(
        (data) => {
          if (startedMs === null) return; // cannot happen: the browser step precedes saving
          const done = settle({
            db,
            providerId,
            attempt,
            status: { state: 'connected', startedMs, finishedMs: deps.clock(), ...accountOf(data) },
          });
          // saveGoogleTokens already published the account; this one carries the new status.
          if (done) deps.registry.publish({ topic: 'calendars', providerIds: [providerId] });
        },
        (err: unknown) => {
          if (startedMs === null) {
            reject(err);
            return;
          }
          const message =
            err instanceof CalendarSyncError || err instanceof AppError
              ? err.message
              : `Google sign-in failed (${err instanceof Error ? err.message : String(err)}); start it again.`;
          console.warn(`[clinicdesk] Google sign-in for provider ${providerId} failed: ${message}`);
          const failed = settle({
            db,
            providerId,
            attempt,
            status: { state: 'failed', startedMs, finishedMs: deps.clock(), message },
          });
          if (failed) deps.registry.publish({ topic: 'calendars', providerIds: [providerId] });
        },
      );
    });
  },
});

const googleSignInStatus = defineAsyncOp({
  summary:
    "The provider's latest Google sign-in on this ClinicDesk: none, waiting for the browser, connected, or failed with the reason.",
  input: z.object({ providerId: id('provider') }).strict(),
  run: (input, deps): Promise<GoogleSignInStatus> => {
    requireProvider(deps.db, input.providerId);
    const status: GoogleSignInStatus = signInsOf(deps.db).get(input.providerId)?.status ?? {
      state: 'none',
    };
    return Promise.resolve(status);
  },
});

/** Every async operation, by name (never a registry name: see the unit test). */
export const asyncOps = {
  'calendars/connectGoogle': connectGoogle,
  'calendars/googleSignInStatus': googleSignInStatus,
} as const satisfies AsyncOpTable;

export type AsyncOps = typeof asyncOps;

export function hasAsyncOp(ops: AsyncOpTable, name: string): boolean {
  return Object.hasOwn(ops, name);
}

/** Zod's wording, turned into a sentence that names the field (as the registry does). */
function validationError(error: z.ZodError): ApiErrorBody {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || undefined;
  const message = field ? `${field}: ${issue.message}` : issue.message;
  return field ? { code: 'VALIDATION', message, field } : { code: 'VALIDATION', message };
}

function errorBody(name: string, err: unknown): ApiErrorBody {
  if (err instanceof AppError) return err.toJSON();
  // Before the browser opened: no loopback port, the sign-in address refused, no browser.
  if (err instanceof CalendarSyncError) return { code: 'INVALID_STATE', message: err.message };
  console.error(`[clinicdesk] ${name} failed`, err);
  return {
    code: 'INTERNAL',
    message: `Something went wrong in ${name}; nothing was saved. (${err instanceof Error ? err.message : String(err)})`,
  };
}

/** Validates and runs one async operation. Never throws: same envelope as `registry.call`. */
export async function runAsyncOp(input: {
  ops: AsyncOpTable;
  name: string;
  input: unknown;
  deps: AsyncOpDeps;
}): Promise<CallResult> {
  const op = hasAsyncOp(input.ops, input.name) ? input.ops[input.name] : undefined;
  if (!op) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_OPERATION', message: `There is no operation named ${input.name}.` },
    };
  }
  const parsed = op.input.safeParse(input.input ?? {});
  if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
  try {
    const data: unknown = await op.run(parsed.data, input.deps);
    return { ok: true, data };
  } catch (err) {
    return { ok: false, error: errorBody(input.name, err) };
  }
}
