/**
 * "Connect Google Calendar" for the desktop app: the sign-in waits for a person in a browser, so it
 * cannot run inside a handler (handlers are synchronous, one transaction). The Electron main
 * process (or the HTTP host) runs this: loopback + PKCE sign-in (oauth.ts), then the account
 * e-mail from the primary calendar's id, then `calendars/saveGoogleTokens` through the dispatcher,
 * which seals the tokens. The 'calendars' job then lists the calendars and syncs.
 */
import type { ClinicDb } from '../../db/open';
import type { SecretBox } from '../../secrets/secretBox';
import { CalendarSyncError } from '../port';
import { createGoogleCalendarAccount } from '../google/adapter';
import {
  createGoogleAuthClient,
  signInWithGoogle,
  type GoogleOAuthClientConfig,
} from '../google/oauth';

/** Saves the tokens: `calendars/saveGoogleTokens` through the dispatcher, as the same caller. */
export type SaveGoogleTokens = (
  input: unknown,
) => { ok: true; data: unknown } | { ok: false; error: { message: string } };

export interface ConnectGoogleInput {
  call: (name: 'calendars/saveGoogleTokens', input: unknown) => ReturnType<SaveGoogleTokens>;
  db: ClinicDb;
  secrets: SecretBox;
  providerId: number;
  client: GoogleOAuthClientConfig;
  /** shell.openExternal after checking the URL is Google's (or the stand-in's in tests). */
  openBrowser: (url: string) => Promise<void> | void;
  loginHint?: string;
  /** Only for the stand-in: the Calendar API root. */
  apiRootUrl?: string;
  clinicZone: string;
}

/** Signs in and stores the account; resolves with the stored account as calendars/list shows it. */
export async function connectGoogleAccount(input: ConnectGoogleInput): Promise<unknown> {
  const tokens = await signInWithGoogle({
    client: input.client,
    openBrowser: input.openBrowser,
    ...(input.loginHint ? { loginHint: input.loginHint } : {}),
  });
  // Google's primary calendar id is the account's e-mail: the label the panel shows.
  const port = createGoogleCalendarAccount({
    auth: createGoogleAuthClient({ client: input.client, tokens }),
    accountLabel: input.loginHint ?? 'Google account',
    clinicZone: input.clinicZone,
    ...(input.apiRootUrl ? { rootUrl: input.apiRootUrl } : {}),
  });
  const calendars = await port.listCalendars();
  const label = calendars.find((c) => c.primary)?.id ?? input.loginHint ?? 'Google account';
  const r = input.call('calendars/saveGoogleTokens', {
    providerId: input.providerId,
    label,
    tokens,
    client: {
      clientId: input.client.clientId,
      ...(input.client.clientSecret ? { clientSecret: input.client.clientSecret } : {}),
    },
  });
  if (!r.ok) throw new CalendarSyncError('SIGN_IN_FAILED', r.error.message);
  return r.data;
}
