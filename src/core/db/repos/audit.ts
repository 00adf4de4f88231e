import type { CoreContext } from '../../context';
import { auditLog } from '../schema';

/** Every change a patient or provider would notice leaves one row: who, from where, what, when. */
export function writeAudit(
  ctx: CoreContext,
  entry: {
    action: string;
    entityType: string;
    entityId?: number | null;
    details?: Record<string, unknown>;
  },
): void {
  ctx.db.orm
    .insert(auditLog)
    .values({
      atMs: ctx.now,
      actor: ctx.actor,
      origin: ctx.origin,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .run();
}
