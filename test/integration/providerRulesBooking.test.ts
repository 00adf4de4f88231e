/**
 * Who a provider sees is a booking rule on every path (book, reschedule), refused with the rule
 * in the error's details unless the desk sets it aside with a reason (stored and audited). On
 * main these bookings went through: the rules lived only in Best match's filters.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/dbState';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
let adultsOnly: number;

beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
  adultsOnly = t.call('providers/create', {
    firstName: 'Dora',
    lastName: 'Adams',
    credentials: 'MD',
    taxonomyCode: '207Q00000X',
    locationIds: [c.loc.id],
    minAgeYears: 18,
    acceptsNewPatients: false,
  }).id;
  t.call('schedules/setWeekly', {
    providerId: adultsOnly,
    locationId: c.loc.id,
    effectiveFrom: '2026-01-01',
    days: [1, 2, 3, 4, 5].map((weekday) => ({
      weekday,
      hours: [{ start: '09:00', end: '17:00' }],
    })),
  });
});
afterEach(() => t.close());

function toddler() {
  return t.call('patients/create', {
    firstName: 'Mia',
    lastName: 'Small',
    dateOfBirth: '2024-10-01',
  });
}

function refusedWith(name: string, input: unknown) {
  const before = snapshot(t.db.sqlite);
  const r = t.raw(name, input);
  expect(snapshot(t.db.sqlite)).toEqual(before);
  if (r.ok) throw new Error(`${name} should have been refused`);
  return r.error as {
    code: string;
    message: string;
    details?: { rules?: { rule: string; message: string }[] };
  };
}

describe('provider rules on booking', () => {
  it('refuses a toddler with an adults-only provider who takes no new patients, naming both rules', () => {
    const mia = toddler();
    const err = refusedWith('appointments/book', {
      patientId: mia.id,
      providerId: adultsOnly,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T10:00:00-05:00',
    });
    expect(err.code).toBe('RULE');
    expect(err.message).toContain('Dora Adams');
    expect(err.details?.rules?.map((r) => r.rule).sort()).toEqual(['age', 'newPatients']);
    expect(err.details?.rules?.find((r) => r.rule === 'age')?.message).toBe(
      'Dora Adams, MD sees patients 18 and older; this patient will be 1 year old.',
    );
  });

  it('refuses an established-patient visit type for a patient the provider never saw', () => {
    const followUp = t.call('visitTypes/create', {
      name: 'Established follow-up',
      durationMinutes: 20,
      patientStatus: 'established',
    });
    const err = refusedWith('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: followUp.id,
      start: '2026-03-03T10:00:00-05:00',
    });
    expect(err.code).toBe('RULE');
    expect(err.details?.rules).toEqual([expect.objectContaining({ rule: 'visitTypeKind' })]);
    expect(err.message).toContain('book a new-patient visit');
  });

  it('books with a rule override and a reason, stores the reason and audits the rules set aside', () => {
    const mia = toddler();
    const appt = t.call('appointments/book', {
      patientId: mia.id,
      providerId: adultsOnly,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T10:00:00-05:00',
      ruleOverride: { reason: 'Dr Adams agreed to see the sibling together' },
    });
    expect(appt.ruleOverrideReason).toBe('Dr Adams agreed to see the sibling together');
    const audit = t.db.sqlite
      .prepare(`SELECT details FROM audit_log WHERE entity_type = 'appointment' AND entity_id = ?`)
      .get(appt.id) as { details: string };
    const details = JSON.parse(audit.details) as {
      ruleOverrideReason: string;
      rulesSetAside: string[];
    };
    expect(details.ruleOverrideReason).toBe('Dr Adams agreed to see the sibling together');
    expect(details.rulesSetAside).toHaveLength(2);
  });

  it('refuses a reschedule onto a provider whose rules the patient breaks', () => {
    const mia = toddler();
    const appt = t.call('appointments/book', {
      patientId: mia.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T10:00:00-05:00',
    });
    const err = refusedWith('appointments/reschedule', {
      appointmentId: appt.id,
      providerId: adultsOnly,
      start: '2026-03-03T11:00:00-05:00',
    });
    expect(err.code).toBe('RULE');
    expect(err.details?.rules?.map((r) => r.rule)).toContain('age');
  });
});

describe('first openings for a known patient', () => {
  it('leave out a provider who would not see the patient, and say why when asked', () => {
    const mia = toddler();
    const base = { visitTypeId: c.newVisit.id, limit: 40, maxPerProvider: 10 };
    const anyone = t.call('availability/firstOpenings', base);
    expect(anyone.slots.some((s) => s.providerId === adultsOnly)).toBe(true);
    const forMia = t.call('availability/firstOpenings', {
      ...base,
      patientId: mia.id,
      explain: true,
    });
    expect(forMia.slots.length).toBeGreaterThan(0);
    expect(forMia.slots.some((s) => s.providerId === adultsOnly)).toBe(false);
    const dora = forMia.excluded?.find((e) => e.providerId === adultsOnly);
    expect(dora?.reasons.map((r) => r.rule).sort()).toEqual(['age', 'newPatients']);
    expect(dora?.reasons.find((r) => r.rule === 'age')?.message).toMatch(
      /^Dora Adams, MD sees patients 18 and older/,
    );
    // The cardiologist does not offer the family visit: that is said too.
    expect(forMia.excluded?.find((e) => e.providerId === c.providers[2]!.id)?.reasons).toEqual([
      expect.objectContaining({ rule: 'notOffered' }),
    ]);
    // Without explain, no list.
    expect(t.call('availability/firstOpenings', { ...base, patientId: mia.id })).not.toHaveProperty(
      'excluded',
    );
  });

  it('page on with a cursor: "more" continues after the last opening shown, across days', () => {
    const first = t.call('availability/firstOpenings', { visitTypeId: c.visit.id, limit: 5 });
    expect(first.slots).toHaveLength(5);
    expect(first.nextCursor).toBe(
      `${Date.parse(first.slots[4]!.start)}/${first.slots[4]!.providerId}`,
    );
    const next = t.call('availability/firstOpenings', {
      visitTypeId: c.visit.id,
      limit: 5,
      cursor: first.nextCursor!,
    });
    const both = [...first.slots, ...next.slots];
    const all = t.call('availability/firstOpenings', { visitTypeId: c.visit.id, limit: 10 });
    expect(both.map((s) => `${s.providerId}@${s.start}`)).toEqual(
      all.slots.map((s) => `${s.providerId}@${s.start}`),
    );
    // Far along: a cursor late on one day continues on the next.
    const lateMonday = t.call('availability/firstOpenings', {
      visitTypeId: c.visit.id,
      limit: 3,
      after: '2026-03-02T21:50:00Z',
    });
    expect(lateMonday.slots[0]!.start > '2026-03-02T21:50:00.000Z').toBe(true);
  });
});
