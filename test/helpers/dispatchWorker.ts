/**
 * A separate OS process that runs one reminder dispatch over a shared database file, for the
 * crash test. Run with `node --import tsx` via child_process.fork:
 *   argv[2]                 JSON DispatchTask
 *   worker -> parent        { type: 'sent', n, sid } after each SMS Twilio accepted
 *   worker -> parent        { type: 'done', result } when the run ends (then exits 0)
 * With `hangAfter: n` the worker stops right after Twilio accepted its n-th SMS and before the
 * dispatcher records it: the window a power cut or SIGKILL hits in real life.
 */
import path from 'node:path';
import { openDatabase } from '../../src/core/db/open';
import { getMessagingSettings } from '../../src/core/db/repos/reminders';
import { runDispatcher, type DispatchResult } from '../../src/core/reminders/dispatcher';
import { transportFromSettings } from '../../src/core/reminders/transport';
import { fileKeySecretBox, SECRET_KEY_FILE } from '../../src/core/secrets/secretBox';

export interface DispatchTask {
  dataDir: string;
  now: number;
  hangAfter: number | null;
}

export type DispatchWorkerMessage =
  { type: 'sent'; n: number; sid: string } | { type: 'done'; result: DispatchResult };

const task = JSON.parse(process.argv[2] ?? '{}') as DispatchTask;
const send = (m: DispatchWorkerMessage) => process.send!(m);

const db = openDatabase({ file: path.join(task.dataDir, 'clinicdesk.db') });
const secrets = fileKeySecretBox(path.join(task.dataDir, SECRET_KEY_FILE));
const real = transportFromSettings(getMessagingSettings(db), secrets);
let n = 0;
const transport = {
  ...real,
  twilio: {
    ...real.twilio!,
    async sendSms(a: Parameters<NonNullable<typeof real.twilio>['sendSms']>[0]) {
      const r = await real.twilio!.sendSms(a);
      n++;
      send({ type: 'sent', n, sid: r.providerMessageId });
      if (n === task.hangAfter) await new Promise(() => undefined); // killed here
      return r;
    },
  },
};
const result = await runDispatcher({
  db,
  clock: () => task.now,
  transport,
  sleep: () => Promise.resolve(),
  // One send at a time, as with a paced sender: the kill lands after exactly `hangAfter` texts.
  concurrency: 1,
});
db.close();
send({ type: 'done', result });
process.disconnect();
