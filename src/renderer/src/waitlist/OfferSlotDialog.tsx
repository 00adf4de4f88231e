/**
 * Offer an open time to the waitlist by hand (from the day view: a clicked open slot, or a
 * cancelled or no-show visit). It lists who on the waitlist the time suits, in the order the
 * texts would go out, and why a text would not go to someone now; "Send offers" hands the time
 * to the same waves as a freed slot (waitlist/offerSlot), so the same limits apply.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { dayLabel, timeLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';

export interface OpenTime {
  providerId: number;
  providerName: string;
  locationId: number;
  start: string;
  end: string;
}

export function OfferSlotDialog(props: { time: OpenTime; onClose(): void }) {
  const desk = useDesk();
  const { time } = props;
  const matches = useLiveQuery(
    'waitlist/matches',
    { providerId: time.providerId, locationId: time.locationId, start: time.start, end: time.end },
    ['waitlist', 'patients', 'appointments', 'schedules'],
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = matches.data ?? [];
  const reachable = list.filter((m) => m.blocked === null).length;
  const when = `${dayLabel(time.start, desk.zone)}, ${timeLabel(time.start, desk.zone)}–${timeLabel(time.end, desk.zone)}`;

  async function send() {
    setBusy(true);
    try {
      await call('waitlist/offerSlot', {
        providerId: time.providerId,
        locationId: time.locationId,
        start: time.start,
        end: time.end,
      });
      desk.notify(
        `${when} with ${time.providerName} is offered to the waitlist: texts go out in waves of 3.`,
        'success',
      );
      props.onClose();
    } catch (err) {
      setError(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>
        Offer to the waitlist · {when} with {time.providerName}
      </DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {error}
          </Alert>
        )}
        {matches.error && <Alert severity="error">{matches.error.message}</Alert>}
        <Typography variant="body2" sx={{ mb: 1 }}>
          {list.length === 0
            ? 'No one on the waitlist suits this time.'
            : `${list.length} on the waitlist suit this time; ${reachable} can be texted now. The first 3 are asked first; the next wave follows if nobody says YES.`}
        </Typography>
        {list.length > 0 && (
          <Table size="small" aria-label="Waitlist entries this time suits">
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                <TableCell>Patient</TableCell>
                <TableCell>Visit type</TableCell>
                <TableCell>Priority</TableCell>
                <TableCell>Pulls forward</TableCell>
                <TableCell>Text</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {list.map((m, i) => (
                <TableRow key={m.entryId}>
                  <TableCell>{i + 1}</TableCell>
                  <TableCell>{m.patientName}</TableCell>
                  <TableCell>{m.visitTypeName}</TableCell>
                  <TableCell>{m.priority}</TableCell>
                  <TableCell>
                    {m.pullsForward
                      ? `${dayLabel(m.pullsForward, desk.zone)} ${timeLabel(m.pullsForward, desk.zone)}`
                      : '—'}
                  </TableCell>
                  <TableCell>
                    {m.blocked === null ? (
                      <Chip size="small" color="success" label="Can be texted" />
                    ) : (
                      <Typography variant="body2" color="text.secondary">
                        Not texted: {m.blocked}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button variant="contained" disabled={busy || reachable === 0} onClick={() => void send()}>
          Send offers
        </Button>
      </DialogActions>
    </Dialog>
  );
}
