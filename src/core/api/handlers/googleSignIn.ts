/**
 * Google sign-in for a provider's calendar: operations that wait for a person in a browser
 * (minutes, or never), so they are async handlers — no transaction of their own; they reach the
 * database through `ctx.call` (calendars/saveGoogleTokens keeps its audit row and change event).
 * Google's addresses are fixed; the stand-in's come only from the host's start-up options
 * (ctx.services.googleTestEndpoints), never from a caller.
 */
import { z } from 'zod';
import { id, trimmed } from '../../entities/common';
import { connectGoogleAccount } from '../../calsync/service/googleConnect';
import { CalendarSyncError } from '../../calsync/port';
import {
  GOOGLE_CLIENT_ID,
  isGoogleSignInPage,
  isLoopbackUrl,
} from '../../calsync/google/signInPage';
import { getClinic } from '../../db/repos/clinic';
import { getProvider } from '../../db/repos/directory';
import type { ClinicDb } from '../../db/open';
import { AppError, notFound } from '../../errors';
import { defineAsyncHandler } from '../handler';

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

export const calendarsConnectGoogle = defineAsyncHandler({
  name: 'calendars/connectGoogle',
  mode: 'write',
  permission: 'calendars.manage',
  kind: 'async',
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
    const test = deps.services.googleTestEndpoints;
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
        call: deps.call,
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
        openBrowser: async (url) => {
          if (!isGoogleSignInPage(url, test?.authUrl)) {
            throw new Error(`the sign-in address was not Google's (${new URL(url).origin})`);
          }
          await deps.services.openBrowser(url);
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
          if (done) deps.publish({ topic: 'calendars', providerIds: [providerId] });
        },
        (err: unknown) => {
          if (startedMs === null) {
            // Before the browser opened: no loopback port, the address refused, no browser.
            reject(
              err instanceof CalendarSyncError ? new AppError('INVALID_STATE', err.message) : err,
            );
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
          if (failed) deps.publish({ topic: 'calendars', providerIds: [providerId] });
        },
      );
    });
  },
});

export const calendarsGoogleSignInStatus = defineAsyncHandler({
  name: 'calendars/googleSignInStatus',
  mode: 'read',
  permission: 'calendars.manage',
  kind: 'async',
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
