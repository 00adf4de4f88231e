/**
 * Which visit types a provider offers. By default every visit type open to their specialty (and
 * any added later); unticking one narrows the list, e.g. a family doctor who does not do
 * procedures keeps "Follow-up" but not "Skin biopsy".
 */
import { useId, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  Stack,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import type { ApiOutput } from '../../../core/api/types';

type Provider = ApiOutput<'providers/list'>[number];

export function VisitTypesOffered({ provider }: { provider: Provider }) {
  const desk = useDesk();
  const titleId = useId();
  const visitTypes = useLiveQuery('visitTypes/list', {}, ['visitTypes']);
  const open = useMemo(
    () =>
      (visitTypes.data ?? []).filter(
        (v) => v.specialties.length === 0 || v.specialties.includes(provider.taxonomyCode),
      ),
    [visitTypes.data, provider.taxonomyCode],
  );
  /** null = as saved; the saved null means "all of the specialty's". */
  const [chosen, setChosen] = useState<Set<number> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const saved = useMemo(
    () => new Set(provider.visitTypeIds ?? open.map((v) => v.id)),
    [provider.visitTypeIds, open],
  );
  const ticked = chosen ?? saved;
  const allTicked = open.every((v) => ticked.has(v.id));

  const toggle = (id: number) => {
    const next = new Set(ticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
    setProblem(null);
  };

  async function save() {
    const ids = open.filter((v) => ticked.has(v.id)).map((v) => v.id);
    if (ids.length === 0) {
      setProblem('Tick one visit type at least: a provider offering none could never be booked.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      // All ticked is saved as "all of the specialty's", so a visit type added later is offered too.
      await call('providers/setVisitTypes', {
        providerId: provider.id,
        visitTypeIds: allTicked ? [] : ids,
      });
      setChosen(null);
      desk.notify(`Saved the visit types ${provider.displayName} offers.`, 'success');
    } catch (err) {
      setProblem(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box component="section" aria-labelledby={titleId} sx={{ mt: 2 }}>
      <Typography id={titleId} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        Visit types offered
      </Typography>
      <Typography color="text.secondary" sx={{ fontSize: 13, mb: 0.5 }}>
        {provider.visitTypeIds === null
          ? `All of ${provider.specialtyName}'s visit types, including any added later.`
          : 'Only the ticked visit types.'}
      </Typography>
      {visitTypes.error && <Alert severity="error">{visitTypes.error.message}</Alert>}
      {visitTypes.data && open.length === 0 && (
        <Typography color="text.secondary" sx={{ fontSize: 14 }}>
          No visit type is open to {provider.specialtyName} yet.
        </Typography>
      )}
      <FormGroup role="group" aria-labelledby={titleId}>
        {open.map((v) => (
          <FormControlLabel
            key={v.id}
            control={
              <Checkbox size="small" checked={ticked.has(v.id)} onChange={() => toggle(v.id)} />
            }
            label={`${v.name} (${v.durationMinutes} min${v.cptCode ? `, CPT ${v.cptCode}` : ''})`}
          />
        ))}
      </FormGroup>
      {problem && <FormHelperText error>{problem}</FormHelperText>}
      <Stack direction="row" justifyContent="flex-end" spacing={1}>
        {chosen && <Button onClick={() => setChosen(null)}>Undo changes</Button>}
        <Button variant="contained" disabled={busy || chosen === null} onClick={() => void save()}>
          Save visit types
        </Button>
      </Stack>
    </Box>
  );
}
