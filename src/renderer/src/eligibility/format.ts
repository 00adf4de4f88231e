/**
 * How the desk words insurance answers: dollars, percentages, "verified 2 h ago", and the benefits typed in by hand. Pure: `now` comes in.
 */

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** 25 -> "$25.00"; null (the payer did not say) -> "—". */
export function usd(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '—' : USD.format(amount);
}

/** 0.2 -> "20%"; 0.125 -> "12.5%". */
export function percent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined
    ? '—'
    : `${Number((fraction * 100).toFixed(2))}%`;
}

/** "verified just now", "verified 5 min ago", "verified 2 h ago", "verified 3 days ago". */
export function verifiedAgo(p: { completedAt: string | null; now: number }): string | null {
  if (!p.completedAt) return null;
  const ms = Math.max(0, p.now - Date.parse(p.completedAt));
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'verified just now';
  if (minutes < 60) return `verified ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `verified ${hours} h ago`;
  return `verified ${Math.floor(hours / 24)} days ago`;
}

/** "$750.00 left of $1,500.00", "$1,500.00 (nothing said about what is met)", or "—". */
export function remainingOf(remaining: number | null, total: number | null): string {
  if (remaining !== null && total !== null) return `${usd(remaining)} left of ${usd(total)}`;
  if (remaining !== null) return `${usd(remaining)} left`;
  if (total !== null) return `${usd(total)} (the payer did not say how much is met)`;
  return '—';
}

/**
 * What the estimate rests on, in one or two words for the compact line ("$10.00 (copay)"), read
 * from the first step after the allowed amount; the steps' own words stay in the tooltip.
 */
export function estimateBasis(steps: readonly string[]): string | null {
  const has = (prefix: string) => steps.some((s) => s.startsWith(prefix));
  if (has('No insurance on file')) return 'self-pay';
  if (has('Not covered')) return 'not covered';
  if (has('Out-of-pocket maximum: only')) return 'out-of-pocket maximum';
  if (has('Copay:')) return 'copay';
  const deductible = steps.some((s) => s.startsWith('Deductible:') && /you pay \$/.test(s));
  const coinsurance = has('Coinsurance: ') && !has('Coinsurance: none');
  if (deductible && coinsurance) return 'deductible + coinsurance';
  if (deductible) return 'deductible';
  if (coinsurance) return 'coinsurance';
  return null;
}

/** The "Enter by hand" form as typed: dollars and percent as text, so a half-typed "12." stays. */
export interface ManualForm {
  coverage: 'active' | 'inactive';
  planName: string;
  network: 'in' | 'out';
  copay: string;
  coinsurancePercent: string;
  deductibleTotal: string;
  deductibleRemaining: string;
  outOfPocketTotal: string;
  outOfPocketRemaining: string;
  note: string;
}
export type ManualField = keyof ManualForm;

export const BLANK_MANUAL: ManualForm = {
  coverage: 'active',
  planName: '',
  network: 'in',
  copay: '',
  coinsurancePercent: '',
  deductibleTotal: '',
  deductibleRemaining: '',
  outOfPocketTotal: '',
  outOfPocketRemaining: '',
  note: '',
};

export interface ManualBenefitsInput {
  coverage: 'active' | 'inactive';
  planName: string | null;
  network: 'in' | 'out';
  copay: number | null;
  coinsurance: number | null;
  deductibleTotal: number | null;
  deductibleRemaining: number | null;
  outOfPocketTotal: number | null;
  outOfPocketRemaining: number | null;
  note: string | null;
}

const MONEY_FIELDS = [
  'copay',
  'deductibleTotal',
  'deductibleRemaining',
  'outOfPocketTotal',
  'outOfPocketRemaining',
] as const;

/** "$1,500", "1500.00", " 25 " -> dollars; "" -> null; anything else -> NaN (refused). */
export function parseDollars(text: string): number | null {
  const s = text.trim().replace(/^\$/, '').replace(/,/g, '');
  if (s === '') return null;
  return /^\d+(\.\d{1,2})?$/.test(s) ? Number(s) : NaN;
}

/**
 * The form as eligibility/enterManual wants it, or the fields that cannot be read. Only what the
 * API cannot say in the desk's words is checked here: the coinsurance is typed as a percentage
 * ("20") where the API takes a fraction (0.2), and "$1,500" must become 1500. Everything else
 * (remaining above the total, limits) is the API's to refuse, with its field named.
 */
export function manualBenefitsInput(
  f: ManualForm,
):
  | { ok: true; benefits: ManualBenefitsInput }
  | { ok: false; errors: Partial<Record<ManualField, string>> } {
  const errors: Partial<Record<ManualField, string>> = {};
  const money: Partial<Record<(typeof MONEY_FIELDS)[number], number | null>> = {};
  for (const key of MONEY_FIELDS) {
    const v = parseDollars(f[key]);
    if (Number.isNaN(v)) errors[key] = 'Type dollars and cents, e.g. 25 or 1,500.00.';
    else money[key] = v;
  }
  let coinsurance: number | null = null;
  const pct = f.coinsurancePercent.trim().replace(/%$/, '').trim();
  if (pct !== '') {
    const n = Number(pct);
    if (!/^\d+(\.\d+)?$/.test(pct) || n > 100)
      errors.coinsurancePercent = 'Type the percentage the patient pays, 0 to 100 (20 for 20%).';
    else coinsurance = Math.round(n * 100) / 10_000;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    ok: true,
    benefits: {
      coverage: f.coverage,
      planName: orNull(f.planName),
      network: f.network,
      copay: money.copay ?? null,
      coinsurance,
      deductibleTotal: money.deductibleTotal ?? null,
      deductibleRemaining: money.deductibleRemaining ?? null,
      outOfPocketTotal: money.outOfPocketTotal ?? null,
      outOfPocketRemaining: money.outOfPocketRemaining ?? null,
      note: orNull(f.note),
    },
  };
}

/** The API's field ("benefits.coinsurance") as the form's ("coinsurancePercent"). */
export function manualFieldOf(apiField: string | undefined): ManualField | null {
  if (!apiField) return null;
  const key = apiField.replace(/^benefits\./, '');
  if (key === 'coinsurance') return 'coinsurancePercent';
  return key in BLANK_MANUAL ? (key as ManualField) : null;
}

/** A batch's progress: answered (done or failed) of all, and the bar's percentage. */
export function batchProgress(counts: {
  queued: number;
  sending: number;
  done: number;
  failed: number;
}): { answered: number; total: number; percent: number } {
  const answered = counts.done + counts.failed;
  const total = answered + counts.queued + counts.sending;
  return { answered, total, percent: total === 0 ? 100 : Math.round((answered / total) * 100) };
}
