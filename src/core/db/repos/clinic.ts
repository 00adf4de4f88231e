import { eq } from 'drizzle-orm';
import { CLINIC_DEFAULTS, clinicFromRow, type ClinicSettings } from '../../entities/clinic';
import type { ClinicDb } from '../open';
import { clinic } from '../schema';

/** The clinic's one settings row, created with defaults the first time it is read. */
export function getClinic(db: ClinicDb, now: number): ClinicSettings {
  const row = db.orm.select().from(clinic).where(eq(clinic.id, 1)).get();
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
  patch: Partial<ClinicSettings>,
): ClinicSettings {
  getClinic(db, now);
  db.orm
    .update(clinic)
    .set({ ...patch, updatedMs: now })
    .where(eq(clinic.id, 1))
    .run();
  return getClinic(db, now);
}
