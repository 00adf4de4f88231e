/**
 * The messages of one appointment, for its panel: what is planned, what went out and what was
 * skipped or failed, each with its reason, so the desk can answer "why didn't I get a text?".
 */
import { Alert, Box, Chip, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { whenLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import {
  CHANNEL_LABEL,
  REMINDER_TOPICS,
  reminderStatus,
  reminderWhy,
  touchpointLabel,
} from './format';

export function AppointmentReminders({ appointmentId }: { appointmentId: number }) {
  const desk = useDesk();
  const list = useLiveQuery('reminders/forAppointment', { appointmentId }, REMINDER_TOPICS);
  const rows = list.data ?? [];
  return (
    <Box component="section" aria-label="Appointment reminders">
      <Typography variant="subtitle2" component="h3">
        Reminders
      </Typography>
      {list.error && <Alert severity="error">{list.error.message}</Alert>}
      <List dense disablePadding aria-label="Reminders of this appointment">
        {rows.map((r) => {
          const status = reminderStatus(r.status);
          const when = r.sentAt ?? r.due;
          return (
            <ListItem key={r.id} disableGutters data-testid="appointment-reminder">
              <ListItemText
                primary={
                  <Stack direction="row" spacing={1} alignItems="center">
                    <span>
                      {touchpointLabel(r.touchpoint, r.kind)} ·{' '}
                      {CHANNEL_LABEL[r.channel] ?? r.channel}
                    </span>
                    <Chip size="small" label={status.label} color={status.color} />
                  </Stack>
                }
                secondary={[
                  `${r.sentAt ? 'Sent' : 'Due'} ${whenLabel(when, desk.zone)}`,
                  ...reminderWhy(r),
                ].join(' · ')}
              />
            </ListItem>
          );
        })}
        {list.data && rows.length === 0 && (
          <ListItem disableGutters>
            <ListItemText secondary="No messages planned (no contact details or consent)." />
          </ListItem>
        )}
      </List>
    </Box>
  );
}
