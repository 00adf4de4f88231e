/**
 * The renderer's one way to the clinic engine. In the desktop app it goes through the preload's
 * `window.clinicdesk` (IPC); in a browser it POSTs to the HTTP host. Both answer with the same
 * envelope, so callers see one thing: the typed result, or a thrown ApiError whose message a
 * receptionist can act on.
 */
import type {
  ApiErrorBody,
  ApiInput,
  ApiName,
  ApiOutput,
  ChangeEvent,
  ErrorCode,
} from '../../../core/api/types';
import type { BridgeResult, ClinicDeskBridge } from '../../../preload/bridge';

declare global {
  interface Window {
    /** Present only inside the desktop app (see src/preload). */
    clinicdesk?: ClinicDeskBridge;
  }
}

export type { ChangeEvent };

/** The server's codes, plus UNREACHABLE when no answer came back at all. */
export type ApiErrorCode = ErrorCode | 'UNREACHABLE';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** The input field at fault (dotted path), when there is one. */
  readonly field: string | undefined;
  /** What the refusal offers next (openings, broken rules, orphaned visits), when it does. */
  readonly details: Record<string, unknown> | undefined;
  constructor(body: {
    code: ApiErrorCode;
    message: string;
    field?: string | undefined;
    details?: Record<string, unknown> | undefined;
  }) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.field = body.field;
    this.details = body.details;
  }
}

let actor: string | undefined;

/** Who is at the desk; recorded with every change they make. */
export function setActor(name: string | undefined): void {
  actor = name?.trim() ? name.trim().slice(0, 100) : undefined;
}

function isEnvelope(value: unknown): value is BridgeResult {
  if (value === null || typeof value !== 'object' || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    error !== null &&
    typeof error === 'object' &&
    typeof (error as ApiErrorBody).code === 'string' &&
    typeof (error as ApiErrorBody).message === 'string'
  );
}

function unwrap<K extends ApiName>(name: K, result: unknown): ApiOutput<K> {
  if (!isEnvelope(result)) {
    throw new ApiError({
      code: 'INTERNAL',
      message: `ClinicDesk got an answer it does not understand for ${name}.`,
    });
  }
  if (result.ok) return result.data as ApiOutput<K>;
  throw new ApiError(result.error);
}

async function overHttp(name: string, input: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(actor ? { 'x-clinicdesk-actor': encodeURIComponent(actor) } : {}),
      },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new ApiError({
      code: 'UNREACHABLE',
      message:
        'The ClinicDesk server is not answering. Check that it is still running, then try again.',
    });
  }
  try {
    return await response.json();
  } catch {
    throw new ApiError({
      code: 'INTERNAL',
      message: `The ClinicDesk server answered ${response.status} ${response.statusText} without a result.`,
    });
  }
}

/**
 * True inside the desktop app. There the main process opens the system browser itself (Google
 * sign-in); in a browser tab the page opens the address it is given.
 */
export function inDesktopApp(): boolean {
  return typeof window !== 'undefined' && window.clinicdesk !== undefined;
}

/**
 * What the desk's session said to a call that was refused for it: LOCKED (the screen locked
 * after idle time) or UNAUTHENTICATED (signed out, time limit, deactivated). The sign-in gate
 * listens, so any screen's call brings up the lock or the sign-in page without its own code.
 */
export type SessionProblem = { code: 'LOCKED' | 'UNAUTHENTICATED'; message: string };
const sessionListeners = new Set<(problem: SessionProblem) => void>();

export function onSessionProblem(listener: (problem: SessionProblem) => void): () => void {
  sessionListeners.add(listener);
  return () => void sessionListeners.delete(listener);
}

const resyncListeners = new Set<() => void>();
/** Every live query loads again (after an unlock: what changed meanwhile was refused to it). */
export function requestResync(): void {
  for (const l of [...resyncListeners]) l();
}
export function onResync(listener: () => void): () => void {
  resyncListeners.add(listener);
  return () => void resyncListeners.delete(listener);
}

/** Run one operation; resolves to its result or rejects with an ApiError. */
export async function call<K extends ApiName>(name: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
  const bridge = typeof window === 'undefined' ? undefined : window.clinicdesk;
  const result = bridge
    ? await bridge.call(name, input, actor ? { actor } : {})
    : await overHttp(name, input);
  try {
    return unwrap(name, result);
  } catch (err) {
    // Sign-in's own operations answer wrong passwords with UNAUTHENTICATED: those are the form's.
    if (
      err instanceof ApiError &&
      (err.code === 'LOCKED' || err.code === 'UNAUTHENTICATED') &&
      !name.startsWith('auth/')
    ) {
      for (const l of [...sessionListeners]) l({ code: err.code, message: err.message });
    }
    throw err;
  }
}

/** Where the host that served this page answers now (null: it no longer serves the network). */
export interface HostMoved {
  url: string | null;
}
const movedListeners = new Set<(moved: HostMoved) => void>();

/**
 * Settings → Network on the PC that holds the data moved the office network (another address or
 * port, or off): this page's address no longer answers. Returns the unsubscribe function.
 */
export function onHostMoved(listener: (moved: HostMoved) => void): () => void {
  movedListeners.add(listener);
  return () => void movedListeners.delete(listener);
}

/** 'live' while changes arrive; after 'reconnecting' -> 'live' some may have been missed: reload. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

const RECONNECT_MS = 2_000;

/**
 * Live change events: every booking, check-in or setting change made by anyone on this clinic's
 * database. Returns the unsubscribe function.
 */
export function subscribe(
  onChange: (event: ChangeEvent) => void,
  onStatus: (status: LiveStatus) => void = () => {},
): () => void {
  const bridge = window.clinicdesk;
  if (bridge) {
    // IPC cannot drop events while the window is open.
    onStatus('live');
    return bridge.on('change', onChange);
  }

  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const connect = () => {
    source = new EventSource('/api/events');
    source.addEventListener('open', () => onStatus('live'));
    source.addEventListener('change', (message) => {
      try {
        onChange(JSON.parse((message as MessageEvent<string>).data) as ChangeEvent);
      } catch {
        // A frame we cannot read is skipped; the next reconnect reloads everything anyway.
      }
    });
    source.addEventListener('moved', (message) => {
      let moved: HostMoved = { url: null };
      try {
        const data = JSON.parse((message as MessageEvent<string>).data) as HostMoved;
        moved = { url: typeof data.url === 'string' ? data.url : null };
      } catch {
        // Still moved; where to is unknown.
      }
      // This address no longer answers: stop knocking on it.
      stopped = true;
      source?.close();
      for (const l of [...movedListeners]) l(moved);
    });
    source.addEventListener('error', () => {
      if (stopped) return;
      onStatus('reconnecting');
      // EventSource retries by itself unless the server refused outright (CLOSED): then we do.
      if (source?.readyState === EventSource.CLOSED) {
        source.close();
        retry = setTimeout(connect, RECONNECT_MS);
      }
    });
  };
  onStatus('connecting');
  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}
