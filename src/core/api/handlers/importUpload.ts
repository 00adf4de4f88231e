/**
 * Files sent in pieces for an import (patients/importUpload), shared by the patient and the visit
 * import: 3 MB as base64 is 4 MB, under the HTTP host's body limit, so a file of any allowed size
 * travels in pieces and no route's limit is raised. Preview and commit name the finished upload
 * by its uploadId instead of sending fileBase64; a successful commit frees it.
 */
import { z } from 'zod';
import { AppError } from '../../errors';
import {
  PATIENT_IMPORT_CHUNK_BYTES,
  PATIENT_IMPORT_MAX_BYTES,
} from '../../../shared/patientImportFields';
import { defineAsyncHandler, type AsyncHandlerContext } from '../handler';

/** The largest file one import takes. */
const MAX_FILE_BYTES = PATIENT_IMPORT_MAX_BYTES;
const MAX_CHUNK_BYTES = PATIENT_IMPORT_CHUNK_BYTES;

export const uploadId = z
  .string({ error: 'uploadId must be text' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'uploadId must be 8 to 64 letters, digits, - or _');

/** The file comes either whole (fileBase64) or as an upload finished in pieces (uploadId). */
export function oneFile(
  v: { fileBase64?: string | undefined; uploadId?: string | undefined },
  c: z.RefinementCtx,
): void {
  if (v.fileBase64 === undefined && v.uploadId === undefined)
    c.addIssue({
      code: 'custom',
      path: ['fileBase64'],
      message: 'choose a file to import: send fileBase64, or the uploadId of a finished upload',
    });
  else if (v.fileBase64 !== undefined && v.uploadId !== undefined)
    c.addIssue({
      code: 'custom',
      path: ['uploadId'],
      message: 'send the file once: fileBase64 or uploadId, not both',
    });
}

interface Upload {
  owner: string;
  total: number;
  received: number;
  parts: Buffer[];
  updatedMs: number;
}

/** Files sent in pieces, by upload id; dropped 30 minutes after their last piece or use. */
const uploads = new Map<string, Upload>();
const UPLOAD_KEPT_MS = 30 * 60_000;
/** What the host keeps for unfinished and finished uploads at once (a few clinics' files). */
const MAX_UPLOADS_BYTES = 3 * MAX_FILE_BYTES;

function ownerOf(ctx: Pick<AsyncHandlerContext, 'user' | 'actor'>): string {
  return ctx.user ? `user:${ctx.user.id}` : `actor:${ctx.actor}`;
}

function dropStale(nowMs: number): void {
  for (const [k, u] of uploads) if (nowMs - u.updatedMs > UPLOAD_KEPT_MS) uploads.delete(k);
}

const megabytes = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;

/** The bytes of a finished upload of this caller's, or a clear error. */
export function uploadedFile(id: string, ctx: AsyncHandlerContext): Uint8Array {
  dropStale(ctx.clock());
  const u = uploads.get(id);
  if (!u || u.owner !== ownerOf(ctx))
    throw new AppError(
      'NOT_FOUND',
      'The uploaded file is no longer here (uploads are kept for 30 minutes, and not across a restart). Choose the file again.',
      'uploadId',
    );
  if (u.received < u.total)
    throw new AppError(
      'INVALID_STATE',
      `The file has not finished uploading (${megabytes(u.received)} of ${megabytes(u.total)}). Wait for the upload to finish, or choose the file again.`,
      'uploadId',
    );
  u.updatedMs = ctx.clock();
  if (u.parts.length > 1) u.parts = [Buffer.concat(u.parts)];
  return new Uint8Array(u.parts[0]!.buffer, u.parts[0]!.byteOffset, u.parts[0]!.byteLength);
}

/** After a successful commit: the file is imported, its upload is no longer needed. */
export function freeUpload(id: string | undefined): void {
  if (id !== undefined) uploads.delete(id);
}

export const patientsImportUpload = defineAsyncHandler({
  name: 'patients/importUpload',
  kind: 'async',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Send an import file (patients or visits) in pieces of at most 3 MB (base64), in order from offset 0; patients/ and visits/importPreview and importCommit then name it by uploadId. Kept 30 minutes; at most 40 MB.',
  input: z
    .object({
      uploadId,
      totalBytes: z
        .number({ error: 'totalBytes must be a number' })
        .int('totalBytes must be a whole number')
        .min(1, 'the file is empty: there is nothing in it to import')
        .max(
          MAX_FILE_BYTES,
          `the file is larger than ${MAX_FILE_BYTES / 1_000_000} MB, more than one import takes; split it into parts and import them one after another`,
        ),
      offset: z
        .number({ error: 'offset must be a number' })
        .int('offset must be a whole number')
        .min(0, 'offset must be 0 or more'),
      chunkBase64: z
        .string({ error: 'chunkBase64 must be the piece as base64 text' })
        .min(1, 'the piece is empty')
        .max(
          Math.ceil((MAX_CHUNK_BYTES * 4) / 3) + 4,
          'a piece is at most 3 MB; send smaller pieces',
        ),
    })
    .strict(),
  run: async (input, ctx) => {
    const nowMs = ctx.clock();
    dropStale(nowMs);
    const owner = ownerOf(ctx);
    let u = uploads.get(input.uploadId);
    if (u && u.owner !== owner)
      throw new AppError(
        'CONFLICT',
        'This upload id is in use; start the upload with a new id.',
        'uploadId',
      );
    if (input.offset === 0) {
      // A new upload (or the same one started over).
      let kept = 0;
      for (const [k, other] of uploads) if (k !== input.uploadId) kept += other.total;
      if (kept + input.totalBytes > MAX_UPLOADS_BYTES)
        throw new AppError(
          'BUSY',
          'Other import files are being sent to this server right now. Try again in a few minutes.',
        );
      u = { owner, total: input.totalBytes, received: 0, parts: [], updatedMs: nowMs };
      uploads.set(input.uploadId, u);
    }
    if (!u)
      throw new AppError(
        'NOT_FOUND',
        'This upload is not on the server (uploads are kept for 30 minutes). Start again from offset 0.',
        'uploadId',
      );
    if (input.totalBytes !== u.total)
      throw new AppError(
        'VALIDATION',
        `totalBytes changed during the upload (${u.total} at the start); start again from offset 0`,
        'totalBytes',
      );
    if (input.offset !== u.received)
      throw new AppError(
        'VALIDATION',
        `offset ${input.offset} is not where the upload stands (${u.received} bytes received); send that piece next`,
        'offset',
      );
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.chunkBase64))
      throw new AppError(
        'VALIDATION',
        'chunkBase64: the piece must be sent as base64',
        'chunkBase64',
      );
    const piece = Buffer.from(input.chunkBase64, 'base64');
    if (u.received + piece.length > u.total)
      throw new AppError(
        'VALIDATION',
        `the pieces add up to more than totalBytes (${u.total}); start again from offset 0`,
        'chunkBase64',
      );
    u.parts.push(piece);
    u.received += piece.length;
    u.updatedMs = nowMs;
    return {
      uploadId: input.uploadId,
      received: u.received,
      totalBytes: u.total,
      complete: u.received === u.total,
    };
  },
});
