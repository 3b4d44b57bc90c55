DROP INDEX "member_months_minutes_idx";--> statement-breakpoint
DROP INDEX "member_months_build_idx";--> statement-breakpoint
DROP INDEX "member_months_projects_idx";--> statement-breakpoint
DROP INDEX "member_totals_minutes_idx";--> statement-breakpoint
DROP INDEX "member_totals_build_idx";--> statement-breakpoint
DROP INDEX "member_totals_projects_idx";--> statement-breakpoint
DROP INDEX "member_totals_streak_idx";--> statement-breakpoint
DROP INDEX "member_weeks_minutes_idx";--> statement-breakpoint
DROP INDEX "member_weeks_build_idx";--> statement-breakpoint
DROP INDEX "member_weeks_projects_idx";--> statement-breakpoint
CREATE INDEX "member_months_minutes_idx" ON "member_months" USING btree ("guild_id","month","minutes" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_months_build_idx" ON "member_months" USING btree ("guild_id","month","build_minutes" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_months_projects_idx" ON "member_months" USING btree ("guild_id","month","projects" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_totals_minutes_idx" ON "member_totals" USING btree ("guild_id","minutes" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_totals_build_idx" ON "member_totals" USING btree ("guild_id","build_minutes" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_totals_projects_idx" ON "member_totals" USING btree ("guild_id","projects" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_totals_streak_idx" ON "member_totals" USING btree ("guild_id","last_run" DESC NULLS FIRST,"current_until");--> statement-breakpoint
CREATE INDEX "member_weeks_minutes_idx" ON "member_weeks" USING btree ("guild_id","week_start","minutes" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_weeks_build_idx" ON "member_weeks" USING btree ("guild_id","week_start","build_minutes" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_weeks_projects_idx" ON "member_weeks" USING btree ("guild_id","week_start","projects" DESC NULLS FIRST);