CREATE TABLE `appointment_external_ids` (
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`appointment_id` integer NOT NULL,
	`created_ms` integer NOT NULL,
	PRIMARY KEY(`source`, `external_id`),
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `appointment_external_ids_appointment` ON `appointment_external_ids` (`appointment_id`);