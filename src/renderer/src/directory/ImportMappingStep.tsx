/**
 * Step 2 of the import: the file's first rows as written, and which column fills each field. The
 * server's suggestion is pre-selected; a required field without a column, or one column chosen
 * twice, is said beside the field and the next step waits until it is fixed.
 */
import {
  Alert,
  Box,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { IMPORT_FIELDS, type ImportField } from '../../../shared/providerImportFields';

type Preview = ApiOutput<'providers/importPreview'>;

export function ImportMappingStep(props: {
  preview: Preview;
  onMap(field: ImportField, header: string | null): void;
}) {
  const { preview } = props;
  const problems = new Map<ImportField, string>();
  for (const p of preview.mappingProblems)
    if (!problems.has(p.field)) problems.set(p.field, p.message);
  return (
    <Box>
      <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
        First rows of the file
      </Typography>
      <TableContainer sx={{ maxHeight: 220, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label="First rows of the file">
          <TableHead>
            <TableRow>
              <TableCell>Line</TableCell>
              {preview.headers.map((h, i) => (
                <TableCell key={`${h}-${i}`} sx={{ whiteSpace: 'nowrap' }}>
                  {h}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.sample.map((r) => (
              <TableRow key={r.line}>
                <TableCell>{r.line}</TableCell>
                {preview.headers.map((h, i) => (
                  <TableCell key={`${h}-${i}`} sx={{ whiteSpace: 'nowrap' }}>
                    {r.values[h]}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>

      <Typography variant="subtitle2" component="h3" sx={{ mt: 2, mb: 0.5 }}>
        Which column is which
      </Typography>
      {preview.mappingProblems.length > 0 && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {preview.mappingProblems.length === 1
            ? preview.mappingProblems[0]!.message
            : `${preview.mappingProblems.length} column problems; each is shown beside its field.`}
        </Alert>
      )}
      <Box
        role="group"
        aria-label="Column mapping"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))',
          gap: 1.5,
        }}
      >
        {IMPORT_FIELDS.map((f) => {
          const problem = problems.get(f.key);
          return (
            <TextField
              key={f.key}
              select
              size="small"
              label={f.label}
              required={f.required}
              value={preview.mapping[f.key] ?? ''}
              onChange={(e) => props.onMap(f.key, e.target.value === '' ? null : e.target.value)}
              error={problem !== undefined}
              helperText={problem ?? f.note ?? undefined}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            >
              <MenuItem value="">
                <em>Not in this file</em>
              </MenuItem>
              {preview.headers
                .filter((h) => h !== '')
                .map((h) => (
                  <MenuItem key={h} value={h}>
                    {h}
                  </MenuItem>
                ))}
            </TextField>
          );
        })}
      </Box>
      {preview.unusedHeaders.length > 0 && (
        <Typography color="text.secondary" sx={{ fontSize: 13, mt: 1 }}>
          Columns left out: {preview.unusedHeaders.filter((h) => h !== '').join(', ')}
        </Typography>
      )}
    </Box>
  );
}
