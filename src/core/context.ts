import type { ClinicDb } from './db/open';
import type { SecretBox } from './secrets/secretBox';
import type { SignedInUser } from '../shared/permissions';

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
  /**
   * The signed-in person whose call this is; null for the engine's own work (background jobs,
   * in-process calls) and for public operations before sign-in.
   */
  user?: SignedInUser | null;
  /** The desk the call came from: this PC's name for IPC, the remote address over HTTP. */
  workstation?: string;
  /**
   * Set inside read-only transactions: audit rows for reads (a patient's record, benefits,
   * estimates) are handed here and written by the dispatcher in a write transaction right after,
   * before the answer leaves; a read never takes the write lock halfway through.
   */
  deferAudit?: (entry: AuditEntry) => void;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: number | null;
  details?: Record<string, unknown>;
}
