/**
 * Sending an import file to the server in pieces (patients/importUpload), for the patient and the
 * visit import alike: a practice's whole export is larger than one request may be. The screen
 * refuses a file over the limit before sending anything, shows a progress bar while the pieces
 * go, and then names the file by its uploadId in preview and commit.
 */
import { useState } from 'react';
import { Box, LinearProgress, Typography } from '@mui/material';
import {
  PATIENT_IMPORT_CHUNK_BYTES,
  PATIENT_IMPORT_MAX_BYTES,
} from '../../../shared/patientImportFields';
import { call } from '../api/client';
import { bytesToBase64 } from '../directory/format';
import { asApiError } from '../schedules/fieldErrors';

export interface UploadedFile {
  name: string;
  bytes: number;
  /** The server's copy, sent in pieces; preview and import name it. */
  uploadId: string;
}

/** 0..1 of the chosen file sent to the server, while it is being sent. */
export interface Uploading {
  name: string;
  done: number;
}

export const megabytes = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;

/** "12 KB" or "4.6 MB". */
export const fileSize = (bytes: number) =>
  bytes < 1_000_000 ? `${Math.ceil(bytes / 1024)} KB` : megabytes(bytes);

function newUploadId(): string {
  return `upl${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export interface UploadWording {
  /** What an empty file lacks: "patients", "visits". */
  things: string;
  /** How to split a file that is too large, e.g. "last names A–L and M–Z". */
  splitBy: string;
}

/**
 * `send(file)` refuses a file that is empty or over the limit, else sends it in pieces (watch
 * `uploading` for the bar) and answers the uploaded file, or the message to show.
 */
export function useImportUpload(wording: UploadWording) {
  const [uploading, setUploading] = useState<Uploading | null>(null);

  async function send(
    picked: File,
  ): Promise<{ ok: true; file: UploadedFile } | { ok: false; error: string }> {
    if (picked.size > PATIENT_IMPORT_MAX_BYTES)
      return {
        ok: false,
        error: `“${picked.name}” is ${megabytes(picked.size)}, more than the ${PATIENT_IMPORT_MAX_BYTES / 1_000_000} MB one import takes. Split the export into parts (for example ${wording.splitBy}, each with the header line) and import them one after another.`,
      };
    if (picked.size === 0)
      return {
        ok: false,
        error: `“${picked.name}” is empty: there are no ${wording.things} in it.`,
      };
    const uploadId = newUploadId();
    setUploading({ name: picked.name, done: 0 });
    try {
      for (let at = 0; at < picked.size; at += PATIENT_IMPORT_CHUNK_BYTES) {
        const piece = new Uint8Array(
          await picked.slice(at, at + PATIENT_IMPORT_CHUNK_BYTES).arrayBuffer(),
        );
        await call('patients/importUpload', {
          uploadId,
          totalBytes: picked.size,
          offset: at,
          chunkBase64: bytesToBase64(piece),
        });
        setUploading({ name: picked.name, done: (at + piece.length) / picked.size });
      }
      return { ok: true, file: { name: picked.name, bytes: picked.size, uploadId } };
    } catch (err) {
      return { ok: false, error: `“${picked.name}” could not be sent: ${asApiError(err).message}` };
    } finally {
      setUploading(null);
    }
  }

  return { uploading, send };
}

/** The bar shown while a file is being sent. */
export function UploadProgress({ uploading }: { uploading: Uploading | null }) {
  if (!uploading) return null;
  return (
    <Box sx={{ mb: 2 }} aria-live="polite">
      <Typography variant="body2">
        Sending “{uploading.name}” to ClinicDesk… {Math.round(uploading.done * 100)}%
      </Typography>
      <LinearProgress
        variant="determinate"
        value={Math.round(uploading.done * 100)}
        aria-label="Upload progress"
      />
    </Box>
  );
}
