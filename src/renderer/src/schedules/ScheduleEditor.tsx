/**
 * The practice manager's schedule editor: a provider's weekly hours at one of their locations
 * (with a live preview of the week), date overrides and time off.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  MenuItem,
  Stack,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { todayInClinic } from '../clinicTime';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { AbsenceDialog } from './AbsenceDialog';
import { OverridesPanel, TimeOffPanel } from './DateExceptions';
import { WeeklyEditor } from './WeeklyEditor';

type Section = 'weekly' | 'exceptions';

export function ScheduleEditor() {
  const desk = useDesk();
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  const visitTypes = useLiveQuery('visitTypes/list', {}, ['visitTypes']);
  const [chosenProvider, setChosenProvider] = useState<number | null>(null);
  const [chosenLocation, setChosenLocation] = useState<number | null>(null);
  const [section, setSection] = useState<Section>('weekly');
  const [absent, setAbsent] = useState(false);
  const today = todayInClinic(desk.zone).date;

  const provider =
    providers.data?.find((p) => p.id === chosenProvider) ??
    providers.data?.find(
      (p) => desk.locationId === null || p.locationIds.includes(desk.locationId),
    ) ??
    providers.data?.[0];
  const providerLocations = (locations.data ?? []).filter((l) =>
    provider?.locationIds.includes(l.id),
  );
  const location =
    providerLocations.find((l) => l.id === chosenLocation) ??
    providerLocations.find((l) => l.id === desk.locationId) ??
    providerLocations[0];
  const locationNames = useMemo(
    () => new Map((locations.data ?? []).map((l) => [l.id, l.name])),
    [locations.data],
  );
  const schedule = useLiveQuery('schedules/get', provider ? { providerId: provider.id } : null, [
    'schedules',
  ]);
  // A result belongs to the provider chosen when it arrived (older answers are dropped); until the
  // new provider's arrives, the previous provider's hours must not be shown as theirs.
  const [owner, setOwner] = useState({ data: schedule.data, providerId: provider?.id });
  if (owner.data !== schedule.data) setOwner({ data: schedule.data, providerId: provider?.id });
  const scheduleData = owner.providerId === provider?.id ? schedule.data : undefined;
  const visitTypeChoices = useMemo(
    () => (visitTypes.data ?? []).map((v) => ({ id: v.id, name: v.name })),
    [visitTypes.data],
  );
  const loadError = providers.error ?? locations.error ?? visitTypes.error ?? schedule.error;

  return (
    <Box component="section" aria-labelledby="schedules-title" sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1.5, flexWrap: 'wrap' }}>
        <Typography id="schedules-title" variant="h6" component="h2">
          Schedules
        </Typography>
        <TextField
          select
          size="small"
          label="Provider"
          value={provider?.id ?? ''}
          onChange={(e) => {
            setChosenProvider(Number(e.target.value));
            setChosenLocation(null);
          }}
          sx={{ minWidth: 220 }}
        >
          {(providers.data ?? []).map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {p.displayName}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Works at"
          value={location?.id ?? ''}
          onChange={(e) => setChosenLocation(Number(e.target.value))}
          sx={{ minWidth: 180 }}
          disabled={providerLocations.length === 0}
        >
          {providerLocations.map((l) => (
            <MenuItem key={l.id} value={l.id}>
              {l.name}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="outlined"
          size="small"
          disabled={!provider}
          onClick={() => setAbsent(true)}
        >
          Mark absent…
        </Button>
        <Tabs
          value={section}
          onChange={(_e, v: Section) => setSection(v)}
          aria-label="Schedule part"
          sx={{ minHeight: 40, '& .MuiTab-root': { minHeight: 40 } }}
        >
          <Tab value="weekly" label="Weekly hours" />
          <Tab value="exceptions" label="Overrides & time off" />
        </Tabs>
      </Stack>
      {absent && provider && (
        <AbsenceDialog
          providerId={provider.id}
          providerName={provider.displayName}
          today={today}
          onClose={() => setAbsent(false)}
        />
      )}
      {loadError && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {loadError.message}
        </Alert>
      )}
      {providers.data && providers.data.length === 0 && (
        <Alert severity="info">Add a provider first; their hours are set here.</Alert>
      )}
      {provider && !location && locations.data && (
        <Alert severity="info">
          {provider.displayName} is not assigned to any location, so there are no hours to set.
        </Alert>
      )}
      {provider && location && section === 'weekly' && (
        <WeeklyEditor
          key={`${provider.id}:${location.id}`}
          providerId={provider.id}
          providerName={provider.displayName}
          locationId={location.id}
          locationName={location.name}
          locationNames={locationNames}
          schedule={scheduleData}
          visitTypes={visitTypeChoices}
          today={today}
        />
      )}
      {provider && location && section === 'exceptions' && (
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' },
            gap: 2,
            alignItems: 'start',
          }}
        >
          <OverridesPanel
            key={`o${provider.id}:${location.id}`}
            providerId={provider.id}
            locationId={location.id}
            locationName={location.name}
            schedule={scheduleData}
            visitTypes={visitTypeChoices}
            today={today}
          />
          <TimeOffPanel
            key={`t${provider.id}`}
            providerId={provider.id}
            providerName={provider.displayName}
            schedule={scheduleData}
            today={today}
          />
        </Box>
      )}
    </Box>
  );
}
