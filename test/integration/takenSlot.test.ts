/**
 * What you read is what you book: a slot taken at another desk is refused with CONFLICT, the
 * message names the time and provider the receptionist read out, and the next openings (same
 * provider first) ride along in details.alternatives. Nothing else is booked. On main the
 * message was "… is not free at …" with no alternatives.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { snapshot } from '../helpers/dbState';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
});
afterEach(() => t.close());

it('refuses the taken slot with the time, the provider and the next openings, and books nothing else', () => {
  const ana = c.providers[0]!;
  const slot = {
    providerId: ana.id,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    start: '2026-03-03T10:00:00-05:00',
  };
  t.call('appointments/book', { ...slot, patientId: c.patient2.id });
  const before = snapshot(t.db.sqlite);
  const r = t.raw('appointments/book', { ...slot, patientId: c.patient.id });
  expect(snapshot(t.db.sqlite)).toEqual(before);
  if (r.ok) throw new Error('should be refused');
  const err = r.error as {
    code: string;
    message: string;
    details?: { alternatives?: { providerId: number; start: string; localTime: string }[] };
  };
  expect(err.code).toBe('CONFLICT');
  expect(err.message).toMatch(/^Tue, Mar 3, 2026, 10:00 AM with Ana Patel, MD was just taken\.$/);
  const alts = err.details?.alternatives ?? [];
  expect(alts.length).toBeGreaterThan(3);
  expect(alts.slice(0, 3).every((a) => a.providerId === ana.id)).toBe(true);
  expect(alts.some((a) => a.providerId !== ana.id)).toBe(true);
  expect(alts.every((a) => a.start !== new Date('2026-03-03T15:00:00Z').toISOString())).toBe(true);
  expect(alts[0]).toMatchObject({ localTime: expect.any(String), locationName: 'Main' });
});
