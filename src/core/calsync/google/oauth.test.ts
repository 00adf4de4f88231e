import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoogleCalendarStandin } from '../../../../test/standins/googleCalendar';
import { CalendarSyncError } from '../port';
import { createGoogleCalendarAccount } from './adapter';
import { createGoogleAuthClient, GOOGLE_CALENDAR_SCOPE, signInWithGoogle } from './oauth';

let standin: GoogleCalendarStandin;
beforeAll(async () => {
  standin = await GoogleCalendarStandin.start();
  standin.addCalendar({ id: 'primary', summary: 'Dr. Patel', primary: true });
});
afterAll(async () => {
  await standin.close();
});
afterEach(() => {
  standin.consent = 'approve';
});

const client = () => ({
  clientId: standin.clientId,
  clientSecret: standin.clientSecret,
  endpoints: { authUrl: standin.authUrl, tokenUrl: standin.tokenUrl },
});

/** The browser: opens the consent page, which redirects to ClinicDesk's loopback listener. */
const browser = async (url: string) => {
  const res = await fetch(url);
  await res.text();
};

async function failure(p: Promise<unknown>): Promise<CalendarSyncError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CalendarSyncError) return e;
    throw e;
  }
  throw new Error('expected a CalendarSyncError');
}

describe('desktop sign-in with loopback redirect and PKCE', () => {
  it('signs in, and the tokens work against the calendar API', async () => {
    let landing = '';
    const tokens = await signInWithGoogle({
      client: client(),
      loginHint: 'dr.patel@northside.example',
      openBrowser: async (url) => {
        const res = await fetch(url);
        landing = await res.text();
      },
    });
    const q = standin.lastAuthRequest!;
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('scope')).toBe(GOOGLE_CALENDAR_SCOPE);
    expect(q.get('login_hint')).toBe('dr.patel@northside.example');
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(q.get('state')!.length).toBeGreaterThan(20);
    expect(landing).toContain('You can close this tab');
    expect(tokens.accessToken).toMatch(/^ya29\./);
    expect(tokens.refreshToken).toMatch(/^1\/\//);
    expect(tokens.scope).toBe(GOOGLE_CALENDAR_SCOPE);

    const account = createGoogleCalendarAccount({
      auth: createGoogleAuthClient({ client: client(), tokens }),
      accountLabel: 'dr.patel@northside.example',
      clinicZone: 'America/New_York',
      rootUrl: standin.url,
    });
    expect((await account.listCalendars()).map((c) => c.id)).toContain('primary');
  });

  it('closes the loopback listener afterwards', async () => {
    let redirect = '';
    await signInWithGoogle({
      client: client(),
      openBrowser: async (url) => {
        const res = await fetch(url, { redirect: 'manual' });
        redirect = res.headers.get('location')!;
        await fetch(redirect);
      },
    });
    await expect(fetch(redirect)).rejects.toThrow();
  });

  it('refuses an answer whose state is not ours', async () => {
    const e = await failure(
      signInWithGoogle({
        client: client(),
        openBrowser: async (url) => {
          const res = await fetch(url, { redirect: 'manual' });
          const forged = new URL(res.headers.get('location')!);
          forged.searchParams.set('state', 'someone-else');
          await fetch(forged);
        },
      }),
    );
    expect(e.code).toBe('SIGN_IN_FAILED');
    expect(e.message).toBe('The Google sign-in answer did not match this sign-in; start it again.');
  });

  it('says so when the person cancels on Google’s page', async () => {
    standin.consent = 'deny';
    const e = await failure(signInWithGoogle({ client: client(), openBrowser: browser }));
    expect(e.code).toBe('SIGN_IN_FAILED');
    expect(e.message).toContain('was cancelled, or calendar access was not allowed');
  });

  it('fails cleanly when the code exchange is refused (code already used)', async () => {
    let callback = '';
    await signInWithGoogle({
      client: client(),
      openBrowser: async (url) => {
        const res = await fetch(url, { redirect: 'manual' });
        callback = res.headers.get('location')!;
        await fetch(callback);
      },
    });
    // Replaying the same code into a new sign-in: a different verifier and state, and a used code.
    const code = new URL(callback).searchParams.get('code')!;
    const e = await failure(
      signInWithGoogle({
        client: client(),
        openBrowser: async (url) => {
          const res = await fetch(url, { redirect: 'manual' });
          const next = new URL(res.headers.get('location')!);
          next.searchParams.set('code', code);
          await fetch(next);
        },
      }),
    );
    expect(e.code).toBe('SIGN_IN_FAILED');
    expect(e.message).toBe(
      'Google did not accept the sign-in (invalid_grant); try signing in again.',
    );
  });

  it('gives up when the browser cannot be opened, or nobody finishes in time', async () => {
    const e = await failure(
      signInWithGoogle({
        client: client(),
        openBrowser: () => {
          throw new Error('no default browser');
        },
      }),
    );
    expect(e.message).toBe(
      'ClinicDesk could not open the web browser for Google sign-in (no default browser).',
    );
    const late = await failure(
      signInWithGoogle({ client: client(), openBrowser: () => {}, timeoutMs: 1 }),
    );
    expect(late.message).toBe('Google sign-in was not finished in time; start it again.');
  });
});

/** A raw request on its own socket: the status line of the answer ('' if the socket closed). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString()));
    socket.on('end', () => resolve(got.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => {
      socket.destroy();
      resolve(got.split('\r\n')[0] ?? '');
    });
  });
}

describe('the loopback listener has the same guard as the host', () => {
  it('answers malformed requests with 400 and keeps waiting for the real answer', async () => {
    const statuses: string[] = [];
    const tokens = await signInWithGoogle({
      client: client(),
      openBrowser: async (url) => {
        const port = Number(new URL(new URL(url).searchParams.get('redirect_uri')!).port);
        // A page on the web can make the browser send these to any port on 127.0.0.1.
        statuses.push(
          await rawRequest(port, 'GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        );
        statuses.push(
          await rawRequest(port, 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        );
        statuses.push(await rawRequest(port, 'GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n'));
        await browser(url);
      },
    });
    expect(statuses).toEqual([
      'HTTP/1.1 400 Bad Request',
      'HTTP/1.1 400 Bad Request',
      'HTTP/1.1 400 Bad Request',
    ]);
    expect(tokens.refreshToken).toBeTruthy();
  });
});
