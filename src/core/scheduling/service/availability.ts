/**
 * Availability over the database: loads templates, time off and busy time for the providers in
 * question, then runs the pure engine (openRanges.ts, slots.ts). Reads happen in chunks of days
 * so that "the next 10 openings" stops reading as soon as it has them.
 */
import { readBusy } from '../../db/repos/appointments';
import { listLocations, listProviders, visitTypeBuffers } from '../../db/repos/directory';
import { loadSchedules } from '../../db/repos/schedules';
import type { ClinicDb } from '../../db/open';
import type { ClinicSettings } from '../../entities/clinic';
import type { VisitType } from '../../entities/visitType';
import {
  formatWallTime,
  instantToLocal,
  toIso,
  addDays,
  daysBetween,
  eachDate,
  localDateOf,
  localToInstant,
  type LocalDate,
} from '../../time';
import { blockedFor, bookingWindow, slotsForDate, type TimeOfDay } from '../slots';
import type { BusySpan, ProviderSchedule, Slot, VisitRule } from '../types';

export function visitRule(v: VisitType): VisitRule {
  return {
    visitTypeId: v.id,
    durationMinutes: v.durationMinutes,
    bufferBeforeMinutes: v.bufferBeforeMinutes,
    bufferAfterMinutes: v.bufferAfterMinutes,
  };
}

export interface SearchSpan {
  from: LocalDate;
  to: LocalDate;
}

/** The dates to search: from the request (or today) to its end (or the booking horizon), clipped to the horizon. */
export function searchSpan(params: {
  clinic: ClinicSettings;
  now: number;
  from?: LocalDate | undefined;
  to?: LocalDate | undefined;
  defaultDays: number;
}): SearchSpan | null {
  const today = localDateOf(params.clinic.timeZone, params.now);
  const horizonLast = addDays(today, params.clinic.horizonDays);
  const from = params.from && params.from > today ? params.from : today;
  let to = params.to ?? addDays(from, params.defaultDays - 1);
  if (to > horizonLast) to = horizonLast;
  return from <= to ? { from, to } : null;
}

interface Loaded {
  schedules: Map<number, ProviderSchedule>;
  busy: Map<number, BusySpan[]>;
}

function load(
  db: ClinicDb,
  clinic: ClinicSettings,
  providerIds: number[],
  from: LocalDate,
  to: LocalDate,
  buffers: ReturnType<typeof visitTypeBuffers>,
): Loaded {
  const zone = clinic.timeZone;
  const window = {
    start: localToInstant(zone, from, 0),
    end: localToInstant(zone, addDays(to, 1), 0),
  };
  const schedules = loadSchedules(db, providerIds);
  const busy = readBusy(db, providerIds, window, buffers);
  return { schedules, busy };
}

/** All slots of one provider for a visit type between two local dates. */
export function providerSlots(
  db: ClinicDb,
  params: {
    clinic: ClinicSettings;
    now: number;
    providerId: number;
    visitType: VisitType;
    span: SearchSpan;
    locationIds?: Set<number> | undefined;
    timeOfDay?: TimeOfDay | undefined;
  },
): Slot[] {
  const { clinic, now, providerId, span } = params;
  const { schedules, busy } = load(
    db,
    clinic,
    [providerId],
    span.from,
    span.to,
    visitTypeBuffers(db),
  );
  const visit = visitRule(params.visitType);
  const blocked = blockedFor(busy.get(providerId) ?? [], visit);
  const window = bookingWindow({ now, zone: clinic.timeZone, rule: clinic });
  const out: Slot[] = [];
  for (const date of eachDate(span.from, span.to)) {
    out.push(
      ...slotsForDate({
        schedule: schedules.get(providerId)!,
        date,
        zone: clinic.timeZone,
        blocked,
        visit,
        slotMinutes: clinic.slotMinutes,
        window,
        timeOfDay: params.timeOfDay,
        locationIds: params.locationIds,
      }),
    );
  }
  return out;
}

const MAX_CHUNK_DAYS = 16;

/**
 * The earliest openings across many providers. mode 'earliest': the next `limit` slots in time
 * order (at most `maxPerProvider` each). mode 'firstPerDay': for each date, the earliest slot of
 * any provider, up to `limit` dates.
 */
export function firstOpenings(
  db: ClinicDb,
  params: {
    clinic: ClinicSettings;
    now: number;
    providerIds: number[];
    visitType: VisitType;
    span: SearchSpan;
    locationIds?: Set<number> | undefined;
    timeOfDay?: TimeOfDay | undefined;
    limit: number;
    maxPerProvider?: number | undefined;
    mode: 'earliest' | 'firstPerDay';
    /** Paging: no opening starts before this instant (the previous page's last opening). */
    notBefore?: number | undefined;
  },
): { slots: Slot[]; searchedThrough: LocalDate } {
  const { clinic, now, providerIds, span, limit } = params;
  const zone = clinic.timeZone;
  const visit = visitRule(params.visitType);
  const bookable = bookingWindow({ now, zone, rule: clinic });
  const window =
    params.notBefore !== undefined && params.notBefore > bookable.start
      ? { ...bookable, start: params.notBefore }
      : bookable;
  const buffers = visitTypeBuffers(db);
  const perProvider = params.maxPerProvider ?? Infinity;
  const taken = new Map<number, number>();
  const out: Slot[] = [];
  let searchedThrough = span.from;
  const totalDays = daysBetween(span.from, span.to) + 1;
  // Chunks grow 1, 2, 4 … days: the usual answer ("10 openings today") reads one day of busy
  // time, and a sparse calendar still takes few round trips.
  for (
    let offset = 0, size = 1;
    offset < totalDays;
    offset += size, size = Math.min(size * 2, MAX_CHUNK_DAYS)
  ) {
    const chunkFrom = addDays(span.from, offset);
    const chunkTo = addDays(span.from, Math.min(offset + size, totalDays) - 1);
    const { schedules, busy } = load(db, clinic, providerIds, chunkFrom, chunkTo, buffers);
    const blocked = new Map(providerIds.map((id) => [id, blockedFor(busy.get(id) ?? [], visit)]));
    for (const date of eachDate(chunkFrom, chunkTo)) {
      searchedThrough = date;
      const day: Slot[] = [];
      for (const id of providerIds) {
        const room = perProvider - (taken.get(id) ?? 0);
        if (room <= 0) continue;
        const want = params.mode === 'firstPerDay' ? 1 : Math.min(room, limit - out.length);
        day.push(
          ...slotsForDate({
            schedule: schedules.get(id)!,
            date,
            zone,
            blocked: blocked.get(id)!,
            visit,
            slotMinutes: clinic.slotMinutes,
            window,
            timeOfDay: params.timeOfDay,
            locationIds: params.locationIds,
            limit: want,
          }),
        );
      }
      day.sort((a, b) => a.start - b.start || a.providerId - b.providerId);
      if (params.mode === 'firstPerDay') {
        if (day[0]) out.push(day[0]);
      } else {
        for (const s of day) {
          const n = taken.get(s.providerId) ?? 0;
          if (n >= perProvider) continue;
          taken.set(s.providerId, n + 1);
          out.push(s);
          if (out.length >= limit) break;
        }
      }
      if (out.length >= limit) return { slots: out, searchedThrough };
    }
  }
  return { slots: out, searchedThrough };
}

/**
 * The next `perProvider` openings of each provider (matching shows three per result card). Reads
 * busy time in growing chunks like firstOpenings, but only for the providers still short of
 * openings, so one fully booked provider does not make everyone's calendar read to the horizon.
 * `lastDateByProvider` stops a provider early (their network contract for the patient's plan ends).
 */
export function nextOpeningsByProvider(
  db: ClinicDb,
  params: {
    clinic: ClinicSettings;
    now: number;
    providerIds: number[];
    visitType: VisitType;
    span: SearchSpan;
    perProvider: number;
    locationIds?: Set<number> | undefined;
    timeOfDay?: TimeOfDay | undefined;
    lastDateByProvider?: ReadonlyMap<number, LocalDate>;
  },
): Map<number, Slot[]> {
  const { clinic, now, span, perProvider } = params;
  const zone = clinic.timeZone;
  const visit = visitRule(params.visitType);
  const window = bookingWindow({ now, zone, rule: clinic });
  const buffers = visitTypeBuffers(db);
  const found = new Map<number, Slot[]>(params.providerIds.map((id) => [id, []]));
  let pending = [...params.providerIds];
  const totalDays = daysBetween(span.from, span.to) + 1;
  for (
    let offset = 0, size = 1;
    offset < totalDays && pending.length > 0;
    offset += size, size = Math.min(size * 2, MAX_CHUNK_DAYS)
  ) {
    const chunkFrom = addDays(span.from, offset);
    const chunkTo = addDays(span.from, Math.min(offset + size, totalDays) - 1);
    const { schedules, busy } = load(db, clinic, pending, chunkFrom, chunkTo, buffers);
    for (const id of pending) {
      const blocked = blockedFor(busy.get(id) ?? [], visit);
      const list = found.get(id)!;
      const last = params.lastDateByProvider?.get(id);
      for (const date of eachDate(chunkFrom, chunkTo)) {
        if (list.length >= perProvider || (last !== undefined && date > last)) break;
        list.push(
          ...slotsForDate({
            schedule: schedules.get(id)!,
            date,
            zone,
            blocked,
            visit,
            slotMinutes: clinic.slotMinutes,
            window,
            timeOfDay: params.timeOfDay,
            locationIds: params.locationIds,
            limit: perProvider - list.length,
          }),
        );
      }
    }
    pending = pending.filter((id) => {
      const last = params.lastDateByProvider?.get(id);
      return found.get(id)!.length < perProvider && (last === undefined || last > chunkTo);
    });
  }
  return found;
}

/** One opening as the desk shows it (the items of availability/firstOpenings). */
export interface Opening {
  providerId: number;
  providerName: string;
  locationId: number;
  locationName: string;
  date: LocalDate;
  localTime: string;
  start: string;
  end: string;
}

export function presentOpenings(db: ClinicDb, zone: string, slots: readonly Slot[]): Opening[] {
  const providers = new Map(
    listProviders(db, { includeInactive: true }).map((p) => [p.id as number, p]),
  );
  const locations = new Map(listLocations(db).map((l) => [l.id as number, l]));
  return slots.map((s) => ({
    providerId: s.providerId,
    providerName: providers.get(s.providerId)?.displayName ?? '',
    locationId: s.locationId,
    locationName: locations.get(s.locationId)?.name ?? '',
    date: s.date,
    localTime: formatWallTime(instantToLocal(zone, s.start).minutes),
    start: toIso(s.start),
    end: toIso(s.end),
  }));
}

/**
 * What to offer when the slot the desk read out is gone: the same provider's next openings
 * first, then the earliest of the other providers who offer the visit type.
 */
export function alternativeOpenings(
  db: ClinicDb,
  params: {
    clinic: ClinicSettings;
    now: number;
    providerId: number;
    otherProviderIds: number[];
    visitType: VisitType;
    from: number;
    perProvider?: number;
  },
): Opening[] {
  const { clinic } = params;
  const span = searchSpan({
    clinic,
    now: params.now,
    from: localDateOf(clinic.timeZone, Math.max(params.from, params.now)),
    defaultDays: 31,
  });
  if (!span) return [];
  const run = (providerIds: number[], limit: number) =>
    firstOpenings(db, {
      clinic,
      now: params.now,
      providerIds,
      visitType: params.visitType,
      span,
      limit,
      maxPerProvider: params.perProvider ?? 3,
      mode: 'earliest',
    }).slots;
  const same = run([params.providerId], 3);
  const others = params.otherProviderIds.length ? run(params.otherProviderIds, 3) : [];
  return presentOpenings(db, clinic.timeZone, [...same, ...others]);
}
