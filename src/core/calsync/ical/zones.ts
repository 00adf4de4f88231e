import ICAL from 'ical.js';
import { isValidZone, localToInstant } from '../../time';
import { describeThrown, type IcalWarning } from './errors';
import { windowsZoneToIana } from './windowsZones';

export type IcalTime = ICAL.Time;

/** Wall-clock fields of an ical.js time, as written in the file. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function localDateOfWall(w: WallClock): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/**
 * The IANA zone a TZID means when the file has no VTIMEZONE for it:
 * - an IANA name or alias as is ("Europe/Berlin", "US/Eastern");
 * - a Windows name through CLDR's table ("GMT Standard Time" -> Europe/London);
 * - an IANA name behind a vendor prefix, as Evolution, old Mozilla and POSIX tz files write them
 *   ("/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires", "posix/Europe/Vaduz").
 * Null when none of these fits ("MyTimezone", "(GMT +01:00)").
 */
export function resolveTzidByName(tzid: string): string | null {
  const name = tzid.trim().replace(/^"(.*)"$/, '$1');
  if (name === '') return null;
  if (isValidZone(name)) return name;
  const windows = windowsZoneToIana(name);
  if (windows) return windows;
  const parts = name.split('/').filter((p) => p !== '');
  for (let k = 1; k < parts.length; k++) {
    const candidate = parts.slice(k).join('/');
    if (candidate.includes('/') && isValidZone(candidate)) return candidate;
  }
  return null;
}

/**
 * Turns the times of one calendar into instants. Made once per VCALENDAR: it knows the clinic's
 * zone, the calendar's X-WR-TIMEZONE and the VTIMEZONEs in the file, and collects warnings.
 */
export class ZoneResolver {
  /** Where floating times (no TZID, no Z) and all-day dates are placed. */
  readonly floatingZone: string;
  readonly defaultZone: string;
  private readonly byName = new Map<string, string | null>();
  private readonly broken = new Set<string>();
  private readonly warned = new Set<string>();
  constructor(
    options: { defaultZone: string; calendarZone: string | null },
    private readonly warnings: IcalWarning[],
  ) {
    this.defaultZone = options.defaultZone;
    // Google and Apple write event times floating and name the zone once in X-WR-TIMEZONE
    // (issue_86: DTSTART:20210916T210000 with X-WR-TIMEZONE:Europe/Brussels is 19:00Z).
    const calendarZone = options.calendarZone ? resolveTzidByName(options.calendarZone) : null;
    this.floatingZone = calendarZone ?? options.defaultZone;
  }

  /** All-day dates are the clinic's days: local midnight in the clinic's zone. */
  dateToInstant(w: WallClock): number {
    return localToInstant(this.defaultZone, localDateOfWall(w), 0);
  }

  /** The instant of a date-time value read from a property with the given TZID parameter. */
  toInstant(time: IcalTime, tzid: string | null, uid: string | null): number {
    if (time.isDate) return this.dateToInstant(time);
    if (time.zone === ICAL.Timezone.utcTimezone || time.zone?.tzid === 'UTC') {
      return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
    }
    if (tzid !== null) {
      const fromFile = this.fromFileZone(time, tzid, uid);
      if (fromFile !== null) return fromFile;
      const zone = this.zoneByName(tzid, uid);
      return this.wallInZone(zone, time);
    }
    return this.wallInZone(this.floatingZone, time);
  }

  /** The same wall clock in the zone of `like` (used for RECURRENCE-ID and EXDATE matching). */
  wallInZone(zone: string, w: WallClock): number {
    const minutes = w.hour * 60 + w.minute;
    return localToInstant(zone, localDateOfWall(w), minutes) + w.second * 1000;
  }

  /**
   * A VTIMEZONE carried in the file is what the sender's calendar meant, so it wins over the tz
   * database: Outlook's "GMT Standard Time" only makes sense through its own definition.
   */
  private fromFileZone(time: IcalTime, tzid: string, uid: string | null): number | null {
    const zone = time.zone;
    if (!zone || !zone.component || zone.tzid !== tzid || this.broken.has(tzid)) return null;
    try {
      const probe = ICAL.Time.fromData(
        {
          year: time.year,
          month: time.month,
          day: time.day,
          hour: time.hour,
          minute: time.minute,
          second: time.second,
          isDate: false,
        },
        zone,
      );
      const seconds = probe.toUnixTime();
      if (!Number.isFinite(seconds)) throw new Error('no offset could be computed');
      return seconds * 1000;
    } catch (thrown) {
      this.broken.add(tzid);
      this.warnings.push({
        code: 'BROKEN_TIMEZONE',
        uid,
        message: `The VTIMEZONE "${tzid}" in the file cannot be used (${describeThrown(thrown)}); its name was used instead.`,
      });
      return null;
    }
  }

  private zoneByName(tzid: string, uid: string | null): string {
    let zone = this.byName.get(tzid);
    if (zone === undefined) {
      zone = resolveTzidByName(tzid);
      this.byName.set(tzid, zone);
    }
    if (zone) return zone;
    if (!this.warned.has(tzid)) {
      this.warned.add(tzid);
      this.warnings.push({
        code: 'UNKNOWN_TIMEZONE',
        uid,
        message: `Time zone "${tzid}" is not defined in the file and is not a known zone name; its times were read as ${this.floatingZone} time.`,
      });
    }
    return this.floatingZone;
  }
}
