/**
 * The host that serves the clinic to the office network, for both programs that hold the data
 * folder: browser mode (cli.ts, which also serves this PC on 127.0.0.1 while the network is off)
 * and the desktop app (src/main, whose own window needs no HTTP: it serves nothing until the
 * administrator turns the office network on in Settings → Network). One code path, so a desk
 * that opens the main PC's address gets the same HTTPS host, sign-in and live updates whichever
 * program runs there.
 *
 * A change in Settings → Network applies at once, without a restart: the new address is bound
 * first (a port in use or an address this PC no longer has is refused, and nothing changes),
 * then every desk still on the old address is told where ClinicDesk answers now, and the old
 * address stops answering once the request that asked for the move has its reply. Trusting a
 * proxy is a switch the running host reads at each request.
 */
import { AppError } from '../errors';
import type { ClinicDb } from '../db/open';
import type { Registry } from '../api/registry';
import type { NetworkService } from '../api/handler';
import type { NetworkStatus } from '../../shared/network';
import type { SecretBox } from '../secrets/secretBox';
import { startHttpHost, type HttpHost } from './http';
import {
  DEFAULT_LAN_PORT,
  ensureLanCertificate,
  isLoopback,
  lanAddressProblem,
  localAddresses,
  readNetworkConfig,
  storedLanCertificate,
  writeNetworkConfig,
  type LanCertificate,
} from './lan';
import { icsFeedRoute } from './routes/icsFeed';
import { reminderWebhookRoutes } from './routes/twilioWebhooks';

/** Where one host listens: a network card over HTTPS, or this PC only over plain HTTP. */
interface Binding {
  address: string;
  port: number;
  tls: boolean;
}

export interface OfficeHostOptions {
  dataDir: string;
  db: ClinicDb;
  registry: Registry;
  secrets: SecretBox;
  clock: () => number;
  /** The built renderer the desks load (out/renderer). */
  staticDir?: string | undefined;
  /**
   * Browser mode: while the office network is off, this PC's own browser opens ClinicDesk on
   * 127.0.0.1 at this port. The desktop app: null (its window talks over IPC).
   */
  thisPcOnly: { port: number } | null;
  /**
   * This start only (`--address`, `--port`, `--trust-proxy`): wins over network.json until the
   * administrator makes a choice in Settings → Network. `--address 127.0.0.1` = this PC only.
   */
  override?: { address?: string | undefined; port?: number | undefined; trustProxy?: boolean };
  /** How long an old address keeps answering requests in flight after a move (ms). */
  graceMs?: number;
  log?: (line: string) => void;
}

export interface OfficeHost {
  /** Settings → Network (HostServices.network). */
  network: NetworkService;
  /** The HTTP host running now, or null (desktop app with the office network off). */
  current(): HttpHost | null;
  /** The certificate in use when the network is served (its fingerprints), else null. */
  certificate(): LanCertificate | null;
  close(): Promise<void>;
}

function describeBindFailure(err: unknown, b: Binding): AppError | null {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new AppError(
      'CONFLICT',
      `Port ${b.port} is already in use on ${b.address} (by another program, or another ClinicDesk): choose another port. Nothing was changed.`,
      'port',
    );
  if (code === 'EADDRNOTAVAIL')
    return new AppError(
      'INVALID_STATE',
      `${b.address} is not an address of this PC now (was the network card changed or unplugged?): choose one from the list. Nothing was changed.`,
      'address',
    );
  if (code === 'EACCES')
    return new AppError(
      'INVALID_STATE',
      `This PC does not let ClinicDesk listen on port ${b.port}: choose a port from 1024 to 65535. Nothing was changed.`,
      'port',
    );
  return null;
}

export async function startOfficeHost(options: OfficeHostOptions): Promise<OfficeHost> {
  const { dataDir, db, registry, secrets, clock } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const graceMs = options.graceMs ?? 1_500;
  let override = options.override ?? null;
  let running: { host: HttpHost; binding: Binding; cert: LanCertificate | null } | null = null;
  const retiring = new Set<Promise<void>>();
  /** Why the saved choice is not being served (its address or port could not be bound at start). */
  let problem: string | null = null;
  let closed = false;

  /**
   * The saved proxy choice, read once here and changed by `configure`: asked on every /api
   * request that came through a proxy, so it is kept in memory, never read from disk per request.
   * A network.json that cannot be read trusts no proxy (the start below says what is wrong).
   */
  let savedTrustProxy = false;
  try {
    savedTrustProxy = readNetworkConfig(dataDir)?.trustProxy === true;
  } catch {
    savedTrustProxy = false;
  }
  const trustProxy = () => override?.trustProxy === true || savedTrustProxy;

  /** What this start serves: the command line's choice, else network.json, else this PC only. */
  function wantedBinding(): Binding | null {
    const saved = readNetworkConfig(dataDir);
    if (override?.address !== undefined) {
      const lan = !isLoopback(override.address);
      return {
        address: override.address,
        tls: lan,
        port:
          override.port ??
          (lan ? (saved?.port ?? DEFAULT_LAN_PORT) : (options.thisPcOnly?.port ?? 0)),
      };
    }
    if (saved) return { address: saved.address, port: override?.port ?? saved.port, tls: true };
    return options.thisPcOnly
      ? { address: '127.0.0.1', port: override?.port ?? options.thisPcOnly.port, tls: false }
      : null;
  }

  /** Browser mode with the network off: 127.0.0.1 (where it already answers, if it does). */
  function thisPcOnlyBinding(): Binding | null {
    if (!options.thisPcOnly) return null;
    if (running && !running.binding.tls && isLoopback(running.binding.address))
      return running.binding;
    return { address: '127.0.0.1', port: options.thisPcOnly.port, tls: false };
  }

  async function listen(b: Binding): Promise<NonNullable<typeof running>> {
    if (b.tls) {
      const problemWith = lanAddressProblem(b.address);
      if (problemWith) throw new AppError('VALIDATION', problemWith, 'address');
    }
    const cert = b.tls
      ? await ensureLanCertificate({ dataDir, address: b.address, now: clock() })
      : null;
    try {
      const host = await startHttpHost({
        db,
        registry,
        port: b.port,
        host: b.address,
        tls: cert ? { cert: cert.certPem, key: cert.keyPem } : undefined,
        trustProxy,
        network,
        clock,
        secrets,
        routes: [
          icsFeedRoute({ db, clock }),
          ...reminderWebhookRoutes({ db, secrets, clock, publish: (e) => registry.publish(e) }),
        ],
        staticDir: options.staticDir,
      });
      return { host, binding: b, cert };
    } catch (err) {
      throw describeBindFailure(err, b) ?? err;
    }
  }

  /** Serves `next` instead of what runs now (bound first: a failure leaves everything as it was). */
  async function moveTo(next: Binding | null): Promise<void> {
    const now = running?.binding;
    if (
      now &&
      next &&
      now.address === next.address &&
      now.port === next.port &&
      now.tls === next.tls
    )
      return;
    if (!now && !next) return;
    const started = next ? await listen(next) : null;
    const old = running;
    running = started;
    if (old) {
      const done = old.host.retire(started?.host.url ?? null, graceMs);
      retiring.add(done);
      void done.finally(() => retiring.delete(done));
      log(
        started
          ? `ClinicDesk moved from ${old.host.url} to ${started.host.url}; open desks were told.`
          : `ClinicDesk no longer serves ${old.host.url}; open desks were told.`,
      );
    } else if (started) log(`ClinicDesk now also answers at ${started.host.url}.`);
  }

  const network: NetworkService = {
    status(): NetworkStatus {
      const configured = readNetworkConfig(dataDir);
      const cert = storedLanCertificate(dataDir);
      return {
        available: true,
        servingUrl: running?.host.url ?? null,
        configured: configured ? { address: configured.address, port: configured.port } : null,
        trustProxy: trustProxy(),
        problem,
        certificate: cert
          ? { fingerprint256: cert.fingerprint256, names: cert.names, notAfter: cert.notAfter }
          : null,
        addresses: localAddresses().map(({ name, address }) => ({ name, address })),
      };
    },
    async configure(choice) {
      if (closed) throw new AppError('INVALID_STATE', 'ClinicDesk is shutting down.');
      const saved = readNetworkConfig(dataDir);
      const trust = choice ? (choice.trustProxy ?? saved?.trustProxy ?? false) : false;
      // The administrator's choice replaces whatever the command line said for this start.
      const next: Binding | null = choice
        ? { address: choice.address, port: choice.port, tls: true }
        : thisPcOnlyBinding();
      await moveTo(next);
      override = null;
      problem = null;
      writeNetworkConfig(
        dataDir,
        choice && { address: choice.address, port: choice.port, trustProxy: trust },
      );
      savedTrustProxy = trust;
      return network.status();
    },
  };

  const first = wantedBinding();
  try {
    await moveTo(first);
  } catch (err) {
    // Browser mode has nothing to show without its host; the desktop window still works, and
    // Settings → Network says why the office network is not served.
    if (options.thisPcOnly || !first) throw err;
    problem = `ClinicDesk could not serve ${first.address}:${first.port} when it started: ${err instanceof Error ? err.message : String(err)}`;
    log(problem);
  }

  return {
    network,
    current: () => running?.host ?? null,
    certificate: () => running?.cert ?? null,
    async close() {
      closed = true;
      const last = running;
      running = null;
      await Promise.all([last?.host.close(), ...retiring]);
    },
  };
}
