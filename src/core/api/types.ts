/**
 * The contract as types only: what the renderer (and any client) may import. Each operation's
 * input is what the caller sends (before defaults), its output what comes back as JSON.
 */
import type { z } from 'zod';
import type { allHandlers } from './handlers';
import type { HandlerMap } from './registry';

export type { ApiErrorBody, ErrorCode } from '../errors';
export type { ChangeEvent } from '../events';
export type { GoogleSignInStatus } from './handlers/googleSignIn';

type Handlers = HandlerMap<typeof allHandlers>;
type Operations = {
  [K in keyof Handlers]: {
    input: z.input<Handlers[K]['input']>;
    output: Awaited<ReturnType<Handlers[K]['run']>>;
  };
};
/** Everything a client may call, over IPC or HTTP alike (sync and async operations alike). */
export type ApiName = keyof Handlers;
export type ApiInput<K extends ApiName> = Operations[K]['input'];
/** Results travel as JSON: branded ids are plain numbers on the wire. */
export type ApiOutput<K extends ApiName> = Operations[K]['output'];
