/**
 * The Good Faith Estimate (No Surprises Act) for a self-pay patient, drawn from the structured
 * estimate as React and printed with the browser's own print. The API also returns the estimate
 * as an HTML string; it is not injected here: React escapes every value by itself, and the page
 * keeps one way of drawing things (no dangerouslySetInnerHTML to audit).
 *
 * Printing shows only the estimate: while `window.print()` runs, the body carries PRINTING_CLASS
 * and the print stylesheet hides everything else (the desk, the backdrop, the dialog's buttons).
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  GlobalStyles,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { call } from '../api/client';
import { formatDob, formatPhone } from '../booking/format';
import { asApiError } from '../schedules/fieldErrors';
import type { ApiOutput } from '../../../core/api/types';
import { usd } from './format';

type Gfe = ApiOutput<'eligibility/goodFaithEstimate'>['gfe'];

export const PRINTING_CLASS = 'printing-gfe';
const ROOT_CLASS = 'gfe-print-root';

const PRINT_STYLES = `
@media print {
  body.${PRINTING_CLASS} > *:not(.${ROOT_CLASS}) { display: none !important; }
  body.${PRINTING_CLASS} .${ROOT_CLASS} { position: static !important; }
  body.${PRINTING_CLASS} .${ROOT_CLASS} .MuiBackdrop-root,
  body.${PRINTING_CLASS} .${ROOT_CLASS} .MuiDialogActions-root,
  body.${PRINTING_CLASS} .${ROOT_CLASS} .gfe-screen-only { display: none !important; }
  body.${PRINTING_CLASS} .${ROOT_CLASS} .MuiDialog-container { display: block !important; height: auto !important; }
  body.${PRINTING_CLASS} .${ROOT_CLASS} .MuiDialog-paper {
    margin: 0 !important; max-height: none !important; max-width: none !important;
    box-shadow: none !important; overflow: visible !important; width: 100% !important;
  }
  body.${PRINTING_CLASS} .${ROOT_CLASS} .MuiDialogContent-root { overflow: visible !important; }
}`;

/** Print only the estimate; the class comes off when printing ends (or was cancelled). */
function printEstimate() {
  document.body.classList.add(PRINTING_CLASS);
  const done = () => {
    document.body.classList.remove(PRINTING_CLASS);
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

function dates(gfe: Gfe): string {
  if (!gfe.serviceDates) return 'to be scheduled';
  const { from, to } = gfe.serviceDates;
  return from === to ? formatDob(from) : `${formatDob(from)} to ${formatDob(to)}`;
}

export function GoodFaithEstimateView(props: { gfe: Gfe }) {
  const { gfe } = props;
  const d = gfe.disclaimers;
  return (
    <Box data-testid="gfe" sx={{ fontSize: 14, '& p': { my: 0.75 } }}>
      <Typography variant="h5" component="h2" sx={{ fontWeight: 700 }}>
        {gfe.title}
      </Typography>
      <p>Issued {formatDob(gfe.issuedOn)}</p>
      <p>
        <strong>Patient:</strong> {gfe.patient.name}, born {formatDob(gfe.patient.dateOfBirth)}
      </p>
      <p>
        <strong>Primary service:</strong> {gfe.primaryService.description}
        {gfe.primaryService.scheduledDate
          ? `, scheduled for ${formatDob(gfe.primaryService.scheduledDate)}`
          : ''}
      </p>
      <p>
        <strong>Date(s) of service:</strong> {dates(gfe)}
      </p>
      {gfe.providers.map((p, i) => (
        <Box component="section" key={i} sx={{ mt: 2 }}>
          <Typography variant="h6" component="h3">
            {p.name}
          </Typography>
          <p>
            NPI {p.npi} · TIN {p.tin}
            <br />
            {p.location}
          </p>
          <Table size="small" aria-label={`Services by ${p.name}`}>
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell>Code</TableCell>
                <TableCell align="right">Quantity</TableCell>
                <TableCell align="right">Expected charge</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {p.items.map((it, j) => (
                <TableRow key={j}>
                  <TableCell>{it.description}</TableCell>
                  <TableCell>{it.serviceCode}</TableCell>
                  <TableCell align="right">{it.quantity}</TableCell>
                  <TableCell align="right">{usd(it.expectedCharge)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
            <TableFooter>
              <TableRow>
                <TableCell colSpan={3}>Subtotal</TableCell>
                <TableCell align="right">{usd(p.subtotal)}</TableCell>
              </TableRow>
            </TableFooter>
          </Table>
        </Box>
      ))}
      <Typography sx={{ fontSize: 17, fontWeight: 700, mt: 2 }} data-testid="gfe-total">
        Total expected charges: {usd(gfe.totalExpectedCharges)}
      </Typography>
      {gfe.separatelyScheduled.length > 0 && (
        <>
          <Typography variant="h6" component="h3">
            Services scheduled separately
          </Typography>
          <ul>
            {gfe.separatelyScheduled.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </>
      )}
      <Box sx={{ border: 1, p: 1.5, mt: 2 }}>
        <p>{d.estimateOnly}</p>
        <p>{d.additionalItems}</p>
        <p>{d.disputeRight}</p>
        <p>{d.disputeInformation}</p>
        <p>{d.notAContract}</p>
        <p>{d.keepCopy}</p>
      </Box>
      <p>
        Questions: {gfe.contact.name}, {formatPhone(gfe.contact.phone)}
      </p>
    </Box>
  );
}

export function GoodFaithEstimateDialog(props: { appointmentId: number | null; onClose(): void }) {
  const open = props.appointmentId !== null;
  const [state, setState] = useState<{ gfe?: Gfe; error?: string }>({});
  useEffect(() => {
    if (props.appointmentId === null) return;
    let stale = false;
    setState({});
    call('eligibility/goodFaithEstimate', { appointmentId: props.appointmentId }).then(
      (r) => !stale && setState({ gfe: r.gfe }),
      (err: unknown) => !stale && setState({ error: asApiError(err).message }),
    );
    return () => {
      stale = true;
    };
  }, [props.appointmentId]);
  return (
    <Dialog
      open={open}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      scroll="paper"
      className={ROOT_CLASS}
      aria-labelledby="gfe-title"
    >
      <GlobalStyles styles={PRINT_STYLES} />
      <DialogTitle id="gfe-title" className="gfe-screen-only">
        Good Faith Estimate
      </DialogTitle>
      <DialogContent>
        {state.error && (
          <Alert severity="error" role="alert">
            {state.error}
          </Alert>
        )}
        {!state.gfe && !state.error && <LinearProgress aria-label="Loading the estimate" />}
        {state.gfe && <GoodFaithEstimateView gfe={state.gfe} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button variant="contained" disabled={!state.gfe} onClick={printEstimate}>
          Print
        </Button>
      </DialogActions>
    </Dialog>
  );
}
