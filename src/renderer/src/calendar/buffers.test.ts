import { describe, expect, it } from 'vitest';
import { bufferAt, bufferSpans, type VisitTypeBuffers } from './buffers';

const ECHO: VisitTypeBuffers = {
  id: 17,
  name: 'Echocardiogram',
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
};
const STRESS: VisitTypeBuffers = {
  id: 18,
  name: 'Exercise Stress Test',
  bufferBeforeMinutes: 15,
  bufferAfterMinutes: 15,
};
const FOLLOW_UP: VisitTypeBuffers = {
  id: 2,
  name: 'Follow-up Visit',
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
};
const TYPES = new Map([ECHO, STRESS, FOLLOW_UP].map((v) => [v.id, v]));

const appt = (over: Partial<Parameters<typeof bufferSpans>[0][number]>) => ({
  id: 1,
  providerId: 7,
  visitTypeId: ECHO.id,
  start: '2026-03-02T14:00:00.000Z',
  end: '2026-03-02T15:00:00.000Z',
  status: 'booked',
  patientName: 'Maria Lopez',
  ...over,
});

describe('visit-type buffers on the calendar', () => {
  it('draws the time after (and before) a visit that its visit type keeps free', () => {
    expect(
      bufferSpans(
        [
          appt({}),
          appt({
            id: 2,
            visitTypeId: STRESS.id,
            start: '2026-03-02T17:00:00.000Z',
            end: '2026-03-02T18:00:00.000Z',
          }),
        ],
        TYPES,
      ),
    ).toEqual([
      {
        appointmentId: 1,
        providerId: 7,
        side: 'after',
        start: '2026-03-02T15:00:00.000Z',
        end: '2026-03-02T15:15:00.000Z',
        minutes: 15,
        words: "15 min buffer after Maria Lopez's Echocardiogram: not bookable",
      },
      expect.objectContaining({
        appointmentId: 2,
        side: 'before',
        start: '2026-03-02T16:45:00.000Z',
        end: '2026-03-02T17:00:00.000Z',
      }),
      expect.objectContaining({
        appointmentId: 2,
        side: 'after',
        start: '2026-03-02T18:00:00.000Z',
        end: '2026-03-02T18:15:00.000Z',
      }),
    ]);
  });

  it('draws nothing for a visit type without buffers, a no-show, or an unknown visit type', () => {
    expect(
      bufferSpans(
        [
          appt({ visitTypeId: FOLLOW_UP.id }),
          appt({ id: 2, status: 'no_show' }),
          appt({ id: 3, status: 'cancelled' }),
          appt({ id: 4, visitTypeId: 99 }),
        ],
        TYPES,
      ),
    ).toEqual([]);
  });

  it('keeps a completed or arrived visit’s buffer: it still holds the provider’s time', () => {
    expect(
      bufferSpans([appt({ status: 'completed' }), appt({ id: 2, status: 'arrived' })], TYPES),
    ).toHaveLength(2);
  });

  it('finds the buffer under a click, for the right provider, never the moving visit’s own', () => {
    const spans = bufferSpans([appt({})], TYPES);
    expect(bufferAt(spans, 7, '2026-03-02T15:10:00.000Z')?.appointmentId).toBe(1);
    expect(bufferAt(spans, 7, '2026-03-02T15:15:00.000Z')).toBeUndefined();
    expect(bufferAt(spans, 8, '2026-03-02T15:10:00.000Z')).toBeUndefined();
    expect(bufferAt(spans, 7, '2026-03-02T15:10:00.000Z', 1)).toBeUndefined();
  });
});
