/**
 * Sign-in and the desk's own session: status, first administrator, sign-in (with break-glass),
 * sign-out, lock, unlock, heartbeat. Hashing operations are async handlers so scrypt never holds
 * a transaction (see accounts/service/signIn.ts).
 */
import { z } from 'zod';
import { AppError } from '../../errors';
import { writeAudit } from '../../db/repos/audit';
import { createFirstAdmin, signIn, unlock, type Desk } from '../../accounts/service/signIn';
import {
  countUsers,
  endSession,
  lockSession,
  sessionSettings,
  userById,
} from '../../accounts/service/sessions';
import { defineAsyncHandler, defineHandler, type AsyncHandlerContext } from '../handler';

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,40}$/, 'use 2 to 40 letters, digits, dots, dashes or underscores');
const displayName = z.string().trim().min(1).max(100);
const secret = z.string().min(1).max(200);

function deskOf(ctx: AsyncHandlerContext): Desk {
  return { db: ctx.db, now: ctx.clock(), origin: ctx.origin, workstation: ctx.workstation };
}

function carrierOf(ctx: AsyncHandlerContext) {
  if (!ctx.session)
    throw new AppError('INVALID_STATE', 'Sign-in needs a desk (a window or a browser).');
  return ctx.session;
}

export const authStatus = defineHandler({
  name: 'auth/status',
  mode: 'read',
  permission: 'public',
  whileLocked: true,
  summary:
    'Whether a first administrator is needed, who is signed in on this desk, and whether it is locked.',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    const row = ctx.user ? userById(ctx.db, ctx.user.id) : null;
    return {
      firstAdminNeeded: countUsers(ctx.db) === 0,
      user: ctx.user,
      locked: ctx.session?.locked ?? false,
      breakGlass: ctx.session?.breakGlass ?? false,
      hasPin: row?.pinHash != null,
      mustChangePassword: row?.mustChangePassword ?? false,
      idleLockMinutes: sessionSettings(ctx.db).idleLockMs / 60_000,
    };
  },
});

export const authCreateFirstAdmin = defineAsyncHandler({
  name: 'auth/createFirstAdmin',
  kind: 'async',
  mode: 'write',
  permission: 'public',
  summary: 'On first start, create the administrator account and sign in as it.',
  input: z.object({ username, displayName, password: secret }).strict(),
  run: async (input, ctx) => {
    const carrier = carrierOf(ctx).carrier;
    const r = await createFirstAdmin(deskOf(ctx), input);
    carrier.establish(r.token);
    return { user: r.user };
  },
});

export const authSignIn = defineAsyncHandler({
  name: 'auth/signIn',
  kind: 'async',
  mode: 'write',
  permission: 'public',
  summary: 'Sign in on this desk (ends the desk’s previous session: switch user).',
  input: z
    .object({
      username: z.string().max(100),
      password: secret,
      /** Emergency access (administrators): passes an account lockout, flagged in the audit. */
      breakGlassReason: z.string().trim().min(5).max(500).optional(),
    })
    .strict(),
  run: async (input, ctx) => {
    const session = carrierOf(ctx);
    const r = await signIn(deskOf(ctx), { ...input, previousSessionId: session.id });
    session.carrier.establish(r.token);
    return { user: r.user, breakGlass: r.breakGlass };
  },
});

export const authUnlock = defineAsyncHandler({
  name: 'auth/unlock',
  kind: 'async',
  mode: 'write',
  permission: 'session',
  whileLocked: true,
  summary: 'Unlock this desk’s locked screen with the signed-in person’s password or PIN.',
  input: z.object({ secret }).strict(),
  run: async (input, ctx) => {
    const session = carrierOf(ctx);
    if (session.id === null || !ctx.user) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    if (!session.locked) return { unlocked: true as const };
    try {
      return await unlock(deskOf(ctx), {
        sessionId: session.id,
        user: ctx.user,
        secret: input.secret,
      });
    } catch (err) {
      if (err instanceof AppError && /signed out/.test(err.message)) session.carrier.clear();
      throw err;
    }
  },
});

export const authSignOut = defineHandler({
  name: 'auth/signOut',
  mode: 'write',
  permission: 'session',
  whileLocked: true,
  summary: 'Sign out of this desk.',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    if (ctx.session?.id != null) {
      endSession(ctx.db, ctx.session.id, 'signed out', ctx.now);
      writeAudit(ctx, {
        action: 'auth.signedOut',
        entityType: 'user',
        entityId: ctx.user?.id ?? null,
      });
    }
    ctx.session?.carrier.clear();
    return { signedOut: true };
  },
});

export const authLock = defineHandler({
  name: 'auth/lock',
  mode: 'write',
  permission: 'session',
  summary: 'Lock this desk now (the screen stays as it is behind the lock).',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    if (ctx.session?.id != null) {
      lockSession(ctx.db, ctx.session.id, ctx.now);
      writeAudit(ctx, {
        action: 'auth.locked',
        entityType: 'user',
        entityId: ctx.user?.id ?? null,
      });
    }
    return { locked: true };
  },
});

export const authHeartbeat = defineHandler({
  name: 'auth/heartbeat',
  mode: 'write',
  permission: 'session',
  summary: 'The person is at the desk (keys, mouse): keeps the screen from locking.',
  input: z.object({}).strict(),
  // The dispatcher records a write as activity; nothing else to do.
  run: () => ({ ok: true }),
});
