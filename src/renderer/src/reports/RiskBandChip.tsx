/**
 * The no-show risk band of one visit, for staff: the call queue and the appointment panel. It
 * comes from the clinic's own model (trained on its closed visits, on only when it ranked the
 * latest ones well); nothing is shown while that model is off. It is a hint for whom to phone
 * first, never a reason to refuse a booking, and no patient message carries it.
 */
import { Chip, Tooltip } from '@mui/material';

export type RiskBand = 'low' | 'medium' | 'high';

const LOOK: Record<RiskBand, { label: string; color: 'default' | 'warning' | 'error' }> = {
  low: { label: 'Low no-show risk', color: 'default' },
  medium: { label: 'Medium no-show risk', color: 'warning' },
  high: { label: 'High no-show risk', color: 'error' },
};

export const RISK_HINT =
  "From this clinic's own past visits: high = about twice as likely as most to miss, medium = " +
  'more likely than most. For staff only; patients never see it.';

export function RiskBandChip(props: { band: RiskBand | null }) {
  if (props.band === null) return null;
  const look = LOOK[props.band];
  return (
    <Tooltip title={RISK_HINT}>
      <Chip
        size="small"
        variant="outlined"
        color={look.color}
        label={look.label}
        data-testid="risk-band"
        sx={{ fontWeight: 700 }}
      />
    </Tooltip>
  );
}
