CREATE TABLE `secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `entries` ADD `live_status` text;--> statement-breakpoint
ALTER TABLE `entries` ADD `live_reason` text;--> statement-breakpoint
ALTER TABLE `entries` ADD `live_checked_at` integer;--> statement-breakpoint
CREATE INDEX `entries_project_check_idx` ON `entries` (`live_checked_at`) WHERE "entries"."type" = 'project' and "entries"."removed_at" is null;