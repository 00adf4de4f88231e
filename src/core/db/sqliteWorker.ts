/**
 * Long reads of a database *file* (verifying the audit chain, checking a backup's copy) run on a
 * worker thread with its own read-only connection, so the desk's event loop keeps answering.
 *
 * The worker's code is plain JavaScript in a string (an `eval` worker): the same text runs under
 * the TypeScript test runner, the built host and Electron's main process, where a worker *file*
 * would need a different path and its own build step in each. The code gets `workerData` (with
 * `sqlitePath`, where better-sqlite3 is, added here) and answers with one `parentPort` message.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export function runSqliteWorker<T>(source: string, data: Record<string, unknown>): Promise<T> {
  const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    const worker = new Worker(source, { eval: true, workerData: { ...data, sqlitePath } });
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
