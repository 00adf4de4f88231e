import type { CaseContext, CaseTable } from './cases';

export function auditBackupCases({ NO_SUCH }: CaseContext): CaseTable {
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'audit/list': [
      { kind: 'malformed', why: 'a US date', input: { filter: { from: '3/4/2026' } }, code: 'VALIDATION', field: 'filter.from', mention: /YYYY-MM-DD/ },
      { kind: 'malformed', why: 'an action with SQL in it', input: { filter: { action: "x'; DROP TABLE audit_log" } }, code: 'VALIDATION', field: 'filter.action', mention: /written like patient.viewed/ },
      { kind: 'range', why: 'page size 0', input: { pageSize: 0 }, code: 'VALIDATION', field: 'pageSize', mention: /at least 1/ },
      { kind: 'range', why: 'to before from', input: { filter: { from: '2026-03-05', to: '2026-03-04' } }, code: 'VALIDATION', field: 'filter.to', mention: /must not be before/ },
      { kind: 'unknown', why: 'an unknown key', input: { sql: 'x' }, code: 'VALIDATION', field: null, mention: /sql/ },
    ],
    'audit/exportCsv': [
      { kind: 'malformed', why: 'user id as text', input: { filter: { userId: 'x' } }, code: 'VALIDATION', field: 'filter.userId' },
      { kind: 'range', why: 'patient id 0', input: { filter: { patientId: 0 } }, code: 'VALIDATION', field: 'filter.patientId', mention: /must be positive/ },
    ],
    'audit/verify': [
      { kind: 'unknown', why: 'an unknown key', input: { fromRow: 3 }, code: 'VALIDATION', field: null, mention: /fromRow/ },
    ],
    'backup/status': [
      { kind: 'unknown', why: 'an unknown key', input: { all: true }, code: 'VALIDATION', field: null, mention: /all/ },
    ],
    'backup/now': [
      { kind: 'unknown', why: 'an unknown key', input: { folder: '/tmp' }, code: 'VALIDATION', field: null, mention: /folder/ },
    ],
    'backup/configure': [
      { kind: 'missing', why: 'no folder', input: { passphrase: 'long enough passphrase' }, code: 'VALIDATION', field: 'folder' },
      { kind: 'malformed', why: 'a relative folder', input: { folder: 'backups', passphrase: 'long enough passphrase' }, code: 'VALIDATION', field: 'folder', mention: /full path/ },
      { kind: 'range', why: 'a short passphrase', input: { folder: '/tmp/clinicdesk-backups', passphrase: 'short' }, code: 'VALIDATION', field: 'passphrase', mention: /at least 12 characters/ },
    ],
    'backup/restore': [
      { kind: 'missing', why: 'no file', input: {}, code: 'VALIDATION', field: 'file' },
      { kind: 'malformed', why: 'an empty file name', input: { file: '  ' }, code: 'VALIDATION', field: 'file', mention: /choose a backup/ },
      { kind: 'range', why: 'a short passphrase', input: { file: 'x.cdbackup', passphrase: 'short' }, code: 'VALIDATION', field: 'passphrase', mention: /at least 12 characters/ },
      { kind: 'reference', why: 'a backup that is not there', input: { file: `/nonexistent/${NO_SUCH}.cdbackup` }, code: 'NOT_FOUND', field: 'file', mention: /There is no backup file/ },
    ],
  };
}
