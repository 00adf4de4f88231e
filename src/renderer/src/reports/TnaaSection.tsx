/**
 * Time to third next available: the daily measurements the TNAA job keeps (median and worst over
 * the providers and visit types in the filter), with the clinic's target as a line, and the
 * latest day's figure per provider and visit type beside it.
 */
import { Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine';
import { useLiveQuery } from '../live';
import { Section, SmallTable } from './ReportsScreen';

export function TnaaSection(props: {
  filter: { from: string; to: string; providerIds?: number[]; visitTypeIds?: number[] } | null;
}) {
  const q = useLiveQuery('reports/tnaa', props.filter, ['reports']);
  const points = q.data?.points ?? [];
  const latest = q.data?.latest;
  const median = points.length ? points[points.length - 1]!.medianDays : null;
  return (
    <Section
      title="Time to third next available"
      metric="tnaa"
      figure={median === null ? '—' : `Median ${median} d (target ${q.data!.targetDays} d)`}
      chart={
        points.length === 0 ? (
          <Typography color="text.secondary" sx={{ fontSize: 14, p: 2 }}>
            Not measured yet in this period: the figure is taken each morning while ClinicDesk runs,
            and missed days are filled in when it next starts.
          </Typography>
        ) : (
          <LineChart
            height={240}
            margin={{ left: 0, right: 16, top: 8, bottom: 0 }}
            xAxis={[
              {
                scaleType: 'point',
                data: points.map((p) => p.date.slice(5)),
                tickLabelStyle: { fontSize: 11 },
              },
            ]}
            yAxis={[{ width: 36, min: 0 }]}
            series={[
              {
                data: points.map((p) => p.medianDays),
                label: 'Median (days)',
                showMark: false,
                curve: 'linear',
              },
              {
                data: points.map((p) => p.maxDays),
                label: 'Worst (days)',
                showMark: false,
                curve: 'linear',
              },
            ]}
          >
            <ChartsReferenceLine
              y={q.data!.targetDays}
              label={`Target ${q.data!.targetDays} d`}
              lineStyle={{ strokeDasharray: '6 4', stroke: '#2e7d32' }}
              labelStyle={{ fontSize: 11, fill: '#2e7d32' }}
            />
          </LineChart>
        )
      }
      table={
        <SmallTable
          label={`Time to third next available on ${latest?.date ?? '—'}`}
          columns={['Provider', 'Visit type', `Days (${latest?.date?.slice(5) ?? '—'})`]}
          rows={(latest?.rows ?? []).map((r) => [
            r.provider,
            r.visitType,
            r.days === null ? 'none in horizon' : r.days,
          ])}
        />
      }
    />
  );
}
