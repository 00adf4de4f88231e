// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ClinicDeskBridge, SavePdfResult } from '../../../preload/bridge';
import { PrintButtons } from './PrintButtons';

afterEach(() => {
  cleanup();
  delete window.clinicdesk;
});

function desktop(answer: () => Promise<SavePdfResult>) {
  const asked: string[] = [];
  window.clinicdesk = {
    call: () => Promise.reject(new Error('not used')),
    on: () => () => undefined,
    savePdf: (name) => {
      asked.push(name);
      return answer();
    },
  } satisfies ClinicDeskBridge;
  return asked;
}

describe('Print and Save as PDF', () => {
  it('in a browser offers Print only (its dialog has Save as PDF)', () => {
    const print = vi.fn();
    window.print = print; // happy-dom has no print dialog
    render(<PrintButtons pdfName="Reports" />);
    expect(screen.queryByRole('button', { name: 'Save as PDF' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('in the desktop app saves through the bridge and says where', async () => {
    const asked = desktop(() => Promise.resolve({ saved: true, path: '/home/dana/Reports.pdf' }));
    render(<PrintButtons pdfName="ClinicDesk reports 2026-11-01 to 2026-11-28" />);
    fireEvent.click(screen.getByRole('button', { name: 'Save as PDF' }));
    expect(await screen.findByText('Saved to /home/dana/Reports.pdf')).toBeTruthy();
    expect(asked).toEqual(['ClinicDesk reports 2026-11-01 to 2026-11-28']);
  });

  it('says nothing when the user cancels, and the reason when saving fails', async () => {
    let answer: SavePdfResult = { saved: false };
    desktop(() => Promise.resolve(answer));
    render(<PrintButtons pdfName="Reports" />);
    fireEvent.click(screen.getByRole('button', { name: 'Save as PDF' }));
    await Promise.resolve();
    expect(screen.queryByRole('alert')).toBeNull();
    answer = { saved: false, error: 'The PDF could not be saved: EACCES: permission denied' };
    fireEvent.click(screen.getByRole('button', { name: 'Save as PDF' }));
    expect(
      (await screen.findByRole('alert')).textContent?.includes('EACCES: permission denied'),
    ).toBe(true);
  });
});
