import type { CaseContext, CaseTable } from './cases';

/** The manager's reports (sign-in and users are in accounts.ts). */
export function reportsCases({ c }: CaseContext): CaseTable {
  const span = { from: '2026-01-01', to: '2026-01-31' };
  const provider = c.providers[0]!.id;
  const filtered = (name: string): CaseTable[string] => [
    {
      kind: 'missing',
      why: 'no first date',
      input: { to: span.to },
      code: 'VALIDATION',
      field: 'from',
    },
    {
      kind: 'malformed',
      why: 'a date in words',
      input: { ...span, from: 'last Monday' },
      code: 'VALIDATION',
      field: 'from',
    },
    {
      kind: 'range',
      why: `${name} ending before it starts`,
      input: { from: '2026-02-01', to: '2026-01-01' },
      code: 'VALIDATION',
      field: 'to',
      mention: /must not be before the first date/,
    },
    {
      kind: 'range',
      why: 'a span of three years',
      input: { from: '2024-01-01', to: '2026-12-31' },
      code: 'VALIDATION',
      field: 'to',
      mention: /at most two years/,
    },
    {
      kind: 'malformed',
      why: 'provider ids as text',
      input: { ...span, providerIds: 'all' },
      code: 'VALIDATION',
      field: 'providerIds',
    },
    {
      kind: 'unknown',
      why: 'an unknown key',
      input: { ...span, doctor: provider },
      code: 'VALIDATION',
      field: null,
      mention: /doctor/,
    },
  ];
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'reports/utilization': [
      ...filtered('utilization'),
      { kind: 'malformed', why: 'a granularity that is not one', input: { ...span, granularity: 'hour' }, code: 'VALIDATION', field: 'granularity' },
    ],
    'reports/tnaa': filtered('time to third next available').filter((k) => !/doctor/.test(JSON.stringify(k.input))).concat([
      { kind: 'unknown', why: 'an unknown key', input: { ...span, locationIds: [1] }, code: 'VALIDATION', field: null, mention: /locationIds/ },
    ]),
    'reports/attendance': filtered('attendance'),
    'reports/leadTime': filtered('lead time'),
    'reports/weekdayHour': filtered('weekday and hour'),
    'reports/reminderEffect': filtered('reminder effect'),
    'reports/fill': [
      { kind: 'malformed', why: 'provider ids as text', input: { providerIds: 'all' }, code: 'VALIDATION', field: 'providerIds' },
      { kind: 'range', why: 'provider id 0', input: { providerIds: [0] }, code: 'VALIDATION', field: 'providerIds.0' },
      { kind: 'unknown', why: 'an unknown key', input: { days: 30 }, code: 'VALIDATION', field: null, mention: /days/ },
    ],
  };
}
