/**
 * Numbers that texted STOP. The law and the carriers say no further texts go there until the
 * patient texts START; the list is here so the desk can tell a patient why no reminder came.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  FormControlLabel,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { formatPhone, whenLabel } from '../booking/format';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { CHANNEL_LABEL } from './format';

export function OptOutList() {
  const desk = useDesk();
  const [includeOptedIn, setIncludeOptedIn] = useState(false);
  // Opt-outs and opt-ins arrive as replies: the poll and the webhook emit 'inbox'.
  const list = useLiveQuery('optOuts/list', { includeOptedIn }, ['inbox', 'reminders']);
  const rows = list.data ?? [];
  return (
    <Box>
      <Typography color="text.secondary" sx={{ fontSize: 13, mb: 1 }}>
        No text is sent to these numbers until the patient texts START.
      </Typography>
      <FormControlLabel
        control={
          <Switch checked={includeOptedIn} onChange={(e) => setIncludeOptedIn(e.target.checked)} />
        }
        label="Include numbers that opted back in"
      />
      {list.error && <Alert severity="error">{list.error.message}</Alert>}
      <Table size="small" aria-label="Opt-outs">
        <TableHead>
          <TableRow>
            <TableCell>Number or address</TableCell>
            <TableCell>Channel</TableCell>
            <TableCell>Opted out</TableCell>
            <TableCell>How</TableCell>
            <TableCell>Opted back in</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((o) => (
            <TableRow key={`${o.channel}-${o.address}`} data-testid="opt-out-row">
              <TableCell>{o.channel === 'email' ? o.address : formatPhone(o.address)}</TableCell>
              <TableCell>{CHANNEL_LABEL[o.channel] ?? o.channel}</TableCell>
              <TableCell>{whenLabel(o.optedOutAt, desk.zone)}</TableCell>
              <TableCell>{o.source}</TableCell>
              <TableCell>{o.optedInAt ? whenLabel(o.optedInAt, desk.zone) : '—'}</TableCell>
            </TableRow>
          ))}
          {list.data && rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>
                <Typography color="text.secondary">Nobody has opted out.</Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Box>
  );
}
