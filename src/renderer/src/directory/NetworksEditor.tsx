/**
 * The plans a provider is in network for, each with the contract's dates. Saved as a whole list
 * (providers/setNetworks replaces it), so a contract that ended is given an "until" date rather
 * than deleted: bookings made while it ran still read as in network.
 */
import { useId, useMemo, useState } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  IconButton,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import type { ApiOutput } from '../../../core/api/types';
import { PayerPlanDialog } from './PayerPlanDialog';

type Provider = ApiOutput<'providers/list'>[number];
type Plan = ApiOutput<'plans/list'>[number];

interface NetworkRow {
  /** React's key: rows move when one above is removed. */
  key: number;
  planId: number | null;
  effectiveFrom: string;
  effectiveTo: string;
}
type RowField = 'planId' | 'effectiveFrom' | 'effectiveTo';
/** "2.effectiveFrom" → message; the API's "networks.2.effectiveFrom" without its prefix. */
type RowErrors = Record<string, string>;

let nextKey = 1;

function rowsOf(p: Provider): NetworkRow[] {
  return p.networks.map((n) => ({
    key: nextKey++,
    planId: n.planId,
    effectiveFrom: n.effectiveFrom,
    effectiveTo: n.effectiveTo ?? '',
  }));
}

/** What can be told before asking the API: a plan and a start date on every row. */
function missingParts(rows: readonly NetworkRow[]): RowErrors {
  const errors: RowErrors = {};
  rows.forEach((r, i) => {
    if (r.planId === null) errors[`${i}.planId`] = 'Choose the plan.';
    if (r.effectiveFrom === '') errors[`${i}.effectiveFrom`] = 'Give the date the contract starts.';
  });
  return errors;
}

export function NetworksEditor({ provider }: { provider: Provider }) {
  const desk = useDesk();
  const formId = useId();
  const plans = useLiveQuery('plans/list', {}, ['insurance']);
  const [rows, setRows] = useState<NetworkRow[]>(() => rowsOf(provider));
  const [errors, setErrors] = useState<RowErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  /** The row whose "New payer or plan" was pressed; its plan is set to the one created. */
  const [addingPlanFor, setAddingPlanFor] = useState<number | null>(null);

  const options = useMemo(
    () =>
      [...(plans.data ?? [])].sort(
        (a, b) => a.payerName.localeCompare(b.payerName) || a.name.localeCompare(b.name),
      ),
    [plans.data],
  );
  const fieldId = (i: number, f: RowField) => `${formId}-${i}-${f}`;

  const change = (i: number, patch: Partial<Omit<NetworkRow, 'key'>>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setErrors((e) => {
      const next = { ...e };
      for (const f of Object.keys(patch)) delete next[`${i}.${f}`];
      return next;
    });
    setDirty(true);
  };
  // Row numbers shift when a row is added or removed: old errors would point at the wrong row.
  const reshape = (next: NetworkRow[]) => {
    setRows(next);
    setErrors({});
    setDirty(true);
  };
  const addRow = (planId: number | null = null) =>
    reshape([...rows, { key: nextKey++, planId, effectiveFrom: '', effectiveTo: '' }]);

  async function save() {
    if (busy) return;
    setGeneral(null);
    const missing = missingParts(rows);
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      const [first] = Object.keys(missing);
      const [i, f] = first!.split('.');
      document.getElementById(fieldId(Number(i), f as RowField))?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await call('providers/setNetworks', {
        providerId: provider.id,
        networks: rows.map((r) => ({
          planId: r.planId!,
          effectiveFrom: r.effectiveFrom,
          effectiveTo: r.effectiveTo === '' ? null : r.effectiveTo,
        })),
      });
      setDirty(false);
      desk.notify(`Saved ${provider.displayName}'s networks.`, 'success');
    } catch (err) {
      const e = asApiError(err);
      const m = /^networks\.(\d+)\.(planId|effectiveFrom|effectiveTo)$/.exec(e.field ?? '');
      if (m) {
        setErrors({ [`${m[1]}.${m[2]}`]: fieldMessage(e) });
        document.getElementById(fieldId(Number(m[1]), m[2] as RowField))?.focus();
      } else setGeneral(e.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box component="section" aria-labelledby={`${formId}-title`} sx={{ mt: 2 }}>
      <Stack direction="row" alignItems="baseline" spacing={1} sx={{ mb: 1 }}>
        <Typography
          id={`${formId}-title`}
          variant="subtitle1"
          component="h3"
          sx={{ fontWeight: 600, flex: 1 }}
        >
          Insurance networks
        </Typography>
        <Button size="small" onClick={() => setAddingPlanFor(-1)}>
          New payer or plan
        </Button>
        <Button size="small" onClick={() => addRow()}>
          Add network
        </Button>
      </Stack>
      {plans.error && <Alert severity="error">{plans.error.message}</Alert>}
      {rows.length === 0 && (
        <Typography color="text.secondary" sx={{ fontSize: 14 }}>
          Not in any network yet: best-match booking treats this provider as out of network for
          every insured patient.
        </Typography>
      )}
      <Stack spacing={1.5} component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {rows.map((r, i) => {
          const err = (f: RowField) => errors[`${i}.${f}`];
          const plan = options.find((p) => p.id === r.planId) ?? null;
          const name = plan?.displayName ?? `network ${i + 1}`;
          return (
            <Stack
              key={r.key}
              component="li"
              direction="row"
              spacing={1}
              alignItems="flex-start"
              aria-label={`Network ${i + 1}`}
              data-testid="network-row"
            >
              <Autocomplete<Plan>
                id={fieldId(i, 'planId')}
                options={options}
                groupBy={(p) => p.payerName}
                getOptionLabel={(p) => p.displayName}
                isOptionEqualToValue={(a, b) => a.id === b.id}
                value={plan}
                onChange={(_e, p) => change(i, { planId: p?.id ?? null })}
                loading={plans.loading}
                noOptionsText={
                  <Button size="small" onClick={() => setAddingPlanFor(i)}>
                    Not listed: add a payer or plan
                  </Button>
                }
                sx={{ flex: 1, minWidth: 0 }}
                renderInput={(params) => (
                  <TextField
                    {...params}
                    size="small"
                    label={`Plan ${i + 1}`}
                    placeholder="Payer or plan"
                    error={!!err('planId')}
                    helperText={err('planId')}
                  />
                )}
              />
              <TextField
                id={fieldId(i, 'effectiveFrom')}
                size="small"
                type="date"
                label={`Plan ${i + 1} from`}
                value={r.effectiveFrom}
                onChange={(e) => change(i, { effectiveFrom: e.target.value })}
                error={!!err('effectiveFrom')}
                helperText={err('effectiveFrom')}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ width: 172, flexShrink: 0 }}
              />
              <TextField
                id={fieldId(i, 'effectiveTo')}
                size="small"
                type="date"
                label={`Plan ${i + 1} until`}
                value={r.effectiveTo}
                onChange={(e) => change(i, { effectiveTo: e.target.value })}
                error={!!err('effectiveTo')}
                helperText={err('effectiveTo') ?? 'Blank: no end date'}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ width: 172, flexShrink: 0 }}
              />
              <IconButton
                aria-label={`Remove ${name}`}
                onClick={() => reshape(rows.filter((_r, j) => j !== i))}
                sx={{ mt: 0.5 }}
              >
                ×
              </IconButton>
            </Stack>
          );
        })}
      </Stack>
      {general && (
        <Alert severity="error" sx={{ mt: 1 }} onClose={() => setGeneral(null)}>
          {general}
        </Alert>
      )}
      <Stack direction="row" justifyContent="flex-end" spacing={1} sx={{ mt: 1 }}>
        {dirty && (
          <Button
            onClick={() => {
              setRows(rowsOf(provider));
              setErrors({});
              setDirty(false);
            }}
          >
            Undo changes
          </Button>
        )}
        <Button variant="contained" disabled={busy || !dirty} onClick={() => void save()}>
          Save networks
        </Button>
      </Stack>
      {addingPlanFor !== null && (
        <PayerPlanDialog
          onClose={() => setAddingPlanFor(null)}
          onCreated={(plan) => {
            plans.reload();
            if (addingPlanFor !== null && addingPlanFor >= 0 && addingPlanFor < rows.length)
              change(addingPlanFor, { planId: plan.id });
            else addRow(plan.id);
            setAddingPlanFor(null);
          }}
        />
      )}
    </Box>
  );
}
