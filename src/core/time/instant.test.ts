import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS, parseIsoInstant, toIso } from './instant';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('parseIsoInstant', () => {
  it('parses UTC instants with or without seconds and fractions', () => {
    expect(iso(parseIsoInstant('2026-03-09T13:00:00.000Z'))).toBe('2026-03-09T13:00:00.000Z');
    expect(iso(parseIsoInstant('2026-03-09T13:00:00Z'))).toBe('2026-03-09T13:00:00.000Z');
    expect(iso(parseIsoInstant('2026-03-09T13:00Z'))).toBe('2026-03-09T13:00:00.000Z');
    expect(iso(parseIsoInstant('2026-03-09T13:00:00.5Z'))).toBe('2026-03-09T13:00:00.500Z');
  });

  it('applies any offset and answers in UTC', () => {
    expect(iso(parseIsoInstant('2026-03-09T09:00:00-04:00'))).toBe('2026-03-09T13:00:00.000Z');
    expect(iso(parseIsoInstant('2026-03-07T09:00:00-05:00'))).toBe('2026-03-07T14:00:00.000Z');
    expect(iso(parseIsoInstant('2026-03-09T18:30:00+05:30'))).toBe('2026-03-09T13:00:00.000Z');
  });

  it('refuses text without a zone, a date alone, or other formats', () => {
    expect(parseIsoInstant('2026-03-09T13:00:00')).toBeNull(); // local time: which zone?
    expect(parseIsoInstant('2026-03-09')).toBeNull();
    expect(parseIsoInstant('2026-03-09 13:00:00Z')).toBeNull();
    expect(parseIsoInstant('Mon, 09 Mar 2026 13:00:00 GMT')).toBeNull();
    expect(parseIsoInstant('')).toBeNull();
  });

  it('refuses impossible clock times and calendar dates', () => {
    expect(parseIsoInstant('2026-03-09T25:00:00Z')).toBeNull();
    expect(parseIsoInstant('2026-03-09T13:60:00Z')).toBeNull();
    expect(parseIsoInstant('2026-13-09T13:00:00Z')).toBeNull();
    // V8's Date.parse rolls 30 February over to 2 March; a booking must not move by two days.
    expect(parseIsoInstant('2026-02-30T10:00:00Z')).toBeNull();
    expect(parseIsoInstant('2026-04-31T10:00:00Z')).toBeNull();
    expect(parseIsoInstant('2026-02-29T10:00:00Z')).toBeNull();
    expect(iso(parseIsoInstant('2028-02-29T10:00:00Z'))).toBe('2028-02-29T10:00:00.000Z');
  });
});

describe('toIso', () => {
  it('writes epoch milliseconds as a UTC ISO string', () => {
    expect(toIso(Date.parse('2026-03-09T09:00:00-04:00'))).toBe('2026-03-09T13:00:00.000Z');
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('round-trips through parseIsoInstant', () => {
    const ms = Date.parse('2026-11-01T05:30:00.123Z');
    expect(parseIsoInstant(toIso(ms))).toBe(ms);
  });
});

describe('units', () => {
  it('defines a minute and an hour in milliseconds', () => {
    expect(MINUTE_MS).toBe(60_000);
    expect(HOUR_MS).toBe(60 * MINUTE_MS);
  });
});
