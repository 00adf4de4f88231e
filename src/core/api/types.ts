/**
 * The contract as types only: what the renderer (and any client) may import. Each operation's
 * input is what the caller sends (before defaults), its output what comes back as JSON.
 */
import type { z } from 'zod';
import type { AsyncOps } from './asyncOps';
import type { allHandlers } from './handlers';
import type { HandlerMap } from './registry';

export type { ApiErrorBody, ErrorCode } from '../errors';
export type { ChangeEvent } from './handler';

type Handlers = HandlerMap<typeof allHandlers>;
/** Registry operations (synchronous, one transaction each). */
export type HandlerName = keyof Handlers;
/** Operations that wait for the outside world (Google sign-in): see asyncOps.ts. */
export type AsyncOpName = keyof AsyncOps;
type Operations = {
  [K in HandlerName]: {
    input: z.input<Handlers[K]['input']>;
    output: ReturnType<Handlers[K]['run']>;
  };
} & {
  [K in AsyncOpName]: {
    input: z.input<AsyncOps[K]['input']>;
    output: Awaited<ReturnType<AsyncOps[K]['run']>>;
  };
};
/** Everything a client may call, over IPC or HTTP alike. */
export type ApiName = HandlerName | AsyncOpName;
export type ApiInput<K extends ApiName> = Operations[K]['input'];
/** Results travel as JSON: branded ids are plain numbers on the wire. */
export type ApiOutput<K extends ApiName> = Operations[K]['output'];
