/**
 * A provider's weekly hours at one location from a date: edit per weekday, preview the week as
 * it would be, save. Server errors land on the input they are about.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  FormGroup,
  Popover,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { ApiInput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { DayEditor, type VisitTypeChoice } from './DayEditor';
import { asApiError, fieldMessage, splitErrors } from './fieldErrors';
import {
  OrphanConfirm,
  OutsideHoursWarning,
  type Orphan,
  type OutsideAppointment,
} from './OutsideHours';
import {
  copyDay,
  daysForApi,
  editorField,
  mondayOf,
  nextMondayOrToday,
  versionInForce,
  weekFromVersion,
  WEEKDAYS,
  type DraftWeek,
  type ScheduleInfo,
} from './template';
import { WeekPreview } from './WeekPreview';

const PREVIEW_DEBOUNCE_MS = 300;
const FIELD_KEY =
  /^(effectiveFrom|effectiveTo|week\.[1-7]\.(hours|breaks)\.\d+(\.(start|end|visitTypeIds))?)$/;

/** The setWeekly part of a preview request, to tell whether the preview shows the current edits. */
function previewKey(preview: ApiInput<'schedules/previewWeek'>): string {
  const { weekOf: _weekOf, ...rest } = preview;
  return JSON.stringify(rest);
}

function CopyDayButton(props: { weekday: number; onCopy(to: number[]): void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [targets, setTargets] = useState<number[]>([]);
  const from = WEEKDAYS[props.weekday - 1]!;
  const others = WEEKDAYS.filter((d) => d.weekday !== props.weekday);
  const toggle = (w: number) =>
    setTargets((t) => (t.includes(w) ? t.filter((x) => x !== w) : [...t, w]));
  return (
    <>
      <Button
        size="small"
        color="inherit"
        aria-label={`Copy ${from.long} to other days`}
        aria-haspopup="dialog"
        onClick={(e) => {
          setTargets([]);
          setAnchor(e.currentTarget);
        }}
      >
        Copy to…
      </Button>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        slotProps={{ paper: { role: 'dialog', 'aria-label': `Copy ${from.long} to` } }}
      >
        <Box sx={{ p: 1.5, width: 240 }}>
          <Typography variant="subtitle2">Copy {from.long}&apos;s hours to</Typography>
          <FormGroup>
            {others.map((d) => (
              <FormControlLabel
                key={d.weekday}
                control={
                  <Checkbox
                    size="small"
                    checked={targets.includes(d.weekday)}
                    onChange={() => toggle(d.weekday)}
                  />
                }
                label={d.long}
              />
            ))}
          </FormGroup>
          <Stack direction="row" spacing={0.5} sx={{ mt: 1 }}>
            <Button
              size="small"
              onClick={() => setTargets([1, 2, 3, 4, 5].filter((w) => w !== props.weekday))}
            >
              Mon–Fri
            </Button>
            <Button size="small" onClick={() => setTargets(others.map((d) => d.weekday))}>
              All
            </Button>
            <Box sx={{ flex: 1 }} />
            <Button
              size="small"
              variant="contained"
              disabled={targets.length === 0}
              onClick={() => {
                props.onCopy(targets);
                setAnchor(null);
              }}
            >
              Copy
            </Button>
          </Stack>
        </Box>
      </Popover>
    </>
  );
}

export function WeeklyEditor(props: {
  providerId: number;
  providerName: string;
  locationId: number;
  locationName: string;
  locationNames: Map<number, string>;
  schedule: ScheduleInfo | undefined;
  visitTypes: VisitTypeChoice[];
  today: string;
}) {
  const desk = useDesk();
  const { providerId, locationId, schedule } = props;
  const [effectiveFrom, setEffectiveFrom] = useState(() => nextMondayOrToday(props.today));
  const [effectiveTo, setEffectiveTo] = useState('');
  const [week, setWeek] = useState<DraftWeek>(() => weekFromVersion(undefined));
  const [dirty, setDirty] = useState(false);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const [saveErrors, setSaveErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [outside, setOutside] = useState<OutsideAppointment[]>([]);
  const [orphans, setOrphans] = useState<Orphan[]>([]);
  const formRef = useRef<HTMLDivElement>(null);
  const [failedSaves, setFailedSaves] = useState(0);
  // After a refused save, keyboard users land on the field at fault.
  useEffect(() => {
    if (failedSaves === 0) return;
    formRef.current?.querySelector<HTMLElement>('input[aria-invalid="true"]')?.focus();
  }, [failedSaves]);

  // The saved hours in force on the chosen date, loaded into the editor unless it holds edits.
  const version = versionInForce(schedule, locationId, effectiveFrom);
  const sourceKey = schedule ? `${version?.id ?? 'none'}` : null;
  useEffect(() => {
    if (sourceKey === null || sourceKey === loadedKey || dirty) return;
    setWeek(weekFromVersion(version));
    setLoadedKey(sourceKey);
  }, [sourceKey, loadedKey, dirty, version]);

  const edit = (next: DraftWeek) => {
    setWeek(next);
    setDirty(true);
    setSaveErrors({});
  };

  const { days, weekdays } = useMemo(() => daysForApi(week), [week]);
  const input: ApiInput<'schedules/setWeekly'> = {
    providerId,
    locationId,
    effectiveFrom,
    effectiveTo: effectiveTo || null,
    days,
  };
  const inputKey = JSON.stringify(input);

  // Preview the unsaved template, a moment after the last keystroke.
  const [previewInput, setPreviewInput] = useState<ApiInput<'schedules/previewWeek'> | null>(null);
  useEffect(() => {
    if (loadedKey === null) return;
    const timer = setTimeout(() => {
      const current = JSON.parse(inputKey) as ApiInput<'schedules/setWeekly'>;
      setPreviewInput({
        ...current,
        weekOf: /^\d{4}-\d{2}-\d{2}$/.test(current.effectiveFrom)
          ? mondayOf(current.effectiveFrom)
          : mondayOf(props.today),
      });
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [inputKey, loadedKey, props.today]);
  const preview = useLiveQuery('schedules/previewWeek', previewInput, ['schedules']);
  const previewStale = previewInput === null || previewKey(previewInput) !== inputKey;

  // The preview validates exactly as saving would: its errors are shown on the fields at once.
  const previewErrors: Record<string, string> = {};
  if (preview.error && previewInput && !previewStale) {
    const sent = previewInput.days.map((d) => d.weekday);
    previewErrors[editorField(preview.error.field, sent)] = fieldMessage(preview.error);
  }
  const { fields: errors, form: formErrors } = splitErrors(
    { ...previewErrors, ...saveErrors },
    (key) => FIELD_KEY.test(key),
  );

  const save = async (confirmOrphans = false) => {
    setSaving(true);
    setOutside([]);
    try {
      // confirmOrphans is the desk engine's: without it a save that orphans visits is refused.
      const res = await call(
        'schedules/setWeekly',
        (confirmOrphans ? { ...input, confirmOrphans: true } : input) as typeof input,
      );
      setOrphans([]);
      // The editor keeps what was sent until the new saved version arrives (live) and replaces it.
      setDirty(false);
      setSaveErrors({});
      setOutside(res.appointmentsOutsideHours);
      desk.notify(
        `Saved ${props.providerName}'s hours at ${props.locationName} from ${effectiveFrom}.`,
        'success',
      );
    } catch (e) {
      const err = asApiError(e);
      const found = err.details?.orphans;
      if (err.code === 'CONFLICT' && Array.isArray(found)) {
        setOrphans(found as Orphan[]);
        return;
      }
      setSaveErrors({ [editorField(err.field, weekdays)]: fieldMessage(err) });
      setFailedSaves((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    setDirty(false);
    setSaveErrors({});
    setLoadedKey(null);
  };

  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
      <Box
        ref={formRef}
        component="form"
        aria-label="Weekly hours"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        sx={{ flex: 1, minWidth: 0 }}
      >
        <Stack direction="row" spacing={1} alignItems="flex-start" sx={{ mb: 1, flexWrap: 'wrap' }}>
          <TextField
            type="date"
            size="small"
            label="Effective from"
            value={effectiveFrom}
            onChange={(e) => {
              setEffectiveFrom(e.target.value);
              setSaveErrors({});
            }}
            error={errors.effectiveFrom !== undefined}
            helperText={errors.effectiveFrom}
            slotProps={{ inputLabel: { shrink: true } }}
            sx={{ width: 160 }}
          />
          <TextField
            type="date"
            size="small"
            label="Until (optional)"
            value={effectiveTo}
            onChange={(e) => {
              setEffectiveTo(e.target.value);
              setSaveErrors({});
            }}
            error={errors.effectiveTo !== undefined}
            helperText={errors.effectiveTo}
            slotProps={{ inputLabel: { shrink: true } }}
            sx={{ width: 160 }}
          />
          <Button type="submit" variant="contained" disabled={saving || loadedKey === null}>
            {saving ? 'Saving…' : 'Save hours'}
          </Button>
          {dirty && (
            <>
              <Button onClick={discard}>Discard changes</Button>
              <Chip size="small" color="warning" label="Unsaved changes" sx={{ mt: 0.75 }} />
            </>
          )}
        </Stack>
        {!dirty && loadedKey !== null && (
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
            {version
              ? `Showing the saved hours in force on ${effectiveFrom} (since ${version.effectiveFrom}${version.effectiveTo ? `, until ${version.effectiveTo}` : ''}).`
              : `No weekly hours at ${props.locationName} on ${effectiveFrom}: every day is closed.`}
          </Typography>
        )}
        {formErrors.map((m) => (
          <Alert key={m} severity="error" role="alert" sx={{ mb: 1 }}>
            {m}
          </Alert>
        ))}
        <OrphanConfirm
          orphans={orphans}
          busy={saving}
          onConfirm={() => void save(true)}
          onCancel={() => setOrphans([])}
        />
        <OutsideHoursWarning appointments={outside} onClose={() => setOutside([])} />
        <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {WEEKDAYS.map((d, i) => (
            <Box
              component="li"
              key={d.weekday}
              role="group"
              aria-label={d.long}
              sx={{
                display: 'flex',
                gap: 1,
                py: 1,
                borderTop: i === 0 ? 0 : 1,
                borderColor: 'divider',
                alignItems: 'flex-start',
              }}
            >
              <Typography sx={{ width: 44, pt: 1, fontWeight: 600, flex: 'none' }} aria-hidden>
                {d.short}
              </Typography>
              {week[i]!.hours.length === 0 && (
                <Typography color="text.secondary" sx={{ pt: 1, width: 60, flex: 'none' }}>
                  Closed
                </Typography>
              )}
              <DayEditor
                name={d.long}
                day={week[i]!}
                onChange={(day) => edit(week.map((x, k) => (k === i ? day : x)))}
                visitTypes={props.visitTypes}
                errors={errors}
                prefix={`week.${d.weekday}.`}
                actions={
                  <CopyDayButton
                    weekday={d.weekday}
                    onCopy={(to) => edit(copyDay(week, d.weekday, to))}
                  />
                }
              />
            </Box>
          ))}
        </Box>
      </Box>
      <Box sx={{ width: 470, flex: 'none', position: 'sticky', top: 8 }}>
        <WeekPreview
          preview={preview.data}
          locationId={locationId}
          locationNames={props.locationNames}
          loading={preview.loading || previewStale}
          error={
            preview.error && !previewStale
              ? 'The preview cannot be drawn until the marked fields are fixed.'
              : undefined
          }
        />
      </Box>
    </Box>
  );
}
