/**
 * "Merge with…": find the other record of the same person, see both side by side, choose the
 * value to keep for each field that differs, and merge. Everything the duplicate holds
 * (appointments, coverages, eligibility checks, series, waitlist) moves to the kept record; the
 * duplicate stays as "merged into". The compare is sent back with the merge, so an edit made in
 * between is refused instead of overwritten.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { ApiError, call } from '../api/client';
import { PatientSearch } from '../booking/PatientSearch';
import { formatDob, formatPhone } from '../booking/format';

type Preview = ApiOutput<'patients/mergePreview'>;
type Field = Preview['fields'][number]['field'];
type Choice = 'survivor' | 'merged';

const FIELD_LABELS: Record<Field, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  phoneMobile: 'Mobile phone',
  phoneHome: 'Home phone',
  email: 'E-mail',
  address1: 'Address',
  city: 'City',
  state: 'State',
  zip: 'ZIP',
  preferredLanguage: 'Language',
  smsConsent: 'SMS consent',
  emailConsent: 'E-mail consent',
  voiceConsent: 'Voice consent',
  preferredChannel: 'Preferred channel',
  timeZone: 'Time zone',
};

/** What each referencing table holds, in words: one and many. */
const COUNT_LABELS: Record<string, [string, string]> = {
  appointments: ['appointment', 'appointments'],
  patient_coverages: ['coverage', 'coverages'],
  eligibility_checks: ['eligibility check', 'eligibility checks'],
  appointment_series: ['series', 'series'],
  waitlist_entries: ['waitlist entry', 'waitlist entries'],
  waitlist_offers: ['waitlist offer', 'waitlist offers'],
  patients: ['earlier merged record', 'earlier merged records'],
};

function shown(field: Field, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (field === 'dateOfBirth') return formatDob(String(v));
  if (field === 'phoneMobile' || field === 'phoneHome') return formatPhone(String(v));
  return String(v);
}

function holds(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${COUNT_LABELS[k]?.[n === 1 ? 0 : 1] ?? k}`);
  return parts.length ? parts.join(', ') : 'nothing else';
}

export function MergeDialog(props: {
  patientId: number;
  onClose(): void;
  onMerged(survivorId: number, message: string): void;
}) {
  const searchRef = useRef<HTMLInputElement>(null);
  const [otherId, setOtherId] = useState<number | null>(null);
  /** Which of the two is kept: this record (the one the panel shows) or the other. */
  const [keepThis, setKeepThis] = useState(true);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [choices, setChoices] = useState<Partial<Record<Field, Choice>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const survivorId = keepThis ? props.patientId : otherId;
  const mergedId = keepThis ? otherId : props.patientId;

  useEffect(() => {
    if (otherId === null || survivorId === null || mergedId === null) return;
    let stale = false;
    setPreview(null);
    setError(null);
    setChoices({});
    call('patients/mergePreview', { survivorId, mergedId }).then(
      (p) => !stale && setPreview(p),
      (e: unknown) => !stale && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => {
      stale = true;
    };
  }, [otherId, survivorId, mergedId]);

  async function merge() {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('patients/merge', {
        survivorId: preview.survivor.id,
        mergedId: preview.merged.id,
        choices,
        expected: {
          survivorUpdatedMs: preview.survivor.updatedMs,
          mergedUpdatedMs: preview.merged.updatedMs,
        },
      });
      const moved = Object.values(r.moved).reduce((a, b) => a + b, 0);
      props.onMerged(
        r.survivor.id,
        `Merged record #${r.mergedId} into #${r.survivor.id} (${moved} rows moved).`,
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const differing = preview?.fields.filter((f) => f.differs) ?? [];
  const same = preview?.fields.filter((f) => !f.differs && f.survivor !== null) ?? [];
  const name = (p: Preview['survivor']) => `${p.firstName} ${p.lastName} (#${p.id})`;

  return (
    <Dialog open onClose={props.onClose} maxWidth="lg" fullWidth aria-labelledby="merge-title">
      <DialogTitle id="merge-title">Merge duplicate records</DialogTitle>
      <DialogContent dividers sx={{ minHeight: 300 }}>
        {otherId === null ? (
          <Stack spacing={1}>
            <Typography>Find the other record of this person.</Typography>
            <PatientSearch
              inputRef={searchRef}
              excludeId={props.patientId}
              onPick={(p) => setOtherId(p.id)}
            />
          </Stack>
        ) : (
          <Stack spacing={1.5}>
            {error && <Alert severity="error">{error}</Alert>}
            {preview && (
              <>
                <Table size="small" aria-label="Compare records">
                  <TableHead>
                    <TableRow>
                      <TableCell sx={{ width: 160 }}>Field</TableCell>
                      <TableCell sx={{ width: '40%' }}>
                        <b>Keep:</b> {name(preview.survivor)}
                        <Typography variant="body2" color="text.secondary">
                          Holds {holds(preview.counts.survivor)}
                        </Typography>
                      </TableCell>
                      <TableCell sx={{ width: '40%' }}>
                        <b>Merge away:</b> {name(preview.merged)}
                        <Typography variant="body2" color="text.secondary">
                          Holds {holds(preview.counts.merged)}; all of it moves
                        </Typography>
                      </TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {differing.map((f) => (
                      <TableRow key={f.field}>
                        <TableCell sx={{ fontWeight: 600 }}>{FIELD_LABELS[f.field]}</TableCell>
                        <TableCell colSpan={2} sx={{ p: 0 }}>
                          <RadioGroup
                            row
                            aria-label={FIELD_LABELS[f.field]}
                            value={choices[f.field] ?? 'survivor'}
                            onChange={(e) =>
                              setChoices((c) => ({ ...c, [f.field]: e.target.value as Choice }))
                            }
                            sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', pl: 1 }}
                          >
                            <FormControlLabel
                              value="survivor"
                              control={<Radio size="small" />}
                              label={shown(f.field, f.survivor)}
                            />
                            <FormControlLabel
                              value="merged"
                              control={<Radio size="small" />}
                              label={shown(f.field, f.merged)}
                            />
                          </RadioGroup>
                        </TableCell>
                      </TableRow>
                    ))}
                    {same.length > 0 && (
                      <TableRow>
                        <TableCell sx={{ color: 'text.secondary' }}>Same in both</TableCell>
                        <TableCell colSpan={2} sx={{ color: 'text.secondary' }}>
                          {same
                            .map((f) => `${FIELD_LABELS[f.field]}: ${shown(f.field, f.survivor)}`)
                            .join(' · ')}
                        </TableCell>
                      </TableRow>
                    )}
                  </TableBody>
                </Table>
                {preview.overlappingVisits.length > 0 && (
                  <Alert severity="warning">
                    Both records have a visit at the same time ({preview.overlappingVisits.length}
                    ): after the merge, cancel or move one of them.
                  </Alert>
                )}
              </>
            )}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {otherId !== null && (
          <>
            <Button onClick={() => setKeepThis((k) => !k)} disabled={busy}>
              Keep the other record instead
            </Button>
            <Button onClick={() => setOtherId(null)} disabled={busy}>
              Pick another record
            </Button>
          </>
        )}
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="warning"
          onClick={() => void merge()}
          disabled={!preview || busy}
        >
          Merge into #{preview?.survivor.id ?? '…'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
