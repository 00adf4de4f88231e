import type { CaseContext, CaseTable } from './cases';

const ISA_4010 =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260301*1200*U*00401*000000001*0*P*:~GS*HB*S*R*20260301*1200*1*X*004010X092A1~ST*271*0001~SE*2*0001~GE*1*1~IEA*1*000000001~';

export function eligibilityCases({ c, apptId, NO_SUCH }: CaseContext): CaseTable {
  const patientId = c.patient.id;
  const manual = { coverage: 'active', copay: 25 };
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'eligibility/parse271': [
      { kind: 'missing', why: 'no x12', input: {}, code: 'VALIDATION', field: 'x12' },
      { kind: 'malformed', why: 'x12 as a number', input: { x12: 271 }, code: 'VALIDATION', field: 'x12', mention: /x12 must be the 271 as text/ },
      { kind: 'malformed', why: 'text that is not X12', input: { x12: 'hello, this is not X12' }, code: 'VALIDATION', field: 'x12', mention: /X12|ISA/ },
      { kind: 'range', why: 'an empty 271', input: { x12: '' }, code: 'VALIDATION', field: 'x12', mention: /x12 is empty/ },
      { kind: 'reference', why: 'a 4010 file', input: { x12: ISA_4010 }, code: 'VALIDATION', field: 'x12', mention: /unsupported version 004010/ },
    ],
    'eligibility/setClearinghouse': [
      { kind: 'missing', why: 'no url', input: { senderId: 'S', receiverId: 'R', username: 'u', password: 'p' }, code: 'VALIDATION', field: 'url' },
      { kind: 'malformed', why: 'plain http to a remote host', input: { url: 'http://clearinghouse.example/core', senderId: 'S', receiverId: 'R', username: 'u', password: 'p' }, code: 'VALIDATION', field: 'url', mention: /https/ },
      { kind: 'range', why: 'a 10 ms timeout', input: { url: 'https://ch.example/core', senderId: 'S', receiverId: 'R', username: 'u', password: 'p', timeoutMs: 10 }, code: 'VALIDATION', field: 'timeoutMs', mention: /at least 1 s/ },
      { kind: 'range', why: 'a 16-character sender ID', input: { url: 'https://ch.example/core', senderId: 'S'.repeat(16), receiverId: 'R', username: 'u', password: 'p' }, code: 'VALIDATION', field: 'senderId', mention: /at most 15 characters/ },
      { kind: 'missing', why: 'no password the first time', input: { url: 'https://ch.example/core', senderId: 'S', receiverId: 'R', username: 'u' }, code: 'VALIDATION', field: 'password', mention: /password is required/ },
    ],
    'eligibility/getClearinghouse': [
      { kind: 'unknown', why: 'an unknown key', input: { password: true }, code: 'VALIDATION', field: null, mention: /password/ },
    ],
    'eligibility/verify': [
      { kind: 'missing', why: 'no patient', input: {}, code: 'VALIDATION', field: 'patientId', mention: /patient id is required/ },
      { kind: 'malformed', why: 'a US date', input: { patientId, dateOfService: '3/2/2026' }, code: 'VALIDATION', field: 'dateOfService', mention: /YYYY-MM-DD/ },
      { kind: 'range', why: 'patient id 0', input: { patientId: 0 }, code: 'VALIDATION', field: 'patientId', mention: /must be positive/ },
      { kind: 'reference', why: 'a patient that does not exist', input: { patientId: NO_SUCH }, code: 'NOT_FOUND', field: 'patientId', mention: /patient was not found/ },
      { kind: 'reference', why: 'a patient with no insurance', input: { patientId }, code: 'RULE', field: 'coverageId', mention: /no insurance in force/ },
      { kind: 'reference', why: "another patient's appointment", input: { patientId: c.patient2.id, appointmentId: apptId }, code: 'NOT_FOUND', field: 'appointmentId', mention: /appointment was not found/ },
    ],
    'eligibility/enterManual': [
      { kind: 'missing', why: 'no benefits', input: { patientId, coverageId: 1 }, code: 'VALIDATION', field: 'benefits' },
      { kind: 'malformed', why: 'coverage as yes', input: { patientId, coverageId: 1, benefits: { ...manual, coverage: 'yes' } }, code: 'VALIDATION', field: 'benefits.coverage', mention: /active or inactive/ },
      { kind: 'range', why: 'coinsurance written as 20', input: { patientId, coverageId: 1, benefits: { ...manual, coinsurance: 20 } }, code: 'VALIDATION', field: 'benefits.coinsurance', mention: /0.2 for 20 %/ },
      { kind: 'range', why: 'more deductible left than the deductible', input: { patientId, coverageId: 1, benefits: { ...manual, deductibleTotal: 500, deductibleRemaining: 600 } }, code: 'VALIDATION', field: 'benefits.deductibleRemaining', mention: /cannot be more than the deductible/ },
      { kind: 'reference', why: 'a coverage that does not exist', input: { patientId, coverageId: NO_SUCH, benefits: manual }, code: 'NOT_FOUND', field: 'coverageId', mention: /coverage was not found/ },
    ],
    'eligibility/get': [
      { kind: 'missing', why: 'no id', input: {}, code: 'VALIDATION', field: 'checkId', mention: /check id is required/ },
      { kind: 'malformed', why: 'id as text', input: { checkId: 'x' }, code: 'VALIDATION', field: 'checkId' },
      { kind: 'range', why: 'id 0', input: { checkId: 0 }, code: 'VALIDATION', field: 'checkId', mention: /must be positive/ },
      { kind: 'reference', why: 'a check that does not exist', input: { checkId: NO_SUCH }, code: 'NOT_FOUND', field: 'checkId', mention: /verification was not found/ },
    ],
    'eligibility/list': [
      { kind: 'missing', why: 'neither patient nor appointment', input: {}, code: 'VALIDATION', field: 'patientId', mention: /give a patient or an appointment/ },
      { kind: 'malformed', why: 'patient id as text', input: { patientId: 'x' }, code: 'VALIDATION', field: 'patientId' },
      { kind: 'range', why: 'limit 0', input: { patientId, limit: 0 }, code: 'VALIDATION', field: 'limit', mention: /at least 1/ },
    ],
    'eligibility/estimate': [
      { kind: 'missing', why: 'nothing to estimate', input: { patientId }, code: 'VALIDATION', field: 'appointmentId', mention: /give an appointment, or a patient, visit type and provider/ },
      { kind: 'malformed', why: 'a US date', input: { patientId, visitTypeId: c.visit.id, providerId: c.providers[0]!.id, date: '3/4/2026' }, code: 'VALIDATION', field: 'date', mention: /YYYY-MM-DD/ },
      { kind: 'range', why: 'appointment id 0', input: { appointmentId: 0 }, code: 'VALIDATION', field: 'appointmentId', mention: /must be positive/ },
      { kind: 'reference', why: 'an appointment that does not exist', input: { appointmentId: NO_SUCH }, code: 'NOT_FOUND', field: 'appointmentId', mention: /appointment was not found/ },
    ],
    'eligibility/goodFaithEstimate': [
      { kind: 'missing', why: 'no appointment', input: {}, code: 'VALIDATION', field: 'appointmentId', mention: /appointment id is required/ },
      { kind: 'malformed', why: 'id as text', input: { appointmentId: 'x' }, code: 'VALIDATION', field: 'appointmentId' },
      { kind: 'range', why: 'id 0', input: { appointmentId: 0 }, code: 'VALIDATION', field: 'appointmentId', mention: /must be positive/ },
      { kind: 'reference', why: 'a visit with no price on file', input: { appointmentId: apptId }, code: 'RULE', field: 'visitTypeId', mention: /No self-pay price is set for Follow-up/ },
    ],
    'eligibility/startBatch': [
      { kind: 'malformed', why: 'days as text', input: { days: 'three' }, code: 'VALIDATION', field: 'days', mention: /days must be a number/ },
      { kind: 'range', why: '31 days', input: { days: 31 }, code: 'VALIDATION', field: 'days', mention: /1 to 30/ },
      { kind: 'reference', why: 'no clearinghouse set up', input: { days: 3 }, code: 'INVALID_STATE', field: null, mention: /No clearinghouse is set up/ },
    ],
    'eligibility/batchStatus': [
      { kind: 'missing', why: 'no id', input: {}, code: 'VALIDATION', field: 'batchId', mention: /batch id is required/ },
      { kind: 'malformed', why: 'id as text', input: { batchId: 'x' }, code: 'VALIDATION', field: 'batchId' },
      { kind: 'range', why: 'id 0', input: { batchId: 0 }, code: 'VALIDATION', field: 'batchId', mention: /must be positive/ },
      { kind: 'reference', why: 'a batch that does not exist', input: { batchId: NO_SUCH }, code: 'NOT_FOUND', field: 'batchId', mention: /batch was not found/ },
    ],
    'eligibility/cancelBatch': [
      { kind: 'missing', why: 'no id', input: {}, code: 'VALIDATION', field: 'batchId', mention: /batch id is required/ },
      { kind: 'malformed', why: 'id as text', input: { batchId: 'x' }, code: 'VALIDATION', field: 'batchId' },
      { kind: 'range', why: 'id 0', input: { batchId: 0 }, code: 'VALIDATION', field: 'batchId', mention: /must be positive/ },
      { kind: 'reference', why: 'a batch that does not exist', input: { batchId: NO_SUCH }, code: 'NOT_FOUND', field: 'batchId', mention: /batch was not found/ },
    ],
    'fees/list': [
      { kind: 'unknown', why: 'an unknown key', input: { payer: 1 }, code: 'VALIDATION', field: null, mention: /payer/ },
    ],
    'fees/set': [
      { kind: 'missing', why: 'neither a fee nor a price', input: { visitTypeId: c.visit.id }, code: 'VALIDATION', field: 'allowed', mention: /give an allowed amount or a self-pay price/ },
      { kind: 'malformed', why: 'an amount as text', input: { visitTypeId: c.visit.id, allowed: '$90' }, code: 'VALIDATION', field: 'allowed', mention: /must be a number of dollars/ },
      { kind: 'range', why: 'a negative price', input: { visitTypeId: c.visit.id, selfPay: -5 }, code: 'VALIDATION', field: 'selfPay', mention: /cannot be negative/ },
      { kind: 'range', why: 'a fraction of a cent', input: { visitTypeId: c.visit.id, allowed: 10.005 }, code: 'VALIDATION', field: 'allowed', mention: /whole cents/ },
      { kind: 'reference', why: 'a visit type that does not exist', input: { visitTypeId: NO_SUCH, allowed: 90 }, code: 'NOT_FOUND', field: 'visitTypeId', mention: /visit type was not found/ },
      { kind: 'reference', why: 'a payer that does not exist', input: { visitTypeId: c.visit.id, payerId: NO_SUCH, allowed: 90 }, code: 'NOT_FOUND', field: 'payerId', mention: /payer was not found/ },
    ],
  };
}
