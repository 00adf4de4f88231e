import { z } from 'zod';
import { localDate } from '../../entities/common';
import { AppError } from '../../errors';
import {
  attendance,
  fill14,
  leadTime,
  reminderEffect,
  utilization,
  weekdayHour,
  type ReportFilter,
} from '../../reports/service/reports';
import { tnaaTrend } from '../../reports/service/tnaa';
import { TNAA_TARGET_DAYS } from '../../../shared/reportDefinitions';
import { daysBetween } from '../../time';
import { defineHandler } from '../handler';

const ids = z.array(z.number().int().positive()).max(500).optional();

const filterFields = {
  from: localDate('from'),
  to: localDate('to'),
  providerIds: ids,
  locationIds: ids,
  visitTypeIds: ids,
};

const filter = z.object(filterFields).strict();

/** A span a person can read: first date before the last, at most about two years. */
function checked<T extends ReportFilter>(f: T): T {
  if (f.to < f.from)
    throw new AppError('VALIDATION', 'The last date must not be before the first date.', 'to');
  if (daysBetween(f.from, f.to) > 740)
    throw new AppError(
      'VALIDATION',
      'A report covers at most two years; choose a shorter span.',
      'to',
    );
  return f;
}

export const reportsUtilization = defineHandler({
  name: 'reports/utilization',
  mode: 'read',
  permission: 'reports.view',
  summary: 'Booked minutes ÷ open template minutes per provider and day, week or month.',
  input: z
    .object({ ...filterFields, granularity: z.enum(['day', 'week', 'month']).default('week') })
    .strict(),
  run: (input, ctx) => utilization(ctx.db, ctx.now, checked(input)),
});

export const reportsFill = defineHandler({
  name: 'reports/fill',
  mode: 'read',
  permission: 'reports.view',
  summary: 'How full the next 14 days are, per provider.',
  input: z.object({ providerIds: ids, locationIds: ids, visitTypeIds: ids }).strict(),
  run: (input, ctx) => fill14(ctx.db, ctx.now, input),
});

export const reportsAttendance = defineHandler({
  name: 'reports/attendance',
  mode: 'read',
  permission: 'reports.view',
  summary: 'No-show rate, late-cancel rate and cancellations by who asked.',
  input: filter,
  run: (input, ctx) => attendance(ctx.db, ctx.now, checked(input)),
});

export const reportsLeadTime = defineHandler({
  name: 'reports/leadTime',
  mode: 'read',
  permission: 'reports.view',
  summary: 'Days from booking to visit (median, 90th percentile) and new-patient lag.',
  input: filter,
  run: (input, ctx) => leadTime(ctx.db, ctx.now, checked(input)),
});

export const reportsWeekdayHour = defineHandler({
  name: 'reports/weekdayHour',
  mode: 'read',
  permission: 'reports.view',
  summary: 'Visits by weekday and hour, clinic time.',
  input: filter,
  run: (input, ctx) => weekdayHour(ctx.db, ctx.now, checked(input)),
});

export const reportsReminderEffect = defineHandler({
  name: 'reports/reminderEffect',
  mode: 'read',
  permission: 'reports.view',
  summary: 'Confirmation rate after reminders and no-show rate by reminder outcome.',
  input: filter,
  run: (input, ctx) => reminderEffect(ctx.db, ctx.now, checked(input)),
});

export const reportsTnaa = defineHandler({
  name: 'reports/tnaa',
  mode: 'read',
  permission: 'reports.view',
  summary:
    'Time to third next available per day (median and worst over providers × visit types), with the target and the latest figures.',
  input: z
    .object({ from: localDate('from'), to: localDate('to'), providerIds: ids, visitTypeIds: ids })
    .strict(),
  run: (input, ctx) => tnaaTrend(ctx.db, { ...checked(input), targetDays: TNAA_TARGET_DAYS }),
});
