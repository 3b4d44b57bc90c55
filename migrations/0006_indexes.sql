DROP INDEX `entries_member_date_idx`;--> statement-breakpoint
CREATE INDEX `entries_live_projects_idx` ON `entries` (`guild_id`,`local_date`,`created_at`,`user_id`,`name`,`url`) WHERE "entries"."type" = 'project' and "entries"."removed_at" is null;--> statement-breakpoint
DROP INDEX `member_totals_current_idx`;