/**
 * Step 3 of the import: what would happen, row by row. Counts first, then every error with its
 * line (downloadable, to fix the file in a spreadsheet), warnings, and the locations the import
 * would create. A file with errors imports only when "skip the N rows with errors" is ticked.
 */
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';
import { fieldLabel } from '../../../shared/providerImportFields';
import { issuesCsv, reportFileName, type ImportIssue } from './format';

type Report = NonNullable<ApiOutput<'providers/importPreview'>['report']>;

/** A 20,000-row NPPES file can have thousands of issues: the screen shows the first ones, the download all. */
const SHOWN_ISSUES = 300;

const labelOf = (field: string | null) => (field === null ? 'Whole row' : fieldLabel(field));

function downloadReport(report: Report, fileName: string) {
  const csv = issuesCsv({ errors: report.errors, warnings: report.warnings, fieldLabel: labelOf });
  // The BOM makes Excel read the file as UTF-8, so "Peña" in a value stays "Peña".
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = reportFileName(fileName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function IssueTable(props: { label: string; issues: readonly ImportIssue[] }) {
  const shown = props.issues.slice(0, SHOWN_ISSUES);
  return (
    <>
      <TableContainer sx={{ maxHeight: 260, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label={props.label}>
          <TableHead>
            <TableRow>
              <TableCell>Line</TableCell>
              <TableCell>Field</TableCell>
              <TableCell>Value</TableCell>
              <TableCell>Reason</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((i, n) => (
              <TableRow key={`${i.line}-${i.field}-${n}`} data-line={i.line}>
                <TableCell>{i.line}</TableCell>
                <TableCell>{labelOf(i.field)}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{i.value}</TableCell>
                <TableCell>{i.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {props.issues.length > shown.length && (
        <Typography color="text.secondary" sx={{ fontSize: 13 }}>
          Showing the first {shown.length} of {props.issues.length}; the downloaded report has them
          all.
        </Typography>
      )}
    </>
  );
}

function Count(props: { label: string; value: number }) {
  return (
    <Box>
      <Typography component="dt" color="text.secondary" sx={{ fontSize: 12 }}>
        {props.label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, fontSize: 20, fontWeight: 600 }}>
        {props.value}
      </Typography>
    </Box>
  );
}

export function ImportReportStep(props: {
  report: Report;
  fileName: string;
  skip: boolean;
  onSkip(skip: boolean): void;
}) {
  const { report } = props;
  const s = report.summary;
  return (
    <Box>
      <Box
        component="dl"
        aria-label="Import summary"
        sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 1, m: 0, mb: 2 }}
      >
        <Count label="Rows in the file" value={s.rows} />
        <Count label="Ready to import" value={s.ready} />
        <Count label="Rows with errors" value={s.withErrors} />
        <Count label="Rows with warnings" value={s.withWarnings} />
        <Count label="Already in the directory or repeated" value={s.duplicates} />
        <Count label="Organizations" value={s.skippedOrganizations} />
        <Count label="Deactivated records" value={s.deactivated} />
        <Count label="New locations" value={s.newLocations} />
      </Box>
      {report.fileWarnings.map((w) => (
        <Alert key={w} severity="warning" sx={{ mb: 1 }}>
          {w}
        </Alert>
      ))}
      {(report.errors.length > 0 || report.warnings.length > 0) && (
        <Button
          size="small"
          variant="outlined"
          onClick={() => downloadReport(report, props.fileName)}
          sx={{ mb: 1 }}
        >
          Download report
        </Button>
      )}
      {report.errors.length > 0 ? (
        <>
          <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
            Errors ({report.errors.length} in {s.withErrors} {s.withErrors === 1 ? 'row' : 'rows'})
          </Typography>
          <IssueTable label="Errors" issues={report.errors} />
        </>
      ) : (
        <Alert severity="success" sx={{ mb: 1 }}>
          No errors: every row can be imported.
        </Alert>
      )}
      {report.warnings.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3" sx={{ mt: 2, mb: 0.5 }}>
            Warnings ({report.warnings.length}; these rows are still imported)
          </Typography>
          <IssueTable label="Warnings" issues={report.warnings} />
        </>
      )}
      {report.newLocations.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3" sx={{ mt: 2, mb: 0.5 }}>
            Locations the import will create
          </Typography>
          <TableContainer
            sx={{ maxHeight: 200, border: 1, borderColor: 'divider', borderRadius: 1 }}
          >
            <Table size="small" stickyHeader aria-label="New locations">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Address</TableCell>
                  <TableCell>First on line</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {report.newLocations.slice(0, SHOWN_ISSUES).map((l) => (
                  <TableRow key={l.key}>
                    <TableCell>{l.name}</TableCell>
                    <TableCell>
                      {[l.address1, l.address2, l.city, `${l.state} ${l.zip}`]
                        .filter(Boolean)
                        .join(', ')}
                      {l.zipKnown ? '' : ' (no map position)'}
                    </TableCell>
                    <TableCell>{l.firstLine}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
      {s.withErrors > 0 && (
        <FormControlLabel
          sx={{ mt: 2 }}
          control={
            <Checkbox checked={props.skip} onChange={(e) => props.onSkip(e.target.checked)} />
          }
          label={`Skip the ${s.withErrors} ${s.withErrors === 1 ? 'row' : 'rows'} with errors and import the other ${s.ready}`}
        />
      )}
    </Box>
  );
}
