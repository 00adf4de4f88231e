/**
 * Settings → Recall types: what patients are brought back for (annual physical every 12 months,
 * diabetes follow-up every 3), which visit types complete each, and the ages it applies to. Saved
 * with the version the form was opened at; a save over someone else's change is refused with the
 * engine's message and the form keeps what was typed.
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
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';

type RecallType = ApiOutput<'recallTypes/list'>[number];

interface Draft {
  name: string;
  intervalMonths: string;
  visitTypeIds: number[];
  minAgeYears: string;
  maxAgeYears: string;
}

const draftOf = (t: RecallType | null): Draft => ({
  name: t?.name ?? '',
  intervalMonths: t ? String(t.intervalMonths) : '12',
  visitTypeIds: t?.visitTypeIds ?? [],
  minAgeYears: t?.minAgeYears == null ? '' : String(t.minAgeYears),
  maxAgeYears: t?.maxAgeYears == null ? '' : String(t.maxAgeYears),
});

const ageOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

function agesLabel(t: RecallType): string {
  if (t.minAgeYears === null && t.maxAgeYears === null) return 'All ages';
  if (t.maxAgeYears === null) return `${t.minAgeYears} and over`;
  if (t.minAgeYears === null) return `Up to ${t.maxAgeYears}`;
  return `${t.minAgeYears}–${t.maxAgeYears}`;
}

export function RecallTypes() {
  const desk = useDesk();
  const list = useLiveQuery('recallTypes/list', { includeRetired: true }, [
    'recalls',
    'visitTypes',
  ]);
  const visitTypes = useLiveQuery('visitTypes/list', {}, ['visitTypes']);
  const [editing, setEditing] = useState<RecallType | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(draftOf(null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const vtName = (id: number) => visitTypes.data?.find((v) => v.id === id)?.name ?? `#${id}`;

  function open(t: RecallType | 'new') {
    setEditing(t);
    setDraft(draftOf(t === 'new' ? null : t));
    setErrors({});
    setGeneral(null);
  }

  async function save() {
    if (editing === null) return;
    const input = {
      name: draft.name,
      intervalMonths: Number(draft.intervalMonths),
      visitTypeIds: draft.visitTypeIds,
      minAgeYears: ageOrNull(draft.minAgeYears),
      maxAgeYears: ageOrNull(draft.maxAgeYears),
    };
    try {
      const saved =
        editing === 'new'
          ? await call('recallTypes/create', input)
          : await call('recallTypes/update', {
              id: editing.id,
              version: editing.version,
              ...input,
            });
      desk.notify(`Saved ${saved.name}.`, 'success');
      setEditing(null);
    } catch (err) {
      const e = asApiError(err);
      const field = e.field?.split('.')[0];
      if (field && field in draft) setErrors({ [field]: e.message });
      else setGeneral(e.message);
    }
  }

  async function setActive(t: RecallType, active: boolean) {
    try {
      await call(active ? 'recallTypes/restore' : 'recallTypes/retire', {
        id: t.id,
        version: t.version,
      });
      desk.notify(
        active ? `${t.name} is in use again.` : `${t.name} is retired; due dates are kept.`,
        'success',
      );
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    }
  }

  const rows = list.data ?? [];
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ mb: 1, justifyContent: 'space-between' }}>
        <Typography variant="h6" component="h3">
          Recall types
        </Typography>
        <Button variant="outlined" onClick={() => open('new')}>
          Add recall type
        </Button>
      </Stack>
      <Typography color="text.secondary" sx={{ fontSize: 14, mb: 1 }}>
        When a visit of a completing type is marked completed, the patient is due again after the
        interval. A due date set by hand on the Recall screen is kept.
      </Typography>
      {list.error && <Alert severity="error">{list.error.message}</Alert>}
      <Table size="small" aria-label="Recall types">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Every</TableCell>
            <TableCell>Completed by</TableCell>
            <TableCell>Ages</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((t) => (
            <TableRow key={t.id}>
              <TableCell>{t.name}</TableCell>
              <TableCell>
                {t.intervalMonths} {t.intervalMonths === 1 ? 'month' : 'months'}
              </TableCell>
              <TableCell>{t.visitTypeIds.map(vtName).join(', ')}</TableCell>
              <TableCell>{agesLabel(t)}</TableCell>
              <TableCell>{t.active ? 'In use' : <Chip size="small" label="Retired" />}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <Button size="small" onClick={() => open(t)} aria-label={`Edit ${t.name}`}>
                  Edit
                </Button>
                {t.active ? (
                  <Button size="small" color="warning" onClick={() => void setActive(t, false)}>
                    Retire
                  </Button>
                ) : (
                  <Button size="small" onClick={() => void setActive(t, true)}>
                    Use again
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {list.data && rows.length === 0 && (
        <Alert severity="info" sx={{ mt: 1 }}>
          No recall types yet.
        </Alert>
      )}
      <Dialog open={editing !== null} onClose={() => setEditing(null)} maxWidth="sm" fullWidth>
        <DialogTitle>
          {editing === 'new' ? 'Add recall type' : `Edit ${editing?.name ?? ''}`}
        </DialogTitle>
        <DialogContent sx={{ pt: '8px !important' }}>
          <Stack spacing={2}>
            {general && <Alert severity="error">{general}</Alert>}
            <TextField
              label="Name"
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              error={Boolean(errors.name)}
              helperText={errors.name ?? 'e.g. Annual physical'}
              autoFocus
            />
            <TextField
              label="Every (months)"
              type="number"
              value={draft.intervalMonths}
              onChange={(e) => setDraft({ ...draft, intervalMonths: e.target.value })}
              error={Boolean(errors.intervalMonths)}
              helperText={errors.intervalMonths ?? ' '}
              sx={{ maxWidth: 200 }}
            />
            <TextField
              select
              label="Completed by visit types"
              value={draft.visitTypeIds}
              onChange={(e) => {
                const v = e.target.value as unknown as number[] | string;
                setDraft({
                  ...draft,
                  visitTypeIds: typeof v === 'string' ? v.split(',').map(Number) : v,
                });
              }}
              slotProps={{
                select: {
                  multiple: true,
                  renderValue: (v) => (v as number[]).map(vtName).join(', '),
                },
              }}
              error={Boolean(errors.visitTypeIds)}
              helperText={errors.visitTypeIds ?? 'The first one chosen is the one "Book" offers.'}
            >
              {(visitTypes.data ?? []).map((v) => (
                <MenuItem key={v.id} value={v.id}>
                  {v.name}
                </MenuItem>
              ))}
            </TextField>
            <Stack direction="row" spacing={2}>
              <TextField
                label="From age"
                type="number"
                value={draft.minAgeYears}
                onChange={(e) => setDraft({ ...draft, minAgeYears: e.target.value })}
                error={Boolean(errors.minAgeYears)}
                helperText={errors.minAgeYears ?? 'Empty: no lower limit'}
              />
              <TextField
                label="Up to age"
                type="number"
                value={draft.maxAgeYears}
                onChange={(e) => setDraft({ ...draft, maxAgeYears: e.target.value })}
                error={Boolean(errors.maxAgeYears)}
                helperText={errors.maxAgeYears ?? 'Empty: no upper limit'}
              />
            </Stack>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setEditing(null)}>Cancel</Button>
          <Button variant="contained" onClick={() => void save()}>
            Save
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}
