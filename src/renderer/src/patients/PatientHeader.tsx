/**
 * The top of the patient panel: who they are, Book and Close, and — up front, because it changes
 * how a receptionist books — how often they did not come or cancelled late.
 */
import { Alert, Box, Button, IconButton, Stack, Typography } from '@mui/material';
import { DateTime } from 'luxon';
import { formatDob, formatPhone } from '../booking/format';
import { inactiveLabel } from '../booking/PatientSearch';
import type { PatientRecord } from './patientForm';

/** "since 2026-11-02" in the clinic's zone, for a record marked inactive that day. */
function since(p: PatientRecord, zone: string): string {
  if (!p.inactiveAt || p.mergedIntoId !== null) return '';
  if (p.inactiveReason === 'deceased' && p.deceasedOn) return '';
  return ` since ${DateTime.fromISO(p.inactiveAt).setZone(zone).toISODate()}`;
}

export function PatientHeader(props: {
  patient: PatientRecord;
  zone: string;
  /** Whether the signed-in role may change the record (merge, mark inactive, reactivate). */
  mayEdit: boolean;
  onBook(): void;
  onMerge(): void;
  onDeactivate(): void;
  onReactivate(): void;
  onOpenPatient(id: number): void;
  onClose(): void;
}) {
  const p = props.patient;
  const inactive = inactiveLabel(p);
  const age = Math.floor(-DateTime.fromISO(p.dateOfBirth).diffNow('years').years);
  return (
    <Box sx={{ px: 2.5, pt: 2, pb: 1.5 }}>
      <Stack direction="row" alignItems="flex-start" spacing={1}>
        <Box sx={{ flex: 1 }}>
          <Typography id="patient-panel-title" variant="h5" component="h2" sx={{ fontWeight: 700 }}>
            {p.firstName} {p.lastName}
          </Typography>
          <Typography color="text.secondary">
            DOB {formatDob(p.dateOfBirth)} ({age})
            {p.phoneMobile ? ` · ${formatPhone(p.phoneMobile)}` : ''}
          </Typography>
          {props.mayEdit && p.mergedIntoId === null && (
            // What changes the record itself sits apart from Book, small, under the name.
            <Stack direction="row" spacing={1} sx={{ mt: 0.75 }} aria-label="Record actions">
              <Button size="small" variant="outlined" onClick={props.onMerge}>
                Merge with…
              </Button>
              {p.active && (
                <Button
                  size="small"
                  variant="outlined"
                  color="warning"
                  onClick={props.onDeactivate}
                >
                  Mark inactive…
                </Button>
              )}
            </Stack>
          )}
        </Box>
        <Button
          variant="contained"
          onClick={props.onBook}
          disabled={!p.active && p.inactiveReason !== 'moved' && p.inactiveReason !== 'other'}
        >
          Book
        </Button>
        <IconButton aria-label="Close patient panel" onClick={props.onClose}>
          ×
        </IconButton>
      </Stack>
      {inactive && (
        <Alert
          severity="warning"
          sx={{ mt: 1 }}
          aria-label="Record status"
          action={
            p.mergedIntoId !== null ? (
              <Button
                color="inherit"
                size="small"
                onClick={() => props.onOpenPatient(p.mergedIntoId!)}
              >
                Open #{p.mergedIntoId}
              </Button>
            ) : props.mayEdit ? (
              <Button color="inherit" size="small" onClick={props.onReactivate}>
                Make active
              </Button>
            ) : undefined
          }
        >
          <b>{inactive}</b>
          {since(p, props.zone)}: left out of search and reminders
          {p.inactiveReason === 'deceased' ? '; cannot be booked' : ''}.
        </Alert>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 1.5 }} aria-label="Attendance">
        <Stat label="No-shows" value={p.stats.noShows} warn={p.stats.noShows > 0} />
        <Stat label="Late cancels" value={p.stats.lateCancels} warn={p.stats.lateCancels > 0} />
        <Stat label="Upcoming" value={p.stats.upcoming} warn={false} />
        <Stat label="All appointments" value={p.stats.appointments} warn={false} />
      </Stack>
    </Box>
  );
}

function Stat(props: { label: string; value: number; warn: boolean }) {
  const { label, value, warn } = props;
  return (
    <Box
      role="group"
      aria-label={`${label}: ${value}`}
      sx={{
        flex: 1,
        textAlign: 'center',
        py: 1,
        borderRadius: 1,
        border: 1,
        borderColor: warn ? 'error.main' : 'divider',
        bgcolor: warn ? '#fdecea' : undefined,
        color: warn ? 'error.main' : undefined,
      }}
    >
      <Typography sx={{ fontSize: 28, fontWeight: 700, lineHeight: 1.1 }}>{value}</Typography>
      <Typography sx={{ fontSize: 13 }}>{label}</Typography>
    </Box>
  );
}
