import { z } from 'zod';
import type { AuditEntry } from '../../context';
import { writeAudit } from '../../db/repos/audit';
import {
  backupSettings,
  backupStatus,
  configureBackups,
  restoreBackup,
  runBackup,
  MIN_PASSPHRASE,
} from '../../backup/service/backups';
import { TOPICS } from '../../../shared/topics';
import type { AsyncHandlerContext } from '../handler';
import { defineAsyncHandler, defineHandler } from '../handler';

/** An async operation's audit row, in its own short write (it holds no transaction). */
function auditNow(ctx: AsyncHandlerContext, entry: AuditEntry): void {
  ctx.db.sqlite
    .transaction(() =>
      writeAudit(
        {
          db: ctx.db,
          now: ctx.clock(),
          actor: ctx.actor,
          origin: ctx.origin,
          user: ctx.user,
          workstation: ctx.workstation,
        },
        entry,
      ),
    )
    .immediate();
}

export const backupStatusHandler = defineHandler({
  name: 'backup/status',
  mode: 'read',
  permission: 'backup.manage',
  summary:
    'Where backups go, the last verified backup (with a warning when it is older than a day), the last attempt, and the backups a restore can pick.',
  input: z.object({}).strict(),
  run: (_input, ctx) => backupStatus(ctx.db, ctx.now),
});

const passphrase = z
  .string({ error: 'the passphrase must be text' })
  .min(MIN_PASSPHRASE, `the backup passphrase must be at least ${MIN_PASSPHRASE} characters`)
  .max(200, 'the backup passphrase is too long (at most 200 characters)');

export const backupConfigure = defineAsyncHandler({
  name: 'backup/configure',
  mode: 'write',
  permission: 'backup.manage',
  kind: 'async',
  summary:
    'Choose the backup folder and (first time, or to change it) the backup passphrase; the passphrase is never stored, only a key derived from it, sealed.',
  input: z
    .object({
      folder: z
        .string({ error: 'the folder must be text' })
        .trim()
        .min(1, 'choose a backup folder')
        .max(1000, 'the folder path is too long'),
      passphrase: passphrase.optional(),
      enabled: z.boolean().optional(),
    })
    .strict(),
  run: (input, ctx) => {
    // scrypt takes a moment: it runs before the short write, never inside a transaction.
    const r = configureBackups({
      db: ctx.db,
      secrets: ctx.secrets,
      now: ctx.clock(),
      folder: input.folder,
      passphrase: input.passphrase,
      enabled: input.enabled,
    });
    auditNow(ctx, {
      action: 'backup.configured',
      entityType: 'backup_settings',
      entityId: 1,
      details: { folder: backupSettings(ctx.db).folder, passphraseChanged: r.kdf !== null },
    });
    ctx.publish({ topic: 'backups' });
    return Promise.resolve(backupSettings(ctx.db));
  },
});

export const backupNow = defineAsyncHandler({
  name: 'backup/now',
  mode: 'write',
  permission: 'backup.manage',
  kind: 'async',
  summary: 'Back up now: copy, encrypt, write and verify; answers the verified backup.',
  input: z.object({}).strict(),
  run: async (_input, ctx) => {
    try {
      const b = await runBackup({
        db: ctx.db,
        secrets: ctx.secrets,
        clock: ctx.clock,
        reason: 'manual',
      });
      auditNow(ctx, {
        action: 'backup.made',
        entityType: 'backup',
        entityId: b.id,
        details: { file: b.file, bytes: b.bytes },
      });
      return b;
    } finally {
      ctx.publish({ topic: 'backups' });
    }
  },
});

export const backupRestore = defineAsyncHandler({
  name: 'backup/restore',
  mode: 'write',
  permission: 'backup.manage',
  kind: 'async',
  summary:
    'Replace the clinic database with a verified backup (the current one is kept aside). Tell the other desks to stop first.',
  input: z
    .object({
      file: z
        .string({ error: 'the backup file must be text' })
        .trim()
        .min(1, 'choose a backup')
        .max(1000, 'the file path is too long'),
      passphrase: passphrase.optional(),
    })
    .strict(),
  run: async (input, ctx) => {
    const r = await restoreBackup({
      db: ctx.db,
      secrets: ctx.secrets,
      now: ctx.clock(),
      file: input.file,
      passphrase: input.passphrase,
    });
    // Written into the restored database: the log says from here that a restore happened.
    auditNow(ctx, {
      action: 'backup.restored',
      entityType: 'backup',
      details: { file: r.restoredFrom, createdMs: r.createdMs, keptAside: r.keptAside },
    });
    // Everything on every open screen may have changed.
    for (const topic of TOPICS) ctx.publish({ topic });
    return r;
  },
});
