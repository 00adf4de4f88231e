/**
 * One provider of the directory, opened from its row: the facts a caller is matched on, the
 * insurance networks they are in (with contract dates) and the visit types they offer.
 */
import { Box, Divider, Drawer, IconButton, Stack, Typography } from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { useLiveQuery } from '../live';
import { ageRange, languageList, sexLabel } from './format';
import { NetworksEditor } from './NetworksEditor';
import { VisitTypesOffered } from './VisitTypesOffered';

type Provider = ApiOutput<'providers/list'>[number];

export function ProviderDrawer(props: { provider: Provider | null; onClose(): void }) {
  return (
    <Drawer
      anchor="right"
      open={props.provider !== null}
      onClose={props.onClose}
      slotProps={{
        paper: {
          sx: { width: 720, maxWidth: '100vw' },
          role: 'dialog',
          'aria-labelledby': 'provider-drawer-title',
        },
      }}
    >
      {props.provider && (
        <ProviderDetails
          key={props.provider.id}
          provider={props.provider}
          onClose={props.onClose}
        />
      )}
    </Drawer>
  );
}

function Fact(props: { label: string; value: string }) {
  return (
    <Box>
      <Typography component="dt" color="text.secondary" sx={{ fontSize: 12 }}>
        {props.label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, fontSize: 14 }}>
        {props.value}
      </Typography>
    </Box>
  );
}

function ProviderDetails({ provider: p, onClose }: { provider: Provider; onClose(): void }) {
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  const names = new Map<number, string>((locations.data ?? []).map((l) => [l.id, l.name]));
  return (
    <Box sx={{ p: 2 }}>
      <Stack direction="row" alignItems="flex-start" spacing={1}>
        <Box sx={{ flex: 1 }}>
          <Typography
            id="provider-drawer-title"
            variant="h5"
            component="h2"
            sx={{ fontWeight: 700 }}
          >
            {p.displayName}
          </Typography>
          <Typography color="text.secondary">
            {p.specialtyName} · {p.taxonomyCode}
            {p.npi ? ` · NPI ${p.npi}` : ''}
          </Typography>
        </Box>
        <IconButton aria-label="Close provider" onClick={onClose}>
          ×
        </IconButton>
      </Stack>
      <Box
        component="dl"
        aria-label="Provider details"
        sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 1.5, my: 2 }}
      >
        <Fact label="Languages" value={languageList(p.languages)} />
        <Fact label="Sex" value={sexLabel(p.sex)} />
        <Fact label="New patients" value={p.acceptsNewPatients ? 'Accepting' : 'Not accepting'} />
        <Fact label="Patient ages" value={ageRange(p.minAgeYears, p.maxAgeYears)} />
        <Fact
          label="Locations"
          value={p.locationIds.map((l) => names.get(l) ?? `Location ${l}`).join(', ') || '—'}
        />
      </Box>
      <Divider />
      {/* Keyed by the saved list: after a save (here or on another desk) the form shows what is stored. */}
      <NetworksEditor key={JSON.stringify(p.networks)} provider={p} />
      <Divider sx={{ mt: 2 }} />
      <VisitTypesOffered key={JSON.stringify(p.visitTypeIds)} provider={p} />
    </Box>
  );
}
