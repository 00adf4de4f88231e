/**
 * Recall end to end on the tiny clinic's fake clock: due dates follow completed visits (a manual
 * date is kept), the worklist leaves out the already booked, outreach follows the cadence through
 * the Twilio stand-in (before, at, after the due date, then a call task), respects consent,
 * STOP, quiet hours and the patient's zone, never repeats a step after a crash, and a BOOK reply
 * puts the patient on the waitlist.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRecallOutreach } from '../../src/core/access/service/recallJob';
import { runWaitlistOffers } from '../../src/core/access/service/offerJob';
import { planRecallOutreach } from '../../src/core/access/service/recall';
import { getMessagingSettings } from '../../src/core/db/repos/reminders';
import { transportFromSettings } from '../../src/core/reminders/transport';
import { CLINIC_NUMBER, openReminderWorld, type ReminderWorld } from '../helpers/reminderClinic';

let w: ReminderWorld;
let ana: number;
let ben: number;
let physical: number;

beforeEach(async () => {
  w = await openReminderWorld();
  w.t.now = Date.parse('2026-03-02T14:00:00Z'); // Mon 09:00 EST
  ana = w.c.providers[0]!.id;
  ben = w.c.providers[1]!.id;
  physical = w.t.call('visitTypes/create', {
    name: 'Physical',
    durationMinutes: 30,
    specialties: [],
  }).id;
});
afterEach(() => w.close());

const at = (iso: string) => {
  w.t.now = Date.parse(iso);
};

const outreach = () =>
  runRecallOutreach({
    db: w.t.db,
    clock: () => w.t.now,
    transport: transportFromSettings(getMessagingSettings(w.t.db), w.t.secrets),
  }).then(async (r) => {
    await w.standin.settled();
    return r;
  });

function recallType(extra: Record<string, unknown> = {}) {
  return w.t.call('recallTypes/create', {
    name: 'Diabetes follow-up',
    intervalMonths: 3,
    visitTypeIds: [w.c.visit.id],
    ...extra,
  } as never);
}

function patient(name: string, phone: string | null, extra: Record<string, unknown> = {}) {
  return w.t.call('patients/create', {
    firstName: name,
    lastName: 'Recall',
    dateOfBirth: '1970-01-01',
    phoneMobile: phone,
    smsConsent: phone !== null,
    preferredChannel: phone !== null ? 'sms' : 'none',
    ...extra,
  } as never);
}

/** Books at `start` (clock set just before it), then marks the visit arrived and completed. */
function completeVisit(
  patientId: number,
  start: string,
  o: { providerId?: number; visitTypeId?: number } = {},
) {
  const startMs = Date.parse(start);
  w.t.now = startMs - 3_600_000;
  const a = w.t.call('appointments/book', {
    patientId,
    providerId: o.providerId ?? ana,
    locationId: w.c.loc.id,
    visitTypeId: o.visitTypeId ?? w.c.visit.id,
    start,
  });
  w.t.now = startMs + 60_000;
  w.t.call('appointments/setStatus', { appointmentId: a.id, status: 'arrived' });
  w.t.call('appointments/setStatus', { appointmentId: a.id, status: 'completed' });
  return a;
}

function recallOf(patientId: number) {
  return w.t.db.sqlite
    .prepare(
      'SELECT id, due_date AS dueDate, manual, last_visit_date AS lastVisitDate, provider_id AS providerId FROM patient_recalls WHERE patient_id = ?',
    )
    .get(patientId) as
    | {
        id: number;
        dueDate: string;
        manual: number;
        lastVisitDate: string | null;
        providerId: number;
      }
    | undefined;
}

const worklistIds = (input: Record<string, unknown> = {}) =>
  w.t
    .call('recalls/worklist', { dueBy: '2027-12-31', ...input } as never)
    .items.map((i) => i.patientId);

const textsTo = (phone: string) =>
  w.standin
    .messages()
    .filter((m) => m.direction !== 'inbound' && m.to === phone)
    .map((m) => m.body);

function steps(patientId: number) {
  return w.t.db.sqlite
    .prepare(
      'SELECT step, channel, status, due_date AS dueDate FROM recall_outreach WHERE patient_id = ? ORDER BY id',
    )
    .all(patientId) as { step: string; channel: string; status: string; dueDate: string }[];
}

describe('due dates', () => {
  it('a completed visit of a completing type sets the due date; un-completing it removes it', () => {
    recallType();
    const p = patient('Ann', '+15125550301');
    const a = completeVisit(p.id, '2026-03-31T10:00:00-04:00');
    expect(recallOf(p.id)).toMatchObject({
      dueDate: '2026-06-30',
      manual: 0,
      lastVisitDate: '2026-03-31',
      providerId: ana,
    });
    // A later completed visit moves it.
    completeVisit(p.id, '2026-04-14T10:00:00-04:00', { providerId: ben });
    expect(recallOf(p.id)).toMatchObject({ dueDate: '2026-07-14', providerId: ben });
    // Another visit type does not.
    completeVisit(p.id, '2026-04-20T10:00:00-04:00', { visitTypeId: physical });
    expect(recallOf(p.id)?.dueDate).toBe('2026-07-14');
    // Stepping back from completed recomputes from the visit before.
    const last = w.t.db.sqlite
      .prepare(
        "SELECT id FROM appointments WHERE patient_id = ? AND start_ms = ? AND status = 'completed'",
      )
      .get(p.id, Date.parse('2026-04-14T10:00:00-04:00')) as { id: number };
    w.t.call('appointments/setStatus', { appointmentId: last.id, status: 'in_room' });
    expect(recallOf(p.id)?.dueDate).toBe('2026-06-30');
    void a;
    const audit = w.t.db.sqlite
      .prepare("SELECT details FROM audit_log WHERE action = 'recall.due.recomputed' ORDER BY id")
      .all() as { details: string }[];
    expect(audit.map((r) => JSON.parse(r.details) as { to: string }).map((d) => d.to)).toEqual([
      '2026-06-30',
      '2026-07-14',
      '2026-06-30',
    ]);
  });

  it('a new recall type picks up visits already completed, within its ages only', () => {
    const adult = patient('Bo', '+15125550302');
    const child = patient('Cy', '+15125550303', { dateOfBirth: '2015-06-01' });
    completeVisit(adult.id, '2026-03-03T10:00:00-05:00');
    completeVisit(child.id, '2026-03-03T11:00:00-05:00');
    recallType({ name: 'Annual physical', intervalMonths: 12, minAgeYears: 18 });
    expect(recallOf(adult.id)?.dueDate).toBe('2027-03-03');
    expect(recallOf(child.id)).toBeUndefined();
  });

  it('a due date set by hand survives a later completing visit', () => {
    const t = recallType();
    const p = patient('Di', '+15125550304');
    completeVisit(p.id, '2026-03-03T10:00:00-05:00');
    w.t.call('recalls/setDue', { patientId: p.id, recallTypeId: t.id, dueDate: '2026-05-01' });
    completeVisit(p.id, '2026-03-10T10:00:00-04:00');
    expect(recallOf(p.id)).toMatchObject({
      dueDate: '2026-05-01',
      manual: 1,
      lastVisitDate: '2026-03-10',
    });
    // Changing the type's interval recomputes the others but not this one.
    const q = patient('Ed', '+15125550305');
    completeVisit(q.id, '2026-03-11T10:00:00-04:00');
    const cur = w.t.call('recallTypes/list', {}).find((x) => x.id === t.id)!;
    w.t.call('recallTypes/update', { id: t.id, version: cur.version, intervalMonths: 6 });
    expect(recallOf(q.id)?.dueDate).toBe('2026-09-11');
    expect(recallOf(p.id)?.dueDate).toBe('2026-05-01');
  });
});

describe('the worklist', () => {
  it('lists by due date with filters and leaves out those booked for a completing visit', () => {
    const t = recallType();
    const other = w.t.call('recallTypes/create', {
      name: 'Annual physical',
      intervalMonths: 12,
      visitTypeIds: [physical],
    });
    const [a, b, c] = [
      patient('Ann', '+15125550311'),
      patient('Bo', '+15125550312'),
      patient('Cy', '+15125550313'),
    ];
    w.t.call('recalls/setDue', { patientId: a.id, recallTypeId: t.id, dueDate: '2026-04-01' });
    completeVisit(b.id, '2026-03-03T10:00:00-05:00', { providerId: ben });
    w.t.call('recalls/setDue', { patientId: c.id, recallTypeId: other.id, dueDate: '2026-03-20' });
    expect(worklistIds()).toEqual([c.id, a.id, b.id]);
    expect(worklistIds({ recallTypeId: t.id })).toEqual([a.id, b.id]);
    expect(worklistIds({ providerId: ben })).toEqual([b.id]);
    expect(worklistIds({ dueBy: '2026-04-30' })).toEqual([c.id, a.id]);
    const item = w.t.call('recalls/worklist', { dueBy: '2026-04-30' }).items[1]!;
    expect(item).toMatchObject({
      recallTypeName: 'Diabetes follow-up',
      visitTypeId: w.c.visit.id,
      visitTypeName: 'Follow-up',
      manual: true,
      dueDate: '2026-04-01',
    });

    // A's future Follow-up takes them off; C's booking of another type does not.
    at('2026-03-04T14:00:00Z');
    const booked = w.t.call('appointments/book', {
      patientId: a.id,
      providerId: ana,
      locationId: w.c.loc.id,
      visitTypeId: w.c.visit.id,
      start: '2026-03-20T10:00:00-04:00',
    });
    w.t.call('appointments/book', {
      patientId: c.id,
      providerId: ana,
      locationId: w.c.loc.id,
      visitTypeId: w.c.visit.id,
      start: '2026-03-20T11:00:00-04:00',
    });
    expect(worklistIds()).toEqual([c.id, b.id]);
    // Cancelled, they are back.
    w.t.call('appointments/cancel', {
      appointmentId: booked.id,
      reason: 'changed plans',
      requestedBy: 'patient',
    });
    expect(worklistIds()).toEqual([c.id, a.id, b.id]);
  });

  it('a retired type leaves the worklist; the due dates are kept for a restore', () => {
    const t = recallType();
    const a = patient('Ann', '+15125550321');
    w.t.call('recalls/setDue', { patientId: a.id, recallTypeId: t.id, dueDate: '2026-04-01' });
    const r = w.t.call('recallTypes/retire', { id: t.id, version: t.version });
    expect(worklistIds()).toEqual([]);
    w.t.call('recallTypes/restore', { id: t.id, version: r.version });
    expect(worklistIds()).toEqual([a.id]);
  });
});

describe('outreach on the cadence', () => {
  it('texts before, at and after the due date once each, then opens a call task', async () => {
    const t = recallType();
    const phone = '+15125550331';
    const p = patient('Ann', phone);
    w.t.call('recalls/setDue', { patientId: p.id, recallTypeId: t.id, dueDate: '2026-06-02' });

    at('2026-05-02T14:00:00Z'); // 31 days before, 10:00 EDT
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    at('2026-05-03T14:00:00Z');
    expect(await outreach()).toEqual({ sent: 1, failed: 0 });
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    at('2026-05-20T14:00:00Z');
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    at('2026-06-02T14:00:00Z');
    expect(await outreach()).toEqual({ sent: 1, failed: 0 });
    at('2026-07-02T14:00:00Z');
    expect(await outreach()).toEqual({ sent: 1, failed: 0 });
    at('2026-08-01T14:00:00Z');
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    expect(steps(p.id)).toEqual([
      { step: 'before', channel: 'sms', status: 'sent', dueDate: '2026-06-02' },
      { step: 'due', channel: 'sms', status: 'sent', dueDate: '2026-06-02' },
      { step: 'after', channel: 'sms', status: 'sent', dueDate: '2026-06-02' },
      { step: 'call', channel: 'call', status: 'open', dueDate: '2026-06-02' },
    ]);
    expect(textsTo(phone)).toEqual([
      'Test Clinic: You are due for a check-up next month. Reply BOOK and we will offer you the first opening. Reply STOP to stop texts.',
      'Test Clinic: You are due for a check-up. Reply BOOK and we will offer you the first opening. Reply STOP to stop texts.',
      'Test Clinic: Your check-up is overdue. Reply BOOK and we will offer you the first opening. Reply STOP to stop texts.',
    ]);
    const item = w.t.call('recalls/worklist', {}).items[0]!;
    expect(item).toMatchObject({ callOpen: true, overdueDays: 60 });
    expect(item.outreach).toMatchObject({ step: 'call', status: 'open' });
    // Each step audited.
    const actions = (
      w.t.db.sqlite
        .prepare("SELECT action FROM audit_log WHERE entity_type = 'recall_outreach' ORDER BY id")
        .all() as { action: string }[]
    ).map((r) => r.action);
    expect(actions).toEqual([
      'recall.outreach.sending',
      'recall.outreach.sent',
      'recall.outreach.sending',
      'recall.outreach.sent',
      'recall.outreach.sending',
      'recall.outreach.sent',
      'recall.outreach.open',
    ]);
    // The call is owed on the call queue too.
    expect(w.t.call('callQueue/list', {}).recallCalls).toEqual([
      expect.objectContaining({
        recallId: item.recallId,
        patientId: p.id,
        recallTypeName: 'Diabetes follow-up',
        dueDate: '2026-06-02',
        phone,
      }),
    ]);
    // Staff reached them: the call closes.
    expect(
      w.t.call('recalls/markContacted', { recallId: item.recallId, note: 'will call back' }),
    ).toEqual({ recallId: item.recallId, callsClosed: 1 });
    expect(steps(p.id)[3]!.status).toBe('done');
    expect(w.t.call('callQueue/list', {}).recallCalls).toEqual([]);
  });

  it('sends only the latest step due: two months overdue is a call, not three texts', async () => {
    const t = recallType();
    const p = patient('Bo', '+15125550332');
    w.t.call('recalls/setDue', { patientId: p.id, recallTypeId: t.id, dueDate: '2025-12-01' });
    at('2026-03-02T15:00:00Z');
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    expect(steps(p.id).map((s) => s.step)).toEqual(['call']);
  });

  it('waits out quiet hours in the patient’s own zone', async () => {
    const t = recallType();
    const ny = patient('Cy', '+15125550333');
    const la = patient('Cyd', '+15125550337', { timeZone: 'America/Los_Angeles' });
    for (const p of [ny, la])
      w.t.call('recalls/setDue', { patientId: p.id, recallTypeId: t.id, dueDate: '2026-07-01' });
    at('2026-06-01T01:30:00Z'); // 21:30 EDT, 18:30 PDT on 31 May: not yet due in either zone
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    at('2026-06-01T04:30:00Z'); // 00:30 EDT on 1 June (due, but night); 21:30 PDT on 31 May
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    at('2026-06-01T13:30:00Z'); // 09:30 EDT; 06:30 PDT, still night there
    expect(await outreach()).toEqual({ sent: 1, failed: 0 });
    expect(steps(la.id)).toEqual([]);
    at('2026-06-01T16:30:00Z'); // 09:30 PDT
    expect(await outreach()).toEqual({ sent: 1, failed: 0 });
    expect(steps(ny.id).map((s) => s.step)).toEqual(['before']);
    expect(steps(la.id).map((s) => s.step)).toEqual(['before']);
  });

  it('skips those without consent, stops after STOP, and leaves the booked alone', async () => {
    const t = recallType();
    const none = patient('Di', null);
    const stop = patient('Ed', '+15125550334');
    const booked = patient('Flo', '+15125550335');
    for (const p of [none, stop, booked])
      w.t.call('recalls/setDue', { patientId: p.id, recallTypeId: t.id, dueDate: '2026-04-01' });
    w.t.call('appointments/book', {
      patientId: booked.id,
      providerId: ana,
      locationId: w.c.loc.id,
      visitTypeId: w.c.visit.id,
      start: '2026-04-20T10:00:00-04:00',
    });
    at('2026-03-03T15:00:00Z');
    expect(await outreach()).toEqual({ sent: 1, failed: 0 });
    expect(steps(none.id)).toEqual([
      { step: 'before', channel: 'sms', status: 'skipped', dueDate: '2026-04-01' },
    ]);
    expect(steps(booked.id)).toEqual([]);
    await w.standin.injectInbound({ from: '+15125550334', to: CLINIC_NUMBER, body: 'STOP' });
    w.t.now += 1000;
    await w.poll();
    at('2026-04-01T14:00:00Z');
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    expect(steps(stop.id).map((s) => [s.step, s.status])).toEqual([
      ['before', 'sent'],
      ['due', 'skipped'],
    ]);
  });

  it('never repeats a step after a crash between writing it and sending it', async () => {
    const t = recallType();
    const phone = '+15125550336';
    const p = patient('Gus', phone);
    w.t.call('recalls/setDue', { patientId: p.id, recallTypeId: t.id, dueDate: '2026-04-01' });
    at('2026-04-01T14:00:00Z');
    // The planning transaction commits, then the process dies before the send.
    w.t.db.sqlite
      .transaction(() =>
        planRecallOutreach(
          { db: w.t.db, now: w.t.now, actor: 'recall', origin: 'test' },
          { sms: true, email: true },
        ),
      )
      .immediate();
    w.t.now += 60_000;
    expect(await outreach()).toEqual({ sent: 0, failed: 0 });
    expect(textsTo(phone)).toEqual([]);
    w.t.now += 15 * 60_000;
    await outreach();
    expect(steps(p.id)).toEqual([
      { step: 'due', channel: 'sms', status: 'failed', dueDate: '2026-04-01' },
    ]);
    expect(textsTo(phone)).toEqual([]);
  });
});

describe('answers', () => {
  it('BOOK puts the patient on the waitlist for the recall’s visit type, once', async () => {
    const t = recallType();
    const phone = '+15125550341';
    const p = patient('Hal', phone);
    w.t.call('recalls/setDue', { patientId: p.id, recallTypeId: t.id, dueDate: '2026-04-01' });
    at('2026-04-01T14:00:00Z');
    await outreach();
    for (const body of ['Book', 'yes']) {
      w.t.now += 60_000;
      await w.standin.injectInbound({ from: phone, to: CLINIC_NUMBER, body });
      await w.poll();
      await w.standin.settled();
    }
    const entries = w.t.call('waitlist/list', {});
    expect(entries.map((e) => [e.patientId, e.visitTypeId, e.note])).toEqual([
      [p.id, w.c.visit.id, 'recall: Diabetes follow-up'],
    ]);
    const inbound = w.t.db.sqlite
      .prepare('SELECT classification, status, note FROM inbound_messages ORDER BY id')
      .all();
    expect(inbound).toEqual([
      {
        classification: 'recall book',
        status: 'handled',
        note: `recall: asked to book, put on the waitlist (entry ${entries[0]!.id})`,
      },
      {
        classification: 'recall book',
        status: 'handled',
        note: `recall: asked to book, already on the waitlist (entry ${entries[0]!.id})`,
      },
    ]);
    expect(textsTo(phone).at(-1)).toBe(
      'Test Clinic: thank you, you are on our list. We will text you the first opening.',
    );
  });

  it('a YES answers the latest text: a recall text after a waitlist offer, or an offer after it', async () => {
    const t = recallType();
    const phone = '+15125550343';
    const p = patient('Ida', phone);
    w.t.call('recalls/setDue', { patientId: p.id, recallTypeId: t.id, dueDate: '2026-04-01' });
    w.t.call('waitlist/add', { patientId: p.id, visitTypeId: physical, providerId: ana });
    const offerSlot = (start: string) => {
      const a = w.t.call('appointments/book', {
        patientId: w.c.patient2.id,
        providerId: ana,
        locationId: w.c.loc.id,
        visitTypeId: physical,
        start,
      });
      w.t.call('appointments/cancel', {
        appointmentId: a.id,
        reason: 'sick',
        requestedBy: 'patient',
      });
      return runWaitlistOffers({
        db: w.t.db,
        clock: () => w.t.now,
        transport: transportFromSettings(getMessagingSettings(w.t.db), w.t.secrets),
      });
    };
    const yes = async () => {
      w.t.now += 60_000;
      await w.standin.injectInbound({ from: phone, to: CLINIC_NUMBER, body: 'YES' });
      await w.poll();
      await w.standin.settled();
      return (
        w.t.db.sqlite
          .prepare('SELECT classification FROM inbound_messages ORDER BY id DESC LIMIT 1')
          .get() as { classification: string }
      ).classification;
    };
    // The offer first, then the recall text: YES is about the recall.
    at('2026-04-01T14:00:00Z');
    expect(await offerSlot('2026-04-02T10:00:00-04:00')).toEqual({ offered: 1, failed: 0 });
    w.t.now += 60_000;
    expect(await outreach()).toEqual({ sent: 1, failed: 0 });
    expect(await yes()).toBe('recall book');
    // Another offer after that: YES takes the time.
    w.t.now += 60_000;
    expect(await offerSlot('2026-04-03T10:00:00-04:00')).toEqual({ offered: 1, failed: 0 });
    expect(await yes()).toBe('waitlist yes');
    expect(
      w.t.db.sqlite
        .prepare(
          "SELECT count(*) AS n FROM appointments WHERE patient_id = ? AND status = 'booked'",
        )
        .get(p.id),
    ).toEqual({ n: 1 });
  });

  it('BOOK from a number we sent no recall text is left to staff as before', async () => {
    await w.standin.injectInbound({ from: '+15125550342', to: CLINIC_NUMBER, body: 'BOOK' });
    await w.poll();
    expect(w.t.call('waitlist/list', {})).toEqual([]);
    const row = w.t.db.sqlite.prepare('SELECT status FROM inbound_messages').get();
    expect(row).toEqual({ status: 'staff' });
  });
});
