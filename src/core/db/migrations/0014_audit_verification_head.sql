ALTER TABLE `audit_verifications` ADD `head_id` integer;--> statement-breakpoint
ALTER TABLE `audit_verifications` ADD `head_mac` text;--> statement-breakpoint
ALTER TABLE `audit_verifications` ADD `trigger` text DEFAULT 'manual' NOT NULL;