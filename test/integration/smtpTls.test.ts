/**
 * SMTP with a password requires TLS, except to a relay on this PC. A real SMTP conversation
 * with smtp-server offering no STARTTLS: reached as 127.0.0.2 (not one of this PC's own names
 * 127.0.0.1 / ::1 / localhost, so it stands for a server across the network) the send stops
 * before AUTH with a reason in words; reached as 127.0.0.1 the relay gets the password and the
 * mail.
 *
 * How this was checked to fail: before requireTLS in reminders/transport.ts, nodemailer sent
 * AUTH PLAIN in clear text to 127.0.0.2 (the server saw the password) and the mail went out.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getMessagingSettings } from '../../src/core/db/repos/reminders';
import { SendFailure } from '../../src/core/reminders/retry';
import { transportFromSettings } from '../../src/core/reminders/transport';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

const PASSWORD = 'mail-password-123';
const logins: { user: string; password: string }[] = [];
let delivered = 0;
const servers: SMTPServer[] = [];
let t: TestApi;

async function listen(host: string): Promise<number> {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        delivered++;
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.server.address() as AddressInfo).port;
}

let remotePort: number;
let localPort: number;
beforeAll(async () => {
  remotePort = await listen('127.0.0.2');
  localPort = await listen('127.0.0.1');
  t = openTestApi();
  buildTinyClinic(t);
});
afterAll(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  t.close();
});
beforeEach(() => {
  logins.length = 0;
  delivered = 0;
});

function send(host: string, port: number, user: string | null) {
  t.call('messaging/setSettings', {
    smtpHost: host,
    smtpPort: port,
    smtpSecure: false,
    smtpUser: user,
    smtpPassword: user ? PASSWORD : null,
    emailFrom: 'desk@clinic.example',
  });
  const email = transportFromSettings(getMessagingSettings(t.db), t.secrets).email!;
  return email.send({
    to: 'patient@example.com',
    subject: 'Your visit',
    text: 'See you on Thursday.',
    html: '<p>See you on Thursday.</p>',
    messageId: '<reminder-1@clinic.example>',
  });
}

describe('SMTP with a password', () => {
  it('to a server across the network without STARTTLS: nothing is sent, and the reason says why', async () => {
    const err: unknown = await send('127.0.0.2', remotePort, 'desk@clinic.example').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SendFailure);
    expect((err as SendFailure).kind).toBe('permanent');
    expect((err as Error).message).toMatch(
      /offers no encrypted connection \(STARTTLS\), so ClinicDesk did not send the mail password/,
    );
    expect(logins).toEqual([]);
    expect(delivered).toBe(0);
  });

  it('to a relay on this PC (127.0.0.1) it may go unencrypted', async () => {
    await send('127.0.0.1', localPort, 'desk@clinic.example');
    expect(logins).toEqual([{ user: 'desk@clinic.example', password: PASSWORD }]);
    expect(delivered).toBe(1);
  });

  it('without a password, a server without STARTTLS still gets the mail', async () => {
    await send('127.0.0.2', remotePort, null);
    expect(logins).toEqual([]);
    expect(delivered).toBe(1);
  });
});
