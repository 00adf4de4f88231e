/**
 * providers/importPreview and providers/importCommit: the CSV import of issue 4. The file travels
 * as base64 (its bytes: Excel's "CSV" is Windows-1252, and only the bytes keep "Peña"); the pure
 * planning is in matching/providerImport; here the directory is read and, on commit, written in
 * the handler's one transaction — a file with errors writes nothing.
 */
import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { listLocations, listProviders } from '../../db/repos/directory';
import { learnTaxonomyNames } from '../../db/repos/insurance';
import { stmt } from '../../db/repos/statements';
import { id, languageCode } from '../../entities/common';
import { PROVIDER_COLORS } from '../../entities/provider';
import { isKnownZip, zipCentroid } from '../../matching/geo';
import {
  IMPORT_FIELD_KEYS,
  planProviderImport,
  previewProviderImport,
  ProviderCsvError,
  ProviderImportError,
  type ImportField,
  type ProviderImportInput,
} from '../../matching/providerImport';
import { AppError, notFound } from '../../errors';
import { defineHandler, type HandlerContext } from '../handler';

const MAX_FILE_BYTES = 4_000_000;

const importInput = z
  .object({
    fileName: z.string().max(260).optional(),
    /** The file's bytes, base64. */
    fileBase64: z
      .string({ error: 'fileBase64 must be the file as base64 text' })
      .min(1, 'choose a file to import')
      .max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4, 'the file is larger than 4 MB; split it'),
    mapping: z
      .partialRecord(
        z.enum(IMPORT_FIELD_KEYS as [ImportField, ...ImportField[]], {
          error: 'mapping keys must be import fields such as npi, lastName, taxonomyCode',
        }),
        z.string().nullable(),
      )
      .optional(),
    defaults: z
      .object({
        languages: z
          .array(languageCode)
          .min(1, 'give at least one default language')
          .default(['en']),
        acceptsNewPatients: z.boolean().default(true),
        locationId: id('default location').nullable().default(null),
      })
      .strict()
      .default({ languages: ['en'], acceptsNewPatients: true, locationId: null }),
  })
  .strict();

function decodeFile(b64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64.replace(/\s+/g, '')))
    throw new AppError('VALIDATION', 'fileBase64: the file must be sent as base64', 'fileBase64');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

function importContext(
  ctx: HandlerContext,
  input: z.output<typeof importInput>,
): ProviderImportInput {
  const locations = listLocations(ctx.db);
  if (
    input.defaults.locationId !== null &&
    !locations.some((l) => l.id === input.defaults.locationId)
  )
    throw notFound('The default location', 'defaults.locationId');
  return {
    file: decodeFile(input.fileBase64),
    ...(input.mapping ? { mapping: input.mapping } : {}),
    existingNpis: new Map(
      listProviders(ctx.db, { includeInactive: true })
        .filter((p) => p.npi)
        .map((p) => [p.npi!, p.displayName]),
    ),
    locations: locations.map((l) => ({ id: l.id, name: l.name, address1: l.address1, zip: l.zip })),
    zipKnown: isKnownZip,
    defaults: input.defaults,
  };
}

/** The import module's typed errors, as the API's. */
function asAppError(err: unknown): never {
  if (err instanceof ProviderCsvError)
    throw new AppError(
      'VALIDATION',
      err.line ? `line ${err.line}: ${err.message}` : err.message,
      'fileBase64',
    );
  if (err instanceof ProviderImportError)
    throw new AppError(
      err.code === 'WRONG_COLUMNS' ? 'VALIDATION' : 'RULE',
      err.message,
      err.code === 'WRONG_COLUMNS'
        ? `mapping${err.field ? `.${err.field}` : ''}`
        : 'skipRowsWithErrors',
    );
  throw err;
}

export const providersImportPreview = defineHandler({
  name: 'providers/importPreview',
  mode: 'read',
  permission: 'settings.manage',
  summary:
    'Read a provider CSV: suggested column mapping, first rows, and a validation report with line numbers. Writes nothing.',
  input: importInput,
  run: (input, ctx) => {
    try {
      return previewProviderImport(importContext(ctx, input));
    } catch (err) {
      return asAppError(err);
    }
  },
});

export const providersImportCommit = defineHandler({
  name: 'providers/importCommit',
  mode: 'write',
  permission: 'settings.manage',
  summary:
    'Import the providers of a CSV in one transaction; refuses a file with errors unless skipRowsWithErrors.',
  input: importInput.extend({
    skipRowsWithErrors: z
      .boolean({ error: 'skipRowsWithErrors must be true or false' })
      .default(false),
  }),
  run: (input, ctx) => {
    let plan;
    try {
      plan = planProviderImport({
        ...importContext(ctx, input),
        skipRowsWithErrors: input.skipRowsWithErrors,
      });
    } catch (err) {
      return asAppError(err);
    }
    const newLocationIds = new Map<string, number>();
    const insertLocation = stmt(
      ctx.db.sqlite,
      `INSERT INTO locations (name, address1, address2, city, state, zip, lat, lon, phone, created_ms)
       VALUES (@name, @address1, @address2, @city, @state, @zip, @lat, @lon, @phone, @now)`,
    );
    for (const l of plan.newLocations) {
      const c = l.zipKnown ? zipCentroid(l.zip) : null;
      const locationId = Number(
        insertLocation.run({ ...l, lat: c?.lat ?? null, lon: c?.lon ?? null, now: ctx.now })
          .lastInsertRowid,
      );
      newLocationIds.set(l.key, locationId);
      writeAudit(ctx, {
        action: 'location.created',
        entityType: 'location',
        entityId: locationId,
        details: { name: l.name, import: input.fileName ?? 'CSV', line: l.firstLine },
      });
    }
    const insertProvider = stmt(
      ctx.db.sqlite,
      `INSERT INTO providers (first_name, last_name, credentials, npi, taxonomy_code, languages, sex, accepts_new_patients,
         min_age_years, max_age_years, color, created_ms)
       VALUES (@firstName, @lastName, @credentials, @npi, @taxonomyCode, @languages, @sex, @acceptsNewPatients,
         @minAgeYears, @maxAgeYears, @color, @now)`,
    );
    const link = stmt(
      ctx.db.sqlite,
      'INSERT INTO provider_locations (provider_id, location_id) VALUES (?, ?)',
    );
    let count = listProviders(ctx.db, { includeInactive: true }).length;
    const names = new Map<string, string>();
    const ids: number[] = [];
    for (const r of plan.rows) {
      const providerId = Number(
        insertProvider.run({
          ...r,
          languages: JSON.stringify(r.languages),
          acceptsNewPatients: r.acceptsNewPatients ? 1 : 0,
          color: PROVIDER_COLORS[count++ % PROVIDER_COLORS.length]!,
          now: ctx.now,
        }).lastInsertRowid,
      );
      const locationId =
        'existingId' in r.location ? r.location.existingId : newLocationIds.get(r.location.newKey)!;
      link.run(providerId, locationId);
      if (r.specialtyName) names.set(r.taxonomyCode, r.specialtyName);
      ids.push(providerId);
      writeAudit(ctx, {
        action: 'provider.created',
        entityType: 'provider',
        entityId: providerId,
        details: {
          name: `${r.firstName} ${r.lastName}`,
          import: input.fileName ?? 'CSV',
          line: r.line,
        },
      });
    }
    learnTaxonomyNames(ctx.db, names);
    ctx.emit({ topic: 'providers', ids });
    ctx.emit({ topic: 'locations', ids: [...newLocationIds.values()] });
    return {
      imported: ids.length,
      newLocations: newLocationIds.size,
      skipped: plan.report.summary.withErrors,
      warnings: plan.report.warnings.length,
      summary: plan.report.summary,
    };
  },
});
