/**
 * "Patients": find a patient by name, date of birth or the last 4 of a phone, and open their
 * record (appointments, coverage, consent). The same search the booking dialog uses.
 */
import { useEffect, useRef, useState } from 'react';
import { Box, Button, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import { PatientSearch } from '../booking/PatientSearch';
import { useDesk } from '../desk/DeskContext';

export function PatientsScreen() {
  const desk = useDesk();
  const inputRef = useRef<HTMLInputElement>(null);
  const [includeInactive, setIncludeInactive] = useState(false);
  useEffect(() => inputRef.current?.focus(), []);
  return (
    <Box component="section" aria-labelledby="patients-title" sx={{ p: 2, maxWidth: 760 }}>
      <Stack direction="row" alignItems="center" spacing={2} sx={{ mb: 2 }}>
        <Typography id="patients-title" variant="h5" component="h2" sx={{ fontWeight: 700 }}>
          Patients
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button variant="outlined" onClick={() => desk.openBooking()}>
          New patient and booking
        </Button>
      </Stack>
      <PatientSearch
        inputRef={inputRef}
        includeInactive={includeInactive}
        onPick={(p) => desk.openPatient(p.id)}
      />
      <FormControlLabel
        sx={{ mt: 1 }}
        control={
          <Checkbox
            size="small"
            checked={includeInactive}
            onChange={(e) => setIncludeInactive(e.target.checked)}
          />
        }
        label="Include inactive, deceased and merged records"
      />
    </Box>
  );
}
