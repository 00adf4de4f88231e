/**
 * A real network boundary for the second-desk tests and the LAN bench: two Linux network
 * namespaces joined by a veth pair, like two PCs on one office switch. The host runs in one
 * (`ip netns exec`), the desks (Chromium, or a Node script) in the other; neither can reach the
 * other's loopback, so everything goes through 10.77.N.0/24 and the host's network card.
 * Needs root and iproute2 (CI has both); `netnsUnavailable()` says why not, and the callers fail
 * under CI instead of skipping.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storedLanCertificate } from '../../src/core/host/lan';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => fs.existsSync(p));

/** Why namespaces cannot be made here, or null. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root (CI runs as root)';
  if (!IP) return 'iproute2 is not installed (apt-get install iproute2)';
  return null;
}

/** For describe.skipIf: prints why; under CI a missing namespace is a failure, never a skip. */
export function skipNetnsTests(what: string): boolean {
  const reason = netnsUnavailable();
  if (!reason) return false;
  if (process.env.CI)
    throw new Error(`${what}: ${reason}. CI must run the tests across a network boundary.`);
  console.warn(`[netns] skipping ${what}: ${reason}`);
  return true;
}

function ip(...args: string[]): void {
  execFileSync(IP!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export interface OfficeNetwork {
  /** The namespace the host (the PC that holds the data) runs in, and its address. */
  hostNs: string;
  hostIp: string;
  /** The namespace of the other desks, and its address. */
  deskNs: string;
  deskIp: string;
  /** `ip netns exec ns …` as a command and its arguments (for spawn). */
  execIn(ns: string, command: string, args: string[]): [string, string[]];
  /** Deletes both namespaces (their veth ends go with them). */
  remove(): void;
}

/** Two namespaces and a veth pair, named after this process so parallel runs do not meet. */
export function createOfficeNetwork(tag: string): OfficeNetwork {
  const id = `${tag}${process.pid % 100_000}`;
  const hostNs = `cd-${id}-h`;
  const deskNs = `cd-${id}-d`;
  const subnet = 10 + (process.pid % 240);
  const hostIp = `10.77.${subnet}.1`;
  const deskIp = `10.77.${subnet}.2`;
  // Interface names are at most 15 characters.
  const vh = `vh${id}`.slice(0, 15);
  const vd = `vd${id}`.slice(0, 15);
  const remove = () => {
    for (const ns of [hostNs, deskNs]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // not made yet, or already gone
      }
    }
  };
  remove();
  try {
    ip('netns', 'add', hostNs);
    ip('netns', 'add', deskNs);
    ip('link', 'add', vh, 'type', 'veth', 'peer', 'name', vd);
    ip('link', 'set', vh, 'netns', hostNs);
    ip('link', 'set', vd, 'netns', deskNs);
    ip('-n', hostNs, 'addr', 'add', `${hostIp}/24`, 'dev', vh);
    ip('-n', deskNs, 'addr', 'add', `${deskIp}/24`, 'dev', vd);
    for (const [ns, dev] of [
      [hostNs, vh],
      [deskNs, vd],
    ] as const) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
    }
  } catch (err) {
    remove();
    throw err;
  }
  return {
    hostNs,
    hostIp,
    deskNs,
    deskIp,
    execIn: (ns, command, args) => [IP!, ['netns', 'exec', ns, command, ...args]],
    remove,
  };
}

export interface LanHost {
  url: string;
  /** Chromium's pin for the host's certificate (SPKI SHA-256, base64). */
  spkiSha256: string;
  fingerprint256: string;
  /** What the host printed (for a failure message). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The host from source (`tsx src/core/host/cli.ts serve`) in the host namespace, serving the data
 * folder on its network card over HTTPS, on a frozen clock when `now` is given.
 */
export async function startLanHost(options: {
  net: OfficeNetwork;
  dataDir: string;
  port: number;
  now?: string;
  staticDir?: string;
}): Promise<LanHost> {
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const [cmd, args] = options.net.execIn(options.net.hostNs, process.execPath, [
    tsx,
    path.join(ROOT, 'src', 'core', 'host', 'cli.ts'),
    'serve',
    '--data',
    options.dataDir,
    '--address',
    options.net.hostIp,
    '--port',
    String(options.port),
    ...(options.now ? ['--now', options.now] : []),
    ...(options.staticDir ? ['--static', options.staticDir] : []),
  ]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!/Open https:\/\//.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the host did not start in its namespace:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const cert = storedLanCertificate(options.dataDir);
  if (!cert) throw new Error(`the host started without a certificate:\n${output}`);
  return {
    url: `https://${options.net.hostIp}:${options.port}`,
    spkiSha256: cert.spkiSha256,
    fingerprint256: cert.fingerprint256,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // `ip netns exec` execs the command, so this pid is the host itself.
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

/**
 * A Chromium launcher that starts inside the desk namespace: playwright-core talks to it over
 * its pipe (inherited through `ip netns exec`, which execs), so no debugging port is opened.
 */
export function chromiumInNamespace(net: OfficeNetwork, chromium: string, dir: string): string {
  const file = path.join(dir, 'chromium-in-desk-namespace.sh');
  fs.writeFileSync(file, `#!/bin/sh\nexec ${IP} netns exec ${net.deskNs} ${chromium} "$@"\n`, {
    mode: 0o700,
  });
  return file;
}
