/**
 * A patient's appointments, two years back (no-show history) to a year ahead (recalls): what is
 * still to come, then what is past or cancelled. A click opens the appointment.
 */
import { useMemo, useState } from 'react';
import { Alert, Chip, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { DateTime } from 'luxon';
import { useLiveQuery } from '../live';
import type { ApiOutput } from '../../../core/api/types';
import { NOT_YET_SEEN_STATUSES, statusLabel } from '../../../shared/appointments';

type AppointmentItem = ApiOutput<'appointments/list'>[number];

const STATUS_COLOR: Record<string, 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  confirmed: 'info',
  arrived: 'success',
  in_room: 'success',
  completed: 'success',
  no_show: 'error',
  cancelled: 'warning',
};

export function PatientAppointments(props: {
  patientId: number;
  zone: string;
  onOpen(appointmentId: number): void;
}) {
  const [range] = useState(() => {
    const now = DateTime.now();
    return {
      now: now.toMillis(),
      from: now.minus({ years: 2 }).toUTC().toISO() ?? '',
      to: now.plus({ years: 1 }).toUTC().toISO() ?? '',
    };
  });
  const appointments = useLiveQuery(
    'appointments/list',
    { patientId: props.patientId, from: range.from, to: range.to },
    ['appointments', 'visitTypes'],
  );
  const providers = useLiveQuery('providers/list', { includeInactive: true }, ['providers']);
  const providerName = useMemo(
    () => new Map((providers.data ?? []).map((p) => [p.id as number, p.displayName])),
    [providers.data],
  );

  const list = appointments.data ?? [];
  const upcoming = list.filter(
    (a) => Date.parse(a.start) >= range.now && NOT_YET_SEEN_STATUSES.includes(a.status),
  );
  const past = list
    .filter((a) => !upcoming.includes(a) && a.status !== 'rescheduled')
    .sort((a, b) => b.start.localeCompare(a.start));

  const row = (a: AppointmentItem) => {
    const color = STATUS_COLOR[a.status] ?? 'default';
    const when = DateTime.fromISO(a.start, { zone: props.zone }).setLocale('en-US');
    return (
      <ListItemButton
        key={a.id}
        onClick={() => props.onOpen(a.id)}
        data-testid="patient-appointment"
        divider
      >
        <ListItemText
          primary={`${when.toFormat('ccc LLL d, yyyy')} · ${when.toFormat('h:mm a')}`}
          secondary={`${a.visitTypeName} with ${providerName.get(a.providerId) ?? `provider ${a.providerId}`}${a.lateCancel ? ' · late cancel' : ''}`}
        />
        <Chip
          size="small"
          label={statusLabel(a.status)}
          color={color}
          variant={color === 'default' ? 'outlined' : 'filled'}
        />
      </ListItemButton>
    );
  };

  return (
    <>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        Upcoming
      </Typography>
      {appointments.error && <Alert severity="error">{appointments.error.message}</Alert>}
      {upcoming.length === 0 ? (
        <Typography color="text.secondary" sx={{ fontSize: 14, mb: 1 }}>
          Nothing booked.
        </Typography>
      ) : (
        <List dense aria-label="Upcoming appointments">
          {upcoming.map(row)}
        </List>
      )}
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mt: 1 }}>
        Past and cancelled
      </Typography>
      {past.length === 0 ? (
        <Typography color="text.secondary" sx={{ fontSize: 14, mb: 1 }}>
          None in the last two years.
        </Typography>
      ) : (
        <List
          dense
          aria-label="Past and cancelled appointments"
          sx={{ maxHeight: 220, overflow: 'auto' }}
        >
          {past.map(row)}
        </List>
      )}
    </>
  );
}
