/**
 * The reports screen's CSV export: every table on the screen, one after another, each under its
 * title, in the figures the screen shows. Browser-safe and pure so it can be tested on literal rows.
 */

export interface CsvTable {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * One cell, quoted per RFC 4180 when it holds a comma, quote or line break. A text cell starting
 * with = + - @ gets a leading apostrophe: a provider named "=HYPERLINK(...)" must not become a
 * formula when the manager opens the file in a spreadsheet. Numbers are written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tablesToCsv(tables: readonly CsvTable[]): string {
  const lines: string[] = [];
  for (const t of tables) {
    if (lines.length > 0) lines.push('');
    lines.push(csvCell(t.title));
    lines.push(t.columns.map(csvCell).join(','));
    for (const r of t.rows) lines.push(r.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** A share as a whole-ish percentage for tables: 0.8333 → "83.3 %"; null → "—". */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`;
}

/** A share for the CSV: 0.8333 → 83.3 (percent, one decimal); null stays empty. */
export function percentNumber(x: number | null | undefined): number | null {
  return x === null || x === undefined ? null : Math.round(x * 1000) / 10;
}

/** Minutes as hours with one decimal: 450 → 7.5. */
export function hours(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}
