/**
 * "Estimated cost: $10.00 (copay) · in network" — one line the receptionist can read out while
 * booking, with the steps behind it (allowed amount, copay or deductible and coinsurance, the
 * out-of-pocket cap) a click away, and the sentence to say to the caller.
 */
import { useState } from 'react';
import { Box, Button, Collapse, Stack, Tooltip, Typography } from '@mui/material';
import { useLiveQuery } from '../live';
import type { ApiInput, ApiOutput } from '../../../core/api/types';
import { estimateBasis, usd } from './format';

export type VisitEstimate = ApiOutput<'eligibility/estimate'>;

/** Anything that changes a price: answers, fees, coverages, the provider's networks. */
export const ESTIMATE_TOPICS = ['eligibility', 'fees', 'insurance', 'patients', 'providers'];

/** The compact line's words, from the estimate alone. */
export function estimateWords(e: VisitEstimate): { amount: string; detail: string } {
  if (!e.estimate || e.estimate.patientAmount === null)
    return { amount: 'not available', detail: e.reason ?? e.estimate?.reason ?? '' };
  const basis = estimateBasis(e.estimate.steps);
  const network = e.selfPay ? 'self-pay' : e.network === 'out' ? 'out of network' : 'in network';
  return {
    amount: `${usd(e.estimate.patientAmount)}${basis && basis !== 'self-pay' ? ` (${basis})` : ''}`,
    detail: network,
  };
}

export function EstimateLine(props: {
  input: ApiInput<'eligibility/estimate'> | null;
  /** Called with each loaded estimate (the appointment panel decides on "Good Faith Estimate"). */
  children?: (estimate: VisitEstimate) => React.ReactNode;
}) {
  const q = useLiveQuery('eligibility/estimate', props.input, ESTIMATE_TOPICS);
  const [open, setOpen] = useState(false);
  if (!props.input) return null;
  if (q.error && !q.data)
    return (
      <Typography variant="body2" color="text.secondary" data-testid="estimate-line">
        Estimated cost: not available — {q.error.message}
      </Typography>
    );
  if (!q.data)
    return (
      <Typography variant="body2" color="text.secondary" data-testid="estimate-line">
        Estimated cost: …
      </Typography>
    );
  const e = q.data;
  const words = estimateWords(e);
  const steps = e.estimate?.steps ?? (e.reason ? [e.reason] : []);
  return (
    <Box
      role="group"
      aria-label="Estimated cost"
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, px: 1.5, py: 0.75 }}
    >
      <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap">
        <Tooltip
          describeChild
          title={
            <Box component="ol" sx={{ m: 0, pl: 2 }}>
              {steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </Box>
          }
        >
          {/* Grows, but never narrower than a readable line: in the 400 px appointment panel the
              buttons go under it instead of squeezing it to one word per line. */}
          <Typography
            variant="body2"
            data-testid="estimate-line"
            sx={{ flex: '1 1 240px', minWidth: 0 }}
          >
            Estimated cost: <strong>{words.amount}</strong>
            {words.detail ? ` · ${words.detail}` : ''}
            {e.planName ? ` · ${e.planName}` : ''}
          </Typography>
        </Tooltip>
        <Button size="small" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? 'Hide steps' : 'How?'}
        </Button>
        {props.children?.(e)}
      </Stack>
      <Collapse in={open} unmountOnExit>
        <Box
          component="ol"
          aria-label="How the estimate is made"
          sx={{ m: 0, pl: 2.5, mt: 0.5, fontSize: 13 }}
        >
          {steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </Box>
        {e.verification === null && !e.selfPay && (
          <Typography variant="body2" color="warning.main" sx={{ mt: 0.5 }}>
            Benefits not verified yet.
          </Typography>
        )}
      </Collapse>
      <Typography
        variant="body2"
        color="text.secondary"
        sx={{ mt: 0.25 }}
        data-testid="say-to-caller"
      >
        Say: “{e.sayToCaller}”
      </Typography>
    </Box>
  );
}
