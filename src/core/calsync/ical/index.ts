export * from './errors';
export { parseCalendar, type ParsedCalendar, type IcalComponent } from './parse';
export {
  busyIntervals,
  calendarOccurrences,
  DEFAULT_MAX_OCCURRENCES,
  type BusyInterval,
  type CalendarOccurrence,
  type CalendarSource,
  type ExpandInput,
  type ExpandResult,
} from './expand';
export { busyFingerprint } from './fingerprint';
export { resolveTzidByName } from './zones';
export { WINDOWS_ZONES, windowsZoneToIana } from './windowsZones';
export {
  appointmentIcs,
  calendarResourceIcs,
  feedIcs,
  escapeText,
  foldLine,
  PRODID,
  type AppointmentIcsInput,
  type AppointmentStatus,
  type FeedIcsInput,
  type IcsEvent,
  type Person,
} from './write';
