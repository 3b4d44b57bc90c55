CREATE TABLE `checkins` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`week_start` text NOT NULL,
	`goals` text NOT NULL,
	`blockers` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`, `week_start`)
);
--> statement-breakpoint
CREATE INDEX `checkins_guild_week_idx` ON `checkins` (`guild_id`,`week_start`);--> statement-breakpoint
CREATE TABLE `daily_prompts` (
	`guild_id` text NOT NULL,
	`local_date` text NOT NULL,
	`prompt_id` text NOT NULL,
	PRIMARY KEY(`guild_id`, `local_date`)
);
--> statement-breakpoint
CREATE INDEX `daily_prompts_guild_prompt_idx` ON `daily_prompts` (`guild_id`,`prompt_id`);--> statement-breakpoint
CREATE TABLE `posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`channel_id` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`message_id` text,
	`claimed_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `posts_key_idx` ON `posts` (`guild_id`,`kind`,`period`);--> statement-breakpoint
CREATE INDEX `posts_scheduled_idx` ON `posts` (`scheduled_at`);--> statement-breakpoint
CREATE TABLE `schedule_state` (
	`guild_id` text NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`outcome` text NOT NULL,
	`error` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `kind`)
);
