CREATE TABLE `reminder_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_sends_key_idx` ON `reminder_sends` (`guild_id`,`user_id`,`kind`,`period`);--> statement-breakpoint
CREATE INDEX `reminder_sends_claimed_idx` ON `reminder_sends` (`claimed_at`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer NOT NULL,
	`minute_of_day` integer,
	`next_due_at` integer,
	`off_reason` text,
	`notice_pending` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`, `kind`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "reminders_kind" CHECK("reminders"."kind" IN ('daily', 'checkin'))
);
--> statement-breakpoint
CREATE INDEX `reminders_due_idx` ON `reminders` (`next_due_at`) WHERE "reminders"."enabled" = 1;--> statement-breakpoint
CREATE INDEX `reminders_guild_kind_idx` ON `reminders` (`guild_id`,`kind`) WHERE "reminders"."enabled" = 1;--> statement-breakpoint
CREATE TABLE `role_problems` (
	`guild_id` text NOT NULL,
	`role_id` text NOT NULL,
	`problem` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `role_id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `stack_roles` (
	`guild_id` text NOT NULL,
	`stack_id` text NOT NULL,
	`role_id` text NOT NULL,
	PRIMARY KEY(`guild_id`, `stack_id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
