import type { CoreContext } from '../../context';
import { stmt } from './statements';

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
  stmt(
    ctx.db.sqlite,
    'INSERT INTO audit_log (at_ms, actor, origin, action, entity_type, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    ctx.now,
    ctx.actor,
    ctx.origin,
    entry.action,
    entry.entityType,
    entry.entityId ?? null,
    JSON.stringify(entry.details ?? {}),
  );
}
