DROP INDEX `appointments_confirmation_code_unique`;--> statement-breakpoint
ALTER TABLE `appointments` ADD `rule_override_reason` text;--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_confirmation_code_unique` ON `appointments` (`confirmation_code`) WHERE status <> 'rescheduled';