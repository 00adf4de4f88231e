DROP INDEX `appointments_patient_start`;--> statement-breakpoint
DROP INDEX `appointments_reports`;--> statement-breakpoint
CREATE INDEX `appointments_provider_reports` ON `appointments` (`provider_id`,`status`,`start_ms`,`end_ms`,`location_id`,`visit_type_id`,`cancelled_ms`,`cancelled_by`);--> statement-breakpoint
CREATE INDEX `appointments_patient_start` ON `appointments` (`patient_id`,`start_ms`,`status`,`created_ms`,`provider_id`,`location_id`,`visit_type_id`);--> statement-breakpoint
CREATE INDEX `appointments_reports` ON `appointments` (`status`,`start_ms`,`provider_id`,`location_id`,`visit_type_id`,`end_ms`,`created_ms`,`cancelled_ms`,`cancelled_by`);