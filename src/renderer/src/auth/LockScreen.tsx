/**
 * The locked screen: opaque, over the desk that stays as it was beneath it. Only the signed-in
 * person unlocks it (password, or their PIN); anyone else switches user or signs them out.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { ApiError, call } from '../api/client';
import type { SignedInUser } from '../../../shared/permissions';
import { AuthCard } from './forms';

export function LockScreen(props: {
  user: SignedInUser;
  hasPin: boolean;
  onUnlocked: () => void;
  onSignedOut: () => void;
  onSwitchUser: () => void;
}) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('auth/unlock', { secret });
      props.onUnlocked();
    } catch (err) {
      const signedOut = err instanceof ApiError && /signed out|Sign in again/.test(err.message);
      if (signedOut) props.onSignedOut();
      setError(err instanceof ApiError ? err.message : String(err));
      setSecret('');
    } finally {
      setBusy(false);
    }
  }

  async function signOut() {
    try {
      await call('auth/signOut', {});
    } finally {
      props.onSignedOut();
    }
  }

  return (
    <AuthCard title="Screen locked" overlay>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        <Typography>
          <strong>{props.user.displayName}</strong> is signed in. Unlock with your{' '}
          {props.hasPin ? 'PIN or password' : 'password'}; your screen is as you left it.
        </Typography>
        <TextField
          label={props.hasPin ? 'PIN or password' : 'Password'}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        {error && <Alert severity="error">{error}</Alert>}
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" disabled={busy || !secret}>
            Unlock
          </Button>
          <Box sx={{ flex: 1 }} />
          <Button onClick={props.onSwitchUser}>Switch user</Button>
          <Button onClick={() => void signOut()}>Sign out</Button>
        </Stack>
      </Stack>
    </AuthCard>
  );
}
