/**
 * `npx tsx bench/export.ts --data DIR`: the clinic's patients and appointments exported as CSV
 * the way Settings → Your data fetches them (clinic/exportCsv page by page, through the API
 * registry on the real database file). Prints rows, seconds, the largest page, and how much the
 * heap and RSS grew while the pages were collected — the point of paging is that no one answer
 * holds the whole file. Use a copy of the large bench clinic (bench/.data/large-*.db, 1M
 * appointments, 100k patients) as DIR/clinicdesk.db: opening it applies this branch's migrations.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApi } from '../src/core/api';
import { openDatabase } from '../src/core/db/open';
import type { ExportTable } from '../src/core/clinic/service/export';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
if (!values.data) throw new Error('--data DIR (holding clinicdesk.db) is required');
const db = openDatabase({ file: path.join(values.data, 'clinicdesk.db'), durability: 'normal' });
const api = createApi();
const ctx = { db, now: Date.now(), actor: 'bench', origin: 'bench' };

for (const table of ['patients', 'appointments'] as ExportTable[]) {
  const heap0 = process.memoryUsage().heapUsed;
  let rss = process.memoryUsage().rss;
  const t0 = performance.now();
  let afterId = 0;
  let rows = 0;
  let bytes = 0;
  let largestPage = 0;
  let pages = 0;
  for (;;) {
    const r = api.call('clinic/exportCsv', { table, afterId }, ctx);
    if (!r.ok) throw new Error(r.error.message);
    const page = r.data as { csv: string; rows: number; nextAfterId: number | null };
    // The window keeps each page's text for its Blob; keep only the size here.
    bytes += page.csv.length;
    largestPage = Math.max(largestPage, page.csv.length);
    rows += page.rows;
    pages++;
    rss = Math.max(rss, process.memoryUsage().rss);
    if (page.nextAfterId === null) break;
    afterId = page.nextAfterId;
  }
  const sec = (performance.now() - t0) / 1000;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  console.log(
    `export.${table}: ${rows.toLocaleString()} rows in ${pages} pages, ${sec.toFixed(1)} s ` +
      `(${Math.round(rows / sec).toLocaleString()} rows/s), file ${mb(bytes)} MB, largest page ${mb(largestPage)} MB, ` +
      `heap +${mb(process.memoryUsage().heapUsed - heap0)} MB, peak RSS ${mb(rss)} MB`,
  );
}
db.close();
