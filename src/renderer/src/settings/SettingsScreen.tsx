/**
 * The practice manager's settings, apart from the desk's daily tabs: the clinic and its booking
 * rules, locations, providers and visit types. Every edit is saved with the version it was opened
 * at, so two managers never silently overwrite each other (EditRecordDialog's form shows the
 * conflict).
 * Archiving a location or deactivating a provider first lists their upcoming visits, each of which
 * can be opened (to move it) or cancelled right there.
 */
import { Fragment, useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Paper,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import { numOrNull, orNull, RecordForm, str, type FieldSpec, type FormValues } from './RecordForm';
import { EditRecordDialog } from './EditRecordDialog';
import { MoveOffer, type MoveTargets } from './MoveOffer';
import { SpecialtyPicker, specialtyLabel, type Specialty } from './SpecialtyPicker';
import { fieldLabel } from '../../../shared/providerImportFields';
import { RecallTypes } from './RecallTypes';
import { DataSettings } from './DataSettings';
import { PatientImport } from './PatientImport';
import { VisitImport } from './VisitImport';

type Location = ApiOutput<'locations/list'>[number];
type Provider = ApiOutput<'providers/list'>[number];
type VisitType = ApiOutput<'visitTypes/list'>[number];
type Clinic = ApiOutput<'clinic/get'>;
type Upcoming = ApiOutput<'providers/futureAppointments'>;

const TABS = [
  'Clinic',
  'Locations',
  'Providers',
  'Visit types',
  'Recall types',
  'Fees',
  'Import patients',
  'Import visits',
  'Your data',
] as const;

export function SettingsScreen() {
  const [tab, setTab] = useState<(typeof TABS)[number]>('Clinic');
  return (
    <Box sx={{ p: 2, maxWidth: 1150 }} component="section" aria-labelledby="settings-title">
      <Typography id="settings-title" variant="h5" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Settings
      </Typography>
      <Tabs value={tab} onChange={(_e, v: (typeof TABS)[number]) => setTab(v)} sx={{ mb: 2 }}>
        {TABS.map((t) => (
          <Tab key={t} value={t} label={t} />
        ))}
      </Tabs>
      {tab === 'Clinic' && <ClinicSettings />}
      {tab === 'Your data' && <DataSettings />}
      {tab === 'Locations' && <Locations />}
      {tab === 'Providers' && <Providers />}
      {tab === 'Visit types' && <VisitTypes />}
      {tab === 'Recall types' && <RecallTypes />}
      {tab === 'Import patients' && <PatientImport />}
      {tab === 'Import visits' && <VisitImport />}
      {tab === 'Fees' && (
        <Alert severity="info">
          Fees for each visit type and payer are set under <b>Billing &amp; insurance</b> (side
          rail, Insurance) → Fee schedule.
        </Alert>
      )}
    </Box>
  );
}

// ---------------------------------------------------------------------------------------------
// Clinic

const SLOT_OPTIONS = [5, 10, 15, 20, 30, 60].map((n) => ({
  value: String(n),
  label: `${n} minutes`,
}));
export const ZONE_OPTIONS = (() => {
  const zones =
    typeof Intl.supportedValuesOf === 'function'
      ? Intl.supportedValuesOf('timeZone').filter((z) => /^(America|Pacific|US)\//.test(z))
      : [];
  return ['America/New_York', ...zones.filter((z) => z !== 'America/New_York')].map((z) => ({
    value: z,
    label: z.replace(/_/g, ' '),
  }));
})();

const CLINIC_FIELDS: FieldSpec[] = [
  { key: 'name', label: 'Clinic name', width: 320, required: true },
  { key: 'timeZone', label: 'Time zone', kind: 'select', options: ZONE_OPTIONS, width: 260 },
  {
    key: 'slotMinutes',
    label: 'Slot step',
    kind: 'select',
    options: SLOT_OPTIONS,
    width: 160,
    help: 'Bookable starts every …',
  },
  {
    key: 'minNoticeMinutes',
    label: 'Minimum notice (minutes)',
    kind: 'number',
    width: 200,
    help: 'How soon an opening may be offered',
  },
  {
    key: 'horizonDays',
    label: 'Booking horizon (days)',
    kind: 'number',
    width: 200,
    help: 'How far ahead openings are offered',
  },
  {
    key: 'lateCancelHours',
    label: 'Late-cancel window (hours)',
    kind: 'number',
    width: 200,
    help: 'A cancellation closer than this is late',
  },
];

const clinicValues = (record: object): FormValues => {
  const c = record as Record<string, unknown>;
  return {
    name: str(c.name),
    timeZone: str(c.timeZone),
    slotMinutes: str(c.slotMinutes),
    minNoticeMinutes: str(c.minNoticeMinutes),
    horizonDays: str(c.horizonDays),
    lateCancelHours: str(c.lateCancelHours),
  };
};

function ClinicSettings() {
  const desk = useDesk();
  const clinic = useLiveQuery('clinic/get', {}, ['clinic']);
  const [formKey, setFormKey] = useState(0);
  if (!clinic.data)
    return clinic.error ? <Alert severity="error">{clinic.error.message}</Alert> : null;
  const c: Clinic = clinic.data;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <RecordForm
        key={`${formKey}`}
        label="Clinic settings"
        fields={CLINIC_FIELDS}
        initial={clinicValues(c)}
        toValues={clinicValues}
        version={c.version}
        save={(v, version) =>
          call('clinic/update', {
            version,
            name: v.name ?? '',
            timeZone: v.timeZone ?? '',
            slotMinutes: Number(v.slotMinutes),
            minNoticeMinutes: Number(v.minNoticeMinutes),
            horizonDays: Number(v.horizonDays),
            lateCancelHours: Number(v.lateCancelHours),
          })
        }
        onSaved={() => {
          desk.notify('Saved the clinic settings.', 'success');
          setFormKey((k) => k + 1);
        }}
        onCancel={() => setFormKey((k) => k + 1)}
        extra={(v) =>
          v.timeZone && v.timeZone !== c.timeZone ? <ZoneWarning timeZone={v.timeZone} /> : null
        }
      />
    </Paper>
  );
}

function ZoneWarning({ timeZone }: { timeZone: string }) {
  const preview = useLiveQuery('clinic/previewZoneChange', { timeZone }, []);
  if (!preview.data) return null;
  const moved = preview.data.movedAppointments;
  return (
    <Alert severity="warning" aria-label="What a zone change moves">
      <div>{preview.data.message}</div>
      {moved.length > 0 && (
        <Box component="ul" sx={{ my: 0.5, pl: 2.5 }}>
          {moved.slice(0, 5).map((m) => (
            <li key={m.id}>
              {m.patientName}: {m.before} → {m.after}
            </li>
          ))}
          {moved.length > 5 && <li>… and {moved.length - 5} more</li>}
        </Box>
      )}
    </Alert>
  );
}

// ---------------------------------------------------------------------------------------------
// Locations

export const LOCATION_FIELDS: FieldSpec[] = [
  { key: 'name', label: 'Name', required: true },
  { key: 'address1', label: 'Address', width: 320, required: true },
  { key: 'address2', label: fieldLabel('address2'), width: 200 },
  { key: 'city', label: 'City', required: true },
  { key: 'state', label: 'State', width: 90, required: true, help: 'e.g. TX' },
  { key: 'zip', label: 'ZIP', width: 120, required: true },
  { key: 'phone', label: 'Phone', width: 200 },
];
export const locationValues = (record: object): FormValues => {
  const l = record as Record<string, unknown>;
  return Object.fromEntries(LOCATION_FIELDS.map((f) => [f.key, str(l[f.key])]));
};
export const locationInput = (v: FormValues) => ({
  name: v.name ?? '',
  address1: v.address1 ?? '',
  address2: orNull(v.address2),
  city: v.city ?? '',
  state: v.state ?? '',
  zip: v.zip ?? '',
  phone: orNull(v.phone),
});

function Locations() {
  const desk = useDesk();
  const list = useLiveQuery('locations/list', {}, ['locations']);
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const [archiving, setArchiving] = useState<Location | null>(null);
  const rows = list.data ?? [];
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ mb: 1, justifyContent: 'space-between' }}>
        <Typography variant="h6" component="h3">
          Locations
        </Typography>
        <Button variant="outlined" onClick={() => setEditing('new')}>
          Add location
        </Button>
      </Stack>
      <Table size="small" aria-label="Locations">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Address</TableCell>
            <TableCell>Phone</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((l) => (
            <TableRow key={l.id}>
              <TableCell>{l.name}</TableCell>
              <TableCell>
                {l.address1}
                {l.address2 ? `, ${l.address2}` : ''}, {l.city}, {l.state} {l.zip}
              </TableCell>
              <TableCell>{l.phone ?? '—'}</TableCell>
              <TableCell>{l.active ? 'Open' : <Chip size="small" label="Archived" />}</TableCell>
              <TableCell align="right">
                <Button size="small" onClick={() => setEditing(l)} aria-label={`Edit ${l.name}`}>
                  Edit
                </Button>
                {l.active ? (
                  <Button size="small" color="warning" onClick={() => setArchiving(l)}>
                    Archive
                  </Button>
                ) : (
                  <Button
                    size="small"
                    onClick={() =>
                      void call('locations/restore', { id: l.id, version: l.version }).then(
                        () => desk.notify(`${l.name} is open for booking again.`, 'success'),
                        (e) => desk.notify(asApiError(e).message, 'error'),
                      )
                    }
                  >
                    Restore
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing !== null && (
        <EditRecordDialog
          title={editing === 'new' ? 'Add location' : `Edit ${editing.name}`}
          onClose={() => setEditing(null)}
          label="Location"
          fields={LOCATION_FIELDS}
          initial={editing === 'new' ? locationValues({}) : locationValues(editing)}
          toValues={locationValues}
          version={editing === 'new' ? 1 : editing.version}
          save={(v, version) =>
            editing === 'new'
              ? call('locations/create', locationInput(v))
              : call('locations/update', { id: editing.id, version, ...locationInput(v) })
          }
          onSaved={() => {
            desk.notify(
              `Saved ${editing === 'new' ? 'the new location' : editing.name}.`,
              'success',
            );
            setEditing(null);
          }}
        />
      )}
      {archiving && (
        <UpcomingDialog
          title={`Archive ${archiving.name}?`}
          what={`${archiving.name}`}
          load={() => call('locations/futureAppointments', { id: archiving.id })}
          moveTargets={(a) => ({
            providerIds: [a.providerId],
            locationIds: rows.filter((l) => l.active && l.id !== archiving.id).map((l) => l.id),
          })}
          actionLabel="Archive"
          act={(keep) =>
            call('locations/archive', {
              id: archiving.id,
              version: archiving.version,
              keepFutureAppointments: keep,
            })
          }
          done={() => {
            desk.notify(`${archiving.name} is archived: no new bookings there.`, 'success');
            setArchiving(null);
          }}
          close={() => setArchiving(null)}
        />
      )}
    </Paper>
  );
}

/**
 * Before a location is archived or a provider deactivated: their upcoming visits, each of which can
 * be moved to one of the first openings elsewhere (MoveOffer) or cancelled here. Whatever is left
 * stays booked, and the dialog says so.
 */
function UpcomingDialog(props: {
  title: string;
  what: string;
  load(): Promise<Upcoming>;
  /** Where a visit may move instead (other providers here, or this provider elsewhere). */
  moveTargets(visit: Upcoming[number]): MoveTargets;
  actionLabel: string;
  act(keepFutureAppointments: boolean): Promise<unknown>;
  done(): void;
  close(): void;
}) {
  const desk = useDesk();
  const [visits, setVisits] = useState<Upcoming | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [moving, setMoving] = useState<number | null>(null);
  const reload = () => void props.load().then(setVisits, (e) => setError(asApiError(e).message));
  useEffect(reload, []);
  async function cancel(id: number) {
    setBusy(true);
    try {
      await call('appointments/cancel', {
        appointmentId: id,
        reason: `Cancelled by the clinic: ${props.what} no longer available`,
        requestedBy: 'clinic',
      });
      reload();
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  }
  async function go() {
    setBusy(true);
    setError(null);
    try {
      await props.act((visits?.length ?? 0) > 0);
      props.done();
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  }
  const n = visits?.length ?? 0;
  return (
    <Dialog open onClose={props.close} maxWidth="md" fullWidth>
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 1 }}>
            {error}
          </Alert>
        )}
        {visits === null ? null : n === 0 ? (
          <Typography>No upcoming visits: nothing else changes.</Typography>
        ) : (
          <>
            <Typography sx={{ mb: 1 }}>
              {n} upcoming {n === 1 ? 'visit' : 'visits'}. Move one to another opening, or cancel it
              here (the patient&apos;s reminders stop). Visits left here stay booked.
            </Typography>
            <Table size="small" aria-label="Upcoming visits">
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>Patient</TableCell>
                  <TableCell>Visit</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {visits.map((a) => (
                  <Fragment key={a.id}>
                    <TableRow>
                      <TableCell>{a.when}</TableCell>
                      <TableCell>{a.patientName}</TableCell>
                      <TableCell>{a.visitTypeName}</TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        <Button
                          size="small"
                          aria-expanded={moving === a.id}
                          onClick={() => setMoving(moving === a.id ? null : a.id)}
                        >
                          Move…
                        </Button>
                        <Button
                          size="small"
                          color="error"
                          disabled={busy}
                          onClick={() => void cancel(a.id)}
                        >
                          Cancel visit
                        </Button>
                      </TableCell>
                    </TableRow>
                    {moving === a.id && (
                      <TableRow>
                        <TableCell colSpan={4}>
                          <MoveOffer
                            visit={a}
                            targets={props.moveTargets(a)}
                            onMoved={(message) => {
                              desk.notify(message, 'success');
                              setMoving(null);
                              reload();
                            }}
                          />
                        </TableCell>
                      </TableRow>
                    )}
                  </Fragment>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.close}>Close</Button>
        <Button
          variant="contained"
          color="warning"
          disabled={busy || visits === null}
          onClick={() => void go()}
        >
          {n > 0 ? `${props.actionLabel} and keep ${n} booked` : props.actionLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Providers

const SEX_OPTIONS = [
  { value: '', label: 'Not given' },
  { value: 'F', label: 'Female' },
  { value: 'M', label: 'Male' },
  { value: 'X', label: 'Another' },
];

export function providerFields(locations: Location[], specialties: Specialty[]): FieldSpec[] {
  return [
    { key: 'firstName', label: 'First name', width: 180, required: true },
    { key: 'lastName', label: 'Last name', width: 180, required: true },
    { key: 'credentials', label: 'Credentials', width: 120, help: 'e.g. MD' },
    { key: 'npi', label: 'NPI', width: 160, help: '10 digits' },
    {
      key: 'taxonomyCode',
      label: 'Specialty',
      options: specialties.map((x) => ({ value: x.code, label: specialtyLabel(x) })),
      width: 360,
      required: true,
      help: 'Type a name or a NUCC code',
      input: (p) => <SpecialtyPicker {...p} specialties={specialties} />,
    },
    { key: 'languages', label: 'Languages', width: 180, help: 'Codes, e.g. en, es' },
    { key: 'sex', label: 'Sex', kind: 'select', options: SEX_OPTIONS, width: 130 },
    { key: 'minAgeYears', label: 'Youngest patient', kind: 'number', width: 180, help: 'Years' },
    { key: 'maxAgeYears', label: 'Oldest patient', kind: 'number', width: 180, help: 'Years' },
    {
      key: 'acceptsNewPatients',
      label: fieldLabel('acceptsNewPatients'),
      kind: 'checkbox',
      width: 220,
    },
    ...locations
      .filter((l) => l.active)
      .map((l) => ({
        key: `loc:${l.id}`,
        label: `Works at ${l.name}`,
        kind: 'checkbox' as const,
        width: 220,
      })),
  ];
}

export const providerValues = (record: object): FormValues => {
  const p = record as Record<string, unknown>;
  return {
    firstName: str(p.firstName),
    lastName: str(p.lastName),
    credentials: str(p.credentials),
    npi: str(p.npi),
    taxonomyCode: str(p.taxonomyCode),
    languages: Array.isArray(p.languages) ? p.languages.join(', ') : 'en',
    sex: str(p.sex),
    minAgeYears: str(p.minAgeYears),
    maxAgeYears: str(p.maxAgeYears),
    acceptsNewPatients: String(p.acceptsNewPatients ?? true),
    ...Object.fromEntries(
      ((p.locationIds as number[] | undefined) ?? []).map((id) => [`loc:${id}`, 'true']),
    ),
  };
};

export const providerInput = (v: FormValues) => ({
  firstName: v.firstName ?? '',
  lastName: v.lastName ?? '',
  credentials: orNull(v.credentials),
  npi: orNull(v.npi),
  taxonomyCode: v.taxonomyCode ?? '',
  languages: (v.languages ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean),
  sex: (orNull(v.sex) as 'F' | 'M' | 'X' | null) ?? null,
  minAgeYears: numOrNull(v.minAgeYears),
  maxAgeYears: numOrNull(v.maxAgeYears),
  acceptsNewPatients: v.acceptsNewPatients === 'true',
  locationIds: Object.entries(v)
    .filter(([k, val]) => k.startsWith('loc:') && val === 'true')
    .map(([k]) => Number(k.slice(4))),
});

function Providers() {
  const desk = useDesk();
  const list = useLiveQuery('providers/list', { includeInactive: true }, [
    'providers',
    'locations',
  ]);
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  // Names only change when the NUCC file is loaded or an import teaches new ones: no topic.
  const specialties = useLiveQuery('specialties/list', {}, []);
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const [deactivating, setDeactivating] = useState<Provider | null>(null);
  const rows = list.data ?? [];
  const locs = locations.data ?? [];
  const locName = (id: number) => locs.find((l) => l.id === id)?.name ?? `#${id}`;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ mb: 1, justifyContent: 'space-between' }}>
        <Typography variant="h6" component="h3">
          Providers
        </Typography>
        <Button variant="outlined" onClick={() => setEditing('new')} disabled={!locs.length}>
          Add provider
        </Button>
      </Stack>
      <Table size="small" aria-label="Providers">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Specialty</TableCell>
            <TableCell>Languages</TableCell>
            <TableCell>New patients</TableCell>
            <TableCell>Locations</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((p) => (
            <TableRow key={p.id}>
              <TableCell>{p.displayName}</TableCell>
              <TableCell>{p.specialtyName}</TableCell>
              <TableCell>{p.languages.join(', ')}</TableCell>
              <TableCell>{p.acceptsNewPatients ? 'Yes' : 'No'}</TableCell>
              <TableCell>{p.locationIds.map(locName).join(', ')}</TableCell>
              <TableCell>{p.active ? 'Active' : <Chip size="small" label="Inactive" />}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <Button
                  size="small"
                  onClick={() => setEditing(p)}
                  aria-label={`Edit ${p.displayName}`}
                >
                  Edit
                </Button>
                {p.active ? (
                  <Button size="small" color="warning" onClick={() => setDeactivating(p)}>
                    Deactivate
                  </Button>
                ) : (
                  <Button
                    size="small"
                    onClick={() =>
                      void call('providers/reactivate', { id: p.id, version: p.version }).then(
                        () => desk.notify(`${p.displayName} can be booked again.`, 'success'),
                        (e) => desk.notify(asApiError(e).message, 'error'),
                      )
                    }
                  >
                    Reactivate
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing !== null && specialties.data && (
        <EditRecordDialog
          title={editing === 'new' ? 'Add provider' : `Edit ${editing.displayName}`}
          onClose={() => setEditing(null)}
          label="Provider"
          fields={providerFields(locs, specialties.data)}
          initial={
            editing === 'new'
              ? providerValues({ locationIds: locs.length === 1 ? [locs[0]!.id] : [] })
              : providerValues(editing)
          }
          toValues={providerValues}
          version={editing === 'new' ? 1 : editing.version}
          save={(v, version) =>
            editing === 'new'
              ? call('providers/create', providerInput(v))
              : call('providers/update', { id: editing.id, version, ...providerInput(v) })
          }
          onSaved={() => {
            desk.notify(
              `Saved ${editing === 'new' ? 'the new provider' : editing.displayName}.`,
              'success',
            );
            setEditing(null);
          }}
        />
      )}
      {deactivating && (
        <UpcomingDialog
          title={`Deactivate ${deactivating.displayName}?`}
          what={deactivating.displayName}
          load={() => call('providers/futureAppointments', { id: deactivating.id })}
          moveTargets={(a) => ({
            providerIds: rows
              .filter((p) => p.active && p.id !== deactivating.id)
              .filter((p) => p.locationIds.includes(a.locationId))
              .map((p) => p.id),
            locationIds: [a.locationId],
          })}
          actionLabel="Deactivate"
          act={(keep) =>
            call('providers/deactivate', {
              id: deactivating.id,
              version: deactivating.version,
              keepFutureAppointments: keep,
            })
          }
          done={() => {
            desk.notify(`${deactivating.displayName} is inactive: no new bookings.`, 'success');
            setDeactivating(null);
          }}
          close={() => setDeactivating(null)}
        />
      )}
    </Paper>
  );
}

// ---------------------------------------------------------------------------------------------
// Visit types

const STATUS_OPTIONS = [
  { value: 'any', label: 'Any patient' },
  { value: 'new', label: 'New patients' },
  { value: 'established', label: 'Established patients' },
];
export const VISIT_FIELDS: FieldSpec[] = [
  { key: 'name', label: 'Name', width: 240, required: true },
  {
    key: 'durationMinutes',
    label: 'Duration (minutes)',
    kind: 'number',
    width: 160,
    required: true,
  },
  { key: 'cptCode', label: 'CPT code', width: 120, help: 'e.g. 99213' },
  { key: 'patientStatus', label: 'For', kind: 'select', options: STATUS_OPTIONS, width: 200 },
  {
    key: 'bufferBeforeMinutes',
    label: 'Buffer before',
    kind: 'number',
    width: 140,
    help: 'Minutes',
  },
  { key: 'bufferAfterMinutes', label: 'Buffer after', kind: 'number', width: 140, help: 'Minutes' },
];
export const visitValues = (record: object): FormValues => {
  const v = record as Record<string, unknown>;
  return {
    name: str(v.name),
    durationMinutes: str(v.durationMinutes),
    cptCode: str(v.cptCode),
    patientStatus: str(v.patientStatus ?? 'any'),
    bufferBeforeMinutes: str(v.bufferBeforeMinutes ?? 0),
    bufferAfterMinutes: str(v.bufferAfterMinutes ?? 0),
  };
};
export const visitInput = (v: FormValues) => ({
  name: v.name ?? '',
  durationMinutes: Number(v.durationMinutes),
  cptCode: orNull(v.cptCode),
  patientStatus: (v.patientStatus ?? 'any') as 'any' | 'new' | 'established',
  bufferBeforeMinutes: Number(v.bufferBeforeMinutes || 0),
  bufferAfterMinutes: Number(v.bufferAfterMinutes || 0),
});

function VisitTypes() {
  const desk = useDesk();
  const list = useLiveQuery('visitTypes/list', { includeInactive: true }, ['visitTypes']);
  const [editing, setEditing] = useState<VisitType | 'new' | null>(null);
  const rows = list.data ?? [];
  async function retire(v: VisitType) {
    try {
      const r = await call('visitTypes/retire', { id: v.id, version: v.version });
      desk.notify(
        `${v.name} is no longer offered${r.stillBooked ? `; ${r.stillBooked} booked ${r.stillBooked === 1 ? 'visit keeps' : 'visits keep'} it` : ''}.`,
        'success',
      );
    } catch (e) {
      desk.notify(asApiError(e).message, 'error');
    }
  }
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ mb: 1, justifyContent: 'space-between' }}>
        <Typography variant="h6" component="h3">
          Visit types
        </Typography>
        <Button variant="outlined" onClick={() => setEditing('new')}>
          Add visit type
        </Button>
      </Stack>
      <Table size="small" aria-label="Visit types">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>CPT</TableCell>
            <TableCell>For</TableCell>
            <TableCell>Buffers</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((v) => (
            <TableRow key={v.id}>
              <TableCell>{v.name}</TableCell>
              <TableCell>{v.durationMinutes} min</TableCell>
              <TableCell>{v.cptCode ?? '—'}</TableCell>
              <TableCell>
                {STATUS_OPTIONS.find((o) => o.value === v.patientStatus)?.label ?? v.patientStatus}
              </TableCell>
              <TableCell>
                {v.bufferBeforeMinutes || v.bufferAfterMinutes
                  ? `${v.bufferBeforeMinutes} before, ${v.bufferAfterMinutes} after`
                  : 'None'}
              </TableCell>
              <TableCell>{v.active ? 'Offered' : <Chip size="small" label="Retired" />}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <Button size="small" onClick={() => setEditing(v)} aria-label={`Edit ${v.name}`}>
                  Edit
                </Button>
                {v.active ? (
                  <Button size="small" color="warning" onClick={() => void retire(v)}>
                    Retire
                  </Button>
                ) : (
                  <Button
                    size="small"
                    onClick={() =>
                      void call('visitTypes/restore', { id: v.id, version: v.version }).then(
                        () => desk.notify(`${v.name} is offered again.`, 'success'),
                        (e) => desk.notify(asApiError(e).message, 'error'),
                      )
                    }
                  >
                    Offer again
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing !== null && (
        <EditRecordDialog
          title={editing === 'new' ? 'Add visit type' : `Edit ${editing.name}`}
          onClose={() => setEditing(null)}
          label="Visit type"
          fields={VISIT_FIELDS}
          initial={editing === 'new' ? visitValues({}) : visitValues(editing)}
          toValues={visitValues}
          version={editing === 'new' ? 1 : editing.version}
          save={async (v, version) => {
            if (editing === 'new') return call('visitTypes/create', visitInput(v));
            const r = await call('visitTypes/update', {
              id: editing.id,
              version,
              ...visitInput(v),
            });
            desk.notify(
              r.bookedKeepingOldDuration
                ? `New bookings of ${r.visitType.name} take ${r.visitType.durationMinutes} minutes; ${r.bookedKeepingOldDuration} already booked ${r.bookedKeepingOldDuration === 1 ? 'visit keeps its' : 'visits keep their'} length.`
                : `Saved ${r.visitType.name}.`,
              r.bookedKeepingOldDuration ? 'info' : 'success',
            );
            return r;
          }}
          onSaved={() => {
            if (editing === 'new') desk.notify('Saved the new visit type.', 'success');
            setEditing(null);
          }}
        />
      )}
    </Paper>
  );
}
