import { randomBytes } from "node:crypto";
import type { Interaction } from "discord.js";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import { isUserError } from "../errors";
import type { Logger } from "../log";
import type { Command, CommandContext } from "./command";
import { replyEphemeral } from "./reply";

export interface InteractionDeps {
  commands: ReadonlyMap<string, Command>;
  db: Db;
  clock: Clock;
  log: Logger;
}

function commandLabel(interaction: Interaction): string {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const sub = interaction.options.getSubcommand(false);
    return sub ? `${interaction.commandName} ${sub}` : interaction.commandName;
  }
  if (interaction.isButton()) return `button ${interaction.customId.split(":")[0] ?? ""}`;
  return `interaction type ${interaction.type}`;
}

/**
 * The one interaction error boundary (STYLE §2). User errors show their message
 * ephemerally; anything unexpected is logged in full with an error id, and the
 * user gets only an apology with that id. Every interaction logs one line.
 */
export function createInteractionHandler(deps: InteractionDeps) {
  const inFlight = new Set<Promise<void>>();

  async function run(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const label = commandLabel(interaction);
    let outcome: "ok" | "user_error" | "error" = "ok";
    let errorId: string | undefined;
    try {
      if (!interaction.inCachedGuild()) {
        if (interaction.isRepliable()) {
          await replyEphemeral(
            interaction,
            "shiplog works inside a server: run this command in your study group's server.",
          );
        } else if (interaction.isAutocomplete()) {
          await interaction.respond([]);
        }
        outcome = "user_error";
        return;
      }
      const name = interaction.isButton()
        ? (interaction.customId.split(":")[0] ?? "")
        : "commandName" in interaction
          ? interaction.commandName
          : "";
      const command = deps.commands.get(name);
      const ctx: CommandContext = {
        db: deps.db,
        clock: deps.clock,
        log: deps.log,
        caller: {
          guildId: interaction.guildId,
          userId: interaction.user.id,
          displayName: interaction.member.displayName,
        },
      };
      if (interaction.isChatInputCommand()) {
        if (!command) throw new Error(`no handler for command ${name}`);
        await command.execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        await (command?.autocomplete?.(interaction, ctx) ?? interaction.respond([]));
      } else if (interaction.isButton()) {
        if (!command?.button) throw new Error(`no handler for button ${interaction.customId}`);
        await command.button(interaction, ctx);
      }
    } catch (error) {
      if (isUserError(error)) {
        outcome = "user_error";
        if (interaction.isRepliable()) await replyEphemeral(interaction, error.message).catch(() => {});
      } else {
        outcome = "error";
        errorId = randomBytes(4).toString("hex");
        deps.log.error("interaction failed", { error_id: errorId, command: label, error });
        if (interaction.isRepliable()) {
          await replyEphemeral(
            interaction,
            `Sorry — something went wrong on our side. If it keeps happening, give a moderator this error id: \`${errorId}\`.`,
          ).catch((replyError: unknown) =>
            deps.log.warn("could not send the error reply", { error_id: errorId, error: replyError }),
          );
        } else if (interaction.isAutocomplete() && !interaction.responded) {
          await interaction.respond([]).catch(() => {});
        }
      }
    } finally {
      deps.log.info("interaction", {
        guild: interaction.guildId,
        user: interaction.user.id,
        command: label,
        outcome,
        latency_ms: Math.round((performance.now() - started) * 10) / 10,
        ...(errorId ? { error_id: errorId } : {}),
      });
    }
  }

  return {
    handle(interaction: Interaction): Promise<void> {
      const p = run(interaction).finally(() => inFlight.delete(p));
      inFlight.add(p);
      return p;
    },
    /** Resolves once every interaction in progress has finished (used at shutdown). */
    async drain(): Promise<void> {
      await Promise.allSettled([...inFlight]);
    },
  };
}
