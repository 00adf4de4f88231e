import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type ClinicDb } from '../../src/core/db/open';
import { listProviders } from '../../src/core/db/repos/directory';
import { loadSchedules } from '../../src/core/db/repos/schedules';
import { buildTinyClinic, FAMILY, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let other: ClinicDb | undefined;
afterEach(() => {
  other?.close();
  other = undefined;
  t?.close();
});

describe('in-memory copies of the directory and schedules', () => {
  it('see a provider added on the same connection at once', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    expect(listProviders(t.db)).toHaveLength(3);
    t.call('providers/create', {
      firstName: 'Dana',
      lastName: 'Adams',
      taxonomyCode: FAMILY,
      locationIds: [c.loc.id],
    });
    expect(listProviders(t.db).map((p) => p.lastName)).toContain('Adams');
  });

  it('see changes committed by another process (another connection to the same file)', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const ana = c.providers[0]!;
    expect(loadSchedules(t.db, [ana.id]).get(ana.id)!.timeOff).toEqual([]);
    expect(listProviders(t.db)).toHaveLength(3);
    other = openDatabase({ file: path.join(t.dir, 'clinicdesk.db'), durability: 'normal' });
    other.sqlite.prepare(`UPDATE providers SET last_name = 'Patel-Shah' WHERE id = ?`).run(ana.id);
    other.sqlite
      .prepare(
        'INSERT INTO time_off (provider_id, start_ms, end_ms, created_ms) VALUES (?, 1000, 2000, 0)',
      )
      .run(ana.id);
    expect(listProviders(t.db).find((p) => p.id === ana.id)!.lastName).toBe('Patel-Shah');
    expect(loadSchedules(t.db, [ana.id]).get(ana.id)!.timeOff).toEqual([
      { start: 1000, end: 2000 },
    ]);
  });

  it('do not keep what a rolled-back write showed', () => {
    t = openTestApi();
    const c = buildTinyClinic(t);
    const tx = t.db.sqlite.transaction(() => {
      t.db.sqlite
        .prepare(`UPDATE providers SET last_name = 'Ghost' WHERE id = ?`)
        .run(c.providers[0]!.id);
      // Read inside the transaction: the copy now holds the uncommitted name.
      expect(listProviders(t.db).some((p) => p.lastName === 'Ghost')).toBe(true);
      throw new Error('roll back');
    });
    expect(() => tx.immediate()).toThrow('roll back');
    // The next commit must not make the rolled-back copy look fresh again (a counter would come
    // back to the same value here; the random token does not).
    t.call('providers/create', {
      firstName: 'Eve',
      lastName: 'Baker',
      taxonomyCode: FAMILY,
      locationIds: [c.loc.id],
    });
    expect(listProviders(t.db).some((p) => p.lastName === 'Ghost')).toBe(false);
  });
});
