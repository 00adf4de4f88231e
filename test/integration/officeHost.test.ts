/**
 * The office-network host both programs that hold the data run (core/host/officeHost.ts): the
 * desktop app (nothing served until Settings → Network turns it on) and browser mode (this PC on
 * 127.0.0.1 while it is off). Real HTTPS servers on loopback addresses stand in for a network
 * card; the desks are HTTPS clients that trust only the data folder's certificate.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { CERT_FILE, NETWORK_FILE, readNetworkConfig } from '../../src/core/host/lan';
import { startOfficeHost, type OfficeHost } from '../../src/core/host/officeHost';
import { openTestApi, NOW, type TestApi } from '../helpers/tinyClinic';
import { openSession, seedStaff, sessionCookieHeader, TEST_ADMIN } from '../helpers/staff';

let api: TestApi | null = null;
let office: OfficeHost | null = null;
const held: net.Server[] = [];
afterEach(async () => {
  await office?.close();
  office = null;
  for (const s of held.splice(0)) s.close();
  api?.close();
  api = null;
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function start(thisPcOnly: { port: number } | null) {
  api = openTestApi();
  const t = api;
  return startOfficeHost({
    dataDir: t.dir,
    db: t.db,
    registry: t.registry,
    secrets: t.secrets,
    clock: () => NOW,
    thisPcOnly,
    graceMs: 200,
    log: () => {},
  });
}

const caOf = (dir: string) => fs.readFileSync(path.join(dir, CERT_FILE), 'utf8');

/** GET over HTTPS trusting only the folder's certificate: status, body and the peer's fingerprint. */
function get(
  url: string,
  ca: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          fingerprint,
        }),
      );
    });
    req.on('error', reject);
  });
}

/** A signed-in desk's live-event stream; resolves with everything it received once it ends. */
function openEvents(url: string, ca: string | null, token: string) {
  let text = '';
  let opened: () => void;
  const ready = new Promise<void>((r) => (opened = r));
  const ended = new Promise<string>((resolve, reject) => {
    const options = { headers: { Cookie: sessionCookieHeader(token) }, ...(ca ? { ca } : {}) };
    const onRes = (res: http.IncomingMessage) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        opened();
      });
      res.on('end', () => resolve(text));
    };
    const req = ca
      ? https.get(`${url}/api/events`, options, onRes)
      : http.get(`${url}/api/events`, options, onRes);
    req.on('error', reject);
  });
  return { ready, ended };
}

async function signedIn(t: TestApi): Promise<string> {
  const id = await seedStaff(t.db, TEST_ADMIN, NOW);
  return openSession(t.db, id, NOW).token;
}

describe('the office network from the desktop app (nothing served until it is turned on)', () => {
  it('serves HTTPS on the chosen address at once, with the fingerprint Settings shows', async () => {
    office = await start(null);
    expect(office.current()).toBeNull();
    expect(office.network.status()).toMatchObject({
      available: true,
      servingUrl: null,
      configured: null,
      certificate: null,
    });
    const port = await freePort();
    const status = await office.network.configure({ address: '127.0.0.1', port });
    expect(status.servingUrl).toBe(`https://127.0.0.1:${port}`);
    expect(status.configured).toEqual({ address: '127.0.0.1', port });
    expect(readNetworkConfig(api!.dir)).toEqual({ address: '127.0.0.1', port, trustProxy: false });
    for (const f of [NETWORK_FILE, CERT_FILE])
      expect(fs.statSync(path.join(api!.dir, f)).mode & 0o777).toBe(0o600);

    const health = await get(`${status.servingUrl}/api/health`, caOf(api!.dir));
    expect(health.status).toBe(200);
    expect(health.fingerprint).toBe(status.certificate?.fingerprint256);
    // A desk without a session is refused; the API is the one dispatcher's.
    const events = await get(`${status.servingUrl}/api/events`, caOf(api!.dir));
    expect(events.status).toBe(401);
  });

  it('starts serving the saved choice on the next start of the app', async () => {
    office = await start(null);
    const port = await freePort();
    await office.network.configure({ address: '127.0.0.1', port });
    const dir = api!.dir;
    await office.close();
    api!.close();
    api = openTestApi({ dir });
    office = await startOfficeHost({
      dataDir: dir,
      db: api.db,
      registry: api.registry,
      secrets: api.secrets,
      clock: () => NOW,
      thisPcOnly: null,
      log: () => {},
    });
    expect(office.current()?.url).toBe(`https://127.0.0.1:${port}`);
    expect((await get(`https://127.0.0.1:${port}/api/health`, caOf(dir))).status).toBe(200);
  });

  it('keeps the window working and says why when the saved port is taken at start', async () => {
    office = await start(null);
    const port = await freePort();
    await office.network.configure({ address: '127.0.0.1', port });
    const dir = api!.dir;
    await office.close();
    const squatter = net.createServer();
    held.push(squatter);
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
    office = await startOfficeHost({
      dataDir: dir,
      db: api!.db,
      registry: api!.registry,
      secrets: api!.secrets,
      clock: () => NOW,
      thisPcOnly: null,
      log: () => {},
    });
    expect(office.current()).toBeNull();
    expect(office.network.status().problem).toMatch(
      new RegExp(`could not serve 127.0.0.1:${port} .*Port ${port} is already in use`),
    );
  });
});

describe('changing the address without a restart', () => {
  it('binds the new address, tells the open desks where to go, then leaves the old one', async () => {
    office = await start(null);
    const first = await freePort();
    const before = await office.network.configure({ address: '127.0.0.1', port: first });
    const ca = caOf(api!.dir);
    const token = await signedIn(api!);
    const desk = openEvents(before.servingUrl!, ca, token);
    await desk.ready;

    const second = await freePort();
    // Another loopback address stands in for another network card: a new certificate names it.
    const after = await office.network.configure({ address: '127.0.0.2', port: second });
    expect(after.servingUrl).toBe(`https://127.0.0.2:${second}`);
    expect(after.certificate?.names).toContain('127.0.0.2');
    const said = await desk.ended;
    expect(said).toContain('event: moved');
    expect(said).toContain(`"url":"https://127.0.0.2:${second}"`);

    const newCa = caOf(api!.dir);
    expect((await get(`${after.servingUrl}/api/health`, newCa)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    await expect(get(`https://127.0.0.1:${first}/api/health`, ca)).rejects.toThrow(/ECONNREFUSED/);
    expect(readNetworkConfig(api!.dir)).toMatchObject({ address: '127.0.0.2', port: second });
  });

  it('refuses a port in use with a clear message and changes nothing', async () => {
    office = await start(null);
    const first = await freePort();
    const before = await office.network.configure({ address: '127.0.0.1', port: first });
    const squatter = net.createServer();
    held.push(squatter);
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
    const taken = (squatter.address() as net.AddressInfo).port;
    await expect(
      office.network.configure({ address: '127.0.0.1', port: taken }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'port',
      message: `Port ${taken} is already in use on 127.0.0.1 (by another program, or another ClinicDesk): choose another port. Nothing was changed.`,
    });
    expect(office.network.status().servingUrl).toBe(before.servingUrl);
    expect(readNetworkConfig(api!.dir)).toMatchObject({ port: first });
    expect((await get(`${before.servingUrl}/api/health`, caOf(api!.dir))).status).toBe(200);
  });

  it('in browser mode, turning the network off moves the desks back to this PC only', async () => {
    const local = await freePort();
    office = await start({ port: local });
    expect(office.current()?.url).toBe(`http://127.0.0.1:${local}`);
    const token = await signedIn(api!);
    const onThisPc = openEvents(`http://127.0.0.1:${local}`, null, token);
    await onThisPc.ready;
    const lanPort = await freePort();
    const on = await office.network.configure({ address: '127.0.0.1', port: lanPort });
    expect(await onThisPc.ended).toContain(`"url":"https://127.0.0.1:${lanPort}"`);

    const desk = openEvents(on.servingUrl!, caOf(api!.dir), token);
    await desk.ready;
    const off = await office.network.configure(null);
    expect(off).toMatchObject({ servingUrl: `http://127.0.0.1:${local}`, configured: null });
    expect(await desk.ended).toContain(`"url":"http://127.0.0.1:${local}"`);
    expect(fs.existsSync(path.join(api!.dir, NETWORK_FILE))).toBe(false);
  });

  it('from the desktop app, turning it off tells the desks it no longer serves them', async () => {
    office = await start(null);
    const on = await office.network.configure({ address: '127.0.0.1', port: await freePort() });
    const desk = openEvents(on.servingUrl!, caOf(api!.dir), await signedIn(api!));
    await desk.ready;
    const off = await office.network.configure(null);
    expect(off.servingUrl).toBeNull();
    expect(await desk.ended).toContain('event: moved\ndata: {"url":null}');
  });
});

describe('trusting a reverse proxy (Settings → Network)', () => {
  it('is off by default and switches on without moving anyone', async () => {
    office = await start(null);
    const port = await freePort();
    const on = await office.network.configure({ address: '127.0.0.1', port });
    const ca = caOf(api!.dir);
    const viaProxy = { 'X-Forwarded-For': '10.9.9.9' };
    const refused = await get(`${on.servingUrl}/api/health`, ca, viaProxy);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatch(/does not answer through a proxy/);

    const desk = openEvents(on.servingUrl!, ca, await signedIn(api!));
    await desk.ready;
    const trusted = await office.network.configure({
      address: '127.0.0.1',
      port,
      trustProxy: true,
    });
    expect(trusted).toMatchObject({ trustProxy: true, servingUrl: on.servingUrl });
    expect((await get(`${on.servingUrl}/api/health`, ca, viaProxy)).status).toBe(200);
    expect(readNetworkConfig(api!.dir)?.trustProxy).toBe(true);
    // Still the same server: the desk's stream was not told to move.
    await office.close();
    office = null;
    expect(await desk.ended).not.toContain('event: moved');
  });
});
