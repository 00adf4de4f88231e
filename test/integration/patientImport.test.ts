/**
 * Patient import end to end over a real data folder: the Synthea export (SOURCES.md §9) comes in,
 * deceased patients inactive, and importing the same file again finds every person again; a file
 * with a bad row writes nothing until that row is fixed or deliberately skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const syntheaFile = path.resolve(repoRoot, '../shared/data/synthea/patients.csv');
const synthea = existsSync(syntheaFile);
if (!synthea) {
  if (process.env.CI)
    throw new Error(`Synthea export missing at ${syntheaFile}; CI always has it.`);
  console.warn(`[corpus] ${syntheaFile} not found: Synthea patient import skipped.`);
}

let t: TestApi;
afterEach(() => t?.close());

async function run(name: string, input: unknown) {
  return t.registry.dispatch(
    name,
    input,
    { actor: 'manager', origin: 'test', clock: () => t.now },
    { db: t.db },
  );
}
async function ok<T = Record<string, unknown>>(name: string, input: unknown): Promise<T> {
  const r = await run(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const count = (sql: string) => (t.db.sqlite.prepare(sql).get() as { n: number }).n;

describe.skipIf(!synthea)('the Synthea patients export', () => {
  it('imports 135 patients (35 deceased and inactive, 59 without ZIP, digits off the names); the same file again adds nobody', async () => {
    t = openTestApi();
    const file = b64(readFileSync(syntheaFile));
    const preview = await ok<{
      preset: { id: string } | null;
      mapping: Record<string, string | null>;
      summary: Record<string, number>;
      rows: { firstName: string; lastName: string }[];
    }>('patients/importPreview', { fileBase64: file, fileName: 'patients.csv' });
    expect(preview.preset?.id).toBe('synthea');
    expect(preview.mapping).toMatchObject({
      externalId: 'Id',
      firstName: 'FIRST',
      lastName: 'LAST',
      dateOfBirth: 'BIRTHDATE',
      dateOfDeath: 'DEATHDATE',
      zip: 'ZIP',
    });
    expect(preview.summary).toMatchObject({
      rows: 135,
      valid: 135,
      withErrors: 0,
      newPatients: 135,
      deceased: 35,
    });
    expect(preview.rows[0]).toMatchObject({ firstName: 'Boyce', lastName: 'Lesch' });

    const first = await ok<Record<string, number>>('patients/importCommit', {
      fileBase64: file,
      fileName: 'patients.csv',
    });
    expect(first).toMatchObject({ created: 135, updated: 0, deceasedInactive: 35 });
    expect(count('SELECT count(*) n FROM patients')).toBe(135);
    expect(
      count(
        "SELECT count(*) n FROM patients WHERE inactive_reason = 'deceased' AND active = 0 AND deceased_on IS NOT NULL",
      ),
    ).toBe(35);
    expect(count('SELECT count(*) n FROM patients WHERE zip IS NULL')).toBe(59);
    expect(
      count(
        "SELECT count(*) n FROM patients WHERE first_name GLOB '*[0-9]*' OR last_name GLOB '*[0-9]*'",
      ),
    ).toBe(0);
    expect(count("SELECT count(*) n FROM patients WHERE state = 'MA'")).toBe(135);
    expect(count("SELECT count(*) n FROM patient_external_ids WHERE source = 'synthea'")).toBe(135);
    expect(count("SELECT count(*) n FROM audit_log WHERE action = 'patient.created'")).toBe(135);
    // Found by search like any patient.
    const found = t.call('patients/search', { query: 'Lesch' }) as unknown as
      { items?: unknown[] } | unknown[];
    expect(JSON.stringify(found)).toContain('Boyce');

    const again = await ok<{ summary: Record<string, number> }>('patients/importPreview', {
      fileBase64: file,
    });
    expect(again.summary).toMatchObject({ newPatients: 0, matchedById: 135, toCreate: 0 });
    const second = await ok<Record<string, number>>('patients/importCommit', { fileBase64: file });
    expect(second).toMatchObject({ created: 0, updated: 135 });
    expect(count('SELECT count(*) n FROM patients')).toBe(135);
  }, 60_000);
});

const GOOD =
  'First Name,Last Name,DOB,Phone,Email\nAna,Lopez,04/07/1980,512-555-0101,ana@example.com\nBen,Okafor,1975-11-30,,\n';
const BAD =
  GOOD +
  'Cara,,1990-01-01,,\nDan,Wu,1990-02-30,,\nEve,Stone,1988-05-05,555-01,\nFay,Hill,1970-01-01,,fay@\n';

describe('a file with bad rows', () => {
  it('imports nothing and names every bad line with its reason', async () => {
    t = openTestApi();
    const before = count('SELECT count(*) n FROM patients');
    const auditBefore = count('SELECT count(*) n FROM audit_log');
    const preview = await ok<{
      problems: { line: number; reason: string; severity: string }[];
      summary: Record<string, number>;
    }>('patients/importPreview', { fileBase64: b64(BAD) });
    expect(preview.summary).toMatchObject({ rows: 6, valid: 2, withErrors: 4 });
    expect(
      preview.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.reason]),
    ).toEqual([
      [4, 'last name is missing'],
      [5, 'date of birth: "1990-02-30" is not a real date'],
      [6, 'home phone: "555-01" does not have 10 digits'],
      [7, 'e-mail "fay@" is not an address like name@example.com'],
    ]);
    const r = await run('patients/importCommit', { fileBase64: b64(BAD) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('RULE');
      expect(r.error.field).toBe('skipRowsWithErrors');
      expect(r.error.message).toMatch(
        /^4 rows have errors, so nothing was imported\. .*line 4: last name is missing/,
      );
    }
    expect(count('SELECT count(*) n FROM patients')).toBe(before);
    expect(count('SELECT count(*) n FROM audit_log')).toBe(auditBefore);

    const skipped = await ok<Record<string, number>>('patients/importCommit', {
      fileBase64: b64(BAD),
      skipRowsWithErrors: true,
    });
    expect(skipped).toMatchObject({ created: 2, skippedWithErrors: 4 });
    expect(count('SELECT count(*) n FROM patients')).toBe(before + 2);
    expect(
      t.db.sqlite
        .prepare("SELECT date_of_birth d, phone_home p FROM patients WHERE last_name = 'Lopez'")
        .get(),
    ).toEqual({ d: '1980-04-07', p: '5125550101' });
  });

  it('after the bad rows are fixed the whole file imports', async () => {
    t = openTestApi();
    const before = count('SELECT count(*) n FROM patients');
    const fixed = GOOD + 'Cara,Diaz,1990-01-01,,\nDan,Wu,1990-02-28,,\n';
    const r = await ok<Record<string, number>>('patients/importCommit', { fileBase64: b64(fixed) });
    expect(r).toMatchObject({ created: 4, skippedWithErrors: 0 });
    expect(count('SELECT count(*) n FROM patients')).toBe(before + 4);
  });
});

describe('duplicates of patients the clinic already has', () => {
  it('proposes skip for the same name and birth date, and follows the decision given per line', async () => {
    t = openTestApi();
    const existing = t.call('patients/create', {
      firstName: 'Ana',
      lastName: 'Lopez',
      dateOfBirth: '1980-04-07',
    });
    const file = b64(
      'First,Last,Birth Date,Mobile\nAna,Lopez,1980-04-07,5125550101\nJon,Smyth,1975-11-30,\n',
    );
    const p = await ok<{
      duplicates: { line: number; kind: string; patientId: number; decision: string }[];
    }>('patients/importPreview', { fileBase64: file });
    expect(p.duplicates).toEqual([
      expect.objectContaining({
        line: 2,
        kind: 'nameAndBirth',
        patientId: existing.id,
        decision: 'skip',
      }),
    ]);
    const before = count('SELECT count(*) n FROM patients');
    const r = await ok<Record<string, number>>('patients/importCommit', {
      fileBase64: file,
      decisions: [{ line: 2, decision: 'update' }],
    });
    expect(r).toMatchObject({ created: 1, updated: 1 });
    expect(count('SELECT count(*) n FROM patients')).toBe(before + 1);
    expect(
      t.db.sqlite.prepare('SELECT phone_mobile p FROM patients WHERE id = ?').get(existing.id),
    ).toEqual({ p: '5125550101' });
  });

  it('turns insurance columns into coverage where the payer is the clinic’s, and says why not elsewhere', async () => {
    t = openTestApi();
    const payer = t.call('payers/create', { name: 'Aetna' });
    const plan = t.call('plans/create', {
      payerId: payer.id,
      name: 'Choice POS II',
      productType: 'POS',
    });
    const file = b64(
      'First,Last,DOB,Insurance,Member ID\nAna,Reyes,1980-04-07,AETNA,W123\nBo,Chan,1981-01-01,Acme Health,Z9\nCy,Ode,1982-01-01,No Insurance,\n',
    );
    const p = await ok<{ problems: { line: number; reason: string }[] }>('patients/importPreview', {
      fileBase64: file,
    });
    expect(p.problems.map((x) => [x.line, x.reason])).toEqual([
      [3, expect.stringMatching(/^insurance "Acme Health" is not one of the clinic's payers/)],
    ]);
    const r = await ok<Record<string, number>>('patients/importCommit', { fileBase64: file });
    expect(r).toMatchObject({ created: 3, coverages: 1 });
    expect(
      t.db.sqlite
        .prepare(
          "SELECT c.plan_id, c.member_id FROM patient_coverages c JOIN patients p ON p.id = c.patient_id WHERE p.last_name = 'Reyes'",
        )
        .get(),
    ).toEqual({ plan_id: plan.id, member_id: 'W123' });
  });
});

describe('a file sent in pieces (patients/importUpload)', () => {
  it('is previewed and imported by its upload id, whole, and is gone once imported', async () => {
    t = openTestApi();
    const rows = Array.from({ length: 3000 }, (_, i) => `P${i},Name${i % 7},Piece${i},1970-02-03`);
    const bytes = Buffer.from(`ID,First,Last,DOB\n${rows.join('\n')}\n`);
    const size = 20_000; // small pieces here; the screen sends 3 MB ones
    expect(bytes.length).toBeGreaterThan(3 * size);
    let last: Record<string, unknown> = {};
    for (let at = 0; at < bytes.length; at += size)
      last = await ok('patients/importUpload', {
        uploadId: 'pieces-test-1',
        totalBytes: bytes.length,
        offset: at,
        chunkBase64: bytes.subarray(at, at + size).toString('base64'),
      });
    expect(last).toMatchObject({ received: bytes.length, complete: true });
    const p = await ok<{ summary: Record<string, number> }>('patients/importPreview', {
      uploadId: 'pieces-test-1',
    });
    expect(p.summary).toMatchObject({ rows: 3000, valid: 3000, withErrors: 0 });
    const before = count('SELECT count(*) n FROM patients');
    const r = await ok<Record<string, number>>('patients/importCommit', {
      uploadId: 'pieces-test-1',
    });
    expect(r).toMatchObject({ created: 3000 });
    expect(count('SELECT count(*) n FROM patients')).toBe(before + 3000);
    expect(count("SELECT count(*) n FROM patients WHERE last_name = 'Piece2999'")).toBe(1);
    const again = await run('patients/importPreview', { uploadId: 'pieces-test-1' });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'uploadId' } });
  });

  it('refuses a piece out of order and an unfinished upload, saying where it stands', async () => {
    t = openTestApi();
    const bytes = Buffer.from('First,Last,DOB\nAna,Lopez,1980-04-07\n');
    await ok('patients/importUpload', {
      uploadId: 'pieces-test-2',
      totalBytes: bytes.length,
      offset: 0,
      chunkBase64: bytes.subarray(0, 10).toString('base64'),
    });
    const skipped = await run('patients/importUpload', {
      uploadId: 'pieces-test-2',
      totalBytes: bytes.length,
      offset: 20,
      chunkBase64: bytes.subarray(20).toString('base64'),
    });
    expect(skipped).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'offset',
        message: expect.stringMatching(/10 bytes received/),
      },
    });
    const early = await run('patients/importCommit', { uploadId: 'pieces-test-2' });
    expect(early).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_STATE',
        field: 'uploadId',
        message: expect.stringMatching(/not finished uploading/),
      },
    });
  });
});

describe('a file that marks an existing patient deceased', () => {
  it('stops their queued reminders, call tasks, waitlist entries and recall calls at once, as patients/deactivate does', async () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const appt = t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-06T15:00:00Z',
    });
    t.call('waitlist/add', { patientId: c.patient.id, visitTypeId: c.visit.id } as never);
    const sql = t.db.sqlite;
    // An open call task and a recall call still to be made, as the call queue and recall jobs leave them.
    sql
      .prepare(
        "INSERT INTO call_tasks (appointment_id, reason, status, created_ms, updated_ms) VALUES (?, 'unconfirmed', 'open', ?, ?)",
      )
      .run(appt.id, t.now, t.now);
    const recallType = t.call('recallTypes/create', {
      name: 'Annual physical',
      intervalMonths: 12,
      visitTypeIds: [c.visit.id],
    } as never) as { id: number };
    t.call('recalls/setDue', {
      patientId: c.patient.id,
      recallTypeId: recallType.id,
      dueDate: '2026-04-01',
    } as never);
    const recall = sql
      .prepare('SELECT id FROM patient_recalls WHERE patient_id = ?')
      .get(c.patient.id) as { id: number };
    sql
      .prepare(
        "INSERT INTO recall_outreach (patient_recall_id, patient_id, due_date, step, channel, status, created_ms, updated_ms) VALUES (?, ?, '2026-04-01', 'call', 'call', 'open', ?, ?)",
      )
      .run(recall.id, c.patient.id, t.now, t.now);
    const scheduled = () =>
      (
        sql
          .prepare(
            "SELECT count(*) AS n FROM reminders WHERE appointment_id = ? AND status = 'scheduled'",
          )
          .get(appt.id) as { n: number }
      ).n;
    const queued = scheduled();
    expect(queued).toBeGreaterThan(0);

    // The old system says Maria died; the person chooses to update the clinic's record with it.
    const file = b64('First,Last,DOB,Date of Death\nMaria,Lopez,1980-05-17,2026-02-20\n');
    const p = await ok<{ duplicates: { line: number; patientId: number }[] }>(
      'patients/importPreview',
      { fileBase64: file },
    );
    expect(p.duplicates).toEqual([expect.objectContaining({ line: 2, patientId: c.patient.id })]);
    const r = await ok<{
      updated: number;
      deceasedInactive: number;
      stopped: Record<string, number>;
    }>('patients/importCommit', { fileBase64: file, decisions: [{ line: 2, decision: 'update' }] });
    expect(r).toMatchObject({
      updated: 1,
      deceasedInactive: 1,
      stopped: { reminders: queued, callTasks: 1, waitlist: 1, recallCalls: 1 },
    });
    expect(scheduled()).toBe(0);
    expect(
      sql
        .prepare(
          "SELECT DISTINCT reason FROM reminders WHERE appointment_id = ? AND status = 'cancelled'",
        )
        .all(appt.id),
    ).toEqual([{ reason: 'stopped: the patient is deceased' }]);
    expect(
      sql.prepare('SELECT status FROM call_tasks WHERE appointment_id = ?').all(appt.id),
    ).toEqual([{ status: 'done' }]);
    expect(
      sql.prepare('SELECT status FROM waitlist_entries WHERE patient_id = ?').all(c.patient.id),
    ).toEqual([{ status: 'removed' }]);
    expect(
      sql.prepare('SELECT status FROM recall_outreach WHERE patient_id = ?').all(c.patient.id),
    ).toEqual([{ status: 'done' }]);
    expect(
      sql
        .prepare('SELECT active, inactive_reason r, deceased_on d FROM patients WHERE id = ?')
        .get(c.patient.id),
    ).toEqual({ active: 0, r: 'deceased', d: '2026-02-20' });
    const audit = sql
      .prepare("SELECT details FROM audit_log WHERE action = 'patient.updated' AND entity_id = ?")
      .get(c.patient.id) as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({
      deceased: '2026-02-20',
      stopped: { reminders: queued, callTasks: 1, waitlist: 1, recallCalls: 1 },
    });
  });
});

describe('while a large import is being saved', () => {
  it('other desks read the clinic as it was, a write is refused at once (not left waiting), and the import lands whole', async () => {
    t = openTestApi();
    const before = count('SELECT count(*) n FROM patients');
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `Name${String.fromCharCode(97 + (i % 26))},Last${i},1980-01-01`,
    );
    const file = b64(`First,Last,DOB\n${rows.join('\n')}\n`);
    const commit = run('patients/importCommit', { fileBase64: file, jobId: 'during-save-1' });
    let phase = '';
    while (phase !== 'saving' && phase !== 'done') {
      await new Promise((r) => setImmediate(r));
      phase =
        (t.call('patients/importProgress', { jobId: 'during-save-1' }) as { phase?: string })
          .phase ?? '';
    }
    expect(phase).toBe('saving');
    // Mid-save: the new patients are not visible yet, and reads answer.
    expect(count('SELECT count(*) n FROM patients')).toBe(before);
    const started = performance.now();
    const write = t.raw('patients/create', {
      firstName: 'Walk',
      lastName: 'In',
      dateOfBirth: '1990-01-01',
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(write).toMatchObject({
      ok: false,
      error: { code: 'BUSY', message: expect.stringMatching(/Try again in a moment/) },
    });
    // A visit import saved now is refused at once too: one import of any kind saves at a time.
    expect(
      await run('visits/importCommit', {
        fileBase64: b64('Start,Patient ID\n2026-01-05 09:00,1\n'),
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'BUSY',
        message: 'Another patient import is being saved right now. Try again when it has finished.',
      },
    });
    const r = await commit;
    expect(r).toMatchObject({ ok: true, data: { created: 20_000 } });
    expect(count('SELECT count(*) n FROM patients')).toBe(before + 20_000);
    // Afterwards writes wait as usual again.
    expect(
      t.raw('patients/create', { firstName: 'Walk', lastName: 'In', dateOfBirth: '1990-01-01' }).ok,
    ).toBe(true);
  }, 120_000);
});
