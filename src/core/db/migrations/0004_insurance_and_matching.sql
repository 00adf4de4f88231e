CREATE TABLE `insurance_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payer_id` integer NOT NULL,
	`name` text NOT NULL,
	`product_type` text DEFAULT 'Other' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_ms` integer NOT NULL,
	FOREIGN KEY (`payer_id`) REFERENCES `payers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "insurance_plans_product_type" CHECK("insurance_plans"."product_type" IN ('HMO','PPO','POS','EPO','HDHP','Medicare','Medicare Advantage','Medicaid','Other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `insurance_plans_payer_name` ON `insurance_plans` (`payer_id`,`name`);--> statement-breakpoint
CREATE TABLE `matching_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`updated_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `patient_coverages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`group_number` text,
	`priority` integer DEFAULT 1 NOT NULL,
	`relationship` text DEFAULT 'self' NOT NULL,
	`subscriber_first_name` text,
	`subscriber_last_name` text,
	`subscriber_date_of_birth` text,
	`effective_from` text,
	`effective_to` text,
	`active` integer DEFAULT true NOT NULL,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`plan_id`) REFERENCES `insurance_plans`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "patient_coverages_priority_range" CHECK("patient_coverages"."priority" BETWEEN 1 AND 3),
	CONSTRAINT "patient_coverages_relationship" CHECK("patient_coverages"."relationship" IN ('self','spouse','child','other')),
	CONSTRAINT "patient_coverages_dependent" CHECK("patient_coverages"."relationship" = 'self' OR ("patient_coverages"."subscriber_first_name" IS NOT NULL AND "patient_coverages"."subscriber_last_name" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `patient_coverages_patient` ON `patient_coverages` (`patient_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `patient_coverages_priority` ON `patient_coverages` (`patient_id`,`priority`) WHERE active = 1;--> statement-breakpoint
CREATE TABLE `payers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`clearinghouse_payer_id` text,
	`active` integer DEFAULT true NOT NULL,
	`created_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payers_name_unique` ON `payers` (`name`);--> statement-breakpoint
CREATE TABLE `provider_networks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`effective_from` text NOT NULL,
	`effective_to` text,
	`created_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`plan_id`) REFERENCES `insurance_plans`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "provider_networks_dates" CHECK("provider_networks"."effective_to" IS NULL OR "provider_networks"."effective_to" >= "provider_networks"."effective_from")
);
--> statement-breakpoint
CREATE INDEX `provider_networks_provider` ON `provider_networks` (`provider_id`);--> statement-breakpoint
CREATE INDEX `provider_networks_plan` ON `provider_networks` (`plan_id`);--> statement-breakpoint
CREATE TABLE `provider_visit_types` (
	`provider_id` integer NOT NULL,
	`visit_type_id` integer NOT NULL,
	PRIMARY KEY(`provider_id`, `visit_type_id`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `taxonomy_names` (
	`code` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL
);
--> statement-breakpoint
-- The directory cache (db/repos/directory.ts) also holds networks, offered visit types, plan and
-- taxonomy names: any write to them moves the directory token, as for providers in 0001.
CREATE TRIGGER taxonomy_names_insert_token AFTER INSERT ON taxonomy_names
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER taxonomy_names_update_token AFTER UPDATE ON taxonomy_names
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER taxonomy_names_delete_token AFTER DELETE ON taxonomy_names
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_visit_types_insert_token AFTER INSERT ON provider_visit_types
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_visit_types_update_token AFTER UPDATE ON provider_visit_types
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_visit_types_delete_token AFTER DELETE ON provider_visit_types
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER payers_insert_token AFTER INSERT ON payers
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER payers_update_token AFTER UPDATE ON payers
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER payers_delete_token AFTER DELETE ON payers
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER insurance_plans_insert_token AFTER INSERT ON insurance_plans
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER insurance_plans_update_token AFTER UPDATE ON insurance_plans
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER insurance_plans_delete_token AFTER DELETE ON insurance_plans
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_networks_insert_token AFTER INSERT ON provider_networks
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_networks_update_token AFTER UPDATE ON provider_networks
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_networks_delete_token AFTER DELETE ON provider_networks
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
