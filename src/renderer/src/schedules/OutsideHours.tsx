/**
 * After a schedule change: the booked appointments that now fall outside hours. They are kept
 * (the patient was told that time), so the desk must call each patient; each opens its panel.
 */
import { Alert, AlertTitle, Box, Button, Link, Stack } from '@mui/material';
import { formatPhone } from '../../../shared/phone';
import { clockTime, shortDay } from '../clinicTime';
import { useDesk } from '../desk/DeskContext';

export interface OutsideAppointment {
  appointmentId: number;
  start: string;
  end: string;
  patientName?: string;
  phone?: string | null;
}

export function OutsideHoursWarning(props: {
  appointments: OutsideAppointment[];
  onClose(): void;
}) {
  const desk = useDesk();
  const n = props.appointments.length;
  if (n === 0) return null;
  return (
    <Alert severity="warning" onClose={props.onClose} role="alert" sx={{ my: 1 }}>
      <AlertTitle>
        {n === 1
          ? '1 booked appointment now falls outside hours — call this patient'
          : `${n} booked appointments now fall outside hours — call these patients`}
      </AlertTitle>
      <Box component="ul" sx={{ m: 0, pl: 2 }} aria-label="Appointments outside hours">
        {props.appointments.map((a) => (
          <li key={a.appointmentId}>
            <Link
              component="button"
              type="button"
              onClick={() => desk.openAppointment(a.appointmentId)}
            >
              {shortDay(a.start, desk.zone)}, {clockTime(a.start, desk.zone)}–
              {clockTime(a.end, desk.zone)}
            </Link>
            {a.patientName &&
              ` · ${a.patientName} · ${a.phone ? formatPhone(a.phone) : 'no phone on file'}`}
          </li>
        ))}
      </Box>
    </Alert>
  );
}

/** An appointment a schedule change would leave outside hours (the engine's CONFLICT details). */
export interface Orphan {
  appointmentId: number;
  start: string;
  patientName: string;
  phone: string | null;
  providerName: string;
  visitTypeName: string;
}

/**
 * Before a schedule change is saved: who would be left outside hours, with phones to call and a
 * one-click reschedule each. Nothing is saved until the receptionist confirms.
 */
export function OrphanConfirm(props: {
  orphans: Orphan[];
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const desk = useDesk();
  const n = props.orphans.length;
  if (n === 0) return null;
  return (
    <Alert severity="warning" role="alert" sx={{ my: 1 }} data-testid="orphan-confirm">
      <AlertTitle>
        Not saved yet: {n === 1 ? '1 booked visit' : `${n} booked visits`} would fall outside the
        new hours
      </AlertTitle>
      <Box component="ul" sx={{ m: 0, pl: 2 }} aria-label="Visits outside the new hours">
        {props.orphans.map((o) => (
          <li key={o.appointmentId}>
            {shortDay(o.start, desk.zone)} {clockTime(o.start, desk.zone)} · {o.patientName}
            {o.phone ? ` · ${formatPhone(o.phone)}` : ' · no phone on file'} · {o.visitTypeName}{' '}
            with {o.providerName}{' '}
            <Button
              size="small"
              onClick={() => desk.openBooking({ rescheduleAppointmentId: o.appointmentId })}
            >
              Reschedule
            </Button>
          </li>
        ))}
      </Box>
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        <Button variant="contained" color="warning" disabled={props.busy} onClick={props.onConfirm}>
          Save anyway; I will call them
        </Button>
        <Button onClick={props.onCancel}>Don&apos;t save</Button>
      </Stack>
    </Alert>
  );
}
