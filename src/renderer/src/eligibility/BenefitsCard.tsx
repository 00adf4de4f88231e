/**
 * One verification as the desk reads it: is the coverage active, what does an office visit cost
 * the patient, how much deductible and out-of-pocket is left, does it need prior authorization,
 * and — when the payer refused — what to do next. While the answer is on its way it shows that,
 * and an old answer says "stale — verify again" instead of passing for today's.
 */
import { useEffect, useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Chip,
  LinearProgress,
  Paper,
  Stack,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { asApiError } from '../schedules/fieldErrors';
import type { ApiOutput } from '../../../core/api/types';
import { percent, remainingOf, usd, verifiedAgo } from './format';

export type CheckView = ApiOutput<'eligibility/verify'>;

const COVERAGE_CHIP: Record<string, { label: string; color: 'success' | 'error' | 'default' }> = {
  active: { label: 'Active', color: 'success' },
  inactive: { label: 'Inactive', color: 'error' },
  unknown: { label: 'Status unknown', color: 'default' },
};

export const PENDING_WORDS: Record<string, string> = {
  queued: 'Waiting to send to the clearinghouse…',
  sending: 'Asking the insurer…',
};

function Figure(props: { label: string; value: string; testId?: string }) {
  return (
    <Stack direction="row" spacing={1} sx={{ py: 0.25 }}>
      <Typography component="dt" variant="body2" color="text.secondary" sx={{ width: 170 }}>
        {props.label}
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        sx={{ m: 0, flex: 1, fontWeight: 600 }}
        data-testid={props.testId}
      >
        {props.value}
      </Typography>
    </Stack>
  );
}

/** The raw 270 and 271, loaded when opened: for support, not for the caller. */
function RawX12(props: { checkId: number }) {
  const [open, setOpen] = useState(false);
  const [raw, setRaw] = useState<{ request: string | null; response: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open || raw) return;
    call('eligibility/get', { checkId: props.checkId }).then(
      (r) => setRaw({ request: r.requestX12, response: r.responseX12 }),
      (err: unknown) => setError(asApiError(err).message),
    );
  }, [open, raw, props.checkId]);
  const pre = (label: string, text: string | null) => (
    <>
      <Typography variant="caption" color="text.secondary" component="p">
        {label}
      </Typography>
      <Box
        component="pre"
        aria-label={label}
        sx={{
          m: 0,
          mb: 1,
          p: 1,
          maxHeight: 200,
          overflow: 'auto',
          fontSize: 11,
          bgcolor: 'grey.100',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {text ?? 'Not sent yet.'}
      </Box>
    </>
  );
  return (
    <Accordion
      disableGutters
      elevation={0}
      expanded={open}
      onChange={(_e, v) => setOpen(v)}
      sx={{ bgcolor: 'transparent', '&:before': { display: 'none' } }}
    >
      <AccordionSummary sx={{ px: 0, minHeight: 32, '& .MuiAccordionSummary-content': { my: 0 } }}>
        <Typography variant="body2" color="text.secondary">
          Raw X12 (for support)
        </Typography>
      </AccordionSummary>
      <AccordionDetails sx={{ px: 0 }}>
        {error && <Alert severity="error">{error}</Alert>}
        {!raw && !error && <LinearProgress />}
        {raw && (
          <>
            {pre('270 request', raw.request)}
            {pre('271 response', raw.response)}
          </>
        )}
      </AccordionDetails>
    </Accordion>
  );
}

export function BenefitsCard(props: { check: CheckView; now: number }) {
  const { check } = props;
  const pending = check.status === 'queued' || check.status === 'sending';
  const answered = check.status === 'done' || check.status === 'manual';
  const chip = COVERAGE_CHIP[check.coverageStatus ?? 'unknown'] ?? COVERAGE_CHIP.unknown!;
  // Mapped on the server (core/eligibility/officeVisit.ts): the card only shows it.
  const f = check.officeVisit;
  const ago = verifiedAgo({ completedAt: check.completedAt, now: props.now });
  const planName = check.planName ?? check.planOnFile ?? 'Plan not named';

  return (
    <Paper
      variant="outlined"
      role="region"
      aria-label={`Benefits: ${check.planOnFile ?? planName}`}
      data-testid="benefits-card"
      sx={{ p: 1.5, mt: 1 }}
    >
      {pending && (
        <Box role="status" aria-live="polite">
          <Typography variant="body2" sx={{ mb: 0.5 }}>
            {PENDING_WORDS[check.status]}
          </Typography>
          <LinearProgress aria-label="Verifying" />
          {check.error && (
            <Typography variant="body2" color="warning.main" sx={{ mt: 0.5 }}>
              {check.error}
            </Typography>
          )}
        </Box>
      )}
      {check.status === 'failed' && (
        <Alert severity="error" role="alert" data-testid="check-failed">
          {check.error ??
            'The verification failed: verify by phone and enter the benefits by hand.'}
        </Alert>
      )}
      {answered && (
        <>
          <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap">
            <Chip
              size="small"
              label={chip.label}
              color={chip.color}
              aria-label={`Coverage: ${chip.label}`}
              sx={{ fontWeight: 700 }}
            />
            <Typography sx={{ fontWeight: 600, flex: 1 }} data-testid="benefits-plan">
              {planName}
            </Typography>
            {check.source === 'manual' && (
              <Chip size="small" variant="outlined" label="entered by hand" />
            )}
            {check.stale ? (
              <Chip size="small" color="warning" label="stale — verify again" />
            ) : (
              ago && (
                <Typography variant="caption" color="text.secondary">
                  {ago}
                </Typography>
              )
            )}
          </Stack>
          {check.error && (
            <Alert severity="warning" sx={{ mt: 1 }}>
              {check.error}
            </Alert>
          )}
          {check.coverageStatus !== 'inactive' && (
            <Box component="dl" sx={{ m: 0, mt: 1 }} aria-label="In-network office visit">
              <Figure label="Office visit copay" value={usd(f.copay)} testId="benefits-copay" />
              <Figure label="Coinsurance" value={percent(f.coinsurance)} />
              <Figure
                label="Deductible"
                value={remainingOf(f.deductibleRemaining, f.deductibleTotal)}
              />
              <Figure
                label="Out-of-pocket maximum"
                value={remainingOf(f.outOfPocketRemaining, f.outOfPocketTotal)}
              />
              <Figure
                label="Prior authorization"
                value={
                  f.priorAuthorizationRequired === null
                    ? 'Not stated'
                    : f.priorAuthorizationRequired
                      ? 'Required'
                      : 'Not required'
                }
              />
            </Box>
          )}
          {check.rejections.map((r, i) => (
            <Alert key={i} severity="warning" sx={{ mt: 1 }}>
              <strong>{r.reason}</strong> — {r.whatToDo}
            </Alert>
          ))}
          {check.messages.length > 0 && (
            <Accordion
              disableGutters
              elevation={0}
              sx={{ bgcolor: 'transparent', '&:before': { display: 'none' } }}
            >
              <AccordionSummary
                sx={{ px: 0, minHeight: 32, '& .MuiAccordionSummary-content': { my: 0 } }}
              >
                <Typography variant="body2" color="text.secondary">
                  Payer messages ({check.messages.length})
                </Typography>
              </AccordionSummary>
              <AccordionDetails sx={{ px: 0 }}>
                <Box component="ul" sx={{ m: 0, pl: 2.5, fontSize: 13 }}>
                  {check.messages.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </Box>
              </AccordionDetails>
            </Accordion>
          )}
        </>
      )}
      {/* A check that failed before anything was sent (no clearinghouse) has no X12 to show. */}
      {check.source === 'clearinghouse' &&
        !pending &&
        (check.status !== 'failed' || check.attempts > 0) && <RawX12 checkId={check.id} />}
    </Paper>
  );
}
