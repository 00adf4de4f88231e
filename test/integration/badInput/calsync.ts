import type { CaseContext, CaseTable } from './cases';

export function calsyncCases({ c, apptId, NO_SUCH }: CaseContext): CaseTable {
  const providerId = c.providers[0]!.id;
  const caldav = {
    providerId,
    serverUrl: 'https://caldav.fastmail.com',
    username: 'ana@fastmail.example',
    password: 'app-pw',
  };
  const tokens = { accessToken: 'ya29.x', refreshToken: '1//r', expiresAtMs: null, scope: null };
  const google = {
    providerId,
    label: 'ana@northside.example',
    tokens,
    client: { clientId: 'id.apps.googleusercontent.com' },
  };
  const ids = (
    name: string,
    field: string,
    what: RegExp,
    notFoundMessage: RegExp | null,
  ): CaseTable[string] => [
    { kind: 'missing', why: `no ${field}`, input: {}, code: 'VALIDATION', field, mention: what },
    {
      kind: 'malformed',
      why: `${field} as text`,
      input: { [field]: 'x' },
      code: 'VALIDATION',
      field,
    },
    {
      kind: 'range',
      why: `${field} 0`,
      input: { [field]: 0 },
      code: 'VALIDATION',
      field,
      mention: /must be positive/,
    },
    ...(notFoundMessage
      ? [
          {
            kind: 'reference' as const,
            why: `a ${name} that does not exist`,
            input: { [field]: NO_SUCH },
            code: 'NOT_FOUND' as const,
            field,
            mention: notFoundMessage,
          },
        ]
      : []),
  ];
  const optionalProvider: CaseTable[string] = [
    {
      kind: 'malformed',
      why: 'provider id as text',
      input: { providerId: 'x' },
      code: 'VALIDATION',
      field: 'providerId',
    },
    {
      kind: 'range',
      why: 'provider id 0',
      input: { providerId: 0 },
      code: 'VALIDATION',
      field: 'providerId',
      mention: /must be positive/,
    },
    {
      kind: 'unknown',
      why: 'an unknown key',
      input: { accountId: 1 },
      code: 'VALIDATION',
      field: null,
      mention: /accountId/,
    },
  ];
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'calendars/connectCaldav': [
      { kind: 'missing', why: 'no server address', input: { ...caldav, serverUrl: undefined }, code: 'VALIDATION', field: 'serverUrl', mention: /server address is required/ },
      { kind: 'missing', why: 'an empty password', input: { ...caldav, password: '' }, code: 'VALIDATION', field: 'password', mention: /password is required/ },
      { kind: 'malformed', why: 'plain http to a remote server', input: { ...caldav, serverUrl: 'http://caldav.example.com/' }, code: 'VALIDATION', field: 'serverUrl', mention: /https/ },
      { kind: 'malformed', why: 'a password inside the address', input: { ...caldav, serverUrl: 'https://ana:pw@caldav.example.com/' }, code: 'VALIDATION', field: 'serverUrl', mention: /must not contain a user name or password/ },
      { kind: 'malformed', why: 'not an address', input: { ...caldav, serverUrl: 'fastmail' }, code: 'VALIDATION', field: 'serverUrl', mention: /web address/ },
      { kind: 'malformed', why: 'a title with the patient name', input: { ...caldav, titleTemplate: 'Visit {patientName}' }, code: 'VALIDATION', field: 'titleTemplate', mention: /only fill in \{reference\}/ },
      { kind: 'range', why: 'a 501-character password', input: { ...caldav, password: 'x'.repeat(501) }, code: 'VALIDATION', field: 'password', mention: /too long/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { ...caldav, providerId: NO_SUCH }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'calendars/saveGoogleTokens': [
      { kind: 'missing', why: 'no tokens', input: { ...google, tokens: undefined }, code: 'VALIDATION', field: 'tokens', mention: /tokens are required/ },
      { kind: 'malformed', why: 'access token as a number', input: { ...google, tokens: { ...tokens, accessToken: 5 } }, code: 'VALIDATION', field: 'tokens.accessToken' },
      // Google's addresses come from the host's start-up options only: a caller naming them is refused.
      { kind: 'unknown', why: 'a caller-chosen API address', input: { ...google, client: { clientId: 'x', apiRootUrl: 'https://evil.example/' } }, code: 'VALIDATION', field: 'client', mention: /"apiRootUrl"/ },
      { kind: 'unknown', why: 'a caller-chosen token address', input: { ...google, client: { clientId: 'x', tokenUrl: 'https://evil.example/token' } }, code: 'VALIDATION', field: 'client', mention: /"tokenUrl"/ },
      { kind: 'range', why: 'a 201-character label', input: { ...google, label: 'x'.repeat(201) }, code: 'VALIDATION', field: 'label', mention: /at most 200/ },
      { kind: 'reference', why: 'no refresh token', input: { ...google, tokens: { ...tokens, refreshToken: null } }, code: 'RULE', field: 'tokens.refreshToken', mention: /no refresh token/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { ...google, providerId: NO_SUCH }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'calendars/connectGoogle': [
      { kind: 'missing', why: 'no client id', input: { providerId }, code: 'VALIDATION', field: 'clientId', mention: /client id is required/ },
      { kind: 'malformed', why: 'a client id that is not Google’s', input: { providerId, clientId: 'my-app' }, code: 'VALIDATION', field: 'clientId', mention: /not a Google OAuth client id/ },
      { kind: 'range', why: 'a 301-character client secret', input: { providerId, clientId: 'a.apps.googleusercontent.com', clientSecret: 'x'.repeat(301) }, code: 'VALIDATION', field: 'clientSecret', mention: /at most 300/ },
      { kind: 'reference', why: 'a provider that does not exist', input: { providerId: NO_SUCH, clientId: 'a.apps.googleusercontent.com' }, code: 'NOT_FOUND', field: 'providerId', mention: /provider was not found/ },
    ],
    'calendars/googleSignInStatus': ids('provider', 'providerId', /provider id is required/, /provider was not found/),
    'calendars/list': optionalProvider,
    'calendars/conflicts': optionalProvider,
    'calendars/health': optionalProvider,
    'calendars/setLink': [
      { kind: 'missing', why: 'no calendar', input: { busy: true }, code: 'VALIDATION', field: 'linkId', mention: /calendar id is required/ },
      { kind: 'missing', why: 'nothing to change', input: { linkId: 1 }, code: 'VALIDATION', field: 'busy', mention: /say busy, receivesAppointments or both/ },
      { kind: 'malformed', why: 'busy as yes', input: { linkId: 1, busy: 'yes' }, code: 'VALIDATION', field: 'busy', mention: /busy must be true or false/ },
      { kind: 'range', why: 'calendar id 0', input: { linkId: 0, busy: true }, code: 'VALIDATION', field: 'linkId', mention: /must be positive/ },
      { kind: 'reference', why: 'a calendar that does not exist', input: { linkId: NO_SUCH, busy: true }, code: 'NOT_FOUND', field: 'linkId', mention: /calendar was not found/ },
    ],
    'calendars/syncNow': ids('calendar account', 'accountId', /calendar account id is required/, /calendar account was not found/),
    'calendars/disconnect': ids('calendar account', 'accountId', /calendar account id is required/, /calendar account was not found/),
    'calendars/resolveConflict': [
      { kind: 'missing', why: 'no conflict', input: { action: 'keep' }, code: 'VALIDATION', field: 'conflictId', mention: /conflict id is required/ },
      { kind: 'malformed', why: 'an unknown action', input: { conflictId: 1, action: 'delete' }, code: 'VALIDATION', field: 'action', mention: /keep, reschedule or notify/ },
      { kind: 'range', why: 'conflict id 0', input: { conflictId: 0, action: 'keep' }, code: 'VALIDATION', field: 'conflictId', mention: /must be positive/ },
      { kind: 'reference', why: 'a conflict that does not exist', input: { conflictId: NO_SUCH, action: 'keep' }, code: 'NOT_FOUND', field: 'conflictId', mention: /conflict was not found/ },
    ],
    'calendars/resolveNotWritten': [
      { kind: 'missing', why: 'no calendar', input: { appointmentId: apptId, choice: 'overwrite' }, code: 'VALIDATION', field: 'linkId', mention: /calendar id is required/ },
      { kind: 'malformed', why: 'an unknown choice', input: { appointmentId: apptId, linkId: 1, choice: 'merge' }, code: 'VALIDATION', field: 'choice', mention: /overwrite, keepProviders or stopSyncing/ },
      { kind: 'range', why: 'appointment id 0', input: { appointmentId: 0, linkId: 1, choice: 'overwrite' }, code: 'VALIDATION', field: 'appointmentId', mention: /must be positive/ },
      { kind: 'reference', why: 'a calendar that does not exist', input: { appointmentId: apptId, linkId: NO_SUCH, choice: 'overwrite' }, code: 'NOT_FOUND', field: 'linkId', mention: /calendar was not found/ },
    ],
    'calendars/feedUrl': ids('provider', 'providerId', /provider id is required/, /provider was not found/),
    'calendars/rotateFeed': ids('provider', 'providerId', /provider id is required/, /provider was not found/),
    'appointments/ics': ids('appointment', 'appointmentId', /appointment id is required/, /appointment was not found/),
  };
}
