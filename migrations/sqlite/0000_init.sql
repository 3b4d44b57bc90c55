CREATE TABLE `entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`interaction_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`local_date` text NOT NULL,
	`minutes` integer,
	`kind` text,
	`topic` text,
	`note` text,
	`name` text,
	`url` text,
	`repo` text,
	`description` text,
	`removed_at` integer,
	`removed_by` text,
	`removed_reason` text,
	CONSTRAINT "entries_hours_shape" CHECK("entries"."type" <> 'hours' OR ("entries"."minutes" BETWEEN 15 AND 960 AND "entries"."kind" IS NOT NULL AND "entries"."name" IS NULL)),
	CONSTRAINT "entries_project_shape" CHECK("entries"."type" <> 'project' OR ("entries"."name" IS NOT NULL AND "entries"."url" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entries_interaction_idx` ON `entries` (`interaction_id`);--> statement-breakpoint
CREATE INDEX `entries_guild_date_idx` ON `entries` (`guild_id`,`local_date`);--> statement-breakpoint
CREATE INDEX `entries_member_date_idx` ON `entries` (`guild_id`,`user_id`,`local_date`);--> statement-breakpoint
CREATE INDEX `entries_member_created_idx` ON `entries` (`guild_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `guild_stacks` (
	`guild_id` text NOT NULL,
	`id` text NOT NULL,
	`label` text NOT NULL,
	PRIMARY KEY(`guild_id`, `id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `guilds` (
	`id` text PRIMARY KEY NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`commitment_days` integer DEFAULT 90 NOT NULL,
	`daily_cap_minutes` integer DEFAULT 960 NOT NULL,
	`build_target_percent` integer DEFAULT 70 NOT NULL,
	`mod_role_id` text,
	`prompts_channel_id` text,
	`checkins_channel_id` text,
	`leaderboard_channel_id` text,
	`prompt_time` integer DEFAULT 540 NOT NULL,
	`checkin_time` integer DEFAULT 600 NOT NULL,
	`checkin_weekday` integer DEFAULT 1 NOT NULL,
	`leaderboard_time` integer DEFAULT 1080 NOT NULL,
	`leaderboard_weekday` integer DEFAULT 7 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `members` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`display_name` text NOT NULL,
	`timezone` text,
	`stack_id` text,
	`stack_picked_at` integer,
	`committed_until` integer,
	`switch_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `members_guild_stack_idx` ON `members` (`guild_id`,`stack_id`);--> statement-breakpoint
CREATE TABLE `registered_commands` (
	`scope` text PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`registered_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stack_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`from_stack` text,
	`to_stack` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stack_history_member_idx` ON `stack_history` (`guild_id`,`user_id`,`at`);