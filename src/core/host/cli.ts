/**
 * Command line: the HTTP host (browser mode, tests, a second front-desk PC) and the demo clinic.
 * Built by vite.host.config.ts into out/host/cli.js, which `npm run serve` / `npm run demo` run:
 *   node out/host/cli.js serve [--data DIR] [--port N] [--address IP] [--static DIR] [--now ISO]
 * `--address` (or the data folder's network.json, Settings → Network) serves one network card of
 * this PC over HTTPS for the other desks of the office; without it the host answers this PC only.
 * Which address it serves, and moving it when Settings → Network changes, is officeHost.ts (the
 * desktop app serves the office network through the same code).
 *   node out/host/cli.js demo  [--data DIR] [--seed N] [--now ISO]
 * (`tsx src/core/host/cli.ts …` runs the same from source.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApi } from '../api';
import { DB_FILE_NAME, openDatabase } from '../db/open';
import { parseIsoInstant } from '../time';
import { resolveDataDir } from './dataDir';
import { fileKeySecretBox, SECRET_KEY_FILE } from '../secrets/secretBox';
import { isLoopback, lanAddressProblem } from './lan';
import { DRAIN_TIMEOUT_MS } from './jobs';
import { startClinicJobRunner } from './leasedJobs';
import { startOfficeHost } from './officeHost';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The built renderer: beside the built host (out/host -> out/renderer), or out/renderer from source. */
function defaultStaticDir(): string {
  const candidates = [
    path.join(here, '..', 'renderer'),
    path.join(here, '..', '..', '..', 'out', 'renderer'),
  ];
  return candidates.find((c) => fs.existsSync(path.join(c, 'index.html'))) ?? candidates[1]!;
}

async function serve(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      /** A network card's address to serve over HTTPS (overrides network.json; 127.0.0.1 = this PC only). */
      address: { type: 'string' },
      /** Answer /api through a reverse proxy the clinic controls (Forwarded, X-Forwarded-*, Via). */
      'trust-proxy': { type: 'boolean', default: false },
      static: { type: 'string' },
      /** A frozen clock, for tests that drive the host from another process. */
      now: { type: 'string' },
      /** The job lease's lifetime in ms (30 000); tests shorten it to see a take-over. */
      'job-lease-ms': { type: 'string' },
    },
  });
  if (values.port !== undefined) {
    const p = Number(values.port);
    if (!Number.isInteger(p) || p < 0 || p > 65535)
      throw new Error(`--port must be a port number, got ${values.port}`);
  }
  const now = values.now === undefined ? undefined : parseIsoInstant(values.now);
  if (now === null)
    throw new Error(
      `--now must be an ISO date-time such as 2026-03-02T13:00:00Z, got ${values.now}`,
    );
  const leaseMs = values['job-lease-ms'] === undefined ? undefined : Number(values['job-lease-ms']);
  if (leaseMs !== undefined && (!Number.isInteger(leaseMs) || leaseMs < 300))
    throw new Error(
      `--job-lease-ms must be a whole number of milliseconds (300 or more), got ${values['job-lease-ms']}`,
    );
  const dataDir = resolveDataDir(values.data);
  if (values.address !== undefined && !isLoopback(values.address)) {
    const problem = lanAddressProblem(values.address);
    if (problem) throw new Error(`--address: ${problem}`);
  }
  const db = openDatabase({ file: path.join(dataDir, DB_FILE_NAME) });
  const registry = createApi();
  const secrets = fileKeySecretBox(path.join(dataDir, SECRET_KEY_FILE));
  const clock = now === undefined ? Date.now : () => now;
  const office = await startOfficeHost({
    dataDir,
    db,
    registry,
    secrets,
    clock,
    staticDir: values.static ?? defaultStaticDir(),
    thisPcOnly: { port: values.port !== undefined ? Number(values.port) : 5190 },
    override: {
      address: values.address,
      port: values.port !== undefined ? Number(values.port) : undefined,
      trustProxy: values['trust-proxy'],
    },
  });
  const host = office.current()!;
  const certificate = office.certificate();
  const jobs = startClinicJobRunner({
    db,
    registry,
    secrets,
    clock,
    ...(leaseMs !== undefined ? { lease: { ttlMs: leaseMs } } : {}),
  });
  console.log(`ClinicDesk is serving ${path.join(dataDir, DB_FILE_NAME)}`);
  console.log(`Open ${host.url} in a browser.`);
  if (certificate) {
    console.log(
      `Other desks: check that the browser shows this certificate fingerprint (SHA-256) once:\n  ${certificate.fingerprint256}`,
    );
    console.log(`Chromium pin (SPKI SHA-256): ${certificate.spkiSha256}`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Sends in flight finish (up to 10 s) before the database closes under them.
    const drained = await jobs.drain(DRAIN_TIMEOUT_MS);
    if (!drained.finished)
      console.error(`[clinicdesk] stopped while still running: ${drained.stillRunning.join(', ')}`);
    await office.close();
    db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function demo(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, seed: { type: 'string' }, now: { type: 'string' } },
  });
  const dataDir = resolveDataDir(values.data);
  const now = values.now ? parseIsoInstant(values.now) : Date.now();
  if (now === null)
    throw new Error(
      `--now must be an ISO date-time such as 2026-03-02T13:00:00Z, got ${values.now}`,
    );
  const db = openDatabase({ file: path.join(dataDir, DB_FILE_NAME) });
  try {
    const input = values.seed ? { seed: Number(values.seed) } : {};
    const started = performance.now();
    const r = createApi().call('setup/loadDemo', input, { db, now, actor: 'demo', origin: 'cli' });
    if (!r.ok) throw new Error(r.error.message);
    console.log(
      `Demo clinic written to ${path.join(dataDir, DB_FILE_NAME)} in ${Math.round(performance.now() - started)} ms:`,
      r.data,
    );
  } finally {
    db.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'serve') await serve(rest);
  else if (command === 'demo') demo(rest);
  else {
    console.error(
      'usage: cli.ts serve [--data DIR] [--port N] [--now ISO] | demo [--data DIR] [--seed N] [--now ISO]',
    );
    process.exit(2);
  }
} catch (err) {
  console.error(`ClinicDesk: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
