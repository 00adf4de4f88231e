/**
 * The contract as types only: what the renderer (and any client) may import. Each operation's
 * input is what the caller sends (before defaults), its output what comes back as JSON.
 */
import type { z } from 'zod';
import type { allHandlers } from './handlers';
import type { HandlerMap } from './registry';

export type { ApiErrorBody, ErrorCode } from './errors';
export type { ChangeEvent } from './handler';

type Handlers = HandlerMap<typeof allHandlers>;
export type ApiName = keyof Handlers;
export type ApiInput<K extends ApiName> = z.input<Handlers[K]['input']>;
/** Results travel as JSON: branded ids are plain numbers on the wire. */
export type ApiOutput<K extends ApiName> = ReturnType<Handlers[K]['run']>;
