import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret, parseClearinghouseConfig } from './config';
import { ClearinghouseError } from './port';

const GOOD = {
  url: 'https://ch.example.com/core/realtime',
  senderId: 'CLINIC01',
  receiverId: 'CH99',
  auth: { method: 'password', username: 'front-desk', password: 'hunter2-long' },
};

function problem(input: unknown): ClearinghouseError {
  try {
    parseClearinghouseConfig(input);
  } catch (error) {
    if (error instanceof ClearinghouseError) return error;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('clearinghouse settings', () => {
  it('accepts good settings and fills in a 30 s limit and 3 tries', () => {
    const config = parseClearinghouseConfig(GOOD);
    expect(config).toMatchObject({
      url: GOOD.url,
      senderId: 'CLINIC01',
      receiverId: 'CH99',
      timeoutMs: 30_000,
      maxAttempts: 3,
    });
    expect(config.auth.password.reveal()).toBe('hunter2-long');
  });

  it('refuses plain http to any host but this machine, saying why', () => {
    const error = problem({ ...GOOD, url: 'http://ch.example.com/core/realtime' });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.field).toBe('url');
    expect(error.transient).toBe(false);
    expect(error.message).toBe(
      "Clearinghouse settings: clearinghouse address must start with https:// — plain http:// to ch.example.com would send the clinic's login and patients' insurance details unencrypted.",
    );
    expect(problem({ ...GOOD, url: 'http://10.0.0.5:8080/x' }).field).toBe('url');
  });

  it.each(['http://127.0.0.1:4010/core', 'http://localhost/core', 'http://[::1]:9/core'])(
    'allows plain http to a stand-in on this machine: %s',
    (url) => {
      expect(parseClearinghouseConfig({ ...GOOD, url }).url).toBe(url);
    },
  );

  it.each([
    ['ch.example.com/core', /must be a full web address such as https:\/\//],
    ['ftp://ch.example.com/core', /must start with https:\/\//],
    ['https://user:pw@ch.example.com/core', /must not contain a user name or password/],
    ['', /clearinghouse address is required/],
  ])('refuses the address %j', (url, message) => {
    const error = problem({ ...GOOD, url });
    expect(error.field).toBe('url');
    expect(error.message).toMatch(message);
  });

  it('names the missing or wrong field in clinic words', () => {
    expect(problem({ ...GOOD, senderId: undefined })).toMatchObject({
      field: 'senderId',
      message: 'Clearinghouse settings: sender ID is required.',
    });
    expect(problem({ ...GOOD, receiverId: 'CH 99' })).toMatchObject({
      field: 'receiverId',
      message: 'Clearinghouse settings: receiver ID may not contain spaces or accented letters.',
    });
    expect(problem({ ...GOOD, auth: { ...GOOD.auth, password: '' } })).toMatchObject({
      field: 'auth.password',
      message: 'Clearinghouse settings: clearinghouse password is required.',
    });
    expect(problem({ ...GOOD, auth: { method: 'kerberos' } }).message).toMatch(
      /login method must be "password"/,
    );
    expect(problem({ ...GOOD, timeoutMs: 30 }).message).toMatch(/at least 1 second/);
    expect(problem({ ...GOOD, maxAttempts: 9 }).message).toMatch(/at most 5/);
    expect(problem(null).field).toBe('config');
  });

  it('never shows the password in a message, even when it is the wrong type', () => {
    const error = problem({ ...GOOD, auth: { ...GOOD.auth, password: 12345678 } });
    expect(error.message).toBe('Clearinghouse settings: clearinghouse password must be text.');
  });
});

describe('a Secret', () => {
  it('prints as [redacted] however it is logged', () => {
    const config = parseClearinghouseConfig(GOOD);
    const printed = [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      String(config.auth.password),
      `${config.auth.password}`,
    ];
    for (const text of printed) expect(text).not.toContain('hunter2');
    expect(JSON.stringify(config)).toContain('"password":"[redacted]"');
    expect(new Secret('x').reveal()).toBe('x');
  });
});
