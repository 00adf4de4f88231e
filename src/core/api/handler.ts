import type { z } from 'zod';
import type { CoreContext } from '../context';

import type { ChangeEvent } from '../events';

export type { ChangeEvent };

export interface HandlerContext extends CoreContext {
  /** Queue a change event; the transport publishes it after the handler succeeds. */
  emit(event: ChangeEvent): void;
}

export interface Handler<Name extends string, Schema extends z.ZodType, Result> {
  name: Name;
  /** One line a developer reads in the operation list. */
  summary: string;
  input: Schema;
  run(input: z.output<Schema>, ctx: HandlerContext): Result;
}

export function defineHandler<Name extends string, Schema extends z.ZodType, Result>(
  h: Handler<Name, Schema, Result>,
): Handler<Name, Schema, Result> {
  return h;
}
