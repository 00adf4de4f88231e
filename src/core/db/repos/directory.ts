/** Locations, providers and visit types: the clinic's directory, read far more often than written. */
import { locationFromRow, type Location } from '../../entities/location';
import { providerFromRow, type Provider } from '../../entities/provider';
import { visitTypeFromRow, type VisitType } from '../../entities/visitType';
import type { ClinicDb } from '../open';
import type { locations, providers, visitTypes } from '../schema';
import { stmt } from './statements';

// The directory is read on every search and booking: these reads use statements prepared once
// per connection (drizzle would build and prepare the SQL again on every call).
const LOCATION_COLUMNS =
  'id, name, address1, address2, city, state, zip, lat, lon, phone, active = 1 AS active, created_ms AS createdMs';
const PROVIDER_COLUMNS =
  'id, first_name AS firstName, last_name AS lastName, credentials, npi, taxonomy_code AS taxonomyCode, languages, sex, accepts_new_patients = 1 AS acceptsNewPatients, min_age_years AS minAgeYears, max_age_years AS maxAgeYears, color, active = 1 AS active, created_ms AS createdMs';
const VISIT_TYPE_COLUMNS =
  'id, name, duration_minutes AS durationMinutes, cpt_code AS cptCode, patient_status AS patientStatus, buffer_before_minutes AS bufferBeforeMinutes, buffer_after_minutes AS bufferAfterMinutes, color, active = 1 AS active, created_ms AS createdMs';

type Row<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] };
const bools = <T extends { active: boolean }>(r: Row<T>, keys: (keyof T)[]): T => {
  const out = { ...r } as Record<string, unknown>;
  for (const k of keys) out[k as string] = out[k as string] === 1;
  return out as T;
};

export function listLocations(db: ClinicDb): Location[] {
  return (stmt(db.sqlite, `SELECT ${LOCATION_COLUMNS} FROM locations ORDER BY name`).all() as Row<typeof locations.$inferSelect>[]).map((r) =>
    locationFromRow(bools(r, ['active'])),
  );
}

export function getLocation(db: ClinicDb, id: number): Location | null {
  const row = stmt(db.sqlite, `SELECT ${LOCATION_COLUMNS} FROM locations WHERE id = ?`).get(id) as Row<typeof locations.$inferSelect> | undefined;
  return row ? locationFromRow(bools(row, ['active'])) : null;
}

function locationIdsByProvider(db: ClinicDb, ids?: number[]): Map<number, number[]> {
  const rows = (
    ids
      ? stmt(db.sqlite, 'SELECT provider_id AS providerId, location_id AS locationId FROM provider_locations WHERE provider_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids))
      : stmt(db.sqlite, 'SELECT provider_id AS providerId, location_id AS locationId FROM provider_locations').all()
  ) as { providerId: number; locationId: number }[];
  const map = new Map<number, number[]>();
  for (const r of rows) {
    const list = map.get(r.providerId) ?? [];
    list.push(r.locationId);
    map.set(r.providerId, list);
  }
  for (const list of map.values()) list.sort((a, b) => a - b);
  return map;
}

export function listProviders(
  db: ClinicDb,
  filter: { ids?: number[]; includeInactive?: boolean } = {},
): Provider[] {
  const rows = (
    filter.ids
      ? stmt(db.sqlite, `SELECT ${PROVIDER_COLUMNS} FROM providers WHERE id IN (SELECT value FROM json_each(?)) ORDER BY last_name, first_name`).all(JSON.stringify(filter.ids))
      : stmt(db.sqlite, `SELECT ${PROVIDER_COLUMNS} FROM providers ORDER BY last_name, first_name`).all()
  ) as Row<typeof providers.$inferSelect>[];
  const kept = rows.map((r) => bools(r, ['active', 'acceptsNewPatients'])).filter((r) => filter.includeInactive || r.active);
  const locs = locationIdsByProvider(db, filter.ids);
  return kept.map((r) => providerFromRow(r, locs.get(r.id) ?? []));
}

export function getProvider(db: ClinicDb, id: number): Provider | null {
  return listProviders(db, { ids: [id], includeInactive: true })[0] ?? null;
}

export function listVisitTypes(db: ClinicDb, filter: { ids?: number[] } = {}): VisitType[] {
  const rows = (
    filter.ids
      ? stmt(db.sqlite, `SELECT ${VISIT_TYPE_COLUMNS} FROM visit_types WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name`).all(JSON.stringify(filter.ids))
      : stmt(db.sqlite, `SELECT ${VISIT_TYPE_COLUMNS} FROM visit_types ORDER BY name`).all()
  ).map((r) => bools(r as Row<typeof visitTypes.$inferSelect>, ['active']));
  const specs = stmt(db.sqlite, 'SELECT visit_type_id AS visitTypeId, taxonomy_code AS taxonomyCode FROM visit_type_specialties').all() as {
    visitTypeId: number;
    taxonomyCode: string;
  }[];
  const byVisit = new Map<number, string[]>();
  for (const s of specs)
    byVisit.set(s.visitTypeId, [...(byVisit.get(s.visitTypeId) ?? []), s.taxonomyCode]);
  return rows.map((r) => visitTypeFromRow(r, byVisit.get(r.id) ?? []));
}

export function getVisitType(db: ClinicDb, id: number): VisitType | null {
  return listVisitTypes(db, { ids: [id] })[0] ?? null;
}

/** Whether a provider offers a visit type: it lists no specialties, or the provider's is among them. */
export function offersVisitType(provider: Provider, visitType: VisitType): boolean {
  return (
    visitType.specialties.length === 0 || visitType.specialties.includes(provider.taxonomyCode)
  );
}
