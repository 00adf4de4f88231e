CREATE TABLE `appointment_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`provider_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`visit_type_id` integer NOT NULL,
	`frequency` text NOT NULL,
	`interval` integer NOT NULL,
	`first_date` text NOT NULL,
	`local_minutes` integer NOT NULL,
	`occurrence_count` integer NOT NULL,
	`until_date` text,
	`created_by` text NOT NULL,
	`created_ms` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "appointment_series_frequency" CHECK("appointment_series"."frequency" IN ('daily','weekly')),
	CONSTRAINT "appointment_series_interval" CHECK("appointment_series"."interval" BETWEEN 1 AND 52),
	CONSTRAINT "appointment_series_count" CHECK("appointment_series"."occurrence_count" BETWEEN 1 AND 52)
);
--> statement-breakpoint
CREATE INDEX `appointment_series_patient` ON `appointment_series` (`patient_id`);--> statement-breakpoint
CREATE TABLE `series_occurrences` (
	`series_id` integer NOT NULL,
	`position` integer NOT NULL,
	`planned_date` text NOT NULL,
	`appointment_id` integer,
	PRIMARY KEY(`series_id`, `position`),
	FOREIGN KEY (`series_id`) REFERENCES `appointment_series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "series_occurrences_position" CHECK("series_occurrences"."position" BETWEEN 1 AND 52)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_occurrences_appointment` ON `series_occurrences` (`appointment_id`);