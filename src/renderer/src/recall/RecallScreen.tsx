/**
 * The recall worklist: patients due (or soon due) for a recall, oldest due first, filtered by due
 * date, recall type and provider; those already booked for a completing visit are left out by the
 * engine. Each row offers the next step a receptionist takes on the phone: book (the booking
 * dialog opens with the patient and the recall's visit type chosen), add to the waitlist, note
 * that the patient was reached, or set the due date by hand.
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
import type { ApiOutput } from '../../../core/api/types';
import { formatPhone } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';

type WorklistItem = ApiOutput<'recalls/worklist'>['items'][number];

const STEP_LABELS: Record<string, string> = {
  before: 'Heads-up',
  due: 'Due notice',
  after: 'Overdue notice',
  call: 'Call',
};

const STATUS_WORDS: Record<string, string> = {
  sending: 'sending',
  sent: 'sent',
  failed: 'failed',
  skipped: 'skipped (no consent)',
  open: 'to call',
  done: 'called',
};

function outreachLabel(i: WorklistItem): string {
  if (!i.outreach) return 'No texts sent yet';
  const channel = i.outreach.channel === 'email' ? 'e-mail' : i.outreach.channel;
  const step = STEP_LABELS[i.outreach.step] ?? i.outreach.step;
  if (i.outreach.step === 'call') return `${step}: ${STATUS_WORDS[i.outreach.status] ?? ''}`;
  return `${step} by ${channel}: ${STATUS_WORDS[i.outreach.status] ?? i.outreach.status}`;
}

function dueLabel(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return d.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function RecallScreen() {
  const desk = useDesk();
  const [dueBy, setDueBy] = useState('');
  const [recallTypeId, setRecallTypeId] = useState<number | ''>('');
  const [providerId, setProviderId] = useState<number | ''>('');
  const types = useLiveQuery('recallTypes/list', {}, ['recalls', 'visitTypes']);
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const list = useLiveQuery(
    'recalls/worklist',
    {
      ...(dueBy ? { dueBy } : {}),
      ...(recallTypeId !== '' ? { recallTypeId } : {}),
      ...(providerId !== '' ? { providerId } : {}),
    },
    ['recalls', 'appointments', 'patients', 'waitlist', 'visitTypes'],
  );
  const [setting, setSetting] = useState<{ item: WorklistItem; date: string } | null>(null);
  const [contacting, setContacting] = useState<{ item: WorklistItem; note: string } | null>(null);
  const items = list.data?.items ?? [];

  async function run(what: () => Promise<unknown>, done: string) {
    try {
      await what();
      desk.notify(done, 'success');
      return true;
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
      return false;
    }
  }

  return (
    <Box sx={{ p: 2, maxWidth: 1280 }} component="section" aria-labelledby="recall-title">
      <Stack direction="row" spacing={1.5} alignItems="center" sx={{ mb: 1 }}>
        <Typography id="recall-title" variant="h5" component="h2" sx={{ fontWeight: 700 }}>
          Recall
        </Typography>
        <Box sx={{ flex: 1 }} />
        <TextField
          type="date"
          size="small"
          label="Due by"
          value={dueBy || list.data?.dueBy || ''}
          onChange={(e) => setDueBy(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          select
          size="small"
          label="Recall type"
          value={recallTypeId}
          onChange={(e) => setRecallTypeId(e.target.value === '' ? '' : Number(e.target.value))}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value="">All types</MenuItem>
          {(types.data ?? []).map((t) => (
            <MenuItem key={t.id} value={t.id}>
              {t.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Last seen by"
          value={providerId}
          onChange={(e) => setProviderId(e.target.value === '' ? '' : Number(e.target.value))}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value="">Any provider</MenuItem>
          {(providers.data ?? []).map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {p.displayName}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Typography color="text.secondary" sx={{ fontSize: 14, mb: 2 }}>
        Patients due for a recall, longest overdue first. Anyone already booked for it is left out;
        texts go out a month before, on the due date and a month after, then they appear here to
        call.
      </Typography>
      {list.error && <Alert severity="error">{list.error.message}</Alert>}
      {types.data && types.data.length === 0 && (
        <Alert severity="info" sx={{ mb: 2 }}>
          No recall types yet. Add them under Settings → Recall types (for example “Annual
          physical”, every 12 months).
        </Alert>
      )}
      {items.length > 0 && (
        <Table size="small" aria-label="Recall worklist">
          <TableHead>
            <TableRow>
              <TableCell>Patient</TableCell>
              <TableCell>Recall</TableCell>
              <TableCell>Due</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>Last visit</TableCell>
              <TableCell>Outreach</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((i) => (
              <TableRow key={i.recallId} hover aria-label={`${i.patientName}, ${i.recallTypeName}`}>
                <TableCell>
                  <Link
                    component="button"
                    onClick={() => desk.openPatient(i.patientId)}
                    sx={{ textAlign: 'left', whiteSpace: 'nowrap' }}
                  >
                    {i.patientName}
                  </Link>
                  <Typography sx={{ fontSize: 12, whiteSpace: 'nowrap' }} color="text.secondary">
                    {i.phone ? formatPhone(i.phone) : 'no phone'}
                  </Typography>
                </TableCell>
                <TableCell>{i.recallTypeName}</TableCell>
                <TableCell>
                  <Stack direction="row" spacing={0.5} alignItems="center">
                    <span>{dueLabel(i.dueDate)}</span>
                    {i.overdueDays > 0 && (
                      <Chip size="small" color="warning" label={`${i.overdueDays} d overdue`} />
                    )}
                    {i.manual && <Chip size="small" variant="outlined" label="set by hand" />}
                  </Stack>
                </TableCell>
                <TableCell>
                  {i.lastVisitDate ? dueLabel(i.lastVisitDate) : '—'}
                  {i.providerName && (
                    <Typography sx={{ fontSize: 12 }} color="text.secondary">
                      {i.providerName}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={0.5} alignItems="center">
                    {i.callOpen && <Chip size="small" color="error" label="Call" />}
                    <span>{outreachLabel(i)}</span>
                  </Stack>
                  {i.contacted && (
                    <Typography sx={{ fontSize: 12 }} color="text.secondary">
                      Reached {new Date(i.contacted).toLocaleDateString('en-US')}
                      {i.contactNote ? `: ${i.contactNote}` : ''}
                    </Typography>
                  )}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Button
                    size="small"
                    variant="contained"
                    onClick={() =>
                      desk.openBooking({ patientId: i.patientId, visitTypeId: i.visitTypeId })
                    }
                  >
                    Book
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      void run(
                        () =>
                          call('waitlist/add', {
                            patientId: i.patientId,
                            visitTypeId: i.visitTypeId,
                            note: `recall: ${i.recallTypeName}`,
                          }),
                        `${i.patientName} is on the waitlist for ${i.visitTypeName}.`,
                      )
                    }
                  >
                    Waitlist
                  </Button>
                  <Button size="small" onClick={() => setContacting({ item: i, note: '' })}>
                    Contacted
                  </Button>
                  <Button size="small" onClick={() => setSetting({ item: i, date: i.dueDate })}>
                    Set due
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {list.data && items.length === 0 && types.data && types.data.length > 0 && (
        <Alert severity="success">Nobody due by {dueLabel(list.data.dueBy)} is left to book.</Alert>
      )}

      <Dialog open={setting !== null} onClose={() => setSetting(null)}>
        <DialogTitle>Set the due date</DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 2, fontSize: 14 }}>
            {setting?.item.patientName}, {setting?.item.recallTypeName}. A date set by hand stays
            when a visit is completed later.
          </Typography>
          <TextField
            type="date"
            label="Due date"
            value={setting?.date ?? ''}
            onChange={(e) => setSetting((s) => (s ? { ...s, date: e.target.value } : s))}
            slotProps={{ inputLabel: { shrink: true } }}
            autoFocus
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setSetting(null)}>Cancel</Button>
          <Button
            variant="contained"
            onClick={async () => {
              if (!setting) return;
              const ok = await run(
                () =>
                  call('recalls/setDue', {
                    patientId: setting.item.patientId,
                    recallTypeId: setting.item.recallTypeId,
                    dueDate: setting.date,
                  }),
                `${setting.item.patientName}: due ${dueLabel(setting.date)}.`,
              );
              if (ok) setSetting(null);
            }}
          >
            Save
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog open={contacting !== null} onClose={() => setContacting(null)}>
        <DialogTitle>Patient reached</DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 2, fontSize: 14 }}>
            {contacting?.item.patientName}: no texts for two weeks, and the call task closes.
          </Typography>
          <TextField
            label="Note (optional)"
            fullWidth
            value={contacting?.note ?? ''}
            onChange={(e) => setContacting((c) => (c ? { ...c, note: e.target.value } : c))}
            autoFocus
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setContacting(null)}>Cancel</Button>
          <Button
            variant="contained"
            onClick={async () => {
              if (!contacting) return;
              const note = contacting.note.trim();
              const ok = await run(
                () =>
                  call('recalls/markContacted', {
                    recallId: contacting.item.recallId,
                    ...(note ? { note } : {}),
                  }),
                `${contacting.item.patientName}: noted as reached.`,
              );
              if (ok) setContacting(null);
            }}
          >
            Save
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
