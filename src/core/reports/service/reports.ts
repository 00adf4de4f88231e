/**
 * The practice manager's reports over the database. Read-only, and aggregated in SQL: a large
 * clinic has a million appointments, so rows never come to JavaScript one visit at a time. Every
 * scan walks `appointments_reports` (schema.ts), a covering index led by `start_ms`; each visit's
 * local day and hour come from the zone's offset segments (metrics.ts), not from SQLite's own
 * time functions, which know only UTC.
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
import {
  cancelParty,
  KEPT_STATUSES,
  offsetSegments,
  offsetSql,
  percentileFromHistogram,
  rate,
  UPCOMING_STATUSES,
  type CancelParty,
} from '../metrics';
import { openMinutesByDate, reportDays } from '../openMinutes';

export interface ReportFilter {
  from: LocalDate;
  to: LocalDate;
  providerIds?: number[] | undefined;
  locationIds?: number[] | undefined;
  visitTypeIds?: number[] | undefined;
}

const DAY_MS = 86_400_000;
const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');
const KEPT = list(KEPT_STATUSES);
const BOOKED = list([...KEPT_STATUSES, 'no_show', ...UPCOMING_STATUSES]);

interface Scope {
  zone: string;
  startMs: number;
  endMs: number;
  /** SQL giving the local day number (days since 1970-01-01) of `a.start_ms`. */
  localDay: string;
  /** SQL giving the local minute of the day of `a.start_ms`. */
  localMinute: string;
  where: string;
  params: unknown[];
}

function scope(db: ClinicDb, now: number, f: ReportFilter): Scope {
  const zone = getClinic(db, now).timeZone;
  const startMs = localToInstant(zone, f.from, 0);
  const endMs = localToInstant(zone, addDays(f.to, 1), 0);
  const off = offsetSql('a.start_ms', offsetSegments(zone, startMs, endMs));
  const clauses = ['a.start_ms >= ?', 'a.start_ms < ?'];
  const params: unknown[] = [startMs, endMs];
  for (const [col, ids] of [
    ['a.provider_id', f.providerIds],
    ['a.location_id', f.locationIds],
    ['a.visit_type_id', f.visitTypeIds],
  ] as const) {
    if (ids && ids.length > 0) {
      clauses.push(`${col} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(ids));
    }
  }
  return {
    zone,
    startMs,
    endMs,
    localDay: `((a.start_ms + ${off}) / ${DAY_MS})`,
    localMinute: `(((a.start_ms + ${off}) % ${DAY_MS}) / 60000)`,
    where: clauses.join(' AND '),
    params,
  };
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
  const booked = stmt(
    db.sqlite,
    `SELECT a.provider_id AS providerId, ${s.localDay} AS day,
            sum(a.end_ms - a.start_ms) / 60000.0 AS minutes
       FROM appointments a
      WHERE ${s.where} AND a.status IN (${BOOKED})
      GROUP BY a.provider_id, day`,
  ).all(...s.params) as { providerId: number; day: number; minutes: number }[];
  const names = providerNames(db);
  const providerIds = f.providerIds?.length ? f.providerIds : [...names.keys()];
  const schedules = loadSchedules(db, providerIds);
  const locations = f.locationIds?.length ? new Set(f.locationIds) : null;
  const cells = new Map<string, UtilizationRow>();
  const cell = (providerId: number, period: LocalDate): UtilizationRow => {
    const key = `${providerId}|${period}`;
    let c = cells.get(key);
    if (!c) {
      const p = names.get(providerId);
      c = {
        providerId,
        provider: p?.name ?? `Provider ${providerId}`,
        active: p?.active ?? false,
        period,
        openMinutes: 0,
        bookedMinutes: 0,
        utilization: null,
      };
      cells.set(key, c);
    }
    return c;
  };
  const days = reportDays(s.zone, f.from, f.to);
  for (const id of providerIds) {
    const open = openMinutesByDate({ schedule: schedules.get(id)!, days, zone: s.zone, locations });
    for (const [date, minutes] of open)
      cell(id, periodOf(date, f.granularity)).openMinutes += minutes;
  }
  for (const b of booked) {
    cell(b.providerId, periodOf(fromDayNumber(b.day), f.granularity)).bookedMinutes += b.minutes;
  }
  const rows = [...cells.values()].sort(
    (a, b) =>
      a.provider.localeCompare(b.provider) ||
      a.providerId - b.providerId ||
      (a.period < b.period ? -1 : 1),
  );
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

/**
 * No-show rate, late-cancel rate and cancellations by who asked. The late-cancel window is read
 * from the clinic settings now (not the flag stored at cancel time), so changing the window
 * changes the report; a cancellation after the start counts as late.
 */
export function attendance(db: ClinicDb, now: number, f: ReportFilter): AttendanceReport {
  const s = scope(db, now, f);
  const lateCancelHours = getClinic(db, now).lateCancelHours;
  const rows = stmt(
    db.sqlite,
    `SELECT a.provider_id AS providerId,
            sum(a.status IN (${KEPT})) AS kept,
            sum(a.status = 'no_show') AS noShows,
            sum(a.status IN ('booked','confirmed')) AS upcoming,
            sum(a.status = 'rescheduled') AS rescheduled,
            sum(a.status = 'cancelled' AND a.cancelled_by LIKE 'patient%'
                AND a.start_ms - coalesce(a.cancelled_ms, a.start_ms) < ?) AS lateCancels,
            sum(a.status = 'cancelled' AND a.cancelled_ms >= a.start_ms) AS afterStart
       FROM appointments a WHERE ${s.where} GROUP BY a.provider_id`,
  ).all(lateCancelHours * 3_600_000, ...s.params) as {
    providerId: number;
    kept: number;
    noShows: number;
    upcoming: number;
    rescheduled: number;
    lateCancels: number;
    afterStart: number;
  }[];
  const who = stmt(
    db.sqlite,
    `SELECT a.cancelled_by AS by, count(*) AS n FROM appointments a
      WHERE ${s.where} AND a.status = 'cancelled' GROUP BY a.cancelled_by`,
  ).all(...s.params) as { by: string | null; n: number }[];
  const cancellationsByWho: Record<CancelParty, number> = {
    patient: 0,
    clinic: 0,
    provider: 0,
    unknown: 0,
  };
  for (const w of who) cancellationsByWho[cancelParty(w.by)] += w.n;
  const names = providerNames(db);
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((t, r) => t + r[k], 0);
  const kept = sum('kept');
  const noShows = sum('noShows');
  const upcoming = sum('upcoming');
  const rescheduled = sum('rescheduled');
  const cancelled = Object.values(cancellationsByWho).reduce((t, n) => t + n, 0);
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
 * Booking → visit in whole days (the visit's local date minus the booking's local date), for
 * visits not cancelled or rescheduled. A new patient's visit is one with no earlier kept visit
 * of theirs: that probe is an index seek on appointments_patient_start per visit.
 */
export function leadTime(db: ClinicDb, now: number, f: ReportFilter): LeadTimeReport {
  const s = scope(db, now, f);
  const createdOff = offsetSql(
    'a.created_ms',
    offsetSegments(s.zone, Math.min(s.startMs - 400 * DAY_MS, now), s.endMs),
  );
  const days = `${s.localDay} - ((a.created_ms + ${createdOff}) / ${DAY_MS})`;
  // One pass over the covering index for every visit's lead time…
  const allRows = stmt(
    db.sqlite,
    `SELECT ${days} AS days, count(*) AS visits
       FROM appointments a WHERE ${s.where} AND a.status IN (${BOOKED})
      GROUP BY days`,
  ).all(...s.params) as { days: number; visits: number }[];
  // …and the new patients' visits found from the patients' side: each patient's first kept
  // visit (an ordered walk of appointments_patient_start that stops at the first kept one), then
  // only their visits up to it. Probing "an earlier kept visit?" for each of a year's 600,000
  // visits instead took seconds.
  const freshRows = stmt(
    db.sqlite,
    `WITH firstKept AS MATERIALIZED (
       SELECT p.id AS patientId,
              (SELECT k.start_ms FROM appointments k
                WHERE k.patient_id = p.id AND k.status IN (${KEPT})
                ORDER BY k.start_ms LIMIT 1) AS firstMs
         FROM patients p)
     SELECT ${days} AS days, count(*) AS visits
       FROM firstKept f JOIN appointments a ON a.patient_id = f.patientId
      WHERE ${s.where} AND a.status IN (${BOOKED})
        AND (f.firstMs IS NULL OR a.start_ms <= f.firstMs)
      GROUP BY days`,
  ).all(...s.params) as { days: number; visits: number }[];
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
  // Weekday straight from the local day number (day 0, 1 January 1970, was a Thursday), so the
  // grouping has 168 cells rather than one per date and hour.
  const rows = stmt(
    db.sqlite,
    `SELECT (${s.localDay} + 3) % 7 + 1 AS weekday, ${s.localMinute} / 60 AS hour,
            count(*) AS visits, sum(a.status = 'no_show') AS noShows
       FROM appointments a WHERE ${s.where} AND a.status IN (${BOOKED})
      GROUP BY weekday, hour`,
  ).all(...s.params) as { weekday: number; hour: number; visits: number; noShows: number }[];
  const cells = new Map(rows.map((r) => [`${r.weekday}|${r.hour}`, r]));
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
  // Every visit once, over the covering index (no per-visit probe)…
  const totals = stmt(
    db.sqlite,
    `SELECT count(*) AS visits, coalesce(sum(a.status IN (${KEPT})), 0) AS kept,
            coalesce(sum(a.status = 'no_show'), 0) AS noShows
       FROM appointments a WHERE ${s.where} AND a.status IN (${BOOKED})`,
  ).get(...s.params) as { visits: number; kept: number; noShows: number };
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
      WHERE ${s.where} AND a.status IN (${BOOKED})
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
