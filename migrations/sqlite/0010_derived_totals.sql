CREATE TABLE `board_sizes` (
	`guild_id` text NOT NULL,
	`scope` text NOT NULL,
	`metric` text NOT NULL,
	`members` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `scope`, `metric`)
);
--> statement-breakpoint
CREATE TABLE `derived_meta` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `member_days` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`local_date` text NOT NULL,
	`minutes` integer DEFAULT 0 NOT NULL,
	`build_minutes` integer DEFAULT 0 NOT NULL,
	`projects` integer DEFAULT 0 NOT NULL,
	`hours_entries` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`, `local_date`)
);
--> statement-breakpoint
CREATE INDEX `member_days_guild_date_idx` ON `member_days` (`guild_id`,`local_date`);--> statement-breakpoint
CREATE TABLE `member_months` (
	`guild_id` text NOT NULL,
	`month` text NOT NULL,
	`user_id` text NOT NULL,
	`minutes` integer DEFAULT 0 NOT NULL,
	`build_minutes` integer DEFAULT 0 NOT NULL,
	`projects` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`guild_id`, `month`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `member_months_minutes_idx` ON `member_months` (`guild_id`,`month`,"minutes" desc);--> statement-breakpoint
CREATE INDEX `member_months_build_idx` ON `member_months` (`guild_id`,`month`,"build_minutes" desc);--> statement-breakpoint
CREATE INDEX `member_months_projects_idx` ON `member_months` (`guild_id`,`month`,"projects" desc);--> statement-breakpoint
CREATE TABLE `member_totals` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`minutes` integer DEFAULT 0 NOT NULL,
	`build_minutes` integer DEFAULT 0 NOT NULL,
	`projects` integer DEFAULT 0 NOT NULL,
	`hours_entries` integer DEFAULT 0 NOT NULL,
	`last_day` text,
	`last_run` integer DEFAULT 0 NOT NULL,
	`longest_run` integer DEFAULT 0 NOT NULL,
	`current_until` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `member_totals_minutes_idx` ON `member_totals` (`guild_id`,"minutes" desc);--> statement-breakpoint
CREATE INDEX `member_totals_build_idx` ON `member_totals` (`guild_id`,"build_minutes" desc);--> statement-breakpoint
CREATE INDEX `member_totals_projects_idx` ON `member_totals` (`guild_id`,"projects" desc);--> statement-breakpoint
CREATE INDEX `member_totals_streak_idx` ON `member_totals` (`guild_id`,"last_run" desc,`current_until`);--> statement-breakpoint
CREATE INDEX `member_totals_last_day_idx` ON `member_totals` (`guild_id`,`last_day`);--> statement-breakpoint
CREATE TABLE `member_weeks` (
	`guild_id` text NOT NULL,
	`week_start` text NOT NULL,
	`user_id` text NOT NULL,
	`minutes` integer DEFAULT 0 NOT NULL,
	`build_minutes` integer DEFAULT 0 NOT NULL,
	`projects` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`guild_id`, `week_start`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `member_weeks_minutes_idx` ON `member_weeks` (`guild_id`,`week_start`,"minutes" desc);--> statement-breakpoint
CREATE INDEX `member_weeks_build_idx` ON `member_weeks` (`guild_id`,`week_start`,"build_minutes" desc);--> statement-breakpoint
CREATE INDEX `member_weeks_projects_idx` ON `member_weeks` (`guild_id`,`week_start`,"projects" desc);--> statement-breakpoint
CREATE TABLE `schedule_next` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`due_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `schedule_next_due_idx` ON `schedule_next` (`due_at`);--> statement-breakpoint
CREATE TABLE `streak_counts` (
	`guild_id` text NOT NULL,
	`current_until` integer NOT NULL,
	`last_run` integer NOT NULL,
	`members` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `current_until`, `last_run`)
);
--> statement-breakpoint
DROP INDEX `entries_member_date_idx`;--> statement-breakpoint
CREATE INDEX `entries_live_projects_idx` ON `entries` (`guild_id`,`local_date`,`created_at`,`user_id`,`name`,`url`) WHERE "entries"."type" = 'project' and "entries"."removed_at" is null;