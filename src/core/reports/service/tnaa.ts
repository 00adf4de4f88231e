/**
 * Time to third next available, measured once a day per provider and visit type and kept in
 * tnaa_history. The job runs every few minutes but measures only dates not yet measured: after a
 * weekend with the PC off, Monday's run measures Saturday, Sunday and Monday, each as of that
 * day's start (bookings made later, and cancellations made later, are left as they stood then),
 * so the trend has no holes and no day is measured with hindsight.
 */
import type { ClinicDb } from '../../db/open';
import { getClinic } from '../../db/repos/clinic';
import { listProviders, listVisitTypes, visitTypeBuffers } from '../../db/repos/directory';
import { loadSchedules } from '../../db/repos/schedules';
import { stmt } from '../../db/repos/statements';
import type { BusySpan } from '../../scheduling';
import { visitRule } from '../../scheduling/service/availability';
import { OCCUPYING_STATUSES } from '../../../shared/appointments';
import { addDays, daysBetween, localDateOf, localToInstant, type LocalDate } from '../../time';
import { timeToThirdNextAvailable } from '../tnaa';

/** How far back a first run (or one after a long absence) fills in: eight weeks of trend. */
export const TNAA_CATCH_UP_DAYS = 56;

const OCCUPYING = OCCUPYING_STATUSES.map((s) => `'${s}'`).join(',');

/** Every provider × visit type they may be booked for, measured as of the start of `date`. */
export function measureTnaaDate(
  db: ClinicDb,
  p: { date: LocalDate; now: number },
): { providerId: number; visitTypeId: number; days: number | null }[] {
  const clinic = getClinic(db, p.now);
  const zone = clinic.timeZone;
  const asOf = localToInstant(zone, p.date, 0);
  const providers = listProviders(db, { includeInactive: false });
  const visitTypes = listVisitTypes(db).filter((v) => v.active);
  const schedules = loadSchedules(
    db,
    providers.map((x) => x.id),
  );
  const buffers = visitTypeBuffers(db);
  const horizonEnd = localToInstant(zone, addDays(p.date, clinic.horizonDays + 1), 0);
  // Busy time as it stood at asOf: booked by then, and not yet cancelled or moved by then.
  const rows = stmt(
    db.sqlite,
    `SELECT provider_id AS providerId, start_ms AS startMs, end_ms AS endMs, visit_type_id AS visitTypeId
       FROM appointments
      WHERE start_ms >= ? AND start_ms < ? AND created_ms <= ?
        AND (status IN (${OCCUPYING}) OR status = 'no_show'
             OR (status IN ('cancelled','rescheduled') AND coalesce(cancelled_ms, updated_ms) > ?))`,
  ).all(asOf - 86_400_000, horizonEnd, asOf, asOf) as {
    providerId: number;
    startMs: number;
    endMs: number;
    visitTypeId: number;
  }[];
  const external = stmt(
    db.sqlite,
    `SELECT provider_id AS providerId, start_ms AS startMs, end_ms AS endMs
       FROM external_busy WHERE start_ms < ? AND end_ms > ?`,
  ).all(horizonEnd, asOf) as { providerId: number; startMs: number; endMs: number }[];
  const busy = new Map<number, BusySpan[]>();
  const of = (id: number) => busy.get(id) ?? (busy.set(id, []), busy.get(id)!);
  for (const r of rows) {
    const b = buffers.get(r.visitTypeId);
    of(r.providerId).push({
      start: r.startMs,
      end: r.endMs,
      bufferBeforeMs: (b?.before ?? 0) * 60_000,
      bufferAfterMs: (b?.after ?? 0) * 60_000,
    });
  }
  for (const r of external)
    of(r.providerId).push({ start: r.startMs, end: r.endMs, bufferBeforeMs: 0, bufferAfterMs: 0 });

  const out: { providerId: number; visitTypeId: number; days: number | null }[] = [];
  for (const provider of providers) {
    const schedule = schedules.get(provider.id)!;
    if (schedule.weekly.length === 0 && schedule.overrides.length === 0) continue;
    const offered = visitTypes.filter(
      (v) =>
        (provider.visitTypeIds === null || provider.visitTypeIds.includes(v.id)) &&
        (v.specialties.length === 0 || v.specialties.includes(provider.taxonomyCode)),
    );
    for (const v of offered) {
      const r = timeToThirdNextAvailable({
        schedule,
        busy: busy.get(provider.id) ?? [],
        visit: visitRule(v),
        zone,
        rule: clinic,
        asOf,
      });
      out.push({ providerId: provider.id, visitTypeId: v.id, days: r.days });
    }
  }
  return out;
}

/**
 * Measures the dates from the day after the last one measured (at most TNAA_CATCH_UP_DAYS back)
 * through today, oldest first, one transaction per date, at most `maxDates` per call so that a
 * long catch-up on a large clinic is spread over several ticks instead of holding the desk up.
 * Answers the dates measured.
 */
export function runTnaaCatchUp(db: ClinicDb, now: number, maxDates = 7): LocalDate[] {
  const zone = getClinic(db, now).timeZone;
  const today = localDateOf(zone, now);
  const last = (
    stmt(db.sqlite, 'SELECT max(date) AS d FROM tnaa_history').get() as { d: string | null }
  ).d;
  const earliest = addDays(today, -(TNAA_CATCH_UP_DAYS - 1));
  let date = last === null || last < earliest ? earliest : addDays(last, 1);
  // A first run on a new clinic starts today: there is no past worth reconstructing yet.
  if (last === null) {
    const first = stmt(db.sqlite, 'SELECT min(created_ms) AS ms FROM appointments').get() as {
      ms: number | null;
    };
    const since = first.ms === null ? today : localDateOf(zone, first.ms);
    if (since > date) date = since > today ? today : since;
  }
  const insert = stmt(
    db.sqlite,
    `INSERT OR REPLACE INTO tnaa_history (date, provider_id, visit_type_id, days, as_of_ms, computed_ms)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const done: LocalDate[] = [];
  for (; daysBetween(date, today) >= 0 && done.length < maxDates; date = addDays(date, 1)) {
    const d = date;
    const asOf = localToInstant(zone, d, 0);
    db.sqlite.transaction(() => {
      for (const r of measureTnaaDate(db, { date: d, now }))
        insert.run(d, r.providerId, r.visitTypeId, r.days, asOf, now);
    })();
    done.push(d);
  }
  return done;
}

export interface TnaaTrend {
  targetDays: number;
  /** Per date: the median over the selected providers × visit types, and the worst. */
  points: {
    date: LocalDate;
    medianDays: number | null;
    maxDays: number | null;
    measured: number;
  }[];
  /** The latest date's figure per provider and visit type. */
  latest: {
    date: LocalDate | null;
    rows: {
      providerId: number;
      provider: string;
      visitTypeId: number;
      visitType: string;
      days: number | null;
    }[];
  };
}

export function tnaaTrend(
  db: ClinicDb,
  p: {
    from: LocalDate;
    to: LocalDate;
    providerIds?: number[] | undefined;
    visitTypeIds?: number[] | undefined;
    targetDays: number;
  },
): TnaaTrend {
  const clauses = ['h.date >= ?', 'h.date <= ?'];
  const params: unknown[] = [p.from, p.to];
  if (p.providerIds?.length) {
    clauses.push('h.provider_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(p.providerIds));
  }
  if (p.visitTypeIds?.length) {
    clauses.push('h.visit_type_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(p.visitTypeIds));
  }
  const rows = stmt(
    db.sqlite,
    `SELECT h.date, h.provider_id AS providerId, h.visit_type_id AS visitTypeId, h.days,
            pr.first_name || ' ' || pr.last_name AS provider, v.name AS visitType
       FROM tnaa_history h JOIN providers pr ON pr.id = h.provider_id
       JOIN visit_types v ON v.id = h.visit_type_id
      WHERE ${clauses.join(' AND ')} ORDER BY h.date, provider, visitType`,
  ).all(...params) as {
    date: string;
    providerId: number;
    visitTypeId: number;
    days: number | null;
    provider: string;
    visitType: string;
  }[];
  const byDate = new Map<string, typeof rows>();
  for (const r of rows) byDate.set(r.date, [...(byDate.get(r.date) ?? []), r]);
  const points = [...byDate.entries()].map(([date, list]) => {
    const values = list
      .map((r) => r.days)
      .filter((d): d is number => d !== null)
      .sort((a, b) => a - b);
    return {
      date,
      medianDays: values.length ? values[Math.ceil(values.length / 2) - 1]! : null,
      maxDays: values.length ? values[values.length - 1]! : null,
      measured: list.length,
    };
  });
  const lastDate = points.length ? points[points.length - 1]!.date : null;
  return {
    targetDays: p.targetDays,
    points,
    latest: {
      date: lastDate,
      rows: lastDate
        ? byDate.get(lastDate)!.map(({ providerId, provider, visitTypeId, visitType, days }) => ({
            providerId,
            provider,
            visitTypeId,
            visitType,
            days,
          }))
        : [],
    },
  };
}
