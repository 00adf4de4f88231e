/**
 * Quick-add while the caller waits: first and last name, date of birth, mobile phone and e-mail
 * (optional), and whether the patient agrees to reminders by text and by e-mail (asked, never
 * assumed: without consent the patient gets no texts or e-mails, only the call list).
 * Errors sit next to the field the engine names; "already registered" offers the existing record
 * (or, when the receptionist knows better, registers a different person with the same details).
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { ApiError, call } from '../api/client';
import { messageForField, parseDob } from './format';
import type { FoundPatient } from './PatientSearch';

type Field = 'firstName' | 'lastName' | 'dateOfBirth' | 'phoneMobile' | 'email';
const FIELDS: readonly Field[] = ['firstName', 'lastName', 'dateOfBirth', 'phoneMobile', 'email'];

const capitalize = (w: string) => (w ? w[0]!.toUpperCase() + w.slice(1) : w);

/** "lopez maria" typed in the search (last name first) becomes the form's starting names. */
export function namesFromQuery(query: string): { firstName: string; lastName: string } {
  const words = query
    .trim()
    .split(/\s+/)
    .filter((w) => /^[\p{L}'-]+$/u.test(w));
  return { lastName: capitalize(words[0] ?? ''), firstName: capitalize(words[1] ?? '') };
}

export function QuickAddPatient(props: {
  initialQuery: string;
  onCreated(patient: FoundPatient): void;
  onCancel(): void;
}) {
  const start = namesFromQuery(props.initialQuery);
  const [values, setValues] = useState<Record<Field, string>>({
    firstName: start.firstName,
    lastName: start.lastName,
    dateOfBirth: '',
    phoneMobile: '',
    email: '',
  });
  const [consent, setConsent] = useState({ sms: false, email: false });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [existingId, setExistingId] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const refs = {
    firstName: useRef<HTMLInputElement>(null),
    lastName: useRef<HTMLInputElement>(null),
    dateOfBirth: useRef<HTMLInputElement>(null),
    phoneMobile: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
  };

  useEffect(() => {
    // Start where typing is still needed.
    const first = FIELDS.find((f) => values[f] === '') ?? 'firstName';
    refs[first].current?.focus();
    // Only on opening: later the receptionist decides where the cursor goes.
  }, []);

  function set(field: Field, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setExistingId(null);
  }

  async function save(allowDuplicate: boolean) {
    setGeneral(null);
    setExistingId(null);
    const found: Partial<Record<Field, string>> = {};
    if (!values.firstName.trim()) found.firstName = 'first name is required';
    if (!values.lastName.trim()) found.lastName = 'last name is required';
    const dob = parseDob(values.dateOfBirth);
    if (!values.dateOfBirth.trim()) found.dateOfBirth = 'date of birth is required';
    else if (!dob) found.dateOfBirth = 'write the date of birth as MM/DD/YYYY, e.g. 03/02/1985';
    setErrors(found);
    const firstBad = FIELDS.find((f) => found[f]);
    if (firstBad) {
      refs[firstBad].current?.focus();
      return;
    }
    setSaving(true);
    // Consent counts only with the detail it is about (a box ticked before the number was erased).
    const texts = consent.sms && values.phoneMobile.trim() !== '';
    const emails = consent.email && values.email.trim() !== '';
    try {
      const patient = await call('patients/create', {
        firstName: values.firstName,
        lastName: values.lastName,
        dateOfBirth: dob!,
        ...(values.phoneMobile.trim() ? { phoneMobile: values.phoneMobile } : {}),
        ...(values.email.trim() ? { email: values.email.trim() } : {}),
        smsConsent: texts,
        emailConsent: emails,
        preferredChannel: texts ? 'sms' : emails ? 'email' : 'none',
        allowDuplicate,
      });
      props.onCreated(patient);
    } catch (err) {
      const e =
        err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) });
      if (e.code === 'CONFLICT') {
        const id = /patient #(\d+)/.exec(e.message)?.[1];
        setExistingId(id ? Number(id) : null);
        setGeneral(e.message);
      } else if (e.field && (FIELDS as readonly string[]).includes(e.field)) {
        setErrors({ [e.field]: messageForField(e.message, e.field) });
        refs[e.field as Field].current?.focus();
      } else {
        setGeneral(e.message);
      }
    } finally {
      setSaving(false);
    }
  }

  async function pickExisting() {
    if (existingId === null) return;
    try {
      props.onCreated(await call('patients/get', { patientId: existingId }));
    } catch (err) {
      setGeneral(err instanceof ApiError ? err.message : String(err));
    }
  }

  const field = (
    name: Field,
    label: string,
    extra: { placeholder?: string; required?: boolean } = {},
  ) => (
    <TextField
      inputRef={refs[name]}
      size="small"
      label={label}
      value={values[name]}
      onChange={(e) => set(name, e.target.value)}
      required={extra.required ?? false}
      placeholder={extra.placeholder}
      error={!!errors[name]}
      helperText={errors[name] ?? ' '}
      autoComplete="off"
      sx={{ flex: 1, minWidth: 150 }}
    />
  );

  return (
    <Box
      component="form"
      aria-label="New patient"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
      sx={{ border: 1, borderColor: 'primary.light', borderRadius: 1, p: 1.5 }}
    >
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
        New patient
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
        {field('firstName', 'First name', { required: true })}
        {field('lastName', 'Last name', { required: true })}
        {field('dateOfBirth', 'Date of birth', { required: true, placeholder: 'MM/DD/YYYY' })}
        {field('phoneMobile', 'Mobile phone (optional)', { placeholder: '(512) 555-0123' })}
        {field('email', 'E-mail (optional)', { placeholder: 'name@example.com' })}
      </Stack>
      <Stack direction="row" spacing={2} sx={{ mb: 1 }}>
        <FormControlLabel
          control={
            <Checkbox
              size="small"
              checked={consent.sms && values.phoneMobile.trim() !== ''}
              disabled={values.phoneMobile.trim() === ''}
              onChange={(e) => setConsent((c) => ({ ...c, sms: e.target.checked }))}
            />
          }
          label="Agrees to text reminders"
        />
        <FormControlLabel
          control={
            <Checkbox
              size="small"
              checked={consent.email && values.email.trim() !== ''}
              disabled={values.email.trim() === ''}
              onChange={(e) => setConsent((c) => ({ ...c, email: e.target.checked }))}
            />
          }
          label="Agrees to e-mail reminders"
        />
      </Stack>
      {general && (
        <Alert
          severity={existingId !== null ? 'warning' : 'error'}
          sx={{ mb: 1 }}
          action={
            existingId !== null ? (
              <Stack direction="row" spacing={1}>
                <Button color="inherit" size="small" onClick={() => void pickExisting()} autoFocus>
                  Use existing record
                </Button>
                <Button color="inherit" size="small" onClick={() => void save(true)}>
                  Different person
                </Button>
              </Stack>
            ) : undefined
          }
        >
          {general}
        </Alert>
      )}
      <Stack direction="row" spacing={1} justifyContent="flex-end">
        <Button onClick={props.onCancel}>Back to search</Button>
        <Button type="submit" variant="contained" disabled={saving}>
          Add patient
        </Button>
      </Stack>
    </Box>
  );
}
