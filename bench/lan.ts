/**
 * lan.booking.p95Ms: five front desks booking at once across a real network boundary (target
 * ≤ 50 ms). The host runs from source in one network namespace serving its network card over
 * HTTPS; the desks (bench/lanDesks.mjs, plain Node over node:https) run in another, joined by a
 * veth pair (test/helpers/netns.ts). Each desk signs in, then books its 20 slots one after
 * another; the figure is the 95th percentile of the 100 round trips. Needs root and iproute2.
 * `npx tsx bench/lan.ts` prints it; bench/run.ts calls benchLanBooking() under `--only lan`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const DESKS = 5;
const PER_DESK = 20;

export async function benchLanBooking(): Promise<
  { p95Ms: number; medianMs: number; bookings: number; failures: string[] } | { skipped: string }
> {
  const { netnsUnavailable, createOfficeNetwork, startLanHost } =
    await import('../test/helpers/netns');
  const why = netnsUnavailable();
  if (why) return { skipped: why };
  const { buildTinyClinic, NOW, openTestApi, tempDir } = await import('../test/helpers/tinyClinic');
  const { seedStaff, TEST_PASSWORD } = await import('../test/helpers/staff');
  const { CERT_FILE } = await import('../src/core/host/lan');

  const dataDir = tempDir('clinicdesk-lanbench-');
  const t = openTestApi({ dir: dataDir, now: NOW });
  const c = buildTinyClinic(t);
  const openings = c.providers
    .flatMap(
      (p) =>
        t.call('availability/firstOpenings', {
          visitTypeId: c.visit.id,
          providerIds: [p.id],
          limit: 200,
          maxPerProvider: 200,
        }).slots,
    )
    .sort((a, b) => a.start.localeCompare(b.start));
  // Openings come every 15 minutes for a 30-minute visit: keep those on the half hour, so no two
  // bookings of the plan overlap and every refusal would be a real fault.
  const slots = openings
    .filter((s) => new Date(s.start).getUTCMinutes() % 30 === 0)
    .slice(0, DESKS * PER_DESK);
  if (slots.length < DESKS * PER_DESK)
    throw new Error(`the bench clinic has ${slots.length} openings, not ${DESKS * PER_DESK}`);
  const desks = [];
  for (let d = 0; d < DESKS; d++) {
    const username = `desk${d + 1}`;
    await seedStaff(t.db, { username, displayName: `Desk ${d + 1}`, role: 'front_desk' }, NOW);
    desks.push({
      username,
      bookings: slots
        .filter((_, i) => i % DESKS === d)
        .map((s, i) => ({
          // A caller of their own for each booking (a patient cannot be in two places at once).
          patientId: t.call('patients/create', {
            firstName: `Caller${d}x${i}`,
            lastName: 'Bench',
            dateOfBirth: '1990-01-01',
          }).id,
          providerId: s.providerId,
          locationId: s.locationId,
          visitTypeId: c.visit.id,
          start: s.start,
        })),
    });
  }
  t.close();

  const net = createOfficeNetwork('bn');
  let host: Awaited<ReturnType<typeof startLanHost>> | undefined;
  try {
    host = await startLanHost({ net, dataDir, port: 5443, now: new Date(NOW).toISOString() });
    const planFile = path.join(dataDir, 'plan.json');
    fs.writeFileSync(planFile, JSON.stringify({ url: host.url, password: TEST_PASSWORD, desks }));
    const [cmd, args] = net.execIn(net.deskNs, process.execPath, [
      path.join(here, 'lanDesks.mjs'),
      planFile,
      path.join(dataDir, CERT_FILE),
    ]);
    const { stdout } = await promisify(execFile)(cmd, args, { timeout: 120_000 });
    const { times, failures } = JSON.parse(stdout) as { times: number[]; failures: string[] };
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    return { p95Ms: at(0.95), medianMs: at(0.5), bookings: times.length, failures };
  } finally {
    await host?.stop();
    net.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await benchLanBooking());
}
