import { z } from 'zod';
import { id, instant, trimmed } from '../../entities/common';
import { waitlistAddInput, waitlistUpdateInput } from '../../access/waitlist';
import {
  addEntry,
  entryOffers,
  listEntries,
  listOffers,
  matchesForSlot,
  offerSlotByHand,
  removeEntry,
  updateEntry,
} from '../../access/service/waitlist';
import { getProvider, getVisitType } from '../../db/repos/directory';
import { notFound } from '../../errors';
import { defineHandler } from '../handler';

export const waitlistAdd = defineHandler({
  name: 'waitlist/add',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Put a patient on the waitlist: visit type, provider or specialty, dates, weekdays, morning/afternoon, a later visit to pull forward, priority, expiry.',
  input: waitlistAddInput,
  run: (input, ctx) => {
    const r = addEntry(ctx, input);
    ctx.emit({ topic: 'waitlist', ids: [r.id] });
    return r;
  },
});

export const waitlistRemove = defineHandler({
  name: 'waitlist/remove',
  mode: 'write',
  permission: 'appointments.book',
  summary: 'Take a patient off the waitlist, with a reason.',
  input: z.object({ entryId: id('waitlist entry'), reason: trimmed('reason', 300) }).strict(),
  run: (input, ctx) => {
    removeEntry(ctx, input.entryId, input.reason);
    ctx.emit({ topic: 'waitlist', ids: [input.entryId] });
    return { entryId: input.entryId };
  },
});

export const waitlistList = defineHandler({
  name: 'waitlist/list',
  mode: 'read',
  permission: 'patients.view',
  summary:
    'Waitlist entries by status (active by default), highest priority and longest waiting first.',
  input: z
    .object({
      status: z
        .enum(['active', 'booked', 'removed', 'expired'], {
          error: 'status must be active, booked, removed or expired',
        })
        .default('active'),
    })
    .strict(),
  run: (input, ctx) => listEntries(ctx, input.status),
});

export const waitlistOffers = defineHandler({
  name: 'waitlist/offers',
  mode: 'read',
  permission: 'messaging.use',
  summary: 'Offers sent in a time range (at most 31 days), newest first, with their state.',
  input: z
    .object({ from: instant('from'), to: instant('to') })
    .strict()
    .refine((i) => i.to > i.from, { message: 'to must be after from', path: ['to'] })
    .refine((i) => i.to - i.from <= 31 * 86_400_000, {
      message: 'ask for at most 31 days at a time',
      path: ['to'],
    }),
  run: (input, ctx) => listOffers(ctx, input),
});

export const waitlistOfferSlot = defineHandler({
  name: 'waitlist/offerSlot',
  mode: 'write',
  permission: 'messaging.use',
  summary:
    'Offer an open time to the waitlist by hand (from the day view); texts go out in waves from the waitlist job.',
  input: z
    .object({
      providerId: id('provider'),
      locationId: id('location'),
      start: instant('start'),
      end: instant('end').optional(),
      visitTypeId: id('visit type').optional(),
    })
    .strict(),
  run: (input, ctx) => {
    if (!getProvider(ctx.db, input.providerId)) throw notFound('The provider', 'providerId');
    let end = input.end;
    if (end === undefined) {
      const v = input.visitTypeId !== undefined ? getVisitType(ctx.db, input.visitTypeId) : null;
      if (input.visitTypeId !== undefined && !v) throw notFound('The visit type', 'visitTypeId');
      end = input.start + (v?.durationMinutes ?? 30) * 60_000;
    }
    const r = offerSlotByHand(ctx, {
      providerId: input.providerId,
      locationId: input.locationId,
      start: input.start,
      end,
    });
    ctx.emit({ topic: 'waitlist', ids: [r.slotId] });
    return r;
  },
});

export const waitlistUpdate = defineHandler({
  name: 'waitlist/update',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Edit an active waitlist entry (the whole entry is stated again); audited with what changed.',
  input: waitlistUpdateInput,
  run: (input, ctx) => {
    const r = updateEntry(ctx, input);
    ctx.emit({ topic: 'waitlist', ids: [r.id] });
    return r;
  },
});

export const waitlistHistory = defineHandler({
  name: 'waitlist/history',
  mode: 'read',
  permission: 'patients.view',
  summary:
    "One entry's offers, newest first: pending, accepted, declined, expired, lost or failed.",
  input: z.object({ entryId: id('waitlist entry') }).strict(),
  run: (input, ctx) => entryOffers(ctx, input.entryId),
});

const slotInput = {
  providerId: id('provider'),
  locationId: id('location'),
  start: instant('start'),
  end: instant('end'),
};

export const waitlistMatches = defineHandler({
  name: 'waitlist/matches',
  mode: 'read',
  permission: 'patients.view',
  summary:
    'Who on the waitlist an open time suits, in the order offers would go out, each with why a text would not go to them now.',
  input: z
    .object(slotInput)
    .strict()
    .refine((i) => i.end > i.start, { message: 'end must be after start', path: ['end'] })
    .refine((i) => i.end - i.start <= 12 * 3_600_000, {
      message: 'an open time is at most 12 hours long',
      path: ['end'],
    }),
  run: (input, ctx) => matchesForSlot(ctx, input),
});
