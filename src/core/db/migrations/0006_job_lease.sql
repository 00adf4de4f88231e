CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`acquired_ms` integer NOT NULL,
	`expires_ms` integer NOT NULL
);
