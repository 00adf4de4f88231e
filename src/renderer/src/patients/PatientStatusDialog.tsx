/**
 * Marking a patient deceased, moved away or inactive for another reason, and making them active
 * again. Before anything changes the dialog counts what stops at once (queued reminders, open call
 * tasks, waitlist entries, recall calls) and says which upcoming visits stay booked, so nothing is
 * done in the manager's name without them seeing it.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { call } from '../api/client';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import type { PatientRecord } from './patientForm';

type Reason = 'deceased' | 'moved' | 'other';

const REASONS: { value: Reason; label: string; action: string; done: string }[] = [
  { value: 'deceased', label: 'Deceased', action: 'Mark deceased', done: 'marked deceased' },
  { value: 'moved', label: 'Moved away', action: 'Mark moved away', done: 'marked moved away' },
  {
    value: 'other',
    label: 'Inactive for another reason',
    action: 'Mark inactive',
    done: 'marked inactive',
  },
];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 queued reminders, 1 waitlist entry" — what stopped, for the notice after the change. */
export function stoppedSummary(s: {
  reminders: number;
  callTasks: number;
  waitlist: number;
  recallCalls: number;
}): string {
  const parts = [
    s.reminders && plural(s.reminders, 'queued reminder', 'queued reminders'),
    s.callTasks && plural(s.callTasks, 'call task', 'call tasks'),
    s.waitlist && plural(s.waitlist, 'waitlist entry', 'waitlist entries'),
    s.recallCalls && plural(s.recallCalls, 'recall call', 'recall calls'),
  ].filter(Boolean);
  return parts.length ? `stopped ${parts.join(', ')}` : 'nothing was queued for them';
}

export function DeactivatePatientDialog(props: {
  patient: PatientRecord;
  zone: string;
  onClose(): void;
  onDone(message: string): void;
}) {
  const p = props.patient;
  const name = `${p.firstName} ${p.lastName}`;
  const [reason, setReason] = useState<Reason>('deceased');
  const [deceasedOn, setDeceasedOn] = useState('');
  const [dateError, setDateError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const counts = useLiveQuery('patients/outreachToStop', { patientId: p.id }, [
    'patients',
    'appointments',
    'reminders',
    'callQueue',
    'waitlist',
    'recalls',
  ]);
  const today = DateTime.now().setZone(props.zone).toISODate()!;
  const chosen = REASONS.find((r) => r.value === reason)!;

  async function confirm() {
    setBusy(true);
    setError(null);
    setDateError(null);
    try {
      const r = await call('patients/deactivate', {
        patientId: p.id,
        reason,
        ...(reason === 'deceased' && deceasedOn ? { deceasedOn } : {}),
      });
      props.onDone(`${name} is ${chosen.done}: ${stoppedSummary(r.stopped)}.`);
    } catch (err) {
      const e = asApiError(err);
      if (e.field === 'deceasedOn') setDateError(fieldMessage(e));
      else setError(e.message);
    } finally {
      setBusy(false);
    }
  }

  const c = counts.data;
  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth aria-labelledby="deactivate-title">
      <DialogTitle id="deactivate-title">Mark {name} inactive?</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 1.5 }}>
            {error}
          </Alert>
        )}
        <FormControl>
          <FormLabel id="deactivate-reason">Why</FormLabel>
          <RadioGroup
            aria-labelledby="deactivate-reason"
            value={reason}
            onChange={(e) => {
              setReason(e.target.value as Reason);
              setDateError(null);
            }}
          >
            {REASONS.map((r) => (
              <FormControlLabel key={r.value} value={r.value} control={<Radio />} label={r.label} />
            ))}
          </RadioGroup>
        </FormControl>
        {reason === 'deceased' && (
          <TextField
            label="Date of death"
            type="date"
            size="small"
            value={deceasedOn}
            onChange={(e) => {
              setDeceasedOn(e.target.value);
              setDateError(null);
            }}
            error={!!dateError}
            helperText={dateError ?? 'Leave empty if not known.'}
            slotProps={{
              inputLabel: { shrink: true },
              htmlInput: { min: p.dateOfBirth, max: today },
            }}
            sx={{ display: 'flex', width: 260, mt: 1 }}
          />
        )}
        <Typography sx={{ mt: 2, fontWeight: 600 }}>This stops at once:</Typography>
        {c ? (
          <Box component="ul" aria-label="What stops" sx={{ mt: 0.5, mb: 1, pl: 2.5 }}>
            <li>
              {c.reminders
                ? `${plural(c.reminders, 'queued reminder is', 'queued reminders are')} cancelled (texts, e-mails, calls)`
                : 'No reminders are queued'}
            </li>
            <li>
              {c.callTasks
                ? `${plural(c.callTasks, 'open call task is', 'open call tasks are')} closed`
                : 'No call tasks are open'}
            </li>
            <li>
              {c.waitlist
                ? `${plural(c.waitlist, 'waitlist entry is', 'waitlist entries are')} removed (no offers are texted)`
                : 'Not on the waitlist'}
            </li>
            <li>
              {c.recallCalls
                ? `${plural(c.recallCalls, 'recall call is', 'recall calls are')} closed`
                : 'No recall calls are waiting'}
            </li>
          </Box>
        ) : (
          <Typography color="text.secondary">Counting…</Typography>
        )}
        <DialogContentText sx={{ fontSize: 14 }}>
          {name} leaves patient search (tick “Include inactive” to find the record again)
          {reason === 'deceased' ? ' and can no longer be booked' : ''}. Nothing is deleted, and the
          record can be made active again.
        </DialogContentText>
        {c && c.upcomingAppointments > 0 && (
          <Alert severity="warning" sx={{ mt: 1.5 }}>
            {plural(c.upcomingAppointments, 'upcoming visit stays', 'upcoming visits stay')} booked
            without reminders: cancel {c.upcomingAppointments === 1 ? 'it' : 'them'} from the
            patient&apos;s appointments if {p.firstName} will not come.
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="warning"
          disabled={busy || !c}
          onClick={() => void confirm()}
        >
          {chosen.action}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function ReactivatePatientDialog(props: {
  patient: PatientRecord;
  onClose(): void;
  onDone(message: string): void;
}) {
  const p = props.patient;
  const name = `${p.firstName} ${p.lastName}`;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await call('patients/reactivate', { patientId: p.id });
      props.onDone(`${name} is active again.`);
    } catch (err) {
      setError(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth aria-labelledby="reactivate-title">
      <DialogTitle id="reactivate-title">Make {name} active again?</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 1.5 }}>
            {error}
          </Alert>
        )}
        <DialogContentText>
          {name} comes back into patient search and can be booked. Reminders, call tasks and
          waitlist entries that were stopped stay stopped; the next booking plans new reminders.
        </DialogContentText>
        {p.inactiveReason === 'deceased' && (
          <Alert severity="info" sx={{ mt: 1.5 }}>
            The record says deceased{p.deceasedOn ? ` on ${p.deceasedOn}` : ''}: making it active
            means that was recorded in error. The audit log keeps what it said.
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="contained" disabled={busy} onClick={() => void confirm()}>
          Make active
        </Button>
      </DialogActions>
    </Dialog>
  );
}
