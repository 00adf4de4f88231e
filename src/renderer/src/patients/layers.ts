import type { Theme } from '@mui/material';

/**
 * Opened over the booking dialog, the patient panel sits one layer above the modal layer; a menu,
 * a select's list or an autocomplete's popper at the default modal layer would open behind it.
 */
export const ABOVE_PANEL = { zIndex: (t: Theme) => t.zIndex.modal + 2 };

/** slotProps.select for a TextField select inside the patient panel. */
export const SELECT_ABOVE_PANEL = { MenuProps: { sx: ABOVE_PANEL } } as const;
