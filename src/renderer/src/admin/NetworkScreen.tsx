/**
 * Network (second desk): one PC holds the data and serves the office network over HTTPS; the
 * other desks open its address and trust its certificate once, after comparing the fingerprint
 * shown here with the one their browser shows. A change applies at once: the desks that are open
 * are told the new address (core/host/officeHost.ts).
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  FormControlLabel,
  MenuItem,
  Paper,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';

const DEFAULT_PORT = 5443;

export function NetworkScreen() {
  const desk = useDesk();
  const status = useLiveQuery('network/status', {}, ['settings']);
  const s = status.data;
  const [address, setAddress] = useState<string | null>(null);
  const [port, setPort] = useState<string | null>(null);
  const [trustProxy, setTrustProxy] = useState<boolean | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const shownAddress = address ?? s?.configured?.address ?? s?.addresses[0]?.address ?? '';
  const shownPort = port ?? String(s?.configured?.port ?? DEFAULT_PORT);
  const shownTrustProxy = trustProxy ?? s?.trustProxy ?? false;

  async function save(enabled: boolean) {
    setBusy(true);
    setErrors({});
    try {
      const now = await call(
        'network/configure',
        enabled
          ? {
              enabled: true,
              address: shownAddress,
              port: Number(shownPort),
              trustProxy: shownTrustProxy,
            }
          : { enabled: false },
      );
      setAddress(null);
      setPort(null);
      setTrustProxy(null);
      desk.notify(
        enabled
          ? `Other desks now open ${now.servingUrl ?? 'this PC'}; desks that were open were told.`
          : 'Only this PC can open ClinicDesk now; desks that were open were told.',
        'success',
      );
    } catch (err) {
      const e = asApiError(err);
      setErrors({ [e.field ?? 'form']: e.message });
    } finally {
      setBusy(false);
    }
  }

  const serving = s?.servingUrl?.startsWith('https://') ? s.servingUrl : null;
  return (
    <Box sx={{ p: 2, maxWidth: 1100 }} component="section" aria-labelledby="network-title">
      <Typography id="network-title" variant="h5" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Network (second desk)
      </Typography>
      {status.error && <Alert severity="error">{status.error.message}</Alert>}
      {s && !s.available && (
        <Alert severity="info">
          Other desks connect to the PC that holds the data. Open this screen in ClinicDesk on that
          PC to turn the office network on.
        </Alert>
      )}
      {s?.available && (
        <Stack spacing={1.5}>
          <Alert severity={serving ? 'success' : 'info'} data-testid="network-state">
            {serving
              ? `Other desks open ${serving} in their browser.`
              : 'Only this PC can open ClinicDesk now.'}
          </Alert>
          {s.problem && (
            <Alert severity="warning" data-testid="network-problem">
              {s.problem} Choose another address or port below.
            </Alert>
          )}
          {s.certificate && (
            <Paper variant="outlined" sx={{ p: 2 }}>
              <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
                Certificate fingerprint
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                The first time a desk opens the address, its browser warns that it does not know
                this certificate. Open the certificate details there and check that its SHA-256
                fingerprint is exactly this one before you continue. If it differs, stop and call
                whoever looks after the office network.
              </Typography>
              <Typography
                component="code"
                data-testid="certificate-fingerprint"
                aria-label="SHA-256 fingerprint"
                sx={{
                  display: 'block',
                  fontFamily: 'monospace',
                  fontSize: 15,
                  letterSpacing: 0.5,
                  wordBreak: 'break-all',
                  bgcolor: 'action.hover',
                  p: 1,
                  borderRadius: 1,
                }}
              >
                {s.certificate.fingerprint256}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                Valid for {s.certificate.names.join(', ')} until{' '}
                {s.certificate.notAfter.slice(0, 10)}.
              </Typography>
            </Paper>
          )}
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
              Serve the office network
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
              Choose this PC&apos;s network card that the other desks reach. ClinicDesk answers
              there over HTTPS only, and only to signed-in staff.
            </Typography>
            <Stack direction="row" spacing={1.5} alignItems="flex-start">
              <TextField
                select={s.addresses.length > 0}
                size="small"
                label="This PC's address"
                value={shownAddress}
                onChange={(e) => setAddress(e.target.value)}
                error={!!errors.address}
                helperText={errors.address ?? 'Such as 192.168.1.20'}
                sx={{ flex: 2 }}
              >
                {s.addresses.map((a) => (
                  <MenuItem key={a.address} value={a.address}>
                    {a.address} ({a.name})
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                size="small"
                label="Port"
                value={shownPort}
                onChange={(e) => setPort(e.target.value)}
                error={!!errors.port}
                helperText={errors.port ?? '1024–65535'}
                inputProps={{ inputMode: 'numeric' }}
                sx={{ width: 140 }}
              />
              <Button
                variant="contained"
                onClick={() => void save(true)}
                disabled={busy || !shownAddress}
              >
                Serve this address
              </Button>
              {s.configured && (
                <Button variant="outlined" onClick={() => void save(false)} disabled={busy}>
                  This PC only
                </Button>
              )}
            </Stack>
            <FormControlLabel
              sx={{ mt: 1.5, alignItems: 'flex-start' }}
              control={
                <Switch
                  checked={shownTrustProxy}
                  onChange={(e) => setTrustProxy(e.target.checked)}
                  inputProps={{ 'aria-describedby': 'trust-proxy-help' }}
                />
              }
              label={
                <Box sx={{ pt: 0.75 }}>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    Answer through a reverse proxy this clinic runs
                  </Typography>
                  <Typography
                    id="trust-proxy-help"
                    variant="body2"
                    color="text.secondary"
                    sx={{ maxWidth: 760 }}
                  >
                    Leave this off unless whoever looks after your network put a reverse proxy (such
                    as nginx or IIS) in front of this PC on purpose. While it is off, ClinicDesk
                    refuses any request that passed through a proxy, so nobody can reach patient
                    records by relaying them through another machine. Turn it on only for a proxy
                    your clinic controls; it applies when you click Serve this address.
                  </Typography>
                </Box>
              }
            />
            {errors.form && (
              <Alert severity="error" sx={{ mt: 1 }}>
                {errors.form}
              </Alert>
            )}
          </Paper>
        </Stack>
      )}
    </Box>
  );
}
