CREATE TABLE `appointment_span` (
	`id` integer PRIMARY KEY NOT NULL,
	`longest_ms` integer NOT NULL
);
