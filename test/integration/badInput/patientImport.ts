import type { CaseTable } from './cases';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const OK = b64('First,Last,DOB\nAna,Lopez,1980-04-07\n');
const BAD_ROW = b64('First,Last,DOB\nAna,Lopez,1980-04-07\nBen,,1970-01-01\n');

/** Patient import (issue 14 item 3): preview, commit and the progress a screen polls. */
export function patientImportCases(): CaseTable {
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'patients/importPreview': [
      { kind: 'missing', why: 'no file', input: {}, code: 'VALIDATION', field: 'fileBase64', mention: /fileBase64/ },
      { kind: 'malformed', why: 'a file that is not base64', input: { fileBase64: 'not base64!' }, code: 'VALIDATION', field: 'fileBase64', mention: /must be sent as base64/ },
      { kind: 'malformed', why: 'a mapping key that is not a field', input: { fileBase64: OK, mapping: { dob: 'DOB' } }, code: 'VALIDATION', field: 'mapping', mention: /Unrecognized key: "dob"/ },
      { kind: 'malformed', why: 'an empty file', input: { fileBase64: b64('\n\n') }, code: 'VALIDATION', field: 'fileBase64', mention: /empty/ },
      { kind: 'range', why: 'a job id of 3 characters', input: { fileBase64: OK, jobId: 'abc' }, code: 'VALIDATION', field: 'jobId', mention: /8 to 64 letters/ },
      { kind: 'reference', why: 'a mapping naming a column the file does not have', input: { fileBase64: OK, mapping: { dateOfBirth: 'Birth' } }, code: 'VALIDATION', field: 'mapping.dateOfBirth', mention: /no column named "Birth"/ },
      { kind: 'unknown', why: 'an unknown key', input: { fileBase64: OK, dryRun: true }, code: 'VALIDATION', field: null, mention: /"dryRun"/ },
      { kind: 'malformed', why: 'the file both whole and as an upload', input: { fileBase64: OK, uploadId: 'upload-1234' }, code: 'VALIDATION', field: 'uploadId', mention: /not both/ },
      { kind: 'reference', why: 'an upload the server does not have', input: { uploadId: 'never-uploaded' }, code: 'NOT_FOUND', field: 'uploadId', mention: /Choose the file again/ },
    ],
    'patients/importUpload': [
      { kind: 'missing', why: 'no piece', input: { uploadId: 'upload-1234', totalBytes: 10, offset: 0 }, code: 'VALIDATION', field: 'chunkBase64' },
      { kind: 'malformed', why: 'a piece that is not base64', input: { uploadId: 'upload-1234', totalBytes: 10, offset: 0, chunkBase64: 'not base64!' }, code: 'VALIDATION', field: 'chunkBase64', mention: /must be sent as base64/ },
      { kind: 'range', why: 'a file of 50 MB', input: { uploadId: 'upload-1234', totalBytes: 50_000_000, offset: 0, chunkBase64: OK }, code: 'VALIDATION', field: 'totalBytes', mention: /larger than 40 MB.*split it/ },
      { kind: 'range', why: 'a negative offset', input: { uploadId: 'upload-1234', totalBytes: 10, offset: -1, chunkBase64: OK }, code: 'VALIDATION', field: 'offset', mention: /0 or more/ },
      { kind: 'range', why: 'a piece longer than the file', input: { uploadId: 'upload-1234', totalBytes: 10, offset: 0, chunkBase64: OK }, code: 'VALIDATION', field: 'chunkBase64', mention: /more than totalBytes/ },
      { kind: 'reference', why: 'a later piece of an upload never started', input: { uploadId: 'never-started', totalBytes: 100, offset: 50, chunkBase64: OK }, code: 'NOT_FOUND', field: 'uploadId', mention: /Start again from offset 0/ },
      { kind: 'unknown', why: 'an unknown key', input: { uploadId: 'upload-1234', totalBytes: 10, offset: 0, chunkBase64: OK, last: true }, code: 'VALIDATION', field: null, mention: /"last"/ },
    ],
    'patients/importCommit': [
      { kind: 'missing', why: 'no file', input: {}, code: 'VALIDATION', field: 'fileBase64', mention: /fileBase64/ },
      { kind: 'malformed', why: 'skipRowsWithErrors as text', input: { fileBase64: OK, skipRowsWithErrors: 'yes' }, code: 'VALIDATION', field: 'skipRowsWithErrors', mention: /true or false/ },
      { kind: 'malformed', why: 'a decision that is not skip, update or create', input: { fileBase64: OK, decisions: [{ line: 2, decision: 'merge' }] }, code: 'VALIDATION', field: 'decisions.0.decision', mention: /skip, update or create/ },
      { kind: 'range', why: 'a row with a missing name, not skipped', input: { fileBase64: BAD_ROW }, code: 'RULE', field: 'skipRowsWithErrors', mention: /^1 row has errors, so nothing was imported.*line 3: last name is missing/ },
      { kind: 'range', why: 'line 0', input: { fileBase64: OK, decisions: [{ line: 0, decision: 'create' }] }, code: 'VALIDATION', field: 'decisions.0.line', mention: /line must be positive/ },
      { kind: 'reference', why: 'a decision about a line the file does not have', input: { fileBase64: OK, decisions: [{ line: 99, decision: 'create' }] }, code: 'VALIDATION', field: 'decisions', mention: /line 99 is not a patient row/ },
      { kind: 'reference', why: 'an update of a row that matches nobody', input: { fileBase64: OK, decisions: [{ line: 2, decision: 'update' }] }, code: 'VALIDATION', field: 'decisions', mention: /line 2 matches no existing patient/ },
    ],
    'patients/importProgress': [
      { kind: 'missing', why: 'no job id', input: {}, code: 'VALIDATION', field: 'jobId' },
      { kind: 'malformed', why: 'job id as a number', input: { jobId: 12345678 }, code: 'VALIDATION', field: 'jobId', mention: /jobId must be text/ },
      { kind: 'range', why: 'a job id of 70 characters', input: { jobId: 'a'.repeat(70) }, code: 'VALIDATION', field: 'jobId', mention: /8 to 64 letters/ },
      { kind: 'unknown', why: 'an unknown key', input: { jobId: 'abcdefgh', all: true }, code: 'VALIDATION', field: null, mention: /"all"/ },
    ],
  };
}
