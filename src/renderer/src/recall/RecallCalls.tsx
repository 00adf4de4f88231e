/**
 * The call queue's recall part: patients the recall texts did not bring in (the cadence's last
 * step), oldest due first. "Reached" records the call on the recall (its texts pause for two
 * weeks); "Book" opens the booking dialog on the patient.
 */
import { Box, Button, Link, Paper, Stack, Typography } from '@mui/material';
import { DateTime } from 'luxon';
import type { ApiOutput } from '../../../core/api/types';
import { call } from '../api/client';
import { formatPhone } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { asApiError } from '../schedules/fieldErrors';

type RecallCall = ApiOutput<'callQueue/list'>['recallCalls'][number];

export function RecallCalls({ calls }: { calls: readonly RecallCall[] }) {
  const desk = useDesk();
  if (calls.length === 0) return null;
  async function reached(c: RecallCall) {
    try {
      await call('recalls/markContacted', { recallId: c.recallId, note: 'called from the queue' });
      desk.notify(`${c.patientName}: recall call recorded.`, 'success');
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    }
  }
  return (
    <Box component="section" aria-labelledby="recall-calls-title" sx={{ mt: 3 }}>
      <Typography id="recall-calls-title" variant="h6" component="h3" sx={{ mb: 1 }}>
        Recall calls ({calls.length})
      </Typography>
      <Stack spacing={1} component="ol" aria-label="Recall calls" sx={{ p: 0, m: 0 }}>
        {calls.map((c) => (
          <Paper
            key={c.outreachId}
            component="li"
            variant="outlined"
            aria-label={`${c.patientName}, ${c.recallTypeName}`}
            sx={{ p: 1.5, listStyle: 'none' }}
          >
            <Stack direction="row" spacing={2} alignItems="center">
              <Link
                component="button"
                type="button"
                sx={{ fontWeight: 700, whiteSpace: 'nowrap' }}
                onClick={() => desk.openPatient(c.patientId)}
              >
                {c.patientName}
              </Link>
              <Typography sx={{ whiteSpace: 'nowrap' }}>
                {c.phone ? formatPhone(c.phone) : 'no phone'}
              </Typography>
              <Typography color="text.secondary" sx={{ flex: 1 }}>
                {c.recallTypeName}, due{' '}
                {DateTime.fromISO(c.dueDate).setLocale('en-US').toFormat('LLL d, yyyy')}; texts did
                not bring them in
              </Typography>
              <Button size="small" onClick={() => desk.openBooking({ patientId: c.patientId })}>
                Book
              </Button>
              <Button size="small" variant="outlined" onClick={() => void reached(c)}>
                Reached
              </Button>
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Box>
  );
}
