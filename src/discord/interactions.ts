import { randomBytes } from "node:crypto";
import type { Interaction } from "discord.js";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import { loadSecret, SIGNING_SECRET } from "../db/secrets";
import { isUserError, OUTDATED_COMMAND, OUTDATED_COMPONENT, Outdated, UserError } from "../errors";
import type { Logger } from "../log";
import type { MemberRef } from "../members/members";
import type { InteractionOutcome, Metrics } from "../ops/metrics";
import { type LivenessDeps, SYSTEM_NETWORK } from "../projects/liveness";
import { reminderCaller, takeReminderNotice } from "../reminders/settings";
import { buildArgs, focusedOf, subcommandOf } from "./args";
import type { Command, CommandContext, ComponentRoute, SavedNote } from "./command";
import { OUTDATED } from "./custom-id";
import { requireModerator } from "./moderator";
import { createRateLimiter, type RateLimitOptions, rateKey, slowDownMessage } from "./rate-limit";
import { replyEphemeral } from "./reply";

export interface InteractionDeps {
  commands: ReadonlyMap<string, Command>;
  db: Db;
  clock: Clock;
  log: Logger;
  /** the per-member limit (SPEC §3.19); tests that drive many commands at one instant raise it */
  rateLimit?: RateLimitOptions;
  /** DNS and TCP for the live check of project URLs; default the system's */
  network?: LivenessDeps;
  /** ops: counts every interaction and its latency (SPEC §6) */
  metrics?: Pick<Metrics, "interaction">;
}

function commandLabel(interaction: Interaction, route: ComponentRoute | undefined): string {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const sub = subcommandOf(interaction.options.data);
    return sub ? `${interaction.commandName} ${sub}` : interaction.commandName;
  }
  if (interaction.isButton()) return `button ${route?.codec.prefix ?? "unknown"}`;
  if (interaction.isModalSubmit()) return `form ${route?.codec.prefix ?? "unknown"}`;
  return `interaction type ${interaction.type}`;
}

const LEFT_SERVER = "I am no longer in the server this reminder came from, so there is nothing to log into.";

/** A command, subcommand or option list the registration no longer matches: outdated, not a bug. */
function current<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new Outdated(OUTDATED_COMMAND, { cause: error });
  }
}

/** The answer to an unexpected error: what was saved (so nobody logs it twice) or an apology with the id. */
function unexpectedReply(errorId: string, saved: readonly SavedNote[]): string {
  if (saved.length === 0) {
    return `Sorry — something went wrong on our side. If it keeps happening, give a moderator this error id: \`${errorId}\`.`;
  }
  const undo = saved.find((n) => n.undo)?.undo;
  return (
    `Your ${saved.map((n) => n.what).join(" and ")} is saved, but something went wrong while answering — no need to run it again.` +
    `${undo ? ` If it is wrong, ${undo} removes it.` : ""} (error id \`${errorId}\`)`
  );
}

/**
 * The one interaction error boundary (STYLE §2). User errors show their message
 * ephemerally; anything unexpected is logged in full with an error id, and the
 * user gets only an apology with that id. Every interaction logs one line.
 */
export function createInteractionHandler(deps: InteractionDeps) {
  const inFlight = new Set<Promise<void>>();
  let key: Uint8Array | undefined;
  // Read (or generated) on first use, then kept: it never changes for a database.
  const signingKey = async () => {
    key ??= await loadSecret(deps.db, SIGNING_SECRET, deps.clock.now());
    return key;
  };
  const limiter = createRateLimiter(deps.rateLimit);
  const routes = [...deps.commands.values()].flatMap((c) => c.components);
  const routeOf = (interaction: Interaction) =>
    interaction.isButton() || interaction.isModalSubmit()
      ? routes.find((r) => r.codec.owns(interaction.customId))
      : undefined;

  async function run(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const route = routeOf(interaction);
    const label = commandLabel(interaction, route);
    let outcome: InteractionOutcome = "ok";
    let errorId: string | undefined;
    const saved: SavedNote[] = [];
    const contextOf = async (caller: MemberRef): Promise<CommandContext> => ({
      db: deps.db,
      clock: deps.clock,
      log: deps.log,
      caller,
      saved: (note) => saved.push(note),
      signingKey: await signingKey(),
      network: deps.network ?? SYSTEM_NETWORK,
    });
    try {
      // Autocomplete is not counted: Discord sends it on every keystroke, and it changes nothing.
      if (!interaction.isAutocomplete()) {
        const decision = limiter.hit(rateKey(interaction.guildId, interaction.user.id), deps.clock.now());
        if (!decision.ok) {
          outcome = "rate_limited";
          if (interaction.isRepliable()) {
            await replyEphemeral(interaction, slowDownMessage(decision.retryAfterSeconds));
          }
          return;
        }
      }
      if (!interaction.inCachedGuild()) {
        if (route?.dm && (interaction.isButton() || interaction.isModalSubmit())) {
          // A reminder DM's button or form: its server is in the custom id (SPEC §3.17).
          const guildId = route.dm.guildOf(interaction.customId);
          if (!interaction.client.guilds.cache.has(guildId)) throw new UserError(LEFT_SERVER);
          const ctx = await contextOf(await reminderCaller(deps.db, guildId, interaction.user.id));
          if (route.kind === "button" && interaction.isButton()) await route.run(interaction, ctx);
          else if (route.kind === "modal" && interaction.isModalSubmit()) await route.run(interaction, ctx);
          else throw new Outdated(OUTDATED_COMPONENT);
          return;
        }
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
      const ctx = await contextOf({
        guildId: interaction.guildId,
        userId: interaction.user.id,
        displayName: interaction.member.displayName,
      });
      if (interaction.isChatInputCommand()) {
        const command = deps.commands.get(interaction.commandName);
        if (!command) throw new Outdated(OUTDATED_COMMAND);
        const data = interaction.options.data;
        // Before anything else, and read only: a refusal stores nothing.
        if (current(() => command.moderatorOnly(subcommandOf(data))))
          await requireModerator(interaction, deps.db);
        const args = current(() => buildArgs(command.definition.options, data));
        await command.execute(interaction, args, ctx);
        // A reminder shiplog had to turn off (DMs closed) is explained once, on the next reply.
        const notice = await takeReminderNotice(deps.db, ctx.caller.guildId, ctx.caller.userId);
        if (notice) await replyEphemeral(interaction, notice);
      } else if (interaction.isAutocomplete()) {
        const command = deps.commands.get(interaction.commandName);
        const focused = command && focusedOf(command.definition.options, interaction.options.data);
        const choices = focused && command.autocomplete ? await command.autocomplete(focused, ctx) : [];
        await interaction.respond(choices);
      } else if (interaction.isButton()) {
        if (route?.kind !== "button") throw new Outdated(OUTDATED);
        await route.run(interaction, ctx);
      } else if (interaction.isModalSubmit()) {
        if (route?.kind !== "modal") throw new Outdated(OUTDATED_COMPONENT);
        await route.run(interaction, ctx);
      } else if (interaction.isRepliable()) {
        // Context-menu commands and select menus: shiplog registers none of these today.
        throw new Outdated(interaction.isCommand() ? OUTDATED_COMMAND : OUTDATED_COMPONENT);
      }
    } catch (error) {
      if (isUserError(error)) {
        outcome = error instanceof Outdated ? "outdated" : "user_error";
        if (interaction.isRepliable()) await replyEphemeral(interaction, error.message).catch(() => {});
      } else {
        outcome = "error";
        errorId = randomBytes(4).toString("hex");
        deps.log.error("interaction failed", { error_id: errorId, command: label, saved, error });
        if (interaction.isRepliable()) {
          await replyEphemeral(interaction, unexpectedReply(errorId, saved)).catch((replyError: unknown) =>
            deps.log.warn("could not send the error reply", { error_id: errorId, saved, error: replyError }),
          );
        } else if (interaction.isAutocomplete() && !interaction.responded) {
          await interaction.respond([]).catch(() => {});
        }
      }
    } finally {
      const elapsedMs = performance.now() - started;
      // ops: autocomplete is frequent and fast; kept apart so it does not hide the commands' latency
      const metricLabel = interaction.isAutocomplete() ? `autocomplete ${label}` : label;
      deps.metrics?.interaction(metricLabel, outcome, elapsedMs / 1000);
      deps.log.info("interaction", {
        guild: interaction.guildId,
        user: interaction.user.id,
        command: label,
        outcome,
        latency_ms: Math.round(elapsedMs * 10) / 10,
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
