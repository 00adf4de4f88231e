/**
 * The patient panel: who they are and how often they missed (PatientHeader), their appointments
 * (PatientAppointments), coverage, and their details (PatientDetailsForm). This file only opens
 * the drawer, loads the record and lays the parts out; each part does one job.
 */
import { useState } from 'react';
import { Alert, Box, Button, Divider, Drawer, Typography } from '@mui/material';
import { useAuth } from '../auth/AuthGate';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { CoverageEditor } from './CoverageEditor';
import { CoverageEligibility } from '../eligibility/CoverageEligibility';
import { PatientAppointments } from './PatientAppointments';
import { PatientDetailsForm } from './PatientDetailsForm';
import { PatientHeader } from './PatientHeader';
import { MergeDialog } from './MergeDialog';
import { DeactivatePatientDialog, ReactivatePatientDialog } from './PatientStatusDialog';

export function PatientPanel() {
  const desk = useDesk();
  return (
    <Drawer
      anchor="right"
      open={desk.patientId !== null}
      onClose={desk.closePatient}
      // Opened from the booking dialog (a modal), the panel must sit above it, not behind.
      sx={{ zIndex: (t) => (desk.booking ? t.zIndex.modal + 1 : t.zIndex.drawer) }}
      slotProps={{
        paper: {
          sx: { width: 560, maxWidth: '100vw' },
          role: 'dialog',
          'aria-labelledby': 'patient-panel-title',
        },
      }}
    >
      {desk.patientId !== null && (
        <PatientDetails key={desk.patientId} patientId={desk.patientId} />
      )}
    </Drawer>
  );
}

export function PatientDetails(props: { patientId: number }) {
  const desk = useDesk();
  const auth = useAuth();
  const [merging, setMerging] = useState(false);
  const [status, setStatus] = useState<'deactivate' | 'reactivate' | null>(null);
  const record = useLiveQuery('patients/get', { patientId: props.patientId }, [
    'patients',
    'appointments',
  ]);

  if (record.error && !record.data) {
    return (
      <Box sx={{ p: 3 }}>
        <Alert severity="error">{record.error.message}</Alert>
        <Button onClick={desk.closePatient} sx={{ mt: 2 }}>
          Close
        </Button>
      </Box>
    );
  }
  if (!record.data) {
    return (
      <Typography sx={{ p: 3 }} color="text.secondary">
        Loading…
      </Typography>
    );
  }
  const p = record.data;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <PatientHeader
        patient={p}
        zone={desk.zone}
        mayEdit={auth.may('patients.edit')}
        onBook={() => {
          desk.closePatient();
          desk.openBooking({ patientId: p.id });
        }}
        onMerge={() => setMerging(true)}
        onDeactivate={() => setStatus('deactivate')}
        onReactivate={() => setStatus('reactivate')}
        onOpenPatient={(id) => desk.openPatient(id)}
        onClose={desk.closePatient}
      />
      {merging && (
        <MergeDialog
          patientId={p.id}
          onClose={() => setMerging(false)}
          onMerged={(survivorId, message) => {
            setMerging(false);
            desk.notify(message, 'success');
            desk.openPatient(survivorId);
          }}
        />
      )}
      {status === 'deactivate' && (
        <DeactivatePatientDialog
          patient={p}
          zone={desk.zone}
          onClose={() => setStatus(null)}
          onDone={(message) => {
            setStatus(null);
            desk.notify(message, 'success');
          }}
        />
      )}
      {status === 'reactivate' && (
        <ReactivatePatientDialog
          patient={p}
          onClose={() => setStatus(null)}
          onDone={(message) => {
            setStatus(null);
            desk.notify(message, 'success');
          }}
        />
      )}
      <Divider />
      <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', px: 2.5, pt: 1.5 }}>
        <PatientAppointments
          patientId={props.patientId}
          zone={desk.zone}
          onOpen={(appointmentId) => {
            // The appointment panel takes the screen's right side; its patient link comes back
            // here. A booking dialog left open under this panel would cover it: working on an
            // existing appointment (move, cancel) replaces the booking in progress.
            desk.closePatient();
            desk.closeBooking();
            desk.openAppointment(appointmentId);
          }}
        />
        <CoverageEditor patientId={props.patientId} />
        <CoverageEligibility patientId={props.patientId} />
        <PatientDetailsForm patient={p} onSaved={(message) => desk.notify(message, 'success')} />
      </Box>
    </Box>
  );
}
