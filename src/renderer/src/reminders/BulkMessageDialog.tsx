/**
 * "Message everyone booked on a day": the clinic is closed for snow, a provider is ill. The
 * message goes to every patient booked that day by text, e-mail or each one's best channel; the
 * counter shows how many texts it costs (the clinic's name is put in front, as the patient sees
 * it), and afterwards the dialog lists who could not be reached so the desk phones them.
 */
import { useEffect, useId, useState } from 'react';
import { DateTime } from 'luxon';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { formatPhone } from '../../../shared/phone';
import { call } from '../api/client';
import { dayLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import { describeSmsCount } from './sms';
import { countSms, MAX_BULK_SMS_SEGMENTS } from '../../../shared/sms';

type Channel = 'best' | 'sms' | 'email';
type Result = ApiOutput<'reminders/bulkMessage'>;

/** reminders/bulkPreview: who a send would reach, before it is sent. */
type Preview = ApiOutput<'reminders/bulkPreview'>;

/** The day to message: never a past day (the toolbar may show one). */
function defaultDay(deskDate: string, today: string): string {
  return deskDate < today ? today : deskDate;
}
const MAX_LENGTH = 600;

const FIELDS = ['date', 'message', 'channel'] as const;
type Field = (typeof FIELDS)[number];

export function BulkMessageDialog(props: { open: boolean; onClose(): void }) {
  const desk = useDesk();
  const formId = useId();
  const clinic = useLiveQuery('clinic/get', props.open ? {} : null, ['clinic']);
  const [date, setDate] = useState(desk.date);
  const [message, setMessage] = useState('');
  const [channel, setChannel] = useState<Channel>('best');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ date: string; r: Result } | null>(null);
  const [providerId, setProviderId] = useState<number | ''>('');
  const [locationId, setLocationId] = useState<number | ''>('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const providers = useLiveQuery('providers/list', props.open ? {} : null, ['providers']);
  const locations = useLiveQuery('locations/list', props.open ? {} : null, ['locations']);
  const today = DateTime.now().setZone(desk.zone).toISODate() ?? desk.date;

  // Each opening starts from the day the calendar shows (today if that is past), with a clean slate.
  useEffect(() => {
    if (!props.open) return;
    setDate(defaultDay(desk.date, today));
    setProviderId('');
    setLocationId('');
    setPreview(null);
    setMessage('');
    setChannel('best');
    setErrors({});
    setGeneral(null);
    setResult(null);
  }, [props.open, desk.date, today]);
  // A changed filter or day needs a new preview before anything is sent.
  useEffect(() => setPreview(null), [date, providerId, locationId, channel]);

  const filters = {
    date,
    channel,
    ...(providerId !== '' ? { providerIds: [providerId] } : {}),
    ...(locationId !== '' ? { locationIds: [locationId] } : {}),
  };

  const asSent = `${clinic.data?.name ?? 'Clinic'}: ${message.trim()}`;
  const size = countSms(asSent);
  const tooLong = channel === 'sms' && size.segments > MAX_BULK_SMS_SEGMENTS;

  async function send() {
    const local: Partial<Record<Field, string>> = {};
    if (!date) local.date = 'Choose the day.';
    if (!message.trim()) local.message = 'Type the message.';
    else if (tooLong)
      local.message = `That is ${size.segments} text messages; keep it to ${MAX_BULK_SMS_SEGMENTS}.`;
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      if (!preview) {
        // First the count and who cannot be reached; sending is a second, confirmed step.
        setPreview(await call('reminders/bulkPreview', filters));
        return;
      }
      const r = await call('reminders/bulkMessage', {
        ...filters,
        message: message.trim(),
        expectedRecipients: preview.deliverable,
      });
      setResult({ date, r });
      desk.notify(
        `Queued ${r.queued} message${r.queued === 1 ? '' : 's'} for ${dayLabel(`${date}T12:00:00`, 'UTC')}.`,
        'success',
      );
    } catch (err) {
      const e = asApiError(err);
      // The bookings changed since the preview: the count the desk confirmed is no longer true.
      if (e.code === 'CONFLICT') setPreview(null);
      const field = FIELDS.find((f) => f === e.field);
      if (field) {
        setErrors({ [field]: fieldMessage(e) });
        document.getElementById(`${formId}-${field}`)?.focus();
      } else setGeneral(e.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="sm">
      <Box
        component="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!result) void send();
        }}
      >
        <DialogTitle>Message everyone booked on a day</DialogTitle>
        <DialogContent>
          {result ? (
            <BulkResult date={result.date} r={result.r} />
          ) : (
            <Stack spacing={2} sx={{ pt: 1 }}>
              <Stack direction="row" spacing={1}>
                <TextField
                  id={`${formId}-date`}
                  type="date"
                  label="Day"
                  size="small"
                  value={date}
                  onChange={(e) => {
                    setDate(e.target.value);
                    setErrors({ ...errors, date: undefined });
                  }}
                  error={!!errors.date}
                  helperText={errors.date ?? 'Everyone booked or confirmed that day'}
                  slotProps={{ inputLabel: { shrink: true } }}
                  sx={{ width: 220 }}
                />
                <TextField
                  id={`${formId}-channel`}
                  select
                  label="Send by"
                  size="small"
                  value={channel}
                  onChange={(e) => setChannel(e.target.value as Channel)}
                  error={!!errors.channel}
                  helperText={errors.channel ?? ' '}
                  sx={{ flex: 1 }}
                >
                  <MenuItem value="best">Each patient&apos;s preferred (text or e-mail)</MenuItem>
                  <MenuItem value="sms">Text message only</MenuItem>
                  <MenuItem value="email">E-mail only</MenuItem>
                </TextField>
              </Stack>
              <Stack direction="row" spacing={1}>
                <TextField
                  select
                  label="Provider"
                  size="small"
                  value={providerId}
                  onChange={(e) =>
                    setProviderId(e.target.value === '' ? '' : Number(e.target.value))
                  }
                  slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                  sx={{ flex: 1 }}
                >
                  <MenuItem value="">Every provider</MenuItem>
                  {(providers.data ?? []).map((p) => (
                    <MenuItem key={p.id} value={p.id}>
                      {p.displayName}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  select
                  label="Location"
                  size="small"
                  value={locationId}
                  onChange={(e) =>
                    setLocationId(e.target.value === '' ? '' : Number(e.target.value))
                  }
                  slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                  sx={{ flex: 1 }}
                >
                  <MenuItem value="">Every location</MenuItem>
                  {(locations.data ?? []).map((l) => (
                    <MenuItem key={l.id} value={l.id}>
                      {l.name}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
              <TextField
                id={`${formId}-message`}
                label="Message"
                placeholder="The clinic is closed today because of snow. We will call you to find a new time."
                multiline
                minRows={3}
                value={message}
                onChange={(e) => {
                  setMessage(e.target.value);
                  setErrors({ ...errors, message: undefined });
                }}
                error={!!errors.message || tooLong}
                helperText={
                  errors.message ??
                  (channel === 'email'
                    ? `E-mail · ${message.length} of ${MAX_LENGTH} characters`
                    : describeSmsCount(size))
                }
                slotProps={{
                  htmlInput: { maxLength: MAX_LENGTH },
                  formHelperText: { role: 'status', 'aria-live': 'polite' },
                }}
              />
              <Typography color="text.secondary" sx={{ fontSize: 13 }}>
                Patients read: “{asSent}”. Quiet hours do not apply: it goes out now. Do not put
                health details in it.
              </Typography>
              {general && (
                <Alert severity="error" role="alert">
                  {general}
                </Alert>
              )}
              {preview && <PreviewBox preview={preview} />}
            </Stack>
          )}
        </DialogContent>
        <DialogActions>
          {result ? (
            <Button variant="contained" onClick={props.onClose} autoFocus>
              Done
            </Button>
          ) : (
            <>
              <Button onClick={props.onClose} disabled={busy}>
                Cancel
              </Button>
              <Button
                type="submit"
                variant="contained"
                color={preview ? 'warning' : 'primary'}
                disabled={
                  busy ||
                  (preview !== null && (preview.deliverable === 0 || !!preview.refusedReason))
                }
              >
                {preview
                  ? `Send to ${preview.deliverable} patient${preview.deliverable === 1 ? '' : 's'}?`
                  : 'Preview who gets it'}
              </Button>
            </>
          )}
        </DialogActions>
      </Box>
    </Dialog>
  );
}

function PreviewBox(props: { preview: Preview }) {
  const p = props.preview;
  const channels = Object.entries(p.byChannel)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} by ${c === 'sms' ? 'text' : c === 'email' ? 'e-mail' : c}`)
    .join(', ');
  return (
    <Box data-testid="bulk-preview">
      {p.refusedReason ? (
        <Alert severity="error" role="alert">
          Nothing can be sent: {p.refusedReason}
        </Alert>
      ) : (
        <Alert severity="info" role="status">
          {p.count} patient{p.count === 1 ? '' : 's'} booked; {p.deliverable} can be messaged
          {channels ? ` (${channels})` : ''}.
        </Alert>
      )}
      {p.callList.length > 0 && (
        <>
          <Typography sx={{ fontWeight: 600, mt: 1 }}>
            Phone these {p.callList.length} (no text or e-mail reaches them)
          </Typography>
          <List dense aria-label="Call list" sx={{ maxHeight: 180, overflow: 'auto' }}>
            {p.callList.map((c) => (
              <ListItem key={c.patientId} disableGutters>
                <ListItemText
                  primary={c.name}
                  secondary={c.phone ? formatPhone(c.phone) : 'No phone on file'}
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
    </Box>
  );
}

function BulkResult(props: { date: string; r: Result }) {
  const { r } = props;
  return (
    <Box data-testid="bulk-result">
      <Alert severity={r.skipped.length ? 'warning' : 'success'} sx={{ mb: 1 }}>
        {r.queued} message{r.queued === 1 ? '' : 's'} queued for{' '}
        {dayLabel(`${props.date}T12:00:00`, 'UTC')}
        {r.queued > 0 && r.smsSegments > 1 ? ` (${r.smsSegments} parts per text)` : ''}.
        {r.skipped.length > 0 &&
          ` ${r.skipped.length} patient${r.skipped.length === 1 ? '' : 's'} could not be reached: phone them.`}
      </Alert>
      {r.skipped.length > 0 && (
        <List dense aria-label="Not reached">
          {r.skipped.map((s) => (
            <ListItem key={s.appointmentId} disableGutters>
              <ListItemText primary={s.patientName} secondary={s.reason} />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
