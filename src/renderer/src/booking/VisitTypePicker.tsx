/**
 * The visit type, by type-ahead: "fol" highlights Follow-up Visit (best match first, see
 * shared/visitTypeSearch.ts), Enter confirms. The last type booked
 * in this session is offered first, so a desk that books follow-ups all day confirms with Enter.
 */
import { useId, useMemo, useState, type RefObject } from 'react';
import { Box, List, ListItemButton, ListItemText, Paper, TextField } from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { rankVisitTypes } from '../../../shared/visitTypeSearch';

export type VisitTypeChoice = ApiOutput<'visitTypes/list'>[number];

const MEMORY_KEY = 'clinicdesk.booking.lastVisitTypeId';

/** The visit type last booked in this browser session (per tab, cleared when it closes). */
export function rememberedVisitTypeId(): number | null {
  try {
    const v = Number(sessionStorage.getItem(MEMORY_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

export function rememberVisitType(id: number): void {
  try {
    sessionStorage.setItem(MEMORY_KEY, String(id));
  } catch {
    // Storage refused (private mode): the default is a convenience only.
  }
}

export function VisitTypePicker(props: {
  inputRef: RefObject<HTMLInputElement | null>;
  types: readonly VisitTypeChoice[];
  value: VisitTypeChoice | null;
  /** Highlighted before anything is typed (the remembered type). */
  suggested: VisitTypeChoice | null;
  disabled?: boolean;
  onConfirm(type: VisitTypeChoice): void;
}) {
  const listId = useId();
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const shownText = text ?? props.value?.name ?? props.suggested?.name ?? '';
  const options = useMemo(() => {
    if (text !== null) return rankVisitTypes(props.types, text);
    // Untouched: every type, the current or remembered one first.
    const first = props.value ?? props.suggested;
    return first ? [first, ...props.types.filter((t) => t.id !== first.id)] : [...props.types];
  }, [props.types, props.value, props.suggested, text]);

  function confirm(type: VisitTypeChoice | undefined) {
    if (!type) return;
    setText(null);
    setOpen(false);
    setActive(0);
    props.onConfirm(type);
  }

  function onKeyDown(e: React.KeyboardEvent) {
    const n = options.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (n > 0) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      confirm(options[active] ?? options[0]);
    }
  }

  const activeId = open && options[active] ? `${listId}-${active}` : undefined;
  return (
    <Box sx={{ position: 'relative' }}>
      <TextField
        inputRef={props.inputRef}
        fullWidth
        size="small"
        label="Visit type"
        placeholder="Type to choose, Enter to confirm"
        value={shownText}
        disabled={props.disabled}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={(e) => {
          e.target.select();
          setOpen(true);
        }}
        onBlur={() => {
          setOpen(false);
          setText(null);
        }}
        onKeyDown={onKeyDown}
        helperText={
          props.value
            ? `${props.value.durationMinutes} min`
            : props.suggested && text === null
              ? 'Enter keeps the last visit type'
              : ' '
        }
        slotProps={{
          htmlInput: {
            role: 'combobox',
            'aria-expanded': open && options.length > 0,
            'aria-controls': listId,
            'aria-activedescendant': activeId,
            'aria-autocomplete': 'list',
          },
        }}
      />
      {open && options.length > 0 && (
        <Paper
          elevation={8}
          sx={{
            position: 'absolute',
            top: 42,
            left: 0,
            right: 0,
            zIndex: 10,
            maxHeight: 260,
            overflow: 'auto',
          }}
        >
          <List id={listId} role="listbox" aria-label="Visit types" dense disablePadding>
            {options.map((v, i) => (
              <ListItemButton
                key={v.id}
                id={`${listId}-${i}`}
                component="li"
                role="option"
                aria-selected={i === active}
                selected={i === active}
                tabIndex={-1}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => confirm(v)}
              >
                <Box
                  aria-hidden
                  sx={{
                    width: 10,
                    height: 10,
                    borderRadius: '50%',
                    bgcolor: v.color,
                    mr: 1.5,
                    flex: 'none',
                  }}
                />
                <ListItemText
                  primary={v.name}
                  secondary={`${v.durationMinutes} min`}
                  sx={{ display: 'flex', gap: 1.5, alignItems: 'baseline', my: 0 }}
                />
              </ListItemButton>
            ))}
          </List>
        </Paper>
      )}
    </Box>
  );
}
