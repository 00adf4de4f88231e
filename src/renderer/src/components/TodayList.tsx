/**
 * The day's list at the front desk: who is coming on the toolbar's date (and location), in time
 * order, with check-in one click away. A row opens the appointment panel, as a calendar block does.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Link,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { srOnly } from '../a11y';
import { ApiError, call } from '../api/client';
import { clockTime, dayInClinic, todayInClinic } from '../clinicTime';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import type { ApiOutput } from '../../../core/api/types';
import { isChangeable, ON_THE_BOOKS_STATUSES, statusLabel } from '../../../shared/appointments';
import { statusStyle } from '../calendar/status';

type Provider = ApiOutput<'providers/list'>[number];

export function TodayList(props: {
  zone: string;
  /** The clinic-local date shown (YYYY-MM-DD): the toolbar's Date field. */
  date: string;
  /** The toolbar's location; null = all. */
  locationId: number | null;
  providers: readonly Provider[];
  nowMs: number;
}) {
  const desk = useDesk();
  const day = dayInClinic(props.zone, props.date);
  const isToday = todayInClinic(props.zone, props.nowMs).date === day.date;
  const list = useLiveQuery(
    'appointments/list',
    {
      from: day.from,
      to: day.to,
      statuses: [...ON_THE_BOOKS_STATUSES],
      ...(props.locationId !== null ? { locationId: props.locationId } : {}),
    },
    ['appointments', 'patients', 'providers', 'visitTypes'],
  );
  const [actionError, setActionError] = useState<string | null>(null);
  const providerName = new Map(props.providers.map((p) => [p.id as number, p.displayName]));

  async function checkIn(appointmentId: number) {
    setActionError(null);
    try {
      await call('appointments/setStatus', { appointmentId, status: 'arrived' });
    } catch (err) {
      setActionError(err instanceof ApiError ? err.message : String(err));
    }
  }

  // While another date loads, rows of the previous one are not shown under this date's heading.
  const from = Date.parse(day.from);
  const to = Date.parse(day.to);
  const appointments = (list.data ?? []).filter((a) => {
    const t = Date.parse(a.start);
    return t >= from && t < to;
  });
  const loaded = list.data !== undefined && !list.loading;
  return (
    <Paper component="section" aria-labelledby="today-title" variant="outlined" sx={{ p: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5, mb: 1 }}>
        <Typography id="today-title" variant="h6" component="h2">
          {isToday ? 'Today' : day.label}
        </Typography>
        <Typography color="text.secondary">
          {isToday ? day.label : ''}
          {loaded ? `${isToday ? ' · ' : ''}${appointments.length} on the books` : ''}
        </Typography>
      </Box>
      {list.error && <Alert severity="error">{list.error.message}</Alert>}
      {actionError && (
        <Alert severity="error" onClose={() => setActionError(null)} sx={{ mb: 1 }}>
          {actionError}
        </Alert>
      )}
      {loaded && appointments.length === 0 && (
        <Typography color="text.secondary">
          No appointments {isToday ? 'today' : `on ${day.label}`}.
        </Typography>
      )}
      {appointments.length > 0 && (
        <TableContainer>
          <Table
            size="small"
            aria-labelledby="today-title"
            // Times, names and statuses stay on one line; the visit type sits under the patient.
            sx={{
              '& .nowrap': { whiteSpace: 'nowrap' },
              '& td, & th': { px: 1 },
              '& tbody tr': { cursor: 'pointer' },
            }}
          >
            <TableHead>
              <TableRow>
                <TableCell>Time</TableCell>
                <TableCell>Patient · visit</TableCell>
                <TableCell>Provider</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>
                  <Box component="span" sx={srOnly}>
                    Actions
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {appointments.map((a) => {
                const style = statusStyle(a.status);
                return (
                  <TableRow
                    key={a.id}
                    data-testid="today-row"
                    hover
                    selected={desk.appointmentId === a.id}
                    onClick={() => desk.openAppointment(a.id)}
                  >
                    <TableCell className="nowrap">
                      {clockTime(a.start, props.zone)}–{clockTime(a.end, props.zone)}
                    </TableCell>
                    <TableCell>
                      {/* The keyboard's way in; a click anywhere on the row does the same. */}
                      <Link
                        component="button"
                        type="button"
                        underline="hover"
                        onClick={(e: React.MouseEvent) => {
                          e.stopPropagation();
                          desk.openAppointment(a.id);
                        }}
                        aria-label={`Open ${a.patientName}'s appointment at ${clockTime(a.start, props.zone)}`}
                        sx={{ fontWeight: 600, textAlign: 'left', color: 'text.primary' }}
                      >
                        {a.patientName}
                      </Link>
                      <Box
                        sx={{
                          display: 'flex',
                          alignItems: 'center',
                          gap: 0.75,
                          fontSize: 13,
                          color: 'text.secondary',
                        }}
                      >
                        <Box
                          component="span"
                          aria-hidden
                          sx={{
                            flex: 'none',
                            width: 8,
                            height: 8,
                            borderRadius: '50%',
                            bgcolor: a.visitTypeColor,
                          }}
                        />
                        {a.visitTypeName}
                      </Box>
                    </TableCell>
                    <TableCell className="nowrap">
                      {providerName.get(a.providerId) ?? `Provider ${a.providerId}`}
                    </TableCell>
                    <TableCell className="nowrap">
                      <Chip
                        size="small"
                        label={`${a.status === 'no_show' ? '✗ ' : ''}${statusLabel(a.status)}`}
                        sx={{ bgcolor: style.bg, color: style.fg, fontWeight: 600 }}
                      />
                    </TableCell>
                    <TableCell align="right" className="nowrap">
                      {/* Arrival is today's step: another day's row has nothing to check in. */}
                      {isToday && isChangeable(a.status) && (
                        <Button
                          size="small"
                          onClick={(e) => {
                            e.stopPropagation();
                            void checkIn(a.id);
                          }}
                          aria-label={`Check in ${a.patientName}`}
                        >
                          Check in
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Paper>
  );
}
