/**
 * Print, and in the desktop app "Save as PDF": the browser's print dialog offers "Save as PDF" as a
 * printer; the desktop app also saves straight to a file through Electron's printToPDF
 * (main/pdf.ts), which renders the same print stylesheet. The outcome is said in a snackbar.
 */
import { useState } from 'react';
import { Alert, Button, Snackbar, Tooltip } from '@mui/material';

export function PrintButtons(props: { pdfName: string }) {
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const savePdf = typeof window === 'undefined' ? undefined : window.clinicdesk?.savePdf;
  return (
    <>
      {savePdf && (
        <Button
          variant="outlined"
          size="small"
          onClick={() => {
            setNotice(null);
            savePdf(props.pdfName).then(
              (r) =>
                setNotice(
                  r.saved
                    ? { ok: true, text: `Saved to ${r.path}` }
                    : r.error
                      ? { ok: false, text: r.error }
                      : null,
                ),
              (e: unknown) =>
                setNotice({
                  ok: false,
                  text: `The PDF could not be saved: ${e instanceof Error ? e.message : String(e)}`,
                }),
            );
          }}
        >
          Save as PDF
        </Button>
      )}
      <Tooltip describeChild title="Print, or choose “Save as PDF” as the printer">
        <Button variant="outlined" size="small" onClick={() => window.print()}>
          Print
        </Button>
      </Tooltip>
      <Snackbar
        open={notice !== null}
        autoHideDuration={notice?.ok ? 8000 : null}
        onClose={() => setNotice(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {notice ? (
          <Alert severity={notice.ok ? 'success' : 'error'} onClose={() => setNotice(null)}>
            {notice.text}
          </Alert>
        ) : undefined}
      </Snackbar>
    </>
  );
}
