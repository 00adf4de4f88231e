/**
 * A separate OS process that runs the absence job over a shared database file, for the crash
 * test. Run with `node --import tsx` via child_process.fork; argv[2] is a JSON AbsenceTask. With
 * `killAfter: n` it kills itself with SIGKILL right after the n-th visit's transaction committed:
 * a power cut between two visits of one absence.
 */
import path from 'node:path';
import { runAbsenceJob } from '../../src/core/access/service/absence';
import { openDatabase } from '../../src/core/db/open';

export interface AbsenceTask {
  dataDir: string;
  now: number;
  killAfter: number | null;
}

const task = JSON.parse(process.argv[2] ?? '{}') as AbsenceTask;
const db = openDatabase({ file: path.join(task.dataDir, 'clinicdesk.db') });
let n = 0;
runAbsenceJob({
  db,
  clock: () => task.now,
  afterItem: () => {
    n++;
    if (n === task.killAfter) process.kill(process.pid, 'SIGKILL');
  },
});
db.close();
process.disconnect?.();
