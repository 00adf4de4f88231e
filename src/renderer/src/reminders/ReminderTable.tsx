/**
 * One tab of the reminder queue: the messages in some statuses, each with its patient, visit,
 * touchpoint, channel, when it goes (or went) and why it did not, in words. The patient's name
 * opens the appointment, where the desk can phone or reschedule.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Chip,
  FormControlLabel,
  Link,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { formatPhone, whenLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import {
  CHANNEL_LABEL,
  failuresFirst,
  QUEUE_TABS,
  REMINDER_TOPICS,
  reminderStatus,
  reminderWhy,
  touchpointLabel,
  type ReminderItem,
} from './format';

type View = 'scheduled' | 'sent' | 'failed';

const EMPTY: Record<View, string> = {
  scheduled: 'Nothing is waiting to be sent.',
  sent: 'Nothing has been sent yet.',
  failed: 'No message failed.',
};

export function ReminderTable({ view }: { view: View }) {
  const desk = useDesk();
  const [withNotSent, setWithNotSent] = useState(false);
  const statuses = useMemo(
    () =>
      view === 'failed' && withNotSent
        ? [...QUEUE_TABS.failed, ...QUEUE_TABS.notSent]
        : [...QUEUE_TABS[view]],
    [view, withNotSent],
  );
  const list = useLiveQuery('reminders/list', { statuses, limit: 500 }, REMINDER_TOPICS);
  // The engine lists newest due first; what is still to come reads better soonest first.
  const items = useMemo(() => {
    const all = list.data?.items ?? [];
    if (view === 'scheduled') return [...all].reverse();
    return view === 'failed' ? failuresFirst(all) : all;
  }, [list.data, view]);

  return (
    <Box>
      {view === 'failed' && (
        <FormControlLabel
          control={
            <Switch checked={withNotSent} onChange={(e) => setWithNotSent(e.target.checked)} />
          }
          label="Also show messages not sent on purpose (quiet hours, no consent, visit cancelled)"
        />
      )}
      {list.error && <Alert severity="error">{list.error.message}</Alert>}
      <Table size="small" aria-label={`${view[0]!.toUpperCase()}${view.slice(1)} messages`}>
        <TableHead>
          <TableRow>
            <TableCell>Patient</TableCell>
            <TableCell>Appointment</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Channel</TableCell>
            <TableCell>
              {view === 'scheduled' ? 'Due' : view === 'sent' ? 'Sent' : 'When'}
            </TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Reason</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((r) => (
            <ReminderRow
              key={r.id}
              r={r}
              zone={desk.zone}
              onOpen={() => desk.openAppointment(r.appointmentId)}
            />
          ))}
          {list.data && items.length === 0 && (
            <TableRow>
              <TableCell colSpan={7}>
                <Typography color="text.secondary">{EMPTY[view]}</Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Box>
  );
}

function whenCell(r: ReminderItem, zone: string): string {
  if (r.sentAt) return whenLabel(r.sentAt, zone);
  if (r.status === 'scheduled' && r.nextAttempt && r.attempts > 0)
    return `${whenLabel(r.nextAttempt, zone)} (try ${r.attempts + 1})`;
  return whenLabel(r.due, zone);
}

function ReminderRow(props: { r: ReminderItem; zone: string; onOpen(): void }) {
  const { r, zone } = props;
  const status = reminderStatus(r.status);
  const why = reminderWhy(r);
  const to = r.channel === 'email' ? r.to : formatPhone(r.to);
  return (
    <TableRow data-testid="reminder-row" hover>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <Link
          component="button"
          type="button"
          onClick={props.onOpen}
          aria-label={`Open ${r.patientName}'s appointment`}
        >
          {r.patientName}
        </Link>
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{whenLabel(r.appointmentStart, zone)}</TableCell>
      <TableCell title={r.text ?? undefined}>{touchpointLabel(r.touchpoint, r.kind)}</TableCell>
      <TableCell>
        {CHANNEL_LABEL[r.channel] ?? r.channel}
        {to ? (
          <Typography
            component="div"
            color="text.secondary"
            sx={{ fontSize: 12, whiteSpace: 'nowrap' }}
          >
            {to}
          </Typography>
        ) : null}
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{whenCell(r, zone)}</TableCell>
      <TableCell>
        <Chip size="small" label={status.label} color={status.color} />
      </TableCell>
      <TableCell sx={{ fontSize: 13, maxWidth: 380 }}>
        {why.map((line, i) => (
          <Typography
            key={i}
            component="div"
            sx={{ fontSize: 13 }}
            color={i === 0 && r.error ? 'error' : 'text.secondary'}
          >
            {line}
          </Typography>
        ))}
      </TableCell>
    </TableRow>
  );
}
