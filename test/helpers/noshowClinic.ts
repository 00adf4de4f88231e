/**
 * A clinic with a history of closed visits for the no-show model's tests: New York, the tiny
 * clinic's three providers, 60 patients.
 */
import { buildTinyClinic, type TestApi } from './tinyClinic';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A fixed pseudo-random sequence, so every run builds the same clinic. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `closed` past visits, one every three hours backwards from yesterday on each of the three
 * providers, over 60 patients. With `signal`, visits booked long ahead and patients 0–9 (the
 * "unreliable" ones) miss more often; without it every visit is a 20 % coin flip.
 */
export function noShowClinic(t: TestApi, p: { closed: number; signal: boolean }) {
  const c = buildTinyClinic(t);
  const patients = [c.patient.id, c.patient2.id];
  for (let i = patients.length; i < 60; i++) {
    patients.push(
      t.call('patients/create', {
        firstName: `P${i}`,
        lastName: 'Test',
        dateOfBirth: `19${50 + (i % 40)}-0${1 + (i % 9)}-15`,
      }).id,
    );
  }
  const insert = t.db.sqlite.prepare(
    `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id,
       start_ms, end_ms, status, booked_by, booked_from, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'test', 'test', ?, ?)`,
  );
  const r = rng(5);
  const firstSlot = t.now - DAY; // Sunday 08:00 New York, going back
  let code = 0;
  t.db.sqlite.transaction(() => {
    for (let i = 0; i < p.closed; i++) {
      const provider = c.providers[i % 3]!.id;
      const start = firstSlot - Math.floor(i / 3) * 3 * HOUR;
      const leadDays = Math.floor(r() * 40);
      const patientIndex = Math.floor(r() * patients.length);
      const chance = p.signal ? 0.03 + leadDays * 0.008 + (patientIndex < 10 ? 0.5 : 0) : 0.2;
      const status = r() < chance ? 'no_show' : 'completed';
      insert.run(
        `N${code++}`,
        patients[patientIndex]!,
        provider,
        c.loc.id,
        c.visit.id,
        start,
        start + HOUR / 2,
        status,
        start - leadDays * DAY - HOUR,
        start + HOUR,
      );
    }
  })();
  /** An upcoming booking for tomorrow (Tuesday) at `hour`:00 New York, booked `leadDays` ago. */
  const upcoming = (patientIndex: number, hourUtc: number, leadDays: number) =>
    Number(
      insert.run(
        `U${code++}`,
        patients[patientIndex]!,
        c.providers[0]!.id,
        c.loc.id,
        c.visit.id,
        Date.parse(`2026-03-03T${hourUtc}:00:00Z`),
        Date.parse(`2026-03-03T${hourUtc}:30:00Z`),
        'booked',
        t.now - leadDays * DAY,
        t.now - leadDays * DAY,
      ).lastInsertRowid,
    );
  return { c, patients, upcoming };
}
