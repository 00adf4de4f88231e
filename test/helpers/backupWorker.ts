/**
 * A child process for backup.test.ts: runs one backup of the data folder given, slowly (small
 * frames, a pause after each) and says "frame N" after each frame is written, so the test can
 * SIGKILL it in the middle of writing the file.
 */
import path from 'node:path';
import { runBackup } from '../../src/core/backup/service/backups';
import { openDatabase } from '../../src/core/db/open';
import { fileKeySecretBox, SECRET_KEY_FILE } from '../../src/core/secrets/secretBox';

const dir = process.argv[2]!;
const db = openDatabase({ file: path.join(dir, 'clinicdesk.db'), durability: 'normal' });
const secrets = fileKeySecretBox(path.join(dir, SECRET_KEY_FILE));
await runBackup({
  db,
  secrets,
  clock: Date.now,
  reason: 'manual',
  frameBytes: 4096,
  onFrame: async (index) => {
    process.stdout.write(`frame ${index}\n`);
    await new Promise((r) => setTimeout(r, 20));
  },
});
process.stdout.write('done\n');
db.close();
