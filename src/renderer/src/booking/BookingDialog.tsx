/**
 * Phone-in booking, keyboard first. The standard call — known patient, any provider, first
 * opening — is: F2, type "lop", Enter (patient), Enter (remembered visit type, or type "fol" and
 * Enter), Enter (book). Then the confirmation code is read back to the caller.
 *
 * The same dialog opens prefilled from a clicked empty slot (that slot is listed first and
 * highlighted), from the patient panel (patient chosen) and from an appointment's "Find next
 * opening" (patient and visit type fixed; Enter reschedules instead of booking).
 *
 * Alt+M switches the list from "First openings" to "Best match" (providers ranked for this patient:
 * network, distance, language, continuity) and back; Enter books from either list the same way.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link,
  Paper,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { ApiError, call } from '../api/client';
import { useDesk, type BookingPrefill } from '../desk/DeskContext';
import { useLiveQuery, useReloadReads } from '../live';
import { EstimateLine } from '../eligibility/EstimateLine';
import { ProviderMatch } from '../matching/ProviderMatch';
import { formatDob, formatPhone, readBackLine, spokenCode, timeLabel, whenLabel } from './format';
import { OpeningsPicker, type Opening } from './OpeningsPicker';
import { PatientSearch, type FoundPatient } from './PatientSearch';
import { QuickAddPatient } from './QuickAddPatient';
import { RepeatSeries } from './RepeatSeries';
import { EntryDialog, emptyDraft, type EntryDraft } from '../waitlist/EntryDialog';
import { OfferSlotDialog, type OpenTime } from '../waitlist/OfferSlotDialog';
import {
  rememberedVisitTypeId,
  rememberVisitType,
  VisitTypePicker,
  type VisitTypeChoice,
} from './VisitTypePicker';
import type { ApiInput, ApiOutput } from '../../../core/api/types';

type Appointment = ApiOutput<'appointments/book'>;
type Rescheduling = ApiOutput<'appointments/get'>;
type ListMode = 'first' | 'match';

/** A rule of the provider the booking broke (who they see), as the engine words it. */
interface BrokenRule {
  rule: string;
  message: string;
}

/** Why the chosen opening was not booked; the dialog never books another one by itself. */
type Refusal =
  | { kind: 'taken'; slot: Opening; alternatives: Opening[] }
  | { kind: 'rule'; slot: Opening; message: string; rules: BrokenRule[] };

function detailList<T>(details: Record<string, unknown> | undefined, key: string): T[] {
  const v = details?.[key];
  return Array.isArray(v) ? (v as T[]) : [];
}

interface Done {
  appointment: Appointment;
  line: string;
  /** For a reschedule: where it was. */
  movedFrom: string | null;
}

export function BookingDialog() {
  const desk = useDesk();
  const prefill = desk.booking;
  // "Book another" starts a fresh flow even when the prefill is the same.
  const [round, setRound] = useState(0);
  return (
    <Dialog
      open={prefill !== null}
      onClose={desk.closeBooking}
      fullWidth
      maxWidth="md"
      scroll="paper"
      aria-labelledby="booking-title"
    >
      {prefill && (
        <BookingFlow
          key={`${JSON.stringify(prefill)}#${round}`}
          prefill={prefill}
          onBookAnother={() => setRound((r) => r + 1)}
        />
      )}
    </Dialog>
  );
}

const errorText = (err: unknown) =>
  err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) });

function BookingFlow(props: { prefill: BookingPrefill; onBookAnother(): void }) {
  const desk = useDesk();
  const { prefill } = props;
  const rescheduleId = prefill.rescheduleAppointmentId ?? null;

  const visitTypes = useLiveQuery('visitTypes/list', {}, ['visitTypes']);
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const locations = useLiveQuery('locations/list', {}, ['locations']);

  const searchRef = useRef<HTMLInputElement>(null);
  const visitTypeRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const [patient, setPatient] = useState<FoundPatient | null>(null);
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const [visitTypeId, setVisitTypeId] = useState<number | null>(prefill.visitTypeId ?? null);
  const [rescheduling, setRescheduling] = useState<Rescheduling | null>(null);
  const [highlighted, setHighlighted] = useState<Opening | null>(null);
  const [pinDropped, setPinDropped] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reloadReads = useReloadReads();
  const [done, setDone] = useState<Done | null>(null);
  const [mode, setMode] = useState<ListMode>('first');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  // Overbooking is on purpose only: a box to tick and a reason (a click on blocked time ticks it).
  const [overbook, setOverbook] = useState(prefill.overbook === true);
  const [offering, setOffering] = useState<OpenTime | null>(null);
  const [waitlisting, setWaitlisting] = useState<EntryDraft | null>(null);
  const [overbookReason, setOverbookReason] = useState('');
  const overbookRef = useRef<HTMLInputElement>(null);
  // "Repeat…": the highlighted opening becomes the first visit of a series.
  const [repeatFrom, setRepeatFrom] = useState<Opening | null>(null);

  // The chosen patient as saved now: an edit in the patient panel shows here at once.
  const fresh = useLiveQuery('patients/get', patient ? { patientId: patient.id } : null, [
    'patients',
  ]);
  const shownPatient = fresh.data && patient && fresh.data.id === patient.id ? fresh.data : patient;

  const types = useMemo(() => visitTypes.data ?? [], [visitTypes.data]);
  const visitType = types.find((v) => v.id === visitTypeId) ?? null;
  const remembered = useMemo(() => {
    const id = rememberedVisitTypeId();
    return types.find((v) => v.id === id) ?? null;
  }, [types]);

  /** Focus where the next keystroke is needed, once React has drawn it. */
  const focusNext = useCallback((state: { patient: boolean; visitType: boolean }) => {
    requestAnimationFrame(() => {
      if (!state.patient) searchRef.current?.focus();
      else if (!state.visitType) visitTypeRef.current?.focus();
      else listRef.current?.focus();
    });
  }, []);

  // Prefilled patient or appointment: load them, then put the cursor where typing starts.
  useEffect(() => {
    let stale = false;
    const load = async () => {
      if (rescheduleId !== null) {
        const appt = await call('appointments/get', { appointmentId: rescheduleId });
        const p = await call('patients/get', { patientId: appt.patient.id });
        if (stale) return;
        setRescheduling(appt);
        setPatient(p);
        setVisitTypeId(appt.visitTypeId);
        focusNext({ patient: true, visitType: true });
      } else if (prefill.patientId !== undefined) {
        const p = await call('patients/get', { patientId: prefill.patientId });
        if (stale) return;
        setPatient(p);
        focusNext({ patient: true, visitType: prefill.visitTypeId !== undefined });
      } else {
        focusNext({ patient: false, visitType: false });
      }
    };
    load().catch((err: unknown) => {
      if (!stale) setLoadError(errorText(err).message);
    });
    return () => {
      stale = true;
    };
  }, [rescheduleId, prefill.patientId, prefill.visitTypeId, focusNext]);

  // A clicked empty slot: that provider and time, listed first and highlighted.
  const pinned = useMemo<Opening | null>(() => {
    if (pinDropped || !prefill.start || prefill.providerId === undefined || !visitType) return null;
    const provider = providers.data?.find((p) => p.id === prefill.providerId);
    if (!provider) return null;
    const locationId = prefill.locationId ?? desk.locationId ?? provider.locationIds[0];
    const location = locations.data?.find((l) => l.id === locationId);
    if (!location) return null;
    const start = DateTime.fromISO(prefill.start, { zone: desk.zone });
    return {
      providerId: provider.id,
      providerName: provider.displayName,
      locationId: location.id,
      locationName: location.name,
      date: start.toISODate() ?? '',
      localTime: start.toFormat('HH:mm'),
      start: start.toUTC().toISO() ?? prefill.start,
      end: start.plus({ minutes: visitType.durationMinutes }).toUTC().toISO() ?? prefill.start,
    };
  }, [
    pinDropped,
    prefill.start,
    prefill.providerId,
    prefill.locationId,
    visitType,
    providers.data,
    locations.data,
    desk.locationId,
    desk.zone,
  ]);

  function pickPatient(p: FoundPatient) {
    setPatient(p);
    setAdding(false);
    setError(null);
    focusNext({ patient: true, visitType: visitType !== null });
  }

  function confirmVisitType(v: VisitTypeChoice) {
    setVisitTypeId(v.id);
    setError(null);
    focusNext({ patient: patient !== null, visitType: true });
  }

  const takenText = (slot: Opening) =>
    `${timeLabel(slot.start, desk.zone)} on ${slot.date ? DateTime.fromISO(slot.date).toFormat('ccc LLL d') : ''} with ${slot.providerName} was just taken.`;

  const onGone = useCallback((slot: Opening) => {
    setRefusal((r) => r ?? { kind: 'taken', slot, alternatives: [] });
  }, []);

  async function book(slot: Opening, extra: { ruleOverride?: { reason: string } } = {}) {
    if (busy) return;
    if (overbook && overbookReason.trim() === '') {
      setError('Give the reason for the overbook (it is kept with the appointment).');
      overbookRef.current?.focus();
      return;
    }
    if (!patient) {
      setError('Choose the patient first (search above, or Alt+N for a new patient).');
      searchRef.current?.focus();
      return;
    }
    if (!visitType) {
      setError('Choose the visit type first.');
      visitTypeRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setRefusal(null);
    // ruleOverride is the desk engine's new input; it is sent only when the receptionist asks.
    const onPurpose = {
      ...(overbook ? { overbook: { reason: overbookReason.trim() } } : {}),
      ...extra,
    };
    try {
      const appointment =
        rescheduleId !== null
          ? (
              await call('appointments/reschedule', {
                appointmentId: rescheduleId,
                start: slot.start,
                providerId: slot.providerId,
                locationId: slot.locationId,
                ...onPurpose,
              } as ApiInput<'appointments/reschedule'>)
            ).appointment
          : await call('appointments/book', {
              patientId: patient.id,
              providerId: slot.providerId,
              locationId: slot.locationId,
              visitTypeId: visitType.id,
              start: slot.start,
              ...onPurpose,
            } as ApiInput<'appointments/book'>);
      rememberVisitType(visitType.id);
      // The appointment panel open on the old appointment follows the new one.
      if (rescheduleId !== null && desk.appointmentId === rescheduleId)
        desk.openAppointment(appointment.id);
      setDone({
        appointment,
        line: readBackLine({
          patientName: `${patient.firstName} ${patient.lastName}`,
          visitTypeName: visitType.name,
          providerName: slot.providerName,
          locationName: slot.locationName,
          start: appointment.start,
          zone: desk.zone,
          confirmationCode: appointment.confirmationCode,
        }),
        movedFrom: rescheduling
          ? `${whenLabel(rescheduling.start, desk.zone)} with ${rescheduling.providerName}`
          : null,
      });
    } catch (err) {
      const e = errorText(err);
      if (e.code === 'RULE') {
        setRefusal({
          kind: 'rule',
          slot,
          message: e.message,
          rules: detailList<BrokenRule>(e.details, 'rules'),
        });
      } else if (e.code === 'CONFLICT') {
        setRefusal({
          kind: 'taken',
          slot,
          alternatives: detailList<Opening>(e.details, 'alternatives'),
        });
      } else {
        const taken = e.code === 'OUTSIDE_HOURS';
        setError(
          taken
            ? `${e.message} The openings below have been refreshed: choose another.`
            : e.message,
        );
      }
      if (pinned && slot.start === pinned.start && slot.providerId === pinned.providerId)
        setPinDropped(true);
      // Whatever refused it (taken, outside hours), the lists below must not offer it again.
      reloadReads(['availability/firstOpenings', 'matching/search']);
      listRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  function switchMode(next: ListMode) {
    setMode(next);
    setHighlighted(null);
    requestAnimationFrame(() => listRef.current?.focus());
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.altKey && e.code === 'KeyN' && rescheduleId === null && !done) {
      e.preventDefault();
      setPatient(null);
      setAdding(true);
    } else if (e.altKey && e.code === 'KeyM' && !done) {
      e.preventDefault();
      switchMode(mode === 'match' ? 'first' : 'match');
    }
  }

  if (done) {
    return (
      <>
        <DialogTitle id="booking-title">
          {rescheduleId !== null ? 'Rescheduled' : 'Booked'}
        </DialogTitle>
        <DialogContent>
          <Box sx={{ textAlign: 'center', py: 2 }}>
            <Typography color="text.secondary" id="code-label">
              Confirmation code
            </Typography>
            <Typography
              data-testid="confirmation-code"
              aria-labelledby="code-label"
              sx={{
                fontSize: 56,
                fontWeight: 700,
                letterSpacing: 6,
                fontFamily: 'monospace',
                lineHeight: 1.2,
              }}
            >
              {spokenCode(done.appointment.confirmationCode)}
            </Typography>
          </Box>
          {done.movedFrom && (
            <Typography color="text.secondary" sx={{ mb: 1 }}>
              Moved from {done.movedFrom}.
            </Typography>
          )}
          <Paper variant="outlined" sx={{ p: 2, bgcolor: 'grey.50' }}>
            <Typography variant="overline" color="text.secondary" component="p">
              Read back to the caller
            </Typography>
            <Typography data-testid="read-back" sx={{ fontSize: 18 }}>
              {done.line}
            </Typography>
          </Paper>
        </DialogContent>
        <DialogActions>
          {rescheduleId === null && <Button onClick={props.onBookAnother}>Book another</Button>}
          <Button variant="contained" onClick={desk.closeBooking} autoFocus>
            Close
          </Button>
        </DialogActions>
      </>
    );
  }

  if (repeatFrom && patient && visitType) {
    return (
      <RepeatSeries
        patient={patient}
        visitType={visitType}
        first={repeatFrom}
        onBack={() => setRepeatFrom(null)}
        onClose={desk.closeBooking}
      />
    );
  }

  return (
    <Box onKeyDown={onKeyDown} sx={{ display: 'contents' }}>
      <DialogTitle
        id="booking-title"
        sx={{ display: 'flex', alignItems: 'baseline', gap: 2, pb: 1 }}
      >
        {rescheduleId !== null ? 'Find a new time' : 'Book appointment'}
        <Typography component="span" color="text.secondary" sx={{ fontSize: 13 }}>
          {rescheduleId !== null
            ? 'Enter moves the appointment · Esc closes'
            : 'Alt+N new patient · Alt+M best match · Enter books · Esc closes'}
        </Typography>
      </DialogTitle>
      <DialogContent sx={{ pt: '8px !important' }}>
        <Stack spacing={1.5}>
          {loadError && <Alert severity="error">{loadError}</Alert>}
          {rescheduling && (
            <Alert severity="info" icon={false}>
              Now: {rescheduling.visitType?.name ?? 'visit'}{' '}
              {whenLabel(rescheduling.start, desk.zone)} with {rescheduling.providerName} at{' '}
              {rescheduling.locationName} ({spokenCode(rescheduling.confirmationCode)})
            </Alert>
          )}
          {patient ? (
            <Stack
              direction="row"
              spacing={1.5}
              alignItems="baseline"
              aria-label="Patient"
              role="group"
            >
              <Typography color="text.secondary" sx={{ width: 90, flex: 'none' }}>
                Patient
              </Typography>
              <Link
                component="button"
                type="button"
                variant="subtitle1"
                onClick={() => desk.openPatient(patient.id)}
                sx={{ fontWeight: 700 }}
                aria-label={`${patient.firstName} ${patient.lastName}: open the patient's record`}
              >
                {patient.firstName} {patient.lastName}
              </Link>
              <Typography color="text.secondary" sx={{ fontSize: 14 }}>
                DOB {formatDob(shownPatient!.dateOfBirth)}
                {shownPatient!.phoneMobile || shownPatient!.phoneHome
                  ? ` · ${formatPhone(shownPatient!.phoneMobile ?? shownPatient!.phoneHome)}`
                  : ''}
              </Typography>
              {fresh.data && fresh.data.id === patient.id && (
                <Typography
                  data-testid="no-shows"
                  sx={{
                    fontSize: 14,
                    fontWeight: fresh.data.stats.noShows > 0 ? 700 : 400,
                    color: fresh.data.stats.noShows > 0 ? 'warning.dark' : 'text.secondary',
                  }}
                >
                  {fresh.data.stats.noShows === 1
                    ? '1 no-show'
                    : `${fresh.data.stats.noShows} no-shows`}
                </Typography>
              )}
              {rescheduleId === null && (
                <Button
                  size="small"
                  onClick={() => {
                    setPatient(null);
                    focusNext({ patient: false, visitType: false });
                  }}
                >
                  Change
                </Button>
              )}
            </Stack>
          ) : adding ? (
            <QuickAddPatient
              initialQuery={query}
              onCreated={pickPatient}
              onCancel={() => {
                setAdding(false);
                focusNext({ patient: false, visitType: false });
              }}
            />
          ) : (
            <Stack direction="row" spacing={1} alignItems="flex-start">
              <Box sx={{ flex: 1 }}>
                <PatientSearch
                  inputRef={searchRef}
                  initialQuery={query}
                  onQueryChange={setQuery}
                  onPick={pickPatient}
                />
              </Box>
              <Button onClick={() => setAdding(true)} sx={{ whiteSpace: 'nowrap', mt: 0.25 }}>
                New patient
              </Button>
            </Stack>
          )}
          <VisitTypePicker
            inputRef={visitTypeRef}
            types={types}
            value={visitType}
            suggested={remembered}
            disabled={rescheduleId !== null}
            onConfirm={confirmVisitType}
          />
          {error && (
            <Alert severity="error" role="alert" onClose={() => setError(null)}>
              {error}
            </Alert>
          )}
          {refusal?.kind === 'taken' && (
            <Alert severity="warning" role="alert" onClose={() => setRefusal(null)}>
              <strong>{takenText(refusal.slot)}</strong> Nothing was booked.{' '}
              {refusal.alternatives.length > 0
                ? 'Offer the caller one of these:'
                : 'Choose another opening below (↑/↓, then Enter).'}
              {refusal.alternatives.length > 0 && (
                <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 1, flexWrap: 'wrap' }}>
                  {refusal.alternatives.slice(0, 6).map((alt) => (
                    <Button
                      key={`${alt.providerId}@${alt.start}`}
                      size="small"
                      variant="outlined"
                      onClick={() => void book(alt)}
                    >
                      Book {whenLabel(alt.start, desk.zone)} with {alt.providerName}
                    </Button>
                  ))}
                </Stack>
              )}
            </Alert>
          )}
          {refusal?.kind === 'rule' && (
            <Alert severity="warning" role="alert" onClose={() => setRefusal(null)}>
              <strong>
                {refusal.slot.providerName} does not see this patient for {visitType?.name}:
              </strong>
              <Box component="ul" sx={{ my: 0.5, pl: 2.5 }}>
                {(refusal.rules.length > 0
                  ? refusal.rules
                  : [{ rule: 'rule', message: refusal.message }]
                ).map((r) => (
                  <li key={r.rule + r.message}>{r.message}</li>
                ))}
              </Box>
              <Stack direction="row" spacing={1} alignItems="center">
                <TextField
                  size="small"
                  label="Reason to book anyway"
                  value={overrideReason}
                  onChange={(e) => setOverrideReason(e.target.value)}
                  sx={{ minWidth: 320 }}
                />
                <Button
                  variant="outlined"
                  color="warning"
                  disabled={overrideReason.trim() === '' || busy}
                  onClick={() =>
                    void book(refusal.slot, { ruleOverride: { reason: overrideReason.trim() } })
                  }
                >
                  Book anyway
                </Button>
              </Stack>
            </Alert>
          )}
          <Stack direction="row" spacing={1} alignItems="center">
            <Box component="label" sx={{ display: 'flex', alignItems: 'center', fontSize: 14 }}>
              <Checkbox
                size="small"
                checked={overbook}
                onChange={(e) => {
                  setOverbook(e.target.checked);
                  if (e.target.checked) requestAnimationFrame(() => overbookRef.current?.focus());
                }}
              />
              Overbook on purpose
            </Box>
            {overbook && (
              <TextField
                inputRef={overbookRef}
                size="small"
                label="Overbook reason"
                value={overbookReason}
                onChange={(e) => setOverbookReason(e.target.value)}
                sx={{ flex: 1 }}
                required
              />
            )}
          </Stack>
          <EstimateLine
            input={
              patient && visitType && highlighted
                ? {
                    patientId: patient.id,
                    visitTypeId: visitType.id,
                    providerId: highlighted.providerId,
                    date: highlighted.date,
                  }
                : null
            }
          />
          <Stack direction="row" justifyContent="flex-end" sx={{ mb: -1 }}>
            <ToggleButtonGroup
              size="small"
              exclusive
              value={mode}
              onChange={(_e, v: ListMode | null) => v && switchMode(v)}
              aria-label="List openings by"
            >
              <ToggleButton value="first">First openings</ToggleButton>
              <ToggleButton value="match" title="Alt+M">
                Best match
              </ToggleButton>
            </ToggleButtonGroup>
          </Stack>
          {mode === 'match' ? (
            <ProviderMatch
              zone={desk.zone}
              patient={patient ? shownPatient : null}
              visitType={visitType}
              listRef={listRef}
              onHighlight={setHighlighted}
              onBook={(slot) => void book(slot)}
            />
          ) : (
            <OpeningsPicker
              // A reschedule looks at the same provider first; the filter starts from it once loaded.
              key={rescheduling ? `reschedule-${rescheduling.id}` : 'book'}
              zone={desk.zone}
              listRef={listRef}
              visitType={visitType}
              providers={providers.data ?? []}
              locations={locations.data ?? []}
              defaultLocationId={prefill.locationId ?? desk.locationId}
              defaultProviderId={rescheduling?.providerId ?? null}
              patientId={patient?.id ?? null}
              pinned={pinned}
              onHighlight={setHighlighted}
              onBook={(slot) => void book(slot)}
              onGone={onGone}
            />
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {rescheduleId === null && prefill.start && prefill.providerId && prefill.locationId && (
          <Button
            onClick={() =>
              setOffering({
                providerId: prefill.providerId!,
                providerName:
                  (providers.data ?? []).find((p) => p.id === prefill.providerId)?.displayName ??
                  '',
                locationId: prefill.locationId!,
                start: prefill.start!,
                end: new Date(
                  Date.parse(prefill.start!) + (visitType?.durationMinutes ?? 30) * 60_000,
                ).toISOString(),
              })
            }
            title="Text this time to patients on the waitlist it suits"
          >
            Offer to waitlist…
          </Button>
        )}
        {rescheduleId === null && (
          <Button
            disabled={!patient}
            onClick={() =>
              patient &&
              setWaitlisting(
                emptyDraft({
                  patient: { id: patient.id, name: `${patient.firstName} ${patient.lastName}` },
                  visitTypeId: visitType?.id ?? null,
                  who: prefill.providerId ? `p:${prefill.providerId}` : '',
                }),
              )
            }
            title="None of these times suit: put the patient on the waitlist for an earlier one"
          >
            Add to waitlist…
          </Button>
        )}
        <Box sx={{ flex: 1 }} />
        {offering && <OfferSlotDialog time={offering} onClose={() => setOffering(null)} />}
        {waitlisting && (
          <EntryDialog
            entryId={null}
            initial={waitlisting}
            onClose={(saved) => {
              setWaitlisting(null);
              if (saved) desk.closeBooking();
            }}
          />
        )}
        <Button onClick={desk.closeBooking}>Cancel</Button>
        {rescheduleId === null && (
          <Button
            disabled={busy || !patient || !visitType || !highlighted || overbook}
            onClick={() => highlighted && setRepeatFrom(highlighted)}
            title="Book this opening as the first visit of a weekly or daily series"
          >
            Repeat…
          </Button>
        )}
        <Button
          variant="contained"
          disabled={busy || !patient || !visitType || !highlighted}
          onClick={() => highlighted && void book(highlighted)}
        >
          {rescheduleId !== null ? 'Move here' : 'Book'}
          {highlighted ? ` ${whenLabel(highlighted.start, desk.zone)}` : ''}
        </Button>
      </DialogActions>
    </Box>
  );
}
