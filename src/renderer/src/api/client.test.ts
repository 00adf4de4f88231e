import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClinicDeskBridge } from '../../../preload/bridge';
import { ApiError, call, setActor, subscribe, type ChangeEvent } from './client';

const g = globalThis as { window?: { clinicdesk?: ClinicDeskBridge } };

afterEach(() => {
  delete g.window;
  setActor(undefined);
  vi.unstubAllGlobals();
});

describe('the API client in the desktop app (IPC bridge)', () => {
  it('returns data, passes the actor, and throws ApiError with code, message and field', async () => {
    const calls: unknown[][] = [];
    g.window = {
      clinicdesk: {
        call: (name, input, meta) => {
          calls.push([name, input, meta]);
          return Promise.resolve(
            name === 'setup/status'
              ? { ok: true, data: { setupState: 'new' } }
              : {
                  ok: false,
                  error: { code: 'VALIDATION', message: 'clinic name is required', field: 'name' },
                },
          );
        },
        on: () => () => {},
      },
    };
    setActor('  Dana  ');
    await expect(call('setup/status', {})).resolves.toEqual({ setupState: 'new' });
    const err = await call('setup/startEmpty', { name: '', timeZone: 'UTC' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'VALIDATION',
      message: 'clinic name is required',
      field: 'name',
    });
    expect(calls[0]).toEqual(['setup/status', {}, { actor: 'Dana' }]);
  });

  it('forwards change events and unsubscribes', () => {
    let listener: ((e: ChangeEvent) => void) | undefined;
    g.window = {
      clinicdesk: {
        call: () => Promise.reject(new Error('unused')),
        on: (_event, l) => {
          listener = l;
          return () => (listener = undefined);
        },
      },
    };
    const seen: string[] = [];
    const statuses: string[] = [];
    const stop = subscribe(
      (e) => seen.push(e.topic),
      (s) => statuses.push(s),
    );
    listener?.({ topic: 'appointments' });
    stop();
    expect(seen).toEqual(['appointments']);
    expect(statuses).toEqual(['live']);
    expect(listener).toBeUndefined();
  });
});

describe('the API client in a browser (HTTP)', () => {
  it('posts JSON to /api/<name> with the actor header', async () => {
    const fetchMock = vi.fn(() =>
      Promise.resolve(new Response(JSON.stringify({ ok: true, data: [] }), { status: 200 })),
    );
    vi.stubGlobal('fetch', fetchMock);
    setActor('Front desk 2');
    await expect(call('providers/list', {})).resolves.toEqual([]);
    expect(fetchMock).toHaveBeenCalledWith('/api/providers/list', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-clinicdesk-actor': 'Front%20desk%202' },
      body: '{}',
    });
  });

  it('says so in words when the server cannot be reached or answers something else', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(call('providers/list', {})).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message:
        'The ClinicDesk server is not answering. Check that it is still running, then try again.',
    });
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      ),
    );
    await expect(call('providers/list', {})).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'The ClinicDesk server answered 502 Bad Gateway without a result.',
    });
    vi.stubGlobal('fetch', () =>
      Promise.resolve(new Response(JSON.stringify({ hello: 1 }), { status: 200 })),
    );
    await expect(call('providers/list', {})).rejects.toMatchObject({
      message: 'ClinicDesk got an answer it does not understand for providers/list.',
    });
  });
});
