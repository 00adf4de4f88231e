/**
 * "Import from CSV": choose the file and the clinic's defaults, check the column mapping on the
 * first rows, read the validation report, import. Every step asks the server about the file's
 * own bytes again (nothing is half-imported or cached between steps), and the server refuses a
 * file with errors unless the person ticked "skip the rows with errors".
 */
import { useRef, useState } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormHelperText,
  LinearProgress,
  MenuItem,
  Stack,
  Step,
  StepLabel,
  Stepper,
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import type { ApiInput, ApiOutput } from '../../../core/api/types';
import type { ImportField } from '../../../shared/providerImportFields';
import { bytesToBase64, COMMON_LANGUAGE_CODES, importResultSentence, languageName } from './format';
import { ImportMappingStep } from './ImportMappingStep';
import { ImportReportStep } from './ImportReportStep';

type Preview = ApiOutput<'providers/importPreview'>;
type Result = ApiOutput<'providers/importCommit'>;
type Defaults = NonNullable<ApiInput<'providers/importPreview'>['defaults']>;
type Mapping = NonNullable<ApiInput<'providers/importPreview'>['mapping']>;

const STEPS = ['Choose file', 'Match columns', 'Check rows', 'Import'] as const;

interface ChosenFile {
  name: string;
  base64: string;
  bytes: number;
}

/** Errors of the first step, by what shows them. */
type FileStepErrors = Partial<Record<'file' | 'locationId' | 'languages', string>>;

function fileStepError(field: string | undefined): keyof FileStepErrors | null {
  if (field === 'fileBase64' || field === 'fileName') return 'file';
  if (field === 'defaults.locationId') return 'locationId';
  if (field?.startsWith('defaults.languages')) return 'languages';
  return null;
}

/** Mount it only while open: every opening starts a new import. */
export function ImportWizard(props: { onClose(): void }) {
  const desk = useDesk();
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [defaults, setDefaults] = useState<Defaults>({
    languages: ['en'],
    acceptsNewPatients: true,
    locationId: null,
  });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [skip, setSkip] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [fileErrors, setFileErrors] = useState<FileStepErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ticket = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);

  async function chooseFile(picked: File | undefined) {
    setFileErrors({});
    setGeneral(null);
    setPreview(null);
    if (!picked) return setFile(null);
    const bytes = new Uint8Array(await picked.arrayBuffer());
    setFile({ name: picked.name, base64: bytesToBase64(bytes), bytes: bytes.length });
  }

  /** Ask the server what it makes of the file with this mapping (undefined = its suggestion). */
  async function loadPreview(mapping: Mapping | undefined): Promise<Preview | null> {
    if (!file) return null;
    const mine = ++ticket.current;
    setBusy(true);
    setGeneral(null);
    try {
      const answer = await call('providers/importPreview', {
        fileName: file.name,
        fileBase64: file.base64,
        ...(mapping ? { mapping } : {}),
        defaults,
      });
      if (mine !== ticket.current) return null;
      setPreview(answer);
      return answer;
    } catch (err) {
      if (mine !== ticket.current) return null;
      const e = asApiError(err);
      const where = fileStepError(e.field);
      if (where) {
        setFileErrors({ [where]: fieldMessage(e) });
        setStep(0);
      } else setGeneral(e.message);
      return null;
    } finally {
      if (mine === ticket.current) setBusy(false);
    }
  }

  async function next() {
    if (step === 0) {
      if (!file) {
        setFileErrors({ file: 'Choose the CSV file to import.' });
        fileInput.current?.focus();
        return;
      }
      // Keep the columns already matched when the person came back only to change a default.
      if (await loadPreview(preview?.mapping)) setStep(1);
    } else if (step === 1) setStep(2);
  }

  async function importFile() {
    if (!file || !preview || busy) return;
    setBusy(true);
    setGeneral(null);
    try {
      const done = await call('providers/importCommit', {
        fileName: file.name,
        fileBase64: file.base64,
        mapping: preview.mapping,
        defaults,
        skipRowsWithErrors: skip,
      });
      setResult(done);
      setStep(3);
      desk.notify(importResultSentence(done), 'success');
    } catch (err) {
      setGeneral(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  const report = preview?.report ?? null;
  const canCheck = step === 1 && report !== null && !busy;
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby="import-title"
      fullWidth
      maxWidth="lg"
      slotProps={{ paper: { sx: { minHeight: '70vh' } } }}
    >
      <DialogTitle id="import-title">Import providers from CSV</DialogTitle>
      <DialogContent dividers>
        <Stepper activeStep={result ? STEPS.length : step} sx={{ mb: 2 }}>
          {STEPS.map((s) => (
            <Step key={s}>
              <StepLabel>{s}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {busy ? (
          <LinearProgress aria-label="Reading the file" sx={{ mb: 1 }} />
        ) : (
          <Box sx={{ height: 4, mb: 1 }} />
        )}

        {step === 0 && (
          <Stack spacing={2} sx={{ maxWidth: 640 }}>
            <Box>
              <Stack direction="row" spacing={1} alignItems="center">
                <Button variant="outlined" component="label">
                  Choose CSV file
                  <input
                    ref={fileInput}
                    hidden
                    type="file"
                    accept=".csv,.txt,text/csv"
                    aria-label="CSV file"
                    onChange={(e) => void chooseFile(e.target.files?.[0])}
                  />
                </Button>
                <Typography aria-live="polite">
                  {file ? `${file.name} (${Math.ceil(file.bytes / 1024)} KB)` : 'No file chosen'}
                </Typography>
              </Stack>
              <FormHelperText error={!!fileErrors.file}>
                {fileErrors.file ??
                  'A credentialing spreadsheet saved as CSV, an EHR export or an NPPES extract; up to 4 MB.'}
              </FormHelperText>
            </Box>
            <TextField
              select
              size="small"
              label="Default location"
              value={defaults.locationId ?? ''}
              onChange={(e) => {
                setDefaults((d) => ({
                  ...d,
                  locationId: e.target.value === '' ? null : Number(e.target.value),
                }));
                setFileErrors((f) => ({ ...f, locationId: undefined }));
              }}
              error={!!fileErrors.locationId}
              helperText={
                fileErrors.locationId ??
                'For rows without an address or location name; a new address becomes a new location.'
              }
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            >
              <MenuItem value="">None: the file says where each provider works</MenuItem>
              {(locations.data ?? []).map((l) => (
                <MenuItem key={l.id} value={l.id}>
                  {l.name}
                </MenuItem>
              ))}
            </TextField>
            <Autocomplete<string, true>
              multiple
              size="small"
              options={[...COMMON_LANGUAGE_CODES]}
              value={defaults.languages}
              getOptionLabel={(c) => `${languageName(c)} (${c})`}
              filterSelectedOptions
              onChange={(_e, languages) => {
                setDefaults((d) => ({ ...d, languages }));
                setFileErrors((f) => ({ ...f, languages: undefined }));
              }}
              renderInput={(params) => (
                <TextField
                  {...params}
                  label="Default languages"
                  error={!!fileErrors.languages}
                  helperText={fileErrors.languages ?? 'For rows whose languages cell is empty.'}
                />
              )}
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={defaults.acceptsNewPatients}
                  onChange={(e) =>
                    setDefaults((d) => ({ ...d, acceptsNewPatients: e.target.checked }))
                  }
                />
              }
              label="Accepting new patients, unless the file says otherwise"
            />
          </Stack>
        )}

        {step === 1 && preview && (
          <ImportMappingStep
            preview={preview}
            onMap={(field: ImportField, header) =>
              void loadPreview({ ...preview.mapping, [field]: header })
            }
          />
        )}

        {step === 2 && report && file && (
          <ImportReportStep
            report={report}
            fileName={file.name}
            skip={skip}
            onSkip={(s) => {
              setSkip(s);
              setGeneral(null);
            }}
          />
        )}

        {step === 3 && result && (
          <Alert severity="success" role="status">
            <Typography sx={{ fontWeight: 600 }}>{importResultSentence(result)}.</Typography>
            {result.warnings > 0 && (
              <Typography sx={{ fontSize: 14 }}>
                {result.warnings} {result.warnings === 1 ? 'warning' : 'warnings'} in the imported
                rows (see the report).
              </Typography>
            )}
          </Alert>
        )}

        {general && (
          <Alert severity="error" sx={{ mt: 2 }} role="alert">
            {general}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        {step < 3 && <Button onClick={props.onClose}>Cancel</Button>}
        {step > 0 && step < 3 && (
          <Button
            disabled={busy}
            onClick={() => {
              setGeneral(null);
              setStep(step - 1);
            }}
          >
            Back
          </Button>
        )}
        {step === 0 && (
          <Button variant="contained" disabled={busy} onClick={() => void next()}>
            Next: match columns
          </Button>
        )}
        {step === 1 && (
          <Button variant="contained" disabled={!canCheck} onClick={() => void next()}>
            Next: check rows
          </Button>
        )}
        {step === 2 && (
          <Button variant="contained" disabled={busy} onClick={() => void importFile()}>
            {report && report.summary.ready > 0
              ? `Import ${report.summary.ready} ${report.summary.ready === 1 ? 'provider' : 'providers'}`
              : 'Import'}
          </Button>
        )}
        {step === 3 && (
          <Button variant="contained" onClick={props.onClose}>
            Done
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
