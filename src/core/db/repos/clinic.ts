import { eq, sql } from 'drizzle-orm';
import { CLINIC_DEFAULTS, clinicFromRow, type ClinicSettings } from '../../entities/clinic';
import type { ClinicDb } from '../open';
import { clinic } from '../schema';
import { stmt } from './statements';

/** The clinic's one settings row, created with defaults the first time it is read. */
const CLINIC_SQL =
  'SELECT id, name, time_zone AS timeZone, slot_minutes AS slotMinutes, min_notice_minutes AS minNoticeMinutes, horizon_days AS horizonDays, late_cancel_hours AS lateCancelHours, setup_state AS setupState, updated_ms AS updatedMs, billing_npi AS billingNpi, tax_id AS taxId, phone, idle_lock_minutes AS idleLockMinutes, session_hours AS sessionHours, version FROM clinic WHERE id = 1';

export function getClinic(db: ClinicDb, now: number): ClinicSettings {
  const row = stmt(db.sqlite, CLINIC_SQL).get() as typeof clinic.$inferSelect | undefined;
  if (row) return clinicFromRow(row);
  db.orm
    .insert(clinic)
    .values({ id: 1, ...CLINIC_DEFAULTS, updatedMs: now })
    .onConflictDoNothing()
    .run();
  return clinicFromRow(db.orm.select().from(clinic).where(eq(clinic.id, 1)).get()!);
}

export function updateClinic(
  db: ClinicDb,
  now: number,
  patch: Partial<Omit<ClinicSettings, 'version'>>,
): ClinicSettings {
  getClinic(db, now);
  db.orm
    .update(clinic)
    .set({ ...patch, updatedMs: now, version: sql`${clinic.version} + 1` })
    .where(eq(clinic.id, 1))
    .run();
  return getClinic(db, now);
}
