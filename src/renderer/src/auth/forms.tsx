/**
 * The sign-in page (with emergency access for an administrator), the first administrator's form,
 * and the person's own password change (forced after an administrator's reset). Messages are the
 * server's: it alone knows why a password is refused.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Link,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { ApiError, call } from '../api/client';
import type { SignedInUser } from '../../../shared/permissions';

function message(err: unknown): string {
  return err instanceof ApiError ? err.message : String(err);
}

/** A centred card on the page, or over the desk (switch user) on an opaque backdrop. */
export function AuthCard(props: { title: string; overlay?: boolean; children: ReactNode }) {
  return (
    <Box
      {...(props.overlay ? { role: 'dialog', 'aria-modal': true, 'aria-label': props.title } : {})}
      sx={{
        display: 'flex',
        justifyContent: 'center',
        alignItems: 'flex-start',
        pt: 10,
        px: 2,
        ...(props.overlay
          ? { position: 'fixed', inset: 0, zIndex: 1400, bgcolor: 'background.default' }
          : { minHeight: '100vh', bgcolor: 'background.default' }),
      }}
    >
      <Card component="section" aria-label={props.title} sx={{ width: 420, maxWidth: '100%' }}>
        <CardContent>
          <Typography variant="overline" color="primary" sx={{ fontWeight: 700 }}>
            ClinicDesk
          </Typography>
          <Typography variant="h5" component="h1" sx={{ mb: 2, fontWeight: 700 }}>
            {props.title}
          </Typography>
          {props.children}
        </CardContent>
      </Card>
    </Box>
  );
}

export function SignInForm(props: {
  notice?: string | null;
  title?: string;
  overlay?: boolean;
  onDone: () => void | Promise<void>;
  onCancel?: () => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [emergency, setEmergency] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('auth/signIn', {
        username,
        password,
        ...(emergency ? { breakGlassReason: reason } : {}),
      });
      await props.onDone();
    } catch (err) {
      setError(message(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title={props.title ?? 'Sign in'} {...(props.overlay ? { overlay: true } : {})}>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        {props.notice && <Alert severity="info">{props.notice}</Alert>}
        <TextField
          label="Username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {emergency && (
          <>
            <Alert severity="warning">
              Emergency access is for administrators when an account is locked out. It is recorded
              in the audit trail with your reason and shown on the screen while you work.
            </Alert>
            <TextField
              label="Reason for emergency access"
              multiline
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </>
        )}
        {error && <Alert severity="error">{error}</Alert>}
        <Stack direction="row" spacing={1} alignItems="center">
          <Button
            type="submit"
            variant="contained"
            color={emergency ? 'error' : 'primary'}
            disabled={
              busy || !username.trim() || !password || (emergency && reason.trim().length < 5)
            }
          >
            {emergency ? 'Emergency sign-in' : 'Sign in'}
          </Button>
          {props.onCancel && <Button onClick={props.onCancel}>Cancel</Button>}
          <Box sx={{ flex: 1 }} />
          <Link component="button" type="button" onClick={() => setEmergency(!emergency)}>
            {emergency ? 'Normal sign-in' : 'Emergency access'}
          </Link>
        </Stack>
      </Stack>
    </AuthCard>
  );
}

export function FirstAdminForm(props: { onDone: () => void | Promise<void> }) {
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('auth/createFirstAdmin', { displayName, username, password });
      await props.onDone();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Create the administrator">
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        <Typography variant="body2" color="text.secondary">
          This is the first start of ClinicDesk on this data folder. The administrator adds the
          staff accounts and can reset their passwords.
        </Typography>
        <TextField
          label="Your name"
          autoFocus
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <TextField
          label="Username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <NewPasswordFields
          label="Password"
          value={password}
          onChange={setPassword}
          confirm={confirm}
          onConfirm={setConfirm}
        />
        {error && <Alert severity="error">{error}</Alert>}
        <Box>
          <Button
            type="submit"
            variant="contained"
            disabled={
              busy || !displayName.trim() || !username.trim() || !password || confirm !== password
            }
          >
            Create administrator
          </Button>
        </Box>
      </Stack>
    </AuthCard>
  );
}

export function ChangePasswordForm(props: {
  user: SignedInUser;
  /** After an administrator's reset: nothing else until it is done. */
  forced?: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('auth/changePassword', { currentPassword: current, newPassword: next });
      props.onDone();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Choose a new password" {...(props.forced ? {} : { overlay: true })}>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        {props.forced && (
          <Alert severity="info">
            {props.user.displayName}, your password was set by an administrator. Choose your own
            before you continue.
          </Alert>
        )}
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <NewPasswordFields
          label="New password"
          value={next}
          onChange={setNext}
          confirm={confirm}
          onConfirm={setConfirm}
        />
        {error && <Alert severity="error">{error}</Alert>}
        <Stack direction="row" spacing={1}>
          <Button
            type="submit"
            variant="contained"
            disabled={busy || !current || !next || confirm !== next}
          >
            Change password
          </Button>
          <Button onClick={props.onCancel}>{props.forced ? 'Sign out' : 'Cancel'}</Button>
        </Stack>
      </Stack>
    </AuthCard>
  );
}

/** A new password typed twice; the second field says at once when the two differ. */
function NewPasswordFields(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  confirm: string;
  onConfirm(value: string): void;
}) {
  const mismatch = props.confirm !== '' && props.confirm !== props.value;
  return (
    <>
      <TextField
        label={props.label}
        type="password"
        autoComplete="new-password"
        helperText="At least 12 characters; a short sentence works well."
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <TextField
        label={`${props.label} again`}
        type="password"
        autoComplete="new-password"
        error={mismatch}
        helperText={mismatch ? 'The two passwords differ.' : ' '}
        value={props.confirm}
        onChange={(e) => props.onConfirm(e.target.value)}
      />
    </>
  );
}
