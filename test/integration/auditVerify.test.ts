/**
 * The audit verifier from the outside: `npm run audit:verify` (its script, run as a child process
 * the way the npm script runs it) on a real data folder, and the nightly job.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runNightlyAuditCheck } from '../../src/core/host/auditBackupJobs';
import { lastVerification } from '../../src/core/audit/service/verify';
import { buildTinyClinic, NOW, openTestApi, type TestApi } from '../helpers/tinyClinic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'src', 'core', 'host', 'auditVerify.ts');

let api: TestApi | null = null;
afterEach(() => {
  api?.close();
  api = null;
});

function runCli(dir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--data', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run audit:verify', () => {
  it('says the log holds, then names the row a raw UPDATE changed', () => {
    api = openTestApi();
    buildTinyClinic(api);
    const rows = (
      api.db.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }
    ).n;
    expect(rows).toBeGreaterThan(3);
    const ok = runCli(api.dir);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`The audit log holds: ${rows} rows checked`));

    const raw = new Database(path.join(api.dir, 'clinicdesk.db'));
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET actor = 'someone else' WHERE id = 2").run();
    raw.close();
    const broken = runCli(api.dir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(
      /The audit log is broken at row 2: Audit row 2 was changed after it was written/,
    );
    expect(lastVerification(api.db)).toMatchObject({ ok: false, firstBrokenId: 2, trigger: 'cli' });
  });

  it('refuses a folder without its audit key instead of making a new one', () => {
    api = openTestApi();
    const dir = api.dir;
    api.close();
    api = null;
    fs.rmSync(path.join(dir, 'audit.key'));
    const r = runCli(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/audit key .* is missing/);
    expect(fs.existsSync(path.join(dir, 'audit.key'))).toBe(false);
  });
});

describe('the nightly audit check', () => {
  it('runs once a night in the clinic zone and records each run', async () => {
    api = openTestApi();
    buildTinyClinic(api);
    let now = NOW; // Monday 08:00 in New York
    const deps = { db: api.db, clock: () => now, log: () => {} };
    expect(await runNightlyAuditCheck(deps)).toBe(true);
    expect(lastVerification(api.db)).toMatchObject({ ok: true, trigger: 'nightly', atMs: NOW });
    now = NOW + 10 * 3600_000; // 18:00 the same day: already done
    expect(await runNightlyAuditCheck(deps)).toBe(false);
    now = NOW + 18.5 * 3600_000; // Tuesday 02:30: due again
    expect(await runNightlyAuditCheck(deps)).toBe(true);
    const n = api.db.sqlite
      .prepare("SELECT count(*) AS n FROM audit_verifications WHERE trigger = 'nightly'")
      .get() as { n: number };
    expect(n.n).toBe(2);
  });
});
