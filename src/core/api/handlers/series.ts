import { z } from 'zod';
import { id, instant, trimmed, wallTime } from '../../entities/common';
import { seriesPlacementInput } from '../../access/series';
import { bookSeries, editSeries, getSeries, previewSeries } from '../../access/service/series';
import { withReminders } from '../../reminders/followUps';
import { defineHandler } from '../handler';

export const seriesPreview = defineHandler({
  name: 'series/preview',
  mode: 'read',
  permission: 'appointments.book',
  summary:
    'Check every visit of a recurring series (daily or every N weeks, a count or an end date, at most 52) as booking would, with the nearest opening for each blocked one.',
  input: seriesPlacementInput.strict(),
  run: (input, ctx) => previewSeries(ctx, input),
});

const occurrenceChoice = z.union([
  z.object({ position: z.number().int().min(1).max(52), start: instant('start') }).strict(),
  z.object({ position: z.number().int().min(1).max(52), skip: z.literal(true) }).strict(),
]);

export const seriesBook = defineHandler({
  name: 'series/book',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Book a whole series in one step: each visit at the start chosen for it (as planned or an alternative) or skipped; one refusal books nothing.',
  input: seriesPlacementInput
    .extend({
      occurrences: z
        .array(occurrenceChoice, { error: 'occurrences must list each visit with a start or skip' })
        .min(1)
        .max(52),
    })
    .strict(),
  run: (input, ctx) => {
    const result = bookSeries(withReminders(ctx), input);
    ctx.emit({
      topic: 'appointments',
      ids: result.appointments.map((a) => a.id),
      providerIds: [input.providerId],
    });
    return result;
  },
});

export const seriesGet = defineHandler({
  name: 'series/get',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'A series with each occurrence and the appointment it stands for now (or none when skipped).',
  input: z.object({ seriesId: id('series') }).strict(),
  run: (input, ctx) => getSeries(ctx, input.seriesId),
});

export const seriesEdit = defineHandler({
  name: 'series/edit',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Move or cancel this visit, this and the following ones, or all future ones of a series; past and completed visits are never touched.',
  input: z
    .object({
      appointmentId: id('appointment'),
      scope: z.enum(['this', 'following', 'allFuture'], {
        error: 'scope must be this, following or allFuture',
      }),
      change: z.discriminatedUnion(
        'kind',
        [
          z.object({ kind: z.literal('move'), start: instant('start') }).strict(),
          z.object({ kind: z.literal('time'), time: wallTime('time') }).strict(),
          z
            .object({
              kind: z.literal('cancel'),
              reason: trimmed('cancellation reason', 300),
              requestedBy: z.enum(['patient', 'clinic', 'provider']).default('patient'),
            })
            .strict(),
        ],
        { error: 'change must be a move (start), a time (HH:MM) or a cancel (reason)' },
      ),
    })
    .strict(),
  run: (input, ctx) => {
    const c = input.change;
    const result = editSeries(withReminders(ctx), {
      appointmentId: input.appointmentId,
      scope: input.scope,
      change: c.kind === 'time' ? { kind: 'time', minutes: c.time } : c,
    });
    ctx.emit({ topic: 'appointments', ids: result.changed, providerIds: result.providerIds });
    return result;
  },
});
