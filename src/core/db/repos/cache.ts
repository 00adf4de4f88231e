import type Database from 'better-sqlite3';
import { stmt } from './statements';

export type TokenName = 'directory' | 'schedules';

const caches = new WeakMap<Database.Database, Map<string, { token: number; value: unknown }>>();

/**
 * A decoded copy of slow-changing data, reused while its change token (schema.ts change_tokens)
 * is unchanged. Reading the token is one indexed row; a provider list of 200 is not.
 * The value is shared: callers must treat it as read-only.
 */
export function cachedByToken<T>(
  sqlite: Database.Database,
  name: TokenName,
  key: string,
  load: () => T,
): T {
  const token = (
    stmt(sqlite, 'SELECT token FROM change_tokens WHERE name = ?').get(name) as
      { token: number } | undefined
  )?.token;
  let map = caches.get(sqlite);
  if (!map) caches.set(sqlite, (map = new Map()));
  const k = `${name}:${key}`;
  const hit = map.get(k);
  if (hit && token !== undefined && hit.token === token) return hit.value as T;
  const value = load();
  if (token !== undefined) map.set(k, { token, value });
  return value;
}
