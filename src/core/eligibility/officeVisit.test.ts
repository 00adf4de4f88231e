import { describe, expect, it } from 'vitest';
import { officeVisitFigures, type BenefitLine } from './officeVisit';

const line = (over: Partial<BenefitLine>): BenefitLine => ({
  network: 'in',
  coverageLevel: 'individual',
  serviceType: '30',
  serviceTypeName: 'Health Benefit Plan Coverage',
  copay: null,
  coinsurance: null,
  deductibleTotal: null,
  deductibleRemaining: null,
  outOfPocketTotal: null,
  outOfPocketRemaining: null,
  priorAuthorizationRequired: null,
  ...over,
});

describe('the office-visit figures a caller is told', () => {
  it('takes the copay from the office visit and the deductible from the plan in general', () => {
    const f = officeVisitFigures([
      line({ serviceType: '30', deductibleTotal: 1500, deductibleRemaining: 750 }),
      line({ serviceType: '98', serviceTypeName: 'Office visit', copay: 20 }),
      line({ serviceType: '98', network: 'out', copay: 50 }),
      line({ serviceType: '30', coverageLevel: 'family', deductibleTotal: 3000 }),
    ]);
    expect(f).toMatchObject({
      copay: 20,
      copayFrom: 'Office visit',
      deductibleTotal: 1500,
      deductibleRemaining: 750,
    });
  });

  it('prefers the individual figure over the family one, and in network over not-applicable', () => {
    const f = officeVisitFigures([
      line({ coverageLevel: 'family', deductibleTotal: 3000 }),
      line({ coverageLevel: 'individual', deductibleTotal: 1500 }),
      line({ network: 'not_applicable', serviceType: '98', copay: 30 }),
      line({ network: 'in', serviceType: '98', copay: 10 }),
    ]);
    expect(f.deductibleTotal).toBe(1500);
    expect(f.copay).toBe(10);
  });

  it('never shows an out-of-network figure as the in-network one', () => {
    const f = officeVisitFigures([line({ network: 'out', serviceType: '98', copay: 30 })]);
    expect(f.copay).toBeNull();
  });

  it('flags prior authorization when any office or plan line requires it', () => {
    expect(
      officeVisitFigures([
        line({ priorAuthorizationRequired: false }),
        line({ serviceType: '98', priorAuthorizationRequired: true }),
      ]).priorAuthorizationRequired,
    ).toBe(true);
    expect(officeVisitFigures([line({})]).priorAuthorizationRequired).toBeNull();
  });
});
