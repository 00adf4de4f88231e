import { z } from 'zod';
import { formatWallTime } from '../time';
import { id, instant, localDate, optionalText, wallTime } from './common';

const span = z
  .object({ start: wallTime('start'), end: wallTime('end') })
  .refine((b) => b.end > b.start, { message: 'end must be after start', path: ['end'] });

const hoursBlock = z
  .object({
    start: wallTime('start'),
    end: wallTime('end'),
    /** Visit types this block allows; omitted or null = every visit type. */
    visitTypeIds: z
      .array(id('visit type'))
      .min(1, 'list at least one visit type, or leave it out to allow all')
      .nullable()
      .optional(),
  })
  .refine((b) => b.end > b.start, { message: 'end must be after start', path: ['end'] });

type Span = { start: number; end: number };
function checkNoOverlap(
  spans: Span[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
  what: string,
) {
  const sorted = spans.map((s, i) => ({ ...s, i })).sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (cur.start < prev.end) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, cur.i, 'start'],
        message: `${what} ${formatWallTime(cur.start)}–${formatWallTime(cur.end)} overlaps ${formatWallTime(prev.start)}–${formatWallTime(prev.end)}`,
      });
    }
  }
}

const dayHours = z
  .object({
    hours: z.array(hoursBlock).max(12).default([]),
    breaks: z.array(span).max(12).default([]),
  })
  .superRefine((d, ctx) => {
    checkNoOverlap(d.hours, ctx, ['hours'], 'hours');
  });

const weekDay = dayHours.and(
  z.object({
    weekday: z
      .number()
      .int()
      .min(1, 'weekday must be 1 (Monday) to 7 (Sunday)')
      .max(7, 'weekday must be 1 (Monday) to 7 (Sunday)'),
  }),
);

export const setWeeklyInput = z
  .object({
    providerId: id('provider'),
    locationId: id('location'),
    effectiveFrom: localDate('effective from'),
    /** Last date it applies, inclusive; omitted = until changed. */
    effectiveTo: localDate('effective to').nullable().optional(),
    /** The week; weekdays not listed are closed. */
    days: z.array(weekDay).max(7),
  })
  .superRefine((w, ctx) => {
    if (w.effectiveTo && w.effectiveTo < w.effectiveFrom) {
      ctx.addIssue({
        code: 'custom',
        path: ['effectiveTo'],
        message: 'effective to must not be before effective from',
      });
    }
    const seen = new Set<number>();
    w.days.forEach((d, i) => {
      if (seen.has(d.weekday))
        ctx.addIssue({
          code: 'custom',
          path: ['days', i, 'weekday'],
          message: `weekday ${d.weekday} is listed twice`,
        });
      seen.add(d.weekday);
    });
  });
export type SetWeeklyInput = z.output<typeof setWeeklyInput>;

export const setOverrideInput = z
  .object({
    providerId: id('provider'),
    locationId: id('location'),
    date: localDate('date'),
    reason: optionalText('reason', 300),
  })
  .and(dayHours);
export type SetOverrideInput = z.output<typeof setOverrideInput>;

export const addTimeOffInput = z
  .object({
    providerId: id('provider'),
    reason: optionalText('reason', 300),
    /** Either whole local days (from/to dates, inclusive) … */
    fromDate: localDate('from date').optional(),
    toDate: localDate('to date').optional(),
    /** … or exact instants. */
    start: instant('start').optional(),
    end: instant('end').optional(),
  })
  .superRefine((t, ctx) => {
    const byDate = t.fromDate !== undefined || t.toDate !== undefined;
    const byTime = t.start !== undefined || t.end !== undefined;
    if (byDate === byTime) {
      ctx.addIssue({
        code: 'custom',
        path: ['fromDate'],
        message: 'give either fromDate and toDate (whole days) or start and end (times)',
      });
      return;
    }
    if (byDate) {
      if (!t.fromDate)
        ctx.addIssue({
          code: 'custom',
          path: ['fromDate'],
          message: 'fromDate is required with toDate',
        });
      else if (!t.toDate)
        ctx.addIssue({
          code: 'custom',
          path: ['toDate'],
          message: 'toDate is required with fromDate',
        });
      else if (t.toDate < t.fromDate)
        ctx.addIssue({
          code: 'custom',
          path: ['toDate'],
          message: 'to date must not be before from date',
        });
    } else {
      if (t.start === undefined)
        ctx.addIssue({ code: 'custom', path: ['start'], message: 'start is required with end' });
      else if (t.end === undefined)
        ctx.addIssue({ code: 'custom', path: ['end'], message: 'end is required with start' });
      else if (t.end <= t.start)
        ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    }
  });
export type AddTimeOffInput = z.output<typeof addTimeOffInput>;
