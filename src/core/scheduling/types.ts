import type { Interval, LocalDate, WallMinutes } from '../time';

/** A span of a weekly template or a day override, in local wall-clock minutes. */
export interface TemplateBlock {
  start: WallMinutes;
  end: WallMinutes;
  /** 'hours' are bookable; a 'break' is cut out of the hours at the same location. */
  kind: 'hours' | 'break';
  /** Visit types this block allows; null = every visit type. */
  visitTypeIds: number[] | null;
}

export interface WeeklyBlock extends TemplateBlock {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** One version of a provider's weekly hours at one location. */
export interface WeeklyVersion {
  locationId: number;
  effectiveFrom: LocalDate;
  /** Last date it applies to, inclusive; null = open-ended. */
  effectiveTo: LocalDate | null;
  blocks: WeeklyBlock[];
}

/** A date whose hours at a location replace the weekly template; no blocks = closed. */
export interface DayOverride {
  locationId: number;
  date: LocalDate;
  blocks: TemplateBlock[];
}

/** Everything about one provider's working time the engine needs, loaded by the caller. */
export interface ProviderSchedule {
  providerId: number;
  weekly: WeeklyVersion[];
  overrides: DayOverride[];
  /** Time off as instants. */
  timeOff: Interval[];
}

/** Bookable time on one day at one location, before appointments are taken out. */
export interface OpenRange extends Interval {
  locationId: number;
  visitTypeIds: number[] | null;
  /** Instant the slot grid is counted from: the start of the template block. */
  anchor: number;
  date: LocalDate;
}

/** Something that holds a provider's time: an appointment (with its buffers) or external busy. */
export interface BusySpan extends Interval {
  bufferBeforeMs: number;
  bufferAfterMs: number;
}

export interface VisitRule {
  visitTypeId: number;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export interface BookingWindowRule {
  /** Grid step for slot starts, minutes. */
  slotMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
}

export interface Slot {
  providerId: number;
  locationId: number;
  start: number;
  end: number;
  date: LocalDate;
}
