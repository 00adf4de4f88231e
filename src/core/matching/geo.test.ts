import { describe, expect, it } from 'vitest';
import { formatMiles, isKnownZip, locationPoint, milesBetween, zipCentroid } from './geo';

describe('ZIP centroids and miles', () => {
  it('knows Cambridge MA and cuts ZIP+4 to five digits', () => {
    const a = zipCentroid('02139');
    expect(a).not.toBeNull();
    expect(a!.lat).toBeCloseTo(42.36, 1);
    expect(zipCentroid('02139-4307')).toEqual(a);
  });

  it('has no centroid for a ZIP with no ZCTA', () => {
    expect(zipCentroid('00000')).toBeNull();
    expect(isKnownZip('99999')).toBe(false);
    expect(zipCentroid(null)).toBeNull();
  });

  it('measures great-circle miles (Boston City Hall ZIP to Cambridge ≈ 2–4 mi, Boston–NYC ≈ 190 mi)', () => {
    const cambridge = zipCentroid('02139')!;
    const boston = zipCentroid('02108')!;
    const nyc = zipCentroid('10001')!;
    expect(milesBetween(cambridge, boston)).toBeGreaterThan(1.5);
    expect(milesBetween(cambridge, boston)).toBeLessThan(4);
    expect(milesBetween(boston, nyc)).toBeGreaterThan(180);
    expect(milesBetween(boston, nyc)).toBeLessThan(200);
    expect(milesBetween(boston, boston)).toBe(0);
  });

  it('prefers a location’s own coordinates to its ZIP', () => {
    expect(locationPoint({ lat: 1, lon: 2, zip: '02139' })).toEqual({ lat: 1, lon: 2 });
    expect(locationPoint({ lat: null, lon: null, zip: '02139' })).toEqual(zipCentroid('02139'));
  });

  it('writes miles for people', () => {
    expect(formatMiles(3.24)).toBe('3.2 mi');
    expect(formatMiles(12.6)).toBe('13 mi');
  });
});
