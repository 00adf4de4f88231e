/**
 * A recurring series's rule and the dates it gives. Pure: the caller passes the clinic's zone.
 * Occurrences are local dates at one local wall-clock time, so weekly therapy at 10:00 stays at
 * 10:00 on both sides of a DST change (the instant moves by an hour, the visit does not).
 */
import { z } from 'zod';
import { AppError } from '../errors';
import { id, localDate, wallTime } from '../entities/common';
import { addDays, localToInstant, type LocalDate } from '../time';

/** The most occurrences one series may have: a year of weekly visits. */
export const MAX_OCCURRENCES = 52;

export type SeriesFrequency = 'daily' | 'weekly';

export interface SeriesRule {
  frequency: SeriesFrequency;
  /** Every `interval` days (daily) or weeks (weekly). */
  interval: number;
  /** How many occurrences; exactly one of count and until. */
  count?: number | undefined;
  /** The last date an occurrence may fall on (included). */
  until?: LocalDate | undefined;
}

export const seriesRuleInput = z
  .object({
    frequency: z.enum(['daily', 'weekly'], { error: 'repeat must be daily or weekly' }),
    interval: z
      .number({ error: 'every must be a number' })
      .int('every must be a whole number')
      .min(1, 'every must be at least 1')
      .max(52, 'every must be at most 52')
      .default(1),
    count: z
      .number({ error: 'number of visits must be a number' })
      .int('number of visits must be a whole number')
      .min(2, 'a series has at least 2 visits')
      .max(MAX_OCCURRENCES, `a series has at most ${MAX_OCCURRENCES} visits`)
      .optional(),
    until: localDate('end date').optional(),
  })
  .strict()
  .refine((r) => (r.count === undefined) !== (r.until === undefined), {
    message: 'give either a number of visits or an end date, not both',
    path: ['count'],
  });

/** What a series is about: the same fields as one booking, with a first date and a time of day. */
export const seriesPlacementInput = z.object({
  patientId: id('patient'),
  providerId: id('provider'),
  locationId: id('location'),
  visitTypeId: id('visit type'),
  firstDate: localDate('first date'),
  time: wallTime('time'),
  rule: seriesRuleInput,
});

export type SeriesPlacement = z.output<typeof seriesPlacementInput>;

/**
 * The dates the rule gives from `firstDate`, at most MAX_OCCURRENCES. An end date that would give
 * more is refused rather than cut short: the desk would otherwise book a shorter series than the
 * one it read out.
 */
export function occurrenceDates(firstDate: LocalDate, rule: SeriesRule): LocalDate[] {
  const step = rule.frequency === 'weekly' ? 7 * rule.interval : rule.interval;
  const out: LocalDate[] = [];
  if (rule.until !== undefined) {
    if (rule.until < firstDate)
      throw new AppError('VALIDATION', 'the end date is before the first visit', 'rule.until');
    for (let d = firstDate; d <= rule.until; d = addDays(d, step)) {
      out.push(d);
      if (out.length > MAX_OCCURRENCES)
        throw new AppError(
          'VALIDATION',
          `this end date gives more than ${MAX_OCCURRENCES} visits; choose an earlier end date or a number of visits`,
          'rule.until',
        );
    }
    return out;
  }
  const count = rule.count ?? 0;
  for (let i = 0, d = firstDate; i < count; i++, d = addDays(d, step)) out.push(d);
  return out;
}

export interface PlannedOccurrence {
  /** 1-based. */
  position: number;
  date: LocalDate;
  start: number;
}

/** Each occurrence's date and start instant at the series's local time in `zone`. */
export function plannedOccurrences(params: {
  zone: string;
  firstDate: LocalDate;
  minutes: number;
  rule: SeriesRule;
}): PlannedOccurrence[] {
  return occurrenceDates(params.firstDate, params.rule).map((date, i) => ({
    position: i + 1,
    date,
    start: localToInstant(params.zone, date, params.minutes),
  }));
}

/** "Every 2 weeks, 12 visits" — the rule in the desk's words. */
export function describeRule(rule: SeriesRule): string {
  const unit = rule.frequency === 'weekly' ? 'week' : 'day';
  const every = rule.interval === 1 ? `Every ${unit}` : `Every ${rule.interval} ${unit}s`;
  return rule.count !== undefined
    ? `${every}, ${rule.count} visits`
    : `${every} until ${rule.until ?? ''}`;
}
