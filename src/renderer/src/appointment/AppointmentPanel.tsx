/**
 * One appointment, opened from the calendar or a list: who, with whom, when, its status with the
 * next steps the day allows, cancel (with a reason and who asked), "Find next opening" to
 * reschedule, and what happened to it so far.
 */
import { OfferSlotDialog, type OpenTime } from '../waitlist/OfferSlotDialog';
import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Divider,
  Drawer,
  IconButton,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { ApiError, call } from '../api/client';
import { clockTime } from '../clinicTime';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { RiskBandChip } from '../reports/RiskBandChip';
import { AppointmentEstimate } from '../eligibility/AppointmentEstimate';
import { AppointmentReminders } from '../reminders/AppointmentReminders';
import { statusStyle } from '../calendar/status';
import { formatPhone } from '../../../shared/phone';
import {
  isAppointmentStatus,
  isChangeable,
  isOnTheBooks,
  STATUS_TRANSITIONS,
  statusLabel,
  transitionLabel,
  type AppointmentStatus,
} from '../../../shared/appointments';

function describeHistory(action: string, details: Record<string, unknown>): string {
  const what = action.replace(/^appointment\./, '');
  if (isAppointmentStatus(what) && typeof details.from === 'string')
    return `${statusLabel(details.from)} → ${statusLabel(what)}`;
  switch (what) {
    case 'booked':
      return 'Booked';
    case 'overbooked':
      return `Overbooked${typeof details.overbookReason === 'string' ? `: ${details.overbookReason}` : ''}`;
    case 'rescheduled':
      return 'Rescheduled';
    case 'cancelled':
      return `Cancelled${typeof details.reason === 'string' ? `: ${details.reason}` : ''}${typeof details.requestedBy === 'string' ? ` (asked by the ${details.requestedBy})` : ''}${details.late === true ? ', late' : ''}`;
    default:
      return what.replaceAll('_', ' ');
  }
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack direction="row" spacing={1} sx={{ py: 0.25 }}>
      <Typography component="dt" variant="body2" color="text.secondary" sx={{ width: 120 }}>
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, flex: 1 }}>
        {children}
      </Typography>
    </Stack>
  );
}

export function AppointmentPanel() {
  const desk = useDesk();
  const id = desk.appointmentId;
  const appt = useLiveQuery('appointments/get', id === null ? null : { appointmentId: id }, [
    'appointments',
  ]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [requestedBy, setRequestedBy] = useState<'patient' | 'clinic' | 'provider'>('patient');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [offering, setOffering] = useState<OpenTime | null>(null);

  useEffect(() => {
    setError(null);
    setCancelling(false);
    setReason('');
    setRequestedBy('patient');
    setReasonError(null);
  }, [id]);

  const a = appt.data && appt.data.id === id ? appt.data : undefined;
  const zone = desk.zone;

  const setStatus = async (status: AppointmentStatus) => {
    if (!a) return;
    setBusy(true);
    setError(null);
    try {
      await call('appointments/setStatus', { appointmentId: a.id, status: status as never });
      desk.notify(`${a.patient.name}: ${statusLabel(status)}.`, 'success');
      appt.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!a) return;
    if (!reason.trim()) {
      setReasonError('Say why the appointment is cancelled.');
      return;
    }
    setBusy(true);
    setError(null);
    setReasonError(null);
    try {
      const result = await call('appointments/cancel', {
        appointmentId: a.id,
        reason: reason.trim(),
        requestedBy,
      });
      desk.notify(
        `${a.patient.name}'s appointment is cancelled${result.lateCancel ? ' (late cancellation)' : ''}.`,
        'success',
      );
      setCancelling(false);
      appt.reload();
    } catch (err) {
      if (err instanceof ApiError && err.field === 'reason') setReasonError(err.message);
      else setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const when = a
    ? `${DateTime.fromISO(a.start, { zone }).setLocale('en-US').toFormat('ccc, LLL d')}, ${clockTime(a.start, zone)}–${clockTime(a.end, zone)}`
    : '';
  const next = a && isAppointmentStatus(a.status) ? STATUS_TRANSITIONS[a.status] : [];
  const active = a ? isOnTheBooks(a.status) : false;
  const style = a ? statusStyle(a.status) : undefined;

  return (
    <Drawer
      anchor="right"
      open={id !== null}
      onClose={desk.closeAppointment}
      slotProps={{ paper: { sx: { width: 400, maxWidth: '100vw' } } }}
    >
      <Box
        role="region"
        aria-label="Appointment"
        sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 1.5 }}
      >
        <Stack direction="row" alignItems="center">
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            Appointment
          </Typography>
          <IconButton aria-label="Close appointment" onClick={desk.closeAppointment}>
            ×
          </IconButton>
        </Stack>
        {appt.error && !a && <Alert severity="error">{appt.error.message}</Alert>}
        {!a && !appt.error && <Typography color="text.secondary">Loading…</Typography>}
        {a && (
          <>
            <Stack direction="row" spacing={1} alignItems="center">
              <Button
                variant="text"
                sx={{ fontSize: 18, fontWeight: 700, textTransform: 'none', px: 0.5 }}
                onClick={() => desk.openPatient(a.patient.id)}
                aria-label={`Open patient ${a.patient.name}`}
              >
                {a.patient.name}
              </Button>
              <Chip
                label={statusLabel(a.status)}
                aria-label={`Status: ${statusLabel(a.status)}`}
                size="small"
                sx={{ bgcolor: style?.bg, color: style?.fg, fontWeight: 700 }}
              />
            </Stack>
            {a.noShowRisk && (
              <Box>
                <RiskBandChip band={a.noShowRisk} />
              </Box>
            )}
            <Box component="dl" sx={{ m: 0 }}>
              <Row label="When">{when}</Row>
              <Row label="Provider">{a.providerName}</Row>
              <Row label="Location">{a.locationName}</Row>
              <Row label="Visit type">
                {a.visitType
                  ? `${a.visitType.name} (${a.visitType.durationMinutes} min)`
                  : 'Unknown'}
              </Row>
              <Row label="Confirmation">
                <span style={{ fontFamily: 'monospace', fontSize: 15, letterSpacing: 1 }}>
                  {a.confirmationCode}
                </span>
              </Row>
              {a.patient.phone && <Row label="Phone">{formatPhone(a.patient.phone)}</Row>}
              {a.overbook && <Row label="Overbooked">{a.overbookReason ?? 'yes'}</Row>}
              {a.cancelReason && (
                <Row label="Cancelled">
                  {a.cancelReason}
                  {a.cancelledBy ? ` (asked by ${a.cancelledBy})` : ''}
                  {a.lateCancel ? ' · late' : ''}
                </Row>
              )}
            </Box>
            {active && a.visitType && (
              <AppointmentEstimate key={a.id} appointmentId={a.id} patientId={a.patient.id} />
            )}
            {error && (
              <Alert severity="error" role="alert">
                {error}
              </Alert>
            )}
            {next.length > 0 && (
              <Stack
                direction="row"
                spacing={1}
                useFlexGap
                flexWrap="wrap"
                role="group"
                aria-label="Change status"
              >
                {next.map((s) => (
                  <Button
                    key={s}
                    variant={
                      s === 'booked' || (s === 'confirmed' && a.status === 'arrived')
                        ? 'outlined'
                        : 'contained'
                    }
                    color={s === 'no_show' ? 'error' : 'primary'}
                    size="small"
                    disabled={busy}
                    onClick={() => void setStatus(s)}
                  >
                    {transitionLabel(a.status, s)}
                  </Button>
                ))}
              </Stack>
            )}
            {(a.status === 'cancelled' || a.status === 'no_show') &&
              Date.parse(a.end) > Date.now() + 40 * 60_000 && (
                <Stack direction="row">
                  <Button
                    variant="outlined"
                    size="small"
                    onClick={() =>
                      setOffering({
                        providerId: a.providerId,
                        providerName: a.providerName,
                        locationId: a.locationId,
                        // A no-show's time has begun: what is left of it, from 35 minutes on.
                        start: new Date(
                          Math.max(
                            Date.parse(a.start),
                            Math.ceil((Date.now() + 35 * 60_000) / 300_000) * 300_000,
                          ),
                        ).toISOString(),
                        end: a.end,
                      })
                    }
                  >
                    Offer this time to the waitlist…
                  </Button>
                </Stack>
              )}
            {offering && <OfferSlotDialog time={offering} onClose={() => setOffering(null)} />}
            {active && isChangeable(a.status) && (
              <Stack direction="row" spacing={1}>
                <Button
                  variant="outlined"
                  size="small"
                  disabled={busy}
                  onClick={() =>
                    desk.openBooking({
                      rescheduleAppointmentId: a.id,
                      patientId: a.patient.id,
                      ...(a.visitType ? { visitTypeId: a.visitType.id } : {}),
                    })
                  }
                >
                  Find next opening
                </Button>
                {!cancelling && (
                  <Button
                    variant="outlined"
                    color="error"
                    size="small"
                    disabled={busy}
                    onClick={() => setCancelling(true)}
                  >
                    Cancel appointment…
                  </Button>
                )}
              </Stack>
            )}
            {cancelling && (
              <Box
                component="form"
                aria-label="Cancel appointment"
                onSubmit={(e) => {
                  e.preventDefault();
                  void cancel();
                }}
                sx={{
                  display: 'flex',
                  flexDirection: 'column',
                  gap: 1.5,
                  p: 1.5,
                  border: 1,
                  borderColor: 'divider',
                  borderRadius: 1,
                }}
              >
                <TextField
                  label="Reason"
                  size="small"
                  autoFocus
                  required
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  error={reasonError !== null}
                  helperText={reasonError ?? ' '}
                  slotProps={{ htmlInput: { maxLength: 300 } }}
                />
                <TextField
                  select
                  size="small"
                  label="Who asked"
                  value={requestedBy}
                  onChange={(e) => setRequestedBy(e.target.value as typeof requestedBy)}
                >
                  <MenuItem value="patient">The patient</MenuItem>
                  <MenuItem value="clinic">The clinic</MenuItem>
                  <MenuItem value="provider">The provider</MenuItem>
                </TextField>
                <Stack direction="row" spacing={1} justifyContent="flex-end">
                  <Button size="small" onClick={() => setCancelling(false)} disabled={busy}>
                    Keep it
                  </Button>
                  <Button
                    type="submit"
                    size="small"
                    variant="contained"
                    color="error"
                    disabled={busy}
                  >
                    Cancel appointment
                  </Button>
                </Stack>
              </Box>
            )}
            <Divider />
            <AppointmentReminders key={a.id} appointmentId={a.id} />
            <Divider />
            <Typography variant="subtitle2" component="h3">
              History
            </Typography>
            <List dense aria-label="History" disablePadding>
              {a.history.map((h, i) => (
                <ListItem key={i} disableGutters>
                  <ListItemText
                    primary={describeHistory(h.action, h.details)}
                    secondary={`${DateTime.fromISO(h.at, { zone }).setLocale('en-US').toFormat('LLL d')}, ${clockTime(h.at, zone)} · ${h.actor}${h.appointmentId !== a.id ? ` · appointment #${h.appointmentId}` : ''}`}
                  />
                </ListItem>
              ))}
              {a.history.length === 0 && (
                <ListItem disableGutters>
                  <ListItemText secondary="Nothing recorded yet." />
                </ListItem>
              )}
            </List>
          </>
        )}
      </Box>
    </Drawer>
  );
}
