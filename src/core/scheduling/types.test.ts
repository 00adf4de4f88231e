import { describe, expectTypeOf, it } from 'vitest';
import type { Interval, LocalDate, WallMinutes } from '../time';
import type {
  BusySpan,
  DayOverride,
  OpenRange,
  ProviderSchedule,
  Slot,
  TemplateBlock,
  WeeklyBlock,
  WeeklyVersion,
} from './types';

// types.ts has no runtime code; these checks keep the shapes the engine relies on from drifting.
describe('scheduling types', () => {
  it('templates are in local wall-clock minutes, with null meaning every visit type', () => {
    expectTypeOf<TemplateBlock['start']>().toEqualTypeOf<WallMinutes>();
    expectTypeOf<TemplateBlock['kind']>().toEqualTypeOf<'hours' | 'break'>();
    expectTypeOf<TemplateBlock['visitTypeIds']>().toEqualTypeOf<number[] | null>();
    expectTypeOf<WeeklyBlock>().toExtend<TemplateBlock>();
    expectTypeOf<WeeklyBlock['weekday']>().toEqualTypeOf<number>();
  });

  it('weekly versions are dated by local dates, open-ended with null', () => {
    expectTypeOf<WeeklyVersion['effectiveFrom']>().toEqualTypeOf<LocalDate>();
    expectTypeOf<WeeklyVersion['effectiveTo']>().toEqualTypeOf<LocalDate | null>();
    expectTypeOf<DayOverride['blocks']>().toEqualTypeOf<TemplateBlock[]>();
  });

  it('time off, busy time, open ranges and slots are instants', () => {
    expectTypeOf<ProviderSchedule['timeOff']>().toEqualTypeOf<Interval[]>();
    expectTypeOf<BusySpan>().toExtend<Interval>();
    expectTypeOf<OpenRange>().toExtend<Interval>();
    expectTypeOf<Slot>().toExtend<Interval>();
    expectTypeOf<Slot['date']>().toEqualTypeOf<LocalDate>();
  });
});
