/**
 * The official twilio client, optionally pointed at another base URL (the test stand-in, or a
 * recording proxy). Everything else — auth, form encoding, paging, RestException — is the
 * library's own code path, the one production uses.
 */
import type twilio from 'twilio';
import { lazyPackage } from '../../lazy';

const twilioPackage = lazyPackage<typeof import('twilio')>('twilio');

export type TwilioClient = twilio.Twilio;

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  /**
   * Replaces https://api.twilio.com for the REST API. The client builds every URL (and every
   * next_page_uri) from `client.api.baseUrl` (Domain.absoluteUrl in twilio 6.x), so setting it
   * is enough; no custom HTTP client is needed.
   */
  apiBaseUrl?: string | null;
  /** Per-request timeout; an unanswered request becomes a transient failure. */
  timeoutMs?: number;
}

export function createTwilioClient(account: TwilioAccount): TwilioClient {
  const client = twilioPackage()(account.accountSid, account.authToken, {
    timeout: account.timeoutMs ?? 15_000,
    // Retries are ours (retry.ts + the outbox), so a 429 surfaces instead of being hidden in here.
    autoRetry: false,
  });
  if (account.apiBaseUrl) client.api.baseUrl = account.apiBaseUrl.replace(/\/+$/, '');
  return client;
}

/** E.164 as Twilio wants it: "+" and 8 to 15 digits. */
export function isE164(phone: string): boolean {
  return /^\+[1-9]\d{7,14}$/.test(phone);
}
