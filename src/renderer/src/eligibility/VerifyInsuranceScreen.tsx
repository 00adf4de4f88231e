/**
 * "Verify insurance": the morning batch. Every booked appointment of the next N days whose
 * coverage has no fresh answer is sent to the clearinghouse; the bar fills as answers come in and
 * each row says, in words, what the payer said or what went wrong. The newest batch this desk
 * started is shown again when the screen is reopened.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  LinearProgress,
  Link,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { call } from '../api/client';
import { timeLabel, dayLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import { batchProgress } from './format';

/**
 * There is no "newest batch" operation: the desk remembers the batch it started. A batch started
 * on another PC is not shown here (its checks still appear on each patient).
 */
const BATCH_KEY = 'clinicdesk.eligibility.batchId';

function rememberedBatch(): number | null {
  try {
    const v = Number(window.localStorage.getItem(BATCH_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}
function rememberBatch(id: number | null) {
  try {
    if (id === null) window.localStorage.removeItem(BATCH_KEY);
    else window.localStorage.setItem(BATCH_KEY, String(id));
  } catch {
    // A desk without storage still runs batches; it just forgets them on reload.
  }
}

const STATUS_CHIP: Record<
  string,
  { label: string; color: 'default' | 'info' | 'success' | 'error' | 'warning' }
> = {
  queued: { label: 'Waiting', color: 'default' },
  sending: { label: 'Asking', color: 'info' },
  done: { label: 'Answered', color: 'success' },
  failed: { label: 'Failed', color: 'error' },
  manual: { label: 'By hand', color: 'success' },
  rejected: { label: 'Rejected', color: 'warning' },
};
const COVERAGE_WORDS: Record<string, string> = {
  active: 'Active',
  inactive: 'Inactive',
  unknown: 'Unknown',
};

export function VerifyInsuranceScreen() {
  const desk = useDesk();
  const [days, setDays] = useState('3');
  const [daysError, setDaysError] = useState<string | null>(null);
  const [batchId, setBatchId] = useState<number | null>(rememberedBatch);
  const [started, setStarted] = useState<{
    queued: number;
    alreadyFresh: number;
    selfPay: number;
    appointments: number;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const status = useLiveQuery('eligibility/batchStatus', batchId === null ? null : { batchId }, [
    'eligibility',
  ]);
  // A remembered batch from another clinic database (or a reset one) is forgotten, not shown as an error.
  useEffect(() => {
    if (status.error?.code === 'NOT_FOUND') {
      rememberBatch(null);
      setBatchId(null);
    }
  }, [status.error]);
  const batch = status.data && status.data.id === batchId ? status.data : undefined;

  const range = useMemo(() => {
    if (!batch) return null;
    const from = DateTime.fromISO(batch.fromDate, { zone: desk.zone }).startOf('day');
    const to = DateTime.fromISO(batch.toDate, { zone: desk.zone }).plus({ days: 1 }).startOf('day');
    return { from: from.toUTC().toISO() ?? '', to: to.toUTC().toISO() ?? '' };
  }, [batch, desk.zone]);
  const appointments = useLiveQuery('appointments/list', range, ['appointments']);
  const startOf = useMemo(
    () => new Map((appointments.data ?? []).map((a) => [a.id as number, a.start])),
    [appointments.data],
  );

  async function start() {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 14) {
      setDaysError('Choose 1 to 14 days.');
      return;
    }
    setBusy(true);
    setError(null);
    setDaysError(null);
    try {
      const r = await call('eligibility/startBatch', { days: n });
      rememberBatch(r.batchId);
      setBatchId(r.batchId);
      setStarted(r);
    } catch (err) {
      const e = asApiError(err);
      if (e.field === 'days') setDaysError(e.message.replace(/^days: /, ''));
      else setError(e.message);
    } finally {
      setBusy(false);
    }
  }

  async function stop() {
    if (batchId === null) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('eligibility/cancelBatch', { batchId });
      desk.notify(
        r.stopped > 0
          ? `Stopped: ${r.stopped} not yet sent will not be.`
          : 'Stopped: everything was already answered.',
        'info',
      );
    } catch (err) {
      setError(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  // In the day's order, not the order the answers came back in.
  const rows = useMemo(
    () =>
      (batch?.items ?? [])
        .map((item) => ({
          item,
          start: item.appointmentId === null ? undefined : startOf.get(item.appointmentId),
        }))
        .sort((a, b) =>
          (a.start ?? a.item.dateOfService).localeCompare(b.start ?? b.item.dateOfService),
        ),
    [batch, startOf],
  );
  const progress = batch ? batchProgress(batch.counts) : null;
  const running = batch ? !batch.finished && batch.cancelledMs === null : false;

  return (
    <Box sx={{ p: 2, maxWidth: 1100 }} component="section" aria-labelledby="verify-title">
      <Typography id="verify-title" variant="h5" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Verify insurance
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2, fontSize: 14 }}>
        Checks every booked appointment whose insurance has no fresh answer. Self-pay patients and
        answers still fresh are skipped.
      </Typography>
      <Stack
        component="form"
        aria-label="Start a batch"
        noValidate
        direction="row"
        spacing={1}
        alignItems="flex-start"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <TextField
          size="small"
          type="number"
          label="Next days"
          value={days}
          onChange={(e) => {
            setDays(e.target.value);
            setDaysError(null);
          }}
          error={daysError !== null}
          helperText={daysError ?? '1 to 14, today included'}
          slotProps={{ htmlInput: { min: 1, max: 14 } }}
          sx={{ width: 200 }}
        />
        <Button type="submit" variant="contained" disabled={busy || running}>
          Verify appointments
        </Button>
        {running && (
          <Button color="warning" variant="outlined" disabled={busy} onClick={() => void stop()}>
            Stop
          </Button>
        )}
      </Stack>
      {error && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }} onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {started && batch && started.appointments > 0 && (
        <Typography sx={{ mt: 1, fontSize: 14 }} data-testid="batch-summary">
          {started.appointments} appointment{started.appointments === 1 ? '' : 's'}:{' '}
          {started.queued} to verify, {started.alreadyFresh} already verified, {started.selfPay}{' '}
          self-pay.
        </Typography>
      )}
      {started && started.appointments === 0 && (
        <Alert severity="info" sx={{ mt: 1 }}>
          No booked appointments in those days.
        </Alert>
      )}
      {status.error && status.error.code !== 'NOT_FOUND' && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {status.error.message}
        </Alert>
      )}
      {batch && progress && (
        <Paper variant="outlined" sx={{ mt: 2, p: 1.5 }}>
          <Stack direction="row" spacing={2} alignItems="baseline">
            <Typography sx={{ fontWeight: 600 }}>
              {dayLabel(`${batch.fromDate}T12:00:00`, 'UTC')} –{' '}
              {dayLabel(`${batch.toDate}T12:00:00`, 'UTC')}
            </Typography>
            <Typography
              role="status"
              aria-label="Batch progress"
              data-testid="batch-progress"
              sx={{ flex: 1 }}
            >
              {progress.answered} of {progress.total} answered
              {batch.counts.failed > 0 ? ` (${batch.counts.failed} failed)` : ''}
              {batch.cancelledMs !== null ? ' · stopped' : batch.finished ? ' · finished' : ''}
            </Typography>
          </Stack>
          <LinearProgress
            variant="determinate"
            value={progress.percent}
            aria-label="Answered"
            sx={{ my: 1, height: 8, borderRadius: 1 }}
          />
          <Table size="small" aria-label="Appointments verified">
            <TableHead>
              <TableRow>
                <TableCell>Time</TableCell>
                <TableCell>Patient</TableCell>
                <TableCell>Plan</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Coverage</TableCell>
                <TableCell>What to do</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(({ item: it, start }) => {
                // An answer that says "member not found" is not a green "done": someone must act.
                const chip = (it.status === 'done' && it.error ? STATUS_CHIP.rejected : null) ??
                  STATUS_CHIP[it.status] ?? {
                    label: it.status,
                    color: 'default' as const,
                  };
                return (
                  <TableRow key={it.id} data-testid="batch-row">
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {start
                        ? `${dayLabel(start, desk.zone)}, ${timeLabel(start, desk.zone)}`
                        : it.dateOfService}
                    </TableCell>
                    <TableCell>
                      <Link
                        component="button"
                        type="button"
                        onClick={() => desk.openPatient(it.patientId)}
                      >
                        {it.patientName}
                      </Link>
                    </TableCell>
                    <TableCell>{it.planName ?? it.planOnFile ?? '—'}</TableCell>
                    <TableCell>
                      <Chip size="small" label={chip.label} color={chip.color} />
                    </TableCell>
                    <TableCell>
                      {it.coverageStatus
                        ? (COVERAGE_WORDS[it.coverageStatus] ?? it.coverageStatus)
                        : '—'}
                    </TableCell>
                    <TableCell sx={{ fontSize: 13 }}>{it.error ?? ''}</TableCell>
                  </TableRow>
                );
              })}
              {batch.items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={6}>Nothing needed verifying.</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Box>
  );
}
