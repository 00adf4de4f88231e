/**
 * Staff accounts: the administrator's list and changes (users.manage), and each person's own
 * password and unlock PIN (auth/changePassword, auth/setPin). Hashing operations are async
 * handlers so scrypt never holds a transaction (see accounts/service/users.ts).
 */
import { z } from 'zod';
import { ROLES } from '../../../shared/permissions';
import { listUsers } from '../../accounts/service/sessions';
import {
  changeOwnPassword,
  createStaffUser,
  deactivateStaffUser,
  reactivateStaffUser,
  resetStaffPassword,
  setOwnPin,
  updateStaffUser,
  type Acting,
} from '../../accounts/service/users';
import { defineAsyncHandler, defineHandler, type AsyncHandlerContext } from '../handler';

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,40}$/, 'use 2 to 40 letters, digits, dots, dashes or underscores');
const displayName = z.string().trim().min(1, 'enter the person’s name').max(100);
const role = z.enum(ROLES);
const password = z.string().min(1, 'enter a password').max(200);
const userId = z.number().int().positive();

function acting(ctx: AsyncHandlerContext): Acting {
  return {
    db: ctx.db,
    now: ctx.clock(),
    actor: ctx.actor,
    origin: ctx.origin,
    user: ctx.user,
    workstation: ctx.workstation,
    sessionId: ctx.session?.id ?? null,
  };
}

export const usersList = defineHandler({
  name: 'users/list',
  mode: 'read',
  permission: 'users.manage',
  summary: 'Every staff account, active first (never a password or PIN hash).',
  input: z.object({}).strict(),
  run: (_input, ctx) => listUsers(ctx.db),
});

export const usersCreate = defineAsyncHandler({
  name: 'users/create',
  kind: 'async',
  mode: 'write',
  permission: 'users.manage',
  summary: 'A new staff account with a temporary password the person replaces at first sign-in.',
  input: z.object({ username, displayName, role, password }).strict(),
  run: async (input, ctx) => {
    const user = await createStaffUser(acting(ctx), input);
    ctx.publish({ topic: 'users' });
    return user;
  },
});

export const usersUpdate = defineHandler({
  name: 'users/update',
  mode: 'write',
  permission: 'users.manage',
  summary: 'Rename a staff account or change its role.',
  input: z.object({ userId, displayName: displayName.optional(), role: role.optional() }).strict(),
  run: (input, ctx) => {
    const user = updateStaffUser({ ...ctx, user: ctx.user }, input);
    ctx.emit({ topic: 'users' });
    return user;
  },
});

export const usersResetPassword = defineAsyncHandler({
  name: 'users/resetPassword',
  kind: 'async',
  mode: 'write',
  permission: 'users.manage',
  summary: 'A temporary password for someone who forgot theirs; their sessions end.',
  input: z.object({ userId, password }).strict(),
  run: async (input, ctx) => {
    const r = await resetStaffPassword(acting(ctx), input);
    ctx.publish({ topic: 'users' });
    return r;
  },
});

export const usersDeactivate = defineHandler({
  name: 'users/deactivate',
  mode: 'write',
  permission: 'users.manage',
  summary: 'Stop an account from signing in; its open sessions end at once.',
  input: z.object({ userId }).strict(),
  run: (input, ctx) => {
    const r = deactivateStaffUser({ ...ctx, user: ctx.user }, input);
    ctx.emit({ topic: 'users' });
    return r;
  },
});

export const usersReactivate = defineHandler({
  name: 'users/reactivate',
  mode: 'write',
  permission: 'users.manage',
  summary: 'Let a deactivated account sign in again.',
  input: z.object({ userId }).strict(),
  run: (input, ctx) => {
    const user = reactivateStaffUser({ ...ctx, user: ctx.user }, input);
    ctx.emit({ topic: 'users' });
    return user;
  },
});

export const authChangePassword = defineAsyncHandler({
  name: 'auth/changePassword',
  kind: 'async',
  mode: 'write',
  permission: 'session',
  summary: 'Change your own password (your other sessions end; this desk stays signed in).',
  input: z.object({ currentPassword: password, newPassword: password }).strict(),
  run: async (input, ctx) => {
    const r = await changeOwnPassword(acting(ctx), input);
    ctx.publish({ topic: 'users' });
    return r;
  },
});

export const authSetPin = defineAsyncHandler({
  name: 'auth/setPin',
  kind: 'async',
  mode: 'write',
  permission: 'session',
  summary: 'Set (or, with null, remove) your short PIN; it only unlocks your own locked screen.',
  input: z.object({ currentPassword: password, pin: z.string().max(20).nullable() }).strict(),
  run: async (input, ctx) => {
    const r = await setOwnPin(acting(ctx), input);
    ctx.publish({ topic: 'users' });
    return r;
  },
});
