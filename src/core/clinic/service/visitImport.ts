/**
 * Visit import over the database (issue 14 item 3: visit history and future appointments).
 *
 * History (rows that started before now) is written as it happened — kept, no-show, cancelled —
 * without today's hours or booking rules, and without reminders or waitlist offers (nothing is
 * ever sent about a past visit). The database's overlap trigger still guards it: the plan skips a
 * kept visit that overlaps another of the same provider, and if anything slipped past the plan
 * the trigger refuses it and the whole import rolls back.
 *
 * Future rows are booked through the desk's own path, bookAppointment: hours, conflicts, holds,
 * who a provider sees. A refusal is reported with the engine's own words and nothing is moved to
 * another slot. Each row is booked inside a savepoint, so one refusal undoes only that row.
 *
 * Like the patient import, the commit writes on its own connection inside ONE transaction filled
 * in steps, so other desks keep reading while it runs and a failure leaves nothing behind.
 */
import { randomInt } from 'node:crypto';
import type { CoreContext } from '../../context';
import { writeAudit } from '../../db/repos/audit';
import { recomputeForPatients } from '../../access/service/recall';
import { getClinic } from '../../db/repos/clinic';
import { listProviders, listVisitTypes } from '../../db/repos/directory';
import { nameKey } from '../../db/repos/patients';
import type { ClinicDb } from '../../db/open';
import { newConfirmationCode } from '../../entities/appointment';
import { AppError } from '../../errors';
import { reminderFollowUps } from '../../reminders/followUps';
import { bookAppointment, checkBooking, type AppointmentFollowUps } from '../../scheduling/service';
import { formatForPeople, instantToLocal, isoWeekday } from '../../time';
import type { PhasedStepper } from '../patientImport/plan';
import { openWriter } from './patientImport';
import { readDate } from '../patientImport/validate';
import {
  suggestOutcome,
  suggestProvider,
  suggestVisitType,
  type VisitMapping,
} from '../visitImport/mapping';
import {
  countByReason,
  distinctSources,
  planVisits,
  readVisitFile,
  type PlannedVisit,
  type ReadVisitFile,
  type SkippedRow,
  type VisitDraft,
  type VisitPlan,
} from '../visitImport/plan';
import type { VisitOutcome, VisitSkipReason } from '../../../shared/visitImportFields';

export interface VisitImportRequest {
  bytes: Uint8Array;
  fileName?: string | undefined;
  mapping?: VisitMapping | undefined;
  /** The system the file comes from: visits' ids are kept under it, patients' ids looked up in it. */
  source?: string | undefined;
  providerMap?: readonly { key: string; providerId: number | null }[] | undefined;
  visitTypeMap?: readonly { key: string; visitTypeId: number | null }[] | undefined;
  statusMap?: readonly { key: string; outcome: VisitOutcome | null }[] | undefined;
  /** Future visits get the clinic's reminder schedule, as any booking (default yes). */
  reminders?: boolean | undefined;
}

const LIMITS = { skippedPerReason: 300, future: 200 } as const;

/** The report's rows: up to LIMITS.skippedPerReason of each reason, so every reason shows lines. */
function shownSkips(skipped: readonly SkippedRow[]): SkippedRow[] {
  const per = new Map<string, number>();
  return skipped.filter((s) => {
    const n = per.get(s.reason) ?? 0;
    per.set(s.reason, n + 1);
    return n < LIMITS.skippedPerReason;
  });
}
const WRITE_CHUNK = 50;

interface Lookups {
  file: ReadVisitFile;
  zone: string;
  providers: {
    key: string;
    name: string | null;
    npi: string | null;
    rows: number;
    suggested: number | null;
    reason: string | null;
    providerId: number | null;
  }[];
  visitTypes: {
    key: string;
    code: string | null;
    description: string | null;
    visitClass: string | null;
    rows: number;
    suggested: number | null;
    reason: string | null;
    visitTypeId: number | null;
  }[];
  statuses: {
    key: string;
    value: string;
    rows: number;
    suggested: VisitOutcome | null;
    outcome: VisitOutcome | null;
  }[];
  plan: VisitPlan;
}

function checkChoices(db: ClinicDb, req: VisitImportRequest): void {
  const providers = new Map(listProviders(db, { includeInactive: true }).map((p) => [p.id, p]));
  for (const m of req.providerMap ?? [])
    if (m.providerId !== null && !providers.has(m.providerId as never))
      throw new AppError(
        'VALIDATION',
        `providerMap: there is no clinic provider #${m.providerId} (for "${m.key}").`,
        'providerMap',
      );
  const types = new Set(listVisitTypes(db).map((t) => t.id as number));
  for (const m of req.visitTypeMap ?? [])
    if (m.visitTypeId !== null && !types.has(m.visitTypeId))
      throw new AppError(
        'VALIDATION',
        `visitTypeMap: there is no clinic visit type #${m.visitTypeId} (for "${m.key}").`,
        'visitTypeMap',
      );
}

/** The clinic's patients by the source's ids and by name and birth date. */
function patientFinder(
  db: ClinicDb,
  source: string,
): (d: VisitDraft) => { patientId: number } | { reason: string } {
  const ids = new Map<string, number>();
  for (const r of db.sqlite
    .prepare(
      `SELECT e.external_id AS x, coalesce(p.merged_into_id, p.id) AS id
         FROM patient_external_ids e JOIN patients p ON p.id = e.patient_id WHERE e.source = ?`,
    )
    .iterate(source) as Iterable<{ x: string; id: number }>)
    ids.set(r.x, r.id);
  const byName = new Map<string, number[]>();
  for (const r of db.sqlite
    .prepare(
      'SELECT id, first_name_key AS f, last_name_key AS l, date_of_birth AS dob FROM patients WHERE merged_into_id IS NULL',
    )
    .iterate() as Iterable<{ id: number; f: string; l: string; dob: string }>) {
    const k = `${r.f}|${r.l}|${r.dob}`;
    const list = byName.get(k);
    if (list) list.push(r.id);
    else byName.set(k, [r.id]);
  }
  return (d) => {
    const p = d.patient;
    if (p.externalId !== null) {
      const id = ids.get(p.externalId);
      if (id !== undefined) return { patientId: id };
      if (p.firstName === null || p.lastName === null || p.dateOfBirth === null)
        return {
          reason: `no patient imported from "${source}" has the ID "${p.externalId}" (import the patients first)`,
        };
    }
    const dob = readDate(p.dateOfBirth ?? '');
    if ('reason' in dob) return { reason: `patient's date of birth ${dob.reason}` };
    const key = `${nameKey(p.firstName ?? '')}|${nameKey(p.lastName ?? '')}|${dob.date}`;
    const found = byName.get(key) ?? [];
    if (found.length === 1) return { patientId: found[0]! };
    const who = `${p.firstName} ${p.lastName}, born ${dob.date}`;
    return found.length === 0
      ? { reason: `no patient ${who} in the clinic` }
      : { reason: `${found.length} patients are ${who}; give the patient's ID to tell them apart` };
  };
}

async function plan(
  db: ClinicDb,
  now: number,
  req: VisitImportRequest,
  step: PhasedStepper,
): Promise<Lookups> {
  checkChoices(db, req);
  const zone = getClinic(db, now).timeZone;
  const file = await readVisitFile(
    req.bytes,
    { mapping: req.mapping, source: req.source, zone },
    step,
  );
  const sources = distinctSources(file.drafts);
  const providers = listProviders(db);
  const types = listVisitTypes(db).filter((t) => t.active);
  const chosenProvider = new Map((req.providerMap ?? []).map((m) => [m.key, m.providerId]));
  const chosenType = new Map((req.visitTypeMap ?? []).map((m) => [m.key, m.visitTypeId]));
  const chosenStatus = new Map((req.statusMap ?? []).map((m) => [m.key, m.outcome]));
  const providerRows = sources.providers.map((s) => {
    const sug = suggestProvider(s, providers);
    const providerId = chosenProvider.has(s.key)
      ? chosenProvider.get(s.key)!
      : (sug?.providerId ?? null);
    return { ...s, suggested: sug?.providerId ?? null, reason: sug?.reason ?? null, providerId };
  });
  const typeRows = sources.visitTypes.map((s) => {
    const sug = suggestVisitType(s, types);
    const visitTypeId = chosenType.has(s.key) ? chosenType.get(s.key)! : (sug?.visitTypeId ?? null);
    return { ...s, suggested: sug?.visitTypeId ?? null, reason: sug?.reason ?? null, visitTypeId };
  });
  const statusRows = sources.statuses.map((s) => {
    const sug = suggestOutcome(s.value);
    const outcome = chosenStatus.has(s.key) ? chosenStatus.get(s.key)! : sug;
    return { ...s, suggested: sug, outcome };
  });
  const importedIds = new Map<string, number>();
  for (const r of db.sqlite
    .prepare(
      'SELECT external_id AS x, appointment_id AS id FROM appointment_external_ids WHERE source = ?',
    )
    .iterate(file.source) as Iterable<{ x: string; id: number }>)
    importedIds.set(r.x, r.id);
  const minutes = new Map(listVisitTypes(db).map((t) => [t.id as number, t.durationMinutes]));
  const overlapStmt = db.sqlite.prepare(
    `SELECT id FROM appointments
      WHERE provider_id = ? AND start_ms > ? AND start_ms < ? AND end_ms > ?
        AND status IN ('booked','confirmed','arrived','in_room','completed') LIMIT 1`,
  );
  // A slot held for a patient moved by a provider absence refuses a kept visit too (0020).
  const holdStmt = db.sqlite.prepare(
    `SELECT id FROM slot_holds
      WHERE provider_id = ? AND start_ms > ? AND start_ms < ? AND end_ms > ? LIMIT 1`,
  );
  const sameStmt = db.sqlite.prepare(
    `SELECT id FROM appointments WHERE patient_id = ? AND provider_id = ? AND start_ms = ?
        AND status <> 'rescheduled' LIMIT 1`,
  );
  const result = await planVisits({
    drafts: file.drafts,
    unreadable: file.unreadable,
    now,
    patientOf: patientFinder(db, file.source),
    providerMap: new Map(providerRows.map((p) => [p.key, p.providerId])),
    visitTypeMap: new Map(typeRows.map((t) => [t.key, t.visitTypeId])),
    statusMap: new Map(statusRows.map((s) => [s.key, s.outcome])),
    importedIds,
    visitTypeMinutes: (id) => minutes.get(id) ?? 30,
    existingOverlap: (providerId, start, end) => {
      const a = overlapStmt.get(providerId, start - 86_400_000, end, start) as
        { id: number } | undefined;
      if (a) return a;
      const h = holdStmt.get(providerId, start - 86_400_000, end, start) as
        { id: number } | undefined;
      return h ? { id: h.id, hold: true } : null;
    },
    existingSame: (patientId, providerId, start) =>
      (sameStmt.get(patientId, providerId, start) as { id: number } | undefined) ?? null,
    describeTime: (ms) => formatForPeople(zone, ms),
    pause: step.pause,
  });
  step.progress?.('matching', 1);
  return {
    file,
    zone,
    providers: providerRows,
    visitTypes: typeRows,
    statuses: statusRows,
    plan: result,
  };
}

/**
 * Where each history row is placed: the first of its provider's locations whose weekly hours (as
 * in force on that date) cover its start, else the provider's first location. `defaulted` counts
 * the rows of a provider with several locations that none covered, for the report.
 */
function historyLocations(
  db: ClinicDb,
  zone: string,
  history: readonly PlannedVisit[],
): { byLine: Map<number, number>; defaulted: number } {
  const covers = db.sqlite.prepare(
    `SELECT 1 FROM weekly_schedules w JOIN schedule_blocks b ON b.weekly_schedule_id = w.id
      WHERE w.provider_id = ? AND w.location_id = ? AND w.effective_from <= ?
        AND (w.effective_to IS NULL OR w.effective_to >= ?)
        AND b.kind = 'hours' AND b.weekday = ? AND b.start_minute <= ? AND b.end_minute > ?
      LIMIT 1`,
  );
  const locationsOf = new Map<number, number[]>();
  const byLine = new Map<number, number>();
  let defaulted = 0;
  for (const v of history) {
    let locations = locationsOf.get(v.providerId);
    if (!locations) {
      const p = listProviders(db, { ids: [v.providerId], includeInactive: true })[0];
      locations = p?.locationIds.length ? p.locationIds : [0];
      locationsOf.set(v.providerId, locations);
    }
    let chosen = locations[0]!;
    if (locations.length > 1) {
      const { date, minutes } = instantToLocal(zone, v.start);
      const weekday = isoWeekday(date);
      const found = locations.find((l) =>
        covers.get(v.providerId, l, date, date, weekday, minutes, minutes),
      );
      if (found === undefined) defaulted++;
      else chosen = found;
    }
    byLine.set(v.line, chosen);
  }
  return { byLine, defaulted };
}

/**
 * Where a future row is booked: the first of the provider's locations the engine's own check
 * accepts. When none does, the refusal is the most telling one: a location whose hours cover the
 * time but refuses for another reason (a conflict, a rule) outranks "outside hours".
 */
function placeFuture(
  ctx: CoreContext,
  v: PlannedVisit,
): { locationId: number; span: { start: number; end: number } } {
  const p = listProviders(ctx.db, { ids: [v.providerId], includeInactive: true })[0];
  const locations = p?.locationIds.length ? p.locationIds : [0];
  let refused: unknown = null;
  for (const locationId of locations) {
    try {
      const span = checkBooking(ctx, {
        patientId: v.patientId,
        providerId: v.providerId,
        locationId,
        visitTypeId: v.visitTypeId,
        start: v.start,
        end: v.end ?? undefined,
      });
      return { locationId, span };
    } catch (err) {
      const outsideHours = err instanceof AppError && err.code === 'OUTSIDE_HOURS';
      if (
        refused === null ||
        (!outsideHours && refused instanceof AppError && refused.code === 'OUTSIDE_HOURS')
      )
        refused = err;
    }
  }
  throw refused;
}

/**
 * An engine refusal as a skip reason of the report. The database's own refusal (a trigger: a
 * visit or a held slot placed by another desk after the engine's check) is the row's conflict
 * too, never a reason to abandon the whole import.
 */
export function refusal(err: unknown, when: string): { reason: VisitSkipReason; detail: string } {
  if (
    !(err instanceof AppError) &&
    err instanceof Error &&
    err.message.includes('CLINICDESK_OVERLAP')
  )
    return {
      reason: 'future_conflict',
      detail: err.message.includes('held for a patient')
        ? `${when} is held for a patient moved by a provider absence (refused by the database).`
        : `${when} was just taken: the provider already has an appointment or a held slot then (refused by the database).`,
    };
  if (!(err instanceof AppError)) throw err;
  const reason: VisitSkipReason =
    err.code === 'CONFLICT'
      ? 'future_conflict'
      : err.code === 'OUTSIDE_HOURS'
        ? 'future_outside_hours'
        : 'future_rule';
  return { reason, detail: err.message };
}

export interface FutureRow {
  line: number;
  patientId: number;
  providerId: number;
  visitTypeId: number;
  start: string;
  /** The start in the clinic's words and zone ("Tue, Mar 3, 2026, 9:00 AM"). */
  when: string;
  /** Preview: what booking would do; commit: what it did. */
  result: 'book' | 'booked' | VisitSkipReason;
  detail: string | null;
}

export interface VisitImportSummary {
  rows: number;
  history: number;
  historyKept: number;
  historyNoShow: number;
  historyCancelled: number;
  future: number;
  matched: number;
  skipped: number;
  skippedByReason: Record<VisitSkipReason, number>;
  overlapPairs: number;
  overlapPairsByProvider: { providerId: number; pairs: number }[];
  overlapsWithExisting: number;
  /**
   * History rows of a provider with several locations whose weekly hours at none of them cover
   * the visit: placed at the provider's first location.
   */
  historyAtFirstLocation: number;
}

function summarize(
  rows: number,
  p: VisitPlan,
  skipped: readonly SkippedRow[],
  future: number,
  historyAtFirstLocation: number,
): VisitImportSummary {
  return {
    rows,
    history: p.history.length,
    historyKept: p.history.filter((v) => v.outcome === 'kept').length,
    historyNoShow: p.history.filter((v) => v.outcome === 'no_show').length,
    historyCancelled: p.history.filter((v) => v.outcome === 'cancelled').length,
    future,
    matched: p.matched.length,
    skipped: skipped.length,
    skippedByReason: countByReason(skipped),
    overlapPairs: p.overlapPairs,
    overlapPairsByProvider: p.overlapPairsByProvider,
    overlapsWithExisting: p.overlapsWithExisting,
    historyAtFirstLocation,
  };
}

export interface VisitImportPreview {
  fileName: string | null;
  encoding: string;
  delimiter: ReadVisitFile['delimiter'];
  headers: string[];
  samples: Record<string, string[]>;
  preset: ReadVisitFile['preset'];
  source: string;
  suggested: ReadVisitFile['suggested'];
  reasons: ReadVisitFile['reasons'];
  mapping: ReadVisitFile['mapping'];
  providers: Lookups['providers'];
  visitTypes: Lookups['visitTypes'];
  statuses: Lookups['statuses'];
  summary: VisitImportSummary;
  skipped: SkippedRow[];
  skippedTotal: number;
  futureRows: FutureRow[];
}

/**
 * What the commit would do, writing nothing. Future rows are checked by the engine's own
 * checkBooking against the clinic as it is, and against the file's earlier future rows (same
 * provider or same patient at overlapping times); the commit books them one by one, so it has
 * the last word and reports any row that became impossible in between.
 */
export async function previewVisitImport(
  ctx: CoreContext,
  req: VisitImportRequest,
  step: PhasedStepper,
): Promise<VisitImportPreview> {
  const l = await plan(ctx.db, ctx.now, req, step);
  const skipped = [...l.plan.skipped];
  const futureRows: FutureRow[] = [];
  const accepted: PlannedVisit[] = [];
  const readCtx: CoreContext = { ...ctx, deferAudit: () => {} };
  for (const v of [...l.plan.future].sort((a, b) => a.start - b.start || a.line - b.line)) {
    let outcome: FutureRow['result'] = 'book';
    let detail: string | null = null;
    try {
      const { span } = placeFuture(readCtx, v);
      const clash = accepted.find(
        (a) =>
          (a.providerId === v.providerId || a.patientId === v.patientId) &&
          a.start < span.end &&
          a.end! > span.start,
      );
      if (clash) {
        outcome = 'future_conflict';
        detail = `${formatForPeople(l.zone, v.start)} overlaps line ${clash.line} of this file (${clash.providerId === v.providerId ? 'same provider' : 'same patient'}).`;
      } else accepted.push({ ...v, end: span.end });
    } catch (err) {
      const r = refusal(err, formatForPeople(l.zone, v.start));
      outcome = r.reason;
      detail = r.detail;
    }
    if (outcome !== 'book') skipped.push({ line: v.line, reason: outcome, detail: detail! });
    futureRows.push({
      line: v.line,
      patientId: v.patientId,
      providerId: v.providerId,
      visitTypeId: v.visitTypeId,
      start: new Date(v.start).toISOString(),
      when: formatForPeople(l.zone, v.start),
      result: outcome,
      detail,
    });
  }
  skipped.sort((a, b) => a.line - b.line);
  return {
    fileName: req.fileName ?? null,
    encoding: l.file.encoding,
    delimiter: l.file.delimiter,
    headers: l.file.headers,
    samples: l.file.samples,
    preset: l.file.preset,
    source: l.file.source,
    suggested: l.file.suggested,
    reasons: l.file.reasons,
    mapping: l.file.mapping,
    providers: l.providers,
    visitTypes: l.visitTypes,
    statuses: l.statuses,
    summary: summarize(
      l.file.rowCount,
      l.plan,
      skipped,
      accepted.length,
      historyLocations(ctx.db, l.zone, l.plan.history).defaulted,
    ),
    skipped: shownSkips(skipped),
    skippedTotal: skipped.length,
    futureRows: futureRows.slice(0, LIMITS.future),
  };
}

export interface VisitImportResult {
  summary: VisitImportSummary;
  skipped: SkippedRow[];
  skippedTotal: number;
  futureRows: FutureRow[];
  historyIds: number[];
  bookedIds: number[];
  providerIds: number[];
  reminders: boolean;
}

/** Future bookings without reminders: everything else a booking sets off still happens. */
const noReminderFollowUps: AppointmentFollowUps = { ...reminderFollowUps, booked: () => {} };

export async function commitVisitImport(args: {
  ctx: Omit<CoreContext, 'db' | 'now'>;
  db: ClinicDb;
  now: number;
  req: VisitImportRequest;
  step: PhasedStepper;
  /** Tests only: fails after this many history rows, to prove the rollback. */
  failAfter?: number;
}): Promise<VisitImportResult> {
  const { db, now, req, step } = args;
  const l = await plan(db, now, req, step);
  const reminders = req.reminders ?? true;
  const writer = openWriter(db);
  const wctx: CoreContext = { ...args.ctx, db: writer.db, now };
  const s = writer.db.sqlite;
  const skipped = [...l.plan.skipped];
  const futureRows: FutureRow[] = [];
  const historyIds: number[] = [];
  const bookedIds: number[] = [];
  const insert = s.prepare(
    `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id, start_ms, end_ms,
       status, cancel_reason, cancelled_by, cancelled_ms, booked_by, booked_from, created_ms, updated_ms)
     VALUES (@code, @patientId, @providerId, @locationId, @visitTypeId, @start, @end,
       @status, @cancelReason, @cancelledBy, @cancelledMs, @actor, 'import', @start, @now)`,
  );
  const keepId = s.prepare(
    'INSERT INTO appointment_external_ids (source, external_id, appointment_id, created_ms) VALUES (?, ?, ?, ?)',
  );
  const busyTimeout = db.sqlite.pragma('busy_timeout', { simple: true }) as number;
  if (writer.own) db.sqlite.pragma('busy_timeout = 0');
  try {
    s.prepare('BEGIN IMMEDIATE').run();
    try {
      const total = l.plan.history.length + l.plan.future.length || 1;
      let done = 0;
      const places = historyLocations(writer.db, l.zone, l.plan.history);
      for (const v of l.plan.history) {
        const status =
          v.outcome === 'kept' ? 'completed' : v.outcome === 'no_show' ? 'no_show' : 'cancelled';
        const values = {
          patientId: v.patientId,
          providerId: v.providerId,
          locationId: places.byLine.get(v.line)!,
          visitTypeId: v.visitTypeId,
          start: v.start,
          end: v.end!,
          status,
          // When the old system does not say who cancelled or when, the import says so: the
          // cancel time stays unknown (NULL), so the reports count it neither as a cancellation
          // after the start nor as a late one.
          cancelReason: v.outcome === 'cancelled' ? 'Cancelled in the previous system' : null,
          cancelledBy: v.outcome === 'cancelled' ? 'import (previous system)' : null,
          cancelledMs: null,
          actor: wctx.actor,
          now,
        };
        let id: number | null = null;
        for (let attempt = 0; id === null; attempt++) {
          try {
            id = Number(
              insert.run({
                ...values,
                code: newConfirmationCode(() => randomInt(0, 1_000_000) / 1_000_000),
              }).lastInsertRowid,
            );
          } catch (err) {
            const clash =
              err instanceof Error && err.message.includes('confirmation_code') && attempt < 10;
            if (clash) continue;
            if (err instanceof Error && err.message.includes('CLINICDESK_OVERLAP'))
              throw new AppError(
                'CONFLICT',
                err.message.includes('held for a patient')
                  ? `Line ${v.line} overlaps a slot held for a patient moved by a provider absence (${formatForPeople(l.zone, v.start)}). Nothing was imported; preview the file again.`
                  : `Line ${v.line} overlaps a visit booked since the preview (${formatForPeople(l.zone, v.start)}). Nothing was imported; preview the file again.`,
                'fileBase64',
              );
            throw err;
          }
        }
        if (v.externalId !== null) keepId.run(l.file.source, v.externalId, id, now);
        historyIds.push(id);
        if (args.failAfter !== undefined && historyIds.length >= args.failAfter)
          throw new Error('Import stopped on purpose (test)');
        if (++done % WRITE_CHUNK === 0) {
          step.progress?.('saving', done / total);
          if (writer.own) await step.pause();
        }
      }
      // Completed visits from the old system start the patients' recall clocks, as a visit
      // completed at the desk does (the follow-up port is not run for history: no reminders).
      recomputeForPatients(
        wctx,
        l.plan.history.filter((v) => v.outcome === 'kept').map((v) => v.patientId),
      );
      const bctx = { ...wctx, followUps: reminders ? reminderFollowUps : noReminderFollowUps };
      for (const v of [...l.plan.future].sort((a, b) => a.start - b.start || a.line - b.line)) {
        s.prepare('SAVEPOINT visit_row').run();
        let row: FutureRow;
        try {
          const appt = bookAppointment(bctx, {
            patientId: v.patientId,
            providerId: v.providerId,
            locationId: placeFuture(bctx, v).locationId,
            visitTypeId: v.visitTypeId,
            start: v.start,
            end: v.end ?? undefined,
          });
          if (v.externalId !== null) keepId.run(l.file.source, v.externalId, appt.id, now);
          s.prepare('RELEASE visit_row').run();
          bookedIds.push(appt.id);
          row = { ...futureBase(v, l.zone), result: 'booked', detail: null };
        } catch (err) {
          s.prepare('ROLLBACK TO visit_row').run();
          s.prepare('RELEASE visit_row').run();
          const r = refusal(err, formatForPeople(l.zone, v.start));
          skipped.push({ line: v.line, reason: r.reason, detail: r.detail });
          row = { ...futureBase(v, l.zone), result: r.reason, detail: r.detail };
        }
        futureRows.push(row);
        if (++done % WRITE_CHUNK === 0) {
          step.progress?.('saving', done / total);
          if (writer.own) await step.pause();
        }
      }
      skipped.sort((a, b) => a.line - b.line);
      const summary = summarize(
        l.file.rowCount,
        l.plan,
        skipped,
        bookedIds.length,
        places.defaulted,
      );
      writeAudit(wctx, {
        action: 'visits.imported',
        entityType: 'import',
        details: {
          file: req.fileName ?? 'CSV',
          source: l.file.source,
          history: summary.history,
          noShows: summary.historyNoShow,
          cancelled: summary.historyCancelled,
          booked: bookedIds.length,
          reminders,
          matched: summary.matched,
          skipped: summary.skipped,
          skippedByReason: Object.fromEntries(
            Object.entries(summary.skippedByReason).filter(([, n]) => n > 0),
          ),
          providers: l.providers
            .filter((p) => p.providerId !== null)
            .map((p) => ({ from: p.key, to: p.providerId })),
        },
      });
      s.prepare('COMMIT').run();
      step.progress?.('saving', 1);
      const providerIds = [
        ...new Set([...l.plan.history, ...l.plan.future].map((v) => v.providerId)),
      ];
      return {
        summary,
        skipped: shownSkips(skipped),
        skippedTotal: skipped.length,
        futureRows: futureRows.slice(0, LIMITS.future),
        historyIds,
        bookedIds,
        providerIds,
        reminders,
      };
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
}

function futureBase(v: PlannedVisit, zone: string) {
  return {
    when: formatForPeople(zone, v.start),
    line: v.line,
    patientId: v.patientId,
    providerId: v.providerId,
    visitTypeId: v.visitTypeId,
    start: new Date(v.start).toISOString(),
  };
}
