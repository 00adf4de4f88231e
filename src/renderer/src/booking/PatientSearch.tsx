/**
 * "Who's calling?": a patient search as you type (name prefixes "lop ma", date of birth 3/2/1985,
 * last 4 of a phone). The first match is highlighted so Enter alone picks it; ↑/↓ move. An Enter
 * pressed before the answer for the latest keystroke arrived picks that answer's first match
 * when it lands, so a fast typist is never ahead of the list.
 */
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import {
  Alert,
  Box,
  CircularProgress,
  InputAdornment,
  List,
  ListItemButton,
  ListItemText,
  TextField,
  Typography,
} from '@mui/material';
import { ApiError, call } from '../api/client';
import { formatDob, formatPhone } from './format';
import type { ApiOutput } from '../../../core/api/types';

export type FoundPatient = ApiOutput<'patients/search'>[number];

/** "Merged into #12", "Deceased", "Inactive (moved away)": what an inactive record is. */
export function inactiveLabel(p: {
  active: boolean;
  inactiveReason: string | null;
  mergedIntoId: number | null;
  deceasedOn?: string | null;
}): string | null {
  if (p.active !== false) return null;
  if (p.mergedIntoId !== null) return `Merged into #${p.mergedIntoId}`;
  if (p.inactiveReason === 'deceased')
    return p.deceasedOn ? `Deceased ${p.deceasedOn}` : 'Deceased';
  if (p.inactiveReason === 'moved') return 'Inactive (moved away)';
  return 'Inactive';
}

const SEARCH_DELAY_MS = 120;

export function PatientSearch(props: {
  inputRef: RefObject<HTMLInputElement | null>;
  initialQuery?: string;
  onPick(patient: FoundPatient): void;
  onQueryChange?(query: string): void;
  /** Deceased, merged and other inactive records too (they are left out unless asked for). */
  includeInactive?: boolean;
  /** A record not to offer (the one being merged: it cannot be merged with itself). */
  excludeId?: number;
}) {
  const includeInactive = props.includeInactive ?? false;
  const listId = useId();
  const [query, setQuery] = useState(props.initialQuery ?? '');
  const [answer, setAnswer] = useState<{ query: string; patients: FoundPatient[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const pendingPick = useRef(false);
  // The latest onPick, so a parent's new callback does not restart the search.
  const onPickRef = useRef(props.onPick);
  useEffect(() => {
    onPickRef.current = props.onPick;
  });
  const onPick = (p: FoundPatient) => onPickRef.current(p);

  const trimmed = query.trim();
  useEffect(() => {
    if (trimmed === '') {
      setAnswer(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      call('patients/search', { query: trimmed, limit: 8, includeInactive }).then(
        (found) => {
          const patients = found.filter((p) => p.id !== props.excludeId);
          if (stale) return;
          setError(null);
          setAnswer({ query: trimmed, patients });
          setActive(0);
          if (pendingPick.current) {
            pendingPick.current = false;
            if (patients[0]) onPickRef.current(patients[0]);
          }
        },
        (err: unknown) => {
          if (stale) return;
          pendingPick.current = false;
          setError(err instanceof ApiError ? err.message : String(err));
        },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // excludeId is fixed for the life of a search box.
  }, [trimmed, includeInactive]);

  const current = answer && answer.query === trimmed ? answer.patients : null;
  const shown = current ?? answer?.patients ?? [];
  const searching = trimmed !== '' && current === null && error === null;

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = shown.length;
      if (n > 0) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (current) {
        const p = current[active] ?? current[0];
        if (p) onPick(p);
      } else if (trimmed !== '') {
        pendingPick.current = true;
      }
    }
  }

  const activeId = shown[active] ? `${listId}-${active}` : undefined;
  return (
    <Box>
      <TextField
        inputRef={props.inputRef}
        fullWidth
        size="small"
        label="Patient"
        placeholder="Last name first (lop ma), date of birth (3/2/1985) or last 4 of phone"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          props.onQueryChange?.(e.target.value);
        }}
        onKeyDown={onKeyDown}
        autoComplete="off"
        slotProps={{
          htmlInput: {
            role: 'combobox',
            'aria-expanded': shown.length > 0,
            'aria-controls': listId,
            'aria-activedescendant': activeId,
            'aria-autocomplete': 'list',
          },
          input: {
            endAdornment: searching ? (
              <InputAdornment position="end">
                <CircularProgress size={16} aria-label="Searching" />
              </InputAdornment>
            ) : undefined,
          },
        }}
      />
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {current && current.length === 0 && (
        <Typography role="status" color="text.secondary" sx={{ mt: 1, fontSize: 14 }}>
          No patient matches “{trimmed}”. Alt+N adds a new patient.
        </Typography>
      )}
      <List
        id={listId}
        role="listbox"
        aria-label="Matching patients"
        dense
        disablePadding
        sx={{ maxHeight: 200, overflow: 'auto', opacity: searching ? 0.6 : 1 }}
      >
        {shown.map((p, i) => (
          <ListItemButton
            key={p.id}
            id={`${listId}-${i}`}
            component="li"
            role="option"
            aria-selected={i === active}
            selected={i === active}
            tabIndex={-1}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(p)}
          >
            <ListItemText
              primary={`${p.lastName}, ${p.firstName}`}
              secondary={[
                `DOB ${formatDob(p.dateOfBirth)}`,
                formatPhone(p.phoneMobile ?? p.phoneHome),
                inactiveLabel(p),
              ]
                .filter(Boolean)
                .join(' · ')}
              slotProps={{
                primary: { sx: { fontWeight: 600 } },
              }}
              sx={{ display: 'flex', gap: 2, alignItems: 'baseline', my: 0 }}
            />
          </ListItemButton>
        ))}
      </List>
    </Box>
  );
}
