ALTER TABLE `posts` ADD `body` text;--> statement-breakpoint
CREATE INDEX `posts_uncertain_idx` ON `posts` (`status`) WHERE "posts"."status" = 'uncertain';