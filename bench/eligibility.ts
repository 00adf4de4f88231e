/**
 * How fast parse271 reads the corpus 271s (../shared/data/x12/271). Target: ≥ 2,000 parses/s.
 * `npx tsx bench/eligibility.ts` prints the figure; bench/run.ts can call benchParse271().
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse271 } from '../src/core/eligibility';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.resolve(here, '..', '../shared/data/x12/271');

export async function benchParse271(
  durationMs = 2000,
): Promise<{ parse271PerSec: number; files: number }> {
  if (!fs.existsSync(corpusDir)) {
    throw new Error(`benchParse271 needs the X12 corpus at ${corpusDir}`);
  }
  const texts = fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.271'))
    .map((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8'));
  for (const t of texts) parse271(t); // warm-up, and fail early on a broken file
  let parses = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (const t of texts) parse271(t);
    parses += texts.length;
    elapsed = performance.now() - start;
    // Yield now and then so a caller's timers and I/O are not starved for 2 s.
    if (parses % (texts.length * 50) === 0) await new Promise((r) => setImmediate(r));
  }
  return { parse271PerSec: Math.round((parses * 1000) / elapsed), files: texts.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await benchParse271();
  console.log(
    `parse271: ${r.parse271PerSec.toLocaleString('en-US')} parses/s over ${r.files} corpus files (target ≥ 2,000)`,
  );
}

/**
 * eligibility.batch100Sec: a batch of 100 appointments verified through the job, the real CORE
 * client and the clearinghouse stand-in over loopback HTTP, with pacing off (ratePerMinute 0).
 */
export async function benchBatch100(): Promise<{ batch100Sec: number }> {
  const { openTestApi, buildTinyClinic } = await import('../test/helpers/tinyClinic');
  const { startClearinghouseStandIn, STANDIN_DEFAULTS } =
    await import('../test/standins/clearinghouse');
  const { clearinghouseFor, runEligibilityQueue } =
    await import('../src/core/eligibility/service/verification');
  const t = openTestApi();
  const ch = await startClearinghouseStandIn();
  try {
    const c = buildTinyClinic(t);
    t.call('clinic/update', { billingNpi: '1234567893', taxId: '123456789' });
    const payer = t.call('payers/create', { name: 'MockPayer', clearinghousePayerId: 'MOCKPAYER' });
    const plan = t.call('plans/create', { payerId: payer.id, name: 'Open Choice' });
    t.call('eligibility/setClearinghouse', {
      url: ch.url,
      senderId: STANDIN_DEFAULTS.senderId,
      receiverId: STANDIN_DEFAULTS.receiverId,
      username: STANDIN_DEFAULTS.username,
      password: STANDIN_DEFAULTS.password,
      ratePerMinute: 0,
    });
    // 100 patients, one appointment each over the next three days (three providers, 09:00–17:00).
    for (let i = 0; i < 100; i++) {
      const p = t.call('patients/create', {
        firstName: `Bench${i}`,
        lastName: 'Batch',
        dateOfBirth: '1970-01-01',
      });
      t.call('coverages/save', {
        patientId: p.id,
        coverage: { planId: plan.id, memberId: '00000000001' },
      });
      const day = 3 + Math.floor(i / 42);
      const slot = i % 42;
      const minute = 9 * 60 + (slot % 14) * 30 + (slot % 14 >= 6 ? 60 : 0);
      const hh = String(Math.floor(minute / 60) + 5).padStart(2, '0');
      const mm = String(minute % 60).padStart(2, '0');
      t.call('appointments/book', {
        patientId: p.id,
        providerId: c.providers[Math.floor(slot / 14)]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: `2026-03-0${day}T${hh}:${mm}:00Z`,
      });
    }
    const started = performance.now();
    const batch = t.call('eligibility/startBatch', { days: 5 });
    const port = clearinghouseFor(t.db, t.secrets);
    for (let guard = 0; guard < 100; guard++) {
      await runEligibilityQueue({
        db: t.db,
        clock: () => t.now,
        port,
        publish: () => {},
        limit: 50,
        concurrency: 8,
      });
      if (t.call('eligibility/batchStatus', { batchId: batch.batchId }).finished) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const status = t.call('eligibility/batchStatus', { batchId: batch.batchId });
    if (status.counts.done !== 100)
      throw new Error(`batch bench: ${JSON.stringify(status.counts)} of ${batch.queued}`);
    return { batch100Sec: seconds };
  } finally {
    await ch.close();
    t.close();
  }
}
