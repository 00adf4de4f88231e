/**
 * The week as it would be with the unsaved template: seven columns, bookable time shaded, breaks
 * marked, hours at other locations greyed, all in the clinic's local time.
 */
import { Alert, Box, LinearProgress, Typography } from '@mui/material';
import { DateTime } from 'luxon';
import type { ApiOutput } from '../../../core/api/types';
import { srOnly } from '../a11y';
import { clockLabel, minuteOfDay, wallTimeIn } from './template';

type Preview = ApiOutput<'schedules/previewWeek'>;

const HEIGHT = 420;

interface Bar {
  date: string;
  start: string;
  end: string;
  from: number;
  to: number;
  kind: 'open' | 'break' | 'elsewhere';
  locationId: number;
}

function bars(preview: Preview, locationId: number): Bar[] {
  const zone = preview.zone;
  const toBar = (
    r: { date: string; start: string; end: string; locationId: number },
    kind: Bar['kind'],
  ): Bar => ({
    date: r.date,
    locationId: r.locationId,
    start: wallTimeIn(r.start, zone),
    end: minuteOfDay(r.end, r.date, zone) >= 1440 ? '24:00' : wallTimeIn(r.end, zone),
    from: minuteOfDay(r.start, r.date, zone),
    to: minuteOfDay(r.end, r.date, zone),
    kind,
  });
  return [
    ...preview.open.map((r) => toBar(r, r.locationId === locationId ? 'open' : 'elsewhere')),
    ...preview.breaks.filter((b) => b.locationId === locationId).map((b) => toBar(b, 'break')),
  ];
}

export function WeekPreview(props: {
  preview: Preview | undefined;
  locationId: number;
  locationNames: Map<number, string>;
  loading: boolean;
  error: string | undefined;
}) {
  const { preview } = props;
  const all = preview ? bars(preview, props.locationId) : [];
  // The hours shown: whole hours around everything there is, at least 8:00–18:00.
  const first = Math.min(8 * 60, ...all.map((b) => Math.floor(b.from / 60) * 60));
  const last = Math.max(18 * 60, ...all.map((b) => Math.ceil(b.to / 60) * 60));
  const span = Math.max(60, last - first);
  const y = (minute: number) => ((minute - first) / span) * HEIGHT;
  const hourMarks: number[] = [];
  for (let m = first; m <= last; m += 60) hourMarks.push(m);
  const weekLabel = preview?.dates[0]
    ? DateTime.fromISO(preview.dates[0]).setLocale('en-US').toFormat('MMM d')
    : '';

  return (
    <Box
      component="section"
      aria-label="Preview of the week"
      data-testid="schedule-preview"
      sx={{ position: 'relative' }}
    >
      <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
        Preview: week of {weekLabel || '…'}{' '}
        <Typography component="span" variant="caption" color="text.secondary">
          (unsaved changes included)
        </Typography>
      </Typography>
      <Box sx={{ height: 4 }}>
        {props.loading && <LinearProgress aria-label="Updating preview" />}
      </Box>
      {props.error && (
        <Alert severity="error" sx={{ my: 0.5, py: 0 }}>
          {props.error}
        </Alert>
      )}
      <Box sx={{ display: 'flex', opacity: props.error ? 0.5 : 1 }}>
        <Box aria-hidden sx={{ width: 44, pt: '22px', position: 'relative', flex: 'none' }}>
          {hourMarks.map((m) => (
            <Typography
              key={m}
              variant="caption"
              color="text.secondary"
              sx={{
                position: 'absolute',
                top: 22 + y(m) - 8,
                right: 4,
                fontSize: 10,
                lineHeight: '16px',
              }}
            >
              {clockLabel(`${String(Math.floor(m / 60) % 24).padStart(2, '0')}:00`).replace(
                ':00 ',
                ' ',
              )}
            </Typography>
          ))}
        </Box>
        <Box
          component="ol"
          sx={{ display: 'flex', flex: 1, m: 0, p: 0, listStyle: 'none', minWidth: 0 }}
        >
          {(preview?.dates ?? []).map((date) => {
            const d = DateTime.fromISO(date).setLocale('en-US');
            const dayBars = all.filter((b) => b.date === date);
            const open = dayBars.filter((b) => b.kind === 'open');
            return (
              <Box
                component="li"
                key={date}
                aria-label={d.toFormat('cccc, MMM d')}
                sx={{ flex: 1, minWidth: 0, borderLeft: 1, borderColor: 'divider' }}
              >
                <Typography
                  aria-hidden
                  variant="caption"
                  sx={{ display: 'block', textAlign: 'center', height: 22, fontWeight: 600 }}
                >
                  {d.toFormat('ccc d')}
                </Typography>
                <Box
                  sx={{
                    position: 'relative',
                    height: HEIGHT,
                    bgcolor: 'grey.100',
                    backgroundImage: `repeating-linear-gradient(to bottom, transparent 0, transparent ${(60 / span) * HEIGHT - 1}px, rgba(0,0,0,0.08) ${(60 / span) * HEIGHT - 1}px, rgba(0,0,0,0.08) ${(60 / span) * HEIGHT}px)`,
                  }}
                >
                  {open.length === 0 && (
                    <Typography
                      variant="caption"
                      color="text.secondary"
                      sx={{ position: 'absolute', top: 8, width: 1, textAlign: 'center' }}
                    >
                      Closed
                    </Typography>
                  )}
                  {dayBars.map((b) => {
                    const label =
                      b.kind === 'open'
                        ? `Bookable ${clockLabel(b.start)} to ${clockLabel(b.end)}`
                        : b.kind === 'break'
                          ? `Break ${clockLabel(b.start)} to ${clockLabel(b.end)}`
                          : `At ${props.locationNames.get(b.locationId) ?? 'another location'} ${clockLabel(b.start)} to ${clockLabel(b.end)}`;
                    const tall = y(b.to) - y(b.from) >= 30;
                    return (
                      <Box
                        key={`${b.kind}${b.from}`}
                        data-preview={`${b.kind} ${date} ${b.start}-${b.end}`}
                        title={label}
                        sx={{
                          position: 'absolute',
                          left: b.kind === 'break' ? 0 : 2,
                          right: b.kind === 'break' ? 0 : 2,
                          top: y(b.from),
                          height: Math.max(2, y(b.to) - y(b.from)),
                          borderRadius: b.kind === 'break' ? 0 : 0.5,
                          overflow: 'hidden',
                          fontSize: 10,
                          lineHeight: 1.2,
                          px: 0.25,
                          ...(b.kind === 'open'
                            ? { bgcolor: 'success.light', color: 'success.contrastText' }
                            : b.kind === 'break'
                              ? {
                                  backgroundImage:
                                    'repeating-linear-gradient(45deg, rgba(237,108,2,0.35) 0 4px, transparent 4px 8px)',
                                  borderTop: '1px solid',
                                  borderBottom: '1px solid',
                                  borderColor: 'warning.main',
                                  color: 'warning.dark',
                                }
                              : {
                                  bgcolor: 'grey.400',
                                  color: 'text.primary',
                                }),
                        }}
                      >
                        <Box component="span" sx={srOnly}>
                          {label}
                        </Box>
                        {tall && (
                          <Box component="span" aria-hidden>
                            {b.kind === 'break' ? 'Break' : clockLabel(b.start)}
                            <br />
                            {b.kind === 'break'
                              ? ''
                              : b.kind === 'open'
                                ? clockLabel(b.end)
                                : (props.locationNames.get(b.locationId) ?? '')}
                          </Box>
                        )}
                      </Box>
                    );
                  })}
                </Box>
              </Box>
            );
          })}
        </Box>
      </Box>
    </Box>
  );
}
