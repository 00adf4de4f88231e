import { afterEach, describe, expect, it } from 'vitest';
import { readBusy } from '../../src/core/db/repos/appointments';
import { visitTypeBuffers } from '../../src/core/db/repos/directory';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
afterEach(() => t?.close());

describe('the busy-time read', () => {
  it('looks back as far as the longest appointment, so a long one that began earlier still blocks', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const ana = c.providers[0]!;
    // 05:00–10:30 New York: started five and a half hours before the window below.
    t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: ana.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T05:00:00-05:00',
      end: '2026-03-03T10:30:00-05:00',
      overbook: { reason: 'infusion chair, all morning' },
    });
    expect(t.db.sqlite.prepare('SELECT longest_ms AS ms FROM appointment_span').get()).toEqual({
      ms: 5.5 * 3_600_000,
    });
    const window = {
      start: Date.parse('2026-03-03T15:00:00Z'),
      end: Date.parse('2026-03-03T16:00:00Z'),
    };
    const busy = readBusy(t.db, [ana.id], window, visitTypeBuffers(t.db)).get(ana.id) ?? [];
    expect(
      busy.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()]),
    ).toEqual([['2026-03-03T10:00:00.000Z', '2026-03-03T15:30:00.000Z']]);
    // And the slot engine agrees: Ana's first opening that Tuesday is 10:30.
    const open = t.call('availability/firstOpenings', {
      visitTypeId: c.visit.id,
      providerIds: [ana.id],
      from: '2026-03-03',
      to: '2026-03-03',
      limit: 1,
    });
    expect(open.slots.map((s) => s.localTime)).toEqual(['10:30']);
  });
});
