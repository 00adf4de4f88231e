/**
 * The registry and the one dispatcher. Every call enters through `dispatch` — the IPC bridge
 * (main/ipc.ts) and the HTTP host (host/http.ts) do nothing of their own but carry the envelope —
 * and each handler's declared `mode` decides its transaction. Sessions and permissions are
 * checked here next (issue: staff accounts), so nothing may reach a handler another way.
 */
import { writeAudit } from '../db/repos/audit';
import type { AuditEntry } from '../context';
import { PERMISSIONS, type Permission } from '../../shared/permissions';
import { z } from 'zod';
import { AppError, type ApiErrorBody } from '../errors';
import type { ChangeEvent } from '../events';
import type { SecretBox } from '../secrets/secretBox';
import type { CallResult } from './envelope';
import type {
  AsyncHandlerContext,
  GoogleTestEndpoints,
  CallSession,
  Handler,
  HandlerContext,
  HostServices,
  Mode,
  SessionCarrier,
} from './handler';
import { admit } from '../accounts/service/admission';
import { touchSession } from '../accounts/service/sessions';
import type { SignedInUser } from '../../shared/permissions';

export type { CallResult };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of handlers; each keeps its own types in `HandlerMap`
export type AnyHandler = Handler<string, z.ZodType, any>;

export type HandlerMap<List extends readonly AnyHandler[]> = {
  [H in List[number] as H['name']]: H;
};

/**
 * Who is calling, from where, and the clock: one typed object per call, built by the transport
 * from what arrived (see `callerFrom`).
 */
export interface Caller {
  /** The person at the desk (until sign-in exists: what the desk says), or a system job. */
  actor: string;
  /** 'ipc', 'http 127.0.0.1', 'cli', 'test', 'google sign-in'. */
  origin: string;
  clock: () => number;
  /** The desk: this PC's name over IPC, the remote address over HTTP. */
  workstation?: string;
  /**
   * The desk's session as the transport keeps it. When present, the dispatcher admits the call
   * only with a live session whose role allows the operation's permission (deny by default), and
   * the actor becomes the signed-in person, whatever the desk claimed.
   */
  session?: SessionCarrier;
}

/** What the process that starts a transport gives the dispatcher once. */
export interface DispatchEnvironment {
  db: HandlerContext['db'];
  /** Seals credentials before they are stored (clearinghouse, Twilio, SMTP, calendars). */
  secrets?: SecretBox | undefined;
  services?: HostServices | undefined;
}

/** The older per-call form, kept for tests and the bench: environment and caller in one. */
export interface CallOptions {
  db: HandlerContext['db'];
  now?: number;
  actor?: string;
  origin: string;
  secrets?: SecretBox | undefined;
  /** Start-up options of the host (never a caller's): the Google stand-in's addresses in tests. */
  googleTestEndpoints?: GoogleTestEndpoints | undefined;
  workstation?: string;
  /** Set by the dispatcher after admission; in-process callers leave it out (trusted). */
  user?: SignedInUser | null;
  session?: CallSession | null;
}

export interface Registry {
  names(): string[];
  has(name: string): boolean;
  modeOf(name: string): Mode | undefined;
  /** The permission an operation requires (undefined: no such operation). */
  permissionOf(name: string): Permission | undefined;
  kindOf(name: string): 'sync' | 'async' | undefined;
  /**
   * A synchronous operation: validates, runs inside one transaction chosen by its mode, publishes
   * change events after commit. Never throws. An async operation answers INVALID_STATE here: use
   * `dispatch`.
   */
  call(name: string, input: unknown, options: CallOptions): CallResult;
  /** The one door both transports use: any operation, sync or async. Never rejects. */
  dispatch(
    name: string,
    input: unknown,
    caller: Caller,
    env: DispatchEnvironment,
  ): Promise<CallResult>;
  onChange(listener: (event: ChangeEvent) => void): () => void;
  /** Tell every open window about a change made outside a handler (a background job's result). */
  publish(event: ChangeEvent): void;
}

/** Zod's wording, turned into a sentence that names the field. */
export function validationError(error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || undefined;
  const message = field ? `${field}: ${issue.message}` : issue.message;
  return new AppError('VALIDATION', message, field);
}

/** Errors raised by SQLite itself, in words: the database refused what the service let through. */
function databaseError(err: unknown): AppError | null {
  if (!(err instanceof Error) || !('code' in err) || typeof err.code !== 'string') return null;
  const code = err.code;
  if (err.message.includes('CLINICDESK_OVERLAP')) {
    return new AppError(
      'CONFLICT',
      'That time was just taken: the provider already has an appointment then.',
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError(
      'BUSY',
      'The database is busy (another front desk is saving). Try again in a moment.',
    );
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError('VALIDATION', 'A referenced record does not exist.');
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new AppError('VALIDATION', `The database refused the change: ${err.message}`);
  }
  return null;
}

/** Anything a handler threw, as the envelope's error: typed errors as they are, the rest logged. */
export function errorBody(name: string, err: unknown): ApiErrorBody {
  if (err instanceof AppError) return err.toJSON();
  const dbErr = databaseError(err);
  if (dbErr) return dbErr.toJSON();
  console.error(`[clinicdesk] ${name} failed`, err);
  return {
    code: 'INTERNAL',
    message: `Something went wrong in ${name}; nothing was saved. (${err instanceof Error ? err.message : String(err)})`,
  };
}

const unknownOperation = (name: string): CallResult => ({
  ok: false,
  error: { code: 'UNKNOWN_OPERATION', message: `There is no operation named ${name}.` },
});

const NO_SERVICES: HostServices = {
  openBrowser: () => {
    throw new AppError('INVALID_STATE', 'This ClinicDesk cannot open a browser for sign-in.');
  },
};

export function createRegistry(handlers: readonly AnyHandler[]): Registry {
  const byName = new Map<string, AnyHandler>();
  for (const h of handlers) {
    if (!/^[a-z][A-Za-z]*\/[a-z][A-Za-z0-9]*$/.test(h.name)) {
      throw new Error(`handler name must be domain/verb: ${h.name}`);
    }
    if (byName.has(h.name)) throw new Error(`handler registered twice: ${h.name}`);
    if (h.mode !== 'read' && h.mode !== 'write') {
      throw new Error(`handler ${h.name} must declare mode 'read' or 'write'`);
    }
    if (!(PERMISSIONS as readonly string[]).includes(h.permission)) {
      throw new Error(`handler ${h.name} must declare a permission (deny by default)`);
    }
    byName.set(h.name, h);
  }
  const listeners = new Set<(event: ChangeEvent) => void>();
  const publish = (event: ChangeEvent) => {
    for (const l of listeners) l(event);
  };

  function call(name: string, input: unknown, options: CallOptions): CallResult {
    const handler = byName.get(name);
    if (!handler) return unknownOperation(name);
    if (handler.kind === 'async') {
      return {
        ok: false,
        error: {
          code: 'INVALID_STATE',
          message: `${name} waits for the outside world and must be dispatched, not called.`,
        },
      };
    }
    const parsed = handler.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error).toJSON() };
    const events: ChangeEvent[] = [];
    const reads: AuditEntry[] = [];
    const ctx: HandlerContext = {
      db: options.db,
      now: options.now ?? Date.now(),
      actor: options.actor?.trim() || 'front desk',
      origin: options.origin,
      user: options.user ?? null,
      workstation: options.workstation ?? options.origin,
      session: options.session ?? null,
      emit: (e) => events.push(e),
      ...(options.secrets ? { secrets: options.secrets } : {}),
      ...(options.googleTestEndpoints ? { googleTestEndpoints: options.googleTestEndpoints } : {}),
      ...(handler.mode === 'read' ? { deferAudit: (e: AuditEntry) => reads.push(e) } : {}),
    };
    try {
      const tx = options.db.sqlite.transaction(() => {
        // A person's write is activity: it keeps their screen from locking (reads are not: a
        // calendar refreshing itself on an unattended desk must not keep it open).
        if (handler.mode === 'write' && ctx.session?.id != null && !ctx.session.locked)
          touchSession(options.db, ctx.session.id, ctx.now);
        return handler.run(parsed.data, ctx);
      });
      const data: unknown = handler.mode === 'read' ? tx.deferred() : tx.immediate();
      // A read of a patient's record is answered only once its audit row is written.
      if (reads.length > 0) {
        const writer: HandlerContext = { ...ctx };
        delete writer.deferAudit;
        options.db.sqlite
          .transaction(() => {
            for (const entry of reads) writeAudit(writer, entry);
          })
          .immediate();
      }
      for (const e of events) publish(e);
      return { ok: true, data };
    } catch (err) {
      return { ok: false, error: errorBody(name, err) };
    }
  }

  async function dispatch(
    name: string,
    input: unknown,
    caller: Caller,
    env: DispatchEnvironment,
  ): Promise<CallResult> {
    const handler = byName.get(name);
    if (!handler) return unknownOperation(name);
    const workstation = caller.workstation ?? caller.origin;
    let user: SignedInUser | null = null;
    let session: CallSession | null = null;
    let actor = caller.actor;
    if (caller.session) {
      const now = caller.clock();
      const carrier = caller.session;
      const admission = admit(env.db, {
        token: carrier.token,
        now,
        operation: name,
        permission: handler.permission,
        whileLocked: handler.whileLocked === true,
      });
      if (!admission.ok) {
        if (admission.dropToken) carrier.clear();
        if (admission.error.code !== 'LOCKED')
          auditRefusal({ env, name, now, caller, workstation, admission });
        return { ok: false, error: admission.error.toJSON() };
      }
      user = admission.user;
      actor = user ? user.displayName : 'not signed in';
      session = {
        id: admission.session?.id ?? null,
        locked: admission.locked,
        breakGlass: admission.session?.breakGlass ?? false,
        carrier,
      };
    }
    const options: CallOptions = {
      db: env.db,
      actor,
      origin: caller.origin,
      secrets: env.secrets,
      googleTestEndpoints: env.services?.googleTestEndpoints,
      workstation,
      user,
      session,
    };
    if (handler.kind !== 'async') return call(name, input, { ...options, now: caller.clock() });
    const parsed = handler.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error).toJSON() };
    const ctx: AsyncHandlerContext = {
      db: env.db,
      clock: caller.clock,
      actor,
      origin: caller.origin,
      user,
      workstation,
      session,
      secrets: env.secrets,
      services: env.services ?? NO_SERVICES,
      call: (inner, innerInput) => call(inner, innerInput, { ...options, now: caller.clock() }),
      publish,
    };
    try {
      const data: unknown = await handler.run(parsed.data, ctx);
      return { ok: true, data };
    } catch (err) {
      return { ok: false, error: errorBody(name, err) };
    }
  }

  return {
    names: () => [...byName.keys()].sort(),
    has: (name) => byName.has(name),
    modeOf: (name) => byName.get(name)?.mode,
    permissionOf: (name) => byName.get(name)?.permission,
    kindOf: (name) => {
      const h = byName.get(name);
      return h ? (h.kind ?? 'sync') : undefined;
    },
    publish,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    call,
    dispatch,
  };
}

/**
 * A refused call leaves an audit row in its own transaction (nothing of the operation ran): who
 * (when known), from which desk, which operation, and why.
 */
function auditRefusal(p: {
  env: DispatchEnvironment;
  name: string;
  now: number;
  caller: Caller;
  workstation: string;
  admission: { error: AppError; reason: string; user: SignedInUser | null };
}): void {
  const { env, admission } = p;
  try {
    env.db.sqlite
      .transaction(() =>
        writeAudit(
          {
            db: env.db,
            now: p.now,
            actor: admission.user?.displayName ?? 'not signed in',
            origin: p.caller.origin,
            user: admission.user,
            workstation: p.workstation,
          },
          {
            action: 'access.refused',
            entityType: 'operation',
            details: { operation: p.name, code: admission.error.code, reason: admission.reason },
          },
        ),
      )
      .immediate();
  } catch (err) {
    // The refusal stands even if its audit row cannot be written (a busy database).
    console.error('[clinicdesk] could not audit a refused call', err);
  }
}

const ACTOR_MAX = 100;

/**
 * The caller as a transport received it, checked the same way for both: the actor is optional
 * text without control characters (a header or IPC argument is whatever a page sent). Answers a
 * typed error instead of throwing, so a malformed value is a 400, never a crash.
 */
export function callerFrom(input: {
  actor: unknown;
  origin: string;
  clock: () => number;
}): { ok: true; caller: Caller } | { ok: false; error: ApiErrorBody } {
  let actor = 'front desk';
  if (input.actor !== undefined) {
    if (typeof input.actor !== 'string') {
      return { ok: false, error: { code: 'VALIDATION', message: 'The desk name must be text.' } };
    }
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(input.actor)) {
      return {
        ok: false,
        error: { code: 'VALIDATION', message: 'The desk name contains control characters.' },
      };
    }
    const trimmed = input.actor.trim();
    if (trimmed) actor = trimmed.slice(0, ACTOR_MAX);
  }
  return { ok: true, caller: { actor, origin: input.origin, clock: input.clock } };
}

/**
 * The envelope both transports receive — an operation name and an input object — checked once,
 * here, then dispatched.
 */
export async function dispatchEnvelope(input: {
  registry: Registry;
  env: DispatchEnvironment;
  name: unknown;
  input: unknown;
  actor: unknown;
  origin: string;
  clock: () => number;
  /** The desk's session as the transport keeps it (cookie, per-window memory). */
  session?: SessionCarrier;
  workstation?: string;
}): Promise<CallResult> {
  if (typeof input.name !== 'string') {
    return {
      ok: false,
      error: { code: 'VALIDATION', message: 'The operation name must be text.' },
    };
  }
  const body = input.input;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'The input must be an object.' } };
  }
  const c = callerFrom({ actor: input.actor, origin: input.origin, clock: input.clock });
  if (!c.ok) return c;
  const caller: Caller = {
    ...c.caller,
    ...(input.session ? { session: input.session } : {}),
    ...(input.workstation ? { workstation: input.workstation } : {}),
  };
  return input.registry.dispatch(input.name, body, caller, input.env);
}
