/**
 * Exceptions to the weekly hours: a date override (closed, or other hours) at one location, and
 * time off (whole days or an exact span), which blocks the provider everywhere.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  FormControlLabel,
  List,
  ListItem,
  ListItemText,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { call } from '../api/client';
import { clockTime, shortDay } from '../clinicTime';
import { useDesk } from '../desk/DeskContext';
import { DayEditor, type VisitTypeChoice } from './DayEditor';
import { asApiError, fieldMessage, splitErrors } from './fieldErrors';
import {
  OrphanConfirm,
  OutsideHoursWarning,
  type Orphan,
  type OutsideAppointment,
} from './OutsideHours';
import {
  clockLabel,
  versionInForce,
  weekFromVersion,
  type DraftDay,
  type ScheduleInfo,
} from './template';

function dayLabel(date: string): string {
  return DateTime.fromISO(date).setLocale('en-US').toFormat('ccc, MMM d, yyyy');
}

const OVERRIDE_FIELD = /^(date|reason|(hours|breaks)\.\d+(\.(start|end|visitTypeIds))?)$/;

export function OverridesPanel(props: {
  providerId: number;
  locationId: number;
  locationName: string;
  schedule: ScheduleInfo | undefined;
  visitTypes: VisitTypeChoice[];
  today: string;
}) {
  const desk = useDesk();
  const [date, setDate] = useState(props.today);
  const [closed, setClosed] = useState(true);
  const [day, setDay] = useState<DraftDay>({ hours: [], breaks: [] });
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outside, setOutside] = useState<OutsideAppointment[]>([]);
  const [orphans, setOrphans] = useState<Orphan[]>([]);

  // Custom hours start from that date's usual hours, the common case being "later start".
  const usualHours = (d: string): DraftDay => {
    const weekday = DateTime.fromISO(d).weekday;
    const week = weekFromVersion(versionInForce(props.schedule, props.locationId, d));
    const usual = week[weekday - 1];
    return usual && usual.hours.length > 0
      ? usual
      : { hours: [{ start: '09:00', end: '17:00', visitTypeIds: null }], breaks: [] };
  };

  const save = async (confirmOrphans = false) => {
    setBusy(true);
    setErrors({});
    setOutside([]);
    try {
      const res = await call('schedules/setOverride', {
        ...(confirmOrphans ? { confirmOrphans: true } : {}),
        providerId: props.providerId,
        locationId: props.locationId,
        date,
        reason: reason.trim() || undefined,
        hours: closed
          ? []
          : day.hours.map((h) => ({
              start: h.start,
              end: h.end,
              ...(h.visitTypeIds?.length ? { visitTypeIds: h.visitTypeIds } : {}),
            })),
        breaks: closed ? [] : day.breaks,
      });
      setOrphans([]);
      setOutside(res.appointmentsOutsideHours);
      desk.notify(
        `${dayLabel(date)}: ${closed ? 'closed' : 'custom hours'} at ${props.locationName}.`,
        'success',
      );
      setReason('');
    } catch (e) {
      const err = asApiError(e);
      const found = err.details?.orphans;
      if (err.code === 'CONFLICT' && Array.isArray(found)) setOrphans(found as Orphan[]);
      else setErrors({ [err.field ?? 'form']: fieldMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (d: string) => {
    try {
      await call('schedules/removeOverride', {
        providerId: props.providerId,
        locationId: props.locationId,
        date: d,
      });
      desk.notify(`${dayLabel(d)} follows the weekly hours again.`, 'success');
    } catch (e) {
      desk.notify(asApiError(e).message, 'error');
    }
  };

  const { fields, form } = splitErrors(errors, (k) => OVERRIDE_FIELD.test(k));
  const upcoming = (props.schedule?.overrides ?? [])
    .filter((o) => o.locationId === props.locationId && o.date >= props.today)
    .sort((a, b) => a.date.localeCompare(b.date));

  return (
    <Paper variant="outlined" component="section" aria-labelledby="overrides-title" sx={{ p: 2 }}>
      <Typography id="overrides-title" variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        Date overrides at {props.locationName}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        One date with other hours, or closed. It replaces that date&apos;s weekly hours.
      </Typography>
      <Box
        component="form"
        aria-label="Date override"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack spacing={1.5}>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            <TextField
              type="date"
              size="small"
              label="Override date"
              value={date}
              onChange={(e) => {
                setDate(e.target.value);
                if (!closed && e.target.value) setDay(usualHours(e.target.value));
              }}
              error={fields.date !== undefined}
              helperText={fields.date}
              slotProps={{ inputLabel: { shrink: true } }}
              sx={{ width: 170 }}
            />
            <RadioGroup
              row
              aria-label="That date is"
              value={closed ? 'closed' : 'custom'}
              onChange={(e) => {
                const isClosed = e.target.value === 'closed';
                setClosed(isClosed);
                if (!isClosed && day.hours.length === 0) setDay(usualHours(date));
              }}
            >
              <FormControlLabel value="closed" control={<Radio size="small" />} label="Closed" />
              <FormControlLabel
                value="custom"
                control={<Radio size="small" />}
                label="Custom hours"
              />
            </RadioGroup>
          </Stack>
          {!closed && (
            <DayEditor
              name="Override"
              day={day}
              onChange={(d) => {
                setDay(d);
                setErrors({});
              }}
              visitTypes={props.visitTypes}
              errors={fields}
              prefix=""
            />
          )}
          <ReasonAndSubmit
            label="Override reason"
            placeholder="e.g. conference, staff meeting"
            reason={reason}
            onReason={setReason}
            error={fields.reason}
            formErrors={form}
            submitLabel="Save override"
            disabled={busy || !date}
          />
        </Stack>
      </Box>
      <OrphanConfirm
        orphans={orphans}
        busy={busy}
        onConfirm={() => void save(true)}
        onCancel={() => setOrphans([])}
      />
      <OutsideHoursWarning appointments={outside} onClose={() => setOutside([])} />
      <Typography variant="subtitle2" component="h4" sx={{ mt: 2 }}>
        Upcoming overrides
      </Typography>
      {upcoming.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None.
        </Typography>
      ) : (
        <List dense aria-label="Upcoming overrides">
          {upcoming.map((o) => {
            const hours = o.blocks.filter((b) => b.kind === 'hours');
            const breaks = o.blocks.filter((b) => b.kind === 'break');
            const what =
              hours.length === 0
                ? 'Closed'
                : hours.map((h) => `${clockLabel(h.start)}–${clockLabel(h.end)}`).join(', ') +
                  (breaks.length
                    ? ` (break ${breaks.map((b) => `${clockLabel(b.start)}–${clockLabel(b.end)}`).join(', ')})`
                    : '');
            return (
              <ListItem
                key={o.date}
                divider
                secondaryAction={
                  <Button
                    size="small"
                    color="error"
                    aria-label={`Remove override on ${dayLabel(o.date)}`}
                    onClick={() => void remove(o.date)}
                  >
                    Remove
                  </Button>
                }
              >
                <ListItemText
                  primary={`${dayLabel(o.date)} — ${what}`}
                  secondary={o.reason ?? undefined}
                />
              </ListItem>
            );
          })}
        </List>
      )}
    </Paper>
  );
}

const TIME_OFF_FIELD = /^(fromDate|toDate|start|end|reason)$/;

export function TimeOffPanel(props: {
  providerId: number;
  providerName: string;
  schedule: ScheduleInfo | undefined;
  today: string;
}) {
  const desk = useDesk();
  const [wholeDays, setWholeDays] = useState(true);
  const [fromDate, setFromDate] = useState(props.today);
  const [toDate, setToDate] = useState(props.today);
  const [date, setDate] = useState(props.today);
  const [start, setStart] = useState('13:00');
  const [end, setEnd] = useState('17:00');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outside, setOutside] = useState<OutsideAppointment[]>([]);

  /** A wall time on a date in the clinic's zone, as an instant (whatever the PC's zone). */
  const instantAt = (d: string, t: string) =>
    DateTime.fromISO(`${d}T${t}`, { zone: desk.zone }).toUTC().toISO() ?? '';

  const save = async () => {
    setErrors({});
    setOutside([]);
    if (!wholeDays && (!date || !start || !end)) {
      setErrors({ [!date ? 'date' : !start ? 'start' : 'end']: 'Enter a date and both times.' });
      return;
    }
    setBusy(true);
    try {
      const res = await call('schedules/addTimeOff', {
        providerId: props.providerId,
        reason: reason.trim() || undefined,
        ...(wholeDays
          ? { fromDate, toDate }
          : { start: instantAt(date, start), end: instantAt(date, end) }),
      });
      setOutside(res.appointmentsOutsideHours);
      desk.notify(`Time off added for ${props.providerName}.`, 'success');
      setReason('');
    } catch (e) {
      const err = asApiError(e);
      setErrors({ [err.field ?? 'form']: fieldMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: number) => {
    try {
      await call('schedules/removeTimeOff', { timeOffId: id });
      desk.notify('Time off removed; that time is bookable again.', 'success');
    } catch (e) {
      desk.notify(asApiError(e).message, 'error');
    }
  };

  const { fields, form } = splitErrors(errors, (k) => TIME_OFF_FIELD.test(k) || k === 'date');
  const nowIso = DateTime.now().toUTC().toISO() ?? '';
  const upcoming = (props.schedule?.timeOff ?? [])
    .filter((t) => t.end > nowIso)
    .sort((a, b) => a.start.localeCompare(b.start));
  const describe = (t: { start: string; end: string }) => {
    const s = DateTime.fromISO(t.start, { zone: desk.zone });
    const e = DateTime.fromISO(t.end, { zone: desk.zone });
    const midnight = (d: DateTime) => d.hour === 0 && d.minute === 0;
    if (midnight(s) && midnight(e)) {
      const last = e.minus({ days: 1 }).toISODate() ?? '';
      const first = s.toISODate() ?? '';
      return first === last
        ? `${dayLabel(first)} (whole day)`
        : `${dayLabel(first)} – ${dayLabel(last)} (whole days)`;
    }
    return `${shortDay(t.start, desk.zone)}, ${clockTime(t.start, desk.zone)} – ${shortDay(t.end, desk.zone)}, ${clockTime(t.end, desk.zone)}`;
  };

  return (
    <Paper variant="outlined" component="section" aria-labelledby="timeoff-title" sx={{ p: 2 }}>
      <Typography id="timeoff-title" variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        Time off for {props.providerName}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        Blocks the provider at every location. Booked appointments are kept and listed to call.
      </Typography>
      <Box
        component="form"
        aria-label="Time off"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack spacing={1.5}>
          <RadioGroup
            row
            aria-label="Time off is"
            value={wholeDays ? 'days' : 'span'}
            onChange={(e) => {
              setWholeDays(e.target.value === 'days');
              setErrors({});
            }}
          >
            <FormControlLabel value="days" control={<Radio size="small" />} label="Whole days" />
            <FormControlLabel value="span" control={<Radio size="small" />} label="Part of a day" />
          </RadioGroup>
          {wholeDays ? (
            <Stack direction="row" spacing={1} alignItems="flex-start">
              <TextField
                type="date"
                size="small"
                label="From date"
                value={fromDate}
                onChange={(e) => {
                  setFromDate(e.target.value);
                  if (e.target.value > toDate) setToDate(e.target.value);
                }}
                error={fields.fromDate !== undefined}
                helperText={fields.fromDate}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ width: 170 }}
              />
              <TextField
                type="date"
                size="small"
                label="To date (inclusive)"
                value={toDate}
                onChange={(e) => setToDate(e.target.value)}
                error={fields.toDate !== undefined}
                helperText={fields.toDate}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ width: 170 }}
              />
            </Stack>
          ) : (
            <Stack direction="row" spacing={1} alignItems="flex-start">
              <TextField
                type="date"
                size="small"
                label="Date"
                value={date}
                onChange={(e) => setDate(e.target.value)}
                error={fields.date !== undefined}
                helperText={fields.date}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ width: 170 }}
              />
              <TextField
                type="time"
                size="small"
                label="From"
                value={start}
                onChange={(e) => setStart(e.target.value)}
                error={fields.start !== undefined}
                helperText={fields.start}
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 300 } }}
                sx={{ width: 130 }}
              />
              <TextField
                type="time"
                size="small"
                label="To"
                value={end}
                onChange={(e) => setEnd(e.target.value)}
                error={fields.end !== undefined}
                helperText={fields.end}
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 300 } }}
                sx={{ width: 130 }}
              />
            </Stack>
          )}
          <ReasonAndSubmit
            label="Time off reason"
            placeholder="e.g. vacation, CME"
            reason={reason}
            onReason={setReason}
            error={fields.reason}
            formErrors={form}
            submitLabel="Add time off"
            disabled={busy}
          />
        </Stack>
      </Box>
      <OutsideHoursWarning appointments={outside} onClose={() => setOutside([])} />
      <Typography variant="subtitle2" component="h4" sx={{ mt: 2 }}>
        Upcoming time off
      </Typography>
      {upcoming.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None.
        </Typography>
      ) : (
        <List dense aria-label="Upcoming time off">
          {upcoming.map((t) => (
            <ListItem
              key={t.id}
              divider
              secondaryAction={
                <Button
                  size="small"
                  color="error"
                  aria-label={`Remove time off ${describe(t)}`}
                  onClick={() => void remove(t.id)}
                >
                  Remove
                </Button>
              }
            >
              <ListItemText primary={describe(t)} secondary={t.reason ?? undefined} />
            </ListItem>
          ))}
        </List>
      )}
    </Paper>
  );
}

/** The end of both forms: why (optional), what the server refused as a whole, and the button. */
function ReasonAndSubmit(props: {
  label: string;
  placeholder: string;
  reason: string;
  onReason(reason: string): void;
  error: string | undefined;
  formErrors: string[];
  submitLabel: string;
  disabled: boolean;
}) {
  return (
    <>
      <TextField
        size="small"
        label={props.label}
        placeholder={props.placeholder}
        value={props.reason}
        onChange={(e) => props.onReason(e.target.value)}
        slotProps={{ inputLabel: { shrink: true } }}
        error={props.error !== undefined}
        helperText={props.error}
      />
      {props.formErrors.map((m) => (
        <Alert key={m} severity="error" role="alert">
          {m}
        </Alert>
      ))}
      <Box>
        <Button type="submit" variant="contained" disabled={props.disabled}>
          {props.submitLabel}
        </Button>
      </Box>
    </>
  );
}
