/**
 * The receptionist's screen: a toolbar (views, date, location, Book), the chosen view, and the
 * dialogs and panels every view opens. F2 anywhere opens the booking dialog.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  MenuItem,
  Snackbar,
  Stack,
  Tab,
  Tabs,
  TextField,
  Tooltip,
} from '@mui/material';
import { DateTime } from 'luxon';
import { useLiveQuery } from '../live';
import { AppointmentPanel } from '../appointment/AppointmentPanel';
import { BookingDialog } from '../booking/BookingDialog';
import { CalendarSyncScreen } from '../calsync/CalendarSyncScreen';
import { DayView } from '../calendar/DayView';
import { WeekView } from '../calendar/WeekView';
import { ClinicHome } from '../components/ClinicHome';
import { ProviderDirectory } from '../directory/ProviderDirectory';
import { BillingSettings } from '../eligibility/BillingSettings';
import { VerifyInsuranceScreen } from '../eligibility/VerifyInsuranceScreen';
import { PatientPanel } from '../patients/PatientPanel';
import { CallQueueScreen } from '../reminders/CallQueueScreen';
import { RemindersScreen } from '../reminders/RemindersScreen';
import { ScheduleEditor } from '../schedules/ScheduleEditor';
import { useDesk, type DeskView } from './DeskContext';

/** Screens beside the calendar views; kept here so DeskContext's views stay the calendar's. */
type DeskScreen = 'verify' | 'billing' | 'providers' | 'calendars' | 'reminders' | 'callQueue';

export function DeskShell() {
  const desk = useDesk();
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  const [screen, setScreen] = useState<DeskScreen | null>(null);
  // Anything that switches the calendar view (a date link, a shortcut) leaves these screens.
  useEffect(() => setScreen(null), [desk.view]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        desk.openBooking();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [desk]);

  const shift = (days: number) =>
    desk.setDate(DateTime.fromISO(desk.date).plus({ days }).toISODate() ?? desk.date);
  const today = DateTime.now().setZone(desk.zone).toISODate() ?? desk.date;

  return (
    <Box
      component="main"
      sx={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 64px)' }}
    >
      <Stack
        direction="row"
        spacing={1}
        alignItems="center"
        sx={{
          px: 2,
          py: 1,
          borderBottom: 1,
          borderColor: 'divider',
          bgcolor: 'background.paper',
          flexWrap: 'wrap',
        }}
      >
        <Tabs
          value={screen ?? desk.view}
          onChange={(_e, v: DeskView | DeskScreen) => {
            if (
              v === 'verify' ||
              v === 'billing' ||
              v === 'providers' ||
              v === 'calendars' ||
              v === 'reminders' ||
              v === 'callQueue'
            )
              setScreen(v);
            else {
              setScreen(null);
              desk.setView(v);
            }
          }}
          aria-label="View"
          // Ten screens do not fit beside the date controls on a 1366 px desk: scroll, never wrap.
          variant="scrollable"
          scrollButtons="auto"
          sx={{ flex: '1 1 0', minWidth: 0 }}
        >
          <Tab value="day" label="Day" />
          <Tab value="week" label="Week" />
          <Tab value="list" label="Today list" />
          <Tab value="schedules" label="Schedules" />
          <Tab value="providers" label="Providers" />
          <Tab value="verify" label="Verify insurance" />
          <Tab value="billing" label="Billing & insurance" />
          <Tab value="calendars" label="Calendar sync" />
          <Tab value="reminders" label="Reminders" />
          <Tab value="callQueue" label="Call queue" />
        </Tabs>
        <Button
          size="small"
          onClick={() => shift(desk.view === 'week' ? -7 : -1)}
          aria-label="Previous"
        >
          ‹
        </Button>
        <Button size="small" onClick={() => desk.setDate(today)}>
          Today
        </Button>
        <Button size="small" onClick={() => shift(desk.view === 'week' ? 7 : 1)} aria-label="Next">
          ›
        </Button>
        <TextField
          type="date"
          size="small"
          label="Date"
          value={desk.date}
          onChange={(e) => e.target.value && desk.setDate(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          select
          size="small"
          label="Location"
          value={desk.locationId ?? ''}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          onChange={(e) =>
            desk.setLocationId(e.target.value === '' ? null : Number(e.target.value))
          }
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="">All locations</MenuItem>
          {(locations.data ?? []).map((l) => (
            <MenuItem key={l.id} value={l.id}>
              {l.name}
            </MenuItem>
          ))}
        </TextField>
        <Tooltip title="F2" describeChild>
          <Button variant="contained" onClick={() => desk.openBooking()}>
            Book appointment
          </Button>
        </Tooltip>
      </Stack>
      <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        {screen === 'verify' && <VerifyInsuranceScreen />}
        {screen === 'billing' && <BillingSettings />}
        {screen === 'providers' && <ProviderDirectory />}
        {screen === 'calendars' && <CalendarSyncScreen />}
        {screen === 'reminders' && <RemindersScreen />}
        {screen === 'callQueue' && <CallQueueScreen />}
        {screen === null && desk.view === 'day' && <DayView />}
        {screen === null && desk.view === 'week' && <WeekView />}
        {screen === null && desk.view === 'list' && <ClinicHome zone={desk.zone} />}
        {screen === null && desk.view === 'schedules' && <ScheduleEditor />}
      </Box>
      <BookingDialog />
      <AppointmentPanel />
      <PatientPanel />
      <Snackbar
        open={desk.notice !== null}
        autoHideDuration={6000}
        onClose={desk.clearNotice}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {desk.notice ? (
          <Alert
            severity={desk.notice.severity}
            onClose={desk.clearNotice}
            variant="filled"
            role="alert"
          >
            {desk.notice.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </Box>
  );
}
