import type { CaseContext, CaseTable } from './cases';

export function remindersCases({ apptId, NO_SUCH }: CaseContext): CaseTable {
  const policy = {
    touchpoints: [
      {
        key: 'sms-24h',
        kind: 'reminder',
        offsetMinutes: 1440,
        channels: ['sms'],
        usefulUntilMinutesBefore: 120,
      },
    ],
    quietHours: { start: '20:00', end: '09:00' },
  };
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'messaging/getSettings': [
      { kind: 'unknown', why: 'an unknown key', input: { token: true }, code: 'VALIDATION', field: null, mention: /token/ },
    ],
    'messaging/setSettings': [
      { kind: 'malformed', why: 'a local number as the Twilio number', input: { twilioFrom: '512-555-0100' }, code: 'VALIDATION', field: 'twilioFrom', mention: /international form/ },
      { kind: 'malformed', why: 'a public address over plain http', input: { publicBaseUrl: 'http://desk.example' }, code: 'VALIDATION', field: 'publicBaseUrl', mention: /https/ },
      { kind: 'malformed', why: 'an account SID that is not one', input: { twilioAccountSid: 'SK123' }, code: 'VALIDATION', field: 'twilioAccountSid', mention: /AC followed by 32 hex digits/ },
      { kind: 'range', why: 'SMTP port 70000', input: { smtpPort: 70000 }, code: 'VALIDATION', field: 'smtpPort', mention: /1 to 65535/ },
      { kind: 'range', why: 'a negative rate', input: { ratePerSecond: -1 }, code: 'VALIDATION', field: 'ratePerSecond', mention: /0 \(no limit\) or more/ },
      { kind: 'missing', why: 'an account SID without its auth token', input: { twilioAccountSid: `AC${'0'.repeat(32)}` }, code: 'VALIDATION', field: 'twilioAuthToken', mention: /auth token is required/ },
      { kind: 'unknown', why: 'an unknown key', input: { twilioPassword: 'x' }, code: 'VALIDATION', field: null, mention: /twilioPassword/ },
    ],
    'reminders/getPolicy': [
      { kind: 'malformed', why: 'visit type as text', input: { visitTypeId: 'x' }, code: 'VALIDATION', field: 'visitTypeId' },
      { kind: 'range', why: 'visit type 0', input: { visitTypeId: 0 }, code: 'VALIDATION', field: 'visitTypeId', mention: /must be positive/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { visitTypeId: NO_SUCH }, code: 'NOT_FOUND', field: 'visitTypeId', mention: /visit type was not found/ },
    ],
    'reminders/setPolicy': [
      { kind: 'missing', why: 'no policy', input: {}, code: 'VALIDATION', field: 'policy', mention: /policy is required/ },
      { kind: 'malformed', why: 'touchpoints not a list', input: { policy: { ...policy, touchpoints: 'sms' } }, code: 'VALIDATION', field: 'policy.touchpoints', mention: /touchpoints must be a list/ },
      { kind: 'malformed', why: 'quiet hours written 8pm', input: { policy: { ...policy, quietHours: { start: '8pm', end: '09:00' } } }, code: 'VALIDATION', field: 'policy.quietHours.start', mention: /HH:MM/ },
      { kind: 'range', why: 'useful-until after the send time', input: { policy: { ...policy, touchpoints: [{ ...policy.touchpoints[0], usefulUntilMinutesBefore: 1500 }] } }, code: 'VALIDATION', field: 'policy.touchpoints.0.usefulUntilMinutesBefore', mention: /stop being useful/ },
      { kind: 'range', why: 'escalation 10 minutes before', input: { policy, escalateMinutesBefore: 10 }, code: 'VALIDATION', field: 'escalateMinutesBefore', mention: /at least 60 minutes/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { visitTypeId: NO_SUCH, policy }, code: 'NOT_FOUND', field: 'visitTypeId', mention: /visit type was not found/ },
    ],
    'reminders/list': [
      { kind: 'malformed', why: 'an unknown status', input: { statuses: ['lost'] }, code: 'VALIDATION', field: 'statuses.0', mention: /status must be one of scheduled/ },
      { kind: 'malformed', why: 'a US date', input: { from: '3/4/2026' }, code: 'VALIDATION', field: 'from', mention: /YYYY-MM-DD/ },
      { kind: 'range', why: 'limit 0', input: { limit: 0 }, code: 'VALIDATION', field: 'limit', mention: /at least 1/ },
      { kind: 'range', why: 'to before from', input: { from: '2026-03-05', to: '2026-03-04' }, code: 'VALIDATION', field: 'to', mention: /must not be before from/ },
    ],
    'reminders/forAppointment': [
      { kind: 'missing', why: 'no appointment', input: {}, code: 'VALIDATION', field: 'appointmentId', mention: /appointment id is required/ },
      { kind: 'malformed', why: 'id as text', input: { appointmentId: 'x' }, code: 'VALIDATION', field: 'appointmentId' },
      { kind: 'range', why: 'id 0', input: { appointmentId: 0 }, code: 'VALIDATION', field: 'appointmentId', mention: /must be positive/ },
      { kind: 'reference', why: 'an appointment that does not exist', input: { appointmentId: NO_SUCH }, code: 'NOT_FOUND', field: 'appointmentId', mention: /appointment was not found/ },
    ],
    'reminders/pause': [
      { kind: 'unknown', why: 'an unknown key', input: { until: '2026-03-05' }, code: 'VALIDATION', field: null, mention: /until/ },
    ],
    'reminders/resume': [
      { kind: 'unknown', why: 'an unknown key', input: { now: true }, code: 'VALIDATION', field: null, mention: /now/ },
    ],
    'reminders/bulkMessage': [
      { kind: 'missing', why: 'no date', input: { message: 'Closed for snow' }, code: 'VALIDATION', field: 'date', mention: /date is required/ },
      { kind: 'missing', why: 'no message', input: { date: '2026-03-03' }, code: 'VALIDATION', field: 'message', mention: /message is required/ },
      { kind: 'malformed', why: 'a US date', input: { date: '3/3/2026', message: 'Closed' }, code: 'VALIDATION', field: 'date', mention: /YYYY-MM-DD/ },
      { kind: 'malformed', why: 'a fax channel', input: { date: '2026-03-03', message: 'Closed', channel: 'fax' }, code: 'VALIDATION', field: 'channel', mention: /sms, email or best/ },
      { kind: 'range', why: 'a 601-character message', input: { date: '2026-03-03', message: 'x'.repeat(601) }, code: 'VALIDATION', field: 'message', mention: /at most 600 characters/ },
      { kind: 'range', why: 'an SMS five texts long', input: { date: '2026-03-03', message: '❄ '.repeat(150), channel: 'sms' }, code: 'VALIDATION', field: 'message', mention: /4 or fewer/ },
      { kind: 'reference', why: 'a day nobody is booked', input: { date: '2026-03-08', message: 'Closed' }, code: 'RULE', field: 'date', mention: /Nobody is booked on 2026-03-08/ },
    ],
    'reminders/bulkPreview': [
      { kind: 'missing', why: 'no date', input: {}, code: 'VALIDATION', field: 'date', mention: /date is required/ },
      { kind: 'malformed', why: 'providerIds as one number', input: { date: '2026-03-03', providerIds: 1 }, code: 'VALIDATION', field: 'providerIds', mention: /must be a list/ },
      { kind: 'range', why: 'a past day', input: { date: '2026-03-01' }, code: 'VALIDATION', field: 'date', mention: /past day/ },
      { kind: 'unknown', why: 'a message (the preview sends nothing)', input: { date: '2026-03-03', message: 'Closed' }, code: 'VALIDATION', field: null, mention: /message/ },
    ],
    'inbox/list': [
      { kind: 'malformed', why: 'an unknown status', input: { status: 'read' }, code: 'VALIDATION', field: 'status', mention: /staff, handled, done or all/ },
      { kind: 'range', why: 'limit 0', input: { limit: 0 }, code: 'VALIDATION', field: 'limit', mention: /at least 1/ },
    ],
    'inbox/resolve': [
      { kind: 'missing', why: 'no message', input: {}, code: 'VALIDATION', field: 'inboundId', mention: /message id is required/ },
      { kind: 'malformed', why: 'id as text', input: { inboundId: 'x' }, code: 'VALIDATION', field: 'inboundId' },
      { kind: 'range', why: 'id 0', input: { inboundId: 0 }, code: 'VALIDATION', field: 'inboundId', mention: /must be positive/ },
      { kind: 'reference', why: 'a message that does not exist', input: { inboundId: NO_SUCH }, code: 'NOT_FOUND', field: 'inboundId', mention: /message was not found/ },
    ],
    'optOuts/list': [
      { kind: 'malformed', why: 'includeOptedIn as text', input: { includeOptedIn: 'yes' }, code: 'VALIDATION', field: 'includeOptedIn', mention: /yes or no/ },
      { kind: 'range', why: 'limit 0', input: { limit: 0 }, code: 'VALIDATION', field: 'limit', mention: /at least 1/ },
    ],
    'callQueue/list': [
      { kind: 'malformed', why: 'a US date', input: { date: '3/3/2026' }, code: 'VALIDATION', field: 'date', mention: /YYYY-MM-DD/ },
      { kind: 'range', why: 'February 30', input: { date: '2026-02-30' }, code: 'VALIDATION', field: 'date', mention: /real date/ },
    ],
    'callQueue/record': [
      { kind: 'missing', why: 'no outcome', input: { appointmentId: apptId }, code: 'VALIDATION', field: 'outcome', mention: /outcome is required/ },
      { kind: 'missing', why: 'neither task nor appointment', input: { outcome: 'confirmed' }, code: 'VALIDATION', field: 'taskId', mention: /either a call task or an appointment/ },
      { kind: 'malformed', why: 'outcome maybe', input: { appointmentId: apptId, outcome: 'maybe' }, code: 'VALIDATION', field: 'outcome', mention: /confirmed, voicemail, no_answer, cancelled or rescheduled/ },
      { kind: 'range', why: 'task id 0', input: { taskId: 0, outcome: 'confirmed' }, code: 'VALIDATION', field: 'taskId', mention: /must be positive/ },
      { kind: 'reference', why: 'a task that does not exist', input: { taskId: NO_SUCH, outcome: 'confirmed' }, code: 'NOT_FOUND', field: 'taskId', mention: /call task was not found/ },
      { kind: 'reference', why: 'an appointment that does not exist', input: { appointmentId: NO_SUCH, outcome: 'voicemail' }, code: 'NOT_FOUND', field: 'appointmentId', mention: /appointment was not found/ },
    ],
  };
}
