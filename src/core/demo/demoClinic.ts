/**
 * The deterministic demo clinic: Riverbend Medical Group, three sites around Raleigh–Durham,
 * twelve providers in six specialties, 2,000 patients, six months of history and eight weeks of
 * bookings. Everything is a pure function of (seed, ctx.now): the same pair gives the same
 * database row for row, so a demo, a screenshot or a bug report can be reproduced exactly.
 *
 * Called by `setup/loadDemo` inside its IMMEDIATE transaction on an empty database (the handler
 * writes the one audit row that summarises the load, with this summary in it; generated rows get
 * no audit rows of their own). Rows are written with prepared statements (about 29,000
 * appointments, each through the overlap trigger): the whole load takes two to three seconds.
 */
import { writeInsurance } from './demoInsurance';
import type Database from 'better-sqlite3';
import type { CoreContext } from '../context';
import { getClinic, updateClinic } from '../db/repos/clinic';
import { insertPatientRow } from '../db/repos/patients';
import { newConfirmationCode, type AppointmentStatus } from '../entities/appointment';
import { patientCreateInput } from '../entities/patient';
import { planUpcomingReminders } from '../reminders/outbox';
import { npiCheckDigit, PROVIDER_COLORS } from '../entities/provider';
import { blocksForDate } from '../scheduling/openRanges';
import type {
  DayOverride,
  ProviderSchedule,
  TemplateBlock,
  WeeklyBlock,
  WeeklyVersion,
} from '../scheduling/types';
import {
  addDays,
  dayNumber,
  isoWeekday,
  localDateOf,
  localToInstant,
  merge,
  parseWallTime,
  type Interval,
  type LocalDate,
} from '../time';
import {
  simulateAppointments,
  type SickDay,
  type SimAppointment,
  type SimulationStats,
  type SimProvider,
  type SimVisitType,
} from './demoAppointments';
import {
  CLINIC_NAME,
  CLINIC_ZONE,
  LOCATIONS,
  PROVIDERS,
  SPECIALTY_CODES,
  VISIT_TYPES,
  type LocationKey,
} from './demoData';
import { assignPanels, generatePatients, type DemoPatient } from './demoPatients';
import { clinicHolidaysBetween } from './holidays';
import { createRng, type Rng } from './random';

export interface DemoSummary {
  locations: number;
  providers: number;
  visitTypes: number;
  patients: number;
  appointments: number;
  specialties: number;
  weeklySchedules: number;
  scheduleOverrides: number;
  timeOff: number;
  /** First date of generated history and last date with bookings (clinic-local). */
  historyFrom: LocalDate;
  bookedThrough: LocalDate;
  appointmentsByStatus: Record<AppointmentStatus, number>;
  /** Of past appointments that were not cancelled or rescheduled, the share missed. */
  noShowRate: number;
  /** Of all past appointments, the share cancelled. */
  cancellationRate: number;
  lateCancels: number;
  /** Share of bookable time before today held by a kept or missed visit. */
  pastUtilization: number;
  /** Share of bookable time booked in each of the eight weeks after today. */
  futureFillByWeek: number[];
}

/** How much history and how many weeks of bookings. */
export const HISTORY_DAYS = 182;
export const FUTURE_DAYS = 56;
export const DEMO_PATIENTS = 2000;

const DAY_MS = 86_400_000;

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 1000 : 0);

/** The first date on or after `from` that falls on an ISO weekday. */
function onOrAfter(from: LocalDate, weekday: number): LocalDate {
  return addDays(from, (weekday - isoWeekday(from) + 7) % 7);
}

/** NPIs are 10 digits: 9 chosen, then their check digit (entities/provider.ts). */
export function npiWithCheckDigit(first9: string): string {
  return `${first9}${npiCheckDigit(first9)}`;
}

function ids(list: readonly string[] | undefined, byKey: Map<string, number>): number[] | null {
  if (!list) return null;
  return list.map((k) => {
    const id = byKey.get(k);
    if (id === undefined) throw new Error(`demo data: unknown visit type ${k}`);
    return id;
  });
}

export function loadDemoClinic(ctx: CoreContext, options: { seed: number }): DemoSummary {
  const { db, now } = ctx;
  const root = createRng(options.seed);
  const zone = CLINIC_ZONE;
  updateClinic(db, now, { name: CLINIC_NAME, timeZone: zone });
  const clinic = getClinic(db, now);
  const today = localDateOf(zone, now);
  const historyFrom = addDays(today, -HISTORY_DAYS);
  const bookedThrough = addDays(today, FUTURE_DAYS);
  // Templates start on the first of the month before the history does; the directory a little before.
  const effectiveFrom = `${addDays(historyFrom, -28).slice(0, 8)}01`;
  const w: Writer = {
    sqlite: db.sqlite,
    zone,
    now,
    today,
    directoryMs: localToInstant(zone, addDays(effectiveFrom, -14), 10 * 60),
  };
  const locationIds = writeLocations(w);
  const visitTypes = writeVisitTypes(w);
  const providers = writeProviders(w, { rng: root.fork('npi'), locationIds });
  const schedules = writeWeekly(w, { providers, locationIds, visitTypes, effectiveFrom });
  const exceptions = writeExceptions(w, {
    providers,
    schedules,
    locationIds,
    from: historyFrom,
    to: bookedThrough,
  });

  // Patients and panels (in memory), then six months of history and eight weeks of bookings.
  const patients = generatePatients({ rng: root.fork('patients'), count: DEMO_PATIENTS, today });
  const panels = assignPanels({
    rng: root.fork('panels'),
    patients,
    providers: PROVIDERS,
    firstDay: dayNumber(historyFrom),
    lastDay: dayNumber(bookedThrough),
    todayDay: dayNumber(today),
  });
  const hasHistory = patients.map(() => false);
  for (const panel of panels)
    for (const e of panel) if (e.state === 'established') hasHistory[e.patient] = true;
  const { appointments, stats } = simulateAppointments({
    rng: root.fork('appointments'),
    zone,
    now,
    firstDate: historyFrom,
    lastDate: bookedThrough,
    today,
    slotMinutes: clinic.slotMinutes,
    lateCancelHours: clinic.lateCancelHours,
    providers,
    visitTypes,
    schedules,
    sickDays: exceptions.sickDays,
    patients,
    panels,
  });
  const patientIds = insertPatients({
    ctx,
    rng: root.fork('registration'),
    patients,
    appointments,
    hasHistory,
    historyStartMs: localToInstant(zone, historyFrom, 0),
  });
  writeInsurance({
    sqlite: db.sqlite,
    rng: root.fork('insurance'),
    directoryMs: w.directoryMs,
    today,
    providerIds: providers.map((p) => p.id),
    patients,
    patientIds,
    registeredMs: now,
  });
  insertAppointments(w, {
    rng: root.fork('confirmation codes'),
    appointments,
    patientIds,
    providers,
    visitTypes,
  });
  // The booked future has its reminders, as if the clinic had been using the desk all along.
  const upcoming = db.sqlite
    .prepare(
      `SELECT id FROM appointments WHERE start_ms > ? AND status IN ('booked','confirmed') ORDER BY id`,
    )
    .pluck()
    .all(now) as number[];
  for (const id of upcoming) planUpcomingReminders(ctx, id);
  return summarize({
    ctx,
    historyFrom,
    bookedThrough,
    stats,
    counts: {
      weeklyCount: schedules.reduce((n, s) => n + s.weekly.length, 0),
      overrideCount: exceptions.overrides,
      timeOffCount: exceptions.timeOff,
    },
  });
}

/** What every writing step needs. */
interface Writer {
  sqlite: Database.Database;
  zone: string;
  now: number;
  today: LocalDate;
  /** When the directory (sites, providers, visit types, templates) was set up. */
  directoryMs: number;
}

function writeLocations(w: Writer): Map<LocationKey, number> {
  const insert = w.sqlite.prepare(
    `INSERT INTO locations (name, address1, address2, city, state, zip, lat, lon, phone, active, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const ids = new Map<LocationKey, number>();
  for (const l of LOCATIONS) {
    const r = insert.run(
      l.name,
      l.address1,
      l.address2,
      l.city,
      l.state,
      l.zip,
      l.lat,
      l.lon,
      l.phone,
      w.directoryMs,
    );
    ids.set(l.key, Number(r.lastInsertRowid));
  }
  return ids;
}

function writeVisitTypes(w: Writer): SimVisitType[] {
  const insert = w.sqlite.prepare(
    `INSERT INTO visit_types (name, duration_minutes, cpt_code, patient_status, buffer_before_minutes, buffer_after_minutes, color, active, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const insertSpecialty = w.sqlite.prepare(
    'INSERT INTO visit_type_specialties (visit_type_id, taxonomy_code) VALUES (?, ?)',
  );
  return VISIT_TYPES.map((v) => {
    const id = Number(
      insert.run(
        v.name,
        v.durationMinutes,
        v.cptCode,
        v.patientStatus,
        v.bufferBeforeMinutes,
        v.bufferAfterMinutes,
        v.color,
        w.directoryMs,
      ).lastInsertRowid,
    );
    for (const s of v.specialties) insertSpecialty.run(id, SPECIALTY_CODES[s]);
    return { ...v, id };
  });
}

function writeProviders(
  w: Writer,
  args: { rng: Rng; locationIds: Map<LocationKey, number> },
): SimProvider[] {
  const used = new Set<string>();
  const insert = w.sqlite.prepare(
    `INSERT INTO providers (first_name, last_name, credentials, npi, taxonomy_code, languages, sex, accepts_new_patients, min_age_years, max_age_years, color, active, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const insertLocation = w.sqlite.prepare(
    'INSERT INTO provider_locations (provider_id, location_id) VALUES (?, ?)',
  );
  return PROVIDERS.map((p, i) => {
    let npi: string;
    do {
      // Individual providers' NPIs start with 1.
      npi = npiWithCheckDigit(`1${String(args.rng.int(0, 99_999_999)).padStart(8, '0')}`);
    } while (used.has(npi));
    used.add(npi);
    const id = Number(
      insert.run(
        p.firstName,
        p.lastName,
        p.credentials,
        npi,
        SPECIALTY_CODES[p.specialty],
        JSON.stringify(p.languages),
        p.sex,
        p.acceptsNewPatients ? 1 : 0,
        p.minAgeYears,
        p.maxAgeYears,
        PROVIDER_COLORS[i % PROVIDER_COLORS.length]!,
        w.directoryMs,
      ).lastInsertRowid,
    );
    for (const key of new Set(p.weekly.map((v) => v.location)))
      insertLocation.run(id, args.locationIds.get(key)!);
    return { ...p, id };
  });
}

/**
 * Weekly templates, written as rows and returned as the engine's schedules (by provider index).
 * One provider moved two weekdays to an evening clinic ten weeks ago: two versions.
 */
function writeWeekly(
  w: Writer,
  args: {
    providers: readonly SimProvider[];
    locationIds: Map<LocationKey, number>;
    visitTypes: readonly SimVisitType[];
    effectiveFrom: LocalDate;
  },
): ProviderSchedule[] {
  const change = onOrAfter(addDays(w.today, -70), 1);
  const visitTypeIds = new Map(args.visitTypes.map((v) => [v.key, v.id]));
  const insertVersion = w.sqlite.prepare(
    'INSERT INTO weekly_schedules (provider_id, location_id, effective_from, effective_to, created_ms) VALUES (?, ?, ?, ?, ?)',
  );
  const insertBlock = w.sqlite.prepare(
    'INSERT INTO schedule_blocks (weekly_schedule_id, weekday, start_minute, end_minute, kind, visit_type_ids) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return args.providers.map((p) => {
    const weekly: WeeklyVersion[] = p.weekly.map((spec) => {
      const from = spec.from === 'change' ? change : args.effectiveFrom;
      const to = spec.to === 'change' ? addDays(change, -1) : null;
      const locationId = args.locationIds.get(spec.location)!;
      const createdMs =
        spec.from === 'change'
          ? localToInstant(w.zone, addDays(change, -21), 11 * 60)
          : w.directoryMs;
      const versionId = Number(
        insertVersion.run(p.id, locationId, from, to, createdMs).lastInsertRowid,
      );
      const blocks: WeeklyBlock[] = spec.days.flatMap((d) =>
        d.weekdays.flatMap((weekday) => [
          ...d.hours.map(([start, end, only]) => ({
            weekday,
            start: parseWallTime(start),
            end: parseWallTime(end),
            kind: 'hours' as const,
            visitTypeIds: ids(only, visitTypeIds),
          })),
          ...(d.breaks ?? []).map(([start, end]) => ({
            weekday,
            start: parseWallTime(start),
            end: parseWallTime(end),
            kind: 'break' as const,
            visitTypeIds: null,
          })),
        ]),
      );
      for (const b of blocks) {
        insertBlock.run(
          versionId,
          b.weekday,
          b.start,
          b.end,
          b.kind,
          b.visitTypeIds ? JSON.stringify(b.visitTypeIds) : null,
        );
      }
      return { locationId, effectiveFrom: from, effectiveTo: to, blocks };
    });
    return { providerId: p.id, weekly, overrides: [], timeOff: [] };
  });
}

/**
 * Days that differ from the templates, added to `schedules` as well as written: holidays close
 * every site, one provider spends an afternoon at a community health fair, and five spans of time
 * off (two vacations, a conference, a personal afternoon, and a sick day whose bookings the clinic
 * had to cancel that morning).
 */
function writeExceptions(
  w: Writer,
  args: {
    providers: readonly SimProvider[];
    schedules: ProviderSchedule[];
    locationIds: Map<LocationKey, number>;
    from: LocalDate;
    to: LocalDate;
  },
): { overrides: number; timeOff: number; sickDays: SickDay[] } {
  const { zone, today } = w;
  const { providers, schedules } = args;
  const providerIndex = new Map(PROVIDERS.map((p, i) => [p.key, i]));
  const indexOf = (key: string) => providerIndex.get(key)!;
  const holidays = clinicHolidaysBetween(args.from, args.to);
  const holidayDates = new Set(holidays.map((h) => h.date));
  const insertOverride = w.sqlite.prepare(
    'INSERT INTO schedule_overrides (provider_id, location_id, date, blocks, reason, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
  );
  let overrides = 0;
  const addOverride = (pi: number, o: DayOverride, reason: string) => {
    insertOverride.run(
      providers[pi]!.id,
      o.locationId,
      o.date,
      JSON.stringify(o.blocks),
      reason,
      Math.min(w.now, localToInstant(zone, addDays(o.date, -45), 9 * 60)),
    );
    schedules[pi]!.overrides.push(o);
    overrides++;
  };
  for (const h of holidays) {
    schedules.forEach((s, pi) => {
      for (const [locationId, blocks] of blocksForDate(s, h.date)) {
        if (blocks.some((b) => b.kind === 'hours'))
          addOverride(pi, { locationId, date: h.date, blocks: [] }, `${h.name}: clinic closed`);
      }
    });
  }
  let fairDay = onOrAfter(addDays(today, 10), 3);
  while (holidayDates.has(fairDay)) fairDay = addDays(fairDay, 7);
  const fairBlocks: TemplateBlock[] = [
    { start: 8 * 60 + 30, end: 12 * 60 + 30, kind: 'hours', visitTypeIds: null },
  ];
  addOverride(
    indexOf('ortega'),
    { locationId: args.locationIds.get('cary')!, date: fairDay, blocks: fairBlocks },
    'Afternoon at the community health fair',
  );

  const insertTimeOff = w.sqlite.prepare(
    'INSERT INTO time_off (provider_id, start_ms, end_ms, reason, created_ms) VALUES (?, ?, ?, ?, ?)',
  );
  let timeOff = 0;
  const addTimeOff = (key: string, off: Interval, reason: string, createdMs: number) => {
    const pi = indexOf(key);
    insertTimeOff.run(providers[pi]!.id, off.start, off.end, reason, Math.min(w.now, createdMs));
    schedules[pi]!.timeOff = merge([...schedules[pi]!.timeOff, off]);
    timeOff++;
  };
  // Whole local days, as schedules/addTimeOff writes them.
  const wholeDays = (from: LocalDate, days: number): Interval => ({
    start: localToInstant(zone, from, 0),
    end: localToInstant(zone, addDays(from, days), 0),
  });
  const planned = (off: Interval) => off.start - 60 * DAY_MS;
  const vacation = wholeDays(onOrAfter(addDays(today, -75), 1), 5);
  addTimeOff('hollis', vacation, 'Vacation', planned(vacation));
  const personalDay = onOrAfter(addDays(today, -40), 3);
  const personal = {
    start: localToInstant(zone, personalDay, 13 * 60),
    end: localToInstant(zone, personalDay, 17 * 60),
  };
  addTimeOff('kim', personal, 'Personal appointment', planned(personal));
  const conference = wholeDays(onOrAfter(addDays(today, 17), 4), 2);
  addTimeOff('weiss', conference, 'Medical conference', planned(conference));
  const leave = wholeDays(onOrAfter(addDays(today, 29), 1), 5);
  addTimeOff('nwosu', leave, 'Vacation', planned(leave));
  let sickDate = addDays(today, -23);
  while (isoWeekday(sickDate) > 5 || holidayDates.has(sickDate)) sickDate = addDays(sickDate, 1);
  const sick = wholeDays(sickDate, 1);
  addTimeOff('raman', sick, 'Sick day', localToInstant(zone, sickDate, 6 * 60 + 40));
  return {
    overrides,
    timeOff,
    sickDays: [{ provider: indexOf('raman'), date: sickDate, off: sick }],
  };
}

/** Appointments in the order they were booked, so that ids grow with creation time as in real use. */
function insertAppointments(
  w: Writer,
  args: {
    rng: Rng;
    appointments: readonly SimAppointment[];
    patientIds: readonly number[];
    providers: readonly SimProvider[];
    visitTypes: readonly SimVisitType[];
  },
): void {
  const ordered = [...args.appointments].sort(
    (a, b) => a.createdMs - b.createdMs || a.start - b.start || a.seq - b.seq,
  );
  const base = (
    w.sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM appointments').get() as { n: number }
  ).n;
  const idOf = new Map(ordered.map((a, i) => [a, base + i + 1]));
  const codes = new Set<string>();
  const insert = w.sqlite.prepare(
    `INSERT INTO appointments (id, confirmation_code, patient_id, provider_id, location_id, visit_type_id, start_ms, end_ms, status, overbook, overbook_reason,
       cancel_reason, cancelled_by, late_cancel, cancelled_ms, rescheduled_from_id, rescheduled_to_id, booked_by, booked_from, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, ?, ?, ?, 'demo', 'demo', ?, ?)`,
  );
  for (const a of ordered) {
    let code: string;
    do code = newConfirmationCode(args.rng.next);
    while (codes.has(code));
    codes.add(code);
    insert.run(
      idOf.get(a)!,
      code,
      args.patientIds[a.patient]!,
      args.providers[a.provider]!.id,
      a.locationId,
      args.visitTypes[a.visitType]!.id,
      a.start,
      a.end,
      a.status,
      a.cancel?.reason ?? null,
      a.cancel?.by ?? null,
      a.cancel?.late ? 1 : 0,
      a.cancel?.atMs ?? null,
      a.rescheduledFrom ? idOf.get(a.rescheduledFrom)! : null,
      a.rescheduledTo ? idOf.get(a.rescheduledTo)! : null,
      a.createdMs,
      a.updatedMs,
    );
  }
}

/**
 * Patients in the order they were registered: long-standing ones years before the history starts,
 * new ones shortly before their first booking. Returns their ids by patient index.
 */
function insertPatients(args: {
  ctx: CoreContext;
  rng: Rng;
  patients: readonly DemoPatient[];
  appointments: readonly SimAppointment[];
  hasHistory: boolean[];
  historyStartMs: number;
}): number[] {
  const { ctx, rng, patients, appointments } = args;
  const zone = CLINIC_ZONE;
  const firstBooking = patients.map(() => Infinity);
  for (const a of appointments)
    firstBooking[a.patient] = Math.min(firstBooking[a.patient]!, a.createdMs);
  const registered = patients.map((p, i) => {
    const born = localToInstant(zone, p.record.dateOfBirth, 9 * 60);
    let at: number;
    if (args.hasHistory[i]) {
      at = args.historyStartMs - (30 + rng.next() * 2900) * DAY_MS;
    } else if (Number.isFinite(firstBooking[i])) {
      at = firstBooking[i]! - (5 + rng.next() * 2875) * 60_000;
    } else {
      at = ctx.now - (1 + rng.next() * 59) * DAY_MS;
    }
    at = Math.min(at, firstBooking[i]!, ctx.now);
    // A newborn is registered on the morning of the day of birth at the earliest.
    return Math.floor(Math.max(at, born) / 1000) * 1000;
  });
  const order = patients.map((_, i) => i).sort((a, b) => registered[a]! - registered[b]! || a - b);
  const ids: number[] = patients.map(() => 0);
  for (const i of order) {
    // Registered at its own moment in the past, through the same insert as the patients/create handler.
    const id = insertPatientRow(
      ctx.db,
      registered[i]!,
      patientCreateInput.parse(patients[i]!.record),
    );
    ids[i] = id;
  }
  return ids;
}

function summarize(args: {
  ctx: CoreContext;
  historyFrom: LocalDate;
  bookedThrough: LocalDate;
  stats: SimulationStats;
  counts: { weeklyCount: number; overrideCount: number; timeOffCount: number };
}): DemoSummary {
  const { ctx, stats } = args;
  const sqlite = ctx.db.sqlite;
  const one = (sql: string, ...params: unknown[]) =>
    (sqlite.prepare(sql).get(...params) as { n: number }).n;
  const byStatus = Object.fromEntries(
    (
      [
        'booked',
        'confirmed',
        'arrived',
        'in_room',
        'completed',
        'no_show',
        'cancelled',
        'rescheduled',
      ] as const
    ).map((s) => [s, 0]),
  ) as Record<AppointmentStatus, number>;
  for (const r of sqlite
    .prepare('SELECT status, count(*) AS n FROM appointments GROUP BY status ORDER BY status')
    .all() as { status: AppointmentStatus; n: number }[]) {
    byStatus[r.status] = r.n;
  }
  const past = one('SELECT count(*) AS n FROM appointments WHERE start_ms < ?', ctx.now);
  const pastKept = one(
    `SELECT count(*) AS n FROM appointments WHERE start_ms < ? AND status NOT IN ('cancelled','rescheduled')`,
    ctx.now,
  );
  const pastNoShow = one(
    `SELECT count(*) AS n FROM appointments WHERE start_ms < ? AND status = 'no_show'`,
    ctx.now,
  );
  const pastCancelled = one(
    `SELECT count(*) AS n FROM appointments WHERE start_ms < ? AND status = 'cancelled'`,
    ctx.now,
  );
  return {
    locations: one('SELECT count(*) AS n FROM locations'),
    providers: one('SELECT count(*) AS n FROM providers'),
    visitTypes: one('SELECT count(*) AS n FROM visit_types'),
    patients: one('SELECT count(*) AS n FROM patients'),
    appointments: one('SELECT count(*) AS n FROM appointments'),
    specialties: one('SELECT count(DISTINCT taxonomy_code) AS n FROM providers'),
    weeklySchedules: args.counts.weeklyCount,
    scheduleOverrides: args.counts.overrideCount,
    timeOff: args.counts.timeOffCount,
    historyFrom: args.historyFrom,
    bookedThrough: args.bookedThrough,
    appointmentsByStatus: byStatus,
    noShowRate: rate(pastNoShow, pastKept),
    cancellationRate: rate(pastCancelled, past),
    lateCancels: one('SELECT count(*) AS n FROM appointments WHERE late_cancel = 1'),
    pastUtilization: rate(stats.pastHeldMs, stats.pastBookableMs),
    futureFillByWeek: stats.futureBookableMs.map((b, i) => rate(stats.futureHeldMs[i]!, b)),
  };
}
