/**
 * A warning in a provider's calendar column header when their calendar sync stopped (sign-in
 * refused or failing): the desk must know at once that this column may not show the provider's
 * own busy time, so they check before booking instead of trusting the open slots.
 */
import { useLiveQuery } from '../live';

export function ProviderSyncAlert({ providerId }: { providerId: number }) {
  const health = useLiveQuery('calendars/health', { providerId }, ['calendars']);
  const problem = health.data?.problems[0];
  const notWritten = health.data?.notWritten ?? 0;
  if (!problem && notWritten > 0) {
    // The provider's own calendar may show the wrong time for these visits.
    const first = health.data!.notWrittenDetails[0]!;
    const label = `${notWritten} appointment${notWritten === 1 ? '' : 's'} not in the provider's calendar`;
    return (
      <span
        className="cd-col-sync"
        role="status"
        title={first.message ?? label}
        aria-label={`${label}: ${first.message ?? ''}`}
        style={{
          display: 'block',
          marginTop: 2,
          padding: '0 4px',
          borderRadius: 3,
          fontSize: 11,
          fontWeight: 600,
          color: '#fff',
          background: '#ed6c02',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {label}
      </span>
    );
  }
  if (!problem) return null;
  const revoked = problem.status === 'auth_revoked';
  return (
    <span
      className="cd-col-sync"
      role="status"
      title={problem.message}
      aria-label={`${revoked ? 'Calendar not syncing' : 'Calendar sync failing'}: ${problem.message}`}
      style={{
        display: 'block',
        marginTop: 2,
        padding: '0 4px',
        borderRadius: 3,
        fontSize: 11,
        fontWeight: 600,
        color: '#fff',
        background: revoked ? '#c62828' : '#ed6c02',
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
      }}
    >
      {revoked ? 'Calendar not syncing: sign in again' : 'Calendar sync failing'}
    </span>
  );
}
