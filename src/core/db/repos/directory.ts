/** Locations, providers and visit types: the clinic's directory, read far more often than written. */
import { asc, eq, inArray } from 'drizzle-orm';
import { locationFromRow, type Location } from '../../entities/location';
import { providerFromRow, type Provider } from '../../entities/provider';
import { visitTypeFromRow, type VisitType } from '../../entities/visitType';
import type { ClinicDb } from '../open';
import {
  locations,
  providerLocations,
  providers,
  visitTypes,
  visitTypeSpecialties,
} from '../schema';

export function listLocations(db: ClinicDb): Location[] {
  return db.orm.select().from(locations).orderBy(asc(locations.name)).all().map(locationFromRow);
}

export function getLocation(db: ClinicDb, id: number): Location | null {
  const row = db.orm.select().from(locations).where(eq(locations.id, id)).get();
  return row ? locationFromRow(row) : null;
}

function locationIdsByProvider(db: ClinicDb, ids?: number[]): Map<number, number[]> {
  const q = db.orm.select().from(providerLocations);
  const rows = ids ? q.where(inArray(providerLocations.providerId, ids)).all() : q.all();
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
  const q = db.orm.select().from(providers);
  const rows = (filter.ids ? q.where(inArray(providers.id, filter.ids)) : q)
    .orderBy(asc(providers.lastName), asc(providers.firstName))
    .all()
    .filter((r) => filter.includeInactive || r.active);
  const locs = locationIdsByProvider(db, filter.ids);
  return rows.map((r) => providerFromRow(r, locs.get(r.id) ?? []));
}

export function getProvider(db: ClinicDb, id: number): Provider | null {
  return listProviders(db, { ids: [id], includeInactive: true })[0] ?? null;
}

export function listVisitTypes(db: ClinicDb, filter: { ids?: number[] } = {}): VisitType[] {
  const q = db.orm.select().from(visitTypes);
  const rows = (filter.ids ? q.where(inArray(visitTypes.id, filter.ids)) : q)
    .orderBy(asc(visitTypes.name))
    .all();
  const specs = db.orm.select().from(visitTypeSpecialties).all();
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
