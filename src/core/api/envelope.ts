import type { ApiErrorBody } from '../errors';

/** What every operation answers, over IPC and HTTP alike. */
export type CallResult = { ok: true; data: unknown } | { ok: false; error: ApiErrorBody };
