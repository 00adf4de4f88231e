CREATE TABLE `absence_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`absence_id` integer NOT NULL,
	`appointment_id` integer NOT NULL,
	`tier` text,
	`provider_id` integer,
	`location_id` integer,
	`start_ms` integer,
	`end_ms` integer,
	`note` text,
	`decision` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`new_appointment_id` integer,
	`notice_reminder_id` integer,
	`error` text,
	`call_task_ms` integer,
	`done_ms` integer,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`absence_id`) REFERENCES `absences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "absence_items_tier" CHECK("absence_items"."tier" IS NULL OR "absence_items"."tier" IN ('same_provider','same_specialty','anyone')),
	CONSTRAINT "absence_items_decision" CHECK("absence_items"."decision" IN ('move','cancel','pending')),
	CONSTRAINT "absence_items_state" CHECK("absence_items"."state" IN ('pending','moved','cancelled','failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `absence_items_absence_appointment` ON `absence_items` (`absence_id`,`appointment_id`);--> statement-breakpoint
CREATE INDEX `absence_items_appointment` ON `absence_items` (`appointment_id`);--> statement-breakpoint
CREATE TABLE `absences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`reason` text,
	`time_off_id` integer,
	`status` text DEFAULT 'review' NOT NULL,
	`answer_within_minutes` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_ms` integer NOT NULL,
	`accepted_by` text,
	`accepted_ms` integer,
	`updated_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`time_off_id`) REFERENCES `time_off`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "absences_status" CHECK("absences"."status" IN ('review','accepting','done','discarded')),
	CONSTRAINT "absences_span" CHECK("absences"."end_ms" > "absences"."start_ms")
);
--> statement-breakpoint
CREATE INDEX `absences_status` ON `absences` (`status`);--> statement-breakpoint
CREATE TABLE `slot_holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`visit_type_id` integer NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`absence_item_id` integer NOT NULL,
	`created_ms` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_type_id`) REFERENCES `visit_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`absence_item_id`) REFERENCES `absence_items`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "slot_holds_span" CHECK("slot_holds"."end_ms" > "slot_holds"."start_ms")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `slot_holds_item` ON `slot_holds` (`absence_item_id`);--> statement-breakpoint
CREATE INDEX `slot_holds_provider_start` ON `slot_holds` (`provider_id`,`start_ms`,`end_ms`,`visit_type_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_absence_notice_once` ON `reminders` (`appointment_id`,`touchpoint_key`) WHERE touchpoint_key LIKE 'absence:%';