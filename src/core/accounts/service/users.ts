/**
 * Staff accounts an administrator manages (create, rename, change role, reset a password,
 * deactivate, reactivate) and what each person does to their own account (change the password,
 * set an unlock PIN). Hashing runs before and outside the short write transaction, as in
 * signIn.ts, so other desks keep booking meanwhile. Every change leaves an audit row.
 */
import { AppError } from '../../errors';
import type { CoreContext } from '../../context';
import { writeAudit } from '../../db/repos/audit';
import type { Role, SignedInUser } from '../../../shared/permissions';
import { hashSecret, passwordProblem, pinProblem, verifySecret } from '../passwords';
import {
  countActiveAdmins,
  endSessionsOf,
  insertUser,
  publicUser,
  updateUser,
  userById,
  userByUsername,
  type StaffUser,
  type UserRow,
} from './sessions';

/** Who is acting, from where, when: a signed-in person (these are never a job's work). */
export interface Acting extends CoreContext {
  user: SignedInUser | null;
  /** Their own session, kept when they change their own password. */
  sessionId?: number | null;
}

function existing(ctx: Acting, id: number): UserRow {
  const u = userById(ctx.db, id);
  if (!u) throw new AppError('NOT_FOUND', 'That staff account was not found.', 'userId');
  return u;
}

function audit(ctx: Acting, action: string, userId: number, details: Record<string, unknown> = {}) {
  writeAudit(ctx, { action, entityType: 'user', entityId: userId, details });
}

/** An administrator must remain: the clinic could otherwise never manage its accounts again. */
function keepAnAdmin(ctx: Acting, u: UserRow, what: string) {
  if (u.role === 'admin' && u.active && countActiveAdmins(ctx.db) <= 1)
    throw new AppError(
      'INVALID_STATE',
      `${u.displayName} is the only active administrator: ${what} would leave nobody to manage accounts. Make someone else an administrator first.`,
    );
}

async function checkedPassword(
  password: string,
  who: { username: string; displayName: string },
): Promise<string> {
  const problem = await passwordProblem(password, who);
  if (problem) throw new AppError('VALIDATION', problem, 'password');
  return hashSecret(password);
}

export async function createStaffUser(
  ctx: Acting,
  p: { username: string; displayName: string; role: Role; password: string },
): Promise<StaffUser> {
  const taken = () => {
    if (userByUsername(ctx.db, p.username))
      throw new AppError(
        'CONFLICT',
        `The username ${p.username} is already taken; choose another.`,
        'username',
      );
  };
  taken();
  const hash = await checkedPassword(p.password, p);
  return ctx.db.sqlite
    .transaction(() => {
      taken();
      const id = insertUser(ctx.db, {
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        passwordHash: hash,
        now: ctx.now,
      });
      // The administrator chose this password: the person replaces it at their first sign-in.
      updateUser(ctx.db, id, { mustChangePassword: true }, ctx.now);
      audit(ctx, 'users.created', id, { username: p.username, role: p.role });
      return publicUser(userById(ctx.db, id)!);
    })
    .immediate();
}

export function updateStaffUser(
  ctx: Acting,
  p: { userId: number; displayName?: string | undefined; role?: Role | undefined },
): StaffUser {
  const u = existing(ctx, p.userId);
  const changes: Record<string, unknown> = {};
  if (p.displayName !== undefined && p.displayName !== u.displayName)
    changes.displayName = { from: u.displayName, to: p.displayName };
  if (p.role !== undefined && p.role !== u.role) {
    if (u.role === 'admin') keepAnAdmin(ctx, u, 'changing their role');
    changes.role = { from: u.role, to: p.role };
  }
  if (Object.keys(changes).length === 0) return publicUser(u);
  updateUser(
    ctx.db,
    u.id,
    {
      ...(changes.displayName ? { displayName: p.displayName! } : {}),
      ...(changes.role ? { role: p.role! } : {}),
    },
    ctx.now,
  );
  audit(ctx, 'users.updated', u.id, changes);
  return publicUser(existing(ctx, u.id));
}

/**
 * A new temporary password from an administrator: the person must choose their own at the next
 * sign-in; their sessions end (whoever knew the old password is out), and a lockout is lifted.
 */
export async function resetStaffPassword(
  ctx: Acting,
  p: { userId: number; password: string },
): Promise<{ user: StaffUser; sessionsEnded: number }> {
  const u = existing(ctx, p.userId);
  const hash = await checkedPassword(p.password, u);
  return ctx.db.sqlite
    .transaction(() => {
      existing(ctx, u.id);
      updateUser(
        ctx.db,
        u.id,
        {
          passwordHash: hash,
          pinHash: null,
          mustChangePassword: true,
          failedSignIns: 0,
          lockedUntilMs: null,
        },
        ctx.now,
      );
      const sessionsEnded = endSessionsOf(ctx.db, u.id, 'password reset', ctx.now);
      audit(ctx, 'users.passwordReset', u.id, { sessionsEnded });
      return { user: publicUser(existing(ctx, u.id)), sessionsEnded };
    })
    .immediate();
}

/** Deactivated: cannot sign in, and every session they have ends now. */
export function deactivateStaffUser(
  ctx: Acting,
  p: { userId: number },
): { user: StaffUser; sessionsEnded: number } {
  const u = existing(ctx, p.userId);
  if (ctx.user?.id === u.id)
    throw new AppError(
      'INVALID_STATE',
      'You cannot deactivate your own account; ask another administrator.',
      'userId',
    );
  if (!u.active) return { user: publicUser(u), sessionsEnded: 0 };
  keepAnAdmin(ctx, u, 'deactivating them');
  updateUser(ctx.db, u.id, { active: false }, ctx.now);
  const sessionsEnded = endSessionsOf(ctx.db, u.id, 'user deactivated', ctx.now);
  audit(ctx, 'users.deactivated', u.id, { sessionsEnded });
  return { user: publicUser(existing(ctx, u.id)), sessionsEnded };
}

export function reactivateStaffUser(ctx: Acting, p: { userId: number }): StaffUser {
  const u = existing(ctx, p.userId);
  if (u.active) return publicUser(u);
  updateUser(ctx.db, u.id, { active: true, failedSignIns: 0, lockedUntilMs: null }, ctx.now);
  audit(ctx, 'users.reactivated', u.id);
  return publicUser(existing(ctx, u.id));
}

function me(ctx: Acting): UserRow {
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  const u = userById(ctx.db, ctx.user.id);
  if (!u || !u.active) throw new AppError('UNAUTHENTICATED', 'Sign in again to continue.');
  return u;
}

async function confirmPassword(u: UserRow, current: string): Promise<void> {
  if (!(await verifySecret(current, u.passwordHash)))
    throw new AppError('VALIDATION', 'Your current password is not right.', 'currentPassword');
}

/**
 * The person's own new password (also how a temporary one from an administrator is replaced).
 * Their other sessions end; this desk stays signed in.
 */
export async function changeOwnPassword(
  ctx: Acting,
  p: { currentPassword: string; newPassword: string },
): Promise<{ otherSessionsEnded: number }> {
  const u = me(ctx);
  await confirmPassword(u, p.currentPassword);
  if (p.newPassword === p.currentPassword)
    throw new AppError(
      'VALIDATION',
      'The new password must differ from the current one.',
      'newPassword',
    );
  const problem = await passwordProblem(p.newPassword, u);
  if (problem) throw new AppError('VALIDATION', problem, 'newPassword');
  const hash = await hashSecret(p.newPassword);
  return ctx.db.sqlite
    .transaction(() => {
      updateUser(ctx.db, u.id, { passwordHash: hash, mustChangePassword: false }, ctx.now);
      const ended = ctx.db.sqlite
        .prepare(
          `UPDATE sessions SET ended_ms = ?, end_reason = 'password changed'
           WHERE user_id = ? AND ended_ms IS NULL AND id IS NOT ?`,
        )
        .run(ctx.now, u.id, ctx.sessionId ?? null).changes;
      audit(ctx, 'auth.passwordChanged', u.id, { otherSessionsEnded: ended });
      return { otherSessionsEnded: ended };
    })
    .immediate();
}

/** A short PIN that unlocks only the person's own locked screen (null removes it). */
export async function setOwnPin(
  ctx: Acting,
  p: { currentPassword: string; pin: string | null },
): Promise<{ hasPin: boolean }> {
  const u = me(ctx);
  if (p.pin !== null) {
    const problem = pinProblem(p.pin);
    if (problem) throw new AppError('VALIDATION', problem, 'pin');
  }
  await confirmPassword(u, p.currentPassword);
  const hash = p.pin === null ? null : await hashSecret(p.pin);
  return ctx.db.sqlite
    .transaction(() => {
      updateUser(ctx.db, u.id, { pinHash: hash }, ctx.now);
      audit(ctx, hash ? 'auth.pinSet' : 'auth.pinRemoved', u.id);
      return { hasPin: hash !== null };
    })
    .immediate();
}
