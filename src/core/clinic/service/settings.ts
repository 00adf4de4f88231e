/**
 * What a practice manager changes in settings: locations, providers, visit types and the clinic's
 * rules. Each save names the version the form was opened at; when someone else saved in between,
 * the save is refused with the record as it now is (nothing is overwritten, and the form keeps
 * what this person typed), so two managers editing one provider never lose each other's work.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { CoreContext } from '../../context';
import { writeAudit } from '../../db/repos/audit';
import { listAppointmentItems } from '../../db/repos/appointments';
import { getClinic, updateClinic } from '../../db/repos/clinic';
import {
  getLocation,
  getProvider,
  getVisitType,
  listLocations,
  listProviders,
  listVisitTypes,
} from '../../db/repos/directory';
import type { ClinicDb } from '../../db/open';
import {
  locations,
  providerLocations,
  providers,
  visitTypes,
  visitTypeSpecialties,
  weeklySchedules,
} from '../../db/schema';
import type { ClinicSettings } from '../../entities/clinic';
import type { Location, LocationUpdateInput } from '../../entities/location';
import type { Provider, ProviderUpdateInput } from '../../entities/provider';
import type { VisitType, VisitTypeUpdateInput } from '../../entities/visitType';
import { AppError, notFound } from '../../errors';
import { formatForPeople } from '../../time';
import { NOT_YET_SEEN_STATUSES } from '../../../shared/appointments';

const DAY_MS = 86_400_000;
/** How far ahead "future appointments" looks: beyond any booking horizon a clinic can set (730 days). */
const FUTURE_DAYS = 800;

/**
 * Refuses a save made from an older copy. The message says what to do; `details.current` is the
 * record as it is now, so the form can show the other person's values beside this person's.
 */
export function requireVersion(params: {
  what: string;
  current: { version: number };
  given: number;
  field?: string;
}): void {
  if (params.given === params.current.version) return;
  throw new AppError(
    'CONFLICT',
    `Someone else changed ${params.what} after you opened it. Nothing was saved: your changes are still in the form — check theirs, then save again.`,
    params.field ?? 'version',
    { currentVersion: params.current.version, current: params.current as Record<string, unknown> },
  );
}

/** What changed, field by field, for the audit row (only fields whose value differs). */
function diff(before: object, after: object): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const b = before as Record<string, unknown>;
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined || k === 'id' || k === 'version') continue;
    if (JSON.stringify(b[k]) !== JSON.stringify(v)) out[k] = { from: b[k] ?? null, to: v };
  }
  return out;
}

export interface FutureAppointment {
  id: number;
  start: string;
  end: string;
  /** "Tue Mar 3, 9:30 AM" in the clinic's zone. */
  when: string;
  status: string;
  patientId: number;
  patientName: string;
  providerId: number;
  locationId: number;
  visitTypeId: number;
  visitTypeName: string;
}

/** Visits not yet seen from now on, of one provider or at one location, by start. */
export function futureAppointments(
  db: ClinicDb,
  now: number,
  of: { providerId?: number; locationId?: number; visitTypeId?: number },
): FutureAppointment[] {
  const zone = getClinic(db, now).timeZone;
  return listAppointmentItems(db, {
    from: now,
    to: now + FUTURE_DAYS * DAY_MS,
    providerIds: of.providerId ? [of.providerId] : undefined,
    locationId: of.locationId,
    statuses: NOT_YET_SEEN_STATUSES,
  })
    .filter((a) => of.visitTypeId === undefined || a.visitTypeId === of.visitTypeId)
    .map((a) => ({
      id: a.id,
      start: a.start,
      end: a.end,
      when: formatForPeople(zone, Date.parse(a.start)),
      status: a.status,
      patientId: a.patientId,
      patientName: a.patientName,
      providerId: a.providerId,
      locationId: a.locationId,
      visitTypeId: a.visitTypeId,
      visitTypeName: a.visitTypeName,
    }));
}

// ---------------------------------------------------------------------------------------------
// Locations

function requireLocation(db: ClinicDb, id: number): Location {
  const l = getLocation(db, id);
  if (!l) throw notFound('The location', 'id');
  return l;
}

export function updateLocation(ctx: CoreContext, input: LocationUpdateInput): Location {
  const before = requireLocation(ctx.db, input.id);
  requireVersion({ what: `the location ${before.name}`, current: before, given: input.version });
  const { id, version: _v, ...patch } = input;
  if (
    patch.name !== undefined &&
    listLocations(ctx.db).some(
      (l) => l.id !== id && l.name.toLowerCase() === patch.name!.toLowerCase(),
    )
  )
    throw new AppError('CONFLICT', `A location named ${patch.name} already exists.`, 'name');
  const changes = diff(before, patch);
  ctx.db.orm
    .update(locations)
    .set({ ...patch, version: sql`${locations.version} + 1` })
    .where(and(eq(locations.id, id), eq(locations.version, input.version)))
    .run();
  writeAudit(ctx, {
    action: 'location.updated',
    entityType: 'location',
    entityId: id,
    details: { name: before.name, changes },
  });
  return getLocation(ctx.db, id)!;
}

/**
 * Archiving a location stops new bookings there. Visits already booked there are not moved or
 * cancelled behind anyone's back: while there are any, the archive is refused with the list,
 * unless the person confirms they stay booked.
 */
export function archiveLocation(
  ctx: CoreContext,
  input: { id: number; version: number; keepFutureAppointments: boolean },
): { location: Location; futureAppointments: FutureAppointment[] } {
  const before = requireLocation(ctx.db, input.id);
  requireVersion({ what: `the location ${before.name}`, current: before, given: input.version });
  if (!before.active)
    throw new AppError('INVALID_STATE', `${before.name} is already archived.`, 'id');
  if (!listLocations(ctx.db).some((l) => l.active && l.id !== before.id))
    throw new AppError(
      'INVALID_STATE',
      `${before.name} is the clinic's only open location; add another before archiving it.`,
      'id',
    );
  const future = futureAppointments(ctx.db, ctx.now, { locationId: before.id });
  if (future.length && !input.keepFutureAppointments)
    throw new AppError(
      'INVALID_STATE',
      `${before.name} has ${future.length} upcoming ${future.length === 1 ? 'visit' : 'visits'}. Move or cancel them first, or archive anyway and they stay booked there.`,
      'id',
      { futureAppointments: future },
    );
  setActive(ctx, locations, before.id, input.version, false);
  writeAudit(ctx, {
    action: 'location.archived',
    entityType: 'location',
    entityId: before.id,
    details: { name: before.name, keptAppointmentIds: future.map((a) => a.id) },
  });
  return { location: getLocation(ctx.db, before.id)!, futureAppointments: future };
}

export function restoreLocation(
  ctx: CoreContext,
  input: { id: number; version: number },
): Location {
  const before = requireLocation(ctx.db, input.id);
  requireVersion({ what: `the location ${before.name}`, current: before, given: input.version });
  if (before.active) throw new AppError('INVALID_STATE', `${before.name} is already open.`, 'id');
  setActive(ctx, locations, before.id, input.version, true);
  writeAudit(ctx, {
    action: 'location.restored',
    entityType: 'location',
    entityId: before.id,
    details: { name: before.name },
  });
  return getLocation(ctx.db, before.id)!;
}

function setActive(
  ctx: CoreContext,
  table: typeof locations | typeof providers | typeof visitTypes,
  id: number,
  version: number,
  active: boolean,
): void {
  ctx.db.orm
    .update(table)
    .set({ active, version: sql`${table.version} + 1` })
    .where(and(eq(table.id, id), eq(table.version, version)))
    .run();
}

// ---------------------------------------------------------------------------------------------
// Providers

function requireProvider(db: ClinicDb, id: number): Provider {
  const p = getProvider(db, id);
  if (!p) throw notFound('The provider', 'id');
  return p;
}

export function updateProvider(ctx: CoreContext, input: ProviderUpdateInput): Provider {
  const before = requireProvider(ctx.db, input.id);
  requireVersion({ what: before.displayName, current: before, given: input.version });
  const { id, version: _v, locationIds, ...patch } = input;
  if (patch.npi && patch.npi !== before.npi) {
    const other = listProviders(ctx.db, { includeInactive: true }).find(
      (p) => p.npi === patch.npi && p.id !== id,
    );
    if (other)
      throw new AppError('CONFLICT', `${other.displayName} already has NPI ${patch.npi}.`, 'npi');
  }
  const minAge = patch.minAgeYears !== undefined ? patch.minAgeYears : before.minAgeYears;
  const maxAge = patch.maxAgeYears !== undefined ? patch.maxAgeYears : before.maxAgeYears;
  if (minAge != null && maxAge != null && minAge > maxAge)
    throw new AppError(
      'VALIDATION',
      'minimum patient age must not be above the maximum',
      patch.maxAgeYears !== undefined ? 'maxAgeYears' : 'minAgeYears',
    );
  let nextLocations: number[] | undefined;
  if (locationIds) {
    nextLocations = [...new Set(locationIds)];
    const known = new Map(listLocations(ctx.db).map((l) => [l.id as number, l]));
    locationIds.forEach((l, i) => {
      if (!known.has(l))
        throw new AppError('NOT_FOUND', `Location ${l} was not found.`, `locationIds.${i}`);
    });
    // Leaving a location where visits are still booked would hide them from that location's day.
    for (const gone of before.locationIds.filter((l) => !nextLocations!.includes(l))) {
      const future = futureAppointments(ctx.db, ctx.now, { providerId: id, locationId: gone });
      if (future.length)
        throw new AppError(
          'INVALID_STATE',
          `${before.displayName} still has ${future.length} upcoming ${future.length === 1 ? 'visit' : 'visits'} at ${known.get(gone)?.name ?? `location ${gone}`}; move or cancel them before removing that location.`,
          'locationIds',
          { futureAppointments: future },
        );
      const hours = ctx.db.orm
        .select({ id: weeklySchedules.id })
        .from(weeklySchedules)
        .where(
          and(
            eq(weeklySchedules.providerId, id),
            eq(weeklySchedules.locationId, gone),
            sql`(${weeklySchedules.effectiveTo} IS NULL OR ${weeklySchedules.effectiveTo} >= date(${ctx.now} / 1000, 'unixepoch'))`,
          ),
        )
        .all();
      if (hours.length)
        throw new AppError(
          'INVALID_STATE',
          `${before.displayName} has weekly hours at ${known.get(gone)?.name ?? `location ${gone}`}; end those hours (Schedules) before removing that location.`,
          'locationIds',
        );
    }
  }
  const set: Partial<typeof providers.$inferInsert> = {};
  if (patch.firstName !== undefined) set.firstName = patch.firstName;
  if (patch.lastName !== undefined) set.lastName = patch.lastName;
  if (patch.credentials !== undefined) set.credentials = patch.credentials;
  if (patch.npi !== undefined) set.npi = patch.npi;
  if (patch.taxonomyCode !== undefined) set.taxonomyCode = patch.taxonomyCode;
  if (patch.languages !== undefined) set.languages = JSON.stringify([...new Set(patch.languages)]);
  if (patch.sex !== undefined) set.sex = patch.sex;
  if (patch.acceptsNewPatients !== undefined) set.acceptsNewPatients = patch.acceptsNewPatients;
  if (patch.minAgeYears !== undefined) set.minAgeYears = patch.minAgeYears;
  if (patch.maxAgeYears !== undefined) set.maxAgeYears = patch.maxAgeYears;
  if (patch.color !== undefined) set.color = patch.color;
  const changes = diff(before, {
    ...patch,
    ...(nextLocations ? { locationIds: nextLocations } : {}),
  });
  ctx.db.orm
    .update(providers)
    .set({ ...set, version: sql`${providers.version} + 1` })
    .where(and(eq(providers.id, id), eq(providers.version, input.version)))
    .run();
  if (nextLocations && changes.locationIds) {
    ctx.db.orm.delete(providerLocations).where(eq(providerLocations.providerId, id)).run();
    ctx.db.orm
      .insert(providerLocations)
      .values(nextLocations.map((locationId) => ({ providerId: id, locationId })))
      .run();
  }
  writeAudit(ctx, {
    action: 'provider.updated',
    entityType: 'provider',
    entityId: id,
    details: { name: before.displayName, changes },
  });
  return getProvider(ctx.db, id)!;
}

/**
 * A provider who leaves is deactivated, never deleted: past visits and reports keep them. Their
 * upcoming visits are listed; while there are any, deactivation is refused with that list unless
 * the person confirms they stay booked (to be moved or cancelled one by one).
 */
export function deactivateProvider(
  ctx: CoreContext,
  input: { id: number; version: number; keepFutureAppointments: boolean },
): { provider: Provider; futureAppointments: FutureAppointment[] } {
  const before = requireProvider(ctx.db, input.id);
  requireVersion({ what: before.displayName, current: before, given: input.version });
  if (!before.active)
    throw new AppError('INVALID_STATE', `${before.displayName} is already inactive.`, 'id');
  const future = futureAppointments(ctx.db, ctx.now, { providerId: before.id });
  if (future.length && !input.keepFutureAppointments)
    throw new AppError(
      'INVALID_STATE',
      `${before.displayName} has ${future.length} upcoming ${future.length === 1 ? 'visit' : 'visits'}. Move or cancel them first, or deactivate anyway and they stay booked.`,
      'id',
      { futureAppointments: future },
    );
  setActive(ctx, providers, before.id, input.version, false);
  writeAudit(ctx, {
    action: 'provider.deactivated',
    entityType: 'provider',
    entityId: before.id,
    details: { name: before.displayName, keptAppointmentIds: future.map((a) => a.id) },
  });
  return { provider: getProvider(ctx.db, before.id)!, futureAppointments: future };
}

export function reactivateProvider(
  ctx: CoreContext,
  input: { id: number; version: number },
): Provider {
  const before = requireProvider(ctx.db, input.id);
  requireVersion({ what: before.displayName, current: before, given: input.version });
  if (before.active)
    throw new AppError('INVALID_STATE', `${before.displayName} is already active.`, 'id');
  setActive(ctx, providers, before.id, input.version, true);
  writeAudit(ctx, {
    action: 'provider.reactivated',
    entityType: 'provider',
    entityId: before.id,
    details: { name: before.displayName },
  });
  return getProvider(ctx.db, before.id)!;
}

// ---------------------------------------------------------------------------------------------
// Visit types

function requireVisitType(db: ClinicDb, id: number): VisitType {
  const v = getVisitType(db, id);
  if (!v) throw notFound('The visit type', 'id');
  return v;
}

/**
 * A changed duration applies to bookings made from now on; visits already booked keep their start
 * and end (an appointment stores both), and the answer says how many such visits there are.
 */
export function updateVisitType(
  ctx: CoreContext,
  input: VisitTypeUpdateInput,
): { visitType: VisitType; bookedKeepingOldDuration: number } {
  const before = requireVisitType(ctx.db, input.id);
  requireVersion({
    what: `the visit type ${before.name}`,
    current: before,
    given: input.version,
  });
  const { id, version: _v, specialties, ...patch } = input;
  if (
    patch.name !== undefined &&
    listVisitTypes(ctx.db).some(
      (v) => v.id !== id && v.name.toLowerCase() === patch.name!.toLowerCase(),
    )
  )
    throw new AppError('CONFLICT', `A visit type named ${patch.name} already exists.`, 'name');
  const nextSpecs = specialties ? [...new Set(specialties)] : undefined;
  const changes = diff(before, { ...patch, ...(nextSpecs ? { specialties: nextSpecs } : {}) });
  ctx.db.orm
    .update(visitTypes)
    .set({ ...patch, version: sql`${visitTypes.version} + 1` })
    .where(and(eq(visitTypes.id, id), eq(visitTypes.version, input.version)))
    .run();
  if (nextSpecs && changes.specialties) {
    ctx.db.orm.delete(visitTypeSpecialties).where(eq(visitTypeSpecialties.visitTypeId, id)).run();
    if (nextSpecs.length)
      ctx.db.orm
        .insert(visitTypeSpecialties)
        .values(nextSpecs.map((taxonomyCode) => ({ visitTypeId: id, taxonomyCode })))
        .run();
  }
  const booked = changes.durationMinutes
    ? futureAppointments(ctx.db, ctx.now, { visitTypeId: id }).length
    : 0;
  writeAudit(ctx, {
    action: 'visitType.updated',
    entityType: 'visitType',
    entityId: id,
    details: { name: before.name, changes, bookedKeepingOldDuration: booked },
  });
  return { visitType: getVisitType(ctx.db, id)!, bookedKeepingOldDuration: booked };
}

/** Retired: no longer offered for new bookings; visits booked with it keep it. */
export function retireVisitType(
  ctx: CoreContext,
  input: { id: number; version: number },
): { visitType: VisitType; stillBooked: number } {
  const before = requireVisitType(ctx.db, input.id);
  requireVersion({
    what: `the visit type ${before.name}`,
    current: before,
    given: input.version,
  });
  if (!before.active)
    throw new AppError('INVALID_STATE', `${before.name} is already retired.`, 'id');
  setActive(ctx, visitTypes, before.id, input.version, false);
  const stillBooked = futureAppointments(ctx.db, ctx.now, { visitTypeId: before.id }).length;
  writeAudit(ctx, {
    action: 'visitType.retired',
    entityType: 'visitType',
    entityId: before.id,
    details: { name: before.name, stillBooked },
  });
  return { visitType: getVisitType(ctx.db, before.id)!, stillBooked };
}

export function restoreVisitType(
  ctx: CoreContext,
  input: { id: number; version: number },
): VisitType {
  const before = requireVisitType(ctx.db, input.id);
  requireVersion({
    what: `the visit type ${before.name}`,
    current: before,
    given: input.version,
  });
  if (before.active)
    throw new AppError('INVALID_STATE', `${before.name} is already offered.`, 'id');
  setActive(ctx, visitTypes, before.id, input.version, true);
  writeAudit(ctx, {
    action: 'visitType.restored',
    entityType: 'visitType',
    entityId: before.id,
    details: { name: before.name },
  });
  return getVisitType(ctx.db, before.id)!;
}

// ---------------------------------------------------------------------------------------------
// Clinic

/**
 * What moving the clinic to another time zone does: weekly hours are wall-clock times, so they
 * stay 9:00–17:00 in the new zone; booked visits are instants, so each keeps its moment and shows
 * at a different local time. This lists those visits with their old and new local times.
 */
export function zoneChangePreview(
  db: ClinicDb,
  now: number,
  timeZone: string,
): {
  from: string;
  to: string;
  movedAppointments: { id: number; patientName: string; before: string; after: string }[];
  message: string;
} {
  const current = getClinic(db, now);
  const future = listAppointmentItems(db, {
    from: now,
    to: now + FUTURE_DAYS * DAY_MS,
    statuses: NOT_YET_SEEN_STATUSES,
  });
  const moved = future
    .map((a) => {
      const at = Date.parse(a.start);
      return {
        id: a.id,
        patientName: a.patientName,
        before: formatForPeople(current.timeZone, at),
        after: formatForPeople(timeZone, at),
      };
    })
    .filter((m) => m.before !== m.after);
  const message =
    timeZone === current.timeZone
      ? 'The time zone is unchanged.'
      : `Weekly hours stay at the same clock times in ${timeZone}. ${
          moved.length === 0
            ? 'No upcoming visit changes its clock time.'
            : `${moved.length} upcoming ${moved.length === 1 ? 'visit keeps its moment but shows' : 'visits keep their moment but show'} at a different clock time, and may fall outside the hours.`
        }`;
  return { from: current.timeZone, to: timeZone, movedAppointments: moved, message };
}

export function updateClinicSettings(
  ctx: CoreContext,
  input: Partial<Omit<ClinicSettings, 'version' | 'setupState'>> & { version?: number | undefined },
): ClinicSettings {
  const before = getClinic(ctx.db, ctx.now);
  const { version, ...patch } = input;
  if (version !== undefined)
    requireVersion({ what: "the clinic's settings", current: before, given: version });
  const zoneChange =
    patch.timeZone !== undefined && patch.timeZone !== before.timeZone
      ? zoneChangePreview(ctx.db, ctx.now, patch.timeZone)
      : null;
  const after = updateClinic(ctx.db, ctx.now, patch);
  writeAudit(ctx, {
    action: 'clinic.updated',
    entityType: 'clinic',
    entityId: 1,
    details: {
      changes: diff(before, patch),
      ...(zoneChange ? { movedAppointments: zoneChange.movedAppointments.length } : {}),
    },
  });
  return after;
}
