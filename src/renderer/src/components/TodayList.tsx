import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
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
import { clockTime, todayInClinic } from '../clinicTime';
import { useLiveQuery } from '../live';
import type { ApiOutput } from '../../../core/api/types';
import { isChangeable, ON_THE_BOOKS_STATUSES, statusLabel } from '../../../shared/appointments';

type Provider = ApiOutput<'providers/list'>[number];

export function TodayList(props: { zone: string; providers: readonly Provider[]; nowMs: number }) {
  const today = todayInClinic(props.zone, props.nowMs);
  const list = useLiveQuery(
    'appointments/list',
    { from: today.from, to: today.to, statuses: [...ON_THE_BOOKS_STATUSES] },
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

  const appointments = list.data ?? [];
  return (
    <Paper component="section" aria-labelledby="today-title" variant="outlined" sx={{ p: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5, mb: 1 }}>
        <Typography id="today-title" variant="h6" component="h2">
          Today
        </Typography>
        <Typography color="text.secondary">{today.label}</Typography>
      </Box>
      {list.error && <Alert severity="error">{list.error.message}</Alert>}
      {actionError && (
        <Alert severity="error" onClose={() => setActionError(null)} sx={{ mb: 1 }}>
          {actionError}
        </Alert>
      )}
      {list.data && appointments.length === 0 && (
        <Typography color="text.secondary">No appointments today.</Typography>
      )}
      {appointments.length > 0 && (
        <TableContainer>
          <Table
            size="small"
            aria-labelledby="today-title"
            // Times, statuses and the button never wrap; long names and visit types do.
            sx={{ '& .nowrap': { whiteSpace: 'nowrap' } }}
          >
            <TableHead>
              <TableRow>
                <TableCell>Time</TableCell>
                <TableCell>Patient</TableCell>
                <TableCell>Provider</TableCell>
                <TableCell>Visit</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>
                  <Box component="span" sx={srOnly}>
                    Actions
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {appointments.map((a) => (
                <TableRow key={a.id} data-testid="today-row">
                  <TableCell className="nowrap">
                    {clockTime(a.start, props.zone)}–{clockTime(a.end, props.zone)}
                  </TableCell>
                  <TableCell>{a.patientName}</TableCell>
                  <TableCell>
                    {providerName.get(a.providerId) ?? `Provider ${a.providerId}`}
                  </TableCell>
                  <TableCell>
                    <Box
                      component="span"
                      aria-hidden
                      sx={{
                        display: 'inline-block',
                        width: 8,
                        height: 8,
                        borderRadius: '50%',
                        bgcolor: a.visitTypeColor,
                        mr: 1,
                      }}
                    />
                    {a.visitTypeName}
                  </TableCell>
                  <TableCell className="nowrap">
                    <Chip
                      size="small"
                      label={statusLabel(a.status)}
                      color={
                        a.status === 'arrived' || a.status === 'in_room' ? 'success' : 'default'
                      }
                    />
                  </TableCell>
                  <TableCell align="right" className="nowrap">
                    {isChangeable(a.status) && (
                      <Button
                        size="small"
                        onClick={() => void checkIn(a.id)}
                        aria-label={`Check in ${a.patientName}`}
                      >
                        Check in
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Paper>
  );
}
