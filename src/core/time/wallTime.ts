/** Minutes after local midnight, written "HH:MM" in templates ("09:00" -> 540). */
export type WallMinutes = number;

const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export function isWallTime(value: string): boolean {
  return HHMM_RE.test(value);
}

export function parseWallTime(value: string): WallMinutes {
  if (!isWallTime(value)) throw new RangeError(`not a time of day (HH:MM, 00:00–24:00): ${value}`);
  const [h, m] = value.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function formatWallTime(minutes: WallMinutes): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
