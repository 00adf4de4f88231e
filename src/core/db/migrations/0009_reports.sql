CREATE TABLE `no_show_models` (
	`id` integer PRIMARY KEY NOT NULL,
	`trained_ms` integer NOT NULL,
	`closed_appointments` integer NOT NULL,
	`held_out_auc` real,
	`enabled` integer NOT NULL,
	`reason` text NOT NULL,
	`model` text
);
--> statement-breakpoint
CREATE TABLE `tnaa_history` (
	`date` text NOT NULL,
	`provider_id` integer NOT NULL,
	`visit_type_id` integer NOT NULL,
	`days` integer,
	`as_of_ms` integer NOT NULL,
	`computed_ms` integer NOT NULL,
	PRIMARY KEY(`date`, `provider_id`, `visit_type_id`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tnaa_history_provider` ON `tnaa_history` (`provider_id`,`visit_type_id`,`date`);--> statement-breakpoint
CREATE INDEX `appointments_reports` ON `appointments` (`start_ms`,`status`,`provider_id`,`location_id`,`visit_type_id`,`end_ms`,`created_ms`,`cancelled_ms`,`cancelled_by`);