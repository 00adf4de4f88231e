/**
 * "Mark absent…": a provider calls in sick. Step one records the days off and finds a held
 * proposal for every visit on them; step two lists the visits with their proposals so the desk
 * can accept all, pick another opening or cancel one; accepting moves them and texts each patient
 * the new time with C / X to answer. Nothing is moved or sent before Accept.
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
  Menu,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from './fieldErrors';

type Openings = Awaited<ReturnType<typeof call<'absences/alternatives'>>>['openings'];

const STATE_WORDS: Record<string, string> = {
  pending: 'Waiting',
  moved: 'Moved, patient told',
  cancelled: 'Cancelled (provider bump)',
  failed: 'Not moved',
};

export function AbsenceDialog(props: {
  providerId: number;
  providerName: string;
  today: string;
  onClose: () => void;
}) {
  const desk = useDesk();
  const [fromDate, setFromDate] = useState(props.today);
  const [toDate, setToDate] = useState(props.today);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [absenceId, setAbsenceId] = useState<number | null>(null);
  const [menu, setMenu] = useState<{
    anchor: HTMLElement;
    itemId: number;
    openings: Openings;
  } | null>(null);
  const preview = useLiveQuery(
    'absences/preview',
    absenceId === null && fromDate && toDate && toDate >= fromDate
      ? { providerId: props.providerId, fromDate, toDate }
      : null,
    ['appointments', 'schedules', 'absences'],
  );
  const review = useLiveQuery('absences/get', absenceId === null ? null : { absenceId }, [
    'absences',
    'appointments',
    'reminders',
    'callQueue',
  ]);

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      setError(fieldMessage(asApiError(e)));
    } finally {
      setBusy(false);
    }
  };

  const create = () =>
    run(async () => {
      const r = await call('absences/create', {
        providerId: props.providerId,
        fromDate,
        toDate,
        reason: reason.trim() || undefined,
      });
      setAbsenceId(r.absenceId);
      desk.notify(
        `${props.providerName} is marked absent; ${r.proposed} of ${r.affected} visits have a held proposal.`,
        'success',
      );
    });

  const openAlternatives = (anchor: HTMLElement, itemId: number) =>
    run(async () => {
      const r = await call('absences/alternatives', { itemId });
      setMenu({ anchor, itemId, openings: r.openings });
    });

  const a = review.data;
  const undecided = a?.items.filter((i) => i.decision === 'pending').length ?? 0;
  const inReview = a?.status === 'review';

  return (
    <Dialog open onClose={props.onClose} maxWidth="lg" fullWidth aria-labelledby="absence-title">
      <DialogTitle id="absence-title">Mark {props.providerName} absent</DialogTitle>
      <DialogContent dividers>
        {error && (
          <Alert severity="error" sx={{ mb: 1.5 }}>
            {error}
          </Alert>
        )}
        {absenceId === null ? (
          <Stack spacing={1.5}>
            <Stack direction="row" spacing={1} alignItems="flex-start">
              <TextField
                type="date"
                size="small"
                label="From date"
                value={fromDate}
                onChange={(e) => {
                  setFromDate(e.target.value);
                  if (e.target.value > toDate) setToDate(e.target.value);
                }}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ width: 170 }}
              />
              <TextField
                type="date"
                size="small"
                label="To date (inclusive)"
                value={toDate}
                onChange={(e) => setToDate(e.target.value)}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ width: 170 }}
              />
              <TextField
                size="small"
                label="Reason (staff only)"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                sx={{ flex: 1 }}
              />
            </Stack>
            {preview.error && <Alert severity="error">{preview.error.message}</Alert>}
            {preview.data && (
              <Typography variant="body2">
                {preview.data.affected.length === 0
                  ? 'No booked visits on those days: only time off will be recorded.'
                  : `${preview.data.affected.length} booked visit${preview.data.affected.length === 1 ? '' : 's'} will get a proposal: the same provider later, else a colleague of the same specialty in the patient's network who speaks their language, else anyone who sees the patient. Each proposal is held until you accept.`}
              </Typography>
            )}
          </Stack>
        ) : !a ? (
          <Typography variant="body2">Loading…</Typography>
        ) : (
          <Stack spacing={1}>
            <Typography variant="body2" color="text.secondary">
              {inReview
                ? 'Proposals are held: nobody else can book them. Accept all, or change a visit first.'
                : a.status === 'accepting'
                  ? 'Moving the visits and texting the patients…'
                  : a.status === 'done'
                    ? 'Done. Patients who do not answer within 4 hours appear in the call queue.'
                    : 'Discarded: the holds are released.'}
            </Typography>
            <Table size="small" aria-label="Affected visits">
              <TableHead>
                <TableRow>
                  <TableCell>Patient</TableCell>
                  <TableCell>Booked for</TableCell>
                  <TableCell>Proposal</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell>{inReview ? 'Change' : 'Status'}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {a.items.map((i) => (
                  <TableRow key={i.itemId}>
                    <TableCell>
                      {i.patientName}
                      <Typography variant="caption" color="text.secondary" component="div">
                        {i.visitTypeName}
                      </Typography>
                    </TableCell>
                    <TableCell>{i.when}</TableCell>
                    <TableCell>
                      {i.decision === 'cancel' ? (
                        <Chip size="small" color="warning" label="Cancel visit" />
                      ) : i.proposal ? (
                        <>
                          {i.proposal.when}
                          <Typography variant="caption" color="text.secondary" component="div">
                            {i.proposal.providerName}, {i.proposal.locationName}
                          </Typography>
                        </>
                      ) : (
                        <Chip size="small" color="error" label="No opening found" />
                      )}
                    </TableCell>
                    <TableCell sx={{ maxWidth: 280 }}>
                      <Typography variant="caption">{i.tierWords ?? i.note}</Typography>
                    </TableCell>
                    <TableCell>
                      {inReview ? (
                        <Stack direction="row" spacing={0.5}>
                          <Button
                            size="small"
                            disabled={busy}
                            onClick={(e) => void openAlternatives(e.currentTarget, i.itemId)}
                          >
                            Other time…
                          </Button>
                          <Button
                            size="small"
                            color="warning"
                            disabled={busy || i.decision === 'cancel'}
                            onClick={() =>
                              void run(async () => {
                                await call('absences/choose', {
                                  itemId: i.itemId,
                                  action: 'cancel',
                                });
                              })
                            }
                          >
                            Cancel visit
                          </Button>
                        </Stack>
                      ) : (
                        <Typography variant="body2">
                          {i.newStatus === 'confirmed'
                            ? 'Confirmed by patient'
                            : i.state === 'moved' && !i.notified
                              ? 'Moved; no text or e-mail reaches them: in call queue'
                              : i.callQueued
                                ? `${STATE_WORDS[i.state]}; in call queue`
                                : STATE_WORDS[i.state]}
                          {i.error ? ` — ${i.error}` : ''}
                        </Typography>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Stack>
        )}
        <Menu open={menu !== null} anchorEl={menu?.anchor} onClose={() => setMenu(null)}>
          {menu?.openings.length === 0 && (
            <MenuItem disabled>No other openings in 31 days</MenuItem>
          )}
          {menu?.openings.map((o) => (
            <MenuItem
              key={`${o.providerId}-${o.start}`}
              onClick={() => {
                const itemId = menu.itemId;
                setMenu(null);
                void run(async () => {
                  await call('absences/choose', {
                    itemId,
                    action: 'move',
                    providerId: o.providerId,
                    locationId: o.locationId,
                    start: o.start,
                  });
                });
              }}
            >
              {o.when} — {o.providerName}
            </MenuItem>
          ))}
        </Menu>
      </DialogContent>
      <DialogActions>
        {absenceId === null ? (
          <>
            <Button onClick={props.onClose}>Close</Button>
            <Button
              variant="contained"
              disabled={busy || !preview.data}
              onClick={() => void create()}
            >
              Mark absent and propose
            </Button>
          </>
        ) : (
          <>
            {inReview && (
              <Button
                color="inherit"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await call('absences/discard', { absenceId });
                  })
                }
              >
                Discard proposals
              </Button>
            )}
            <Button onClick={props.onClose}>Close</Button>
            {inReview && (
              <Button
                variant="contained"
                disabled={busy || undecided > 0}
                onClick={() =>
                  void run(async () => {
                    await call('absences/accept', { absenceId });
                    desk.notify(
                      'Accepted: the visits are being moved and patients texted.',
                      'success',
                    );
                  })
                }
              >
                {undecided > 0
                  ? `${undecided} without a time`
                  : `Accept all (${a?.items.length ?? 0})`}
              </Button>
            )}
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
