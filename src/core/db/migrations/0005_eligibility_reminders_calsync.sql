CREATE TABLE `appointment_events` (
	`appointment_id` integer NOT NULL,
	`link_id` integer NOT NULL,
	`remote_id` text,
	`etag` text,
	`state` text NOT NULL,
	`last_error` text,
	`updated_ms` integer NOT NULL,
	PRIMARY KEY(`appointment_id`, `link_id`),
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`link_id`) REFERENCES `calendar_links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `appointment_events_state` ON `appointment_events` (`state`);--> statement-breakpoint
CREATE TABLE `calendar_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`config` text DEFAULT '{}' NOT NULL,
	`secret_sealed` text,
	`status` text DEFAULT 'ok' NOT NULL,
	`last_error` text,
	`last_success_ms` integer,
	`next_run_ms` integer,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "calendar_accounts_kind" CHECK("calendar_accounts"."kind" IN ('google','caldav')),
	CONSTRAINT "calendar_accounts_status" CHECK("calendar_accounts"."status" IN ('ok','error','auth_revoked','paused'))
);
--> statement-breakpoint
CREATE TABLE `calendar_conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`appointment_id` integer NOT NULL,
	`link_id` integer NOT NULL,
	`remote_id` text NOT NULL,
	`busy_start_ms` integer NOT NULL,
	`busy_end_ms` integer NOT NULL,
	`detected_ms` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolved_by` text,
	`resolved_ms` integer,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`link_id`) REFERENCES `calendar_links`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "calendar_conflicts_status" CHECK("calendar_conflicts"."status" IN ('open','kept','rescheduled','notified','gone'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_conflicts_key` ON `calendar_conflicts` (`appointment_id`,`link_id`,`remote_id`);--> statement-breakpoint
CREATE TABLE `calendar_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`remote_calendar_id` text NOT NULL,
	`name` text NOT NULL,
	`busy` integer DEFAULT true NOT NULL,
	`receives_appointments` integer DEFAULT false NOT NULL,
	`cursor` text,
	`last_sync_ms` integer,
	`last_error` text,
	FOREIGN KEY (`account_id`) REFERENCES `calendar_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_links_remote` ON `calendar_links` (`account_id`,`remote_calendar_id`);--> statement-breakpoint
CREATE TABLE `call_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`appointment_id` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`outcome` text,
	`note` text,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	`done_by` text,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "call_tasks_status" CHECK("call_tasks"."status" IN ('open','done')),
	CONSTRAINT "call_tasks_outcome" CHECK("call_tasks"."outcome" IS NULL OR "call_tasks"."outcome" IN ('confirmed','voicemail','no_answer','cancelled','rescheduled','other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_tasks_open` ON `call_tasks` (`appointment_id`) WHERE status = 'open';--> statement-breakpoint
CREATE TABLE `clearinghouse_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`sender_id` text NOT NULL,
	`receiver_id` text NOT NULL,
	`username` text NOT NULL,
	`password_sealed` text NOT NULL,
	`timeout_ms` integer DEFAULT 30000 NOT NULL,
	`max_attempts` integer DEFAULT 3 NOT NULL,
	`stale_after_hours` integer DEFAULT 72 NOT NULL,
	`rate_per_minute` integer DEFAULT 60 NOT NULL,
	`updated_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `eligibility_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`requested_ms` integer NOT NULL,
	`requested_by` text NOT NULL,
	`total` integer NOT NULL,
	`cancelled_ms` integer
);
--> statement-breakpoint
CREATE TABLE `eligibility_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`coverage_id` integer NOT NULL,
	`appointment_id` integer,
	`batch_id` integer,
	`service_types` text NOT NULL,
	`date_of_service` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`interchange_control` integer,
	`request_x12` text,
	`response_x12` text,
	`result` text,
	`coverage_status` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_ms` integer,
	`requested_ms` integer NOT NULL,
	`requested_by` text NOT NULL,
	`completed_ms` integer,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`coverage_id`) REFERENCES `patient_coverages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`batch_id`) REFERENCES `eligibility_batches`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "eligibility_checks_status" CHECK("eligibility_checks"."status" IN ('queued','sending','done','failed','manual')),
	CONSTRAINT "eligibility_checks_source" CHECK("eligibility_checks"."source" IN ('clearinghouse','manual')),
	CONSTRAINT "eligibility_checks_coverage_status" CHECK("eligibility_checks"."coverage_status" IS NULL OR "eligibility_checks"."coverage_status" IN ('active','inactive','unknown'))
);
--> statement-breakpoint
CREATE INDEX `eligibility_checks_patient` ON `eligibility_checks` (`patient_id`,`requested_ms`);--> statement-breakpoint
CREATE INDEX `eligibility_checks_queue` ON `eligibility_checks` (`status`,`next_attempt_ms`);--> statement-breakpoint
CREATE INDEX `eligibility_checks_appointment` ON `eligibility_checks` (`appointment_id`);--> statement-breakpoint
CREATE TABLE `external_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_id` integer NOT NULL,
	`remote_id` text NOT NULL,
	`etag` text,
	`busy` text DEFAULT '[]' NOT NULL,
	`clinic_appointment_id` integer,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`link_id`) REFERENCES `calendar_links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_events_remote` ON `external_events` (`link_id`,`remote_id`);--> statement-breakpoint
CREATE TABLE `ics_feeds` (
	`provider_id` integer PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`created_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ics_feeds_token_unique` ON `ics_feeds` (`token`);--> statement-breakpoint
CREATE TABLE `inbound_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`from_address` text NOT NULL,
	`to_address` text,
	`body` text NOT NULL,
	`received_ms` integer NOT NULL,
	`provider_message_id` text,
	`classification` text NOT NULL,
	`appointment_id` integer,
	`status` text NOT NULL,
	`note` text,
	`handled_by` text,
	`handled_ms` integer,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "inbound_messages_status_values" CHECK("inbound_messages"."status" IN ('handled','staff','done'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_provider_message_id_unique` ON `inbound_messages` (`provider_message_id`);--> statement-breakpoint
CREATE INDEX `inbound_messages_status` ON `inbound_messages` (`status`,`received_ms`);--> statement-breakpoint
CREATE TABLE `messaging_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`twilio_account_sid` text,
	`twilio_auth_token_sealed` text,
	`twilio_from` text,
	`twilio_api_base_url` text,
	`public_base_url` text,
	`smtp_host` text,
	`smtp_port` integer,
	`smtp_secure` integer DEFAULT false NOT NULL,
	`smtp_user` text,
	`smtp_password_sealed` text,
	`email_from` text,
	`rate_per_second` real DEFAULT 1 NOT NULL,
	`last_inbound_poll_ms` integer,
	`updated_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `opt_outs` (
	`address` text NOT NULL,
	`channel` text NOT NULL,
	`opted_out_ms` integer NOT NULL,
	`opted_in_ms` integer,
	`source` text NOT NULL,
	PRIMARY KEY(`address`, `channel`)
);
--> statement-breakpoint
CREATE TABLE `reminder_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`visit_type_id` integer,
	`policy` text NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_policies_visit_type` ON `reminder_policies` (`visit_type_id`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`appointment_id` integer NOT NULL,
	`touchpoint_key` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`to_address` text,
	`language` text DEFAULT 'en' NOT NULL,
	`status` text NOT NULL,
	`due_ms` integer NOT NULL,
	`not_after_ms` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_ms` integer,
	`claimed_ms` integer,
	`body` text,
	`provider_message_id` text,
	`email_message_id` text,
	`reason` text,
	`error` text,
	`sent_ms` integer,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "reminders_channel" CHECK("reminders"."channel" IN ('sms','voice','email','call')),
	CONSTRAINT "reminders_status" CHECK("reminders"."status" IN ('scheduled','sending','sent','delivered','failed','skipped','cancelled','dropped'))
);
--> statement-breakpoint
CREATE INDEX `reminders_due` ON `reminders` (`status`,`due_ms`);--> statement-breakpoint
CREATE INDEX `reminders_appointment` ON `reminders` (`appointment_id`);--> statement-breakpoint
CREATE INDEX `reminders_provider_message` ON `reminders` (`provider_message_id`);--> statement-breakpoint
CREATE TABLE `visit_type_fees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`visit_type_id` integer NOT NULL,
	`payer_id` integer,
	`allowed_cents` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`payer_id`) REFERENCES `payers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "visit_type_fees_amount" CHECK("visit_type_fees"."allowed_cents" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visit_type_fees_payer` ON `visit_type_fees` (`visit_type_id`,`payer_id`);--> statement-breakpoint
CREATE TABLE `x12_counters` (
	`id` integer PRIMARY KEY NOT NULL,
	`interchange` integer DEFAULT 0 NOT NULL,
	`functional_group` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE `appointments` ADD `ics_sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `clinic` ADD `billing_npi` text;--> statement-breakpoint
ALTER TABLE `clinic` ADD `tax_id` text;--> statement-breakpoint
ALTER TABLE `clinic` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `time_zone` text;--> statement-breakpoint
ALTER TABLE `visit_types` ADD `self_pay_cents` integer;