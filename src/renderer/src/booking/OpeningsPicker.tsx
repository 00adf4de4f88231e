/**
 * "First openings" for the chosen visit type across the providers who offer it, with the caller's
 * constraints (a provider, a location, not before a date, mornings or afternoons). The first
 * opening is highlighted; ↑/↓ move; Enter (or a double click) books the highlighted one.
 */
import { useEffect, useId, useMemo, useRef, useState, type RefObject } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { DateTime } from 'luxon';
import { useLiveQuery } from '../live';
import { dayLabel, timeLabel } from './format';
import type { VisitTypeChoice } from './VisitTypePicker';
import type { ApiInput, ApiOutput } from '../../../core/api/types';

export type Opening = ApiOutput<'availability/firstOpenings'>['slots'][number];
type Provider = ApiOutput<'providers/list'>[number];
type Location = ApiOutput<'locations/list'>[number];
type TimeOfDay = 'any' | 'morning' | 'afternoon';

export const OPENINGS_LIMIT = 12;
export const OPENINGS_PER_PROVIDER = 3;

export function slotKey(s: { providerId: number; start: string }): string {
  return `${s.providerId}@${s.start}`;
}

export function OpeningsPicker(props: {
  zone: string;
  listRef: RefObject<HTMLDivElement | null>;
  visitType: VisitTypeChoice | null;
  providers: readonly Provider[];
  locations: readonly Location[];
  defaultLocationId: number | null;
  defaultProviderId?: number | null;
  /** A slot chosen elsewhere (a click on the calendar), listed first and highlighted. */
  pinned: Opening | null;
  onHighlight(slot: Opening | null): void;
  onBook(slot: Opening): void;
  /**
   * The highlighted opening vanished from a refreshed list (another desk took it). Nothing is
   * highlighted after that, so Enter never books a different provider or time than was read out.
   */
  onGone?(slot: Opening): void;
}) {
  const listId = useId();
  const [providerId, setProviderId] = useState<number | ''>(props.defaultProviderId ?? '');
  const [locationId, setLocationId] = useState<number | ''>(props.defaultLocationId ?? '');
  const [from, setFrom] = useState('');
  const [timeOfDay, setTimeOfDay] = useState<TimeOfDay>('any');
  /** The highlighted opening by identity; undefined = the first one, null = none (it was taken). */
  const [activeKey, setActiveKey] = useState<string | null | undefined>(undefined);
  /** "More": how many openings to ask for; "Later days": start the search after the last shown. */
  const [limit, setLimit] = useState(OPENINGS_LIMIT);

  const visitType = props.visitType;
  const offering = useMemo(
    () =>
      props.providers.filter(
        (p) =>
          (!visitType ||
            visitType.specialties.length === 0 ||
            visitType.specialties.includes(p.taxonomyCode)) &&
          (locationId === '' || p.locationIds.includes(locationId)),
      ),
    [props.providers, visitType, locationId],
  );

  const input: ApiInput<'availability/firstOpenings'> | null = visitType
    ? {
        visitTypeId: visitType.id,
        limit,
        maxPerProvider: OPENINGS_PER_PROVIDER * Math.ceil(limit / OPENINGS_LIMIT),
        timeOfDay,
        ...(providerId !== '' ? { providerIds: [providerId] } : {}),
        ...(locationId !== '' ? { locationIds: [locationId] } : {}),
        ...(from ? { from } : {}),
      }
    : null;
  const openings = useLiveQuery('availability/firstOpenings', input, [
    'appointments',
    'schedules',
    'providers',
    'visitTypes',
    'clinic',
  ]);

  const slots = useMemo(() => {
    const found = openings.data?.slots ?? [];
    if (!props.pinned) return found;
    const pinnedKey = slotKey(props.pinned);
    return [props.pinned, ...found.filter((s) => slotKey(s) !== pinnedKey)];
  }, [openings.data, props.pinned]);

  // New filters start at the first opening; a refresh of the same search keeps the choice.
  const searchKey = JSON.stringify([input, props.pinned ? slotKey(props.pinned) : null]);
  useEffect(() => setActiveKey(undefined), [searchKey]);
  const active =
    activeKey === undefined
      ? 0
      : activeKey === null
        ? -1
        : slots.findIndex((s) => slotKey(s) === activeKey);
  const setActive = (update: (a: number) => number) => {
    const next = slots[update(active)];
    if (next) setActiveKey(slotKey(next));
  };
  const highlighted = active >= 0 ? (slots[active] ?? null) : null;
  const lastHighlighted = useRef<Opening | null>(null);
  /** The search the last answer was for: a new answer to the same search is a refresh. */
  const answeredFor = useRef<string | null>(null);
  const inputKey = JSON.stringify(input);
  const { onHighlight, onGone } = props;
  useEffect(() => {
    if (!openings.data) return;
    const last = lastHighlighted.current;
    if (answeredFor.current === inputKey && last) {
      // Another desk's booking refreshed the list: stay on what the receptionist was reading
      // out, or, when it is gone, say so and highlight nothing.
      if (slots.some((s) => slotKey(s) === slotKey(last))) setActiveKey(slotKey(last));
      else {
        setActiveKey(null);
        onGone?.(last);
      }
    }
    answeredFor.current = inputKey;
    // Only a new answer decides this; the list itself is read from the latest render.
  }, [openings.data]);
  useEffect(() => {
    lastHighlighted.current = highlighted;
    onHighlight(highlighted);
  }, [highlighted, onHighlight]);

  function onKeyDown(e: React.KeyboardEvent) {
    const n = slots.length;
    if (n === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.min(n - 1, Math.max(0, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setActive(() => (e.key === 'Home' ? 0 : n - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (highlighted && !openings.loading) props.onBook(highlighted);
    }
  }

  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  const loading = openings.loading && !!visitType;
  return (
    <Box component="section" aria-labelledby={`${listId}-title`}>
      <Typography
        id={`${listId}-title`}
        variant="subtitle1"
        component="h3"
        sx={{ fontWeight: 600, mb: 1 }}
      >
        First openings
      </Typography>
      <Stack
        direction="row"
        spacing={1}
        useFlexGap
        alignItems="center"
        sx={{ mb: 1, flexWrap: 'wrap' }}
      >
        <TextField
          select
          size="small"
          label="Provider"
          value={providerId}
          onChange={(e) => setProviderId(e.target.value === '' ? '' : Number(e.target.value))}
          sx={{ minWidth: 190 }}
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
        >
          <MenuItem value="">Any provider</MenuItem>
          {offering.map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {p.displayName}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Location"
          value={locationId}
          onChange={(e) => setLocationId(e.target.value === '' ? '' : Number(e.target.value))}
          sx={{ minWidth: 150 }}
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
        >
          <MenuItem value="">Any location</MenuItem>
          {props.locations.map((l) => (
            <MenuItem key={l.id} value={l.id}>
              {l.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          type="date"
          size="small"
          label="From"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <ToggleButtonGroup
          size="small"
          exclusive
          value={timeOfDay}
          onChange={(_e, v: TimeOfDay | null) => v && setTimeOfDay(v)}
          aria-label="Time of day"
        >
          <ToggleButton value="any">Any time</ToggleButton>
          <ToggleButton value="morning">Morning</ToggleButton>
          <ToggleButton value="afternoon">Afternoon</ToggleButton>
        </ToggleButtonGroup>
      </Stack>
      {openings.error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {openings.error.message}
        </Alert>
      )}
      <Box sx={{ height: 4 }}>
        {loading && <LinearProgress aria-label="Looking for openings" />}
      </Box>
      <Box
        ref={props.listRef}
        id={listId}
        role="listbox"
        tabIndex={0}
        aria-label="First openings"
        aria-activedescendant={highlighted ? `${listId}-${active}` : undefined}
        aria-busy={loading}
        onKeyDown={onKeyDown}
        sx={{
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          maxHeight: 300,
          minHeight: 120,
          overflow: 'auto',
          outline: 'none',
          '&:focus-visible, &:focus': {
            borderColor: 'primary.main',
            boxShadow: (t) => `0 0 0 1px ${t.palette.primary.main}`,
          },
        }}
      >
        {!visitType && (
          <Typography color="text.secondary" sx={{ p: 2 }}>
            Choose a visit type to see the first openings.
          </Typography>
        )}
        {visitType && openings.data && slots.length === 0 && (
          <Typography color="text.secondary" sx={{ p: 2 }}>
            Nothing open for {visitType.name}
            {openings.data.searchedThrough ? ` through ${openings.data.searchedThrough}` : ''} with
            these filters ({openings.data.providersSearched} providers searched). Try another
            provider, location or time of day.
          </Typography>
        )}
        {slots.map((s, i) => {
          const isActive = i === active;
          const pinned = props.pinned !== null && i === 0;
          return (
            <Box
              key={slotKey(s)}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={isActive}
              data-testid="opening"
              onClick={() => {
                setActiveKey(slotKey(s));
                props.listRef.current?.focus();
              }}
              onDoubleClick={() => props.onBook(s)}
              sx={{
                display: 'grid',
                gridTemplateColumns: '110px 90px 1fr auto',
                alignItems: 'center',
                gap: 1,
                px: 1.5,
                py: 0.75,
                cursor: 'pointer',
                borderBottom: 1,
                borderColor: 'divider',
                bgcolor: isActive ? 'primary.main' : undefined,
                color: isActive ? 'primary.contrastText' : undefined,
                '&:hover': { bgcolor: isActive ? 'primary.dark' : 'action.hover' },
              }}
            >
              <Typography component="span" sx={{ fontSize: 14 }}>
                {dayLabel(s.start, props.zone)}
              </Typography>
              <Typography component="span" sx={{ fontSize: 14, fontWeight: 700 }}>
                {timeLabel(s.start, props.zone)}
              </Typography>
              <Typography component="span" sx={{ fontSize: 14 }} noWrap>
                {s.providerName} · {s.locationName}
              </Typography>
              {pinned ? (
                <Chip size="small" label="Chosen slot" color={isActive ? 'default' : 'primary'} />
              ) : (
                <span />
              )}
            </Box>
          );
        })}
      </Box>
      {visitType && openings.data && slots.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
          <Button size="small" onClick={() => setLimit((l) => Math.min(200, l + OPENINGS_LIMIT))}>
            More openings
          </Button>
          <Button
            size="small"
            onClick={() => {
              const last = slots[slots.length - 1]!;
              setFrom(DateTime.fromISO(last.date).plus({ days: 1 }).toISODate() ?? from);
            }}
          >
            Later days
          </Button>
          {from && (
            <Button size="small" onClick={() => setFrom('')}>
              Back to the first
            </Button>
          )}
        </Stack>
      )}
    </Box>
  );
}
