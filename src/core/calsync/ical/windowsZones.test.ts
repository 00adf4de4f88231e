import { describe, expect, it } from 'vitest';
import { isValidZone } from '../../time';
import { WINDOWS_ZONES, windowsZoneToIana } from './windowsZones';
import { resolveTzidByName } from './zones';

describe('Windows zone names', () => {
  it('every mapped zone is one the runtime knows', () => {
    const bad = Object.entries(WINDOWS_ZONES).filter(([, iana]) => !isValidZone(iana));
    expect(bad).toEqual([]);
    expect(Object.keys(WINDOWS_ZONES).length).toBeGreaterThanOrEqual(140);
  });
  it.each([
    ['GMT Standard Time', 'Europe/London'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Eastern Standard Time', 'America/New_York'],
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['Tokyo Standard Time', 'Asia/Tokyo'],
    ['india standard time', 'Asia/Kolkata'],
    ['Central Daylight Time', 'America/Chicago'],
  ])('%s -> %s', (name, iana) => expect(windowsZoneToIana(name)).toBe(iana));
});

describe('resolveTzidByName', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['US/Eastern', 'US/Eastern'],
    ['"Pacific Standard Time"', 'America/Los_Angeles'],
    [
      '/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires',
      'America/Argentina/Buenos_Aires',
    ],
    ['/mozilla.org/20050126_1/America/New_York', 'America/New_York'],
    ['posix/Europe/Vaduz', 'Europe/Vaduz'],
    ['MyTimezone', null],
    ['(GMT +01:00)', null],
  ])('%s -> %s', (tzid, zone) => expect(resolveTzidByName(tzid)).toBe(zone));
});
