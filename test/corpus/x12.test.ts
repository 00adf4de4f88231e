/**
 * Every X12 file in ../shared/data/x12 (see SOURCES.md §1) either parses or fails with a typed
 * X12Error, and the 271s give exactly the values SOURCES.md lists, file by file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  estimatePatientCost,
  parse270,
  parse271,
  X12Error,
  type Eligibility271Result,
  type PatientEligibility,
  type ServiceBenefits,
} from '../../src/core/eligibility';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data/x12');
const present = fs.existsSync(dataDir);
if (!present && process.env.CI) {
  throw new Error(`X12 corpus missing at ${dataDir}: CI must have ../shared/data`);
}
if (!present) console.warn(`[x12 corpus] skipped: ${dataDir} not found (no ../shared/data here)`);

const read = (rel: string) => fs.readFileSync(path.join(dataDir, rel), 'utf8');
const r271 = (name: string) => parse271(read(`271/${name}`));
const codesOf = (xs: Array<{ loop: string; code: string; followUpCode: string | null }>) =>
  xs.map((x) => `${x.loop}:${x.code}/${x.followUpCode}`);
const warningCodes = (r: Eligibility271Result) => r.warnings.map((w) => w.code);
const only = (r: Eligibility271Result): PatientEligibility => {
  expect(r.patients).toHaveLength(1);
  return r.patients[0]!;
};
const benefit = (
  p: PatientEligibility,
  type: string,
  network: ServiceBenefits['network'],
  level: ServiceBenefits['coverageLevel'] = null,
) => {
  const b = p.benefits.find(
    (x) => x.serviceType === type && x.network === network && x.coverageLevel === level,
  );
  if (!b) throw new Error(`no benefits for ${type}/${network}/${level}`);
  return b;
};
const TR3_TYPES = ['1', '33', '35', '47', '86', '88', '98', 'AL', 'MH', 'UC'];

function expectCopays(p: PatientEligibility, inNetwork: number, outOfNetwork: number) {
  for (const type of TR3_TYPES) {
    expect(benefit(p, type, 'in').copay, type).toBe(inNetwork);
    expect(benefit(p, type, 'out').copay, type).toBe(outOfNetwork);
  }
}

function errorOf(fn: () => unknown): X12Error {
  try {
    fn();
  } catch (e) {
    if (e instanceof X12Error) return e;
    throw new Error(`expected an X12Error, got ${String(e)}`);
  }
  throw new Error('expected an X12Error, got none');
}

describe.skipIf(!present)('X12 corpus', () => {
  const all = present
    ? ['270', '271', 'legacy-4010'].flatMap((d) =>
        fs.readdirSync(path.join(dataDir, d)).map((f) => `${d}/${f}`),
      )
    : [];

  describe('nothing crashes', () => {
    it.each(all)('%s parses or fails with a typed error, with either parser', (rel) => {
      for (const parse of [parse270, parse271]) {
        try {
          const result = parse(read(rel));
          expect(JSON.parse(JSON.stringify(result))).toEqual(result);
        } catch (e) {
          expect(e).toBeInstanceOf(X12Error);
          expect((e as X12Error).message.length).toBeGreaterThan(20);
        }
      }
    });

    it('covers the whole corpus (29 5010 files and 9 legacy ones)', () => {
      expect(all).toHaveLength(38);
    });
  });

  describe('5010 271 responses: exact values from SOURCES.md', () => {
    it('imsweb mixed: 4010 envelope around a 5010 set, ISA16 ">", SE01 22 for 18 segments', () => {
      const r = r271('imsweb_mixed_4010_envelope_5010_st.271');
      expect(r.version).toBe('005010X279A1');
      expect(warningCodes(r)).toEqual([
        'VERSION_MIXED',
        'SEGMENT_COUNT',
        'CONTROL_NUMBER_MISMATCH',
      ]);
      expect(r.warnings[1]!.message).toContain(
        'SE01 says 22 segments but the transaction set has 18',
      );
      const p = only(r);
      expect(p).toMatchObject({
        memberId: '123456789',
        dateOfBirth: '1963-05-19',
        coverage: 'active',
      });
      expect(p.plan).toEqual({ name: 'GOLD 123 PLAN', begin: '2006-01-01', end: null });
      expect(benefit(p, '30', 'unknown').active).toBe(true);
      expect(p.eligibilityBenefits[0]!.relatedEntities[0]).toMatchObject({
        name: 'JONES, MARCUS',
        idQualifier: 'SV',
      });
    });

    it('lfh AAA*Y**50*N: provider ineligible at 2100B, no subscriber', () => {
      const r = r271('lfh_aaa50_provider_ineligible.271');
      expect(codesOf(r.rejections)).toEqual(['2100B:50/N']);
      expect(r.rejections[0]).toMatchObject({
        requestValid: true,
        reason: 'the payer does not accept eligibility checks from this provider',
      });
      expect(r.patients).toEqual([]);
      expect(warningCodes(r)).toEqual(['CONTROL_NUMBER_MISMATCH']); // SE02 4323 vs ST02 4321
    });

    it('lfh dependent (PAYER C): $10 in network, $30 out, PCP in 2120', () => {
      const p = only(r271('lfh_dependent_payer_c.271'));
      expect(p).toMatchObject({
        role: 'dependent',
        memberId: '00000000002',
        dateOfBirth: '2015-01-01',
        coverage: 'active',
      });
      expect(p.subscriber).toMatchObject({ name: 'DOE, JAMES', id: '00000000001' });
      expect(p.provider).toMatchObject({ name: 'DOE, JOHN', idQualifier: 'XX', id: '1467857193' });
      expect(p.plan).toEqual({ name: 'GOLD 123 PLAN', begin: '2021-01-01', end: null });
      expectCopays(p, 10, 30);
      expect(p.eligibilityBenefits.find((eb) => eb.code === 'L')!.relatedEntities[0]).toMatchObject(
        { role: 'provider', name: 'DOE, JOHN' },
      );
    });

    it('lfh TR3 dependent example: SMITH MARY, child (INS*N*19), repetition-separated service types', () => {
      const r = r271('lfh_dependent_tr3_example.271');
      const p = only(r);
      expect(r.warnings).toEqual([]);
      expect(p).toMatchObject({
        role: 'dependent',
        loop: '2000D',
        memberId: '123456789',
        dateOfBirth: '1998-10-14',
        gender: 'female',
        relationshipToSubscriber: 'child',
      });
      expect(p.person).toMatchObject({ lastName: 'SMITH', firstName: 'MARY' });
      expect(p.eligibilityBenefits[2]!.serviceTypes).toEqual(TR3_TYPES);
      expectCopays(p, 10, 30);
    });

    it.each(['lfh_subscriber_payer_c.271', 'lfh_subscriber_tr3_example.271'])(
      '%s: subscriber, $10 / $30',
      (name) => {
        const r = r271(name);
        const p = only(r);
        expect(r.warnings).toEqual([]);
        expect(p).toMatchObject({
          role: 'subscriber',
          coverage: 'active',
          plan: { name: 'GOLD 123 PLAN' },
        });
        expect(p.memberId).toBe(name.includes('payer_c') ? '00000000001' : '123456789');
        expectCopays(p, 10, 30);
      },
    );

    it('node-x12 CMS Medicare: Part A & B, coinsurance 0, deductibles 0, non-covered 41^54, QMB, Part D in 2120, no GE/IEA', () => {
      const r = r271('nodex12_cms_medicare_partAB_qmb_partD.271');
      expect(warningCodes(r)).toEqual(['MISSING_TRAILER']);
      expect(r.payer).toMatchObject({ name: 'CMS', id: 'CMS' });
      const p = only(r);
      expect(p).toMatchObject({
        memberId: '9UY4R33KV83',
        dateOfBirth: '1950-07-22',
        gender: 'male',
        coverage: 'active',
      });
      expect(p.person).toMatchObject({ lastName: 'BELMAR', firstName: 'ALBERT', middleName: 'R' });
      expect(p.plan.name).toBe('Medicare Part A, Medicare Part B');
      const plan30 = benefit(p, '30', 'unknown');
      expect(plan30).toMatchObject({
        active: true,
        coinsurance: 0,
        deductible: { total: 0, remaining: null, period: 'calendar_year' },
      });
      expect(benefit(p, '41', 'unknown').nonCovered).toBe(true);
      expect(benefit(p, '54', 'unknown').nonCovered).toBe(true);
      const insurance = p.eligibilityBenefits.map((eb) => eb.insuranceType);
      expect(insurance).toEqual([null, 'MA', 'MB', 'QM', 'QM', 'QM', null, 'QM', 'OT']);
      const qmb = p.eligibilityBenefits.find((eb) => eb.code === 'R' && eb.insuranceType === 'QM')!;
      expect(qmb.planDescription).toBe('NJ QMB Plan');
      const partD = p.eligibilityBenefits.find(
        (eb) => eb.code === 'R' && eb.insuranceType === 'OT',
      )!;
      expect(partD.references).toEqual([
        { qualifier: '18', id: 'S5601', description: null },
        { qualifier: 'N6', id: '008', description: 'SilverScript Choice' },
      ]);
      expect(partD.relatedEntities[0]).toMatchObject({
        name: 'SILVERSCRIPT INSURANCE COMPANY',
        phone: '8664430934',
        address: { city: 'Nashville', state: 'TN' },
      });
      expect(
        p.eligibilityBenefits.find((eb) => eb.insuranceType === 'MB')!.serviceTypes,
      ).toHaveLength(39);
    });

    it('OopFactory 3.1.2: AAA at every level, EB*F*IND*12 with prior auth, tabs and BOM, ISA11 = ISA16 = "^"', () => {
      const r = r271('oopfactory_Example_3_1_2.271');
      expect(r.version).toBe('005010X279');
      expect(codesOf(r.rejections)).toEqual([
        '2000A:80/P',
        '2000A:79/N',
        '2100A:79/N',
        '2100A:80/P',
        '2100B:41/C',
        '2100B:41/C',
      ]);
      const p = only(r);
      expect(codesOf(p.rejections)).toEqual(['2100C:42/Y', '2110C:51/N', '2110C:60/W']);
      expect(benefit(p, '12', 'out', 'individual')).toMatchObject({
        priorAuthorizationRequired: true,
        limitations: [{ period: 'lifetime' }],
      });
      expectCopays(p, 10, 30);
      const gold = p.eligibilityBenefits[0]!;
      expect(gold.relatedEntities[0]).toMatchObject({
        name: 'COVENTRY HEALTH AND LIFE INSURANCE',
        phone: '8008823822',
        address: { postalCode: '208177828' },
      });
      expect(warningCodes(r)).toEqual(['SEGMENT_COUNT']);
    });

    it('OopFactory 3.1.3: AAA*Y**50*N at the information receiver', () => {
      const r = r271('oopfactory_Example_3_1_3.271');
      expect(codesOf(r.rejections)).toEqual(['2100B:50/N']);
      expect(r.patients).toEqual([]);
    });

    it('OopFactory 3.2.2: dependent SMITH MARY, $10 / $30', () => {
      const p = only(r271('oopfactory_Example_3_2_2.271'));
      expect(p).toMatchObject({
        role: 'dependent',
        dateOfBirth: '1998-10-14',
        relationshipToSubscriber: 'child',
      });
      expectCopays(p, 10, 30);
    });

    it('OopFactory ErrorWithoutBenefitInfo: AAA 80/79/41/42 and no EB at all', () => {
      const r = r271('oopfactory_Example_ErrorWithoutBenefitInfo.271');
      expect(codesOf(r.rejections)).toEqual([
        '2000A:80/P',
        '2000A:79/N',
        '2100A:79/N',
        '2100A:80/P',
        '2100B:41/C',
        '2100B:41/C',
      ]);
      const p = only(r);
      expect(codesOf(p.rejections)).toEqual(['2100C:42/Y']);
      expect(p).toMatchObject({ coverage: 'unknown', benefits: [], eligibilityBenefits: [] });
    });

    it('georgiosd: AAA*Y**42*R (resubmission allowed) and EB*P', () => {
      const p = only(r271('oopfactory_From_georgiosd_AAA42_misnamed270.271'));
      expect(p.rejections[0]).toMatchObject({
        loop: '2100C',
        code: '42',
        followUp: 'You may send it again.',
        whatToDo: 'Try again later.',
      });
      expect(p.eligibilityBenefits.map((eb) => eb.code)).toEqual(['P']);
      expect(p.coverage).toBe('unknown');
    });

    it.each([
      ['oopfactory_ValidationForDependentBenefitInfo.271', [], ['2110D:70/C'], 'active'],
      ['oopfactory_ValidationForDependentName.271', [], ['2100D:58/C'], 'active'],
      [
        'oopfactory_ValidationForReceiverName.271',
        ['2100B:43/C', '2100B:44/C', '2100B:45/C', '2100B:47/C'],
        null,
        null,
      ],
      ['oopfactory_ValidationForSource.271', ['2000A:42/Y'], null, null],
      ['oopfactory_ValidationForSourceName.271', ['2100A:79/C'], null, null],
      [
        'oopfactory_ValidationForSubscriberBenefitInfo.271',
        [],
        ['2110C:CI/C', '2110C:70/C'],
        'active',
      ],
      ['oopfactory_ValidationForSubscriberName.271', [], ['2100C:72/C', '2100C:75/C'], 'unknown'],
      [
        'oopfactory_ValidationOnAll.271',
        ['2000A:79/N', '2000A:42/C', '2100A:79/N', '2100A:80/P', '2100B:41/C', '2100B:41/C'],
        ['2100C:42/W', '2100D:35/N', '2110D:52/N', '2110D:60/W'],
        'active',
      ],
    ])('%s: AAA codes at the right loops', (name, top, patient, coverage) => {
      const r = r271(name);
      expect(codesOf(r.rejections)).toEqual(top);
      if (patient === null) {
        expect(r.patients).toEqual([]);
      } else {
        const p = only(r);
        expect(codesOf(p.rejections)).toEqual(patient);
        expect(p.coverage).toBe(coverage);
        for (const rej of p.rejections) expect(rej.reason).not.toContain('does not know');
      }
      expect(warningCodes(r)).toEqual(['SEGMENT_COUNT']); // SE01 is 22 in every one of these files
    });

    it('ValidationForSubscriberName: 72 reads "member ID not found — check the card"', () => {
      const p = only(r271('oopfactory_ValidationForSubscriberName.271'));
      expect(p.rejections[0]).toMatchObject({
        reason: 'member ID not found',
        whatToDo: 'Check the card, or try the subscriber’s ID.',
      });
      expect(p.rejections[1]!.reason).toBe('the payer cannot find the subscriber');
      expect(p.address).toEqual({
        line1: '15197 BROADWAY AVENUE',
        line2: 'APT 215',
        city: null,
        state: 'MO',
        postalCode: '64108',
      });
    });

    it('PokitDok MOCKPAYER: copays $20 / $30, coinsurance 0.5 out, deductibles 23 vs 29, OOP, 25 MSG; no GS08/ST03', () => {
      const r = r271('pokitdok_mockpayer_ded_oop_coins_innet_outnet.271');
      expect(warningCodes(r)).toEqual(['VERSION_MISSING']);
      expect(r.version).toBe('005010X279A1');
      const p = only(r);
      expect(p).toMatchObject({
        memberId: '00000000001',
        coverage: 'active',
        plan: { name: 'Open Choice', begin: null, end: null },
        groupNumber: '088818801000013',
        groupName: 'MOCK INDIVIDUAL ADVANTAGE PLAN',
      });
      expect(p.dates.map((d) => `${d.qualifier}:${d.from}`)).toEqual([]);
      expect(p.eligibilityBenefits[0]!.dates.map((d) => `${d.qualifier}:${d.from}`)).toEqual([
        '346:2013-02-15',
        '356:2012-02-01',
      ]);
      expect(benefit(p, '98', 'in', 'employee_and_spouse').copay).toBe(20);
      expect(benefit(p, '98', 'not_applicable', 'employee_and_spouse').copay).toBe(30);
      expect(benefit(p, '98', 'out', 'employee_and_spouse').coinsurance).toBe(0.5);
      expect(benefit(p, '98', 'in', 'employee_and_spouse').coinsurance).toBeNull();
      expect(benefit(p, '30', 'in', 'individual')).toMatchObject({
        deductible: { total: 3000, remaining: 2983.57, period: 'calendar_year' },
        outOfPocket: { total: 3000, remaining: 2983.57, period: null },
      });
      expect(benefit(p, '30', 'in', 'family')).toMatchObject({
        deductible: { total: 6000, remaining: 5956.09 },
        outOfPocket: { total: 6000, remaining: 5956.09 },
      });
      expect(benefit(p, '30', 'out', 'individual')).toMatchObject({
        deductible: { total: 6000, remaining: 5983.57 },
        outOfPocket: { total: 12500, remaining: 12483.57 },
      });
      expect(benefit(p, '30', 'out', 'family')).toMatchObject({
        deductible: { total: 12000, remaining: 11956.09 },
        outOfPocket: { total: 25000, remaining: 24956.09 },
      });
      expect(p.eligibilityBenefits.reduce((n, eb) => n + eb.messages.length, 0)).toBe(25);
      const estimate = (network: 'in' | 'out') =>
        estimatePatientCost({
          allowed: { amount: 120, source: 'payer', description: 'the payer’s fee schedule' },
          eligibility: p,
          serviceTypes: ['30', '98'],
          network,
        }).patientAmount;
      expect(estimate('in')).toBe(20);
      expect(estimate('out')).toBe(30); // EB12 W: the $30 copay applies in and out of network
    });

    it('every AAA code in the corpus has a plain-language reason', () => {
      const files = fs.readdirSync(path.join(dataDir, '271'));
      const codes = new Set<string>();
      for (const f of files) {
        const r = r271(f);
        for (const x of [...r.rejections, ...r.patients.flatMap((p) => p.rejections)]) {
          codes.add(x.code);
          expect(x.reason, `${f} ${x.code}`).not.toContain('does not know');
        }
      }
      expect([...codes].sort()).toEqual([
        '35',
        '41',
        '42',
        '43',
        '44',
        '45',
        '47',
        '50',
        '51',
        '52',
        '58',
        '60',
        '70',
        '72',
        '75',
        '79',
        '80',
        'CI',
      ]);
    });
  });

  describe('5010 270 requests', () => {
    it.each([
      ['lfh_dependent_commercial_hi.270', '00000000001', 'DOE, JANE', '1970-01-01', ['2013-10-31']],
      ['lfh_dependent_eq30.270', '11122333301', 'SMITH, MARY', '1978-10-14', ['2006-05-01']],
      ['lfh_single_line_no_newlines.270', '11122333301', null, '1943-05-19', ['2006-05-01']],
      [
        'lfh_subscriber_drug_in_office.270',
        '00000000001',
        null,
        '1970-01-01',
        ['2013-10-31', '2013-10-31'],
      ],
      ['lfh_subscriber_eq30.270', '11122333301', null, '1943-05-19', ['2006-05-01']],
      ['oopfactory_Example1_IG_5010.270', '11122333301', null, '1943-05-19', ['2006-05-01']],
      [
        'oopfactory_Example1_IG_5010_0x1D_terminator.270',
        '11122333301',
        null,
        '1943-05-19',
        ['2006-05-01'],
      ],
      ['pokitdok_mockpayer_eq30.270', '00000000001', null, '1970-01-01', ['2013-10-31']],
    ])('%s', (name, memberId, dependent, dob, dates) => {
      const r = parse270(read(`270/${name}`));
      expect(r.warnings).toEqual([]);
      const inq = r.inquiries[0]!;
      expect(inq.subscriber!.memberId).toBe(memberId);
      const patient = dependent ? inq.dependent! : inq.subscriber!;
      if (dependent) expect(patient.party.name).toBe(dependent);
      expect(patient.dateOfBirth).toBe(dob);
      expect(patient.serviceTypes).toEqual(['30']);
      expect(patient.dates.map((d) => d.from)).toEqual(dates);
    });

    it('the 0x1D-terminated file reads exactly like the "~" one', () => {
      expect(parse270(read('270/oopfactory_Example1_IG_5010_0x1D_terminator.270'))).toEqual(
        parse270(read('270/oopfactory_Example1_IG_5010.270')),
      );
    });
  });

  describe('legacy 4010 files are refused with a clear, typed error', () => {
    const legacy = present ? fs.readdirSync(path.join(dataDir, 'legacy-4010')) : [];
    it.each(legacy.filter((f) => f !== 'oopfactory_271_4010_From_tcplex.271'))(
      '%s → unsupported version 004010',
      (f) => {
        const parse = f.endsWith('.270') ? parse270 : parse271;
        const e = errorOf(() => parse(read(`legacy-4010/${f}`)));
        expect(e.code).toBe('UNSUPPORTED_VERSION');
        expect(e.message).toMatch(/^unsupported version 004010 \(004010X092(A1)?\)/);
        expect(e.segmentId).toBe('ST');
      },
    );

    it('tcplex: its de-identified ISA08 lost a character → "ISA is 105 characters"', () => {
      const e = errorOf(() => parse271(read('legacy-4010/oopfactory_271_4010_From_tcplex.271')));
      expect(e.code).toBe('BAD_ISA');
      expect(e.message).toMatch(/^ISA is 105 characters; it must be 106/);
    });
  });
});
