/**
 * The daily TNAA job: it measures each date once, as of that date's start, and after days with
 * the PC off it fills in the missed dates with the bookings as they stood then. Clinic: New York,
 * three providers Mon–Fri 09:00–17:00 with a 12:00–13:00 lunch, 15-minute slot grid.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startClinicJobRunner } from '../../src/core/host/leasedJobs';
import { runTnaaCatchUp } from '../../src/core/reports/service/tnaa';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
afterEach(() => t?.close());

const ms = (iso: string) => Date.parse(iso);
let code = 0;

function clinic() {
  t = openTestApi(); // Monday 2026-03-02 08:00 New York
  const c = buildTinyClinic(t);
  const insert = t.db.sqlite.prepare(
    `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id,
       start_ms, end_ms, status, cancelled_by, cancelled_ms, booked_by, booked_from, created_ms, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', 'test', ?, ?)`,
  );
  /** Fills Ana's whole working day (EST dates: 09:00 = 14:00Z). */
  const fillAnaDay = (
    date: string,
    p: { created: string; status?: string; cancelled?: string; utcHour?: number },
  ) => {
    const h = p.utcHour ?? 14;
    for (const [from, to] of [
      [h, h + 3],
      [h + 4, h + 8],
    ] as const) {
      insert.run(
        `T${code++}`,
        c.patient.id,
        c.providers[0]!.id,
        c.loc.id,
        c.visit.id,
        ms(`${date}T${String(from).padStart(2, '0')}:00:00Z`),
        ms(`${date}T${String(to).padStart(2, '0')}:00:00Z`),
        p.status ?? 'booked',
        p.cancelled ? 'patient (via test)' : null,
        p.cancelled ? ms(p.cancelled) : null,
        ms(p.created),
        ms(p.cancelled ?? p.created),
      );
    }
  };
  const history = () =>
    t.db.sqlite
      .prepare(
        `SELECT date, days FROM tnaa_history WHERE provider_id = ? AND visit_type_id = ? ORDER BY date`,
      )
      .all(c.providers[0]!.id, c.visit.id) as { date: string; days: number | null }[];
  return { c, fillAnaDay, history };
}

describe('TNAA job', () => {
  it('runs as one of the clinic jobs, and tells open windows when it measured', async () => {
    const { history } = clinic();
    const topics: string[] = [];
    const off = t.registry.onChange((e) => topics.push(e.topic));
    const jobs = startClinicJobRunner({
      db: t.db,
      registry: t.registry,
      secrets: t.secrets,
      clock: () => t.now,
    });
    try {
      await jobs.runNow('tnaa');
      expect(history()).toEqual([{ date: '2026-03-02', days: 0 }]);
      expect(topics).toContain('reports');
    } finally {
      await jobs.stop();
      off();
    }
  });

  it('measures today on a new clinic, each provider × the visit types they may see', () => {
    const { c, history } = clinic();
    expect(runTnaaCatchUp(t.db, t.now)).toEqual(['2026-03-02']);
    // Monday from 00:00: 09:00, 09:15, 09:30 are open: the third is today.
    expect(history()).toEqual([{ date: '2026-03-02', days: 0 }]);
    const rows = t.db.sqlite
      .prepare('SELECT provider_id AS p, visit_type_id AS v FROM tnaa_history ORDER BY p, v')
      .all() as { p: number; v: number }[];
    // "New patient" is for family medicine: Ana and Ben, not Carla (cardiology).
    const [ana, ben, carla] = c.providers.map((p) => p.id);
    expect(rows).toEqual([
      { p: ana, v: c.visit.id },
      { p: ana, v: c.newVisit.id },
      { p: ben, v: c.visit.id },
      { p: ben, v: c.newVisit.id },
      { p: carla, v: c.visit.id },
    ]);
    // The same day again: nothing new to measure.
    expect(runTnaaCatchUp(t.db, t.now + 3_600_000)).toEqual([]);
  });

  it('after days with the PC off, measures each missed date as the bookings stood that morning', () => {
    const { fillAnaDay, history } = clinic();
    expect(runTnaaCatchUp(t.db, t.now)).toEqual(['2026-03-02']);
    // Booked on Monday: Tuesday full.
    fillAnaDay('2026-03-03', { created: '2026-03-02T15:00:00Z' });
    // Wednesday filled only on Wednesday at 10:00: as of Wednesday's start it was open.
    fillAnaDay('2026-03-04', { created: '2026-03-04T15:00:00Z' });
    // Thursday full since Monday, cancelled on Thursday at noon: as of that morning, full.
    fillAnaDay('2026-03-05', {
      created: '2026-03-02T15:00:00Z',
      status: 'cancelled',
      cancelled: '2026-03-05T17:00:00Z',
    });
    // The PC was off Tuesday and Wednesday; it starts on Thursday afternoon.
    t.now = ms('2026-03-05T19:00:00Z');
    expect(runTnaaCatchUp(t.db, t.now)).toEqual(['2026-03-03', '2026-03-04', '2026-03-05']);
    expect(history()).toEqual([
      { date: '2026-03-02', days: 0 },
      { date: '2026-03-03', days: 1 }, // Tuesday full: the third opening is Wednesday
      { date: '2026-03-04', days: 0 }, // not yet booked that morning
      { date: '2026-03-05', days: 1 }, // still full that morning: Friday
    ]);
    const trend = t.call('reports/tnaa', { from: '2026-03-01', to: '2026-03-05' });
    expect(trend.targetDays).toBe(3);
    expect(trend.points.map((p) => p.date)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ]);
    expect(trend.points[1]).toMatchObject({ maxDays: 1, measured: 5 });
    expect(trend.latest.date).toBe('2026-03-05');
  });

  it('counts calendar days across the DST change and measures from local midnight', () => {
    const { fillAnaDay, history } = clinic();
    // Friday 6 March full (booked Monday); measured from Friday: the third opening is Monday 9
    // March 09:30 EDT, three calendar days later although only 71 hours pass.
    fillAnaDay('2026-03-06', { created: '2026-03-02T15:00:00Z' });
    t.now = ms('2026-03-06T14:00:00Z');
    runTnaaCatchUp(t.db, t.now);
    t.now = ms('2026-03-09T13:00:00Z'); // Monday 09:00 EDT
    expect(runTnaaCatchUp(t.db, t.now)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    const h = Object.fromEntries(history().map((r) => [r.date, r.days]));
    expect(h['2026-03-06']).toBe(3);
    expect(h['2026-03-07']).toBe(2);
    expect(h['2026-03-08']).toBe(1);
    expect(h['2026-03-09']).toBe(0);
    const asOf = t.db.sqlite
      .prepare(
        `SELECT date, as_of_ms AS ms FROM tnaa_history WHERE date IN ('2026-03-08','2026-03-09') GROUP BY date`,
      )
      .all() as { date: string; ms: number }[];
    expect(asOf.map((r) => new Date(r.ms).toISOString())).toEqual([
      '2026-03-08T05:00:00.000Z', // midnight EST
      '2026-03-09T04:00:00.000Z', // midnight EDT
    ]);
  });
});
