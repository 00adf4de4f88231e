/**
 * The day: one column per provider of the chosen location (all locations when none is chosen).
 * Drag to move (also to another provider), resize to lengthen, click an empty bookable slot to
 * book, click an appointment to open it. Other desks' changes arrive live.
 */
import { useMemo } from 'react';
import { Alert, Box, CircularProgress } from '@mui/material';
import { DateTime } from 'luxon';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { addDays, type CalendarProvider, type Column } from './columns';
import { ProviderCalendar } from './ProviderCalendar';
import { ProviderSyncAlert } from '../calsync/ProviderSyncAlert';
import { SetupGate } from '../settings/SetupAssistant';

const TOPICS = ['appointments', 'schedules', 'providers'] as const;

function ProviderHeader({ provider }: { provider: CalendarProvider | undefined }) {
  if (!provider) return null;
  return (
    <div className="cd-col-head" title={`${provider.displayName} · ${provider.specialtyName}`}>
      <span className="cd-col-bar" style={{ background: provider.color }} aria-hidden />
      <span className="cd-col-name">{provider.displayName}</span>
      <span className="cd-col-sub">{provider.specialtyName}</span>
      <ProviderSyncAlert providerId={provider.id} />
    </div>
  );
}

/** Until something is bookable the desk shows what is missing (and the assistant) instead. */
export function DayView() {
  return (
    <SetupGate>
      <DayGrid />
    </SetupGate>
  );
}

function DayGrid() {
  const desk = useDesk();
  const view = useLiveQuery(
    'calendar/view',
    {
      from: desk.date,
      days: 1,
      ...(desk.locationId !== null ? { locationId: desk.locationId } : {}),
    },
    TOPICS,
  );
  const data = view.data;
  const columns = useMemo<Column[]>(
    () =>
      (data?.providers ?? []).map((p, i) => ({
        providerId: p.id,
        date: desk.date,
        fakeDate: addDays(desk.date, i),
      })),
    [data?.providers, desk.date],
  );
  const byId = useMemo(() => new Map((data?.providers ?? []).map((p) => [p.id, p])), [data]);

  if (view.error && !data) {
    return (
      <Box sx={{ p: 2 }}>
        <Alert severity="error">{view.error.message}</Alert>
      </Box>
    );
  }
  if (!data || data.dates[0] !== desk.date) {
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', p: 6 }}>
        <CircularProgress aria-label="Loading the day" />
      </Box>
    );
  }
  if (data.providers.length === 0) {
    return (
      <Box sx={{ p: 2 }}>
        <Alert severity="info">
          No providers work at this location. Choose another location, or add providers in setup.
        </Alert>
      </Box>
    );
  }
  const label = `Day view, ${DateTime.fromISO(desk.date).setLocale('en-US').toLocaleString(DateTime.DATE_HUGE)}`;
  return (
    <Box sx={{ height: '100%', minHeight: 480, p: 1, boxSizing: 'border-box' }}>
      <ProviderCalendar
        data={data}
        columns={columns}
        header={(col) => <ProviderHeader provider={byId.get(col.providerId)} />}
        reload={view.reload}
        label={label}
      />
    </Box>
  );
}
