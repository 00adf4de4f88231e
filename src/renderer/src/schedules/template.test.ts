import { describe, expect, it } from 'vitest';
import {
  copyDay,
  daysForApi,
  editorField,
  emptyWeek,
  mondayOf,
  nextMondayOrToday,
  versionInForce,
  weekFromVersion,
  type ScheduleInfo,
} from './template';

const info: ScheduleInfo = {
  weekly: [
    {
      id: 1,
      locationId: 7,
      effectiveFrom: '2026-01-01',
      effectiveTo: '2026-03-01',
      blocks: [{ weekday: 1, start: '09:00', end: '17:00', kind: 'hours', visitTypeIds: null }],
    },
    {
      id: 2,
      locationId: 7,
      effectiveFrom: '2026-03-02',
      effectiveTo: null,
      blocks: [
        { weekday: 3, start: '08:00', end: '12:00', kind: 'hours', visitTypeIds: [4] },
        { weekday: 3, start: '10:00', end: '10:15', kind: 'break', visitTypeIds: null },
      ],
    },
  ],
  overrides: [],
  timeOff: [],
};

describe('schedule editor template', () => {
  it('finds the version in force on a date and loads it per weekday', () => {
    expect(versionInForce(info, 7, '2026-03-01')?.id).toBe(1);
    expect(versionInForce(info, 7, '2026-03-02')?.id).toBe(2);
    expect(versionInForce(info, 8, '2026-03-02')).toBeUndefined();
    const week = weekFromVersion(versionInForce(info, 7, '2026-03-09'));
    expect(week[2]).toEqual({
      hours: [{ start: '08:00', end: '12:00', visitTypeIds: [4] }],
      breaks: [{ start: '10:00', end: '10:15' }],
    });
    expect(week[0]).toEqual({ hours: [], breaks: [] });
  });

  it("sends only days with hours, and maps the server's day index back to the weekday", () => {
    const week = copyDay(weekFromVersion(versionInForce(info, 7, '2026-03-02')), 3, [5]);
    const { days, weekdays } = daysForApi(week);
    expect(weekdays).toEqual([3, 5]);
    expect(days[0]).toEqual({
      weekday: 3,
      hours: [{ start: '08:00', end: '12:00', visitTypeIds: [4] }],
      breaks: [{ start: '10:00', end: '10:15' }],
    });
    expect(editorField('days.1.hours.0.start', weekdays)).toBe('week.5.hours.0.start');
    expect(editorField('days.0.breaks.0.end', weekdays)).toBe('week.3.breaks.0.end');
    expect(editorField('effectiveFrom', weekdays)).toBe('effectiveFrom');
    expect(editorField(undefined, weekdays)).toBe('form');
    expect(daysForApi(emptyWeek()).days).toEqual([]);
  });

  it('copies a day without sharing its lists', () => {
    const week = copyDay(weekFromVersion(versionInForce(info, 7, '2026-03-02')), 3, [1]);
    week[0]!.hours[0]!.visitTypeIds!.push(9);
    expect(week[2]!.hours[0]!.visitTypeIds).toEqual([4]);
  });

  it('defaults to today on a Monday, else the next Monday', () => {
    expect(nextMondayOrToday('2026-03-02')).toBe('2026-03-02');
    expect(nextMondayOrToday('2026-03-04')).toBe('2026-03-09');
    expect(nextMondayOrToday('2026-03-08')).toBe('2026-03-09');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
  });
});
