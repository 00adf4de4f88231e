import { describe, expect, it } from 'vitest';
import { localToInstant, offsetAt } from '../time';
import { localSpans, offsetSegments } from './metrics';

const HOUR = 3_600_000;
const DAY = 86_400_000;

function spansOf(zone: string, from: string, to: string, bucketMs: number) {
  const fromMs = localToInstant(zone, from, 0);
  const toMs = localToInstant(zone, to, 0);
  return {
    fromMs,
    toMs,
    spans: localSpans(offsetSegments(zone, fromMs, toMs), fromMs, toMs, bucketMs),
  };
}

describe('local spans for the reports’ probes', () => {
  it('cut a span into whole local days, 23 and 25 hours long on the DST days', () => {
    // New York, 7–10 March 2026 (spring forward on the 8th) and 31 Oct–3 Nov (fall back on 1 Nov).
    const spring = spansOf('America/New_York', '2026-03-07', '2026-03-10', DAY);
    expect(spring.spans.map((s) => (s.toMs - s.fromMs) / HOUR)).toEqual([24, 23, 24]);
    const fall = spansOf('America/New_York', '2026-10-31', '2026-11-03', DAY);
    expect(fall.spans.map((s) => (s.toMs - s.fromMs) / HOUR)).toEqual([24, 25, 24]);
    // 2026-03-07 is day 20519 since 1970-01-01.
    expect(spring.spans.map((s) => s.bucket)).toEqual([20519, 20520, 20521]);
  });

  it('give every instant the bucket its own offset gives it, with no gap or overlap', () => {
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC']) {
      const { fromMs, toMs, spans } = spansOf(zone, '2026-03-01', '2026-11-30', HOUR);
      expect(spans[0]!.fromMs).toBe(fromMs);
      expect(spans[spans.length - 1]!.toMs).toBe(toMs);
      for (let i = 0; i < spans.length; i++) {
        const s = spans[i]!;
        if (i > 0) expect(s.fromMs).toBe(spans[i - 1]!.toMs);
        for (const t of [s.fromMs, s.toMs - 60_000]) {
          expect(Math.floor((t + offsetAt(zone, t) * 60_000) / HOUR), `${zone} ${t}`).toBe(
            s.bucket,
          );
        }
      }
    }
  });

  it('makes the repeated 01:00 hour of the autumn change one two-hour span', () => {
    const { spans } = spansOf('America/New_York', '2026-11-01', '2026-11-02', HOUR);
    expect(spans).toHaveLength(24);
    const oneAm = spans.filter((s) => s.bucket % 24 === 1);
    expect(oneAm).toHaveLength(1);
    expect(oneAm[0]!.toMs - oneAm[0]!.fromMs).toBe(2 * HOUR);
    expect(oneAm[0]!.fromMs).toBe(Date.parse('2026-11-01T05:00:00Z'));
  });
});
