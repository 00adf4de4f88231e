/**
 * Patients' replies. C, X, STOP and HELP are acted on by themselves; anything else ("Can I bring
 * my daughter?", a C from a number with two visits that week) waits here for a person, who
 * answers the patient and marks it dealt with, with a note for the next receptionist.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link,
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
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { formatPhone, whenLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import { REPLY_MEANING, replyNote, type ChipColor } from './format';

type Reply = ApiOutput<'inbox/list'>[number];

const REPLY_STATUS: Record<string, { label: string; color: ChipColor }> = {
  staff: { label: 'Waiting for staff', color: 'warning' },
  handled: { label: 'Handled automatically', color: 'success' },
  done: { label: 'Dealt with', color: 'default' },
};

export function RepliesInbox() {
  const desk = useDesk();
  const [show, setShow] = useState<'staff' | 'all'>('staff');
  const inbox = useLiveQuery('inbox/list', { status: show }, ['inbox']);
  const [resolving, setResolving] = useState<Reply | null>(null);
  const rows = inbox.data ?? [];

  return (
    <Box>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={show}
        onChange={(_e, v: 'staff' | 'all' | null) => v && setShow(v)}
        aria-label="Which replies"
        sx={{ mb: 1 }}
      >
        <ToggleButton value="staff">Waiting for staff</ToggleButton>
        <ToggleButton value="all">All replies</ToggleButton>
      </ToggleButtonGroup>
      {inbox.error && <Alert severity="error">{inbox.error.message}</Alert>}
      <Table size="small" aria-label="Replies">
        <TableHead>
          <TableRow>
            <TableCell>Received</TableCell>
            <TableCell>From</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>What it means</TableCell>
            <TableCell>Status</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((m) => {
            const status = REPLY_STATUS[m.status] ?? { label: m.status, color: 'default' };
            const note = replyNote(m.note);
            return (
              <TableRow key={m.id} data-testid="reply-row" hover>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {whenLabel(m.receivedAt, desk.zone)}
                </TableCell>
                <TableCell>
                  {m.appointmentId !== null && m.patientName ? (
                    <Link
                      component="button"
                      type="button"
                      onClick={() => desk.openAppointment(m.appointmentId!)}
                      aria-label={`Open ${m.patientName}'s appointment`}
                    >
                      {m.patientName}
                    </Link>
                  ) : (
                    (m.patientName ?? 'Unknown number')
                  )}
                  <Typography component="div" color="text.secondary" sx={{ fontSize: 12 }}>
                    {formatPhone(m.from)}
                  </Typography>
                </TableCell>
                <TableCell sx={{ maxWidth: 360 }}>
                  <Typography sx={{ fontSize: 14, whiteSpace: 'pre-wrap' }}>{m.body}</Typography>
                </TableCell>
                <TableCell sx={{ fontSize: 13 }}>
                  {REPLY_MEANING[m.classification] ?? m.classification}
                  {note && (
                    <Typography component="div" color="text.secondary" sx={{ fontSize: 12 }}>
                      {note}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <Chip size="small" label={status.label} color={status.color} />
                  {m.status === 'done' && m.handledBy && (
                    <Typography component="div" color="text.secondary" sx={{ fontSize: 12 }}>
                      by {m.handledBy}
                      {m.handledAt ? `, ${whenLabel(m.handledAt, desk.zone)}` : ''}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {m.status === 'staff' && (
                    <Button
                      size="small"
                      variant="outlined"
                      onClick={() => setResolving(m)}
                      aria-label={`Resolve the reply from ${m.patientName ?? formatPhone(m.from)}`}
                    >
                      Resolve…
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
          {inbox.data && rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                <Typography color="text.secondary">
                  {show === 'staff' ? 'No reply is waiting for staff.' : 'No replies yet.'}
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <ResolveDialog reply={resolving} onClose={() => setResolving(null)} />
    </Box>
  );
}

function ResolveDialog(props: { reply: Reply | null; onClose(): void }) {
  const desk = useDesk();
  const { reply } = props;
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const who = reply ? (reply.patientName ?? formatPhone(reply.from)) : '';

  const close = () => {
    setNote('');
    setError(null);
    props.onClose();
  };
  async function resolve() {
    if (!reply) return;
    setBusy(true);
    setError(null);
    try {
      await call('inbox/resolve', {
        inboundId: reply.id,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      desk.notify(`The reply from ${who} is marked as dealt with.`, 'success');
      close();
    } catch (err) {
      setError(fieldMessage(asApiError(err)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={reply !== null} onClose={close} fullWidth maxWidth="sm">
      <Box
        component="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void resolve();
        }}
      >
        <DialogTitle>Resolve the reply from {who}</DialogTitle>
        <DialogContent>
          <Typography
            sx={{ p: 1, mb: 2, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap' }}
          >
            “{reply?.body}”
          </Typography>
          <TextField
            label="Note (optional)"
            placeholder="e.g. Called her back: yes, she can bring her daughter"
            fullWidth
            multiline
            minRows={2}
            autoFocus
            value={note}
            onChange={(e) => setNote(e.target.value)}
            slotProps={{ htmlInput: { maxLength: 1000 } }}
          />
          {error && (
            <Alert severity="error" role="alert" sx={{ mt: 1 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={busy}>
            Not yet
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            Mark as dealt with
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
