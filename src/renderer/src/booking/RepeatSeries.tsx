/**
 * "Repeat…" in the booking dialog: the chosen opening becomes the first visit of a series (every
 * week, every N weeks or every day; a number of visits or an end date, at most 52). Every visit is
 * checked as booking would check it; a blocked one shows why and the same provider's nearest
 * opening, and the desk chooses per visit: book as planned, book the alternative, or skip. "Book
 * the series" books exactly those starts in one step, or nothing (the reason names the visit).
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { ApiError, call } from '../api/client';
import { useLiveQuery } from '../live';
import type { ApiInput, ApiOutput } from '../../../core/api/types';
import type { Opening } from './OpeningsPicker';

type Preview = ApiOutput<'series/preview'>;
type Occurrence = Preview['occurrences'][number];
type Choice = 'planned' | 'alternative' | 'skip';
type Repeat = 'weekly' | 'everyN' | 'daily';
type Booked = ApiOutput<'series/book'>;

const dayLabel = (date: string) => DateTime.fromISO(date).toFormat('ccc LLL d');
const timeLabel = (hhmm: string) => DateTime.fromFormat(hhmm, 'HH:mm').toFormat('h:mm a');

/** What the desk would choose without touching anything: book what is free, else the alternative, else skip. */
function defaultChoice(o: Occurrence): Choice {
  if (o.status === 'ok') return 'planned';
  return o.alternative ? 'alternative' : 'skip';
}

export function RepeatSeries(props: {
  patient: { id: number; firstName: string; lastName: string };
  visitType: { id: number; name: string };
  first: Opening;
  onBack(): void;
  onClose(): void;
}) {
  const { patient, visitType, first } = props;
  const [repeat, setRepeat] = useState<Repeat>('weekly');
  const [every, setEvery] = useState(2);
  const [ends, setEnds] = useState<'count' | 'until'>('count');
  const [count, setCount] = useState(12);
  const [until, setUntil] = useState(
    DateTime.fromISO(first.date).plus({ weeks: 11 }).toISODate() ?? first.date,
  );
  const [choices, setChoices] = useState<Record<number, Choice>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);

  const input = useMemo<ApiInput<'series/preview'> | null>(() => {
    const interval = repeat === 'everyN' ? every : 1;
    if (!Number.isInteger(interval) || interval < 1) return null;
    if (ends === 'count' && (!Number.isInteger(count) || count < 2)) return null;
    return {
      patientId: patient.id,
      providerId: first.providerId,
      locationId: first.locationId,
      visitTypeId: visitType.id,
      firstDate: first.date,
      time: first.localTime,
      rule: {
        frequency: repeat === 'daily' ? 'daily' : 'weekly',
        interval,
        ...(ends === 'count' ? { count } : { until }),
      },
    } as ApiInput<'series/preview'>;
  }, [repeat, every, ends, count, until, patient.id, first, visitType.id]);

  const preview = useLiveQuery('series/preview', booked ? null : input, ['appointments']);
  const occurrences = preview.data?.occurrences ?? [];
  const choiceOf = (o: Occurrence) => {
    const c = choices[o.position];
    // A choice that no longer applies (the alternative vanished) falls back to the default.
    if (c === 'alternative' && !o.alternative) return defaultChoice(o);
    return c ?? defaultChoice(o);
  };
  const toBook = occurrences.filter((o) => choiceOf(o) !== 'skip');
  const blockedAsked = occurrences.filter(
    (o) => choiceOf(o) === 'planned' && o.status === 'blocked',
  );

  async function bookSeries() {
    if (!input || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call('series/book', {
        ...input,
        occurrences: occurrences.map((o) => {
          const c = choiceOf(o);
          return c === 'skip'
            ? { position: o.position, skip: true as const }
            : { position: o.position, start: c === 'alternative' ? o.alternative!.start : o.start };
        }),
      } as ApiInput<'series/book'>);
      setBooked(result);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (booked) {
    const skipped = booked.series.occurrences.filter((o) => o.appointment === null).length;
    return (
      <>
        <DialogTitle id="booking-title">Series booked</DialogTitle>
        <DialogContent>
          <Alert severity="success" data-testid="series-booked">
            {booked.appointments.length} visits of {visitType.name} with {first.providerName} for{' '}
            {patient.firstName} {patient.lastName} ({booked.series.rule}
            {skipped > 0 ? `; ${skipped} skipped` : ''}). Each visit has its own reminders.
          </Alert>
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={props.onClose} autoFocus>
            Close
          </Button>
        </DialogActions>
      </>
    );
  }

  return (
    <>
      <DialogTitle id="booking-title" sx={{ pb: 1 }}>
        Repeat: {visitType.name} for {patient.firstName} {patient.lastName}
        <Typography component="div" color="text.secondary" sx={{ fontSize: 14 }}>
          {first.providerName} at {first.locationName}, from {dayLabel(first.date)} at{' '}
          {timeLabel(first.localTime)}
        </Typography>
      </DialogTitle>
      <DialogContent sx={{ pt: '8px !important' }}>
        <Stack spacing={1.5}>
          <Stack direction="row" spacing={1.5} alignItems="center" useFlexGap flexWrap="wrap">
            <TextField
              select
              size="small"
              label="Repeat"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value as Repeat)}
              sx={{ width: 170 }}
            >
              <MenuItem value="weekly">Every week</MenuItem>
              <MenuItem value="everyN">Every N weeks</MenuItem>
              <MenuItem value="daily">Every day</MenuItem>
            </TextField>
            {repeat === 'everyN' && (
              <TextField
                size="small"
                type="number"
                label="Weeks apart"
                value={every}
                onChange={(e) => setEvery(Number(e.target.value))}
                slotProps={{ htmlInput: { min: 1, max: 52 } }}
                sx={{ width: 120 }}
              />
            )}
            <ToggleButtonGroup
              size="small"
              exclusive
              value={ends}
              onChange={(_e, v: 'count' | 'until' | null) => v && setEnds(v)}
              aria-label="Ends"
            >
              <ToggleButton value="count">After</ToggleButton>
              <ToggleButton value="until">On date</ToggleButton>
            </ToggleButtonGroup>
            {ends === 'count' ? (
              <TextField
                size="small"
                type="number"
                label="Visits"
                value={count}
                onChange={(e) => setCount(Number(e.target.value))}
                slotProps={{ htmlInput: { min: 2, max: 52 } }}
                sx={{ width: 100 }}
              />
            ) : (
              <TextField
                size="small"
                type="date"
                label="Last date"
                value={until}
                onChange={(e) => setUntil(e.target.value)}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ width: 170 }}
              />
            )}
            {preview.data && (
              <Typography color="text.secondary" sx={{ fontSize: 14 }} data-testid="series-summary">
                {preview.data.bookable} of {occurrences.length} free as asked
                {preview.data.blocked > 0 ? ` · ${preview.data.blocked} need a choice` : ''}
              </Typography>
            )}
          </Stack>
          {preview.error && <Alert severity="error">{preview.error.message}</Alert>}
          {error && (
            <Alert severity="error" role="alert" onClose={() => setError(null)}>
              {error}
            </Alert>
          )}
          <Box>
            <Table
              size="small"
              aria-label="Visits of the series"
              sx={{
                '& td, & th': { py: 0.5 },
                '& .MuiToggleButton-root': {
                  textTransform: 'none',
                  py: 0.25,
                  whiteSpace: 'nowrap',
                },
              }}
            >
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: 36 }}>#</TableCell>
                  <TableCell sx={{ width: 190 }}>Visit</TableCell>
                  <TableCell>Check</TableCell>
                  <TableCell sx={{ width: 330 }}>Book</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {occurrences.map((o) => {
                  const c = choiceOf(o);
                  return (
                    <TableRow
                      key={o.position}
                      data-testid={`occurrence-${o.position}`}
                      sx={o.status === 'blocked' ? { bgcolor: 'warning.50' } : undefined}
                    >
                      <TableCell>{o.position}</TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {dayLabel(o.date)}, {timeLabel(o.localTime)}
                      </TableCell>
                      <TableCell sx={{ fontSize: 13 }}>
                        {o.status === 'ok' ? (
                          <Typography component="span" color="success.dark" sx={{ fontSize: 13 }}>
                            Free
                          </Typography>
                        ) : (
                          <Typography component="span" color="warning.dark" sx={{ fontSize: 13 }}>
                            {o.problem?.message}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>
                        <ToggleButtonGroup
                          size="small"
                          exclusive
                          value={c}
                          onChange={(_e, v: Choice | null) =>
                            v && setChoices((m) => ({ ...m, [o.position]: v }))
                          }
                          aria-label={`Visit ${o.position}`}
                        >
                          <ToggleButton value="planned" disabled={o.status === 'blocked'}>
                            As planned
                          </ToggleButton>
                          {o.alternative && (
                            <ToggleButton value="alternative">
                              {o.alternative.date === o.date
                                ? timeLabel(o.alternative.localTime)
                                : `${dayLabel(o.alternative.date)} ${timeLabel(o.alternative.localTime)}`}
                            </ToggleButton>
                          )}
                          <ToggleButton value="skip">Skip</ToggleButton>
                        </ToggleButtonGroup>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Box>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onBack}>Back</Button>
        <Button
          variant="contained"
          disabled={busy || !preview.data || toBook.length === 0 || blockedAsked.length > 0}
          onClick={() => void bookSeries()}
        >
          Book the series ({toBook.length} visits)
        </Button>
      </DialogActions>
    </>
  );
}
