/**
 * Who is signed in on this desk, in the top bar, with what they do to their own session: lock the
 * screen, set an unlock PIN, change the password, switch user, sign out. An emergency (break-glass)
 * session is flagged here for as long as it lasts.
 */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  Menu,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { ApiError, call } from '../api/client';
import { ROLE_LABELS } from '../../../shared/permissions';
import { useAuth } from './AuthGate';
import { ChangePasswordForm } from './forms';

export function AccountMenu() {
  const auth = useAuth();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [dialog, setDialog] = useState<'pin' | 'password' | null>(null);
  if (!auth.user) return null;
  const close = () => setAnchor(null);
  const pick = (action: () => void) => () => {
    close();
    action();
  };
  return (
    <>
      {auth.breakGlass && (
        <Chip
          color="error"
          label="Emergency access"
          aria-label="Emergency access: this session is recorded as break-glass"
          sx={{ fontWeight: 700, bgcolor: '#b71c1c' }}
        />
      )}
      <Button
        color="inherit"
        aria-haspopup="menu"
        aria-label={`Account: ${auth.user.displayName}`}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ textTransform: 'none' }}
      >
        {auth.user.displayName} · {ROLE_LABELS[auth.user.role]}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={close}>
        <MenuItem onClick={pick(() => void auth.lock())}>Lock screen</MenuItem>
        <MenuItem onClick={pick(() => setDialog('pin'))}>
          {auth.hasPin ? 'Change unlock PIN…' : 'Set unlock PIN…'}
        </MenuItem>
        <MenuItem onClick={pick(() => setDialog('password'))}>Change password…</MenuItem>
        <Divider />
        <MenuItem onClick={pick(auth.switchUser)}>Switch user…</MenuItem>
        <MenuItem onClick={pick(() => void auth.signOut())}>Sign out</MenuItem>
      </Menu>
      {dialog === 'pin' && (
        <PinDialog
          hasPin={auth.hasPin}
          onClose={() => {
            setDialog(null);
            void auth.refresh();
          }}
        />
      )}
      {dialog === 'password' && (
        <ChangePasswordForm
          user={auth.user}
          onDone={() => setDialog(null)}
          onCancel={() => setDialog(null)}
        />
      )}
    </>
  );
}

function PinDialog(props: { hasPin: boolean; onClose: () => void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent | null, remove = false) {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('auth/setPin', { currentPassword, pin: remove ? null : pin });
      props.onClose();
    } catch (err) {
      setError(
        err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) }),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={props.onClose} aria-labelledby="pin-title">
      <form onSubmit={(e) => void save(e)} noValidate>
        <DialogTitle id="pin-title">Unlock PIN</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1, width: 340 }}>
            <Alert severity="info">
              A PIN of 4 to 8 digits unlocks your own locked screen, nothing else. Signing in still
              needs your password.
            </Alert>
            <TextField
              label="Your password"
              type="password"
              autoComplete="current-password"
              autoFocus
              value={currentPassword}
              error={error?.field === 'currentPassword'}
              onChange={(e) => setCurrentPassword(e.target.value)}
            />
            <TextField
              label="New PIN"
              type="password"
              slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 8 } }}
              value={pin}
              error={error?.field === 'pin'}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            />
            {error && <Alert severity="error">{error.message}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          {props.hasPin && (
            <Button
              color="error"
              disabled={busy || !currentPassword}
              onClick={() => void save(null, true)}
            >
              Remove PIN
            </Button>
          )}
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy || !currentPassword || !pin}>
            Save PIN
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
