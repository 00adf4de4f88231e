/**
 * Settings › Import visits: the old system's visit export (past visits and future appointments).
 * Choose the file; check which column is which and which clinic provider and visit type each of
 * the file's providers and visit types becomes ("don't import" for the rest); read the report —
 * what comes in as history, what is booked, and every row left out, by reason and line; import.
 * History is what happened (no reminders, no waitlist offers); future visits are booked through
 * the desk's own rules and a refused one is listed, never moved to another time.
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
import type { ApiOutput } from '../../../core/api/types';
import {
  VISIT_FIELD_LABELS,
  VISIT_IMPORT_FIELDS,
  VISIT_OUTCOME_LABELS,
  VISIT_OUTCOMES,
  VISIT_SKIP_LABELS,
  VISIT_SKIP_REASONS,
  type VisitOutcome,
  type VisitSkipReason,
} from '../../../shared/visitImportFields';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import { fileSize, UploadProgress, useImportUpload, type UploadedFile } from './importUpload';

type Preview = ApiOutput<'visits/importPreview'>;
type Result = ApiOutput<'visits/importCommit'>;

const STEPS = ['Choose file', 'Match columns, providers and visit types', 'Check report', 'Done'];
const NONE = '';
const PHASES: Record<string, string> = {
  reading: 'Reading the file',
  checking: 'Checking every row',
  matching: 'Matching patients, providers and earlier visits',
  saving: 'Saving',
};
const SHOWN = 300;

type ChosenFile = UploadedFile;

function newJobId(): string {
  return `vis${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

const n = (x: number) => x.toLocaleString('en-US');
/** "1 past visit", "333 past visits". */
const count = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

export function VisitImport() {
  const desk = useDesk();
  const providers = useLiveQuery('providers/list', {}, ['providers']);
  const visitTypes = useLiveQuery('visitTypes/list', {}, ['visitTypes']);
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [source, setSource] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [providerMap, setProviderMap] = useState<Record<string, number | null>>({});
  const [typeMap, setTypeMap] = useState<Record<string, number | null>>({});
  const [statusMap, setStatusMap] = useState<Record<string, VisitOutcome | null>>({});
  const [reminders, setReminders] = useState(true);
  const [reasonFilter, setReasonFilter] = useState<VisitSkipReason | ''>('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ phase: string; done: number } | null>(null);
  const upload = useImportUpload({ things: 'visits', splitBy: 'one file per year' });
  const uploading = upload.uploading;
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!job) return;
    let stop = false;
    const poll = async () => {
      while (!stop) {
        try {
          const p = await call('visits/importProgress', { jobId: job });
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
    // Sent in pieces, with a progress bar: a whole visit history is larger than one request may be.
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
      providerMap: Object.entries(providerMap).map(([key, providerId]) => ({ key, providerId })),
      visitTypeMap: Object.entries(typeMap).map(([key, visitTypeId]) => ({ key, visitTypeId })),
      statusMap: Object.entries(statusMap).map(([key, outcome]) => ({ key, outcome })),
      reminders,
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
    const answer = await runJob((jobId) => call('visits/importPreview', { ...request(), jobId }));
    if (!answer) return;
    setPreview(answer);
    setMapping(answer.mapping);
    if (!source.trim()) setSource(answer.source);
    // The screen holds every choice from here on, starting from the suggestions.
    setProviderMap(Object.fromEntries(answer.providers.map((p) => [p.key, p.providerId])));
    setTypeMap(Object.fromEntries(answer.visitTypes.map((t) => [t.key, t.visitTypeId])));
    setStatusMap(Object.fromEntries(answer.statuses.map((s) => [s.key, s.outcome])));
    setReasonFilter('');
    setStep(nextStep);
  }

  async function importFile() {
    if (!file || !preview) return;
    const done = await runJob((jobId) => call('visits/importCommit', { ...request(), jobId }));
    if (!done) return;
    setResult(done);
    setStep(3);
    desk.notify(
      `Imported ${count(done.historyImported, 'past visit')} and booked ${n(done.summary.future)}; ${count(done.summary.skipped, 'row')} skipped.`,
      'success',
    );
  }

  function restart() {
    setStep(0);
    setFile(null);
    setPreview(null);
    setMapping({});
    setProviderMap({});
    setTypeMap({});
    setStatusMap({});
    setResult(null);
    setError(null);
    setSource('');
  }

  const busy = job !== null || uploading !== null;
  const clinicProviders = providers.data ?? [];
  const clinicTypes = (visitTypes.data ?? []).filter((t) => t.active);
  const providerName = (id: number) =>
    clinicProviders.find((p) => p.id === id)?.displayName ?? `provider #${id}`;
  const mappedProviders = Object.values(providerMap).filter((v) => v !== null).length;
  const s = preview?.summary;
  const shownSkips = (preview?.skipped ?? []).filter(
    (r) => reasonFilter === '' || r.reason === reasonFilter,
  );

  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Import visits">
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        Import visits from another system
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
        <Stack spacing={2} sx={{ maxWidth: 680 }}>
          <Typography variant="body2">
            A CSV or tab-separated export of the old system’s visits (up to 40 MB): when, which
            patient, which provider, and optionally the visit type and whether the patient came.
            Import the patients first (Import patients): visits find them by the old system’s
            patient ID, or by name and date of birth. Past visits become the patients’ history;
            visits after now are booked like any appointment. Nothing is saved until the last step.
          </Typography>
          <Stack direction="row" spacing={1} alignItems="center">
            <Button variant="outlined" component="label" disabled={busy}>
              Choose file
              <input
                ref={fileInput}
                hidden
                type="file"
                accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
                aria-label="Visit file"
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
            {`${n(preview.summary.rows)} rows, ${preview.delimiter}-separated.`}
          </Typography>
          <TextField
            label="Old system’s name"
            helperText="Visit IDs are kept under this name (so importing the file again adds nothing twice); patients are looked up by the IDs their import kept under it."
            size="small"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            sx={{ maxWidth: 520 }}
          />
          <details>
            <summary>
              <Typography component="span" variant="subtitle1">
                Columns ({VISIT_IMPORT_FIELDS.filter((f) => mapping[f]).length} of{' '}
                {VISIT_IMPORT_FIELDS.length} fields matched)
              </Typography>
            </summary>
            <Table size="small" aria-label="Column matching">
              <TableHead>
                <TableRow>
                  <TableCell>ClinicDesk field</TableCell>
                  <TableCell>Column in the file</TableCell>
                  <TableCell>First values</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {VISIT_IMPORT_FIELDS.map((f) => {
                  const header = mapping[f] ?? null;
                  return (
                    <TableRow key={f}>
                      <TableCell>{VISIT_FIELD_LABELS[f]}</TableCell>
                      <TableCell sx={{ minWidth: 220 }}>
                        <TextField
                          select
                          size="small"
                          fullWidth
                          value={header ?? NONE}
                          slotProps={{
                            select: {
                              displayEmpty: true,
                              inputProps: { 'aria-label': `Column for ${VISIT_FIELD_LABELS[f]}` },
                            },
                          }}
                          onChange={(e) => setMapping({ ...mapping, [f]: e.target.value || null })}
                        >
                          <MenuItem value={NONE}>
                            <em>not read</em>
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
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </details>

          <Box>
            <Typography variant="subtitle1" component="h4">
              Providers in the file ({n(preview.providers.length)}; {mappedProviders} imported)
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Choose the clinic provider each one is. Visits of a provider left on “Don’t import”
              are skipped and listed in the report.
            </Typography>
            <Box sx={{ maxHeight: 300, overflow: 'auto' }}>
              <Table size="small" stickyHeader aria-label="Provider mapping">
                <TableHead>
                  <TableRow>
                    <TableCell>In the file</TableCell>
                    <TableCell align="right">Rows</TableCell>
                    <TableCell>Clinic provider</TableCell>
                    <TableCell>Why</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {preview.providers.map((p) => {
                    const chosen = providerMap[p.key] ?? null;
                    const label = p.name ?? p.key;
                    return (
                      <TableRow key={p.key}>
                        <TableCell sx={{ maxWidth: 360, overflowWrap: 'anywhere' }}>
                          {label}
                          {p.npi ? ` (NPI ${p.npi})` : ''}
                        </TableCell>
                        <TableCell align="right">{n(p.rows)}</TableCell>
                        <TableCell sx={{ minWidth: 240 }}>
                          <TextField
                            select
                            size="small"
                            fullWidth
                            value={chosen === null ? NONE : String(chosen)}
                            slotProps={{
                              select: {
                                displayEmpty: true,
                                inputProps: { 'aria-label': `Clinic provider for ${label}` },
                              },
                            }}
                            onChange={(e) =>
                              setProviderMap({
                                ...providerMap,
                                [p.key]: e.target.value ? Number(e.target.value) : null,
                              })
                            }
                          >
                            <MenuItem value={NONE}>
                              <em>Don’t import</em>
                            </MenuItem>
                            {clinicProviders.map((c) => (
                              <MenuItem key={c.id} value={String(c.id)}>
                                {c.displayName}
                              </MenuItem>
                            ))}
                          </TextField>
                        </TableCell>
                        <TableCell sx={{ color: 'text.secondary' }}>
                          {chosen !== null && chosen === p.suggested
                            ? (p.reason ?? '')
                            : chosen !== null
                              ? 'your choice'
                              : ''}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </Box>
          </Box>

          {preview.visitTypes.length > 0 && (
            <Box>
              <Typography variant="subtitle1" component="h4">
                Visit types in the file ({n(preview.visitTypes.length)})
              </Typography>
              <Box sx={{ maxHeight: 260, overflow: 'auto' }}>
                <Table size="small" stickyHeader aria-label="Visit type mapping">
                  <TableHead>
                    <TableRow>
                      <TableCell>In the file</TableCell>
                      <TableCell>Class</TableCell>
                      <TableCell align="right">Rows</TableCell>
                      <TableCell>Clinic visit type</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {preview.visitTypes.map((t) => {
                      const chosen = typeMap[t.key] ?? null;
                      const label = t.description ?? t.code ?? (t.key || '(none)');
                      return (
                        <TableRow key={t.key}>
                          <TableCell>
                            {label}
                            {t.code && t.description ? ` · ${t.code}` : ''}
                          </TableCell>
                          <TableCell>{t.visitClass ?? ''}</TableCell>
                          <TableCell align="right">{n(t.rows)}</TableCell>
                          <TableCell sx={{ minWidth: 220 }}>
                            <TextField
                              select
                              size="small"
                              fullWidth
                              value={chosen === null ? NONE : String(chosen)}
                              slotProps={{
                                select: {
                                  displayEmpty: true,
                                  inputProps: { 'aria-label': `Clinic visit type for ${label}` },
                                },
                              }}
                              onChange={(e) =>
                                setTypeMap({
                                  ...typeMap,
                                  [t.key]: e.target.value ? Number(e.target.value) : null,
                                })
                              }
                            >
                              <MenuItem value={NONE}>
                                <em>Don’t import</em>
                              </MenuItem>
                              {clinicTypes.map((c) => (
                                <MenuItem key={c.id} value={String(c.id)}>
                                  {c.name}
                                </MenuItem>
                              ))}
                            </TextField>
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </Box>
            </Box>
          )}

          {preview.statuses.length > 0 ? (
            <Box>
              <Typography variant="subtitle1" component="h4">
                Status values
              </Typography>
              <Table size="small" aria-label="Status mapping" sx={{ maxWidth: 640 }}>
                <TableBody>
                  {preview.statuses.map((st) => (
                    <TableRow key={st.key}>
                      <TableCell>“{st.value}”</TableCell>
                      <TableCell align="right">{n(st.rows)} rows</TableCell>
                      <TableCell sx={{ minWidth: 200 }}>
                        <TextField
                          select
                          size="small"
                          fullWidth
                          value={statusMap[st.key] ?? NONE}
                          slotProps={{
                            select: {
                              displayEmpty: true,
                              inputProps: { 'aria-label': `Meaning of “${st.value}”` },
                            },
                          }}
                          onChange={(e) =>
                            setStatusMap({
                              ...statusMap,
                              [st.key]: (e.target.value || null) as VisitOutcome | null,
                            })
                          }
                        >
                          <MenuItem value={NONE}>
                            <em>Don’t import</em>
                          </MenuItem>
                          {VISIT_OUTCOMES.map((o) => (
                            <MenuItem key={o} value={o}>
                              {VISIT_OUTCOME_LABELS[o]}
                            </MenuItem>
                          ))}
                        </TextField>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          ) : (
            <Typography variant="body2" color="text.secondary">
              The file has no status column: every visit is imported as kept.
            </Typography>
          )}

          <FormControlLabel
            control={
              <Checkbox checked={reminders} onChange={(e) => setReminders(e.target.checked)} />
            }
            label="Send the clinic’s usual reminders for imported future visits (past visits never get any)"
          />
          <Stack direction="row" spacing={1}>
            <Button onClick={() => setStep(0)} disabled={busy}>
              Back
            </Button>
            <Button variant="contained" disabled={busy} onClick={() => void check(2)}>
              Next: check report
            </Button>
          </Stack>
        </Stack>
      )}

      {step === 2 && preview && s && (
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap aria-label="Summary">
            <Chip label={`${n(s.rows)} rows`} />
            <Chip
              color="success"
              label={`${n(s.history)} past visits (${n(s.historyKept)} kept, ${n(s.historyNoShow)} no-show, ${n(s.historyCancelled)} cancelled)`}
            />
            <Chip color="info" label={`${n(s.future)} future visits to book`} />
            <Chip label={`${n(s.matched)} imported before`} />
            <Chip color={s.skipped > 0 ? 'warning' : 'default'} label={`${n(s.skipped)} skipped`} />
          </Stack>
          {s.overlapPairs > 0 && (
            <Alert severity="info">
              In the file, {n(s.overlapPairs)} pairs of visits overlap for the same provider (
              {s.overlapPairsByProvider
                .map((o) => `${providerName(o.providerId)}: ${n(o.pairs)}`)
                .join('; ')}
              ). A provider cannot hold two visits at once, here as at the desk: of two overlapping
              visits the earlier is kept and the later is skipped, unless one of them is already
              skipped for another reason (a “visit” longer than a day, a duplicate row).
            </Alert>
          )}
          <Box>
            <Typography variant="subtitle1" component="h4">
              Skipped, by reason
            </Typography>
            <Table size="small" aria-label="Skipped by reason" sx={{ maxWidth: 640 }}>
              <TableBody>
                {VISIT_SKIP_REASONS.filter((r) => s.skippedByReason[r] > 0).map((r) => (
                  <TableRow
                    key={r}
                    hover
                    selected={reasonFilter === r}
                    onClick={() => setReasonFilter(reasonFilter === r ? '' : r)}
                    sx={{ cursor: 'pointer' }}
                  >
                    <TableCell>{VISIT_SKIP_LABELS[r]}</TableCell>
                    <TableCell align="right">{n(s.skippedByReason[r])}</TableCell>
                  </TableRow>
                ))}
                {s.skipped === 0 && (
                  <TableRow>
                    <TableCell>Nothing is skipped.</TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </Box>
          {preview.futureRows.length > 0 && (
            <Box>
              <Typography variant="subtitle1" component="h4">
                Future visits
              </Typography>
              <Table size="small" aria-label="Future visits">
                <TableHead>
                  <TableRow>
                    <TableCell>Line</TableCell>
                    <TableCell>When</TableCell>
                    <TableCell>Provider</TableCell>
                    <TableCell>Result</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {preview.futureRows.map((f) => (
                    <TableRow key={f.line}>
                      <TableCell>{f.line}</TableCell>
                      <TableCell>{f.when}</TableCell>
                      <TableCell>{providerName(f.providerId)}</TableCell>
                      <TableCell>
                        {f.result === 'book' ? (
                          <Chip size="small" color="success" label="Will be booked" />
                        ) : (
                          <>
                            <Chip
                              size="small"
                              color="warning"
                              label={VISIT_SKIP_LABELS[f.result as VisitSkipReason] ?? f.result}
                              sx={{ mr: 1 }}
                            />
                            {f.detail}
                          </>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
          {preview.skippedTotal > 0 && (
            <Box>
              <Stack direction="row" spacing={2} alignItems="center">
                <Typography variant="subtitle1" component="h4">
                  Skipped rows by line
                </Typography>
                <TextField
                  select
                  size="small"
                  value={reasonFilter}
                  sx={{ minWidth: 260 }}
                  slotProps={{
                    select: { displayEmpty: true, inputProps: { 'aria-label': 'Show reason' } },
                  }}
                  onChange={(e) => setReasonFilter(e.target.value as VisitSkipReason | '')}
                >
                  <MenuItem value="">Every reason</MenuItem>
                  {VISIT_SKIP_REASONS.filter((r) => s.skippedByReason[r] > 0).map((r) => (
                    <MenuItem key={r} value={r}>
                      {VISIT_SKIP_LABELS[r]}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
              <Box sx={{ maxHeight: 280, overflow: 'auto' }}>
                <Table size="small" stickyHeader aria-label="Skipped rows">
                  <TableHead>
                    <TableRow>
                      <TableCell>Line</TableCell>
                      <TableCell>Reason</TableCell>
                      <TableCell>Details</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {shownSkips.slice(0, SHOWN).map((r, i) => (
                      <TableRow key={`${r.line}-${i}`}>
                        <TableCell>{r.line}</TableCell>
                        <TableCell>{VISIT_SKIP_LABELS[r.reason as VisitSkipReason]}</TableCell>
                        <TableCell>{r.detail}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
              {preview.skippedTotal > preview.skipped.length && (
                <Typography variant="body2" color="text.secondary">
                  Up to 300 lines of each reason are listed; the counts above cover all{' '}
                  {n(preview.skippedTotal)}.
                </Typography>
              )}
            </Box>
          )}
          <Typography variant="body2">
            {reminders
              ? 'Future visits get the clinic’s usual reminders.'
              : 'Future visits are booked without reminders.'}{' '}
            Past visits are history: no reminders, no waitlist offers.
          </Typography>
          <Stack direction="row" spacing={1}>
            <Button onClick={() => setStep(1)} disabled={busy}>
              Back
            </Button>
            <Button
              variant="contained"
              disabled={busy || s.history + s.future === 0}
              onClick={() => void importFile()}
            >
              Import {n(s.history)} past and book {n(s.future)} future visits
            </Button>
          </Stack>
        </Stack>
      )}

      {step === 3 && result && (
        <Stack spacing={2} sx={{ maxWidth: 760 }}>
          <Alert severity="success" role="status">
            {count(result.historyImported, 'past visit')} imported (
            {count(result.summary.historyNoShow, 'no-show')}, {n(result.summary.historyCancelled)}{' '}
            cancelled); {count(result.summary.future, 'future visit')} booked
            {result.reminders ? ' with reminders' : ' without reminders'};{' '}
            {n(result.summary.matched)} found from an earlier import;{' '}
            {count(result.summary.skipped, 'row')} skipped
            {result.summary.skipped > 0
              ? ` (${VISIT_SKIP_REASONS.filter((r) => result.summary.skippedByReason[r] > 0)
                  .map(
                    (r) =>
                      `${VISIT_SKIP_LABELS[r].toLowerCase()}: ${n(result.summary.skippedByReason[r])}`,
                  )
                  .join('; ')})`
              : ''}
            .
          </Alert>
          {result.futureRows.some((f) => f.result !== 'booked') && (
            <Alert severity="warning">
              Not booked:{' '}
              {result.futureRows
                .filter((f) => f.result !== 'booked')
                .map((f) => `line ${f.line}: ${f.detail}`)
                .join(' ')}
            </Alert>
          )}
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
