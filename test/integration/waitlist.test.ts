/**
 * The waitlist end to end through the Twilio stand-in (test/standins/twilio.ts) on the tiny
 * clinic's fake clock: a cancellation becomes a slot, the waitlist job texts a wave, replies are
 * read by the same polling as reminder replies (reminders/inbound.ts), and a YES books through the
 * booking path. Default quiet hours are 20:00–09:00, so most tests run at 10:00 New York.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWaitlistOffers } from '../../src/core/access/service/offerJob';
import { getMessagingSettings } from '../../src/core/db/repos/reminders';
import { transportFromSettings } from '../../src/core/reminders/transport';
import { providerOverlaps } from '../helpers/dbState';
import { CLINIC_NUMBER, openReminderWorld, type ReminderWorld } from '../helpers/reminderClinic';

let w: ReminderWorld;
let ana: number;
const TEN_AM = Date.parse('2026-03-02T15:00:00Z'); // Mon 10:00 EST

beforeEach(async () => {
  w = await openReminderWorld();
  w.t.now = TEN_AM;
  ana = w.c.providers[0]!.id;
});
afterEach(() => w.close());

const offers = () =>
  runWaitlistOffers({
    db: w.t.db,
    clock: () => w.t.now,
    transport: transportFromSettings(getMessagingSettings(w.t.db), w.t.secrets),
  });

function patient(name: string, phone: string) {
  return w.t.call('patients/create', {
    firstName: name,
    lastName: 'Waiting',
    dateOfBirth: '1970-01-01',
    phoneMobile: phone,
    smsConsent: true,
    preferredChannel: 'sms',
  });
}

function book(patientId: number, start: string) {
  return w.t.call('appointments/book', {
    patientId,
    providerId: ana,
    locationId: w.c.loc.id,
    visitTypeId: w.c.visit.id,
    start,
  });
}

function wait(patientId: number, extra: Record<string, unknown> = {}) {
  return w.t.call('waitlist/add', {
    patientId,
    visitTypeId: w.c.visit.id,
    providerId: ana,
    ...extra,
  } as never);
}

const textsTo = (phone: string) =>
  w.standin
    .messages()
    .filter((m) => m.direction !== 'inbound' && m.to === phone)
    .map((m) => m.body);

async function reply(from: string, body: string) {
  w.t.now += 1000;
  await w.standin.injectInbound({ from, to: CLINIC_NUMBER, body });
  await w.poll();
  await w.standin.settled();
}

function offerRows() {
  return w.t.db.sqlite
    .prepare(
      'SELECT patient_id AS patientId, status, wave, sent_ms AS sentMs, expires_ms AS expiresMs FROM waitlist_offers ORDER BY id',
    )
    .all() as {
    patientId: number;
    status: string;
    wave: number;
    sentMs: number | null;
    expiresMs: number;
  }[];
}

function standing(patientId: number) {
  return w.t.db.sqlite
    .prepare(
      "SELECT id, start_ms AS startMs FROM appointments WHERE patient_id = ? AND status IN ('booked','confirmed') ORDER BY start_ms",
    )
    .all(patientId) as { id: number; startMs: number }[];
}

describe('a cancellation offered to the waitlist', () => {
  it('texts a wave of 3 within seconds; NO declines, the first YES books, a later YES is told it was taken', async () => {
    const [a, b, cc, d] = [
      patient('Ann', '+15125550201'),
      patient('Bo', '+15125550202'),
      patient('Cy', '+15125550203'),
      patient('Di', '+15125550204'),
    ];
    const appt = book(w.c.patient2.id, '2026-03-03T10:00:00-05:00');
    for (const p of [a, b, cc]) wait(p.id);
    wait(d.id, { priority: 5 });
    w.t.call('appointments/cancel', {
      appointmentId: appt.id,
      reason: 'sick',
      requestedBy: 'patient',
    });
    w.t.now += 5_000;
    expect(await offers()).toEqual({ offered: 3, failed: 0 });
    // Priority first, then who has waited longest.
    expect(offerRows().map((o) => [o.patientId, o.status, o.wave])).toEqual([
      [d.id, 'pending', 1],
      [a.id, 'pending', 1],
      [b.id, 'pending', 1],
    ]);
    expect(offerRows()[0]!.expiresMs - offerRows()[0]!.sentMs!).toBe(15 * 60_000);
    expect(textsTo('+15125550201')).toEqual([
      'Test Clinic: an earlier time opened, Tue, Mar 3, 2026, 10:00 AM with Ana Patel, MD. Reply YES to take it or NO to pass. First to answer gets it. Reply STOP to stop texts.',
    ]);
    expect(textsTo('+15125550203')).toEqual([]);

    await reply('+15125550201', 'no');
    await reply('+15125550202', 'Yes!');
    await reply('+15125550204', 'YES');

    expect(standing(b.id).map((x) => new Date(x.startMs).toISOString())).toEqual([
      '2026-03-03T15:00:00.000Z',
    ]);
    expect(standing(d.id)).toEqual([]);
    expect(standing(a.id)).toEqual([]);
    expect(offerRows().map((o) => [o.patientId, o.status])).toEqual([
      [d.id, 'lost'],
      [a.id, 'declined'],
      [b.id, 'accepted'],
    ]);
    const code = (
      w.t.db.sqlite
        .prepare('SELECT confirmation_code AS c FROM appointments WHERE id = ?')
        .get(standing(b.id)[0]!.id) as { c: string }
    ).c;
    expect(textsTo('+15125550202').at(-1)).toBe(
      `Test Clinic: you are booked for Tue, Mar 3, 2026, 10:00 AM with Ana Patel, MD. Confirmation ${code}.`,
    );
    expect(textsTo('+15125550204').at(-1)).toBe(
      'Test Clinic: sorry, Tue, Mar 3, 2026, 10:00 AM was already taken. You stay on our waitlist.',
    );
    expect(textsTo('+15125550201')).toHaveLength(1); // NO gets no answer
    expect(providerOverlaps(w.t.db.sqlite)).toEqual([]);
    // The NO did not touch anything else, and every offer transition is audited.
    const audit = (
      w.t.db.sqlite
        .prepare("SELECT action FROM audit_log WHERE entity_type = 'waitlist_offer' ORDER BY id")
        .all() as { action: string }[]
    ).map((r) => r.action);
    expect(audit).toEqual([
      'waitlist.offer.pending',
      'waitlist.offer.pending',
      'waitlist.offer.pending',
      'waitlist.offer.declined',
      'waitlist.offer.accepted',
      'waitlist.offer.lost',
    ]);
    expect(
      w.t
        .call('waitlist/list', {})
        .map((e) => e.patientId)
        .sort(),
    ).toEqual([a.id, cc.id, d.id].sort());
  });

  it('a YES pulls the linked later visit forward instead of adding one', async () => {
    const p = patient('Ed', '+15125550205');
    const later = book(p.id, '2026-04-10T11:00:00-04:00');
    const appt = book(w.c.patient2.id, '2026-03-04T14:00:00-05:00');
    wait(p.id, { linkedAppointmentId: later.id });
    w.t.call('appointments/cancel', {
      appointmentId: appt.id,
      reason: 'moved away',
      requestedBy: 'patient',
    });
    await offers();
    await reply('+15125550205', 'yes');
    const now = standing(p.id);
    expect(now.map((x) => new Date(x.startMs).toISOString())).toEqual(['2026-03-04T19:00:00.000Z']);
    const old = w.t.db.sqlite
      .prepare('SELECT status, rescheduled_to_id AS toId FROM appointments WHERE id = ?')
      .get(later.id);
    expect(old).toEqual({ status: 'rescheduled', toId: now[0]!.id });
    expect(textsTo('+15125550205').at(-1)).toMatch(/Your later visit was moved to this time\.$/);
  });

  it('STOP works as always while an offer is out, and no further offer goes to that number', async () => {
    const p = patient('Flo', '+15125550206');
    wait(p.id);
    const one = book(w.c.patient2.id, '2026-03-03T10:00:00-05:00');
    const two = book(w.c.patient2.id, '2026-03-03T11:00:00-05:00');
    w.t.call('appointments/cancel', { appointmentId: one.id, reason: 'x', requestedBy: 'patient' });
    await offers();
    await reply('+15125550206', 'STOP');
    expect(
      w.t.db.sqlite
        .prepare(
          "SELECT count(*) AS n FROM opt_outs WHERE address = '+15125550206' AND opted_in_ms IS NULL",
        )
        .get(),
    ).toEqual({ n: 1 });
    w.t.call('appointments/cancel', { appointmentId: two.id, reason: 'x', requestedBy: 'patient' });
    w.t.now += 60_000;
    expect(await offers()).toEqual({ offered: 0, failed: 0 });
    expect(textsTo('+15125550206')).toHaveLength(1);
  });
});

describe('limits', () => {
  it('no offers in quiet hours: a cancellation at 21:00 is offered at 09:00', async () => {
    const p = patient('Gus', '+15125550207');
    wait(p.id);
    const appt = book(w.c.patient2.id, '2026-03-03T11:00:00-05:00');
    w.t.now = Date.parse('2026-03-03T02:00:00Z'); // Mon 21:00 EST
    w.t.call('appointments/cancel', {
      appointmentId: appt.id,
      reason: 'x',
      requestedBy: 'patient',
    });
    expect(await offers()).toEqual({ offered: 0, failed: 0 });
    w.t.now = Date.parse('2026-03-03T13:45:00Z'); // Tue 08:45
    expect(await offers()).toEqual({ offered: 0, failed: 0 });
    w.t.now = Date.parse('2026-03-03T14:00:00Z'); // Tue 09:00
    expect(await offers()).toEqual({ offered: 1, failed: 0 });
    expect(textsTo('+15125550207')).toHaveLength(1);
  });

  it('never less than 30 minutes before the slot; a close slot gets a shorter wave', async () => {
    const p = patient('Hal', '+15125550208');
    wait(p.id);
    const soon = book(w.c.patient2.id, '2026-03-02T10:15:00-05:00');
    const close = book(w.c.patient2.id, '2026-03-02T10:45:00-05:00');
    w.t.call('appointments/cancel', {
      appointmentId: soon.id,
      reason: 'x',
      requestedBy: 'patient',
    });
    expect(await offers()).toEqual({ offered: 0, failed: 0 });
    expect(w.t.db.sqlite.prepare('SELECT count(*) AS n FROM waitlist_slots').get()).toEqual({
      n: 0,
    });
    w.t.call('appointments/cancel', {
      appointmentId: close.id,
      reason: 'x',
      requestedBy: 'patient',
    });
    expect(await offers()).toEqual({ offered: 1, failed: 0 });
    const [o] = offerRows();
    expect(o!.expiresMs - o!.sentMs!).toBe(5 * 60_000);
    // Unanswered: the slot closes once it is less than 30 minutes away.
    w.t.now = Date.parse('2026-03-02T15:20:00Z');
    await offers();
    expect(offerRows()[0]!.status).toBe('expired');
    expect(w.t.db.sqlite.prepare('SELECT status, reason FROM waitlist_slots').get()).toEqual({
      status: 'closed',
      reason: 'less than 30 minutes before the start: no more offers',
    });
  });

  it('at most 3 offers per patient per day; an unanswered wave expires and the next person is asked', async () => {
    const p = patient('Ivy', '+15125550209');
    wait(p.id);
    const appts = ['13:00', '14:00', '15:00', '16:00'].map((t) =>
      book(w.c.patient2.id, `2026-03-05T${t}:00-05:00`),
    );
    for (const a of appts)
      w.t.call('appointments/cancel', { appointmentId: a.id, reason: 'x', requestedBy: 'patient' });
    expect(await offers()).toEqual({ offered: 3, failed: 0 });
    const q = patient('Jo', '+15125550210');
    wait(q.id);
    w.t.now += 16 * 60_000;
    expect(await offers()).toEqual({ offered: 3, failed: 0 });
    expect(offerRows().map((o) => [o.patientId, o.status, o.wave])).toEqual([
      [p.id, 'expired', 1],
      [p.id, 'expired', 1],
      [p.id, 'expired', 1],
      [q.id, 'pending', 2],
      [q.id, 'pending', 2],
      [q.id, 'pending', 2],
    ]);
    // The 4th slot found nobody under the day's limit when it was freed.
    expect(
      w.t.db.sqlite
        .prepare('SELECT status, reason FROM waitlist_slots ORDER BY start_ms DESC LIMIT 1')
        .get(),
    ).toEqual({
      status: 'closed',
      reason: 'no one on the waitlist suits this time',
    });
    expect(textsTo('+15125550209')).toHaveLength(3);
  });
});

describe('answers after NO', () => {
  async function threeOffered() {
    const ps = [
      patient('Ann', '+15125550211'),
      patient('Bo', '+15125550212'),
      patient('Cy', '+15125550213'),
    ];
    const appt = book(w.c.patient2.id, '2026-03-03T10:00:00-05:00');
    for (const p of ps) wait(p.id);
    w.t.call('appointments/cancel', {
      appointmentId: appt.id,
      reason: 'x',
      requestedBy: 'patient',
    });
    w.t.now += 5_000;
    expect(await offers()).toEqual({ offered: 3, failed: 0 });
    return ps;
  }

  it('NO then YES within the wave books the patient (the offer was still theirs)', async () => {
    const [a] = await threeOffered();
    await reply('+15125550211', 'NO');
    await reply('+15125550211', 'YES');
    expect(standing(a!.id).map((x) => new Date(x.startMs).toISOString())).toEqual([
      '2026-03-03T15:00:00.000Z',
    ]);
    expect(textsTo('+15125550211').at(-1)).toMatch(/^Test Clinic: you are booked for Tue, Mar 3/);
    const trail = (
      w.t.db.sqlite
        .prepare(
          "SELECT action, details FROM audit_log WHERE entity_type = 'waitlist_offer' AND entity_id = (SELECT id FROM waitlist_offers WHERE patient_id = ?) ORDER BY id",
        )
        .all(a!.id) as { action: string; details: string }[]
    ).map((r) => r.action);
    expect(trail).toEqual([
      'waitlist.offer.pending',
      'waitlist.offer.declined',
      'waitlist.offer.pending',
      'waitlist.offer.accepted',
    ]);
  });

  it('NO, then someone else takes it, then YES: told it was taken, not booked', async () => {
    const [a, b] = await threeOffered();
    await reply('+15125550211', 'NO');
    await reply('+15125550212', 'YES');
    await reply('+15125550211', 'YES');
    expect(standing(a!.id)).toEqual([]);
    expect(standing(b!.id)).toHaveLength(1);
    expect(textsTo('+15125550211').at(-1)).toBe(
      'Test Clinic: sorry, Tue, Mar 3, 2026, 10:00 AM was already taken. You stay on our waitlist.',
    );
  });

  it('NO, the wave ends, then YES: told the offer ended, not that it was taken', async () => {
    const [a] = await threeOffered();
    await reply('+15125550211', 'NO');
    w.t.now += 16 * 60_000;
    await reply('+15125550211', 'YES');
    expect(standing(a!.id)).toEqual([]);
    expect(textsTo('+15125550211').at(-1)).toBe(
      'Test Clinic: sorry, you answered NO and the offer for Tue, Mar 3, 2026, 10:00 AM has ended. You stay on our waitlist.',
    );
  });
});

describe('quiet hours and expiry', () => {
  it("quiet hours are the patient's own: at 10:00 in New York a Los Angeles patient is asked at 09:00 their time", async () => {
    const ny = patient('Ny', '+15125550221');
    const la = w.t.call('patients/create', {
      firstName: 'La',
      lastName: 'Waiting',
      dateOfBirth: '1970-01-01',
      phoneMobile: '+13105550222',
      smsConsent: true,
      timeZone: 'America/Los_Angeles',
    });
    wait(la.id, { priority: 9 });
    const appt = book(w.c.patient2.id, '2026-03-03T10:00:00-05:00');
    w.t.call('appointments/cancel', {
      appointmentId: appt.id,
      reason: 'x',
      requestedBy: 'patient',
    });
    w.t.now += 5_000;
    // Only the Los Angeles patient waits, and it is 07:00 there: nothing goes out yet.
    expect(await offers()).toEqual({ offered: 0, failed: 0 });
    const slot = w.t.db.sqlite
      .prepare('SELECT status, next_wave_ms AS next FROM waitlist_slots')
      .get() as { status: string; next: number };
    expect(slot.status).toBe('open');
    expect(new Date(slot.next).toISOString()).toBe('2026-03-02T17:00:00.000Z'); // 09:00 in LA
    // A New York patient who joins meanwhile is texted at once; the LA one still sleeps.
    wait(ny.id);
    w.t.now = Date.parse('2026-03-02T17:00:00Z') - 60_000;
    w.t.db.sqlite.prepare('UPDATE waitlist_slots SET next_wave_ms = ?').run(w.t.now);
    expect(await offers()).toEqual({ offered: 1, failed: 0 });
    expect(textsTo('+13105550222')).toEqual([]);
    expect(textsTo('+15125550221')).toHaveLength(1);
    w.t.now = Date.parse('2026-03-02T17:00:00Z') + 15 * 60_000;
    await offers();
    expect(textsTo('+13105550222')).toHaveLength(1);
  });

  it('an entry past its expiry date is expired (audited) and offered nothing', async () => {
    const p = patient('Ex', '+15125550231');
    const e = wait(p.id, { expiresOn: '2026-03-02' });
    w.t.now = Date.parse('2026-03-03T05:00:01Z'); // Tue 00:00:01 New York
    const appt = book(w.c.patient2.id, '2026-03-04T10:00:00-05:00');
    w.t.call('appointments/cancel', {
      appointmentId: appt.id,
      reason: 'x',
      requestedBy: 'patient',
    });
    expect(await offers()).toEqual({ offered: 0, failed: 0 });
    expect(w.t.call('waitlist/list', {})).toEqual([]);
    expect(w.t.call('waitlist/list', { status: 'expired' }).map((x) => x.id)).toEqual([e.id]);
    const audit = w.t.db.sqlite
      .prepare(
        "SELECT action FROM audit_log WHERE entity_type = 'waitlist_entry' AND entity_id = ? ORDER BY id",
      )
      .all(e.id) as { action: string }[];
    expect(audit.map((r) => r.action)).toEqual(['waitlist.entry.added', 'waitlist.entry.expired']);
    expect(textsTo('+15125550231')).toEqual([]);
  });
});

describe('every way a slot frees', () => {
  it('a same-day no-show offers what is left of its time', async () => {
    const long = w.t.call('visitTypes/create', {
      name: 'Procedure',
      durationMinutes: 90,
      cptCode: '99215',
      specialties: [],
    });
    const p = patient('Ns', '+15125550241');
    wait(p.id);
    const appt = w.t.call('appointments/book', {
      patientId: w.c.patient2.id,
      providerId: ana,
      locationId: w.c.loc.id,
      visitTypeId: long.id,
      start: '2026-03-02T14:00:00-05:00',
    });
    w.t.now = Date.parse('2026-03-02T19:10:00Z'); // 14:10
    w.t.call('appointments/setStatus', { appointmentId: appt.id, status: 'no_show' });
    w.t.now += 5_000;
    expect(await offers()).toEqual({ offered: 1, failed: 0 });
    expect(textsTo('+15125550241')[0]).toMatch(/Mon, Mar 2, 2026, 2:45 PM with Ana Patel/);
    const slot = w.t.db.sqlite
      .prepare('SELECT source, freed_from_appointment_id AS fromId FROM waitlist_slots')
      .get();
    expect(slot).toEqual({ source: 'no-show', fromId: appt.id });
  });

  it('a schedule change that opens time offers it; one that closes time offers nothing', async () => {
    const p = patient('Sc', '+15125550251');
    const off = w.t.call('schedules/addTimeOff', {
      providerId: ana,
      fromDate: '2026-03-03',
      toDate: '2026-03-03',
      reason: 'conference',
    });
    wait(p.id);
    w.t.call('schedules/addTimeOff', {
      providerId: ana,
      fromDate: '2026-03-05',
      toDate: '2026-03-05',
    });
    const slots = () =>
      w.t.db.sqlite
        .prepare(
          'SELECT source, start_ms AS start, end_ms AS end FROM waitlist_slots ORDER BY start_ms',
        )
        .all() as { source: string; start: number; end: number }[];
    expect(slots()).toEqual([]);
    w.t.call('schedules/removeTimeOff', { timeOffId: off.timeOffId });
    // Tuesday's hours come back: the morning and the afternoon around the lunch break.
    expect(slots()).toEqual([
      {
        source: 'schedule change',
        start: Date.parse('2026-03-03T14:00:00Z'),
        end: Date.parse('2026-03-03T17:00:00Z'),
      },
      {
        source: 'schedule change',
        start: Date.parse('2026-03-03T18:00:00Z'),
        end: Date.parse('2026-03-03T22:00:00Z'),
      },
    ]);
    w.t.now += 5_000;
    expect(await offers()).toEqual({ offered: 2, failed: 0 });
    expect(textsTo('+15125550251')[0]).toMatch(/Tue, Mar 3, 2026, 9:00 AM with Ana Patel/);
  });
});

describe('what staff see', () => {
  it('edit is audited with what changed; history lists the offers; matches rank who would be asked and why not', async () => {
    const a = patient('Ann', '+15125550261');
    const b = w.t.call('patients/create', {
      firstName: 'Bo',
      lastName: 'Nophone',
      dateOfBirth: '1970-01-01',
    });
    const ea = wait(a.id);
    const eb = wait(b.id, { priority: 3 });
    w.t.call('waitlist/update', {
      entryId: ea.id,
      patientId: a.id,
      visitTypeId: w.c.visit.id,
      providerId: ana,
      priority: 7,
      timeOfDay: 'morning',
    });
    const audit = w.t.db.sqlite
      .prepare(
        "SELECT details FROM audit_log WHERE action = 'waitlist.entry.updated' AND entity_id = ?",
      )
      .get(ea.id) as { details: string };
    expect(JSON.parse(audit.details)).toEqual({
      priority: { from: 0, to: 7 },
      timeOfDay: { from: 'any', to: 'morning' },
    });
    const slot = {
      providerId: ana,
      locationId: w.c.loc.id,
      start: '2026-03-03T10:00:00-05:00',
      end: '2026-03-03T10:30:00-05:00',
    };
    const m = w.t.call('waitlist/matches', slot);
    expect(m.map((x) => [x.entryId, x.priority, x.blocked])).toEqual([
      [ea.id, 7, null],
      [eb.id, 3, 'no mobile number'],
    ]);
    // An afternoon time does not suit the morning entry.
    expect(
      w.t
        .call('waitlist/matches', {
          ...slot,
          start: '2026-03-03T14:00:00-05:00',
          end: '2026-03-03T14:30:00-05:00',
        })
        .map((x) => x.entryId),
    ).toEqual([eb.id]);
    w.t.call('waitlist/offerSlot', slot);
    w.t.now += 5_000;
    await offers();
    const h = w.t.call('waitlist/history', { entryId: ea.id });
    expect(h.map((o) => [o.status, o.providerName, o.slotStart])).toEqual([
      ['pending', 'Ana Patel, MD', '2026-03-03T15:00:00.000Z'],
    ]);
    expect(() =>
      w.t.call('waitlist/update', {
        entryId: ea.id,
        patientId: b.id,
        visitTypeId: w.c.visit.id,
      }),
    ).toThrow(/stays with its patient/);
  });
});
