/**
 * Signing in, the first administrator, unlocking a locked screen. Hashing (scrypt, about 0.3 s)
 * runs before and outside the short write transaction, so other desks keep booking meanwhile.
 */
import { AppError } from '../../errors';
import type { ClinicDb } from '../../db/open';
import { writeAudit } from '../../db/repos/audit';
import type { SignedInUser } from '../../../shared/permissions';
import { decoyHash, hashSecret, passwordProblem, verifySecret } from '../passwords';
import {
  countUsers,
  endSession,
  FAILED_SIGN_INS_BEFORE_LOCKOUT,
  FAILED_UNLOCKS_BEFORE_SIGN_OUT,
  insertSession,
  insertUser,
  LOCKOUT_MS,
  recordFailedUnlock,
  sessionSettings,
  unlockSession,
  updateUser,
  userById,
  userByUsername,
  type UserRow,
} from './sessions';

export interface Desk {
  db: ClinicDb;
  now: number;
  origin: string;
  workstation: string;
}

const signedIn = (u: UserRow): SignedInUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
});

function audit(
  desk: Desk,
  user: SignedInUser | null,
  entry: { action: string; entityId?: number | null; details?: Record<string, unknown> },
) {
  writeAudit(
    {
      db: desk.db,
      now: desk.now,
      actor: user?.displayName ?? 'not signed in',
      origin: desk.origin,
      user,
      workstation: desk.workstation,
    },
    { entityType: 'user', ...entry },
  );
}

const WRONG = 'That username and password do not match.';

/**
 * One sign-in attempt. Unknown usernames are checked against a decoy hash at the real cost, so
 * timing does not tell which accounts exist. Five wrong passwords lock the account for five
 * minutes; an administrator's break-glass sign-in (with a reason) passes that lock and is flagged
 * in the audit and on the session.
 */
export async function signIn(
  desk: Desk,
  p: {
    username: string;
    password: string;
    breakGlassReason?: string | undefined;
    /** The desk's current session (switch user): ended when the new one starts. */
    previousSessionId?: number | null;
  },
): Promise<{ user: SignedInUser; token: string; breakGlass: boolean }> {
  const found = userByUsername(desk.db, p.username);
  const matches = await verifySecret(p.password, found?.passwordHash ?? (await decoyHash()));
  const outcome = desk.db.sqlite
    .transaction(
      ():
        | { ok: true; user: SignedInUser; token: string; breakGlass: boolean }
        | { ok: false; error: AppError } => {
        const user = found ? userById(desk.db, found.id) : null;
        const fail = (reason: string, error: AppError) => {
          audit(desk, null, {
            action: 'auth.signInFailed',
            entityId: user?.id ?? null,
            details: { username: p.username.trim().toLowerCase().slice(0, 100), reason },
          });
          return { ok: false as const, error };
        };
        if (!user) return fail('unknown username', new AppError('UNAUTHENTICATED', WRONG));
        const lockedOut = user.lockedUntilMs !== null && user.lockedUntilMs > desk.now;
        const breakGlass = Boolean(p.breakGlassReason?.trim());
        if (breakGlass && user.role !== 'admin')
          return fail(
            'break-glass by a non-administrator',
            new AppError('FORBIDDEN', 'Emergency access is for administrators only.'),
          );
        if (!matches) {
          if (lockedOut)
            return fail('wrong password while locked out', lockedOutError(user.lockedUntilMs!));
          const failures = user.failedSignIns + 1;
          if (failures >= FAILED_SIGN_INS_BEFORE_LOCKOUT) {
            updateUser(
              desk.db,
              user.id,
              { failedSignIns: 0, lockedUntilMs: desk.now + LOCKOUT_MS },
              desk.now,
            );
            return fail(
              `wrong password (${failures}): account locked for 5 minutes`,
              lockedOutError(desk.now + LOCKOUT_MS),
            );
          }
          updateUser(desk.db, user.id, { failedSignIns: failures }, desk.now);
          return fail(`wrong password (${failures})`, new AppError('UNAUTHENTICATED', WRONG));
        }
        if (!user.active)
          return fail(
            'deactivated account',
            new AppError(
              'UNAUTHENTICATED',
              'This account has been deactivated; ask an administrator.',
            ),
          );
        if (lockedOut && !breakGlass)
          return fail('correct password while locked out', lockedOutError(user.lockedUntilMs!));
        updateUser(desk.db, user.id, { failedSignIns: 0, lockedUntilMs: null }, desk.now);
        if (p.previousSessionId != null)
          endSession(desk.db, p.previousSessionId, 'switched user', desk.now);
        const { id: sessionId, token } = insertSession(desk.db, {
          userId: user.id,
          workstation: desk.workstation,
          origin: desk.origin,
          now: desk.now,
          expiresMs: desk.now + sessionSettings(desk.db).sessionMs,
          breakGlassReason: breakGlass ? p.breakGlassReason!.trim() : null,
        });
        const who = signedIn(user);
        audit(desk, who, {
          action: breakGlass ? 'auth.breakGlass' : 'auth.signedIn',
          entityId: user.id,
          details: {
            sessionId,
            ...(breakGlass
              ? { breakGlass: true, reason: p.breakGlassReason!.trim(), lockedOut }
              : {}),
          },
        });
        return { ok: true, user: who, token, breakGlass };
      },
    )
    .immediate();
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

function lockedOutError(untilMs: number): AppError {
  return new AppError(
    'UNAUTHENTICATED',
    'Too many wrong passwords: this account is locked for 5 minutes. An administrator can use emergency access.',
    undefined,
    { lockedUntil: new Date(untilMs).toISOString() },
  );
}

/** The first start's administrator: only while the clinic has no accounts at all. */
export async function createFirstAdmin(
  desk: Desk,
  p: { username: string; displayName: string; password: string },
): Promise<{ user: SignedInUser; token: string }> {
  const noneYet = () => {
    if (countUsers(desk.db) > 0)
      throw new AppError('INVALID_STATE', 'This clinic already has an administrator; sign in.');
  };
  noneYet();
  const problem = await passwordProblem(p.password, p);
  if (problem) throw new AppError('VALIDATION', problem, 'password');
  const hash = await hashSecret(p.password);
  return desk.db.sqlite
    .transaction(() => {
      noneYet();
      const id = insertUser(desk.db, {
        username: p.username,
        displayName: p.displayName,
        role: 'admin',
        passwordHash: hash,
        now: desk.now,
      });
      const user = signedIn(userById(desk.db, id)!);
      const { id: sessionId, token } = insertSession(desk.db, {
        userId: id,
        workstation: desk.workstation,
        origin: desk.origin,
        now: desk.now,
        expiresMs: desk.now + sessionSettings(desk.db).sessionMs,
        breakGlassReason: null,
      });
      audit(desk, user, {
        action: 'users.created',
        entityId: id,
        details: { role: 'admin', firstAdmin: true },
      });
      audit(desk, user, { action: 'auth.signedIn', entityId: id, details: { sessionId } });
      return { user, token };
    })
    .immediate();
}

/**
 * Unlocks the desk's own locked session with the person's password or PIN. Five wrong tries end
 * the session (the next person signs in afresh).
 */
export async function unlock(
  desk: Desk,
  p: { sessionId: number; user: SignedInUser; secret: string },
): Promise<{ unlocked: true }> {
  const row = userById(desk.db, p.user.id);
  if (!row) throw new AppError('UNAUTHENTICATED', 'Sign in again to continue.');
  const byPin = row.pinHash !== null && /^\d{4,8}$/.test(p.secret);
  const ok = await verifySecret(p.secret, byPin ? row.pinHash! : row.passwordHash);
  const outcome = desk.db.sqlite
    .transaction(() => {
      if (ok) {
        unlockSession(desk.db, p.sessionId, desk.now);
        audit(desk, p.user, { action: 'auth.unlocked', entityId: p.user.id, details: { byPin } });
        return null;
      }
      const tries = recordFailedUnlock(desk.db, p.sessionId);
      if (tries >= FAILED_UNLOCKS_BEFORE_SIGN_OUT) {
        endSession(desk.db, p.sessionId, 'too many unlock attempts', desk.now);
        audit(desk, p.user, {
          action: 'auth.unlockFailed',
          entityId: p.user.id,
          details: { tries, signedOut: true },
        });
        return new AppError(
          'UNAUTHENTICATED',
          'Too many wrong tries: you were signed out. Sign in again.',
        );
      }
      audit(desk, p.user, { action: 'auth.unlockFailed', entityId: p.user.id, details: { tries } });
      const left = FAILED_UNLOCKS_BEFORE_SIGN_OUT - tries;
      return new AppError(
        'UNAUTHENTICATED',
        `That password or PIN is not right (${left} ${left === 1 ? 'try' : 'tries'} left).`,
        'secret',
      );
    })
    .immediate();
  if (outcome) throw outcome;
  return { unlocked: true };
}
