/**
 * The appointment panel's insurance line: the estimate for this visit, "Verify now" (the answer
 * for this appointment's date and visit type, office-visit copay included), and for a self-pay
 * patient the Good Faith Estimate to print and hand over.
 */
import { useState } from 'react';
import { Alert, Box, Button, LinearProgress, Typography } from '@mui/material';
import { call } from '../api/client';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import { PENDING_WORDS } from './BenefitsCard';
import { EstimateLine } from './EstimateLine';
import { GoodFaithEstimateDialog } from './GoodFaithEstimateDialog';

export function AppointmentEstimate(props: { appointmentId: number; patientId: number }) {
  const checks = useLiveQuery(
    'eligibility/list',
    { appointmentId: props.appointmentId, limit: 1 },
    ['eligibility'],
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [gfeFor, setGfeFor] = useState<number | null>(null);
  const latest = checks.data?.[0];
  const pending = latest?.status === 'queued' || latest?.status === 'sending';

  async function verify() {
    setBusy(true);
    setError(null);
    try {
      await call('eligibility/verify', {
        patientId: props.patientId,
        appointmentId: props.appointmentId,
      });
    } catch (err) {
      setError(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box>
      <EstimateLine input={{ appointmentId: props.appointmentId }}>
        {(e) =>
          e.selfPay ? (
            <Button size="small" variant="outlined" onClick={() => setGfeFor(props.appointmentId)}>
              Good Faith Estimate
            </Button>
          ) : (
            <Button
              size="small"
              variant="outlined"
              disabled={busy || pending}
              onClick={() => void verify()}
            >
              Verify now
            </Button>
          )
        }
      </EstimateLine>
      {pending && (
        <Box role="status" sx={{ mt: 0.5 }}>
          <Typography variant="body2">{PENDING_WORDS[latest.status]}</Typography>
          <LinearProgress aria-label="Verifying" />
        </Box>
      )}
      {latest?.status === 'failed' && latest.error && (
        <Alert severity="warning" sx={{ mt: 0.5 }}>
          {latest.error}
        </Alert>
      )}
      {error && (
        <Alert severity="error" role="alert" sx={{ mt: 0.5 }} onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <GoodFaithEstimateDialog appointmentId={gfeFor} onClose={() => setGfeFor(null)} />
    </Box>
  );
}
