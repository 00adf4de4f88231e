/**
 * The clinic's data leaves as CSV, a page at a time: the pages put together are one well-formed
 * file with a header, every row once, and each page is an audit row.
 */
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportTable } from '../../src/core/clinic/service/export';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;

beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
});
afterEach(() => t.close());

/** All pages of one table, as the Settings screen fetches them, parsed back into records. */
function exportAll(table: ExportTable, limit: number) {
  let afterId = 0;
  const parts: string[] = [];
  let pages = 0;
  let total: number | null = null;
  for (;;) {
    const page = t.call('clinic/exportCsv', { table, afterId, limit });
    if (pages === 0) total = page.totalRows;
    parts.push(page.csv);
    pages++;
    if (page.nextAfterId === null) break;
    afterId = page.nextAfterId;
  }
  const rows = parse(parts.join(''), { columns: true }) as Record<string, string>[];
  return { rows, pages, total };
}

describe('exporting the clinic as CSV', () => {
  it('pages patients into one file with a header and every record once', () => {
    t.call('patients/create', {
      firstName: 'Zoë "Zo"',
      lastName: "O'Brien, Jr.",
      dateOfBirth: '1990-02-03',
      address1: 'Line one\nLine two',
    });
    const { rows, pages, total } = exportAll('patients', 2);
    expect(total).toBe(3);
    expect(pages).toBe(2);
    expect(rows.map((r) => r.last_name)).toEqual(['Lopez', 'Smith', "O'Brien, Jr."]);
    expect(rows[2]).toMatchObject({
      first_name: 'Zoë "Zo"',
      address: 'Line one\nLine two',
      active: 'yes',
      inactive_reason: '',
    });
    expect(rows[0]).toMatchObject({ phone_mobile: '+15125550134', sms_consent: 'yes' });
  });

  it('exports appointments with names and local times, providers, visit types and fees', () => {
    t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T15:00:00Z',
    });
    t.call('fees/set', { visitTypeId: c.visit.id, allowed: 120 });
    expect(exportAll('appointments', 100).rows).toEqual([
      expect.objectContaining({
        patient_name: 'Maria Lopez',
        provider_name: 'Ana Patel, MD',
        location: 'Main',
        visit_type: 'Follow-up',
        start_utc: '2026-03-04T15:00:00.000Z',
        status: 'booked',
      }),
    ]);
    expect(exportAll('appointments', 100).rows[0]!.start_local).toMatch(/2026-03-04.*10:00/);
    expect(exportAll('providers', 100).rows.map((r) => [r.last_name, r.specialty])).toEqual([
      ['Patel', 'Family Medicine'],
      ['Okafor', 'Family Medicine'],
      ['Nguyen', 'Cardiology'],
    ]);
    expect(exportAll('visitTypes', 100).rows.map((r) => r.name)).toEqual([
      'Follow-up',
      'New patient',
    ]);
    expect(exportAll('fees', 100).rows).toEqual([
      expect.objectContaining({ visit_type: 'Follow-up', allowed_dollars: '120.00' }),
    ]);
  });

  it('writes an audit row for every page that leaves', () => {
    exportAll('patients', 1);
    const audit = t.db.sqlite
      .prepare("SELECT details FROM audit_log WHERE action = 'clinic.exported' ORDER BY id")
      .all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([
      { table: 'patients', afterId: 0, rows: 1 },
      { table: 'patients', afterId: c.patient.id, rows: 1 },
      { table: 'patients', afterId: c.patient2.id, rows: 0 },
    ]);
  });
});
