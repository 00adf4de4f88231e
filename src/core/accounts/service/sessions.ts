/**
 * Staff accounts and their sessions over the database. A session token is 32 random bytes the
 * client keeps (an HttpOnly cookie in a browser, the main process's memory in the desktop app);
 * only its SHA-256 is stored. A session locks after the clinic's idle time without a person's
 * activity (writes and the page's activity heartbeat count; background refreshes do not) and ends
 * at the absolute limit, when its user is deactivated, or on sign-out.
 */
import crypto from 'node:crypto';
import type { ClinicDb } from '../../db/open';
import { stmt } from '../../db/repos/statements';
import type { Role } from '../../../shared/permissions';

const MINUTE_MS = 60_000;
export const FAILED_SIGN_INS_BEFORE_LOCKOUT = 5;
export const LOCKOUT_MS = 5 * MINUTE_MS;
/** Wrong PINs before a locked screen needs the full password (and the session ends). */
export const FAILED_UNLOCKS_BEFORE_SIGN_OUT = 5;

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  pinHash: string | null;
  active: boolean;
  failedSignIns: number;
  lockedUntilMs: number | null;
  mustChangePassword: boolean;
  createdMs: number;
  updatedMs: number;
}

/** What the renderer may know about a person. */
export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  hasPin: boolean;
  mustChangePassword: boolean;
}

const USER_COLUMNS = `id, username, display_name AS displayName, role, password_hash AS passwordHash,
  pin_hash AS pinHash, active, failed_sign_ins AS failedSignIns, locked_until_ms AS lockedUntilMs,
  must_change_password AS mustChangePassword, created_ms AS createdMs, updated_ms AS updatedMs`;

function userFromRow(r: Record<string, unknown>): UserRow {
  return {
    ...(r as unknown as UserRow),
    active: r.active === 1,
    mustChangePassword: r.mustChangePassword === 1,
  };
}

export function publicUser(u: UserRow): StaffUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    active: u.active,
    hasPin: u.pinHash !== null,
    mustChangePassword: u.mustChangePassword,
  };
}

export function countUsers(db: ClinicDb): number {
  return (stmt(db.sqlite, 'SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
}

export function userByUsername(db: ClinicDb, username: string): UserRow | null {
  const r = stmt(db.sqlite, `SELECT ${USER_COLUMNS} FROM users WHERE username = ?`).get(
    normalizeUsername(username),
  ) as Record<string, unknown> | undefined;
  return r ? userFromRow(r) : null;
}

export function userById(db: ClinicDb, id: number): UserRow | null {
  const r = stmt(db.sqlite, `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as
    Record<string, unknown> | undefined;
  return r ? userFromRow(r) : null;
}

export function listUsers(db: ClinicDb): StaffUser[] {
  return (
    stmt(
      db.sqlite,
      `SELECT ${USER_COLUMNS} FROM users ORDER BY active DESC, display_name`,
    ).all() as Record<string, unknown>[]
  ).map((r) => publicUser(userFromRow(r)));
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function insertUser(
  db: ClinicDb,
  u: { username: string; displayName: string; role: Role; passwordHash: string; now: number },
): number {
  return Number(
    stmt(
      db.sqlite,
      `INSERT INTO users (username, display_name, role, password_hash, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(normalizeUsername(u.username), u.displayName, u.role, u.passwordHash, u.now, u.now)
      .lastInsertRowid,
  );
}

export function updateUser(
  db: ClinicDb,
  id: number,
  patch: Partial<{
    displayName: string;
    role: Role;
    active: boolean;
    passwordHash: string;
    pinHash: string | null;
    mustChangePassword: boolean;
    failedSignIns: number;
    lockedUntilMs: number | null;
  }>,
  now: number,
): void {
  const columns: Record<string, string> = {
    displayName: 'display_name',
    role: 'role',
    active: 'active',
    passwordHash: 'password_hash',
    pinHash: 'pin_hash',
    mustChangePassword: 'must_change_password',
    failedSignIns: 'failed_sign_ins',
    lockedUntilMs: 'locked_until_ms',
  };
  const keys = Object.keys(patch).filter((k) => k in columns) as (keyof typeof patch)[];
  if (keys.length === 0) return;
  const sets = keys.map((k) => `${columns[k]} = ?`).join(', ');
  const values = keys.map((k) => {
    const v = patch[k];
    return typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
  });
  db.sqlite
    .prepare(`UPDATE users SET ${sets}, updated_ms = ? WHERE id = ?`)
    .run(...values, now, id);
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export interface SessionRow {
  id: number;
  userId: number;
  workstation: string;
  origin: string;
  createdMs: number;
  lastActivityMs: number;
  expiresMs: number;
  lockedMs: number | null;
  failedUnlocks: number;
  breakGlass: boolean;
  endedMs: number | null;
  endReason: string | null;
}

const SESSION_COLUMNS = `id, user_id AS userId, workstation, origin, created_ms AS createdMs,
  last_activity_ms AS lastActivityMs, expires_ms AS expiresMs, locked_ms AS lockedMs,
  failed_unlocks AS failedUnlocks, break_glass AS breakGlass, ended_ms AS endedMs, end_reason AS endReason`;

export function insertSession(
  db: ClinicDb,
  s: {
    userId: number;
    workstation: string;
    origin: string;
    now: number;
    expiresMs: number;
    breakGlassReason: string | null;
  },
): { id: number; token: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  const id = Number(
    stmt(
      db.sqlite,
      `INSERT INTO sessions (token_hash, user_id, workstation, origin, created_ms, last_activity_ms,
         expires_ms, break_glass, break_glass_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      tokenHash(token),
      s.userId,
      s.workstation,
      s.origin,
      s.now,
      s.now,
      s.expiresMs,
      s.breakGlassReason ? 1 : 0,
      s.breakGlassReason,
    ).lastInsertRowid,
  );
  return { id, token };
}

export function sessionByToken(db: ClinicDb, token: string): SessionRow | null {
  const r = stmt(db.sqlite, `SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = ?`).get(
    tokenHash(token),
  ) as (Omit<SessionRow, 'breakGlass'> & { breakGlass: number }) | undefined;
  return r ? { ...r, breakGlass: r.breakGlass === 1 } : null;
}

/**
 * Whether the session behind `token` may still be sent live changes: not ended, not past its
 * limit, its person still active. Read-only (the next call ends what must end); a locked desk
 * still qualifies, so its screen is current when it is unlocked.
 */
export function sessionStillOpen(db: ClinicDb, token: string | null, now: number): boolean {
  if (!token) return false;
  const s = sessionByToken(db, token);
  if (!s || s.endedMs !== null || now >= s.expiresMs) return false;
  return userById(db, s.userId)?.active === true;
}

export function endSession(db: ClinicDb, id: number, reason: string, now: number): void {
  stmt(
    db.sqlite,
    'UPDATE sessions SET ended_ms = ?, end_reason = ? WHERE id = ? AND ended_ms IS NULL',
  ).run(now, reason, id);
}

export function endSessionsOf(db: ClinicDb, userId: number, reason: string, now: number): number {
  return stmt(
    db.sqlite,
    'UPDATE sessions SET ended_ms = ?, end_reason = ? WHERE user_id = ? AND ended_ms IS NULL',
  ).run(now, reason, userId).changes;
}

export function lockSession(db: ClinicDb, id: number, now: number): void {
  stmt(db.sqlite, 'UPDATE sessions SET locked_ms = ? WHERE id = ? AND locked_ms IS NULL').run(
    now,
    id,
  );
}

export function unlockSession(db: ClinicDb, id: number, now: number): void {
  stmt(
    db.sqlite,
    'UPDATE sessions SET locked_ms = NULL, failed_unlocks = 0, last_activity_ms = ? WHERE id = ?',
  ).run(now, id);
}

export function recordFailedUnlock(db: ClinicDb, id: number): number {
  stmt(db.sqlite, 'UPDATE sessions SET failed_unlocks = failed_unlocks + 1 WHERE id = ?').run(id);
  return (
    stmt(db.sqlite, 'SELECT failed_unlocks AS n FROM sessions WHERE id = ?').get(id) as {
      n: number;
    }
  ).n;
}

export function touchSession(db: ClinicDb, id: number, now: number): void {
  stmt(
    db.sqlite,
    'UPDATE sessions SET last_activity_ms = ? WHERE id = ? AND last_activity_ms < ?',
  ).run(now, id, now);
}

export type SessionState =
  | { state: 'none' }
  | { state: 'ended'; reason: string; userId: number }
  | { state: 'active' | 'locked'; session: SessionRow; user: UserRow };

/**
 * What a token stands for now. Ends what must end (absolute limit, deactivated user) and locks
 * what has been idle; the caller commits this in its own short transaction.
 */
export function resolveSession(
  db: ClinicDb,
  p: { token: string; now: number; idleLockMs: number },
): SessionState {
  const s = sessionByToken(db, p.token);
  if (!s) return { state: 'none' };
  if (s.endedMs !== null)
    return { state: 'ended', reason: s.endReason ?? 'signed out', userId: s.userId };
  const user = userById(db, s.userId);
  if (!user || !user.active) {
    endSession(db, s.id, 'user deactivated', p.now);
    return { state: 'ended', reason: 'user deactivated', userId: s.userId };
  }
  if (p.now >= s.expiresMs) {
    endSession(db, s.id, 'session limit reached', p.now);
    return { state: 'ended', reason: 'session limit reached', userId: s.userId };
  }
  if (s.lockedMs === null && p.now - s.lastActivityMs >= p.idleLockMs) {
    lockSession(db, s.id, p.now);
    return { state: 'locked', session: { ...s, lockedMs: p.now }, user };
  }
  return { state: s.lockedMs === null ? 'active' : 'locked', session: s, user };
}

/** The clinic's idle-lock and session-length settings (defaults before the clinic row exists). */
export function sessionSettings(db: ClinicDb): { idleLockMs: number; sessionMs: number } {
  const r = stmt(
    db.sqlite,
    'SELECT idle_lock_minutes AS idle, session_hours AS hours FROM clinic WHERE id = 1',
  ).get() as { idle: number; hours: number } | undefined;
  return { idleLockMs: (r?.idle ?? 10) * MINUTE_MS, sessionMs: (r?.hours ?? 12) * 60 * MINUTE_MS };
}

export function countActiveAdmins(db: ClinicDb): number {
  return (
    stmt(
      db.sqlite,
      "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1",
    ).get() as {
      n: number;
    }
  ).n;
}
