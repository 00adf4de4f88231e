import { describe, expect, it } from 'vitest';
import {
  goodFaithEstimate,
  renderGoodFaithEstimateHtml,
  type GoodFaithEstimateInput,
} from './goodFaithEstimate';

const input = (): GoodFaithEstimateInput => ({
  issuedOn: '2026-03-02',
  patient: { firstName: 'Ana', lastName: 'García', dateOfBirth: '1988-04-12' },
  primaryService: {
    description: 'Office visit, new patient, about 30 minutes',
    scheduledDate: '2026-03-10',
  },
  serviceDates: { from: '2026-03-10', to: '2026-03-10' },
  providers: [
    {
      name: 'Bone & Joint Clinic',
      npi: '1467857193',
      tin: '12-3456789',
      location: { line1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701' },
      items: [
        { description: 'New patient visit', serviceCode: '99203', unitCharge: 150 },
        {
          description: 'X-ray, knee, 2 views',
          serviceCode: '73560',
          quantity: 2,
          unitCharge: 45.1,
        },
      ],
    },
  ],
  separatelyScheduled: ['Physical therapy, if recommended'],
  contact: { name: 'Front desk', phone: '(512) 555-0123' },
});

describe('Good Faith Estimate (45 CFR 149.610)', () => {
  it('holds the required content, itemized by provider with totals in exact cents', () => {
    const gfe = goodFaithEstimate(input());
    expect(gfe.patient).toEqual({ name: 'Ana García', dateOfBirth: '1988-04-12' });
    expect(gfe.primaryService.description).toBe('Office visit, new patient, about 30 minutes');
    expect(gfe.providers[0]).toMatchObject({
      npi: '1467857193',
      tin: '12-3456789',
      state: 'TX',
      location: '1 Main St, Austin, TX 78701',
      subtotal: 240.2,
    });
    expect(gfe.providers[0]!.items[1]).toEqual({
      description: 'X-ray, knee, 2 views',
      serviceCode: '73560',
      quantity: 2,
      unitCharge: 45.1,
      expectedCharge: 90.2,
    });
    expect(gfe.totalExpectedCharges).toBe(240.2);
    expect(gfe.diagnosisCodes).toEqual([]);
    expect(gfe.disclaimers.estimateOnly).toContain('only an estimate');
    expect(gfe.disclaimers.disputeRight).toContain('$400 or more above this Good Faith Estimate');
    expect(gfe.disclaimers.disputeInformation).toContain('https://www.cms.gov/nosurprises');
    expect(gfe.disclaimers.notAContract).toContain('is not a contract');
    expect(JSON.parse(JSON.stringify(gfe))).toEqual(gfe);
  });

  it('refuses missing or invalid provider identifiers with the field named', () => {
    const bad = input();
    bad.providers[0]!.tin = '1234';
    expect(() => goodFaithEstimate(bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'providers.0.tin' }),
    );
    const noItems = input();
    noItems.providers[0]!.items = [];
    expect(() => goodFaithEstimate(noItems)).toThrow(
      expect.objectContaining({ field: 'providers.0.items' }),
    );
  });

  it('renders printable HTML with every value escaped', () => {
    const evil = input();
    evil.patient.lastName = '<script>alert("x")</script>';
    evil.providers[0]!.items[0]!.description = `Visit & "follow-up" <b>`;
    const html = renderGoodFaithEstimateHtml(goodFaithEstimate(evil));
    expect(html).not.toContain('<script>');
    expect(html).toContain('Ana &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Visit &amp; &quot;follow-up&quot; &lt;b&gt;');
    expect(html).toContain('Bone &amp; Joint Clinic');
    expect(html).toContain('<td class="money">$90.20</td>');
    expect(html).toContain('Total expected charges: $240.20');
    expect(html).toMatch(/^<!doctype html>/);
  });
});
