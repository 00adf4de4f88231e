/**
 * The nightly audit-chain check (and the scheduled backups) for host/clinicJobs.ts. Each tick
 * only asks whether the work is due, so a PC that was off at night catches up on its next start.
 */
import type { ClinicDb } from '../db/open';
import { getClinic } from '../db/repos/clinic';
import { runAuditVerification } from '../audit/service/verify';
import { nightlyDue } from '../audit/schedule';
import type { Job } from './jobs';
import type { Publish } from '../events';
import type { SecretBox } from '../secrets/secretBox';
import { backupDue, runBackup } from '../backup/service/backups';

export interface AuditBackupJobDeps {
  db: ClinicDb;
  clock: () => number;
  log?: (message: string) => void;
  secrets?: SecretBox | undefined;
  publish?: Publish | undefined;
}

/** Backs up when due (every 4 hours while open, and nightly); answers whether it ran. */
export async function runScheduledBackup(deps: AuditBackupJobDeps): Promise<boolean> {
  if (!backupDue(deps.db, deps.clock())) return false;
  try {
    await runBackup({ db: deps.db, secrets: deps.secrets, clock: deps.clock, reason: 'scheduled' });
  } catch (err) {
    // Recorded as a failed backup with its reason; the Backups screen and the desk warn.
    (deps.log ?? console.error)(
      `[clinicdesk] the scheduled backup failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    deps.publish?.({ topic: 'backups' });
  }
  return true;
}

/** Runs the nightly verification when due; answers whether it ran. */
export async function runNightlyAuditCheck(deps: AuditBackupJobDeps): Promise<boolean> {
  const { db } = deps;
  if (!db.auditKey) return false;
  const now = deps.clock();
  const zone = getClinic(db, now).timeZone;
  if (!nightlyDue({ now, zone, lastMs: lastNightlyMs(db) })) return false;
  const r = await runAuditVerification({ db, now, trigger: 'nightly' });
  if (!r.ok)
    (deps.log ?? console.error)(
      `[clinicdesk] the audit log is broken at row ${r.firstBrokenId}: ${r.reason}`,
    );
  return true;
}

function lastNightlyMs(db: ClinicDb): number | null {
  const r = db.sqlite
    .prepare("SELECT max(at_ms) AS at FROM audit_verifications WHERE trigger = 'nightly'")
    .get() as { at: number | null };
  return r.at;
}

export function auditBackupJobs(deps: AuditBackupJobDeps): Job[] {
  return [
    {
      name: 'audit-verify',
      everyMs: 5 * 60_000,
      run: () => runNightlyAuditCheck(deps),
    },
    { name: 'backup', everyMs: 5 * 60_000, run: () => runScheduledBackup(deps) },
  ];
}
