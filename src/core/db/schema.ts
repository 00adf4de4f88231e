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
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

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
    /** Search keys: lower-case, accent-free name words joined by spaces ("nunez garcia"). */
    lastNameKey: text('last_name_key').notNull(),
    firstNameKey: text('first_name_key').notNull(),
    createdMs: integer('created_ms').notNull(),
    updatedMs: integer('updated_ms').notNull(),
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

export const APPOINTMENT_STATUSES = [
  'booked',
  'confirmed',
  'arrived',
  'in_room',
  'completed',
  'no_show',
  'cancelled',
  'rescheduled',
] as const;

export const appointments = sqliteTable(
  'appointments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Short code read back to the caller, e.g. "K7M-2QX". */
    confirmationCode: text('confirmation_code').notNull().unique(),
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
    index('appointments_patient_start').on(t.patientId, t.startMs),
    index('appointments_start').on(t.startMs),
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
  },
  (t) => [index('audit_log_entity').on(t.entityType, t.entityId)],
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
 * provider imported as 207XX0801X reads "Orthopaedic Surgery of the Spine Physician", not a code.
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

export const PLAN_PRODUCT_TYPES = [
  'HMO',
  'PPO',
  'POS',
  'EPO',
  'HDHP',
  'Medicare',
  'Medicare Advantage',
  'Medicaid',
  'Other',
] as const;

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

export const COVERAGE_RELATIONSHIPS = ['self', 'spouse', 'child', 'other'] as const;

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
