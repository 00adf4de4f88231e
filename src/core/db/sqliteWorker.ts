/**
 * Long reads of a database *file* (verifying the audit chain, checking a backup's copy) run on a
 * worker thread with its own read-only connection, so the desk's event loop keeps answering.
 *
 * The worker's code is plain JavaScript in a string (an `eval` worker): the same text runs under
 * the TypeScript test runner, the built host and Electron's main process, where a worker *file*
 * would need a different path and its own build step in each. The body runs in an async function
 * with `parentPort`, `workerData`, `crypto` (node:crypto) and `Database` (better-sqlite3) in
 * scope, loaded with `import()`: a CommonJS call in the text would make Electron's bundler add
 * its CommonJS shims to the main bundle, at a place its pattern finds inside a string literal.
 * The body answers with one `parentPort` message.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const PRELUDE = `(async () => {
const { parentPort, workerData } = await import('node:worker_threads');
const crypto = await import('node:crypto');
const { default: Database } = await import(workerData.sqliteUrl);
`;

export function runSqliteWorker<T>(body: string, data: Record<string, unknown>): Promise<T> {
  const sqliteUrl = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
  const source = `${PRELUDE}${body}\n})();`;
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    const worker = new Worker(source, { eval: true, workerData: { ...data, sqliteUrl } });
    worker.once('message', (m: T) => {
      answered = true;
      resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`The database check thread stopped (exit ${code}).`));
    });
  });
}
