/**
 * After a schedule change: the booked appointments that now fall outside hours. They are kept
 * (the patient was told that time), so the desk must call each patient; each opens its panel.
 */
import { Alert, AlertTitle, Box, Link } from '@mui/material';
import { clockTime, shortDay } from '../clinicTime';
import { useDesk } from '../desk/DeskContext';

export interface OutsideAppointment {
  appointmentId: number;
  start: string;
  end: string;
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
          </li>
        ))}
      </Box>
    </Alert>
  );
}
