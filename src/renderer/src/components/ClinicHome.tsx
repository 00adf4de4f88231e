import { useEffect, useState } from 'react';
import { Alert, Box, Stack } from '@mui/material';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { FirstOpenings } from './FirstOpenings';
import { Providers } from './Providers';
import { TodayList } from './TodayList';

/** The Today list screen: the day's list (the toolbar's date and location), first openings, the providers. */
export function ClinicHome({ zone }: { zone: string }) {
  const desk = useDesk();
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const visitTypes = useLiveQuery('visitTypes/list', {}, ['visitTypes']);
  const nowMs = useMinuteClock();
  const error = providers.error ?? visitTypes.error;

  return (
    <Box sx={{ maxWidth: 1440, mx: 'auto', p: 2 }}>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error.message}
        </Alert>
      )}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start">
        <Box sx={{ flex: 1, minWidth: 0, width: '100%' }}>
          <TodayList
            zone={zone}
            date={desk.date}
            locationId={desk.locationId}
            providers={providers.data ?? []}
            nowMs={nowMs}
          />
        </Box>
        <Stack spacing={2} sx={{ flexShrink: 0, width: { xs: '100%', md: 300 } }}>
          <FirstOpenings zone={zone} visitTypes={visitTypes.data ?? []} />
          <Providers providers={providers.data ?? []} />
        </Stack>
      </Stack>
    </Box>
  );
}

/** The time, updated each minute, so "today" moves on at midnight without a reload. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
