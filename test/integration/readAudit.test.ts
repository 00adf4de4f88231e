/**
 * Reads of a patient's record, benefits and estimates leave an audit row (HIPAA §164.312(b)),
 * written through the one dispatcher after the read, chained like every other row, with who
 * read it from which desk.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit/service/verify';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
});
afterEach(() => t.close());

interface Row {
  action: string;
  entityType: string;
  entityId: number;
  actor: string;
  workstation: string;
  details: string;
  mac: string | null;
}
function rowsSince(id: number): Row[] {
  return t.db.sqlite
    .prepare(
      `SELECT action, entity_type AS entityType, entity_id AS entityId, actor, workstation, details, mac
         FROM audit_log WHERE id > ? ORDER BY id`,
    )
    .all(id) as Row[];
}
function lastId(): number {
  return (t.db.sqlite.prepare('SELECT max(id) AS id FROM audit_log').get() as { id: number }).id;
}

describe('reads of a patient record are audited', () => {
  it('patients/get writes one chained row naming the patient, the reader and the desk', () => {
    const before = lastId();
    const r = t.registry.call(
      'patients/get',
      { patientId: c.patient.id },
      { db: t.db, now: t.now, actor: 'Dana at desk 2', origin: 'test', workstation: 'DESK-2' },
    );
    expect(r.ok).toBe(true);
    expect(rowsSince(before)).toEqual([
      expect.objectContaining({
        action: 'patient.viewed',
        entityType: 'patient',
        entityId: c.patient.id,
        actor: 'Dana at desk 2',
        workstation: 'DESK-2',
        mac: expect.any(String),
      }),
    ]);
    expect(verifyAuditChain({ sqlite: t.db.sqlite, key: t.db.auditKey! }).ok).toBe(true);
  });

  it('a read that fails (no such patient) writes nothing', () => {
    const before = lastId();
    expect(t.raw('patients/get', { patientId: 9999 }).ok).toBe(false);
    expect(rowsSince(before)).toEqual([]);
  });

  it('benefits (eligibility/get and /list) and estimates (estimate, Good Faith Estimate) are audited with the patient', () => {
    t.call('clinic/update', {
      billingNpi: '1234567893',
      taxId: '12-3456789',
      phone: '512-555-0100',
    });
    const payerId = t.call('payers/create', { name: 'MockPayer', clearinghousePayerId: 'MOCK' }).id;
    const planId = t.call('plans/create', { payerId, name: 'Open Choice', productType: 'PPO' }).id;
    t.call('coverages/save', {
      patientId: c.patient.id,
      coverage: { planId, memberId: '00000000001', priority: 1 },
    });
    const coverage = t.call('coverages/list', { patientId: c.patient.id })[0]!;
    const check = t.call('eligibility/enterManual', {
      patientId: c.patient.id,
      coverageId: coverage.id,
      benefits: { coverage: 'active', network: 'in', copay: 35 },
    });
    t.call('fees/set', { visitTypeId: c.visit.id, selfPay: 95 });
    const appt = t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-05T09:00:00-05:00',
    });

    let before = lastId();
    t.call('eligibility/get', { checkId: check.id });
    t.call('eligibility/list', { patientId: c.patient.id });
    t.call('eligibility/estimate', {
      patientId: c.patient.id,
      visitTypeId: c.visit.id,
      providerId: c.providers[0]!.id,
    });
    expect(rowsSince(before).map((r) => [r.action, r.entityId, JSON.parse(r.details)])).toEqual([
      ['eligibility.viewed', c.patient.id, { checkId: check.id }],
      ['eligibility.listed', c.patient.id, { checks: 1 }],
      [
        'estimate.viewed',
        c.patient.id,
        { visitTypeId: c.visit.id, providerId: c.providers[0]!.id },
      ],
    ]);

    before = lastId();
    t.call('eligibility/estimate', { appointmentId: appt.id });
    t.call('eligibility/goodFaithEstimate', { appointmentId: appt.id });
    t.call('eligibility/list', { appointmentId: appt.id });
    expect(rowsSince(before).map((r) => [r.action, r.entityType, r.entityId])).toEqual([
      ['estimate.viewed', 'patient', c.patient2.id],
      ['goodFaithEstimate.viewed', 'patient', c.patient2.id],
    ]);
    expect(verifyAuditChain({ sqlite: t.db.sqlite, key: t.db.auditKey! }).ok).toBe(true);
  });
});
