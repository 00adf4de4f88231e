import { Chip } from '@mui/material';
import { useLiveStatus } from '../live';

const LABELS = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
} as const;

/** Whether other desks' changes are arriving; announced to screen readers when it changes. */
export function LiveChip() {
  const status = useLiveStatus();
  return (
    <Chip
      role="status"
      aria-live="polite"
      aria-label={`Live updates: ${LABELS[status]}`}
      size="small"
      label={LABELS[status]}
      color={status === 'live' ? 'success' : 'warning'}
      variant={status === 'live' ? 'filled' : 'outlined'}
    />
  );
}
