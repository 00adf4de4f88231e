CREATE TABLE `appointments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`confirmation_code` text NOT NULL,
	`patient_id` integer NOT NULL,
	`provider_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`visit_type_id` integer NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`status` text DEFAULT 'booked' NOT NULL,
	`overbook` integer DEFAULT false NOT NULL,
	`overbook_reason` text,
	`cancel_reason` text,
	`cancelled_by` text,
	`late_cancel` integer DEFAULT false NOT NULL,
	`cancelled_ms` integer,
	`rescheduled_from_id` integer,
	`rescheduled_to_id` integer,
	`booked_by` text NOT NULL,
	`booked_from` text NOT NULL,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "appointments_status" CHECK("appointments"."status" IN ('booked','confirmed','arrived','in_room','completed','no_show','cancelled','rescheduled')),
	CONSTRAINT "appointments_span" CHECK("appointments"."end_ms" > "appointments"."start_ms" AND "appointments"."end_ms" - "appointments"."start_ms" <= 86400000),
	CONSTRAINT "appointments_overbook_reason" CHECK("appointments"."overbook" = 0 OR length(trim(coalesce("appointments"."overbook_reason", ''))) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_confirmation_code_unique` ON `appointments` (`confirmation_code`);--> statement-breakpoint
CREATE INDEX `appointments_provider_start` ON `appointments` (`provider_id`,`start_ms`,`end_ms`,`status`,`visit_type_id`);--> statement-breakpoint
CREATE INDEX `appointments_patient_start` ON `appointments` (`patient_id`,`start_ms`);--> statement-breakpoint
CREATE INDEX `appointments_start` ON `appointments` (`start_ms`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at_ms` integer NOT NULL,
	`actor` text NOT NULL,
	`origin` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `change_tokens` (
	`name` text PRIMARY KEY NOT NULL,
	`token` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `clinic` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`slot_minutes` integer DEFAULT 15 NOT NULL,
	`min_notice_minutes` integer DEFAULT 0 NOT NULL,
	`horizon_days` integer DEFAULT 180 NOT NULL,
	`late_cancel_hours` integer DEFAULT 24 NOT NULL,
	`setup_state` text DEFAULT 'new' NOT NULL,
	`updated_ms` integer NOT NULL,
	CONSTRAINT "clinic_singleton" CHECK("clinic"."id" = 1),
	CONSTRAINT "clinic_setup_state" CHECK("clinic"."setup_state" IN ('new','empty','demo'))
);
--> statement-breakpoint
CREATE TABLE `external_busy` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "external_busy_span" CHECK("external_busy"."end_ms" > "external_busy"."start_ms")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_busy_source_id` ON `external_busy` (`provider_id`,`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `external_busy_provider_start` ON `external_busy` (`provider_id`,`start_ms`);--> statement-breakpoint
CREATE TABLE `locations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`address1` text NOT NULL,
	`address2` text,
	`city` text NOT NULL,
	`state` text NOT NULL,
	`zip` text NOT NULL,
	`lat` real,
	`lon` real,
	`phone` text,
	`active` integer DEFAULT true NOT NULL,
	`created_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `locations_name_unique` ON `locations` (`name`);--> statement-breakpoint
CREATE TABLE `patient_search_tokens` (
	`token` text NOT NULL,
	`patient_id` integer NOT NULL,
	PRIMARY KEY(`token`, `patient_id`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `patient_search_tokens_patient` ON `patient_search_tokens` (`patient_id`);--> statement-breakpoint
CREATE TABLE `patients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`date_of_birth` text NOT NULL,
	`sex` text,
	`phone_mobile` text,
	`phone_home` text,
	`email` text,
	`address1` text,
	`city` text,
	`state` text,
	`zip` text,
	`preferred_language` text DEFAULT 'en' NOT NULL,
	`sms_consent` integer DEFAULT false NOT NULL,
	`email_consent` integer DEFAULT false NOT NULL,
	`voice_consent` integer DEFAULT false NOT NULL,
	`preferred_channel` text DEFAULT 'none' NOT NULL,
	`last_name_key` text NOT NULL,
	`first_name_key` text NOT NULL,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	CONSTRAINT "patients_sex" CHECK("patients"."sex" IS NULL OR "patients"."sex" IN ('F','M','X')),
	CONSTRAINT "patients_preferred_channel" CHECK("patients"."preferred_channel" IN ('sms','email','voice','none'))
);
--> statement-breakpoint
CREATE INDEX `patients_dob` ON `patients` (`date_of_birth`);--> statement-breakpoint
CREATE INDEX `patients_name_key` ON `patients` (`last_name_key`,`first_name_key`,`date_of_birth`);--> statement-breakpoint
CREATE TABLE `provider_locations` (
	`provider_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	PRIMARY KEY(`provider_id`, `location_id`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `providers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`credentials` text,
	`npi` text,
	`taxonomy_code` text NOT NULL,
	`languages` text DEFAULT '["en"]' NOT NULL,
	`sex` text,
	`accepts_new_patients` integer DEFAULT true NOT NULL,
	`min_age_years` integer,
	`max_age_years` integer,
	`color` text DEFAULT '#1976d2' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_ms` integer NOT NULL,
	CONSTRAINT "providers_sex" CHECK("providers"."sex" IS NULL OR "providers"."sex" IN ('F','M','X'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `providers_npi_unique` ON `providers` (`npi`);--> statement-breakpoint
CREATE INDEX `providers_taxonomy` ON `providers` (`taxonomy_code`);--> statement-breakpoint
CREATE TABLE `schedule_blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`weekly_schedule_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	`kind` text DEFAULT 'hours' NOT NULL,
	`visit_type_ids` text,
	FOREIGN KEY (`weekly_schedule_id`) REFERENCES `weekly_schedules`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "schedule_blocks_weekday" CHECK("schedule_blocks"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "schedule_blocks_minutes" CHECK("schedule_blocks"."start_minute" >= 0 AND "schedule_blocks"."end_minute" <= 1440 AND "schedule_blocks"."start_minute" < "schedule_blocks"."end_minute"),
	CONSTRAINT "schedule_blocks_kind" CHECK("schedule_blocks"."kind" IN ('hours','break'))
);
--> statement-breakpoint
CREATE INDEX `schedule_blocks_schedule` ON `schedule_blocks` (`weekly_schedule_id`);--> statement-breakpoint
CREATE TABLE `schedule_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`date` text NOT NULL,
	`blocks` text NOT NULL,
	`reason` text,
	`created_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedule_overrides_day` ON `schedule_overrides` (`provider_id`,`location_id`,`date`);--> statement-breakpoint
CREATE TABLE `time_off` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`reason` text,
	`created_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "time_off_span" CHECK("time_off"."end_ms" > "time_off"."start_ms")
);
--> statement-breakpoint
CREATE INDEX `time_off_provider` ON `time_off` (`provider_id`,`start_ms`);--> statement-breakpoint
CREATE TABLE `visit_type_specialties` (
	`visit_type_id` integer NOT NULL,
	`taxonomy_code` text NOT NULL,
	PRIMARY KEY(`visit_type_id`, `taxonomy_code`),
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `visit_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`cpt_code` text,
	`patient_status` text DEFAULT 'any' NOT NULL,
	`buffer_before_minutes` integer DEFAULT 0 NOT NULL,
	`buffer_after_minutes` integer DEFAULT 0 NOT NULL,
	`color` text DEFAULT '#607d8b' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_ms` integer NOT NULL,
	CONSTRAINT "visit_types_duration" CHECK("visit_types"."duration_minutes" BETWEEN 5 AND 480),
	CONSTRAINT "visit_types_patient_status" CHECK("visit_types"."patient_status" IN ('new','established','any')),
	CONSTRAINT "visit_types_buffers" CHECK("visit_types"."buffer_before_minutes" BETWEEN 0 AND 120 AND "visit_types"."buffer_after_minutes" BETWEEN 0 AND 120)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visit_types_name_unique` ON `visit_types` (`name`);--> statement-breakpoint
CREATE TABLE `weekly_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`effective_from` text NOT NULL,
	`effective_to` text,
	`created_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `weekly_schedules_provider` ON `weekly_schedules` (`provider_id`,`effective_from`);