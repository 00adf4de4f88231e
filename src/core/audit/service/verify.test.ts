import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type ClinicDb } from '../../db/open';
import { writeAudit } from '../../db/repos/audit';
import { lastVerification, runAuditVerification } from './verify';

const NOW = Date.parse('2026-03-02T13:00:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A real database file with `n` chained audit rows (ids 1..n), closed again. */
function clinicWithAuditRows(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-audit-'));
  dirs.push(dir);
  const file = path.join(dir, 'clinicdesk.db');
  const db = openDatabase({ file, durability: 'normal' });
  db.sqlite
    .transaction(() => {
      for (let i = 1; i <= n; i++)
        writeAudit(
          {
            db,
            now: NOW + i * 1000,
            actor: i % 2 ? 'Ana' : 'Ben',
            origin: 'test',
            user: null,
            workstation: 'desk-1',
          },
          {
            action: 'patient.read',
            entityType: 'patient',
            entityId: i,
            details: { n: i },
          },
        );
    })
    .immediate();
  db.close();
  return file;
}

/** Tampers with the file the way someone with the file (but not the key) can. */
function tamper(file: string, sql: string): void {
  const raw = new Database(file);
  raw.exec(
    'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;',
  );
  raw.exec(sql);
  raw.close();
}

function verify(file: string): ReturnType<typeof runAuditVerification> & { db: ClinicDb } {
  const db = openDatabase({ file, durability: 'normal' });
  const r = runAuditVerification({ db, now: NOW, trigger: 'manual' });
  return { ...r, db };
}

describe('the audit chain verifier', () => {
  it('passes an untouched chain and records the run with its head', () => {
    const file = clinicWithAuditRows(20);
    const r = verify(file);
    expect(r).toMatchObject({ ok: true, rows: 20, firstBrokenId: null, reason: null });
    expect(r.head?.id).toBe(20);
    expect(lastVerification(r.db)).toMatchObject({ ok: true, rows: 20, head: { id: 20 } });
    r.db.close();
  });

  it('names a row changed by a raw UPDATE', () => {
    const file = clinicWithAuditRows(20);
    tamper(file, "UPDATE audit_log SET actor = 'Mallory' WHERE id = 7");
    const r = verify(file);
    expect(r.ok).toBe(false);
    expect(r.firstBrokenId).toBe(7);
    expect(r.reason).toMatch(/Audit row 7 was changed after it was written/);
    expect(lastVerification(r.db)).toMatchObject({ ok: false, firstBrokenId: 7 });
    r.db.close();
  });

  it('names the newest row when it was changed', () => {
    const file = clinicWithAuditRows(20);
    tamper(file, `UPDATE audit_log SET details = '{"n":0}' WHERE id = 20`);
    const r = verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 20 });
    expect(r.reason).toMatch(/Audit row 20, the newest, does not match its mac/);
    r.db.close();
  });

  it('names deleted rows by the gap they leave', () => {
    const file = clinicWithAuditRows(20);
    tamper(file, 'DELETE FROM audit_log WHERE id IN (9, 10)');
    const r = verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 11 });
    expect(r.reason).toBe(
      'Audit rows 9–10 were deleted: row 11 is chained to rows that are no longer there.',
    );
    r.db.close();
  });

  it('names the first rows deleted from the start', () => {
    const file = clinicWithAuditRows(5);
    tamper(file, 'DELETE FROM audit_log WHERE id = 1');
    const r = verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 2 });
    expect(r.reason).toMatch(/^Audit row 1 was deleted/);
    r.db.close();
  });

  it('catches the newest rows deleted after a run recorded the head', () => {
    const file = clinicWithAuditRows(20);
    verify(file).db.close();
    tamper(file, 'DELETE FROM audit_log WHERE id > 17');
    const r = verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 20, rows: 17 });
    expect(r.reason).toMatch(/Audit row 20, the newest when the chain was last checked, is gone/);
    r.db.close();
  });

  it('names a row inserted with a made-up mac', () => {
    const file = clinicWithAuditRows(20);
    tamper(
      file,
      `INSERT INTO audit_log (id, at_ms, actor, origin, action, entity_type, entity_id, details, workstation, mac)
       VALUES (21, ${NOW}, 'Mallory', 'test', 'patient.read', 'patient', 3, '{}', 'desk-9', 'AAAA')`,
    );
    const r = verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 21 });
    expect(r.reason).toMatch(/Audit row 21, the newest, does not match its mac/);
    r.db.close();
  });

  it('names a row inserted without a mac after the chain began', () => {
    const file = clinicWithAuditRows(20);
    tamper(
      file,
      `INSERT INTO audit_log (id, at_ms, actor, origin, action, entity_type, entity_id, details, workstation)
       VALUES (21, ${NOW}, 'Mallory', 'test', 'patient.read', 'patient', 3, '{}', 'desk-9')`,
    );
    const r = verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 21 });
    expect(r.reason).toMatch(/Audit row 21 has no mac/);
    r.db.close();
  });

  it('names a row replaced in the middle (deleted, then a forged one put in its place)', () => {
    const file = clinicWithAuditRows(20);
    tamper(
      file,
      `DELETE FROM audit_log WHERE id = 12;
       INSERT INTO audit_log (id, at_ms, actor, origin, action, entity_type, entity_id, details, workstation, mac)
       VALUES (12, ${NOW}, 'Mallory', 'test', 'patient.read', 'patient', 3, '{}', 'desk-9', 'AAAA')`,
    );
    const r = verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 12 });
    expect(r.reason).toMatch(/Audit row 12 does not match its mac, and the chain does not resume/);
    r.db.close();
  });

  it('copies the mac along with a changed row and is still caught', () => {
    const file = clinicWithAuditRows(20);
    // Swapping two rows' contents (ids and macs stay): both are now wrong; the first is named.
    tamper(
      file,
      `UPDATE audit_log SET entity_id = CASE id WHEN 4 THEN 5 WHEN 5 THEN 4 END WHERE id IN (4, 5)`,
    );
    const r = verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 4 });
    r.db.close();
  });

  it('refuses to verify without the key', () => {
    const file = clinicWithAuditRows(3);
    fs.rmSync(path.join(path.dirname(file), 'audit.key'));
    const db = openDatabase({ file, readonly: true });
    expect(() => runAuditVerification({ db, now: NOW, trigger: 'cli' })).toThrow(
      /audit key .* is missing/,
    );
    db.close();
  });
});
