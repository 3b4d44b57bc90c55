import { eq } from "drizzle-orm";
import { cohortCheckinPost, cohortFinalReport } from "../../cohorts/posts";
import type { Db } from "../../db/client";
import { cohorts } from "../../db/schema";
import { BRAND_COLOUR } from "../../roadmap/colours";
import type { BuiltPost } from "../build";
import type { Occurrence } from "../due";

function cohortOf(db: Db, o: Occurrence) {
  const c =
    o.cohortId === undefined ? undefined : db.select().from(cohorts).where(eq(cohorts.id, o.cohortId)).get();
  if (!c) throw new Error(`cohort ${o.cohortId} of post ${o.kind} ${o.period} no longer exists`);
  return c;
}

function asBody(post: { title: string; embeds: Array<{ title?: string; description: string }> }): BuiltPost {
  return { body: { content: post.title, embeds: post.embeds.map((e) => ({ ...e, color: BRAND_COLOUR })) } };
}

/** A cohort's own weekly check-in ("Week 3 of 12"), scoped to its members. */
export function cohortCheckin(db: Db, o: Occurrence, now: Date): BuiltPost {
  return asBody(cohortCheckinPost(db, cohortOf(db, o), o.localDate, now));
}

/** The one final report when a cohort ends. */
export function cohortReport(db: Db, o: Occurrence, now: Date): BuiltPost {
  return asBody(cohortFinalReport(db, cohortOf(db, o), now));
}
