/**
 * Password and PIN hashing with scrypt from node:crypto, at OWASP's parameters for scrypt
 * (N=2^17, r=8, p=1: about 128 MiB and a few hundred milliseconds per hash — the price of each
 * guess for someone holding a copy of the database). Parameters are stored with each hash
 * ("scrypt$17$8$1$<salt>$<hash>") so they can be raised later without invalidating old ones.
 * Argon2id would need a native package; scrypt is in Node itself and on OWASP's list.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

export interface ScryptParams {
  /** log2 of N. */
  logN: number;
  r: number;
  p: number;
}

export const OWASP_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };
const KEY_LEN = 32;
const SALT_LEN = 16;

function maxmem(params: ScryptParams): number {
  // scrypt needs 128 * N * r bytes; Node refuses above 32 MiB unless told.
  return 128 * 2 ** params.logN * params.r + 1024 * 1024;
}

/**
 * The parameters new hashes get: OWASP's, except in a test run that lowers them with
 * `hashCostForTests` (test/setup/hashCost.ts), so that a suite creating dozens of accounts does
 * not pay a few hundred milliseconds for each. src/core/api/auth.test.ts puts OWASP's back and
 * checks that a new account's hash carries them; `npm run bench -- --only auth` measures sign-in
 * at them.
 */
let newHashParams: ScryptParams = OWASP_SCRYPT;

/** Test runs only (refused outside Vitest): the parameters new hashes get from now on. */
export function hashCostForTests(params: ScryptParams): void {
  if (!process.env.VITEST) throw new Error('The password hash cost can be changed in tests only.');
  newHashParams = params;
}

export async function hashSecret(
  secret: string,
  params: ScryptParams = newHashParams,
): Promise<string> {
  const salt = crypto.randomBytes(SALT_LEN);
  const key = await scrypt(secret.normalize('NFC'), salt, KEY_LEN, {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    maxmem: maxmem(params),
  });
  return [
    'scrypt',
    params.logN,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Constant-time comparison against a stored hash; false for a malformed one. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 22) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_LEN) return false;
  const key = await scrypt(secret.normalize('NFC'), salt, KEY_LEN, {
    N: 2 ** logN,
    r,
    p,
    maxmem: maxmem({ logN, r, p }),
  });
  return crypto.timingSafeEqual(key, expected);
}

/**
 * A hash that never matches, computed at the real cost: signing in as an unknown user takes as
 * long as a wrong password, so timing does not reveal which usernames exist.
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret(crypto.randomBytes(16).toString('hex'));
  return decoy;
}

export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | null = null;
async function commonPasswords(): Promise<Set<string>> {
  if (!common) {
    // zxcvbn-ts's list of common passwords (about 49,000), loaded only when a password is set.
    const mod = (await import('@zxcvbn-ts/language-common')) as {
      dictionary: Record<string, string[]>;
    };
    common = new Set(mod.dictionary['passwords-common'] ?? []);
  }
  return common;
}

/**
 * Why a new password is refused, in words, or null when it is acceptable (NIST SP 800-63B: length
 * and a list of common passwords, no composition rules). "password1234" is refused as
 * "password" with digits added.
 */
export async function passwordProblem(
  password: string,
  context: { username: string; displayName: string },
): Promise<string | null> {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`;
  if ([...password].length > 200) return 'The password is too long (at most 200 characters).';
  const lower = password.toLowerCase();
  const list = await commonPasswords();
  const stem = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (list.has(lower) || (stem.length >= 6 && list.has(stem)) || /^(.)\1+$/u.test(password))
    return 'That password is on the list of common passwords; choose another (a short sentence works well).';
  const username = context.username.toLowerCase();
  if (username.length >= 3 && lower.includes(username))
    return 'The password must not contain the username.';
  return null;
}

/** A PIN unlocks only its owner's own locked screen: 4 to 8 digits, not all the same. */
export function pinProblem(pin: string): string | null {
  if (!/^\d{4,8}$/.test(pin)) return 'The PIN must be 4 to 8 digits.';
  if (/^(\d)\1+$/.test(pin) || '0123456789'.includes(pin) || '9876543210'.includes(pin))
    return 'That PIN is too easy to guess; choose another.';
  return null;
}
