/**
 * The patient panel: who they are, how to reach them (and what they agreed to be reached by),
 * their appointments, and — up front, because it changes how a receptionist books — how often
 * they did not come or cancelled late.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  Divider,
  Drawer,
  FormControlLabel,
  FormGroup,
  IconButton,
  List,
  ListItemButton,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { ApiError, call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { formatDob, formatPhone, messageForField } from '../booking/format';
import { CoverageEditor } from './CoverageEditor';
import { SELECT_ABOVE_PANEL } from './layers';
import { CoverageEligibility } from '../eligibility/CoverageEligibility';
import type { ApiInput, ApiOutput } from '../../../core/api/types';
import { NOT_YET_SEEN_STATUSES } from '../../../shared/appointments';

type PatientRecord = ApiOutput<'patients/get'>;
type AppointmentItem = ApiOutput<'appointments/list'>[number];

export function PatientPanel() {
  const desk = useDesk();
  return (
    <Drawer
      anchor="right"
      open={desk.patientId !== null}
      onClose={desk.closePatient}
      // Opened from the booking dialog (a modal), the panel must sit above it, not behind.
      sx={{ zIndex: (t) => (desk.booking ? t.zIndex.modal + 1 : t.zIndex.drawer) }}
      slotProps={{
        paper: {
          sx: { width: 560, maxWidth: '100vw' },
          role: 'dialog',
          'aria-labelledby': 'patient-panel-title',
        },
      }}
    >
      {desk.patientId !== null && (
        <PatientDetails key={desk.patientId} patientId={desk.patientId} />
      )}
    </Drawer>
  );
}

/** The form's text as typed; booleans and the channel as chosen. */
interface Form {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: '' | 'F' | 'M' | 'X';
  phoneMobile: string;
  phoneHome: string;
  email: string;
  address1: string;
  city: string;
  state: string;
  zip: string;
  preferredLanguage: string;
  smsConsent: boolean;
  emailConsent: boolean;
  voiceConsent: boolean;
  preferredChannel: 'sms' | 'email' | 'voice' | 'none';
}
type TextKey = {
  [K in keyof Form]: Form[K] extends string ? K : never;
}[keyof Form];

function formOf(p: PatientRecord): Form {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex ?? '',
    phoneMobile: formatPhone(p.phoneMobile),
    phoneHome: formatPhone(p.phoneHome),
    email: p.email ?? '',
    address1: p.address1 ?? '',
    city: p.city ?? '',
    state: p.state ?? '',
    zip: p.zip ?? '',
    preferredLanguage: p.preferredLanguage,
    smsConsent: p.smsConsent,
    emailConsent: p.emailConsent,
    voiceConsent: p.voiceConsent,
    preferredChannel: p.preferredChannel,
  };
}

/** The whole record, as patients/update wants it: every field, blanks as null, nothing extra. */
export function updateInput(patientId: number, f: Form): ApiInput<'patients/update'> {
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    patientId,
    firstName: f.firstName,
    lastName: f.lastName,
    dateOfBirth: f.dateOfBirth,
    sex: f.sex === '' ? null : f.sex,
    phoneMobile: orNull(f.phoneMobile),
    phoneHome: orNull(f.phoneHome),
    email: orNull(f.email),
    address1: orNull(f.address1),
    city: orNull(f.city),
    state: orNull(f.state),
    zip: orNull(f.zip),
    preferredLanguage: f.preferredLanguage,
    smsConsent: f.smsConsent,
    emailConsent: f.emailConsent,
    voiceConsent: f.voiceConsent,
    preferredChannel: f.preferredChannel,
  };
}

const LANGUAGES: [string, string][] = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['zh', 'Chinese'],
  ['vi', 'Vietnamese'],
  ['tl', 'Tagalog'],
  ['ar', 'Arabic'],
  ['fr', 'French'],
  ['ht', 'Haitian Creole'],
  ['ko', 'Korean'],
  ['ru', 'Russian'],
  ['pt', 'Portuguese'],
  ['de', 'German'],
];

const STATUS: Record<
  string,
  { label: string; color: 'default' | 'success' | 'warning' | 'error' | 'info' }
> = {
  booked: { label: 'Booked', color: 'default' },
  confirmed: { label: 'Confirmed', color: 'info' },
  arrived: { label: 'Arrived', color: 'success' },
  in_room: { label: 'In room', color: 'success' },
  completed: { label: 'Completed', color: 'success' },
  no_show: { label: 'No-show', color: 'error' },
  cancelled: { label: 'Cancelled', color: 'warning' },
  rescheduled: { label: 'Rescheduled', color: 'default' },
};

function PatientDetails(props: { patientId: number }) {
  const desk = useDesk();
  const titleId = useId();
  const record = useLiveQuery('patients/get', { patientId: props.patientId }, [
    'patients',
    'appointments',
  ]);
  // Two years back (no-show history) to a year ahead (recalls): everything a caller asks about.
  const [range] = useState(() => {
    const now = DateTime.now();
    return {
      now: now.toMillis(),
      from: now.minus({ years: 2 }).toUTC().toISO() ?? '',
      to: now.plus({ years: 1 }).toUTC().toISO() ?? '',
    };
  });
  const appointments = useLiveQuery(
    'appointments/list',
    { patientId: props.patientId, from: range.from, to: range.to },
    ['appointments', 'visitTypes'],
  );
  const providers = useLiveQuery('providers/list', { includeInactive: true }, ['providers']);
  const providerName = useMemo(
    () => new Map((providers.data ?? []).map((p) => [p.id as number, p.displayName])),
    [providers.data],
  );

  const [form, setForm] = useState<Form | null>(null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // Changes made elsewhere show up unless this desk is in the middle of an edit.
  useEffect(() => {
    if (record.data && !dirty) setForm(formOf(record.data));
  }, [record.data, dirty]);

  if (record.error && !record.data) {
    return (
      <Box sx={{ p: 3 }}>
        <Alert severity="error">{record.error.message}</Alert>
        <Button onClick={desk.closePatient} sx={{ mt: 2 }}>
          Close
        </Button>
      </Box>
    );
  }
  if (!record.data || !form) {
    return (
      <Typography sx={{ p: 3 }} color="text.secondary">
        Loading…
      </Typography>
    );
  }
  const p = record.data;

  const change = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setDirty(true);
  };

  async function save() {
    if (!form) return;
    setSaving(true);
    setGeneral(null);
    setErrors({});
    try {
      const saved = await call('patients/update', updateInput(props.patientId, form));
      setForm(formOf({ ...p, ...saved }));
      setDirty(false);
      desk.notify(`Saved ${saved.firstName} ${saved.lastName}'s record.`, 'success');
    } catch (err) {
      const e =
        err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) });
      const key = e.field as keyof Form | undefined;
      if (key && key in form) {
        setErrors({ [key]: messageForField(e.message, e.field) });
        document.getElementById(`${titleId}-${key}`)?.focus();
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
      id={`${titleId}-${key}`}
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

  const list = appointments.data ?? [];
  const upcoming = list.filter(
    (a) => Date.parse(a.start) >= range.now && NOT_YET_SEEN_STATUSES.includes(a.status),
  );
  const past = list
    .filter((a) => !upcoming.includes(a) && a.status !== 'rescheduled')
    .sort((a, b) => b.start.localeCompare(a.start));

  const appointmentRow = (a: AppointmentItem) => {
    const s = STATUS[a.status] ?? { label: a.status, color: 'default' as const };
    const when = DateTime.fromISO(a.start, { zone: desk.zone }).setLocale('en-US');
    return (
      <ListItemButton
        key={a.id}
        onClick={() => {
          // The appointment panel takes the screen's right side; its patient link comes back here.
          // A booking dialog left open under this panel would cover it: working on an existing
          // appointment (move, cancel) replaces the booking in progress.
          desk.closePatient();
          desk.closeBooking();
          desk.openAppointment(a.id);
        }}
        data-testid="patient-appointment"
        divider
      >
        <ListItemText
          primary={`${when.toFormat('ccc LLL d, yyyy')} · ${when.toFormat('h:mm a')}`}
          secondary={`${a.visitTypeName} with ${providerName.get(a.providerId) ?? `provider ${a.providerId}`}${a.lateCancel ? ' · late cancel' : ''}`}
        />
        <Chip
          size="small"
          label={s.label}
          color={s.color}
          variant={s.color === 'default' ? 'outlined' : 'filled'}
        />
      </ListItemButton>
    );
  };

  const stat = (label: string, value: number, warn: boolean) => (
    <Box
      role="group"
      aria-label={`${label}: ${value}`}
      sx={{
        flex: 1,
        textAlign: 'center',
        py: 1,
        borderRadius: 1,
        border: 1,
        borderColor: warn ? 'error.main' : 'divider',
        bgcolor: warn ? '#fdecea' : undefined,
        color: warn ? 'error.main' : undefined,
      }}
    >
      <Typography sx={{ fontSize: 28, fontWeight: 700, lineHeight: 1.1 }}>{value}</Typography>
      <Typography sx={{ fontSize: 13 }}>{label}</Typography>
    </Box>
  );

  const age = Math.floor(-DateTime.fromISO(p.dateOfBirth).diffNow('years').years);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Box sx={{ px: 2.5, pt: 2, pb: 1.5 }}>
        <Stack direction="row" alignItems="flex-start" spacing={1}>
          <Box sx={{ flex: 1 }}>
            <Typography
              id="patient-panel-title"
              variant="h5"
              component="h2"
              sx={{ fontWeight: 700 }}
            >
              {p.firstName} {p.lastName}
            </Typography>
            <Typography color="text.secondary">
              DOB {formatDob(p.dateOfBirth)} ({age})
              {p.phoneMobile ? ` · ${formatPhone(p.phoneMobile)}` : ''}
            </Typography>
          </Box>
          <Button
            variant="contained"
            onClick={() => {
              desk.closePatient();
              desk.openBooking({ patientId: p.id });
            }}
          >
            Book
          </Button>
          <IconButton aria-label="Close patient panel" onClick={desk.closePatient}>
            ×
          </IconButton>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ mt: 1.5 }} aria-label="Attendance">
          {stat('No-shows', p.stats.noShows, p.stats.noShows > 0)}
          {stat('Late cancels', p.stats.lateCancels, p.stats.lateCancels > 0)}
          {stat('Upcoming', p.stats.upcoming, false)}
          {stat('All appointments', p.stats.appointments, false)}
        </Stack>
      </Box>
      <Divider />
      <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', px: 2.5, pt: 1.5 }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          Upcoming
        </Typography>
        {appointments.error && <Alert severity="error">{appointments.error.message}</Alert>}
        {upcoming.length === 0 ? (
          <Typography color="text.secondary" sx={{ fontSize: 14, mb: 1 }}>
            Nothing booked.
          </Typography>
        ) : (
          <List dense aria-label="Upcoming appointments">
            {upcoming.map(appointmentRow)}
          </List>
        )}
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mt: 1 }}>
          Past and cancelled
        </Typography>
        {past.length === 0 ? (
          <Typography color="text.secondary" sx={{ fontSize: 14, mb: 1 }}>
            None in the last two years.
          </Typography>
        ) : (
          <List
            dense
            aria-label="Past and cancelled appointments"
            sx={{ maxHeight: 220, overflow: 'auto' }}
          >
            {past.map(appointmentRow)}
          </List>
        )}

        <CoverageEditor patientId={props.patientId} />
        <CoverageEligibility patientId={props.patientId} />

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
                onChange={(e) => change('sex', e.target.value as Form['sex'])}
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
                {(LANGUAGES.some(([c]) => c === form.preferredLanguage)
                  ? LANGUAGES
                  : [
                      ...LANGUAGES,
                      [form.preferredLanguage, form.preferredLanguage] as [string, string],
                    ]
                ).map(([code, name]) => (
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
              id={`${titleId}-preferredChannel`}
              select
              size="small"
              label="Preferred channel"
              value={form.preferredChannel}
              onChange={(e) =>
                change('preferredChannel', e.target.value as Form['preferredChannel'])
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
      </Box>
    </Box>
  );
}
