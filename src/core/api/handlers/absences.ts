/**
 * Provider absence: mark a provider absent over a span, review the held proposals, edit one,
 * accept all (the absence job then moves and notifies), or discard. See access/service/absence.ts.
 */
import { z } from 'zod';
import { id } from '../../entities/common';
import { absenceChoiceInput, absenceSpanInput } from '../../access/absence';
import {
  absenceAlternatives,
  acceptAbsence,
  chooseForItem,
  createAbsence,
  discardAbsence,
  getAbsence,
  listOpenAbsences,
  previewAbsence,
} from '../../access/service/absence';
import { defineHandler } from '../handler';

const absenceId = z.object({ absenceId: id('absence') }).strict();

export const absencesPreview = defineHandler({
  name: 'absences/preview',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'The booked and confirmed visits a provider absence (whole days or a span) would hit, before anything is written.',
  input: absenceSpanInput,
  run: (input, ctx) => previewAbsence(ctx, input),
});

export const absencesCreate = defineHandler({
  name: 'absences/create',
  mode: 'write',
  permission: 'schedules.edit',
  summary:
    'Mark a provider absent: time off recorded, each affected visit given a held proposal (same provider later, a same-specialty in-network colleague who speaks the language, anyone). Nothing is moved or sent yet.',
  input: absenceSpanInput,
  run: (input, ctx) => {
    const r = createAbsence(ctx, input);
    ctx.emit({ topic: 'schedules', providerIds: [input.providerId] });
    ctx.emit({ topic: 'absences', ids: [r.absenceId] });
    return r;
  },
});

export const absencesGet = defineHandler({
  name: 'absences/get',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'One absence: each affected visit with its proposal, the decision and how far the move got.',
  input: absenceId,
  run: (input, ctx) => getAbsence(ctx, input.absenceId),
});

export const absencesList = defineHandler({
  name: 'absences/list',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'Absences under review or being moved, and those of the last 7 days.',
  input: z.object({}).strict(),
  run: (_input, ctx) => ({ items: listOpenAbsences(ctx) }),
});

export const absencesAlternatives = defineHandler({
  name: 'absences/alternatives',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'The next openings for one affected visit, to pick instead of its proposal.',
  input: z.object({ itemId: id('absence item') }).strict(),
  run: (input, ctx) => absenceAlternatives(ctx, input.itemId),
});

export const absencesChoose = defineHandler({
  name: 'absences/choose',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Edit one affected visit before accepting: move it to another opening (checked and held) or cancel it (a provider bump).',
  input: absenceChoiceInput,
  run: (input, ctx) => {
    const r = chooseForItem(ctx, input);
    ctx.emit({ topic: 'absences' });
    ctx.emit({ topic: 'appointments' });
    return r;
  },
});

export const absencesAccept = defineHandler({
  name: 'absences/accept',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    "Accept every visit's proposal or decision; the absence job moves them one by one and texts each patient the new time with C / X to answer.",
  input: absenceId,
  run: (input, ctx) => {
    const r = acceptAbsence(ctx, input.absenceId);
    ctx.emit({ topic: 'absences', ids: [input.absenceId] });
    return r;
  },
});

export const absencesDiscard = defineHandler({
  name: 'absences/discard',
  mode: 'write',
  permission: 'schedules.edit',
  summary: 'Drop the proposals and release their held slots; the time off stays on the schedule.',
  input: absenceId,
  run: (input, ctx) => {
    const r = discardAbsence(ctx, input.absenceId);
    ctx.emit({ topic: 'absences', ids: [input.absenceId] });
    ctx.emit({ topic: 'appointments' });
    return r;
  },
});
