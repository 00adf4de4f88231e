/**
 * Merging duplicate patients and marking patients inactive, through the API registry on a real
 * database file: every row that references the duplicate moves (checked against the live schema's
 * foreign keys, so a new patient column that the merge does not handle fails here), the merge is
 * one audited transaction, queued reminders stop or follow the kept record, and inactive records
 * leave search and booking.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PATIENT_REFERENCES } from '../../src/core/clinic/service/patientMerge';
import { snapshot } from '../helpers/dbState';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;

beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
});
afterEach(() => t.close());

const sql = () => t.db.sqlite;

/** Every column of every table that is a foreign key to patients(id), as "table.column". */
function patientForeignKeys(): string[] {
  const tables = sql()
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  const out: string[] = [];
  for (const { name } of tables) {
    const fks = sql().prepare(`PRAGMA foreign_key_list("${name}")`).all() as {
      table: string;
      from: string;
    }[];
    for (const fk of fks) if (fk.table === 'patients') out.push(`${name}.${fk.from}`);
  }
  return out.sort();
}

function duplicate() {
  return t.call('patients/create', {
    firstName: 'María',
    lastName: 'Lopez',
    dateOfBirth: '1980-05-17',
    phoneMobile: '512-555-0199',
    email: 'maria.lopez@example.com',
    smsConsent: true,
    emailConsent: true,
    preferredChannel: 'email',
    allowDuplicate: true,
  });
}

function book(patientId: number, start: string, provider = 0) {
  return t.call('appointments/book', {
    patientId,
    providerId: c.providers[provider]!.id,
    locationId: c.loc.id,
    visitTypeId: c.visit.id,
    start,
  });
}

/** The duplicate gets at least one row in every table that references patients. */
function giveEveryKindOfRow(dupId: number, keptId: number) {
  const payerId = t.call('payers/create', { name: 'MockPayer', clearinghousePayerId: 'MOCK' }).id;
  const planId = t.call('plans/create', { payerId, name: 'Open Choice', productType: 'PPO' }).id;
  const plan2 = t.call('plans/create', { payerId, name: 'Gold', productType: 'HMO' }).id;
  // The kept record already has a primary coverage: the duplicate's primary must become secondary.
  t.call('coverages/save', {
    patientId: keptId,
    coverage: { planId, memberId: 'K1', priority: 1 },
  });
  t.call('coverages/save', {
    patientId: dupId,
    coverage: { planId: plan2, memberId: 'D1', priority: 1 },
  });
  // And the same card twice: kept as history, not a second active coverage.
  t.call('coverages/save', { patientId: dupId, coverage: { planId, memberId: 'K1', priority: 2 } });
  const coverage = t.call('coverages/list', { patientId: dupId })[0]!;
  t.call('eligibility/enterManual', {
    patientId: dupId,
    coverageId: coverage.id,
    benefits: { coverage: 'active', network: 'in', copay: 35 },
  });
  const appt = book(dupId, '2026-03-04T15:00:00Z');
  const entry = t.call('waitlist/add', { patientId: dupId, visitTypeId: c.visit.id } as never) as {
    id: number;
  };
  sql()
    .prepare(
      `INSERT INTO appointment_series (patient_id, provider_id, location_id, visit_type_id, frequency, interval,
         first_date, local_minutes, occurrence_count, created_by, created_ms)
       VALUES (?, ?, ?, ?, 'weekly', 1, '2026-03-10', 600, 2, 'test', ?)`,
    )
    .run(dupId, c.providers[0]!.id, c.loc.id, c.visit.id, t.now);
  const slot = sql()
    .prepare(
      `INSERT INTO waitlist_slots (provider_id, location_id, start_ms, end_ms, source, next_wave_ms, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, 'manual', ?, ?, ?)`,
    )
    .run(
      c.providers[1]!.id,
      c.loc.id,
      Date.parse('2026-03-05T15:00:00Z'),
      Date.parse('2026-03-05T15:30:00Z'),
      t.now,
      t.now,
      t.now,
    ).lastInsertRowid;
  sql()
    .prepare(
      `INSERT INTO waitlist_offers (slot_id, entry_id, patient_id, wave, to_address, body, status, expires_ms, created_ms, updated_ms)
       VALUES (?, ?, ?, 1, '+15125550199', 'offer', 'declined', ?, ?, ?)`,
    )
    .run(slot, entry.id, dupId, t.now, t.now, t.now);
  // The duplicate came from an import: its id in the old system.
  sql()
    .prepare(
      `INSERT INTO patient_external_ids (source, external_id, patient_id, created_ms) VALUES ('synthea', 'abc-123', ?, ?)`,
    )
    .run(dupId, t.now);
  // A recall due date set by hand on the duplicate, with an outreach step already sent.
  const recallTypeId = sql()
    .prepare(
      `INSERT INTO recall_types (name, interval_months, visit_type_ids, created_ms, updated_ms)
       VALUES ('Annual physical', 12, ?, ?, ?)`,
    )
    .run(JSON.stringify([c.visit.id]), t.now, t.now).lastInsertRowid;
  const recallId = sql()
    .prepare(
      `INSERT INTO patient_recalls (patient_id, recall_type_id, due_date, manual, created_ms, updated_ms)
       VALUES (?, ?, '2026-09-01', 1, ?, ?)`,
    )
    .run(dupId, recallTypeId, t.now, t.now).lastInsertRowid;
  sql()
    .prepare(
      `INSERT INTO recall_outreach (patient_recall_id, patient_id, due_date, step, channel, status, created_ms, updated_ms)
       VALUES (?, ?, '2026-09-01', 'before', 'sms', 'sent', ?, ?)`,
    )
    .run(recallId, dupId, t.now, t.now);
  // A record merged into the duplicate earlier must end up naming the kept record (no chains).
  const older = t.call('patients/create', {
    firstName: 'Maria',
    lastName: 'Lopez-Old',
    dateOfBirth: '1980-05-17',
  });
  const p = t.call('patients/mergePreview', { survivorId: dupId, mergedId: older.id });
  t.call('patients/merge', {
    survivorId: dupId,
    mergedId: older.id,
    choices: {},
    expected: { survivorUpdatedMs: p.survivor.updatedMs, mergedUpdatedMs: p.merged.updatedMs },
  });
  return { appt, olderId: older.id };
}

function rowIdsPointingAt(ref: string, patientId: number): number[] {
  const [table, column] = ref.split('.') as [string, string];
  return (
    sql()
      .prepare(`SELECT rowid AS id FROM "${table}" WHERE "${column}" = ? ORDER BY rowid`)
      .all(patientId) as { id: number }[]
  ).map((r) => r.id);
}

function mergeInto(keptId: number, dupId: number, choices: Record<string, string> = {}) {
  const p = t.call('patients/mergePreview', { survivorId: keptId, mergedId: dupId });
  return t.call('patients/merge', {
    survivorId: keptId,
    mergedId: dupId,
    choices,
    expected: { survivorUpdatedMs: p.survivor.updatedMs, mergedUpdatedMs: p.merged.updatedMs },
  } as never);
}

describe('merging two records of one person', () => {
  it('knows what to do with every foreign key to patients in the schema', () => {
    // A table added with a patient_id the merge does not handle would keep rows on the merged
    // record; add it to PATIENT_REFERENCES (src/core/clinic/service/patientMerge.ts) with its rule.
    expect(patientForeignKeys()).toEqual(Object.keys(PATIENT_REFERENCES).sort());
  });

  it('moves every row that referenced the duplicate to the kept record', () => {
    const kept = c.patient;
    const dup = duplicate();
    const { olderId } = giveEveryKindOfRow(dup.id, kept.id);

    const before: Record<string, number[]> = {};
    for (const ref of patientForeignKeys()) {
      before[ref] = rowIdsPointingAt(ref, dup.id);
      if (ref === 'patient_search_tokens.patient_id') continue;
      // The test gives the duplicate a row of every kind, so each rule is exercised.
      expect(before[ref], ref).not.toHaveLength(0);
    }
    const keptBefore = Object.fromEntries(
      patientForeignKeys().map((ref) => [ref, rowIdsPointingAt(ref, kept.id)]),
    );

    const r = mergeInto(kept.id, dup.id);

    for (const ref of patientForeignKeys()) {
      const how = PATIENT_REFERENCES[ref];
      if (how === 'keep') {
        expect(rowIdsPointingAt(ref, dup.id), ref).toEqual(before[ref]);
        continue;
      }
      expect(rowIdsPointingAt(ref, dup.id), ref).toEqual([]);
      // Each moved row now names the kept record, next to what it already had.
      const [table] = ref.split('.');
      const self = how === 'repoint-merged' ? [dup.id as number] : [];
      const expected = [...keptBefore[ref]!, ...before[ref]!, ...self].sort((a, b) => a - b);
      expect(rowIdsPointingAt(ref, kept.id), ref).toEqual(expected);
      if (table !== 'patients') expect(r.moved[table!], ref).toBe(before[ref]!.length);
    }
    // The earlier duplicate now points straight at the kept record.
    expect(t.call('patients/get', { patientId: olderId }).mergedIntoId).toBe(kept.id);

    // Coverages: one primary, the duplicate's own plan as secondary, the repeated card as history.
    const covs = sql()
      .prepare(
        'SELECT member_id AS m, priority, active FROM patient_coverages WHERE patient_id = ? ORDER BY id',
      )
      .all(kept.id);
    expect(covs).toEqual([
      { m: 'K1', priority: 1, active: 1 },
      { m: 'D1', priority: 2, active: 1 },
      { m: 'K1', priority: 2, active: 0 },
    ]);
    expect(r.notes).toEqual([
      'coverage D1 moved from priority 1 to 2',
      'coverage K1 repeats one the kept record has: kept as history',
    ]);

    // The duplicate remains, inactive, as "merged into".
    const gone = t.call('patients/get', { patientId: dup.id });
    expect(gone).toMatchObject({ active: false, inactiveReason: 'merged', mergedIntoId: kept.id });
  });

  it('keeps the value chosen for each field and audits the merge', () => {
    const kept = c.patient;
    const dup = duplicate();
    const r = mergeInto(kept.id, dup.id, {
      firstName: 'merged',
      email: 'merged',
      emailConsent: 'merged',
      preferredChannel: 'merged',
    });
    expect(r.survivor).toMatchObject({
      id: kept.id,
      firstName: 'María',
      lastName: 'Lopez',
      phoneMobile: kept.phoneMobile,
      email: 'maria.lopez@example.com',
      emailConsent: true,
      preferredChannel: 'email',
      active: true,
    });
    const audit = sql()
      .prepare(
        "SELECT action, entity_id AS id, details FROM audit_log WHERE action LIKE 'patient.merge%' ORDER BY id",
      )
      .all() as { action: string; id: number; details: string }[];
    expect(audit.map((a) => [a.action, a.id])).toEqual([
      ['patient.mergeCompared', kept.id],
      ['patient.merged', kept.id],
      ['patient.mergedInto', dup.id],
    ]);
    const details = JSON.parse(audit[1]!.details) as Record<string, unknown>;
    expect(details).toMatchObject({
      mergedId: dup.id,
      changed: { firstName: { from: 'Maria', to: 'María' } },
    });
  });

  it('refuses a merge when a record changed after the compare, and writes nothing', () => {
    const dup = duplicate();
    const p = t.call('patients/mergePreview', { survivorId: c.patient.id, mergedId: dup.id });
    t.now += 1000;
    t.call('patients/update', {
      patientId: c.patient.id,
      firstName: 'Maria',
      lastName: 'Lopez',
      dateOfBirth: '1980-05-17',
      phoneMobile: '512-555-0134',
      smsConsent: true,
      preferredChannel: 'sms',
      city: 'Austin',
    });
    const before = snapshot(sql());
    const r = t.raw('patients/merge', {
      survivorId: c.patient.id,
      mergedId: dup.id,
      choices: {},
      expected: { survivorUpdatedMs: p.survivor.updatedMs, mergedUpdatedMs: p.merged.updatedMs },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.message).toMatch(/changed after you compared them/);
    }
    expect(snapshot(sql())).toEqual(before);
  });

  it('refuses values that do not fit together, a record merged into itself, and a second merge', () => {
    const dup = duplicate();
    const p = t.call('patients/mergePreview', { survivorId: c.patient.id, mergedId: dup.id });
    const expected = {
      survivorUpdatedMs: p.survivor.updatedMs,
      mergedUpdatedMs: p.merged.updatedMs,
    };
    // E-mail consent from the duplicate but no e-mail from the kept record.
    const mixed = t.raw('patients/merge', {
      survivorId: c.patient.id,
      mergedId: dup.id,
      choices: { emailConsent: 'merged' },
      expected,
    });
    expect(mixed.ok).toBe(false);
    if (!mixed.ok) {
      expect(mixed.error.code).toBe('VALIDATION');
      expect(mixed.error.message).toMatch(/e-mail consent needs an e-mail address/);
      expect(mixed.error.field).toBe('choices.email');
    }
    const self = t.raw('patients/mergePreview', { survivorId: dup.id, mergedId: dup.id });
    expect(self.ok || self.error.message).toMatch(/cannot be merged into itself/);
    mergeInto(c.patient.id, dup.id);
    const again = t.raw('patients/mergePreview', { survivorId: c.patient2.id, mergedId: dup.id });
    expect(again.ok || again.error.message).toMatch(
      new RegExp(`was already merged into record #${c.patient.id}`),
    );
  });

  it('shows differences, row counts and visits at the same time in the preview', () => {
    const dup = duplicate();
    book(c.patient.id, '2026-03-04T15:00:00Z', 0);
    book(dup.id, '2026-03-04T15:00:00Z', 1);
    const p = t.call('patients/mergePreview', { survivorId: c.patient.id, mergedId: dup.id });
    expect(p.fields.filter((f) => f.differs).map((f) => f.field)).toEqual([
      'firstName',
      'phoneMobile',
      'email',
      'emailConsent',
      'preferredChannel',
    ]);
    expect(p.counts.merged.appointments).toBe(1);
    expect(p.overlappingVisits).toHaveLength(1);
  });

  it('sends the moved visits’ reminders to the kept record’s number', () => {
    const dup = duplicate();
    const appt = book(dup.id, '2026-03-06T15:00:00Z');
    const pending = () =>
      sql()
        .prepare(
          "SELECT channel, to_address AS toAddress FROM reminders WHERE appointment_id = ? AND status = 'scheduled' ORDER BY id",
        )
        .all(appt.id) as { channel: string; toAddress: string }[];
    expect(pending().length).toBeGreaterThan(0);
    const dupAddresses = ['maria.lopez@example.com', '+15125550199'];
    expect(pending().every((r) => dupAddresses.includes(r.toAddress))).toBe(true);
    const r = mergeInto(c.patient.id, dup.id);
    expect(r.replannedAppointments).toBe(1);
    // The kept record prefers SMS to 512-555-0134 and has no e-mail.
    expect(pending().length).toBeGreaterThan(0);
    expect(pending().map((m) => m.toAddress)).toEqual(pending().map(() => '+15125550134'));
  });
});

describe('inactive, deceased and merged patients', () => {
  it('are left out of search unless asked for', () => {
    const dup = duplicate();
    const names = (includeInactive: boolean) =>
      t.call('patients/search', { query: 'lopez', includeInactive }).map((p) => p.id);
    expect(names(false)).toEqual([dup.id, c.patient.id].sort((a, b) => a - b));
    mergeInto(c.patient.id, dup.id);
    expect(names(false)).toEqual([c.patient.id]);
    expect(names(true).sort()).toEqual([c.patient.id, dup.id].sort((a, b) => a - b));
    t.call('patients/deactivate', { patientId: c.patient.id, reason: 'deceased' });
    expect(names(false)).toEqual([]);
    expect(t.call('patients/search', { query: '1980-05-17' })).toEqual([]);
    expect(t.call('patients/search', { query: '0134' })).toEqual([]);
    t.call('patients/reactivate', { patientId: c.patient.id });
    expect(names(false)).toEqual([c.patient.id]);
  });

  it('leave the recall worklist at once, and come back to it when reactivated', () => {
    const type = t.call('recallTypes/create', {
      name: 'Annual physical',
      intervalMonths: 12,
      visitTypeIds: [c.visit.id],
    } as never) as { id: number };
    t.call('recalls/setDue', {
      patientId: c.patient.id,
      recallTypeId: type.id,
      dueDate: '2026-04-01',
    } as never);
    const due = () =>
      t
        .call('recalls/worklist', { dueBy: '2027-12-31' } as never)
        .items.map((i: { patientId: number }) => i.patientId);
    expect(due()).toEqual([c.patient.id]);
    t.call('patients/deactivate', { patientId: c.patient.id, reason: 'moved' });
    expect(due()).toEqual([]);
    t.call('patients/reactivate', { patientId: c.patient.id });
    expect(due()).toEqual([c.patient.id]);
  });

  it('stop their queued reminders, call tasks and waitlist entries at once', () => {
    const appt = book(c.patient.id, '2026-03-06T15:00:00Z');
    t.call('waitlist/add', { patientId: c.patient.id, visitTypeId: c.visit.id } as never);
    const scheduled = () =>
      (
        sql()
          .prepare(
            "SELECT count(*) AS n FROM reminders WHERE appointment_id = ? AND status = 'scheduled'",
          )
          .get(appt.id) as { n: number }
      ).n;
    expect(scheduled()).toBeGreaterThan(0);
    const n = scheduled();
    const r = t.call('patients/deactivate', { patientId: c.patient.id, reason: 'deceased' });
    expect(r.stopped).toMatchObject({ reminders: n, waitlist: 1 });
    expect(scheduled()).toBe(0);
    const reasons = sql()
      .prepare(
        "SELECT DISTINCT reason FROM reminders WHERE appointment_id = ? AND status = 'cancelled'",
      )
      .all(appt.id);
    expect(reasons).toEqual([{ reason: 'stopped: the patient is deceased' }]);
    expect(
      sql().prepare('SELECT status FROM waitlist_entries WHERE patient_id = ?').all(c.patient.id),
    ).toEqual([{ status: 'removed' }]);
    const audit = sql()
      .prepare("SELECT details FROM audit_log WHERE action = 'patient.deactivated'")
      .get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ reason: 'deceased', from: 'active' });
  });

  it('counts what would stop before the confirmation, and stops exactly that', () => {
    const appt = book(c.patient.id, '2026-03-06T15:00:00Z');
    t.call('waitlist/add', { patientId: c.patient.id, visitTypeId: c.visit.id } as never);
    const before = t.call('patients/outreachToStop', { patientId: c.patient.id });
    expect(before.reminders).toBeGreaterThan(0);
    expect(before).toMatchObject({ waitlist: 1, callTasks: 0, recallCalls: 0 });
    expect(before.upcomingAppointments).toBe(1);
    const r = t.call('patients/deactivate', { patientId: c.patient.id, reason: 'moved' });
    const { upcomingAppointments, ...stoppable } = before;
    expect(r.stopped).toEqual(stoppable);
    // The visit itself is not cancelled by it: the confirmation says so.
    expect(t.call('appointments/get', { appointmentId: appt.id }).status).toBe('booked');
    expect(t.call('patients/outreachToStop', { patientId: c.patient.id })).toEqual({
      reminders: 0,
      callTasks: 0,
      waitlist: 0,
      recallCalls: 0,
      upcomingAppointments,
    });
  });

  it('keep the date of death, and lose it when reactivated (recorded in error), with the audit keeping it', () => {
    const r = t.call('patients/deactivate', {
      patientId: c.patient.id,
      reason: 'deceased',
      deceasedOn: '2026-02-14',
    });
    expect(r.patient).toMatchObject({
      active: false,
      inactiveReason: 'deceased',
      deceasedOn: '2026-02-14',
      inactiveAt: new Date(t.now).toISOString(),
    });
    expect(t.call('patients/get', { patientId: c.patient.id }).deceasedOn).toBe('2026-02-14');
    // Marked deceased again without a date: the known date stays.
    t.call('patients/deactivate', { patientId: c.patient.id, reason: 'deceased' });
    expect(t.call('patients/get', { patientId: c.patient.id }).deceasedOn).toBe('2026-02-14');
    const back = t.call('patients/reactivate', { patientId: c.patient.id });
    expect(back).toMatchObject({ active: true, deceasedOn: null, inactiveAt: null });
    const audit = sql()
      .prepare("SELECT details FROM audit_log WHERE action = 'patient.reactivated'")
      .get() as { details: string };
    expect(JSON.parse(audit.details)).toEqual({ from: 'deceased', deceasedOn: '2026-02-14' });
  });

  it('cannot be booked when deceased or merged, with a clear reason', () => {
    const dup = duplicate();
    mergeInto(c.patient.id, dup.id);
    const merged = t.raw('appointments/book', {
      patientId: dup.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T15:00:00Z',
    });
    expect(merged.ok || merged.error).toMatchObject({
      code: 'RULE',
      field: 'patientId',
      message: `María Lopez's record #${dup.id} was merged into record #${c.patient.id}: book on that record.`,
    });
    t.call('patients/deactivate', { patientId: c.patient2.id, reason: 'deceased' });
    const deceased = t.raw('appointments/book', {
      patientId: c.patient2.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T15:00:00Z',
    });
    expect(deceased.ok || deceased.error).toMatchObject({
      code: 'RULE',
      message: 'John Smith is marked deceased and cannot be booked.',
    });
    // Moved away is inactive but may come back: bookable.
    const moved = t.call('patients/create', {
      firstName: 'Ann',
      lastName: 'Moved',
      dateOfBirth: '1990-01-01',
    });
    t.call('patients/deactivate', { patientId: moved.id, reason: 'moved' });
    expect(book(moved.id, '2026-03-04T16:00:00Z').patientId).toBe(moved.id);
  });

  it('the database refuses an inactive record without a reason or a merged one without its survivor', () => {
    expect(() =>
      sql().prepare('UPDATE patients SET active = 0 WHERE id = ?').run(c.patient.id),
    ).toThrow(/patient state/);
    expect(() =>
      sql()
        .prepare("UPDATE patients SET active = 0, inactive_reason = 'merged' WHERE id = ?")
        .run(c.patient.id),
    ).toThrow(/patient state/);
  });
});
