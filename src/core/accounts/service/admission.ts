/**
 * Whether a call may reach its handler: the one check the dispatcher makes before every operation
 * a transport brings in (in-process calls from jobs and tests are trusted and never come here).
 * Deny by default: no token, an unknown (forged) token, an ended session, a deactivated user or a
 * role without the operation's permission each answer a typed error with the reason to audit.
 */
import { AppError } from '../../errors';
import type { ClinicDb } from '../../db/open';
import {
  ROLE_LABELS,
  roleAllows,
  type Permission,
  type SignedInUser,
} from '../../../shared/permissions';
import { resolveSession, sessionSettings, type SessionRow } from './sessions';

export type Admission =
  | {
      ok: true;
      user: SignedInUser | null;
      session: SessionRow | null;
      locked: boolean;
      mustChangePassword: boolean;
    }
  | {
      ok: false;
      error: AppError;
      /** Why, for the audit row (never shown: the message is what the person reads). */
      reason: string;
      user: SignedInUser | null;
      /** The carrier's token stands for nothing usable any more: the transport should drop it. */
      dropToken: boolean;
    };

const SIGN_IN_AGAIN = 'Sign in again to continue.';

export function admit(
  db: ClinicDb,
  p: {
    token: string | null;
    now: number;
    operation: string;
    permission: Permission;
    whileLocked: boolean;
  },
): Admission {
  const isPublic = p.permission === 'public';
  const anonymous: Admission = {
    ok: true,
    user: null,
    session: null,
    locked: false,
    mustChangePassword: false,
  };
  if (!p.token) {
    if (isPublic) return anonymous;
    return {
      ok: false,
      error: new AppError('UNAUTHENTICATED', 'Sign in to use ClinicDesk.'),
      reason: 'no session',
      user: null,
      dropToken: false,
    };
  }
  const resolved = resolveSession(db, {
    token: p.token,
    now: p.now,
    idleLockMs: sessionSettings(db).idleLockMs,
  });
  if (resolved.state === 'none' || resolved.state === 'ended') {
    if (isPublic) return anonymous;
    const reason = resolved.state === 'none' ? 'unknown session' : resolved.reason;
    const message =
      resolved.state === 'none'
        ? `This desk's session is not recognised. ${SIGN_IN_AGAIN}`
        : resolved.reason === 'session limit reached'
          ? `Your session reached the clinic's time limit. ${SIGN_IN_AGAIN}`
          : resolved.reason === 'user deactivated'
            ? 'This account has been deactivated; ask an administrator.'
            : `You were signed out (${resolved.reason}). ${SIGN_IN_AGAIN}`;
    return {
      ok: false,
      error: new AppError('UNAUTHENTICATED', message),
      reason,
      user: null,
      dropToken: true,
    };
  }
  const u = resolved.user;
  const user: SignedInUser = {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
  };
  const locked = resolved.state === 'locked';
  if (locked && !isPublic && !p.whileLocked) {
    return {
      ok: false,
      error: new AppError(
        'LOCKED',
        `The screen is locked. ${u.displayName}: unlock with your password or PIN.`,
      ),
      reason: 'locked',
      user,
      dropToken: false,
    };
  }
  if (!roleAllows(u.role, p.permission)) {
    return {
      ok: false,
      error: new AppError(
        'FORBIDDEN',
        `${ROLE_LABELS[u.role]} accounts may not do this (${p.operation}); ask a practice manager or administrator.`,
      ),
      reason: `role ${u.role} lacks ${p.permission}`,
      user,
      dropToken: false,
    };
  }
  // After an administrator's reset, nothing but the person's own session operations (choose a
  // new password) until the temporary password is replaced.
  if (u.mustChangePassword && p.permission !== 'public' && p.permission !== 'session') {
    return {
      ok: false,
      error: new AppError('FORBIDDEN', 'Choose a new password before you continue.', undefined, {
        mustChangePassword: true,
      }),
      reason: 'must change password',
      user,
      dropToken: false,
    };
  }
  return {
    ok: true,
    user,
    session: resolved.session,
    locked,
    mustChangePassword: u.mustChangePassword,
  };
}
