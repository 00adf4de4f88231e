/**
 * Secrets at rest (clearinghouse passwords, Twilio tokens, SMTP passwords, OAuth refresh tokens):
 * never written to the database in plain text. A SecretBox seals a string into an opaque text
 * and opens it again. The desktop app seals with Electron's safeStorage (the OS keychain); the
 * browser-mode host seals with AES-256-GCM under a random key kept in a file next to the
 * database, readable only by its owner — so a copied database alone reveals no secret.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SecretBox {
  /** Where the key lives, in words, for the settings screen ("the OS keychain", "a key file"). */
  readonly describe: string;
  seal(plain: string): string;
  open(sealed: string): string;
}

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

const VERSION = 'v1';
const KEY_BYTES = 32;

function loadOrCreateKey(keyFile: string): Buffer {
  try {
    const text = fs.readFileSync(keyFile, 'utf8').trim();
    const key = Buffer.from(text, 'base64');
    if (key.length !== KEY_BYTES)
      throw new SecretError(
        `The key file ${keyFile} is damaged (wrong length); saved secrets cannot be read.`,
      );
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(KEY_BYTES);
  // 'wx': two processes starting at once must not both write a key; the loser reads the winner's.
  try {
    fs.writeFileSync(keyFile, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(keyFile);
    throw err;
  }
}

/** AES-256-GCM with a random 96-bit nonce per secret; the key is created on first use. */
export function fileKeySecretBox(keyFile: string): SecretBox {
  let key: Buffer | null = null;
  const getKey = () => (key ??= loadOrCreateKey(keyFile));
  return {
    describe: `a key file (${keyFile})`,
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', getKey(), iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
    },
    open(sealed) {
      if (!sealed.startsWith(`${VERSION}:`))
        throw new SecretError('A saved secret is in an unknown format; enter it again.');
      const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64');
      if (raw.length < 28) throw new SecretError('A saved secret is damaged; enter it again.');
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', getKey(), raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new SecretError(
          'A saved secret cannot be read with this computer’s key (was the database copied from another PC?); enter it again.',
        );
      }
    },
  };
}

export const SECRET_KEY_FILE = 'clinicdesk-secrets.key';
