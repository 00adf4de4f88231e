import type { CaseContext, CaseTable } from './cases';

/** The no-show model's status and "Retrain now": neither takes any field. */
export function noshowCases(_ctx: CaseContext): CaseTable {
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'noshow/status': [
      { kind: 'unknown', why: 'an unknown key', input: { clinicId: 1 }, code: 'VALIDATION', field: null, mention: /clinicId/ },
    ],
    'noshow/retrain': [
      { kind: 'unknown', why: 'an unknown key', input: { force: true }, code: 'VALIDATION', field: null, mention: /force/ },
    ],
  };
}
