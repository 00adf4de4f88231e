/**
 * The audit chain's fast pass, off the request thread. A row holds when its mac is the HMAC of
 * the previous row's *stored* mac and its own fields, so every row can be checked on its own:
 * the id range is cut into slices and each slice is checked by a worker thread on its own
 * read-only connection. One thread reaches about 100,000 rows per CPU second (reading a row
 * costs ~2.5 µs, its HMAC ~4 µs); slices on every core reach the target, and the desk's event
 * loop stays free while a clinic's years of rows are read ("Verify now", the nightly job).
 *
 * The fast pass only answers "holds" or "the first suspect row"; when anything is suspect, the
 * one-pass verifier (verify.ts) reads the chain again and says precisely what happened there.
 *
 * The worker's code (db/sqliteWorker.ts says why it is a string) repeats auditMac's formula
 * (db/auditChain.ts); the tests run every tamper case through both this pass and auditMac, so the
 * two cannot drift apart unnoticed.
 */
import os from 'node:os';
import { runSqliteWorker } from '../../db/sqliteWorker';

const WORKER_SOURCE = `
const { file, key, fromId, toId, chainBegan } = workerData;
const keyBuf = Buffer.from(key);
const db = new Database(file, { readonly: true, fileMustExist: true });
let rows = 0;
let suspectId = null;
try {
  const before = db
    .prepare('SELECT mac FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1')
    .pluck()
    .get(fromId);
  let prevMac = before === undefined ? null : before;
  const iter = db
    .prepare(
      'SELECT id, at_ms, actor, user_id, workstation, origin, action, entity_type, entity_id, details, mac FROM audit_log WHERE id >= ? AND id <= ? ORDER BY id',
    )
    .raw()
    .iterate(fromId, toId);
  for (const r of iter) {
    rows++;
    const mac = r[10];
    if (mac === null) {
      if (!chainBegan) { prevMac = null; continue; }
      suspectId = r[0];
      break;
    }
    const fields = [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]];
    const want = crypto
      .createHmac('sha256', keyBuf)
      .update((prevMac === null ? '' : prevMac) + '\\n' + JSON.stringify(fields))
      .digest('base64url');
    if (want !== mac) { suspectId = r[0]; break; }
    prevMac = mac;
  }
  if (suspectId !== null) iter.return();
} finally {
  db.close();
}
parentPort.postMessage({ rows, suspectId });
`;

export interface FastPassResult {
  /** Rows read (all of them when the chain holds). */
  rows: number;
  /** The lowest id where a slice found a row that does not chain; null when every row holds. */
  suspectId: number | null;
}

/** Below this many rows starting threads costs more than it saves. */
export const WORKER_MIN_ROWS = 50_000;

/**
 * Checks rows `fromId`..`toId` of the audit log in `file` on up to `threads` worker threads
 * (default: one per core, at most 4). Rows after `toId` (written while it runs) are not read.
 */
export async function fastChainPass(input: {
  file: string;
  key: Buffer;
  fromId: number;
  toId: number;
  chainBegan: boolean;
  threads?: number;
}): Promise<FastPassResult> {
  const { file, key, fromId, toId, chainBegan } = input;
  const threads = Math.max(1, input.threads ?? Math.min(4, os.availableParallelism()));
  const span = toId - fromId + 1;
  const size = Math.ceil(span / threads);
  const slices: Array<[number, number]> = [];
  for (let from = fromId; from <= toId; from += size)
    slices.push([from, Math.min(toId, from + size - 1)]);
  const results = await Promise.all(
    slices.map(([from, to]) =>
      runSqliteWorker<FastPassResult>(WORKER_SOURCE, {
        file,
        key: new Uint8Array(key),
        fromId: from,
        toId: to,
        chainBegan,
      }),
    ),
  );
  let rows = 0;
  let suspectId: number | null = null;
  for (const r of results) {
    rows += r.rows;
    if (r.suspectId !== null && (suspectId === null || r.suspectId < suspectId))
      suspectId = r.suspectId;
  }
  return { rows, suspectId };
}
