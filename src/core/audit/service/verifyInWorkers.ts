/**
 * The audit chain's fast pass, off the request thread. A row holds when its mac is the HMAC of
 * the previous row's *stored* mac and its own fields, so every row can be checked on its own:
 * the id range is cut into chunks, and worker threads (each on its own read-only connection)
 * claim the next unchecked chunk from a shared counter until none is left, so a thread the
 * machine slows down does not hold the others up. The desk's event loop stays free while a
 * clinic's years of rows are read ("Verify now", the nightly job, a backup's check).
 *
 * The fast pass only answers "holds" or "the first suspect row"; when anything is suspect, the
 * one-pass verifier (verify.ts) reads the chain again with auditMac (db/auditChain.ts) and says
 * precisely what happened there. So it may be too suspicious, never too trusting:
 *
 * - The bytes a mac covers are JSON.stringify of the row's fields. SQLite's json_array gives the
 *   same text for every value the log holds (integers, null, UTF-8 text: quotes, backslashes,
 *   control characters, U+2028, emoji — the tests run such rows through this pass), so a chunk
 *   is read as one string, `prevMac \n json \n mac \n json \n mac …`, in which each row's message
 *   (`prevMac \n json`) is one substring: no per-row SQLite call, array or JSON.stringify. A value
 *   json_array renders differently (a REAL, a BLOB, which makes it fail) makes its row suspect.
 * - JSON text never holds a raw newline, and a mac that is not a plain 43-character value is
 *   replaced by "!" in the query, so a forged mac cannot smuggle extra rows into the string.
 *
 * Measured on one thread (node --cpu-prof, 200,000 rows): a row used to cost ~9 µs of CPU (a
 * row array, ten values, JSON.stringify, the HMAC); it now costs ~4.5 µs, of which the HMAC
 * (createHmac + digest, ~2.7 µs) is most. A SHA-256 written in JavaScript and @noble/hashes were
 * both slower than node:crypto's HMAC here, so that part stays.
 */
import os from 'node:os';
import { AUDIT_ROW_COLUMNS } from '../../db/auditChain';
import { runSqliteWorker } from '../../db/sqliteWorker';

/** Rows per chunk a thread claims: big enough to make a query's cost vanish, small enough to share. */
const CHUNK_ROWS = 2_000;

// `claim` is an Int32Array on shared memory: [next chunk to claim, lowest chunk with a suspect].
const WORKER_SOURCE = `
const { file, key, fromId, toId, chainBegan, chunkRows, shared } = workerData;
const claim = new Int32Array(shared);
const hmacKey = crypto.createSecretKey(Buffer.from(key));
const db = new Database(file, { readonly: true, fileMustExist: true });
let rows = 0;
let suspectId = null;
try {
  db.exec('BEGIN');
  const before = db
    .prepare('SELECT mac FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1')
    .pluck();
  const chunkText = db
    .prepare(
      "SELECT group_concat(json_array(${AUDIT_ROW_COLUMNS}) || char(10) || CASE WHEN mac IS NULL THEN '' WHEN length(mac) = 43 AND instr(mac, char(10)) = 0 THEN mac ELSE '!' END, char(10) ORDER BY id) FROM audit_log WHERE id >= ? AND id <= ?",
    )
    .pluck();
  const firstBlob = db
    .prepare(
      "SELECT min(id) FROM audit_log WHERE id >= ? AND id <= ? AND 'blob' IN (${AUDIT_ROW_COLUMNS.split(
        ',',
      )
        .map((c) => `typeof(${c.trim()})`)
        .join(', ')})",
    )
    .pluck();

  // The first row of from..to that does not chain, or null; counts the rows it read.
  const check = (from, to) => {
    let body;
    try {
      body = chunkText.get(from, to);
    } catch (err) {
      // json_array refuses a BLOB (nobody but a tamperer puts one in the log): check the rows
      // before it, and it is the suspect if they hold.
      const blob = firstBlob.get(from, to);
      if (blob === null) throw err;
      return (blob > from ? check(from, blob - 1) : null) ?? blob;
    }
    if (body === null) return null;
    const prev = before.get(from);
    const s = (typeof prev === 'string' ? prev : '') + '\\n' + body;
    // s = prevMac \\n json \\n mac \\n json \\n mac …: each row's message is s[macStart, jsonEnd).
    let macStart = 0;
    let jsonStart = s.indexOf('\\n') + 1;
    for (;;) {
      const jsonEnd = s.indexOf('\\n', jsonStart);
      let macEnd = s.indexOf('\\n', jsonEnd + 1);
      const last = macEnd < 0;
      if (last) macEnd = s.length;
      rows++;
      let holds;
      if (macEnd === jsonEnd + 1) holds = !chainBegan;
      else {
        const want = crypto
          .createHmac('sha256', hmacKey)
          .update(s.substring(macStart, jsonEnd))
          .digest('base64url');
        holds = macEnd - jsonEnd - 1 === want.length && s.startsWith(want, jsonEnd + 1);
      }
      if (!holds) return Number(s.substring(jsonStart + 1, s.indexOf(',', jsonStart)));
      if (last) return null;
      macStart = jsonEnd + 1;
      jsonStart = macEnd + 1;
    }
  };

  for (;;) {
    const chunk = Atomics.add(claim, 0, 1);
    const from = fromId + chunk * chunkRows;
    if (from > toId || chunk > Atomics.load(claim, 1)) break;
    suspectId = check(from, Math.min(toId, from + chunkRows - 1));
    if (suspectId !== null) {
      // Chunks after this one need not be read: a lower suspect is all the answer can be.
      let low = Atomics.load(claim, 1);
      while (chunk < low) {
        const seen = Atomics.compareExchange(claim, 1, low, chunk);
        if (seen === low) break;
        low = seen;
      }
      break;
    }
  }
} finally {
  if (db.inTransaction) db.exec('COMMIT');
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
 * (default: one per core, at most 4), `chunkRows` rows at a time. Rows after `toId` (written
 * while it runs) are not read.
 */
export async function fastChainPass(input: {
  file: string;
  key: Buffer;
  fromId: number;
  toId: number;
  chainBegan: boolean;
  threads?: number;
  chunkRows?: number;
}): Promise<FastPassResult> {
  const { file, key, fromId, toId, chainBegan } = input;
  const chunkRows = Math.max(1, Math.floor(input.chunkRows ?? CHUNK_ROWS));
  const chunks = Math.ceil((toId - fromId + 1) / chunkRows);
  if (chunks <= 0) return { rows: 0, suspectId: null };
  const threads = Math.min(
    chunks,
    Math.max(1, input.threads ?? Math.min(4, os.availableParallelism())),
  );
  const shared = new SharedArrayBuffer(8);
  new Int32Array(shared).set([0, chunks]);
  const results = await Promise.all(
    Array.from({ length: threads }, () =>
      runSqliteWorker<FastPassResult>(WORKER_SOURCE, {
        file,
        key: new Uint8Array(key),
        fromId,
        toId,
        chainBegan,
        chunkRows,
        shared,
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
