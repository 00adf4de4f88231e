/**
 * Before a provider is deactivated (or a location archived): where one of their upcoming visits
 * can go instead. The first openings for the same visit type and patient, with the other providers
 * at the same location (or the same provider at the other locations), each moved with one click
 * through appointments/reschedule — the engine's booking path, so every booking rule, buffer and
 * double-booking check applies, and the patient's reminders follow the visit.
 */
import { useState } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { DateTime } from 'luxon';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';

type Upcoming = ApiOutput<'providers/futureAppointments'>[number];

/** Where a visit may move: other providers, other locations, or both. */
export interface MoveTargets {
  providerIds: number[];
  locationIds: number[];
}

export function MoveOffer(props: {
  visit: Upcoming;
  targets: MoveTargets;
  onMoved(message: string): void;
}) {
  const desk = useDesk();
  const a = props.visit;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const searchable = props.targets.providerIds.length > 0 && props.targets.locationIds.length > 0;
  const openings = useLiveQuery(
    'availability/firstOpenings',
    searchable
      ? {
          visitTypeId: a.visitTypeId,
          patientId: a.patientId,
          providerIds: props.targets.providerIds,
          locationIds: props.targets.locationIds,
          limit: 4,
          maxPerProvider: 2,
        }
      : null,
    ['appointments', 'schedules', 'providers', 'visitTypes', 'clinic'],
  );
  const when = (iso: string) =>
    DateTime.fromISO(iso).setZone(desk.zone).toFormat('ccc, LLL d, h:mm a');

  async function move(o: NonNullable<typeof openings.data>['slots'][number]) {
    setBusy(true);
    setError(null);
    try {
      await call('appointments/reschedule', {
        appointmentId: a.id,
        start: o.start,
        providerId: o.providerId,
        locationId: o.locationId,
      });
      props.onMoved(`Moved ${a.patientName} to ${when(o.start)} with ${o.providerName}.`);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  const slots = openings.data?.slots ?? [];
  return (
    <Box
      role="group"
      aria-label={`Openings for ${a.patientName}`}
      sx={{ py: 1, px: 1.5, bgcolor: 'action.hover', borderRadius: 1 }}
    >
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      {!searchable ? (
        <Typography>
          There is nowhere else to move it (no other provider or location): cancel it, or leave it
          booked.
        </Typography>
      ) : openings.error ? (
        <Alert severity="error">{openings.error.message}</Alert>
      ) : !openings.data ? (
        <Typography color="text.secondary">Looking for openings…</Typography>
      ) : slots.length === 0 ? (
        <Typography>
          No opening for {a.visitTypeName} elsewhere within the booking horizon: cancel it, or leave
          it booked.
        </Typography>
      ) : (
        <>
          <Typography sx={{ fontSize: 14, mb: 0.5 }}>
            First openings for {a.visitTypeName} (the patient&apos;s reminders follow the visit):
          </Typography>
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
            {slots.map((o) => (
              <Button
                key={`${o.start}/${o.providerId}`}
                size="small"
                variant="outlined"
                disabled={busy}
                onClick={() => void move(o)}
              >
                {when(o.start)} · {o.providerName}
                {props.targets.locationIds.length > 1 ? ` · ${o.locationName}` : ''}
              </Button>
            ))}
          </Stack>
        </>
      )}
    </Box>
  );
}
