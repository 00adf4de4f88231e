CREATE TABLE `patient_recalls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`recall_type_id` integer NOT NULL,
	`due_date` text NOT NULL,
	`manual` integer DEFAULT false NOT NULL,
	`last_visit_date` text,
	`last_appointment_id` integer,
	`provider_id` integer,
	`contacted_ms` integer,
	`contact_note` text,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recall_type_id`) REFERENCES `recall_types`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`last_appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patient_recalls_patient_type` ON `patient_recalls` (`patient_id`,`recall_type_id`);--> statement-breakpoint
CREATE INDEX `patient_recalls_due` ON `patient_recalls` (`due_date`);--> statement-breakpoint
CREATE TABLE `recall_outreach` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_recall_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`due_date` text NOT NULL,
	`step` text NOT NULL,
	`channel` text NOT NULL,
	`to_address` text,
	`body` text,
	`status` text NOT NULL,
	`provider_message_id` text,
	`reason` text,
	`sent_ms` integer,
	`done_by` text,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`patient_recall_id`) REFERENCES `patient_recalls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "recall_outreach_step_values" CHECK("recall_outreach"."step" IN ('before','due','after','call')),
	CONSTRAINT "recall_outreach_channel" CHECK("recall_outreach"."channel" IN ('sms','email','call')),
	CONSTRAINT "recall_outreach_status_values" CHECK("recall_outreach"."status" IN ('sending','sent','failed','skipped','open','done'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recall_outreach_step` ON `recall_outreach` (`patient_recall_id`,`due_date`,`step`);--> statement-breakpoint
CREATE INDEX `recall_outreach_to` ON `recall_outreach` (`to_address`,`sent_ms`);--> statement-breakpoint
CREATE INDEX `recall_outreach_status` ON `recall_outreach` (`status`);--> statement-breakpoint
CREATE TABLE `recall_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`interval_months` integer NOT NULL,
	`visit_type_ids` text NOT NULL,
	`min_age_years` integer,
	`max_age_years` integer,
	`active` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	CONSTRAINT "recall_types_interval" CHECK("recall_types"."interval_months" BETWEEN 1 AND 120),
	CONSTRAINT "recall_types_ages" CHECK(("recall_types"."min_age_years" IS NULL OR "recall_types"."min_age_years" BETWEEN 0 AND 130) AND ("recall_types"."max_age_years" IS NULL OR "recall_types"."max_age_years" BETWEEN 0 AND 130))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recall_types_name_unique` ON `recall_types` (`name`);