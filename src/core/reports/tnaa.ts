/**
 * Time to third next available (IHI): calendar days from the day of measurement to the third
 * next open slot that fits the visit type. Pure: the caller loads the provider's schedule and busy
 * time as they stood at `asOf` (the start of the measured day). Days are counted between local
 * dates, never as 24-hour steps, so a DST change in between does not shift the answer.
 */
import { blockedFor, bookingWindow, slotsForDate } from '../scheduling';
import type { BookingWindowRule, BusySpan, ProviderSchedule, VisitRule } from '../scheduling';
import { addDays, daysBetween, localDateOf, type LocalDate } from '../time';

export function timeToThirdNextAvailable(p: {
  schedule: ProviderSchedule;
  busy: readonly BusySpan[];
  visit: VisitRule;
  zone: string;
  rule: BookingWindowRule;
  /** The instant of measurement: the start of the measured local day. */
  asOf: number;
}): { days: number | null; thirdSlotStart: number | null } {
  const window = bookingWindow({ now: p.asOf, zone: p.zone, rule: p.rule });
  const blocked = blockedFor(p.busy, p.visit);
  const today: LocalDate = localDateOf(p.zone, p.asOf);
  let found = 0;
  for (let d = 0; d <= p.rule.horizonDays; d++) {
    const date = addDays(today, d);
    const slots = slotsForDate({
      schedule: p.schedule,
      date,
      zone: p.zone,
      blocked,
      visit: p.visit,
      slotMinutes: p.rule.slotMinutes,
      window,
      limit: 3 - found,
    });
    found += slots.length;
    if (found >= 3)
      return { days: daysBetween(today, date), thirdSlotStart: slots[slots.length - 1]!.start };
  }
  return { days: null, thirdSlotStart: null };
}
