/**
 * The clinic's own no-show model: trained on its closed appointments (kept or no-show), judged on
 * the most recent ones it did not see, and switched on only when that judgement is good enough.
 * Pure: the service loads the examples and stores the result.
 *
 * The score is for staff only, to decide whom to call first. It is never shown to a patient and
 * never used to refuse a booking: nothing in the booking path reads it.
 */
import { DEFAULT_GBT, predictGbt, trainGbt, type GbtModel, type GbtOptions } from './gbt';
import { NUMERIC_FEATURES, type NoShowFeatures } from './features';
import { rocAuc } from './metrics';

export const MIN_CLOSED_APPOINTMENTS = 2_000;
export const MIN_HELD_OUT_AUC = 0.65;
/** The most recent share of closed appointments held out to judge the model. */
export const HELD_OUT_SHARE = 0.2;

export type RiskBand = 'low' | 'medium' | 'high';

export interface NoShowModel {
  version: 1;
  /** Visit type name → its number, ordered by the type's training no-show rate; others are NaN. */
  visitTypes: Record<string, number>;
  gbt: GbtModel;
  /** The clinic's training no-show rate; bands are multiples of it. */
  baseRate: number;
}

export interface TrainingExample {
  features: NoShowFeatures;
  noShow: boolean;
  /** When the visit was due (any increasing number, e.g. epoch ms): the split is by this. */
  visitKey: number;
}

export function featureRow(model: Pick<NoShowModel, 'visitTypes'>, f: NoShowFeatures): number[] {
  const row: number[] = NUMERIC_FEATURES.map((k) => f[k]);
  row.push(
    f.visitType !== null && f.visitType in model.visitTypes ? model.visitTypes[f.visitType]! : NaN,
  );
  return row;
}

/**
 * Visit types numbered by their smoothed no-show rate, so a tree can split "riskier types" from
 * "safer types" in one cut. Smoothing (20 pseudo-visits at the overall rate) keeps a type seen
 * three times from landing at an extreme.
 */
function visitTypeVocabulary(examples: readonly TrainingExample[]): Record<string, number> {
  const overall = examples.reduce((s, e) => s + (e.noShow ? 1 : 0), 0) / examples.length;
  const byType = new Map<string, { n: number; y: number }>();
  for (const e of examples) {
    if (e.features.visitType === null) continue;
    const c = byType.get(e.features.visitType) ?? { n: 0, y: 0 };
    c.n++;
    c.y += e.noShow ? 1 : 0;
    byType.set(e.features.visitType, c);
  }
  const rated = [...byType].map(([name, c]) => ({ name, rate: (c.y + 20 * overall) / (c.n + 20) }));
  rated.sort((a, b) => a.rate - b.rate || a.name.localeCompare(b.name));
  return Object.fromEntries(rated.map((r, i) => [r.name, i]));
}

export function fitNoShowModel(
  examples: readonly TrainingExample[],
  options: Partial<GbtOptions> = {},
): NoShowModel {
  const visitTypes = visitTypeVocabulary(examples);
  const x = examples.map((e) => featureRow({ visitTypes }, e.features));
  const y = examples.map((e) => (e.noShow ? 1 : 0));
  const gbt = trainGbt(x, y, { ...DEFAULT_GBT, ...options });
  const baseRate = y.reduce((s: number, v) => s + v, 0) / y.length;
  return { version: 1, visitTypes, gbt, baseRate };
}

export function scoreNoShow(model: NoShowModel, f: NoShowFeatures): number {
  return predictGbt(model.gbt, featureRow(model, f));
}

/**
 * High = at least twice the clinic's usual no-show rate; medium = above the usual rate; low =
 * the rest. In words a receptionist can repeat: "high means about twice as likely as most".
 */
export function riskBand(model: Pick<NoShowModel, 'baseRate'>, probability: number): RiskBand {
  if (probability >= 2 * model.baseRate) return 'high';
  if (probability >= model.baseRate) return 'medium';
  return 'low';
}

export interface TrainingOutcome {
  closedAppointments: number;
  heldOutAuc: number | null;
  enabled: boolean;
  reason: string;
  model: NoShowModel | null;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Judge, then fit: the most recent 20 % of closed appointments (by visit date) are held out and
 * the model trained on the earlier ones is scored on them; the model kept is then refit on all of
 * them. On only with at least 2,000 closed appointments and a held-out AUC of at least 0.65.
 */
export function trainClinicModel(
  examples: readonly TrainingExample[],
  options: Partial<GbtOptions> = {},
): TrainingOutcome {
  const closedAppointments = examples.length;
  if (closedAppointments < MIN_CLOSED_APPOINTMENTS) {
    return {
      closedAppointments,
      heldOutAuc: null,
      enabled: false,
      model: null,
      reason: `Off: the clinic has ${fmt(closedAppointments)} closed appointments; the risk score needs at least ${fmt(MIN_CLOSED_APPOINTMENTS)} to be trained and checked.`,
    };
  }
  const sorted = [...examples].sort((a, b) => a.visitKey - b.visitKey);
  const cut = Math.floor(sorted.length * (1 - HELD_OUT_SHARE));
  const train = sorted.slice(0, cut);
  const test = sorted.slice(cut);
  const noShows = (rows: readonly TrainingExample[]) => rows.filter((e) => e.noShow).length;
  if (noShows(train) === 0 || noShows(test) === 0 || noShows(test) === test.length) {
    return {
      closedAppointments,
      heldOutAuc: null,
      enabled: false,
      model: null,
      reason: `Off: the ${fmt(test.length)} most recent closed appointments do not have both kept visits and no-shows (or the earlier ones have no no-show), so the score cannot be checked.`,
    };
  }
  const trial = fitNoShowModel(train, options);
  const auc = rocAuc(
    test.map((e) => ({ score: scoreNoShow(trial, e.features), label: e.noShow ? 1 : 0 })),
  );
  const model = fitNoShowModel(sorted, options);
  const shown = auc.toFixed(3);
  if (auc < MIN_HELD_OUT_AUC) {
    return {
      closedAppointments,
      heldOutAuc: auc,
      enabled: false,
      model,
      reason: `Off: on the ${fmt(test.length)} most recent closed appointments the score ranked no-shows above kept visits with AUC ${shown}, below the ${MIN_HELD_OUT_AUC} needed to be useful.`,
    };
  }
  return {
    closedAppointments,
    heldOutAuc: auc,
    enabled: true,
    model,
    reason: `On: trained on ${fmt(train.length)} closed appointments, it ranked the next ${fmt(test.length)} with AUC ${shown} (at least ${MIN_HELD_OUT_AUC} needed).`,
  };
}
