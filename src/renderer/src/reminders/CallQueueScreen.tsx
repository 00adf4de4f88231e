/**
 * The call queue: tomorrow's patients nobody has reached (unconfirmed, a text that failed, an
 * escalation task), riskiest first, so the ten minutes a receptionist has for calls go to the
 * patient with two prior no-shows who booked six weeks ago. One click records what the call gave;
 * "Cancelled" asks once more because it frees the slot, and "Rescheduled" opens the booking dialog
 * on that appointment and records the outcome when the move is made.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Chip, Link, Paper, Stack, TextField, Typography } from '@mui/material';
import { DateTime } from 'luxon';
import { call } from '../api/client';
import { formatPhone, timeLabel, whenLabel } from '../booking/format';
import { statusStyle } from '../calendar/status';
import { isChangeable, statusLabel } from '../../../shared/appointments';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { RiskBandChip } from '../reports/RiskBandChip';
import { asApiError } from '../schedules/fieldErrors';
import { RecallCalls } from '../recall/RecallCalls';
import {
  CALL_OUTCOMES,
  callReasons,
  outcomeLabel,
  type CallOutcome,
  type CallQueueItem,
} from './format';

/** An outcome recorded on this desk, shown on the row until the list reloads without it. */
interface Recorded {
  outcome: CallOutcome;
  at: string;
}

export function CallQueueScreen() {
  const desk = useDesk();
  // null = the engine's "tomorrow" in the clinic's zone.
  const [date, setDate] = useState<string | null>(null);
  const queue = useLiveQuery('callQueue/list', date === null ? {} : { date }, [
    'callQueue',
    'appointments',
    'reminders',
    'recalls',
  ]);
  const [recorded, setRecorded] = useState<Record<number, Recorded>>({});
  // The row is kept, not looked up again: once moved, the old visit leaves the list.
  const [pending, setPending] = useState<{ item: CallQueueItem; note: string } | null>(null);
  const shown = queue.data?.date ?? date ?? '';
  const items = queue.data?.items ?? [];
  const recallCalls = queue.data?.recallCalls ?? [];

  async function record(p: { item: CallQueueItem; outcome: CallOutcome; note: string }) {
    try {
      await call('callQueue/record', {
        appointmentId: p.item.appointmentId,
        outcome: p.outcome,
        ...(p.note.trim() ? { note: p.note.trim() } : {}),
      });
      setRecorded((r) => ({
        ...r,
        [p.item.appointmentId]: { outcome: p.outcome, at: new Date().toISOString() },
      }));
      desk.notify(`${p.item.patientName}: ${outcomeLabel(p.outcome).toLowerCase()}.`, 'success');
      return true;
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
      return false;
    }
  }

  // "Rescheduled": the booking dialog moves the visit; when it closes, record the call only if
  // the appointment was really moved (closing the dialog without a new time records nothing).
  const wasOpen = useRef(false);
  useEffect(() => {
    if (!pending) return;
    if (desk.booking !== null) {
      wasOpen.current = true;
      return;
    }
    if (!wasOpen.current) return;
    wasOpen.current = false;
    const { item, note } = pending;
    setPending(null);
    void (async () => {
      try {
        const appt = await call('appointments/get', { appointmentId: item.appointmentId });
        if (appt.status !== 'rescheduled') {
          desk.notify('Not rescheduled: nothing was recorded for this call.', 'info');
          return;
        }
        await record({ item, outcome: 'rescheduled', note });
      } catch (err) {
        desk.notify(asApiError(err).message, 'error');
      }
    })();
    // `record` comes from the render in which the dialog closed: the current one.
  }, [desk.booking, pending]);

  function reschedule(item: CallQueueItem, note: string) {
    wasOpen.current = false;
    setPending({ item, note });
    desk.openBooking({ rescheduleAppointmentId: item.appointmentId, patientId: item.patientId });
  }

  const tomorrow = DateTime.now().setZone(desk.zone).plus({ days: 1 }).toISODate() ?? '';

  return (
    <Box sx={{ p: 2, maxWidth: 1200 }} component="section" aria-labelledby="call-queue-title">
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography id="call-queue-title" variant="h5" component="h2" sx={{ fontWeight: 700 }}>
          Call queue
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button size="small" onClick={() => setDate(null)} disabled={date === null}>
          Tomorrow
        </Button>
        <TextField
          type="date"
          size="small"
          label="Appointments on"
          value={shown}
          onChange={(e) => setDate(e.target.value || null)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </Stack>
      <Typography color="text.secondary" sx={{ fontSize: 14, mb: 2 }}>
        {shown ? `${whenDay(shown)}${shown === tomorrow ? ' (tomorrow)' : ''}: ` : ''}
        patients not yet confirmed or not reached, riskiest first.
      </Typography>
      {queue.error && <Alert severity="error">{queue.error.message}</Alert>}
      <Stack spacing={1} component="ol" aria-label="Patients to call" sx={{ p: 0, m: 0 }}>
        {items.map((item, i) => (
          <CallRow
            key={item.appointmentId}
            rank={i + 1}
            item={item}
            recorded={recorded[item.appointmentId]}
            onRecord={(outcome, note) => record({ item, outcome, note })}
            onReschedule={(note) => reschedule(item, note)}
          />
        ))}
      </Stack>
      {queue.data && items.length === 0 && (
        <Alert severity="success">
          Everyone booked that day is confirmed.
          {recallCalls.length === 0 ? ' Nobody to call.' : ' Only the recall calls below are left.'}
        </Alert>
      )}
      <RecallCalls calls={recallCalls} />
    </Box>
  );
}

function whenDay(date: string): string {
  return DateTime.fromISO(date).setLocale('en-US').toFormat('cccc, LLLL d');
}

function CallRow(props: {
  rank: number;
  item: CallQueueItem;
  recorded: Recorded | undefined;
  onRecord(outcome: CallOutcome, note: string): Promise<boolean>;
  onReschedule(note: string): void;
}) {
  const desk = useDesk();
  const { item } = props;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const reasons = callReasons(item);
  const style = statusStyle(item.status);

  async function click(outcome: CallOutcome) {
    if (outcome === 'rescheduled') {
      props.onReschedule(note);
      return;
    }
    setBusy(true);
    const ok = await props.onRecord(outcome, note);
    setBusy(false);
    if (ok) {
      setNote('');
      setConfirmCancel(false);
    }
  }

  return (
    <Paper
      component="li"
      variant="outlined"
      data-testid="call-row"
      aria-label={`${item.patientName}, ${timeLabel(item.start, desk.zone)}`}
      sx={{ p: 1.5, listStyle: 'none' }}
    >
      <Stack direction="row" spacing={2} alignItems="flex-start">
        <Typography sx={{ fontWeight: 700, color: 'text.secondary', width: 24 }}>
          {props.rank}
        </Typography>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap">
            <Link
              component="button"
              type="button"
              sx={{ fontWeight: 700, fontSize: 16 }}
              onClick={() => desk.openAppointment(item.appointmentId)}
              aria-label={`Open ${item.patientName}'s appointment`}
            >
              {item.patientName}
            </Link>
            <Typography sx={{ fontSize: 15 }}>{whenLabel(item.start, desk.zone)}</Typography>
            {item.phone ? (
              <Link href={`tel:${item.phone}`} sx={{ fontSize: 15 }}>
                {formatPhone(item.phone)}
              </Link>
            ) : (
              <Typography color="error" sx={{ fontSize: 14 }}>
                no phone number
              </Typography>
            )}
            <Chip
              size="small"
              label={statusLabel(item.status)}
              sx={{ bgcolor: style.bg, color: style.fg, fontWeight: 700 }}
            />
            <RiskBandChip band={item.riskBand} />
            {props.recorded && (
              <Chip
                size="small"
                variant="outlined"
                color="success"
                label={`${outcomeLabel(props.recorded.outcome)} recorded at ${timeLabel(props.recorded.at, desk.zone)}`}
              />
            )}
          </Stack>
          <Typography
            data-testid="call-reasons"
            color="text.secondary"
            sx={{ fontSize: 14, mt: 0.5 }}
          >
            {reasons.join(' · ')}
          </Typography>
          <Stack
            direction="row"
            spacing={1}
            alignItems="center"
            useFlexGap
            flexWrap="wrap"
            sx={{ mt: 1 }}
            role="group"
            aria-label={`Call outcome for ${item.patientName}`}
          >
            {confirmCancel ? (
              <>
                <Typography sx={{ fontSize: 14 }}>
                  Cancel {item.patientName}&apos;s visit at {timeLabel(item.start, desk.zone)}? The
                  slot is freed.
                </Typography>
                <Button
                  size="small"
                  variant="contained"
                  color="error"
                  disabled={busy}
                  onClick={() => void click('cancelled')}
                >
                  Yes, cancel the visit
                </Button>
                <Button size="small" disabled={busy} onClick={() => setConfirmCancel(false)}>
                  Keep it
                </Button>
              </>
            ) : (
              CALL_OUTCOMES.map((o) => (
                <Button
                  key={o.outcome}
                  size="small"
                  variant={o.outcome === 'confirmed' ? 'contained' : 'outlined'}
                  color={o.outcome === 'cancelled' ? 'error' : 'primary'}
                  disabled={
                    busy ||
                    (o.outcome === 'confirmed' && item.status === 'confirmed') ||
                    ((o.outcome === 'cancelled' || o.outcome === 'rescheduled') &&
                      !isChangeable(item.status))
                  }
                  onClick={() =>
                    o.outcome === 'cancelled' ? setConfirmCancel(true) : void click(o.outcome)
                  }
                >
                  {o.label}
                </Button>
              ))
            )}
            <TextField
              size="small"
              placeholder="Note (optional)"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              slotProps={{
                htmlInput: { maxLength: 1000, 'aria-label': `Note for ${item.patientName}` },
              }}
              sx={{ flex: 1, minWidth: 200 }}
            />
          </Stack>
        </Box>
      </Stack>
    </Paper>
  );
}
