/**
 * One settings form: text fields over a record, saved with the version it was opened at. When
 * someone else saved the record in between, the engine refuses (CONFLICT) and this form keeps what
 * was typed, shows the other person's values beside it, and lets the manager choose: save theirs
 * over with mine, or take theirs.
 */
import { useId, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';

/** What a field's own control is given (see FieldSpec.input). */
export interface FieldInputProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error: boolean;
  helperText?: string;
  required?: boolean;
  width?: number;
}

export interface FieldSpec {
  key: string;
  label: string;
  /** 'multiselect' keeps the chosen values comma-separated, in the order they were chosen. */
  kind?: 'text' | 'number' | 'select' | 'multiselect' | 'checkbox';
  options?: { value: string; label: string }[];
  /** A control of its own instead of a text field (the specialty picker); options still name values in a conflict. */
  input?: (p: FieldInputProps) => ReactNode;
  help?: string;
  width?: number;
  /** A field named by the engine under another key (e.g. 'locationIds.0' → 'locationIds'). */
  required?: boolean;
}

export type FormValues = Record<string, string>;

export interface Conflict {
  message: string;
  currentVersion: number;
  /** The other person's values, in this form's terms. */
  theirs: FormValues;
}

export interface RecordFormProps {
  /** The form's accessible name ("Provider"). */
  label: string;
  fields: FieldSpec[];
  initial: FormValues;
  /** Turns the record as it now is (the conflict's details.current) into form values. */
  toValues(current: Record<string, unknown>): FormValues;
  /** Saves `values` at `version`; throws the engine's error. */
  save(values: FormValues, version: number): Promise<unknown>;
  version: number;
  onSaved(): void;
  onCancel(): void;
  submitLabel?: string;
  extra?: (values: FormValues) => ReactNode;
}

export function RecordForm(props: RecordFormProps) {
  const formId = useId();
  const [values, setValues] = useState<FormValues>(props.initial);
  const [version, setVersion] = useState(props.version);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const idOf = (k: string) => `${formId}-${k}`;

  async function submit(atVersion = version) {
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      await props.save(values, atVersion);
      setConflict(null);
      props.onSaved();
    } catch (err) {
      const e = asApiError(err);
      const details = e.details as { currentVersion?: number; current?: Record<string, unknown> };
      if (e.code === 'CONFLICT' && e.field === 'version' && details?.current) {
        setConflict({
          message: e.message,
          currentVersion: details.currentVersion ?? atVersion,
          theirs: props.toValues(details.current),
        });
      } else {
        const key = props.fields.find(
          (f) => e.field === f.key || e.field?.startsWith(`${f.key}.`),
        )?.key;
        if (key) {
          setErrors({ [key]: fieldMessage(e) });
          document.getElementById(idOf(key))?.focus();
        } else setGeneral(e.message);
      }
    } finally {
      setBusy(false);
    }
  }

  const differing = conflict
    ? props.fields.filter((f) => (conflict.theirs[f.key] ?? '') !== (values[f.key] ?? ''))
    : [];

  return (
    <Box
      component="form"
      aria-label={props.label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack spacing={1.5}>
        {conflict && (
          <Alert severity="warning" role="alert">
            <div>{conflict.message}</div>
            {differing.length > 0 && (
              <Box component="ul" sx={{ my: 0.5, pl: 2.5 }} aria-label="Their values">
                {differing.map((f) => (
                  <li key={f.key}>
                    {f.label}: theirs “{display(f, conflict.theirs[f.key])}”, yours “
                    {display(f, values[f.key])}”
                  </li>
                ))}
              </Box>
            )}
            <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
              <Button
                size="small"
                variant="contained"
                disabled={busy}
                onClick={() => {
                  setVersion(conflict.currentVersion);
                  void submit(conflict.currentVersion);
                }}
              >
                Save mine over theirs
              </Button>
              <Button
                size="small"
                onClick={() => {
                  setValues(conflict.theirs);
                  setVersion(conflict.currentVersion);
                  setConflict(null);
                }}
              >
                Take theirs
              </Button>
            </Stack>
          </Alert>
        )}
        {general && (
          <Alert severity="error" role="alert">
            {general}
          </Alert>
        )}
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5 }}>
          {props.fields.map((f) => {
            const set = (v: string) => {
              setValues((old) => ({ ...old, [f.key]: v }));
              setErrors((old) => ({ ...old, [f.key]: '' }));
            };
            if (f.input)
              return (
                <Box key={f.key}>
                  {f.input({
                    id: idOf(f.key),
                    label: f.label,
                    value: values[f.key] ?? '',
                    onChange: set,
                    error: !!errors[f.key],
                    helperText: errors[f.key] || f.help,
                    required: f.required,
                    width: f.width,
                  })}
                </Box>
              );
            if (f.kind === 'multiselect') {
              const chosen = (values[f.key] ?? '').split(',').filter(Boolean);
              return (
                <TextField
                  key={f.key}
                  id={idOf(f.key)}
                  size="small"
                  select
                  label={f.label}
                  required={f.required}
                  value={chosen}
                  onChange={(e) => {
                    const v = e.target.value as unknown as string[] | string;
                    set((typeof v === 'string' ? v.split(',') : v).join(','));
                  }}
                  slotProps={{
                    select: {
                      multiple: true,
                      renderValue: (v) =>
                        (v as string[])
                          .map((x) => f.options?.find((o) => o.value === x)?.label ?? x)
                          .join(', '),
                    },
                  }}
                  error={!!errors[f.key]}
                  helperText={errors[f.key] || f.help}
                  sx={{ width: f.width ?? 240 }}
                >
                  {f.options?.map((o) => (
                    <MenuItem key={o.value} value={o.value}>
                      {o.label}
                    </MenuItem>
                  ))}
                </TextField>
              );
            }
            if (f.kind === 'checkbox')
              return (
                <FormControlLabel
                  key={f.key}
                  sx={{ width: f.width ?? 240 }}
                  control={
                    <Checkbox
                      id={idOf(f.key)}
                      checked={values[f.key] === 'true'}
                      onChange={(e) => set(String(e.target.checked))}
                    />
                  }
                  label={f.label}
                />
              );
            return (
              <TextField
                key={f.key}
                id={idOf(f.key)}
                size="small"
                label={f.label}
                required={f.required}
                select={f.kind === 'select'}
                type={f.kind === 'number' ? 'number' : 'text'}
                value={values[f.key] ?? ''}
                onChange={(e) => set(e.target.value)}
                error={!!errors[f.key]}
                helperText={errors[f.key] || f.help}
                sx={{ width: f.width ?? 240 }}
              >
                {f.options?.map((o) => (
                  <MenuItem key={o.value} value={o.value}>
                    {o.label}
                  </MenuItem>
                ))}
              </TextField>
            );
          })}
        </Box>
        {props.extra?.(values)}
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" disabled={busy}>
            {props.submitLabel ?? 'Save'}
          </Button>
          <Button onClick={props.onCancel} disabled={busy}>
            Cancel
          </Button>
        </Stack>
      </Stack>
    </Box>
  );
}

function display(f: FieldSpec, v: string | undefined): string {
  if (f.kind === 'checkbox') return v === 'true' ? 'yes' : 'no';
  if (f.kind === 'multiselect')
    return (v ?? '')
      .split(',')
      .filter(Boolean)
      .map((x) => f.options?.find((o) => o.value === x)?.label ?? x)
      .join(', ');
  if (f.options) return f.options.find((o) => o.value === v)?.label ?? v ?? '';
  return v ?? '';
}

/** '' → null, else the trimmed text. */
export const orNull = (s: string | undefined) => (s == null || s.trim() === '' ? null : s.trim());
/** '' → null, else the number typed (NaN goes to the engine, which names the field). */
export const numOrNull = (s: string | undefined) =>
  s == null || s.trim() === '' ? null : Number(s);
export const str = (v: unknown) => (v == null ? '' : String(v));
