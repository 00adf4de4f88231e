/**
 * The storage mapping: one drizzle table per entity. Instants are epoch milliseconds (UTC) in
 * `*_ms` integer columns; templates are local wall-clock minutes plus the clinic's IANA zone;
 * local dates (birth dates, schedule effective dates) are "YYYY-MM-DD" text.
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`) and are
 * append-only; invariants the database can enforce itself live here as CHECKs and in the
 * custom trigger migration.
 */
import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { APPOINTMENT_STATUSES } from '../../shared/appointments';
import { COVERAGE_RELATIONSHIPS, PLAN_PRODUCT_TYPES } from '../../shared/insurance';

// The value lists live in src/shared (browser-safe), so the desk offers exactly what is stored.
export { APPOINTMENT_STATUSES, COVERAGE_RELATIONSHIPS, PLAN_PRODUCT_TYPES };

const bool = (name: string) => integer(name, { mode: 'boolean' });

export const clinic = sqliteTable(
  'clinic',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    slotMinutes: integer('slot_minutes').notNull().default(15),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(0),
    horizonDays: integer('horizon_days').notNull().default(180),
    lateCancelHours: integer('late_cancel_hours').notNull().default(24),
    /** 'new' until someone chooses the demo clinic or an empty one on first start. */
    setupState: text('setup_state').notNull().default('new'),
    updatedMs: integer('updated_ms').notNull(),
    /** The practice's organization NPI (type 2): the billing provider a 270 names. */
    billingNpi: text('billing_npi'),
    /** The practice's EIN (9 digits): the 270's trace and the Good Faith Estimate's TIN. */
    taxId: text('tax_id'),
    /** The front desk's phone, printed on estimates and read in reminders. */
    phone: text('phone'),
    /** A signed-in screen locks after this long without a person's activity (automatic logoff). */
    idleLockMinutes: integer('idle_lock_minutes').notNull().default(10),
    /** However active, a session ends this long after sign-in. */
    sessionHours: integer('session_hours').notNull().default(12),
    /** Bumped by every settings save; a save naming an older version is refused (optimistic lock). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('clinic_singleton', sql`${t.id} = 1`),
    check('clinic_setup_state', sql`${t.setupState} IN ('new','empty','demo')`),
  ],
);

export const locations = sqliteTable('locations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  address1: text('address1').notNull(),
  address2: text('address2'),
  city: text('city').notNull(),
  state: text('state').notNull(),
  zip: text('zip').notNull(),
  lat: real('lat'),
  lon: real('lon'),
  phone: text('phone'),
  active: bool('active').notNull().default(true),
  createdMs: integer('created_ms').notNull(),
  /** Bumped by every settings save; a save naming an older version is refused (optimistic lock). */
  version: integer('version').notNull().default(1),
});

export const providers = sqliteTable(
  'providers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    credentials: text('credentials'),
    npi: text('npi').unique(),
    /** NUCC health care provider taxonomy code, e.g. 207RC0000X (cardiovascular disease). */
    taxonomyCode: text('taxonomy_code').notNull(),
    /** JSON array of ISO 639-1 codes, e.g. ["en","es"]. */
    languages: text('languages').notNull().default('["en"]'),
    sex: text('sex'),
    acceptsNewPatients: bool('accepts_new_patients').notNull().default(true),
    minAgeYears: integer('min_age_years'),
    maxAgeYears: integer('max_age_years'),
    color: text('color').notNull().default('#1976d2'),
    active: bool('active').notNull().default(true),
    createdMs: integer('created_ms').notNull(),
    /** Bumped by every settings save; a save naming an older version is refused (optimistic lock). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('providers_sex', sql`${t.sex} IS NULL OR ${t.sex} IN ('F','M','X')`),
    index('providers_taxonomy').on(t.taxonomyCode),
  ],
);

export const providerLocations = sqliteTable(
  'provider_locations',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.locationId] })],
);

export const visitTypes = sqliteTable(
  'visit_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    durationMinutes: integer('duration_minutes').notNull(),
    cptCode: text('cpt_code'),
    /** Who may book it: 'new' patients, 'established' ones, or 'any'. */
    patientStatus: text('patient_status').notNull().default('any'),
    bufferBeforeMinutes: integer('buffer_before_minutes').notNull().default(0),
    bufferAfterMinutes: integer('buffer_after_minutes').notNull().default(0),
    color: text('color').notNull().default('#607d8b'),
    active: bool('active').notNull().default(true),
    createdMs: integer('created_ms').notNull(),
    /** What a patient without insurance pays, in cents (the Good Faith Estimate's price). */
    selfPayCents: integer('self_pay_cents'),
    /** Bumped by every settings save; a save naming an older version is refused (optimistic lock). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('visit_types_duration', sql`${t.durationMinutes} BETWEEN 5 AND 480`),
    check('visit_types_patient_status', sql`${t.patientStatus} IN ('new','established','any')`),
    // The availability engine looks this far around a window for buffers (db/repos/appointments.ts).
    check(
      'visit_types_buffers',
      sql`${t.bufferBeforeMinutes} BETWEEN 0 AND 120 AND ${t.bufferAfterMinutes} BETWEEN 0 AND 120`,
    ),
  ],
);

export const visitTypeSpecialties = sqliteTable(
  'visit_type_specialties',
  {
    visitTypeId: integer('visit_type_id')
      .notNull()
      .references(() => visitTypes.id, { onDelete: 'cascade' }),
    taxonomyCode: text('taxonomy_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.visitTypeId, t.taxonomyCode] })],
);

/** One version of a provider's weekly hours at one location, valid over a span of local dates. */
export const weeklySchedules = sqliteTable(
  'weekly_schedules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    effectiveFrom: text('effective_from').notNull(),
    /** Last local date this version applies to, inclusive; null = open-ended. */
    effectiveTo: text('effective_to'),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [index('weekly_schedules_provider').on(t.providerId, t.effectiveFrom)],
);

export const scheduleBlocks = sqliteTable(
  'schedule_blocks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    weeklyScheduleId: integer('weekly_schedule_id')
      .notNull()
      .references(() => weeklySchedules.id, { onDelete: 'cascade' }),
    /** ISO weekday, 1 = Monday. */
    weekday: integer('weekday').notNull(),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
    /** 'hours' are bookable; a 'break' (lunch, admin time) is cut out of them. */
    kind: text('kind').notNull().default('hours'),
    /** JSON array of visit type ids this block allows; null = every visit type. */
    visitTypeIds: text('visit_type_ids'),
  },
  (t) => [
    check('schedule_blocks_weekday', sql`${t.weekday} BETWEEN 1 AND 7`),
    check(
      'schedule_blocks_minutes',
      sql`${t.startMinute} >= 0 AND ${t.endMinute} <= 1440 AND ${t.startMinute} < ${t.endMinute}`,
    ),
    check('schedule_blocks_kind', sql`${t.kind} IN ('hours','break')`),
    index('schedule_blocks_schedule').on(t.weeklyScheduleId),
  ],
);

/** A single local date whose hours replace the weekly template (an empty list = closed). */
export const scheduleOverrides = sqliteTable(
  'schedule_overrides',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    date: text('date').notNull(),
    /** JSON array of { start, end, kind, visitTypeIds } in wall-clock minutes. */
    blocks: text('blocks').notNull(),
    reason: text('reason'),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [uniqueIndex('schedule_overrides_day').on(t.providerId, t.locationId, t.date)],
);

export const timeOff = sqliteTable(
  'time_off',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    reason: text('reason'),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [
    check('time_off_span', sql`${t.endMs} > ${t.startMs}`),
    index('time_off_provider').on(t.providerId, t.startMs),
  ],
);

export const patients = sqliteTable(
  'patients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: text('date_of_birth').notNull(),
    sex: text('sex'),
    phoneMobile: text('phone_mobile'),
    phoneHome: text('phone_home'),
    email: text('email'),
    address1: text('address1'),
    city: text('city'),
    state: text('state'),
    zip: text('zip'),
    preferredLanguage: text('preferred_language').notNull().default('en'),
    smsConsent: bool('sms_consent').notNull().default(false),
    emailConsent: bool('email_consent').notNull().default(false),
    voiceConsent: bool('voice_consent').notNull().default(false),
    preferredChannel: text('preferred_channel').notNull().default('none'),
    /** The patient's own IANA zone when it differs from the clinic's (reminders' quiet hours). */
    timeZone: text('time_zone'),
    /** Date of death (YYYY-MM-DD) when known. */
    deceasedOn: text('deceased_on'),
    /** Search keys: lower-case, accent-free name words joined by spaces ("nunez garcia"). */
    lastNameKey: text('last_name_key').notNull(),
    firstNameKey: text('first_name_key').notNull(),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
    /** False for a deceased, merged or otherwise inactive record: left out of search, never booked. */
    active: bool('active').notNull().default(true),
    /** Why the record is inactive: 'deceased', 'merged' (see merged_into_id), 'moved' or 'other'. */
    inactiveReason: text('inactive_reason'),
    inactiveMs: integer('inactive_ms'),
    /** The surviving record this duplicate was merged into (its rows moved there). */
    mergedIntoId: integer('merged_into_id').references((): AnySQLiteColumn => patients.id),
  },
  (t) => [
    check('patients_sex', sql`${t.sex} IS NULL OR ${t.sex} IN ('F','M','X')`),
    check(
      'patients_preferred_channel',
      sql`${t.preferredChannel} IN ('sms','email','voice','none')`,
    ),
    index('patients_dob').on(t.dateOfBirth),
    // Surname-first search in alphabetical order walks this index and stops after one screenful.
    index('patients_name_key').on(t.lastNameKey, t.firstNameKey, t.dateOfBirth),
    index('patients_merged_into').on(t.mergedIntoId),
  ],
);

/**
 * Search-as-you-type index: lower-cased, accent-free name words, phone digits (whole number and
 * last four, prefixed '#') of each patient. A prefix range scan on `token` answers "smi" or
 * "#5512" without touching the patients table.
 */
export const patientSearchTokens = sqliteTable(
  'patient_search_tokens',
  {
    token: text('token').notNull(),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.token, t.patientId] }),
    index('patient_search_tokens_patient').on(t.patientId),
  ],
);

/**
 * The patient's id in another system the clinic imported from ("synthea" / a UUID), so importing
 * the same export again finds the same people instead of creating them twice.
 */
export const patientExternalIds = sqliteTable(
  'patient_external_ids',
  {
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.externalId] }),
    index('patient_external_ids_patient').on(t.patientId),
  ],
);

export const appointments = sqliteTable(
  'appointments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /**
     * Short code read back to the caller, e.g. "K7M-2QX". A reschedule carries it to the new row,
     * so it is unique only among rows that are not the rescheduled-away originals.
     */
    confirmationCode: text('confirmation_code').notNull(),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    visitTypeId: integer('visit_type_id')
      .notNull()
      .references(() => visitTypes.id),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    status: text('status').notNull().default('booked'),
    overbook: bool('overbook').notNull().default(false),
    overbookReason: text('overbook_reason'),
    /** Why the provider's own rules (ages, new patients, visit types) were set aside for this booking. */
    ruleOverrideReason: text('rule_override_reason'),
    cancelReason: text('cancel_reason'),
    cancelledBy: text('cancelled_by'),
    lateCancel: bool('late_cancel').notNull().default(false),
    cancelledMs: integer('cancelled_ms'),
    rescheduledFromId: integer('rescheduled_from_id'),
    rescheduledToId: integer('rescheduled_to_id'),
    bookedBy: text('booked_by').notNull(),
    bookedFrom: text('booked_from').notNull(),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
    /** iCalendar SEQUENCE of this appointment's invitations: raised on every change and on cancel. */
    icsSequence: integer('ics_sequence').notNull().default(0),
  },
  (t) => [
    check(
      'appointments_status',
      sql`${t.status} IN ('booked','confirmed','arrived','in_room','completed','no_show','cancelled','rescheduled')`,
    ),
    // At most a day long: the overlap trigger relies on it to look back only one day.
    check(
      'appointments_span',
      sql`${t.endMs} > ${t.startMs} AND ${t.endMs} - ${t.startMs} <= 86400000`,
    ),
    check(
      'appointments_overbook_reason',
      sql`${t.overbook} = 0 OR length(trim(coalesce(${t.overbookReason}, ''))) > 0`,
    ),
    // Covers the availability engine's busy-time read, so it never touches the table itself.
    index('appointments_provider_start').on(
      t.providerId,
      t.startMs,
      t.endMs,
      t.status,
      t.visitTypeId,
    ),
    // A patient's visits in order; the trailing columns cover the reports' new-patient lag (each
    // patient's visits up to their first kept one) without reading the table.
    index('appointments_patient_start').on(
      t.patientId,
      t.startMs,
      t.status,
      t.createdMs,
      t.providerId,
      t.locationId,
      t.visitTypeId,
    ),
    index('appointments_start').on(t.startMs),
    uniqueIndex('appointments_confirmation_code_unique')
      .on(t.confirmationCode)
      .where(sql`status <> 'rescheduled'`),
    // Cover the reports' scans, so they never touch the table rows. Led by status, so a count by
    // status is a range count and no row's status string is compared: a year of the large
    // clinic's 600,000 visits once cost a comparison per status per row. By time (weekday × hour,
    // lead time, reminder effect) and by provider (utilization, attendance).
    index('appointments_reports').on(
      t.status,
      t.startMs,
      t.providerId,
      t.locationId,
      t.visitTypeId,
      t.endMs,
      t.createdMs,
      t.cancelledMs,
      t.cancelledBy,
    ),
    index('appointments_provider_reports').on(
      t.providerId,
      t.status,
      t.startMs,
      t.endMs,
      t.locationId,
      t.visitTypeId,
      t.cancelledMs,
      t.cancelledBy,
    ),
  ],
);

/**
 * The visit's id in the system it was imported from ("synthea" / an encounter UUID), so
 * importing the same visit export again matches every visit instead of adding it twice.
 */
export const appointmentExternalIds = sqliteTable(
  'appointment_external_ids',
  {
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.externalId] }),
    index('appointment_external_ids_appointment').on(t.appointmentId),
  ],
);

/** Busy time from a provider's own calendars (filled by calendar sync). */
export const externalBusy = sqliteTable(
  'external_busy',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check('external_busy_span', sql`${t.endMs} > ${t.startMs}`),
    uniqueIndex('external_busy_source_id').on(t.providerId, t.source, t.externalId),
    index('external_busy_provider_start').on(t.providerId, t.startMs),
  ],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    atMs: integer('at_ms').notNull(),
    actor: text('actor').notNull(),
    origin: text('origin').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    /** JSON: what changed, before and after where it matters. */
    details: text('details').notNull().default('{}'),
    /** The signed-in staff account (null for system jobs and rows from before accounts). */
    userId: integer('user_id'),
    /** Which PC: the desktop app's host name, or the desk's address over the network. */
    workstation: text('workstation').notNull().default(''),
    /**
     * Tamper evidence: HMAC-SHA256, under a key kept outside the database, over this row and the
     * previous row's mac (core/audit/chain.ts). Changing, inserting or deleting a row breaks it.
     */
    mac: text('mac'),
  },
  (t) => [
    index('audit_log_entity').on(t.entityType, t.entityId),
    index('audit_log_at').on(t.atMs),
    index('audit_log_user').on(t.userId, t.atMs),
  ],
);

/** Each run of the audit-chain verifier (nightly, on demand, `npm run audit:verify`). */
export const auditVerifications = sqliteTable('audit_verifications', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  atMs: integer('at_ms').notNull(),
  rows: integer('rows').notNull(),
  ok: integer('ok', { mode: 'boolean' }).notNull(),
  /** The first row whose mac does not match (null when the chain holds). */
  firstBrokenId: integer('first_broken_id'),
  reason: text('reason'),
  /**
   * The newest chained row when this run ended: the next run checks that it is still there with
   * the same mac, so deleting the newest rows (which leaves a shorter chain that holds) is caught.
   */
  headId: integer('head_id'),
  headMac: text('head_mac'),
  /** 'nightly' | 'manual' | 'cli' */
  trigger: text('trigger').notNull().default('manual'),
});

/**
 * Where and how backups are written: one row. The key is derived from the admin's backup
 * passphrase (scrypt) and kept sealed (SecretBox) so scheduled backups run unattended; the
 * passphrase itself is never stored, and a restore on a new PC needs it again.
 */
export const backupSettings = sqliteTable('backup_settings', {
  id: integer('id').primaryKey(),
  folder: text('folder'),
  keySealed: text('key_sealed'),
  /** base64 scrypt salt and parameters the key was derived with (written into every backup). */
  kdf: text('kdf'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  updatedMs: integer('updated_ms').notNull().default(0),
});

/** Every backup written, with what verification found. Files are named by their id and time. */
export const backups = sqliteTable(
  'backups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    file: text('file').notNull(),
    /** 'scheduled' | 'manual' | 'before-restore' */
    reason: text('reason').notNull(),
    startedMs: integer('started_ms').notNull(),
    finishedMs: integer('finished_ms'),
    bytes: integer('bytes'),
    /** JSON: rows per table in the copy. */
    counts: text('counts'),
    auditHeadId: integer('audit_head_id'),
    auditHeadMac: text('audit_head_mac'),
    verifiedMs: integer('verified_ms'),
    /** 'writing' | 'verified' | 'failed' | 'deleted' */
    status: text('status').notNull(),
    error: text('error'),
  },
  (t) => [index('backups_started').on(t.startedMs)],
);

/**
 * A token per kind of slow-changing data ('directory', 'schedules'), replaced by a random value
 * by triggers (migration 0001) on every write to those tables, in any process. Readers keep
 * decoded copies in memory and reuse them while the token is unchanged; a random token (not a
 * counter) cannot come back after a rolled-back write and make a stale copy look fresh.
 */
export const changeTokens = sqliteTable('change_tokens', {
  name: text('name').primaryKey(),
  token: integer('token').notNull(),
});

/**
 * The longest appointment ever stored, kept by a trigger (migration 0003): how far back the
 * availability engine must look for an appointment that started before a window and runs into
 * it. Usually an hour or two, so a day's busy-time read does not walk the day before.
 */
export const appointmentSpan = sqliteTable('appointment_span', {
  id: integer('id').primaryKey(),
  longestMs: integer('longest_ms').notNull(),
});

/**
 * Names for NUCC taxonomy codes beyond the common ones built in (entities/specialty.ts), learned
 * from imported files that carry them (the NPPES download names each provider's taxonomy), so a
 * provider imported as 207XX0801X reads "Orthopaedic Trauma Physician", not a code.
 */
export const taxonomyNames = sqliteTable('taxonomy_names', {
  code: text('code').primaryKey(),
  displayName: text('display_name').notNull(),
});

/**
 * Which visit types a provider offers when that is narrower than their specialty allows (a
 * cardiologist who does not read stress tests). No rows for a provider means "every visit type
 * open to their specialty".
 */
export const providerVisitTypes = sqliteTable(
  'provider_visit_types',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    visitTypeId: integer('visit_type_id')
      .notNull()
      .references(() => visitTypes.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.visitTypeId] })],
);

/** An insurer ("Aetna"), with the ID the clinic's clearinghouse knows it by. */
export const payers = sqliteTable('payers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  clearinghousePayerId: text('clearinghouse_payer_id'),
  active: bool('active').notNull().default(true),
  createdMs: integer('created_ms').notNull(),
});

/** A plan or product of a payer ("Choice POS II"): networks are per plan, not per payer. */
export const insurancePlans = sqliteTable(
  'insurance_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    payerId: integer('payer_id')
      .notNull()
      .references(() => payers.id),
    name: text('name').notNull(),
    productType: text('product_type').notNull().default('Other'),
    active: bool('active').notNull().default(true),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [
    uniqueIndex('insurance_plans_payer_name').on(t.payerId, t.name),
    check(
      'insurance_plans_product_type',
      sql`${t.productType} IN ('HMO','PPO','POS','EPO','HDHP','Medicare','Medicare Advantage','Medicaid','Other')`,
    ),
  ],
);

/** A provider is in network for a plan from one local date to another (open-ended when null). */
export const providerNetworks = sqliteTable(
  'provider_networks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    planId: integer('plan_id')
      .notNull()
      .references(() => insurancePlans.id),
    effectiveFrom: text('effective_from').notNull(),
    effectiveTo: text('effective_to'),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [
    index('provider_networks_provider').on(t.providerId),
    index('provider_networks_plan').on(t.planId),
    check(
      'provider_networks_dates',
      sql`${t.effectiveTo} IS NULL OR ${t.effectiveTo} >= ${t.effectiveFrom}`,
    ),
  ],
);

/**
 * A patient's insurance: plan, member ID, and the subscriber when the patient is a dependent.
 * Priority 1 is primary, 2 secondary; at most one active coverage holds each priority.
 */
export const patientCoverages = sqliteTable(
  'patient_coverages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    planId: integer('plan_id')
      .notNull()
      .references(() => insurancePlans.id),
    memberId: text('member_id').notNull(),
    groupNumber: text('group_number'),
    priority: integer('priority').notNull().default(1),
    relationship: text('relationship').notNull().default('self'),
    subscriberFirstName: text('subscriber_first_name'),
    subscriberLastName: text('subscriber_last_name'),
    subscriberDateOfBirth: text('subscriber_date_of_birth'),
    effectiveFrom: text('effective_from'),
    effectiveTo: text('effective_to'),
    active: bool('active').notNull().default(true),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    index('patient_coverages_patient').on(t.patientId),
    uniqueIndex('patient_coverages_priority')
      .on(t.patientId, t.priority)
      .where(sql`active = 1`),
    check('patient_coverages_priority_range', sql`${t.priority} BETWEEN 1 AND 3`),
    check(
      'patient_coverages_relationship',
      sql`${t.relationship} IN ('self','spouse','child','other')`,
    ),
    check(
      'patient_coverages_dependent',
      sql`${t.relationship} = 'self' OR (${t.subscriberFirstName} IS NOT NULL AND ${t.subscriberLastName} IS NOT NULL)`,
    ),
  ],
);

/**
 * How matching/search ranks providers, per clinic: weights of the score's parts (matching/score.ts
 * documents each) and the default search radius. JSON so a new part needs no migration.
 */
export const matchingSettings = sqliteTable('matching_settings', {
  id: integer('id').primaryKey(),
  settings: text('settings').notNull().default('{}'),
  updatedMs: integer('updated_ms').notNull(),
});

// ── Eligibility (issue 5) ───────────────────────────────────────────────────────────────────────

/** X12 control numbers: ISA13 and GS06 must never repeat for this sender, across restarts. */
export const x12Counters = sqliteTable('x12_counters', {
  id: integer('id').primaryKey(),
  interchange: integer('interchange').notNull().default(0),
  functionalGroup: integer('functional_group').notNull().default(0),
});

/** The allowed amount of a visit type for a payer (payer null = the default for any payer). */
export const visitTypeFees = sqliteTable(
  'visit_type_fees',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    visitTypeId: integer('visit_type_id')
      .notNull()
      .references(() => visitTypes.id, { onDelete: 'cascade' }),
    payerId: integer('payer_id').references(() => payers.id, { onDelete: 'cascade' }),
    allowedCents: integer('allowed_cents').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    uniqueIndex('visit_type_fees_payer').on(t.visitTypeId, t.payerId),
    check('visit_type_fees_amount', sql`${t.allowedCents} >= 0`),
  ],
);

/**
 * The clinic's clearinghouse connection (CAQH CORE real-time) and who the 270 names as the
 * information receiver. The password is sealed (secrets/secretBox.ts), never plain.
 */
export const clearinghouseSettings = sqliteTable('clearinghouse_settings', {
  id: integer('id').primaryKey(),
  url: text('url').notNull(),
  senderId: text('sender_id').notNull(),
  receiverId: text('receiver_id').notNull(),
  username: text('username').notNull(),
  passwordSealed: text('password_sealed').notNull(),
  timeoutMs: integer('timeout_ms').notNull().default(30000),
  maxAttempts: integer('max_attempts').notNull().default(3),
  /** Results older than this are verified again by the batch. */
  staleAfterHours: integer('stale_after_hours').notNull().default(72),
  /** Batch pacing: requests per minute (0 = no limit). */
  ratePerMinute: integer('rate_per_minute').notNull().default(60),
  updatedMs: integer('updated_ms').notNull(),
});

export const ELIGIBILITY_STATUSES = ['queued', 'sending', 'done', 'failed', 'manual'] as const;

/** One verification: what was asked (270), what came back (271, raw and read), and when. */
export const eligibilityChecks = sqliteTable(
  'eligibility_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    coverageId: integer('coverage_id')
      .notNull()
      .references(() => patientCoverages.id),
    appointmentId: integer('appointment_id').references(() => appointments.id, {
      onDelete: 'set null',
    }),
    batchId: integer('batch_id').references(() => eligibilityBatches.id, { onDelete: 'set null' }),
    /** JSON array of X12 service type codes asked about, e.g. ["30","98"]. */
    serviceTypes: text('service_types').notNull(),
    dateOfService: text('date_of_service').notNull(),
    status: text('status').notNull(),
    source: text('source').notNull(),
    interchangeControl: integer('interchange_control'),
    requestX12: text('request_x12'),
    responseX12: text('response_x12'),
    /** The normalized benefits (eligibility/parse271's result) as JSON, or manual entries. */
    result: text('result'),
    coverageStatus: text('coverage_status'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptMs: integer('next_attempt_ms'),
    requestedMs: integer('requested_ms').notNull(),
    requestedBy: text('requested_by').notNull(),
    completedMs: integer('completed_ms'),
  },
  (t) => [
    index('eligibility_checks_patient').on(t.patientId, t.requestedMs),
    index('eligibility_checks_queue').on(t.status, t.nextAttemptMs),
    index('eligibility_checks_appointment').on(t.appointmentId),
    check(
      'eligibility_checks_status',
      sql`${t.status} IN ('queued','sending','done','failed','manual')`,
    ),
    check('eligibility_checks_source', sql`${t.source} IN ('clearinghouse','manual')`),
    check(
      'eligibility_checks_coverage_status',
      sql`${t.coverageStatus} IS NULL OR ${t.coverageStatus} IN ('active','inactive','unknown')`,
    ),
  ],
);

/** "Verify everyone booked in the next N days": a batch of checks with its progress. */
export const eligibilityBatches = sqliteTable('eligibility_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fromDate: text('from_date').notNull(),
  toDate: text('to_date').notNull(),
  requestedMs: integer('requested_ms').notNull(),
  requestedBy: text('requested_by').notNull(),
  total: integer('total').notNull(),
  cancelledMs: integer('cancelled_ms'),
});

// ── Reminders (issue 6) ─────────────────────────────────────────────────────────────────────────

/** A reminder policy (reminders/policy.ts) for the clinic (visit type null) or one visit type. */
export const reminderPolicies = sqliteTable(
  'reminder_policies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    visitTypeId: integer('visit_type_id').references(() => visitTypes.id, { onDelete: 'cascade' }),
    policy: text('policy').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [uniqueIndex('reminder_policies_visit_type').on(t.visitTypeId)],
);

/** Twilio and SMTP settings; tokens and passwords sealed. One row. */
export const messagingSettings = sqliteTable('messaging_settings', {
  id: integer('id').primaryKey(),
  paused: bool('paused').notNull().default(false),
  twilioAccountSid: text('twilio_account_sid'),
  twilioAuthTokenSealed: text('twilio_auth_token_sealed'),
  twilioFrom: text('twilio_from'),
  /** Only for a stand-in or a regional edge; null = Twilio's own API. */
  twilioApiBaseUrl: text('twilio_api_base_url'),
  /** A public https URL that reaches this host, for signed webhooks; null = poll instead. */
  publicBaseUrl: text('public_base_url'),
  smtpHost: text('smtp_host'),
  smtpPort: integer('smtp_port'),
  smtpSecure: bool('smtp_secure').notNull().default(false),
  smtpUser: text('smtp_user'),
  smtpPasswordSealed: text('smtp_password_sealed'),
  emailFrom: text('email_from'),
  /** Messages per second per sender; 0 = no limit (a short code or a test stand-in). */
  ratePerSecond: real('rate_per_second').notNull().default(1),
  lastInboundPollMs: integer('last_inbound_poll_ms'),
  updatedMs: integer('updated_ms').notNull(),
});

export const REMINDER_STATUSES = [
  'scheduled',
  'sending',
  'sent',
  'delivered',
  'failed',
  'skipped',
  'cancelled',
  'dropped',
] as const;

/**
 * The durable outbox: one row per planned message, written in the same transaction as the
 * booking, reschedule or cancel that causes it. `sending` rows were claimed by a dispatcher; after
 * a crash they are reconciled against the provider's own message log before any retry.
 */
export const reminders = sqliteTable(
  'reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    touchpointKey: text('touchpoint_key').notNull(),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    toAddress: text('to_address'),
    language: text('language').notNull().default('en'),
    status: text('status').notNull(),
    dueMs: integer('due_ms').notNull(),
    notAfterMs: integer('not_after_ms').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptMs: integer('next_attempt_ms'),
    claimedMs: integer('claimed_ms'),
    /** The exact text sent (SMS body / e-mail subject), kept for reconciliation and the queue screen. */
    body: text('body'),
    providerMessageId: text('provider_message_id'),
    emailMessageId: text('email_message_id'),
    /** Why it was planned, moved, skipped or dropped, in words. */
    reason: text('reason'),
    error: text('error'),
    sentMs: integer('sent_ms'),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    index('reminders_due').on(t.status, t.dueMs),
    index('reminders_appointment').on(t.appointmentId),
    index('reminders_provider_message').on(t.providerMessageId),
    // A provider-absence notice is written once per moved visit: a job re-run after a crash
    // finds the row already there instead of queueing the patient a second text.
    uniqueIndex('reminders_absence_notice_once')
      .on(t.appointmentId, t.touchpointKey)
      .where(sql`touchpoint_key LIKE 'absence:%'`),
    check('reminders_channel', sql`${t.channel} IN ('sms','voice','email','call')`),
    check(
      'reminders_status',
      sql`${t.status} IN ('scheduled','sending','sent','delivered','failed','skipped','cancelled','dropped')`,
    ),
  ],
);

/** Every reply and inbound message, kept whatever it said: nothing a patient sends is lost. */
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address'),
    body: text('body').notNull(),
    receivedMs: integer('received_ms').notNull(),
    providerMessageId: text('provider_message_id').unique(),
    classification: text('classification').notNull(),
    appointmentId: integer('appointment_id').references(() => appointments.id, {
      onDelete: 'set null',
    }),
    /** handled (acted on automatically), staff (waits in the inbox), done (staff dealt with it). */
    status: text('status').notNull(),
    note: text('note'),
    handledBy: text('handled_by'),
    handledMs: integer('handled_ms'),
  },
  (t) => [
    index('inbound_messages_status').on(t.status, t.receivedMs),
    check('inbound_messages_status_values', sql`${t.status} IN ('handled','staff','done')`),
  ],
);

/** Numbers and addresses that said STOP (opted_in_ms set when they said START again). */
export const optOuts = sqliteTable(
  'opt_outs',
  {
    address: text('address').notNull(),
    channel: text('channel').notNull(),
    optedOutMs: integer('opted_out_ms').notNull(),
    optedInMs: integer('opted_in_ms'),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.address, t.channel] })],
);

/** Patients staff must phone: unconfirmed before the visit, or no channel reached them. */
export const callTasks = sqliteTable(
  'call_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('open'),
    outcome: text('outcome'),
    note: text('note'),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
    doneBy: text('done_by'),
  },
  (t) => [
    uniqueIndex('call_tasks_open')
      .on(t.appointmentId)
      .where(sql`status = 'open'`),
    check('call_tasks_status', sql`${t.status} IN ('open','done')`),
    check(
      'call_tasks_outcome',
      sql`${t.outcome} IS NULL OR ${t.outcome} IN ('confirmed','voicemail','no_answer','cancelled','rescheduled','other')`,
    ),
  ],
);

// ── Calendar sync (issue 7) ─────────────────────────────────────────────────────────────────────

/** A provider's Google or CalDAV account; tokens or password sealed. */
export const calendarAccounts = sqliteTable(
  'calendar_accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    /** Non-secret settings as JSON (server URL, user name, API root for a stand-in). */
    config: text('config').notNull().default('{}'),
    secretSealed: text('secret_sealed'),
    status: text('status').notNull().default('ok'),
    lastError: text('last_error'),
    lastSuccessMs: integer('last_success_ms'),
    nextRunMs: integer('next_run_ms'),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check('calendar_accounts_kind', sql`${t.kind} IN ('google','caldav')`),
    check('calendar_accounts_status', sql`${t.status} IN ('ok','error','auth_revoked','paused')`),
  ],
);

/** One remote calendar of an account: whether it counts as busy, whether appointments go there. */
export const calendarLinks = sqliteTable(
  'calendar_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => calendarAccounts.id, { onDelete: 'cascade' }),
    remoteCalendarId: text('remote_calendar_id').notNull(),
    name: text('name').notNull(),
    busy: bool('busy').notNull().default(true),
    receivesAppointments: bool('receives_appointments').notNull().default(false),
    cursor: text('cursor'),
    lastSyncMs: integer('last_sync_ms'),
    lastError: text('last_error'),
  },
  (t) => [uniqueIndex('calendar_links_remote').on(t.accountId, t.remoteCalendarId)],
);

/** What we know of each remote event (its ETag and busy instants), to diff the next sync against. */
export const externalEvents = sqliteTable(
  'external_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    linkId: integer('link_id')
      .notNull()
      .references(() => calendarLinks.id, { onDelete: 'cascade' }),
    remoteId: text('remote_id').notNull(),
    etag: text('etag'),
    /**
     * JSON [{startMs,endMs,allDay}] already expanded over the sync window: the busy time, or for
     * one of the clinic's own events where the provider's copy sits (never busy time).
     */
    busy: text('busy').notNull().default('[]'),
    /** Set when this remote event is one of ours (an appointment we wrote), so it never blocks time. */
    clinicAppointmentId: integer('clinic_appointment_id'),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [uniqueIndex('external_events_remote').on(t.linkId, t.remoteId)],
);

/** An appointment's copy on a provider's calendar: remote id and ETag for If-Match updates. */
export const appointmentEvents = sqliteTable(
  'appointment_events',
  {
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    linkId: integer('link_id')
      .notNull()
      .references(() => calendarLinks.id, { onDelete: 'cascade' }),
    remoteId: text('remote_id'),
    etag: text('etag'),
    /** pending (to write), synced, delete (to remove), deleted, failed. */
    state: text('state').notNull(),
    lastError: text('last_error'),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.appointmentId, t.linkId] }),
    index('appointment_events_state').on(t.state),
  ],
);

/** External busy time that landed on a booked appointment: shown to staff, never auto-moved. */
export const calendarConflicts = sqliteTable(
  'calendar_conflicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    linkId: integer('link_id')
      .notNull()
      .references(() => calendarLinks.id, { onDelete: 'cascade' }),
    remoteId: text('remote_id').notNull(),
    busyStartMs: integer('busy_start_ms').notNull(),
    busyEndMs: integer('busy_end_ms').notNull(),
    detectedMs: integer('detected_ms').notNull(),
    status: text('status').notNull().default('open'),
    resolvedBy: text('resolved_by'),
    resolvedMs: integer('resolved_ms'),
  },
  (t) => [
    uniqueIndex('calendar_conflicts_key').on(t.appointmentId, t.linkId, t.remoteId),
    check(
      'calendar_conflicts_status',
      sql`${t.status} IN ('open','kept','rescheduled','notified','gone')`,
    ),
  ],
);

/** A provider's read-only ICS feed, addressed by an unguessable token. */
export const icsFeeds = sqliteTable('ics_feeds', {
  providerId: integer('provider_id')
    .primaryKey()
    .references(() => providers.id, { onDelete: 'cascade' }),
  token: text('token').notNull().unique(),
  createdMs: integer('created_ms').notNull(),
});

/**
 * Who runs the background jobs for this data folder. Two processes can open one folder (the
 * desktop app and `npm run serve`); only the holder of an unexpired lease sends reminders, syncs
 * calendars or sends eligibility checks, so a text is never sent twice. The holder renews it
 * while it runs; another process takes over only after it has expired.
 */
export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  /** A random id per running process (with its pid, for a person reading the row). */
  holder: text('holder').notNull(),
  acquiredMs: integer('acquired_ms').notNull(),
  expiresMs: integer('expires_ms').notNull(),
});

/**
 * Staff accounts: one per person (HIPAA §164.312(a)(2)(i), unique user identification). The
 * password hash carries its own parameters ("scrypt$N$r$p$salt$hash") so they can be raised later
 * without invalidating old hashes.
 */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stored lower-case: "Dana" and "dana" are one account. */
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Optional short PIN that unlocks this person's own locked screen (never signs in). */
    pinHash: text('pin_hash'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntilMs: integer('locked_until_ms'),
    /** Set by an admin's reset: the next sign-in must choose a new password. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' })
      .notNull()
      .default(false),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check('users_role', sql`${t.role} IN ('front_desk','provider','biller','manager','admin')`),
  ],
);

/**
 * Signed-in sessions. Only a SHA-256 of the token is stored: the file alone does not let anyone
 * act as a signed-in user.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    workstation: text('workstation').notNull(),
    origin: text('origin').notNull(),
    createdMs: integer('created_ms').notNull(),
    /** The last thing the person did (not a background refresh): the idle lock counts from here. */
    lastActivityMs: integer('last_activity_ms').notNull(),
    /** The absolute limit: past this, sign in again whatever the activity. */
    expiresMs: integer('expires_ms').notNull(),
    lockedMs: integer('locked_ms'),
    failedUnlocks: integer('failed_unlocks').notNull().default(0),
    breakGlass: integer('break_glass', { mode: 'boolean' }).notNull().default(false),
    breakGlassReason: text('break_glass_reason'),
    endedMs: integer('ended_ms'),
    endReason: text('end_reason'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

// ── Reports (issue 16) ──────────────────────────────────────────────────────────────────────────

/**
 * Time to third next available (IHI), measured once per local date per provider and visit type
 * by the daily job (reports/service/tnaa.ts). A day the PC was off is measured when the job next
 * runs, as of that day's start (bookings made later are left out). `days` is null when fewer than
 * three openings exist within the booking horizon.
 */
export const tnaaHistory = sqliteTable(
  'tnaa_history',
  {
    date: text('date').notNull(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    visitTypeId: integer('visit_type_id')
      .notNull()
      .references(() => visitTypes.id, { onDelete: 'cascade' }),
    days: integer('days'),
    /** The instant the measurement stands for: the start of `date` in the clinic's zone. */
    asOfMs: integer('as_of_ms').notNull(),
    computedMs: integer('computed_ms').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.date, t.providerId, t.visitTypeId] }),
    index('tnaa_history_provider').on(t.providerId, t.visitTypeId, t.date),
  ],
);

/**
 * The clinic's no-show model, retrained weekly (reports/service/noShowModel.ts). One row: the
 * latest fit with its held-out AUC; `enabled` only when that AUC and the number of closed
 * appointments clear the bar, so an untested score is never shown.
 */
export const noShowModels = sqliteTable('no_show_models', {
  id: integer('id').primaryKey(),
  trainedMs: integer('trained_ms').notNull(),
  closedAppointments: integer('closed_appointments').notNull(),
  heldOutAuc: real('held_out_auc'),
  enabled: bool('enabled').notNull(),
  /** Why it is on or off, in words. */
  reason: text('reason').notNull(),
  /** The fitted model (trees and bin edges), JSON; null when there was too little to train on. */
  model: text('model'),
});

// ── Access: recurring series (issue 17) ─────────────────────────────────────────────────────────

/**
 * A recurring series as the desk asked for it: who, with whom, what, and the rule (daily or every
 * N weeks, a count or a last date, at most 52 occurrences). Each occurrence's booking is an
 * ordinary appointment made through the one booking path; series_occurrences ties them together.
 */
export const appointmentSeries = sqliteTable(
  'appointment_series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    visitTypeId: integer('visit_type_id')
      .notNull()
      .references(() => visitTypes.id),
    frequency: text('frequency').notNull(),
    /** Every `interval` days or weeks. */
    interval: integer('interval').notNull(),
    /** The first occurrence's local date and wall-clock minutes in the clinic's zone. */
    firstDate: text('first_date').notNull(),
    localMinutes: integer('local_minutes').notNull(),
    /** How many occurrences the rule gives (after a count or an end date). */
    occurrenceCount: integer('occurrence_count').notNull(),
    untilDate: text('until_date'),
    createdBy: text('created_by').notNull(),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [
    check('appointment_series_frequency', sql`${t.frequency} IN ('daily','weekly')`),
    check('appointment_series_interval', sql`${t.interval} BETWEEN 1 AND 52`),
    check('appointment_series_count', sql`${t.occurrenceCount} BETWEEN 1 AND 52`),
    index('appointment_series_patient').on(t.patientId),
  ],
);

/**
 * One row per occurrence of a series, made once when the series is booked and never added to:
 * moving an occurrence points its row at the moved appointment, a skipped occurrence has none.
 */
export const seriesOccurrences = sqliteTable(
  'series_occurrences',
  {
    seriesId: integer('series_id')
      .notNull()
      .references(() => appointmentSeries.id, { onDelete: 'cascade' }),
    /** 1-based position in the rule. */
    position: integer('position').notNull(),
    /** The local date the rule gives for this occurrence. */
    plannedDate: text('planned_date').notNull(),
    /** The occurrence's current appointment (follows reschedules); null when skipped. */
    appointmentId: integer('appointment_id').references(() => appointments.id),
  },
  (t) => [
    primaryKey({ columns: [t.seriesId, t.position] }),
    uniqueIndex('series_occurrences_appointment').on(t.appointmentId),
    check('series_occurrences_position', sql`${t.position} BETWEEN 1 AND 52`),
  ],
);

// ── Access: waitlist with automatic offers (issue 17) ───────────────────────────────────────────

/** A patient waiting for an earlier or any opening, with what would suit them. */
export const waitlistEntries = sqliteTable(
  'waitlist_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id),
    /** A provider, or any provider of a specialty (NUCC code), or null/null: anyone who offers the visit type. */
    providerId: integer('provider_id').references(() => providers.id),
    specialty: text('specialty'),
    visitTypeId: integer('visit_type_id')
      .notNull()
      .references(() => visitTypes.id),
    earliestDate: text('earliest_date'),
    latestDate: text('latest_date'),
    /** ISO weekdays (1 = Monday) the patient can come, as a JSON list; null = any day. */
    weekdays: text('weekdays'),
    timeOfDay: text('time_of_day').notNull().default('any'),
    /** A booked later visit to pull forward: taking an offer moves it instead of adding one. */
    linkedAppointmentId: integer('linked_appointment_id').references(() => appointments.id),
    priority: integer('priority').notNull().default(0),
    expiresMs: integer('expires_ms'),
    status: text('status').notNull().default('active'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check('waitlist_entries_status', sql`${t.status} IN ('active','booked','removed','expired')`),
    check('waitlist_entries_time_of_day', sql`${t.timeOfDay} IN ('any','morning','afternoon')`),
    index('waitlist_entries_active').on(t.status, t.visitTypeId),
    index('waitlist_entries_patient').on(t.patientId),
  ],
);

/**
 * A freed slot being offered: from a cancellation or reschedule (through the booking follow-up
 * port) or offered by hand. Offers go out in waves until someone takes it, it is taken elsewhere,
 * or it is too close to start.
 */
export const waitlistSlots = sqliteTable(
  'waitlist_slots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    freedFromAppointmentId: integer('freed_from_appointment_id').references(() => appointments.id),
    source: text('source').notNull(),
    status: text('status').notNull().default('open'),
    /** Why it closed, in words. */
    reason: text('reason'),
    wave: integer('wave').notNull().default(0),
    nextWaveMs: integer('next_wave_ms').notNull(),
    filledByOfferId: integer('filled_by_offer_id'),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check('waitlist_slots_status', sql`${t.status} IN ('open','filled','closed')`),
    check('waitlist_slots_span', sql`${t.endMs} > ${t.startMs}`),
    index('waitlist_slots_open').on(t.status, t.nextWaveMs),
  ],
);

/** One offer of one slot to one waitlisted patient, by SMS. */
export const waitlistOffers = sqliteTable(
  'waitlist_offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slotId: integer('slot_id')
      .notNull()
      .references(() => waitlistSlots.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => waitlistEntries.id, { onDelete: 'cascade' }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id),
    wave: integer('wave').notNull(),
    toAddress: text('to_address').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('pending'),
    providerMessageId: text('provider_message_id'),
    sentMs: integer('sent_ms'),
    expiresMs: integer('expires_ms').notNull(),
    answeredMs: integer('answered_ms'),
    appointmentId: integer('appointment_id').references(() => appointments.id),
    reason: text('reason'),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check(
      'waitlist_offers_status',
      sql`${t.status} IN ('pending','accepted','declined','expired','lost','failed')`,
    ),
    uniqueIndex('waitlist_offers_slot_entry').on(t.slotId, t.entryId),
    index('waitlist_offers_to').on(t.toAddress, t.sentMs),
    index('waitlist_offers_patient').on(t.patientId, t.createdMs),
    index('waitlist_offers_slot').on(t.slotId, t.status),
  ],
);

// ── Recall (issue 17 item 2) ────────────────────────────────────────────────────────────────────

/** A kind of visit patients are due for again after an interval (annual physical: 12 months). */
export const recallTypes = sqliteTable(
  'recall_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    intervalMonths: integer('interval_months').notNull(),
    /** Visit types whose completion satisfies it, as a JSON list; the first is the one booked. */
    visitTypeIds: text('visit_type_ids').notNull(),
    /** Ages (whole years, on the due date) it applies to; null = no limit. */
    minAgeYears: integer('min_age_years'),
    maxAgeYears: integer('max_age_years'),
    active: bool('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check('recall_types_interval', sql`${t.intervalMonths} BETWEEN 1 AND 120`),
    check(
      'recall_types_ages',
      sql`(${t.minAgeYears} IS NULL OR ${t.minAgeYears} BETWEEN 0 AND 130) AND (${t.maxAgeYears} IS NULL OR ${t.maxAgeYears} BETWEEN 0 AND 130)`,
    ),
  ],
);

/** A patient's next due date for one recall type: computed from the last completing visit, or set by hand. */
export const patientRecalls = sqliteTable(
  'patient_recalls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    recallTypeId: integer('recall_type_id')
      .notNull()
      .references(() => recallTypes.id, { onDelete: 'cascade' }),
    dueDate: text('due_date').notNull(),
    /** Set by staff: a completed visit no longer moves the due date. */
    manual: bool('manual').notNull().default(false),
    lastVisitDate: text('last_visit_date'),
    lastAppointmentId: integer('last_appointment_id').references(() => appointments.id, {
      onDelete: 'set null',
    }),
    /** Who saw the patient last for it (the worklist's provider filter). */
    providerId: integer('provider_id').references(() => providers.id),
    contactedMs: integer('contacted_ms'),
    contactNote: text('contact_note'),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    uniqueIndex('patient_recalls_patient_type').on(t.patientId, t.recallTypeId),
    index('patient_recalls_due').on(t.dueDate),
  ],
);

/**
 * One outreach step for one due date (before, at, after the due date, then a call task). The
 * unique key is the idempotency: a step is written once, before it is sent, so a crash between
 * the write and the send never sends it twice.
 */
export const recallOutreach = sqliteTable(
  'recall_outreach',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientRecallId: integer('patient_recall_id')
      .notNull()
      .references(() => patientRecalls.id, { onDelete: 'cascade' }),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    dueDate: text('due_date').notNull(),
    step: text('step').notNull(),
    channel: text('channel').notNull(),
    toAddress: text('to_address'),
    body: text('body'),
    status: text('status').notNull(),
    providerMessageId: text('provider_message_id'),
    reason: text('reason'),
    sentMs: integer('sent_ms'),
    doneBy: text('done_by'),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    uniqueIndex('recall_outreach_step').on(t.patientRecallId, t.dueDate, t.step),
    index('recall_outreach_to').on(t.toAddress, t.sentMs),
    index('recall_outreach_status').on(t.status),
    check('recall_outreach_step_values', sql`${t.step} IN ('before','due','after','call')`),
    check('recall_outreach_channel', sql`${t.channel} IN ('sms','email','call')`),
    check(
      'recall_outreach_status_values',
      sql`${t.status} IN ('sending','sent','failed','skipped','open','done')`,
    ),
  ],
);

// ── Access: provider absence (issue 17) ─────────────────────────────────────────────────────────

/**
 * A provider marked absent over a span: the time off it recorded, and the job that moves the
 * visits it hit. review (proposals held, staff deciding) → accepting (the job is moving and
 * notifying, one visit per transaction, so a crash resumes where it stopped) → done; or discarded.
 */
export const absences = sqliteTable(
  'absences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    reason: text('reason'),
    timeOffId: integer('time_off_id').references(() => timeOff.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('review'),
    /** A moved patient who has not answered the notice this long after it went out is phoned. */
    answerWithinMinutes: integer('answer_within_minutes').notNull(),
    createdBy: text('created_by').notNull(),
    createdMs: integer('created_ms').notNull(),
    acceptedBy: text('accepted_by'),
    acceptedMs: integer('accepted_ms'),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check('absences_status', sql`${t.status} IN ('review','accepting','done','discarded')`),
    check('absences_span', sql`${t.endMs} > ${t.startMs}`),
    index('absences_status').on(t.status),
  ],
);

/** One affected visit of an absence: its proposal, the staff's decision and how far the job got. */
export const absenceItems = sqliteTable(
  'absence_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    absenceId: integer('absence_id')
      .notNull()
      .references(() => absences.id, { onDelete: 'cascade' }),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id),
    /** same_provider, same_specialty (in network, speaks the patient's language), anyone; null: none found. */
    tier: text('tier'),
    providerId: integer('provider_id').references(() => providers.id),
    locationId: integer('location_id').references(() => locations.id),
    startMs: integer('start_ms'),
    endMs: integer('end_ms'),
    /** How the proposal was found or why there is none, in words. */
    note: text('note'),
    /** move (to the held proposal) or cancel (a provider bump); pending until decided. */
    decision: text('decision').notNull(),
    /** pending → moved | cancelled | failed (the reason in error). */
    state: text('state').notNull().default('pending'),
    newAppointmentId: integer('new_appointment_id').references(() => appointments.id),
    noticeReminderId: integer('notice_reminder_id'),
    error: text('error'),
    callTaskMs: integer('call_task_ms'),
    doneMs: integer('done_ms'),
    updatedMs: integer('updated_ms').notNull(),
  },
  (t) => [
    check(
      'absence_items_tier',
      sql`${t.tier} IS NULL OR ${t.tier} IN ('same_provider','same_specialty','anyone')`,
    ),
    check('absence_items_decision', sql`${t.decision} IN ('move','cancel','pending')`),
    check('absence_items_state', sql`${t.state} IN ('pending','moved','cancelled','failed')`),
    uniqueIndex('absence_items_absence_appointment').on(t.absenceId, t.appointmentId),
    index('absence_items_appointment').on(t.appointmentId),
  ],
);

/**
 * A slot held for a proposal that staff have not yet accepted. The engine reads holds as busy
 * time (db/repos/appointments.ts readBusy), so no booking path, opening search or other proposal
 * can take it; accepting deletes the hold and books the slot in the same transaction.
 */
export const slotHolds = sqliteTable(
  'slot_holds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    visitTypeId: integer('visit_type_id')
      .notNull()
      .references(() => visitTypes.id),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    absenceItemId: integer('absence_item_id')
      .notNull()
      .references(() => absenceItems.id, { onDelete: 'cascade' }),
    createdMs: integer('created_ms').notNull(),
  },
  (t) => [
    check('slot_holds_span', sql`${t.endMs} > ${t.startMs}`),
    uniqueIndex('slot_holds_item').on(t.absenceItemId),
    index('slot_holds_provider_start').on(t.providerId, t.startMs, t.endMs, t.visitTypeId),
  ],
);

/**
 * Each patient's first kept visit (arrived, in room or completed), or null while they have none:
 * the reports' new-patient lag reads only patients whose first kept visit falls in the span (or
 * who have none yet), instead of probing all 100,000 patients of a large clinic. Kept by triggers
 * on appointments (migration 0023_patient_first_kept_triggers.sql) on every path that writes a
 * visit: booking, check-in, cancel, reschedule, merge, import. A row exists for every patient who
 * ever had an appointment.
 */
export const patientFirstKept = sqliteTable(
  'patient_first_kept',
  {
    patientId: integer('patient_id')
      .primaryKey()
      .references(() => patients.id, { onDelete: 'cascade' }),
    firstKeptMs: integer('first_kept_ms'),
  },
  (t) => [index('patient_first_kept_ms').on(t.firstKeptMs)],
);
