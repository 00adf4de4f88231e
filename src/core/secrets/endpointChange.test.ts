import { describe, expect, it } from 'vitest';
import { changedEndpointFields, secretAfterEndpointChange } from './endpointChange';

const seal = (s: string) => `sealed(${s})`;

describe('a saved secret follows only its own endpoint', () => {
  it('is kept when nothing about the address changed (a trailing slash or case is no change)', () => {
    const r = secretAfterEndpointChange({
      endpointBefore: { url: 'https://api.twilio.com/', sid: 'AC1' },
      endpointAfter: { url: 'https://API.twilio.com', sid: 'AC1' },
      sealedBefore: 'sealed(old)',
      secret: undefined,
      seal,
    });
    expect(r).toEqual({ sealed: 'sealed(old)', cleared: false, changed: [] });
  });

  it('is dropped when the address changes and no new one is given', () => {
    const r = secretAfterEndpointChange({
      endpointBefore: { host: 'smtp.clinic.example', port: 587, user: 'desk' },
      endpointAfter: { host: 'smtp.elsewhere.example', port: 587, user: 'desk' },
      sealedBefore: 'sealed(old)',
      secret: undefined,
      seal,
    });
    expect(r).toEqual({ sealed: null, cleared: true, changed: ['host'] });
  });

  it('a new secret typed with the new address is sealed and stored', () => {
    const r = secretAfterEndpointChange({
      endpointBefore: { host: 'a', port: 25 },
      endpointAfter: { host: 'a', port: 465 },
      sealedBefore: 'sealed(old)',
      secret: 'new',
      seal,
    });
    expect(r).toEqual({ sealed: 'sealed(new)', cleared: false, changed: ['port'] });
  });

  it('no saved endpoint yet: nothing counts as changed', () => {
    expect(changedEndpointFields(null, { url: 'x' })).toEqual([]);
  });
});
