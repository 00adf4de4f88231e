import { ApiError } from '../api/client';

/** Any thrown value as an ApiError, so every failure has a message to show. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError({ code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
}

/**
 * Splits errors into those an input on screen shows (by key) and the rest, shown above the form,
 * so no error is ever silently dropped.
 */
export function splitErrors(
  errors: Record<string, string>,
  shown: (key: string) => boolean,
): { fields: Record<string, string>; form: string[] } {
  const fields: Record<string, string> = {};
  const form: string[] = [];
  for (const [key, message] of Object.entries(errors)) {
    if (shown(key)) fields[key] = message;
    else form.push(message);
  }
  return { fields, form };
}

/**
 * The message to show beside the field: a validation message starts with its path
 * ('days.1.hours.1.start: hours 10:00–13:00 overlaps …'), which the placement already says.
 */
export function fieldMessage(err: ApiError): string {
  const prefix = err.field ? `${err.field}: ` : '';
  const text =
    prefix && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
