import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../time';
import { ageBand, noShowFeatures, type BookingFacts, type PastVisit } from './features';

/** Booked on Monday 2026-03-02 at 10:15 for Thursday 2026-03-12 at 14:30. */
const booking: BookingFacts = {
  booked: { date: '2026-03-02', minutes: 10 * 60 + 15 },
  visit: { date: '2026-03-12', minutes: 14 * 60 + 30 },
  ageYears: 34,
  visitType: 'Follow-up',
  reminder: null,
};

function visit(
  date: string,
  minutes: number | null,
  outcome: PastVisit['outcome'],
  booked: PastVisit['booked'] = { date: '2026-01-05', minutes: 600 },
): PastVisit {
  return { visit: { date, minutes }, booked, outcome };
}

describe('noShowFeatures on literal dates', () => {
  it('counts lead time in calendar days, the visit weekday and hour, the booking hour', () => {
    const f = noShowFeatures({ booking, history: [] });
    expect(f.leadDays).toBe(10);
    expect(f.visitWeekday).toBe(4);
    expect(f.visitHour).toBe(14);
    expect(f.bookedHour).toBe(10);
    expect(f.ageBand).toBe(4);
    expect(f.visitType).toBe('Follow-up');
    expect(f.newPatient).toBe(1);
    expect(f.priorNoShowRate).toBeNaN();
    expect(f.reminderAnswer).toBeNaN();
  });

  it('a same-day booking has lead 0; a back-dated entry is clamped to 0', () => {
    const same = { ...booking, visit: { date: '2026-03-02', minutes: 16 * 60 } };
    expect(noShowFeatures({ booking: same, history: [] }).leadDays).toBe(0);
    const late = { ...booking, visit: { date: '2026-03-01', minutes: null } };
    expect(noShowFeatures({ booking: late, history: [] }).leadDays).toBe(0);
  });

  it('counts prior no-shows and kept visits whose outcome was known before the booking', () => {
    const history = [
      visit('2026-02-10', 9 * 60, 'noShow'),
      visit('2026-02-20', 9 * 60, 'kept'),
      visit('2026-02-25', 11 * 60, 'kept'),
      // Same day, ended 09:30 — before the 10:15 call: counts.
      visit('2026-03-02', 9 * 60 + 30, 'noShow'),
      // Same day, ends 11:00 — after the call: does not.
      visit('2026-03-02', 11 * 60, 'kept'),
      // Cancelled and open visits are not outcomes.
      visit('2026-02-12', 9 * 60, 'cancelled'),
      visit('2026-03-20', 9 * 60, 'open'),
    ];
    const f = noShowFeatures({ booking, history });
    expect(f.priorNoShows).toBe(2);
    expect(f.priorKept).toBe(2);
    expect(f.priorNoShowRate).toBe(0.5);
    expect(f.newPatient).toBe(0);
    expect(f.priorBookings).toBe(7);
    // Booked earlier and due on or after 2026-03-02: the two on the 2nd and the one on the 20th.
    expect(f.openBookings).toBe(3);
  });

  it('a date-only visit counts only for bookings made on a later day', () => {
    const history = [visit('2026-03-02', null, 'noShow')];
    expect(noShowFeatures({ booking, history }).priorNoShows).toBe(0);
    const nextDay = { ...booking, booked: { date: '2026-03-03', minutes: 0 } };
    expect(noShowFeatures({ booking: nextDay, history }).priorNoShows).toBe(1);
  });

  it('a booking made at the same minute or later is not a prior booking', () => {
    const history = [
      visit('2026-03-12', 15 * 60, 'open', booking.booked),
      visit('2026-03-13', 15 * 60, 'open', { date: '2026-03-02', minutes: 10 * 60 + 16 }),
      visit('2026-03-14', 15 * 60, 'open', null),
    ];
    const f = noShowFeatures({ booking, history });
    expect(f.priorBookings).toBe(0);
    expect(f.openBookings).toBe(0);
  });

  it('reads the reminder answer only once it has arrived by the moment of prediction', () => {
    const answered: BookingFacts = {
      ...booking,
      reminder: { answer: 'declined', at: { date: '2026-03-11', minutes: 14 * 60 } },
    };
    expect(noShowFeatures({ booking: answered, history: [] }).reminderAnswer).toBeNaN();
    const before = { date: '2026-03-11', minutes: 13 * 60 + 59 };
    expect(
      noShowFeatures({ booking: answered, history: [], asOf: before }).reminderAnswer,
    ).toBeNaN();
    const after = { date: '2026-03-11', minutes: 14 * 60 };
    expect(noShowFeatures({ booking: answered, history: [], asOf: after }).reminderAnswer).toBe(3);
  });

  it('age bands: unknown and impossible ages are unknown', () => {
    expect([0, 4, 5, 11, 12, 17, 18, 29, 30, 44, 45, 64, 65, 79, 80, 115].map(ageBand)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
    ]);
    expect(ageBand(null)).toBeNaN();
    expect(ageBand(-1)).toBeNaN();
    expect(ageBand(130)).toBeNaN();
  });
});

describe('leakage: nothing dated after the prediction time changes the features', () => {
  const early = [
    visit('2026-02-10', 9 * 60, 'noShow', { date: '2026-01-20', minutes: 600 }),
    visit('2026-02-20', 9 * 60, 'kept', { date: '2026-02-01', minutes: 600 }),
  ];

  it('adding visits that ended after the booking, booked after it, changes nothing', () => {
    const base = noShowFeatures({ booking, history: early });
    const later = [
      visit('2026-03-02', 10 * 60 + 16, 'noShow', { date: '2026-03-02', minutes: 10 * 60 + 16 }),
      visit('2026-03-05', 9 * 60, 'noShow', { date: '2026-03-03', minutes: 600 }),
      visit('2026-03-12', 14 * 60 + 30, 'kept', { date: '2026-03-10', minutes: 600 }),
      visit('2026-04-01', null, 'noShow', { date: '2026-03-20', minutes: 600 }),
    ];
    expect(noShowFeatures({ booking, history: [...early, ...later] })).toEqual(base);
  });

  it('property: any history dated after the booking leaves every feature unchanged', () => {
    const future = fc.record({
      daysAfterBooking: fc.integer({ min: 1, max: 400 }),
      bookedDaysAfter: fc.integer({ min: 0, max: 400 }),
      minutes: fc.option(fc.integer({ min: 0, max: 1439 }), { nil: null }),
      outcome: fc.constantFrom('kept', 'noShow', 'open', 'cancelled') as fc.Arbitrary<
        PastVisit['outcome']
      >,
    });
    fc.assert(
      fc.property(fc.array(future, { maxLength: 20 }), (rows) => {
        const later: PastVisit[] = rows.map((r) =>
          visit(addDays(booking.booked.date, r.daysAfterBooking), r.minutes, r.outcome, {
            date: addDays(booking.booked.date, Math.min(r.bookedDaysAfter, r.daysAfterBooking) + 1),
            minutes: 0,
          }),
        );
        const base = noShowFeatures({ booking, history: early });
        expect(noShowFeatures({ booking, history: [...later, ...early] })).toEqual(base);
      }),
    );
  });
});
