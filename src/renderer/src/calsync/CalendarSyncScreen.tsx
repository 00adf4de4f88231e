/**
 * Calendar sync at the desk: the sync health panel (per account and calendar: last success, next
 * run, last error in words, "Sync now" with progress), the conflict queue (a provider's own
 * calendar is busy over a booked visit: keep, reschedule or tell the provider; nothing moves by
 * itself), and forms to connect a Google account (sign-in in the browser: the page gets Google's
 * address back, opens it in a new tab in browser mode, and the desktop app opens the system
 * browser itself) or a CalDAV account.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Paper,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { call, inDesktopApp } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import type { ApiOutput } from '../../../core/api/types';

type Account = ApiOutput<'calendars/list'>[number];
type Conflict = ApiOutput<'calendars/conflicts'>[number];

const TOPICS = ['calendars'] as const;

function when(zone: string, ms: number | null, empty: string): string {
  if (ms === null) return empty;
  return DateTime.fromMillis(ms).setZone(zone).toFormat('ccc d LLL, h:mm a');
}

export function CalendarSyncScreen() {
  return (
    <Box sx={{ p: 2, maxWidth: 1100 }} component="section" aria-labelledby="calsync-title">
      <Typography id="calsync-title" variant="h5" component="h2" sx={{ fontWeight: 700, mb: 2 }}>
        Calendar sync
      </Typography>
      <Stack spacing={2}>
        <ConflictQueue />
        <NotWrittenQueue />
        <SyncHealthPanel />
        <ConnectGoogle />
        <ConnectCalDav />
      </Stack>
    </Box>
  );
}

export function SyncHealthPanel() {
  const accounts = useLiveQuery('calendars/list', {}, TOPICS);
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const names = new Map<number, string>((providers.data ?? []).map((p) => [p.id, p.displayName]));
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Sync health">
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        Sync health
      </Typography>
      {accounts.error && <Alert severity="error">{accounts.error.message}</Alert>}
      {accounts.data?.length === 0 && (
        <Typography color="text.secondary">No calendars are connected yet.</Typography>
      )}
      <Stack spacing={1.5}>
        {(accounts.data ?? []).map((a) => (
          <AccountCard key={a.id} account={a} providerName={names.get(a.providerId) ?? ''} />
        ))}
      </Stack>
    </Paper>
  );
}

function AccountCard({ account: a, providerName }: { account: Account; providerName: string }) {
  const desk = useDesk();
  const [problem, setProblem] = useState<string | null>(null);
  const notWritten = a.calendars.reduce((n, l) => n + l.appointmentsNotWritten, 0);
  const severity =
    a.status === 'auth_revoked'
      ? 'error'
      : a.status === 'error' || notWritten > 0
        ? 'warning'
        : 'success';
  const syncNow = async () => {
    setProblem(null);
    try {
      await call('calendars/syncNow', { accountId: a.id });
    } catch (err) {
      setProblem(asApiError(err).message);
    }
  };
  const setLink = async (
    linkId: number,
    change: { busy?: boolean; receivesAppointments?: boolean },
  ) => {
    setProblem(null);
    try {
      await call('calendars/setLink', { linkId, ...change });
    } catch (err) {
      setProblem(asApiError(err).message);
    }
  };
  const queued = a.syncing === null && a.nextRunMs !== null && a.nextRunMs <= Date.now() + 1000;
  return (
    <Box
      role="group"
      aria-label={`Calendar account ${a.label}`}
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5 }}
    >
      <Stack direction="row" spacing={1} alignItems="center" sx={{ flexWrap: 'wrap' }}>
        <Typography sx={{ fontWeight: 600 }}>{providerName}</Typography>
        <Typography color="text.secondary">
          {a.kind === 'google' ? 'Google' : 'CalDAV'} · {a.label}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button
          size="small"
          variant="outlined"
          onClick={() => void syncNow()}
          disabled={a.syncing !== null || a.status === 'auth_revoked'}
        >
          Sync now
        </Button>
      </Stack>
      <Alert severity={severity} sx={{ mt: 1 }} data-testid="sync-health">
        {a.healthText}
      </Alert>
      {a.syncing && (
        <Box sx={{ mt: 1 }} aria-live="polite">
          <Typography variant="body2">{a.syncing.step}…</Typography>
          <LinearProgress
            variant={a.syncing.total ? 'determinate' : 'indeterminate'}
            value={a.syncing.total ? (100 * a.syncing.done) / a.syncing.total : 0}
            aria-label={`Syncing ${a.label}`}
          />
        </Box>
      )}
      {!a.syncing && queued && (
        <Typography variant="body2" sx={{ mt: 1 }} aria-live="polite">
          Sync queued…
        </Typography>
      )}
      <Typography variant="body2" sx={{ mt: 1 }}>
        Last success: {when(desk.zone, a.lastSuccessMs, 'never')} · Next run:{' '}
        {a.status === 'auth_revoked'
          ? 'after signing in again'
          : when(desk.zone, a.nextRunMs, 'not planned')}
      </Typography>
      {problem && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {problem}
        </Alert>
      )}
      <Stack spacing={0.5} sx={{ mt: 1 }}>
        {a.calendars.map((l) => (
          <Stack
            key={l.id}
            direction="row"
            spacing={1}
            alignItems="center"
            sx={{ flexWrap: 'wrap' }}
          >
            <Typography sx={{ minWidth: 160 }}>{l.name}</Typography>
            <FormControlLabel
              control={
                <Checkbox
                  checked={l.busy}
                  onChange={(e) => void setLink(l.id, { busy: e.target.checked })}
                />
              }
              label="Counts as busy"
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={l.receivesAppointments}
                  onChange={(e) => void setLink(l.id, { receivesAppointments: e.target.checked })}
                />
              }
              label="Receives appointments"
            />
            <Typography variant="body2" color="text.secondary">
              {l.busyBlocks} busy blocks · read {when(desk.zone, l.lastSyncMs, 'never')}
            </Typography>
            {l.appointmentsNotWritten > 0 && (
              <Chip
                color="warning"
                size="small"
                label={`${l.appointmentsNotWritten} appointment(s) not written: changed in the calendar app`}
              />
            )}
            {l.lastError && <Chip color="warning" size="small" label={l.lastError} />}
          </Stack>
        ))}
      </Stack>
    </Box>
  );
}

export function ConflictQueue() {
  const desk = useDesk();
  const conflicts = useLiveQuery('calendars/conflicts', {}, [...TOPICS, 'appointments']);
  const [problem, setProblem] = useState<string | null>(null);
  const decide = async (c: Conflict, action: 'keep' | 'reschedule' | 'notify') => {
    setProblem(null);
    try {
      await call('calendars/resolveConflict', { conflictId: c.id, action });
      if (action === 'reschedule') desk.openAppointment(c.appointment.id);
    } catch (err) {
      setProblem(asApiError(err).message);
    }
  };
  const list = conflicts.data ?? [];
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Calendar conflicts">
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        Conflicts {list.length > 0 && <Chip size="small" color="warning" label={list.length} />}
      </Typography>
      {problem && <Alert severity="error">{problem}</Alert>}
      {list.length === 0 && (
        <Typography color="text.secondary">
          No conflicts: no provider calendar is busy over a booked appointment.
        </Typography>
      )}
      <Stack spacing={1}>
        {list.map((c) => (
          <Box
            key={c.id}
            role="group"
            aria-label={`Conflict for ${c.appointment.providerName ?? ''} at ${when(desk.zone, c.appointment.startMs, '')}`}
            sx={{ border: 1, borderColor: 'warning.light', borderRadius: 1, p: 1.5 }}
          >
            <Typography>
              <strong>{c.appointment.providerName}</strong> is busy in “{c.busy.calendar}”{' '}
              {when(desk.zone, c.busy.startMs, '')}–
              {DateTime.fromMillis(c.busy.endMs).setZone(desk.zone).toFormat('h:mm a')}, over{' '}
              {c.appointment.patientName}’s appointment at{' '}
              {when(desk.zone, c.appointment.startMs, '')} ({c.appointment.confirmationCode}).
            </Typography>
            <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
              <Button size="small" onClick={() => void decide(c, 'keep')}>
                Keep
              </Button>
              <Button size="small" onClick={() => void decide(c, 'reschedule')}>
                Reschedule
              </Button>
              <Button size="small" onClick={() => void decide(c, 'notify')}>
                Provider notified
              </Button>
            </Stack>
          </Box>
        ))}
      </Stack>
    </Paper>
  );
}

type NotWritten = ApiOutput<'calendars/health'>['notWrittenDetails'][number];
type NotWrittenChoice = 'overwrite' | 'keepProviders' | 'stopSyncing';

/**
 * Appointments a provider's calendar refused (the provider changed the clinic's event there):
 * each is named with where the provider's copy sits now, and staff choose what happens.
 */
export function NotWrittenQueue() {
  const desk = useDesk();
  const health = useLiveQuery('calendars/health', {}, [...TOPICS, 'appointments']);
  const [problem, setProblem] = useState<string | null>(null);
  const decide = async (n: NotWritten, choice: NotWrittenChoice) => {
    setProblem(null);
    try {
      await call('calendars/resolveNotWritten', {
        appointmentId: n.appointmentId,
        linkId: n.linkId,
        choice,
      });
    } catch (err) {
      setProblem(asApiError(err).message);
    }
  };
  const list = health.data?.notWrittenDetails ?? [];
  if (list.length === 0 && !problem) return null;
  const span = (startMs: number | null, endMs: number | null) =>
    startMs === null
      ? 'an unknown time'
      : `${when(desk.zone, startMs, '')}${endMs === null ? '' : `–${DateTime.fromMillis(endMs).setZone(desk.zone).toFormat('h:mm a')}`}`;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      component="section"
      aria-label="Appointments not written to a provider's calendar"
    >
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        Not in the provider’s calendar <Chip size="small" color="error" label={list.length} />
      </Typography>
      {problem && <Alert severity="error">{problem}</Alert>}
      <Stack spacing={1}>
        {list.map((n) => (
          <Box
            key={`${n.appointmentId}-${n.linkId}`}
            role="group"
            aria-label={`Not written: ${n.patientName ?? ''} with ${n.providerName ?? ''}`}
            sx={{ border: 1, borderColor: 'error.light', borderRadius: 1, p: 1.5 }}
          >
            <Typography>
              <strong>{n.providerName}</strong>: {n.patientName}’s{' '}
              {n.status === 'cancelled' ? 'cancelled ' : ''}appointment {span(n.startMs, n.endMs)} (
              {n.confirmationCode}) could not be{' '}
              {n.status === 'cancelled' ? 'removed from' : 'written to'} “{n.calendar}”.
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {n.providerCopy
                ? `The provider's calendar shows it ${span(n.providerCopy.startMs, n.providerCopy.endMs)}.`
                : 'The provider changed or removed it in their calendar.'}{' '}
              {n.message}
            </Typography>
            <Stack direction="row" spacing={1} sx={{ mt: 1 }} flexWrap="wrap" useFlexGap>
              <Button size="small" onClick={() => void decide(n, 'overwrite')}>
                {n.status === 'cancelled' ? 'Remove it anyway' : 'Use the clinic’s time'}
              </Button>
              <Button size="small" onClick={() => void decide(n, 'keepProviders')}>
                Keep the provider’s copy
              </Button>
              <Button size="small" onClick={() => void decide(n, 'stopSyncing')}>
                Stop syncing this appointment
              </Button>
              <Button size="small" onClick={() => desk.openAppointment(n.appointmentId)}>
                Open appointment
              </Button>
            </Stack>
          </Box>
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * Google requires every app to register its own OAuth client, so the clinic enters the client id
 * (and the secret Google issues with a "Desktop app" client, which is not a secret there: RFC 8252
 * §8.5). They are remembered on this computer, so the next provider needs only a click.
 */
const CLIENT_ID_KEY = 'clinicdesk.google.clientId';
const CLIENT_SECRET_KEY = 'clinicdesk.google.clientSecret';

function remembered(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? '';
  } catch {
    return ''; // storage switched off in this browser: the field simply starts empty
  }
}

function remember(key: string, value: string): void {
  try {
    if (value) window.localStorage.setItem(key, value);
    else window.localStorage.removeItem(key);
  } catch {
    // Not remembered; the sign-in itself does not need it.
  }
}

/** Which provider an account is connected for (both connect forms). */
function ProviderPicker(props: {
  providers: readonly { id: number; displayName: string }[];
  value: string;
  onChange: (e: React.ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <TextField
      select
      size="small"
      label="Provider"
      value={props.value}
      onChange={props.onChange}
      sx={{ minWidth: 180 }}
    >
      {props.providers.map((p) => (
        <MenuItem key={p.id} value={String(p.id)}>
          {p.displayName}
        </MenuItem>
      ))}
    </TextField>
  );
}

function ConnectGoogle() {
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const [form, setForm] = useState(() => ({
    providerId: '',
    clientId: remembered(CLIENT_ID_KEY),
    clientSecret: remembered(CLIENT_SECRET_KEY),
    loginHint: '',
  }));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<{
    providerId: number;
    authUrl: string;
    startedMs: number;
  } | null>(null);
  const chosen = form.providerId ? Number(form.providerId) : null;
  const signIn = useLiveQuery(
    'calendars/googleSignInStatus',
    chosen === null ? null : { providerId: chosen },
    TOPICS,
  );
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  const connect = async () => {
    setProblem(null);
    setBusy(true);
    const clientId = form.clientId.trim();
    const clientSecret = form.clientSecret.trim();
    const loginHint = form.loginHint.trim();
    remember(CLIENT_ID_KEY, clientId);
    remember(CLIENT_SECRET_KEY, clientSecret);
    try {
      const r = await call('calendars/connectGoogle', {
        providerId: Number(form.providerId),
        clientId,
        ...(clientSecret ? { clientSecret } : {}),
        ...(loginHint ? { loginHint } : {}),
      });
      setStarted({ providerId: Number(form.providerId), ...r });
      // The desktop app's main process has opened the system browser already.
      if (!inDesktopApp()) window.open(r.authUrl, '_blank', 'noopener,noreferrer');
      signIn.reload();
    } catch (err) {
      setProblem(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  const status = signIn.data;
  const mine = started !== null && started.providerId === chosen ? started : null;
  // Until the status is read again, an older attempt's outcome is not this one's.
  const stale =
    mine !== null && (!status || status.state === 'none' || status.startedMs < mine.startedMs);
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      component="section"
      aria-label="Connect a Google calendar"
    >
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        Connect Google Calendar
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Uses your clinic&apos;s own Google OAuth client (Google Cloud console → APIs &amp; Services
        → Credentials → a &quot;Desktop app&quot; client). Its id and secret are remembered on this
        computer.
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <ProviderPicker
          providers={providers.data ?? []}
          value={form.providerId}
          onChange={set('providerId')}
        />
        <TextField
          size="small"
          label="Google OAuth client id"
          value={form.clientId}
          onChange={set('clientId')}
          placeholder="…apps.googleusercontent.com"
          sx={{ minWidth: 320 }}
        />
        <TextField
          size="small"
          label="Client secret"
          type="password"
          value={form.clientSecret}
          onChange={set('clientSecret')}
        />
        <TextField
          size="small"
          label="Provider's Google e-mail (optional)"
          value={form.loginHint}
          onChange={set('loginHint')}
          sx={{ minWidth: 240 }}
        />
        <Button
          variant="contained"
          onClick={() => void connect()}
          disabled={busy || chosen === null || form.clientId.trim() === ''}
        >
          Connect Google Calendar
        </Button>
      </Stack>
      {problem && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {problem}
        </Alert>
      )}
      {(stale || status?.state === 'waiting') && (
        <Alert severity="info" sx={{ mt: 1 }} aria-live="polite" data-testid="google-sign-in">
          Finish signing in in your browser…
          {mine && (
            <>
              {' '}
              If no browser tab opened,{' '}
              <a href={mine.authUrl} target="_blank" rel="noopener noreferrer">
                open the Google sign-in page
              </a>
              .
            </>
          )}
        </Alert>
      )}
      {!stale && status?.state === 'connected' && (
        <Alert severity="success" sx={{ mt: 1 }} aria-live="polite" data-testid="google-sign-in">
          Connected {status.label}. Its calendars appear under Sync health after the first sync.
        </Alert>
      )}
      {!stale && status?.state === 'failed' && (
        <Alert severity="error" sx={{ mt: 1 }} aria-live="polite" data-testid="google-sign-in">
          Google sign-in did not finish: {status.message}
        </Alert>
      )}
    </Paper>
  );
}

function ConnectCalDav() {
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const [form, setForm] = useState({ providerId: '', serverUrl: '', username: '', password: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const connect = async () => {
    setProblem(null);
    setDone(null);
    try {
      const a = await call('calendars/connectCaldav', {
        providerId: Number(form.providerId),
        serverUrl: form.serverUrl,
        username: form.username,
        password: form.password,
      });
      setForm({ ...form, password: '' });
      setDone(`Connected ${a.label}; its calendars appear after the first sync.`);
    } catch (err) {
      setProblem(asApiError(err).message);
    }
  };
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      component="section"
      aria-label="Connect a CalDAV calendar"
    >
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        Connect iCloud, Fastmail, Nextcloud (CalDAV)
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <ProviderPicker
          providers={providers.data ?? []}
          value={form.providerId}
          onChange={set('providerId')}
        />
        <TextField
          size="small"
          label="Server address"
          value={form.serverUrl}
          onChange={set('serverUrl')}
          placeholder="https://caldav.fastmail.com"
        />
        <TextField
          size="small"
          label="User name"
          value={form.username}
          onChange={set('username')}
        />
        <TextField
          size="small"
          label="App password"
          type="password"
          value={form.password}
          onChange={set('password')}
        />
        <Button variant="contained" onClick={() => void connect()}>
          Connect
        </Button>
      </Stack>
      {problem && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {problem}
        </Alert>
      )}
      {done && (
        <Alert severity="success" sx={{ mt: 1 }}>
          {done}
        </Alert>
      )}
    </Paper>
  );
}
