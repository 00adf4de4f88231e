ALTER TABLE `patients` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `patients` ADD `inactive_reason` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `inactive_ms` integer;--> statement-breakpoint
ALTER TABLE `patients` ADD `merged_into_id` integer REFERENCES patients(id);--> statement-breakpoint
CREATE INDEX `patients_merged_into` ON `patients` (`merged_into_id`);