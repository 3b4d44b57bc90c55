import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from "discord.js";
import type { Cohort } from "../../src/cohorts/cohort";
import { findCohort, findCohortById, guildDay } from "../../src/cohorts/queries";
import { cohortStatus, statusPages } from "../../src/cohorts/status";
import type { Db } from "../../src/db/client";
import { onButton } from "../../src/discord/command";
import { customId, int, oneOf } from "../../src/discord/custom-id";
import { NO_MENTIONS, replyPublic } from "../../src/discord/reply";
import { UserError } from "../../src/errors";
import { namedCohortSubcommand } from "./shared";

const PREVIOUS = "◀ Previous";
const NEXT = "Next ▶";

/**
 * `cohort:status:<id>:<page>:<label>`: the label keeps the two buttons' ids distinct
 * (and old buttons in channels still work). A disabled "Previous" on page 1 targets -1.
 */
const statusPage = customId("cohort:status", {
  cohortId: int(1),
  page: int(-1),
  label: oneOf(PREVIOUS, NEXT),
});

function pageButtons(
  cohortId: number,
  page: number,
  pages: number,
): APIActionRowComponent<APIButtonComponent>[] {
  if (pages <= 1) return [];
  const button = (
    label: typeof PREVIOUS | typeof NEXT,
    target: number,
    disabled: boolean,
  ): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: statusPage.encode({ cohortId, page: target, label }),
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [button(PREVIOUS, page - 1, page === 0), button(NEXT, page + 1, page >= pages - 1)],
    },
  ];
}

async function statusView(db: Db, c: Cohort, now: Date, page: number) {
  const pages = statusPages(await cohortStatus(db, c, (await guildDay(db, c.guildId, now)).today));
  const p = Math.min(Math.max(page, 0), pages.length - 1);
  const footer = pages.length > 1 ? `\n\nPage ${p + 1} of ${pages.length}` : "";
  return { content: `${pages[p] ?? ""}${footer}`, components: pageButtons(c.id, p, pages.length) };
}

export default namedCohortSubcommand({
  name: "status",
  description: "Week N of M and how each member is doing",

  async execute(interaction, name, { db, clock, caller }) {
    const c = await findCohort(db, caller.guildId, name);
    await replyPublic(interaction, await statusView(db, c, clock.now(), 0));
  },

  /** Status pages: anyone may page through a public status message. */
  components: [
    onButton(statusPage, async (interaction, { cohortId, page }, { db, clock, caller }) => {
      const c = await findCohortById(db, caller.guildId, cohortId);
      if (!c) throw new UserError("That cohort no longer exists.");
      await interaction.update({
        ...(await statusView(db, c, clock.now(), page)),
        allowedMentions: NO_MENTIONS,
      });
    }),
  ],
});
