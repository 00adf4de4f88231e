/**
 * One provider's week, Monday to Sunday around the desk's date: the same grid, shading and
 * drag and drop as the day view, with a column per day.
 */
import { useEffect, useMemo } from 'react';
import { Alert, Box, CircularProgress, MenuItem, Stack, TextField } from '@mui/material';
import { DateTime } from 'luxon';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import type { Column } from './columns';
import { ProviderCalendar } from './ProviderCalendar';

const TOPICS = ['appointments', 'schedules', 'providers'] as const;

export function WeekView() {
  const desk = useDesk();
  const providers = useLiveQuery(
    'providers/list',
    desk.locationId !== null ? { locationId: desk.locationId } : {},
    ['providers'],
  );
  const list = providers.data ?? [];
  const chosen = list.find((p) => p.id === desk.weekProviderId) ?? list[0];
  const { setWeekProviderId, weekProviderId } = desk;
  useEffect(() => {
    if (chosen && chosen.id !== weekProviderId) setWeekProviderId(chosen.id);
  }, [chosen, weekProviderId, setWeekProviderId]);

  const monday = DateTime.fromISO(desk.date).startOf('week').toISODate() ?? desk.date;
  const view = useLiveQuery(
    'calendar/view',
    chosen ? { from: monday, days: 7, providerIds: [chosen.id as number] } : null,
    TOPICS,
  );
  const data = view.data;
  const columns = useMemo<Column[]>(
    () =>
      (data?.dates ?? []).map((d) => ({
        providerId: data?.providers[0]?.id ?? 0,
        date: d,
        fakeDate: d,
      })),
    [data],
  );

  const picker = (
    <TextField
      select
      size="small"
      label="Provider"
      value={chosen ? String(chosen.id) : ''}
      onChange={(e) => setWeekProviderId(Number(e.target.value))}
      sx={{ minWidth: 240 }}
    >
      {list.map((p) => (
        <MenuItem key={p.id} value={String(p.id)}>
          {p.displayName}
        </MenuItem>
      ))}
    </TextField>
  );

  let body;
  if (providers.error || view.error) {
    body = <Alert severity="error">{(providers.error ?? view.error)?.message}</Alert>;
  } else if (providers.data && list.length === 0) {
    body = <Alert severity="info">No providers work at this location.</Alert>;
  } else if (!data || data.dates[0] !== monday || data.providers[0]?.id !== chosen?.id) {
    body = (
      <Box sx={{ display: 'flex', justifyContent: 'center', p: 6 }}>
        <CircularProgress aria-label="Loading the week" />
      </Box>
    );
  } else {
    const provider = data.providers[0];
    body = (
      <ProviderCalendar
        data={data}
        columns={columns}
        header={(col) => (
          <div className="cd-col-head">
            <span className="cd-col-name">
              {DateTime.fromISO(col.date).setLocale('en-US').toFormat('ccc d LLL')}
            </span>
          </div>
        )}
        reload={view.reload}
        label={`Week of ${DateTime.fromISO(monday).setLocale('en-US').toFormat('LLLL d')}, ${provider?.displayName ?? ''}`}
      />
    );
  }
  return (
    <Box
      sx={{
        height: '100%',
        minHeight: 520,
        p: 1,
        boxSizing: 'border-box',
        display: 'flex',
        flexDirection: 'column',
        gap: 1,
      }}
    >
      <Stack direction="row" spacing={2} alignItems="center" sx={{ pt: 1 }}>
        {picker}
      </Stack>
      <Box sx={{ flex: 1, minHeight: 0 }}>{body}</Box>
    </Box>
  );
}
