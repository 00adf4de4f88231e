/**
 * Messaging settings: the Twilio account texts and calls go through, the mail server e-mails go
 * through, the pace, the pause switch, and the reminder policy (its touchpoints shown, quiet hours
 * editable). Tokens and passwords are never shown back: an empty box means "keep the saved one".
 * With a public address the webhook URLs to paste into Twilio are shown; without one, replies and
 * delivery reports are fetched every 30 seconds instead.
 */
import { useEffect, useId, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  FormControlLabel,
  Paper,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { ApiInput, ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { whenLabel } from '../booking/format';
import { useAuth } from '../auth/AuthGate';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import { CHANNEL_LABEL, touchpointLabel } from './format';

type Settings = ApiOutput<'messaging/getSettings'>;
type SettingsInput = ApiInput<'messaging/setSettings'>;

export function MessagingSettings() {
  const saved = useLiveQuery('messaging/getSettings', {}, ['messaging', 'reminders']);
  return (
    <Stack spacing={2} sx={{ maxWidth: 1000 }} aria-label="Messaging settings" component="section">
      {saved.error && <Alert severity="error">{saved.error.message}</Alert>}
      {saved.data && (
        <>
          <SendingPanel s={saved.data} />
          <TwilioForm s={saved.data} />
          <EmailForm s={saved.data} />
        </>
      )}
      <PolicyPanel />
    </Stack>
  );
}

function SendingPanel({ s }: { s: Settings }) {
  const desk = useDesk();
  const [busy, setBusy] = useState(false);
  async function toggle(paused: boolean) {
    setBusy(true);
    try {
      await call(paused ? 'reminders/pause' : 'reminders/resume', {});
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h3">
        Sending
      </Typography>
      <FormControlLabel
        control={
          <Switch
            checked={s.paused}
            disabled={busy}
            onChange={(e) => void toggle(e.target.checked)}
          />
        }
        label={s.paused ? 'Paused: nothing is sent' : 'Sending'}
      />
      <Typography color="text.secondary" sx={{ fontSize: 13 }}>
        {s.twilio.ready ? 'Texts and calls: ready.' : 'Texts and calls: not set up.'}{' '}
        {s.smtp.ready ? 'E-mail: ready.' : 'E-mail: not set up.'}{' '}
        {s.lastInboundPollAt
          ? `Replies last fetched ${whenLabel(s.lastInboundPollAt, desk.zone)}.`
          : 'Replies not fetched yet.'}
        {s.secretsKeptIn ? ` Tokens and passwords are kept ${s.secretsKeptIn}.` : ''}
      </Typography>
      <Typography color="text.secondary" sx={{ fontSize: 13, mt: 0.5 }}>
        Patients can reply{' '}
        {Object.entries(s.replyKeywords)
          .filter(([k]) => ['confirm', 'cancel', 'callback'].includes(k))
          .map(
            ([k, words]) =>
              `${(words as readonly string[])[0]} (${k === 'callback' ? 'call me back' : k})`,
          )
          .join(', ')}
        ; STOP ends texts and START brings them back.
      </Typography>
    </Paper>
  );
}

type Form = Record<string, string>;
type Errors = Record<string, string | undefined>;

/**
 * What to send: fields that differ from the saved values (empty = null, which clears), and a
 * secret only when something was typed (empty = keep).
 */
function changes(p: {
  form: Form;
  saved: Form;
  secrets: readonly string[];
  numbers?: readonly string[];
}): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(p.form)) {
    if (p.secrets.includes(k)) {
      if (v !== '') out[k] = v;
      continue;
    }
    if (v.trim() === (p.saved[k] ?? '')) continue;
    if (v.trim() === '') out[k] = null;
    else out[k] = p.numbers?.includes(k) ? Number(v) : v.trim();
  }
  return out;
}

function useSettingsForm(p: {
  fromSaved: Form;
  secrets: readonly string[];
  numbers?: readonly string[];
  extra?: () => Partial<SettingsInput>;
  what: string;
}) {
  const desk = useDesk();
  const formId = useId();
  const [form, setForm] = useState<Form>(p.fromSaved);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const savedKey = JSON.stringify(p.fromSaved);
  useEffect(() => {
    if (!dirty) setForm(JSON.parse(savedKey) as Form);
  }, [savedKey, dirty]);

  async function save() {
    setErrors({});
    setGeneral(null);
    const input = {
      ...changes({ form, saved: p.fromSaved, secrets: p.secrets, numbers: p.numbers }),
      ...(p.extra?.() ?? {}),
    } as SettingsInput;
    setBusy(true);
    try {
      await call('messaging/setSettings', input);
      setDirty(false);
      desk.notify(`Saved the ${p.what} settings.`, 'success');
    } catch (err) {
      const e = asApiError(err);
      if (e.field && e.field in form) {
        setErrors({ [e.field]: fieldMessage(e) });
        document.getElementById(`${formId}-${e.field}`)?.focus();
      } else setGeneral(e.message);
    } finally {
      setBusy(false);
    }
  }
  const field = (
    key: string,
    label: string,
    extra: { help?: string; type?: string; width?: number } = {},
  ) => (
    <TextField
      id={`${formId}-${key}`}
      size="small"
      label={label}
      type={extra.type ?? 'text'}
      value={form[key] ?? ''}
      autoComplete={extra.type === 'password' ? 'new-password' : 'off'}
      onChange={(e) => {
        setForm({ ...form, [key]: e.target.value });
        setErrors({ ...errors, [key]: undefined });
        setDirty(true);
      }}
      error={!!errors[key]}
      helperText={errors[key] ?? extra.help ?? ' '}
      sx={extra.width ? { width: extra.width } : { flex: 1 }}
    />
  );
  return { form, dirty, setDirty, general, busy, save, field };
}

const orEmpty = (v: string | number | null | undefined) =>
  v === null || v === undefined ? '' : String(v);

function TwilioForm({ s }: { s: Settings }) {
  const f = useSettingsForm({
    what: 'Twilio',
    fromSaved: {
      twilioAccountSid: orEmpty(s.twilio.accountSid),
      twilioAuthToken: '',
      twilioFrom: orEmpty(s.twilio.from),
      twilioApiBaseUrl: orEmpty(s.twilio.apiBaseUrl),
      publicBaseUrl: orEmpty(s.publicBaseUrl),
      ratePerSecond: String(s.ratePerSecond),
    },
    secrets: ['twilioAuthToken'],
    numbers: ['ratePerSecond'],
  });
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Box
        component="form"
        aria-label="Twilio"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.save();
        }}
      >
        <Typography variant="h6" component="h3">
          Texts and calls (Twilio)
        </Typography>
        <Typography color="text.secondary" sx={{ fontSize: 13, mb: 1.5 }}>
          From the Twilio console: the account SID, its auth token and the clinic&apos;s number.
        </Typography>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            {f.field('twilioAccountSid', 'Account SID', { help: 'AC followed by 32 characters' })}
            {f.field('twilioAuthToken', 'Auth token', {
              type: 'password',
              help: s.twilio.hasAuthToken
                ? 'A token is saved; leave empty to keep it.'
                : 'Required with an account SID',
            })}
          </Stack>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            {f.field('twilioFrom', "Clinic's number", { help: 'e.g. +15125550123' })}
            {f.field('ratePerSecond', 'Messages per second', {
              width: 180,
              help: '0 = no limit; 1 for a local number',
            })}
          </Stack>
          {f.field('publicBaseUrl', 'Public address of this ClinicDesk (optional)', {
            help: 'https://… where Twilio can reach this computer; leave empty to fetch replies every 30 s',
          })}
          {f.field('twilioApiBaseUrl', 'Twilio API address (only for a test stand-in)', {
            help: 'Leave empty for the real Twilio',
          })}
          {f.general && (
            <Alert severity="error" role="alert">
              {f.general}
            </Alert>
          )}
          <Stack direction="row" justifyContent="flex-end">
            <Button type="submit" variant="contained" disabled={!f.dirty || f.busy}>
              Save Twilio settings
            </Button>
          </Stack>
        </Stack>
        {s.webhooks ? (
          <Box sx={{ mt: 1 }} aria-label="Webhook addresses">
            <Typography variant="subtitle2">
              Paste these into the Twilio number&apos;s settings
            </Typography>
            <WebhookLine label='"A message comes in"' url={s.webhooks.inboundSms} />
            <WebhookLine label="Status callback URL" url={s.webhooks.statusCallback} />
          </Box>
        ) : (
          <Typography color="text.secondary" sx={{ fontSize: 13, mt: 1 }}>
            No public address: replies and delivery reports are fetched from Twilio every 30
            seconds, which works behind any office router.
          </Typography>
        )}
      </Box>
    </Paper>
  );
}

function WebhookLine(props: { label: string; url: string }) {
  const desk = useDesk();
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 0.5 }}>
      <Typography sx={{ fontSize: 13, width: 200 }}>{props.label}</Typography>
      <Typography
        component="code"
        data-testid="webhook-url"
        sx={{ fontFamily: 'monospace', fontSize: 13, flex: 1, wordBreak: 'break-all' }}
      >
        {props.url}
      </Typography>
      <Button
        size="small"
        onClick={() =>
          void navigator.clipboard
            ?.writeText(props.url)
            .then(() => desk.notify('Copied.', 'success'))
            .catch(() => desk.notify('Could not copy; select the address instead.', 'warning'))
        }
      >
        Copy
      </Button>
    </Stack>
  );
}

function EmailForm({ s }: { s: Settings }) {
  const [secure, setSecure] = useState(s.smtp.secure);
  useEffect(() => setSecure(s.smtp.secure), [s.smtp.secure]);
  const f = useSettingsForm({
    what: 'e-mail',
    fromSaved: {
      smtpHost: orEmpty(s.smtp.host),
      smtpPort: orEmpty(s.smtp.port),
      smtpUser: orEmpty(s.smtp.user),
      smtpPassword: '',
      emailFrom: orEmpty(s.smtp.from),
    },
    secrets: ['smtpPassword'],
    numbers: ['smtpPort'],
    extra: () => (secure !== s.smtp.secure ? { smtpSecure: secure } : {}),
  });
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Box
        component="form"
        aria-label="E-mail"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.save();
        }}
      >
        <Typography variant="h6" component="h3" sx={{ mb: 1.5 }}>
          E-mail (SMTP)
        </Typography>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            {f.field('smtpHost', 'Mail server', { help: 'e.g. smtp.office365.com' })}
            {f.field('smtpPort', 'Port', { width: 110, help: '587 or 465' })}
            <FormControlLabel
              control={
                <Switch
                  checked={secure}
                  onChange={(e) => {
                    setSecure(e.target.checked);
                    f.setDirty(true);
                  }}
                />
              }
              label="TLS from the start (port 465)"
            />
          </Stack>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            {f.field('smtpUser', 'User name')}
            {f.field('smtpPassword', 'Password', {
              type: 'password',
              help: s.smtp.hasPassword ? 'A password is saved; leave empty to keep it.' : ' ',
            })}
          </Stack>
          {f.field('emailFrom', 'Sender', {
            help: 'e.g. Main Street Clinic <frontdesk@clinic.example>',
          })}
          {f.general && (
            <Alert severity="error" role="alert">
              {f.general}
            </Alert>
          )}
          <Stack direction="row" justifyContent="flex-end">
            <Button type="submit" variant="contained" disabled={!f.dirty || f.busy}>
              Save e-mail settings
            </Button>
          </Stack>
        </Stack>
      </Box>
    </Paper>
  );
}

function offsetWords(minutes: number | null): string {
  if (minutes === null) return 'When it happens';
  if (minutes % 1440 === 0 && minutes >= 2880 && minutes !== 4320)
    return `${minutes / 1440} days before`;
  if (minutes >= 60)
    return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''} before`;
  return `${minutes} min before`;
}

function PolicyPanel() {
  const desk = useDesk();
  const policy = useLiveQuery('reminders/getPolicy', {}, ['reminders']);
  const [quiet, setQuiet] = useState<{ start: string; end: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const p = policy.data;
  useEffect(() => {
    if (p) setQuiet({ ...p.policy.quietHours });
  }, [p]);
  if (!p || !quiet)
    return policy.error ? <Alert severity="error">{policy.error.message}</Alert> : null;
  const changed =
    quiet.start !== p.policy.quietHours.start || quiet.end !== p.policy.quietHours.end;

  async function save() {
    if (!p || !quiet) return;
    setBusy(true);
    setError(null);
    try {
      await call('reminders/setPolicy', { policy: { ...p.policy, quietHours: quiet } });
      desk.notify('Saved the quiet hours.', 'success');
    } catch (err) {
      setError(fieldMessage(asApiError(err)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Paper variant="outlined" sx={{ p: 2 }} aria-label="Reminder policy" component="section">
      <Typography variant="h6" component="h3">
        Reminder policy
      </Typography>
      <Typography color="text.secondary" sx={{ fontSize: 13, mb: 1 }}>
        {p.source === 'default' ? 'The built-in policy' : "The clinic's policy"}. Unconfirmed
        patients{' '}
        {p.escalateMinutesBefore === null
          ? 'are not escalated.'
          : `go to the call queue ${offsetWords(p.escalateMinutesBefore)} the visit.`}
      </Typography>
      <Table size="small" aria-label="Touchpoints">
        <TableHead>
          <TableRow>
            <TableCell>Message</TableCell>
            <TableCell>When</TableCell>
            <TableCell>Channels, in order</TableCell>
            <TableCell>Not sent later than</TableCell>
            <TableCell>Asks for a reply</TableCell>
            <TableCell>Sent for</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {p.policy.touchpoints.map((t) => (
            <TableRow key={t.key}>
              <TableCell>{touchpointLabel(t.key, t.kind)}</TableCell>
              <TableCell>{offsetWords(t.offsetMinutes)}</TableCell>
              <TableCell>{t.channels.map((c) => CHANNEL_LABEL[c] ?? c).join(', then ')}</TableCell>
              <TableCell>
                {t.usefulUntilMinutesBefore === 0
                  ? 'The visit'
                  : offsetWords(t.usefulUntilMinutesBefore)}
              </TableCell>
              <TableCell>{t.requiresReply ? 'Yes (C / X)' : 'No'}</TableCell>
              <TableCell>{t.onlyForHighRisk ? 'High no-show risk only' : 'Every visit'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <HighRiskOption policy={p.policy} />
      <Box
        component="form"
        aria-label="Quiet hours"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        sx={{ mt: 2 }}
      >
        <Stack direction="row" spacing={1} alignItems="flex-start">
          <TextField
            type="time"
            size="small"
            label="Quiet from"
            value={quiet.start}
            onChange={(e) => setQuiet({ ...quiet, start: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
            helperText="in the patient's time"
          />
          <TextField
            type="time"
            size="small"
            label="Quiet until"
            value={quiet.end}
            onChange={(e) => setQuiet({ ...quiet, end: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
            helperText={`${p.policy.quietHoursChannels.map((c) => CHANNEL_LABEL[c] ?? c).join(' and ')} wait until then`}
          />
          <Button type="submit" variant="contained" disabled={!changed || busy}>
            Save quiet hours
          </Button>
        </Stack>
        {error && (
          <Alert severity="error" role="alert" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
      </Box>
    </Paper>
  );
}

type Policy = ApiOutput<'reminders/getPolicy'>['policy'];

/**
 * The extra touchpoint for visits the clinic's no-show model rates high: a text (or call, or
 * e-mail) 48 hours before that asks for C / X, on top of the usual ones. The message is an
 * ordinary reminder: it never says why it was sent.
 */
export const HIGH_RISK_TOUCHPOINT: Policy['touchpoints'][number] = {
  key: 'high-risk-48h',
  kind: 'reminder',
  offsetMinutes: 48 * 60,
  channels: ['sms', 'voice', 'email'],
  usefulUntilMinutesBefore: 24 * 60,
  mayMoveEarlierMinutes: 12 * 60,
  requiresReply: true,
  attachCalendar: false,
  onlyForHighRisk: true,
};

function HighRiskOption({ policy }: { policy: Policy }) {
  const desk = useDesk();
  const auth = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = useLiveQuery('noshow/status', auth.may('reports.view') ? {} : null, ['reports']);
  const on = policy.touchpoints.some((t) => t.onlyForHighRisk);
  const modelOn = status.data?.model?.enabled ?? null;

  async function set(next: boolean) {
    setBusy(true);
    setError(null);
    const touchpoints = policy.touchpoints.filter((t) => !t.onlyForHighRisk);
    if (next) touchpoints.push(HIGH_RISK_TOUCHPOINT);
    try {
      await call('reminders/setPolicy', { policy: { ...policy, touchpoints } });
      desk.notify(
        next
          ? 'Saved: visits at high no-show risk get an extra reminder 48 h before.'
          : 'Saved: no extra reminder for high-risk visits.',
        'success',
      );
    } catch (err) {
      setError(fieldMessage(asApiError(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box sx={{ mt: 2 }} aria-label="Extra reminder for high no-show risk" component="section">
      <FormControlLabel
        control={
          <Switch
            checked={on}
            disabled={busy || !auth.may('settings.manage')}
            onChange={(e) => void set(e.target.checked)}
          />
        }
        label="Extra reminder for visits at high no-show risk"
      />
      <Typography color="text.secondary" sx={{ fontSize: 13, maxWidth: 760 }}>
        Adds a reminder 48 hours before (text, else a call, else e-mail; it asks the patient to
        confirm) for visits the clinic&apos;s no-show model rates high: about twice as likely as
        most to be missed, judged from this clinic&apos;s own past visits. Other visits get the
        usual reminders only. The message is the ordinary reminder and never mentions risk. It
        applies to visits booked or moved from now on.
        {modelOn === false || (status.data && status.data.model === null)
          ? ' The no-show risk is off for this clinic right now (see Reports → No-show risk), so no visit gets it until the model is on.'
          : ''}
      </Typography>
      {error && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
}
