/**
 * The clinic's no-show model over its own database: trained on closed appointments, switched on
 * only with at least 2,000 of them and a held-out AUC of at least 0.65 (the reason stored in
 * words), retrained weekly by the job runner, and shown to staff as a band in the call queue,
 * riskiest first. Clinic: New York, three providers; "now" is Monday 2026-03-02 08:00.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startClinicJobRunner } from '../../src/core/host/leasedJobs';
import {
  noShowModelStatus,
  noShowRisks,
  retrainNoShowModel,
  runNoShowRetrain,
} from '../../src/core/reports/service/noshow';
import { DAY, noShowClinic } from '../helpers/noshowClinic';
import { openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
afterEach(() => t?.close());

function clinic(p: { closed: number; signal: boolean }) {
  t = openTestApi();
  return noShowClinic(t, p);
}

describe('training on the clinic’s closed appointments', () => {
  it('stays off below 2,000 closed appointments; the reason says why; no band is shown', () => {
    const { upcoming } = clinic({ closed: 1_500, signal: true });
    const id = upcoming(0, 14, 30);
    const out = retrainNoShowModel(t.db, t.now);
    expect(out.enabled).toBe(false);
    expect(noShowModelStatus(t.db)).toMatchObject({
      closedAppointments: 1_500,
      heldOutAuc: null,
      enabled: false,
      trainedMs: t.now,
      reason:
        'Off: the clinic has 1,500 closed appointments; the risk score needs at least 2,000 to be trained and checked.',
    });
    expect(noShowRisks(t.db, [id], t.now).size).toBe(0);
    const queue = t.call('callQueue/list', {});
    expect(queue.items.map((i) => i.riskBand)).toEqual([null]);
  });

  it('switches on with ≥ 2,000 closed visits that it ranks well, and bands upcoming visits', () => {
    const { upcoming } = clinic({ closed: 2_400, signal: true });
    // Patient 1 (unreliable, booked 30 days ahead) and patient 40 (reliable, booked yesterday).
    const risky = upcoming(1, 14, 30);
    const safe = upcoming(40, 15, 1);
    const out = retrainNoShowModel(t.db, t.now);
    expect(out.enabled).toBe(true);
    expect(out.heldOutAuc).toBeGreaterThanOrEqual(0.65);
    expect(noShowModelStatus(t.db)!.reason).toMatch(
      /^On: trained on 1,920 closed appointments, it ranked the next 480 with AUC 0\.\d{3} \(at least 0\.65 needed\)\.$/,
    );
    const risks = noShowRisks(t.db, [risky, safe], t.now);
    expect(risks.get(risky)!.probability).toBeGreaterThan(risks.get(safe)!.probability);
    expect(risks.get(risky)!.band).toBe('high');
    expect(risks.get(safe)!.band).toBe('low');

    // The call queue lists both (unconfirmed), riskiest first, with the band.
    const queue = t.call('callQueue/list', {});
    expect(queue.items.map((i) => [i.appointmentId, i.riskBand])).toEqual([
      [risky, 'high'],
      [safe, 'low'],
    ]);
  });

  it('stays off when outcomes are coin flips (held-out AUC below 0.65), with the AUC in words', () => {
    const { upcoming } = clinic({ closed: 2_400, signal: false });
    const id = upcoming(1, 14, 35);
    const out = retrainNoShowModel(t.db, t.now);
    expect(out.enabled).toBe(false);
    expect(out.heldOutAuc).toBeLessThan(0.65);
    expect(noShowModelStatus(t.db)!.reason).toMatch(/below the 0\.65 needed to be useful\.$/);
    expect(noShowRisks(t.db, [id], t.now).size).toBe(0);
  });
});

describe('the reminder policy’s extra touchpoint for high-risk visits', () => {
  it('plans it when a booking is rated high, and writes nothing for an ordinary one', () => {
    const { c, patients } = clinic({ closed: 2_400, signal: true });
    expect(retrainNoShowModel(t.db, t.now).enabled).toBe(true);
    const current = t.call('reminders/getPolicy', {});
    t.call('reminders/setPolicy', {
      policy: {
        ...current.policy,
        touchpoints: [
          ...current.policy.touchpoints,
          {
            key: 'call-48h-high-risk',
            kind: 'reminder',
            offsetMinutes: 48 * 60,
            channels: ['sms', 'voice'],
            usefulUntilMinutesBefore: 24 * 60,
            requiresReply: true,
            onlyForHighRisk: true,
          },
        ],
      },
    });
    const book = (patientId: number, start: string) =>
      t.call('appointments/book', {
        patientId,
        providerId: c.providers[0]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start,
      }).id;
    // Booked a month ahead by an unreliable patient; the next day by a reliable one.
    const risky = book(patients[1]!, '2026-04-01T10:00:00-04:00');
    const ordinary = book(patients[40]!, '2026-03-03T11:00:00-05:00');
    expect(noShowRisks(t.db, [risky], t.now).get(risky)!.band).toBe('high');
    const keys = (id: number) =>
      (
        t.db.sqlite
          .prepare('SELECT touchpoint_key AS k FROM reminders WHERE appointment_id = ?')
          .all(id) as { k: string }[]
      ).map((r) => r.k);
    expect(keys(risky)).toContain('call-48h-high-risk');
    expect(keys(ordinary)).not.toContain('call-48h-high-risk');
  });
});

describe('weekly retraining', () => {
  it('trains when there is no model, not again within the week, again once it is a week old', () => {
    clinic({ closed: 100, signal: true });
    expect(runNoShowRetrain(t.db, t.now)).toBe(true);
    expect(runNoShowRetrain(t.db, t.now + 6 * DAY)).toBe(false);
    expect(runNoShowRetrain(t.db, t.now + 7 * DAY)).toBe(true);
    const rows = t.db.sqlite
      .prepare('SELECT trained_ms AS at FROM no_show_models ORDER BY id')
      .all();
    expect(rows).toEqual([{ at: t.now }, { at: t.now + 7 * DAY }]);
  });

  it('runs as one of the clinic jobs and tells open windows', async () => {
    clinic({ closed: 100, signal: true });
    const topics: string[] = [];
    const off = t.registry.onChange((e) => topics.push(e.topic));
    const jobs = startClinicJobRunner({
      db: t.db,
      registry: t.registry,
      secrets: t.secrets,
      clock: () => t.now,
    });
    try {
      await jobs.runNow('noshowModel');
      expect(noShowModelStatus(t.db)).toMatchObject({ closedAppointments: 100, enabled: false });
      expect(topics).toEqual(expect.arrayContaining(['reports', 'callQueue']));
      topics.length = 0;
      await jobs.runNow('noshowModel');
      expect(topics).toEqual([]);
    } finally {
      await jobs.stop();
      off();
    }
  });
});
