/**
 * Signed-in desks for tests that go through a transport (HTTP, IPC): staff accounts written
 * straight into the database and sessions opened for them, the way sign-in would leave them.
 * Passwords are hashed with scrypt at a test cost (N=2^10, stored with the hash like any other
 * parameters), so a suite does not pay 0.3 s per account; sign-in itself verifies them as usual.
 */
import type { ClinicDb } from '../../src/core/db/open';
import { hashSecret } from '../../src/core/accounts/passwords';
import {
  insertSession,
  updateUser,
  userByUsername,
  insertUser,
} from '../../src/core/accounts/service/sessions';
import { SESSION_COOKIE } from '../../src/core/host/http';
import type { Role } from '../../src/shared/permissions';

/** The password of every account these helpers create. */
export const TEST_PASSWORD = 'quiet lantern harbor 42';
const TEST_COST = { logN: 10, r: 8, p: 1 };
const HOUR_MS = 3_600_000;

export function testHash(secret: string): Promise<string> {
  return hashSecret(secret, TEST_COST);
}

export interface TestStaff {
  username: string;
  displayName: string;
  role: Role;
  pin?: string;
}

/** The account (created when missing), its id. */
export async function seedStaff(db: ClinicDb, staff: TestStaff, now: number): Promise<number> {
  const found = userByUsername(db, staff.username);
  if (found) return found.id;
  const passwordHash = await testHash(TEST_PASSWORD);
  const pinHash = staff.pin ? await testHash(staff.pin) : null;
  const id = insertUser(db, { ...staff, passwordHash, now });
  if (pinHash) updateUser(db, id, { pinHash }, now);
  return id;
}

/** A new session for the account, as sign-in would open it on one desk. */
export function openSession(
  db: ClinicDb,
  userId: number,
  now: number,
  workstation = 'test desk',
): { id: number; token: string } {
  return insertSession(db, {
    userId,
    workstation,
    origin: 'test',
    now,
    expiresMs: now + 12 * HOUR_MS,
    breakGlassReason: null,
  });
}

export const sessionCookieHeader = (token: string) => `${SESSION_COOKIE}=${token}`;

export const TEST_ADMIN: TestStaff = {
  username: 'admin',
  displayName: 'Test Admin',
  role: 'admin',
};

/**
 * The desks a test signs in, kept attended while the test moves the clinic's clock: a test that
 * jumps an hour ahead stands for a working hour at the desk, not an idle one, so its sessions
 * neither lock nor reach their time limit (the idle-lock tests lock a desk on purpose instead).
 */
export class TestDesks {
  private readonly ids = new Set<number>();
  constructor(private readonly db: ClinicDb) {}

  async signIn(staff: TestStaff, now: number, workstation?: string): Promise<string> {
    const userId = await seedStaff(this.db, staff, now);
    const s = openSession(this.db, userId, now, workstation);
    this.ids.add(s.id);
    return s.token;
  }

  /** Call when the clock moves: every desk opened here was in use until `now`. */
  attendedUntil(now: number): void {
    if (this.ids.size === 0) return;
    const ids = [...this.ids];
    this.db.sqlite
      .prepare(
        `UPDATE sessions SET last_activity_ms = ?, expires_ms = max(expires_ms, ?)
         WHERE id IN (${ids.map(() => '?').join(',')}) AND ended_ms IS NULL AND locked_ms IS NULL`,
      )
      .run(now, now + 12 * HOUR_MS, ...ids);
  }
}

/**
 * Makes `holder.now` keep the desks attended whenever a test sets it (see TestDesks).
 */
export function attendOnClockChange(holder: { now: number }, desks: TestDesks): void {
  let now = holder.now;
  Object.defineProperty(holder, 'now', {
    get: () => now,
    set: (next: number) => {
      now = next;
      desks.attendedUntil(next);
    },
    enumerable: true,
    configurable: true,
  });
}
