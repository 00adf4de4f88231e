import type { ClinicDb } from './db/open';
import type { SecretBox } from './secrets/secretBox';

/** What every domain operation that writes is given: the database, the clock, and who is acting from where. */
export interface CoreContext {
  db: ClinicDb;
  /** The clock, passed in so that tests run on a fixed one. */
  now: number;
  /** Who is acting: the person at the desk, or a system job. */
  actor: string;
  /** Where the request came from: 'ipc', 'http 127.0.0.1', 'cli', 'test'. */
  origin: string;
  /** Seals and opens stored credentials; absent where no credential is ever handled. */
  secrets?: SecretBox;
}
