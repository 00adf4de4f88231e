/**
 * The receptionist's screen: a toolbar (views, date, location, Book), the chosen view, and the
 * dialogs and panels every view opens. F2 anywhere opens the booking dialog.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  ListSubheader,
  MenuItem,
  Snackbar,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { useLiveQuery } from '../live';
import { AppointmentPanel } from '../appointment/AppointmentPanel';
import { BookingDialog } from '../booking/BookingDialog';
import { PatientPanel } from '../patients/PatientPanel';
import { useDesk, useNotice } from './DeskContext';
import { useAuth } from '../auth/AuthGate';
import { railGroups, SCREENS, type DeskScreen } from './screens';

export function DeskShell() {
  const desk = useDesk();
  // The rail shows what the signed-in role may open; the engine refuses the rest anyway.
  const { may: mayOpen } = useAuth();
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  /** A screen beside the calendar views; null shows the calendar view DeskContext holds. */
  const [screenId, setScreenId] = useState<string | null>(null);
  // Anything that switches the calendar view (a date link, a shortcut) leaves these screens.
  useEffect(() => setScreenId(null), [desk.view]);
  const current: DeskScreen | undefined =
    (screenId !== null ? SCREENS.find((s) => s.id === screenId) : undefined) ??
    SCREENS.find((s) => s.view === desk.view);

  function open(screen: DeskScreen) {
    if (screen.view) {
      setScreenId(null);
      desk.setView(screen.view);
    } else setScreenId(screen.id);
  }

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
    <Box sx={{ display: 'flex', height: 'calc(100vh - 64px)' }}>
      <Box
        component="nav"
        aria-label="Screens"
        sx={{
          // Wide enough that every label, bold when selected, stays on one line.
          width: 200,
          flex: 'none',
          borderRight: 1,
          borderColor: 'divider',
          bgcolor: 'background.paper',
          overflowY: 'auto',
        }}
      >
        <List dense disablePadding>
          {railGroups(SCREENS, mayOpen).map(({ group, screens }) => (
            <li key={group}>
              <List dense disablePadding aria-label={group}>
                {(screens.length > 1 || screens[0]!.label !== group) && (
                  <ListSubheader
                    disableSticky
                    sx={{ lineHeight: '28px', fontSize: 11, letterSpacing: 1, mt: 0.5 }}
                  >
                    {group.toUpperCase()}
                  </ListSubheader>
                )}
                {screens.map((screen) => {
                  const selected = current?.id === screen.id;
                  return (
                    <ListItemButton
                      key={screen.id}
                      selected={selected}
                      aria-current={selected ? 'page' : undefined}
                      onClick={() => open(screen)}
                      sx={{ py: 0.5, px: 1.5, minHeight: 34 }}
                    >
                      <ListItemIcon sx={{ minWidth: 32 }}>{screen.icon}</ListItemIcon>
                      <ListItemText
                        primary={screen.label}
                        slotProps={{
                          primary: {
                            sx: {
                              fontSize: 14,
                              fontWeight: selected ? 600 : 400,
                              whiteSpace: 'nowrap',
                            },
                          },
                        }}
                      />
                    </ListItemButton>
                  );
                })}
              </List>
            </li>
          ))}
        </List>
      </Box>
      <Box component="main" sx={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0 }}>
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
            minHeight: 57,
          }}
        >
          <Typography variant="h6" component="h1" sx={{ fontWeight: 700, mr: 1 }}>
            {current?.label}
          </Typography>
          <Box sx={{ flex: 1 }} />
          {current?.usesDate && (
            <>
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
              <Button
                size="small"
                onClick={() => shift(desk.view === 'week' ? 7 : 1)}
                aria-label="Next"
              >
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
            </>
          )}
          {mayOpen('appointments.book') && (
            <Tooltip title="F2" describeChild>
              <Button variant="contained" onClick={() => desk.openBooking()}>
                Book appointment
              </Button>
            </Tooltip>
          )}
        </Stack>
        <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
          {current?.render({ zone: desk.zone })}
        </Box>
      </Box>
      <BookingDialog />
      <AppointmentPanel />
      <PatientPanel />
      <DeskNotice />
    </Box>
  );
}

/** The snackbar: the only reader of the notice, so showing one re-renders nothing else. */
export function DeskNotice() {
  const { notice, clearNotice } = useNotice();
  return (
    <Snackbar
      open={notice !== null}
      autoHideDuration={6000}
      onClose={clearNotice}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    >
      {notice ? (
        <Alert severity={notice.severity} onClose={clearNotice} variant="filled" role="alert">
          {notice.message}
        </Alert>
      ) : undefined}
    </Snackbar>
  );
}
