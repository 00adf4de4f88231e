import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection: the hot paths run the same SQL thousands of times. */
export function stmt(sqlite: Database.Database, sql: string): Database.Statement {
  let map = cache.get(sqlite);
  if (!map) {
    map = new Map();
    cache.set(sqlite, map);
  }
  let s = map.get(sql);
  if (!s) {
    s = sqlite.prepare(sql);
    map.set(sql, s);
  }
  return s;
}
