import { useMemo, useState, type FormEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { ApiError, call } from '../api/client';
import { timeZoneChoices } from '../clinicTime';

/** First start of a new data folder: the demo clinic, or an empty clinic of one's own. */
export function SetupChoice({ onDone }: { onDone: () => void }) {
  const { zones, here } = useMemo(timeZoneChoices, []);
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(here);
  const [busy, setBusy] = useState<'demo' | 'empty' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function run(which: 'demo' | 'empty', action: () => Promise<unknown>) {
    setBusy(which);
    setError(null);
    try {
      await action();
      onDone();
    } catch (err) {
      setError(
        err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) }),
      );
    } finally {
      setBusy(null);
    }
  }

  function startEmpty(event: FormEvent) {
    event.preventDefault();
    void run('empty', () => call('setup/startEmpty', { name, timeZone }));
  }

  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);

  return (
    <Box component="main" sx={{ maxWidth: 880, mx: 'auto', px: 3, py: 6 }}>
      <Typography variant="h4" component="h1" gutterBottom>
        Welcome to ClinicDesk
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 4 }}>
        This data folder has no clinic yet. Choose how to start.
      </Typography>
      {error && !error.field && (
        <Alert severity="error" sx={{ mb: 3 }}>
          {error.message}
        </Alert>
      )}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} alignItems="stretch">
        <Card component="section" aria-labelledby="demo-title" variant="outlined" sx={{ flex: 1 }}>
          <CardContent>
            <Typography id="demo-title" variant="h6" component="h2" gutterBottom>
              Try the demo clinic
            </Typography>
            <Typography color="text.secondary">
              A sample clinic with providers, schedules and appointments to explore ClinicDesk. Keep
              real patients in a data folder of their own.
            </Typography>
          </CardContent>
          <CardActions sx={{ px: 2, pb: 2 }}>
            <Button
              variant="outlined"
              disabled={busy !== null}
              onClick={() => void run('demo', () => call('setup/loadDemo', {}))}
            >
              {busy === 'demo' ? 'Loading the demo…' : 'Load the demo clinic'}
            </Button>
          </CardActions>
        </Card>
        <Card component="section" aria-labelledby="empty-title" variant="outlined" sx={{ flex: 1 }}>
          <form onSubmit={startEmpty} aria-labelledby="empty-title" noValidate>
            <CardContent>
              <Typography id="empty-title" variant="h6" component="h2" gutterBottom>
                Start an empty clinic
              </Typography>
              <Stack spacing={2} sx={{ mt: 1 }}>
                <TextField
                  label="Clinic name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  required
                  autoFocus
                  error={fieldError('name') !== undefined}
                  helperText={fieldError('name')}
                />
                <TextField
                  select
                  label="Time zone"
                  value={timeZone}
                  onChange={(e) => setTimeZone(e.target.value)}
                  slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                  error={fieldError('timeZone') !== undefined}
                  helperText={
                    fieldError('timeZone') ??
                    'Where the clinic is; every time is shown in this zone.'
                  }
                >
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z.replaceAll('_', ' ')}
                    </option>
                  ))}
                </TextField>
              </Stack>
            </CardContent>
            <CardActions sx={{ px: 2, pb: 2 }}>
              <Button type="submit" variant="contained" disabled={busy !== null}>
                {busy === 'empty' ? 'Starting…' : 'Start an empty clinic'}
              </Button>
            </CardActions>
          </form>
        </Card>
      </Stack>
    </Box>
  );
}
