import { describe, expect, it } from 'vitest';
import { serviceTypeName, serviceTypesForVisit, SERVICE_TYPES } from './serviceTypes';

describe('service types for a visit', () => {
  it.each([
    [{ cptCode: '99213' }, ['30', '98']],
    [{ cptCode: '99202' }, ['30', '98']],
    [{ cptCode: '99385' }, ['30', 'BZ']],
    [{ cptCode: '99396' }, ['30', 'BZ']],
    [{ cptCode: '90837' }, ['30', 'MH']],
    [{ cptCode: '98941' }, ['30', '33']],
    [{ cptCode: '99213', kind: 'urgent_care' as const }, ['30', 'UC']],
    [{ cptCode: '99214', kind: 'mental_health' as const }, ['30', 'MH']],
    [{ cptCode: '99201' }, ['30']],
    [{ cptCode: '99216' }, ['30']],
    [{ cptCode: null }, ['30']],
    [{}, ['30']],
  ])('%j → %j', (visit, expected) => {
    expect(serviceTypesForVisit(visit)).toEqual(expected);
  });

  it('names every code seen in the corpus, and falls back for unknown ones', () => {
    const corpus =
      '1 2 3 10 12 13 15 23 24 25 26 27 28 30 33 35 36 37 38 39 40 41 42 44 45 47 48 49 50 51 52 53 54 67 69 73 76 81 83 86 88 96 98 A4 A5 A6 A7 A8 AD AG AI AJ AK AL BT BU BV BZ DM MH UC';
    for (const code of corpus.split(' ')) expect(SERVICE_TYPES[code], code).toBeTruthy();
    expect(serviceTypeName('98')).toBe('Professional (Physician) Visit - Office');
    expect(serviceTypeName('BZ')).toBe('Physician Visit - Office: Well');
    expect(serviceTypeName('Q9')).toBe('Service type Q9');
  });
});
