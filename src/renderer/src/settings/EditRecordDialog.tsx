/**
 * The one dialog Settings adds and edits a record in (a location, provider, visit type, recall
 * type): its title, and the RecordForm inside, which saves with the version the dialog was opened
 * at, shows a stale-edit conflict beside what was typed, and puts the engine's errors under their
 * fields. The screen mounts it while a record is being edited, so each opening starts from the
 * record as it is then.
 */
import { Dialog, DialogContent, DialogTitle } from '@mui/material';
import { RecordForm, type RecordFormProps } from './RecordForm';

export function EditRecordDialog(
  props: Omit<RecordFormProps, 'onCancel'> & {
    /** "Add location", "Edit Ben Okafor, DO": also the dialog's accessible name. */
    title: string;
    onClose(): void;
    maxWidth?: 'sm' | 'md';
  },
) {
  const { title, onClose, maxWidth, ...form } = props;
  return (
    <Dialog open onClose={onClose} maxWidth={maxWidth ?? 'md'} fullWidth>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent sx={{ pt: '8px !important' }}>
        <RecordForm {...form} onCancel={onClose} />
      </DialogContent>
    </Dialog>
  );
}
