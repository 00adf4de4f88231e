/**
 * Provider absence end to end on the tiny clinic with the Twilio stand-in: Dr Patel (family
 * medicine, English and Spanish) is out on Wednesday with 20 visits booked. She has three
 * openings on Thursday and is off the two weeks after; Dr Okafor (family, English only) and
 * Dr Nguyen (cardiology) are free. Proposals come in tier order, are held, and accepting moves
 * every visit through the booking path and texts each patient once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runAbsenceJob } from '../../src/core/access/service/absence';
import { bookDay, localIso, WEDNESDAY } from '../helpers/absenceClinic';
import { CLINIC_NUMBER, openReminderWorld, type ReminderWorld } from '../helpers/reminderClinic';

let w: ReminderWorld;
afterEach(async () => {
  await w?.close();
});

function holds(world: ReminderWorld) {
  return world.t.db.sqlite
    .prepare('SELECT provider_id AS providerId, start_ms AS s, end_ms AS e FROM slot_holds')
    .all() as { providerId: number; s: number; e: number }[];
}

describe('a provider absent for a day of 20 visits', () => {
  it('proposes in tier order, holds each, moves all on accept and texts each patient once', async () => {
    w = await openReminderWorld();
    const { ana, visits } = bookDay(w);
    const [, ben, carla] = w.c.providers;

    const preview = w.t.call('absences/preview', {
      providerId: ana.id,
      fromDate: WEDNESDAY,
      toDate: WEDNESDAY,
    });
    expect(preview.affected).toHaveLength(20);

    const created = w.t.call('absences/create', {
      providerId: ana.id,
      fromDate: WEDNESDAY,
      toDate: WEDNESDAY,
      reason: 'sick',
    });
    expect(created).toMatchObject({ affected: 20, proposed: 20 });
    const review = w.t.call('absences/get', { absenceId: created.absenceId });
    expect(review.status).toBe('review');
    const items = review.items;
    // Dr Patel's three Thursday openings go to the first three visits.
    expect(items.slice(0, 3).map((i) => [i.tier, i.proposal?.providerId])).toEqual([
      ['same_provider', ana.id],
      ['same_provider', ana.id],
      ['same_provider', ana.id],
    ]);
    expect(items.slice(0, 3).map((i) => i.proposal!.start)).toEqual([
      '2026-03-05T14:00:00.000Z',
      '2026-03-05T14:30:00.000Z',
      '2026-03-05T15:00:00.000Z',
    ]);
    for (const [n, item] of items.entries()) {
      const v = visits[n]!;
      expect(item.appointmentId).toBe(v.appointmentId);
      if (n < 3) continue;
      if (v.spanish) {
        // Dr Okafor does not speak Spanish, so he is no same-specialty match: the Spanish
        // speakers go to the first of anyone who can see them, with the caveat in words.
        expect(item.tier).toBe('anyone');
        expect([ben!.id, carla!.id]).toContain(item.proposal!.providerId);
        if (item.proposal!.providerId === ben!.id)
          expect(item.note).toMatch(/does not speak the patient's language/);
      } else {
        expect(item.tier).toBe('same_specialty');
        expect(item.proposal!.providerId).toBe(ben!.id);
      }
      // A colleague is proposed no earlier than the patient's own time.
      expect(Date.parse(item.proposal!.start)).toBeGreaterThanOrEqual(Date.parse(item.start));
    }
    // Every proposal is held and no two holds of one provider overlap.
    const held = holds(w);
    expect(held).toHaveLength(20);
    for (const a of held)
      for (const b of held)
        if (a !== b && a.providerId === b.providerId) expect(a.s < b.e && b.s < a.e).toBe(false);
    // The day is time off now: booking Dr Patel on Wednesday is refused on every path.
    const refused = w.t.raw('appointments/book', {
      patientId: w.c.patient.id,
      providerId: ana.id,
      locationId: w.c.loc.id,
      visitTypeId: w.c.visit.id,
      start: localIso(WEDNESDAY, 17 * 60 + 30),
      overbook: undefined,
    });
    expect(refused.ok).toBe(false);

    w.t.call('absences/accept', { absenceId: created.absenceId });
    const run = runAbsenceJob({ db: w.t.db, clock: () => w.t.now });
    expect(run).toMatchObject({ moved: 20, cancelled: 0, failed: 0 });
    expect(holds(w)).toHaveLength(0);
    const done = w.t.call('absences/get', { absenceId: created.absenceId });
    expect(done.status).toBe('done');
    for (const item of done.items) {
      expect(item.state).toBe('moved');
      const moved = w.t.call('appointments/get', { appointmentId: item.newAppointmentId! });
      expect(moved.start).toBe(item.proposal!.start);
      expect(moved.providerId).toBe(item.proposal!.providerId);
      expect(moved.status).toBe('booked');
    }

    await w.dispatch();
    const texts = w.standin.messages().filter((m) => m.direction === 'outbound-api');
    expect(texts).toHaveLength(20);
    expect(new Set(texts.map((m) => m.to))).toEqual(new Set(visits.map((v) => v.phone)));
    for (const v of visits) {
      const body = texts.find((m) => m.to === v.phone)!.body;
      expect(body).toMatch(v.spanish ? /Cambiamos su cita/ : /moved your visit to/);
      expect(body).toMatch(v.spanish ? /Responda C para confirmar/ : /Reply C to confirm/);
    }

    // The patient answers C as to any reminder: the new visit is confirmed.
    const answering = visits[3]!;
    w.t.now += 60_000;
    await w.standin.injectInbound({ from: answering.phone, to: CLINIC_NUMBER, body: 'C' });
    await w.poll();
    const answeredItem = w.t
      .call('absences/get', { absenceId: created.absenceId })
      .items.find((i) => i.appointmentId === answering.appointmentId)!;
    expect(answeredItem.newStatus).toBe('confirmed');

    // Four hours without an answer: the other 19 land in the call queue, once.
    w.t.now += 4 * 3_600_000;
    expect(runAbsenceJob({ db: w.t.db, clock: () => w.t.now }).calls).toBe(19);
    expect(runAbsenceJob({ db: w.t.db, clock: () => w.t.now }).calls).toBe(0);
    const tasks = w.t.db.sqlite
      .prepare("SELECT appointment_id AS id, reason FROM call_tasks WHERE status = 'open'")
      .all() as { id: number; reason: string }[];
    expect(tasks).toHaveLength(19);
    expect(tasks.map((x) => x.id)).not.toContain(answeredItem.newAppointmentId);
    expect(tasks[0]!.reason).toMatch(/Patel, MD is absent; no answer to the notice within 4 h/);
  });
});

describe('held proposals', () => {
  it('block other bookings, opening searches and a second absence until accepted or discarded', async () => {
    w = await openReminderWorld();
    const { ana } = bookDay(w);
    const ben = w.c.providers[1]!;
    const created = w.t.call('absences/create', {
      providerId: ana.id,
      fromDate: WEDNESDAY,
      toDate: WEDNESDAY,
    });
    const review = w.t.call('absences/get', { absenceId: created.absenceId });
    const toBen = review.items.find((i) => i.proposal?.providerId === ben.id)!;
    const attempt = {
      patientId: w.c.patient2.id,
      providerId: ben.id,
      locationId: w.c.loc.id,
      visitTypeId: w.c.visit.id,
      start: toBen.proposal!.start,
    };
    const refused = w.t.raw('appointments/book', attempt);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('CONFLICT');
      expect(refused.error.message).toMatch(/was just taken/);
    }
    // The database refuses it too, whatever the service layer does.
    expect(() =>
      w.t.db.sqlite
        .prepare(
          `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id, start_ms, end_ms,
             status, booked_by, booked_from, created_ms, updated_ms)
           VALUES ('ZZZ-ZZZ', ?, ?, ?, ?, ?, ?, 'booked', 'x', 'x', 0, 0)`,
        )
        .run(
          w.c.patient2.id,
          ben.id,
          w.c.loc.id,
          w.c.visit.id,
          Date.parse(toBen.proposal!.start),
          Date.parse(toBen.proposal!.end),
        ),
    ).toThrow(/held for a patient moved by a provider absence/);
    const openings = w.t.call('availability/firstOpenings', {
      visitTypeId: w.c.visit.id,
      providerIds: [ben.id],
      from: WEDNESDAY,
      to: WEDNESDAY,
      limit: 50,
    });
    expect(openings.slots.map((o) => o.start)).not.toContain(toBen.proposal!.start);

    // Dr Nguyen is out too: her patients' proposals pass by the slots held for Patel's.
    const carla = w.c.providers[2]!;
    for (let n = 0; n < 3; n++) {
      const o = w.t.call('availability/firstOpenings', {
        visitTypeId: w.c.visit.id,
        providerIds: [carla.id],
        from: WEDNESDAY,
        to: WEDNESDAY,
        limit: 1,
      }).slots[0]!;
      w.t.call('appointments/book', {
        patientId: w.t.call('patients/create', {
          firstName: 'Card',
          lastName: `Io${n}`,
          dateOfBirth: '1960-01-01',
        }).id,
        providerId: carla.id,
        locationId: w.c.loc.id,
        visitTypeId: w.c.visit.id,
        start: o.start,
      });
    }
    const second = w.t.call('absences/create', {
      providerId: carla.id,
      fromDate: WEDNESDAY,
      toDate: WEDNESDAY,
    });
    expect(second).toMatchObject({ affected: 3, proposed: 3 });
    const all = holds(w);
    for (const a of all)
      for (const b of all)
        if (a !== b && a.providerId === b.providerId) expect(a.s < b.e && b.s < a.e).toBe(false);

    // Staff edit one visit to another opening: the old hold is freed, the new one held.
    const alternatives = w.t.call('absences/alternatives', { itemId: toBen.itemId });
    const other = alternatives.openings.find((o) => o.start !== toBen.proposal!.start)!;
    w.t.call('absences/choose', {
      itemId: toBen.itemId,
      action: 'move',
      providerId: other.providerId,
      locationId: other.locationId,
      start: other.start,
    });
    expect(w.t.raw('appointments/book', attempt).ok).toBe(true);

    w.t.call('absences/discard', { absenceId: created.absenceId });
    expect(
      holds(w).filter((h) => h.s === Date.parse(other.start) && h.providerId === other.providerId),
    ).toHaveLength(0);
  });

  it('refuses accepting while a visit has no proposal and no decision', async () => {
    w = await openReminderWorld();
    const { ana } = bookDay(w);
    // Nobody else works: only Patel's three Thursday openings remain for 20 visits.
    for (const p of w.c.providers.slice(1))
      w.t.call('schedules/addTimeOff', {
        providerId: p.id,
        fromDate: '2026-03-02',
        toDate: '2026-04-30',
      });
    const created = w.t.call('absences/create', {
      providerId: ana.id,
      fromDate: WEDNESDAY,
      toDate: WEDNESDAY,
    });
    expect(created).toMatchObject({ affected: 20, proposed: 3 });
    const r = w.t.raw('absences/accept', { absenceId: created.absenceId });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.message).toBe(
        '17 visits have no proposal: choose a time or cancel them first.',
      );
  });
});

describe('a proposal taken after accepting', () => {
  it('leaves that visit unmoved with the reason, and moves the others', async () => {
    w = await openReminderWorld();
    const { ana } = bookDay(w);
    const { absenceId } = w.t.call('absences/create', {
      providerId: ana.id,
      fromDate: WEDNESDAY,
      toDate: WEDNESDAY,
    });
    const first = w.t.call('absences/get', { absenceId }).items[0]!;
    w.t.call('absences/accept', { absenceId });
    // A desk overbooks the held time on purpose (an overbook passes holds, as it passes visits).
    w.t.call('appointments/book', {
      patientId: w.c.patient2.id,
      providerId: ana.id,
      locationId: w.c.loc.id,
      visitTypeId: w.c.visit.id,
      start: first.proposal!.start,
      overbook: { reason: 'urgent' },
    });
    expect(runAbsenceJob({ db: w.t.db, clock: () => w.t.now })).toMatchObject({
      moved: 19,
      failed: 1,
    });
    const after = w.t.call('absences/get', { absenceId });
    expect(after.items[0]!.state).toBe('failed');
    expect(after.items[0]!.error).toMatch(/^not moved: .*was just taken/);
    expect(w.t.call('appointments/get', { appointmentId: first.appointmentId }).status).toBe(
      'booked',
    );
    expect(after.status).toBe('done');
  });
});

describe('provider bumps', () => {
  it('are counted apart from patient cancellations in the attendance report', async () => {
    w = await openReminderWorld();
    const { ana, visits } = bookDay(w);
    const created = w.t.call('absences/create', {
      providerId: ana.id,
      fromDate: WEDNESDAY,
      toDate: WEDNESDAY,
    });
    const items = w.t.call('absences/get', { absenceId: created.absenceId }).items;
    w.t.call('absences/choose', { itemId: items[5]!.itemId, action: 'cancel' });
    w.t.call('absences/choose', { itemId: items[6]!.itemId, action: 'cancel' });
    // Meanwhile another patient cancels on their own.
    const own = w.t.call('appointments/book', {
      patientId: w.c.patient2.id,
      providerId: w.c.providers[2]!.id,
      locationId: w.c.loc.id,
      visitTypeId: w.c.visit.id,
      start: localIso('2026-03-06', 15 * 60),
    });
    w.t.call('appointments/cancel', {
      appointmentId: own.id,
      reason: 'feels better',
      requestedBy: 'patient',
    });
    w.t.call('absences/accept', { absenceId: created.absenceId });
    expect(runAbsenceJob({ db: w.t.db, clock: () => w.t.now })).toMatchObject({
      moved: 18,
      cancelled: 2,
    });
    const bumped = w.t.call('appointments/get', { appointmentId: visits[5]!.appointmentId });
    expect(bumped.status).toBe('cancelled');
    expect(bumped.cancelReason).toMatch(/^provider bump: Ana Patel, MD is absent$/);
    const report = w.t.call('reports/attendance', { from: '2026-03-01', to: '2026-03-31' });
    expect(report.cancellationsByWho).toMatchObject({ provider: 2, patient: 1 });
  });
});
