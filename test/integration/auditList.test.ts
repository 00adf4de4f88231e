/**
 * The manager's audit viewer: filters by person, patient, date range and action, pages, and the
 * CSV export (parsed back with csv-parse to prove it is well-formed).
 */
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
  // Day 1 (Mon Mar 2): Maria's record read; an appointment booked for her.
  t.call('patients/get', { patientId: c.patient.id });
  t.call('appointments/book', {
    patientId: c.patient.id,
    providerId: c.providers[0]!.id,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    start: '2026-03-03T10:00:00-05:00',
  });
  // Day 2 (Tue Mar 3): John's record read, and a name with a formula in it.
  t.now += 24 * 3600_000;
  t.call('patients/get', { patientId: c.patient2.id });
  t.call('patients/update', {
    patientId: c.patient2.id,
    firstName: '=HYPERLINK("x")',
    lastName: 'Smith',
    dateOfBirth: '1975-01-02',
  });
});
afterEach(() => t.close());

describe('audit/list', () => {
  it("finds a patient's rows: reads of the record and their appointments", () => {
    const r = t.call('audit/list', { filter: { patientId: c.patient.id } });
    expect(r.rows.map((x) => x.action)).toEqual([
      'appointment.booked',
      'patient.viewed',
      'patient.created',
    ]);
    expect(
      r.rows.every((x) => x.patientId === c.patient.id && x.patientName === 'Maria Lopez'),
    ).toBe(true);
    expect(r.total).toBe(3);
  });

  it('filters by date range in the clinic zone and by action or action family', () => {
    const day2 = t.call('audit/list', { filter: { from: '2026-03-03', to: '2026-03-03' } });
    expect(day2.rows.map((x) => x.action)).toEqual(['patient.updated', 'patient.viewed']);
    expect(t.call('audit/list', { filter: { action: 'patient.viewed' } }).total).toBe(2);
    expect(t.call('audit/list', { filter: { action: 'appointment' } }).rows).toEqual([
      expect.objectContaining({ action: 'appointment.booked' }),
    ]);
    expect(t.call('audit/list', { filter: { userId: 99 } }).total).toBe(0);
  });

  it('pages newest first', () => {
    const all = t.call('audit/list', { pageSize: 500 });
    const p0 = t.call('audit/list', { pageSize: 3, page: 0 });
    const p1 = t.call('audit/list', { pageSize: 3, page: 1 });
    expect(p0.total).toBe(all.total);
    expect([...p0.rows, ...p1.rows].map((r) => r.id)).toEqual(
      all.rows.slice(0, 6).map((r) => r.id),
    );
    expect(p0.rows[0]!.id).toBeGreaterThan(p0.rows[1]!.id);
  });
});

describe('audit/exportCsv', () => {
  it('writes well-formed CSV, oldest first, neutralises formulas, and audits the export', () => {
    const out = t.call('audit/exportCsv', { filter: { patientId: c.patient2.id } });
    expect(out.fileName).toBe('clinicdesk-audit-2026-03-03.csv');
    const records = parse(out.csv, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.action)).toEqual([
      'patient.created',
      'patient.viewed',
      'patient.updated',
    ]);
    expect(records[1]).toMatchObject({
      time_utc: '2026-03-03T13:00:00.000Z',
      time_local: '2026-03-03T08:00:00-05:00',
      entity_type: 'patient',
      patient_id: String(c.patient2.id),
    });
    // A name a spreadsheet would run as a formula is written as text.
    expect(records[2]!.patient_name).toBe(`'=HYPERLINK("x") Smith`);
    expect(out.csv).not.toMatch(/,"?=HYPERLINK/);
    const last = t.call('audit/list', { pageSize: 1 }).rows[0]!;
    expect(last).toMatchObject({ action: 'audit.exported', details: { rows: 3 } });
  });
});
