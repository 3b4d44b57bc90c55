CREATE TABLE `celebrated_milestones` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`milestone` text NOT NULL,
	`celebrated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`, `milestone`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
