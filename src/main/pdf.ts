/**
 * "Save as PDF" for the desktop app: Electron's own printToPDF renders the page with its print
 * stylesheet (the same one the browser's Print uses), and the file goes where the user chooses in
 * the system's save dialog. The page sends only a suggested file name; the bytes never cross the
 * bridge, so a page cannot write anything but a rendering of itself.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type WebContents } from 'electron';
import { PDF_CHANNEL, type SavePdfResult } from '../preload/bridge';
import { isTrustedSender, type AppOrigin } from './security';

/** A file name the save dialog can offer: no folders, no odd characters, ends in .pdf. */
export function pdfFileName(suggested: unknown): string {
  const base = (typeof suggested === 'string' ? suggested : '')
    .replace(/\.pdf$/i, '')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 120);
  return `${base || 'ClinicDesk'}.pdf`;
}

async function savePdf(sender: WebContents, suggested: unknown): Promise<SavePdfResult> {
  const owner = BrowserWindow.fromWebContents(sender);
  const options = {
    title: 'Save as PDF',
    defaultPath: path.join(app.getPath('documents'), pdfFileName(suggested)),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  };
  const choice = owner
    ? await dialog.showSaveDialog(owner, options)
    : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { saved: false };
  const pdf = await sender.printToPDF({
    landscape: true,
    printBackground: true,
    pageSize: 'Letter',
  });
  // Readable by its owner only, like everything else ClinicDesk writes.
  await fs.writeFile(choice.filePath, pdf, { mode: 0o600 });
  return { saved: true, path: choice.filePath };
}

export function registerPdf(origin: AppOrigin): () => void {
  ipcMain.handle(PDF_CHANNEL, async (event, suggested: unknown): Promise<SavePdfResult> => {
    if (!isTrustedSender(origin, event.senderFrame))
      return { saved: false, error: 'This page is not allowed to use ClinicDesk.' };
    try {
      return await savePdf(event.sender, suggested);
    } catch (err) {
      console.error('[clinicdesk] could not save the PDF', err);
      return {
        saved: false,
        error: `The PDF could not be saved: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  });
  return () => ipcMain.removeHandler(PDF_CHANNEL);
}
