import { z } from 'zod';
import { AppError, type ApiErrorBody } from '../errors';
import type { SecretBox } from '../secrets/secretBox';
import type { ChangeEvent, Handler, HandlerContext } from './handler';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of handlers; each keeps its own types in `HandlerMap`
export type AnyHandler = Handler<string, z.ZodType, any>;

export type HandlerMap<List extends readonly AnyHandler[]> = {
  [H in List[number] as H['name']]: H;
};

export type CallResult = { ok: true; data: unknown } | { ok: false; error: ApiErrorBody };

export interface CallOptions {
  db: HandlerContext['db'];
  now?: number;
  actor?: string;
  origin: string;
  /** Seals credentials before they are stored (clearinghouse, Twilio, SMTP, calendars). */
  secrets?: SecretBox;
}

/** Zod's wording, turned into a sentence that names the field. */
function validationError(error: z.ZodError): AppError {
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

export interface Registry {
  names(): string[];
  has(name: string): boolean;
  /** Validates, runs inside one transaction, publishes change events after commit. Never throws. */
  call(name: string, input: unknown, options: CallOptions): CallResult;
  onChange(listener: (event: ChangeEvent) => void): () => void;
  /** Tell every open window about a change made outside a handler (a background job's result). */
  publish(event: ChangeEvent): void;
}

/** Handlers whose name ends in one of these verbs only read; every other one writes. */
const READ_VERBS = [
  'get',
  'list',
  'search',
  'slots',
  'firstOpenings',
  'status',
  'view',
  'previewWeek',
  'getSettings',
  'importPreview',
  'parse271',
  'getClearinghouse',
  'estimate',
  'goodFaithEstimate',
  'batchStatus',
  'health',
  'conflicts',
  'ics',
  'getPolicy',
  'forAppointment',
];

export function isReadOnly(name: string): boolean {
  const verb = name.slice(name.indexOf('/') + 1);
  return READ_VERBS.includes(verb);
}

export function createRegistry(handlers: readonly AnyHandler[]): Registry {
  const byName = new Map<string, AnyHandler>();
  for (const h of handlers) {
    if (!/^[a-z][A-Za-z]*\/[a-z][A-Za-z0-9]*$/.test(h.name)) {
      throw new Error(`handler name must be domain/verb: ${h.name}`);
    }
    if (byName.has(h.name)) throw new Error(`handler registered twice: ${h.name}`);
    byName.set(h.name, h);
  }
  const listeners = new Set<(event: ChangeEvent) => void>();

  return {
    names: () => [...byName.keys()].sort(),
    has: (name) => byName.has(name),
    publish(event) {
      for (const l of listeners) l(event);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    call(name, input, options) {
      const handler = byName.get(name);
      if (!handler) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_OPERATION', message: `There is no operation named ${name}.` },
        };
      }
      const parsed = handler.input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: validationError(parsed.error).toJSON() };
      const events: ChangeEvent[] = [];
      const ctx: HandlerContext = {
        db: options.db,
        now: options.now ?? Date.now(),
        actor: options.actor?.trim() || 'front desk',
        origin: options.origin,
        emit: (e) => events.push(e),
        ...(options.secrets ? { secrets: options.secrets } : {}),
      };
      try {
        const tx = options.db.sqlite.transaction(() => handler.run(parsed.data, ctx));
        // Writers take the write lock up front (BEGIN IMMEDIATE): the conflict check and the
        // write then see the same database, whoever else is booking from another process.
        const data: unknown = isReadOnly(name) ? tx.deferred() : tx.immediate();
        for (const e of events) for (const l of listeners) l(e);
        return { ok: true, data };
      } catch (err) {
        if (err instanceof AppError) return { ok: false, error: err.toJSON() };
        const dbErr = databaseError(err);
        if (dbErr) return { ok: false, error: dbErr.toJSON() };
        console.error(`[clinicdesk] ${name} failed`, err);
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `Something went wrong in ${name}; nothing was saved. (${err instanceof Error ? err.message : String(err)})`,
          },
        };
      }
    },
  };
}
