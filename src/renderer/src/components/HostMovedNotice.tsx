/**
 * When the PC that holds the data moves the office network (Settings → Network: another address
 * or port, or off), the page a desk has open no longer answers. This says so at once, in words,
 * instead of a desk that silently stops updating: where ClinicDesk answers now, and that the
 * browser may ask once about the certificate there.
 */
import { useEffect, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Typography,
} from '@mui/material';
import { onHostMoved, type HostMoved } from '../api/client';

export function HostMovedNotice() {
  const [moved, setMoved] = useState<HostMoved | null>(null);
  useEffect(() => onHostMoved(setMoved), []);
  if (!moved) return null;
  const here = typeof window !== 'undefined' ? window.location.origin : '';
  return (
    <Dialog open aria-labelledby="host-moved-title" data-testid="host-moved">
      <DialogTitle id="host-moved-title">
        {moved.url ? 'ClinicDesk moved to a new address' : 'ClinicDesk stopped serving this desk'}
      </DialogTitle>
      <DialogContent>
        {moved.url ? (
          <>
            <DialogContentText sx={{ mb: 1.5 }}>
              The administrator changed where the PC that holds the data answers. This address (
              {here}) no longer works. Open the new one and sign in again:
            </DialogContentText>
            <Typography
              component="code"
              sx={{
                display: 'block',
                fontFamily: 'monospace',
                fontSize: 16,
                bgcolor: 'action.hover',
                p: 1,
                borderRadius: 1,
              }}
            >
              {moved.url}
            </Typography>
            <DialogContentText sx={{ mt: 1.5 }}>
              If the browser warns about the certificate, compare its SHA-256 fingerprint with the
              one in Settings → Network on that PC before you continue.
            </DialogContentText>
          </>
        ) : (
          <DialogContentText>
            The PC that holds the data no longer serves the office network, so this desk cannot
            reach the schedule. Ask the administrator to turn the office network on again in
            Settings → Network on that PC. Nothing you saved before this message is lost.
          </DialogContentText>
        )}
      </DialogContent>
      {moved.url && (
        <DialogActions>
          <Button variant="contained" href={moved.url}>
            Open the new address
          </Button>
        </DialogActions>
      )}
    </Dialog>
  );
}
