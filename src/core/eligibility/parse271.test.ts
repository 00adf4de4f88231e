import { describe, expect, it } from 'vitest';
import { build270 } from './build270';
import { X12Error } from './errors';
import { parse271 } from './parse271';
import { sampleRequest, wrap271 } from './testSupport';

function errorOf(fn: () => unknown): X12Error {
  try {
    fn();
  } catch (e) {
    if (e instanceof X12Error) return e;
    throw new Error(`expected an X12Error, got ${String(e)}`);
  }
  throw new Error('expected an X12Error, got none');
}

const benefits = [
  'DTP*346*D8*20260101',
  'DTP*347*D8*20261231',
  'EB*1*IND*30^98**SILVER PPO',
  'EB*B*IND*98*PR**27*25.00*****Y',
  'EB*B*IND*98*PR**27*60*****N',
  'MSG*SPECIALIST COPAY DIFFERS',
  'EB*A*IND*30*PR****0.2****Y',
  'EB*C*IND*30*PR**23*1500*****Y',
  'EB*C*IND*30*PR**29*350.50*****Y',
  'EB*C*FAM*30*PR**23*3000*****Y',
  'EB*G*IND*30*PR**23*5000*****Y',
  'EB*G*IND*30*PR**29*4100*****Y',
  'EB*F*IND*33*PR**23***VS*20*Y*Y',
  'EB*I**AL',
  'EB*L',
  'LS*2120',
  'NM1*P3*1*JONES*MARCUS****XX*1467857193',
  'PER*IC**TE*5125550123',
  'LE*2120',
];

describe('parse271 reads a 5010 response loop by loop', () => {
  const result = parse271(wrap271(benefits));
  const patient = result.patients[0]!;
  const find = (type: string, network: string, level: string | null = 'individual') =>
    patient.benefits.find(
      (b) => b.serviceType === type && b.network === network && b.coverageLevel === level,
    )!;

  it('reads the envelope, payer, provider and patient', () => {
    expect(result).toMatchObject({
      version: '005010X279A1',
      controlNumbers: { interchange: '000000907', group: '12', transactionSets: ['0001'] },
      test: true,
      reference: 'CD000123',
      payer: { name: 'ABC COMPANY', id: '842610001' },
      provider: { name: 'BONE AND JOINT CLINIC', idQualifier: 'XX' },
      rejections: [],
      warnings: [],
    });
    expect(patient).toMatchObject({
      role: 'subscriber',
      loop: '2000C',
      memberId: 'W123456789',
      dateOfBirth: '1963-05-19',
      gender: 'male',
      coverage: 'active',
      plan: { name: 'SILVER PPO', begin: '2026-01-01', end: '2026-12-31' },
      relationshipToSubscriber: 'self',
    });
  });

  it('normalizes copay per network (EB12 Y/N), coinsurance as a fraction, deductible total vs remaining', () => {
    expect(find('98', 'in')).toMatchObject({
      copay: 25,
      serviceTypeName: 'Professional (Physician) Visit - Office',
    });
    expect(find('98', 'out')).toMatchObject({ copay: 60, messages: ['SPECIALIST COPAY DIFFERS'] });
    expect(find('30', 'in')).toMatchObject({
      coinsurance: 0.2,
      deductible: { total: 1500, remaining: 350.5, period: 'calendar_year' },
      outOfPocket: { total: 5000, remaining: 4100, period: 'calendar_year' },
    });
    expect(find('30', 'in', 'family').deductible).toEqual({
      total: 3000,
      remaining: null,
      period: 'calendar_year',
    });
  });

  it('reads limitations with quantities, prior authorization (EB11) and non-covered services', () => {
    expect(find('33', 'in')).toMatchObject({
      limitations: [{ quantity: 20, quantityUnit: 'visits', period: 'calendar_year' }],
      priorAuthorizationRequired: true,
    });
    expect(find('AL', 'unknown', null)).toMatchObject({
      nonCovered: true,
      serviceTypeName: 'Vision (Optometry)',
    });
  });

  it('ties the 2120 loop to its EB: the primary care provider and phone', () => {
    const pcp = patient.eligibilityBenefits.find((eb) => eb.code === 'L')!;
    expect(pcp.relatedEntities).toEqual([
      expect.objectContaining({
        role: 'primary care provider',
        name: 'JONES, MARCUS',
        id: '1467857193',
        phone: '5125550123',
      }),
    ]);
  });

  it('returns JSON-safe data: it survives JSON round-trip unchanged and has no undefined', () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    const walk = (v: unknown): void => {
      expect(v).not.toBeUndefined();
      if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(result);
  });
});

describe('AAA rejections become plain words and a next step', () => {
  it('explains 72 at 2100C as "member ID not found" with the follow-up', () => {
    const r = parse271(wrap271(['AAA*N**72*C']));
    expect(r.patients[0]!.coverage).toBe('unknown');
    expect(r.patients[0]!.rejections).toEqual([
      {
        loop: '2100C',
        about: 'subscriber',
        requestValid: false,
        code: '72',
        reason: 'member ID not found',
        whatToDo: 'Check the card, or try the subscriber’s ID.',
        followUpCode: 'C',
        followUp: 'Correct the request and send it again.',
        segment: 12,
      },
    ]);
  });

  it('keeps an unknown reject code, says so, and warns', () => {
    const r = parse271(wrap271(['AAA*N**Q9*C']));
    expect(r.patients[0]!.rejections[0]!.reason).toContain(
      'code Q9, which ClinicDesk does not know',
    );
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'UNKNOWN_CODE', segment: 12 })]);
  });

  it('warns on an unknown benefit code and an unreadable amount but keeps reading', () => {
    const r = parse271(wrap271(['EB*ZZ**30', 'EB*B**98****ten']));
    expect(r.warnings.map((w) => w.code)).toEqual(['UNKNOWN_CODE', 'BAD_VALUE']);
    expect(r.warnings[1]!.message).toBe(
      'segment 13 (EB): amount "ten" is not a number; it was ignored.',
    );
    expect(r.patients[0]!.eligibilityBenefits[0]!.meaning).toBe('Benefit code ZZ');
  });

  it('reads a whole-number percentage as a percent, with a warning', () => {
    const r = parse271(wrap271(['EB*A**30*****20']));
    expect(r.patients[0]!.benefits[0]!.coinsurance).toBe(0.2);
    expect(r.warnings[0]!.code).toBe('BAD_VALUE');
  });
});

describe('tolerated oddities are warnings, not failures', () => {
  it('a wrong SE01 count is a SEGMENT_COUNT warning (the corpus has such files)', () => {
    const r = parse271(wrap271(['EB*1**30'], { seCount: 99 }));
    expect(r.patients[0]!.coverage).toBe('active');
    expect(r.warnings).toEqual([
      {
        code: 'SEGMENT_COUNT',
        message:
          'segment 13 (SE): SE01 says 99 segments but the transaction set has 11; the benefits were read anyway.',
        segment: 13,
      },
    ]);
  });

  it('a file without GE/IEA is read with a MISSING_TRAILER warning', () => {
    const r = parse271(wrap271(['EB*1**30']).replace(/GE\*1\*12~\nIEA\*1\*000000907~\n$/, ''));
    expect(r.warnings.map((w) => w.code)).toEqual(['MISSING_TRAILER']);
  });
});

describe('what cannot be read is a typed error', () => {
  it.each([
    [
      'a cut-off transaction set',
      (x: string) => x.slice(0, x.indexOf('\nSE*')),
      'MISSING_SEGMENT',
      'has no SE',
    ],
    [
      'a 4010 file',
      (x: string) => x.replace(/005010X279A1/g, '004010X092A1'),
      'UNSUPPORTED_VERSION',
      'unsupported version 004010',
    ],
    [
      'an 835',
      (x: string) => x.replace('ST*271', 'ST*835'),
      'WRONG_TRANSACTION',
      'remittance advice (835)',
    ],
    [
      'an unknown HL level',
      (x: string) => x.replace('HL*3*2*22*0', 'HL*3*2*99*0'),
      'MALFORMED_SEGMENT',
      'segment 9 (HL): level code "99"',
    ],
    [
      'a segment outside ST/SE',
      (x: string) => x.replace('GE*1*12', 'EB*1~GE*1*12'),
      'MALFORMED_SEGMENT',
      '(EB): is outside a transaction set',
    ],
  ])('%s', (_, damage, code, text) => {
    const e = errorOf(() => parse271(damage(wrap271(['EB*1**30']))));
    expect(e.code).toBe(code);
    expect(e.message).toContain(text);
  });

  it('a 270 given as a response says so', () => {
    const e = errorOf(() => parse271(build270(sampleRequest())));
    expect(e.code).toBe('WRONG_TRANSACTION');
    expect(e.message).toBe(
      'This is an eligibility request (270), not an eligibility response (271).',
    );
  });
});
