import type { IcalComponent } from './parse';

/** The properties that decide when a VEVENT makes someone busy; SUMMARY, DESCRIPTION, alarms and
 * attendees do not. */
const BUSY_PROPERTIES = [
  'dtstart',
  'dtend',
  'duration',
  'rrule',
  'rdate',
  'exdate',
  'recurrence-id',
  'status',
  'transp',
];

/**
 * A text that changes exactly when the event's busy time may change, for incremental sync: a
 * provider renaming "Lunch" to "Lunch with Sam" does not make us recompute their week, moving it
 * from 12:00 to 13:00 does. Values are compared as written (with their TZID), which may report a
 * change that turns out not to move anything; it never misses one.
 */
export function busyFingerprint(event: IcalComponent): string {
  const parts: string[] = [];
  for (const name of BUSY_PROPERTIES) {
    for (const prop of event.getAllProperties(name)) {
      parts.push(JSON.stringify(prop.toJSON()));
    }
  }
  return parts.join('\n');
}
