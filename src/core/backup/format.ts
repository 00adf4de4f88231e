/**
 * The backup file: a copy of the clinic's database, encrypted under a key derived from the
 * administrator's backup passphrase, so a lost USB drive or a NAS share reveals nothing.
 *
 *   "CDBACKUP" | u32 header length | header (JSON, plain: how to derive the key, never the key)
 *   frames:  u32 plain length | u8 last | AES-256-GCM ciphertext | 16-byte tag
 *
 * Key: scrypt(passphrase, salt, N=2^17, r=8, p=1) -> 32 bytes (the master key, kept sealed in
 * the database for unattended backups); each file gets its own key from it through HKDF with a
 * random salt, so nonces (the frame number) never repeat under one key. Every frame's tag covers
 * the header, the frame's number and whether it is the last, so a file cut short, frames
 * reordered or dropped, or a header edited all fail to decrypt (the STREAM construction).
 * Frame 0 is the manifest (JSON: when, row counts, the audit chain head and key); the database
 * follows in frames of up to 4 MiB. Streamed in both directions: memory stays flat for a 1 GB
 * database and the event loop gets a turn between frames, so the desks keep booking.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';

export const BACKUP_MAGIC = Buffer.from('CDBACKUP', 'ascii');
export const BACKUP_EXTENSION = '.cdbackup';
const FRAME_BYTES = 4 * 1024 * 1024;
const TAG_BYTES = 16;
const MAX_HEADER = 64 * 1024;

export interface KdfParams {
  salt: string;
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt floor for passwords (N=2^17, r=8, p=1). */
export const DEFAULT_KDF = { N: 2 ** 17, r: 8, p: 1 } as const;

export class BackupFileError extends Error {
  constructor(
    readonly kind: 'wrongPassphrase' | 'damaged' | 'notABackup',
    message: string,
  ) {
    super(message);
    this.name = 'BackupFileError';
  }
}

export function newKdf(): KdfParams {
  return { salt: crypto.randomBytes(16).toString('base64'), ...DEFAULT_KDF };
}

export function deriveKey(passphrase: string, kdf: KdfParams): Buffer {
  return crypto.scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r + 16 * 1024 * 1024,
  });
}

/** A value that tells a wrong passphrase from a damaged file, and reveals nothing of the key. */
export function keyCheck(key: Buffer): string {
  return crypto.createHmac('sha256', key).update('clinicdesk backup key check').digest('base64');
}

export interface BackupHeader {
  v: 1;
  createdMs: number;
  kdf: KdfParams;
  keyCheck: string;
  /** HKDF salt of this file's own key. */
  fileSalt: string;
}

export interface BackupManifest {
  createdMs: number;
  /** Rows per table in the copy. */
  counts: Record<string, number>;
  auditHead: { id: number; mac: string } | null;
  /** The audit chain's key (base64), so a restore on a new PC can keep verifying the chain. */
  auditKey: string | null;
  dbBytes: number;
}

function fileKey(master: Buffer, header: BackupHeader): Buffer {
  return Buffer.from(
    crypto.hkdfSync(
      'sha256',
      master,
      Buffer.from(header.fileSalt, 'base64'),
      'clinicdesk backup v1',
      32,
    ),
  );
}

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeUInt32BE(Math.floor(index / 2 ** 32), 4);
  n.writeUInt32BE(index >>> 0, 8);
  return n;
}

function aad(headerHash: Buffer, index: number, last: boolean): Buffer {
  const b = Buffer.alloc(headerHash.length + 9);
  headerHash.copy(b, 0);
  b.writeBigUInt64BE(BigInt(index), headerHash.length);
  b[headerHash.length + 8] = last ? 1 : 0;
  return b;
}

/**
 * Encrypts `manifest` and the database file `plainFile` into `outFile` (which must not exist),
 * flushed to disk before it resolves. `onFrame` is called after every frame written. Answers the
 * bytes written and the SHA-256 of the database bytes read (what a decryption must give back).
 */
export async function writeBackupFile(input: {
  plainFile: string;
  outFile: string;
  masterKey: Buffer;
  kdf: KdfParams;
  manifest: BackupManifest;
  frameBytes?: number;
  onFrame?: (index: number) => void | Promise<void>;
}): Promise<{ bytes: number; plainSha256: string }> {
  const frameBytes = input.frameBytes ?? FRAME_BYTES;
  const header: BackupHeader = {
    v: 1,
    createdMs: input.manifest.createdMs,
    kdf: input.kdf,
    keyCheck: keyCheck(input.masterKey),
    fileSalt: crypto.randomBytes(16).toString('base64'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerHash = crypto.createHash('sha256').update(headerBytes).digest();
  const key = fileKey(input.masterKey, header);
  const out = await fs.promises.open(input.outFile, 'wx', 0o600);
  const src = await fs.promises.open(input.plainFile, 'r');
  let written = 0;
  const hash = crypto.createHash('sha256');
  const put = async (buf: Buffer) => {
    await out.write(buf);
    written += buf.length;
  };
  try {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(headerBytes.length);
    await put(Buffer.concat([BACKUP_MAGIC, len, headerBytes]));
    let index = 0;
    const frame = async (plain: Buffer, last: boolean) => {
      const c = crypto.createCipheriv('aes-256-gcm', key, nonce(index));
      c.setAAD(aad(headerHash, index, last));
      const body = Buffer.concat([c.update(plain), c.final()]);
      const head = Buffer.alloc(5);
      head.writeUInt32BE(plain.length);
      head[4] = last ? 1 : 0;
      await put(Buffer.concat([head, body, c.getAuthTag()]));
      await input.onFrame?.(index);
      index++;
    };
    await frame(Buffer.from(JSON.stringify(input.manifest), 'utf8'), false);
    const buf = Buffer.alloc(frameBytes);
    for (;;) {
      const { bytesRead } = await src.read(buf, 0, frameBytes, null);
      if (bytesRead === 0) break;
      const plain = Buffer.from(buf.subarray(0, bytesRead));
      hash.update(plain);
      await frame(plain, false);
    }
    await frame(Buffer.alloc(0), true);
    await out.sync();
  } finally {
    await src.close();
    await out.close();
  }
  return { bytes: written, plainSha256: hash.digest('hex') };
}

/** The plain header of a backup file: when it was made and how its key is derived. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const fh = await fs.promises.open(file, 'r');
  try {
    return (await readHeader(fh)).header;
  } finally {
    await fh.close();
  }
}

async function readExactly(fh: fs.promises.FileHandle, n: number): Promise<Buffer | null> {
  const b = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const { bytesRead } = await fh.read(b, got, n - got, null);
    if (bytesRead === 0) return got === 0 ? null : b.subarray(0, got);
    got += bytesRead;
  }
  return b;
}

async function readHeader(
  fh: fs.promises.FileHandle,
): Promise<{ header: BackupHeader; headerBytes: Buffer }> {
  const start = await readExactly(fh, BACKUP_MAGIC.length + 4);
  if (!start || start.length < 12 || !start.subarray(0, 8).equals(BACKUP_MAGIC))
    throw new BackupFileError('notABackup', 'This file is not a ClinicDesk backup.');
  const len = start.readUInt32BE(8);
  if (len > MAX_HEADER)
    throw new BackupFileError('damaged', 'This backup is damaged: its header is unreadable.');
  const headerBytes = await readExactly(fh, len);
  if (!headerBytes || headerBytes.length < len)
    throw new BackupFileError('damaged', 'This backup is damaged: it ends inside its header.');
  try {
    const header = JSON.parse(headerBytes.toString('utf8')) as BackupHeader;
    if (header.v !== 1 || !header.kdf || !header.fileSalt || !header.keyCheck)
      throw new Error('fields');
    return { header, headerBytes };
  } catch {
    throw new BackupFileError('damaged', 'This backup is damaged: its header is unreadable.');
  }
}

/**
 * Decrypts `file` into `plainOut` (which must not exist; null: decrypt and check every frame
 * without writing the database anywhere) and answers its manifest and the SHA-256 of the
 * database bytes. The master key comes from `keyFor(header)`: the stored key, or one derived from
 * a passphrase typed now. Throws BackupFileError: a wrong passphrase, or a damaged or cut-short
 * file (named as such).
 */
export async function readBackupFile(input: {
  file: string;
  plainOut: string | null;
  keyFor: (header: BackupHeader) => Buffer;
}): Promise<{ header: BackupHeader; manifest: BackupManifest; plainSha256: string }> {
  const fh = await fs.promises.open(input.file, 'r');
  let out: fs.promises.FileHandle | null = null;
  try {
    const { header, headerBytes } = await readHeader(fh);
    const master = input.keyFor(header);
    if (keyCheck(master) !== header.keyCheck)
      throw new BackupFileError(
        'wrongPassphrase',
        'The passphrase does not open this backup (it was made with a different backup passphrase).',
      );
    const key = fileKey(master, header);
    const headerHash = crypto.createHash('sha256').update(headerBytes).digest();
    if (input.plainOut !== null) out = await fs.promises.open(input.plainOut, 'wx', 0o600);
    const hash = crypto.createHash('sha256');
    let manifest: BackupManifest | null = null;
    let dbBytes = 0;
    for (let index = 0; ; index++) {
      const head = await readExactly(fh, 5);
      if (!head || head.length < 5)
        throw new BackupFileError(
          'damaged',
          'This backup is incomplete: it ends before its last part (the copy was cut short).',
        );
      const len = head.readUInt32BE(0);
      const last = head[4] === 1;
      if (len > 64 * 1024 * 1024 || head[4]! > 1)
        throw new BackupFileError(
          'damaged',
          `This backup is damaged (part ${index} is unreadable).`,
        );
      const body = await readExactly(fh, len + TAG_BYTES);
      if (!body || body.length < len + TAG_BYTES)
        throw new BackupFileError(
          'damaged',
          'This backup is incomplete: it ends before its last part (the copy was cut short).',
        );
      let plain: Buffer;
      try {
        const d = crypto.createDecipheriv('aes-256-gcm', key, nonce(index));
        d.setAAD(aad(headerHash, index, last));
        d.setAuthTag(body.subarray(len));
        plain = Buffer.concat([d.update(body.subarray(0, len)), d.final()]);
      } catch {
        throw new BackupFileError(
          'damaged',
          `This backup is damaged: part ${index} does not match its checksum (the file was changed or corrupted).`,
        );
      }
      if (index === 0) {
        manifest = JSON.parse(plain.toString('utf8')) as BackupManifest;
      } else if (plain.length > 0) {
        hash.update(plain);
        if (out) await out.write(plain);
        else await new Promise<void>((resolve) => setImmediate(resolve)); // the desks' turn
        dbBytes += plain.length;
      }
      if (last) break;
    }
    const extra = await readExactly(fh, 1);
    if (extra)
      throw new BackupFileError('damaged', 'This backup is damaged: there is data after its end.');
    if (!manifest || manifest.dbBytes !== dbBytes)
      throw new BackupFileError('damaged', 'This backup is damaged: its database is incomplete.');
    await out?.sync();
    return { header, manifest, plainSha256: hash.digest('hex') };
  } finally {
    await out?.close();
    await fh.close();
  }
}
