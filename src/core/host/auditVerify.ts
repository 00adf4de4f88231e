/**
 * `npm run audit:verify -- [--data DIR]`: checks the audit chain of a data folder and records the
 * run beside the nightly ones. Exit code 0 when the chain holds, 1 when it is broken (the first
 * broken row and why are printed), 2 when it cannot be checked (no database, no audit key).
 * Safe while ClinicDesk is running on the folder: it only reads the log and writes one row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_KEY_FILE } from '../db/auditChain';
import { DB_FILE_NAME, openDatabase } from '../db/open';
import { resolveDataDir } from './dataDir';
import { runAuditVerification } from '../audit/service/verify';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' } } });
  const dataDir = resolveDataDir(values.data);
  const file = path.join(dataDir, DB_FILE_NAME);
  if (!fs.existsSync(file)) {
    console.error(`There is no ClinicDesk database at ${file}.`);
    return 2;
  }
  // Opening writable would make a new key where there is none, and every row would then look
  // forged: without the key the chain cannot be checked at all.
  if (!fs.existsSync(path.join(dataDir, AUDIT_KEY_FILE))) {
    console.error(
      `The audit key ${path.join(dataDir, AUDIT_KEY_FILE)} is missing: the audit log cannot be verified without it.`,
    );
    return 2;
  }
  const db = openDatabase({ file });
  try {
    const started = performance.now();
    const r = await runAuditVerification({ db, now: Date.now(), trigger: 'cli' });
    const ms = Math.round(performance.now() - started);
    if (r.ok) {
      console.log(
        `The audit log holds: ${r.rows} rows checked in ${ms} ms` +
          (r.head ? `, newest row ${r.head.id}.` : '.'),
      );
      return 0;
    }
    console.error(`The audit log is broken at row ${r.firstBrokenId}: ${r.reason}`);
    console.error(
      `(${r.rows} rows read in ${ms} ms; this run is recorded as verification ${r.id}.)`,
    );
    return 1;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`ClinicDesk: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
