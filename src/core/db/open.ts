import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';
import { chainRowsFromBeforeTheChain, loadAuditKey } from './auditChain';

export type Drizzle = BetterSQLite3Database<typeof schema>;

export interface ClinicDb {
  /** The raw connection: prepared statements on hot paths, transactions, pragmas. */
  sqlite: Database.Database;
  /** drizzle over the same connection for everything else. */
  orm: Drizzle;
  file: string;
  /**
   * The audit chain's key (db/auditChain.ts), from audit.key beside the file; null only for a
   * read-only open of a folder without one (rows then cannot be written, only read).
   */
  auditKey: Buffer | null;
  close(): void;
}

export class MigrationMismatchError extends Error {
  readonly code = 'DB_MIGRATIONS_MISMATCH';
}

/** Where the shipped migrations are: next to this file in the source tree, or copied beside the built bundle. */
export function defaultMigrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    path.join(here, 'migrations'),
    path.join(here, '..', 'migrations'),
    ...(resourcesPath ? [path.join(resourcesPath, 'migrations')] : []),
  ];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'meta', '_journal.json')));
  if (!found)
    throw new Error(
      `ClinicDesk cannot find its database migrations (looked in ${candidates.join(', ')})`,
    );
  return found;
}

const MIGRATIONS_TABLE = '__drizzle_migrations';

/**
 * Applies the shipped migrations that are missing, inside one IMMEDIATE transaction so that two
 * processes opening a new file at once cannot both apply them. Refuses a database whose applied
 * migrations are not a prefix of the shipped ones: that file was written by another (usually
 * newer) version of ClinicDesk, and running on it could corrupt data this version does not know.
 * Bookkeeping is drizzle's own table and hashes, so drizzle-kit tooling still reads it.
 */
export function applyMigrations(sqlite: Database.Database, migrationsFolder: string): number {
  const shipped = readMigrationFiles({ migrationsFolder });
  const run = sqlite.transaction(() => {
    sqlite.exec(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
    );
    const applied = sqlite
      .prepare(`SELECT hash, created_at AS createdAt FROM ${MIGRATIONS_TABLE} ORDER BY id`)
      .all() as { hash: string; createdAt: number }[];
    if (applied.length > shipped.length) {
      throw new MigrationMismatchError(
        `This database was written by a newer version of ClinicDesk (it has ${applied.length} schema changes, this version knows ${shipped.length}). ` +
          'Open it with that newer version, or restore a backup made with this one.',
      );
    }
    applied.forEach((a, i) => {
      const s = shipped[i]!;
      if (a.hash !== s.hash) {
        throw new MigrationMismatchError(
          `This database's schema change #${i + 1} does not match the one this version of ClinicDesk ships ` +
            '(it was made by a different build). Open it with the version that created it, or restore a backup.',
        );
      }
    });
    const insert = sqlite.prepare(
      `INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES (?, ?)`,
    );
    for (const m of shipped.slice(applied.length)) {
      for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
      insert.run(m.hash, m.folderMillis);
    }
    return shipped.length - applied.length;
  });
  return run.immediate();
}

export interface OpenOptions {
  file: string;
  migrationsFolder?: string;
  /**
   * 'full' makes every acknowledged booking survive a power cut (fsync on commit); 'normal'
   * survives a crash of the app but may lose the last commits on power loss. Default 'full'.
   */
  durability?: 'full' | 'normal';
  readonly?: boolean;
}

const OPEN_RETRY_MS = 10_000;

/**
 * Runs a step of opening that SQLite may refuse with SQLITE_BUSY without waiting on busy_timeout:
 * switching a new file to WAL needs it to itself, and two processes opening one new file at the
 * same moment (a second front desk starting up) can each see the other's lock. Retried for up to
 * ten seconds, then the error stands.
 */
function retryWhileBusy<T>(step: () => T): T {
  const deadline = Date.now() + OPEN_RETRY_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return step();
    } catch (err) {
      const busy =
        err instanceof Error &&
        'code' in err &&
        (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_LOCKED');
      if (!busy || Date.now() > deadline) throw err;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}

export function openDatabase(options: OpenOptions): ClinicDb {
  const inMemory = options.file === ':memory:' || options.file === '';
  // The data folder and everything in it are the owner's alone (patients' records, keys).
  if (!inMemory)
    fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true, mode: 0o700 });
  const sqlite = new Database(options.file, { readonly: options.readonly ?? false });
  // SQLite gives the -wal and -shm files the database file's permissions.
  if (!inMemory && !options.readonly) fs.chmodSync(options.file, 0o600);
  try {
    sqlite.pragma('busy_timeout = 10000');
    if (!options.readonly) retryWhileBusy(() => sqlite.pragma('journal_mode = WAL'));
    sqlite.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    sqlite.pragma('foreign_keys = ON');
    if (!options.readonly) {
      const folder = options.migrationsFolder ?? defaultMigrationsFolder();
      retryWhileBusy(() => applyMigrations(sqlite, folder));
    }
  } catch (err) {
    sqlite.close();
    throw err;
  }
  let auditKey: Buffer | null;
  try {
    const loaded = loadAuditKey(options.file, !options.readonly);
    auditKey = loaded?.key ?? null;
    // Rows written before the chain existed (an older build, or before this key was made) are
    // chained once, in order; after that every row is chained as it is written.
    const chainable = (sqlite.pragma('table_info(audit_log)') as { name: string }[]).some(
      (c) => c.name === 'mac',
    );
    if (loaded && chainable && !options.readonly) chainRowsFromBeforeTheChain(sqlite, loaded.key);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const orm = drizzle(sqlite, { schema });
  return { sqlite, orm, file: options.file, auditKey, close: () => sqlite.close() };
}

export const DB_FILE_NAME = 'clinicdesk.db';
