/**
 * Serving the office network: which address and port the host listens on, and the certificate it
 * serves HTTPS with. Both live in the data folder beside the database, readable by the owner only:
 *   network.json      {"address": "192.168.1.20", "port": 5443, "trustProxy": false}
 *   lan-cert.pem      the self-signed certificate (ECDSA P-256, SHA-256, 10 years)
 *   lan-key.pem       its private key (PKCS#8)
 * A second PC has no certificate authority to ask, so it trusts this one certificate once: the
 * person at that desk compares the SHA-256 fingerprint their browser shows with the one in
 * Settings → Network on this PC. The certificate therefore stays the same across restarts; it is
 * made again only when the chosen address is not among its names (then every desk checks again).
 *
 * The certificate is written with @peculiar/x509: maintained, typed, and it signs with Node's own
 * WebCrypto (no hand-written ASN.1 and no pure-JavaScript key generation, which node-forge
 * needs). It resolves its helpers through tsyringe, which needs the Reflect metadata polyfill.
 */
import 'reflect-metadata';
import crypto, { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

export const NETWORK_FILE = 'network.json';
export const CERT_FILE = 'lan-cert.pem';
export const KEY_FILE = 'lan-key.pem';
export const DEFAULT_LAN_PORT = 5443;

export interface NetworkConfig {
  /** The address of this PC's network card that desks open (an IPv4 or IPv6 literal). */
  address: string;
  port: number;
  /**
   * Set only when the clinic puts a reverse proxy it controls in front of the host: /api then
   * answers requests that carry Forwarded / X-Forwarded-For / Via. Off by default.
   */
  trustProxy: boolean;
}

export interface LanCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the certificate (DER), as browsers show it: `AB:CD:…` (32 pairs). */
  fingerprint256: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo), base64: Chromium's SPKI pin. */
  spkiSha256: string;
  /** The addresses and names the certificate is valid for. */
  names: string[];
  notAfter: string;
}

/** Why `address` cannot be served on, or null. A name is refused: the host binds one card. */
export function lanAddressProblem(address: string): string | null {
  if (net.isIP(address) === 0)
    return `"${address}" is not an IP address: enter the address of this PC's network card, such as 192.168.1.20`;
  if (address === '0.0.0.0' || address === '::')
    return 'choose one network card’s address, not every interface (0.0.0.0)';
  return null;
}

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}

/** The addresses of this PC's network cards (not loopback), for the address picker. */
export function localAddresses(): { name: string; address: string; family: 'IPv4' | 'IPv6' }[] {
  const out: { name: string; address: string; family: 'IPv4' | 'IPv6' }[] = [];
  for (const [name, list] of Object.entries(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal || (a.family === 'IPv6' && a.address.startsWith('fe80'))) continue;
      out.push({ name, address: a.address, family: a.family });
    }
  }
  return out;
}

function writePrivate(file: string, text: string): void {
  // Written beside and renamed: a crash never leaves half a key, and the mode is set before any
  // byte is in it (an existing file keeps its mode on write, so it is set again after).
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function readNetworkConfig(dataDir: string): NetworkConfig | null {
  const file = path.join(dataDir, NETWORK_FILE);
  if (!fs.existsSync(file)) return null;
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<NetworkConfig>;
  if (typeof raw.address !== 'string' || lanAddressProblem(raw.address) !== null)
    throw new Error(`${file}: "address" must be one network card's IP address`);
  const port = raw.port ?? DEFAULT_LAN_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${file}: "port" must be a port number (1–65535)`);
  return { address: raw.address, port, trustProxy: raw.trustProxy === true };
}

export function writeNetworkConfig(dataDir: string, config: NetworkConfig | null): void {
  const file = path.join(dataDir, NETWORK_FILE);
  if (config === null) fs.rmSync(file, { force: true });
  else writePrivate(file, `${JSON.stringify(config, null, 2)}\n`);
}

/** The fingerprints of a PEM certificate (what a browser shows, and Chromium's SPKI pin). */
export function fingerprintsOf(certPem: string): {
  fingerprint256: string;
  spkiSha256: string;
  names: string[];
  notAfter: string;
} {
  const cert = new crypto.X509Certificate(certPem);
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  const names = (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  return {
    fingerprint256: cert.fingerprint256,
    spkiSha256: crypto.createHash('sha256').update(spki).digest('base64'),
    names,
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

async function createCertificate(names: string[], now: number): Promise<LanCertificate> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const crypto = webcrypto as unknown as Crypto;
  const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: webcrypto.getRandomValues(Buffer.alloc(16)).toString('hex').replace(/^./, '1'),
      name: 'CN=ClinicDesk on this office network, O=ClinicDesk',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 3650 * 86_400_000),
      keys,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(
          names.map((n): x509.JsonGeneralName =>
            net.isIP(n) ? { type: 'ip', value: n } : { type: 'dns', value: n },
          ),
        ),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  const certPem = cert.toString('pem');
  return { certPem, keyPem, ...fingerprintsOf(certPem) };
}

/** The names a certificate for `address` carries: it, this PC's name, and loopback. */
function namesFor(address: string): string[] {
  const host = os
    .hostname()
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '');
  return [...new Set([address, '127.0.0.1', '::1', 'localhost', ...(host ? [host] : [])])];
}

/**
 * The data folder's certificate for serving on `address`: the stored one when it names that
 * address, else a new one (written owner-only). `created` says which.
 */
export async function ensureLanCertificate(options: {
  dataDir: string;
  address: string;
  now: number;
}): Promise<LanCertificate & { created: boolean }> {
  const certFile = path.join(options.dataDir, CERT_FILE);
  const keyFile = path.join(options.dataDir, KEY_FILE);
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const certPem = fs.readFileSync(certFile, 'utf8');
    const keyPem = fs.readFileSync(keyFile, 'utf8');
    const stored = fingerprintsOf(certPem);
    if (stored.names.includes(options.address) && Date.parse(stored.notAfter) > options.now)
      return { certPem, keyPem, ...stored, created: false };
  }
  const made = await createCertificate(namesFor(options.address), options.now);
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  writePrivate(keyFile, made.keyPem);
  writePrivate(certFile, made.certPem);
  return { ...made, created: true };
}

/** The stored certificate's fingerprints, or null when none was made yet. */
export function storedLanCertificate(dataDir: string): ReturnType<typeof fingerprintsOf> | null {
  const certFile = path.join(dataDir, CERT_FILE);
  if (!fs.existsSync(certFile)) return null;
  return fingerprintsOf(fs.readFileSync(certFile, 'utf8'));
}
