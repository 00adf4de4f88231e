/**
 * "Connect Google Calendar" over the desktop app's IPC transport (src/main/ipc.ts) with Electron's
 * ipcMain, shell and BrowserWindow replaced by recorders: the async operation travels on the one
 * call channel and answers with a promise, shell.openExternal receives Google's sign-in page (or
 * the stand-in's, when configured) and nothing else, and the finished sign-in reaches the window
 * as a 'calendars' change event. The built bundle's wiring is checked in test/e2e/desktopMain.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineAsyncHandler, type GoogleTestEndpoints } from '../../src/core/api/handler';
import { allHandlers } from '../../src/core/api/handlers';
import { createRegistry } from '../../src/core/api/registry';
import type { AppOrigin } from '../../src/main/security';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';
import { GoogleCalendarStandin } from '../standins/googleCalendar';
import { seedStaff, TEST_ADMIN, TEST_PASSWORD } from '../helpers/staff';
import { z } from 'zod';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const sent: { channel: string; payload: unknown }[] = [];
  // One window whose web contents stay the same object, as Electron's do: its session is kept
  // under them, and only a signed-in window is sent live changes.
  const webContents = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
  };
  return {
    handlers: new Map<string, Handler>(),
    opened: [] as string[],
    sent,
    openFails: false,
    window: { isDestroyed: () => false, webContents },
  };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, h: Handler) => fake.handlers.set(channel, h),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  shell: {
    openExternal: (url: string) => {
      if (fake.openFails) return Promise.reject(new Error('no default browser is set'));
      fake.opened.push(url);
      return Promise.resolve();
    },
  },
  BrowserWindow: {
    getAllWindows: () => [fake.window],
  },
  app: { isPackaged: true },
}));

const { registerIpc } = await import('../../src/main/ipc');

const APP_URL = 'file:///opt/clinicdesk/out/renderer/index.html';
const origin: AppOrigin = {
  load: { kind: 'file', file: '/opt/clinicdesk/out/renderer/index.html' },
  isAppUrl: (url) => url.split('#')[0] === APP_URL,
  devOrigin: null,
};
const appFrame = {
  senderFrame: { url: `${APP_URL}#calendar-sync`, parent: null },
  sender: fake.window.webContents,
};
const CAL = 'ana.patel@northside.example';
const REAL_CLIENT_ID = '123456789012-abcdefghijklmnop.apps.googleusercontent.com';

let standin: GoogleCalendarStandin;
let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
let dispose: (() => void) | null = null;

interface Envelope {
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string; field?: string };
}

function ipcCall(name: string, input: unknown, frame: unknown = appFrame): Promise<Envelope> {
  const h = fake.handlers.get('clinicdesk:call');
  if (!h) throw new Error('no IPC handler registered');
  return Promise.resolve(h(frame, name, input, { actor: 'Dana at the desk' }) as Envelope);
}

/** The bridge, with the window signed in as the administrator (through IPC, as the page does). */
async function register(test?: GoogleTestEndpoints) {
  dispose?.();
  dispose = registerIpc({
    registry: t.registry,
    db: t.db,
    origin,
    secrets: t.secrets,
    ...(test ? { googleTestEndpoints: test } : {}),
  });
  await seedStaff(t.db, TEST_ADMIN, t.now);
  const signedIn = await ipcCall('auth/signIn', { username: 'admin', password: TEST_PASSWORD });
  if (!signedIn.ok) throw new Error(`sign-in over IPC failed: ${signedIn.error?.message}`);
}

beforeAll(async () => {
  standin = await GoogleCalendarStandin.start();
  standin.addCalendar({ id: CAL, summary: 'Ana Patel', primary: true });
  t = openTestApi();
  c = buildTinyClinic(t);
});
afterAll(async () => {
  dispose?.();
  await standin?.close();
  t?.close();
});
beforeEach(() => {
  fake.opened.length = 0;
  fake.sent.length = 0;
  fake.openFails = false;
});

describe('calendars/connectGoogle over IPC', () => {
  it("opens Google's consent page in the system browser and answers with its address", async () => {
    await register();
    const r = await ipcCall('calendars/connectGoogle', {
      providerId: c.providers[1]!.id,
      clientId: REAL_CLIENT_ID,
    });
    expect(r.ok).toBe(true);
    const { authUrl } = r.data as { authUrl: string };
    expect(fake.opened).toEqual([authUrl]);
    expect(authUrl.startsWith('https://accounts.google.com/o/oauth2/v2/auth?')).toBe(true);
    // Close the waiting loopback listener the way a stale tab would.
    const redirect = new URL(authUrl).searchParams.get('redirect_uri')!;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await (await fetch(`${redirect}?state=stale&code=x`)).text();
      await vi.waitFor(async () =>
        expect(
          (await ipcCall('calendars/googleSignInStatus', { providerId: c.providers[1]!.id })).data,
        ).toMatchObject({ state: 'failed' }),
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('runs the whole sign-in against the stand-in and tells the window', async () => {
    await register({
      authUrl: standin.authUrl,
      tokenUrl: standin.tokenUrl,
      apiRootUrl: standin.url,
    });
    const ana = c.providers[0]!.id;
    const r = await ipcCall('calendars/connectGoogle', {
      providerId: ana,
      clientId: standin.clientId,
      loginHint: CAL,
    });
    expect(r.ok).toBe(true);
    const { authUrl } = r.data as { authUrl: string };
    expect(fake.opened).toEqual([authUrl]);
    expect(authUrl.startsWith(`${standin.authUrl}?`)).toBe(true);

    // The system browser follows the page; the stand-in consents and redirects to the listener.
    const page = await fetch(authUrl);
    expect(await page.text()).toContain('Signed in.');
    await vi.waitFor(
      async () =>
        expect(
          (await ipcCall('calendars/googleSignInStatus', { providerId: ana })).data,
        ).toMatchObject({ state: 'connected', label: CAL }),
      { timeout: 10_000 },
    );
    const list = await ipcCall('calendars/list', { providerId: ana });
    expect(list.data).toMatchObject([{ kind: 'google', label: CAL }]);
    expect(fake.sent).toContainEqual({
      channel: 'clinicdesk:event',
      payload: { topic: 'calendars', providerIds: [ana] },
    });
    const audit = t.db.sqlite
      .prepare("SELECT actor, origin FROM audit_log WHERE action = 'calendar.connect'")
      .all();
    // The signed-in person, whatever name the page sent along.
    expect(audit).toEqual([{ actor: 'Test Admin', origin: 'ipc' }]);
  });

  it('refuses a page that is not the app, before anything opens', async () => {
    await register();
    const r = await ipcCall(
      'calendars/connectGoogle',
      { providerId: c.providers[0]!.id, clientId: REAL_CLIENT_ID },
      { senderFrame: { url: 'https://evil.example/', parent: null } },
    );
    expect(r).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'This page is not allowed to use ClinicDesk.' },
    });
    expect(fake.opened).toEqual([]);
  });

  it('says so when no browser could be opened, and leaves no sign-in waiting', async () => {
    await register();
    fake.openFails = true;
    const providerId = c.providers[2]!.id;
    const r = await ipcCall('calendars/connectGoogle', { providerId, clientId: REAL_CLIENT_ID });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'INVALID_STATE',
        message:
          'ClinicDesk could not open the web browser for Google sign-in (no default browser is set).',
      },
    });
    expect((await ipcCall('calendars/googleSignInStatus', { providerId })).data).toEqual({
      state: 'none',
    });
  });

  it('hands the system browser nothing but the sign-in page, whatever an operation asks', async () => {
    const sneaky = defineAsyncHandler({
      name: 'test/openSomething',
      summary: 'test only: asks the transport to open another address',
      mode: 'read',
      permission: 'schedule.view',
      kind: 'async',
      input: z.object({ url: z.string() }),
      run: async (input, ctx) => {
        await ctx.services.openBrowser(input.url);
        return { opened: input.url };
      },
    });
    dispose?.();
    dispose = registerIpc({
      registry: createRegistry([...allHandlers, sneaky]),
      db: t.db,
      origin,
      secrets: t.secrets,
    });
    await ipcCall('auth/signIn', { username: 'admin', password: TEST_PASSWORD });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      for (const url of [
        'https://evil.example/o/oauth2/v2/auth',
        'http://accounts.google.com/o/oauth2/v2/auth',
        'https://accounts.google.com.evil.example/o/oauth2/v2/auth',
        'https://user:pw@accounts.google.com/o/oauth2/v2/auth',
        'http://127.0.0.1:9/o/oauth2/v2/auth',
      ]) {
        const r = await ipcCall('test/openSomething', { url });
        expect(r.ok, url).toBe(false);
      }
      expect(fake.opened).toEqual([]);
      const ok = await ipcCall('test/openSomething', {
        url: 'https://accounts.google.com/o/oauth2/v2/auth?client_id=x',
      });
      expect(ok.ok).toBe(true);
      expect(fake.opened).toEqual(['https://accounts.google.com/o/oauth2/v2/auth?client_id=x']);
    } finally {
      error.mockRestore();
      warn.mockRestore();
    }
  });

  it('still answers registry operations as before', async () => {
    await register();
    const r = await ipcCall('providers/list', {});
    expect(r.ok).toBe(true);
    expect(r.data).toHaveLength(c.providers.length);
    expect(await ipcCall('nothing/here', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_OPERATION' },
    });
  });
});
