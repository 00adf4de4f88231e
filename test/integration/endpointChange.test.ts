/**
 * A saved secret is never sent to an address it was not saved for: changing Twilio's API address
 * or account, the SMTP server, port or user, or the clearinghouse address or user drops the
 * sealed token/password, and the settings say it must be entered again.
 *
 * How this was checked to fail: before secrets/endpointChange.ts, each handler kept the sealed
 * secret across any change (the Twilio and SMTP saves succeeded with hasAuthToken/hasPassword
 * still true, the clearinghouse kept its password for the new URL).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getClearinghouseSettings } from '../../src/core/db/repos/eligibility';
import { getMessagingSettings } from '../../src/core/db/repos/reminders';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';

const SID = `AC${'1'.repeat(32)}`;
const OTHER_SID = `AC${'2'.repeat(32)}`;
let t: TestApi;
beforeEach(() => {
  t = openTestApi();
  buildTinyClinic(t);
});
afterEach(() => t.close());

describe('Twilio', () => {
  beforeEach(() => {
    t.call('messaging/setSettings', {
      twilioAccountSid: SID,
      twilioAuthToken: 'token-for-twilio',
      twilioFrom: '+15125550000',
      twilioApiBaseUrl: 'https://api.twilio.com',
    });
  });

  it('a new API address without the token is refused, and the saved token stays with the old one', () => {
    const r = t.raw('messaging/setSettings', {
      twilioApiBaseUrl: 'https://twilio.attacker.example',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'VALIDATION', field: 'twilioAuthToken' });
      expect(r.error.message).toMatch(
        /enter the Twilio auth token again — the API address changed/,
      );
    }
    expect(getMessagingSettings(t.db).twilioApiBaseUrl).toBe('https://api.twilio.com');
  });

  it('a new account SID without the token is refused too', () => {
    const r = t.raw('messaging/setSettings', { twilioAccountSid: OTHER_SID });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/the account SID changed/);
  });

  it('with the token entered again the new address is saved', () => {
    const view = t.call('messaging/setSettings', {
      twilioApiBaseUrl: 'https://api.twilio.example',
      twilioAuthToken: 'token-for-the-new-address',
    });
    expect(view.twilio).toMatchObject({
      apiBaseUrl: 'https://api.twilio.example',
      hasAuthToken: true,
    });
    const sealed = getMessagingSettings(t.db).twilioAuthTokenSealed!;
    expect(t.secrets.open(sealed)).toBe('token-for-the-new-address');
  });

  it('a change elsewhere (the sending number) keeps the token', () => {
    const view = t.call('messaging/setSettings', { twilioFrom: '+15125550001' });
    expect(view.twilio.hasAuthToken).toBe(true);
  });
});

describe('SMTP', () => {
  beforeEach(() => {
    t.call('messaging/setSettings', {
      smtpHost: 'smtp.clinic.example',
      smtpPort: 587,
      smtpUser: 'desk@clinic.example',
      smtpPassword: 'mail-password',
      emailFrom: 'desk@clinic.example',
    });
  });

  for (const [what, change] of [
    ['server', { smtpHost: 'smtp.elsewhere.example' }],
    ['port', { smtpPort: 2525 }],
    ['user', { smtpUser: 'someone@elsewhere.example' }],
  ] as const) {
    it(`a new ${what} clears the saved password and the settings ask for it`, () => {
      const view = t.call('messaging/setSettings', change);
      expect(view.smtp).toMatchObject({ hasPassword: false, passwordNeeded: true, ready: false });
      expect(getMessagingSettings(t.db).smtpPasswordSealed).toBeNull();
      expect(t.call('messaging/getSettings', {}).smtp.passwordNeeded).toBe(true);
    });
  }

  it('the sender address is not part of the endpoint: the password stays', () => {
    const view = t.call('messaging/setSettings', { emailFrom: 'Clinic <hello@clinic.example>' });
    expect(view.smtp).toMatchObject({ hasPassword: true, passwordNeeded: false, ready: true });
  });

  it('a new server with its password is saved ready', () => {
    const view = t.call('messaging/setSettings', {
      smtpHost: 'smtp.elsewhere.example',
      smtpPassword: 'other-password',
    });
    expect(view.smtp).toMatchObject({ hasPassword: true, passwordNeeded: false, ready: true });
  });
});

describe('clearinghouse', () => {
  const base = {
    url: 'https://clearinghouse.example/core',
    senderId: 'CLINIC',
    receiverId: 'PAYER',
    username: 'clinic-user',
  };
  beforeEach(() => {
    t.call('eligibility/setClearinghouse', { ...base, password: 'ch-password' });
  });

  for (const [what, change, word] of [
    ['address', { url: 'https://other-clearinghouse.example/core' }, 'address'],
    ['user', { username: 'someone-else' }, 'user name'],
  ] as const) {
    it(`a new ${what} without the password is refused and nothing changes`, () => {
      const r = t.raw('eligibility/setClearinghouse', { ...base, ...change });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatchObject({ code: 'VALIDATION', field: 'password' });
        expect(r.error.message).toContain(
          `enter the clearinghouse password again — the ${word} changed`,
        );
      }
      expect(getClearinghouseSettings(t.db)).toMatchObject(base);
    });
  }

  it('other settings (the timeout) keep the password', () => {
    t.call('eligibility/setClearinghouse', { ...base, timeoutMs: 10_000 });
    expect(t.secrets.open(getClearinghouseSettings(t.db)!.passwordSealed)).toBe('ch-password');
  });
});
