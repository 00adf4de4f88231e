import type { CaseContext, CaseTable } from './cases';

export function absencesCases({ c, NO_SUCH }: CaseContext): CaseTable {
  const ana = c.providers[0]!.id;
  const span = { providerId: ana, fromDate: '2026-03-04', toDate: '2026-03-04' };
  const spanCases = [
    {
      kind: 'missing',
      why: 'neither dates nor times',
      input: { providerId: ana },
      code: 'VALIDATION',
      field: 'fromDate',
      mention: /give either fromDate and toDate/,
    },
    {
      kind: 'malformed',
      why: 'start in words',
      input: { providerId: ana, start: 'tomorrow', end: '2026-03-04T10:00:00Z' },
      code: 'VALIDATION',
      field: 'start',
      mention: /ISO 8601/,
    },
    {
      kind: 'range',
      why: 'to date before from date',
      input: { ...span, toDate: '2026-03-03' },
      code: 'VALIDATION',
      field: 'toDate',
      mention: /must not be before/,
    },
    {
      kind: 'range',
      why: 'a span of 70 days',
      input: { ...span, toDate: '2026-05-20' },
      code: 'VALIDATION',
      field: 'end',
      mention: /at most 62 days/,
    },
    {
      kind: 'range',
      why: 'a span that has passed',
      input: { ...span, fromDate: '2026-02-02', toDate: '2026-02-03' },
      code: 'RULE',
      field: 'end',
      mention: /has passed/,
    },
    {
      kind: 'reference',
      why: 'a provider that does not exist',
      input: { ...span, providerId: NO_SUCH },
      code: 'NOT_FOUND',
      field: 'providerId',
      mention: /provider was not found/,
    },
  ] as const;
  const byId = (key: 'absenceId' | 'itemId', what: RegExp) =>
    [
      {
        kind: 'missing',
        why: 'no id',
        input: {},
        code: 'VALIDATION',
        field: key,
        mention: /id is required/,
      },
      {
        kind: 'malformed',
        why: 'id as text',
        input: { [key]: 'x' },
        code: 'VALIDATION',
        field: key,
      },
      {
        kind: 'range',
        why: 'id 0',
        input: { [key]: 0 },
        code: 'VALIDATION',
        field: key,
        mention: /must be positive/,
      },
      {
        kind: 'reference',
        why: 'one that does not exist',
        input: { [key]: NO_SUCH },
        code: 'NOT_FOUND',
        field: key,
        mention: what,
      },
    ] as const;
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'absences/preview': [...spanCases],
    'absences/create': [...spanCases],
    'absences/get': [...byId('absenceId', /absence was not found/)],
    'absences/accept': [...byId('absenceId', /absence was not found/)],
    'absences/discard': [...byId('absenceId', /absence was not found/)],
    'absences/alternatives': [...byId('itemId', /absence item was not found/)],
    'absences/list': [
      { kind: 'unknown', why: 'an unknown key', input: { status: 'open' }, code: 'VALIDATION', field: null, mention: /status/ },
    ],
    'absences/choose': [
      { kind: 'missing', why: 'no action', input: { itemId: 1 }, code: 'VALIDATION', field: 'action', mention: /move or cancel/ },
      { kind: 'missing', why: 'a move without a time', input: { itemId: 1, action: 'move', providerId: ana, locationId: c.loc.id }, code: 'VALIDATION', field: 'start', mention: /start is required to move/ },
      { kind: 'malformed', why: 'action "delay"', input: { itemId: 1, action: 'delay' }, code: 'VALIDATION', field: 'action', mention: /move or cancel/ },
      { kind: 'range', why: 'item id 0', input: { itemId: 0, action: 'cancel' }, code: 'VALIDATION', field: 'itemId', mention: /must be positive/ },
      { kind: 'reference', why: 'an item that does not exist', input: { itemId: NO_SUCH, action: 'cancel' }, code: 'NOT_FOUND', field: 'itemId', mention: /absence item was not found/ },
    ],
  };
}
