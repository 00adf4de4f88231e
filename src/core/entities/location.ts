import { z } from 'zod';
import type { locations } from '../db/schema';
import { id, optionalText, phone, trimmed, usState, zip, type Brand } from './common';
import { versionField } from './provider';

export type LocationId = Brand<number, 'LocationId'>;

export const locationCreateInput = z.object({
  name: trimmed('location name', 100),
  address1: trimmed('address', 200),
  address2: optionalText('address line 2'),
  city: trimmed('city', 100),
  state: usState,
  zip,
  lat: z
    .number()
    .min(-90, 'latitude must be between -90 and 90')
    .max(90, 'latitude must be between -90 and 90')
    .nullable()
    .optional(),
  lon: z
    .number()
    .min(-180, 'longitude must be between -180 and 180')
    .max(180, 'longitude must be between -180 and 180')
    .nullable()
    .optional(),
  phone: phone('location phone').nullable().optional(),
});
export type LocationCreateInput = z.output<typeof locationCreateInput>;

/** Only the fields given change; the others keep their values. */
export const locationUpdateInput = locationCreateInput
  .partial()
  .extend({ id: id('location'), version: versionField })
  .strict();
export type LocationUpdateInput = z.output<typeof locationUpdateInput>;

export interface Location {
  id: LocationId;
  name: string;
  address1: string;
  address2: string | null;
  city: string;
  state: string;
  zip: string;
  lat: number | null;
  lon: number | null;
  phone: string | null;
  active: boolean;
  /** Bumped by every save; send it back with an edit so a stale one is refused. */
  version: number;
}

export function locationFromRow(r: typeof locations.$inferSelect): Location {
  return {
    id: r.id as LocationId,
    name: r.name,
    address1: r.address1,
    address2: r.address2,
    city: r.city,
    state: r.state,
    zip: r.zip,
    lat: r.lat,
    lon: r.lon,
    phone: r.phone,
    active: r.active,
    version: r.version,
  };
}

export const locationIdInput = id('location');
