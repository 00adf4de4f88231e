/**
 * Whether the no-show risk band is on for this clinic, and why or why not, in the figures the
 * rule is written in: the held-out AUC against 0.65, the closed appointments against 2,000, when
 * the model was last trained and when the weekly retrain is due, a training under way, and the
 * last training's error. A manager (settings.manage) can retrain now; the training runs on its
 * own thread and this panel updates when it is done. Staff screens only: no patient sees a band.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { useAuth } from '../auth/AuthGate';
import { whenLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';

type Status = ApiOutput<'noshow/status'>;

const count = (n: number) => n.toLocaleString('en-US');

export function NoShowModelPanel() {
  const desk = useDesk();
  const auth = useAuth();
  const q = useLiveQuery('noshow/status', {}, ['reports']);
  const [busy, setBusy] = useState(false);
  const s = q.data;
  const when = (ms: number) => whenLabel(new Date(ms).toISOString(), desk.zone);

  async function retrain() {
    setBusy(true);
    try {
      const r = await call('noshow/retrain', {});
      desk.notify(
        r.alreadyRunning
          ? 'A training is already under way; this panel updates when it is done.'
          : 'Training started. The desk keeps working; this panel updates when it is done.',
        'info',
      );
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5, minWidth: 0 }}
      component="section"
      aria-labelledby="noshow-model-title"
      className="reports-section"
    >
      <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
        <Typography
          id="noshow-model-title"
          variant="subtitle1"
          component="h2"
          sx={{ fontWeight: 700 }}
        >
          No-show risk
        </Typography>
        {s && <StateChip s={s} />}
        <Box sx={{ flex: 1 }} />
        {auth.may('settings.manage') && (
          <Button
            variant="outlined"
            size="small"
            className="reports-no-print"
            disabled={!s || busy || s.training !== null}
            onClick={() => void retrain()}
          >
            {s?.training ? 'Training…' : 'Retrain now'}
          </Button>
        )}
      </Stack>
      {q.error && <Alert severity="error">{q.error.message}</Alert>}
      {s && (
        <>
          <Typography sx={{ fontSize: 14, mb: 1 }} data-testid="noshow-reason">
            {s.model
              ? s.model.reason
              : `Not trained yet. ClinicDesk trains it on this clinic's own closed appointments once it has at least ${count(s.rule.minClosedAppointments)}, and checks it on the most recent ${Math.round(s.rule.heldOutShare * 100)} % it did not learn from.`}
          </Typography>
          <Table size="small" aria-label="No-show model figures" sx={{ maxWidth: 720 }}>
            <TableBody>
              <Fact
                label="Held-out AUC"
                value={
                  s.model?.heldOutAuc === null || s.model?.heldOutAuc === undefined
                    ? 'Not measured'
                    : s.model.heldOutAuc.toFixed(3)
                }
                need={`at least ${s.rule.minHeldOutAuc} (0.5 is a coin toss, 1 a perfect ranking)`}
              />
              <Fact
                label="Closed appointments"
                value={s.model ? count(s.model.closedAppointments) : 'Not counted yet'}
                need={`at least ${count(s.rule.minClosedAppointments)} kept or missed visits`}
              />
              <Fact label="Last trained" value={s.model ? when(s.model.trainedMs) : 'Never'} />
              <Fact
                label={`Next retrain (every ${s.rule.retrainEveryDays} days)`}
                value={
                  s.training
                    ? 'Training now'
                    : s.nextRetrainMs === null
                      ? 'Within ten minutes while ClinicDesk runs'
                      : when(s.nextRetrainMs)
                }
              />
            </TableBody>
          </Table>
          {s.training && (
            <Alert severity="info" sx={{ mt: 1 }} role="status">
              Training since {when(s.training.sinceMs)}
              {s.training.startedBy && s.training.startedBy !== 'weekly'
                ? ` (started by ${s.training.startedBy})`
                : ' (weekly)'}
              . It runs in the background: bookings and searches are not held up.
            </Alert>
          )}
          {s.lastFailure && (
            <Alert severity="error" sx={{ mt: 1 }}>
              The last training failed {when(s.lastFailure.atMs)}: {s.lastFailure.message}. The band
              stays as it was; ClinicDesk tries again later by itself.
            </Alert>
          )}
          <Typography color="text.secondary" sx={{ fontSize: 13, mt: 1 }}>
            While it is on, staff see a low / medium / high band in the call queue (riskiest first)
            and on the appointment panel. Patients never see it, and it never refuses a booking.
          </Typography>
        </>
      )}
    </Paper>
  );
}

function StateChip({ s }: { s: Status }) {
  if (!s.model) return <Chip size="small" label="Not trained yet" data-testid="noshow-state" />;
  return s.model.enabled ? (
    <Chip size="small" color="success" label="On" data-testid="noshow-state" />
  ) : (
    <Chip size="small" variant="outlined" label="Off" data-testid="noshow-state" />
  );
}

function Fact(props: { label: string; value: string; need?: string }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ fontWeight: 600, width: 240 }}>
        {props.label}
      </TableCell>
      <TableCell>{props.value}</TableCell>
      <TableCell sx={{ color: 'text.secondary', fontSize: 13 }}>
        {props.need ? `Needs ${props.need}` : ''}
      </TableCell>
    </TableRow>
  );
}
