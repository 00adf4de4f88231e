CREATE TABLE `waitlist_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`provider_id` integer,
	`specialty` text,
	`visit_type_id` integer NOT NULL,
	`earliest_date` text,
	`latest_date` text,
	`weekdays` text,
	`time_of_day` text DEFAULT 'any' NOT NULL,
	`linked_appointment_id` integer,
	`priority` integer DEFAULT 0 NOT NULL,
	`expires_ms` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`note` text,
	`created_by` text NOT NULL,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`linked_appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "waitlist_entries_status" CHECK("waitlist_entries"."status" IN ('active','booked','removed','expired')),
	CONSTRAINT "waitlist_entries_time_of_day" CHECK("waitlist_entries"."time_of_day" IN ('any','morning','afternoon'))
);
--> statement-breakpoint
CREATE INDEX `waitlist_entries_active` ON `waitlist_entries` (`status`,`visit_type_id`);--> statement-breakpoint
CREATE INDEX `waitlist_entries_patient` ON `waitlist_entries` (`patient_id`);--> statement-breakpoint
CREATE TABLE `waitlist_offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slot_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`wave` integer NOT NULL,
	`to_address` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`provider_message_id` text,
	`sent_ms` integer,
	`expires_ms` integer NOT NULL,
	`answered_ms` integer,
	`appointment_id` integer,
	`reason` text,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`slot_id`) REFERENCES `waitlist_slots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `waitlist_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "waitlist_offers_status" CHECK("waitlist_offers"."status" IN ('pending','accepted','declined','expired','lost','failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_offers_slot_entry` ON `waitlist_offers` (`slot_id`,`entry_id`);--> statement-breakpoint
CREATE INDEX `waitlist_offers_to` ON `waitlist_offers` (`to_address`,`sent_ms`);--> statement-breakpoint
CREATE INDEX `waitlist_offers_patient` ON `waitlist_offers` (`patient_id`,`created_ms`);--> statement-breakpoint
CREATE INDEX `waitlist_offers_slot` ON `waitlist_offers` (`slot_id`,`status`);--> statement-breakpoint
CREATE TABLE `waitlist_slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`freed_from_appointment_id` integer,
	`source` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`reason` text,
	`wave` integer DEFAULT 0 NOT NULL,
	`next_wave_ms` integer NOT NULL,
	`filled_by_offer_id` integer,
	`created_ms` integer NOT NULL,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`freed_from_appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "waitlist_slots_status" CHECK("waitlist_slots"."status" IN ('open','filled','closed')),
	CONSTRAINT "waitlist_slots_span" CHECK("waitlist_slots"."end_ms" > "waitlist_slots"."start_ms")
);
--> statement-breakpoint
CREATE INDEX `waitlist_slots_open` ON `waitlist_slots` (`status`,`next_wave_ms`);