/**
 * Payers, plans, provider networks and patient coverages. Payers, plans and networks are part of
 * the cached directory (directory.ts) and are read from there; this file writes them and reads
 * coverages, which belong to patients and are read one patient at a time.
 */
import {
  coverageFromRow,
  type Coverage,
  type CoverageInput,
  type NetworkSpan,
} from '../../entities/insurance';
import type { ClinicDb } from '../open';
import { patientCoverages, type payers as payersTable } from '../schema';
import { getPlan } from './directory';
import { stmt } from './statements';

const COVERAGE_COLUMNS = `id, patient_id AS patientId, plan_id AS planId, member_id AS memberId,
  group_number AS groupNumber, priority, relationship, subscriber_first_name AS subscriberFirstName,
  subscriber_last_name AS subscriberLastName, subscriber_date_of_birth AS subscriberDateOfBirth,
  effective_from AS effectiveFrom, effective_to AS effectiveTo, active = 1 AS active,
  created_ms AS createdMs, updated_ms AS updatedMs`;

type CoverageRow = Omit<typeof patientCoverages.$inferSelect, 'active'> & { active: number };

function toCoverage(db: ClinicDb, r: CoverageRow): Coverage {
  const plan = getPlan(db, r.planId);
  return coverageFromRow(
    { ...r, active: r.active === 1 },
    plan ?? {
      id: r.planId as never,
      payerId: 0 as never,
      payerName: '',
      name: `Plan ${r.planId}`,
      displayName: `Plan ${r.planId}`,
      productType: 'Other',
      active: false,
    },
  );
}

/** A patient's coverages, active ones first by priority. */
export function listCoverages(
  db: ClinicDb,
  patientId: number,
  opts: { includeInactive?: boolean } = {},
): Coverage[] {
  const rows = stmt(
    db.sqlite,
    `SELECT ${COVERAGE_COLUMNS} FROM patient_coverages WHERE patient_id = ? ORDER BY active DESC, priority, id`,
  ).all(patientId) as CoverageRow[];
  return rows.filter((r) => opts.includeInactive || r.active === 1).map((r) => toCoverage(db, r));
}

export function getCoverage(db: ClinicDb, id: number): Coverage | null {
  const r = stmt(db.sqlite, `SELECT ${COVERAGE_COLUMNS} FROM patient_coverages WHERE id = ?`).get(
    id,
  ) as CoverageRow | undefined;
  return r ? toCoverage(db, r) : null;
}

function coverageValues(input: CoverageInput) {
  const dependent = input.relationship !== 'self';
  return {
    planId: input.planId,
    memberId: input.memberId,
    groupNumber: input.groupNumber ?? null,
    priority: input.priority,
    relationship: input.relationship,
    subscriberFirstName: dependent ? (input.subscriberFirstName ?? null) : null,
    subscriberLastName: dependent ? (input.subscriberLastName ?? null) : null,
    subscriberDateOfBirth: dependent ? (input.subscriberDateOfBirth ?? null) : null,
    effectiveFrom: input.effectiveFrom ?? null,
    effectiveTo: input.effectiveTo ?? null,
  };
}

export function insertCoverage(
  db: ClinicDb,
  now: number,
  patientId: number,
  input: CoverageInput,
): number {
  return db.orm
    .insert(patientCoverages)
    .values({ patientId, ...coverageValues(input), createdMs: now, updatedMs: now })
    .returning({ id: patientCoverages.id })
    .get().id;
}

export function updateCoverage(db: ClinicDb, now: number, id: number, input: CoverageInput): void {
  stmt(
    db.sqlite,
    `UPDATE patient_coverages SET plan_id = @planId, member_id = @memberId, group_number = @groupNumber,
       priority = @priority, relationship = @relationship, subscriber_first_name = @subscriberFirstName,
       subscriber_last_name = @subscriberLastName, subscriber_date_of_birth = @subscriberDateOfBirth,
       effective_from = @effectiveFrom, effective_to = @effectiveTo, updated_ms = @now WHERE id = @id`,
  ).run({ ...coverageValues(input), now, id });
}

/** Coverages are ended, never deleted: an eligibility answer or an estimate may point at one. */
export function endCoverage(db: ClinicDb, now: number, id: number): void {
  stmt(db.sqlite, 'UPDATE patient_coverages SET active = 0, updated_ms = ? WHERE id = ?').run(
    now,
    id,
  );
}

/** Replace a provider's network spans with a new list (one transaction: the caller's). */
export function replaceNetworks(
  db: ClinicDb,
  now: number,
  providerId: number,
  spans: readonly NetworkSpan[],
): void {
  stmt(db.sqlite, 'DELETE FROM provider_networks WHERE provider_id = ?').run(providerId);
  const insert = stmt(
    db.sqlite,
    'INSERT INTO provider_networks (provider_id, plan_id, effective_from, effective_to, created_ms) VALUES (?, ?, ?, ?, ?)',
  );
  for (const s of spans) insert.run(providerId, s.planId, s.effectiveFrom, s.effectiveTo, now);
}

/** Replace the visit types a provider offers; an empty list means "all of their specialty's". */
export function replaceOfferedVisitTypes(
  db: ClinicDb,
  providerId: number,
  visitTypeIds: readonly number[],
): void {
  stmt(db.sqlite, 'DELETE FROM provider_visit_types WHERE provider_id = ?').run(providerId);
  const insert = stmt(
    db.sqlite,
    'INSERT INTO provider_visit_types (provider_id, visit_type_id) VALUES (?, ?)',
  );
  for (const v of new Set(visitTypeIds)) insert.run(providerId, v);
}

export function insertPayer(
  db: ClinicDb,
  now: number,
  p: { name: string; clearinghousePayerId: string | null },
): number {
  return Number(
    stmt(
      db.sqlite,
      'INSERT INTO payers (name, clearinghouse_payer_id, created_ms) VALUES (?, ?, ?)',
    ).run(p.name, p.clearinghousePayerId, now).lastInsertRowid,
  );
}

export function insertPlan(
  db: ClinicDb,
  now: number,
  p: { payerId: number; name: string; productType: string },
): number {
  return Number(
    stmt(
      db.sqlite,
      'INSERT INTO insurance_plans (payer_id, name, product_type, created_ms) VALUES (?, ?, ?, ?)',
    ).run(p.payerId, p.name, p.productType, now).lastInsertRowid,
  );
}

/** Remember readable names for taxonomy codes (from an import); existing names are kept. */
export function learnTaxonomyNames(db: ClinicDb, names: ReadonlyMap<string, string>): void {
  const insert = stmt(
    db.sqlite,
    'INSERT INTO taxonomy_names (code, display_name) VALUES (?, ?) ON CONFLICT(code) DO NOTHING',
  );
  for (const [code, name] of names) insert.run(code, name);
}

export function getMatchingSettings(db: ClinicDb): Record<string, unknown> {
  const r = stmt(db.sqlite, 'SELECT settings FROM matching_settings WHERE id = 1').get() as
    { settings: string } | undefined;
  return r ? (JSON.parse(r.settings) as Record<string, unknown>) : {};
}

export function saveMatchingSettings(
  db: ClinicDb,
  now: number,
  settings: Record<string, unknown>,
): void {
  stmt(
    db.sqlite,
    `INSERT INTO matching_settings (id, settings, updated_ms) VALUES (1, ?, ?)
     ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, updated_ms = excluded.updated_ms`,
  ).run(JSON.stringify(settings), now);
}

export type PayerRow = typeof payersTable.$inferSelect;
