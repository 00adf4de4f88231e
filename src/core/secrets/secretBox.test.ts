import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKeySecretBox, SecretError } from './secretBox';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-secret-'));

describe('file-key secret box', () => {
  it('seals to text that does not contain the secret and opens it again', () => {
    const box = fileKeySecretBox(path.join(dir(), 'k'));
    const sealed = box.seal('hunter2-Ω');
    expect(sealed).not.toContain('hunter2');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(box.open(sealed)).toBe('hunter2-Ω');
    // A fresh nonce each time: the same secret never seals to the same text.
    expect(box.seal('hunter2-Ω')).not.toBe(sealed);
  });

  it('creates the key file readable only by its owner, and reuses it', () => {
    const file = path.join(dir(), 'k');
    const sealed = fileKeySecretBox(file).seal('x');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fileKeySecretBox(file).open(sealed)).toBe('x');
  });

  it('refuses a secret sealed under another key, or tampered with, with a typed error', () => {
    const a = fileKeySecretBox(path.join(dir(), 'k'));
    const b = fileKeySecretBox(path.join(dir(), 'k'));
    const sealed = a.seal('secret');
    expect(() => b.open(sealed)).toThrow(SecretError);
    const tampered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => a.open(tampered)).toThrow(/cannot be read/);
    expect(() => a.open('plain text')).toThrow(/unknown format/);
  });
});
