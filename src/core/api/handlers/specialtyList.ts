import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { parseNuccCsv } from '../../clinic/taxonomyCsv';
import { saveTaxonomyNames } from '../../clinic/service/taxonomyNames';
import { defineHandler } from '../handler';

export const specialtiesImportNucc = defineHandler({
  name: 'specialties/importNucc',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    "Load the NUCC taxonomy CSV (nucc.org's download): every code gets its readable name in the specialty picker.",
  input: z
    .object({
      csv: z
        .string({ error: 'csv must be the text of the file' })
        .min(1, 'csv is empty')
        .max(5_000_000, 'csv is too large (at most 5 MB)'),
    })
    .strict(),
  run: (input, ctx) => {
    const { codes, skipped } = parseNuccCsv(input.csv);
    const r = saveTaxonomyNames(ctx.db, codes);
    writeAudit(ctx, {
      action: 'specialties.imported',
      entityType: 'taxonomy_names',
      details: { codes: codes.length, ...r, skipped: skipped.length },
    });
    ctx.emit({ topic: 'providers' });
    return { codes: codes.length, ...r, skipped };
  },
});
