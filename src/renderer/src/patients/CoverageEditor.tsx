/**
 * The patient's insurance in the patient panel: primary and secondary coverages with the member ID
 * as printed on the card, added or corrected here, and ended (not deleted: past eligibility checks
 * and estimates still point at them). Best-match booking reads the primary coverage to check
 * networks, so a card read over the phone changes the providers offered at once.
 */
import { useId, useMemo, useState } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { ABOVE_PANEL } from './layers';
import { formatDob } from '../booking/format';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import type { ApiInput, ApiOutput } from '../../../core/api/types';
import { COVERAGE_RELATIONSHIP_LABELS, COVERAGE_RELATIONSHIPS } from '../../../shared/insurance';

type Coverage = ApiOutput<'coverages/list'>[number];
type Plan = ApiOutput<'plans/list'>[number];
type Relationship = Coverage['relationship'];

const PRIORITY_WORDS = ['Primary', 'Secondary', 'Tertiary'] as const;

/** The form as typed; dates as the date inputs give them (YYYY-MM-DD or ''). */
export interface CoverageForm {
  planId: number | null;
  memberId: string;
  groupNumber: string;
  priority: 1 | 2 | 3;
  relationship: Relationship;
  subscriberFirstName: string;
  subscriberLastName: string;
  subscriberDateOfBirth: string;
  effectiveFrom: string;
  effectiveTo: string;
}
type FieldKey = keyof CoverageForm;

export function priorityWord(priority: number): string {
  return PRIORITY_WORDS[priority - 1] ?? `Priority ${priority}`;
}

function formOf(c: Coverage): CoverageForm {
  return {
    planId: c.planId,
    memberId: c.memberId,
    groupNumber: c.groupNumber ?? '',
    priority: Math.min(3, Math.max(1, c.priority)) as 1 | 2 | 3,
    relationship: c.relationship,
    subscriberFirstName: c.subscriberFirstName ?? '',
    subscriberLastName: c.subscriberLastName ?? '',
    subscriberDateOfBirth: c.subscriberDateOfBirth ?? '',
    effectiveFrom: c.effectiveFrom ?? '',
    effectiveTo: c.effectiveTo ?? '',
  };
}

/** A new coverage takes the first free priority: the second card read is the secondary. */
function blankForm(existing: readonly Coverage[]): CoverageForm {
  const taken = new Set(existing.map((c) => c.priority));
  const priority = ([1, 2, 3] as const).find((p) => !taken.has(p)) ?? 1;
  return {
    planId: null,
    memberId: '',
    groupNumber: '',
    priority,
    relationship: 'self',
    subscriberFirstName: '',
    subscriberLastName: '',
    subscriberDateOfBirth: '',
    effectiveFrom: '',
    effectiveTo: '',
  };
}

/**
 * coverages/save's `coverage`: blanks as null. The subscriber's fields are dropped for "self" so a
 * coverage corrected from spouse to self does not keep the spouse's name on the claim.
 */
export function coverageInput(
  f: CoverageForm,
): Omit<ApiInput<'coverages/save'>['coverage'], 'planId'> & { planId: number | null } {
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  const dependent = f.relationship !== 'self';
  return {
    planId: f.planId,
    memberId: f.memberId.trim(),
    groupNumber: orNull(f.groupNumber),
    priority: f.priority,
    relationship: f.relationship,
    subscriberFirstName: dependent ? orNull(f.subscriberFirstName) : null,
    subscriberLastName: dependent ? orNull(f.subscriberLastName) : null,
    subscriberDateOfBirth: dependent ? orNull(f.subscriberDateOfBirth) : null,
    effectiveFrom: orNull(f.effectiveFrom),
    effectiveTo: orNull(f.effectiveTo),
  };
}

/** "Member ID W123456789 · Group 0012 · Subscriber: Jose Díaz (spouse, DOB 01/02/1960)" */
export function coverageDetails(c: Coverage): string {
  const parts = [`Member ID ${c.memberId}`];
  if (c.groupNumber) parts.push(`Group ${c.groupNumber}`);
  if (c.relationship !== 'self') {
    const who = [c.subscriberFirstName, c.subscriberLastName].filter(Boolean).join(' ');
    const dob = c.subscriberDateOfBirth ? `, DOB ${formatDob(c.subscriberDateOfBirth)}` : '';
    parts.push(`Subscriber: ${who || 'not given'} (${c.relationship}${dob})`);
  }
  if (c.effectiveFrom || c.effectiveTo)
    parts.push(
      c.effectiveTo
        ? `${c.effectiveFrom ? `${formatDob(c.effectiveFrom)}–` : 'until '}${formatDob(c.effectiveTo)}`
        : `from ${formatDob(c.effectiveFrom!)}`,
    );
  return parts.join(' · ');
}

export function CoverageEditor(props: { patientId: number }) {
  const desk = useDesk();
  const formId = useId();
  const coverages = useLiveQuery('coverages/list', { patientId: props.patientId }, [
    'patients',
    'insurance',
  ]);
  const plans = useLiveQuery('plans/list', {}, ['insurance']);
  const [editing, setEditing] = useState<{ coverageId: number | null; form: CoverageForm } | null>(
    null,
  );
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [ending, setEnding] = useState<Coverage | null>(null);
  const [busy, setBusy] = useState(false);

  const list = useMemo(
    () => [...(coverages.data ?? [])].sort((a, b) => a.priority - b.priority),
    [coverages.data],
  );
  const planOptions = useMemo(() => plans.data ?? [], [plans.data]);

  const fieldId = (key: FieldKey) => `${formId}-${key}`;
  const startEdit = (coverageId: number | null, form: CoverageForm) => {
    setEditing({ coverageId, form });
    setErrors({});
    setGeneral(null);
    setEnding(null);
    requestAnimationFrame(() => document.getElementById(fieldId('planId'))?.focus());
  };
  const change = <K extends FieldKey>(key: K, value: CoverageForm[K]) => {
    setEditing((e) => (e ? { ...e, form: { ...e.form, [key]: value } } : e));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function save() {
    if (!editing || busy) return;
    const input = coverageInput(editing.form);
    if (input.planId === null) {
      setErrors({ planId: 'Choose the plan on the card.' });
      document.getElementById(fieldId('planId'))?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      const saved = await call('coverages/save', {
        patientId: props.patientId,
        ...(editing.coverageId !== null ? { coverageId: editing.coverageId } : {}),
        coverage: { ...input, planId: input.planId },
      });
      setEditing(null);
      desk.notify(
        `Saved ${priorityWord(saved.priority).toLowerCase()} coverage ${saved.planName}.`,
        'success',
      );
    } catch (err) {
      const e = asApiError(err);
      // The API names the field as coverage.memberId; the form knows it as memberId.
      const key = e.field?.replace(/^coverage\./, '') as FieldKey | undefined;
      if (key && key in editing.form) {
        setErrors({ [key]: fieldMessage(e) });
        document.getElementById(fieldId(key))?.focus();
      } else {
        setGeneral(e.message);
      }
    } finally {
      setBusy(false);
    }
  }

  async function end(c: Coverage) {
    setBusy(true);
    setGeneral(null);
    try {
      await call('coverages/end', { coverageId: c.id });
      setEnding(null);
      desk.notify(`Ended ${c.planName} coverage.`, 'success');
    } catch (err) {
      setGeneral(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  const text = (key: FieldKey, label: string, extra: { type?: string; flex?: number } = {}) => {
    const value = editing?.form[key];
    return (
      <TextField
        id={fieldId(key)}
        size="small"
        label={label}
        type={extra.type ?? 'text'}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => change(key, e.target.value as CoverageForm[typeof key])}
        error={!!errors[key]}
        helperText={errors[key]}
        sx={{ flex: extra.flex ?? 1 }}
        slotProps={extra.type === 'date' ? { inputLabel: { shrink: true } } : undefined}
      />
    );
  };

  const form = editing?.form;
  const dependent = form ? form.relationship !== 'self' : false;
  return (
    <Box component="section" aria-labelledby={`${formId}-title`} sx={{ mt: 1 }}>
      <Stack direction="row" alignItems="baseline" spacing={1}>
        <Typography
          id={`${formId}-title`}
          variant="subtitle1"
          component="h3"
          sx={{ fontWeight: 600, flex: 1 }}
        >
          Insurance
        </Typography>
        {!editing && (
          <Button size="small" onClick={() => startEdit(null, blankForm(list))}>
            Add coverage
          </Button>
        )}
      </Stack>
      {coverages.error && <Alert severity="error">{coverages.error.message}</Alert>}
      {coverages.data && list.length === 0 && (
        <Typography color="text.secondary" sx={{ fontSize: 14, mb: 1 }}>
          No insurance on file (self-pay).
        </Typography>
      )}
      {list.length > 0 && (
        <List dense aria-label="Coverages" disablePadding>
          {list.map((c) => (
            <ListItem
              key={c.id}
              divider
              data-testid="coverage"
              secondaryAction={
                <Stack direction="row" spacing={0.5}>
                  <Button
                    size="small"
                    aria-label={`Edit ${c.planName}`}
                    onClick={() => startEdit(c.id, formOf(c))}
                  >
                    Edit
                  </Button>
                  <Button
                    size="small"
                    color="warning"
                    aria-label={`End ${c.planName} coverage`}
                    onClick={() => {
                      setEnding(c);
                      setEditing(null);
                    }}
                  >
                    End coverage
                  </Button>
                </Stack>
              }
              sx={{ pr: 22 }}
            >
              <ListItemText
                primary={`${priorityWord(c.priority)} · ${c.planName}`}
                secondary={coverageDetails(c)}
              />
            </ListItem>
          ))}
        </List>
      )}
      {ending && (
        <Alert
          severity="warning"
          sx={{ mt: 1 }}
          action={
            <Stack direction="row" spacing={0.5}>
              <Button color="inherit" size="small" onClick={() => setEnding(null)}>
                Keep
              </Button>
              <Button
                color="warning"
                variant="contained"
                size="small"
                disabled={busy}
                onClick={() => void end(ending)}
                autoFocus
              >
                End it
              </Button>
            </Stack>
          }
        >
          End {ending.planName} ({ending.memberId})? It stays on record for past checks.
        </Alert>
      )}
      {general && (
        <Alert severity="error" sx={{ mt: 1 }} onClose={() => setGeneral(null)}>
          {general}
        </Alert>
      )}
      {editing && form && (
        <Box
          component="form"
          aria-label={editing.coverageId === null ? 'New coverage' : 'Edit coverage'}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          sx={{ mt: 1, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}
        >
          <Stack spacing={1.5}>
            <Autocomplete<Plan>
              id={fieldId('planId')}
              options={planOptions}
              groupBy={(p) => p.payerName}
              getOptionLabel={(p) => p.displayName}
              isOptionEqualToValue={(a, b) => a.id === b.id}
              value={planOptions.find((p) => p.id === form.planId) ?? null}
              onChange={(_e, p) => change('planId', p?.id ?? null)}
              loading={plans.loading}
              slotProps={{ popper: { sx: ABOVE_PANEL } }}
              noOptionsText={plans.data?.length === 0 ? 'No plans set up yet' : 'No plan matches'}
              renderInput={(params) => (
                <TextField
                  {...params}
                  size="small"
                  label="Plan"
                  placeholder="Type the payer or plan on the card"
                  error={!!errors.planId}
                  helperText={errors.planId}
                />
              )}
            />
            <Stack direction="row" spacing={1}>
              {text('memberId', 'Member ID')}
              {text('groupNumber', 'Group number')}
            </Stack>
            <Stack direction="row" spacing={1}>
              <TextField
                id={fieldId('priority')}
                select
                size="small"
                label="Priority"
                value={form.priority}
                onChange={(e) => change('priority', Number(e.target.value) as 1 | 2 | 3)}
                error={!!errors.priority}
                helperText={errors.priority}
                sx={{ flex: 1 }}
                slotProps={{ select: { MenuProps: { sx: ABOVE_PANEL } } }}
              >
                {PRIORITY_WORDS.map((w, i) => (
                  <MenuItem key={w} value={i + 1}>
                    {w}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                id={fieldId('relationship')}
                select
                size="small"
                label="Patient is"
                value={form.relationship}
                onChange={(e) => change('relationship', e.target.value as Relationship)}
                error={!!errors.relationship}
                helperText={errors.relationship}
                sx={{ flex: 2 }}
                slotProps={{ select: { MenuProps: { sx: ABOVE_PANEL } } }}
              >
                {COVERAGE_RELATIONSHIPS.map((value) => (
                  <MenuItem key={value} value={value}>
                    {COVERAGE_RELATIONSHIP_LABELS[value]}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
            {dependent && (
              <Stack direction="row" spacing={1} role="group" aria-label="Subscriber">
                {text('subscriberFirstName', "Subscriber's first name")}
                {text('subscriberLastName', "Subscriber's last name")}
                {text('subscriberDateOfBirth', "Subscriber's DOB", { type: 'date' })}
              </Stack>
            )}
            <Stack direction="row" spacing={1}>
              {text('effectiveFrom', 'Coverage start', { type: 'date' })}
              {text('effectiveTo', 'Coverage end', { type: 'date' })}
            </Stack>
            <Stack direction="row" spacing={1} justifyContent="flex-end">
              <Button onClick={() => setEditing(null)}>Cancel</Button>
              <Button type="submit" variant="contained" disabled={busy}>
                {editing.coverageId === null ? 'Add coverage' : 'Save coverage'}
              </Button>
            </Stack>
          </Stack>
        </Box>
      )}
    </Box>
  );
}
