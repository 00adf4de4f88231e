import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type ClinicDb } from '../../db/open';
import { writeAudit } from '../../db/repos/audit';
import { lastVerification, runAuditVerification } from './verify';
import { fastChainPass } from './verifyInWorkers';

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

// Every case runs twice: read on this thread, and read by worker threads (a large log's path).
describe.each([
  { how: 'on this thread', workers: undefined },
  { how: 'by worker threads', workers: { from: 0, threads: 3 } },
])('the audit chain verifier, $how', ({ workers }) => {
  async function verify(
    file: string,
  ): Promise<Awaited<ReturnType<typeof runAuditVerification>> & { db: ClinicDb }> {
    const db = openDatabase({ file, durability: 'normal' });
    const r = await runAuditVerification({
      db,
      now: NOW,
      trigger: 'manual',
      ...(workers ? { workers } : {}),
    });
    return { ...r, db };
  }

  it('passes an untouched chain and records the run with its head', async () => {
    const file = clinicWithAuditRows(20);
    const r = await verify(file);
    expect(r).toMatchObject({ ok: true, rows: 20, firstBrokenId: null, reason: null });
    expect(r.head?.id).toBe(20);
    expect(lastVerification(r.db)).toMatchObject({ ok: true, rows: 20, head: { id: 20 } });
    r.db.close();
  });

  it('names a row changed by a raw UPDATE', async () => {
    const file = clinicWithAuditRows(20);
    tamper(file, "UPDATE audit_log SET actor = 'Mallory' WHERE id = 7");
    const r = await verify(file);
    expect(r.ok).toBe(false);
    expect(r.firstBrokenId).toBe(7);
    expect(r.reason).toMatch(/Audit row 7 was changed after it was written/);
    expect(lastVerification(r.db)).toMatchObject({ ok: false, firstBrokenId: 7 });
    r.db.close();
  });

  it('names the newest row when it was changed', async () => {
    const file = clinicWithAuditRows(20);
    tamper(file, `UPDATE audit_log SET details = '{"n":0}' WHERE id = 20`);
    const r = await verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 20 });
    expect(r.reason).toMatch(/Audit row 20, the newest, does not match its mac/);
    r.db.close();
  });

  it('names deleted rows by the gap they leave', async () => {
    const file = clinicWithAuditRows(20);
    tamper(file, 'DELETE FROM audit_log WHERE id IN (9, 10)');
    const r = await verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 11 });
    expect(r.reason).toBe(
      'Audit rows 9–10 were deleted: row 11 is chained to rows that are no longer there.',
    );
    r.db.close();
  });

  it('names the first rows deleted from the start', async () => {
    const file = clinicWithAuditRows(5);
    tamper(file, 'DELETE FROM audit_log WHERE id = 1');
    const r = await verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 2 });
    expect(r.reason).toMatch(/^Audit row 1 was deleted/);
    r.db.close();
  });

  it('catches the newest rows deleted after a run recorded the head', async () => {
    const file = clinicWithAuditRows(20);
    (await verify(file)).db.close();
    tamper(file, 'DELETE FROM audit_log WHERE id > 17');
    const r = await verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 20, rows: 17 });
    expect(r.reason).toMatch(/Audit row 20, the newest when the chain was last checked, is gone/);
    r.db.close();
  });

  it('names a row inserted with a made-up mac', async () => {
    const file = clinicWithAuditRows(20);
    tamper(
      file,
      `INSERT INTO audit_log (id, at_ms, actor, origin, action, entity_type, entity_id, details, workstation, mac)
       VALUES (21, ${NOW}, 'Mallory', 'test', 'patient.read', 'patient', 3, '{}', 'desk-9', 'AAAA')`,
    );
    const r = await verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 21 });
    expect(r.reason).toMatch(/Audit row 21, the newest, does not match its mac/);
    r.db.close();
  });

  it('names a row inserted without a mac after the chain began', async () => {
    const file = clinicWithAuditRows(20);
    tamper(
      file,
      `INSERT INTO audit_log (id, at_ms, actor, origin, action, entity_type, entity_id, details, workstation)
       VALUES (21, ${NOW}, 'Mallory', 'test', 'patient.read', 'patient', 3, '{}', 'desk-9')`,
    );
    const r = await verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 21 });
    expect(r.reason).toMatch(/Audit row 21 has no mac/);
    r.db.close();
  });

  it('names a row replaced in the middle (deleted, then a forged one put in its place)', async () => {
    const file = clinicWithAuditRows(20);
    tamper(
      file,
      `DELETE FROM audit_log WHERE id = 12;
       INSERT INTO audit_log (id, at_ms, actor, origin, action, entity_type, entity_id, details, workstation, mac)
       VALUES (12, ${NOW}, 'Mallory', 'test', 'patient.read', 'patient', 3, '{}', 'desk-9', 'AAAA')`,
    );
    const r = await verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 12 });
    expect(r.reason).toMatch(/Audit row 12 does not match its mac, and the chain does not resume/);
    r.db.close();
  });

  it('copies the mac along with a changed row and is still caught', async () => {
    const file = clinicWithAuditRows(20);
    // Swapping two rows' contents (ids and macs stay): both are now wrong; the first is named.
    tamper(
      file,
      `UPDATE audit_log SET entity_id = CASE id WHEN 4 THEN 5 WHEN 5 THEN 4 END WHERE id IN (4, 5)`,
    );
    const r = await verify(file);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 4 });
    r.db.close();
  });

  it('refuses to verify without the key', async () => {
    const file = clinicWithAuditRows(3);
    fs.rmSync(path.join(path.dirname(file), 'audit.key'));
    const db = openDatabase({ file, readonly: true });
    await expect(runAuditVerification({ db, now: NOW, trigger: 'cli' })).rejects.toThrow(
      /audit key .* is missing/,
    );
    db.close();
  });
});

describe('the worker threads fast pass', () => {
  const keyOf = (file: string) => {
    const db = openDatabase({ file, durability: 'normal' });
    const key = db.auditKey!;
    db.close();
    return key;
  };
  const pass = (file: string, threads: number, chunkRows: number, toId = 30) =>
    fastChainPass({
      file,
      key: keyOf(file),
      fromId: 1,
      toId,
      chainBegan: true,
      threads,
      chunkRows,
    });

  it('reads every row of an untouched chain, across chunks and threads', async () => {
    const file = clinicWithAuditRows(30);
    for (const [threads, chunkRows] of [
      [1, 2000],
      [2, 15],
      [4, 7],
      [7, 1],
    ] as const)
      expect(await pass(file, threads, chunkRows)).toEqual({ rows: 30, suspectId: null });
  });

  it.each([
    ["UPDATE audit_log SET actor = 'Mallory' WHERE id = 7", 7],
    ['DELETE FROM audit_log WHERE id IN (9, 10)', 11],
    [`UPDATE audit_log SET details = '{"n":0}' WHERE id = 30`, 30],
    ['UPDATE audit_log SET mac = NULL WHERE id = 16', 16],
    ['UPDATE audit_log SET mac = NULL WHERE id = 15', 15],
    // A mac of the wrong shape, and a BLOB (which SQLite's json_array refuses).
    ["UPDATE audit_log SET mac = mac || 'x' WHERE id = 22", 22],
    ["UPDATE audit_log SET details = CAST('{}' AS BLOB) WHERE id = 8", 8],
  ])('finds the first suspect row after %s', async (sql, suspect) => {
    const file = clinicWithAuditRows(30);
    tamper(file, sql);
    // Chunks of 15 (1–15, 16–30) and of 7: a break on a chunk's first or last row is still found.
    for (const [threads, chunkRows] of [
      [2, 15],
      [4, 7],
      [1, 2000],
    ] as const)
      expect((await pass(file, threads, chunkRows)).suspectId).toBe(suspect);
  });

  it('finds the first of several broken rows whichever thread reaches them first', async () => {
    const file = clinicWithAuditRows(30);
    tamper(file, "UPDATE audit_log SET actor = 'Mallory' WHERE id IN (5, 19, 28)");
    for (const threads of [1, 2, 3]) expect((await pass(file, threads, 4)).suspectId).toBe(5);
  });

  // The fast pass reads the bytes a mac covers from SQLite's json_array, not JSON.stringify: on
  // text with quotes, backslashes, control characters, line separators and any script, the two
  // must agree, or a sound log would be sent to the slow verifier every night.
  it('reads the same bytes auditMac covers, whatever the text holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-audit-'));
    dirs.push(dir);
    const file = path.join(dir, 'clinicdesk.db');
    const db = openDatabase({ file, durability: 'normal' });
    const awkward = [
      'O\'Brien "Bud" \\ back/slash',
      'tab\there\nnew line\r\u0001\u001f\u007f backspace\b form feed\f',
      'José Ñúñez — Zoë, Łódź, Ærøskøbing',
      '李小龙 · 山田太郎 · محمد · שָׁלוֹם · Ελένη',
      'line\u2028separator\u2029paragraph',
      'emoji 👩🏽‍⚕️🩺 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      '',
    ];
    db.sqlite
      .transaction(() => {
        awkward.forEach((text, i) =>
          writeAudit(
            {
              db,
              now: NOW + i,
              actor: text,
              origin: 'test',
              user: null,
              workstation: text.slice(0, 6),
            },
            {
              action: 'patient.updated',
              entityType: 'patient',
              entityId: i % 2 ? null : i,
              details: { before: { name: text }, after: { note: `${text}\u0000"}` }, n: -i },
            },
          ),
        );
      })
      .immediate();
    const key = db.auditKey!;
    db.close();
    const n = awkward.length;
    const fast = await fastChainPass({
      file,
      key,
      fromId: 1,
      toId: n,
      chainBegan: true,
      threads: 2,
      chunkRows: 3,
    });
    expect(fast).toEqual({ rows: n, suspectId: null });
    // And a change to one of those rows is still seen.
    tamper(file, "UPDATE audit_log SET actor = actor || ' ' WHERE id = 4");
    expect(
      (
        await fastChainPass({
          file,
          key,
          fromId: 1,
          toId: n,
          chainBegan: true,
          threads: 2,
          chunkRows: 3,
        })
      ).suspectId,
    ).toBe(4);
  });

  // Each chunk is read as one text, rows joined by newlines; a mac holding newlines must not
  // pass for the rows it carries. Here row 8 is deleted and hidden inside row 7's mac, so the
  // joined text reads exactly as the untouched log did.
  it('is not fooled by a deleted row hidden inside the mac of the row before it', async () => {
    const file = clinicWithAuditRows(30);
    const raw = new Database(file);
    const row8 = raw
      .prepare(
        'SELECT json_array(id, at_ms, actor, user_id, workstation, origin, action, entity_type, entity_id, details) AS json, mac FROM audit_log WHERE id = 8',
      )
      .get() as { json: string; mac: string };
    raw.close();
    tamper(
      file,
      `DELETE FROM audit_log WHERE id = 8;
       UPDATE audit_log SET mac = mac || char(10) || '${row8.json.replaceAll("'", "''")}' || char(10) || '${row8.mac}' WHERE id = 7`,
    );
    for (const [threads, chunkRows] of [
      [1, 2000],
      [2, 15],
    ] as const)
      expect((await pass(file, threads, chunkRows)).suspectId).toBe(7);
    const db = openDatabase({ file, durability: 'normal' });
    const r = await runAuditVerification({
      db,
      now: NOW,
      trigger: 'manual',
      workers: { from: 0, threads: 2 },
    });
    expect(r).toMatchObject({ ok: false, firstBrokenId: 7 });
    db.close();
  });
});
