/**
 * A small clinic built through the public API on a fresh database file, for integration tests.
 * Fixed clock: Monday 2026-03-02 08:00 in New York (13:00Z).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { createApi } from '../../src/core/api';
import type { GoogleTestEndpoints } from '../../src/core/api/handler';
import type { ApiInput, ApiName, ApiOutput } from '../../src/core/api/types';
import { defaultMigrationsFolder, openDatabase, type ClinicDb } from '../../src/core/db/open';
import {
  fileKeySecretBox,
  SECRET_KEY_FILE,
  type SecretBox,
} from '../../src/core/secrets/secretBox';

export const NOW = Date.parse('2026-03-02T13:00:00Z');

export function tempDir(prefix = 'clinicdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

let template: string | null = null;

/**
 * A database file with every shipped migration applied and nothing else, made once in the temp
 * folder (named after the migrations' hashes, so a new or changed migration makes a new one) and
 * copied for each new test clinic: applying 20-odd migrations to every fresh file cost more than
 * most tests that use it. The copy is opened with openDatabase as usual, which still checks that
 * its migrations are exactly the shipped ones and makes the clinic's own audit key. Applying the
 * migrations to a new file is tested where it is the subject (test/integration/database.test.ts).
 */
function migratedTemplate(): string {
  if (template && fs.existsSync(template)) return template;
  const folder = defaultMigrationsFolder();
  const hash = crypto
    .createHash('sha256')
    .update(
      readMigrationFiles({ migrationsFolder: folder })
        .map((m) => m.hash)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16);
  const file = path.join(os.tmpdir(), `clinicdesk-test-schema-${hash}.db`);
  if (!fs.existsSync(file)) {
    const dir = tempDir('clinicdesk-test-schema-');
    const db = openDatabase({ file: path.join(dir, 'clinicdesk.db'), migrationsFolder: folder });
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Another test process may be making the same file: each writes its own, then renames it.
    const part = `${file}.${process.pid}.part`;
    fs.copyFileSync(path.join(dir, 'clinicdesk.db'), part);
    fs.renameSync(part, file);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  template = file;
  return file;
}

export interface TestApi {
  db: ClinicDb;
  dir: string;
  secrets: SecretBox;
  registry: ReturnType<typeof createApi>;
  now: number;
  call<K extends ApiName>(name: K, input: ApiInput<K>): ApiOutput<K>;
  /** The raw result, for asserting on errors. */
  raw(name: string, input: unknown): ReturnType<ReturnType<typeof createApi>['call']>;
  close(): void;
}

export function openTestApi(
  options: { now?: number; dir?: string; googleTestEndpoints?: GoogleTestEndpoints } = {},
): TestApi {
  const dir = options.dir ?? tempDir();
  const file = path.join(dir, 'clinicdesk.db');
  if (!fs.existsSync(file)) fs.copyFileSync(migratedTemplate(), file);
  const db = openDatabase({ file, durability: 'normal' });
  const api = createApi();
  const secrets = fileKeySecretBox(path.join(dir, SECRET_KEY_FILE));
  // As a host's start-up options would set them (never a caller's input).
  const googleTestEndpoints = options.googleTestEndpoints;
  const t: TestApi = {
    db,
    dir,
    secrets,
    registry: api,
    now: options.now ?? NOW,
    call(name, input) {
      const r = api.call(name, input, {
        db,
        now: t.now,
        actor: 'test',
        origin: 'test',
        secrets,
        googleTestEndpoints,
      });
      if (!r.ok)
        throw new Error(
          `${name} failed: ${r.error.code} ${r.error.message} (${r.error.field ?? '-'})`,
        );
      return r.data as ApiOutput<typeof name>;
    },
    raw: (name, input) =>
      api.call(name, input, {
        db,
        now: t.now,
        actor: 'test',
        origin: 'test',
        secrets,
        googleTestEndpoints,
      }),
    close: () => db.close(),
  };
  return t;
}

export const FAMILY = '207Q00000X';
export const CARDIOLOGY = '207RC0000X';

/** Two family doctors and a cardiologist at one location, Mon–Fri 09:00–17:00 with lunch 12–13. */
export function buildTinyClinic(t: TestApi) {
  t.call('setup/startEmpty', { name: 'Test Clinic', timeZone: 'America/New_York' });
  const loc = t.call('locations/create', {
    name: 'Main',
    address1: '1 Main St',
    city: 'Austin',
    state: 'TX',
    zip: '78701',
  });
  const visit = t.call('visitTypes/create', {
    name: 'Follow-up',
    durationMinutes: 30,
    cptCode: '99213',
    specialties: [],
  });
  const newVisit = t.call('visitTypes/create', {
    name: 'New patient',
    durationMinutes: 60,
    cptCode: '99204',
    specialties: [FAMILY],
    patientStatus: 'new',
    bufferAfterMinutes: 10,
  });
  const providers = [
    t.call('providers/create', {
      firstName: 'Ana',
      lastName: 'Patel',
      credentials: 'MD',
      taxonomyCode: FAMILY,
      languages: ['en', 'es'],
      locationIds: [loc.id],
    }),
    t.call('providers/create', {
      firstName: 'Ben',
      lastName: 'Okafor',
      credentials: 'DO',
      taxonomyCode: FAMILY,
      locationIds: [loc.id],
    }),
    t.call('providers/create', {
      firstName: 'Carla',
      lastName: 'Nguyen',
      credentials: 'MD',
      taxonomyCode: CARDIOLOGY,
      locationIds: [loc.id],
    }),
  ];
  for (const p of providers) {
    t.call('schedules/setWeekly', {
      providerId: p.id,
      locationId: loc.id,
      effectiveFrom: '2026-01-01',
      days: [1, 2, 3, 4, 5].map((weekday) => ({
        weekday,
        hours: [{ start: '09:00', end: '17:00' }],
        breaks: [{ start: '12:00', end: '13:00' }],
      })),
    });
  }
  const patient = t.call('patients/create', {
    firstName: 'Maria',
    lastName: 'Lopez',
    dateOfBirth: '1980-05-17',
    phoneMobile: '512-555-0134',
    smsConsent: true,
    preferredChannel: 'sms',
  });
  const patient2 = t.call('patients/create', {
    firstName: 'John',
    lastName: 'Smith',
    dateOfBirth: '1975-01-02',
  });
  return { loc, visit, newVisit, providers, patient, patient2 };
}
