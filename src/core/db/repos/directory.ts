/**
 * Locations, providers and visit types: the clinic's directory, read on every search and booking
 * and changed a few times a month. Reads are served from a decoded in-memory copy that is
 * reloaded when the directory's change token moves (cache.ts). Returned objects are shared:
 * read-only for callers.
 */
import {
  payerFromRow,
  planFromRow,
  type NetworkSpan,
  type Payer,
  type Plan,
} from '../../entities/insurance';
import { locationFromRow, type Location } from '../../entities/location';
import { providerFromRow, type Provider } from '../../entities/provider';
import { visitTypeFromRow, type VisitType } from '../../entities/visitType';
import type { ClinicDb } from '../open';
import type { insurancePlans, locations, payers, providers, visitTypes } from '../schema';
import { offersVisitType as offersByRule } from '../../scheduling/providerRules';
import { cachedByToken } from './cache';
import { stmt } from './statements';

const LOCATION_COLUMNS =
  'id, name, address1, address2, city, state, zip, lat, lon, phone, active = 1 AS active, created_ms AS createdMs, version';
const PROVIDER_COLUMNS =
  'id, first_name AS firstName, last_name AS lastName, credentials, npi, taxonomy_code AS taxonomyCode, languages, sex, accepts_new_patients = 1 AS acceptsNewPatients, min_age_years AS minAgeYears, max_age_years AS maxAgeYears, color, active = 1 AS active, created_ms AS createdMs, version';
const VISIT_TYPE_COLUMNS =
  'id, name, duration_minutes AS durationMinutes, cpt_code AS cptCode, patient_status AS patientStatus, buffer_before_minutes AS bufferBeforeMinutes, buffer_after_minutes AS bufferAfterMinutes, color, active = 1 AS active, created_ms AS createdMs, version';

type Row<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] };
function bools<T>(r: Row<T>, keys: (keyof T)[]): T {
  const out = { ...r } as Record<string, unknown>;
  for (const k of keys) out[k as string] = out[k as string] === 1;
  return out as T;
}

interface Directory {
  payers: Payer[];
  plans: Plan[];
  planById: Map<number, Plan>;
  taxonomyNames: Map<string, string>;
  locations: Location[];
  providers: Provider[];
  providerById: Map<number, Provider>;
  visitTypes: VisitType[];
  visitTypeById: Map<number, VisitType>;
  buffers: Map<number, { before: number; after: number }>;
}

function loadDirectory(db: ClinicDb): Directory {
  const locs = (
    stmt(db.sqlite, `SELECT ${LOCATION_COLUMNS} FROM locations ORDER BY name`).all() as Row<
      typeof locations.$inferSelect
    >[]
  ).map((r) => Object.freeze(locationFromRow(bools(r, ['active']))));
  const links = stmt(
    db.sqlite,
    'SELECT provider_id AS providerId, location_id AS locationId FROM provider_locations ORDER BY location_id',
  ).all() as {
    providerId: number;
    locationId: number;
  }[];
  const locationIds = new Map<number, number[]>();
  for (const l of links)
    locationIds.set(l.providerId, [...(locationIds.get(l.providerId) ?? []), l.locationId]);
  const taxonomyNames = new Map(
    (
      stmt(db.sqlite, 'SELECT code, display_name AS name FROM taxonomy_names').all() as {
        code: string;
        name: string;
      }[]
    ).map((t) => [t.code, t.name]),
  );
  const networks = new Map<number, NetworkSpan[]>();
  for (const n of stmt(
    db.sqlite,
    'SELECT provider_id AS providerId, plan_id AS planId, effective_from AS effectiveFrom, effective_to AS effectiveTo FROM provider_networks ORDER BY plan_id, effective_from',
  ).all() as (NetworkSpan & { providerId: number })[]) {
    const list = networks.get(n.providerId) ?? [];
    list.push(
      Object.freeze({
        planId: n.planId,
        effectiveFrom: n.effectiveFrom,
        effectiveTo: n.effectiveTo,
      }),
    );
    networks.set(n.providerId, list);
  }
  const offered = new Map<number, number[]>();
  for (const o of stmt(
    db.sqlite,
    'SELECT provider_id AS providerId, visit_type_id AS visitTypeId FROM provider_visit_types ORDER BY visit_type_id',
  ).all() as { providerId: number; visitTypeId: number }[]) {
    offered.set(o.providerId, [...(offered.get(o.providerId) ?? []), o.visitTypeId]);
  }
  const payerRows = (
    stmt(
      db.sqlite,
      'SELECT id, name, clearinghouse_payer_id AS clearinghousePayerId, active = 1 AS active, created_ms AS createdMs FROM payers ORDER BY name',
    ).all() as Row<typeof payers.$inferSelect>[]
  ).map((r) => Object.freeze(payerFromRow(bools(r, ['active']))));
  const payerName = new Map(payerRows.map((p) => [p.id as number, p.name]));
  const planRows = (
    stmt(
      db.sqlite,
      'SELECT id, payer_id AS payerId, name, product_type AS productType, active = 1 AS active, created_ms AS createdMs FROM insurance_plans',
    ).all() as Row<typeof insurancePlans.$inferSelect>[]
  )
    .map((r) => Object.freeze(planFromRow(bools(r, ['active']), payerName.get(r.payerId) ?? '')))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const provs = (
    stmt(
      db.sqlite,
      `SELECT ${PROVIDER_COLUMNS} FROM providers ORDER BY last_name, first_name, id`,
    ).all() as Row<typeof providers.$inferSelect>[]
  ).map((r) =>
    Object.freeze(
      providerFromRow(bools(r, ['active', 'acceptsNewPatients']), {
        locationIds: locationIds.get(r.id) ?? [],
        networks: networks.get(r.id) ?? [],
        visitTypeIds: offered.get(r.id) ?? null,
        taxonomyNames,
      }),
    ),
  );
  const specs = stmt(
    db.sqlite,
    'SELECT visit_type_id AS visitTypeId, taxonomy_code AS taxonomyCode FROM visit_type_specialties',
  ).all() as {
    visitTypeId: number;
    taxonomyCode: string;
  }[];
  const byVisit = new Map<number, string[]>();
  for (const s of specs)
    byVisit.set(s.visitTypeId, [...(byVisit.get(s.visitTypeId) ?? []), s.taxonomyCode]);
  const vts = (
    stmt(db.sqlite, `SELECT ${VISIT_TYPE_COLUMNS} FROM visit_types ORDER BY name`).all() as Row<
      typeof visitTypes.$inferSelect
    >[]
  ).map((r) => Object.freeze(visitTypeFromRow(bools(r, ['active']), byVisit.get(r.id) ?? [])));
  return {
    payers: payerRows,
    plans: planRows,
    planById: new Map(planRows.map((p) => [p.id as number, p])),
    taxonomyNames,
    locations: locs,
    providers: provs,
    providerById: new Map(provs.map((p) => [p.id as number, p])),
    visitTypes: vts,
    visitTypeById: new Map(vts.map((v) => [v.id as number, v])),
    buffers: new Map(
      vts.map((v) => [
        v.id as number,
        { before: v.bufferBeforeMinutes, after: v.bufferAfterMinutes },
      ]),
    ),
  };
}

function directory(db: ClinicDb): Directory {
  return cachedByToken(db.sqlite, 'directory', 'all', () => loadDirectory(db));
}

export function listLocations(db: ClinicDb): Location[] {
  return directory(db).locations;
}

export function getLocation(db: ClinicDb, id: number): Location | null {
  return directory(db).locations.find((l) => l.id === id) ?? null;
}

export function listProviders(
  db: ClinicDb,
  filter: { ids?: number[]; includeInactive?: boolean } = {},
): Provider[] {
  const d = directory(db);
  const list = filter.ids
    ? filter.ids.map((id) => d.providerById.get(id)).filter((p): p is Provider => p !== undefined)
    : d.providers;
  return filter.includeInactive ? list : list.filter((p) => p.active);
}

export function getProvider(db: ClinicDb, id: number): Provider | null {
  return directory(db).providerById.get(id) ?? null;
}

export function listVisitTypes(db: ClinicDb, filter: { ids?: number[] } = {}): VisitType[] {
  const d = directory(db);
  return filter.ids
    ? filter.ids.map((id) => d.visitTypeById.get(id)).filter((v): v is VisitType => v !== undefined)
    : d.visitTypes;
}

/** Each visit type's buffers in minutes, by id: what the availability engine widens busy time by. */
export function visitTypeBuffers(
  db: ClinicDb,
): ReadonlyMap<number, { before: number; after: number }> {
  return directory(db).buffers;
}

export function getVisitType(db: ClinicDb, id: number): VisitType | null {
  return directory(db).visitTypeById.get(id) ?? null;
}

/**
 * Whether a provider offers a visit type: the visit type is open to the provider's specialty (it
 * lists none, or theirs), and, when the provider has a list of visit types they do, it is on it.
 */
export function offersVisitType(provider: Provider, visitType: VisitType): boolean {
  return offersByRule(provider, visitType);
}

export function listPayers(db: ClinicDb): Payer[] {
  return directory(db).payers;
}

export function listPlans(db: ClinicDb): Plan[] {
  return directory(db).plans;
}

export function getPlan(db: ClinicDb, id: number): Plan | null {
  return directory(db).planById.get(id) ?? null;
}

/** Names of taxonomy codes learned from imports (the built-in common ones are in entities/specialty.ts). */
export function learnedTaxonomyNames(db: ClinicDb): ReadonlyMap<string, string> {
  return directory(db).taxonomyNames;
}
