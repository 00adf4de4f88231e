/** Small builders shared by this folder's tests (not exported from index.ts). */
import type { Eligibility270Request } from './build270';

export const VALID_NPI = '1467857193';

export function sampleRequest(over: Partial<Eligibility270Request> = {}): Eligibility270Request {
  return {
    controlNumbers: { interchange: 907, group: 12, transactionSet: 1 },
    sender: { id: 'CLINICDESK' },
    receiver: { id: 'CLEARINGHOUSE' },
    usage: 'test',
    createdAt: { date: '2026-03-09', time: '14:05' },
    reference: 'CD000123',
    traceAssignedBy: '1123456789',
    payer: { name: 'ABC COMPANY', id: '842610001' },
    provider: { organizationName: 'BONE AND JOINT CLINIC', npi: VALID_NPI },
    subscriber: {
      memberId: 'W123456789',
      lastName: 'SMITH',
      firstName: 'JOHN',
      dateOfBirth: '1963-05-19',
      gender: 'M',
    },
    serviceDate: '2026-03-10',
    serviceTypes: ['30', '98'],
    ...over,
  };
}

/** A minimal 5010 271 around the given 2000C/2100C/2110C body segments (without "~"). */
export function wrap271(body: string[], opts: { seCount?: number } = {}): string {
  const set = [
    'ST*271*0001*005010X279A1',
    'BHT*0022*11*CD000123*20260309*1405',
    'HL*1**20*1',
    'NM1*PR*2*ABC COMPANY*****PI*842610001',
    'HL*2*1*21*1',
    `NM1*1P*2*BONE AND JOINT CLINIC*****XX*1467857193`,
    'HL*3*2*22*0',
    'NM1*IL*1*SMITH*JOHN****MI*W123456789',
    'DMG*D8*19630519*M',
    ...body,
  ];
  const count = opts.seCount ?? set.length + 1;
  return (
    [
      'ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*CLINICDESK     *260309*1405*^*00501*000000907*0*T*:',
      'GS*HB*CLEARINGHOUSE*CLINICDESK*20260309*1405*12*X*005010X279A1',
      ...set,
      `SE*${count}*0001`,
      'GE*1*12',
      'IEA*1*000000907',
    ].join('~\n') + '~\n'
  );
}
