import { afterEach, describe, expect, it } from 'vitest';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
afterEach(() => t?.close());

describe('the phone-in path through the API', () => {
  it('finds first openings and books the first one', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const open = t.call('availability/firstOpenings', { visitTypeId: c.visit.id, limit: 5 });
    expect(open.slots.map((s) => `${s.providerName} ${s.date} ${s.localTime}`)).toEqual([
      'Ana Patel, MD 2026-03-02 09:00',
      'Ben Okafor, DO 2026-03-02 09:00',
      'Carla Nguyen, MD 2026-03-02 09:00',
      'Ana Patel, MD 2026-03-02 09:15',
      'Ben Okafor, DO 2026-03-02 09:15',
    ]);
    const first = open.slots[0]!;
    const appt = t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: first.providerId,
      locationId: first.locationId,
      visitTypeId: c.visit.id,
      start: first.start,
    });
    expect(appt.start).toBe('2026-03-02T14:00:00.000Z');
    expect(appt.end).toBe('2026-03-02T14:30:00.000Z');
    expect(appt.confirmationCode).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/);
    const again = t.raw('appointments/book', {
      patientId: c.patient2.id,
      providerId: first.providerId,
      locationId: first.locationId,
      visitTypeId: c.visit.id,
      start: first.start,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'start' } });
    const after = t.call('availability/firstOpenings', {
      visitTypeId: c.visit.id,
      providerIds: [first.providerId],
      limit: 2,
    });
    expect(after.slots.map((s) => s.localTime)).toEqual(['09:30', '09:45']);
  });
});
