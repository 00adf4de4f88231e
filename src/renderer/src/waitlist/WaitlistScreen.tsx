/**
 * The waitlist: who waits for an earlier time, for what and when they could come, highest
 * priority and longest waiting first. Add, edit and remove entries here; open an entry to see
 * every offer it was sent and what became of it (waiting, accepted, declined, no answer, taken
 * by someone else, not sent). Offers themselves go out on their own when time frees up, or by
 * hand from the day view.
 */
import { Fragment, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  IconButton,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { dayLabel, timeLabel, whenLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import { EntryDialog, draftFrom, emptyDraft, type EntryDraft } from './EntryDialog';
import {
  OFFER_COLORS,
  OFFER_LABELS,
  timeOfDayLabel,
  weekdaysLabel,
  type WaitlistEntry,
} from './format';

type Status = 'active' | 'booked' | 'removed' | 'expired';

export function WaitlistScreen() {
  const desk = useDesk();
  const [status, setStatus] = useState<Status>('active');
  const entries = useLiveQuery('waitlist/list', { status }, ['waitlist', 'patients']);
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const [open, setOpen] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ id: number | null; draft: EntryDraft } | null>(null);
  const [removing, setRemoving] = useState<{ entry: WaitlistEntry; reason: string } | null>(null);
  const specialtyName = new Map(
    (providers.data ?? []).map((p) => [p.taxonomyCode, p.specialtyName]),
  );
  const list = entries.data ?? [];

  async function remove() {
    if (!removing) return;
    try {
      await call('waitlist/remove', {
        entryId: removing.entry.id,
        reason: removing.reason.trim(),
      });
      desk.notify(`${removing.entry.patientName} is off the waitlist.`, 'success');
      setRemoving(null);
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    }
  }

  const dates = (e: WaitlistEntry) =>
    e.earliestDate || e.latestDate
      ? `${e.earliestDate ? dayLabel(e.earliestDate, desk.zone) : 'now'} – ${e.latestDate ? dayLabel(e.latestDate, desk.zone) : 'any time'}`
      : 'Any date';

  return (
    <Box sx={{ p: 2, height: '100%', overflow: 'auto', boxSizing: 'border-box' }}>
      <Stack direction="row" alignItems="center" spacing={2} sx={{ mb: 2 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          Patients who want an earlier time. Freed times are texted to them in waves of 3; the first
          YES books.
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={status}
          onChange={(_e, v: Status | null) => v && setStatus(v)}
          aria-label="Show entries"
        >
          <ToggleButton value="active">Waiting</ToggleButton>
          <ToggleButton value="booked">Booked</ToggleButton>
          <ToggleButton value="expired">Expired</ToggleButton>
          <ToggleButton value="removed">Removed</ToggleButton>
        </ToggleButtonGroup>
        <Button variant="contained" onClick={() => setEditing({ id: null, draft: emptyDraft() })}>
          Add to waitlist…
        </Button>
      </Stack>
      {entries.error && <Alert severity="error">{entries.error.message}</Alert>}
      {removing && (
        <Alert
          severity="warning"
          sx={{ mb: 2 }}
          action={
            <Stack direction="row" spacing={1}>
              <Button onClick={() => setRemoving(null)}>Keep</Button>
              <Button
                color="warning"
                variant="contained"
                disabled={removing.reason.trim() === ''}
                onClick={() => void remove()}
              >
                Remove
              </Button>
            </Stack>
          }
        >
          <Stack direction="row" spacing={2} alignItems="center">
            <span>Take {removing.entry.patientName} off the waitlist?</span>
            <TextField
              size="small"
              label="Reason"
              autoFocus
              value={removing.reason}
              onChange={(e) => setRemoving({ ...removing, reason: e.target.value })}
              sx={{ minWidth: 280 }}
            />
          </Stack>
        </Alert>
      )}
      <Paper variant="outlined">
        <Table size="small" aria-label="Waitlist entries">
          <TableHead>
            <TableRow>
              <TableCell />
              <TableCell>Patient</TableCell>
              <TableCell>Visit type</TableCell>
              <TableCell>With</TableCell>
              <TableCell>Dates</TableCell>
              <TableCell>Days</TableCell>
              <TableCell>Pulls forward</TableCell>
              <TableCell>Priority</TableCell>
              <TableCell>Expires</TableCell>
              <TableCell>Offers</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {list.length === 0 && (
              <TableRow>
                <TableCell colSpan={11}>
                  <Typography variant="body2" color="text.secondary" sx={{ py: 2 }}>
                    {status === 'active'
                      ? 'Nobody is waiting. Add a patient who wants an earlier time.'
                      : `No ${status} entries.`}
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {list.map((e) => (
              <Fragment key={e.id}>
                <TableRow hover selected={open === e.id}>
                  <TableCell padding="checkbox">
                    <IconButton
                      size="small"
                      aria-label={`${open === e.id ? 'Hide' : 'Show'} offers to ${e.patientName}`}
                      aria-expanded={open === e.id}
                      onClick={() => setOpen(open === e.id ? null : e.id)}
                    >
                      {open === e.id ? '▾' : '▸'}
                    </IconButton>
                  </TableCell>
                  <TableCell>{e.patientName}</TableCell>
                  <TableCell>{e.visitTypeName}</TableCell>
                  <TableCell>
                    {e.providerName ??
                      (e.specialty
                        ? `Any ${specialtyName.get(e.specialty) ?? e.specialty}`
                        : 'Any provider')}
                  </TableCell>
                  <TableCell>{dates(e)}</TableCell>
                  <TableCell>
                    {weekdaysLabel(e.weekdays)}
                    {e.timeOfDay !== 'any' ? ` · ${timeOfDayLabel(e.timeOfDay)}` : ''}
                  </TableCell>
                  <TableCell>{e.linkedStart ? whenLabel(e.linkedStart, desk.zone) : '—'}</TableCell>
                  <TableCell>{e.priority}</TableCell>
                  <TableCell>{e.expiresOn ? dayLabel(e.expiresOn, desk.zone) : '—'}</TableCell>
                  <TableCell>
                    {e.offers === 0 ? (
                      'None yet'
                    ) : (
                      <Chip
                        size="small"
                        color={OFFER_COLORS[e.lastOffer ?? ''] ?? 'default'}
                        label={`${e.offers} · last: ${(OFFER_LABELS[e.lastOffer ?? ''] ?? '').toLowerCase()}`}
                      />
                    )}
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {e.status === 'active' && (
                      <>
                        <Button
                          size="small"
                          onClick={() => setEditing({ id: e.id, draft: draftFrom(e) })}
                          aria-label={`Edit ${e.patientName}'s entry`}
                        >
                          Edit
                        </Button>
                        <Button
                          size="small"
                          color="warning"
                          onClick={() => setRemoving({ entry: e, reason: '' })}
                          aria-label={`Remove ${e.patientName} from the waitlist`}
                        >
                          Remove
                        </Button>
                      </>
                    )}
                  </TableCell>
                </TableRow>
                {open === e.id && (
                  <TableRow>
                    <TableCell colSpan={11} sx={{ bgcolor: 'action.hover' }}>
                      <OfferHistory entryId={e.id} note={e.note} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            ))}
          </TableBody>
        </Table>
      </Paper>
      {editing && (
        <EntryDialog
          entryId={editing.id}
          initial={editing.draft}
          onClose={() => setEditing(null)}
        />
      )}
    </Box>
  );
}

function OfferHistory(props: { entryId: number; note: string | null }) {
  const desk = useDesk();
  const history = useLiveQuery('waitlist/history', { entryId: props.entryId }, ['waitlist']);
  const offers = history.data ?? [];
  return (
    <Box sx={{ pl: 6 }}>
      {props.note && (
        <Typography variant="body2" sx={{ mb: 1 }}>
          Note: {props.note}
        </Typography>
      )}
      {history.error && <Alert severity="error">{history.error.message}</Alert>}
      {offers.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No offers sent yet.
        </Typography>
      ) : (
        <Table size="small" aria-label="Offers sent">
          <TableHead>
            <TableRow>
              <TableCell>Time offered</TableCell>
              <TableCell>With</TableCell>
              <TableCell>Wave</TableCell>
              <TableCell>Sent</TableCell>
              <TableCell>Outcome</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {offers.map((o) => (
              <TableRow key={o.id}>
                <TableCell>{whenLabel(o.slotStart, desk.zone)}</TableCell>
                <TableCell>{o.providerName}</TableCell>
                <TableCell>{o.wave}</TableCell>
                <TableCell>
                  {o.sent ? `${dayLabel(o.sent, desk.zone)} ${timeLabel(o.sent, desk.zone)}` : '—'}
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={OFFER_COLORS[o.status] ?? 'default'}
                    label={OFFER_LABELS[o.status] ?? o.status}
                  />
                  {o.reason && (
                    <Typography
                      component="span"
                      variant="body2"
                      color="text.secondary"
                      sx={{ ml: 1 }}
                    >
                      {o.reason}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
