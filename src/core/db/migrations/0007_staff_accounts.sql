CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`workstation` text NOT NULL,
	`origin` text NOT NULL,
	`created_ms` integer NOT NULL,
	`last_activity_ms` integer NOT NULL,
	`expires_ms` integer NOT NULL,
	`locked_ms` integer,
	`failed_unlocks` integer DEFAULT 0 NOT NULL,
	`break_glass` integer DEFAULT false NOT NULL,
	`break_glass_reason` text,
	`ended_ms` integer,
	`end_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`pin_hash` text,
	`active` integer DEFAULT true NOT NULL,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`locked_until_ms` integer,
	`must_change_password` integer DEFAULT false NOT NULL,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	CONSTRAINT "users_role" CHECK("users"."role" IN ('front_desk','provider','biller','manager','admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
ALTER TABLE `clinic` ADD `idle_lock_minutes` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `clinic` ADD `session_hours` integer DEFAULT 12 NOT NULL;