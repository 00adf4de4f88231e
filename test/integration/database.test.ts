/**
 * The database file itself: the migration prefix rule at open, WAL and foreign keys, the
 * append-only audit log.
 *
 * How these were checked to fail (each change made in a scratch copy, then undone): removing the
 * "more rows than shipped" check or the hash comparison in applyMigrations (db/open.ts) fails the
 * matching refusal test; removing `journal_mode = WAL`, setting `foreign_keys = OFF` or forcing
 * synchronous NORMAL fails the settings test (removing the foreign_keys pragma alone does not:
 * better-sqlite3 turns foreign keys on by default, and the test checks the behaviour); dropping
 * the audit_log_no_update trigger from migration 0001 fails the audit test.
 */
import { readMigrationFiles } from 'drizzle-orm/migrator';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultMigrationsFolder,
  MigrationMismatchError,
  openDatabase,
  type ClinicDb,
} from '../../src/core/db/open';
import { contentDigest } from '../helpers/dbState';
import { buildTinyClinic, openTestApi, tempDir, type TestApi } from '../helpers/tinyClinic';

/** How many schema changes this build ships. */
const SHIPPED = readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() }).length;

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
});

function fileSha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A clinic with data in it, closed cleanly (WAL checkpointed into the main file). */
function clinicFile(): string {
  const t = openTestApi();
  buildTinyClinic(t);
  t.close();
  return path.join(t.dir, 'clinicdesk.db');
}

/** Tampers with the file through a plain connection that applies no migrations. */
function tamper(file: string, sql: string): void {
  const raw = new Database(file);
  raw.exec(sql);
  raw.close();
}

/** Everything a refused open must leave as it was: the bytes of the file and its contents. */
function stateOf(file: string) {
  const sha = fileSha(file);
  const raw = new Database(file, { readonly: true });
  const digest = contentDigest(raw);
  const migrations = raw.prepare('SELECT id, hash FROM __drizzle_migrations ORDER BY id').all();
  raw.close();
  return { sha, digest, migrations, wal: fs.existsSync(`${file}-wal`) };
}

describe('opening a database whose schema changes are not a prefix of the shipped ones', () => {
  it('refuses a newer database (one migration row more than this build ships) and changes nothing', () => {
    const file = clinicFile();
    tamper(
      file,
      `INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('${'e'.repeat(64)}', 1900000000000)`,
    );
    const before = stateOf(file);
    expect(before.migrations).toHaveLength(SHIPPED + 1);

    let thrown: unknown;
    try {
      opened.push(openDatabase({ file }));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MigrationMismatchError);
    const err = thrown as MigrationMismatchError;
    expect(err.code).toBe('DB_MIGRATIONS_MISMATCH');
    expect(err.message).toMatch(/newer version of ClinicDesk/);
    expect(err.message).toMatch(
      new RegExp(`it has ${SHIPPED + 1} schema changes, this version knows ${SHIPPED}`),
    );
    expect(stateOf(file)).toEqual(before);
  });

  it('refuses a database whose applied change has a different hash, and changes nothing', () => {
    const file = clinicFile();
    tamper(file, `UPDATE __drizzle_migrations SET hash = '${'0'.repeat(64)}' WHERE id = 2`);
    const before = stateOf(file);

    expect(() => opened.push(openDatabase({ file }))).toThrow(MigrationMismatchError);
    expect(() => opened.push(openDatabase({ file }))).toThrow(
      /schema change #2 does not match the one this version of ClinicDesk ships/,
    );
    expect(stateOf(file)).toEqual(before);
  });

  it('upgrades a database that has a prefix of the shipped changes (an older build)', () => {
    // A migrations folder that ships only the first change stands for the older build.
    const shipped = defaultMigrationsFolder();
    const older = tempDir('clinicdesk-migrations-');
    fs.mkdirSync(path.join(older, 'meta'));
    fs.copyFileSync(path.join(shipped, '0000_init.sql'), path.join(older, '0000_init.sql'));
    const journal = JSON.parse(
      fs.readFileSync(path.join(shipped, 'meta', '_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, 1);
    fs.writeFileSync(path.join(older, 'meta', '_journal.json'), JSON.stringify(journal));

    const file = path.join(tempDir(), 'clinicdesk.db');
    openDatabase({ file, migrationsFolder: older }).close();
    const triggersOf = () => {
      const raw = new Database(file, { readonly: true });
      const names = (
        raw
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
          .all() as {
          name: string;
        }[]
      ).map((r) => r.name);
      raw.close();
      return names;
    };
    expect(triggersOf()).toEqual([]);

    const db = openDatabase({ file });
    opened.push(db);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({
      n: SHIPPED,
    });
    expect(triggersOf()).toEqual(
      expect.arrayContaining([
        'appointments_no_overlap_insert',
        'appointments_no_overlap_update',
        'audit_log_no_delete',
        'audit_log_no_update',
      ]),
    );
  });
});

describe('connection settings', () => {
  let db: ClinicDb;

  it('runs in WAL mode with foreign keys enforced and full fsync by default', () => {
    const file = path.join(tempDir(), 'clinicdesk.db');
    db = openDatabase({ file });
    opened.push(db);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    // WAL is a property of the file: a second, plain connection sees it too.
    const other = new Database(file);
    opened.push(other);
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');

    // Foreign keys are enforced, not just declared.
    expect(() =>
      db.sqlite
        .prepare(
          `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id,
             start_ms, end_ms, booked_by, booked_from, created_ms, updated_ms)
           VALUES ('AAA-AAA', 999, 999, 999, 999, 0, 60000, 'test', 'test', 0, 0)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it("'normal' durability is an explicit choice", () => {
    db = openDatabase({ file: path.join(tempDir(), 'clinicdesk.db'), durability: 'normal' });
    opened.push(db);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  });
});

describe('the audit log', () => {
  let t: TestApi;

  it('refuses UPDATE and DELETE, even through raw SQL', () => {
    t = openTestApi();
    opened.push(t);
    buildTinyClinic(t);
    const before = t.db.sqlite.prepare('SELECT * FROM audit_log ORDER BY id').all();
    expect(before.length).toBeGreaterThan(5);

    expect(() => t.db.sqlite.exec(`UPDATE audit_log SET actor = 'someone else'`)).toThrow(
      'CLINICDESK_AUDIT: the audit log cannot be changed',
    );
    expect(() => t.db.sqlite.exec(`DELETE FROM audit_log WHERE id = 1`)).toThrow(
      'CLINICDESK_AUDIT: the audit log cannot be changed',
    );
    expect(() => t.db.sqlite.exec(`DELETE FROM audit_log`)).toThrow('CLINICDESK_AUDIT');
    expect(t.db.sqlite.prepare('SELECT * FROM audit_log ORDER BY id').all()).toEqual(before);

    // Appending still works: the log is append-only, not read-only.
    t.call('clinic/update', { lateCancelHours: 12 });
    expect(
      t.db.sqlite.prepare('SELECT action FROM audit_log ORDER BY id DESC LIMIT 1').get(),
    ).toEqual({ action: 'clinic.updated' });
  });
});
