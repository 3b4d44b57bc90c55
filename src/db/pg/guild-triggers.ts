/**
 * The PostgreSQL counterparts of src/totals/guild-triggers.ts: `guild_weeks` and
 * `guild_totals` follow the rows of `member_weeks` and `member_totals` (changed
 * by the entry triggers in ./triggers.ts) and the check-ins. Installed with the
 * others by `installPgTriggers`.
 */
/** A row trigger and its plpgsql body (each gets a function of the same name). */
export interface PgTrigger {
  /** e.g. `after update of timezone on members` */
  on: string;
  when?: string;
  body: string;
}

const weekOf = (r: string) => `guild_id = ${r}.guild_id and week_start = ${r}.week_start`;
const checkedIn = (r: string) =>
  `(case when exists (select 1 from checkins c where c.guild_id = ${r}.guild_id and c.user_id = ${r}.user_id and c.week_start = ${r}.week_start) then 1 else 0 end)`;
const activeThen = (r: string) =>
  `exists (select 1 from member_weeks w where w.guild_id = ${r}.guild_id and w.week_start = ${r}.week_start and w.user_id = ${r}.user_id)`;
const addWeek = (
  r: string,
) => `insert into guild_weeks as g (guild_id, week_start, members, minutes, build_minutes, projects, checked_in)
    values (${r}.guild_id, ${r}.week_start, 1, ${r}.minutes, ${r}.build_minutes, ${r}.projects, ${checkedIn(r)})
    on conflict (guild_id, week_start) do update set members = g.members + 1, minutes = g.minutes + excluded.minutes,
      build_minutes = g.build_minutes + excluded.build_minutes, projects = g.projects + excluded.projects,
      checked_in = g.checked_in + excluded.checked_in;`;
const removeWeek = (
  r: string,
) => `update guild_weeks set members = members - 1, minutes = minutes - ${r}.minutes,
    build_minutes = build_minutes - ${r}.build_minutes, projects = projects - ${r}.projects,
    checked_in = checked_in - ${checkedIn(r)}
    where ${weekOf(r)};
  delete from guild_weeks where ${weekOf(r)} and members <= 0;`;
const checkin = (r: string, delta: "+" | "-") =>
  `update guild_weeks set checked_in = checked_in ${delta} 1 where ${weekOf(r)} and ${activeThen(r)};`;
const addMember = (r: string) =>
  `insert into guild_totals as g (guild_id, members) values (${r}.guild_id, 1) on conflict (guild_id) do update set members = g.members + 1;`;
const removeMember = (
  r: string,
) => `update guild_totals set members = members - 1 where guild_id = ${r}.guild_id;
  delete from guild_totals where guild_id = ${r}.guild_id and members <= 0;`;
const sameWeek =
  "new.guild_id is not distinct from old.guild_id and new.week_start is not distinct from old.week_start and new.user_id is not distinct from old.user_id";

export const PG_GUILD_TRIGGERS: Record<string, PgTrigger> = {
  guild_week_insert: { on: "after insert on member_weeks", body: addWeek("new") },
  guild_week_delete: { on: "after delete on member_weeks", body: removeWeek("old") },
  guild_week_scores: {
    on: "after update on member_weeks",
    when: sameWeek,
    body: `update guild_weeks set minutes = minutes + new.minutes - old.minutes,
    build_minutes = build_minutes + new.build_minutes - old.build_minutes,
    projects = projects + new.projects - old.projects
    where ${weekOf("new")};`,
  },
  guild_week_move: {
    on: "after update on member_weeks",
    when: `not (${sameWeek})`,
    body: `${removeWeek("old")}\n  ${addWeek("new")}`,
  },
  guild_checkin_insert: { on: "after insert on checkins", body: checkin("new", "+") },
  guild_checkin_delete: { on: "after delete on checkins", body: checkin("old", "-") },
  guild_checkin_move: {
    on: "after update of guild_id, user_id, week_start on checkins",
    body: `${checkin("old", "-")}\n  ${checkin("new", "+")}`,
  },
  guild_member_insert: { on: "after insert on member_totals", body: addMember("new") },
  guild_member_delete: { on: "after delete on member_totals", body: removeMember("old") },
  guild_member_move: {
    on: "after update of guild_id on member_totals",
    when: "new.guild_id is distinct from old.guild_id",
    body: `${removeMember("old")}\n  ${addMember("new")}`,
  },
};
