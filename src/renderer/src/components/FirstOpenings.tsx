import { useState } from 'react';
import { Alert, List, ListItem, ListItemText, Paper, TextField, Typography } from '@mui/material';
import { clockTime, shortDay } from '../clinicTime';
import { useLiveQuery } from '../live';
import type { ApiOutput } from '../../../core/api/types';

type VisitType = ApiOutput<'visitTypes/list'>[number];

/** The phone-in question: "when is the first opening for a …?" */
export function FirstOpenings(props: { zone: string; visitTypes: readonly VisitType[] }) {
  const [visitTypeId, setVisitTypeId] = useState<number | null>(null);
  const openings = useLiveQuery(
    'availability/firstOpenings',
    visitTypeId === null ? null : { visitTypeId, limit: 5 },
    ['appointments', 'schedules', 'providers', 'visitTypes', 'clinic'],
  );

  return (
    <Paper component="section" aria-labelledby="openings-title" variant="outlined" sx={{ p: 2 }}>
      <Typography id="openings-title" variant="h6" component="h2" gutterBottom>
        First openings
      </Typography>
      {props.visitTypes.length === 0 ? (
        <Typography color="text.secondary">No visit types yet.</Typography>
      ) : (
        <TextField
          select
          fullWidth
          size="small"
          label="Visit type"
          value={visitTypeId ?? ''}
          onChange={(e) => setVisitTypeId(e.target.value === '' ? null : Number(e.target.value))}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          <option value="">Choose a visit type</option>
          {props.visitTypes.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name} ({v.durationMinutes} min)
            </option>
          ))}
        </TextField>
      )}
      {openings.error && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {openings.error.message}
        </Alert>
      )}
      {visitTypeId !== null && openings.data && (
        <>
          {openings.data.slots.length === 0 ? (
            <Typography color="text.secondary" sx={{ mt: 2 }}>
              Nothing open
              {openings.data.searchedThrough ? ` through ${openings.data.searchedThrough}` : ''} (
              {openings.data.providersSearched} providers searched).
            </Typography>
          ) : (
            <List dense aria-label="First openings">
              {openings.data.slots.map((s) => (
                <ListItem key={`${s.providerId}-${s.start}`} disableGutters>
                  <ListItemText
                    primary={`${shortDay(s.start, props.zone)}, ${clockTime(s.start, props.zone)}`}
                    secondary={`${s.providerName} · ${s.locationName}`}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </>
      )}
    </Paper>
  );
}
