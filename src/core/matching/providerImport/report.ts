/**
 * What a validated import hands back: rows ready to insert, new locations they need, and every
 * problem with the line it is on, so the preview can show "line 14: NPI 1234567890 fails the check
 * digit" and the person can fix the file in one pass.
 */
import type { ImportField } from './fields';

export interface RowIssue {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The field at fault; null when the row as a whole is (wrong number of columns, organization). */
  field: ImportField | null;
  /** The cell as written in the file. */
  value: string;
  /** What is wrong and what to do, without the line number: "NPI 1234567890 fails the check digit". */
  reason: string;
}

/** "line 14: NPI 1234567890 fails the check digit" */
export function describeIssue(issue: RowIssue): string {
  return `line ${issue.line}: ${issue.reason}`;
}

/** Where an imported provider works: a location already in the directory, or one this import adds. */
export type ImportLocationRef = { existingId: number } | { newKey: string };

/** One provider, checked and normalised, in the shape `providers` takes. */
export interface ImportRow {
  line: number;
  npi: string | null;
  firstName: string;
  lastName: string;
  credentials: string | null;
  taxonomyCode: string;
  /** The file's own name for the specialty, kept so an uncommon code still reads as words. */
  specialtyName: string | null;
  /** ISO 639 codes, at least one. */
  languages: string[];
  sex: 'F' | 'M' | 'X' | null;
  acceptsNewPatients: boolean;
  minAgeYears: number | null;
  maxAgeYears: number | null;
  location: ImportLocationRef;
}

/** A practice address no existing location has; insert it before the providers that use it. */
export interface NewLocation {
  /** What ImportRow.location.newKey refers to; only meaningful inside one import. */
  key: string;
  name: string;
  address1: string;
  address2: string | null;
  city: string;
  state: string;
  /** 12345 or 12345-6789. */
  zip: string;
  /** E.164, "+13088652512", or null. */
  phone: string | null;
  /** false = the ZIP has no centroid (PO box); distance search will not see this location. */
  zipKnown: boolean;
  /** The first line that asked for it. */
  firstLine: number;
}

export interface ImportSummary {
  /** Data rows in the file (without the header). */
  rows: number;
  ready: number;
  /** Rows with at least one error. */
  withErrors: number;
  /** Rows with warnings (they are still imported). */
  withWarnings: number;
  /** Organization rows: never imported as providers, so the file needs them skipped or removed. */
  skippedOrganizations: number;
  /** Deactivated or NPI-only records. */
  deactivated: number;
  /** Rows whose NPI is already in the directory or earlier in the file. */
  duplicates: number;
  newLocations: number;
}

export interface ValidationReport {
  ready: ImportRow[];
  errors: RowIssue[];
  warnings: RowIssue[];
  /** Locations the ready rows need, in order of first use. */
  newLocations: NewLocation[];
  /** Remarks about the file as a whole ("no NPI column: duplicates cannot be recognised"). */
  fileWarnings: string[];
  summary: ImportSummary;
}
