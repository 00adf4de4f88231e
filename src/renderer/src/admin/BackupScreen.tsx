/**
 * Backups: where they go and whether the last one is good; set the folder and passphrase; back up
 * now; restore one (after the other desks have stopped). The passphrase is typed, sent once and
 * forgotten: ClinicDesk keeps only a key derived from it, sealed.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';

type Backup = ApiOutput<'backup/status'>['restorable'][number];

const size = (bytes: number | null) =>
  bytes === null
    ? ''
    : bytes > 1e6
      ? `${(bytes / 1e6).toFixed(1)} MB`
      : `${Math.ceil(bytes / 1e3)} kB`;

export function BackupScreen() {
  const desk = useDesk();
  const status = useLiveQuery('backup/status', {}, ['backups']);
  const s = status.data;
  const [folder, setFolder] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<Backup | null>(null);
  const [restorePass, setRestorePass] = useState('');
  const [restoreError, setRestoreError] = useState<string | null>(null);

  const when = (ms: number) =>
    DateTime.fromMillis(ms, { zone: desk.zone }).toFormat('ccc LLL d, yyyy h:mm a');
  const shownFolder = folder ?? s?.settings.folder ?? '';

  async function save() {
    setBusy('save');
    setErrors({});
    try {
      await call('backup/configure', {
        folder: shownFolder,
        ...(passphrase ? { passphrase } : {}),
      });
      setPassphrase('');
      setFolder(null);
      desk.notify('Backup settings saved.', 'success');
    } catch (err) {
      const e = asApiError(err);
      setErrors({ [e.field ?? 'form']: e.message });
    } finally {
      setBusy(null);
    }
  }

  async function backupNow() {
    setBusy('now');
    try {
      const b = await call('backup/now', {});
      desk.notify(`Backup written and verified (${size(b.bytes)}).`, 'success');
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    } finally {
      setBusy(null);
    }
  }

  async function restore() {
    if (!restoring) return;
    setBusy('restore');
    setRestoreError(null);
    try {
      const r = await call('backup/restore', {
        file: restoring.file,
        ...(restorePass ? { passphrase: restorePass } : {}),
      });
      setRestoring(null);
      setRestorePass('');
      desk.notify(
        `Restored the backup of ${when(r.createdMs)}. The database it replaced is kept as ${r.keptAside}.`,
        'success',
      );
    } catch (err) {
      setRestoreError(asApiError(err).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Box sx={{ p: 2, maxWidth: 1100 }} component="section" aria-labelledby="backup-title">
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography id="backup-title" variant="h5" component="h2" sx={{ fontWeight: 700 }}>
          Backups
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button
          variant="contained"
          onClick={() => void backupNow()}
          disabled={!s?.settings.configured || busy !== null}
        >
          {busy === 'now' ? 'Backing up…' : 'Back up now'}
        </Button>
      </Stack>
      {status.error && <Alert severity="error">{status.error.message}</Alert>}
      {s && (
        <Stack spacing={1.5}>
          {s.warning ? (
            <Alert severity="warning" data-testid="backup-state">
              {s.warning}
            </Alert>
          ) : (
            s.lastGood && (
              <Alert severity="success" data-testid="backup-state">
                Last verified backup: {when(s.lastGood.startedMs)} ({size(s.lastGood.bytes)},{' '}
                {s.lastGood.counts?.appointments ?? 0} appointments,{' '}
                {s.lastGood.counts?.patients ?? 0} patients).
              </Alert>
            )
          )}
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
              Where and how
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
              Every 4 hours while ClinicDesk is open, and each night. Use a USB drive or a network
              folder, not this PC&apos;s data folder. Backups are encrypted with the passphrase; a
              restore on another PC needs it, so keep it somewhere safe.
            </Typography>
            <Stack direction="row" spacing={1.5} alignItems="flex-start">
              <TextField
                size="small"
                label="Backup folder"
                value={shownFolder}
                onChange={(e) => setFolder(e.target.value)}
                error={!!errors.folder}
                helperText={errors.folder ?? 'A full path, e.g. E:\\ClinicDesk backups'}
                sx={{ flex: 2 }}
              />
              <TextField
                size="small"
                type="password"
                label={s.settings.configured ? 'New passphrase (optional)' : 'Backup passphrase'}
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
                error={!!errors.passphrase}
                helperText={errors.passphrase ?? 'At least 12 characters'}
                autoComplete="new-password"
                sx={{ flex: 1 }}
              />
              <Button variant="outlined" onClick={() => void save()} disabled={busy !== null}>
                {busy === 'save' ? 'Saving…' : 'Save'}
              </Button>
            </Stack>
            {errors.form && (
              <Alert severity="error" sx={{ mt: 1 }}>
                {errors.form}
              </Alert>
            )}
          </Paper>
          <Paper variant="outlined">
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, p: 2, pb: 0 }}>
              Restore
            </Typography>
            <Table size="small" aria-label="Verified backups">
              <TableHead>
                <TableRow>
                  <TableCell>Made</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell align="right">Size</TableCell>
                  <TableCell align="right">Patients</TableCell>
                  <TableCell align="right">Appointments</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {s.restorable.map((b) => (
                  <TableRow key={b.id} hover>
                    <TableCell>{when(b.startedMs)}</TableCell>
                    <TableCell>{b.reason}</TableCell>
                    <TableCell align="right">{size(b.bytes)}</TableCell>
                    <TableCell align="right">{b.counts?.patients ?? ''}</TableCell>
                    <TableCell align="right">{b.counts?.appointments ?? ''}</TableCell>
                    <TableCell align="right">
                      <Button size="small" onClick={() => setRestoring(b)}>
                        Restore…
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
                {s.restorable.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={6}>No verified backup yet.</TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </Paper>
        </Stack>
      )}
      <Dialog open={restoring !== null} onClose={() => setRestoring(null)} maxWidth="sm" fullWidth>
        <DialogTitle>
          Restore the backup of {restoring ? when(restoring.startedMs) : ''}?
        </DialogTitle>
        <DialogContent>
          <Alert severity="warning" sx={{ mb: 2 }}>
            Ask the other desks to close ClinicDesk first. Everything entered after this backup is
            replaced; the current database is kept aside in the data folder.
          </Alert>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {restoring?.counts?.patients ?? 0} patients, {restoring?.counts?.appointments ?? 0}{' '}
            appointments. The backup is checked before anything is replaced.
          </Typography>
          <TextField
            size="small"
            type="password"
            fullWidth
            label="Passphrase (only if it was made with another one)"
            value={restorePass}
            onChange={(e) => setRestorePass(e.target.value)}
          />
          {restoreError && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {restoreError}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRestoring(null)}>Cancel</Button>
          <Button
            color="error"
            variant="contained"
            onClick={() => void restore()}
            disabled={busy !== null}
          >
            {busy === 'restore' ? 'Restoring…' : 'Restore'}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
