/**
 * Recall's rules, pure: when a patient is due again after a completing visit, which outreach step
 * of the cadence is due on a given day, and what the text says. The caller passes the dates.
 *
 * The cadence is the one front desks run by hand (Open Dental's recall list): a note a month
 * before the due date, one on the due date, one a month after, and two months after it a call
 * by a person. Only the latest step due is sent: a patient found overdue by two months gets the
 * call, not three texts at once.
 */
import { z } from 'zod';
import { id, localDate, must, trimmed } from '../entities/common';
import { versionField } from '../entities/provider';
import { addDays, ageOn, daysInMonth, type LocalDate } from '../time';

export const RECALL_STEPS = ['before', 'due', 'after', 'call'] as const;
export type RecallStep = (typeof RECALL_STEPS)[number];

/** Days from the due date at which each step becomes due. */
export const CADENCE_DAYS: Readonly<Record<RecallStep, number>> = {
  before: -30,
  due: 0,
  after: 30,
  call: 60,
};

/** After staff spoke to the patient, no automatic outreach for this long. */
export const CONTACTED_QUIET_DAYS = 14;

const ageField = (what: string) =>
  z
    .number({ error: must(what, 'a whole number of years') })
    .int(`${what} must be a whole number of years`)
    .min(0, `${what} cannot be negative`)
    .max(130, `${what} must be at most 130`)
    .nullable();

const recallTypeFields = {
  name: trimmed('recall type name', 100),
  intervalMonths: z
    .number({ error: must('interval', 'a number of months') })
    .int('interval must be whole months')
    .min(1, 'interval must be at least 1 month')
    .max(120, 'interval must be at most 120 months'),
  visitTypeIds: z
    .array(id('visit type'), { error: must('completing visit types', 'a list of visit type ids') })
    .min(1, 'choose at least one visit type that completes the recall')
    .max(20, 'at most 20 visit types complete one recall')
    .refine((ids) => new Set(ids).size === ids.length, 'a visit type is listed twice'),
  minAgeYears: ageField('minimum age'),
  maxAgeYears: ageField('maximum age'),
};

const agesInOrder = (t: { minAgeYears?: number | null; maxAgeYears?: number | null }) =>
  t.minAgeYears == null || t.maxAgeYears == null || t.minAgeYears <= t.maxAgeYears;
const agesMessage = {
  message: 'the maximum age is below the minimum age',
  path: ['maxAgeYears'],
};

export const recallTypeCreateInput = z
  .object({
    ...recallTypeFields,
    minAgeYears: recallTypeFields.minAgeYears.default(null),
    maxAgeYears: recallTypeFields.maxAgeYears.default(null),
  })
  .strict()
  .refine(agesInOrder, agesMessage);

export const recallTypeUpdateInput = z
  .object({
    id: id('recall type'),
    version: versionField,
    name: recallTypeFields.name.optional(),
    intervalMonths: recallTypeFields.intervalMonths.optional(),
    visitTypeIds: recallTypeFields.visitTypeIds.optional(),
    minAgeYears: recallTypeFields.minAgeYears.optional(),
    maxAgeYears: recallTypeFields.maxAgeYears.optional(),
  })
  .strict()
  .refine(agesInOrder, agesMessage);

export const recallSetDueInput = z
  .object({
    patientId: id('patient'),
    recallTypeId: id('recall type'),
    dueDate: localDate('due date'),
  })
  .strict();

export const recallWorklistInput = z
  .object({
    /** Due on or before this date (default: 60 days from today). */
    dueBy: localDate('due by').optional(),
    /** Due on or after this date (default: no lower bound, so the long overdue show first). */
    dueFrom: localDate('due from').optional(),
    recallTypeId: id('recall type').optional(),
    providerId: id('provider').optional(),
  })
  .strict()
  .refine((i) => !i.dueFrom || !i.dueBy || i.dueFrom <= i.dueBy, {
    message: 'due by is before due from',
    path: ['dueBy'],
  });

/**
 * The date `months` calendar months after `date`; the 31st of a shorter month is its last day
 * (a visit on 31 March with a 3-month recall is due on 30 June, not 1 July).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Due again `intervalMonths` after the last completing visit. */
export function dueAfterVisit(visitDate: LocalDate, intervalMonths: number): LocalDate {
  return addMonths(visitDate, intervalMonths);
}

/** Whether the recall applies to someone born on `birthDate` when it falls due. */
export function withinAges(
  t: { minAgeYears: number | null; maxAgeYears: number | null },
  birthDate: LocalDate,
  dueDate: LocalDate,
): boolean {
  const age = ageOn(birthDate, dueDate);
  if (t.minAgeYears !== null && age < t.minAgeYears) return false;
  if (t.maxAgeYears !== null && age > t.maxAgeYears) return false;
  return true;
}

export function stepDate(dueDate: LocalDate, step: RecallStep): LocalDate {
  return addDays(dueDate, CADENCE_DAYS[step]);
}

/** The latest step of the cadence due on `today`, or null before the first one. */
export function stepDueOn(dueDate: LocalDate, today: LocalDate): RecallStep | null {
  let due: RecallStep | null = null;
  for (const s of RECALL_STEPS) if (stepDate(dueDate, s) <= today) due = s;
  return due;
}

/**
 * The outreach text: the clinic, that a visit is due, how to answer. The recall's name is not in
 * it ("diabetes follow-up" in an SMS would disclose a diagnosis): only "a check-up".
 */
export function recallText(p: {
  clinicName: string;
  step: Exclude<RecallStep, 'call'>;
  clinicPhone: string | null;
}): string {
  const when =
    p.step === 'before'
      ? 'You are due for a check-up next month.'
      : p.step === 'due'
        ? 'You are due for a check-up.'
        : 'Your check-up is overdue.';
  const call = p.clinicPhone ? ` or call ${p.clinicPhone}` : '';
  return `${p.clinicName}: ${when} Reply BOOK and we will offer you the first opening${call}. Reply STOP to stop texts.`;
}

/** What a reply to recall outreach means: BOOK / YES put the patient on the waitlist. */
export function isRecallBookWord(word: string): boolean {
  return ['BOOK', 'YES', 'Y', 'SI'].includes(word);
}
