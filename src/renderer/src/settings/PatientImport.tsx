/**
 * Settings › Import patients: choose the old system's export, check which column is which, read
 * what the clinic will get (problems by line, people it already has, each with skip / update /
 * create), import. The server reads the file's own bytes again at every step and commits it in
 * one transaction; a long file shows how far it has come (patients/importProgress).
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Paper,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { ApiInput, ApiOutput } from '../../../core/api/types';
import {
  FIELD_LABELS,
  PATIENT_IMPORT_FIELDS,
  type PatientImportField,
} from '../../../shared/patientImportFields';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { asApiError } from '../schedules/fieldErrors';
import { fileSize, UploadProgress, useImportUpload, type UploadedFile } from './importUpload';

type Preview = ApiOutput<'patients/importPreview'>;
type Result = ApiOutput<'patients/importCommit'>;
type Decision = NonNullable<ApiInput<'patients/importCommit'>['decisions']>[number]['decision'];

const STEPS = ['Choose file', 'Match columns', 'Check rows', 'Done'] as const;
const NOT_IMPORTED = '';
const PHASES: Record<string, string> = {
  reading: 'Reading the file',
  checking: 'Checking every row',
  matching: 'Looking for people the clinic already has',
  saving: 'Saving',
};
/** Problems listed on screen; the counts always cover the whole file. */
const SHOWN = 200;

type ChosenFile = UploadedFile;

function newJobId(): string {
  return `imp${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export function PatientImport() {
  const desk = useDesk();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [source, setSource] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [decisions, setDecisions] = useState<Record<number, Decision>>({});
  const [skipErrors, setSkipErrors] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ phase: string; done: number } | null>(null);
  const upload = useImportUpload({ things: 'patients', splitBy: 'last names A–L and M–Z' });
  const uploading = upload.uploading;
  const fileInput = useRef<HTMLInputElement>(null);

  // While a job runs, ask how far it has come (the preview or commit call itself is still open).
  useEffect(() => {
    if (!job) return;
    let stop = false;
    const poll = async () => {
      while (!stop) {
        try {
          const p = await call('patients/importProgress', { jobId: job });
          if (!stop && p.known) setProgress({ phase: p.phase, done: p.done });
        } catch {
          // Progress is a courtesy: the job's own answer says how it ended.
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [job]);

  async function chooseFile(picked: File | undefined) {
    setError(null);
    setPreview(null);
    setResult(null);
    setFile(null);
    if (!picked) return;
    const sent = await upload.send(picked);
    if (sent.ok) setFile(sent.file);
    else setError(sent.error);
  }

  function request() {
    return {
      fileName: file!.name,
      uploadId: file!.uploadId,
      ...(Object.keys(mapping).length > 0 ? { mapping } : {}),
      ...(source.trim() ? { source: source.trim() } : {}),
    };
  }

  async function runJob<T>(work: (jobId: string) => Promise<T>): Promise<T | null> {
    const id = newJobId();
    setError(null);
    setProgress({ phase: 'reading', done: 0 });
    setJob(id);
    try {
      return await work(id);
    } catch (err) {
      setError(asApiError(err).message);
      return null;
    } finally {
      setJob(null);
      setProgress(null);
    }
  }

  async function check(nextStep: number) {
    if (!file) {
      setError('Choose the file to import.');
      fileInput.current?.focus();
      return;
    }
    const answer = await runJob((jobId) => call('patients/importPreview', { ...request(), jobId }));
    if (!answer) return;
    setPreview(answer);
    setMapping(answer.mapping);
    if (!source.trim()) setSource(answer.source);
    setDecisions({});
    setStep(nextStep);
  }

  async function importFile() {
    if (!file || !preview) return;
    const chosen = Object.entries(decisions).map(([line, decision]) => ({
      line: Number(line),
      decision,
    }));
    const done = await runJob((jobId) =>
      call('patients/importCommit', {
        ...request(),
        decisions: chosen,
        skipRowsWithErrors: skipErrors,
        jobId,
      }),
    );
    if (!done) return;
    setResult(done);
    setStep(3);
    desk.notify(
      `Imported: ${done.created} new, ${done.updated} updated, ${done.skipped} skipped.`,
      'success',
    );
  }

  function restart() {
    setStep(0);
    setFile(null);
    setPreview(null);
    setMapping({});
    setDecisions({});
    setSkipErrors(false);
    setResult(null);
    setError(null);
    setSource('');
  }

  const busy = job !== null || uploading !== null;
  const s = preview?.summary;
  const errors = preview ? preview.problems.filter((p) => p.severity === 'error') : [];
  // What the button will import: the proposal, with the person's changed decisions counted in.
  const toImport = s
    ? s.toCreate +
      s.toUpdate +
      (preview?.duplicates ?? []).reduce((n, d) => {
        const chosen = decisions[d.line];
        if (chosen === undefined || (chosen === 'skip') === (d.decision === 'skip')) return n;
        return n + (chosen === 'skip' ? -1 : 1);
      }, 0)
    : 0;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Import patients">
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        Import patients from another system
      </Typography>
      <Stepper activeStep={result ? STEPS.length : step} sx={{ mb: 2 }}>
        {STEPS.map((label) => (
          <Step key={label}>
            <StepLabel>{label}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <UploadProgress uploading={uploading} />
      {job !== null ? (
        <Box sx={{ mb: 2 }} aria-live="polite">
          <Typography variant="body2">
            {PHASES[progress?.phase ?? 'reading'] ?? 'Working'}…{' '}
            {Math.round((progress?.done ?? 0) * 100)}%
          </Typography>
          <LinearProgress
            variant="determinate"
            value={Math.round((progress?.done ?? 0) * 100)}
            aria-label="Import progress"
          />
        </Box>
      ) : null}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {error}
        </Alert>
      )}

      {step === 0 && (
        <Stack spacing={2} sx={{ maxWidth: 640 }}>
          <Typography variant="body2">
            A CSV or tab-separated export of the old system’s patient list (UTF-8 or Windows “ANSI”,
            up to 40 MB). Columns are matched by their names; you check the match next. Nothing is
            saved until the last step.
          </Typography>
          <Stack direction="row" spacing={1} alignItems="center">
            <Button variant="outlined" component="label" disabled={busy}>
              Choose file
              <input
                ref={fileInput}
                hidden
                type="file"
                accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
                aria-label="Patient file"
                onChange={(e) => void chooseFile(e.target.files?.[0])}
              />
            </Button>
            <Typography aria-live="polite">
              {file ? `${file.name} (${fileSize(file.bytes)})` : uploading ? '' : 'No file chosen'}
            </Typography>
          </Stack>
          <Box>
            <Button variant="contained" disabled={busy || !file} onClick={() => void check(1)}>
              Next: match columns
            </Button>
          </Box>
        </Stack>
      )}

      {step === 1 && preview && (
        <Stack spacing={2}>
          <Typography variant="body2">
            {preview.preset
              ? `Recognised as ${preview.preset.label}. `
              : 'Columns were matched by their names. '}
            {`${preview.summary.rows.toLocaleString('en-US')} rows, ${preview.delimiter}-separated, ${preview.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252'}.`}
          </Typography>
          <TextField
            label="Old system’s name"
            helperText="IDs are kept under this name, so importing the same export again finds the same people."
            size="small"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            sx={{ maxWidth: 420 }}
          />
          <Table size="small" aria-label="Column matching">
            <TableHead>
              <TableRow>
                <TableCell>ClinicDesk field</TableCell>
                <TableCell>Column in the file</TableCell>
                <TableCell>First values</TableCell>
                <TableCell>Why</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {PATIENT_IMPORT_FIELDS.map((f: PatientImportField) => {
                const header = mapping[f] ?? null;
                return (
                  <TableRow key={f}>
                    <TableCell>
                      {FIELD_LABELS[f]}
                      {['firstName', 'lastName', 'dateOfBirth'].includes(f) ? ' *' : ''}
                    </TableCell>
                    <TableCell sx={{ minWidth: 220 }}>
                      <TextField
                        select
                        size="small"
                        fullWidth
                        value={header ?? NOT_IMPORTED}
                        slotProps={{
                          select: {
                            // Without displayEmpty a Select shows nothing for '' ("not imported").
                            displayEmpty: true,
                            inputProps: { 'aria-label': `Column for ${FIELD_LABELS[f]}` },
                          },
                        }}
                        onChange={(e) => setMapping({ ...mapping, [f]: e.target.value || null })}
                      >
                        <MenuItem value={NOT_IMPORTED}>
                          <em>Not imported</em>
                        </MenuItem>
                        {preview.headers.map((h) => (
                          <MenuItem key={h} value={h}>
                            {h}
                          </MenuItem>
                        ))}
                      </TextField>
                    </TableCell>
                    <TableCell sx={{ color: 'text.secondary' }}>
                      {header ? (preview.samples[header] ?? []).join(' · ') : ''}
                    </TableCell>
                    <TableCell sx={{ color: 'text.secondary' }}>
                      {header && preview.suggested[f] === header
                        ? (preview.reasons[f] ?? '')
                        : header
                          ? 'your choice'
                          : ''}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <Stack direction="row" spacing={1}>
            <Button onClick={() => setStep(0)} disabled={busy}>
              Back
            </Button>
            <Button variant="contained" disabled={busy} onClick={() => void check(2)}>
              Next: check rows
            </Button>
          </Stack>
        </Stack>
      )}

      {step === 2 && preview && s && (
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap aria-label="Summary">
            <Chip label={`${s.rows.toLocaleString('en-US')} rows`} />
            <Chip color="success" label={`${s.toCreate.toLocaleString('en-US')} new`} />
            <Chip color="info" label={`${s.toUpdate.toLocaleString('en-US')} to update`} />
            <Chip label={`${s.toSkip.toLocaleString('en-US')} to skip`} />
            <Chip
              color={s.withErrors > 0 ? 'error' : 'default'}
              label={`${s.withErrors} with errors`}
            />
            <Chip color={s.warnings > 0 ? 'warning' : 'default'} label={`${s.warnings} warnings`} />
            <Chip label={`${s.deceased} deceased (come in inactive)`} />
            <Chip label={`${s.coverages} insurance coverages`} />
          </Stack>

          {preview.problemsTotal > 0 && (
            <Box>
              <Typography variant="subtitle1" component="h4">
                Problems by line
              </Typography>
              <Box sx={{ maxHeight: 260, overflow: 'auto' }}>
                <Table size="small" stickyHeader aria-label="Problems by line">
                  <TableHead>
                    <TableRow>
                      <TableCell>Line</TableCell>
                      <TableCell>Kind</TableCell>
                      <TableCell>Field</TableCell>
                      <TableCell>Value</TableCell>
                      <TableCell>Reason</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {preview.problems.slice(0, SHOWN).map((p, i) => (
                      <TableRow key={i}>
                        <TableCell>{p.line}</TableCell>
                        <TableCell>
                          <Chip
                            size="small"
                            color={p.severity === 'error' ? 'error' : 'warning'}
                            label={p.severity === 'error' ? 'Error' : 'Warning'}
                          />
                        </TableCell>
                        <TableCell>
                          {p.field && p.field in FIELD_LABELS
                            ? FIELD_LABELS[p.field as PatientImportField]
                            : '—'}
                        </TableCell>
                        <TableCell sx={{ maxWidth: 220, overflowWrap: 'anywhere' }}>
                          {p.value}
                        </TableCell>
                        <TableCell>{p.reason}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
              {preview.problemsTotal > SHOWN && (
                <Typography variant="body2" color="text.secondary">
                  The first {SHOWN} of {preview.problemsTotal.toLocaleString('en-US')} are shown.
                </Typography>
              )}
            </Box>
          )}

          {preview.duplicatesTotal > 0 && (
            <Box>
              <Typography variant="subtitle1" component="h4">
                People the clinic may already have
              </Typography>
              <Box sx={{ maxHeight: 300, overflow: 'auto' }}>
                <Table size="small" stickyHeader aria-label="Possible duplicates">
                  <TableHead>
                    <TableRow>
                      <TableCell>Line</TableCell>
                      <TableCell>In the file</TableCell>
                      <TableCell>Matches</TableCell>
                      <TableCell>Decision</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {preview.duplicates.slice(0, SHOWN).map((d) => (
                      <TableRow key={d.line}>
                        <TableCell>{d.line}</TableCell>
                        <TableCell>
                          {d.rowName} (born {d.rowDateOfBirth})
                        </TableCell>
                        <TableCell>{d.reason}</TableCell>
                        <TableCell sx={{ minWidth: 170 }}>
                          <TextField
                            select
                            size="small"
                            fullWidth
                            value={decisions[d.line] ?? d.decision}
                            slotProps={{
                              select: {
                                inputProps: { 'aria-label': `Decision for line ${d.line}` },
                              },
                            }}
                            onChange={(e) =>
                              setDecisions({ ...decisions, [d.line]: e.target.value as Decision })
                            }
                          >
                            <MenuItem value="skip">Skip this row</MenuItem>
                            <MenuItem value="update">Update {d.patientName}</MenuItem>
                            <MenuItem value="create">Create a new patient</MenuItem>
                          </TextField>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
              {preview.duplicatesTotal > SHOWN && (
                <Typography variant="body2" color="text.secondary">
                  The first {SHOWN} of {preview.duplicatesTotal.toLocaleString('en-US')} are shown;
                  the others take the proposed decision.
                </Typography>
              )}
            </Box>
          )}

          {errors.length > 0 && (
            <Alert severity="warning">
              {s.withErrors} {s.withErrors === 1 ? 'row has' : 'rows have'} errors. Nothing is
              imported until they are fixed in the file (then choose it again) or skipped.
              <FormControlLabel
                sx={{ display: 'block' }}
                control={
                  <Checkbox
                    checked={skipErrors}
                    onChange={(e) => setSkipErrors(e.target.checked)}
                  />
                }
                label={`Skip the ${s.withErrors} ${s.withErrors === 1 ? 'row' : 'rows'} with errors`}
              />
            </Alert>
          )}
          <Stack direction="row" spacing={1}>
            <Button onClick={() => setStep(1)} disabled={busy}>
              Back
            </Button>
            <Button
              variant="contained"
              disabled={busy || (s.withErrors > 0 && !skipErrors)}
              onClick={() => void importFile()}
            >
              Import {toImport} patients
            </Button>
          </Stack>
        </Stack>
      )}

      {step === 3 && result && (
        <Stack spacing={2} sx={{ maxWidth: 640 }}>
          <Alert severity="success" role="status">
            {result.created.toLocaleString('en-US')} new patients,{' '}
            {result.updated.toLocaleString('en-US')} updated,{' '}
            {result.skipped.toLocaleString('en-US')} skipped
            {result.skippedWithErrors > 0
              ? `, ${result.skippedWithErrors} rows with errors left out`
              : ''}
            . {result.deceasedInactive} deceased patients are inactive; {result.coverages} insurance
            coverages added
            {result.coveragesNotAdded > 0
              ? ` (${result.coveragesNotAdded} not added: the patient already had three)`
              : ''}
            .
          </Alert>
          <Box>
            <Button variant="outlined" onClick={restart}>
              Import another file
            </Button>
          </Box>
        </Stack>
      )}
    </Paper>
  );
}
