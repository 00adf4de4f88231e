import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { build270, isValidNpi } from './build270';
import { X12Error } from './errors';
import { parse270 } from './parse270';
import { el, tokenize } from './tokenizer';
import { sampleRequest } from './testSupport';

const segmentsOf = (x12: string) => tokenize(x12).segments;
const ids = (x12: string) => segmentsOf(x12).map((s) => s.id);

describe('270 follows the 005010X279A1 structure', () => {
  const subscriberOnly = build270(sampleRequest());

  it('has the segments in TR3 order, HL 20/21/22 with one EQ per service type', () => {
    expect(ids(subscriberOnly)).toEqual([
      'ISA',
      'GS',
      'ST',
      'BHT',
      'HL',
      'NM1',
      'HL',
      'NM1',
      'HL',
      'TRN',
      'NM1',
      'DMG',
      'DTP',
      'EQ',
      'EQ',
      'SE',
      'GE',
      'IEA',
    ]);
    const eqs = segmentsOf(subscriberOnly).filter((s) => s.id === 'EQ');
    expect(eqs.map((s) => el(s, 1))).toEqual(['30', '98']);
  });

  it('writes a 106-character ISA with the 5010 version, repetition "^" and the test flag', () => {
    const isa = subscriberOnly.split('~')[0]!;
    expect(isa).toHaveLength(105); // + the "~" = 106
    expect(isa).toBe(
      'ISA*00*          *00*          *ZZ*CLINICDESK     *ZZ*CLEARINGHOUSE  *260309*1405*^*00501*000000907*0*T*:',
    );
  });

  it('numbers HL parents and children: 1 → 2 → 3 (→ 4 for a dependent)', () => {
    const withDependent = build270(
      sampleRequest({
        dependent: { lastName: 'SMITH', firstName: 'MARY', dateOfBirth: '1998-10-14', gender: 'F' },
      }),
    );
    const hls = segmentsOf(withDependent).filter((s) => s.id === 'HL');
    expect(hls.map((s) => s.elements.slice(1).join('*'))).toEqual([
      '1**20*1',
      '2*1*21*1',
      '3*2*22*1',
      '4*3*23*0',
    ]);
    expect(ids(withDependent).slice(8)).toEqual([
      'HL',
      'NM1',
      'DMG',
      'HL',
      'TRN',
      'NM1',
      'DMG',
      'DTP',
      'EQ',
      'EQ',
      'SE',
      'GE',
      'IEA',
    ]);
    expect(hls.map((s) => el(s, 4))).toEqual(['1', '1', '1', '0']);
  });

  it('counts ST through SE in SE01 and repeats every control number in its trailer', () => {
    const segs = segmentsOf(subscriberOnly);
    const st = segs.findIndex((s) => s.id === 'ST');
    const se = segs.findIndex((s) => s.id === 'SE');
    const get = (id: string) => segs.find((s) => s.id === id)!;
    expect(el(get('SE'), 1)).toBe(String(se - st + 1));
    expect(el(get('SE'), 2)).toBe(el(get('ST'), 2));
    expect(el(get('ST'), 2)).toBe('0001');
    expect(el(get('GS'), 6)).toBe('12');
    expect(el(get('GE'), 2)).toBe('12');
    expect(el(get('ISA'), 13)).toBe('000000907');
    expect(el(get('IEA'), 2)).toBe('000000907');
    expect(el(get('GS'), 1)).toBe('HS');
    expect(el(get('GS'), 8)).toBe('005010X279A1');
  });

  it('drops trailing empty elements and adds address, taxonomy and group number when given', () => {
    const x12 = build270(
      sampleRequest({
        provider: {
          lastName: 'JONES',
          firstName: 'MARCUS',
          npi: '1467857193',
          taxonomy: '207Q00000X',
          address: { line1: '1 Main St', city: 'Austin', state: 'tx', postalCode: '78701-1234' },
        },
        subscriber: { ...sampleRequest().subscriber, groupNumber: 'G77', gender: null },
      }),
    );
    expect(x12).toContain(
      '~NM1*1P*1*JONES*MARCUS****XX*1467857193~N3*1 Main St~N4*Austin*TX*787011234~PRV*PE*PXC*207Q00000X~',
    );
    expect(x12).toContain('~REF*6P*G77~DMG*D8*19630519~');
    expect(x12).not.toMatch(/\*~/);
  });

  it('reads back through parse270 with every field intact', () => {
    const parsed = parse270(subscriberOnly);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.controlNumbers).toEqual({
      interchange: '000000907',
      group: '12',
      transactionSet: '0001',
    });
    expect(parsed.reference).toBe('CD000123');
    expect(parsed.created).toEqual({ date: '2026-03-09', time: '14:05' });
    const inq = parsed.inquiries[0]!;
    expect(inq.payer).toMatchObject({ name: 'ABC COMPANY', idQualifier: 'PI', id: '842610001' });
    expect(inq.provider).toMatchObject({
      name: 'BONE AND JOINT CLINIC',
      idQualifier: 'XX',
      id: '1467857193',
    });
    expect(inq.subscriber).toMatchObject({
      memberId: 'W123456789',
      dateOfBirth: '1963-05-19',
      gender: 'male',
      serviceTypes: ['30', '98'],
      traces: [{ type: 'current', number: 'CD000123', assignedBy: '1123456789' }],
    });
    expect(inq.subscriber!.dates).toEqual([
      { qualifier: '291', meaning: 'plan', from: '2026-03-10', to: '2026-03-10' },
    ]);
  });
});

describe('bad requests give INVALID_INPUT naming the field', () => {
  const failure = (over: Parameters<typeof sampleRequest>[0]) => {
    try {
      build270(sampleRequest(over));
    } catch (e) {
      if (e instanceof X12Error) return { code: e.code, field: e.field, message: e.message };
      throw e;
    }
    throw new Error('expected an error');
  };

  it.each([
    [
      { controlNumbers: { interchange: 0, group: 1 } },
      'controlNumbers.interchange',
      'from 1 to 999999999',
    ],
    [
      { controlNumbers: { interchange: 1, group: 1_000_000_000 } },
      'controlNumbers.group',
      'from 1 to 999999999',
    ],
    [{ serviceDate: '2026-02-30' }, 'serviceDate', 'real date'],
    [{ createdAt: { date: '2026-03-09', time: '25:00' } }, 'createdAt.time', 'HH:MM'],
    [{ serviceTypes: [] }, 'serviceTypes', 'at least one'],
    [{ serviceTypes: ['30', 'ZZ9'] }, 'serviceTypes', '"ZZ9" is not an X12 service type code'],
    [{ provider: { organizationName: 'X', npi: '1234567890' } }, 'provider.npi', 'not a valid NPI'],
    [{ traceAssignedBy: '12345' }, 'traceAssignedBy', '10 characters'],
    [{ payer: { name: 'A*B', id: '1' } }, 'payer.name', 'separators'],
  ] as const)('%j', (over, field, text) => {
    const f = failure(over as never);
    expect(f.code).toBe('INVALID_INPUT');
    expect(f.field).toBe(field);
    expect(f.message).toContain(text);
  });

  it('refuses a date of birth after the date of service', () => {
    const f = failure({ subscriber: { ...sampleRequest().subscriber, dateOfBirth: '2027-01-01' } });
    expect(f).toMatchObject({ field: 'subscriber.dateOfBirth' });
    expect(f.message).toContain('after the date of service');
  });

  it('refuses a name holding a segment terminator', () => {
    const f = failure({ subscriber: { ...sampleRequest().subscriber, lastName: "O'NEIL~X" } });
    expect(f.field).toBe('subscriber.lastName');
  });
});

describe('NPI check digit', () => {
  it('accepts real NPIs and rejects a wrong check digit', () => {
    expect(['1467857193', '1912301953', '1508165317'].every(isValidNpi)).toBe(true);
    expect(isValidNpi('1467857194')).toBe(false);
    expect(isValidNpi('146785719')).toBe(false);
  });
});

describe('property: build → parse returns what was asked', () => {
  const name = fc.stringMatching(/^[A-Z][A-Z' -]{0,20}[A-Z]$/);
  const date = fc
    .date({
      min: new Date('1920-01-01T00:00:00Z'),
      max: new Date('2025-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const codes = fc.uniqueArray(fc.constantFrom('30', '98', 'MH', 'UC', 'BZ', '33', '1', 'AL'), {
    minLength: 1,
    maxLength: 5,
  });

  it('keeps member ID, names, DOB, service types and control numbers', () => {
    fc.assert(
      fc.property(
        fc.record({
          interchange: fc.integer({ min: 1, max: 999_999_999 }),
          group: fc.integer({ min: 1, max: 999_999_999 }),
          set: fc.integer({ min: 1, max: 999_999 }),
          memberId: fc.stringMatching(/^[A-Z0-9]{2,20}$/),
          last: name,
          first: name,
          dob: date,
          types: codes,
          dependent: fc.option(fc.record({ last: name, first: name, dob: date }), { nil: null }),
        }),
        (r) => {
          const x12 = build270(
            sampleRequest({
              controlNumbers: { interchange: r.interchange, group: r.group, transactionSet: r.set },
              subscriber: {
                memberId: r.memberId,
                lastName: r.last,
                firstName: r.first,
                dateOfBirth: r.dob,
              },
              dependent: r.dependent && {
                lastName: r.dependent.last,
                firstName: r.dependent.first,
                dateOfBirth: r.dependent.dob,
              },
              serviceTypes: r.types,
            }),
          );
          const parsed = parse270(x12);
          expect(parsed.warnings).toEqual([]);
          expect(parsed.controlNumbers).toEqual({
            interchange: String(r.interchange).padStart(9, '0'),
            group: String(r.group),
            transactionSet: String(r.set).padStart(4, '0'),
          });
          const inq = parsed.inquiries[0]!;
          expect(inq.subscriber!.memberId).toBe(r.memberId);
          expect([inq.subscriber!.party.lastName, inq.subscriber!.party.firstName]).toEqual([
            r.last,
            r.first,
          ]);
          const patient = r.dependent ? inq.dependent! : inq.subscriber!;
          expect(patient.serviceTypes).toEqual(r.types);
          if (r.dependent) {
            expect([patient.party.lastName, patient.party.firstName, patient.dateOfBirth]).toEqual([
              r.dependent.last,
              r.dependent.first,
              r.dependent.dob,
            ]);
            expect(inq.subscriber!.dateOfBirth).toBe(r.dob);
          } else {
            expect(patient.dateOfBirth).toBe(r.dob);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
