/**
 * The practice manager's audit log: who did or saw what, when, from which desk. Filters by staff
 * member, patient, date range and action; a page at a time, newest first; the same rows as CSV;
 * and "Verify now", which checks the tamper-evident chain and shows the last check's outcome.
 */
import { useState } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';

type Verification = NonNullable<ApiOutput<'audit/list'>['lastVerification']>;
type FoundPatient = ApiOutput<'patients/search'>[number];

interface Filter {
  userId?: number;
  patientId?: number;
  from?: string;
  to?: string;
  action?: string;
}

const ACTIONS = [
  ['', 'Any action'],
  ['patient.viewed', 'Opened a patient record'],
  ['eligibility', 'Benefits viewed or checked'],
  ['estimate.viewed', 'Estimate viewed'],
  ['appointment', 'Appointments (booked, moved, cancelled…)'],
  ['patient', 'Patient records (created, changed, viewed)'],
  ['auth', 'Sign-in, lock, sign-out'],
  ['access.refused', 'Refused operations'],
  ['backup', 'Backups'],
  ['audit.exported', 'Audit exports'],
] as const;

function download(csv: string, fileName: string) {
  // The BOM makes Excel read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function detailsText(details: Record<string, unknown>): string {
  const parts = Object.entries(details).map(
    ([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
  );
  return parts.join(', ');
}

export function VerificationLine(props: { v: Verification | null; zone: string }) {
  const { v } = props;
  if (!v) return <Alert severity="info">The audit log has not been verified yet.</Alert>;
  const when = DateTime.fromMillis(v.atMs, { zone: props.zone }).toFormat('ccc d LLL yyyy, h:mm a');
  return v.ok ? (
    <Alert severity="success" data-testid="audit-verification">
      Chain intact: {v.rows.toLocaleString()} rows checked {when} ({v.trigger}).
    </Alert>
  ) : (
    <Alert severity="error" data-testid="audit-verification">
      Tampering found {when}: {v.reason}
    </Alert>
  );
}

export function AuditScreen() {
  const desk = useDesk();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [patientQuery, setPatientQuery] = useState('');
  const [patients, setPatients] = useState<FoundPatient[]>([]);
  const [verifying, setVerifying] = useState(false);
  const [justVerified, setJustVerified] = useState<Verification | null>(null);
  const log = useLiveQuery('audit/list', { filter, page, pageSize }, []);
  const data = log.data;

  const set = (patch: Partial<Filter>) => {
    setFilter((f) => {
      const next: Filter = { ...f, ...patch };
      for (const k of Object.keys(next) as (keyof Filter)[])
        if (next[k] === undefined || next[k] === '') delete next[k];
      return next;
    });
    setPage(0);
  };

  async function searchPatients(q: string) {
    setPatientQuery(q);
    if (q.trim().length < 2) return setPatients([]);
    try {
      setPatients(await call('patients/search', { query: q, limit: 10, includeInactive: true }));
    } catch {
      setPatients([]);
    }
  }

  async function verifyNow() {
    setVerifying(true);
    try {
      const v = await call('audit/verify', {});
      setJustVerified(v);
      desk.notify(
        v.ok ? 'The audit log holds.' : `The audit log is broken at row ${v.firstBrokenId}.`,
        v.ok ? 'success' : 'error',
      );
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    } finally {
      setVerifying(false);
    }
  }

  async function exportCsv() {
    try {
      const r = await call('audit/exportCsv', { filter });
      download(r.csv, r.fileName);
      desk.notify(
        r.truncated
          ? `Exported the newest ${r.rows.toLocaleString()} rows (narrow the filters for the rest).`
          : `Exported ${r.rows.toLocaleString()} rows.`,
        'success',
      );
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    }
  }

  const time = (ms: number) =>
    DateTime.fromMillis(ms, { zone: desk.zone }).toFormat('LLL d, yyyy h:mm:ss a');

  return (
    <Box sx={{ p: 2 }} component="section" aria-labelledby="audit-title">
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography id="audit-title" variant="h5" component="h2" sx={{ fontWeight: 700 }}>
          Audit log
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button variant="outlined" onClick={() => void exportCsv()} disabled={!data}>
          Export CSV
        </Button>
        <Button variant="contained" onClick={() => void verifyNow()} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify now'}
        </Button>
      </Stack>
      <Box sx={{ mb: 1.5 }}>
        <VerificationLine v={justVerified ?? data?.lastVerification ?? null} zone={desk.zone} />
      </Box>
      <Paper variant="outlined" sx={{ p: 1.5, mb: 1.5 }}>
        <Stack direction="row" spacing={1.5} useFlexGap flexWrap="wrap" alignItems="center">
          <TextField
            select
            size="small"
            label="Staff member"
            value={filter.userId ?? ''}
            onChange={(e) => set({ userId: e.target.value ? Number(e.target.value) : undefined })}
            sx={{ minWidth: 180 }}
          >
            <MenuItem value="">Anyone</MenuItem>
            {(data?.users ?? []).map((u) => (
              <MenuItem key={u.id} value={u.id}>
                {u.displayName} ({u.username})
              </MenuItem>
            ))}
          </TextField>
          <Autocomplete
            size="small"
            sx={{ minWidth: 240 }}
            options={patients}
            filterOptions={(o) => o}
            inputValue={patientQuery}
            onInputChange={(_e, v) => void searchPatients(v)}
            getOptionLabel={(p) => `${p.lastName}, ${p.firstName} (${p.dateOfBirth})`}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            onChange={(_e, p) => set({ patientId: p?.id })}
            renderInput={(params) => <TextField {...params} label="Patient" />}
            noOptionsText="Type a name or date of birth"
          />
          <TextField
            type="date"
            size="small"
            label="From"
            value={filter.from ?? ''}
            onChange={(e) => set({ from: e.target.value || undefined })}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            type="date"
            size="small"
            label="To"
            value={filter.to ?? ''}
            onChange={(e) => set({ to: e.target.value || undefined })}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            select
            size="small"
            label="Action"
            value={filter.action ?? ''}
            onChange={(e) => set({ action: e.target.value || undefined })}
            sx={{ minWidth: 220 }}
          >
            {ACTIONS.map(([value, label]) => (
              <MenuItem key={value} value={value}>
                {label}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </Paper>
      {log.error && <Alert severity="error">{log.error.message}</Alert>}
      <Paper variant="outlined">
        <Table size="small" aria-label="Audit log entries">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>Desk</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Patient</TableCell>
              <TableCell>Details</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(data?.rows ?? []).map((r) => (
              <TableRow key={r.id} hover>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{time(r.atMs)}</TableCell>
                <TableCell>{r.actor}</TableCell>
                <TableCell>{r.workstation || r.origin}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{r.action}</TableCell>
                <TableCell>{r.patientName ?? ''}</TableCell>
                <TableCell
                  sx={{
                    maxWidth: 380,
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                    whiteSpace: 'nowrap',
                    color: 'text.secondary',
                  }}
                  title={detailsText(r.details)}
                >
                  {detailsText(r.details)}
                </TableCell>
              </TableRow>
            ))}
            {data && data.rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>No entries match these filters.</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
        <TablePagination
          component="div"
          count={data?.total ?? 0}
          page={page}
          onPageChange={(_e, p) => setPage(p)}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[25, 50, 100]}
          onRowsPerPageChange={(e) => {
            setPageSize(Number(e.target.value));
            setPage(0);
          }}
        />
      </Paper>
    </Box>
  );
}
