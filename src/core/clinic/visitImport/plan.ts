/**
 * From a visit export to a plan: every row is history to keep, a future visit to book through the
 * engine, a visit imported before (matched by its kept id), or skipped with one reason and its
 * line. Pure: the clinic's patients, existing visits and mappings come in as arguments.
 *
 * History is what happened and is not re-checked against today's hours or rules. The one rule it
 * still obeys is the database's own: a provider's time-holding visits never overlap (migration
 * 0001's trigger, which an import never weakens). So a kept visit that overlaps another one of the
 * same provider — earlier in the file or already on the books — is skipped and reported, never
 * forced in as an overbook.
 */
import { AppError } from '../../errors';
import { parseIsoInstant, MINUTE_MS } from '../../time/instant';
import { localToInstant } from '../../time/zone';
import { decodePatientFile, parsePatientText, type RowProblem } from '../patientImport/parse';
import type { PhasedStepper } from '../patientImport/plan';
import { readDate } from '../patientImport/validate';
import {
  resolveVisitMapping,
  statusKey,
  isOpenStatus,
  suggestVisitMapping,
  VISIT_IMPORT_FIELDS,
  type VisitImportField,
  type VisitMapping,
  type VisitMappingSuggestion,
} from './mapping';
import {
  NON_CLINIC_CLASSES,
  VISIT_SKIP_REASONS,
  type VisitOutcome,
  type VisitSkipReason,
} from '../../../shared/visitImportFields';

const DAY_MS = 86_400_000;
const ROWS_PER_STEP = 200;

export interface VisitDraft {
  line: number;
  externalId: string | null;
  start: number;
  /** null: the visit type's length. */
  end: number | null;
  /**
   * Lasts more than a day: no clinic visit does (Synthea has "encounters" of weeks and years, a
   * course of care rather than a visit). Skipped as a bad date, but still counted in the overlap
   * pairs, since it tangles the provider's time in the source.
   */
  tooLong: boolean;
  patient: {
    externalId: string | null;
    firstName: string | null;
    lastName: string | null;
    dateOfBirth: string | null;
  };
  /** Key of the file's provider (its id, NPI or name, as the file gives it). */
  providerKey: string;
  providerName: string | null;
  providerNpi: string | null;
  visitTypeKey: string;
  visitTypeCode: string | null;
  visitTypeDescription: string | null;
  visitClass: string | null;
  /** statusKey of the status cell; '' when the file has no status column (kept) or the cell has no letters. */
  statusKey: string;
  statusRaw: string;
  /** Whether the file's status column is mapped: then a past row with no status is not known kept. */
  hasStatus: boolean;
}

export interface SkippedRow {
  line: number;
  reason: VisitSkipReason;
  /** The row's own words: which value, which other line or visit. */
  detail: string;
}

export interface ReadVisitFile {
  encoding: string;
  delimiter: 'comma' | 'tab' | 'semicolon';
  headers: string[];
  samples: Record<string, string[]>;
  preset: VisitMappingSuggestion['preset'];
  source: string;
  suggested: Record<VisitImportField, string | null>;
  reasons: VisitMappingSuggestion['reasons'];
  mapping: Record<VisitImportField, string | null>;
  rowCount: number;
  drafts: VisitDraft[];
  /** Rows that could not be read at all (bad date, missing value, broken CSV line). */
  unreadable: SkippedRow[];
}

/**
 * A date and time as exports write it: ISO with a zone ("2025-03-29T08:10:05Z") is an instant;
 * without one ("2025-03-29 08:10", "3/29/2025 8:10 AM") it is the clinic's wall clock.
 */
export function readDateTime(raw: string, zone: string): { ms: number } | { reason: string } {
  const s = raw.trim();
  if (s === '') return { reason: 'is empty' };
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(s) && /^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const ms = parseIsoInstant(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/z$/, 'Z'));
    return ms === null ? { reason: `"${s}" is not a real date and time` } : { ms };
  }
  const m = /^(\S+?)[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?$/.exec(s) ?? null;
  if (!m)
    return {
      reason: `"${s}" is not a date and time (write it as YYYY-MM-DD HH:MM or MM/DD/YYYY HH:MM)`,
    };
  const date = readDate(m[1]!);
  if ('reason' in date) return { reason: date.reason };
  let hour = Number(m[2]);
  const minute = Number(m[3]);
  const second = m[4] ? Number(m[4]) : 0;
  if (m[5]) {
    if (hour < 1 || hour > 12) return { reason: `"${s}" has an hour that is not 1–12 with AM/PM` };
    hour = (hour % 12) + (m[5].toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return { reason: `"${s}" is not a real time` };
  return { ms: localToInstant(zone, date.date, hour * 60 + minute) + second * 1000 };
}

function sourceKey(source: string): string {
  return source.trim().toLowerCase().replace(/\s+/g, ' ');
}

export async function readVisitFile(
  bytes: Uint8Array,
  opts: { mapping?: VisitMapping | undefined; source?: string | undefined; zone: string },
  step: PhasedStepper,
): Promise<ReadVisitFile> {
  const decoded = decodePatientFile(bytes);
  let parsed;
  try {
    parsed = await parsePatientText(decoded, {
      pause: step.pause,
      progress: (d) => step.progress?.('reading', d),
    });
  } catch (err) {
    // The reader is the patient import's; its words about "patients" are about visits here.
    if (err instanceof AppError)
      throw new AppError(err.code, err.message.replace(/\bpatients\b/g, 'visits'), err.field);
    throw err;
  }
  const suggestion = suggestVisitMapping(parsed.headers);
  const { mapping, errors } = resolveVisitMapping(parsed.headers, suggestion.mapping, opts.mapping);
  if (errors.length > 0)
    throw new AppError('VALIDATION', errors.map((e) => e.message).join(' '), errors[0]!.field, {
      mappingErrors: errors,
      headers: parsed.headers,
      suggested: suggestion.mapping,
    });
  const col: Partial<Record<VisitImportField, number>> = {};
  for (const f of VISIT_IMPORT_FIELDS) {
    const h = mapping[f];
    if (h !== null) col[f] = parsed.headers.indexOf(h);
  }
  const samples: Record<string, string[]> = {};
  parsed.headers.forEach((h, i) => {
    const values: string[] = [];
    for (const r of parsed.rows) {
      const v = (r.cells[i] ?? '').trim();
      if (v !== '') values.push(v.length > 40 ? `${v.slice(0, 39)}…` : v);
      if (values.length === 3) break;
    }
    samples[h] = values;
  });
  const unreadable: SkippedRow[] = parsed.problems.map((p: RowProblem) => ({
    line: p.line,
    reason: 'missing_value',
    detail: `the row ${p.reason}`,
  }));
  const drafts: VisitDraft[] = [];
  for (let i = 0; i < parsed.rows.length; i++) {
    const row = parsed.rows[i]!;
    const cell = (f: VisitImportField): string | null => {
      const c = col[f];
      if (c === undefined) return null;
      const v = (row.cells[c] ?? '').trim();
      return v === '' ? null : v;
    };
    if ((i + 1) % ROWS_PER_STEP === 0) {
      step.progress?.('checking', (i + 1) / parsed.rows.length);
      await step.pause();
    }
    const skip = (reason: VisitSkipReason, detail: string) =>
      unreadable.push({ line: row.line, reason, detail });
    const startRaw = cell('start');
    if (startRaw === null) {
      skip('missing_value', 'the start date and time is empty');
      continue;
    }
    const start = readDateTime(startRaw, opts.zone);
    if ('reason' in start) {
      skip('bad_date', `start ${start.reason}`);
      continue;
    }
    let end: number | null = null;
    const endRaw = cell('end');
    const durRaw = cell('durationMinutes');
    if (endRaw !== null) {
      const e = readDateTime(endRaw, opts.zone);
      if ('reason' in e) {
        skip('bad_date', `end ${e.reason}`);
        continue;
      }
      end = e.ms;
    } else if (durRaw !== null) {
      const n = Number(durRaw);
      if (!Number.isFinite(n) || n <= 0 || !Number.isInteger(n)) {
        skip('bad_date', `length "${durRaw}" is not a whole number of minutes above 0`);
        continue;
      }
      end = start.ms + n * MINUTE_MS;
    }
    if (end !== null && end <= start.ms) {
      skip(
        'bad_date',
        `it ends (${endRaw ?? `${durRaw} min`}) at or before it starts (${startRaw})`,
      );
      continue;
    }
    const patient = {
      externalId: cell('patientExternalId'),
      firstName: cell('patientFirstName'),
      lastName: cell('patientLastName'),
      dateOfBirth: cell('patientDateOfBirth'),
    };
    if (
      patient.externalId === null &&
      (patient.firstName === null || patient.lastName === null || patient.dateOfBirth === null)
    ) {
      skip('missing_value', 'the patient is empty (no ID, or no name and date of birth)');
      continue;
    }
    const providerName = cell('providerName');
    const providerNpi = cell('providerNpi');
    const providerId = cell('providerExternalId');
    const providerKey =
      providerId ?? providerNpi ?? (providerName ? providerName.toLowerCase() : null);
    if (providerKey === null) {
      skip('missing_value', 'the provider is empty');
      continue;
    }
    const code = cell('visitTypeCode');
    const description = cell('visitTypeDescription');
    const visitClass = cell('visitClass');
    const statusRaw = cell('status') ?? '';
    drafts.push({
      line: row.line,
      externalId: cell('externalId'),
      start: start.ms,
      end,
      tooLong: end !== null && end - start.ms > DAY_MS,
      patient,
      providerKey,
      providerName,
      providerNpi,
      visitTypeKey: code ?? description?.toLowerCase() ?? visitClass?.toLowerCase() ?? '',
      visitTypeCode: code,
      visitTypeDescription: description,
      visitClass,
      statusKey: mapping.status === null ? '' : statusKey(statusRaw),
      statusRaw,
      hasStatus: mapping.status !== null,
    });
  }
  step.progress?.('checking', 1);
  return {
    encoding: parsed.encoding,
    delimiter: parsed.delimiter === '\t' ? 'tab' : parsed.delimiter === ';' ? 'semicolon' : 'comma',
    headers: parsed.headers,
    samples,
    preset: suggestion.preset,
    source: sourceKey(opts.source ?? suggestion.preset?.source ?? 'import'),
    suggested: suggestion.mapping,
    reasons: suggestion.reasons,
    mapping,
    rowCount: parsed.rows.length + parsed.problems.length,
    drafts,
    unreadable,
  };
}

/** The file's distinct providers and visit types and status values, for the mapping step. */
export interface SourceProvider {
  key: string;
  name: string | null;
  npi: string | null;
  rows: number;
}
export interface SourceVisitType {
  key: string;
  code: string | null;
  description: string | null;
  visitClass: string | null;
  rows: number;
}
export interface SourceStatus {
  key: string;
  /** The value as the file first writes it. */
  value: string;
  rows: number;
}

export function distinctSources(drafts: readonly VisitDraft[]): {
  providers: SourceProvider[];
  visitTypes: SourceVisitType[];
  statuses: SourceStatus[];
} {
  const providers = new Map<string, SourceProvider>();
  const types = new Map<string, SourceVisitType>();
  const statuses = new Map<string, SourceStatus>();
  for (const d of drafts) {
    const nonClinic = isNonClinic(d.visitClass);
    const p = providers.get(d.providerKey);
    if (p) p.rows++;
    else
      providers.set(d.providerKey, {
        key: d.providerKey,
        name: d.providerName,
        npi: d.providerNpi,
        rows: 1,
      });
    // Hospital and emergency rows are skipped whatever they map to: their types are not asked.
    if (!nonClinic) {
      const t = types.get(d.visitTypeKey);
      if (t) t.rows++;
      else
        types.set(d.visitTypeKey, {
          key: d.visitTypeKey,
          code: d.visitTypeCode,
          description: d.visitTypeDescription,
          visitClass: d.visitClass,
          rows: 1,
        });
    }
    if (d.statusKey !== '') {
      const s = statuses.get(d.statusKey);
      if (s) s.rows++;
      else statuses.set(d.statusKey, { key: d.statusKey, value: d.statusRaw, rows: 1 });
    }
  }
  const byRows = <T extends { rows: number; key: string }>(a: T, b: T) =>
    b.rows - a.rows || a.key.localeCompare(b.key);
  return {
    providers: [...providers.values()].sort(byRows),
    visitTypes: [...types.values()].sort(byRows),
    statuses: [...statuses.values()].sort(byRows),
  };
}

export function isNonClinic(visitClass: string | null): boolean {
  return (
    visitClass !== null &&
    NON_CLINIC_CLASSES.includes(visitClass.toLowerCase().replace(/[^a-z]/g, ''))
  );
}

export interface PlannedVisit {
  line: number;
  externalId: string | null;
  patientId: number;
  providerId: number;
  visitTypeId: number;
  start: number;
  /** null: the visit type's length (a future booking; the engine fills it). */
  end: number | null;
  outcome: VisitOutcome;
}

export interface VisitPlan {
  history: PlannedVisit[];
  future: PlannedVisit[];
  matched: { line: number; appointmentId: number }[];
  skipped: SkippedRow[];
  /** Pairs of kept visits in the file for one provider that overlap each other. */
  overlapPairs: number;
  /** The same, by clinic provider (only providers with at least one pair). */
  overlapPairsByProvider: { providerId: number; pairs: number }[];
  /** Kept visits of the file that overlap a visit already on the clinic's books. */
  overlapsWithExisting: number;
}

export interface PlanInput {
  drafts: readonly VisitDraft[];
  unreadable: readonly SkippedRow[];
  now: number;
  /** The clinic patient of a row, or why there is none. */
  patientOf: (d: VisitDraft) => { patientId: number } | { reason: string };
  providerMap: ReadonlyMap<string, number | null>;
  visitTypeMap: ReadonlyMap<string, number | null>;
  statusMap: ReadonlyMap<string, VisitOutcome | null>;
  /** Visits imported before from the same source, by their id there. */
  importedIds: ReadonlyMap<string, number>;
  /** Length of a visit type, for a history row without an end. */
  visitTypeMinutes: (visitTypeId: number) => number;
  /**
   * A time-holding visit already on the books for the provider over [start, end), or a slot held
   * there for a patient moved by a provider absence (`hold`).
   */
  existingOverlap: (
    providerId: number,
    start: number,
    end: number,
  ) => { id: number; hold?: boolean } | null;
  /** The same patient with the same provider at the same start, already on the books. */
  existingSame: (patientId: number, providerId: number, start: number) => { id: number } | null;
  describeTime: (ms: number) => string;
  pause: () => Promise<void>;
}

export async function planVisits(input: PlanInput): Promise<VisitPlan> {
  const plan: VisitPlan = {
    history: [],
    future: [],
    matched: [],
    skipped: [...input.unreadable],
    overlapPairs: 0,
    overlapPairsByProvider: [],
    overlapsWithExisting: 0,
  };
  const seenIds = new Map<string, number>();
  const seenVisits = new Map<string, number>();
  const keptHistory: PlannedVisit[] = [];
  const pairOnly: PlannedVisit[] = [];
  let i = 0;
  for (const d of input.drafts) {
    if (++i % ROWS_PER_STEP === 0) await input.pause();
    const skip = (reason: VisitSkipReason, detail: string) =>
      plan.skipped.push({ line: d.line, reason, detail });
    if (d.externalId !== null) {
      const before = seenIds.get(d.externalId);
      if (before !== undefined) {
        skip('duplicate', `the visit ID "${d.externalId}" is also on line ${before}`);
        continue;
      }
      seenIds.set(d.externalId, d.line);
      const imported = input.importedIds.get(d.externalId);
      if (imported !== undefined) {
        plan.matched.push({ line: d.line, appointmentId: imported });
        continue;
      }
    }
    if (isNonClinic(d.visitClass)) {
      skip('non_clinic_class', `"${d.visitClass}" is a hospital or emergency encounter`);
      continue;
    }
    let outcome: VisitOutcome = 'kept';
    // A past visit the old system still calls booked (or gives no status at all, when the file
    // has a status column) was never closed there: whether the patient came is unknown, so it is
    // neither history nor bookable. Without a status column (Synthea) every past row is kept.
    if (d.hasStatus && d.start <= input.now && (d.statusKey === '' || isOpenStatus(d.statusKey))) {
      skip(
        'unknown_outcome',
        d.statusKey === ''
          ? `a past visit with no status ("${d.statusRaw}"): whether it was kept is unknown`
          : `a past visit still marked "${d.statusRaw}" in the old system: whether it was kept is unknown`,
      );
      continue;
    }
    if (d.statusKey !== '') {
      const o = input.statusMap.get(d.statusKey);
      if (o === undefined || o === null) {
        skip(
          'unknown_status',
          `status "${d.statusRaw}" is not mapped to kept, no-show or cancelled`,
        );
        continue;
      }
      outcome = o;
    }
    const patient = input.patientOf(d);
    if ('reason' in patient) {
      skip('unknown_patient', patient.reason);
      continue;
    }
    const providerId = input.providerMap.get(d.providerKey) ?? null;
    if (providerId === null) {
      skip(
        'provider_not_imported',
        `provider "${d.providerName ?? d.providerKey}" is not imported`,
      );
      continue;
    }
    const visitTypeId = input.visitTypeMap.get(d.visitTypeKey) ?? null;
    if (visitTypeId === null) {
      skip(
        'visit_type_not_imported',
        `visit type "${d.visitTypeDescription ?? d.visitTypeCode ?? d.visitTypeKey}" is not imported`,
      );
      continue;
    }
    const visit: PlannedVisit = {
      line: d.line,
      externalId: d.externalId,
      patientId: patient.patientId,
      providerId,
      visitTypeId,
      start: d.start,
      end: d.end,
      outcome,
    };
    if (d.tooLong) {
      const days = Math.round(((d.end! - d.start) / DAY_MS) * 10) / 10;
      skip(
        'bad_date',
        `it lasts ${days} days (${input.describeTime(d.start)} to ${input.describeTime(d.end!)}); a clinic visit lasts at most a day`,
      );
      if (outcome === 'kept' && d.start <= input.now) pairOnly.push(visit);
      continue;
    }
    const sameKey = `${patient.patientId}|${providerId}|${d.start}`;
    const sameLine = seenVisits.get(sameKey);
    if (sameLine !== undefined) {
      skip('duplicate', `same patient, provider and start as line ${sameLine}`);
      if (outcome === 'kept' && d.start <= input.now) pairOnly.push(visit);
      continue;
    }
    seenVisits.set(sameKey, d.line);
    const existing = input.existingSame(patient.patientId, providerId, d.start);
    if (existing) {
      skip('duplicate', `already on the clinic's books as appointment #${existing.id}`);
      continue;
    }
    if (d.start > input.now) {
      if (outcome === 'cancelled') {
        skip(
          'cancelled_future',
          'the visit is in the future and already cancelled: nothing to book',
        );
        continue;
      }
      if (outcome === 'no_show') {
        skip('future_rule', 'a visit in the future cannot be a no-show yet');
        continue;
      }
      plan.future.push(visit);
      continue;
    }
    visit.end = d.end ?? d.start + input.visitTypeMinutes(visitTypeId) * MINUTE_MS;
    if (outcome === 'kept') keptHistory.push(visit);
    else plan.history.push(visit);
  }
  // Every overlapping pair of kept visits for one provider is counted (the rows too long to be a
  // visit among them), so the report says how tangled the source was: Synthea's encounters have
  // 194 such pairs for one provider.
  const pairs = new Map<number, number>();
  const ends = new Map<number, number[]>();
  for (const v of [...keptHistory, ...pairOnly].sort(byStart)) {
    let list = ends.get(v.providerId);
    if (!list) ends.set(v.providerId, (list = []));
    // Earlier rows (by start) overlapping this one are those that end after it starts.
    const n = list.length - upperBound(list, v.start);
    if (n > 0) pairs.set(v.providerId, (pairs.get(v.providerId) ?? 0) + n);
    list.splice(upperBound(list, v.end!), 0, v.end!);
  }
  plan.overlapPairsByProvider = [...pairs].map(([providerId, n]) => ({ providerId, pairs: n }));
  plan.overlapPairs = [...pairs.values()].reduce((a, b) => a + b, 0);
  // Kept visits hold the provider's time: earliest first, a visit that overlaps one kept before it
  // (or one already on the books) is skipped, never forced in.
  const lastKept = new Map<number, { end: number; line: number }>();
  for (const v of keptHistory.sort(byStart)) {
    const clash = lastKept.get(v.providerId);
    if (clash && clash.end > v.start) {
      plan.skipped.push({
        line: v.line,
        reason: 'overlap',
        detail: `overlaps line ${clash.line} for the same provider (${input.describeTime(v.start)})`,
      });
      continue;
    }
    const onBooks = input.existingOverlap(v.providerId, v.start, v.end!);
    if (onBooks) {
      plan.overlapsWithExisting++;
      plan.skipped.push({
        line: v.line,
        reason: 'overlap',
        detail: onBooks.hold
          ? `overlaps a slot held for a patient moved by a provider absence (hold #${onBooks.id}, ${input.describeTime(v.start)})`
          : `overlaps appointment #${onBooks.id} already on the books (${input.describeTime(v.start)})`,
      });
      continue;
    }
    // Kept visits do not overlap each other and come in order of start, so the last one kept
    // ends latest: it is the only one a later visit can clash with.
    lastKept.set(v.providerId, { end: v.end!, line: v.line });
    plan.history.push(v);
  }
  plan.history.sort((a, b) => a.line - b.line);
  plan.skipped.sort((a, b) => a.line - b.line);
  return plan;
}

function byStart(a: PlannedVisit, b: PlannedVisit): number {
  return a.start - b.start || a.end! - b.end! || a.line - b.line;
}

/** First index whose value is greater than x, in an ascending list. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function countByReason(skipped: readonly SkippedRow[]): Record<VisitSkipReason, number> {
  const counts = Object.fromEntries(VISIT_SKIP_REASONS.map((r) => [r, 0])) as Record<
    VisitSkipReason,
    number
  >;
  for (const s of skipped) counts[s.reason]++;
  return counts;
}
