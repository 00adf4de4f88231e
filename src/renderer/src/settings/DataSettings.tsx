/**
 * "Your data": a clinic can always leave with what it owns. Each table downloads as one CSV file,
 * fetched a page at a time and put together in a Blob, so a large clinic's million appointments
 * never travel as one answer. Also where the full NUCC specialty list is loaded from the file
 * nucc.org publishes.
 */
import { useState } from 'react';
import { Alert, Box, Button, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import type { ApiInput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { asApiError } from '../schedules/fieldErrors';

type Table = ApiInput<'clinic/exportCsv'>['table'];

const EXPORTS: { table: Table; label: string }[] = [
  { table: 'patients', label: 'Patients' },
  { table: 'appointments', label: 'Appointments' },
  { table: 'providers', label: 'Providers' },
  { table: 'visitTypes', label: 'Visit types' },
  { table: 'fees', label: 'Fees' },
];

function saveFile(parts: string[], fileName: string) {
  // The BOM makes Excel read the file as UTF-8.
  const url = URL.createObjectURL(
    new Blob(['\ufeff', ...parts], { type: 'text/csv;charset=utf-8' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DataSettings() {
  const desk = useDesk();
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(
    null,
  );
  const [nucc, setNucc] = useState<string | null>(null);

  async function exportTable(table: Table, label: string) {
    try {
      const parts: string[] = [];
      let afterId = 0;
      let fileName = '';
      let total = 0;
      let done = 0;
      for (;;) {
        const page = await call('clinic/exportCsv', { table, afterId });
        if (afterId === 0) {
          fileName = page.fileName;
          total = page.totalRows ?? 0;
        }
        parts.push(page.csv);
        done += page.rows;
        setProgress({ label, done, total });
        if (page.nextAfterId === null) break;
        afterId = page.nextAfterId;
      }
      saveFile(parts, fileName);
      desk.notify(
        `Exported ${done.toLocaleString()} ${label.toLowerCase()} to ${fileName}.`,
        'success',
      );
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    } finally {
      setProgress(null);
    }
  }

  async function loadNucc(file: File) {
    try {
      const r = await call('specialties/importNucc', { csv: await file.text() });
      setNucc(
        `Loaded ${r.codes.toLocaleString()} specialties (${r.added} new, ${r.renamed} renamed)` +
          (r.skipped.length
            ? `; skipped ${r.skipped.length}: ${r.skipped.slice(0, 3).join('; ')}`
            : '.'),
      );
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    }
  }

  return (
    <Stack spacing={2}>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="h6" component="h3">
          Export your data
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 1.5 }}>
          Each list downloads as a CSV file that any spreadsheet or other system can read. Every
          export is recorded in the audit log.
        </Typography>
        <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
          {EXPORTS.map((e) => (
            <Button
              key={e.table}
              variant="outlined"
              disabled={progress !== null}
              onClick={() => void exportTable(e.table, e.label)}
            >
              Export {e.label.toLowerCase()}
            </Button>
          ))}
        </Stack>
        {progress && (
          <Box sx={{ mt: 1.5 }} role="status">
            <Typography variant="body2">
              Exporting {progress.label.toLowerCase()}: {progress.done.toLocaleString()} of{' '}
              {progress.total.toLocaleString()}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={progress.total ? (100 * progress.done) / progress.total : 100}
            />
          </Box>
        )}
      </Paper>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="h6" component="h3">
          Specialty list
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 1.5 }}>
          The provider specialty picker names the common specialties. For every NUCC taxonomy code,
          download the CSV from nucc.org (Code Sets → Taxonomy → CSV) and load it here.
        </Typography>
        <Button variant="outlined" component="label">
          Load NUCC taxonomy CSV…
          <input
            hidden
            type="file"
            accept=".csv,text/csv"
            aria-label="NUCC taxonomy CSV file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void loadNucc(f);
              e.target.value = '';
            }}
          />
        </Button>
        {nucc && (
          <Alert severity="success" sx={{ mt: 1.5 }}>
            {nucc}
          </Alert>
        )}
      </Paper>
    </Stack>
  );
}
