/**
 * Settings → Recall types: what patients are brought back for (annual physical every 12 months,
 * diabetes follow-up every 3), which visit types complete each, and the ages it applies to. Saved
 * with the version the form was opened at (EditRecordDialog): a save over someone else's change
 * is refused, their values are shown beside what was typed, and nothing typed is lost.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Chip,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import { EditRecordDialog } from './EditRecordDialog';
import { numOrNull, str, type FieldSpec, type FormValues } from './RecordForm';

type RecallType = ApiOutput<'recallTypes/list'>[number];

function recallFields(visitTypes: { id: number; name: string }[]): FieldSpec[] {
  return [
    { key: 'name', label: 'Name', width: 300, required: true, help: 'e.g. Annual physical' },
    { key: 'intervalMonths', label: 'Every (months)', kind: 'number', width: 160, required: true },
    {
      key: 'visitTypeIds',
      label: 'Completed by visit types',
      kind: 'multiselect',
      options: visitTypes.map((v) => ({ value: String(v.id), label: v.name })),
      width: 476,
      required: true,
      help: 'The first one chosen is the one "Book" offers.',
    },
    {
      key: 'minAgeYears',
      label: 'From age',
      kind: 'number',
      width: 230,
      help: 'Empty: no lower limit',
    },
    {
      key: 'maxAgeYears',
      label: 'Up to age',
      kind: 'number',
      width: 230,
      help: 'Empty: no upper limit',
    },
  ];
}

const recallValues = (record: object): FormValues => {
  const t = record as Record<string, unknown>;
  return {
    name: str(t.name),
    intervalMonths: str(t.intervalMonths ?? 12),
    visitTypeIds: ((t.visitTypeIds as number[] | undefined) ?? []).join(','),
    minAgeYears: str(t.minAgeYears),
    maxAgeYears: str(t.maxAgeYears),
  };
};

const recallInput = (v: FormValues) => ({
  name: v.name ?? '',
  intervalMonths: Number(v.intervalMonths),
  visitTypeIds: (v.visitTypeIds ?? '').split(',').filter(Boolean).map(Number),
  minAgeYears: numOrNull(v.minAgeYears),
  maxAgeYears: numOrNull(v.maxAgeYears),
});

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
  const vtName = (id: number) => visitTypes.data?.find((v) => v.id === id)?.name ?? `#${id}`;
  const open = (t: RecallType | 'new') => setEditing(t);

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
      {editing !== null && (
        <EditRecordDialog
          title={editing === 'new' ? 'Add recall type' : `Edit ${editing.name}`}
          maxWidth="sm"
          onClose={() => setEditing(null)}
          label="Recall type"
          fields={recallFields(visitTypes.data ?? [])}
          initial={recallValues(editing === 'new' ? {} : editing)}
          toValues={recallValues}
          version={editing === 'new' ? 1 : editing.version}
          save={async (v, version) => {
            const saved =
              editing === 'new'
                ? await call('recallTypes/create', recallInput(v))
                : await call('recallTypes/update', { id: editing.id, version, ...recallInput(v) });
            desk.notify(`Saved ${saved.name}.`, 'success');
          }}
          onSaved={() => setEditing(null)}
        />
      )}
    </Paper>
  );
}
