CREATE TABLE `guild_totals` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`members` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `guild_weeks` (
	`guild_id` text NOT NULL,
	`week_start` text NOT NULL,
	`members` integer NOT NULL,
	`minutes` integer DEFAULT 0 NOT NULL,
	`build_minutes` integer DEFAULT 0 NOT NULL,
	`projects` integer DEFAULT 0 NOT NULL,
	`checked_in` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`guild_id`, `week_start`)
);
