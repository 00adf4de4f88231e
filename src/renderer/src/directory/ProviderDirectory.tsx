/**
 * The provider directory: every provider with what a caller asks about (specialty, languages,
 * sex, new patients, ages, where they work, which networks), filtered by specialty or location.
 * A row opens the provider's drawer (networks, visit types); "Import from CSV" brings in a
 * credentialing spreadsheet or an NPPES extract.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Link,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useLiveQuery } from '../live';
import { ageRange, languageList, sexLabel } from './format';
import { ImportWizard } from './ImportWizard';
import { ProviderDrawer } from './ProviderDrawer';

export function ProviderDirectory() {
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  const [specialty, setSpecialty] = useState('');
  const [locationId, setLocationId] = useState<number | ''>('');
  const [openId, setOpenId] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);

  const locationNames = useMemo(
    () => new Map<number, string>((locations.data ?? []).map((l) => [l.id, l.name])),
    [locations.data],
  );
  const specialties = useMemo(() => {
    const byCode = new Map<string, string>();
    for (const p of providers.data ?? []) byCode.set(p.taxonomyCode, p.specialtyName);
    return [...byCode].sort((a, b) => a[1].localeCompare(b[1]));
  }, [providers.data]);
  const shown = useMemo(
    () =>
      (providers.data ?? [])
        .filter(
          (p) =>
            (specialty === '' || p.taxonomyCode === specialty) &&
            (locationId === '' || p.locationIds.includes(locationId)),
        )
        .sort(
          (a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName),
        ),
    [providers.data, specialty, locationId],
  );
  const open = providers.data?.find((p) => p.id === openId) ?? null;
  const loadError = providers.error ?? locations.error;

  return (
    <Box component="section" aria-labelledby="directory-title" sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1.5, flexWrap: 'wrap' }}>
        <Typography id="directory-title" variant="h6" component="h2">
          Providers
        </Typography>
        <TextField
          select
          size="small"
          label="Specialty"
          value={specialty}
          onChange={(e) => setSpecialty(e.target.value)}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          sx={{ minWidth: 220 }}
        >
          <MenuItem value="">All specialties</MenuItem>
          {specialties.map(([code, name]) => (
            <MenuItem key={code} value={code}>
              {name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Works at"
          value={locationId}
          onChange={(e) => setLocationId(e.target.value === '' ? '' : Number(e.target.value))}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value="">All locations</MenuItem>
          {(locations.data ?? []).map((l) => (
            <MenuItem key={l.id} value={l.id}>
              {l.name}
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flex: 1 }} />
        <Typography color="text.secondary" sx={{ fontSize: 14 }} aria-live="polite">
          {providers.data ? `${shown.length} of ${providers.data.length} providers` : 'Loading…'}
        </Typography>
        <Button variant="outlined" onClick={() => setImporting(true)}>
          Import from CSV
        </Button>
      </Stack>
      {loadError && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {loadError.message}
        </Alert>
      )}
      {providers.data && providers.data.length === 0 && (
        <Alert severity="info" sx={{ mb: 1 }}>
          No providers yet. Import them from a CSV file (a credentialing spreadsheet or an NPPES
          extract).
        </Alert>
      )}
      <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" aria-label="Provider directory" stickyHeader>
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Specialty</TableCell>
              <TableCell>Languages</TableCell>
              <TableCell>Sex</TableCell>
              <TableCell>New patients</TableCell>
              <TableCell>Ages</TableCell>
              <TableCell>Locations</TableCell>
              <TableCell align="right">Networks</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((p) => (
              <TableRow
                key={p.id}
                hover
                data-testid="directory-provider"
                onClick={() => setOpenId(p.id)}
                sx={{ cursor: 'pointer' }}
              >
                <TableCell>
                  <Stack direction="row" spacing={1} alignItems="center">
                    <Box
                      aria-hidden
                      sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: p.color }}
                    />
                    {/* A real button, so the directory can be worked from the keyboard. */}
                    <Link
                      component="button"
                      underline="hover"
                      onClick={(e) => {
                        e.stopPropagation();
                        setOpenId(p.id);
                      }}
                    >
                      {p.displayName}
                    </Link>
                  </Stack>
                </TableCell>
                <TableCell>
                  <Tooltip title={`NUCC taxonomy ${p.taxonomyCode}`} describeChild>
                    <span>{p.specialtyName}</span>
                  </Tooltip>
                </TableCell>
                <TableCell>{languageList(p.languages)}</TableCell>
                <TableCell>{sexLabel(p.sex)}</TableCell>
                <TableCell>{p.acceptsNewPatients ? 'Yes' : 'No'}</TableCell>
                <TableCell>{ageRange(p.minAgeYears, p.maxAgeYears)}</TableCell>
                <TableCell>
                  {p.locationIds.map((l) => locationNames.get(l) ?? `Location ${l}`).join(', ')}
                </TableCell>
                <TableCell align="right">{p.networks.length}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <ProviderDrawer provider={open} onClose={() => setOpenId(null)} />
      {importing && <ImportWizard onClose={() => setImporting(false)} />}
    </Box>
  );
}
