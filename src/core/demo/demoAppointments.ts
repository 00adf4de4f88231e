/**
 * Six months of history and eight weeks of bookings, simulated day by day on top of the real
 * availability engine: each provider's open ranges come from `openRangesForDate` (templates,
 * breaks, overrides, time off), visits start on the clinic's slot grid counted from the block's
 * start, honour the block's allowed visit types and every buffer exactly as `blockedFor` does, and
 * never overlap for a provider or a patient. What happened to each visit is drawn from simple
 * models with the signal a no-show report should find:
 * - no-show (~20% of past kept appointments, as in the outpatient literature): more likely the
 *   longer ago it was booked, for patients who missed before, for young adults, for new patients,
 *   late in the day and on Mondays; less likely with SMS reminders, for seniors, for same-day sick
 *   visits;
 * - cancellation (~10% of past appointments; a third of patients' cancellations within 24 hours,
 *   which are flagged late and seldom refilled), a provider's sick day cancelled by the clinic;
 * - a few reschedules, both rows linked both ways;
 * - the future thins out week by week (~70% next week, ~15% in week 8), and acute visits are
 *   booked the same day or the day before, never weeks ahead.
 */
import type { AppointmentStatus } from '../entities/appointment';
import { openRangesForDate } from '../scheduling/openRanges';
import { allows } from '../scheduling/slots';
import type { OpenRange, ProviderSchedule } from '../scheduling/types';
import {
  dayNumber,
  eachDate,
  HOUR_MS,
  instantToLocal,
  isoWeekday,
  localToInstant,
  MINUTE_MS,
  type Interval,
  type LocalDate,
} from '../time';
import {
  CLINIC_CANCEL_REASONS,
  PATIENT_CANCEL_REASONS,
  type DemoProvider,
  type DemoVisitType,
  type LeadKind,
  type SpecialtyKey,
} from './demoData';
import type { DemoPatient, PanelEntry } from './demoPatients';
import type { Rng } from './random';

const DAY_MS = 86_400_000;

export interface SimVisitType extends DemoVisitType {
  id: number;
}

export interface SimProvider extends DemoProvider {
  id: number;
}

export interface SimAppointment {
  /** Order of creation in the simulation; breaks ties when rows are sorted for insertion. */
  seq: number;
  patient: number;
  provider: number;
  locationId: number;
  visitType: number;
  start: number;
  end: number;
  status: AppointmentStatus;
  createdMs: number;
  updatedMs: number;
  cancel: { reason: string; by: string; late: boolean; atMs: number } | null;
  rescheduledFrom: SimAppointment | null;
  rescheduledTo: SimAppointment | null;
}

/** A whole day a provider called in sick: that day's bookings become clinic cancellations. */
export interface SickDay {
  provider: number;
  date: LocalDate;
  off: Interval;
}

export interface SimulationStats {
  /** Bookable time before today, and the part held by kept or missed visits. */
  pastBookableMs: number;
  pastHeldMs: number;
  /** Weeks 1–8 after today: bookable and booked time. */
  futureBookableMs: number[];
  futureHeldMs: number[];
}

interface Busy {
  start: number;
  end: number;
  before: number;
  after: number;
}

/** Log-odds intercept of the no-show model, tuned so that about 20% of past visits are missed. */
const NO_SHOW_INTERCEPT = -3.2;

/** A newborn's first visit is at two days old at the earliest. */
const FIRST_VISIT_AGE_DAYS = 2;

const PRIMARY_CARE: ReadonlySet<SpecialtyKey> = new Set(['family', 'internal', 'pediatrics']);

const round = (ms: number) => Math.floor(ms / 1000) * 1000;

export function simulateAppointments(params: {
  rng: Rng;
  zone: string;
  now: number;
  firstDate: LocalDate;
  lastDate: LocalDate;
  today: LocalDate;
  slotMinutes: number;
  lateCancelHours: number;
  providers: readonly SimProvider[];
  visitTypes: readonly SimVisitType[];
  schedules: readonly ProviderSchedule[];
  sickDays: readonly SickDay[];
  patients: readonly DemoPatient[];
  panels: readonly PanelEntry[][];
}): { appointments: SimAppointment[]; stats: SimulationStats } {
  const { rng, zone, now, providers, visitTypes, schedules, patients, panels } = params;
  const step = params.slotMinutes * MINUTE_MS;
  const lateWindow = params.lateCancelHours * HOUR_MS;
  const todayDay = dayNumber(params.today);
  const dates = [...eachDate(params.firstDate, params.lastDate)];

  const ranges: Map<LocalDate, readonly OpenRange[]>[] = schedules.map((s) => {
    const m = new Map<LocalDate, readonly OpenRange[]>();
    for (const d of dates) m.set(d, openRangesForDate(s, d, zone));
    return m;
  });
  const offered = providers.map((p) =>
    visitTypes.filter((v) => v.specialties.includes(p.specialty)),
  );
  const byId = new Map(visitTypes.map((v, i) => [v.id, i]));
  const panelTotals = panels.map((panel) => {
    const cumulative: number[] = [];
    let total = 0;
    for (const e of panel) cumulative.push((total += e.weight));
    return { cumulative, total };
  });
  const held: Interval[][] = patients.map(() => []);
  /** Patients waiting for a first visit with each provider, as of one day (states change during it). */
  const waitingByProvider: ({ day: number; list: PanelEntry[] } | undefined)[] = [];
  const priorNoShows: number[] = patients.map(() => 0);
  const out: SimAppointment[] = [];
  const stats: SimulationStats = {
    pastBookableMs: 0,
    pastHeldMs: 0,
    futureBookableMs: Array.from({ length: 8 }, () => 0),
    futureHeldMs: Array.from({ length: 8 }, () => 0),
  };
  let seq = 0;

  const push = (a: Omit<SimAppointment, 'seq'>): SimAppointment => {
    const row = { ...a, seq: seq++ };
    out.push(row);
    return row;
  };

  const ageAt = (p: DemoPatient, y: number, m: number, d: number) =>
    y - p.dob[0] - (m < p.dob[1] || (m === p.dob[1] && d < p.dob[2]) ? 1 : 0);

  const suits = (
    p: DemoPatient,
    v: DemoVisitType,
    prov: DemoProvider,
    ymd: number[],
    day: number,
  ) => {
    if (p.dobDay + FIRST_VISIT_AGE_DAYS > day) return false;
    const age = ageAt(p, ymd[0]!, ymd[1]!, ymd[2]!);
    if (v.minAge !== undefined && age < v.minAge) return false;
    if (v.maxAge !== undefined && age > v.maxAge) return false;
    if (prov.minAgeYears !== null && age < prov.minAgeYears) return false;
    if (prov.maxAgeYears !== null && age > prov.maxAgeYears) return false;
    if (v.femaleOnly && p.record.sex !== 'F') return false;
    if (v.pregnantOnly && !p.pregnant) return false;
    return true;
  };

  const patientFree = (patient: number, start: number, end: number) =>
    !held[patient]!.some((h) => h.start < end && start < h.end);

  const pickFromPanel = (provider: number): PanelEntry => {
    const { cumulative, total } = panelTotals[provider]!;
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return panels[provider]![lo]!;
  };

  /** A patient from the provider's panel who may have this visit at this time, or null. */
  const choosePatient = (args: {
    provider: number;
    v: SimVisitType;
    day: number;
    ymd: number[];
    start: number;
    end: number;
  }): PanelEntry | null => {
    const { provider, v, day, ymd, start, end } = args;
    const prov = providers[provider]!;
    const ok = (e: PanelEntry) =>
      e.lastVisitDay !== day &&
      suits(patients[e.patient]!, v, prov, ymd, day) &&
      patientFree(e.patient, start, end);
    if (v.patientStatus === 'new') {
      let cached = waitingByProvider[provider];
      if (!cached || cached.day !== day) {
        cached = {
          day,
          list: panels[provider]!.filter((e) => e.state === 'new' && e.newFromDay <= day),
        };
        waitingByProvider[provider] = cached;
      }
      const waiting = cached.list;
      if (waiting.length === 0) return null;
      const offset = rng.int(0, waiting.length - 1);
      for (let k = 0; k < waiting.length; k++) {
        const e = waiting[(offset + k) % waiting.length]!;
        if (e.state === 'new' && ok(e)) return e;
      }
      return null;
    }
    // Nobody comes back to the same provider within days unless acutely ill; prenatal visits
    // run closer together than specialist follow-ups.
    const spacing =
      v.lead === 'acute' ? 3 : v.pregnantOnly ? 10 : PRIMARY_CARE.has(prov.specialty) ? 14 : 21;
    for (let attempt = 0; attempt < 40; attempt++) {
      const e = pickFromPanel(provider);
      if (e.state === 'pending') continue;
      if (e.state === 'new' && (v.patientStatus === 'established' || e.newFromDay > day)) continue;
      if (!ok(e)) continue;
      if (day - e.lastVisitDay < spacing) continue;
      return e;
    }
    return null;
  };

  const leadMs = (kind: LeadKind): number => {
    const exp = (meanDays: number) => -meanDays * Math.log(1 - rng.next()) * DAY_MS;
    switch (kind) {
      case 'acute': {
        const r = rng.next();
        if (r < 0.6) return (20 + rng.next() * 280) * MINUTE_MS;
        if (r < 0.9) return (18 + rng.next() * 12) * HOUR_MS;
        return (2 + rng.next() * 2) * DAY_MS;
      }
      case 'routine':
        return Math.min(2 * DAY_MS + exp(14), 90 * DAY_MS);
      case 'planned':
        return Math.min(5 * DAY_MS + exp(35), 170 * DAY_MS);
      case 'procedure':
        return Math.min(3 * DAY_MS + exp(12), 60 * DAY_MS);
    }
  };

  /** When it was booked: before the start by a typical lead, and never after now. */
  const bookedAt = (start: number, kind: LeadKind): number => {
    let created = start - leadMs(kind);
    if (created > now - MINUTE_MS) created = now - (1 + rng.next() * 4319) * MINUTE_MS;
    return round(created);
  };

  const cancellation = (createdMs: number, start: number) => {
    const byPatient = rng.chance(0.8);
    let at: number;
    if (byPatient && rng.chance(0.33) && start - createdMs > 2 * HOUR_MS) {
      const earliest = Math.max(createdMs + 10 * MINUTE_MS, start - lateWindow + MINUTE_MS);
      at = earliest + rng.next() * (start - 30 * MINUTE_MS - earliest);
    } else if (start - lateWindow > createdMs + HOUR_MS) {
      at = createdMs + HOUR_MS + rng.next() * (start - lateWindow - createdMs - HOUR_MS);
    } else {
      at = createdMs + rng.next() * Math.max(0, start - 30 * MINUTE_MS - createdMs);
    }
    if (at >= now) at = createdMs + rng.next() * (now - createdMs);
    at = Math.max(createdMs, round(at));
    return {
      reason: byPatient ? rng.pick(PATIENT_CANCEL_REASONS) : rng.pick(CLINIC_CANCEL_REASONS),
      by: `${byPatient ? 'patient' : 'clinic'} (via demo)`,
      // The same rule as cancelAppointment: late only when the patient cancels inside the window.
      late: byPatient && start - at < lateWindow,
      atMs: at,
    };
  };

  const noShowChance = (args: {
    patient: DemoPatient;
    v: DemoVisitType;
    createdMs: number;
    start: number;
    weekday: number;
    wallMinute: number;
  }): number => {
    const { patient, v, createdMs, start } = args;
    const leadDays = Math.max(0, (start - createdMs) / DAY_MS);
    let z = NO_SHOW_INTERCEPT + 0.5 * Math.log1p(leadDays) + patient.noShowRisk;
    z += 0.55 * Math.min(priorNoShows[patient.index]!, 3);
    if (patient.record.smsConsent) z -= 0.3;
    if (v.patientStatus === 'new') z += 0.3;
    if (v.lead === 'acute') z -= 0.5;
    if (args.weekday === 1) z += 0.12;
    if (args.wallMinute >= 16 * 60) z += 0.15;
    return 1 / (1 + Math.exp(-z));
  };

  /** The status a kept booking has at `now`, and when it last changed. */
  const statusAt = (args: {
    start: number;
    end: number;
    createdMs: number;
    missed: boolean;
    dayDiff: number;
  }): { status: AppointmentStatus; updatedMs: number } => {
    const { start, end, createdMs, missed, dayDiff } = args;
    const clamp = (t: number) => round(Math.min(now, Math.max(createdMs, t)));
    if (end <= now) {
      return missed
        ? { status: 'no_show', updatedMs: clamp(start + (15 + rng.next() * 30) * MINUTE_MS) }
        : { status: 'completed', updatedMs: clamp(end + (2 + rng.next() * 25) * MINUTE_MS) };
    }
    if (start <= now) {
      if (missed) {
        // The desk waits a quarter of an hour before marking a no-show.
        return now - start >= 15 * MINUTE_MS
          ? { status: 'no_show', updatedMs: clamp(start + 15 * MINUTE_MS) }
          : { status: 'confirmed', updatedMs: clamp(start - DAY_MS) };
      }
      return now - start < 5 * MINUTE_MS
        ? { status: 'arrived', updatedMs: clamp(start - 10 * MINUTE_MS) }
        : { status: 'in_room', updatedMs: clamp(start + rng.next() * 5 * MINUTE_MS) };
    }
    if (dayDiff === 0 && start - now <= 30 * MINUTE_MS && !missed && rng.chance(0.5)) {
      return { status: 'arrived', updatedMs: clamp(now - rng.next() * 10 * MINUTE_MS) };
    }
    const confirmShare = dayDiff <= 1 ? 0.65 : dayDiff <= 3 ? 0.45 : dayDiff <= 7 ? 0.2 : 0.06;
    if (rng.chance(confirmShare)) {
      return { status: 'confirmed', updatedMs: clamp(start - (1 + rng.next() * 2) * DAY_MS) };
    }
    return { status: 'booked', updatedMs: createdMs };
  };

  /** The row a reschedule left behind: the same visit, first booked on another day. */
  const rescheduledOrigin = (args: {
    occupant: SimAppointment;
    v: SimVisitType;
    date: LocalDate;
  }): SimAppointment | null => {
    const { occupant, v } = args;
    const duration = v.durationMinutes * MINUTE_MS;
    for (let attempt = 0; attempt < 4; attempt++) {
      const shift = rng.int(1, 14) * (rng.chance(0.5) ? 1 : -1);
      const other = dates[dates.indexOf(args.date) + shift];
      if (!other || dayNumber(other) < patients[occupant.patient]!.dobDay + FIRST_VISIT_AGE_DAYS)
        continue;
      const options = (ranges[occupant.provider]!.get(other) ?? []).filter(
        (r) => allows(r, v.id) && r.end - r.start >= duration,
      );
      if (options.length === 0) continue;
      const r = rng.pick(options);
      const first = r.anchor + Math.ceil((r.start - r.anchor) / step) * step;
      const count = Math.floor((r.end - duration - first) / step) + 1;
      if (count <= 0) continue;
      const start = first + rng.int(0, count - 1) * step;
      const movedAt = round(
        Math.min(start, occupant.start, now) - (2 + rng.next() * 238) * HOUR_MS,
      );
      const createdMs = round(movedAt - (1 + rng.next() * 29) * DAY_MS);
      occupant.createdMs = movedAt;
      if (occupant.status === 'booked') occupant.updatedMs = movedAt;
      return push({
        patient: occupant.patient,
        provider: occupant.provider,
        locationId: r.locationId,
        visitType: byId.get(v.id)!,
        start,
        end: start + duration,
        status: 'rescheduled',
        createdMs,
        updatedMs: movedAt,
        cancel: null,
        rescheduledFrom: null,
        rescheduledTo: occupant,
      });
    }
    return null;
  };

  /** The bookings of a provider's sick day, all cancelled by the clinic that morning. */
  const sickDayCancellations = (sick: SickDay, ymd: number[], day: number) => {
    const schedule = schedules[sick.provider]!;
    const withoutIt = {
      ...schedule,
      timeOff: schedule.timeOff.filter((t) => t.start !== sick.off.start || t.end !== sick.off.end),
    };
    const calledInAt = localToInstant(zone, sick.date, 6 * 60 + 45);
    const prov = providers[sick.provider]!;
    for (const r of openRangesForDate(withoutIt, sick.date, zone)) {
      let t = r.anchor + Math.ceil((r.start - r.anchor) / step) * step;
      while (t < r.end) {
        const fits = offered[sick.provider]!.filter(
          (v) => allows(r, v.id) && t + v.durationMinutes * MINUTE_MS <= r.end,
        );
        if (fits.length === 0 || !rng.chance(0.8)) {
          t += step;
          continue;
        }
        const v = rng.weighted(fits, (x) => x.weights[prov.specialty] ?? 0);
        const end = t + v.durationMinutes * MINUTE_MS;
        const e = pickFromPanel(sick.provider);
        if (!suits(patients[e.patient]!, v, prov, ymd, day)) {
          t += step;
          continue;
        }
        const createdMs = Math.min(bookedAt(t, v.lead), round(calledInAt - HOUR_MS));
        push({
          patient: e.patient,
          provider: sick.provider,
          locationId: r.locationId,
          visitType: byId.get(v.id)!,
          start: t,
          end,
          status: 'cancelled',
          createdMs,
          updatedMs: calledInAt,
          cancel: {
            reason: 'Provider ill; the office will call to rebook',
            by: 'provider (via demo)',
            late: false,
            atMs: calledInAt,
          },
          rescheduledFrom: null,
          rescheduledTo: null,
        });
        t = Math.ceil((end - r.anchor) / step) * step + r.anchor;
      }
    }
  };

  for (const date of dates) {
    const day = dayNumber(date);
    const dayDiff = day - todayDay;
    const ymd = date.split('-').map(Number);
    const weekday = isoWeekday(date);
    // Wall-clock minute of an instant on this date; exact on DST-change days too.
    const midnight = localToInstant(zone, date, 0);
    const regularDay = localToInstant(zone, date, 24 * 60) - midnight === DAY_MS;
    const wallMinute = (t: number) =>
      regularDay ? Math.floor((t - midnight) / MINUTE_MS) : instantToLocal(zone, t).minutes;
    for (let pi = 0; pi < providers.length; pi++) {
      const prov = providers[pi]!;
      for (const sick of params.sickDays) {
        if (sick.provider === pi && sick.date === date) sickDayCancellations(sick, ymd, day);
      }
      const dayRanges = ranges[pi]!.get(date)!;
      if (dayRanges.length === 0) continue;
      const busy: Busy[] = [];
      const noise = rng.normal() * 0.04;
      const weekdayShift = weekday === 1 ? 0.03 : weekday === 5 ? -0.04 : weekday === 6 ? 0.05 : 0;
      const pastFill = Math.min(0.97, Math.max(0.55, prov.fill + weekdayShift + noise));
      const futureCurve = Math.min(0.8, Math.max(0.12, 0.8 - 0.0128 * dayDiff));
      const futureFill = Math.min(0.95, Math.max(0.05, (futureCurve * prov.fill) / 0.86 + noise));
      const week = Math.floor((dayDiff - 1) / 7);
      for (const r of dayRanges) {
        const bookable = r.end - r.start;
        if (dayDiff < 0) stats.pastBookableMs += bookable;
        else if (week >= 0 && week < 8) stats.futureBookableMs[week]! += bookable;
        const allowed = offered[pi]!.filter((v) => allows(r, v.id));
        let t = r.anchor + Math.ceil((r.start - r.anchor) / step) * step;
        while (t < r.end) {
          const isPast = t < now;
          const fill = isPast ? pastFill : futureFill;
          // Chance to book a grid start so that, with the gaps left, about `fill` of time is held.
          const q = (fill * 15) / (24 * (1 - fill) + fill * 15);
          if (!rng.chance(q)) {
            t += step;
            continue;
          }
          const fits = allowed.filter((v) => {
            const end = t + v.durationMinutes * MINUTE_MS;
            if (end > r.end) return false;
            const before = v.bufferBeforeMinutes * MINUTE_MS;
            const after = v.bufferAfterMinutes * MINUTE_MS;
            return !busy.some(
              (b) => b.start - b.before - after < end && t < b.end + b.after + before,
            );
          });
          const weightOf = (v: SimVisitType) => {
            let w = v.weights[prov.specialty] ?? 0;
            if (!isPast && dayDiff > 1 && v.lead === 'acute') w *= 0.05;
            if (!isPast && v.patientStatus === 'new' && !prov.acceptsNewPatients) w = 0;
            return w;
          };
          let choice: { v: SimVisitType; e: PanelEntry } | null = null;
          for (let attempt = 0; attempt < 3; attempt++) {
            const live = fits.filter((v) => weightOf(v) > 0);
            if (live.length === 0) break;
            const v = rng.weighted(live, weightOf);
            const e = choosePatient({
              provider: pi,
              v,
              day,
              ymd,
              start: t,
              end: t + v.durationMinutes * MINUTE_MS,
            });
            if (e) {
              choice = { v, e };
              break;
            }
            fits.splice(fits.indexOf(v), 1);
          }
          if (!choice) {
            t += step;
            continue;
          }
          const { v, e } = choice;
          const start = t;
          const end = t + v.durationMinutes * MINUTE_MS;
          const vIndex = byId.get(v.id)!;
          const nextStart = () => r.anchor + Math.ceil((end - r.anchor) / step) * step;
          let createdMs = bookedAt(start, v.lead);
          let refill = false;
          if (rng.chance(isPast ? 0.11 : 0.05)) {
            const cancel = cancellation(createdMs, start);
            const refilled = rng.chance(cancel.late ? 0.3 : 0.72);
            let canceller = e.patient;
            if (refilled) {
              const other = pickFromPanel(pi);
              canceller = other.patient === e.patient ? -1 : other.patient;
            }
            if (canceller >= 0 && suits(patients[canceller]!, v, prov, ymd, day)) {
              push({
                patient: canceller,
                provider: pi,
                locationId: r.locationId,
                visitType: vIndex,
                start,
                end,
                status: 'cancelled',
                createdMs,
                updatedMs: cancel.atMs,
                cancel,
                rescheduledFrom: null,
                rescheduledTo: null,
              });
              if (!refilled) {
                t = nextStart();
                continue;
              }
              // The freed slot went to someone else (often from the waiting list).
              refill = true;
              createdMs = round(cancel.atMs + rng.next() * (Math.min(start, now) - cancel.atMs));
            }
          }
          const patient = patients[e.patient]!;
          const missed =
            start <= now &&
            rng.chance(
              noShowChance({
                patient,
                v,
                createdMs,
                start,
                weekday,
                wallMinute: wallMinute(start),
              }),
            );
          const { status, updatedMs } = statusAt({ start, end, createdMs, missed, dayDiff });
          const occupant = push({
            patient: e.patient,
            provider: pi,
            locationId: r.locationId,
            visitType: vIndex,
            start,
            end,
            status,
            createdMs,
            updatedMs,
            cancel: null,
            rescheduledFrom: null,
            rescheduledTo: null,
          });
          // A booking that filled a freed slot was made then, not moved from elsewhere.
          if (!refill && rng.chance(0.005)) {
            occupant.rescheduledFrom = rescheduledOrigin({ occupant, v, date });
          }
          busy.push({
            start,
            end,
            before: v.bufferBeforeMinutes * MINUTE_MS,
            after: v.bufferAfterMinutes * MINUTE_MS,
          });
          held[e.patient]!.push({ start, end });
          e.lastVisitDay = day;
          if (status === 'no_show') priorNoShows[e.patient]!++;
          if (e.state === 'new') {
            if (status === 'completed' || status === 'arrived' || status === 'in_room')
              e.state = 'established';
            else if (status !== 'no_show') e.state = 'pending';
          }
          if (status === 'completed' || status === 'no_show') {
            if (dayDiff < 0) stats.pastHeldMs += end - start;
          } else if (week >= 0 && week < 8) {
            stats.futureHeldMs[week]! += end - start;
          }
          t = nextStart();
        }
      }
    }
  }
  // A baby's visits can be asked for before the birth, but are booked once the baby is registered
  // (on the day of birth, in the morning).
  for (const a of out) {
    const p = patients[a.patient]!;
    const born = localToInstant(zone, p.record.dateOfBirth, 9 * 60);
    if (a.createdMs >= born) continue;
    a.createdMs = born;
    if (a.cancel && a.cancel.atMs < born) {
      a.cancel.atMs = born;
      a.cancel.late = a.cancel.by.startsWith('patient') && a.start - born < lateWindow;
    }
    if (a.updatedMs < born) a.updatedMs = a.cancel?.atMs ?? born;
  }
  return { appointments: out, stats };
}
