/**
 * Add a patient to the waitlist, or edit their entry: what they wait for (visit type, a provider
 * or any provider of a specialty), when they could come (dates, weekdays, morning/afternoon), a
 * booked later visit to pull forward, priority and expiry. Opened from the Waitlist screen and
 * from the booking dialog ("Add to waitlist…", patient and visit type carried over).
 */
import { useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { PatientSearch, type FoundPatient } from '../booking/PatientSearch';
import { whenLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import { WEEKDAY_SHORT, type WaitlistEntry } from './format';

export interface EntryDraft {
  patient: { id: number; name: string } | null;
  visitTypeId: number | null;
  /** 'p:<id>' for a provider, 's:<code>' for a specialty, '' for anyone. */
  who: string;
  earliestDate: string;
  latestDate: string;
  weekdays: number[];
  timeOfDay: 'any' | 'morning' | 'afternoon';
  linkedAppointmentId: number | null;
  priority: number;
  expiresOn: string;
  note: string;
}

export function draftFrom(e: WaitlistEntry): EntryDraft {
  return {
    patient: { id: e.patientId, name: e.patientName },
    visitTypeId: e.visitTypeId,
    who: e.providerId !== null ? `p:${e.providerId}` : e.specialty ? `s:${e.specialty}` : '',
    earliestDate: e.earliestDate ?? '',
    latestDate: e.latestDate ?? '',
    weekdays: e.weekdays ?? [],
    timeOfDay: e.timeOfDay as EntryDraft['timeOfDay'],
    linkedAppointmentId: e.linkedAppointmentId,
    priority: e.priority,
    expiresOn: e.expiresOn ?? '',
    note: e.note ?? '',
  };
}

export const emptyDraft = (p: Partial<EntryDraft> = {}): EntryDraft => ({
  patient: null,
  visitTypeId: null,
  who: '',
  earliestDate: '',
  latestDate: '',
  weekdays: [],
  timeOfDay: 'any',
  linkedAppointmentId: null,
  priority: 0,
  expiresOn: '',
  note: '',
  ...p,
});

export function EntryDialog(props: {
  /** The entry being edited, or null to add one. */
  entryId: number | null;
  initial: EntryDraft;
  onClose(saved: boolean): void;
}) {
  const desk = useDesk();
  const [d, setD] = useState<EntryDraft>(props.initial);
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const visitTypes = useLiveQuery('visitTypes/list', {}, ['visitTypes']);
  const upcoming = useLiveQuery(
    'appointments/list',
    d.patient
      ? {
          from: new Date().toISOString(),
          to: new Date(Date.now() + 90 * 86_400_000).toISOString(),
          patientId: d.patient.id,
        }
      : null,
    ['appointments'],
  );
  const specialties = [
    ...new Map((providers.data ?? []).map((p) => [p.taxonomyCode, p.specialtyName])).entries(),
  ].sort((a, b) => a[1].localeCompare(b[1]));
  const set = (p: Partial<EntryDraft>) => setD((x) => ({ ...x, ...p }));
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);

  async function save() {
    if (!d.patient) return setError({ message: 'Choose the patient.', field: 'patientId' });
    if (d.visitTypeId === null)
      return setError({ message: 'Choose the visit type.', field: 'visitTypeId' });
    const input = {
      patientId: d.patient.id,
      visitTypeId: d.visitTypeId,
      ...(d.who.startsWith('p:') ? { providerId: Number(d.who.slice(2)) } : {}),
      ...(d.who.startsWith('s:') ? { specialty: d.who.slice(2) } : {}),
      ...(d.earliestDate ? { earliestDate: d.earliestDate } : {}),
      ...(d.latestDate ? { latestDate: d.latestDate } : {}),
      ...(d.weekdays.length > 0 ? { weekdays: [...d.weekdays].sort() } : {}),
      timeOfDay: d.timeOfDay,
      ...(d.linkedAppointmentId !== null ? { linkedAppointmentId: d.linkedAppointmentId } : {}),
      priority: d.priority,
      ...(d.expiresOn ? { expiresOn: d.expiresOn } : {}),
      ...(d.note.trim() ? { note: d.note.trim() } : {}),
    };
    setBusy(true);
    try {
      if (props.entryId === null) await call('waitlist/add', input);
      else await call('waitlist/update', { entryId: props.entryId, ...input });
      desk.notify(
        props.entryId === null
          ? `${d.patient.name} is on the waitlist.`
          : `${d.patient.name}'s waitlist entry is saved.`,
        'success',
      );
      props.onClose(true);
    } catch (err) {
      const e = asApiError(err);
      setError({ message: e.message, field: e.field });
    } finally {
      setBusy(false);
    }
  }

  const linkable = (upcoming.data ?? []).filter((a) => ['booked', 'confirmed'].includes(a.status));
  return (
    <Dialog open onClose={() => props.onClose(false)} maxWidth="md" fullWidth>
      <DialogTitle>
        {props.entryId === null ? 'Add to the waitlist' : 'Edit waitlist entry'}
        {d.patient ? ` · ${d.patient.name}` : ''}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {error && !['visitTypeId', 'latestDate', 'expiresOn'].includes(error.field ?? '') && (
            <Alert severity="error">{error.message}</Alert>
          )}
          {!d.patient && (
            <PatientSearch
              inputRef={searchRef}
              onPick={(p: FoundPatient) =>
                set({ patient: { id: p.id, name: `${p.firstName} ${p.lastName}` } })
              }
            />
          )}
          <Stack direction="row" spacing={2}>
            <TextField
              select
              size="small"
              label="Visit type"
              value={d.visitTypeId ?? ''}
              onChange={(e) => set({ visitTypeId: Number(e.target.value) })}
              error={!!fieldError('visitTypeId')}
              helperText={fieldError('visitTypeId')}
              sx={{ minWidth: 220 }}
            >
              {(visitTypes.data ?? []).map((v) => (
                <MenuItem key={v.id} value={v.id}>
                  {v.name} ({v.durationMinutes} min)
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              label="With"
              value={d.who}
              onChange={(e) => set({ who: e.target.value })}
              sx={{ minWidth: 300 }}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            >
              <MenuItem value="">Any provider</MenuItem>
              {specialties.map(([code, name]) => (
                <MenuItem key={code} value={`s:${code}`}>
                  Any {name}
                </MenuItem>
              ))}
              {(providers.data ?? []).map((p) => (
                <MenuItem key={p.id} value={`p:${p.id}`}>
                  {p.displayName}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          <Stack direction="row" spacing={2}>
            <TextField
              size="small"
              type="date"
              label="Earliest date"
              value={d.earliestDate}
              onChange={(e) => set({ earliestDate: e.target.value })}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <TextField
              size="small"
              type="date"
              label="Latest date"
              value={d.latestDate}
              onChange={(e) => set({ latestDate: e.target.value })}
              error={!!fieldError('latestDate')}
              helperText={fieldError('latestDate')}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <TextField
              select
              size="small"
              label="Time of day"
              value={d.timeOfDay}
              onChange={(e) => set({ timeOfDay: e.target.value as EntryDraft['timeOfDay'] })}
              sx={{ minWidth: 150 }}
            >
              <MenuItem value="any">Any time</MenuItem>
              <MenuItem value="morning">Mornings</MenuItem>
              <MenuItem value="afternoon">Afternoons</MenuItem>
            </TextField>
          </Stack>
          <Stack
            direction="row"
            alignItems="center"
            spacing={0.5}
            role="group"
            aria-label="Weekdays"
          >
            <Typography variant="body2" sx={{ mr: 1 }}>
              Days (none ticked: any day)
            </Typography>
            {WEEKDAY_SHORT.map((w, i) => (
              <FormControlLabel
                key={w}
                label={w}
                control={
                  <Checkbox
                    size="small"
                    checked={d.weekdays.includes(i + 1)}
                    onChange={(e) =>
                      set({
                        weekdays: e.target.checked
                          ? [...d.weekdays, i + 1]
                          : d.weekdays.filter((x) => x !== i + 1),
                      })
                    }
                  />
                }
              />
            ))}
          </Stack>
          <Stack direction="row" spacing={2}>
            <TextField
              select
              size="small"
              label="Pull forward"
              value={d.linkedAppointmentId ?? ''}
              onChange={(e) =>
                set({
                  linkedAppointmentId: e.target.value === '' ? null : Number(e.target.value),
                })
              }
              sx={{ minWidth: 320 }}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
              helperText="A booked later visit that moves to the earlier time when they say YES"
            >
              <MenuItem value="">No later visit: book a new one</MenuItem>
              {linkable.map((a) => (
                <MenuItem key={a.id} value={a.id}>
                  {whenLabel(a.start, desk.zone)} · {a.visitTypeName}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              label="Priority"
              value={d.priority}
              onChange={(e) => set({ priority: Number(e.target.value) })}
              sx={{ minWidth: 120 }}
              helperText="9 is asked first"
            >
              {[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
                <MenuItem key={n} value={n}>
                  {n}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              type="date"
              label="Expires after"
              value={d.expiresOn}
              onChange={(e) => set({ expiresOn: e.target.value })}
              error={!!fieldError('expiresOn')}
              helperText={fieldError('expiresOn') ?? 'Empty: stays until booked or removed'}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          </Stack>
          <TextField
            size="small"
            label="Note for the desk"
            value={d.note}
            onChange={(e) => set({ note: e.target.value })}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose(false)}>Cancel</Button>
        <Button variant="contained" disabled={busy} onClick={() => void save()}>
          {props.entryId === null ? 'Add to waitlist' : 'Save'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
