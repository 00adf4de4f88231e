/**
 * A discrete-event simulation of the demo clinic (src/core/demo) over a window of weeks, run
 * through the real engine: every booking, cancellation, kept visit and no-show is an API call;
 * reminders are planned by the real policy and sent by the real dispatcher; freed slots are
 * offered by the real waitlist job and answered by texts read through the real inbound path
 * (pollReplies → handleInboundSms → answerOffer). Only the patients are simulated: when they ask
 * for a visit, whether they cancel, whether they come, and how they answer an offer.
 *
 * Four arms share one demand (the same seed gives the same requests, in the same order, with the
 * same random draws per visit): neither, reminders only, waitlist only, both. A visit's no-show
 * and cancellation draws are keyed by (patient, start), so the same visit at the same time has
 * the same fate in every arm except where a reminder or the waitlist changes it (common random
 * numbers: the arms differ by the intervention, not by luck).
 *
 * Nothing here reads the wall clock: the clock is the simulation's, and every figure is a pure
 * function of (seed, options).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApi } from '../src/core/api';
import type { ApiName } from '../src/core/api/types';
import { runWaitlistOffers } from '../src/core/access/service/offerJob';
import { openDatabase, type ClinicDb } from '../src/core/db/open';
import { createRng, type Rng } from '../src/core/demo/random';
import { CLINIC_ZONE } from '../src/core/demo/demoData';
import { FUTURE_DAYS, HISTORY_DAYS } from '../src/core/demo/demoClinic';
import { runDispatcher } from '../src/core/reminders/dispatcher';
import { pollReplies } from '../src/core/reminders/inbound';
import { RateLimits } from '../src/core/reminders/rateLimit';
import type { MessagingTransport } from '../src/core/reminders/transport';
import type { ProviderMessage } from '../src/core/reminders/channels/sms';
import { DEFAULT_POLICY } from '../src/core/reminders/policy';
import { addDays, isoWeekday, localDateOf, localToInstant, type LocalDate } from '../src/core/time';

// ── Literature rates (named so a reader can check and change them) ──────────────────────────

/**
 * No-show rate of primary-care visits without reminders: about 20 % (Dantas et al., "No-shows in
 * appointment scheduling – a systematic literature review", Health Policy 2018: mean 23 %, most
 * studies 15–30 %).
 */
export const NO_SHOW_WITHOUT_REMINDER = 0.2;
/**
 * Risk ratio of a no-show for a patient who received a reminder: 0.77 (Robotham et al., "Do text
 * messages reduce the number of people who miss their appointments?", Cochrane-style meta-analysis,
 * BMJ Open 2016; Guy et al. 2012 report RR 0.75–0.81 for SMS). Applies only to visits that had a
 * reminder actually sent before the visit; patients without consent or booked too late get none.
 */
export const REMINDER_RISK_RATIO = 0.77;
/**
 * Share of visits the patient cancels ahead: 10 %; 80 % of those 1–7 days before, 20 % inside the
 * last day (late cancellations). Within the 8–14 % range of outpatient cancellation studies
 * (e.g. Ellis & Jenkins 2012; the demo clinic's own history is about 12 % with rescheduling).
 */
export const CANCELLATION_RATE = 0.1;
export const LATE_CANCEL_SHARE = 0.2;
/**
 * Share of waitlist offers accepted: 9.5 %, the middle of Epic MyChart Fast Pass's 8–11 %.
 * Another 30 % answer NO; the rest do not answer within the wave.
 */
export const OFFER_ACCEPT_RATE = 0.095;
export const OFFER_DECLINE_RATE = 0.3;
/**
 * A patient whose first opening is more than this many days after the day they wanted joins the
 * waitlist (with that appointment linked, to be pulled forward) when the clinic runs one.
 */
export const WAITLIST_IF_WAIT_OVER_DAYS = 3;
/** The seed's marketing claims, printed beside the measured figures: to be measured, not assumed. */
export const CLAIMED_NO_SHOW_CHANGE = -0.6;
export const CLAIMED_UTILIZATION_CHANGE = 0.35;

export type Arm = 'neither' | 'reminders' | 'waitlist' | 'both';
export const ARMS: readonly Arm[] = ['neither', 'reminders', 'waitlist', 'both'];

export interface SimOptions {
  seed: number;
  /** The demo is loaded as of this instant; the window starts after its booked-ahead weeks. */
  demoNow: number;
  windowDays: number;
  /** Requests for visits in the window, as a share of the demo history's daily visit count. */
  demandFactor: number;
  /** How long before the window requests start arriving (the clinic is booked ahead). */
  warmupDays: number;
}

export const DEFAULT_SIM: SimOptions = {
  seed: 20261124,
  demoNow: Date.parse('2026-03-02T13:00:00Z'),
  windowDays: 91,
  demandFactor: 1.3,
  warmupDays: 28,
};

/** One patient's request for a visit: the same list in every arm. */
export interface Request {
  atMs: number;
  patientId: number;
  providerId: number;
  locationId: number;
  visitTypeId: number;
  wantedDate: LocalDate;
}

export interface ArmResult {
  arm: Arm;
  requests: number;
  booked: number;
  unbooked: number;
  /** Mean days from the day wanted to the visit booked; visits booked more than a week late. */
  meanWaitDays: number;
  waitlisted: number;
  /** Visits in the window that reached their time (kept + no-show). */
  visits: number;
  kept: number;
  noShows: number;
  noShowRate: number;
  remindedVisits: number;
  cancellations: number;
  /** Slots the waitlist noted as freed, and how many a waitlist YES booked. */
  slotsFreed: number;
  slotsRefilled: number;
  offersSent: number;
  offersAccepted: number;
  openMinutes: number;
  bookedMinutes: number;
  utilization: number;
  /** Provider overlaps among occupying appointments (must be 0). */
  doubleBookings: number;
  /** A fingerprint of the demand this arm saw (the same in every arm). */
  demandKey: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A uniform draw in [0, 1) fixed by the seed and a label: the same visit draws the same number. */
function draw(seed: number, label: string): number {
  return createRng(seed).fork(label).next();
}

/** In-memory Twilio and SMTP: what we send is recorded, what patients send back is queued. */
class PatientPhones {
  sent: { sid: string; to: string; body: string; atMs: number }[] = [];
  inbound: ProviderMessage[] = [];
  private n = 0;
  constructor(
    private readonly clock: () => number,
    readonly ourNumber: string,
  ) {}
  transport(): MessagingTransport {
    return {
      twilio: {
        from: this.ourNumber,
        sendSms: async (a) => {
          const sid = `SM${(++this.n).toString().padStart(30, '0')}`;
          this.sent.push({ sid, to: a.to, body: a.body, atMs: this.clock() });
          return { providerMessageId: sid, status: 'queued' };
        },
        findSentSms: async () => null,
        messageStatus: async () => ({ status: 'delivered', errorCode: null }),
        inboundSince: async (since) =>
          this.inbound.filter(
            (m) => (m.dateSentMs ?? 0) >= since && (m.dateSentMs ?? 0) <= this.clock(),
          ),
        placeCall: async () => ({ providerCallId: `CA${++this.n}`, status: 'queued' }) as never,
      },
      email: {
        from: 'Riverbend <frontdesk@riverbend.example>',
        address: 'frontdesk@riverbend.example',
        domain: 'riverbend.example',
        send: async () => ({
          providerMessageId: `<${++this.n}@riverbend.example>`,
          response: '250 OK',
        }),
      },
    };
  }
  reply(from: string, body: string, atMs: number) {
    this.inbound.push({
      sid: `SMin${(++this.n).toString().padStart(28, '0')}`,
      direction: 'inbound',
      from,
      to: this.ourNumber,
      body,
      status: 'received',
      errorCode: null,
      dateCreatedMs: atMs,
      dateSentMs: atMs,
    });
  }
}

/** The window's first day: the day after the demo's booked-ahead weeks. */
export function windowStart(o: SimOptions): LocalDate {
  return addDays(localDateOf(CLINIC_ZONE, o.demoNow), FUTURE_DAYS + 1);
}

/**
 * The demand: requests resampled from the demo's own history (so each patient, provider,
 * location and visit type go together as they did), at the history's daily rate.
 */
export function makeDemand(db: ClinicDb, o: SimOptions): Request[] {
  const history = db.sqlite
    .prepare(
      `SELECT patient_id AS patientId, provider_id AS providerId, location_id AS locationId, visit_type_id AS visitTypeId
         FROM appointments WHERE start_ms < ? AND status IN ('completed','no_show') ORDER BY id`,
    )
    .all(o.demoNow) as Omit<Request, 'atMs' | 'wantedDate'>[];
  const rng: Rng = createRng(o.seed).fork('demand');
  const first = windowStart(o);
  const count = Math.round((history.length / HISTORY_DAYS) * o.windowDays * o.demandFactor);
  const out: Request[] = [];
  for (let i = 0; i < count; i++) {
    const h = rng.pick(history);
    // Wanted on a weekday of the window; asked 0–27 days before (mostly within two weeks).
    let wanted = addDays(first, rng.int(0, o.windowDays - 1));
    while (isoWeekday(wanted) > 5) wanted = addDays(wanted, 1);
    const lead = Math.min(o.warmupDays, Math.floor(-Math.log(1 - rng.next()) * 10));
    const askDay = addDays(wanted, -lead);
    const atMs = localToInstant(CLINIC_ZONE, askDay, rng.int(8 * 60, 17 * 60 - 1));
    out.push({ ...h, atMs, wantedDate: wanted });
  }
  return out.sort((a, b) => a.atMs - b.atMs || a.patientId - b.patientId);
}

export function demandKey(reqs: readonly Request[]): string {
  let h = 0x811c9dc5;
  for (const r of reqs) {
    for (const v of [r.atMs, r.patientId, r.providerId, r.visitTypeId]) {
      h ^= v % 2 ** 31;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return `${reqs.length}:${h.toString(16)}`;
}

/** The clinic's reminder policy for an arm: the default one, or confirmations only. */
function policyFor(arm: Arm) {
  const reminders = arm === 'reminders' || arm === 'both';
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return {
    touchpoints: DEFAULT_POLICY.touchpoints.filter((t) => reminders || t.kind !== 'reminder'),
    quietHours: {
      start: hhmm(DEFAULT_POLICY.quietHours.start),
      end: hhmm(DEFAULT_POLICY.quietHours.end),
    },
    quietHoursChannels: DEFAULT_POLICY.quietHoursChannels,
    minMinutesAfterBooking: DEFAULT_POLICY.minMinutesAfterBooking,
  };
}

type Event =
  | { atMs: number; seq: number; kind: 'request'; req: Request }
  | { atMs: number; seq: number; kind: 'cancel'; appointmentId: number };

/**
 * The demo clinic loaded once into a file (two to three seconds), so each arm starts from a copy
 * of the same database rather than loading it again.
 */
export function prepareDemo(o: SimOptions, dir: string): string {
  const file = path.join(dir, 'demo.db');
  const db = openDatabase({ file, durability: 'normal' });
  try {
    const r = createApi().call(
      'setup/loadDemo',
      { seed: o.seed },
      { db, now: o.demoNow, actor: 'simulation', origin: 'outcomes bench' },
    );
    if (!r.ok) throw new Error(`setup/loadDemo: ${r.error.message}`);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return file;
}

export async function runArm(
  arm: Arm,
  o: SimOptions = DEFAULT_SIM,
  demoFile?: string,
): Promise<ArmResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `clinicdesk-outcomes-${arm}-`));
  try {
    const file = path.join(dir, 'arm.db');
    fs.copyFileSync(demoFile ?? prepareDemo(o, dir), file);
    const db = openDatabase({ file, durability: 'normal' });
    try {
      return await simulate(db, arm, o);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function simulate(db: ClinicDb, arm: Arm, o: SimOptions): Promise<ArmResult> {
  const api = createApi();
  let now = o.demoNow;
  const clock = () => now;
  const call = <T>(name: ApiName, input: unknown): T => {
    const r = api.call(name, input, { db, now, actor: 'simulation', origin: 'outcomes bench' });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data as T;
  };
  const tryCall = <T>(name: ApiName, input: unknown): T | null => {
    const r = api.call(name, input, { db, now, actor: 'simulation', origin: 'outcomes bench' });
    return r.ok ? (r.data as T) : null;
  };
  const phones = new PatientPhones(clock, '+19195550100');
  const transport = phones.transport();
  call('reminders/setPolicy', { visitTypeId: null, policy: policyFor(arm) });
  const waitlist = arm === 'waitlist' || arm === 'both';
  const demand = makeDemand(db, o);

  const first = windowStart(o);
  const end = addDays(first, o.windowDays);
  const windowFromMs = localToInstant(CLINIC_ZONE, first, 0);
  const windowToMs = localToInstant(CLINIC_ZONE, end, 0);
  const startMs = localToInstant(CLINIC_ZONE, addDays(first, -o.warmupDays), 0);
  // The simulation's first appointment id: everything after it was booked by the simulation.
  const firstSimId =
    ((db.sqlite.prepare('SELECT max(id) AS m FROM appointments').get() as { m: number }).m ?? 0) +
    1;

  const events: Event[] = [];
  let seq = 0;
  for (const req of demand) events.push({ atMs: req.atMs, seq: seq++, kind: 'request', req });
  const push = (e: { atMs: number; kind: 'cancel'; appointmentId: number }) => {
    const full: Event = { ...e, seq: seq++ };
    // Insert in order (events are few thousand; a sorted insert keeps it simple and stable).
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = events[mid]!;
      if (m.atMs < full.atMs || (m.atMs === full.atMs && m.seq < full.seq)) lo = mid + 1;
      else hi = mid;
    }
    events.splice(lo, 0, full);
  };
  events.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);

  let lastSeenId = firstSimId - 1;
  let booked = 0;
  let unbooked = 0;
  let cancellations = 0;
  let offersAccepted = 0;
  let offersSent = 0;
  let repliedUpTo = 0;
  let polledUpTo = 0;
  let waitDaysTotal = 0;
  let waitedLong = 0;
  const reminded = new Set<number>();

  /** New appointments (ours or a waitlist YES): draw whether and when the patient cancels. */
  const noteNewAppointments = () => {
    const rows = db.sqlite
      .prepare(
        "SELECT id, patient_id AS patientId, start_ms AS startMs, created_ms AS createdMs FROM appointments WHERE id > ? AND status IN ('booked','confirmed') ORDER BY id",
      )
      .all(lastSeenId) as { id: number; patientId: number; startMs: number; createdMs: number }[];
    for (const a of rows) {
      lastSeenId = Math.max(lastSeenId, a.id);
      const key = `${a.patientId}@${a.startMs}`;
      if (draw(o.seed, `cancel:${key}`) >= CANCELLATION_RATE) continue;
      const u = draw(o.seed, `cancelWhen:${key}`);
      const before =
        u < LATE_CANCEL_SHARE
          ? (2 + u * 100) * 60 * MINUTE
          : (1 + (u - LATE_CANCEL_SHARE) * 7.5) * DAY;
      const at = Math.max(a.createdMs + 60 * MINUTE, a.startMs - before);
      if (at < a.startMs - 30 * MINUTE) push({ atMs: at, kind: 'cancel', appointmentId: a.id });
    }
  };

  const handle = (e: Event) => {
    if (e.kind === 'cancel') {
      const r = tryCall('appointments/cancel', {
        appointmentId: e.appointmentId,
        reason: 'the patient cannot come',
        requestedBy: 'patient',
      });
      if (r) cancellations++;
      return;
    }
    const q = e.req;
    const found = call<{ slots: { start: string; providerId: number; locationId: number }[] }>(
      'availability/firstOpenings',
      {
        providerIds: [q.providerId],
        locationIds: [q.locationId],
        visitTypeId: q.visitTypeId,
        from: q.wantedDate,
        to: addDays(q.wantedDate, 41),
        limit: 1,
        patientId: q.patientId,
      },
    );
    const slot = found.slots[0];
    if (!slot) {
      unbooked++;
      return;
    }
    const appt = tryCall<{ id: number; startMs?: number }>('appointments/book', {
      patientId: q.patientId,
      providerId: slot.providerId,
      locationId: slot.locationId,
      visitTypeId: q.visitTypeId,
      start: slot.start,
    });
    if (!appt) {
      unbooked++;
      return;
    }
    booked++;
    const waitedDays =
      (Date.parse(slot.start) - localToInstant(CLINIC_ZONE, q.wantedDate, 0)) / DAY;
    waitDaysTotal += waitedDays;
    if (waitedDays > WAITLIST_IF_WAIT_OVER_DAYS) waitedLong++;
    if (waitlist && waitedDays > WAITLIST_IF_WAIT_OVER_DAYS) {
      tryCall('waitlist/add', {
        patientId: q.patientId,
        visitTypeId: q.visitTypeId,
        providerId: q.providerId,
        earliestDate: q.wantedDate,
        linkedAppointmentId: appt.id,
        timeOfDay: 'any',
        priority: 0,
      });
    }
  };

  /** Patients answer the offers texted since the last look, a few minutes later. */
  const answerOffers = () => {
    const offerText = / earlier time opened/;
    for (; repliedUpTo < phones.sent.length; repliedUpTo++) {
      const m = phones.sent[repliedUpTo]!;
      if (!offerText.test(m.body)) continue;
      offersSent++;
      const u = draw(o.seed, `offer:${m.to}@${m.atMs}`);
      const delay = (1 + (Math.floor(u * 1000) % 9)) * MINUTE;
      if (u < OFFER_ACCEPT_RATE) phones.reply(m.to, 'YES', m.atMs + delay);
      else if (u < OFFER_ACCEPT_RATE + OFFER_DECLINE_RATE) phones.reply(m.to, 'NO', m.atMs + delay);
    }
  };

  /** Visits whose time has passed: kept, or missed (less often when a reminder went out). */
  const finishVisits = () => {
    const due = db.sqlite
      .prepare(
        `SELECT id, patient_id AS patientId, start_ms AS startMs FROM appointments
          WHERE id >= ? AND status IN ('booked','confirmed') AND end_ms <= ? ORDER BY start_ms, id`,
      )
      .all(firstSimId, now) as { id: number; patientId: number; startMs: number }[];
    const sentReminder = db.sqlite.prepare(
      "SELECT 1 FROM reminders WHERE appointment_id = ? AND kind = 'reminder' AND status IN ('sent','delivered') AND sent_ms < ? LIMIT 1",
    );
    for (const a of due) {
      const got = sentReminder.get(a.id, a.startMs) !== undefined;
      if (got) reminded.add(a.id);
      const p = NO_SHOW_WITHOUT_REMINDER * (got ? REMINDER_RISK_RATIO : 1);
      const missed = draw(o.seed, `noshow:${a.patientId}@${a.startMs}`) < p;
      if (missed) call('appointments/setStatus', { appointmentId: a.id, status: 'no_show' });
      else {
        call('appointments/setStatus', { appointmentId: a.id, status: 'arrived' });
        call('appointments/setStatus', { appointmentId: a.id, status: 'completed' });
      }
    }
  };

  const limits = new RateLimits({ perSecond: 'off' });
  const noSleep = async () => {};
  const STEP = 5 * MINUTE;
  for (let t = startMs; t < windowToMs; t += STEP) {
    now = t;
    while (events.length > 0 && events[0]!.atMs <= t) {
      const e = events.shift()!;
      now = Math.max(t - STEP + 1, e.atMs);
      handle(e);
      noteNewAppointments();
    }
    now = t;
    const local = (t - localToInstant(CLINIC_ZONE, localDateOf(CLINIC_ZONE, t), 0)) / MINUTE;
    // The desk PC runs its jobs during the working day (as the host's job loop would).
    if (local < 7 * 60 || local > 21 * 60) continue;
    if (waitlist) {
      // Replies are read before new waves go out, as the host's job loop does.
      const arrived = phones.inbound.filter((m) => (m.dateSentMs ?? 0) <= now).length;
      if (arrived > polledUpTo) {
        polledUpTo = arrived;
        await pollReplies({ db, clock, transport });
        noteNewAppointments();
      }
      await runWaitlistOffers({ db, clock, transport });
      answerOffers();
    }
    if (local % 60 === 0) {
      // A large batch: the demo's own planned reminders from before the warm-up are stale by the
      // time the simulation starts, and 30 a run (the 1/s sender's batch) would take days to drop.
      await runDispatcher({
        db,
        clock,
        transport,
        limits,
        sleep: noSleep,
        random: () => 0.5,
        batch: 5000,
      });
      finishVisits();
    }
  }
  now = windowToMs;
  finishVisits();

  const count = (sql: string, ...args: unknown[]) =>
    (db.sqlite.prepare(sql).get(...args) as { n: number }).n;
  const inWindow = 'start_ms >= ? AND start_ms < ? AND id >= ?';
  const w = [windowFromMs, windowToMs, firstSimId];
  const kept = count(
    `SELECT count(*) AS n FROM appointments WHERE ${inWindow} AND status = 'completed'`,
    ...w,
  );
  const noShows = count(
    `SELECT count(*) AS n FROM appointments WHERE ${inWindow} AND status = 'no_show'`,
    ...w,
  );
  const slotsFreed = count(
    'SELECT count(*) AS n FROM waitlist_slots WHERE start_ms >= ? AND start_ms < ?',
    windowFromMs,
    windowToMs,
  );
  const slotsRefilled = count(
    "SELECT count(*) AS n FROM waitlist_slots WHERE start_ms >= ? AND start_ms < ? AND status = 'filled'",
    windowFromMs,
    windowToMs,
  );
  offersAccepted = count("SELECT count(*) AS n FROM waitlist_offers WHERE status = 'accepted'");
  const doubleBookings = count(
    `SELECT count(*) AS n FROM appointments a JOIN appointments b
       ON a.provider_id = b.provider_id AND a.id < b.id AND a.start_ms < b.end_ms AND b.start_ms < a.end_ms
      WHERE a.id >= ? AND b.id >= ?
        AND a.status IN ('booked','confirmed','arrived','in_room','completed','no_show')
        AND b.status IN ('booked','confirmed','arrived','in_room','completed','no_show')`,
    firstSimId,
    firstSimId,
  );
  const util = call<{
    total: { openMinutes: number; bookedMinutes: number; utilization: number | null };
  }>('reports/utilization', { from: first, to: addDays(end, -1), granularity: 'month' }).total;
  const visits = kept + noShows;
  return {
    arm,
    requests: demand.length,
    booked,
    unbooked,
    meanWaitDays: booked ? waitDaysTotal / booked : 0,
    waitlisted: waitedLong,
    visits,
    kept,
    noShows,
    noShowRate: visits ? noShows / visits : 0,
    remindedVisits: reminded.size,
    cancellations,
    slotsFreed,
    slotsRefilled,
    offersSent,
    offersAccepted,
    openMinutes: util.openMinutes,
    bookedMinutes: util.bookedMinutes,
    utilization: util.utilization ?? 0,
    doubleBookings,
    demandKey: demandKey(demand),
  };
}
