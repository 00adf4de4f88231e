/**
 * The setup assistant for an empty clinic: clinic details, a first location, visit types (ticked
 * from the starter catalog or typed), providers, weekly hours. Each step can be skipped; the
 * assistant opens at the first step whose data is still missing, so closing it and coming back
 * later resumes where the clinic stands (the state is the clinic's data, not the window's).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Paper,
  Stack,
  Step,
  StepButton,
  Stepper,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { ScheduleEditor } from '../schedules/ScheduleEditor';
import { asApiError } from '../schedules/fieldErrors';
import { RecordForm, str, type FieldSpec, type FormValues } from './RecordForm';
import {
  LOCATION_FIELDS,
  locationInput,
  locationValues,
  providerFields,
  providerInput,
  providerValues,
  VISIT_FIELDS,
  visitInput,
  visitValues,
  ZONE_OPTIONS,
} from './SettingsScreen';

type Checklist = ApiOutput<'setup/checklist'>;
const STEPS = [
  { key: 'clinic', label: 'Clinic' },
  { key: 'location', label: 'Location' },
  { key: 'visitTypes', label: 'Visit types' },
  { key: 'providers', label: 'Providers' },
  { key: 'hours', label: 'Weekly hours' },
] as const;
type StepKey = (typeof STEPS)[number]['key'];

/** This PC's zone: what a new clinic most likely is in. */
export function pcTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/New_York';
  } catch {
    return 'America/New_York';
  }
}

export function SetupAssistant(props: { onClose?: () => void }) {
  const checklist = useLiveQuery('setup/checklist', {}, []);
  const [step, setStep] = useState<StepKey | null>(null);
  const data = checklist.data;
  useEffect(() => {
    if (data && step === null) setStep(data.items.find((i) => !i.done)?.key ?? 'hours');
  }, [data, step]);
  if (!data || step === null) return null;
  const index = STEPS.findIndex((s) => s.key === step);
  const next = () => setStep(STEPS[Math.min(index + 1, STEPS.length - 1)]!.key);
  const doneOf = (k: StepKey) => data.items.find((i) => i.key === k)?.done ?? false;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Setup assistant">
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h2">
          Set up your clinic
        </Typography>
        {props.onClose && <Button onClick={props.onClose}>Close the assistant</Button>}
      </Stack>
      <Stepper nonLinear activeStep={index} sx={{ mb: 2 }}>
        {STEPS.map((s) => (
          <Step key={s.key} completed={doneOf(s.key)}>
            <StepButton onClick={() => setStep(s.key)}>{s.label}</StepButton>
          </Step>
        ))}
      </Stepper>
      {data.bookable && (
        <Alert severity="success" sx={{ mb: 2 }}>
          Everything needed for a first booking is there: the Day view now shows the providers&apos;
          hours. You can come back to any step.
        </Alert>
      )}
      {step === 'clinic' && <ClinicStep onDone={next} />}
      {step === 'location' && <LocationStep onDone={next} />}
      {step === 'visitTypes' && <VisitTypesStep onDone={next} />}
      {step === 'providers' && <ProvidersStep onDone={next} />}
      {step === 'hours' && <ScheduleEditor />}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        {index < STEPS.length - 1 && (
          <Button onClick={next}>{doneOf(step) ? 'Next step' : 'Skip this step'}</Button>
        )}
        {index === STEPS.length - 1 && props.onClose && data.bookable && (
          <Button variant="contained" onClick={props.onClose}>
            Done: go to the desk
          </Button>
        )}
      </Stack>
      <Checklist data={data} />
    </Paper>
  );
}

function Checklist({ data }: { data: Checklist }) {
  return (
    <Box component="ul" aria-label="Still needed for a first booking" sx={{ pl: 2.5, mb: 0 }}>
      {data.items
        .filter((i) => !i.done)
        .map((i) => (
          <li key={i.key}>{i.label}</li>
        ))}
    </Box>
  );
}

const CLINIC_STEP_FIELDS: FieldSpec[] = [
  { key: 'name', label: 'Clinic name', width: 320, required: true },
  { key: 'timeZone', label: 'Time zone', kind: 'select', options: ZONE_OPTIONS, width: 260 },
  { key: 'phone', label: 'Front desk phone', width: 200 },
];

function ClinicStep({ onDone }: { onDone(): void }) {
  const desk = useDesk();
  const clinic = useLiveQuery('clinic/get', {}, ['clinic']);
  if (!clinic.data) return null;
  const c = clinic.data;
  const zone = c.setupState === 'new' ? pcTimeZone() : c.timeZone;
  const values = (r: object): FormValues => {
    const x = r as Record<string, unknown>;
    return { name: str(x.name), timeZone: str(x.timeZone), phone: str(x.phone) };
  };
  return (
    <RecordForm
      key={c.version}
      label="Clinic details"
      fields={CLINIC_STEP_FIELDS.map((f) =>
        f.key === 'timeZone' && !ZONE_OPTIONS.some((o) => o.value === zone)
          ? { ...f, options: [{ value: zone, label: zone }, ...ZONE_OPTIONS] }
          : f,
      )}
      initial={{ ...values(c), timeZone: zone }}
      toValues={values}
      version={c.version}
      submitLabel="Save and continue"
      save={async (v, version) => {
        if (c.setupState === 'new')
          await call('setup/startEmpty', { name: v.name ?? '', timeZone: v.timeZone ?? zone });
        else
          await call('clinic/update', {
            version,
            name: v.name ?? '',
            timeZone: v.timeZone ?? zone,
          });
        if (v.phone?.trim()) await call('clinic/update', { phone: v.phone.trim() });
      }}
      onSaved={() => {
        desk.notify('Saved the clinic details.', 'success');
        onDone();
      }}
      onCancel={onDone}
    />
  );
}

function LocationStep({ onDone }: { onDone(): void }) {
  const desk = useDesk();
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  const [adding, setAdding] = useState(0);
  const list = locations.data ?? [];
  return (
    <Stack spacing={1}>
      {list.length > 0 && (
        <Typography>
          Locations: {list.map((l) => `${l.name} (${l.city}, ${l.state})`).join(' · ')}
        </Typography>
      )}
      <Typography variant="subtitle2">
        {list.length ? 'Add another location' : 'Your first location'}
      </Typography>
      <RecordForm
        key={adding}
        label="Location"
        fields={LOCATION_FIELDS}
        initial={locationValues({})}
        toValues={locationValues}
        version={1}
        submitLabel="Add location"
        save={(v) => call('locations/create', locationInput(v))}
        onSaved={() => {
          desk.notify('Added the location.', 'success');
          setAdding((k) => k + 1);
          onDone();
        }}
        onCancel={onDone}
      />
    </Stack>
  );
}

function VisitTypesStep({ onDone }: { onDone(): void }) {
  const desk = useDesk();
  const catalog = useLiveQuery('setup/starterVisitTypes', {}, []);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [byHand, setByHand] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const groups = useMemo(() => {
    const m = new Map<string, NonNullable<typeof catalog.data>>();
    for (const c of catalog.data ?? []) m.set(c.group, [...(m.get(c.group) ?? []), c]);
    return [...m];
  }, [catalog.data]);
  async function addTicked() {
    setError(null);
    try {
      const r = await call('setup/addStarterVisitTypes', { keys: [...ticked] });
      desk.notify(
        `Added ${r.added.length} visit ${r.added.length === 1 ? 'type' : 'types'}.`,
        'success',
      );
      setTicked(new Set());
    } catch (e) {
      setError(asApiError(e).message);
    }
  }
  return (
    <Stack spacing={1.5}>
      <Typography>
        Tick the visits your clinic offers (lengths and buffers can be changed later in Settings).
      </Typography>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }} aria-label="Starter visit types">
        {groups.map(([group, items]) => (
          <Box key={group} sx={{ minWidth: 320 }}>
            <Typography variant="subtitle2">{group}</Typography>
            {items.map((c) => (
              <FormControlLabel
                key={c.key}
                sx={{ display: 'flex' }}
                control={
                  <Checkbox
                    size="small"
                    disabled={c.alreadyAdded}
                    checked={c.alreadyAdded || ticked.has(c.key)}
                    onChange={(e) => {
                      const n = new Set(ticked);
                      if (e.target.checked) n.add(c.key);
                      else n.delete(c.key);
                      setTicked(n);
                    }}
                  />
                }
                label={`${c.name} · ${c.durationMinutes} min · ${c.cptCode ?? ''}${
                  c.patientStatus === 'any' ? '' : ` · ${c.patientStatus}`
                }${c.alreadyAdded ? ' (added)' : ''}`}
              />
            ))}
          </Box>
        ))}
      </Box>
      <Box>
        <Button variant="contained" disabled={ticked.size === 0} onClick={() => void addTicked()}>
          Add ticked visit types
        </Button>
      </Box>
      <Typography variant="subtitle2">Or add one by hand</Typography>
      <RecordForm
        key={byHand}
        label="Visit type"
        fields={VISIT_FIELDS}
        initial={visitValues({})}
        toValues={visitValues}
        version={1}
        submitLabel="Add visit type"
        save={(v) => call('visitTypes/create', visitInput(v))}
        onSaved={() => {
          desk.notify('Added the visit type.', 'success');
          setByHand((k) => k + 1);
        }}
        onCancel={onDone}
      />
    </Stack>
  );
}

function ProvidersStep({ onDone }: { onDone(): void }) {
  const desk = useDesk();
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  const specialties = useLiveQuery('specialties/list', {}, []);
  const [adding, setAdding] = useState(0);
  const locs = (locations.data ?? []).filter((l) => l.active);
  if (!locations.data || !specialties.data) return null;
  if (!locs.length)
    return <Alert severity="info">Add a location first: a provider works at one at least.</Alert>;
  return (
    <Stack spacing={1}>
      {(providers.data ?? []).length > 0 && (
        <Typography>
          Providers: {(providers.data ?? []).map((p) => p.displayName).join(' · ')}
        </Typography>
      )}
      <Typography variant="body2" color="text.secondary">
        Many providers? Import them from a CSV under Providers → Import from CSV.
      </Typography>
      <RecordForm
        key={adding}
        label="Provider"
        fields={providerFields(locs, specialties.data)}
        initial={providerValues({ locationIds: locs.length === 1 ? [locs[0]!.id] : [] })}
        toValues={providerValues}
        version={1}
        submitLabel="Add provider"
        save={(v) => call('providers/create', providerInput(v))}
        onSaved={() => {
          desk.notify('Added the provider.', 'success');
          setAdding((k) => k + 1);
        }}
        onCancel={onDone}
      />
    </Stack>
  );
}

/**
 * What the desk shows instead of an empty grid while nothing can be booked yet: the short list of
 * what is missing, and the assistant to fill it in (which stays open until closed, so the manager
 * sees the last step through even once the clinic has become bookable).
 */
export function SetupGate(props: { children: ReactNode }) {
  const checklist = useLiveQuery('setup/checklist', {}, []);
  const [open, setOpen] = useState(false);
  if (open)
    return (
      <Box sx={{ p: 2 }}>
        <SetupAssistant onClose={() => setOpen(false)} />
      </Box>
    );
  if (!checklist.data || checklist.data.bookable) return <>{props.children}</>;
  return (
    <Box sx={{ p: 2 }}>
      <Alert
        severity="info"
        aria-label="Before the first booking"
        action={
          <Button variant="contained" size="small" onClick={() => setOpen(true)}>
            Open the setup assistant
          </Button>
        }
      >
        <b>Nothing can be booked yet.</b> Still needed:
        <Checklist data={checklist.data} />
      </Alert>
    </Box>
  );
}
