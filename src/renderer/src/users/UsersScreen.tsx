/**
 * "Users" (administrators): every staff account with its role and state; add someone, rename them
 * or change their role, give a temporary password, deactivate (their open sessions end at once)
 * or reactivate. The server refuses all of it to anyone without users.manage.
 */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { ApiError, call } from '../api/client';
import type { ApiOutput } from '../../../core/api/types';
import { useLiveQuery } from '../live';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/permissions';
import { useAuth } from '../auth/AuthGate';

type StaffUser = ApiOutput<'users/list'>[number];
type Editing =
  { kind: 'new' } | { kind: 'edit'; user: StaffUser } | { kind: 'reset'; user: StaffUser };

const asError = (err: unknown) =>
  err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) });

export function UsersScreen() {
  const users = useLiveQuery('users/list', {}, ['users']);
  const auth = useAuth();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function setActive(u: StaffUser, active: boolean) {
    setError(null);
    setDone(null);
    try {
      if (active) {
        await call('users/reactivate', { userId: u.id });
        setDone(`${u.displayName} can sign in again.`);
      } else {
        const r = await call('users/deactivate', { userId: u.id });
        setDone(
          `${u.displayName} is deactivated${r.sessionsEnded ? ` and was signed out of ${r.sessionsEnded} desk${r.sessionsEnded === 1 ? '' : 's'}` : ''}.`,
        );
      }
    } catch (err) {
      setError(asError(err));
    }
  }

  return (
    <Box component="section" aria-labelledby="users-title" sx={{ p: 2, maxWidth: 980 }}>
      <Stack direction="row" alignItems="center" spacing={2} sx={{ mb: 2 }}>
        <Typography id="users-title" variant="h5" component="h2" sx={{ fontWeight: 700 }}>
          Staff accounts
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button variant="contained" onClick={() => setEditing({ kind: 'new' })}>
          Add user
        </Button>
      </Stack>
      {users.error && <Alert severity="error">{users.error.message}</Alert>}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => setError(null)}>
          {error.message}
        </Alert>
      )}
      {done && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      <Table size="small" aria-label="Staff accounts">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Username</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>State</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(users.data ?? []).map((u) => (
            <TableRow key={u.id} sx={u.active ? undefined : { opacity: 0.6 }}>
              <TableCell>
                {u.displayName}
                {u.id === auth.user?.id && (
                  <Typography component="span" variant="body2" color="text.secondary">
                    {' '}
                    (you)
                  </Typography>
                )}
              </TableCell>
              <TableCell>{u.username}</TableCell>
              <TableCell>{ROLE_LABELS[u.role]}</TableCell>
              <TableCell>
                <Stack direction="row" spacing={0.5}>
                  <Chip
                    size="small"
                    label={u.active ? 'Active' : 'Deactivated'}
                    color={u.active ? 'success' : 'default'}
                  />
                  {u.mustChangePassword && u.active && (
                    <Chip size="small" variant="outlined" label="Temporary password" />
                  )}
                </Stack>
              </TableCell>
              <TableCell align="right">
                <Button size="small" onClick={() => setEditing({ kind: 'edit', user: u })}>
                  Edit
                </Button>
                <Button size="small" onClick={() => setEditing({ kind: 'reset', user: u })}>
                  Reset password
                </Button>
                {u.active ? (
                  <Button
                    size="small"
                    color="error"
                    disabled={u.id === auth.user?.id}
                    onClick={() => void setActive(u, false)}
                  >
                    Deactivate
                  </Button>
                ) : (
                  <Button size="small" onClick={() => void setActive(u, true)}>
                    Reactivate
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && (
        <UserDialog
          editing={editing}
          onClose={(message) => {
            setEditing(null);
            if (message) setDone(message);
          }}
        />
      )}
    </Box>
  );
}

function UserDialog(props: { editing: Editing; onClose: (done?: string) => void }) {
  const { editing } = props;
  const existing = editing.kind === 'new' ? null : editing.user;
  const [displayName, setDisplayName] = useState(existing?.displayName ?? '');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>(existing?.role ?? 'front_desk');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const title =
    editing.kind === 'new'
      ? 'Add user'
      : editing.kind === 'edit'
        ? `Edit ${editing.user.displayName}`
        : `Reset the password of ${editing.user.displayName}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (editing.kind === 'new') {
        const u = await call('users/create', { displayName, username, role, password });
        props.onClose(`${u.displayName} can sign in as ${u.username} with the temporary password.`);
      } else if (editing.kind === 'edit') {
        await call('users/update', { userId: editing.user.id, displayName, role });
        props.onClose(`${displayName} is saved.`);
      } else {
        await call('users/resetPassword', { userId: editing.user.id, password });
        props.onClose(
          `${editing.user.displayName} has a temporary password and was signed out everywhere.`,
        );
      }
    } catch (err) {
      setError(asError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={() => props.onClose()} aria-labelledby="user-dialog-title">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id="user-dialog-title">{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1, width: 380 }}>
            {editing.kind !== 'reset' && (
              <TextField
                label="Name"
                autoFocus
                value={displayName}
                error={error?.field === 'displayName'}
                onChange={(e) => setDisplayName(e.target.value)}
              />
            )}
            {editing.kind === 'new' && (
              <TextField
                label="Username"
                value={username}
                error={error?.field === 'username'}
                onChange={(e) => setUsername(e.target.value)}
              />
            )}
            {editing.kind !== 'reset' && (
              <TextField
                select
                label="Role"
                value={role}
                onChange={(e) => setRole(e.target.value as Role)}
              >
                {ROLES.map((r) => (
                  <MenuItem key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </MenuItem>
                ))}
              </TextField>
            )}
            {editing.kind !== 'edit' && (
              <TextField
                label="Temporary password"
                type="password"
                autoComplete="new-password"
                autoFocus={editing.kind === 'reset'}
                helperText="At least 12 characters. They choose their own at their next sign-in."
                value={password}
                error={error?.field === 'password'}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
            {error && <Alert severity="error">{error.message}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => props.onClose()}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {editing.kind === 'reset' ? 'Reset password' : 'Save'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
