/**
 * Eligibility end to end: a verification queued by the API, sent by the background job through
 * the real CAQH CORE client over HTTP to the clearinghouse stand-in (which answers corpus 271s),
 * the answer stored raw and read, the estimate worked out from it, batches, retries, manual entry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEligibilityQueue } from '../../src/core/eligibility/service/verification';
import { clearinghouseFor } from '../../src/core/eligibility/service/verification';
import { parse270 } from '../../src/core/eligibility/parse270';
import {
  startClearinghouseStandIn,
  STANDIN_DEFAULTS,
  type ClearinghouseStandIn,
} from '../standins/clearinghouse';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let ch: ClearinghouseStandIn;
let c: ReturnType<typeof buildTinyClinic>;
let planId: number;
let payerId: number;

/** The job, as the host runs it, with no waiting between retries (the clock is ours). */
function runQueue() {
  return runEligibilityQueue({
    db: t.db,
    clock: () => t.now,
    port: clearinghouseFor(t.db, t.secrets, { sleep: () => Promise.resolve(), random: () => 0 }),
    publish: (e) => t.registry.publish(e),
  });
}

beforeEach(async () => {
  t = openTestApi();
  c = buildTinyClinic(t);
  ch = await startClearinghouseStandIn();
  t.call('clinic/update', { billingNpi: '1234567893', taxId: '12-3456789', phone: '512-555-0100' });
  payerId = t.call('payers/create', { name: 'MockPayer', clearinghousePayerId: 'MOCKPAYER' }).id;
  planId = t.call('plans/create', { payerId, name: 'Open Choice', productType: 'PPO' }).id;
  t.call('eligibility/setClearinghouse', {
    url: ch.url,
    senderId: STANDIN_DEFAULTS.senderId,
    receiverId: STANDIN_DEFAULTS.receiverId,
    username: STANDIN_DEFAULTS.username,
    password: STANDIN_DEFAULTS.password,
    maxAttempts: 2,
    ratePerMinute: 0,
  });
  // The stand-in answers member 00000000001 with the PokitDok MOCKPAYER 271: $20 office copay
  // in network, 50 % coinsurance out of network, deductibles $3,000 in / $6,000 out.
  t.call('coverages/save', {
    patientId: c.patient.id,
    coverage: { planId, memberId: '00000000001', priority: 1 },
  });
  t.call('fees/set', { visitTypeId: c.visit.id, allowed: 120 });
});
afterEach(async () => {
  await ch.close();
  t.close();
});

describe('verification through the clearinghouse', () => {
  it('queues, sends a valid 270 with persisted control numbers, stores the 271 and reads the benefits', async () => {
    const queued = t.call('eligibility/verify', { patientId: c.patient.id });
    expect(queued).toMatchObject({ status: 'queued', coverageStatus: null });
    expect(await runQueue()).toEqual({ claimed: 1, done: 1, failed: 0, retried: 0 });

    const check = t.call('eligibility/get', { checkId: queued.id });
    expect(check).toMatchObject({
      status: 'done',
      coverageStatus: 'active',
      planName: 'Open Choice',
      error: null,
    });
    expect(check.benefits).toContainEqual(
      expect.objectContaining({
        serviceType: '30',
        network: 'in',
        coverageLevel: 'individual',
        deductibleTotal: 3000,
        deductibleRemaining: 2983.57,
      }),
    );
    // What the desk reads out is mapped here, on the server: the renderer shows only this.
    expect(check.officeVisit).toMatchObject({
      deductibleTotal: 3000,
      deductibleRemaining: 2983.57,
    });
    // The 270 that went out is ours, parses back, and names the patient, member and service types.
    expect(ch.requests()).toHaveLength(1);
    const sent = parse270(check.requestX12!);
    expect(sent.controlNumbers.interchange).toBe('000000001');
    expect(sent.inquiries[0]!.subscriber).toMatchObject({
      memberId: '00000000001',
      party: { lastName: 'Lopez', firstName: 'Maria' },
      serviceTypes: ['30'],
    });
    expect(check.responseX12).toContain('EB*');

    // Control numbers never repeat: the next check uses interchange 2.
    t.call('eligibility/verify', { patientId: c.patient.id, dateOfService: '2026-03-09' });
    await runQueue();
    const second = t.call('eligibility/list', { patientId: c.patient.id })[0]!;
    const again = t.call('eligibility/get', { checkId: second.id });
    expect(parse270(again.requestX12!).controlNumbers.interchange).toBe('000000002');
  });

  it('turns the answer into the patient cost, each step in words', async () => {
    const appt = t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T10:00:00-05:00',
    });
    // Before any verification: no benefits, so no number — and it says why.
    const before = t.call('eligibility/estimate', { appointmentId: appt.id });
    expect(before.estimate!.patientAmount).toBeNull();
    t.call('eligibility/verify', { patientId: c.patient.id, appointmentId: appt.id });
    await runQueue();
    // Out of network (the provider has no network for this plan): the 271 gives service type 98 a
    // $30 copay whose network is "not applicable" (EB12 = W: it applies either way), and a copay
    // comes before deductible and coinsurance.
    const out = t.call('eligibility/estimate', { appointmentId: appt.id });
    expect(out).toMatchObject({ network: 'out', planName: 'MockPayer Open Choice' });
    expect(out.estimate).toMatchObject({ allowedAmount: 120, patientAmount: 30 });
    expect(out.estimate!.steps.join(' ')).toMatch(/[Cc]opay/);
    // In network: the $20 office-visit copay.
    t.call('providers/setNetworks', {
      providerId: c.providers[0]!.id,
      networks: [{ planId, effectiveFrom: '2025-01-01' }],
    });
    const inNet = t.call('eligibility/estimate', { appointmentId: appt.id });
    expect(inNet).toMatchObject({ network: 'in', estimate: { patientAmount: 20 } });
    expect(inNet.sayToCaller).toBe(
      'With MockPayer Open Choice, you will pay about $20.00 for this visit.',
    );
  });

  it('a payer rejection is stored with what to do, not lost', async () => {
    t.call('coverages/save', {
      patientId: c.patient2.id,
      coverage: { planId, memberId: 'NOTFOUND01', priority: 1 },
    });
    const q = t.call('eligibility/verify', { patientId: c.patient2.id });
    await runQueue();
    const r = t.call('eligibility/get', { checkId: q.id });
    expect(r.status).toBe('done');
    expect(r.error).toMatch(/member ID|subscriber/i);
    expect(r.rejections.length).toBeGreaterThan(0);
    expect(r.rejections[0]!.whatToDo.length).toBeGreaterThan(5);
  });

  it('retries a transient failure, then fails with a message; never retries a refused login', async () => {
    ch.failNext('receiverDown', 5);
    const q = t.call('eligibility/verify', { patientId: c.patient.id });
    expect(await runQueue()).toMatchObject({ retried: 1 });
    expect(t.call('eligibility/get', { checkId: q.id })).toMatchObject({
      status: 'queued',
      error: expect.stringMatching(/Retrying automatically/),
    });
    // Not due yet: the backoff holds it back.
    expect(await runQueue()).toMatchObject({ claimed: 0 });
    t.now += 60_000;
    expect(await runQueue()).toMatchObject({ failed: 1 });
    expect(t.call('eligibility/get', { checkId: q.id }).status).toBe('failed');

    ch.failNext('authFailure');
    const q2 = t.call('eligibility/verify', {
      patientId: c.patient.id,
      dateOfService: '2026-03-10',
    });
    expect(await runQueue()).toMatchObject({ failed: 1, retried: 0 });
    const failed = t.call('eligibility/get', { checkId: q2.id });
    expect(failed.error).not.toContain(STANDIN_DEFAULTS.password);
  });

  it('without a clearinghouse the check fails at once with what to do, and benefits can be entered by hand', () => {
    t.db.sqlite.exec('DELETE FROM clearinghouse_settings');
    const q = t.call('eligibility/verify', { patientId: c.patient.id });
    expect(q).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/No clearinghouse is set up/),
    });
    const coverage = t.call('coverages/list', { patientId: c.patient.id })[0]!;
    const m = t.call('eligibility/enterManual', {
      patientId: c.patient.id,
      coverageId: coverage.id,
      benefits: { coverage: 'active', network: 'in', copay: 35 },
    });
    expect(m).toMatchObject({ status: 'manual', source: 'manual', coverageStatus: 'active' });
    t.call('providers/setNetworks', {
      providerId: c.providers[0]!.id,
      networks: [{ planId, effectiveFrom: '2025-01-01' }],
    });
    const e = t.call('eligibility/estimate', {
      patientId: c.patient.id,
      visitTypeId: c.visit.id,
      providerId: c.providers[0]!.id,
    });
    expect(e.estimate!.patientAmount).toBe(35);
    expect(e.verification).toMatchObject({ source: 'manual' });
  });

  it('the password is sealed in the database and never returned', () => {
    const row = t.db.sqlite
      .prepare('SELECT password_sealed AS p FROM clearinghouse_settings')
      .get() as { p: string };
    expect(row.p).not.toContain(STANDIN_DEFAULTS.password);
    expect(JSON.stringify(t.call('eligibility/getClearinghouse', {}))).not.toContain(
      STANDIN_DEFAULTS.password,
    );
  });
});

describe('batch verification of the coming days', () => {
  it('verifies every booked appointment without a fresh answer, and skips self-pay and fresh ones', async () => {
    for (const [i, p] of [c.patient, c.patient2].entries())
      t.call('appointments/book', {
        patientId: p.id,
        providerId: c.providers[i]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: `2026-03-03T1${i}:00:00-05:00`,
      });
    const started = t.call('eligibility/startBatch', { days: 3 });
    expect(started).toMatchObject({ queued: 1, selfPay: 1, alreadyFresh: 0, appointments: 2 });
    expect(t.call('eligibility/batchStatus', { batchId: started.batchId })).toMatchObject({
      finished: false,
      counts: { queued: 1 },
    });
    await runQueue();
    const status = t.call('eligibility/batchStatus', { batchId: started.batchId });
    expect(status).toMatchObject({ finished: true, counts: { done: 1, failed: 0 } });
    expect(status.items[0]).toMatchObject({ patientName: 'Maria Lopez', coverageStatus: 'active' });
    // A second batch within the stale age finds the answer fresh.
    expect(t.call('eligibility/startBatch', { days: 3 })).toMatchObject({
      queued: 0,
      alreadyFresh: 1,
    });
    // After the stale age (72 h) it verifies again.
    t.now += 73 * 3_600_000;
    t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-06T10:00:00-05:00',
    });
    expect(t.call('eligibility/startBatch', { days: 3 }).queued).toBe(1);
  });

  it('a stopped batch sends nothing more', async () => {
    t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T10:00:00-05:00',
    });
    const b = t.call('eligibility/startBatch', { days: 2 });
    expect(t.call('eligibility/cancelBatch', { batchId: b.batchId })).toEqual({ stopped: 1 });
    expect(await runQueue()).toMatchObject({ claimed: 0 });
    expect(ch.requests()).toHaveLength(0);
  });
});

describe('Good Faith Estimate for a self-pay patient', () => {
  it('has the required items and prints as escaped HTML', () => {
    t.call('fees/set', { visitTypeId: c.visit.id, selfPay: 95 });
    const appt = t.call('appointments/book', {
      patientId: c.patient2.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-05T09:00:00-05:00',
    });
    const e = t.call('eligibility/estimate', { appointmentId: appt.id });
    expect(e).toMatchObject({ selfPay: true, estimate: { patientAmount: 95 } });
    const { gfe, html } = t.call('eligibility/goodFaithEstimate', { appointmentId: appt.id });
    expect(gfe).toMatchObject({
      patient: { name: 'John Smith', dateOfBirth: '1975-01-02' },
      serviceDates: { from: '2026-03-05', to: '2026-03-05' },
      totalExpectedCharges: 95,
      contact: { name: 'Test Clinic' },
    });
    expect(gfe.providers[0]).toMatchObject({
      name: 'Ana Patel, MD',
      tin: expect.stringMatching(/^12-?3456789$/),
    });
    expect(html).toContain('Good Faith Estimate');
    expect(html).toContain('$400');
    expect(html).not.toContain('<script');
  });
});
