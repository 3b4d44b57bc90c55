PRAGMA foreign_keys=OFF;--> statement-breakpoint
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
	`body` text,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "posts_kind" CHECK("__new_posts"."kind" IN ('prompt', 'checkin', 'leaderboard', 'cohort-checkin', 'cohort-report')),
	CONSTRAINT "posts_status" CHECK("__new_posts"."status" IN ('sending', 'sent', 'skipped', 'uncertain'))
);
--> statement-breakpoint
INSERT INTO `__new_posts`("id", "guild_id", "kind", "period", "status", "channel_id", "scheduled_at", "message_id", "claimed_at", "finished_at", "body") SELECT "id", "guild_id", "kind", "period", "status", "channel_id", "scheduled_at", "message_id", "claimed_at", "finished_at", "body" FROM `posts`;--> statement-breakpoint
DROP TABLE `posts`;--> statement-breakpoint
ALTER TABLE `__new_posts` RENAME TO `posts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `posts_key_idx` ON `posts` (`guild_id`,`kind`,`period`);--> statement-breakpoint
CREATE INDEX `posts_scheduled_idx` ON `posts` (`scheduled_at`);--> statement-breakpoint
CREATE INDEX `posts_uncertain_idx` ON `posts` (`status`) WHERE "posts"."status" = 'uncertain';