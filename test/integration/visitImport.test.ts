/**
 * Visit import (issue 14 item 3) over a real data folder: the Synthea patients come in through the
 * patient import, then their 7,139 encounters with a subset of providers mapped. Every skip count
 * is recomputed here from the CSV with csv-parse, independently of the import's own reader and
 * plan. Then a hand-made file of past and future visits: history keeps what happened (no-shows
 * reach the attendance report), future rows go through the desk's booking rules and a refused
 * row is listed, never moved; and a failure halfway leaves nothing behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { commitVisitImport } from '../../src/core/clinic/service/visitImport';
import { trainingExamples } from '../../src/core/reports/service/noshow';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data/synthea');
const synthea = existsSync(path.join(dataDir, 'encounters.csv'));
if (!synthea) {
  if (process.env.CI) throw new Error(`Synthea export missing at ${dataDir}; CI always has it.`);
  console.warn(`[corpus] ${dataDir} not found: Synthea visit import skipped.`);
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
const count = (sql: string, ...params: unknown[]) =>
  (t.db.sqlite.prepare(sql).get(...params) as { n: number }).n;

interface Summary {
  rows: number;
  history: number;
  historyKept: number;
  historyNoShow: number;
  historyCancelled: number;
  future: number;
  matched: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  overlapPairs: number;
  overlapPairsByProvider: { providerId: number; pairs: number }[];
  overlapsWithExisting: number;
  historyAtFirstLocation: number;
}
interface Skipped {
  line: number;
  reason: string;
  detail: string;
}
interface Preview {
  preset: { id: string } | null;
  mapping: Record<string, string | null>;
  providers: { key: string; rows: number; providerId: number | null }[];
  visitTypes: { key: string; visitTypeId: number | null; suggested: number | null }[];
  statuses: { key: string; value: string; outcome: string | null }[];
  summary: Summary;
  skipped: Skipped[];
  skippedTotal: number;
  futureRows: { line: number; result: string; detail: string | null }[];
}
interface Committed {
  summary: Summary;
  skipped: Skipped[];
  skippedTotal: number;
  futureRows: { line: number; result: string; detail: string | null }[];
  historyImported: number;
  reminders: boolean;
}

/** The skip counts and overlaps worked out from the CSV alone, the way the report must tell them. */
function expectedFromCsv(mapped: Map<string, number>) {
  const enc = parse(readFileSync(path.join(dataDir, 'encounters.csv')), {
    columns: true,
  }) as Record<string, string>[];
  const pats = parse(readFileSync(path.join(dataDir, 'patients.csv')), {
    columns: true,
  }) as Record<string, string>[];
  const patientIds = new Set(pats.map((p) => p.Id));
  const counts: Record<string, number> = {};
  const add = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  const kept = new Map<number, { start: number; end: number; line: number; skip: boolean }[]>();
  const same = new Set<string>();
  const providers = new Set<string>();
  enc.forEach((e, i) => {
    const line = i + 2;
    const start = Date.parse(e.START!);
    const end = Date.parse(e.STOP!);
    if (!(end > start)) return add('bad_date');
    // Four encounters name no provider: they cannot be anyone's visit.
    if (!e.PATIENT || !e.PROVIDER) return add('missing_value');
    providers.add(e.PROVIDER);
    if (['inpatient', 'emergency'].includes(e.ENCOUNTERCLASS!)) return add('non_clinic_class');
    if (!patientIds.has(e.PATIENT!)) return add('unknown_patient');
    const clinicProvider = mapped.get(e.PROVIDER!);
    if (clinicProvider === undefined) return add('provider_not_imported');
    let list = kept.get(clinicProvider);
    if (!list) kept.set(clinicProvider, (list = []));
    // Longer than a day is no clinic visit (bad date), but it is one side of overlapping pairs.
    // The same patient with the same provider at the same moment twice is one visit.
    const key = `${e.PATIENT}|${clinicProvider}|${start}`;
    const tooLong = end - start > 86_400_000;
    const duplicate = !tooLong && same.has(key);
    if (tooLong) add('bad_date');
    else if (duplicate) add('duplicate');
    else same.add(key);
    list.push({ start, end, line, skip: tooLong || duplicate });
  });
  const pairs = new Map<number, number>();
  let history = 0;
  for (const [provider, list] of kept) {
    list.sort((a, b) => a.start - b.start || a.end - b.end || a.line - b.line);
    let n = 0;
    for (let j = 0; j < list.length; j++)
      for (let i = 0; i < j; i++) if (list[i]!.end > list[j]!.start) n++;
    pairs.set(provider, n);
    let lastEnd = -Infinity;
    for (const v of list) {
      if (v.skip) continue;
      if (v.start < lastEnd) add('overlap');
      else {
        history++;
        lastEnd = v.end;
      }
    }
  }
  return { rows: enc.length, counts, pairs, history, providers: providers.size };
}

describe.skipIf(!synthea)('the Synthea encounters as visit history', () => {
  it('imports a mapped subset, reports every skipped row by reason (194 overlapping pairs for one provider), and a re-import adds nothing', async () => {
    t = openTestApi();
    const { providers, visit } = buildTinyClinic(t);
    await ok('patients/importCommit', {
      fileBase64: b64(readFileSync(path.join(dataDir, 'patients.csv'))),
      fileName: 'patients.csv',
    });
    const file = b64(readFileSync(path.join(dataDir, 'encounters.csv')));
    // Three of the file's 201 providers (202 ids, with the empty one of four rows): the one with 194 overlapping pairs of clinic visits
    // (nearly all with its weeks- and years-long "encounters"), the one with the most outpatient
    // rows, and a wellness provider whose visits overlap each other.
    const subset = new Map([
      ['ecc51621-0af3-3b35-ac3e-8b1e34022e92', providers[0]!.id as number],
      ['d692e283-0833-3201-8e55-4f868a9c0736', providers[1]!.id as number],
      ['18362426-1324-35e6-a226-adccb56a7a36', providers[2]!.id as number],
    ]);
    const providerMap = [...subset].map(([key, providerId]) => ({ key, providerId }));
    const first = await ok<Preview>('visits/importPreview', {
      fileBase64: file,
      fileName: 'encounters.csv',
    });
    expect(first.preset?.id).toBe('synthea');
    expect(first.mapping).toMatchObject({
      externalId: 'Id',
      start: 'START',
      end: 'STOP',
      patientExternalId: 'PATIENT',
      providerExternalId: 'PROVIDER',
      visitClass: 'ENCOUNTERCLASS',
      status: null,
    });
    const expected = expectedFromCsv(subset);
    // Every provider the file names (201; four rows name none).
    expect(first.providers).toHaveLength(expected.providers);
    // Synthea's encounters name no provider, so nothing is suggested: all are "don't import".
    expect(first.providers.every((p) => p.providerId === null)).toBe(true);
    expect(first.statuses).toEqual([]);
    // Follow-up (CPT 99213) is suggested for the office visits by their class.
    expect(first.visitTypes.some((v) => v.suggested === visit.id)).toBe(true);
    const visitTypeMap = first.visitTypes.map((v) => ({ key: v.key, visitTypeId: visit.id }));

    // The data set's own description: 194 overlapping pairs of clinic visits for one provider.
    expect(expected.pairs.get(providers[0]!.id)).toBe(194);
    const preview = await ok<Preview>('visits/importPreview', {
      fileBase64: file,
      fileName: 'encounters.csv',
      providerMap,
      visitTypeMap,
    });
    const nonZero = (c: Record<string, number>) =>
      Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
    expect(nonZero(preview.summary.skippedByReason)).toEqual(expected.counts);
    expect(expected.counts.overlap).toBeGreaterThan(0);
    expect(preview.summary).toMatchObject({
      rows: 7139,
      history: expected.history,
      historyKept: expected.history,
      future: 0,
      matched: 0,
      overlapPairs: [...expected.pairs.values()].reduce((a, b) => a + b, 0),
      overlapsWithExisting: 0,
    });
    expect(preview.summary.overlapPairsByProvider).toContainEqual({
      providerId: providers[0]!.id,
      pairs: 194,
    });
    expect(preview.summary.overlapPairsByProvider).toContainEqual({
      providerId: providers[1]!.id,
      pairs: expected.pairs.get(providers[1]!.id),
    });
    expect(preview.summary.history + preview.summary.skipped).toBe(7139);
    // Synthea's inpatient and emergency encounters are all left out as not clinic visits.
    expect(expected.counts.non_clinic_class).toBe(212 + 237);
    const overlap = preview.skipped.find((s) => s.reason === 'overlap')!;
    expect(overlap.detail).toMatch(/^overlaps line \d+ for the same provider/);
    expect(preview.skipped.find((s) => s.reason === 'non_clinic_class')!.detail).toMatch(
      /"(inpatient|emergency)" is a hospital or emergency encounter/,
    );
    expect(count('SELECT count(*) n FROM appointments')).toBe(0);

    const committed = await ok<Committed>('visits/importCommit', {
      fileBase64: file,
      fileName: 'encounters.csv',
      providerMap,
      visitTypeMap,
    });
    expect(committed.summary).toEqual(preview.summary);
    expect(committed.historyImported).toBe(expected.history);
    expect(count("SELECT count(*) n FROM appointments WHERE status = 'completed'")).toBe(
      expected.history,
    );
    expect(count("SELECT count(*) n FROM appointments WHERE booked_from = 'import'")).toBe(
      expected.history,
    );
    expect(count("SELECT count(*) n FROM appointment_external_ids WHERE source = 'synthea'")).toBe(
      expected.history,
    );
    // Nothing is ever sent about a past visit.
    expect(count('SELECT count(*) n FROM reminders')).toBe(0);
    expect(count('SELECT count(*) n FROM waitlist_offers')).toBe(0);
    expect(count("SELECT count(*) n FROM audit_log WHERE action = 'visits.imported'")).toBe(1);

    // Continuity of care: the provider who saw the patient before ranks with that visit.
    const seenBy = t.db.sqlite
      .prepare(
        `SELECT patient_id AS patientId, max(start_ms) AS last FROM appointments
          WHERE provider_id = ? GROUP BY patient_id ORDER BY count(*) DESC LIMIT 1`,
      )
      .get(providers[0]!.id) as { patientId: number; last: number };
    const match = t.call('matching/search', {
      patientId: seenBy.patientId as never,
      visitTypeId: visit.id,
    }) as unknown as { results: { providerId: number; lastSeenDate: string | null }[] };
    const prior = match.results.find((r) => r.providerId === providers[0]!.id);
    expect(prior?.lastSeenDate).not.toBeNull();

    // The same file again: every imported visit is found by its kept id; nothing new.
    const again = await ok<Committed>('visits/importCommit', {
      fileBase64: file,
      fileName: 'encounters.csv',
      providerMap,
      visitTypeMap,
    });
    expect(again.summary).toMatchObject({ history: 0, future: 0, matched: expected.history });
    expect(again.summary.skippedByReason.overlap).toBe(expected.counts.overlap);
    expect(count('SELECT count(*) n FROM appointments')).toBe(expected.history);
  }, 120_000);
});

// Monday 2 March 2026, 08:00 in New York (the tiny clinic's clock); hours Mon–Fri 9–17, lunch 12–13.
const VISITS = [
  'Visit ID,Start,Duration,Patient First Name,Patient Last Name,Patient DOB,Provider Name,Visit Type,Status',
  'V1,2026-02-10 09:00,30,Maria,Lopez,05/17/1980,Dr. Ana Patel,Follow-up,Completed', // 2 kept
  'V2,2026-02-11 10:00,30,Maria,Lopez,05/17/1980,Dr. Ana Patel,Follow-up,No Show', // 3 no-show
  'V3,2026-02-12 10:00,30,John,Smith,01/02/1975,Ben Okafor,Follow-up,Cancelled', // 4 cancelled
  'V4,2026-01-04 03:00,30,Maria,Lopez,05/17/1980,Dr. Ana Patel,Follow-up,Completed', // 5 history: hours not asked
  'V5,2026-03-03 09:00,30,Maria,Lopez,05/17/1980,Dr. Ana Patel,Follow-up,Booked', // 6 future: booked
  'V6,2026-03-03 09:00,30,John,Smith,01/02/1975,Dr. Ana Patel,Follow-up,Booked', // 7 conflict with 6
  'V7,2026-03-04 20:00,30,John,Smith,01/02/1975,Ben Okafor,Follow-up,Booked', // 8 outside hours
  'V8,2026-02-10 09:15,30,John,Smith,01/02/1975,Dr. Ana Patel,Follow-up,Completed', // 9 overlaps 2
  'V9,2026-02-10 09:00,30,Ghost,Person,01/01/1990,Dr. Ana Patel,Follow-up,Completed', // 10 unknown
  'V10,next tuesday,30,Maria,Lopez,05/17/1980,Dr. Ana Patel,Follow-up,Completed', // 11 bad date
  'V11,2026-02-13 10:00,30,Maria,Lopez,05/17/1980,Dr. Who,Follow-up,Completed', // 12 provider
  'V1,2026-02-10 09:00,30,Maria,Lopez,05/17/1980,Dr. Ana Patel,Follow-up,Completed', // 13 duplicate
  'V12,2026-03-05 10:00,30,John,Smith,01/02/1975,Ben Okafor,Follow-up,Cancelled', // 14 cancelled future
  'V13,2026-02-16 10:00,30,John,Smith,01/02/1975,Ben Okafor,Follow-up,Booked', // 15 never closed
].join('\n');

describe('visit history and future appointments from another system', () => {
  it('keeps history as it happened, books future rows through the desk rules and lists every refusal', async () => {
    t = openTestApi();
    const { providers, visit, patient, patient2 } = buildTinyClinic(t);
    const [patel, okafor] = providers;
    const file = b64(VISITS);
    // A recall type on Follow-up: the imported completed visits start its clock.
    const recallType = t.call('recallTypes/create', {
      name: 'Diabetes follow-up',
      intervalMonths: 3,
      visitTypeIds: [visit.id],
    });
    const preview = await ok<Preview>('visits/importPreview', { fileBase64: file });
    // Names suggest the clinic's providers; "Dr. Who" has none and is not imported.
    const byKey = new Map(preview.providers.map((p) => [p.key, p.providerId]));
    expect(byKey.get('dr. ana patel')).toBe(patel!.id);
    expect(byKey.get('ben okafor')).toBe(okafor!.id);
    expect(byKey.get('dr. who')).toBeNull();
    expect(preview.visitTypes).toEqual([
      expect.objectContaining({ key: 'follow-up', visitTypeId: visit.id }),
    ]);
    expect(Object.fromEntries(preview.statuses.map((s) => [s.value, s.outcome]))).toEqual({
      Completed: 'kept',
      'No Show': 'no_show',
      Cancelled: 'cancelled',
      Booked: 'kept',
    });
    const reasons = (rows: Skipped[]) => rows.map((s) => [s.line, s.reason]);
    const expectedSkips = [
      [7, 'future_conflict'],
      [8, 'future_outside_hours'],
      [9, 'overlap'],
      [10, 'unknown_patient'],
      [11, 'bad_date'],
      [12, 'provider_not_imported'],
      [13, 'duplicate'],
      [14, 'cancelled_future'],
      [15, 'unknown_outcome'],
    ];
    expect(reasons(preview.skipped)).toEqual(expectedSkips);
    expect(preview.summary).toMatchObject({
      rows: 14,
      history: 4,
      historyKept: 2,
      historyNoShow: 1,
      historyCancelled: 1,
      future: 1,
      skipped: 9,
      overlapPairs: 1,
    });
    expect(preview.futureRows.map((f) => [f.line, f.result])).toEqual([
      [6, 'book'],
      [7, 'future_conflict'],
      [8, 'future_outside_hours'],
    ]);
    expect(preview.summary.skippedByReason.unknown_outcome).toBe(1);
    expect(preview.skipped.find((s) => s.line === 15)!.detail).toMatch(
      /past visit still marked "Booked".*whether it was kept is unknown/,
    );
    expect(preview.skipped.find((s) => s.line === 8)!.detail).toMatch(
      /Ben Okafor.*does not see patients at that location .*\(outside hours/,
    );

    const done = await ok<Committed>('visits/importCommit', { fileBase64: file, reminders: true });
    expect(reasons(done.skipped)).toEqual(expectedSkips);
    // The engine itself refused line 7: the slot had just been booked by line 6.
    expect(done.skipped.find((s) => s.line === 7)!.detail).toMatch(/was just taken/);
    expect(done.futureRows.map((f) => [f.line, f.result])).toEqual([
      [6, 'booked'],
      [7, 'future_conflict'],
      [8, 'future_outside_hours'],
    ]);
    const rows = t.db.sqlite
      .prepare(
        'SELECT patient_id p, provider_id pr, status, start_ms s, booked_from f FROM appointments ORDER BY start_ms',
      )
      .all() as { p: number; pr: number; status: string; s: number; f: string }[];
    expect(rows.map((r) => [r.p, r.status])).toEqual([
      [patient.id, 'completed'], // the Sunday 03:00 visit: history is not held to today's hours
      [patient.id, 'completed'],
      [patient.id, 'no_show'],
      [patient2.id, 'cancelled'],
      [patient.id, 'booked'],
    ]);
    // The future visit went through the desk's path (its audit) with its reminders planned; the
    // history has none, and nothing was offered to a waitlist.
    const booked = rows.find((r) => r.status === 'booked')!;
    expect(new Date(booked.s).toISOString()).toBe('2026-03-03T14:00:00.000Z');
    expect(count("SELECT count(*) n FROM audit_log WHERE action = 'appointment.booked'")).toBe(1);
    expect(
      count(
        "SELECT count(*) n FROM reminders r JOIN appointments a ON a.id = r.appointment_id WHERE a.status <> 'booked'",
      ),
    ).toBe(0);
    expect(
      count(
        "SELECT count(*) n FROM reminders r JOIN appointments a ON a.id = r.appointment_id WHERE a.status = 'booked'",
      ),
    ).toBeGreaterThan(0);
    expect(count('SELECT count(*) n FROM waitlist_offers')).toBe(0);

    // The imported no-show counts in the attendance report.
    // The imported cancellation's time is unknown: stored as such, it is neither "after the
    // start" nor late, even were the old system to say the patient asked.
    const report = t.call('reports/attendance', { from: '2026-02-01', to: '2026-02-28' }) as {
      noShows: number;
      kept: number;
      cancelled: number;
      cancelledAfterStart: number;
      lateCancels: number;
    };
    expect(report).toMatchObject({
      noShows: 1,
      kept: 1,
      cancelled: 1,
      cancelledAfterStart: 0,
      lateCancels: 0,
    });
    expect(
      t.db.sqlite
        .prepare(
          "SELECT cancelled_ms c, cancelled_by b FROM appointments WHERE status = 'cancelled'",
        )
        .all(),
    ).toEqual([{ c: null, b: 'import (previous system)' }]);
    t.db.sqlite
      .prepare("UPDATE appointments SET cancelled_by = 'patient' WHERE status = 'cancelled'")
      .run();
    expect(t.call('reports/attendance', { from: '2026-02-01', to: '2026-02-28' })).toMatchObject({
      cancelled: 1,
      cancellationsByWho: { patient: 1 },
      cancelledAfterStart: 0,
      lateCancels: 0,
    });
    t.db.sqlite
      .prepare(
        "UPDATE appointments SET cancelled_by = 'import (previous system)' WHERE status = 'cancelled'",
      )
      .run();

    // Imported history has no booking time: no lead-time sample (the one visit counted is the
    // future one, booked today for tomorrow), yet Maria's imported kept visits make her established.
    expect(t.call('reports/leadTime', { from: '2026-01-01', to: '2026-03-31' })).toMatchObject({
      visits: 1,
      medianDays: 1,
      newPatientVisits: 0,
    });
    // The no-show model: imported history is never a training example, but it is the prior
    // record of a later visit (here the booked one, once kept).
    expect(trainingExamples(t.db, Date.parse('2026-03-10T12:00:00Z'))).toEqual([]);
    t.db.sqlite
      .prepare("UPDATE appointments SET status = 'completed' WHERE status = 'booked'")
      .run();
    const examples = trainingExamples(t.db, Date.parse('2026-03-10T12:00:00Z'));
    expect(examples.map((e) => e.features)).toEqual([
      expect.objectContaining({
        leadDays: 1,
        priorNoShows: 1,
        priorKept: 2,
        newPatient: 0,
        priorBookings: 0,
      }),
    ]);
    t.db.sqlite
      .prepare("UPDATE appointments SET status = 'booked' WHERE id = ?")
      .run(
        (
          t.db.sqlite
            .prepare("SELECT id FROM appointments WHERE booked_from <> 'import'")
            .get() as { id: number }
        ).id,
      );

    // Maria's last completed visit (10 February) sets her recall 3 months on; John has none.
    expect(
      t.db.sqlite
        .prepare(
          'SELECT patient_id p, due_date d, last_visit_date v FROM patient_recalls WHERE recall_type_id = ?',
        )
        .all(recallType.id),
    ).toEqual([{ p: patient.id, d: '2026-05-10', v: '2026-02-10' }]);

    // Again: the four history rows and the booked one are found by their ids; nothing new.
    const again = await ok<Committed>('visits/importCommit', { fileBase64: file });
    expect(again.summary).toMatchObject({ history: 0, future: 0, matched: 5 });
    expect(count('SELECT count(*) n FROM appointments')).toBe(5);
  });

  it('previews and commits a file sent in pieces (patients/importUpload) by its uploadId, then frees it', async () => {
    t = openTestApi();
    buildTinyClinic(t);
    const bytes = Buffer.from(VISITS);
    const whole = await ok<Preview>('visits/importPreview', { fileBase64: b64(bytes) });
    const size = 150; // small pieces here; the screen sends 3 MB ones
    expect(bytes.length).toBeGreaterThan(3 * size);
    let last: Record<string, unknown> = {};
    for (let at = 0; at < bytes.length; at += size)
      last = await ok('patients/importUpload', {
        uploadId: 'visit-pieces-1',
        totalBytes: bytes.length,
        offset: at,
        chunkBase64: bytes.subarray(at, at + size).toString('base64'),
      });
    expect(last).toMatchObject({ received: bytes.length, complete: true });
    // Both at once is refused, with the patient import's message.
    const both = await run('visits/importPreview', {
      fileBase64: b64(bytes),
      uploadId: 'visit-pieces-1',
    });
    expect(both).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'uploadId', message: expect.stringMatching(/not both/) },
    });
    const preview = await ok<Preview>('visits/importPreview', { uploadId: 'visit-pieces-1' });
    expect(preview.summary).toEqual(whole.summary);
    expect(preview.skipped).toEqual(whole.skipped);
    // A preview keeps the upload: it can be checked again, then imported.
    await ok('visits/importPreview', { uploadId: 'visit-pieces-1' });
    const done = await ok<Committed>('visits/importCommit', {
      uploadId: 'visit-pieces-1',
      reminders: false,
    });
    expect(done.historyImported).toBe(4);
    expect(done.summary.future).toBe(1);
    expect(count('SELECT count(*) n FROM appointments')).toBe(5);
    // Imported: the upload is gone, and saying its id again is a clear NOT_FOUND.
    const again = await run('visits/importCommit', { uploadId: 'visit-pieces-1' });
    expect(again).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        field: 'uploadId',
        message: expect.stringMatching(/Choose the file again/),
      },
    });
    expect(count('SELECT count(*) n FROM appointments')).toBe(5);
  });

  it('refuses an unfinished upload and keeps an upload a failed commit named', async () => {
    t = openTestApi();
    buildTinyClinic(t);
    const bytes = Buffer.from(VISITS);
    await ok('patients/importUpload', {
      uploadId: 'visit-pieces-2',
      totalBytes: bytes.length,
      offset: 0,
      chunkBase64: bytes.subarray(0, 100).toString('base64'),
    });
    const early = await run('visits/importCommit', { uploadId: 'visit-pieces-2' });
    expect(early).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_STATE',
        field: 'uploadId',
        message: expect.stringMatching(/not finished uploading/),
      },
    });
    await ok('patients/importUpload', {
      uploadId: 'visit-pieces-2',
      totalBytes: bytes.length,
      offset: 100,
      chunkBase64: bytes.subarray(100).toString('base64'),
    });
    const refused = await run('visits/importCommit', {
      uploadId: 'visit-pieces-2',
      providerMap: [{ key: 'dr. who', providerId: 999 }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(count('SELECT count(*) n FROM appointments')).toBe(0);
    // The refused commit left the upload in place: the fixed request needs no new upload.
    const done = await ok<Committed>('visits/importCommit', { uploadId: 'visit-pieces-2' });
    expect(done.historyImported).toBe(4);
  });

  it('books future visits without reminders when asked, and says so', async () => {
    t = openTestApi();
    buildTinyClinic(t);
    const done = await ok<Committed>('visits/importCommit', {
      fileBase64: b64(VISITS),
      reminders: false,
    });
    expect(done.reminders).toBe(false);
    expect(done.summary.future).toBe(1);
    expect(count('SELECT count(*) n FROM reminders')).toBe(0);
  });

  it("lists a future row the database refuses (a slot held since the engine's check) as that row's conflict, and says a history row hit a held slot", async () => {
    t = openTestApi();
    const { patient } = buildTinyClinic(t);
    // Another desk holds Tuesday 09:00 for Maria's slot after the engine has checked it: only the
    // database's trigger (0020) sees it.
    const held = Date.parse('2026-03-03T14:00:00.000Z');
    t.db.sqlite.exec(`CREATE TRIGGER test_hold BEFORE INSERT ON appointments
      WHEN NEW.start_ms = ${held} AND NEW.patient_id = ${patient.id}
      BEGIN SELECT RAISE(ABORT, 'CLINICDESK_OVERLAP: that time is held for a patient moved by a provider absence'); END`);
    const done = await ok<Committed>('visits/importCommit', { fileBase64: b64(VISITS) });
    expect(done.futureRows.map((f) => [f.line, f.result])).toEqual([
      [6, 'future_conflict'],
      [7, 'booked'],
      [8, 'future_outside_hours'],
    ]);
    expect(done.futureRows[0]!.detail).toMatch(
      /Tue, Mar 3, 2026, 9:00 AM is held for a patient moved by a provider absence/,
    );
    expect(done.skipped.find((s) => s.line === 6)!.reason).toBe('future_conflict');
    expect(done.summary).toMatchObject({ history: 4, future: 1 });
    t.db.sqlite.exec('DROP TRIGGER test_hold');

    // A history row the database refuses for a hold: the whole import stops, and says why.
    t = (t.close(), openTestApi());
    buildTinyClinic(t);
    t.db.sqlite.exec(`CREATE TRIGGER test_hold BEFORE INSERT ON appointments
      WHEN NEW.start_ms = ${Date.parse('2026-02-10T14:00:00.000Z')}
      BEGIN SELECT RAISE(ABORT, 'CLINICDESK_OVERLAP: that time is held for a patient moved by a provider absence'); END`);
    const r = await run('visits/importCommit', { fileBase64: b64(VISITS) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^Line 2 overlaps a slot held for a patient/);
    expect(count('SELECT count(*) n FROM appointments')).toBe(0);
  });

  it("books a future row at the provider's location whose hours cover it, not only the first", async () => {
    t = openTestApi();
    const { loc, providers } = buildTinyClinic(t);
    const okafor = providers[1]!;
    const north = t.call('locations/create', {
      name: 'North',
      address1: '9 North St',
      city: 'Austin',
      state: 'TX',
      zip: '78702',
    });
    t.call('providers/update', {
      id: okafor.id,
      version: okafor.version,
      locationIds: [loc.id, north.id],
    });
    // Ben Okafor sees patients at North on Wednesday evenings: line 8 (Wed 20:00) fits there.
    t.call('schedules/setWeekly', {
      providerId: okafor.id,
      locationId: north.id,
      effectiveFrom: '2026-01-01',
      days: [{ weekday: 3, hours: [{ start: '18:00', end: '21:00' }], breaks: [] }],
    });
    // History: Wednesday 19:00 was at North; a Saturday is in neither's hours (the first
    // location, and the report says so); Thursday 10:00 (line 4) was at Main.
    const file = b64(
      [
        VISITS,
        'V20,2026-02-11 19:00,30,John,Smith,01/02/1975,Ben Okafor,Follow-up,Completed',
        'V21,2026-02-14 10:00,30,John,Smith,01/02/1975,Ben Okafor,Follow-up,Completed',
      ].join('\n'),
    );
    const preview = await ok<Preview>('visits/importPreview', { fileBase64: file });
    expect(preview.futureRows.map((f) => [f.line, f.result])).toEqual([
      [6, 'book'],
      [7, 'future_conflict'],
      [8, 'book'],
    ]);
    expect(preview.summary).toMatchObject({ history: 6, historyAtFirstLocation: 1 });
    const done = await ok<Committed>('visits/importCommit', { fileBase64: file });
    expect(done.summary).toMatchObject({ history: 6, historyAtFirstLocation: 1 });
    expect(
      t.db.sqlite
        .prepare(
          'SELECT start_ms s, location_id l FROM appointments WHERE provider_id = ? AND start_ms < ? ORDER BY start_ms',
        )
        .all(okafor.id, t.now)
        .map((r) => {
          const { s, l } = r as { s: number; l: number };
          return [new Date(s).toISOString().slice(0, 16), l];
        }),
    ).toEqual([
      ['2026-02-12T00:00', north.id],
      ['2026-02-12T15:00', loc.id],
      ['2026-02-14T15:00', loc.id],
    ]);
    expect(done.futureRows.map((f) => [f.line, f.result])).toEqual([
      [6, 'booked'],
      [7, 'future_conflict'],
      [8, 'booked'],
    ]);
    expect(
      t.db.sqlite
        .prepare(
          "SELECT provider_id p, location_id l FROM appointments WHERE status = 'booked' ORDER BY start_ms",
        )
        .all(),
    ).toEqual([
      { p: providers[0]!.id, l: loc.id },
      { p: okafor.id, l: north.id },
    ]);
  });

  it('refuses a mapping to a provider that does not exist, before reading a row', async () => {
    t = openTestApi();
    buildTinyClinic(t);
    const r = await run('visits/importPreview', {
      fileBase64: b64(VISITS),
      providerMap: [{ key: 'dr. who', providerId: 999 }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/no clinic provider #999/);
  });

  it('leaves nothing behind when the commit fails halfway', async () => {
    t = openTestApi();
    buildTinyClinic(t);
    const before = count('SELECT count(*) n FROM audit_log');
    await expect(
      commitVisitImport({
        ctx: { actor: 'manager', origin: 'test' },
        db: t.db,
        now: t.now,
        req: { bytes: Buffer.from(VISITS) },
        step: { pause: () => Promise.resolve() },
        failAfter: 3,
      }),
    ).rejects.toThrow(/stopped on purpose/);
    expect(count('SELECT count(*) n FROM appointments')).toBe(0);
    expect(count('SELECT count(*) n FROM appointment_external_ids')).toBe(0);
    expect(count('SELECT count(*) n FROM audit_log')).toBe(before);
  });
});
