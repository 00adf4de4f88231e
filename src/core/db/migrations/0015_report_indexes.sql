DROP INDEX `appointments_provider_start`;--> statement-breakpoint
DROP INDEX `appointments_patient_start`;--> statement-breakpoint
CREATE INDEX `appointments_provider_start` ON `appointments` (`provider_id`,`start_ms`,`end_ms`,`status`,`visit_type_id`,`location_id`,`cancelled_ms`,`cancelled_by`);--> statement-breakpoint
CREATE INDEX `appointments_patient_start` ON `appointments` (`patient_id`,`start_ms`,`status`,`created_ms`,`provider_id`,`location_id`,`visit_type_id`);