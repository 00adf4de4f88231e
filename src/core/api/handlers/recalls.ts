import { z } from 'zod';
import { id, optionalText } from '../../entities/common';
import { versionField } from '../../entities/provider';
import {
  recallSetDueInput,
  recallTypeCreateInput,
  recallTypeUpdateInput,
  recallWorklistInput,
} from '../../access/recall';
import {
  createRecallType,
  listRecallTypes,
  markRecallContacted,
  recallWorklist,
  setRecallDue,
  setRecallTypeActive,
  updateRecallType,
} from '../../access/service/recall';
import { defineHandler } from '../handler';

export const recallTypesList = defineHandler({
  name: 'recallTypes/list',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'Recall types (annual physical every 12 months…): interval, the visit types that complete them, ages.',
  input: z.object({ includeRetired: z.boolean().default(false) }).strict(),
  run: (input, ctx) => listRecallTypes(ctx, input.includeRetired),
});

export const recallTypesCreate = defineHandler({
  name: 'recallTypes/create',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Add a recall type; patients whose last completing visit is on file get their due date at once.',
  input: recallTypeCreateInput,
  run: (input, ctx) => {
    const t = createRecallType(ctx, input);
    ctx.emit({ topic: 'recalls', ids: [t.id] });
    return t;
  },
});

export const recallTypesUpdate = defineHandler({
  name: 'recallTypes/update',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Change a recall type (only the fields given); a new interval or visit-type list recomputes due dates, manual ones kept.',
  input: recallTypeUpdateInput,
  run: (input, ctx) => {
    const t = updateRecallType(ctx, input);
    ctx.emit({ topic: 'recalls', ids: [t.id] });
    return t;
  },
});

export const recallTypesRetire = defineHandler({
  name: 'recallTypes/retire',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Retire a recall type: off the worklist, no more outreach; due dates are kept.',
  input: z.object({ id: id('recall type'), version: versionField }).strict(),
  run: (input, ctx) => {
    const t = setRecallTypeActive(ctx, input, false);
    ctx.emit({ topic: 'recalls', ids: [t.id] });
    return t;
  },
});

export const recallTypesRestore = defineHandler({
  name: 'recallTypes/restore',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Put a retired recall type back in use.',
  input: z.object({ id: id('recall type'), version: versionField }).strict(),
  run: (input, ctx) => {
    const t = setRecallTypeActive(ctx, input, true);
    ctx.emit({ topic: 'recalls', ids: [t.id] });
    return t;
  },
});

export const recallsWorklist = defineHandler({
  name: 'recalls/worklist',
  mode: 'read',
  permission: 'patients.view',
  summary:
    'Patients due for a recall by a date (default: 60 days ahead), by type and provider, oldest due first; those already booked for it are left out.',
  input: recallWorklistInput,
  run: (input, ctx) => recallWorklist(ctx, input),
});

export const recallsSetDue = defineHandler({
  name: 'recalls/setDue',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    "Set a patient's due date for a recall type by hand; a later completed visit does not move it.",
  input: recallSetDueInput,
  run: (input, ctx) => {
    const r = setRecallDue(ctx, input);
    ctx.emit({ topic: 'recalls', ids: [r.recallId] });
    return r;
  },
});

export const recallsMarkContacted = defineHandler({
  name: 'recalls/markContacted',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Note that staff reached the patient about a recall: closes its call task and pauses texts for 14 days.',
  input: z
    .object({ recallId: id('recall'), note: optionalText('note', 300).default(null) })
    .strict(),
  run: (input, ctx) => {
    const r = markRecallContacted(ctx, { recallId: input.recallId, note: input.note ?? null });
    ctx.emit({ topic: 'recalls', ids: [input.recallId] });
    return r;
  },
});
