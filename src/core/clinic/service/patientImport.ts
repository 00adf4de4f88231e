/**
 * Patient import over the database. The preview and the commit both run in steps between which
 * the host answers other desks (a 100,000-row file takes seconds; a receptionist booking meanwhile
 * must not wait). The commit writes on its own connection inside ONE transaction that it fills
 * in steps: the desks' reads go on (WAL shows them the clinic as it was until the commit), and a
 * file with a bad row, or a failure halfway, leaves nothing behind.
 */
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { AuditEntry, CoreContext } from '../../context';
import { auditBatch, writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import { nameKey } from '../../db/repos/patients';
import type { ClinicDb } from '../../db/open';
import * as schema from '../../db/schema';
import { searchTokens } from '../../entities/patient';
import { AppError } from '../../errors';
import { localDateOf } from '../../time/zone';
import { PatientIndex, type DuplicateMatch } from '../patientImport/dedupe';
import { deactivatePatient } from './patientStatus';
import type { PatientMapping } from '../patientImport/mapping';
import type { RowProblem } from '../patientImport/parse';
import {
  matchDrafts,
  planRowsInSteps,
  readPatientFile,
  type ReadOptions,
  type DecisionChoice,
  type ImportPhase,
  type ImportSummary,
  type PayerRef,
  type PhasedStepper,
  type PlannedRow,
  type ReadFile,
} from '../patientImport/plan';
import type { PatientDraft } from '../patientImport/validate';

export interface PatientImportRequest {
  bytes: Uint8Array;
  fileName?: string | undefined;
  mapping?: PatientMapping | undefined;
  source?: string | undefined;
  stripNameDigits?: boolean | undefined;
  decisions?: readonly DecisionChoice[] | undefined;
}

const LOAD_CHUNK = 500;
const WRITE_CHUNK = 10;

/** The clinic's patients and the ids the source gave them, read in steps. */
export async function loadPatientIndex(
  db: ClinicDb,
  source: string,
  step: PhasedStepper,
): Promise<PatientIndex> {
  const index = new PatientIndex();
  const total =
    (db.sqlite.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n || 1;
  const page = db.sqlite
    .prepare(
      `SELECT id, first_name, last_name, date_of_birth, phone_mobile, phone_home, email
         FROM patients WHERE id > ? ORDER BY id LIMIT ${LOAD_CHUNK}`,
    )
    .raw(true);
  const digits = (p: string) => p.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  let after = 0;
  for (;;) {
    const rows = page.all(after) as [
      number,
      string,
      string,
      string,
      string | null,
      string | null,
      string | null,
    ][];
    if (rows.length === 0) break;
    for (const [id, firstName, lastName, dateOfBirth, mobile, home, email] of rows) {
      const phones: string[] = [];
      if (mobile !== null) phones.push(digits(mobile));
      if (home !== null) phones.push(digits(home));
      index.add({ id, firstName, lastName, dateOfBirth, phones, email });
    }
    after = rows[rows.length - 1]![0];
    step.progress?.('matching', (0.5 * index.size) / total);
    await step.pause();
  }
  // The ids an earlier import of this source kept, in pages too (a re-import has 100,000).
  const ids = db.sqlite
    .prepare(
      `SELECT external_id, patient_id FROM patient_external_ids
        WHERE source = ? AND external_id > ? ORDER BY external_id LIMIT ${LOAD_CHUNK * 4}`,
    )
    .raw(true);
  let afterId = '';
  for (;;) {
    const rows = ids.all(source, afterId) as [string, number][];
    if (rows.length === 0) break;
    for (const [externalId, patientId] of rows) index.addExternalId(externalId, patientId);
    afterId = rows[rows.length - 1]![0];
    await step.pause();
  }
  return index;
}

export function loadPayers(db: ClinicDb): PayerRef[] {
  const payers = db.sqlite.prepare('SELECT id, name FROM payers WHERE active = 1').all() as {
    id: number;
    name: string;
  }[];
  const plans = db.sqlite
    .prepare('SELECT id, payer_id, name FROM insurance_plans WHERE active = 1 ORDER BY id')
    .all() as { id: number; payer_id: number; name: string }[];
  return payers.map((p) => ({
    id: p.id,
    name: p.name,
    plans: plans.filter((pl) => pl.payer_id === p.id).map((pl) => ({ id: pl.id, name: pl.name })),
  }));
}

/** How much of a long list one answer carries; the counts always cover the whole file. */
export const PREVIEW_LIMITS = { problems: 1000, duplicates: 2000, rows: 25 } as const;

export interface PatientImportPreview {
  fileName: string | null;
  encoding: ReadFile['encoding'];
  delimiter: 'comma' | 'tab' | 'semicolon';
  headers: string[];
  samples: Record<string, string[]>;
  preset: ReadFile['preset'];
  source: string;
  stripNameDigits: boolean;
  suggested: ReadFile['suggested'];
  reasons: ReadFile['reasons'];
  mapping: ReadFile['mapping'];
  summary: ImportSummary;
  problems: RowProblem[];
  problemsShown: number;
  problemsTotal: number;
  duplicates: (DuplicateMatch & {
    decision: PlannedRow['action'];
    /** The row's own name and birth date, as read from the file. */
    rowName: string;
    rowDateOfBirth: string;
  })[];
  duplicatesTotal: number;
  /** The first rows as they will be saved. */
  rows: (Omit<PatientDraft, 'coverage'> & {
    action: PlannedRow['action'];
    insurance: string | null;
  })[];
}

function today(db: ClinicDb, now: number): string {
  return localDateOf(getClinic(db, now).timeZone, now);
}

/**
 * The last file read, checked and mapped: the commit that follows a preview of the same bytes
 * with the same choices reuses it instead of reading 100,000 rows again. Reading is a pure
 * function of the bytes (their SHA-256), the mapping, the source, the name-digit choice and the
 * clinic's date, all in the key; who the clinic already has is always looked up afresh.
 */
let lastRead: { key: string; file: ReadFile; atMs: number } | null = null;
const READ_KEPT_MS = 15 * 60_000;
const HASH_SLICE = 2 * 1024 * 1024;

async function fileKey(bytes: Uint8Array, opts: ReadOptions, step: PhasedStepper): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (let at = 0; at < bytes.length; at += HASH_SLICE) {
    hash.update(bytes.subarray(at, at + HASH_SLICE));
    await step.pause();
  }
  return `${hash.digest('base64')}|${JSON.stringify([opts.mapping ?? null, opts.source ?? null, opts.stripNameDigits ?? null, opts.today])}`;
}

async function readFileOnce(
  bytes: Uint8Array,
  opts: ReadOptions,
  step: PhasedStepper,
): Promise<ReadFile> {
  const key = await fileKey(bytes, opts, step);
  const nowMs = Date.now();
  if (lastRead && lastRead.key === key && nowMs - lastRead.atMs < READ_KEPT_MS) {
    step.progress?.('checking', 1);
    return lastRead.file;
  }
  lastRead = null; // let the previous file's rows go before reading the next
  const file = await readPatientFile(bytes, opts, step);
  lastRead = { key, file, atMs: nowMs };
  return file;
}

async function plan(db: ClinicDb, now: number, req: PatientImportRequest, step: PhasedStepper) {
  const file = await readFileOnce(
    req.bytes,
    {
      mapping: req.mapping,
      source: req.source,
      stripNameDigits: req.stripNameDigits,
      today: today(db, now),
    },
    step,
  );
  const index = await loadPatientIndex(db, file.source, step);
  const matches = await matchDrafts(file.drafts, index, {
    pause: step.pause,
    progress: (phase, d) => step.progress?.(phase, 0.5 + d / 2),
  });
  const planned = await planRowsInSteps(
    {
      file,
      matches,
      payers: loadPayers(db),
      decisions: req.decisions ?? [],
    },
    step,
  );
  return { file, ...planned };
}

export async function previewPatientImport(
  db: ClinicDb,
  now: number,
  req: PatientImportRequest,
  step: PhasedStepper,
): Promise<PatientImportPreview> {
  const { file, rows, problems, summary } = await plan(db, now, req, step);
  // Only the shown duplicates are built (a file can match tens of thousands of patients).
  const shown: PatientImportPreview['duplicates'] = [];
  let duplicatesTotal = 0;
  for (const r of rows) {
    if (r.match === null) continue;
    if (duplicatesTotal++ < PREVIEW_LIMITS.duplicates)
      shown.push({
        ...r.match,
        decision: r.action,
        rowName: `${r.draft.firstName} ${r.draft.lastName}`,
        rowDateOfBirth: r.draft.dateOfBirth,
      });
  }
  return {
    fileName: req.fileName ?? null,
    encoding: file.encoding,
    delimiter: file.delimiter === '\t' ? 'tab' : file.delimiter === ';' ? 'semicolon' : 'comma',
    headers: file.headers,
    samples: file.samples,
    preset: file.preset,
    source: file.source,
    stripNameDigits: file.stripNameDigits,
    suggested: file.suggested,
    reasons: file.reasons,
    mapping: file.mapping,
    summary,
    problems: problems.slice(0, PREVIEW_LIMITS.problems),
    problemsShown: Math.min(problems.length, PREVIEW_LIMITS.problems),
    problemsTotal: problems.length,
    duplicates: shown,
    duplicatesTotal,
    rows: rows.slice(0, PREVIEW_LIMITS.rows).map((r) => {
      const { coverage, ...rest } = r.draft;
      return { ...rest, action: r.action, insurance: coverage?.payerName ?? null };
    }),
  };
}

export interface PatientImportResult {
  created: number;
  updated: number;
  skipped: number;
  skippedWithErrors: number;
  deceasedInactive: number;
  coverages: number;
  coveragesNotAdded: number;
  summary: ImportSummary;
  createdIds: number[];
  updatedIds: number[];
  /**
   * What stopped for existing patients the file marks deceased (an "update" row): their queued
   * reminders, open call tasks, waitlist entries and recall calls, as patients/deactivate does.
   */
  stopped: { reminders: number; callTasks: number; waitlist: number; recallCalls: number };
}

/**
 * Where the commit writes. A file database gets a second connection of its own, so the import's
 * transaction can stay open across the steps without taking in what other desks write meanwhile
 * (on one connection their writes would land inside it). An in-memory database (tests) has no
 * second connection: the same connection, still one transaction.
 */
export function openWriter(db: ClinicDb): { db: ClinicDb; own: boolean } {
  if (db.file === ':memory:' || db.file === '') return { db, own: false };
  const sqlite = new Database(db.file);
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  // The whole import is one transaction: with SQLite's default 2 MB page cache its changed pages
  // spill to the WAL and are read back again and again while it runs; 256 MB keeps them in memory
  // (only this connection's, only while the import runs).
  sqlite.pragma('cache_size = -262144');
  return {
    db: {
      sqlite,
      orm: drizzle(sqlite, { schema }),
      file: db.file,
      auditKey: db.auditKey,
      close: () => sqlite.close(),
    },
    own: true,
  };
}

export async function commitPatientImport(args: {
  ctx: Omit<CoreContext, 'db' | 'now'>;
  db: ClinicDb;
  now: number;
  req: PatientImportRequest & { skipRowsWithErrors: boolean };
  step: PhasedStepper;
}): Promise<PatientImportResult> {
  const { db, now, req, step } = args;
  const planned = await plan(db, now, req, step);
  const { rows, problems, summary } = planned;
  if (summary.withErrors > 0 && !req.skipRowsWithErrors) {
    const first = problems.filter((p) => p.severity === 'error').slice(0, 5);
    throw new AppError(
      'RULE',
      `${summary.withErrors} ${summary.withErrors === 1 ? 'row has' : 'rows have'} errors, so nothing was imported. Fix ${summary.withErrors === 1 ? 'it' : 'them'} in the file (${first.map((p) => `line ${p.line}: ${p.reason}`).join('; ')}${summary.withErrors > first.length ? '; …' : ''}) or choose to skip the rows with errors.`,
      'skipRowsWithErrors',
      { withErrors: summary.withErrors, problems: first },
    );
  }
  const work = rows.filter((r) => r.action !== 'skip');
  const writer = openWriter(db);
  const wctx: CoreContext = { ...args.ctx, db: writer.db, now };
  const result: PatientImportResult = {
    created: 0,
    updated: 0,
    skipped: rows.length - work.length,
    skippedWithErrors: summary.withErrors,
    deceasedInactive: 0,
    coverages: 0,
    coveragesNotAdded: 0,
    summary,
    createdIds: [],
    updatedIds: [],
    stopped: { reminders: 0, callTasks: 0, waitlist: 0, recallCalls: 0 },
  };
  const w = prepareWrites(writer.db);
  const audit = auditBatch(wctx);
  const s = writer.db.sqlite;
  // While the import holds the write lock across steps, a desk's write on the host's connection
  // must not wait for it: SQLite's busy wait would block the very thread the import needs to
  // finish. It is refused at once instead ("the database is busy … try again in a moment").
  const busyTimeout = db.sqlite.pragma('busy_timeout', { simple: true }) as number;
  if (writer.own) db.sqlite.pragma('busy_timeout = 0');
  try {
    s.prepare('BEGIN IMMEDIATE').run();
    try {
      // An 'update' of a patient deleted since the preview is refused rather than guessed.
      for (let i = 0; i < work.length; i++) {
        applyRow({
          ctx: wctx,
          w,
          audit,
          row: work[i]!,
          source: planned.file.source,
          fileName: req.fileName,
          result,
        });
        if ((i + 1) % WRITE_CHUNK === 0) {
          step.progress?.('saving', (i + 1) / work.length);
          if (writer.own) await step.pause();
        }
      }
      writeAudit(wctx, {
        action: 'patients.imported',
        entityType: 'import',
        details: {
          file: req.fileName ?? 'CSV',
          source: planned.file.source,
          created: result.created,
          updated: result.updated,
          skipped: result.skipped,
          skippedWithErrors: result.skippedWithErrors,
          coverages: result.coverages,
        },
      });
      s.prepare('COMMIT').run();
    } catch (err) {
      if (s.inTransaction) s.prepare('ROLLBACK').run();
      throw err;
    }
  } finally {
    if (writer.own) {
      writer.db.close();
      db.sqlite.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }
  step.progress?.('saving', 1);
  return result;
}

function prepareWrites(db: ClinicDb) {
  const s = db.sqlite;
  return {
    insert: s.prepare(
      `INSERT INTO patients (first_name, last_name, date_of_birth, sex, phone_mobile, phone_home, email, address1, city, state, zip,
         preferred_language, active, inactive_reason, inactive_ms, deceased_on, last_name_key, first_name_key, created_ms, updated_ms)
       VALUES (@firstName, @lastName, @dateOfBirth, @sex, @phoneMobile, @phoneHome, @email, @address1, @city, @state, @zip,
         @preferredLanguage, @active, @inactiveReason, @inactiveMs, @deceasedOn, @lastNameKey, @firstNameKey, @now, @now)`,
    ),
    get: s.prepare('SELECT * FROM patients WHERE id = ?'),
    update: s.prepare(
      `UPDATE patients SET first_name = @firstName, last_name = @lastName, date_of_birth = @dateOfBirth, sex = @sex,
         phone_mobile = @phoneMobile, phone_home = @phoneHome, email = @email, address1 = @address1, city = @city,
         state = @state, zip = @zip, preferred_language = @preferredLanguage, active = @active, inactive_reason = @inactiveReason, inactive_ms = @inactiveMs,
         deceased_on = @deceasedOn, last_name_key = @lastNameKey, first_name_key = @firstNameKey, updated_ms = @now
       WHERE id = @id`,
    ),
    clearTokens: s.prepare('DELETE FROM patient_search_tokens WHERE patient_id = ?'),
    addToken: s.prepare(
      'INSERT OR IGNORE INTO patient_search_tokens (token, patient_id) VALUES (?, ?)',
    ),
    keepId: s.prepare(
      `INSERT INTO patient_external_ids (source, external_id, patient_id, created_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (source, external_id) DO UPDATE SET patient_id = excluded.patient_id`,
    ),
    coverages: s.prepare(
      'SELECT plan_id, member_id, priority FROM patient_coverages WHERE patient_id = ? AND active = 1',
    ),
    addCoverage: s.prepare(
      `INSERT INTO patient_coverages (patient_id, plan_id, member_id, group_number, priority, relationship, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, ?, 'self', ?, ?)`,
    ),
  };
}

type Writes = ReturnType<typeof prepareWrites>;

function applyRow(args: {
  ctx: CoreContext;
  w: Writes;
  audit: (entry: AuditEntry) => void;
  row: PlannedRow;
  source: string;
  fileName: string | undefined;
  result: PatientImportResult;
}): void {
  const { ctx, w, row, result } = args;
  const d = row.draft;
  let stoppedNow: ReturnType<typeof deactivatePatient>['stopped'] | null = null;
  let id: number;
  let record: {
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    sex: string | null;
    phoneMobile: string | null;
    phoneHome: string | null;
    email: string | null;
    address1: string | null;
    city: string | null;
    state: string | null;
    zip: string | null;
    preferredLanguage: string;
    active: number;
    /** 'deceased' for a death recorded in the old system (patients.inactive_reason). */
    inactiveReason: string | null;
    inactiveMs: number | null;
    deceasedOn: string | null;
  };
  if (row.action === 'create') {
    record = {
      firstName: d.firstName,
      lastName: d.lastName,
      dateOfBirth: d.dateOfBirth,
      sex: d.sex,
      phoneMobile: d.phoneMobile,
      phoneHome: d.phoneHome,
      email: d.email,
      address1: d.address1,
      city: d.city,
      state: d.state,
      zip: d.zip,
      preferredLanguage: d.preferredLanguage,
      active: d.deceased ? 0 : 1,
      inactiveReason: d.deceased ? 'deceased' : null,
      inactiveMs: d.deceased ? ctx.now : null,
      deceasedOn: d.deceasedOn,
    };
    id = Number(
      w.insert.run({
        ...record,
        lastNameKey: nameKey(d.lastName),
        firstNameKey: nameKey(d.firstName),
        now: ctx.now,
      }).lastInsertRowid,
    );
    result.created++;
    result.createdIds.push(id);
  } else {
    id = row.patientId!;
    const old = w.get.get(id) as Record<string, unknown> | undefined;
    if (!old)
      throw new AppError(
        'CONFLICT',
        `Line ${d.line} updates patient #${id}, who no longer exists (merged or removed since the preview). Preview the file again.`,
        'decisions',
      );
    if (old.merged_into_id !== null && old.merged_into_id !== undefined)
      throw new AppError(
        'CONFLICT',
        `Line ${d.line} updates patient #${id}, who was merged into #${String(old.merged_into_id)} since the preview. Preview the file again.`,
        'decisions',
      );
    const keep = <T>(value: T | null, column: string): T | null =>
      value !== null ? value : ((old[column] as T | null) ?? null);
    // What the file has replaces what the clinic had; an empty cell never erases a value.
    record = {
      firstName: d.firstName,
      lastName: d.lastName,
      dateOfBirth: d.dateOfBirth,
      sex: keep(d.sex, 'sex'),
      phoneMobile: keep(d.phoneMobile, 'phone_mobile'),
      phoneHome: keep(d.phoneHome, 'phone_home'),
      email: keep(d.email, 'email'),
      address1: keep(d.address1, 'address1'),
      city: keep(d.city, 'city'),
      state: keep(d.state, 'state'),
      zip: keep(d.zip, 'zip'),
      preferredLanguage: d.preferredLanguage,
      // A death recorded in the old system makes the patient inactive; an import never revives one.
      active: d.deceased ? 0 : (old.active as number),
      inactiveReason: d.deceased ? 'deceased' : ((old.inactive_reason as string | null) ?? null),
      inactiveMs:
        d.deceased && old.inactive_reason !== 'deceased'
          ? ctx.now
          : ((old.inactive_ms as number | null) ?? null),
      deceasedOn: keep(d.deceasedOn, 'deceased_on'),
    };
    w.update.run({
      ...record,
      id,
      lastNameKey: nameKey(d.lastName),
      firstNameKey: nameKey(d.firstName),
      now: ctx.now,
    });
    // Newly deceased: what the clinic would still send them stops now, exactly as when a person
    // marks the patient deceased (patients/deactivate) — no reminder goes to a deceased patient.
    if (d.deceased && !(old.active === 0 && old.inactive_reason === 'deceased')) {
      const { stopped } = deactivatePatient(ctx, { patientId: id, reason: 'deceased' });
      for (const k of ['reminders', 'callTasks', 'waitlist', 'recallCalls'] as const)
        result.stopped[k] += stopped[k];
      stoppedNow = stopped;
    }
    result.updated++;
    result.updatedIds.push(id);
  }
  // A new record has no tokens yet; an updated one's are replaced.
  if (row.action !== 'create') w.clearTokens.run(id);
  for (const t of searchTokens(record)) w.addToken.run(t, id);
  if (d.externalId !== null) w.keepId.run(args.source, d.externalId, id, ctx.now);
  if (record.inactiveReason === 'deceased' && record.active === 0) result.deceasedInactive++;
  if (row.coverage) {
    const existing = w.coverages.all(id) as {
      plan_id: number;
      member_id: string;
      priority: number;
    }[];
    const same = existing.some(
      (c) => c.plan_id === row.coverage!.planId && c.member_id === row.coverage!.memberId,
    );
    const free = [1, 2, 3].find((p) => !existing.some((c) => c.priority === p));
    if (same) {
      // Already on file: nothing to add.
    } else if (free === undefined) result.coveragesNotAdded++;
    else {
      w.addCoverage.run(
        id,
        row.coverage.planId,
        row.coverage.memberId,
        row.coverage.groupNumber,
        free,
        ctx.now,
        ctx.now,
      );
      result.coverages++;
    }
  }
  args.audit({
    action: row.action === 'create' ? 'patient.created' : 'patient.updated',
    entityType: 'patient',
    entityId: id,
    details: {
      import: args.fileName ?? 'CSV',
      line: d.line,
      ...(d.externalId ? { externalId: d.externalId } : {}),
      ...(row.match ? { matched: row.match.kind } : {}),
      ...(d.deceased ? { deceased: d.deceasedOn } : {}),
      ...(stoppedNow ? { stopped: stoppedNow } : {}),
    },
  });
}

export type { ImportPhase };
