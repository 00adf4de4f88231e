import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CERT_FILE,
  ensureLanCertificate,
  KEY_FILE,
  lanAddressProblem,
  NETWORK_FILE,
  readNetworkConfig,
  writeNetworkConfig,
} from './lan';

const NOW = Date.parse('2026-03-02T13:00:00Z');
const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-lan-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the office-network certificate', () => {
  it('is created once, owner-only, naming the chosen address, and kept across starts', async () => {
    const dir = tempDir();
    const made = await ensureLanCertificate({ dataDir: dir, address: '10.77.0.1', now: NOW });
    expect(made.created).toBe(true);
    expect(made.names).toEqual(expect.arrayContaining(['10.77.0.1', '127.0.0.1', 'localhost']));
    expect(made.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(Buffer.from(made.spkiSha256, 'base64')).toHaveLength(32);
    for (const f of [CERT_FILE, KEY_FILE]) {
      expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    }
    const again = await ensureLanCertificate({ dataDir: dir, address: '10.77.0.1', now: NOW });
    expect(again.created).toBe(false);
    expect(again.fingerprint256).toBe(made.fingerprint256);

    // Another card's address is not among its names: a new certificate (desks check again).
    const moved = await ensureLanCertificate({ dataDir: dir, address: '192.168.1.20', now: NOW });
    expect(moved.created).toBe(true);
    expect(moved.fingerprint256).not.toBe(made.fingerprint256);
  });

  it('serves TLS whose peer certificate has the fingerprint Settings shows', async () => {
    const dir = tempDir();
    const cert = await ensureLanCertificate({
      dataDir: dir,
      address: '127.0.0.1',
      now: Date.now(),
    });
    const server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, (_q, r) =>
      r.end('ok'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const seen = await new Promise<string>((resolve, reject) => {
        const req = https.get(
          { host: '127.0.0.1', port, path: '/', ca: cert.certPem, servername: 'localhost' },
          (res) => {
            resolve((res.socket as TLSSocket).getPeerCertificate().fingerprint256);
            res.resume();
          },
        );
        req.on('error', reject);
      });
      expect(seen).toBe(cert.fingerprint256);
    } finally {
      server.close();
    }
  });
});

describe('the network setting', () => {
  it('round-trips, owner-only, and refuses what cannot be served on', () => {
    const dir = tempDir();
    expect(readNetworkConfig(dir)).toBeNull();
    writeNetworkConfig(dir, { address: '10.77.0.1', port: 5443, trustProxy: false });
    expect(readNetworkConfig(dir)).toEqual({ address: '10.77.0.1', port: 5443, trustProxy: false });
    expect(fs.statSync(path.join(dir, NETWORK_FILE)).mode & 0o777).toBe(0o600);
    writeNetworkConfig(dir, null);
    expect(readNetworkConfig(dir)).toBeNull();

    expect(lanAddressProblem('reception-pc')).toMatch(/not an IP address/);
    expect(lanAddressProblem('0.0.0.0')).toMatch(/one network card/);
    expect(lanAddressProblem('192.168.1.20')).toBeNull();
    fs.writeFileSync(path.join(dir, NETWORK_FILE), '{"address":"0.0.0.0"}');
    expect(() => readNetworkConfig(dir)).toThrow(/one network card/);
  });
});
