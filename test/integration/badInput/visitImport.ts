import type { CaseContext, CaseTable } from './cases';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const OK = b64(
  'Visit ID,Start,Duration,Patient ID,Provider Name\nV1,2026-02-10 09:00,30,P1,Dr. Ana Patel\n',
);
const NO_PROVIDER = b64('Visit ID,Start,Duration,Patient ID\nV1,2026-02-10 09:00,30,P1\n');

/** Visit import (issue 14 item 3): preview, commit and the progress a screen polls. */
export function visitImportCases({ NO_SUCH }: CaseContext): CaseTable {
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  const common = [
    { kind: 'missing', why: 'no file', input: {}, code: 'VALIDATION', field: 'fileBase64', mention: /fileBase64/ },
    { kind: 'malformed', why: 'a file that is not base64', input: { fileBase64: 'not base64!' }, code: 'VALIDATION', field: 'fileBase64', mention: /must be sent as base64/ },
    { kind: 'malformed', why: 'a mapping key that is not a field', input: { fileBase64: OK, mapping: { when: 'Start' } }, code: 'VALIDATION', field: 'mapping', mention: /Unrecognized key: "when"/ },
    { kind: 'malformed', why: 'an empty file', input: { fileBase64: b64('\n\n') }, code: 'VALIDATION', field: 'fileBase64', mention: /empty: there are no visits/ },
    { kind: 'malformed', why: 'a status mapped to something that is not kept, no-show or cancelled', input: { fileBase64: OK, statusMap: [{ key: 'x', outcome: 'late' }] }, code: 'VALIDATION', field: 'statusMap.0.outcome', mention: /kept, no_show, cancelled or null/ },
    { kind: 'malformed', why: 'reminders as text', input: { fileBase64: OK, reminders: 'yes' }, code: 'VALIDATION', field: 'reminders', mention: /true or false/ },
    { kind: 'range', why: 'a provider id of 0', input: { fileBase64: OK, providerMap: [{ key: 'dr. ana patel', providerId: 0 }] }, code: 'VALIDATION', field: 'providerMap.0.providerId', mention: /providerId must be positive/ },
    { kind: 'range', why: 'a job id of 3 characters', input: { fileBase64: OK, jobId: 'abc' }, code: 'VALIDATION', field: 'jobId', mention: /8 to 64 letters/ },
    { kind: 'reference', why: 'a provider that does not exist', input: { fileBase64: OK, providerMap: [{ key: 'dr. ana patel', providerId: NO_SUCH }] }, code: 'VALIDATION', field: 'providerMap', mention: /no clinic provider #/ },
    { kind: 'reference', why: 'a visit type that does not exist', input: { fileBase64: OK, visitTypeMap: [{ key: '', visitTypeId: NO_SUCH }] }, code: 'VALIDATION', field: 'visitTypeMap', mention: /no clinic visit type #/ },
    { kind: 'reference', why: 'a mapping naming a column the file does not have', input: { fileBase64: OK, mapping: { end: 'Stop' } }, code: 'VALIDATION', field: 'mapping.end', mention: /no column named "Stop"/ },
    { kind: 'reference', why: 'a file that says no provider', input: { fileBase64: NO_PROVIDER }, code: 'VALIDATION', field: 'mapping.providerExternalId', mention: /which provider saw the patient/ },
    { kind: 'malformed', why: 'the file both whole and as an upload', input: { fileBase64: OK, uploadId: 'upload-1234' }, code: 'VALIDATION', field: 'uploadId', mention: /not both/ },
    { kind: 'malformed', why: 'an upload id as a number', input: { uploadId: 12345678 }, code: 'VALIDATION', field: 'uploadId', mention: /uploadId must be text/ },
    { kind: 'range', why: 'an upload id of 3 characters', input: { uploadId: 'abc' }, code: 'VALIDATION', field: 'uploadId', mention: /8 to 64 letters/ },
    { kind: 'reference', why: 'an upload the server does not have', input: { uploadId: 'never-uploaded' }, code: 'NOT_FOUND', field: 'uploadId', mention: /Choose the file again/ },
    { kind: 'unknown', why: 'an unknown key', input: { fileBase64: OK, dryRun: true }, code: 'VALIDATION', field: null, mention: /"dryRun"/ },
  ] as CaseTable[string];
  // prettier-ignore
  return {
    'visits/importPreview': common,
    'visits/importCommit': common,
    'visits/importProgress': [
      { kind: 'missing', why: 'no job id', input: {}, code: 'VALIDATION', field: 'jobId' },
      { kind: 'malformed', why: 'job id as a number', input: { jobId: 12345678 }, code: 'VALIDATION', field: 'jobId', mention: /jobId must be text/ },
      { kind: 'range', why: 'a job id of 70 characters', input: { jobId: 'a'.repeat(70) }, code: 'VALIDATION', field: 'jobId', mention: /8 to 64 letters/ },
      { kind: 'unknown', why: 'an unknown key', input: { jobId: 'abcdefgh', all: true }, code: 'VALIDATION', field: null, mention: /"all"/ },
    ],
  };
}
