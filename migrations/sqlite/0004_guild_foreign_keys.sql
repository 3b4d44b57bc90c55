-- Foreign keys to guilds on every per-guild table, and CHECKs on enum columns.
-- The migrate step (src/db/client.ts) turns foreign keys off around the migration
-- transaction (the pragma is a no-op inside it) and runs PRAGMA foreign_key_check
-- before COMMIT, so the PRAGMA lines drizzle-kit writes are left out here.
-- Every row is kept: a guild id that rows refer to but that has no guilds row
-- (possible before, since only some write paths created it) gets one with the
-- defaults ensureGuild would have used, created now. The AUTOINCREMENT counters
-- carry over too, so an id (`#123` in /mod) of a deleted entry is never reused.
INSERT OR IGNORE INTO `guilds` (`id`, `created_at`)
SELECT `guild_id`, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM (
	SELECT `guild_id` FROM `entries`
	UNION SELECT `guild_id` FROM `checkins`
	UNION SELECT `guild_id` FROM `stack_history`
	UNION SELECT `guild_id` FROM `daily_prompts`
	UNION SELECT `guild_id` FROM `posts`
	UNION SELECT `guild_id` FROM `schedule_state`
);--> statement-breakpoint
CREATE TABLE `__new_entries` (
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
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "entries_type" CHECK("__new_entries"."type" IN ('hours', 'project')),
	CONSTRAINT "entries_kind" CHECK("__new_entries"."kind" IN ('learn', 'build')),
	CONSTRAINT "entries_hours_shape" CHECK("__new_entries"."type" <> 'hours' OR ("__new_entries"."minutes" BETWEEN 15 AND 960 AND "__new_entries"."kind" IS NOT NULL AND "__new_entries"."name" IS NULL)),
	CONSTRAINT "entries_project_shape" CHECK("__new_entries"."type" <> 'project' OR ("__new_entries"."name" IS NOT NULL AND "__new_entries"."url" IS NOT NULL))
);
--> statement-breakpoint
INSERT INTO `sqlite_sequence` (`name`, `seq`) SELECT '__new_entries', `seq` FROM `sqlite_sequence` WHERE `name` = 'entries';--> statement-breakpoint
INSERT INTO `__new_entries`("id", "guild_id", "user_id", "type", "interaction_id", "created_at", "local_date", "minutes", "kind", "topic", "note", "name", "url", "repo", "description", "removed_at", "removed_by", "removed_reason") SELECT "id", "guild_id", "user_id", "type", "interaction_id", "created_at", "local_date", "minutes", "kind", "topic", "note", "name", "url", "repo", "description", "removed_at", "removed_by", "removed_reason" FROM `entries`;--> statement-breakpoint
DROP TABLE `entries`;--> statement-breakpoint
ALTER TABLE `__new_entries` RENAME TO `entries`;--> statement-breakpoint
CREATE UNIQUE INDEX `entries_interaction_idx` ON `entries` (`interaction_id`);--> statement-breakpoint
CREATE INDEX `entries_guild_date_idx` ON `entries` (`guild_id`,`local_date`);--> statement-breakpoint
CREATE INDEX `entries_member_date_idx` ON `entries` (`guild_id`,`user_id`,`local_date`);--> statement-breakpoint
CREATE INDEX `entries_member_created_idx` ON `entries` (`guild_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `entries_live_hours_idx` ON `entries` (`guild_id`,`user_id`,`local_date`) WHERE "entries"."type" = 'hours' and "entries"."removed_at" is null;--> statement-breakpoint
CREATE TABLE `__new_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`channel_id` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`message_id` text,
	`claimed_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "posts_kind" CHECK("__new_posts"."kind" IN ('prompt', 'checkin', 'leaderboard', 'cohort-checkin', 'cohort-report')),
	CONSTRAINT "posts_status" CHECK("__new_posts"."status" IN ('sending', 'sent', 'skipped'))
);
--> statement-breakpoint
INSERT INTO `sqlite_sequence` (`name`, `seq`) SELECT '__new_posts', `seq` FROM `sqlite_sequence` WHERE `name` = 'posts';--> statement-breakpoint
INSERT INTO `__new_posts`("id", "guild_id", "kind", "period", "status", "channel_id", "scheduled_at", "message_id", "claimed_at", "finished_at") SELECT "id", "guild_id", "kind", "period", "status", "channel_id", "scheduled_at", "message_id", "claimed_at", "finished_at" FROM `posts`;--> statement-breakpoint
DROP TABLE `posts`;--> statement-breakpoint
ALTER TABLE `__new_posts` RENAME TO `posts`;--> statement-breakpoint
CREATE UNIQUE INDEX `posts_key_idx` ON `posts` (`guild_id`,`kind`,`period`);--> statement-breakpoint
CREATE INDEX `posts_scheduled_idx` ON `posts` (`scheduled_at`);--> statement-breakpoint
CREATE TABLE `__new_schedule_state` (
	`guild_id` text NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`outcome` text NOT NULL,
	`error` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `kind`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "schedule_state_kind" CHECK("__new_schedule_state"."kind" IN ('prompt', 'checkin', 'leaderboard', 'cohort-checkin', 'cohort-report')),
	CONSTRAINT "schedule_state_outcome" CHECK("__new_schedule_state"."outcome" IN ('sent', 'failed', 'skipped'))
);
--> statement-breakpoint
INSERT INTO `__new_schedule_state`("guild_id", "kind", "period", "outcome", "error", "at") SELECT "guild_id", "kind", "period", "outcome", "error", "at" FROM `schedule_state`;--> statement-breakpoint
DROP TABLE `schedule_state`;--> statement-breakpoint
ALTER TABLE `__new_schedule_state` RENAME TO `schedule_state`;--> statement-breakpoint
CREATE TABLE `__new_checkins` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`week_start` text NOT NULL,
	`goals` text NOT NULL,
	`blockers` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`, `week_start`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_checkins`("guild_id", "user_id", "week_start", "goals", "blockers", "created_at", "updated_at") SELECT "guild_id", "user_id", "week_start", "goals", "blockers", "created_at", "updated_at" FROM `checkins`;--> statement-breakpoint
DROP TABLE `checkins`;--> statement-breakpoint
ALTER TABLE `__new_checkins` RENAME TO `checkins`;--> statement-breakpoint
CREATE INDEX `checkins_guild_week_idx` ON `checkins` (`guild_id`,`week_start`);--> statement-breakpoint
CREATE TABLE `__new_daily_prompts` (
	`guild_id` text NOT NULL,
	`local_date` text NOT NULL,
	`prompt_id` text NOT NULL,
	PRIMARY KEY(`guild_id`, `local_date`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_daily_prompts`("guild_id", "local_date", "prompt_id") SELECT "guild_id", "local_date", "prompt_id" FROM `daily_prompts`;--> statement-breakpoint
DROP TABLE `daily_prompts`;--> statement-breakpoint
ALTER TABLE `__new_daily_prompts` RENAME TO `daily_prompts`;--> statement-breakpoint
CREATE INDEX `daily_prompts_guild_prompt_idx` ON `daily_prompts` (`guild_id`,`prompt_id`);--> statement-breakpoint
CREATE TABLE `__new_stack_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`from_stack` text,
	`to_stack` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `sqlite_sequence` (`name`, `seq`) SELECT '__new_stack_history', `seq` FROM `sqlite_sequence` WHERE `name` = 'stack_history';--> statement-breakpoint
INSERT INTO `__new_stack_history`("id", "guild_id", "user_id", "from_stack", "to_stack", "reason", "at") SELECT "id", "guild_id", "user_id", "from_stack", "to_stack", "reason", "at" FROM `stack_history`;--> statement-breakpoint
DROP TABLE `stack_history`;--> statement-breakpoint
ALTER TABLE `__new_stack_history` RENAME TO `stack_history`;--> statement-breakpoint
CREATE INDEX `stack_history_member_idx` ON `stack_history` (`guild_id`,`user_id`,`at`);