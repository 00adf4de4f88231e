/**
 * "Best match" in the phone-in booking dialog: the providers who pass the caller's filters
 * (network, distance, language, provider's sex, time of day), best first, each with the reasons
 * in words to read to the caller and their next openings. ↑/↓ move between providers, ←/→ along a
 * provider's openings, Enter books the highlighted opening through the dialog's own booking path.
 * When the filters leave few providers, the engine's relaxations are one click away.
 */
import { useEffect, useId, useMemo, useState, type RefObject } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  Chip,
  Collapse,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  Stack,
  Tooltip,
  Typography,
} from '@mui/material';
import { useLiveQuery } from '../live';
import type { Opening } from '../booking/OpeningsPicker';
import type { VisitTypeChoice } from '../booking/VisitTypePicker';
import {
  applyRelaxation,
  cursorPosition,
  distanceChipLabel,
  initialFilters,
  languageChipLabel,
  moveCursor,
  nextProviderSex,
  nextRadius,
  nextTimeOfDay,
  openingLabel,
  planChipLabel,
  scorePartLines,
  searchInput,
  sexChipLabel,
  timeChipLabel,
  type MatchCard,
  type MatchCursor,
  type MatchFilters,
  type MatchOutcome,
} from './filters';

/** Chip clicks in quick succession (10 → 25 → 50 mi) make one search, not three. */
const FILTER_DEBOUNCE_MS = 300;
/** What makes the list stale: a booking anywhere, a provider's network or hours, a coverage. */
const TOPICS = ['appointments', 'providers', 'patients', 'schedules', 'clinic', 'insurance'];

export interface ProviderMatchProps {
  zone: string;
  /**
   * The chosen patient as saved now (their ZIP and language seed the filters); null searches
   * without one (no network, distance or continuity).
   */
  patient: { id: number; zip: string | null; preferredLanguage: string | null } | null;
  visitType: VisitTypeChoice | null;
  listRef: RefObject<HTMLDivElement | null>;
  onHighlight(slot: Opening | null): void;
  onBook(slot: Opening): void;
}

export function ProviderMatch(props: ProviderMatchProps) {
  // Another patient starts from their own ZIP and language.
  return <MatchSearch key={props.patient?.id ?? 'none'} {...props} />;
}

function useDebounced<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setShown(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return shown;
}

function MatchSearch(props: ProviderMatchProps) {
  const listId = useId();
  const patientId = props.patient?.id ?? null;
  // Read live: a ZIP added in the patient panel enables the distance chip at once.
  const hasZip = !!props.patient?.zip;
  const preferred = props.patient?.preferredLanguage ?? null;
  const patientLanguage = preferred && preferred !== 'en' ? preferred : null;
  const [filters, setFilters] = useState<MatchFilters>(() =>
    initialFilters({ zip: props.patient?.zip ?? null, preferredLanguage: preferred }),
  );
  const [cursor, setCursor] = useState<MatchCursor | null>(null);
  const [whyOpen, setWhyOpen] = useState(false);

  const visitType = props.visitType;
  // Only filter clicks wait; a new visit type searches at once.
  const sentFilters = useDebounced(filters, FILTER_DEBOUNCE_MS);
  const match = useLiveQuery(
    'matching/search',
    visitType
      ? searchInput({
          patientId,
          visitTypeId: visitType.id,
          filters: sentFilters,
          hasZip,
        })
      : null,
    TOPICS,
  );

  const outcome: MatchOutcome | undefined = visitType ? match.data : undefined;
  const results = useMemo(() => outcome?.results ?? [], [outcome]);
  const at = cursorPosition(results, cursor);
  const activeCard = at ? results[at.card] : undefined;
  const highlighted: Opening | null =
    at && activeCard && at.opening >= 0 ? (activeCard.openings[at.opening] ?? null) : null;
  const { onHighlight } = props;
  useEffect(() => onHighlight(highlighted), [highlighted, onHighlight]);

  const pending = filters !== sentFilters || match.loading;
  const optionId = (card: number, opening: number) => `${listId}-${card}-${opening}`;
  const activeId = at ? optionId(at.card, at.opening) : undefined;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  function onKeyDown(e: React.KeyboardEvent) {
    if (
      e.key === 'ArrowUp' ||
      e.key === 'ArrowDown' ||
      e.key === 'ArrowLeft' ||
      e.key === 'ArrowRight' ||
      e.key === 'Home' ||
      e.key === 'End'
    ) {
      e.preventDefault();
      setCursor(moveCursor(results, cursor, e.key));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // A search still on its way may drop the highlighted opening: book only what is shown final.
      if (highlighted && !pending) props.onBook(highlighted);
    }
  }

  const change = (next: Partial<MatchFilters>) => setFilters((f) => ({ ...f, ...next }));
  const planName = outcome?.planName ?? null;

  return (
    <Box component="section" aria-labelledby={`${listId}-title`}>
      <Typography
        id={`${listId}-title`}
        variant="subtitle1"
        component="h3"
        sx={{ fontWeight: 600, mb: 1 }}
      >
        Best match
      </Typography>
      <Stack
        direction="row"
        spacing={1}
        useFlexGap
        role="group"
        aria-label="Match filters"
        sx={{ mb: 1, flexWrap: 'wrap' }}
      >
        <Tooltip
          describeChild
          title={
            planName
              ? filters.acceptOutOfNetwork
                ? 'Click to require in-network providers'
                : 'Click to allow out-of-network providers'
              : ''
          }
        >
          <Chip
            label={outcome ? planChipLabel(planName, filters.acceptOutOfNetwork) : 'Plan…'}
            color={planName && !filters.acceptOutOfNetwork ? 'primary' : 'default'}
            variant={planName && !filters.acceptOutOfNetwork ? 'filled' : 'outlined'}
            disabled={!planName}
            onClick={() => change({ acceptOutOfNetwork: !filters.acceptOutOfNetwork })}
          />
        </Tooltip>
        <Chip
          label={distanceChipLabel(filters.radiusMiles, hasZip)}
          color={hasZip && filters.radiusMiles !== null ? 'primary' : 'default'}
          variant={hasZip && filters.radiusMiles !== null ? 'filled' : 'outlined'}
          disabled={!hasZip}
          onClick={() => change({ radiusMiles: nextRadius(filters.radiusMiles) })}
        />
        <Chip
          label={languageChipLabel(filters.language)}
          color={filters.language ? 'primary' : 'default'}
          variant={filters.language ? 'filled' : 'outlined'}
          disabled={!filters.language && !patientLanguage}
          onClick={() => change({ language: filters.language ? null : patientLanguage })}
        />
        <Chip
          label={sexChipLabel(filters.providerSex)}
          color={filters.providerSex ? 'primary' : 'default'}
          variant={filters.providerSex ? 'filled' : 'outlined'}
          onClick={() => change({ providerSex: nextProviderSex(filters.providerSex) })}
        />
        <Chip
          label={timeChipLabel(filters.timeOfDay)}
          color={filters.timeOfDay !== 'any' ? 'primary' : 'default'}
          variant={filters.timeOfDay !== 'any' ? 'filled' : 'outlined'}
          onClick={() => change({ timeOfDay: nextTimeOfDay(filters.timeOfDay) })}
        />
      </Stack>
      {outcome && outcome.notes.length > 0 && (
        <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 0.5 }}>
          Note: {outcome.notes.join('; ')}.
        </Typography>
      )}
      {match.error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {match.error.message}
        </Alert>
      )}
      <Box sx={{ height: 4 }}>
        {pending && !!visitType && <LinearProgress aria-label="Matching providers" />}
      </Box>
      <Box
        ref={props.listRef}
        role="listbox"
        tabIndex={0}
        aria-label="Best matches"
        aria-activedescendant={activeId}
        aria-busy={pending}
        onKeyDown={onKeyDown}
        sx={{
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          maxHeight: 340,
          minHeight: 120,
          overflow: 'auto',
          outline: 'none',
          p: 1,
          display: 'flex',
          flexDirection: 'column',
          gap: 1,
          '&:focus-visible, &:focus': {
            borderColor: 'primary.main',
            boxShadow: (t) => `0 0 0 1px ${t.palette.primary.main}`,
          },
        }}
      >
        {!visitType && (
          <Typography color="text.secondary" sx={{ p: 1 }}>
            Choose a visit type to see the best-matching providers.
          </Typography>
        )}
        {visitType && outcome && results.length === 0 && (
          <Typography color="text.secondary" sx={{ p: 1 }}>
            No provider offering {outcome.visitType.name} passes these filters. Widen the search
            below or click a filter to change it.
          </Typography>
        )}
        {results.map((r, i) => (
          <ProviderCard
            key={r.providerId}
            card={r}
            index={i}
            zone={props.zone}
            weights={outcome!.weights}
            searchedThrough={outcome!.searchedThrough}
            activeOpening={at && at.card === i ? at.opening : null}
            optionId={optionId}
            onPick={(start) => {
              setCursor({ providerId: r.providerId, start });
              props.listRef.current?.focus();
            }}
            onBook={props.onBook}
          />
        ))}
      </Box>
      {outcome && outcome.relaxations.length > 0 && (
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          alignItems="center"
          sx={{ mt: 1, flexWrap: 'wrap' }}
          role="group"
          aria-label="Widen the search"
        >
          <Typography variant="body2" color="text.secondary">
            Widen the search:
          </Typography>
          {outcome.relaxations.map((x) => (
            <Button
              key={x.filter}
              size="small"
              variant="outlined"
              sx={{ textTransform: 'none' }}
              onClick={() => setFilters((f) => applyRelaxation(f, x.change))}
            >
              {x.label}
            </Button>
          ))}
        </Stack>
      )}
      {outcome && outcome.excluded.length > 0 && (
        <WhyNotOthers
          excluded={outcome.excluded}
          open={whyOpen}
          onToggle={() => setWhyOpen((o) => !o)}
        />
      )}
    </Box>
  );
}

function ProviderCard(props: {
  card: MatchCard;
  index: number;
  zone: string;
  weights: MatchOutcome['weights'];
  searchedThrough: string | null;
  /** The highlighted opening's index when this card holds the highlight (-1: the card itself). */
  activeOpening: number | null;
  optionId(card: number, opening: number): string;
  onPick(start: string | null): void;
  onBook(slot: Opening): void;
}) {
  const { card: r, index: i } = props;
  const nameId = `${props.optionId(i, -1)}-name`;
  const active = props.activeOpening !== null;
  return (
    <Card
      variant="outlined"
      role="group"
      aria-labelledby={nameId}
      data-testid="match-card"
      sx={{
        p: 1.25,
        flex: 'none',
        borderColor: active ? 'primary.main' : 'divider',
        borderWidth: active ? 2 : 1,
        bgcolor: active ? 'action.hover' : undefined,
      }}
    >
      <Stack direction="row" spacing={1} alignItems="baseline">
        <Typography id={nameId} sx={{ fontWeight: 700 }}>
          {r.providerName}
        </Typography>
        <Typography color="text.secondary" sx={{ fontSize: 14, flex: 1 }} noWrap>
          {r.specialtyName}
        </Typography>
        <ScoreMeter score={r.score} lines={scorePartLines(r.scoreParts, props.weights)} />
      </Stack>
      <Typography data-testid="match-reasons" sx={{ fontSize: 14, mt: 0.25 }}>
        {r.reasonText}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 1, flexWrap: 'wrap' }}>
        {r.openings.length === 0 && (
          <Box
            id={props.optionId(i, -1)}
            role="option"
            aria-selected={props.activeOpening === -1}
            aria-disabled
            onClick={() => props.onPick(null)}
            sx={{ fontSize: 14, color: 'text.secondary' }}
          >
            No opening
            {props.searchedThrough ? ` through ${props.searchedThrough}` : ''} with these filters
          </Box>
        )}
        {r.openings.map((o, j) => {
          const selected = props.activeOpening === j;
          return (
            <Box
              key={o.start}
              id={props.optionId(i, j)}
              role="option"
              aria-selected={selected}
              data-testid="match-opening"
              onClick={() => props.onPick(o.start)}
              onDoubleClick={() => props.onBook(o)}
              sx={{
                px: 1.25,
                py: 0.5,
                fontSize: 14,
                borderRadius: 1,
                border: 1,
                cursor: 'pointer',
                borderColor: 'primary.main',
                bgcolor: selected ? 'primary.main' : 'background.paper',
                color: selected ? 'primary.contrastText' : 'primary.main',
                fontWeight: selected ? 700 : 500,
                '&:hover': { bgcolor: selected ? 'primary.dark' : 'action.hover' },
              }}
            >
              {openingLabel(o, props.zone)}
            </Box>
          );
        })}
      </Stack>
    </Card>
  );
}

/** The score out of 100 as a short bar; the tooltip (and the accessible name) lists its parts. */
function ScoreMeter(props: { score: number; lines: string[] }) {
  const label = `Score ${props.score} of 100: ${props.lines.join(', ')}`;
  return (
    <Tooltip
      title={
        <Box component="span" sx={{ display: 'block', whiteSpace: 'pre-line' }}>
          {`Score ${props.score} of 100\n${props.lines.join('\n')}`}
        </Box>
      }
    >
      <Stack
        direction="row"
        spacing={0.75}
        alignItems="center"
        role="img"
        aria-label={label}
        sx={{ flex: 'none' }}
      >
        <LinearProgress
          variant="determinate"
          value={Math.max(0, Math.min(100, props.score))}
          sx={{ width: 56, height: 6, borderRadius: 3 }}
          aria-hidden
        />
        <Typography component="span" sx={{ fontSize: 13, fontWeight: 600, width: 34 }}>
          {Math.round(props.score)}
        </Typography>
      </Stack>
    </Tooltip>
  );
}

function WhyNotOthers(props: {
  excluded: MatchOutcome['excluded'];
  open: boolean;
  onToggle(): void;
}) {
  const regionId = useId();
  return (
    <Box sx={{ mt: 1 }}>
      <Button
        size="small"
        onClick={props.onToggle}
        aria-expanded={props.open}
        aria-controls={regionId}
        sx={{ textTransform: 'none' }}
      >
        {props.open ? '▾' : '▸'} Why not others? ({props.excluded.length})
      </Button>
      <Collapse in={props.open}>
        <List dense id={regionId} aria-label="Providers left out" disablePadding>
          {props.excluded.map((x) => (
            <ListItem key={x.providerName} disableGutters sx={{ py: 0 }}>
              <ListItemText
                primary={x.providerName}
                secondary={x.failed.map((f) => f.reason).join(' · ')}
                slotProps={{ primary: { sx: { fontSize: 14 } } }}
                sx={{ my: 0.25 }}
              />
            </ListItem>
          ))}
        </List>
      </Collapse>
    </Box>
  );
}
