/**
 * The practice manager's reports: how full the providers are, who does not show up, how long
 * patients wait, and whether reminders work. Each section has a chart with the same figures in a
 * table beside it (the table is what a manager quotes and what the CSV holds), and an ⓘ whose
 * hover gives the metric's definition from src/shared/reportDefinitions.ts, the same words the
 * engine's code is written against. Print uses the browser's print (its dialog offers "Save as
 * PDF"); the desktop app also has "Save as PDF" straight to a file through Electron's printToPDF
 * (main/pdf.ts). Both leave the rail and the filter buttons off the page.
 */
import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  GlobalStyles,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { DateTime } from 'luxon';
import { REPORT_DEFINITIONS, type ReportKey } from '../../../shared/reportDefinitions';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { PrintButtons } from '../components/PrintButtons';
import { NoShowModelPanel } from './NoShowModelPanel';
import { TnaaSection } from './TnaaSection';
import { hours, percent, percentNumber, tablesToCsv, type CsvTable } from './csv';

type Granularity = 'day' | 'week' | 'month';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const OUTCOMES = [
  ['confirmed', 'Confirmed'],
  ['noAnswer', 'No answer'],
  ['failed', 'Failed to deliver'],
] as const;

export function ReportsScreen() {
  const desk = useDesk();
  const today = DateTime.now().setZone(desk.zone).toISODate() ?? '';
  const [from, setFrom] = useState(
    () => DateTime.now().setZone(desk.zone).minus({ days: 27 }).toISODate() ?? '',
  );
  const [to, setTo] = useState(today);
  const [providerId, setProviderId] = useState<number | ''>('');
  const [locationId, setLocationId] = useState<number | ''>('');
  const [visitTypeId, setVisitTypeId] = useState<number | ''>('');
  const [granularity, setGranularity] = useState<Granularity>('week');

  const providers = useLiveQuery('providers/list', { includeInactive: true }, ['providers']);
  const locations = useLiveQuery('locations/list', {}, ['locations']);
  const visitTypes = useLiveQuery('visitTypes/list', { includeInactive: true }, ['visitTypes']);

  const scope = {
    ...(providerId !== '' ? { providerIds: [providerId] } : {}),
    ...(locationId !== '' ? { locationIds: [locationId] } : {}),
    ...(visitTypeId !== '' ? { visitTypeIds: [visitTypeId] } : {}),
  };
  const valid = /^\d{4}-\d\d-\d\d$/.test(from) && /^\d{4}-\d\d-\d\d$/.test(to) && from <= to;
  const filter = valid ? { from, to, ...scope } : null;

  const util = useLiveQuery('reports/utilization', filter && { ...filter, granularity }, []);
  const fill = useLiveQuery('reports/fill', scope, []);
  const att = useLiveQuery('reports/attendance', filter, []);
  const lead = useLiveQuery('reports/leadTime', filter, []);
  const wh = useLiveQuery('reports/weekdayHour', filter, []);
  const rem = useLiveQuery('reports/reminderEffect', filter, []);

  const tables = useMemo(() => {
    const out: CsvTable[] = [];
    if (util.data)
      out.push({
        title: `Utilization by ${granularity}, ${from} to ${to}`,
        columns: ['Provider', 'Period from', 'Open hours', 'Booked hours', 'Utilization %'],
        rows: util.data.rows.map((r) => [
          r.active ? r.provider : `${r.provider} (inactive)`,
          r.period,
          hours(r.openMinutes),
          hours(r.bookedMinutes),
          percentNumber(r.utilization),
        ]),
      });
    if (fill.data)
      out.push({
        title: `Fill of the next 14 days, ${fill.data.from} to ${fill.data.to}`,
        columns: ['Provider', 'Open hours', 'Booked hours', 'Fill %'],
        rows: fill.data.rows.map((r) => [
          r.provider,
          hours(r.openMinutes),
          hours(r.bookedMinutes),
          percentNumber(r.utilization),
        ]),
      });
    if (att.data)
      out.push({
        title: 'No-shows and late cancellations by provider',
        columns: ['Provider', 'Kept', 'No-shows', 'No-show rate %', 'Late cancellations'],
        rows: att.data.byProvider.map((r) => [
          r.active ? r.provider : `${r.provider} (inactive)`,
          r.kept,
          r.noShows,
          percentNumber(r.noShowRate),
          r.lateCancels,
        ]),
      });
    if (att.data)
      out.push({
        title: 'Cancellations by who asked',
        columns: ['Who asked', 'Cancellations'],
        rows: cancellationRows(att.data.cancellationsByWho),
      });
    if (lead.data)
      out.push({
        title: 'Lead time (days from booking to visit)',
        columns: ['Days', 'Visits', 'New-patient visits'],
        rows: lead.data.histogram.map((h) => [h.days, h.visits, h.newPatient]),
      });
    if (wh.data)
      out.push({
        title: 'Visits by weekday and hour (clinic time)',
        columns: ['Weekday', 'Hour', 'Visits', 'No-shows'],
        rows: wh.data.cells.map((c) => [WEEKDAYS[c.weekday - 1]!, c.hour, c.visits, c.noShows]),
      });
    if (rem.data)
      out.push({
        title: 'Reminder effect',
        columns: ['Reminder outcome', 'Visits', 'Kept', 'No-shows', 'No-show rate %'],
        rows: reminderRows(rem.data).map((r) => [
          r.label,
          r.visits,
          r.kept,
          r.noShows,
          percentNumber(r.noShowRate),
        ]),
      });
    return out;
  }, [util.data, fill.data, att.data, lead.data, wh.data, rem.data, granularity, from, to]);

  function exportCsv() {
    const blob = new Blob([tablesToCsv(tables)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `clinicdesk-reports-${from}-to-${to}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }

  const errors = [util, fill, att, lead, wh, rem].flatMap((q) =>
    q.error ? [q.error.message] : [],
  );
  const utilByProvider = totalsByProvider(util.data?.rows ?? []);
  const rows = reminderRows(rem.data);

  return (
    <Box sx={{ p: 2 }} component="section" aria-label="Reports">
      <GlobalStyles
        styles={{
          '@media print': {
            'nav[aria-label="Screens"], .reports-no-print': { display: 'none !important' },
            '.reports-section': { breakInside: 'avoid' },
          },
        }}
      />
      <Stack
        direction="row"
        spacing={1}
        alignItems="center"
        useFlexGap
        sx={{ mb: 2, flexWrap: 'wrap' }}
        role="group"
        aria-label="Report filters"
      >
        <TextField
          type="date"
          size="small"
          label="From"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          type="date"
          size="small"
          label="To"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
          error={!valid}
          helperText={valid ? undefined : 'The last date must not be before the first.'}
        />
        <Choice
          label="Provider"
          all="All providers"
          value={providerId}
          onChange={setProviderId}
          options={(providers.data ?? []).map((p) => ({
            id: p.id,
            name: p.active ? p.displayName : `${p.displayName} (inactive)`,
          }))}
        />
        <Choice
          label="Location"
          all="All locations"
          value={locationId}
          onChange={setLocationId}
          options={(locations.data ?? []).map((l) => ({ id: l.id, name: l.name }))}
        />
        <Choice
          label="Visit type"
          all="All visit types"
          value={visitTypeId}
          onChange={setVisitTypeId}
          options={(visitTypes.data ?? []).map((v) => ({ id: v.id, name: v.name }))}
        />
        <Box sx={{ flex: 1 }} />
        <Box className="reports-no-print" sx={{ display: 'flex', gap: 1 }}>
          <Button variant="outlined" size="small" onClick={exportCsv} disabled={!tables.length}>
            Export CSV
          </Button>
          <PrintButtons pdfName={`ClinicDesk reports ${from} to ${to}`} />
        </Box>
      </Stack>
      {errors.length > 0 && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {[...new Set(errors)].join(' ')}
        </Alert>
      )}

      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(max(760px, 40%), 1fr))',
          gap: 2,
        }}
      >
        <Section
          title="Utilization"
          metric="utilization"
          figure={percent(util.data?.total.utilization)}
          action={
            <TextField
              select
              size="small"
              label="By"
              value={granularity}
              onChange={(e) => setGranularity(e.target.value as Granularity)}
              className="reports-no-print"
              sx={{ minWidth: 100 }}
            >
              <MenuItem value="day">Day</MenuItem>
              <MenuItem value="week">Week</MenuItem>
              <MenuItem value="month">Month</MenuItem>
            </TextField>
          }
          chart={
            <Bars
              horizontal
              label="Utilization %"
              categories={utilByProvider.map((r) => r.provider)}
              values={utilByProvider.map((r) => percentNumber(r.utilization))}
              percent
            />
          }
          table={
            <SmallTable
              label="Utilization by provider and period"
              columns={['Provider', 'From', 'Open h', 'Booked h', 'Used']}
              rows={(util.data?.rows ?? []).map((r) => [
                r.active ? r.provider : `${r.provider} (inactive)`,
                r.period,
                hours(r.openMinutes),
                hours(r.bookedMinutes),
                percent(r.utilization),
              ])}
            />
          }
        />

        <Section
          title="Fill of the next 14 days"
          metric="fill14"
          figure={percent(fill.data?.total.utilization)}
          chart={
            <Bars
              horizontal
              label="Fill %"
              categories={(fill.data?.rows ?? []).map((r) => r.provider)}
              values={(fill.data?.rows ?? []).map((r) => percentNumber(r.utilization))}
              percent
            />
          }
          table={
            <SmallTable
              label="Fill of the next 14 days by provider"
              columns={['Provider', 'Open h', 'Booked h', 'Fill']}
              rows={(fill.data?.rows ?? []).map((r) => [
                r.provider,
                hours(r.openMinutes),
                hours(r.bookedMinutes),
                percent(r.utilization),
              ])}
            />
          }
        />

        <Section
          title="No-shows"
          metric="noShowRate"
          figure={percent(att.data?.noShowRate)}
          chart={
            <Bars
              horizontal
              label="No-show rate %"
              categories={(att.data?.byProvider ?? []).map((r) => r.provider)}
              values={(att.data?.byProvider ?? []).map((r) => percentNumber(r.noShowRate))}
              percent
            />
          }
          table={
            <SmallTable
              label="No-shows by provider"
              columns={['Provider', 'Kept', 'No-shows', 'Rate', 'Late canc.']}
              rows={(att.data?.byProvider ?? []).map((r) => [
                r.active ? r.provider : `${r.provider} (inactive)`,
                r.kept,
                r.noShows,
                percent(r.noShowRate),
                r.lateCancels,
              ])}
            />
          }
        />
        <NoShowModelPanel />

        <Section
          title="Cancellations"
          metric="cancellationsByWho"
          figure={att.data ? `Late: ${percent(att.data.lateCancelRate)}` : '—'}
          figureHint={REPORT_DEFINITIONS.lateCancelRate}
          chart={
            <Bars
              label="Cancellations"
              categories={cancellationRows(att.data?.cancellationsByWho).map((r) => r[0])}
              values={cancellationRows(att.data?.cancellationsByWho).map((r) => r[1])}
            />
          }
          table={
            <SmallTable
              label="Cancellations by who asked"
              columns={['Who asked', 'Cancellations']}
              rows={[
                ...cancellationRows(att.data?.cancellationsByWho),
                ['Late (patient, inside the window)', att.data?.lateCancels ?? 0],
                ['After the start time', att.data?.cancelledAfterStart ?? 0],
              ]}
            />
          }
        />

        <Section
          title="Lead time"
          metric="leadTime"
          figure={
            lead.data?.medianDays != null
              ? `Median ${lead.data.medianDays} d · 90th ${lead.data.p90Days} d`
              : '—'
          }
          chart={
            <Bars
              label="Visits"
              categories={leadBuckets(lead.data?.histogram ?? []).map((b) => b.label)}
              values={leadBuckets(lead.data?.histogram ?? []).map((b) => b.visits)}
              second={{
                label: 'New patients',
                values: leadBuckets(lead.data?.histogram ?? []).map((b) => b.newPatient),
              }}
            />
          }
          table={
            <SmallTable
              label="Lead time summary"
              columns={['', 'Visits', 'Median', '90th pct']}
              rows={[
                [
                  'All visits',
                  lead.data?.visits ?? 0,
                  days(lead.data?.medianDays),
                  days(lead.data?.p90Days),
                ],
                [
                  <Hint key="n" text={REPORT_DEFINITIONS.newPatientLag}>
                    New patients
                  </Hint>,
                  lead.data?.newPatientVisits ?? 0,
                  days(lead.data?.newPatientMedianDays),
                  days(lead.data?.newPatientP90Days),
                ],
              ]}
            />
          }
        />

        <Section
          title="Visits by weekday and hour"
          metric="weekdayHour"
          figure={`${(wh.data?.cells ?? []).reduce((t, c) => t + c.visits, 0)} visits`}
          chart={
            <Bars
              label="Visits"
              categories={WEEKDAYS}
              values={WEEKDAYS.map((_, i) =>
                (wh.data?.cells ?? [])
                  .filter((c) => c.weekday === i + 1)
                  .reduce((t, c) => t + c.visits, 0),
              )}
            />
          }
          table={<WeekdayHourGrid cells={wh.data?.cells ?? []} />}
        />

        <Section
          title="Reminder effect"
          metric="reminderEffect"
          figure={`Confirmed: ${percent(rem.data?.confirmationRate)}`}
          chart={
            <Bars
              horizontal
              label="No-show rate %"
              categories={rows.map((r) => r.label)}
              values={rows.map((r) => percentNumber(r.noShowRate))}
              percent
            />
          }
          table={
            <SmallTable
              label="No-show rate by reminder outcome"
              columns={['Reminder', 'Visits', 'No-shows', 'Rate']}
              rows={rows.map((r) => [r.label, r.visits, r.noShows, percent(r.noShowRate)])}
            />
          }
        />
        <TnaaSection
          filter={
            filter && {
              from: filter.from,
              to: filter.to,
              ...(filter.providerIds ? { providerIds: filter.providerIds } : {}),
              ...(filter.visitTypeIds ? { visitTypeIds: filter.visitTypeIds } : {}),
            }
          }
        />
      </Box>
    </Box>
  );
}

function days(d: number | null | undefined): string {
  return d === null || d === undefined ? '—' : `${d} d`;
}

function cancellationRows(
  who: Record<'patient' | 'clinic' | 'provider' | 'unknown', number> | undefined,
): [string, number][] {
  const w = who ?? { patient: 0, clinic: 0, provider: 0, unknown: 0 };
  const rows: [string, number][] = [
    ['Patient', w.patient],
    ['Clinic', w.clinic],
    ['Provider (bump)', w.provider],
  ];
  if (w.unknown > 0) rows.push(['Not recorded', w.unknown]);
  return rows;
}

interface ReminderRow {
  label: string;
  visits: number;
  kept: number;
  noShows: number;
  noShowRate: number | null;
}

function reminderRows(
  r:
    | {
        byOutcome: Record<
          'confirmed' | 'noAnswer' | 'failed',
          { visits: number; kept: number; noShows: number; noShowRate: number | null }
        >;
        notReminded: { kept: number; noShows: number; noShowRate: number | null };
      }
    | undefined,
): ReminderRow[] {
  if (!r) return [];
  return [
    ...OUTCOMES.map(([k, label]) => ({ label, ...r.byOutcome[k] })),
    {
      label: 'No reminder',
      visits: r.notReminded.kept + r.notReminded.noShows,
      ...r.notReminded,
    },
  ];
}

/** Lead-time histogram in the buckets a manager thinks in. */
function leadBuckets(h: readonly { days: number; visits: number; newPatient: number }[]) {
  const buckets = [
    { label: 'Same day', max: 0 },
    { label: '1–2 d', max: 2 },
    { label: '3–7 d', max: 7 },
    { label: '8–14 d', max: 14 },
    { label: '15–30 d', max: 30 },
    { label: '31–60 d', max: 60 },
    { label: '> 60 d', max: Infinity },
  ].map((b) => ({ ...b, visits: 0, newPatient: 0 }));
  for (const x of h) {
    const b = buckets.find((b) => x.days <= b.max)!;
    b.visits += x.visits;
    b.newPatient += x.newPatient;
  }
  return buckets;
}

function totalsByProvider(
  rows: readonly { provider: string; openMinutes: number; bookedMinutes: number }[],
) {
  const m = new Map<string, { provider: string; open: number; booked: number }>();
  for (const r of rows) {
    const c = m.get(r.provider) ?? { provider: r.provider, open: 0, booked: 0 };
    c.open += r.openMinutes;
    c.booked += r.bookedMinutes;
    m.set(r.provider, c);
  }
  return [...m.values()].map((c) => ({
    provider: c.provider,
    utilization: c.open > 0 ? c.booked / c.open : null,
  }));
}

export function Hint(props: { text: string; children: ReactNode }) {
  return (
    <Tooltip title={props.text} describeChild>
      <Box
        component="span"
        tabIndex={0}
        sx={{ borderBottom: '1px dotted', borderColor: 'text.secondary', cursor: 'help' }}
      >
        {props.children}
      </Box>
    </Tooltip>
  );
}

export function Section(props: {
  title: string;
  metric: ReportKey;
  figure: string;
  figureHint?: string;
  action?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
}) {
  const id = `report-${props.metric}`;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5, minWidth: 0 }}
      component="section"
      aria-labelledby={id}
      className="reports-section"
    >
      <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
        <Typography id={id} variant="subtitle1" component="h2" sx={{ fontWeight: 700 }}>
          {props.title}
        </Typography>
        <Tooltip title={REPORT_DEFINITIONS[props.metric]}>
          <Box
            component="span"
            tabIndex={0}
            role="img"
            aria-label={`How ${props.title.toLowerCase()} is counted`}
            sx={{
              width: 18,
              height: 18,
              borderRadius: '50%',
              border: 1,
              borderColor: 'text.secondary',
              color: 'text.secondary',
              fontSize: 12,
              lineHeight: '16px',
              textAlign: 'center',
              cursor: 'help',
              fontWeight: 700,
            }}
          >
            i
          </Box>
        </Tooltip>
        <Box sx={{ flex: 1 }} />
        {props.figureHint ? (
          <Hint text={props.figureHint}>
            <Typography component="span" sx={{ fontWeight: 700 }}>
              {props.figure}
            </Typography>
          </Hint>
        ) : (
          <Typography sx={{ fontWeight: 700 }} aria-label={`${props.title}: ${props.figure}`}>
            {props.figure}
          </Typography>
        )}
        {props.action}
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 1 }}>
        <Box sx={{ minWidth: 0 }}>{props.chart}</Box>
        <Box sx={{ minWidth: 0 }}>{props.table}</Box>
      </Box>
    </Paper>
  );
}

export function Bars(props: {
  label: string;
  categories: string[];
  values: (number | null)[];
  second?: { label: string; values: number[] };
  percent?: boolean;
  horizontal?: boolean;
}) {
  if (props.categories.length === 0)
    return (
      <Typography color="text.secondary" sx={{ fontSize: 14, p: 2 }}>
        Nothing in this period.
      </Typography>
    );
  const fmt = (v: number | null) => (v === null ? '—' : props.percent ? `${v} %` : String(v));
  const series = [
    { data: props.values, label: props.label, valueFormatter: fmt },
    ...(props.second
      ? [{ data: props.second.values, label: props.second.label, valueFormatter: fmt }]
      : []),
  ];
  // Provider names do not fit under vertical bars: one horizontal bar per provider instead.
  if (props.horizontal)
    return (
      <BarChart
        layout="horizontal"
        height={Math.max(140, 26 * props.categories.length + 40)}
        margin={{ left: 0, right: 24, top: 8, bottom: 0 }}
        hideLegend={!props.second}
        yAxis={[
          {
            scaleType: 'band',
            data: props.categories,
            width: 130,
            tickLabelStyle: { fontSize: 12 },
          },
        ]}
        xAxis={[{ min: 0, ...(props.percent ? { valueFormatter: (v: number) => `${v} %` } : {}) }]}
        series={series}
      />
    );
  return (
    <BarChart
      height={240}
      margin={{ left: 0, right: 8, top: 8, bottom: 0 }}
      hideLegend={!props.second}
      xAxis={[{ scaleType: 'band', data: props.categories, tickLabelStyle: { fontSize: 12 } }]}
      yAxis={[{ width: 44, min: 0 }]}
      series={series}
    />
  );
}

export function SmallTable(props: { label: string; columns: string[]; rows: ReactNode[][] }) {
  return (
    <TableContainer sx={{ maxHeight: 300 }}>
      <Table
        size="small"
        stickyHeader
        aria-label={props.label}
        sx={{ '& td, & th': { fontSize: 13, py: 0.5, px: 1 } }}
      >
        <TableHead>
          <TableRow>
            {props.columns.map((c, i) => (
              <TableCell key={i} align={i === 0 ? 'left' : 'right'} sx={{ fontWeight: 700 }}>
                {c}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={props.columns.length} sx={{ color: 'text.secondary' }}>
                No visits in this period.
              </TableCell>
            </TableRow>
          )}
          {props.rows.map((r, i) => (
            <TableRow key={i}>
              {r.map((c, j) => (
                <TableCell key={j} align={j === 0 ? 'left' : 'right'}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function WeekdayHourGrid(props: {
  cells: readonly { weekday: number; hour: number; visits: number; noShows: number }[];
}) {
  const hoursUsed = [...new Set(props.cells.map((c) => c.hour))].sort((a, b) => a - b);
  const max = Math.max(1, ...props.cells.map((c) => c.visits));
  const at = new Map(props.cells.map((c) => [`${c.weekday}|${c.hour}`, c]));
  if (hoursUsed.length === 0)
    return (
      <Typography color="text.secondary" sx={{ fontSize: 14, p: 2 }}>
        No visits in this period.
      </Typography>
    );
  return (
    <TableContainer sx={{ maxHeight: 300 }}>
      <Table
        size="small"
        stickyHeader
        aria-label="Visits by hour and weekday"
        sx={{ '& td, & th': { fontSize: 13, py: 0.25, px: 1 } }}
      >
        <TableHead>
          <TableRow>
            <TableCell sx={{ fontWeight: 700 }}>Hour</TableCell>
            {WEEKDAYS.map((d) => (
              <TableCell key={d} align="right" sx={{ fontWeight: 700 }}>
                {d}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {hoursUsed.map((h) => (
            <TableRow key={h}>
              <TableCell>{`${String(h).padStart(2, '0')}:00`}</TableCell>
              {WEEKDAYS.map((d, i) => {
                const c = at.get(`${i + 1}|${h}`);
                const v = c?.visits ?? 0;
                return (
                  <TableCell
                    key={d}
                    align="right"
                    title={c ? `${c.noShows} no-shows` : undefined}
                    sx={{
                      bgcolor: v ? `rgba(25, 118, 210, ${0.08 + (0.5 * v) / max})` : undefined,
                    }}
                  >
                    {v || ''}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function Choice(props: {
  label: string;
  all: string;
  value: number | '';
  onChange(v: number | ''): void;
  options: { id: number; name: string }[];
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value === '' ? '' : Number(e.target.value))}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth: 170 }}
    >
      <MenuItem value="">{props.all}</MenuItem>
      {props.options.map((o) => (
        <MenuItem key={o.id} value={o.id}>
          {o.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
