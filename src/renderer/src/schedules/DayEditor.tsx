/**
 * One day's hours blocks (each with the visit types it allows) and breaks: a weekday row of the
 * weekly template, or the custom hours of a date override. Errors arrive keyed by the server's
 * field path relative to the day ('hours.1.start') with `prefix` in front.
 */
import { Box, Button, IconButton, MenuItem, Stack, TextField, Tooltip } from '@mui/material';
import type { ReactNode } from 'react';
import { nextBreak, nextHours, type DraftDay } from './template';

export interface VisitTypeChoice {
  id: number;
  name: string;
}

const ALL = 'all';

function TimeField(props: {
  label: string;
  ariaLabel: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  return (
    <TextField
      type="time"
      size="small"
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      error={props.error !== undefined}
      helperText={props.error}
      slotProps={{
        inputLabel: { shrink: true },
        htmlInput: { 'aria-label': props.ariaLabel, step: 300 },
        formHelperText: { sx: { maxWidth: 220, mx: 0 } },
      }}
      sx={{ width: 140 }}
    />
  );
}

function VisitTypesField(props: {
  ariaLabel: string;
  value: number[] | null;
  visitTypes: VisitTypeChoice[];
  error: string | undefined;
  onChange(value: number[] | null): void;
}) {
  const selected = props.value && props.value.length > 0 ? props.value.map(String) : [ALL];
  const names = new Map(props.visitTypes.map((v) => [String(v.id), v.name]));
  return (
    <TextField
      select
      size="small"
      label="Visit types"
      value={selected}
      error={props.error !== undefined}
      helperText={props.error}
      onChange={(e) => {
        const next = e.target.value as unknown as string[];
        const pickedAll = next.includes(ALL) && !selected.includes(ALL);
        const ids = next.filter((v) => v !== ALL).map(Number);
        props.onChange(pickedAll || ids.length === 0 ? null : ids);
      }}
      slotProps={{
        select: {
          multiple: true,
          renderValue: (v) => {
            const list = v as string[];
            return list.includes(ALL)
              ? 'All visit types'
              : list.map((id) => names.get(id) ?? `#${id}`).join(', ');
          },
          inputProps: { 'aria-label': props.ariaLabel },
        },
        inputLabel: { shrink: true },
      }}
      sx={{ width: 170 }}
    >
      <MenuItem value={ALL}>All visit types</MenuItem>
      {props.visitTypes.map((v) => (
        <MenuItem key={v.id} value={String(v.id)}>
          {v.name}
        </MenuItem>
      ))}
    </TextField>
  );
}

function RemoveButton(props: { label: string; onClick(): void }) {
  return (
    <Tooltip title={props.label}>
      <IconButton size="small" aria-label={props.label} onClick={props.onClick}>
        ×
      </IconButton>
    </Tooltip>
  );
}

export function DayEditor(props: {
  /** 'Monday' or 'Override': the start of every input's accessible name. */
  name: string;
  day: DraftDay;
  onChange(day: DraftDay): void;
  visitTypes: VisitTypeChoice[];
  errors: Record<string, string>;
  prefix: string;
  /** Extra controls at the end of the hours line (e.g. "Copy to…"). */
  actions?: ReactNode;
}) {
  const { day, name, prefix, errors } = props;
  const err = (path: string) => errors[prefix + path];
  const setHours = (i: number, patch: Partial<DraftDay['hours'][number]>) =>
    props.onChange({
      ...day,
      hours: day.hours.map((h, k) => (k === i ? { ...h, ...patch } : h)),
    });
  const setBreak = (i: number, patch: Partial<DraftDay['breaks'][number]>) =>
    props.onChange({
      ...day,
      breaks: day.breaks.map((b, k) => (k === i ? { ...b, ...patch } : b)),
    });

  return (
    <Box
      sx={{
        display: 'flex',
        flex: 1,
        minWidth: 0,
        gap: 1,
        flexWrap: 'wrap',
        alignItems: 'flex-start',
      }}
    >
      <Stack spacing={1} sx={{ minWidth: 0 }}>
        {day.hours.map((h, i) => (
          <Stack key={`h${i}`} direction="row" spacing={1} alignItems="flex-start">
            <TimeField
              label="Start"
              ariaLabel={`${name} hours ${i + 1} start`}
              value={h.start}
              error={err(`hours.${i}.start`)}
              onChange={(start) => setHours(i, { start })}
            />
            <TimeField
              label="End"
              ariaLabel={`${name} hours ${i + 1} end`}
              value={h.end}
              error={err(`hours.${i}.end`)}
              onChange={(end) => setHours(i, { end })}
            />
            <VisitTypesField
              ariaLabel={`${name} hours ${i + 1} visit types`}
              value={h.visitTypeIds}
              visitTypes={props.visitTypes}
              error={err(`hours.${i}.visitTypeIds`) ?? err(`hours.${i}`)}
              onChange={(visitTypeIds) => setHours(i, { visitTypeIds })}
            />
            <RemoveButton
              label={`Remove ${name} hours ${i + 1}`}
              onClick={() => props.onChange({ ...day, hours: day.hours.filter((_, k) => k !== i) })}
            />
          </Stack>
        ))}
        {day.breaks.map((b, i) => (
          <Stack
            key={`b${i}`}
            direction="row"
            spacing={1}
            alignItems="flex-start"
            sx={{ pl: 1, borderLeft: 3, borderColor: 'warning.light' }}
          >
            <TimeField
              label="Break start"
              ariaLabel={`${name} break ${i + 1} start`}
              value={b.start}
              error={err(`breaks.${i}.start`)}
              onChange={(start) => setBreak(i, { start })}
            />
            <TimeField
              label="Break end"
              ariaLabel={`${name} break ${i + 1} end`}
              value={b.end}
              error={err(`breaks.${i}.end`)}
              onChange={(end) => setBreak(i, { end })}
            />
            <RemoveButton
              label={`Remove ${name} break ${i + 1}`}
              onClick={() =>
                props.onChange({ ...day, breaks: day.breaks.filter((_, k) => k !== i) })
              }
            />
          </Stack>
        ))}
      </Stack>
      <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', alignItems: 'center', pt: 0.5 }}>
        <Button
          size="small"
          aria-label={`Add hours on ${name}`}
          onClick={() => props.onChange({ ...day, hours: [...day.hours, nextHours(day)] })}
        >
          + Hours
        </Button>
        <Button
          size="small"
          color="warning"
          aria-label={`Add a break on ${name}`}
          disabled={day.hours.length === 0}
          onClick={() => props.onChange({ ...day, breaks: [...day.breaks, nextBreak(day)] })}
        >
          + Break
        </Button>
        {props.actions}
      </Box>
    </Box>
  );
}
