/**
 * Upkeep of the per-guild derived tables (`guild_weeks`, `guild_totals`) as
 * SQLite triggers on the per-member tables and on `checkins`. The per-member
 * tables change inside the `entries` triggers (./triggers.ts), so these fire in
 * the same transaction as the entry write; a check-in changes `checked_in` in
 * its own statement's transaction. `guild_weeks.checked_in` counts members with
 * both a `member_weeks` row and a check-in for the week, so it moves when either
 * side appears or goes, whichever comes first.
 */

const weekOf = (r: string) => `guild_id = ${r}.guild_id and week_start = ${r}.week_start`;

/** 1 when the member of this `member_weeks` row checked in for its week. */
const checkedIn = (r: string) =>
  `exists (select 1 from checkins c where c.guild_id = ${r}.guild_id and c.user_id = ${r}.user_id and c.week_start = ${r}.week_start)`;

/** 1 when the member of this check-in was active (has a `member_weeks` row) that week. */
const active = (r: string) =>
  `exists (select 1 from member_weeks w where w.guild_id = ${r}.guild_id and w.week_start = ${r}.week_start and w.user_id = ${r}.user_id)`;

const addWeek = (
  r: string,
) => `  insert into guild_weeks (guild_id, week_start, members, minutes, build_minutes, projects, checked_in)
    values (${r}.guild_id, ${r}.week_start, 1, ${r}.minutes, ${r}.build_minutes, ${r}.projects, ${checkedIn(r)})
    on conflict do update set members = members + 1, minutes = minutes + excluded.minutes,
      build_minutes = build_minutes + excluded.build_minutes, projects = projects + excluded.projects,
      checked_in = checked_in + excluded.checked_in;`;

const removeWeek = (
  r: string,
) => `  update guild_weeks set members = members - 1, minutes = minutes - ${r}.minutes,
    build_minutes = build_minutes - ${r}.build_minutes, projects = projects - ${r}.projects,
    checked_in = checked_in - ${checkedIn(r)}
    where ${weekOf(r)};
  delete from guild_weeks where ${weekOf(r)} and members <= 0;`;

const checkin = (r: string, delta: "+" | "-") =>
  `  update guild_weeks set checked_in = checked_in ${delta} 1 where ${weekOf(r)} and ${active(r)};`;

const addMember = (r: string) =>
  `  insert into guild_totals (guild_id, members) values (${r}.guild_id, 1) on conflict do update set members = members + 1;`;
const removeMember = (
  r: string,
) => `  update guild_totals set members = members - 1 where guild_id = ${r}.guild_id;
  delete from guild_totals where guild_id = ${r}.guild_id and members <= 0;`;

const sameWeek =
  "new.guild_id is old.guild_id and new.week_start is old.week_start and new.user_id is old.user_id";

export const GUILD_TRIGGERS: Record<string, string> = {
  guild_week_insert: `after insert on member_weeks begin\n${addWeek("new")}\nend`,
  guild_week_delete: `after delete on member_weeks begin\n${removeWeek("old")}\nend`,
  // The entry triggers only ever change a row's scores: one delta update.
  guild_week_scores: `after update on member_weeks when ${sameWeek} begin
  update guild_weeks set minutes = minutes + new.minutes - old.minutes,
    build_minutes = build_minutes + new.build_minutes - old.build_minutes,
    projects = projects + new.projects - old.projects
    where ${weekOf("new")};
end`,
  // Any other update (none in the code today) moves the row: out of its old week, into its new one.
  guild_week_move: `after update on member_weeks when not (${sameWeek}) begin\n${removeWeek("old")}\n${addWeek("new")}\nend`,
  guild_checkin_insert: `after insert on checkins begin\n${checkin("new", "+")}\nend`,
  guild_checkin_delete: `after delete on checkins begin\n${checkin("old", "-")}\nend`,
  guild_checkin_move: `after update of guild_id, user_id, week_start on checkins begin\n${checkin("old", "-")}\n${checkin("new", "+")}\nend`,
  guild_member_insert: `after insert on member_totals begin\n${addMember("new")}\nend`,
  guild_member_delete: `after delete on member_totals begin\n${removeMember("old")}\nend`,
  guild_member_move: `after update of guild_id on member_totals when new.guild_id is not old.guild_id begin\n${removeMember("old")}\n${addMember("new")}\nend`,
};
