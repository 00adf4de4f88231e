/**
 * Eligibility in the patient panel: for each coverage on file, "Verify" (the answer arrives in
 * the background and the card fills in by itself) and the newest answer as a benefits card. When
 * there is no clearinghouse, or it failed, "Enter by hand" records what the payer said on the phone.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { priorityWord } from '../patients/CoverageEditor';
import { asApiError } from '../schedules/fieldErrors';
import { BenefitsCard, type CheckView } from './BenefitsCard';
import { ManualBenefitsForm } from './ManualBenefitsForm';

/** The wall clock for "verified 2 h ago", ticking once a minute. */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

export function CoverageEligibility(props: { patientId: number }) {
  const titleId = useId();
  const coverages = useLiveQuery('coverages/list', { patientId: props.patientId }, [
    'patients',
    'insurance',
  ]);
  const checks = useLiveQuery('eligibility/list', { patientId: props.patientId, limit: 50 }, [
    'eligibility',
    'insurance',
    'settings',
  ]);
  const clearinghouse = useLiveQuery('eligibility/getClearinghouse', {}, ['settings']);
  const now = useMinuteClock();

  // Newest first from the API: the first check seen for a coverage is its latest.
  const latest = useMemo(() => {
    const m = new Map<number, CheckView>();
    for (const c of checks.data ?? []) if (!m.has(c.coverageId)) m.set(c.coverageId, c);
    return m;
  }, [checks.data]);
  const list = useMemo(
    () => [...(coverages.data ?? [])].sort((a, b) => a.priority - b.priority),
    [coverages.data],
  );
  if (list.length === 0) return null;

  return (
    <Box component="section" aria-labelledby={titleId} sx={{ mt: 1.5 }}>
      <Typography id={titleId} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        Eligibility
      </Typography>
      {checks.error && <Alert severity="error">{checks.error.message}</Alert>}
      {clearinghouse.data === null && (
        <Typography color="text.secondary" sx={{ fontSize: 13 }}>
          No clearinghouse is set up: verify by phone and enter the benefits by hand, or set it up
          under Billing &amp; insurance.
        </Typography>
      )}
      {list.map((c) => (
        <CoverageCheck
          key={c.id}
          patientId={props.patientId}
          coverage={c}
          latest={latest.get(c.id) ?? null}
          now={now}
        />
      ))}
    </Box>
  );
}

function CoverageCheck(props: {
  patientId: number;
  coverage: { id: number; planName: string; memberId: string; priority: number };
  latest: CheckView | null;
  now: number;
}) {
  const desk = useDesk();
  const { coverage: c, latest } = props;
  const [manual, setManual] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = latest?.status === 'queued' || latest?.status === 'sending';

  async function verify() {
    setBusy(true);
    setError(null);
    setManual(false);
    try {
      await call('eligibility/verify', { patientId: props.patientId, coverageId: c.id });
    } catch (err) {
      setError(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box
      role="group"
      aria-label={`Eligibility of ${c.planName}`}
      data-testid="coverage-eligibility"
      sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}
    >
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography sx={{ flex: 1, fontSize: 14 }}>
          {priorityWord(c.priority)} · {c.planName}
        </Typography>
        <Button
          size="small"
          variant="outlined"
          disabled={busy || pending}
          onClick={() => void verify()}
          aria-label={`Verify ${c.planName}`}
        >
          {latest && latest.status !== 'failed' ? 'Verify again' : 'Verify'}
        </Button>
        {!manual && (latest === null || latest.status === 'failed' || latest.stale) && (
          <Button size="small" onClick={() => setManual(true)}>
            Enter by hand
          </Button>
        )}
      </Stack>
      {error && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }} onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {latest && <BenefitsCard check={latest} now={props.now} />}
      {manual && (
        <ManualBenefitsForm
          patientId={props.patientId}
          coverageId={c.id}
          planName={c.planName}
          onSaved={() => {
            setManual(false);
            desk.notify(`Saved the ${c.planName} benefits, marked as entered by hand.`, 'success');
          }}
          onCancel={() => setManual(false)}
        />
      )}
    </Box>
  );
}
