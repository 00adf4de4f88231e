import type { ClinicDb } from '../../db/open';
import { stmt } from '../../db/repos/statements';
import type { NuccCode } from '../taxonomyCsv';

/** Stores the official names; a name learned earlier from an import gives way to NUCC's own. */
export function saveTaxonomyNames(db: ClinicDb, codes: readonly NuccCode[]) {
  const known = new Map(
    (
      stmt(db.sqlite, 'SELECT code, display_name AS name FROM taxonomy_names').all() as {
        code: string;
        name: string;
      }[]
    ).map((r) => [r.code, r.name]),
  );
  const upsert = stmt(
    db.sqlite,
    'INSERT INTO taxonomy_names (code, display_name) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET display_name = excluded.display_name',
  );
  let added = 0;
  let renamed = 0;
  for (const c of codes) {
    const before = known.get(c.code);
    if (before === c.name) continue;
    upsert.run(c.code, c.name);
    if (before === undefined) added++;
    else renamed++;
  }
  return { added, renamed, unchanged: codes.length - added - renamed };
}
