import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditHead } from '../../db/auditChain';
import { openDatabase } from '../../db/open';
import { writeAudit } from '../../db/repos/audit';
import type { BackupManifest } from '../format';
import { checkDatabaseCopy } from './checkCopy';

const NOW = Date.parse('2026-03-02T13:00:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A closed database file with audit rows and a filler table, and its honest manifest. */
function copyWithManifest(): { file: string; manifest: BackupManifest } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-check-'));
  dirs.push(dir);
  const file = path.join(dir, 'copy.db');
  const db = openDatabase({ file, durability: 'normal' });
  db.sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  db.sqlite.exec('CREATE INDEX filler_body ON filler (body)');
  const add = db.sqlite.prepare('INSERT INTO filler (body) VALUES (?)');
  db.sqlite
    .transaction(() => {
      for (let i = 0; i < 5000; i++) add.run(`row ${i} `.repeat(20));
      for (let i = 1; i <= 40; i++)
        writeAudit(
          { db, now: NOW + i, actor: 'Ana', origin: 'test', user: null, workstation: 'desk-1' },
          { action: 'patient.read', entityType: 'patient', entityId: i, details: {} },
        );
    })
    .immediate();
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const counts: Record<string, number> = {};
  for (const t of db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[])
    counts[t] = db.sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
  const manifest: BackupManifest = {
    createdMs: NOW,
    counts,
    auditHead: auditHead(db.sqlite),
    auditKey: db.auditKey!.toString('base64'),
    dbBytes: 0,
  };
  db.close();
  return { file, manifest };
}

function raw(file: string, sql: string): void {
  const d = new Database(file);
  d.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  d.exec(sql);
  d.close();
}

describe("a backup copy's checks (on worker threads)", () => {
  it('pass an intact copy', async () => {
    const { file, manifest } = copyWithManifest();
    await expect(checkDatabaseCopy(file, manifest)).resolves.toBeUndefined();
  });

  it('name a copy whose pages were damaged', async () => {
    const { file, manifest } = copyWithManifest();
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    // Scribble over pages in the middle of the filler table and its index.
    for (let at = 8 * 4096; at < size - 4096; at += 16 * 4096)
      fs.writeSync(fd, Buffer.alloc(600, 0x5a), 0, 600, at + 100);
    fs.closeSync(fd);
    await expect(checkDatabaseCopy(file, manifest)).rejects.toThrow(
      /^The database in this backup is damaged \(/,
    );
  });

  it('name a table that does not hold what was copied', async () => {
    const { file, manifest } = copyWithManifest();
    raw(file, 'DELETE FROM filler WHERE id <= 3');
    await expect(checkDatabaseCopy(file, manifest)).rejects.toThrow(
      'The database in this backup does not hold what was copied: filler has 4997 rows, 5000 were copied.',
    );
  });

  it("name the first broken row of the copy's audit chain", async () => {
    const { file, manifest } = copyWithManifest();
    raw(file, "UPDATE audit_log SET actor = 'Mallory' WHERE id = 17");
    await expect(checkDatabaseCopy(file, manifest)).rejects.toThrow(
      /The audit log in this backup is broken at row 17: Audit row 17 was changed/,
    );
  });
});
