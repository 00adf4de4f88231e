import { AppBar, Alert, Box, CircularProgress, Toolbar, Typography } from '@mui/material';
import { useLiveQuery } from './live';
import { DateTime } from 'luxon';
import { DeskProvider } from './desk/DeskContext';
import { DeskShell } from './desk/DeskShell';
import { LiveChip } from './components/LiveChip';
import { SetupChoice } from './components/SetupChoice';
import { AccountMenu } from './auth/AccountMenu';
import { HostMovedNotice } from './components/HostMovedNotice';

export function App() {
  const setup = useLiveQuery('setup/status', {}, ['clinic']);
  const clinic = useLiveQuery('clinic/get', {}, ['clinic']);
  const isNew = setup.data?.setupState === 'new';

  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default' }}>
      <HostMovedNotice />
      <AppBar position="static" elevation={0}>
        <Toolbar sx={{ gap: 2 }}>
          <Typography variant="h6" component="p" sx={{ fontWeight: 700 }}>
            ClinicDesk
          </Typography>
          {clinic.data && !isNew && (
            <Typography component="p" aria-label="Clinic" sx={{ opacity: 0.9 }}>
              {clinic.data.name} · {clinic.data.timeZone.replaceAll('_', ' ')}
            </Typography>
          )}
          <Box sx={{ flex: 1 }} />
          <LiveChip />
          <AccountMenu />
        </Toolbar>
      </AppBar>
      {setup.error && !setup.data ? (
        <Box sx={{ p: 3 }}>
          <Alert severity="error">{setup.error.message}</Alert>
        </Box>
      ) : !setup.data || !clinic.data ? (
        <Box sx={{ display: 'flex', justifyContent: 'center', p: 6 }}>
          <CircularProgress aria-label="Loading" />
        </Box>
      ) : isNew ? (
        <SetupChoice
          onDone={() => {
            setup.reload();
            clinic.reload();
          }}
        />
      ) : (
        <DeskProvider
          zone={clinic.data.timeZone}
          slotMinutes={clinic.data.slotMinutes}
          today={DateTime.now().setZone(clinic.data.timeZone).toISODate() ?? ''}
        >
          <DeskShell />
        </DeskProvider>
      )}
    </Box>
  );
}
