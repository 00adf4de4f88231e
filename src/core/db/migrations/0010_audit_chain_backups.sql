CREATE TABLE `audit_verifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at_ms` integer NOT NULL,
	`rows` integer NOT NULL,
	`ok` integer NOT NULL,
	`first_broken_id` integer,
	`reason` text
);
--> statement-breakpoint
CREATE TABLE `backup_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`folder` text,
	`key_sealed` text,
	`kdf` text,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_ms` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `backups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file` text NOT NULL,
	`reason` text NOT NULL,
	`started_ms` integer NOT NULL,
	`finished_ms` integer,
	`bytes` integer,
	`counts` text,
	`audit_head_id` integer,
	`audit_head_mac` text,
	`verified_ms` integer,
	`status` text NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `backups_started` ON `backups` (`started_ms`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `user_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `workstation` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `mac` text;--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at_ms`);--> statement-breakpoint
CREATE INDEX `audit_log_user` ON `audit_log` (`user_id`,`at_ms`);--> statement-breakpoint
-- The audit log stays append-only; the one change allowed is giving a row from before the chain
-- its mac, once (db/auditChain.ts chains them when the audit key is first created).
DROP TRIGGER audit_log_no_update;--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
  OLD.mac IS NULL AND NEW.mac IS NOT NULL
  AND NEW.id = OLD.id AND NEW.at_ms = OLD.at_ms AND NEW.actor = OLD.actor
  AND NEW.user_id IS OLD.user_id AND NEW.workstation = OLD.workstation AND NEW.origin = OLD.origin
  AND NEW.action = OLD.action AND NEW.entity_type = OLD.entity_type
  AND NEW.entity_id IS OLD.entity_id AND NEW.details = OLD.details
)
BEGIN
  SELECT RAISE(ABORT, 'CLINICDESK_AUDIT: the audit log cannot be changed');
END;
