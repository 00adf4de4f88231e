/**
 * Billing & insurance settings: the practice's billing NPI, tax ID and phone (a 270 needs the NPI,
 * a Good Faith Estimate needs all three), the clearinghouse connection, and the fee schedule the
 * estimates price visits with. The clearinghouse password is never shown back: an empty password
 * box means "keep the saved one".
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { formatPhone } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError, fieldMessage } from '../schedules/fieldErrors';
import { parseDollars } from './format';

export function BillingSettings() {
  return (
    <Box sx={{ p: 2, maxWidth: 1200 }} component="section" aria-labelledby="billing-title">
      <Typography id="billing-title" variant="h5" component="h2" sx={{ fontWeight: 700, mb: 2 }}>
        Billing &amp; insurance
      </Typography>
      <Stack spacing={2}>
        <PracticeForm />
        <ClearinghouseForm />
        <FeeSchedule />
      </Stack>
    </Box>
  );
}

type Errors<K extends string> = Partial<Record<K, string>>;

/** Saves a form through `run`; an error naming one of `fields` goes under it, others above. */
async function saveForm<K extends string>(p: {
  run(): Promise<unknown>;
  fields: readonly K[];
  setErrors(e: Errors<K>): void;
  setGeneral(m: string | null): void;
  idOf(key: K): string;
}): Promise<boolean> {
  p.setErrors({});
  p.setGeneral(null);
  try {
    await p.run();
    return true;
  } catch (err) {
    const e = asApiError(err);
    const key = p.fields.find((f) => f === e.field);
    if (key) {
      p.setErrors({ [key]: fieldMessage(e) } as Errors<K>);
      document.getElementById(p.idOf(key))?.focus();
    } else p.setGeneral(e.message);
    return false;
  }
}

const PRACTICE_FIELDS = ['billingNpi', 'taxId', 'phone'] as const;
type PracticeField = (typeof PRACTICE_FIELDS)[number];

function PracticeForm() {
  const desk = useDesk();
  const formId = useId();
  const clinic = useLiveQuery('clinic/get', {}, ['clinic']);
  const [form, setForm] = useState<Record<PracticeField, string> | null>(null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Errors<PracticeField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (clinic.data && !dirty)
      setForm({
        billingNpi: clinic.data.billingNpi ?? '',
        taxId: clinic.data.taxId
          ? `${clinic.data.taxId.slice(0, 2)}-${clinic.data.taxId.slice(2)}`
          : '',
        phone: formatPhone(clinic.data.phone),
      });
  }, [clinic.data, dirty]);
  if (!form) return null;
  const idOf = (k: PracticeField) => `${formId}-${k}`;
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

  async function save() {
    if (!form) return;
    setBusy(true);
    const ok = await saveForm({
      run: () =>
        call('clinic/update', {
          billingNpi: orNull(form.billingNpi),
          taxId: orNull(form.taxId),
          phone: orNull(form.phone),
        }),
      fields: PRACTICE_FIELDS,
      setErrors,
      setGeneral,
      idOf,
    });
    setBusy(false);
    if (ok) {
      setDirty(false);
      desk.notify('Saved the practice details.', 'success');
    }
  }
  const field = (key: PracticeField, label: string, help: string) => (
    <TextField
      id={idOf(key)}
      size="small"
      label={label}
      value={form[key]}
      onChange={(e) => {
        setForm({ ...form, [key]: e.target.value });
        setErrors({ ...errors, [key]: undefined });
        setDirty(true);
      }}
      error={!!errors[key]}
      helperText={errors[key] ?? help}
      sx={{ flex: 1 }}
    />
  );
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Box
        component="form"
        aria-label="Practice"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Typography variant="h6" component="h3" sx={{ mb: 1.5 }}>
          Practice
        </Typography>
        <Stack direction="row" spacing={1} alignItems="flex-start">
          {field('billingNpi', 'Billing NPI', '10 digits; sent on every eligibility request')}
          {field('taxId', 'Tax ID (EIN)', 'e.g. 12-3456789; printed on Good Faith Estimates')}
          {field('phone', 'Phone', 'Whom patients call about an estimate')}
        </Stack>
        {general && (
          <Alert severity="error" role="alert" sx={{ mt: 1 }}>
            {general}
          </Alert>
        )}
        <Stack direction="row" justifyContent="flex-end" sx={{ mt: 1 }}>
          <Button type="submit" variant="contained" disabled={!dirty || busy}>
            Save practice
          </Button>
        </Stack>
      </Box>
    </Paper>
  );
}

const CH_FIELDS = [
  'url',
  'senderId',
  'receiverId',
  'username',
  'password',
  'timeoutMs',
  'maxAttempts',
  'staleAfterHours',
  'ratePerMinute',
] as const;
type ChField = (typeof CH_FIELDS)[number];
type ChForm = Record<ChField, string>;

const BLANK_CH: ChForm = {
  url: '',
  senderId: '',
  receiverId: '',
  username: '',
  password: '',
  timeoutMs: '30',
  maxAttempts: '3',
  staleAfterHours: '72',
  ratePerMinute: '60',
};

function ClearinghouseForm() {
  const desk = useDesk();
  const formId = useId();
  const saved = useLiveQuery('eligibility/getClearinghouse', {}, ['settings']);
  const [form, setForm] = useState<ChForm | null>(null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Errors<ChField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (saved.data === undefined || dirty) return;
    const s = saved.data;
    setForm(
      s
        ? {
            url: s.url,
            senderId: s.senderId,
            receiverId: s.receiverId,
            username: s.username,
            password: '',
            timeoutMs: String(s.timeoutMs / 1000),
            maxAttempts: String(s.maxAttempts),
            staleAfterHours: String(s.staleAfterHours),
            ratePerMinute: String(s.ratePerMinute),
          }
        : BLANK_CH,
    );
  }, [saved.data, dirty]);
  if (!form) return null;
  const idOf = (k: ChField) => `${formId}-${k}`;
  const hasPassword = saved.data?.hasPassword === true;

  async function save() {
    if (!form) return;
    const number = (key: ChField) => {
      const n = Number(form[key]);
      return form[key].trim() === '' || !Number.isFinite(n) ? NaN : n;
    };
    const local: Errors<ChField> = {};
    for (const key of ['timeoutMs', 'maxAttempts', 'staleAfterHours', 'ratePerMinute'] as const)
      if (Number.isNaN(number(key))) local[key] = 'Type a number.';
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    const ok = await saveForm({
      run: () =>
        call('eligibility/setClearinghouse', {
          url: form.url,
          senderId: form.senderId,
          receiverId: form.receiverId,
          username: form.username,
          ...(form.password !== '' ? { password: form.password } : {}),
          // Typed in seconds: "30" reads better than "30000".
          timeoutMs: Math.round(number('timeoutMs') * 1000),
          maxAttempts: number('maxAttempts'),
          staleAfterHours: number('staleAfterHours'),
          ratePerMinute: number('ratePerMinute'),
        }),
      fields: CH_FIELDS,
      setErrors,
      setGeneral,
      idOf,
    });
    setBusy(false);
    if (ok) {
      setDirty(false);
      setForm((f) => (f ? { ...f, password: '' } : f));
      desk.notify('Saved the clearinghouse connection.', 'success');
    }
  }
  const field = (
    key: ChField,
    label: string,
    extra: { help?: string; type?: string; width?: number } = {},
  ) => (
    <TextField
      id={idOf(key)}
      size="small"
      label={label}
      type={extra.type ?? 'text'}
      value={form[key]}
      autoComplete={key === 'password' ? 'new-password' : 'off'}
      onChange={(e) => {
        setForm({ ...form, [key]: e.target.value });
        setErrors({ ...errors, [key]: undefined });
        setDirty(true);
      }}
      error={!!errors[key]}
      helperText={errors[key] ?? extra.help}
      sx={extra.width ? { width: extra.width } : { flex: 1 }}
    />
  );
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Box
        component="form"
        aria-label="Clearinghouse"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Typography variant="h6" component="h3">
          Clearinghouse
        </Typography>
        <Typography color="text.secondary" sx={{ fontSize: 13, mb: 1.5 }}>
          {saved.data
            ? 'Real-time eligibility (CAQH CORE). Verifications are sent through this connection.'
            : 'Not set up: verifications cannot be sent; benefits can still be entered by hand.'}
        </Typography>
        <Stack spacing={1.5}>
          {field('url', 'Address (URL)', { help: 'https://… the CORE real-time endpoint' })}
          <Stack direction="row" spacing={1} alignItems="flex-start">
            {field('senderId', 'Sender ID')}
            {field('receiverId', 'Receiver ID')}
          </Stack>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            {field('username', 'User name')}
            {field('password', 'Password', {
              type: 'password',
              help: hasPassword ? 'A password is saved; leave empty to keep it.' : 'Required',
            })}
          </Stack>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            {field('timeoutMs', 'Timeout (seconds)', { width: 150 })}
            {field('maxAttempts', 'Attempts', { width: 110, help: '1 to 5' })}
            {field('staleAfterHours', 'Answer stale after (hours)', { width: 200 })}
            {field('ratePerMinute', 'Requests per minute', { width: 170, help: '0 = no limit' })}
          </Stack>
          {general && (
            <Alert severity="error" role="alert">
              {general}
            </Alert>
          )}
          <Stack direction="row" justifyContent="flex-end">
            <Button type="submit" variant="contained" disabled={!dirty || busy}>
              Save connection
            </Button>
          </Stack>
        </Stack>
      </Box>
    </Paper>
  );
}

type FeeItem = ReturnType<typeof useFees>['rows'][number];

function useFees() {
  const fees = useLiveQuery('fees/list', {}, ['fees', 'visitTypes', 'insurance']);
  const payers = useLiveQuery('payers/list', {}, ['insurance']);
  const rows = fees.data ?? [];
  return { rows, payers: payers.data ?? [], error: fees.error ?? payers.error };
}

function FeeSchedule() {
  const { rows, payers, error } = useFees();
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h3">
        Fee schedule
      </Typography>
      <Typography color="text.secondary" sx={{ fontSize: 13, mb: 1 }}>
        What each visit is expected to be allowed (the default, or a payer&apos;s contracted rate),
        and the self-pay price. Empty means not set.
      </Typography>
      {error && <Alert severity="error">{error.message}</Alert>}
      {/* Compact cells so a clinic's usual payers fit 1,366 px; with more, the middle scrolls
          sideways while the visit type and its Save button stay in view. */}
      <Box sx={{ overflowX: 'auto' }} data-testid="fee-table-box">
        <Table
          size="small"
          aria-label="Fee schedule"
          sx={{
            '& th, & td': { px: 0.5, py: 0.5 },
            '& th': { fontSize: 13, lineHeight: 1.25, verticalAlign: 'bottom' },
            '& .cd-fee-sticky': {
              position: 'sticky',
              bgcolor: 'background.paper',
              zIndex: 1,
            },
          }}
        >
          <TableHead>
            <TableRow>
              <TableCell className="cd-fee-sticky" sx={{ left: 0, pl: '8px !important' }}>
                Visit type
              </TableCell>
              <TableCell>Default allowed</TableCell>
              {payers.map((p) => (
                <TableCell key={p.id}>{p.name}</TableCell>
              ))}
              <TableCell>Self-pay</TableCell>
              <TableCell className="cd-fee-sticky" sx={{ right: 0 }} />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <FeeRow key={r.visitTypeId} row={r} payers={payers} />
            ))}
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={payers.length + 4}>No visit types yet.</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Box>
    </Paper>
  );
}

/** A cell key: 'default', a payer's id, or 'selfPay'. */
type Cell = string;

function cellsOf(row: FeeItem, payers: readonly { id: number }[]): Record<Cell, string> {
  const money = (n: number | null | undefined) =>
    n === null || n === undefined ? '' : n.toFixed(2);
  const out: Record<Cell, string> = {
    default: money(row.fees.find((f) => f.payerId === null)?.allowed),
    selfPay: money(row.selfPay),
  };
  for (const p of payers)
    out[String(p.id)] = money(row.fees.find((f) => f.payerId === p.id)?.allowed);
  return out;
}

function FeeRow(props: { row: FeeItem; payers: readonly { id: number; name: string }[] }) {
  const desk = useDesk();
  const { row, payers } = props;
  const saved = useMemo(() => cellsOf(row, payers), [row, payers]);
  const [draft, setDraft] = useState(saved);
  const [errors, setErrors] = useState<Record<Cell, string>>({});
  const [busy, setBusy] = useState(false);
  const changed = Object.keys(draft).filter((k) => draft[k]!.trim() !== saved[k]);
  // A reload (any fee saved, on any desk) refreshes the cells not being edited, keeps the rest.
  const previous = useRef(saved);
  useEffect(() => {
    const before = previous.current;
    previous.current = saved;
    setDraft((d) => {
      const next = { ...saved };
      for (const k of Object.keys(d)) if (d[k] !== before[k]) next[k] = d[k]!;
      return next;
    });
  }, [saved]);

  async function save() {
    const bad: Record<Cell, string> = {};
    for (const k of changed)
      if (Number.isNaN(parseDollars(draft[k]!))) bad[k] = 'Dollars, e.g. 125.00';
    setErrors(bad);
    if (Object.keys(bad).length) return;
    setBusy(true);
    try {
      for (const k of changed) {
        const amount = parseDollars(draft[k]!);
        try {
          await call(
            'fees/set',
            k === 'selfPay'
              ? { visitTypeId: row.visitTypeId, selfPay: amount }
              : {
                  visitTypeId: row.visitTypeId,
                  payerId: k === 'default' ? null : Number(k),
                  allowed: amount,
                },
          );
        } catch (err) {
          setErrors({ [k]: fieldMessage(asApiError(err)) });
          return;
        }
      }
      desk.notify(`Saved the fees of ${row.visitTypeName}.`, 'success');
    } finally {
      setBusy(false);
    }
  }

  const cell = (key: Cell, label: string) => (
    <TableCell key={key}>
      <TextField
        size="small"
        value={draft[key] ?? ''}
        onChange={(e) => {
          setDraft({ ...draft, [key]: e.target.value });
          setErrors({ ...errors, [key]: '' });
        }}
        error={!!errors[key]}
        helperText={errors[key] || undefined}
        slotProps={{
          htmlInput: { 'aria-label': `${row.visitTypeName}: ${label}`, inputMode: 'decimal' },
        }}
        sx={{ width: 80, '& input': { px: 1 } }}
      />
    </TableCell>
  );
  return (
    <TableRow data-testid="fee-row">
      <TableCell className="cd-fee-sticky" sx={{ left: 0, pl: '8px !important', minWidth: 150 }}>
        {row.visitTypeName}
        {row.cptCode ? (
          <Typography component="span" color="text.secondary" sx={{ fontSize: 12 }}>
            {' '}
            ({row.cptCode})
          </Typography>
        ) : null}
      </TableCell>
      {cell('default', 'default allowed')}
      {payers.map((p) => cell(String(p.id), `${p.name} allowed`))}
      {cell('selfPay', 'self-pay price')}
      <TableCell className="cd-fee-sticky" sx={{ right: 0 }}>
        <Button
          size="small"
          variant="outlined"
          disabled={busy || changed.length === 0}
          onClick={() => void save()}
          aria-label={`Save ${row.visitTypeName} fees`}
        >
          Save
        </Button>
      </TableCell>
    </TableRow>
  );
}
