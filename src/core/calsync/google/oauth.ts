/**
 * Google sign-in for a desktop app: the system browser opens Google's consent page, Google sends
 * the browser back to a one-shot listener on 127.0.0.1 (RFC 8252 loopback redirect), and the code
 * is exchanged with PKCE (S256), so a code caught by another program on the PC is useless without
 * the verifier that never left this process. All OAuth mechanics are google-auth-library's
 * `OAuth2Client`; this file only adds the listener and the typed errors.
 *
 * Tokens are handed to the caller (`signInWithGoogle` result, `onTokens` on every refresh) and
 * never written anywhere here: keeping them encrypted is the caller's job.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credentials, OAuth2Client } from 'google-auth-library';
import { lazyPackage } from '../../lazy';

const googleAuth = lazyPackage<typeof import('google-auth-library')>('google-auth-library');
import { CalendarSyncError } from '../port';
import { describeFailure } from './errors';

export const GOOGLE_CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

/** What must be kept (encrypted) to use an account later. JSON-safe. */
export interface GoogleTokens {
  accessToken: string;
  /** Null when Google sent none (it sends one on `prompt=consent`); then sign-in must be redone. */
  refreshToken: string | null;
  /** When the access token stops working, epoch ms. */
  expiresAtMs: number | null;
  scope: string | null;
}

export interface GoogleOAuthClientConfig {
  /** The "Desktop app" OAuth client of ClinicDesk in Google Cloud. */
  clientId: string;
  /** Google issues one to desktop clients too; it is not a secret there (RFC 8252 §8.5). */
  clientSecret?: string;
  /** Only for the stand-in in tests: where to send the browser and the code. */
  endpoints?: { authUrl?: string; tokenUrl?: string; revokeUrl?: string };
}

function oauthClient(config: GoogleOAuthClientConfig, redirectUri?: string): OAuth2Client {
  const e = config.endpoints ?? {};
  return new (googleAuth().OAuth2Client)({
    clientId: config.clientId,
    ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: {
      ...(e.authUrl ? { oauth2AuthBaseUrl: e.authUrl } : {}),
      ...(e.tokenUrl ? { oauth2TokenUrl: e.tokenUrl } : {}),
      ...(e.revokeUrl ? { oauth2RevokeUrl: e.revokeUrl } : {}),
    },
  });
}

function tokensFrom(c: Credentials, previous: GoogleTokens | null = null): GoogleTokens {
  if (!c.access_token) {
    throw new CalendarSyncError(
      'SIGN_IN_FAILED',
      'Google did not send an access token; sign in again.',
    );
  }
  return {
    accessToken: c.access_token,
    // A refresh answer has no refresh token: the old one stays valid.
    refreshToken: c.refresh_token ?? previous?.refreshToken ?? null,
    expiresAtMs: c.expiry_date ?? null,
    scope: c.scope ?? previous?.scope ?? null,
  };
}

function signInFailed(message: string): CalendarSyncError {
  return new CalendarSyncError('SIGN_IN_FAILED', message);
}

const DONE_PAGE =
  '<!doctype html><meta charset="utf-8"><title>ClinicDesk</title>' +
  '<p>Signed in. You can close this tab and return to ClinicDesk.</p>';
const FAILED_PAGE =
  '<!doctype html><meta charset="utf-8"><title>ClinicDesk</title>' +
  '<p>The sign-in did not complete. Return to ClinicDesk and try again.</p>';

export interface SignInInput {
  client: GoogleOAuthClientConfig;
  /** Opens the system browser (Electron's shell.openExternal after checking the URL); tests fetch it. */
  openBrowser: (url: string) => Promise<void> | void;
  /** Pre-fills the Google account: "dr.patel@northside.example". */
  loginHint?: string;
  /** How long to wait for the person to finish in the browser. */
  timeoutMs?: number;
  scopes?: string[];
}

interface Callback {
  code: string;
  redirectUri: string;
}

/** Runs the whole sign-in and resolves with the tokens to keep. Fails with SIGN_IN_FAILED. */
export async function signInWithGoogle(input: SignInInput): Promise<GoogleTokens> {
  const state = randomBytes(24).toString('base64url');
  const server = http.createServer();
  // A request line or header Node's parser cannot read gets a 400 on that socket only.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const client = oauthClient(input.client, redirectUri);
  try {
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      access_type: 'offline',
      // Google sends a refresh token only on consent; without it the account dies in an hour.
      prompt: 'consent',
      scope: input.scopes ?? [GOOGLE_CALENDAR_SCOPE],
      code_challenge_method: googleAuth().CodeChallengeMethod.S256,
      code_challenge: codeChallenge,
      state,
      ...(input.loginHint ? { login_hint: input.loginHint } : {}),
    });
    const callback = waitForCallback({ server, state, redirectUri, timeoutMs: input.timeoutMs });
    try {
      await input.openBrowser(url);
    } catch (e) {
      callback.cancel();
      throw signInFailed(
        `ClinicDesk could not open the web browser for Google sign-in (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
    const { code } = await callback.result;
    try {
      const { tokens } = await client.getToken({ code, codeVerifier, redirect_uri: redirectUri });
      return tokensFrom(tokens);
    } catch (e) {
      if (e instanceof CalendarSyncError) throw e;
      const f = describeFailure(e);
      throw signInFailed(
        `Google did not accept the sign-in${f.reason ? ` (${f.reason})` : ''}; try signing in again.`,
      );
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

function waitForCallback(input: {
  server: http.Server;
  state: string;
  redirectUri: string;
  timeoutMs: number | undefined;
}): { result: Promise<Callback>; cancel: () => void } {
  let cancel = () => {};
  const result = new Promise<Callback>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(signInFailed('Google sign-in was not finished in time; start it again.')),
      input.timeoutMs ?? 5 * 60_000,
    );
    const finish = (outcome: Callback | CalendarSyncError) => {
      clearTimeout(timer);
      input.server.removeAllListeners('request');
      if (outcome instanceof CalendarSyncError) reject(outcome);
      else resolve(outcome);
    };
    cancel = () => finish(signInFailed('Google sign-in was cancelled.'));
    // The same guard as the host's (host/http.ts): any request is answered, none can throw out
    // of the listener (an uncaught throw would end the whole process: reminders, sync, desks).
    input.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      try {
        answer(req, res);
      } catch (err) {
        console.error('[clinicdesk] the Google sign-in listener failed to answer', err);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      }
    });
    const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', input.redirectUri);
      } catch {
        // `GET //`, `GET http://[`: not an address at all. The sign-in keeps waiting.
        res.writeHead(400).end();
        return;
      }
      // Browsers also ask for /favicon.ico; only the redirect itself counts.
      if (url.pathname !== '/callback') {
        res.writeHead(404).end();
        return;
      }
      const reply = (ok: boolean) => {
        res.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(ok ? DONE_PAGE : FAILED_PAGE);
      };
      const q = url.searchParams;
      if (q.get('state') !== input.state) {
        // Not the answer to our request (a stale tab, or another program guessing): refuse it.
        reply(false);
        finish(
          signInFailed('The Google sign-in answer did not match this sign-in; start it again.'),
        );
        return;
      }
      const error = q.get('error');
      const code = q.get('code');
      if (error || !code) {
        reply(false);
        finish(
          signInFailed(
            error === 'access_denied'
              ? 'Google sign-in was cancelled, or calendar access was not allowed; ClinicDesk needs it to sync.'
              : `Google sign-in failed (${error ?? 'no code returned'}); start it again.`,
          ),
        );
        return;
      }
      reply(true);
      finish({ code, redirectUri: input.redirectUri });
    };
  });
  // The answer can fail while the browser call is still being awaited (a refused state arrives
  // before openBrowser returns); it is awaited right after, so mark it handled now.
  result.catch(() => {});
  return { result, cancel: () => cancel() };
}

export interface AuthClientInput {
  client: GoogleOAuthClientConfig;
  tokens: GoogleTokens;
  /** Called with the full token set each time the library refreshes; store it encrypted. */
  onTokens?: (tokens: GoogleTokens) => void;
}

/**
 * A signed-in client for the adapter. The library refreshes the access token itself when it has
 * expired; a refused refresh (Google's `invalid_grant`) reaches the adapter, which reports it as
 * AUTH_REVOKED.
 */
export function createGoogleAuthClient(input: AuthClientInput): OAuth2Client {
  const client = oauthClient(input.client);
  client.setCredentials({
    access_token: input.tokens.accessToken,
    refresh_token: input.tokens.refreshToken,
    expiry_date: input.tokens.expiresAtMs,
    ...(input.tokens.scope ? { scope: input.tokens.scope } : {}),
  });
  let current = input.tokens;
  client.on('tokens', (fresh: Credentials) => {
    if (!fresh.access_token) return;
    current = tokensFrom(fresh, current);
    input.onTokens?.(current);
  });
  return client;
}
