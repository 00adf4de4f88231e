import { addDays, isoWeekday, type LocalDate } from '../time';

export interface Holiday {
  date: LocalDate;
  name: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The `nth` (1-based) given ISO weekday of a month; nth = -1 is the last one. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): LocalDate {
  if (nth > 0) {
    const first = `${year}-${pad(month)}-01`;
    return addDays(first, ((weekday - isoWeekday(first) + 7) % 7) + 7 * (nth - 1));
  }
  const last = addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);
  return addDays(last, -((isoWeekday(last) - weekday + 7) % 7));
}

/** A fixed-date holiday on a weekend is observed on the Friday before or the Monday after. */
function observed(date: LocalDate): LocalDate {
  const wd = isoWeekday(date);
  return wd === 6 ? addDays(date, -1) : wd === 7 ? addDays(date, 1) : date;
}

/** The days a typical US outpatient clinic closes, as observed in `year`. */
export function clinicHolidays(year: number): Holiday[] {
  return [
    { date: observed(`${year}-01-01`), name: "New Year's Day" },
    { date: nthWeekday(year, 5, 1, -1), name: 'Memorial Day' },
    { date: observed(`${year}-07-04`), name: 'Independence Day' },
    { date: nthWeekday(year, 9, 1, 1), name: 'Labor Day' },
    { date: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving Day' },
    { date: observed(`${year}-12-25`), name: 'Christmas Day' },
  ];
}

/** Clinic holidays falling between two dates, both included, in date order. */
export function clinicHolidaysBetween(from: LocalDate, to: LocalDate): Holiday[] {
  const out: Holiday[] = [];
  // Observed New Year's Day can fall on 31 December of the year before.
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)) + 1; y++) {
    for (const h of clinicHolidays(y)) if (h.date >= from && h.date <= to) out.push(h);
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
