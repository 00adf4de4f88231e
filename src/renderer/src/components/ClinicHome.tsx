import { useEffect, useState } from 'react';
import { Alert, Box, Stack } from '@mui/material';
import { useLiveQuery } from '../live';
import { FirstOpenings } from './FirstOpenings';
import { Providers } from './Providers';
import { TodayList } from './TodayList';

/** A placeholder front desk: today's list, the providers, and first openings (the calendar comes later). */
export function ClinicHome({ zone }: { zone: string }) {
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const visitTypes = useLiveQuery('visitTypes/list', {}, ['visitTypes']);
  const nowMs = useMinuteClock();
  const error = providers.error ?? visitTypes.error;

  return (
    <Box component="main" sx={{ maxWidth: 1440, mx: 'auto', p: 3 }}>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error.message}
        </Alert>
      )}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} alignItems="flex-start">
        <Box sx={{ flex: 1, minWidth: 0, width: '100%' }}>
          <TodayList zone={zone} providers={providers.data ?? []} nowMs={nowMs} />
        </Box>
        <Stack spacing={3} sx={{ flexShrink: 0, width: { xs: '100%', md: 320 } }}>
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
