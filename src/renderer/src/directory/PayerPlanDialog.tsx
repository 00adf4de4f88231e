/**
 * "The plan isn't in the list": add it on the spot, under an existing payer or a new one, while
 * entering a provider's networks from the contract on the desk.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { call } from '../api/client';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import type { ApiOutput } from '../../../core/api/types';
import {
  DEFAULT_PLAN_PRODUCT_TYPE,
  PLAN_PRODUCT_TYPES,
  type PlanProductType,
} from '../../../shared/insurance';

type Plan = ApiOutput<'plans/create'>;

const NEW_PAYER = 'new';

interface Form {
  /** A payer's id, or NEW_PAYER. */
  payer: string;
  payerName: string;
  clearinghousePayerId: string;
  planName: string;
  productType: PlanProductType;
}
type Key = keyof Form;

const blank: Form = {
  payer: NEW_PAYER,
  payerName: '',
  clearinghousePayerId: '',
  planName: '',
  productType: DEFAULT_PLAN_PRODUCT_TYPE,
};

/** Mount it only while open: each opening starts from a blank form. */
export function PayerPlanDialog(props: { onClose(): void; onCreated(plan: Plan): void }) {
  const payers = useLiveQuery('payers/list', {}, ['insurance']);
  const [form, setForm] = useState<Form>(blank);
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends Key>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function create() {
    if (busy) return;
    const missing: Partial<Record<Key, string>> = {};
    if (form.payer === NEW_PAYER && form.payerName.trim() === '')
      missing.payerName = 'Give the payer’s name, e.g. Aetna.';
    if (form.planName.trim() === '') missing.planName = 'Give the plan’s name, e.g. Choice POS II.';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    setGeneral(null);
    let stage: 'payer' | 'plan' = 'payer';
    try {
      let payerId = Number(form.payer);
      if (form.payer === NEW_PAYER) {
        const payer = await call('payers/create', {
          name: form.payerName.trim(),
          ...(form.clearinghousePayerId.trim()
            ? { clearinghousePayerId: form.clearinghousePayerId.trim() }
            : {}),
        });
        payerId = payer.id;
        // Should the plan be refused, a second try must not add the payer twice.
        setForm((f) => ({ ...f, payer: String(payer.id) }));
      }
      stage = 'plan';
      const plan = await call('plans/create', {
        payerId,
        name: form.planName.trim(),
        productType: form.productType,
      });
      props.onCreated(plan);
    } catch (err) {
      const e = asApiError(err);
      const key: Key | null =
        stage === 'payer'
          ? e.field === 'name'
            ? 'payerName'
            : e.field === 'clearinghousePayerId'
              ? 'clearinghousePayerId'
              : null
          : e.field === 'name'
            ? 'planName'
            : e.field === 'productType'
              ? 'productType'
              : null;
      if (key) setErrors({ [key]: fieldMessage(e) });
      else setGeneral(e.message);
    } finally {
      setBusy(false);
    }
  }

  const newPayer = form.payer === NEW_PAYER;
  return (
    <Dialog open onClose={props.onClose} aria-labelledby="payer-plan-title" fullWidth maxWidth="sm">
      <DialogTitle id="payer-plan-title">New payer or plan</DialogTitle>
      <DialogContent>
        <Stack
          component="form"
          spacing={2}
          sx={{ pt: 1 }}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <TextField
            select
            size="small"
            label="Payer"
            value={form.payer}
            onChange={(e) => set('payer', e.target.value)}
          >
            <MenuItem value={NEW_PAYER}>New payer…</MenuItem>
            {(payers.data ?? []).map((p) => (
              <MenuItem key={p.id} value={String(p.id)}>
                {p.name}
              </MenuItem>
            ))}
          </TextField>
          {newPayer && (
            <Stack direction="row" spacing={1}>
              <TextField
                size="small"
                label="Payer name"
                value={form.payerName}
                onChange={(e) => set('payerName', e.target.value)}
                error={!!errors.payerName}
                helperText={errors.payerName}
                autoFocus
                sx={{ flex: 2 }}
              />
              <TextField
                size="small"
                label="Clearinghouse payer ID"
                value={form.clearinghousePayerId}
                onChange={(e) => set('clearinghousePayerId', e.target.value)}
                error={!!errors.clearinghousePayerId}
                helperText={errors.clearinghousePayerId ?? 'Optional; needed to verify eligibility'}
                sx={{ flex: 1 }}
              />
            </Stack>
          )}
          <Stack direction="row" spacing={1}>
            <TextField
              size="small"
              label="Plan name"
              value={form.planName}
              onChange={(e) => set('planName', e.target.value)}
              error={!!errors.planName}
              helperText={errors.planName ?? 'As on the card, e.g. Choice POS II'}
              sx={{ flex: 2 }}
            />
            <TextField
              select
              size="small"
              label="Product type"
              value={form.productType}
              onChange={(e) => set('productType', e.target.value as PlanProductType)}
              error={!!errors.productType}
              helperText={errors.productType}
              sx={{ flex: 1 }}
            >
              {PLAN_PRODUCT_TYPES.map((t) => (
                <MenuItem key={t} value={t}>
                  {t}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          {general && <Alert severity="error">{general}</Alert>}
          {/* Enter in a field submits. */}
          <button type="submit" hidden />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" disabled={busy} onClick={() => void create()}>
          Add plan
        </Button>
      </DialogActions>
    </Dialog>
  );
}
