/**
 * The specialty of a provider, picked by its readable name ("Family Medicine") or typed as its
 * NUCC code ("207Q…"), over the clinic's specialty list (the common ones, and every code of the
 * NUCC file once loaded: 883 of them, so it filters as one types instead of a long menu). Used by
 * the setup assistant and Settings → Providers alike, through providerFields.
 */
import { Autocomplete, TextField } from '@mui/material';

export interface Specialty {
  code: string;
  name: string;
}

export const specialtyLabel = (s: Specialty) => `${s.name} (${s.code})`;

export function SpecialtyPicker(props: {
  id: string;
  label: string;
  /** The NUCC code chosen, '' for none. */
  value: string;
  onChange(code: string): void;
  specialties: Specialty[];
  error?: boolean;
  helperText?: string;
  required?: boolean;
  width?: number;
}) {
  const known = props.specialties.find((s) => s.code === props.value);
  // A code the list does not name (an import from before the NUCC file was loaded) stays shown.
  const current = known ?? (props.value ? { code: props.value, name: 'Not in the list' } : null);
  const options = known || !current ? props.specialties : [current, ...props.specialties];
  return (
    <Autocomplete
      id={props.id}
      size="small"
      options={options}
      value={current}
      onChange={(_e, v) => props.onChange(v?.code ?? '')}
      getOptionLabel={specialtyLabel}
      isOptionEqualToValue={(a, b) => a.code === b.code}
      filterOptions={(list, state) => {
        const q = state.inputValue.trim().toLowerCase();
        if (!q) return list;
        return list.filter(
          (s) => s.name.toLowerCase().includes(q) || s.code.toLowerCase().startsWith(q),
        );
      }}
      sx={{ width: props.width ?? 300 }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          required={props.required}
          error={props.error}
          helperText={props.helperText}
        />
      )}
    />
  );
}
