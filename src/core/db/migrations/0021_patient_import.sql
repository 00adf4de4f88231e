CREATE TABLE `patient_external_ids` (
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`patient_id` integer NOT NULL,
	`created_ms` integer NOT NULL,
	PRIMARY KEY(`source`, `external_id`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `patient_external_ids_patient` ON `patient_external_ids` (`patient_id`);--> statement-breakpoint
ALTER TABLE `patients` ADD `deceased_on` text;