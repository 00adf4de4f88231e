import type { CaseContext, CaseTable } from './cases';

/** Sign-in operations and the manager's reports. */
export function accountsReportsCases({ c }: CaseContext): CaseTable {
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
    'auth/status': [
      { kind: 'unknown', why: 'an unknown key', input: { user: 1 }, code: 'VALIDATION', field: null, mention: /user/ },
    ],
    'auth/signOut': [
      { kind: 'unknown', why: 'an unknown key', input: { everywhere: true }, code: 'VALIDATION', field: null, mention: /everywhere/ },
    ],
    'auth/lock': [
      { kind: 'unknown', why: 'an unknown key', input: { minutes: 5 }, code: 'VALIDATION', field: null, mention: /minutes/ },
    ],
    'auth/heartbeat': [
      { kind: 'unknown', why: 'an unknown key', input: { at: 1 }, code: 'VALIDATION', field: null, mention: /at/ },
    ],
    'auth/createFirstAdmin': [
      { kind: 'missing', why: 'no username', input: { displayName: 'Ana Admin', password: 'a long enough pass' }, code: 'VALIDATION', field: 'username' },
      { kind: 'malformed', why: 'a username with spaces', input: { username: 'ana admin', displayName: 'Ana Admin', password: 'a long enough pass' }, code: 'VALIDATION', field: 'username', mention: /2 to 40 letters/ },
      { kind: 'range', why: 'an empty name', input: { username: 'ana', displayName: '  ', password: 'a long enough pass' }, code: 'VALIDATION', field: 'displayName' },
    ],
    'auth/signIn': [
      { kind: 'missing', why: 'no password', input: { username: 'ana' }, code: 'VALIDATION', field: 'password' },
      { kind: 'malformed', why: 'a username as a number', input: { username: 7, password: 'x' }, code: 'VALIDATION', field: 'username' },
      { kind: 'range', why: 'a break-glass reason too short to mean anything', input: { username: 'ana', password: 'x', breakGlassReason: 'no' }, code: 'VALIDATION', field: 'breakGlassReason' },
    ],
    'auth/unlock': [
      { kind: 'missing', why: 'no password or PIN', input: {}, code: 'VALIDATION', field: 'secret' },
      { kind: 'malformed', why: 'a PIN as a number', input: { secret: 1234 }, code: 'VALIDATION', field: 'secret' },
      { kind: 'range', why: 'an empty secret', input: { secret: '' }, code: 'VALIDATION', field: 'secret' },
    ],
    'reports/utilization': [
      ...filtered('utilization'),
      { kind: 'malformed', why: 'a granularity that is not one', input: { ...span, granularity: 'hour' }, code: 'VALIDATION', field: 'granularity' },
    ],
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
