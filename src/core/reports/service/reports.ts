/**
 * The practice manager's reports over the database. Read-only, and aggregated in SQL: a large
 * clinic has a million appointments, so rows never come to JavaScript one visit at a time. Each
 * query walks a covering index (schema.ts) in an order that makes its grouping free, and seeks
 * each status rather than comparing every row's: per provider and status along
 * `appointments_provider_reports`, per status and local day or hour by probing
 * `appointments_reports` one span at a time, per patient along `appointments_patient_start`. A
 * GROUP BY on a computed key made SQLite sort the year's 600,000 visits first, and a status test
 * per row in each of a dozen sums cost as much again. Each visit's local day and hour come from
 * the zone's offset segments (metrics.ts), not from SQLite's own time functions, which know only
 * UTC.
 */
import type { ClinicDb } from '../../db/open';
import { stmt } from '../../db/repos/statements';
import { getClinic } from '../../db/repos/clinic';
import { loadSchedules } from '../../db/repos/schedules';
import {
  addDays,
  fromDayNumber,
  isoWeekday,
  localDateOf,
  localToInstant,
  type LocalDate,
} from '../../time';
import { APPOINTMENT_STATUSES } from '../../../shared/appointments';
import {
  KEPT_STATUSES,
  localSpans,
  offsetSegments,
  offsetSql,
  percentileFromHistogram,
  rate,
  type CancelParty,
  type OffsetSegment,
  UPCOMING_STATUSES,
} from '../metrics';
import { openMinutesOfDays, reportDays } from '../openMinutes';

export interface ReportFilter {
  from: LocalDate;
  to: LocalDate;
  providerIds?: number[] | undefined;
  locationIds?: number[] | undefined;
  visitTypeIds?: number[] | undefined;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');
const KEPT = list(KEPT_STATUSES);
/** Booked time: kept, no-show and upcoming visits. Each is one seek in the status-led indexes. */
const BOOKED = list([...KEPT_STATUSES, 'no_show', ...UPCOMING_STATUSES]);
const BOOKED_SQL = `a.status IN (${BOOKED})`;
/** Every status, so a walk of a status-led index seeks each in turn instead of scanning. */
const ANY_STATUS_SQL = `a.status IN (${list(APPOINTMENT_STATUSES)})`;

interface Scope {
  zone: string;
  startMs: number;
  endMs: number;
  segments: OffsetSegment[];
  /** SQL giving the local day number (days since 1970-01-01) of `a.start_ms`. */
  localDay: string;
  /** The date range and every filter, for a query over `appointments a`. */
  where: string;
  params: unknown[];
  /** Every filter, each clause led by AND (may be empty), and its parameters. */
  andFilters: string;
  filterParams: unknown[];
  /** The location and visit-type filters alone, for a query that walks providers itself. */
  andPlaceFilters: string;
  placeParams: unknown[];
}

function scope(db: ClinicDb, now: number, f: ReportFilter): Scope {
  const zone = getClinic(db, now).timeZone;
  const startMs = localToInstant(zone, f.from, 0);
  const endMs = localToInstant(zone, addDays(f.to, 1), 0);
  const segments = offsetSegments(zone, startMs, endMs);
  const off = offsetSql('a.start_ms', segments);
  const filter = (col: string, ids: number[] | undefined) =>
    ids && ids.length > 0 ? { sql: ` AND ${col} IN (SELECT value FROM json_each(?))`, ids } : null;
  const place = [
    filter('a.location_id', f.locationIds),
    filter('a.visit_type_id', f.visitTypeIds),
  ].filter((x) => x !== null);
  const all = [filter('a.provider_id', f.providerIds), ...place].filter((x) => x !== null);
  const andFilters = all.map((x) => x.sql).join('');
  const filterParams = all.map((x) => JSON.stringify(x.ids));
  return {
    zone,
    startMs,
    endMs,
    segments,
    localDay: `((a.start_ms + ${off}) / ${DAY_MS})`,
    where: `a.start_ms >= ? AND a.start_ms < ?${andFilters}`,
    params: [startMs, endMs, ...filterParams],
    andFilters,
    filterParams,
    andPlaceFilters: place.map((x) => x.sql).join(''),
    placeParams: place.map((x) => JSON.stringify(x.ids)),
  };
}

/** Providers the report covers: the filter's, or every provider (a provider's probes are cheap). */
function providerScope(f: ReportFilter, names: Map<number, unknown>): number[] {
  return f.providerIds?.length ? f.providerIds : [...names.keys()];
}

function providerNames(db: ClinicDb): Map<number, { name: string; active: boolean }> {
  const rows = stmt(
    db.sqlite,
    `SELECT id, first_name || ' ' || last_name AS name, active FROM providers`,
  ).all() as { id: number; name: string; active: number }[];
  return new Map(rows.map((r) => [r.id, { name: r.name, active: r.active === 1 }]));
}

// ── Utilization and fill ──────────────────────────────────────────────────────────────────────

export type Granularity = 'day' | 'week' | 'month';

/** The period a local date falls in: itself, the Monday of its ISO week, or the month's first day. */
export function periodOf(date: LocalDate, g: Granularity): LocalDate {
  if (g === 'day') return date;
  if (g === 'month') return `${date.slice(0, 7)}-01`;
  return addDays(date, 1 - isoWeekday(date));
}

export interface UtilizationRow {
  providerId: number;
  provider: string;
  active: boolean;
  period: LocalDate;
  openMinutes: number;
  bookedMinutes: number;
  utilization: number | null;
}

export interface UtilizationReport {
  rows: UtilizationRow[];
  total: { openMinutes: number; bookedMinutes: number; utilization: number | null };
}

/**
 * Booked minutes ÷ open template minutes per provider and period. Open minutes come from the
 * same template engine that offers slots (hours − breaks − time off − closed days), so a holiday
 * entered as a closed day lowers the denominator exactly as it removes openings. A provider who
 * left mid-period keeps the minutes they worked: inactive providers are reported, not dropped.
 */
export function utilization(
  db: ClinicDb,
  now: number,
  f: ReportFilter & { granularity: Granularity },
): UtilizationReport {
  const s = scope(db, now, f);
  const names = providerNames(db);
  const providerIds = providerScope(f, names);
  // The report's periods as spans of instants (a month is its local days run together), then one
  // index probe per provider and period: a provider's booked minutes in a span are a range of
  // appointments_provider_start, summed where they lie.
  const periods: { fromMs: number; toMs: number; period: LocalDate }[] = [];
  for (const d of localSpans(s.segments, s.startMs, s.endMs, DAY_MS)) {
    const period = periodOf(fromDayNumber(d.bucket), f.granularity);
    const last = periods[periods.length - 1];
    if (last && last.period === period && last.toMs === d.fromMs) last.toMs = d.toMs;
    else periods.push({ fromMs: d.fromMs, toMs: d.toMs, period });
  }
  const booked = stmt(
    db.sqlite,
    `SELECT p.value AS providerId, s.key AS i,
            (SELECT sum(a.end_ms - a.start_ms) FROM appointments a
              WHERE a.provider_id = p.value AND a.start_ms >= s.value->>0 AND a.start_ms < s.value->>1
                AND ${BOOKED_SQL}${s.andPlaceFilters}) AS ms
       FROM json_each(?) p, json_each(?) s`,
  )
    .all(
      ...s.placeParams,
      JSON.stringify(providerIds),
      JSON.stringify(periods.map((x) => [x.fromMs, x.toMs])),
    )
    .filter((r) => (r as { ms: number | null }).ms !== null) as {
    providerId: number;
    i: number;
    ms: number;
  }[];
  const schedules = loadSchedules(db, providerIds);
  const locations = f.locationIds?.length ? new Set(f.locationIds) : null;
  // Each report day's period as an index into `periods`, worked out once for every provider.
  const periodIndex = new Map<LocalDate, number>();
  periods.forEach((x, i) => {
    if (!periodIndex.has(x.period)) periodIndex.set(x.period, i);
  });
  const days = reportDays(s.zone, f.from, f.to);
  const dayPeriod = days.map((d) => periodIndex.get(periodOf(d.date, f.granularity))!);
  const bookedMs = new Map<number, Float64Array>();
  for (const b of booked) {
    let row = bookedMs.get(b.providerId);
    if (!row) bookedMs.set(b.providerId, (row = new Float64Array(periods.length)));
    row[periodIndex.get(periods[b.i]!.period)!]! += b.ms;
  }
  // Rows by provider name, then id, then period (periods are in date order already).
  const byName = [...new Set(providerIds)].sort((a, b) => {
    const na = names.get(a)?.name ?? `Provider ${a}`;
    const nb = names.get(b)?.name ?? `Provider ${b}`;
    return na.localeCompare(nb) || a - b;
  });
  const rows: UtilizationRow[] = [];
  for (const id of byName) {
    const minutes = openMinutesOfDays({
      schedule: schedules.get(id)!,
      days,
      zone: s.zone,
      locations,
    });
    const open = new Float64Array(periods.length);
    const hasOpen = new Uint8Array(periods.length);
    minutes.forEach((m, i) => {
      if (m > 0) {
        open[dayPeriod[i]!]! += m;
        hasOpen[dayPeriod[i]!] = 1;
      }
    });
    const bookedRow = bookedMs.get(id);
    const p = names.get(id);
    periods.forEach((x, i) => {
      if (!hasOpen[i] && !bookedRow?.[i]) return;
      rows.push({
        providerId: id,
        provider: p?.name ?? `Provider ${id}`,
        active: p?.active ?? false,
        period: x.period,
        openMinutes: open[i]!,
        bookedMinutes: (bookedRow?.[i] ?? 0) / 60_000,
        utilization: null,
      });
    });
  }
  let open = 0;
  let bookedTotal = 0;
  for (const r of rows) {
    r.utilization = rate(r.bookedMinutes, r.openMinutes);
    open += r.openMinutes;
    bookedTotal += r.bookedMinutes;
  }
  return {
    rows,
    total: { openMinutes: open, bookedMinutes: bookedTotal, utilization: rate(bookedTotal, open) },
  };
}

/** Fill of the next 14 days (today included): utilization over that span, per provider. */
export function fill14(
  db: ClinicDb,
  now: number,
  f: Omit<ReportFilter, 'from' | 'to'>,
): UtilizationReport & { from: LocalDate; to: LocalDate } {
  const zone = getClinic(db, now).timeZone;
  const from = localDateOf(zone, now);
  const to = addDays(from, 13);
  const u = utilization(db, now, { ...f, from, to, granularity: 'month' });
  // One row per provider over the whole span, whatever months it crosses.
  const byProvider = new Map<number, UtilizationRow>();
  for (const r of u.rows) {
    const c = byProvider.get(r.providerId);
    if (c) {
      c.openMinutes += r.openMinutes;
      c.bookedMinutes += r.bookedMinutes;
    } else byProvider.set(r.providerId, { ...r, period: from });
  }
  const rows = [...byProvider.values()];
  for (const r of rows) r.utilization = rate(r.bookedMinutes, r.openMinutes);
  return { from, to, rows, total: u.total };
}

// ── No-shows and cancellations ────────────────────────────────────────────────────────────────

export interface AttendanceReport {
  kept: number;
  noShows: number;
  upcoming: number;
  cancelled: number;
  rescheduled: number;
  noShowRate: number | null;
  lateCancels: number;
  lateCancelRate: number | null;
  lateCancelHours: number;
  cancellationsByWho: Record<CancelParty, number>;
  /** Cancellations made after the visit's start: late cancellations, never no-shows. */
  cancelledAfterStart: number;
  byProvider: {
    providerId: number;
    provider: string;
    active: boolean;
    kept: number;
    noShows: number;
    noShowRate: number | null;
    lateCancels: number;
  }[];
}

interface AttendanceRow {
  providerId: number;
  kept: number;
  noShows: number;
  upcoming: number;
  rescheduled: number;
  cancelled: number;
  lateCancels: number;
  afterStart: number;
  byPatient: number;
  byClinic: number;
  byProvider: number;
}

const EMPTY_ATTENDANCE_ROW: AttendanceRow = {
  providerId: 0,
  kept: 0,
  noShows: 0,
  upcoming: 0,
  rescheduled: 0,
  cancelled: 0,
  lateCancels: 0,
  afterStart: 0,
  byPatient: 0,
  byClinic: 0,
  byProvider: 0,
};

/**
 * No-show rate, late-cancel rate and cancellations by who asked. The late-cancel window is read
 * from the clinic settings now (not the flag stored at cancel time), so changing the window
 * changes the report; a cancellation after the start counts as late. A cancellation whose time
 * is unknown (imported from another system: `cancelled_ms` NULL) is counted as cancelled, by who
 * asked, but neither as late nor as after the start.
 */
export function attendance(db: ClinicDb, now: number, f: ReportFilter): AttendanceReport {
  const s = scope(db, now, f);
  const lateCancelHours = getClinic(db, now).lateCancelHours;
  // Counts by provider and status: each a range of appointments_provider_reports, counted
  // without reading a row…
  const counts = stmt(
    db.sqlite,
    `SELECT p.id AS providerId, a.status AS status, count(*) AS n
       FROM providers p JOIN appointments a ON a.provider_id = p.id
      WHERE ${ANY_STATUS_SQL} AND ${s.where} GROUP BY p.id, a.status`,
  ).all(...s.params) as { providerId: number; status: string; n: number }[];
  // …and the cancellations' own figures from their rows alone. Who asked is the first word of
  // `cancelled_by` (metrics.ts cancelParty), tested here in SQL.
  const party = (who: CancelParty) =>
    `sum(a.cancelled_by = '${who}' OR substr(a.cancelled_by, 1, ${who.length + 1}) = '${who} ')`;
  const cancels = stmt(
    db.sqlite,
    `SELECT p.id AS providerId,
            sum(a.cancelled_by LIKE 'patient%' AND a.cancelled_ms IS NOT NULL
                AND a.start_ms - a.cancelled_ms < ?) AS lateCancels,
            sum(a.cancelled_ms >= a.start_ms) AS afterStart,
            ${party('patient')} AS byPatient,
            ${party('clinic')} AS byClinic,
            ${party('provider')} AS byProvider
       FROM providers p JOIN appointments a ON a.provider_id = p.id
      WHERE a.status = 'cancelled' AND ${s.where} GROUP BY p.id`,
  ).all(lateCancelHours * 3_600_000, ...s.params) as {
    providerId: number;
    lateCancels: number | null;
    afterStart: number | null;
    byPatient: number | null;
    byClinic: number | null;
    byProvider: number | null;
  }[];
  const byId = new Map<number, AttendanceRow>();
  const row = (providerId: number) => {
    let r = byId.get(providerId);
    if (!r) {
      r = { ...EMPTY_ATTENDANCE_ROW, providerId };
      byId.set(providerId, r);
    }
    return r;
  };
  for (const c of counts) {
    const r = row(c.providerId);
    if ((KEPT_STATUSES as readonly string[]).includes(c.status)) r.kept += c.n;
    else if (c.status === 'no_show') r.noShows += c.n;
    else if ((UPCOMING_STATUSES as readonly string[]).includes(c.status)) r.upcoming += c.n;
    else if (c.status === 'rescheduled') r.rescheduled += c.n;
    else if (c.status === 'cancelled') r.cancelled += c.n;
  }
  for (const c of cancels) {
    const r = row(c.providerId);
    r.lateCancels += c.lateCancels ?? 0;
    r.afterStart += c.afterStart ?? 0;
    r.byPatient += c.byPatient ?? 0;
    r.byClinic += c.byClinic ?? 0;
    r.byProvider += c.byProvider ?? 0;
  }
  const rows = [...byId.values()];
  const names = providerNames(db);
  const sum = (k: keyof AttendanceRow) => rows.reduce((t, r) => t + r[k], 0);
  const kept = sum('kept');
  const noShows = sum('noShows');
  const upcoming = sum('upcoming');
  const rescheduled = sum('rescheduled');
  const cancelled = sum('cancelled');
  const cancellationsByWho: Record<CancelParty, number> = {
    patient: sum('byPatient'),
    clinic: sum('byClinic'),
    provider: sum('byProvider'),
    unknown: 0,
  };
  cancellationsByWho.unknown =
    cancelled -
    cancellationsByWho.patient -
    cancellationsByWho.clinic -
    cancellationsByWho.provider;
  const lateCancels = sum('lateCancels');
  return {
    kept,
    noShows,
    upcoming,
    cancelled,
    rescheduled,
    noShowRate: rate(noShows, kept + noShows),
    lateCancels,
    lateCancelRate: rate(lateCancels, kept + noShows + upcoming + cancelled),
    lateCancelHours,
    cancellationsByWho,
    cancelledAfterStart: sum('afterStart'),
    byProvider: rows
      .map((r) => ({
        providerId: r.providerId,
        provider: names.get(r.providerId)?.name ?? `Provider ${r.providerId}`,
        active: names.get(r.providerId)?.active ?? false,
        kept: r.kept,
        noShows: r.noShows,
        noShowRate: rate(r.noShows, r.kept + r.noShows),
        lateCancels: r.lateCancels,
      }))
      .sort((a, b) => a.provider.localeCompare(b.provider)),
  };
}

// ── Lead time ─────────────────────────────────────────────────────────────────────────────────

export interface LeadTimeReport {
  visits: number;
  medianDays: number | null;
  p90Days: number | null;
  newPatientVisits: number;
  newPatientMedianDays: number | null;
  newPatientP90Days: number | null;
  /** Visits by whole days of lead time (0 = booked the same day), for the histogram chart. */
  histogram: { days: number; visits: number; newPatient: number }[];
}

/**
 * Visit history imported from another system (booked_from 'import'), whose booking time is
 * unknown (stored as created_ms = start_ms). Tested as an OR so that only a visit created at its
 * very start reads booked_from from the table row: the report's covering indexes stay covering
 * for every other visit (SQLite defers the row seek until a column off the index is needed).
 */
const NOT_IMPORTED_SQL = `(a.created_ms <> a.start_ms OR a.booked_from <> 'import')`;

/**
 * Booking → visit in whole days (the visit's local date minus the booking's local date), for
 * visits not cancelled or rescheduled. A new patient's visit is one with no earlier kept visit
 * of theirs. Imported history has no known booking time and gives no lead-time sample, though
 * its first kept visit still makes a patient established.
 */
export function leadTime(db: ClinicDb, now: number, f: ReportFilter): LeadTimeReport {
  const s = scope(db, now, f);
  const createdSegments = offsetSegments(s.zone, Math.min(s.startMs - 400 * DAY_MS, now), s.endMs);
  const createdDay = `((a.created_ms + ${offsetSql('a.created_ms', createdSegments)}) / ${DAY_MS})`;
  // Every visit's booking instant, one local visit day at a time (each day a range of
  // appointments_reports), turned into whole days here. Grouping by booking day in SQL sorted
  // each day's visits by a computed key: most of the report's time on the large clinic, where
  // reading the year's 550,000 booking instants through the index and counting them here costs
  // about half as much. The booking's local day uses the same offsets as `createdDay` below.
  const days = localSpans(s.segments, s.startMs, s.endMs, DAY_MS);
  const perDay = stmt(
    db.sqlite,
    `SELECT s.key AS i,
            (SELECT json_group_array(a.created_ms) FROM appointments a
              WHERE a.start_ms >= s.value->>0 AND a.start_ms < s.value->>1
                AND ${BOOKED_SQL} AND ${NOT_IMPORTED_SQL}${s.andFilters}) AS h
       FROM json_each(?) s`,
  ).all(...s.filterParams, JSON.stringify(days.map((d) => [d.fromMs, d.toMs]))) as {
    i: number;
    h: string;
  }[];
  const segmentFrom = createdSegments.map((x) => x.fromMs);
  const segmentOffset = createdSegments.map((x) => x.offsetMs);
  // Visits by days of lead (a visit booked after it happened counts as day 0, as below): up to
  // ten years in an array, anything longer (a data error) in a map.
  const MAX_LEAD = 3660;
  const leadCounts = new Float64Array(MAX_LEAD + 1);
  const longLeads = new Map<number, number>();
  for (const r of perDay) {
    const visitDay = days[r.i]!.bucket;
    for (const created of JSON.parse(r.h) as number[]) {
      let k = segmentFrom.length - 1;
      while (k > 0 && created < segmentFrom[k]!) k--;
      const lead = Math.max(0, visitDay - Math.trunc((created + segmentOffset[k]!) / DAY_MS));
      if (lead <= MAX_LEAD) leadCounts[lead]!++;
      else longLeads.set(lead, (longLeads.get(lead) ?? 0) + 1);
    }
  }
  const allRows = [...longLeads].map(([days, visits]) => ({ days, visits }));
  leadCounts.forEach((visits, days) => {
    if (visits > 0) allRows.push({ days, visits });
  });
  // The new patients' visits, found from the patients' side: only patients whose first kept
  // visit is in the span or who have none yet (patient_first_kept, kept by triggers) can have
  // one, and each one's visits up to that first kept visit are a range of
  // appointments_patient_start, bounded on both sides (up to and including the first kept visit,
  // within the span). A clinic's established patients are never read. Pinned, because the
  // planner otherwise starts from the year's visits and probes each one's patient.
  const freshRows = stmt(
    db.sqlite,
    `SELECT ${s.localDay} - ${createdDay} AS days, count(*) AS visits
       FROM patient_first_kept f INDEXED BY patient_first_kept_ms
       CROSS JOIN appointments a INDEXED BY appointments_patient_start ON a.patient_id = f.patient_id
      WHERE (f.first_kept_ms IS NULL OR f.first_kept_ms >= ?)
        AND a.start_ms >= ?
        AND a.start_ms < min(?, coalesce(f.first_kept_ms + 1, ${Number.MAX_SAFE_INTEGER}))
        AND ${BOOKED_SQL} AND ${NOT_IMPORTED_SQL}${s.andFilters}
      GROUP BY days`,
  ).all(s.startMs, s.startMs, s.endMs, ...s.filterParams) as { days: number; visits: number }[];
  // A visit booked after it happened (entered late from paper) is not a negative wait: day 0.
  const byDays = new Map<number, { days: number; visits: number; newPatient: number }>();
  const bucket = (d: number) => {
    const days = Math.max(0, d);
    let b = byDays.get(days);
    if (!b) byDays.set(days, (b = { days, visits: 0, newPatient: 0 }));
    return b;
  };
  for (const r of allRows) bucket(r.days).visits += r.visits;
  for (const r of freshRows) bucket(r.days).newPatient += r.visits;
  const histogram = [...byDays.values()].sort((a, b) => a.days - b.days);
  const all = histogram.map((h) => ({ value: h.days, count: h.visits }));
  const fresh = histogram.map((h) => ({ value: h.days, count: h.newPatient }));
  return {
    visits: all.reduce((t, h) => t + h.count, 0),
    medianDays: percentileFromHistogram(all, 50),
    p90Days: percentileFromHistogram(all, 90),
    newPatientVisits: fresh.reduce((t, h) => t + h.count, 0),
    newPatientMedianDays: percentileFromHistogram(fresh, 50),
    newPatientP90Days: percentileFromHistogram(fresh, 90),
    histogram,
  };
}

// ── Weekday × hour ────────────────────────────────────────────────────────────────────────────

export interface WeekdayHourReport {
  /** weekday 1 = Monday … 7 = Sunday; hour 0–23 in clinic time. */
  cells: { weekday: number; hour: number; visits: number; noShows: number }[];
}

export function weekdayHour(db: ClinicDb, now: number, f: ReportFilter): WeekdayHourReport {
  const s = scope(db, now, f);
  // One probe of appointments_reports per local hour of the span (8,760 in a year), then the
  // hours folded into 168 cells here: the weekday comes from the local day number (day 0,
  // 1 January 1970, was a Thursday).
  const hours = localSpans(s.segments, s.startMs, s.endMs, HOUR_MS);
  const rows = stmt(
    db.sqlite,
    `SELECT s.key AS i,
            (SELECT count(*) FROM appointments a
              WHERE ${BOOKED_SQL} AND a.start_ms >= s.value->>0 AND a.start_ms < s.value->>1
                ${s.andFilters}) AS visits,
            (SELECT count(*) FROM appointments a
              WHERE a.status = 'no_show' AND a.start_ms >= s.value->>0 AND a.start_ms < s.value->>1
                ${s.andFilters}) AS noShows
       FROM json_each(?) s`,
  ).all(
    ...s.filterParams,
    ...s.filterParams,
    JSON.stringify(hours.map((h) => [h.fromMs, h.toMs])),
  ) as { i: number; visits: number; noShows: number }[];
  const cells = new Map<
    string,
    { weekday: number; hour: number; visits: number; noShows: number }
  >();
  for (const r of rows) {
    const { visits, noShows } = r;
    if (visits === 0) continue;
    const bucket = hours[r.i]!.bucket;
    const weekday = ((Math.floor(bucket / 24) + 3) % 7) + 1;
    const hour = bucket % 24;
    const key = `${weekday}|${hour}`;
    const c = cells.get(key);
    if (c) {
      c.visits += visits;
      c.noShows += noShows;
    } else cells.set(key, { weekday, hour, visits, noShows });
  }
  return {
    cells: [...cells.values()].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
  };
}

// ── Reminder effect ───────────────────────────────────────────────────────────────────────────

export type ReminderOutcome = 'confirmed' | 'noAnswer' | 'failed';

export interface ReminderEffectReport {
  reminded: number;
  confirmationRate: number | null;
  notReminded: { kept: number; noShows: number; noShowRate: number | null };
  byOutcome: Record<
    ReminderOutcome,
    { visits: number; kept: number; noShows: number; noShowRate: number | null }
  >;
}

/**
 * Visits with at least one reminder that went out (or failed trying), by outcome: confirmed by a
 * reply or a call; failed when no reminder was ever sent or delivered; otherwise no answer.
 */
export function reminderEffect(db: ClinicDb, now: number, f: ReportFilter): ReminderEffectReport {
  const s = scope(db, now, f);
  // Every visit once, counted by status along appointments_reports (no per-visit probe)…
  const totals = { visits: 0, kept: 0, noShows: 0 };
  const byStatus = stmt(
    db.sqlite,
    `SELECT a.status AS status, count(*) AS n
       FROM appointments a WHERE ${BOOKED_SQL} AND ${s.where} GROUP BY a.status`,
  ).all(...s.params) as { status: string; n: number }[];
  for (const r of byStatus) {
    totals.visits += r.n;
    if ((KEPT_STATUSES as readonly string[]).includes(r.status)) totals.kept += r.n;
    if (r.status === 'no_show') totals.noShows += r.n;
  }
  // …and the reminded ones from the reminders' side, joined to their visit by primary key: the
  // work follows the number of reminders, not of visits. Visits never reminded are the rest.
  const remindedRows = stmt(
    db.sqlite,
    `WITH r AS (
       SELECT appointment_id AS id, max(status IN ('sent','delivered')) AS reached
         FROM reminders WHERE status IN ('sent','delivered','failed') GROUP BY appointment_id)
     SELECT CASE WHEN a.id IN (SELECT m.appointment_id FROM inbound_messages m
                                WHERE m.classification = 'confirm' AND m.appointment_id IS NOT NULL
                               UNION SELECT c.appointment_id FROM call_tasks c
                                WHERE c.outcome = 'confirmed') THEN 'confirmed'
                 WHEN NOT r.reached THEN 'failed' ELSE 'noAnswer' END AS outcome,
            count(*) AS visits, sum(a.status IN (${KEPT})) AS kept,
            sum(a.status = 'no_show') AS noShows
       FROM r JOIN appointments a ON a.id = r.id
      WHERE ${s.where} AND ${BOOKED_SQL}
      GROUP BY outcome`,
  ).all(...s.params) as {
    outcome: ReminderOutcome;
    visits: number;
    kept: number;
    noShows: number;
  }[];
  const none = { ...totals };
  for (const r of remindedRows) {
    none.visits -= r.visits;
    none.kept -= r.kept;
    none.noShows -= r.noShows;
  }
  const rows = [...remindedRows, { outcome: 'none' as const, ...none }];
  const empty = { visits: 0, kept: 0, noShows: 0, noShowRate: null };
  const byOutcome: ReminderEffectReport['byOutcome'] = {
    confirmed: { ...empty },
    noAnswer: { ...empty },
    failed: { ...empty },
  };
  let notReminded = { kept: 0, noShows: 0, noShowRate: null as number | null };
  for (const r of rows) {
    const noShowRate = rate(r.noShows, r.kept + r.noShows);
    if (r.outcome === 'none') notReminded = { kept: r.kept, noShows: r.noShows, noShowRate };
    else byOutcome[r.outcome] = { visits: r.visits, kept: r.kept, noShows: r.noShows, noShowRate };
  }
  const reminded = byOutcome.confirmed.visits + byOutcome.noAnswer.visits + byOutcome.failed.visits;
  return {
    reminded,
    confirmationRate: rate(byOutcome.confirmed.visits, reminded),
    notReminded,
    byOutcome,
  };
}
