/**
 * The patient's details as a form: name, birth date, contact, and what they agreed to be reached
 * by. Changes saved at another desk show up here unless this desk is in the middle of an edit.
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { ApiError, call } from '../api/client';
import { messageForField } from '../booking/format';
import { SELECT_ABOVE_PANEL } from './layers';
import {
  formOf,
  languageChoices,
  updateInput,
  type PatientForm,
  type PatientRecord,
  type TextKey,
} from './patientForm';

export function PatientDetailsForm(props: {
  patient: PatientRecord;
  /** Told after a save, e.g. "Saved Ada Lovelace's record." */
  onSaved(message: string): void;
}) {
  const p = props.patient;
  const fieldId = useId();
  const [form, setForm] = useState<PatientForm>(() => formOf(p));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<keyof PatientForm, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // Changes made elsewhere show up unless this desk is in the middle of an edit. Only a new
  // record does this, not the end of an edit: right after a save the cached record is still the
  // old one until it reloads, and must not overwrite what was just saved.
  const dirtyNow = useRef(dirty);
  dirtyNow.current = dirty;
  useEffect(() => {
    if (!dirtyNow.current) setForm(formOf(p));
  }, [p]);

  const change = <K extends keyof PatientForm>(key: K, value: PatientForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setDirty(true);
  };

  async function save() {
    setSaving(true);
    setGeneral(null);
    setErrors({});
    try {
      const saved = await call('patients/update', updateInput(p.id, form));
      setForm(formOf({ ...p, ...saved }));
      setDirty(false);
      props.onSaved(`Saved ${saved.firstName} ${saved.lastName}'s record.`);
    } catch (err) {
      const e =
        err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) });
      const key = e.field as keyof PatientForm | undefined;
      if (key && key in form) {
        setErrors({ [key]: messageForField(e.message, e.field) });
        document.getElementById(`${fieldId}-${key}`)?.focus();
      } else {
        setGeneral(e.message);
      }
    } finally {
      setSaving(false);
    }
  }

  const text = (
    key: TextKey,
    label: string,
    extra: { type?: string; width?: number | string } = {},
  ) => (
    <TextField
      id={`${fieldId}-${key}`}
      size="small"
      label={label}
      type={extra.type ?? 'text'}
      value={form[key]}
      onChange={(e) => change(key, e.target.value)}
      error={!!errors[key]}
      helperText={errors[key]}
      sx={{ flex: extra.width ? 'none' : 1, width: extra.width }}
      slotProps={extra.type === 'date' ? { inputLabel: { shrink: true } } : undefined}
    />
  );
  const consent = (key: 'smsConsent' | 'emailConsent' | 'voiceConsent', label: string) => (
    <FormControlLabel
      control={<Checkbox checked={form[key]} onChange={(e) => change(key, e.target.checked)} />}
      label={label}
    />
  );

  return (
    <Box
      component="form"
      aria-label="Patient details"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      sx={{ mt: 2 }}
    >
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
        Details
      </Typography>
      <Stack spacing={1.5}>
        <Stack direction="row" spacing={1}>
          {text('firstName', 'First name')}
          {text('lastName', 'Last name')}
        </Stack>
        <Stack direction="row" spacing={1}>
          {text('dateOfBirth', 'Date of birth', { type: 'date' })}
          <TextField
            select
            size="small"
            label="Sex"
            value={form.sex}
            onChange={(e) => change('sex', e.target.value as PatientForm['sex'])}
            sx={{ width: 140 }}
            slotProps={{
              inputLabel: { shrink: true },
              select: { displayEmpty: true, ...SELECT_ABOVE_PANEL },
            }}
          >
            <MenuItem value="">Not given</MenuItem>
            <MenuItem value="F">F</MenuItem>
            <MenuItem value="M">M</MenuItem>
            <MenuItem value="X">X</MenuItem>
          </TextField>
          <TextField
            select
            size="small"
            label="Language"
            value={form.preferredLanguage}
            onChange={(e) => change('preferredLanguage', e.target.value)}
            error={!!errors.preferredLanguage}
            helperText={errors.preferredLanguage}
            sx={{ width: 150 }}
            slotProps={{ select: SELECT_ABOVE_PANEL }}
          >
            {languageChoices(form.preferredLanguage).map(([code, name]) => (
              <MenuItem key={code} value={code}>
                {name}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        <Typography variant="subtitle2" component="h4">
          Contact
        </Typography>
        <Stack direction="row" spacing={1}>
          {text('phoneMobile', 'Mobile phone', { type: 'tel' })}
          {text('phoneHome', 'Home phone', { type: 'tel' })}
        </Stack>
        {text('email', 'E-mail', { type: 'email' })}
        {text('address1', 'Address')}
        <Stack direction="row" spacing={1}>
          {text('city', 'City')}
          {text('state', 'State', { width: 80 })}
          {text('zip', 'ZIP', { width: 120 })}
        </Stack>
        <Typography variant="subtitle2" component="h4">
          Reminders
        </Typography>
        <FormGroup row aria-label="Consent to reminders">
          {consent('smsConsent', 'SMS consent')}
          {consent('emailConsent', 'E-mail consent')}
          {consent('voiceConsent', 'Voice consent')}
        </FormGroup>
        <TextField
          id={`${fieldId}-preferredChannel`}
          select
          size="small"
          label="Preferred channel"
          value={form.preferredChannel}
          onChange={(e) =>
            change('preferredChannel', e.target.value as PatientForm['preferredChannel'])
          }
          error={!!errors.preferredChannel}
          helperText={errors.preferredChannel}
          sx={{ width: 220 }}
          slotProps={{ select: SELECT_ABOVE_PANEL }}
        >
          <MenuItem value="none">None</MenuItem>
          <MenuItem value="sms">SMS</MenuItem>
          <MenuItem value="email">E-mail</MenuItem>
          <MenuItem value="voice">Voice call</MenuItem>
        </TextField>
        {(errors.smsConsent || errors.emailConsent || errors.voiceConsent) && (
          <Alert severity="error">
            {errors.smsConsent ?? errors.emailConsent ?? errors.voiceConsent}
          </Alert>
        )}
        {general && <Alert severity="error">{general}</Alert>}
      </Stack>
      <Stack
        direction="row"
        spacing={1}
        justifyContent="flex-end"
        sx={{
          position: 'sticky',
          bottom: 0,
          zIndex: 1,
          bgcolor: 'background.paper',
          borderTop: 1,
          borderColor: 'divider',
          py: 1.5,
          mt: 1,
        }}
      >
        <Button
          disabled={!dirty || saving}
          onClick={() => {
            setForm(formOf(p));
            setErrors({});
            setGeneral(null);
            setDirty(false);
          }}
        >
          Undo changes
        </Button>
        <Button type="submit" variant="contained" disabled={!dirty || saving}>
          Save
        </Button>
      </Stack>
    </Box>
  );
}
