/**
 * From bytes to a plan, in steps: read the file, map its columns, check every row, find who the
 * clinic already has. The same plan serves the preview (shown, nothing written) and the commit
 * (recomputed from the file, never trusted from the screen).
 */
import { AppError } from '../../errors';
import {
  FIELD_LABELS,
  PATIENT_IMPORT_FIELDS,
  resolveMapping,
  suggestMapping,
  type MappingSuggestion,
  type PatientImportField,
  type PatientMapping,
} from './mapping';
import {
  decodePatientFile,
  parsePatientText,
  type Delimiter,
  type Encoding,
  type RowProblem,
  type Stepper,
} from './parse';
import { validateRow, type PatientDraft } from './validate';
import type { Decision, DuplicateMatch, PatientIndex } from './dedupe';

export type ImportPhase = 'reading' | 'checking' | 'matching' | 'saving';

export interface PhasedStepper {
  pause: () => Promise<void>;
  progress?: (phase: ImportPhase, done: number) => void;
}

/** Rows between offers to pause (the caller's pause decides whether it is time). */
const ROWS_PER_STEP = 50;

export interface ReadOptions {
  mapping?: PatientMapping | undefined;
  source?: string | undefined;
  stripNameDigits?: boolean | undefined;
  today: string;
}

export interface ReadFile {
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  /** Up to three values of each column, for the mapping table. */
  samples: Record<string, string[]>;
  preset: MappingSuggestion['preset'];
  suggested: Record<PatientImportField, string | null>;
  reasons: MappingSuggestion['reasons'];
  mapping: Record<PatientImportField, string | null>;
  source: string;
  stripNameDigits: boolean;
  rowCount: number;
  drafts: PatientDraft[];
  problems: RowProblem[];
}

export function sourceKey(source: string): string {
  return source.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Read, map and check every row. Throws VALIDATION for a file or mapping that cannot be used. */
export async function readPatientFile(
  bytes: Uint8Array,
  opts: ReadOptions,
  step: PhasedStepper,
): Promise<ReadFile> {
  const decoded = decodePatientFile(bytes);
  const stepper: Stepper = {
    pause: step.pause,
    progress: (d) => step.progress?.('reading', d),
  };
  const parsed = await parsePatientText(decoded, stepper);
  const suggestion = suggestMapping(parsed.headers);
  const { mapping, errors } = resolveMapping(parsed.headers, suggestion.mapping, opts.mapping);
  if (errors.length > 0)
    throw new AppError('VALIDATION', errors.map((e) => e.message).join(' '), errors[0]!.field, {
      mappingErrors: errors,
      headers: parsed.headers,
      suggested: suggestion.mapping,
    });
  const columns: Partial<Record<PatientImportField, number>> = {};
  for (const f of PATIENT_IMPORT_FIELDS) {
    const h = mapping[f];
    if (h !== null) columns[f] = parsed.headers.indexOf(h);
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
  const stripNameDigits = opts.stripNameDigits ?? suggestion.preset?.stripNameDigits ?? false;
  const source = sourceKey(opts.source ?? suggestion.preset?.source ?? 'import');
  const drafts: PatientDraft[] = [];
  const problems: RowProblem[] = [...parsed.problems];
  const seenIds = new Map<string, number>();
  for (let i = 0; i < parsed.rows.length; i++) {
    const row = parsed.rows[i]!;
    const { draft, problems: p } = validateRow(row, {
      columns,
      today: opts.today,
      stripNameDigits,
    });
    problems.push(...p);
    if (draft) {
      if (draft.externalId !== null) {
        const before = seenIds.get(draft.externalId);
        if (before !== undefined) {
          problems.push({
            line: row.line,
            field: 'externalId',
            value: draft.externalId,
            reason: `the ID "${draft.externalId}" is also on line ${before}; one person, one row`,
            severity: 'error',
          });
          continue;
        }
        seenIds.set(draft.externalId, row.line);
      }
      drafts.push(draft);
    }
    if ((i + 1) % ROWS_PER_STEP === 0) {
      step.progress?.('checking', (i + 1) / parsed.rows.length);
      await step.pause();
    }
  }
  step.progress?.('checking', 1);
  problems.sort((a, b) => a.line - b.line);
  return {
    encoding: parsed.encoding,
    delimiter: parsed.delimiter,
    headers: parsed.headers,
    samples,
    preset: suggestion.preset,
    suggested: suggestion.mapping,
    reasons: suggestion.reasons,
    mapping,
    source,
    stripNameDigits,
    rowCount: parsed.rows.length + parsed.problems.length,
    drafts,
    problems,
  };
}

/** Each checked row's best match among the clinic's patients (absent: a new patient). */
export async function matchDrafts(
  drafts: readonly PatientDraft[],
  index: PatientIndex,
  step: PhasedStepper,
): Promise<Map<number, DuplicateMatch>> {
  const matches = new Map<number, DuplicateMatch>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    const m = index.match(d);
    if (m) matches.set(d.line, m);
    if ((i + 1) % ROWS_PER_STEP === 0) {
      step.progress?.('matching', (i + 1) / drafts.length);
      await step.pause();
    }
  }
  step.progress?.('matching', 1);
  return matches;
}

export interface PayerRef {
  id: number;
  name: string;
  plans: { id: number; name: string }[];
}

export interface CoverageTarget {
  planId: number;
  memberId: string;
  groupNumber: string | null;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The clinic's plan for a row's insurance columns, or why there is none. */
export function resolveCoverage(
  d: PatientDraft,
  payers: readonly PayerRef[],
): { target: CoverageTarget } | { reason: string } | null {
  const c = d.coverage;
  if (!c) return null;
  const key = norm(c.payerName);
  const payer =
    payers.find((p) => norm(p.name) === key) ??
    payers.find(
      (p) => key.length >= 4 && (norm(p.name).startsWith(key) || key.startsWith(norm(p.name))),
    );
  if (!payer)
    return {
      reason: `insurance "${c.payerName}" is not one of the clinic's payers; add it under Insurance and import again, or the patient comes in without this coverage`,
    };
  let plan: { id: number; name: string } | undefined;
  if (c.planName) {
    plan = payer.plans.find((p) => norm(p.name) === norm(c.planName!));
    if (!plan)
      return {
        reason: `${payer.name} has no plan named "${c.planName}" (its plans: ${payer.plans.map((p) => p.name).join(', ') || 'none'}); coverage not created`,
      };
  } else if (payer.plans.length === 1) plan = payer.plans[0];
  else
    return {
      reason: `${payer.name} has ${payer.plans.length} plans and the row does not say which; coverage not created`,
    };
  if (!c.memberId) return { reason: `no member ID for ${payer.name}; coverage not created` };
  return { target: { planId: plan!.id, memberId: c.memberId, groupNumber: c.groupNumber } };
}

export interface DecisionChoice {
  line: number;
  decision: Decision;
  /** For 'update': which existing patient (default: the match's). */
  patientId?: number | undefined;
}

export interface PlannedRow {
  draft: PatientDraft;
  action: 'create' | 'update' | 'skip';
  patientId: number | null;
  match: DuplicateMatch | null;
  coverage: CoverageTarget | null;
}

export interface ImportSummary {
  rows: number;
  valid: number;
  withErrors: number;
  warnings: number;
  newPatients: number;
  matchedById: number;
  possibleDuplicates: number;
  toCreate: number;
  toUpdate: number;
  toSkip: number;
  deceased: number;
  coverages: number;
}

/**
 * The decisions applied to the matched rows. A row with an error stops the import unless the
 * person chose to skip such rows; a decision about a line that is not a match is refused.
 */
export function planRows(args: PlanArgs): PlanResult {
  const steps = planRowSteps(args);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** planRows in steps: the host answers other desks between them (100,000 rows take a while). */
export async function planRowsInSteps(args: PlanArgs, step: PhasedStepper): Promise<PlanResult> {
  const steps = planRowSteps(args);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await step.pause();
  }
}

interface PlanArgs {
  file: ReadFile;
  matches: Map<number, DuplicateMatch>;
  payers: readonly PayerRef[];
  decisions: readonly DecisionChoice[];
}

type PlanResult = { rows: PlannedRow[]; problems: RowProblem[]; summary: ImportSummary };

/** Yields every ROWS_PER_STEP rows (a chance to pause); returns the plan. */
function* planRowSteps(args: PlanArgs): Generator<void, PlanResult, void> {
  const { file, matches } = args;
  const byLine = new Map(args.decisions.map((d) => [d.line, d]));
  const problems = [...file.problems];
  const lines = new Set(file.drafts.map((d) => d.line));
  for (const d of args.decisions)
    if (!lines.has(d.line))
      throw new AppError(
        'VALIDATION',
        `decisions: line ${d.line} is not a patient row of this file that can be imported`,
        'decisions',
      );
  const rows: PlannedRow[] = [];
  const updating = new Map<number, number>();
  let coverages = 0;
  for (const draft of file.drafts) {
    const match = matches.get(draft.line) ?? null;
    const choice = byLine.get(draft.line);
    let action: PlannedRow['action'] = choice?.decision ?? match?.proposed ?? 'create';
    let patientId: number | null = null;
    if (action === 'update') {
      patientId = choice?.patientId ?? match?.patientId ?? null;
      if (patientId === null)
        throw new AppError(
          'VALIDATION',
          `decisions: line ${draft.line} matches no existing patient; choose create or skip, or name the patient to update`,
          'decisions',
        );
      const other = updating.get(patientId);
      if (other !== undefined)
        throw new AppError(
          'RULE',
          `Lines ${other} and ${draft.line} would both update the same patient (${match?.patientName ?? `#${patientId}`}). Choose skip or create for one of them.`,
          'decisions',
        );
      updating.set(patientId, draft.line);
    }
    if (action === 'skip') patientId = match?.patientId ?? null;
    let coverage: CoverageTarget | null = null;
    const cov = resolveCoverage(draft, args.payers);
    if (cov && 'reason' in cov)
      problems.push({
        line: draft.line,
        field: 'payerName',
        value: draft.coverage!.payerName,
        reason: cov.reason,
        severity: 'warning',
      });
    else if (cov && action !== 'skip') {
      coverage = cov.target;
      coverages++;
    }
    if (action !== 'create' && action !== 'update') action = 'skip';
    rows.push({ draft, action, patientId, match, coverage });
    if (rows.length % ROWS_PER_STEP === 0) yield;
  }
  yield;
  problems.sort((a, b) => a.line - b.line);
  yield;
  const errorLines = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.line));
  const matchedById = [...matches.values()].filter((m) => m.kind === 'externalId').length;
  yield;
  return {
    rows,
    problems,
    summary: {
      rows: file.rowCount,
      valid: file.drafts.length,
      withErrors: errorLines.size,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      newPatients: file.drafts.length - matches.size,
      matchedById,
      possibleDuplicates: matches.size - matchedById,
      toCreate: rows.filter((r) => r.action === 'create').length,
      toUpdate: rows.filter((r) => r.action === 'update').length,
      toSkip: rows.filter((r) => r.action === 'skip').length,
      deceased: file.drafts.filter((d) => d.deceased).length,
      coverages,
    },
  };
}

export { FIELD_LABELS };
