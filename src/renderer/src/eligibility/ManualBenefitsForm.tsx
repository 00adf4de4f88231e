/**
 * Benefits read off the phone or the payer's portal, typed in when there is no clearinghouse or
 * it failed. Saved as "entered by hand", so nobody later mistakes them for the payer's own answer.
 */
import { useId, useState } from 'react';
import { Alert, Box, Button, MenuItem, Stack, TextField, type Theme } from '@mui/material';
import { call } from '../api/client';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import {
  BLANK_MANUAL,
  manualBenefitsInput,
  manualFieldOf,
  type ManualField,
  type ManualForm,
} from './format';
import type { CheckView } from './BenefitsCard';

/** The patient panel can sit above the booking dialog; its menus must open above both. */
const ABOVE_PANEL = { zIndex: (t: Theme) => t.zIndex.modal + 2 };

export function ManualBenefitsForm(props: {
  patientId: number;
  coverageId: number;
  appointmentId?: number;
  /** Pre-filled plan name (the plan on file). */
  planName?: string | null;
  onSaved(check: CheckView): void;
  onCancel(): void;
}) {
  const formId = useId();
  const [form, setForm] = useState<ManualForm>({ ...BLANK_MANUAL, planName: props.planName ?? '' });
  const [errors, setErrors] = useState<Partial<Record<ManualField, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = (key: ManualField) => `${formId}-${key}`;

  const change = <K extends ManualField>(key: K, value: ManualForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function save() {
    if (busy) return;
    setGeneral(null);
    const read = manualBenefitsInput(form);
    if (!read.ok) {
      setErrors(read.errors);
      const first = Object.keys(read.errors)[0] as ManualField;
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const saved = await call('eligibility/enterManual', {
        patientId: props.patientId,
        coverageId: props.coverageId,
        ...(props.appointmentId !== undefined ? { appointmentId: props.appointmentId } : {}),
        benefits: read.benefits,
      });
      props.onSaved(saved);
    } catch (err) {
      const e = asApiError(err);
      const key = manualFieldOf(e.field);
      if (key) {
        setErrors({ [key]: fieldMessage(e) });
        document.getElementById(fieldId(key))?.focus();
      } else setGeneral(e.message);
    } finally {
      setBusy(false);
    }
  }

  const text = (key: ManualField, label: string, extra: { adornment?: string } = {}) => (
    <TextField
      id={fieldId(key)}
      size="small"
      label={label}
      value={form[key]}
      onChange={(e) => change(key, e.target.value as ManualForm[typeof key])}
      error={!!errors[key]}
      helperText={errors[key]}
      placeholder={extra.adornment}
      sx={{ flex: 1 }}
      slotProps={{
        htmlInput: { inputMode: key === 'planName' || key === 'note' ? 'text' : 'decimal' },
      }}
    />
  );

  return (
    <Box
      component="form"
      aria-label="Enter benefits by hand"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      sx={{ mt: 1, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}
    >
      <Stack spacing={1.5}>
        <Stack direction="row" spacing={1}>
          <TextField
            id={fieldId('coverage')}
            select
            size="small"
            label="Coverage"
            value={form.coverage}
            onChange={(e) => change('coverage', e.target.value as ManualForm['coverage'])}
            sx={{ flex: 1 }}
            slotProps={{ select: { MenuProps: { sx: ABOVE_PANEL } } }}
          >
            <MenuItem value="active">Active</MenuItem>
            <MenuItem value="inactive">Inactive</MenuItem>
          </TextField>
          <TextField
            id={fieldId('network')}
            select
            size="small"
            label="Network"
            value={form.network}
            onChange={(e) => change('network', e.target.value as ManualForm['network'])}
            sx={{ flex: 1 }}
            slotProps={{ select: { MenuProps: { sx: ABOVE_PANEL } } }}
          >
            <MenuItem value="in">In network</MenuItem>
            <MenuItem value="out">Out of network</MenuItem>
          </TextField>
        </Stack>
        {text('planName', 'Plan name')}
        <Stack direction="row" spacing={1}>
          {text('copay', 'Office visit copay ($)', { adornment: '25.00' })}
          {text('coinsurancePercent', 'Coinsurance (%)', { adornment: '20' })}
        </Stack>
        <Stack direction="row" spacing={1}>
          {text('deductibleTotal', 'Deductible ($)')}
          {text('deductibleRemaining', 'Deductible remaining ($)')}
        </Stack>
        <Stack direction="row" spacing={1}>
          {text('outOfPocketTotal', 'Out-of-pocket max ($)')}
          {text('outOfPocketRemaining', 'Out-of-pocket remaining ($)')}
        </Stack>
        {text('note', 'Note (who you spoke to, reference number)')}
        {general && (
          <Alert severity="error" role="alert">
            {general}
          </Alert>
        )}
        <Stack direction="row" spacing={1} justifyContent="flex-end">
          <Button onClick={props.onCancel}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>
            Save benefits
          </Button>
        </Stack>
      </Stack>
    </Box>
  );
}
