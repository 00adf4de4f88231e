CREATE TABLE `patient_first_kept` (
	`patient_id` integer PRIMARY KEY NOT NULL,
	`first_kept_ms` integer,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `patient_first_kept_ms` ON `patient_first_kept` (`first_kept_ms`);