/**
 * The manager's settings: edit, archive and restore locations, providers and visit types. Every
 * save carries the version its form was opened at (a stale one is refused with CONFLICT).
 */
import { z } from 'zod';
import {
  archiveLocation,
  deactivateProvider,
  futureAppointments,
  reactivateProvider,
  restoreLocation,
  restoreVisitType,
  retireVisitType,
  updateLocation,
  updateProvider,
  updateVisitType,
  zoneChangePreview,
} from '../../clinic/service/settings';
import { getLocation, getProvider } from '../../db/repos/directory';
import { id, timeZone } from '../../entities/common';
import { locationUpdateInput } from '../../entities/location';
import { providerUpdateInput, versionField } from '../../entities/provider';
import { visitTypeUpdateInput } from '../../entities/visitType';
import { notFound } from '../../errors';
import { defineHandler } from '../handler';

const keepFutureAppointments = z
  .boolean({ error: 'keepFutureAppointments must be true or false' })
  .default(false);

export const locationsUpdate = defineHandler({
  name: 'locations/update',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Change a location (only the fields given); refused when someone saved it since.',
  input: locationUpdateInput,
  run: (input, ctx) => {
    const location = updateLocation(ctx, input);
    ctx.emit({ topic: 'locations', ids: [location.id] });
    return location;
  },
});

export const locationsArchive = defineHandler({
  name: 'locations/archive',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Stop booking at a location; with upcoming visits there, refused with their list unless they are kept.',
  input: z.object({ id: id('location'), version: versionField, keepFutureAppointments }).strict(),
  run: (input, ctx) => {
    const r = archiveLocation(ctx, input);
    ctx.emit({ topic: 'locations', ids: [r.location.id] });
    return r;
  },
});

export const locationsRestore = defineHandler({
  name: 'locations/restore',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Open an archived location for booking again.',
  input: z.object({ id: id('location'), version: versionField }).strict(),
  run: (input, ctx) => {
    const location = restoreLocation(ctx, input);
    ctx.emit({ topic: 'locations', ids: [location.id] });
    return location;
  },
});

export const providersUpdate = defineHandler({
  name: 'providers/update',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    "Change a provider's details, languages, ages or locations (only the fields given); refused when someone saved them since.",
  input: providerUpdateInput,
  run: (input, ctx) => {
    const provider = updateProvider(ctx, input);
    ctx.emit({ topic: 'providers', ids: [provider.id] });
    return provider;
  },
});

export const providersFutureAppointments = defineHandler({
  name: 'providers/futureAppointments',
  mode: 'read',
  permission: 'schedule.view',
  summary: "A provider's visits from now on that are not yet seen: what deactivating them leaves.",
  input: z.object({ id: id('provider') }).strict(),
  run: (input, ctx) => {
    if (!getProvider(ctx.db, input.id)) throw notFound('The provider', 'id');
    return futureAppointments(ctx.db, ctx.now, { providerId: input.id });
  },
});

export const locationsFutureAppointments = defineHandler({
  name: 'locations/futureAppointments',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'Visits at a location from now on that are not yet seen: what archiving it leaves.',
  input: z.object({ id: id('location') }).strict(),
  run: (input, ctx) => {
    if (!getLocation(ctx.db, input.id)) throw notFound('The location', 'id');
    return futureAppointments(ctx.db, ctx.now, { locationId: input.id });
  },
});

export const providersDeactivate = defineHandler({
  name: 'providers/deactivate',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'A provider stops being bookable; with upcoming visits, refused with their list unless they are kept.',
  input: z.object({ id: id('provider'), version: versionField, keepFutureAppointments }).strict(),
  run: (input, ctx) => {
    const r = deactivateProvider(ctx, input);
    ctx.emit({ topic: 'providers', ids: [r.provider.id] });
    return r;
  },
});

export const providersReactivate = defineHandler({
  name: 'providers/reactivate',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Make a deactivated provider bookable again.',
  input: z.object({ id: id('provider'), version: versionField }).strict(),
  run: (input, ctx) => {
    const provider = reactivateProvider(ctx, input);
    ctx.emit({ topic: 'providers', ids: [provider.id] });
    return provider;
  },
});

export const visitTypesUpdate = defineHandler({
  name: 'visitTypes/update',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Change a visit type (only the fields given); a new duration applies to new bookings, booked visits keep theirs.',
  input: visitTypeUpdateInput,
  run: (input, ctx) => {
    const r = updateVisitType(ctx, input);
    ctx.emit({ topic: 'visitTypes', ids: [r.visitType.id] });
    return r;
  },
});

export const visitTypesRetire = defineHandler({
  name: 'visitTypes/retire',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Stop offering a visit type for new bookings; visits booked with it keep it.',
  input: z.object({ id: id('visit type'), version: versionField }).strict(),
  run: (input, ctx) => {
    const r = retireVisitType(ctx, input);
    ctx.emit({ topic: 'visitTypes', ids: [r.visitType.id] });
    return r;
  },
});

export const visitTypesRestore = defineHandler({
  name: 'visitTypes/restore',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Offer a retired visit type again.',
  input: z.object({ id: id('visit type'), version: versionField }).strict(),
  run: (input, ctx) => {
    const visitType = restoreVisitType(ctx, input);
    ctx.emit({ topic: 'visitTypes', ids: [visitType.id] });
    return visitType;
  },
});

export const clinicPreviewZoneChange = defineHandler({
  name: 'clinic/previewZoneChange',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    'What moving the clinic to another time zone does: hours keep their clock times, upcoming visits show at new ones.',
  input: z.object({ timeZone }).strict(),
  run: (input, ctx) => zoneChangePreview(ctx.db, ctx.now, input.timeZone),
});
