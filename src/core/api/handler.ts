import type { z } from 'zod';
import type { CoreContext } from '../context';
import type { ChangeEvent } from '../events';
import type { SecretBox } from '../secrets/secretBox';
import type { ClinicDb } from '../db/open';
import type { CallResult } from './envelope';
import type { Permission, SignedInUser } from '../../shared/permissions';
import type { NetworkStatus } from '../../shared/network';

export type { ChangeEvent };

/**
 * Declared by every handler, never guessed from its name: a 'read' runs in a deferred
 * transaction, a 'write' takes the write lock up front (BEGIN IMMEDIATE) so that its checks and
 * its writes see the same database whoever else is booking.
 */
export type Mode = 'read' | 'write';

/**
 * How a transport keeps a desk's session between calls: the HTTP host in an HttpOnly cookie, the
 * desktop app in the main process's memory per window. The dispatcher reads `token`; sign-in
 * establishes a new one, sign-out clears it.
 */
export interface SessionCarrier {
  readonly token: string | null;
  establish(token: string): void;
  clear(): void;
}

/** The session a dispatched call runs in (absent for in-process calls, which are trusted). */
export interface CallSession {
  /** The session row, when the carrier's token stands for a live one. */
  id: number | null;
  locked: boolean;
  breakGlass: boolean;
  carrier: SessionCarrier;
}

export interface HandlerContext extends CoreContext {
  /** Queue a change event; the dispatcher publishes it after the handler's transaction commits. */
  emit(event: ChangeEvent): void;
  /**
   * The Google stand-in's addresses when the process that started the transport configured them
   * (HostServices.googleTestEndpoints), else undefined: Google's own. Never from a caller's input.
   */
  googleTestEndpoints?: GoogleTestEndpoints | undefined;
  user: SignedInUser | null;
  workstation: string;
  /** The caller's session; null for in-process calls (jobs, tests), which are trusted. */
  session: CallSession | null;
}

/**
 * Addresses and hooks only the process that starts a transport may set — never a caller: the
 * Google stand-in's addresses in tests, and how a sign-in page reaches a browser.
 */
export interface HostServices {
  /**
   * Hands Google's sign-in page to a browser. Electron: shell.openExternal after checking the
   * address. HTTP host: nothing (the page that called opens the address it is answered).
   */
  openBrowser(url: string): Promise<void> | void;
  /** The Google Calendar stand-in (tests only), configured at start-up and only on 127.0.0.1. */
  googleTestEndpoints?: GoogleTestEndpoints | undefined;
  /**
   * Serving the office network: only the process that holds the data folder has it (the desktop
   * app and browser mode, through host/officeHost.ts); absent elsewhere (tests' hosts).
   */
  network?: NetworkService | undefined;
}

export interface NetworkService {
  status(): NetworkStatus;
  /**
   * Serves the office network on this address and port from now on (moving the desks that are
   * open) and saves the choice for every start; null = this PC only.
   */
  configure(
    choice: { address: string; port: number; trustProxy?: boolean | undefined } | null,
  ): Promise<NetworkStatus>;
}

export interface GoogleTestEndpoints {
  authUrl: string;
  tokenUrl: string;
  /** The Calendar API root (`standin.url`). */
  apiRootUrl: string;
}

/**
 * What an operation that waits for the outside world is given. It runs outside any transaction
 * and reaches the database only through `call`, which dispatches a synchronous operation as the
 * same caller (validated, in its own transaction, audited, its changes published).
 */
export interface AsyncHandlerContext {
  db: ClinicDb;
  clock: () => number;
  actor: string;
  origin: string;
  user: SignedInUser | null;
  workstation: string;
  session: CallSession | null;
  secrets?: SecretBox | undefined;
  services: HostServices;
  call(name: string, input: unknown): CallResult;
  publish(event: ChangeEvent): void;
}

interface HandlerBase<Name extends string, Schema extends z.ZodType> {
  name: Name;
  /** One line a developer reads in the operation list. */
  summary: string;
  input: Schema;
  mode: Mode;
  /**
   * What the signed-in person's role must allow (src/shared/permissions.ts). Deny by default:
   * the registry refuses a handler without one, and the dispatcher refuses a caller without it.
   */
  permission: Permission;
  /**
   * Answered for a locked session too (unlock, sign out, status); every other operation answers
   * LOCKED until the person unlocks, so a locked screen reveals and changes nothing.
   */
  whileLocked?: boolean;
}

/** Synchronous, one SQLite transaction: nearly every operation. */
export interface SyncHandler<
  Name extends string,
  Schema extends z.ZodType,
  Result,
> extends HandlerBase<Name, Schema> {
  kind?: 'sync';
  run(input: z.output<Schema>, ctx: HandlerContext): Result;
}

/**
 * Waits for a person or a server (Google sign-in: minutes, or never), so it cannot hold a
 * transaction; answered on the same path and envelope as every other operation.
 */
export interface AsyncHandler<
  Name extends string,
  Schema extends z.ZodType,
  Result,
> extends HandlerBase<Name, Schema> {
  kind: 'async';
  run(input: z.output<Schema>, ctx: AsyncHandlerContext): Promise<Result>;
}

export type Handler<Name extends string, Schema extends z.ZodType, Result> =
  SyncHandler<Name, Schema, Result> | AsyncHandler<Name, Schema, Result>;

export function defineHandler<Name extends string, Schema extends z.ZodType, Result>(
  h: SyncHandler<Name, Schema, Result>,
): SyncHandler<Name, Schema, Result> {
  return h;
}

export function defineAsyncHandler<Name extends string, Schema extends z.ZodType, Result>(
  h: AsyncHandler<Name, Schema, Result>,
): AsyncHandler<Name, Schema, Result> {
  return h;
}
